//! The explanation a CI job writes about itself (fedcred's GitHub Action; `fedcred explain --from
//! gitlab`): the token the job got (or why it got none), the login step's error text and the
//! credentials when given, as a job summary in Markdown, a log in plain text, and the values later
//! steps read.

use super::markdown::markdown_with;
use super::report::{Report, Verdict, finding, invalid};
use super::{Input, explain, headline, suggestion_heading, suggestion_snippet, text};
use crate::finding::Code;
use crate::import::Import;
use crate::platforms::github::job::{JobContext, NoToken, no_token};
use crate::platforms::{azure_devops, gitlab};

/// Why the job has no token, in its CI system's terms.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Missing {
    /// GitHub Actions: the runner offered none, or GitHub's endpoint refused.
    GitHub(NoToken),
    /// GitLab CI: the variable the job's `id_tokens:` should fill holds none.
    GitLab(gitlab::job::NoToken),
    /// Azure Pipelines: the token endpoint could not be asked, or refused; with the service
    /// connection asked for, when one was.
    AzureDevOps(azure_devops::job::NoToken, Option<String>),
}

/// Which CI system the job runs in: where its credentials and token come from, in the words of
/// what it says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Ci {
    /// fedcred's GitHub Action: the step's inputs.
    #[default]
    GitHub,
    /// `fedcred explain --from gitlab`: the command's flags.
    GitLab,
    /// `fedcred explain --from azure-devops`: the command's flags.
    AzureDevOps,
}

/// What the job has to explain.
#[derive(Debug, Clone)]
pub struct JobInput<'a> {
    /// The job's own OIDC token, or why it has none.
    pub token: Result<&'a str, Missing>,
    /// The CI system it runs in.
    pub ci: Ci,
    /// The audience the token was asked for.
    pub audience: &'a str,
    /// The login step's error text, when the workflow passed it.
    pub error: Option<&'a str>,
    /// The credentials to compare with, when given.
    pub credentials: Option<&'a Import>,
    /// Unix seconds.
    pub now: i64,
    /// The run, for the causes of a missing token.
    pub context: JobContext,
    /// What the caller could not read of its inputs (shown first, so nothing is silently lost).
    pub notes: Vec<String>,
}

/// The answer for later steps: `match`, `no_match`, `no_token`, `not_compared` (a token and
/// nothing to compare it with), or `invalid_input`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobVerdict {
    /// A credential accepts the job's token.
    Match,
    /// None does, or Entra refused it.
    NoMatch,
    /// The job got no token.
    NoToken,
    /// The claims are known; no credentials or error text were given to compare them with.
    NotCompared,
    /// What was given could not be read.
    InvalidInput,
}

impl JobVerdict {
    /// The output's value.
    pub fn as_str(self) -> &'static str {
        match self {
            JobVerdict::Match => "match",
            JobVerdict::NoMatch => "no_match",
            JobVerdict::NoToken => "no_token",
            JobVerdict::NotCompared => "not_compared",
            JobVerdict::InvalidInput => "invalid_input",
        }
    }

    /// Whether a check should fail the step.
    pub fn is_failure(self) -> bool {
        matches!(
            self,
            JobVerdict::NoMatch | JobVerdict::NoToken | JobVerdict::InvalidInput
        )
    }
}

/// The explanation, rendered.
#[derive(Debug, Clone)]
pub struct JobReport {
    /// The answer.
    pub verdict: JobVerdict,
    /// The one-line verdict.
    pub headline: String,
    /// The token's `iss`, empty without one.
    pub issuer: String,
    /// The token's `sub`, empty without one.
    pub subject: String,
    /// For `$GITHUB_STEP_SUMMARY`.
    pub markdown: String,
    /// For the log (never the token; values as they are, so the caller stops commands around it).
    pub log: String,
}

