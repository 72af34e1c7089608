//! `fedcred audit`: a whole credential set, offline: what is wrong or risky, per identity and
//! credential, with the fix, and the migrations as scripts.

use clap::{Args, ValueEnum};
use fedcred_core::audit::{Options, audit_with, migrate};
use fedcred_core::face::count;
use fedcred_core::finding::Severity;

use crate::input::read;

/// What to print.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum AuditFormat {
    /// For people.
    Text,
    /// For scripts.
    Json,
    /// The migrations as an az CLI script.
    Az,
    /// The migrations as an Azure PowerShell script.
    Powershell,
    /// The migrations as Graph REST requests (app registrations).
    Graph,
}

#[derive(Debug, Args)]
pub struct AuditArgs {
    /// The credentials: what az identity federated-credential list, az ad app
    /// federated-credential list or Graph prints, for one identity or several (concatenated, or
    /// an array of lists); - reads standard input.
    #[arg(long)]
    fics: String,
    /// What gh api repos/OWNER/REPO printed, for one repository or several: the IDs the
    /// migration to immutable subjects needs.
    #[arg(long)]
    github_ids: Option<String>,
    /// Re-point every credential with issuer OLD to NEW (an AKS cluster re-created, an enterprise
    /// switching to its unique GitHub issuer): OLD=NEW, repeatable.
    #[arg(long, value_name = "OLD=NEW")]
    reissue: Vec<String>,
    /// Azure DevOps connections converted to the Entra issuer, for their migration: a file of
    /// lines `CONNECTION-NAME SUBJECT-IDENTIFIER` (the Subject identifier on the connection's page).
    #[arg(long)]
    ado_subjects: Option<String>,
    /// text or json; az, powershell or graph print the migrations.
    #[arg(long, value_enum, default_value = "text")]
    format: AuditFormat,
}

/// Exit 0 when nothing is of warning or error severity, 1 when something is, 2 when the
/// credentials cannot be read at all.
pub fn run(args: AuditArgs) -> Result<(String, u8), String> {
    if args.fics == "-" && args.github_ids.as_deref() == Some("-") {
        return Err(
            "fedcred: only one of --fics and --github-ids can read standard input".to_owned(),
        );
    }
    let text = read(&args.fics, "credentials")?;
    let ids = args
        .github_ids
        .as_deref()
        .map(|p| read(p, "GitHub IDs"))
        .transpose()?
        .unwrap_or_default();
    let mut reissue = Vec::new();
    for pair in &args.reissue {
        let Some((old, new)) = pair.split_once('=') else {
            return Err(format!(
                "fedcred: --reissue takes OLD=NEW (two issuer URLs), not '{pair}'"
            ));
        };
        reissue.push((old.trim().to_owned(), new.trim().to_owned()));
    }
    let ado_subjects = args
        .ado_subjects
        .as_deref()
        .map(|p| read(p, "Azure DevOps Subject identifiers"))
        .transpose()?
        .unwrap_or_default();
    let report = audit_with(
        &text,
        &Options {
            github_ids: ids,
            reissue,
            ado_subjects,
            face: fedcred_core::face::Face::Cli,
        },
    );
    if report.identities.is_empty() {
        let reasons: Vec<&str> = report.findings.iter().map(|f| f.message.as_str()).collect();
        return Err(format!(
            "fedcred: no credential could be read: {}",
            reasons.join("; ")
        ));
    }
    let code = match report.worst() {
        Some(Severity::Error | Severity::Warning) => 1,
        _ => 0,
    };
    let output = match args.format {
        AuditFormat::Json => format!("{}\n", report.to_json().to_pretty()),
        AuditFormat::Text => text_report(&report),
        AuditFormat::Az => migrate::script(&report, "az").map_err(|e| format!("fedcred: {e}"))?,
        AuditFormat::Powershell => {
            migrate::script(&report, "powershell").map_err(|e| format!("fedcred: {e}"))?
        }
        AuditFormat::Graph => {
            migrate::script(&report, "graph").map_err(|e| format!("fedcred: {e}"))?
        }
    };
    Ok((output, code))
}

fn text_report(report: &fedcred_core::audit::Audit) -> String {
    let mut out = String::new();
    for identity in &report.identities {
        out.push_str(&format!(
            "{}: {} of 20 credentials, {} left\n",
            identity.name,
            identity.credentials,
            identity.left()
        ));
        // Errors first, then warnings, then notes (issue 27), each kind in the order found.
        let mut findings: Vec<_> = report
            .findings
            .iter()
            .filter(|f| f.identity == identity.name)
            .collect();
        findings.sort_by_key(|f| f.severity);
        for f in findings {
            let severity = f.severity.as_str();
            let about = f
                .fic
                .as_deref()
                .map(|n| format!(" '{n}'"))
                .unwrap_or_default();
            out.push_str(&format!(
                "  {severity}{about}: {} [{}]\n    fix: {}\n",
                f.message, f.code, f.fix
            ));
            if let Some(command) = &f.command {
                out.push_str(&format!("    run: {command}\n"));
            }
            if f.migration.is_some() {
                out.push_str("    migration: fedcred audit … --format az (or powershell, graph)\n");
            }
        }
        out.push('\n');
    }
    for f in report
        .findings
        .iter()
        .filter(|f| !report.identities.iter().any(|i| i.name == f.identity))
    {
        out.push_str(&format!("unreadable: {} [{}]\n", f.message, f.code));
    }
    let of = |s: Severity| report.findings.iter().filter(|f| f.severity == s).count();
    out.push_str(&format!(
        "{}, {}, {}\n",
        count(of(Severity::Error), "error", "errors"),
        count(of(Severity::Warning), "warning", "warnings"),
        count(of(Severity::Info), "note", "notes")
    ));
    out
}
