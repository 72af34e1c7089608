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
    /// an array of lists); - reads standard input. Or the code that declares them: Terraform (.tf
    /// and .tfvars files or folders of them, each folder one module; what terraform show -json
    /// prints for a plan or state, or a state file), Bicep (.bicep, .bicepparam) or ARM
    /// templates and their parameters files (.json), or folders of them.
    #[arg(long, num_args = 1.., required = true)]
    fics: Vec<String>,
    /// A value the files cannot know, NAME=VALUE, repeatable: a Terraform variable (repo=app,
    /// or a list or map in HCL: envs='["dev","prod"]') or a data source's, module's or other
    /// resource's attribute (azurerm_kubernetes_cluster.aks.oidc_issuer_url=URL); a Bicep or
    /// ARM parameter (a list or object in JSON), or what only a deployment knows
    /// (aks.properties.oidcIssuerProfile.issuerURL=URL, 'subscription().tenantId=ID').
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// A .tfvars file, read after the folders' own terraform.tfvars and *.auto.tfvars, or a
    /// .bicepparam or ARM parameters file for the template it names; repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<String>,
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

/// What the user knows beside the credentials, for the migrations.
fn options(args: &AuditArgs) -> Result<Options, String> {
    let github_ids = args
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
    Ok(Options {
        github_ids,
        reissue,
        ado_subjects,
        face: fedcred_core::face::Face::Cli,
    })
}

/// The audit of credentials declared in Terraform, Bicep or ARM templates (issue 31): the same findings, each with the
/// lines to change in the file; what the files cannot say is listed as unresolved.
fn declared_audit(
    args: &AuditArgs,
    sources: Vec<(String, String)>,
    walk_notes: Vec<String>,
) -> Result<(String, u8), String> {
    use fedcred_core::iac::{self, Source};
    if matches!(
        args.format,
        AuditFormat::Az | AuditFormat::Powershell | AuditFormat::Graph
    ) {
        return Err("fedcred: credentials Terraform, Bicep or ARM declare are changed in their files, not with az, PowerShell or Graph (the next deployment would undo it): use --format text or json, whose findings carry the lines to change".to_owned());
    }
    let given = crate::fics::given(&args.vars, &args.var_files)?;
    let sources: Vec<Source> = sources
        .into_iter()
        .map(|(name, text)| Source::new(name, text))
        .collect();
    let mut reading = iac::read(&sources, &given, fedcred_core::face::Face::Cli);
    reading.notes.extend(walk_notes);
    if reading.credentials.is_empty() && reading.unresolved.is_empty() {
        let reasons: Vec<&str> = reading
            .unreadable
            .iter()
            .map(|u| u.message.as_str())
            .collect();
        let reasons: Vec<&str> = reasons
            .into_iter()
            .chain(reading.notes.iter().map(String::as_str))
            .collect();
        return Err(if reasons.is_empty() {
            "fedcred: the files declare no federated identity credential (Terraform's azurerm_federated_identity_credential, azuread_application_federated_identity_credential or azuread_application_flexible_federated_identity_credential; Bicep's or ARM's Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials or Microsoft.Graph/applications/federatedIdentityCredentials)".to_owned()
        } else {
            format!(
                "fedcred: no credential could be read: {}",
                reasons.join("; ")
            )
        });
    }
    let report = iac::audit(reading, &options(args)?);
    let code = match report.audit.worst() {
        Some(Severity::Error | Severity::Warning) => 1,
        _ => 0,
    };
    let output = match args.format {
        AuditFormat::Json => format!("{}\n", report.to_json().to_pretty()),
        _ => {
            let mut out = String::new();
            let r = &report.reading;
            out.push_str(&format!(
                "{} declared{}\n",
                count(r.credentials.len(), "credential", "credentials"),
                if r.unresolved.is_empty() {
                    String::new()
                } else {
                    format!(", {} not known from the files", r.unresolved.len())
                }
            ));
            for d in &r.credentials {
                let action = d
                    .action
                    .map(|a| format!(" [plan: {}]", a.as_str()))
                    .unwrap_or_default();
                let matcher = d
                    .credential
                    .subject()
                    .or(d.credential.expression())
                    .unwrap_or_default();
                out.push_str(&format!(
                    "  {} '{}': {} {matcher}{action}\n",
                    d.address, d.credential.name, d.credential.issuer
                ));
            }
            if !r.unresolved.is_empty() {
                out.push_str("unresolved:\n");
                for u in &r.unresolved {
                    out.push_str(&format!(
                        "  {} ({}:{}): {}\n",
                        u.address, u.file, u.line, u.why
                    ));
                }
            }
            for note in &r.notes {
                out.push_str(&format!("note: {note}\n"));
            }
            out.push('\n');
            out.push_str(&text_report(&report.audit));
            out
        }
    };
    Ok((output, code))
}

/// Exit 0 when nothing is of warning or error severity, 1 when something is, 2 when the
/// credentials cannot be read at all.
pub fn run(args: AuditArgs) -> Result<(String, u8), String> {
    if args.fics.iter().any(|f| f == "-") && args.github_ids.as_deref() == Some("-") {
        return Err(
            "fedcred: only one of --fics and --github-ids can read standard input".to_owned(),
        );
    }
    let (sources, notes) = crate::fics::gather(&args.fics)?;
    // The listings among the files, each told apart once (a template is read to tell).
    let listings: Vec<&str> = sources
        .iter()
        .filter(|(name, text)| fedcred_core::iac::kind_of(name, text).is_none())
        .map(|(name, _)| name.as_str())
        .collect();
    if listings.len() < sources.len() {
        if !listings.is_empty() {
            return Err(format!(
                "fedcred: {} {} not Terraform, Bicep or an ARM template: audit what az or Graph printed and the code that declares credentials in two runs",
                listings.join(", "),
                if listings.len() == 1 { "is" } else { "are" }
            ));
        }
        return declared_audit(&args, sources, notes);
    }
    if !args.vars.is_empty() || !args.var_files.is_empty() {
        return Err(
            "fedcred: --var and --var-file are for Terraform, Bicep and ARM files, and --fics names none"
                .to_owned(),
        );
    }
    let text = sources
        .iter()
        .map(|(_, text)| text.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    let report = audit_with(&text, &options(&args)?);
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
            if let Some(edit) = &f.edit {
                out.push_str(&format!("    edit: {}\n", edit.replace('\n', "\n      ")));
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