/// Explains the job's token. Never holds on to the token: the report keeps only its claims.
pub fn explain_job(input: &JobInput<'_>) -> JobReport {
    let report = match &input.token {
        Ok(token) => {
            let mut report = explain(Input {
                token: Some(token),
                error: input.error.filter(|e| !e.trim().is_empty()),
                credentials: input.credentials,
                now: input.now,
                ..Default::default()
            });
            // In a job the credentials come from the step's input, not a paste.
            for f in report
                .findings
                .iter_mut()
                .filter(|f| f.code == Code::NoFics)
            {
                f.message = match input.ci {
                    Ci::GitHub => "no credentials given to compare with: set the step's credentials input to the output of az identity federated-credential list (or az ad app federated-credential list), for example from a repository variable, or to a file's path",
                    Ci::GitLab => "no credentials given to compare with: give --fics FILE, the output of az identity federated-credential list (or az ad app federated-credential list), for example from a CI/CD variable of type file",
                    Ci::AzureDevOps => "no credentials given to compare with: give --fics FILE, the output of az identity federated-credential list (or az ad app federated-credential list), for example a secure file or a file the pipeline writes from a variable",
                }
                .to_owned();
            }
            report
        }
        Err(why) => {
            let advice = match why {
                Missing::GitHub(why) => no_token(why, &input.context, input.audience),
                Missing::GitLab(why) => gitlab::job::no_token(why, input.audience),
                Missing::AzureDevOps(why, connection) => {
                    azure_devops::job::no_token(why, connection.as_deref())
                }
            };
            let mut finding = finding(Code::RunnerNoToken, None, advice.message, Some(advice.fix));
            finding.command = advice.command;
            let mut report = invalid(vec![finding], input.error.and_then(crate::aadsts::parse));
            report.verdict = Verdict::NoMatch;
            report
        }
    };
    let verdict = match (&input.token, report.verdict) {
        (Err(_), _) => JobVerdict::NoToken,
        (_, Verdict::Match) => JobVerdict::Match,
        (_, Verdict::InvalidInput) => JobVerdict::InvalidInput,
        (_, Verdict::NoMatch) if report.not_compared() => JobVerdict::NotCompared,
        (_, Verdict::NoMatch) => JobVerdict::NoMatch,
    };
    let headline = headline(&report);
    let notes: String = input.notes.iter().map(|n| format!("Note: {n}\n")).collect();
    let suggested = report
        .suggestion
        .as_ref()
        .and_then(|s| suggestion_snippet(s, "az"));
    let mut md = markdown_with(&report, &input.notes, suggested.as_ref());
    let mut log = format!("{notes}{}", with_presented(&text(&report), &report));
    if let (Some(s), Some(suggestion)) = (&suggested, &report.suggestion) {
        log.push_str(&format!(
            "\n{} ({}):\n{}\n",
            suggestion_heading(suggestion),
            s.title,
            s.code
        ));
    }
    if md.len() > SUMMARY_BYTES {
        md = compact(&md);
    }
    JobReport {
        verdict,
        headline,
        issuer: report.assertion.issuer.clone().unwrap_or_default(),
        subject: report.assertion.subject.clone().unwrap_or_default(),
        markdown: md,
        log,
    }
}

/// What a step may add to the job summary: GitHub refuses more than 1 MiB per step, and then
/// shows none of it (GitHub Docs, "Workflow commands for GitHub Actions", step isolation and
/// limits, read 2026-11-29). A margin stays for what else the job writes.
const SUMMARY_BYTES: usize = 1_000_000;

/// A report too long for a job summary: its head (the verdict, what the job presents, the cause)
/// and where the rest is.
fn compact(md: &str) -> String {
    let head = md.split("\n### ").next().unwrap_or_default();
    let head = head
        .get(..head.floor_char_boundary(64 * 1024))
        .unwrap_or_default();
    format!(
        "{}\n\n**The full report is {} bytes, more than a job summary holds (1 MiB per step): the step's log has all of it.**\n",
        head.trim_end(),
        md.len()
    )
}

