//! `fedcred explain --from CI` (issue 28): the running CI job explains its own token, as fedcred's
//! GitHub Action does on GitHub (the same core, report, verdict and exit code), in GitLab CI and
//! Azure Pipelines. The token is read where the CI system puts it, never from the command line
//! (where a process listing shows it), and appears in no output but Azure Pipelines' own masking
//! command.

use fedcred_core::explain::{Ci, JobInput, JobReport, Missing, explain_job};
use fedcred_core::platforms::github::job::JobContext;
use fedcred_core::platforms::gitlab::job::{NoToken as GitLabNoToken, looks_like_a_token};

use crate::explain::{ExplainArgs, ExplainFormat, FromCi, now};

/// Runs the job mode: the report on standard output (Markdown by default) and in the `--summary`
/// file; exit 1 when the job's sign-in would fail, else 0.
pub fn run(from: FromCi, args: &ExplainArgs) -> Result<(String, u8), String> {
    let (error_text, credentials) = args.error_and_credentials()?;
    let given = Given {
        error: error_text.as_deref(),
        credentials: credentials.as_ref(),
        now: now(args.now),
    };
    match from {
        FromCi::Gitlab => {
            let variable = gitlab_variable(args)?;
            let value = std::env::var(&variable).unwrap_or_default();
            let token = if value.trim().is_empty() {
                Err(Missing::GitLab(GitLabNoToken::Empty { variable }))
            } else if looks_like_a_token(&value) {
                Ok(value.trim())
            } else {
                Err(Missing::GitLab(GitLabNoToken::NotAToken { variable }))
            };
            let report = explain_job(&given.input(token, Ci::GitLab, Vec::new()));
            let summary = args.summary.as_deref().unwrap_or("fedcred-report.md");
            write_summary(summary, &report)?;
            Ok((rendered(&report, args.format, summary), exit(&report)))
        }
        FromCi::AzureDevops => {
            let connection = args
                .service_connection
                .as_deref()
                .map(str::trim)
                .filter(|c| !c.is_empty());
            let asked = ado::ado_token(connection);
            // Masked before anything else is written: the agent hides the value in every later
            // line of the log (Azure DevOps docs, logging commands, task.setsecret).
            let mut out = match &asked {
                Ok(token) => format!("##vso[task.setsecret]{token}\n"),
                Err(_) => String::new(),
            };
            let notes = vec![match connection {
                Some(id) => format!("fedcred asked Azure DevOps for the token of service connection {id}, the one an Azure task using that connection presents"),
                None => "fedcred asked Azure DevOps for the pipeline's own token (no --service-connection): its subject is p://ORGANIZATION/PROJECT/PIPELINE, which no Azure login with a service connection presents; give --service-connection with the connection's ID to see that token".to_owned(),
            }];
            let token = asked
                .as_deref()
                .map_err(|why| Missing::AzureDevOps(why.clone(), connection.map(str::to_owned)));
            let report = explain_job(&given.input(token, Ci::AzureDevOps, notes));
            let summary = match args.summary.as_deref() {
                Some(path) => path.to_owned(),
                None => std::env::var("AGENT_TEMPDIRECTORY")
                    .map(|dir| format!("{dir}/fedcred-report.md"))
                    .unwrap_or_else(|_| "fedcred-report.md".to_owned()),
            };
            write_summary(&summary, &report)?;
            out.push_str(&inert(&rendered(&report, args.format, &summary)));
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push_str(&format!("##vso[task.uploadsummary]{}\n", data(&summary)));
            for (name, value) in [
                ("fedcredVerdict", report.verdict.as_str()),
                ("fedcredSubject", report.subject.as_str()),
                ("fedcredIssuer", report.issuer.as_str()),
            ] {
                out.push_str(&format!(
                    "##vso[task.setvariable variable={name};isoutput=true]{}\n",
                    data(value)
                ));
            }
            Ok((out, exit(&report)))
        }
    }
}

/// What the job was given beside its token.
struct Given<'a> {
    error: Option<&'a str>,
    credentials: Option<&'a fedcred_core::import::Import>,
    now: i64,
}

