//! A [`Report`] as plain text: the CLI's `--format text` and the action's log. Values are printed
//! as they are; a caller that prints to a place that reads commands from its text (a GitHub
//! Actions log) must switch those off around it.

use super::markdown::headline;
use super::report::{Report, SignatureStatus, Status, Suggestion};

/// The report as plain text, for a terminal or a CI log (the CLI's `--format text`, the action's
/// log). The credential to create is left to the caller, who knows which command its user has.
pub fn text(r: &Report) -> String {
    let mut out = String::new();
    let headline = headline(r);
    out.push_str(&format!("{headline}\n"));
    if let Some(meaning) = &r.predicted_error_meaning {
        out.push_str(&format!("  {meaning}\n"));
    }
    if let Some(closest) = &r.closest_fic {
        out.push_str(&format!("Closest credential: {closest}\n"));
    }
    if !r.findings.is_empty() {
        out.push_str("\nFindings\n");
        for f in &r.findings {
            let fic = f
                .fic
                .as_deref()
                .map(|n| format!(" [{n}]"))
                .unwrap_or_default();
            out.push_str(&format!("  {}{fic}: {}\n", f.code, f.message));
            if let Some(fix) = &f.fix {
                out.push_str(&format!("    fix: {fix}\n"));
            }
            if let Some(command) = &f.command {
                // A command over several lines (a YAML block) stays aligned under the first.
                let command = command.replace('\n', "\n         ");
                out.push_str(&format!("    run: {command}\n"));
            }
        }
    }
    if !r.credentials.is_empty() {
        out.push_str("\nCredentials\n");
        for c in &r.credentials {
            out.push_str(&format!(
                "  {}{}\n",
                c.name,
                if c.matches { " (matches)" } else { "" }
            ));
            for row in &c.rows {
                let mark = match row.status {
                    Status::Match => "ok",
                    Status::Mismatch => "DIFFERS",
                    Status::Unknown => "unknown",
                };
                out.push_str(&format!("    {:<10} {mark}\n", row.field));
                if row.status == Status::Mismatch {
                    match &row.diff {
                        Some(d) => {
                            out.push_str(&format!(
                                "      credential: {}[{}]{}\n",
                                d.prefix, d.expected, d.suffix
                            ));
                            out.push_str(&format!(
                                "      assertion:  {}[{}]{}\n",
                                d.prefix, d.actual, d.suffix
                            ));
                        }
                        None => {
                            out.push_str(&format!("      credential: {}\n", row.expected));
                            out.push_str(&format!(
                                "      assertion:  {}\n",
                                row.actual.as_deref().unwrap_or("(unknown)")
                            ));
                        }
                    }
                }
            }
        }
    }
    if r.token.is_some() {
        let marker = match r.signature {
            SignatureStatus::NotChecked => "decoded, not verified",
            SignatureStatus::Valid => "signature valid",
            SignatureStatus::Invalid => "SIGNATURE INVALID",
        };
        out.push_str(&format!("\nToken ({marker})\n"));
        out.push_str(&claims_text(r));
    }
    out
}

/// What goes before the credential that accepts the token, up to its colon: its heading; and when
/// it would trust more than a credential the identity has, the workload's change first, then
/// what the credential would let in (the CLI's text, the action's log).
pub fn suggestion_heading(s: &Suggestion) -> String {
    let Some(w) = &s.widens else {
        return "A credential that accepts this token".to_owned();
    };
    let mut out = format!("Better, change the workload: {}\n", w.workload_fix);
    if let Some(yaml) = &w.workload_yaml {
        for line in yaml.lines() {
            out.push_str(&format!("  {line}\n"));
        }
    }
    out.push_str(&format!(
        "Or, widening trust ({} [{}]): {}. A credential that accepts this token",
        w.code, w.fic, w.message
    ));
    out
}

/// The token's header and claims, each with what it means.
pub fn claims_text(r: &Report) -> String {
    let mut out = String::new();
    if let Some(t) = &r.token {
        let header: Vec<String> = t
            .header
            .iter()
            .map(|(k, v)| {
                format!(
                    "{k}={}",
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string())
                )
            })
            .collect();
        out.push_str(&format!("  header: {}\n", header.join(" ")));
    }
    for c in &r.claims {
        let time = match (&c.utc, &c.relative) {
            (Some(utc), Some(rel)) => format!(" ({utc}, {rel})"),
            _ => String::new(),
        };
        out.push_str(&format!("  {:<22} {}{time}\n", c.name, c.value));
        out.push_str(&format!("  {:<22} {}\n", "", c.meaning));
    }
    out
}
