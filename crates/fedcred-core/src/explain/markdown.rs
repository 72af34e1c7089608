//! A [`Report`] as Markdown: what a CI job summary shows (`$GITHUB_STEP_SUMMARY`; GitHub-flavoured
//! Markdown) and `fedcred explain --format markdown` prints. It names the exact issuer, subject
//! and audience the workload presents, the verdict, the cause, each finding's fix and its command;
//! it never includes the token itself. Every value comes from a token or a paste, so each is put
//! in a code span long enough to hold its backticks, and `|` is escaped in tables.

use super::report::{Report, Status, Verdict};
use crate::finding::Code;
use crate::snippets::Snippet;

/// The longest run of backticks in `value`: a code span or fence must be longer.
fn longest_backticks(value: &str) -> usize {
    value
        .split(|c| c != '`')
        .map(str::len)
        .max()
        .unwrap_or_default()
}

/// The most characters of one value a summary shows. Entra's issuer and subject hold at most 600
/// (Graph docs, federatedIdentityCredential; field guide §1),
/// so a longer value cannot match anything, and showing its start is enough; a job summary holds
/// at most 1 MiB per step (GitHub Docs, "Workflow commands for GitHub Actions", step isolation
/// and limits, read 2026-11-29).
const SHOWN_CHARS: usize = 1000;

/// How many credentials the comparison table lists (the closest first).
const SHOWN_CREDENTIALS: usize = 20;

/// A code span holding `value` whatever backticks it contains; `|` escaped for a table cell.
/// A value longer than [`SHOWN_CHARS`] shows its start and says how long it is.
fn code(value: &str, in_table: bool) -> String {
    if let Some((start, _)) = value
        .char_indices()
        .nth(SHOWN_CHARS)
        .and_then(|(at, _)| value.split_at_checked(at))
    {
        return format!(
            "{}… ({} characters)",
            code(start, in_table),
            value.chars().count()
        );
    }
    let ticks = "`".repeat(longest_backticks(value) + 1);
    let value = value.replace(['\n', '\r'], " ");
    let value = if in_table {
        value.replace('|', "\\|")
    } else {
        value
    };
    let pad = if value.starts_with('`') || value.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{ticks}{pad}{value}{pad}{ticks}")
}

/// A fix command's language, for its fence: a shell command (az, gh, kubectl) or a YAML fragment
/// of the workload's file (a `key:` line or a `- ` list item); none when it is neither.
fn language(command: &str) -> &'static str {
    let first = command.lines().next().unwrap_or_default().trim_start();
    let yaml_key = first.split_once(':').is_some_and(|(key, _)| {
        !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    });
    if ["az ", "gh ", "kubectl "]
        .iter()
        .any(|p| first.starts_with(p))
    {
        "bash"
    } else if first.starts_with("- ") || yaml_key {
        "yaml"
    } else {
        ""
    }
}

/// Text from a paste, outside code: no Markdown or HTML of its own.
pub(crate) fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(
            c,
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '#' | '!'
        ) {
            out.push('\\');
        }
        out.push(if c == '\n' { ' ' } else { c });
    }
    out
}

/// The verdict in one line, as the CLI's text starts.
pub fn headline(r: &Report) -> String {
    match (r.verdict, &r.predicted_error) {
        (Verdict::Match, _) => "MATCH: a credential accepts this assertion".to_owned(),
        (Verdict::InvalidInput, _) => "INVALID INPUT".to_owned(),
        _ if r.not_compared() => {
            "NOT COMPARED: no credentials were given; these are the claims the workload presents"
                .to_owned()
        }
        _ if r.findings.iter().any(|f| f.code == Code::RunnerNoToken) => {
            "NO TOKEN: the job could not get its OIDC token, so nothing reached Entra".to_owned()
        }
        (Verdict::NoMatch, Some(code)) if r.answered() => {
            format!("NO MATCH: Entra answered {code}")
        }
        (Verdict::NoMatch, Some(code)) if r.also_outside_window() => {
            format!("NO MATCH: Entra will answer {code} or AADSTS700024")
        }
        (Verdict::NoMatch, Some(code)) => format!("NO MATCH: Entra will answer {code}"),
        (Verdict::NoMatch, None) => "NO MATCH".to_owned(),
    }
}