impl<'a> Given<'a> {
    fn input(&self, token: Result<&'a str, Missing>, ci: Ci, notes: Vec<String>) -> JobInput<'a> {
        JobInput {
            token,
            ci,
            audience: fedcred_core::Cloud::Public.audience(),
            error: self.error,
            credentials: self.credentials,
            now: self.now,
            context: JobContext::default(),
            notes,
        }
    }
}

/// The variable `--token-env` names, checked to be a name.
fn gitlab_variable(args: &ExplainArgs) -> Result<String, String> {
    let Some(variable) = args.token_env.as_deref().map(str::trim) else {
        return Err("fedcred: --from gitlab needs --token-env NAME, the variable the job's id_tokens: keyword names (for example AZURE_ID_TOKEN)".to_owned());
    };
    if variable.is_empty()
        || !variable
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        return Err(format!(
            "fedcred: --token-env takes a variable's name (letters, digits and _), not '{variable}': the name under the job's id_tokens: keyword"
        ));
    }
    Ok(variable.to_owned())
}

fn write_summary(path: &str, report: &JobReport) -> Result<(), String> {
    std::fs::write(path, &report.markdown)
        .map_err(|e| format!("fedcred: cannot write the report to {path}: {e}"))
}

/// The report in `format` (Markdown by default).
fn rendered(report: &JobReport, format: Option<ExplainFormat>, summary: &str) -> String {
    match format.unwrap_or(ExplainFormat::Markdown) {
        ExplainFormat::Markdown => report.markdown.clone(),
        ExplainFormat::Text => report.log.clone(),
        ExplainFormat::Json => format!(
            "{}\n",
            serde_json::json!({
                "verdict": report.verdict.as_str(),
                "headline": report.headline,
                "issuer": report.issuer,
                "subject": report.subject,
                "summary": summary,
            })
        ),
    }
}

/// 1 when the job's sign-in would fail (no token, no credential accepts it, unreadable input), as
/// the action fails its step.
fn exit(report: &JobReport) -> u8 {
    u8::from(report.verdict.is_failure())
}