/// The log's report with what the job presents right under its first line, where a reader of a
/// failed job's log looks first.
fn with_presented(log: &str, report: &Report) -> String {
    let a = &report.assertion;
    if a.issuer.is_none() && a.subject.is_none() && a.audiences.is_empty() {
        return log.to_owned();
    }
    let unknown = "(not known)";
    let presented = format!(
        "The job presents\n  issuer    {}\n  subject   {}\n  audience  {}\n",
        a.issuer.as_deref().unwrap_or(unknown),
        a.subject.as_deref().unwrap_or(unknown),
        if a.audiences.is_empty() {
            unknown.to_owned()
        } else {
            a.audiences.join(", ")
        }
    );
    match log.split_once('\n') {
        Some((first, rest)) => format!("{first}\n{presented}{rest}"),
        None => format!("{log}\n{presented}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::import;

    const NOW: i64 = 1_767_225_600;

    fn token(claims: &str) -> String {
        let b64 = |s: &str| crate::base64url::encode(s.as_bytes());
        format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256","kid":"k"}"#),
            b64(claims)
        )
    }

    fn github(sub: &str) -> String {
        token(&format!(
            r#"{{"iss":"https://token.actions.githubusercontent.com","sub":"{sub}","aud":"api://AzureADTokenExchange","exp":{},"iat":{NOW},"repository_id":"74"}}"#,
            NOW + 300
        ))
    }

    fn main_branch() -> Import {
        import(
            r#"[{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]"#,
        )
    }

    fn job<'a>(token: Result<&'a str, NoToken>, credentials: Option<&'a Import>) -> JobInput<'a> {
        JobInput {
            token: token.map_err(Missing::GitHub),
            ci: Ci::GitHub,
            audience: "api://AzureADTokenExchange",
            error: None,
            credentials,
            now: NOW,
            context: JobContext::default(),
            notes: Vec::new(),
        }
    }

    #[test]
    fn each_situation_of_a_job_gets_its_verdict_and_outputs() {
        let fics = main_branch();
        let main = github("repo:o/r:ref:refs/heads/main");
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let cases: [(&str, JobInput<'_>, JobVerdict, &str, &str); 4] = [
            (
                "a credential names the job's subject",
                job(Ok(&main), Some(&fics)),
                JobVerdict::Match,
                "MATCH",
                "repo:o/r:ref:refs/heads/main",
            ),
            (
                "the job runs on another branch",
                job(Ok(&dev), Some(&fics)),
                JobVerdict::NoMatch,
                "NO MATCH: Entra will answer AADSTS700213",
                "repo:o/r:ref:refs/heads/dev",
            ),
            (
                "a check before login with no credentials given",
                job(Ok(&dev), None),
                JobVerdict::NotCompared,
                "NOT COMPARED",
                "repo:o/r:ref:refs/heads/dev",
            ),
            (
                "the job may not ask for a token",
                job(Err(NoToken::NotOffered), Some(&fics)),
                JobVerdict::NoToken,
                "NO TOKEN",
                "",
            ),
        ];
        for (situation, input, verdict, headline, subject) in cases {
            let r = explain_job(&input);
            assert_eq!(r.verdict, verdict, "{situation}");
            assert!(
                r.headline.starts_with(headline),
                "{situation}: {}",
                r.headline
            );
            assert!(r.markdown.contains(headline), "{situation}");
            assert!(r.log.starts_with(headline), "{situation}: {}", r.log);
            assert_eq!(r.subject, subject, "{situation}");
            if let Ok(t) = input.token {
                assert!(!r.markdown.contains(t) && !r.log.contains(t), "{situation}");
                assert_eq!(r.issuer, "https://token.actions.githubusercontent.com");
            }
        }
    }

    #[test]
    fn a_job_that_matches_nothing_gets_the_command_that_creates_its_credential() {
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let r = explain_job(&job(Ok(&dev), Some(&main_branch())));
        for out in [&r.markdown, &r.log] {
            assert!(
                out.contains("az identity federated-credential create"),
                "{out}"
            );
            assert!(out.contains("repo:o/r:ref:refs/heads/dev"), "{out}");
        }
        assert!(
            r.markdown
                .contains("### A credential that accepts this token\n\n```bash\n")
        );
        assert!(
            r.markdown
                .trim_end()
                .ends_with("only the claims Entra compares._"),
            "the footer stays last"
        );
    }

    #[test]
    fn the_log_says_what_the_job_presents_under_its_verdict() {
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let r = explain_job(&job(Ok(&dev), Some(&main_branch())));
        assert!(
            r.log.starts_with("NO MATCH: Entra will answer AADSTS700213\nThe job presents\n  issuer    https://token.actions.githubusercontent.com\n  subject   repo:o/r:ref:refs/heads/dev\n  audience  api://AzureADTokenExchange\n"),
            "{}",
            r.log
        );
    }

    #[test]
    fn a_summary_stays_within_what_github_accepts() {
        // 100 KB subjects: shown shortened, with their length.
        let long = format!("repo:o/r:ref:refs/heads/{}", "x".repeat(100_000));
        let t = github(&long);
        let r = explain_job(&job(Ok(&t), Some(&main_branch())));
        assert!(
            r.markdown.contains("… (100024 characters)"),
            "{}",
            &r.markdown[..2000]
        );
        assert!(r.markdown.len() < SUMMARY_BYTES);
        assert_eq!(r.subject, long, "the output keeps the whole subject");
        // 60 credentials: the closest and 19 more, and how many are left out.
        let many: Vec<String> = (0..60)
            .map(|i| format!(r#"{{"name": "c{i}", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/b{i}", "audiences": ["api://AzureADTokenExchange"]}}"#))
            .collect();
        let fics = import(&format!("[{}]", many.join(",")));
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let r = explain_job(&job(Ok(&dev), Some(&fics)));
        let rows = r.markdown.lines().filter(|l| l.starts_with("| `c")).count();
        assert_eq!(rows, 20 * 3, "three rows per credential shown");
        assert!(
            r.markdown.contains("_And 40 more credentials, none closer"),
            "{}",
            r.markdown
        );
    }

    #[test]
    fn a_report_too_long_for_a_summary_keeps_its_head_and_points_to_the_log() {
        let md = format!(
            "## fedcred: NO MATCH\n\nWhat the workload presents: …\n\n### Findings\n\n{}",
            "- x\n".repeat(400_000)
        );
        let short = compact(&md);
        let expected = format!(
            "## fedcred: NO MATCH\n\nWhat the workload presents: …\n\n**The full report is {} bytes, more than a job summary holds",
            md.len()
        );
        assert!(short.starts_with(&expected), "{short}");
        assert!(short.len() < 1000);
    }

    #[test]
    fn a_job_without_the_permission_is_told_how_to_grant_it() {
        let r = explain_job(&job(Err(NoToken::NotOffered), None));
        assert!(r.markdown.contains("id-token: write"), "{}", r.markdown);
        assert!(r.markdown.contains("permissions:\n"), "{}", r.markdown);
        assert!(r.log.contains("runner_no_token"), "{}", r.log);
        assert!(r.verdict.is_failure());
    }

    #[test]
    fn what_the_action_could_not_read_is_said_first() {
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let mut input = job(Ok(&dev), None);
        input.notes = vec!["the credentials input names no file: creds.json".to_owned()];
        let r = explain_job(&input);
        assert!(
            r.markdown
                .starts_with("## fedcred: NOT COMPARED: no credentials were given; these are the claims the workload presents\n\n**Note:** the credentials input names no file: creds.json\n\n"),
            "{}",
            r.markdown
        );
        assert!(
            r.log.starts_with("Note: the credentials input"),
            "{}",
            r.log
        );
    }

    #[test]
    fn the_login_steps_error_text_leads_when_given() {
        let dev = github("repo:o/r:ref:refs/heads/dev");
        let mut input = job(Ok(&dev), None);
        input.error = Some(
            "Error: AADSTS700213: No matching federated identity record found for presented assertion subject 'repo:o/r:ref:refs/heads/dev'.",
        );
        let r = explain_job(&input);
        assert_eq!(r.verdict, JobVerdict::NoMatch);
        assert!(
            r.headline
                .starts_with("NO MATCH: Entra answered AADSTS700213"),
            "{}",
            r.headline
        );
    }

    #[test]
    fn a_gitlab_job_without_its_id_token_is_told_the_id_tokens_it_needs() {
        let fics = main_branch();
        let input = JobInput {
            token: Err(Missing::GitLab(gitlab::job::NoToken::Empty {
                variable: "AZURE_ID_TOKEN".to_owned(),
            })),
            ci: Ci::GitLab,
            ..job(Ok(""), Some(&fics))
        };
        let report = explain_job(&input);
        assert_eq!(report.verdict, JobVerdict::NoToken);
        assert!(
            report.markdown.contains("id_tokens:"),
            "{}",
            report.markdown
        );
        assert!(report.log.contains("$AZURE_ID_TOKEN"), "{}", report.log);
        assert!(!report.markdown.contains("step's credentials input"));
    }
}