/// The report as Markdown.
pub fn markdown(r: &Report) -> String {
    let suggested = r
        .suggestion
        .as_ref()
        .and_then(|s| super::suggestion_snippet(s, "az"));
    markdown_with(r, &[], suggested.as_ref())
}

/// The report as Markdown with `notes` under its heading (what the caller could not read of its
/// input) and the credential to create already rendered, for a caller that also prints it.
pub(super) fn markdown_with(r: &Report, notes: &[String], suggested: Option<&Snippet>) -> String {
    let mut out = format!("## fedcred: {}\n\n", headline(r));
    for note in notes {
        out.push_str(&format!("**Note:** {}\n\n", escape(note)));
    }
    let a = &r.assertion;
    if a.issuer.is_some() || a.subject.is_some() || !a.audiences.is_empty() {
        out.push_str("What the workload presents:\n\n| claim | value |\n|---|---|\n");
        let none = || "(not known)".to_owned();
        out.push_str(&format!(
            "| issuer (`iss`) | {} |\n",
            a.issuer.as_deref().map_or_else(none, |v| code(v, true))
        ));
        out.push_str(&format!(
            "| subject (`sub`) | {} |\n",
            a.subject.as_deref().map_or_else(none, |v| code(v, true))
        ));
        let audiences = a
            .audiences
            .iter()
            .map(|v| code(v, true))
            .collect::<Vec<_>>()
            .join(", ");
        out.push_str(&format!(
            "| audience (`aud`) | {} |\n\n",
            if audiences.is_empty() {
                none()
            } else {
                audiences
            }
        ));
    }
    if let Some(meaning) = &r.predicted_error_meaning {
        out.push_str(&format!("**Cause:** {}\n\n", escape(meaning)));
    }
    if let Some(closest) = &r.closest_fic {
        out.push_str(&format!("Closest credential: {}\n\n", code(closest, false)));
    }
    if !r.findings.is_empty() {
        out.push_str("### Findings\n\n");
        for f in &r.findings {
            let fic = f
                .fic
                .as_deref()
                .map(|n| format!(" ({})", code(n, false)))
                .unwrap_or_default();
            out.push_str(&format!("- **{}**{fic}: {}\n", f.code, escape(&f.message)));
            if let Some(fix) = &f.fix {
                out.push_str(&format!("  - Fix: {}\n", escape(fix)));
            }
            if let Some(command) = &f.command {
                let fence = "`".repeat(longest_backticks(command).max(2) + 1);
                out.push_str(&format!("\n  {fence}{}\n", language(command)));
                for line in command.lines() {
                    out.push_str(&format!("  {line}\n"));
                }
                out.push_str(&format!("  {fence}\n\n"));
            }
        }
        out.push('\n');
    }
    if !r.credentials.is_empty() {
        out.push_str("### Credentials compared\n\n| credential | field | credential's value | presented | |\n|---|---|---|---|---|\n");
        let closest = r.closest_fic.as_deref();
        let mut ordered: Vec<_> = r.credentials.iter().collect();
        // The closest first, the rest in the order given (a stable sort keeps it).
        ordered.sort_by_key(|c| Some(c.name.as_str()) != closest);
        for c in ordered.iter().take(SHOWN_CREDENTIALS) {
            for row in &c.rows {
                let mark = match row.status {
                    Status::Match => "✓",
                    Status::Mismatch => "✗ differs",
                    Status::Unknown => "?",
                };
                out.push_str(&format!(
                    "| {} | {} | {} | {} | {mark} |\n",
                    code(&c.name, true),
                    row.field,
                    code(&row.expected, true),
                    row.actual
                        .as_deref()
                        .map_or_else(|| "".to_owned(), |v| code(v, true)),
                ));
            }
        }
        if let Some(more) = ordered
            .len()
            .checked_sub(SHOWN_CREDENTIALS)
            .filter(|n| *n > 0)
        {
            out.push_str(&format!(
                "\n_And {more} more credentials, none closer: `fedcred explain --fics` or the inspector lists them all._\n"
            ));
        }
        out.push('\n');
    }
    if let Some(s) = suggested {
        out.push_str("### A credential that accepts this token\n\n");
        if let Some(w) = r.suggestion.as_ref().and_then(|s| s.widens.as_ref()) {
            out.push_str(&format!(
                "Better, change the workload: {}\n\n",
                escape(&w.workload_fix)
            ));
            if let Some(yaml) = &w.workload_yaml {
                let fence = "`".repeat(longest_backticks(yaml).max(2) + 1);
                out.push_str(&format!("{fence}yaml\n{yaml}\n{fence}\n\n"));
            }
            out.push_str(&format!(
                "**Or, widening trust** ({}, {}): {}. This credential:\n\n",
                code(w.code.as_str(), false),
                code(&w.fic, false),
                escape(&w.message)
            ));
        }
        let fence = "`".repeat(longest_backticks(&s.code).max(2) + 1);
        out.push_str(&format!(
            "{fence}{}\n{}\n{fence}\n\n",
            s.language,
            s.code.trim_end()
        ));
    }
    out.push_str("_The token itself is not shown: only the claims Entra compares._\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::{Input, explain};
    use crate::import::import;

    fn token(sub: &str) -> String {
        let b64 = |s: &str| crate::base64url::encode(s.as_bytes());
        let claims = crate::json::Value::from(
            [
                ("iss", "https://token.actions.githubusercontent.com"),
                ("sub", sub),
                ("aud", "api://AzureADTokenExchange"),
            ]
            .into_iter()
            .map(|(k, v)| (k.to_owned(), crate::json::Value::from(v)))
            .chain([(
                "exp".to_owned(),
                crate::json::Value::from(4_102_444_800_i64),
            )])
            .collect::<crate::json::Map>(),
        );
        format!(
            "{}.{}.c2ln",
            b64(r#"{"alg":"RS256"}"#),
            b64(&claims.to_string())
        )
    }

    fn report(sub: &str) -> (String, String) {
        let t = token(sub);
        let fics = import(
            r#"[{"name": "main", "issuer": "https://token.actions.githubusercontent.com", "subject": "repo:o/r:ref:refs/heads/main", "audiences": ["api://AzureADTokenExchange"]}]"#,
        );
        let r = explain(Input {
            token: Some(&t),
            credentials: Some(&fics),
            now: 1_767_225_600,
            ..Default::default()
        });
        (markdown(&r), t)
    }

    #[test]
    fn the_summary_names_what_the_job_presents_and_the_fix_but_not_the_token() {
        let (md, token) = report("repo:o/r:ref:refs/heads/dev");
        assert!(
            md.starts_with("## fedcred: NO MATCH: Entra will answer AADSTS700213"),
            "{md}"
        );
        assert!(
            md.contains("| subject (`sub`) | `repo:o/r:ref:refs/heads/dev` |"),
            "{md}"
        );
        assert!(md.contains("**subject_branch_differs**"), "{md}");
        assert!(
            !md.contains(&token) && !md.contains(token.split('.').nth(1).unwrap()),
            "the token never appears"
        );
    }

    #[test]
    fn each_fix_command_is_fenced_in_its_language() {
        for (command, expected) in [
            ("az identity federated-credential update --name x", "bash"),
            ("permissions:\n  id-token: write", "yaml"),
            ("if: github.actor != 'dependabot[bot]'", "yaml"),
            (
                "- uses: azure/login@v3\n  with:\n    audience: api://AzureADTokenExchange",
                "yaml",
            ),
            ("Connect-AzAccount", ""),
        ] {
            assert_eq!(language(command), expected, "{command}");
        }
    }

    #[test]
    fn hostile_claims_stay_inside_their_code_spans() {
        let (md, _) = report("repo:o/r:ref:refs/heads/a`b|c <script>");
        assert!(
            md.contains("| subject (`sub`) | ``repo:o/r:ref:refs/heads/a`b\\|c <script>`` |"),
            "{md}"
        );
        let rows = md.lines().filter(|l| l.starts_with("| subject")).count();
        assert_eq!(rows, 1);
    }
}