/// A value as the data of an Azure Pipelines logging command: the agent reads `%AZP25`, `%0D`,
/// `%0A`, `%5D` and `%3B` back as `%`, CR, LF, `]` and `;` (azure-pipelines-task-lib,
/// taskcommand.ts, escapedata and escape), so a claim value cannot end the command or start
/// another.
fn data(value: &str) -> String {
    value
        .replace('%', "%AZP25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
        .replace(']', "%5D")
        .replace(';', "%3B")
}

/// `text` with no logging command in it: the agent runs a `##vso[…]` command (and shows a
/// `##[…]` format) wherever a line of the log holds one, so a claim value such as
/// `x\n##vso[task.complete result=Failed]` must not reach the log as it is. A zero-width space
/// after the `##` keeps the text readable and inert.
fn inert(text: &str) -> String {
    text.replace("##vso[", "##\u{200b}vso[")
        .replace("##[", "##\u{200b}[")
}

/// Asking Azure DevOps for the job's token: native only (the workspace's wasm32 check compiles the
/// CLI too, and has no HTTP client).
#[cfg(not(target_arch = "wasm32"))]
mod ado {
    use std::io::Read;
    use std::time::Duration;

    use fedcred_core::platforms::azure_devops::job::NoToken as AdoNoToken;

    /// How long the token request may take, and how many times it is tried (as the action: a 5xx
    /// or a lost connection is tried again, a 4xx is an answer).
    const TIMEOUT: Duration = Duration::from_secs(10);
    const ATTEMPTS: usize = 3;

    /// The job's token, asked of Azure DevOps as the Azure tasks ask it (Oidctoken - Create, see
    /// `platforms/azure_devops/job.rs`).
    pub(super) fn ado_token(connection: Option<&str>) -> Result<String, AdoNoToken> {
        let env = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let Some(endpoint) = env("SYSTEM_OIDCREQUESTURI") else {
            return Err(AdoNoToken::NotOffered);
        };
        let Some(access) = env("SYSTEM_ACCESSTOKEN") else {
            return Err(AdoNoToken::NoAccessToken);
        };
        let mut url = format!(
            "{endpoint}{}api-version=7.1-preview.1",
            if endpoint.contains('?') { '&' } else { '?' }
        );
        if let Some(id) = connection {
            url.push_str("&serviceConnectionId=");
            url.push_str(&percent_encode(id));
        }
        let proxy = proxy_for(&url)
            .map(|p| ureq::Proxy::new(&p))
            .transpose()
            .map_err(|e| AdoNoToken::Failed(format!("the proxy cannot be used: {e}")))?;
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(TIMEOUT))
            .http_status_as_error(false)
            .proxy(proxy)
            .build()
            .into();
        let mut last = AdoNoToken::Failed("no attempt was made".to_owned());
        for attempt in 0..ATTEMPTS {
            if attempt > 0 {
                std::thread::sleep(Duration::from_millis(500 * attempt as u64));
            }
            let answer = agent
                .post(&url)
                .header("Authorization", &format!("Bearer {access}"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .send("{}");
            let mut response = match answer {
                Ok(response) => response,
                Err(e) => {
                    last = AdoNoToken::Failed(format!(
                        "the request failed: {}",
                        shorten(&e.to_string())
                    ));
                    continue;
                }
            };
            let status = response.status().as_u16();
            let mut body = String::new();
            let _ = response
                .body_mut()
                .as_reader()
                .take(64 * 1024)
                .read_to_string(&mut body);
            let json = fedcred_core::json::parse(&body).ok();
            let field = |name: &str| {
                json.as_ref()
                    .and_then(|j| j.get(name))
                    .and_then(|v| v.as_str())
                    .map(str::to_owned)
            };
            if (200..300).contains(&status) {
                return match field("oidcToken").filter(|t| !t.trim().is_empty()) {
                    Some(token) => Ok(token.trim().to_owned()),
                    None => Err(AdoNoToken::Failed(
                        "Azure DevOps answered without a token (no oidcToken field)".to_owned(),
                    )),
                };
            }
            last = AdoNoToken::Refused {
                status,
                message: shorten(&field("message").unwrap_or(body)),
            };
            if status < 500 {
                break;
            }
        }
        Err(last)
    }

    /// The first 200 characters of `text`, on one line.
    fn shorten(text: &str) -> String {
        let line: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
        match line.char_indices().nth(200) {
            Some((at, _)) => format!("{}…", line.get(..at).unwrap_or_default()),
            None => line,
        }
    }

    /// `value` for a URL's query.
    fn percent_encode(value: &str) -> String {
        value
            .bytes()
            .map(|b| match b {
                b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                    (b as char).to_string()
                }
                _ => format!("%{b:02X}"),
            })
            .collect()
    }

    /// The proxy to use for `url`, as the action chooses it (actions/explain/index.js proxyFor):
    /// `https_proxy` or `http_proxy` by the URL's scheme, bypassed by `no_proxy` (host names, an
    /// optional `:port`) and for the loopback addresses; else the Azure Pipelines agent's own proxy,
    /// `Agent.ProxyUrl` (AGENT_PROXYURL; Azure DevOps docs, "Run a self-hosted agent behind a web
    /// proxy": the agent passes its proxy to tasks through these variables), bypassed when
    /// `Agent.ProxyBypassList` (AGENT_PROXYBYPASSLIST, a JSON list of regular expressions) matches
    /// the URL. The agent's tasks reach it through typed-rest-client, which compiles each entry as
    /// `new RegExp(entry, 'i')` and tests it against the whole URL, unanchored
    /// (microsoft/typed-rest-client lib/HttpClient.ts, `_isBypassProxy`, read 2026-12-05); fedcred
    /// does the same with regex-lite, whose syntax is ECMAScript's for what bypass lists hold
    /// (escapes, classes, anchors, alternation). An entry it cannot compile (a lookahead, say) is
    /// named on stderr and ignored; the task library would have failed on it.
    fn proxy_for(url: &str) -> Option<String> {
        let env = |names: &[&str]| {
            names
                .iter()
                .find_map(|n| std::env::var(n).ok().filter(|v| !v.trim().is_empty()))
        };
        let https = url.starts_with("https://");
        let rest = url.split_once("://").map(|(_, r)| r).unwrap_or(url);
        let authority = rest.split(['/', '?']).next().unwrap_or_default();
        let (host, port) = match authority.rsplit_once(':') {
            Some((h, p)) if !h.ends_with(']') || authority.starts_with('[') && h.ends_with(']') => {
                (h.to_ascii_lowercase(), p.to_owned())
            }
            _ => (
                authority.to_ascii_lowercase(),
                if https { "443" } else { "80" }.to_owned(),
            ),
        };
        if matches!(host.as_str(), "localhost" | "127.0.0.1" | "[::1]") {
            return None;
        }
        let standard = if https {
            env(&["https_proxy", "HTTPS_PROXY"])
        } else {
            env(&["http_proxy", "HTTP_PROXY"])
        };
        if let Some(proxy) = standard {
            let bypass = env(&["no_proxy", "NO_PROXY"]).unwrap_or_default();
            for entry in bypass.split(',').map(|e| e.trim().to_ascii_lowercase()) {
                if entry.is_empty() {
                    continue;
                }
                let (name, entry_port) = entry.split_once(':').unwrap_or((&entry, ""));
                let suffix = name.trim_start_matches('*').trim_start_matches('.');
                if entry == "*"
                    || ((host == suffix || host.ends_with(&format!(".{suffix}")))
                        && (entry_port.is_empty() || entry_port == port))
                {
                    return None;
                }
            }
            return Some(with_scheme(&proxy));
        }
        let agent = env(&["AGENT_PROXYURL"])?;
        let bypass = env(&["AGENT_PROXYBYPASSLIST"]).unwrap_or_default();
        let listed = fedcred_core::json::parse(&bypass)
            .ok()
            .and_then(|v| {
                v.as_array().map(|a| {
                    a.iter()
                        .filter_map(|e| e.as_str().map(str::to_owned))
                        .collect::<Vec<_>>()
                })
            })
            .unwrap_or_default();
        if listed.iter().any(|p| bypassed_by(p, url)) {
            return None;
        }
        Some(with_scheme(&agent))
    }

    /// Whether one entry of the agent's bypass list matches `url`, as typed-rest-client tests it.
    fn bypassed_by(pattern: &str, url: &str) -> bool {
        match regex_lite::RegexBuilder::new(pattern)
            .case_insensitive(true)
            .size_limit(1 << 20)
            .build()
        {
            Ok(re) => re.is_match(url),
            Err(_) => {
                eprintln!(
                    "fedcred: AGENT_PROXYBYPASSLIST holds {pattern:?}, which is not a regular \
                     expression fedcred can read; it is ignored (write it without lookarounds or \
                     back-references)"
                );
                false
            }
        }
    }

    fn with_scheme(proxy: &str) -> String {
        let proxy = proxy.trim();
        if proxy.contains("://") {
            proxy.to_owned()
        } else {
            format!("http://{proxy}")
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        #[test]
        fn a_service_connection_id_is_encoded_in_the_query() {
            assert_eq!(percent_encode("3f2c-01&x=y"), "3f2c-01%26x%3Dy");
        }

        #[test]
        fn the_agents_bypass_list_is_matched_as_the_task_library_matches_it() {
            let url = "https://Dev.Azure.com/org/_apis/oidctoken?api-version=7.1-preview.1";
            for (pattern, bypassed) in [
                (r"dev\.azure\.com", true),
                (r"^https://dev\.azure\.com/", true),
                ("DEV.AZURE.COM", true),
                (r".*\.visualstudio\.com", false),
                (r"^dev\.azure\.com", false),
                ("(?=dev)", false),
                ("[", false),
            ] {
                assert_eq!(bypassed_by(pattern, url), bypassed, "{pattern}");
            }
        }
    }
}

/// On wasm32 there is no HTTP client: the mode says so instead of asking.
#[cfg(target_arch = "wasm32")]
mod ado {
    use fedcred_core::platforms::azure_devops::job::NoToken as AdoNoToken;

    pub(super) fn ado_token(_: Option<&str>) -> Result<String, AdoNoToken> {
        Err(AdoNoToken::Failed(
            "this build of fedcred cannot make HTTP requests".to_owned(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logging_command_data_cannot_end_the_command_or_start_another() {
        assert_eq!(
            data("a]b;c\n##vso[task.complete result=Failed]50%"),
            "a%5Db%3Bc%0A##vso[task.complete result=Failed%5D50%AZP25"
        );
    }

    #[test]
    fn a_report_cannot_hold_a_logging_command() {
        let text = inert("subject x\n##vso[task.complete result=Failed]\n##[error]fake");
        assert!(!text.contains("##vso[") && !text.contains("##["), "{text}");
    }
}
