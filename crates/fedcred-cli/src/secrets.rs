//! `fedcred secrets`: which apps still hold client secrets or certificates and which have moved
//! to federated credentials, read from what `az` or Graph printed; the removal scripts (issue 30).

use clap::{Args, ValueEnum};
use fedcred_core::secrets::script::{Format, script};
use fedcred_core::secrets::{read, report};

use crate::input::read as read_file;

/// What to print.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum SecretsFormat {
    /// The report, for a ticket.
    Text,
    /// The report as JSON.
    Json,
    /// The removal script, bash with az.
    Az,
    /// The removal script, PowerShell with Microsoft.Graph.
    Powershell,
    /// The removal script, bash with az rest against Graph.
    Graph,
}

#[derive(Debug, Args)]
pub struct SecretsArgs {
    /// What az ad app list --all -o json, Graph's GET /applications (with
    /// $expand=federatedIdentityCredentials), Get-MgApplication | ConvertTo-Json, az identity
    /// list, or a federated-credential list printed (- for standard input). A bare
    /// az ad app federated-credential list is tied to the app whose ID its file name holds.
    #[arg(required = true)]
    files: Vec<String>,
    /// The instant the report is for, RFC 3339 (default: now).
    #[arg(long)]
    now: Option<String>,
    /// How many days ahead "expiring" looks.
    #[arg(long, default_value_t = 30)]
    within: u32,
    /// text, json, or a removal script: az, powershell, graph.
    #[arg(long, value_enum, default_value = "text")]
    format: SecretsFormat,
}

/// Exit 0 when nothing is left to migrate, 1 when secrets remain or a state is unknown, 2 for
/// input that cannot be read.
pub fn run(args: SecretsArgs) -> Result<(String, u8), String> {
    if args.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err("fedcred: only one input can read standard input (-)".to_owned());
    }
    let now = match &args.now {
        Some(text) => fedcred_core::secrets::parse_instant(text).ok_or_else(|| {
            format!("fedcred: --now {text} is not an RFC 3339 instant (2026-12-05T00:00:00Z)")
        })?,
        None => crate::explain::now(None),
    };
    let mut texts = Vec::new();
    for file in &args.files {
        let name = if file == "-" { "standard input" } else { file };
        texts.push((name.to_owned(), read_file(file, "listing")?));
    }
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let listing = read(&files).map_err(|e| format!("fedcred: {e}"))?;
    let report = report(&listing, now, args.within);
    let output = match args.format {
        SecretsFormat::Text => report.to_text(),
        SecretsFormat::Json => format!("{}\n", report.to_json().to_pretty()),
        SecretsFormat::Az => script(&report, Format::Az),
        SecretsFormat::Powershell => script(&report, Format::PowerShell),
        SecretsFormat::Graph => script(&report, Format::Graph),
    };
    Ok((output, u8::from(report.open())))
}
