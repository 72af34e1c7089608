//! What every provider's builder shares: the common inputs, the result, and the last step that
//! applies the shared inputs and Entra's record rules to a provider's parts.

use serde::Serialize;

use crate::audience::Cloud;
use crate::credential::Credential;
use crate::finding::{Code, Finding, has_errors};
use crate::validation;

/// Inputs every platform shares.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Common {
    /// The credential name; when empty, a name is suggested from the other inputs.
    pub name: String,
    /// The cloud whose audience to use.
    pub cloud: Cloud,
    /// A custom audience instead of the cloud's (must equal the token's `aud`).
    pub audience: String,
    /// Free text stored with the credential.
    pub description: String,
}

impl Common {
    /// The audience: the custom one when given, else the cloud's.
    pub fn audience(&self) -> String {
        if self.audience.is_empty() {
            self.cloud.audience().to_owned()
        } else {
            self.audience.clone()
        }
    }

    fn description(&self) -> Option<String> {
        (!self.description.is_empty()).then(|| self.description.clone())
    }
}

/// What a platform built: credentials (none when any finding is an error) and findings.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Built {
    /// The credentials, ready to create.
    pub credentials: Vec<Credential>,
    /// Errors, warnings and notes, each tied to the input it concerns.
    pub findings: Vec<Finding>,
}

impl Built {
    /// Whether the input had no error.
    pub fn is_ok(&self) -> bool {
        !has_errors(&self.findings)
    }
}

/// A credential under construction: the parts a platform computes.
pub(crate) struct Part {
    pub suggested_name: String,
    pub issuer: String,
    pub matcher: crate::credential::Matcher,
}

/// Finishes a platform's parts into credentials: applies the shared inputs, validates each
/// record and the set, and drops the credentials if anything is an error.
/// A flexible credential whose only error is a missing ID (Entra applies GitHub's and GitLab's
/// only when they pin the repository or project by ID: field guide §9) still belongs in a
/// predicted set (issue 25): built again by `rebuild` with a stand-in ID, then written with
/// `placeholder` in its place, and said as a warning (`message`, on `field`) that names how to
/// get the ID. The snippets refuse to run until it is replaced. `None` when anything else is wrong.
pub(crate) fn with_id_placeholder(
    findings: &[Finding],
    rebuild: impl FnOnce(&str) -> Built,
    placeholder: &str,
    field: &'static str,
    message: &str,
) -> Option<Built> {
    let missing_id = |f: &&Finding| f.code == Code::ExpressionIdRequired;
    if !findings.iter().any(|f| missing_id(&f))
        || findings.iter().any(|f| f.is_error() && !missing_id(&f))
    {
        return None;
    }
    // A valid ID that no repository or project has (IDs start at 1 and are far smaller),
    // replaced whole, inside its quotes.
    const STAND_IN: &str = "18446744073709551615";
    let mut built = rebuild(STAND_IN);
    if built.findings.iter().any(Finding::is_error) || built.credentials.is_empty() {
        return None;
    }
    for credential in &mut built.credentials {
        if let crate::credential::Matcher::Expression(e) = &mut credential.matcher {
            *e = e.replace(&format!("'{STAND_IN}'"), &format!("'{placeholder}'"));
        }
    }
    built.findings.retain(|f| !f.message.contains(STAND_IN));
    built
        .findings
        .push(Finding::warning(Code::ExpressionIdRequired, field, message));
    Some(built)
}

pub(crate) fn finish(common: &Common, parts: Vec<Part>, mut findings: Vec<Finding>) -> Built {
    let several = parts.len() > 1;
    let credentials: Vec<Credential> = parts
        .into_iter()
        .map(|part| {
            let name = if common.name.is_empty() {
                part.suggested_name
            } else if several {
                // One name for several credentials: keep it as a prefix, add what differs.
                let suffix = part.suggested_name.rsplit('-').next().unwrap_or_default();
                format!("{}-{}", common.name, suffix)
            } else {
                common.name.clone()
            };
            Credential {
                name,
                issuer: part.issuer,
                matcher: part.matcher,
                audiences: vec![common.audience()],
                description: common.description(),
            }
        })
        .collect();
    // The builder already named the ID a pattern lacks, on the field to fill.
    let id_named = findings
        .iter()
        .any(|f| f.code == Code::ExpressionIdRequired);
    for credential in &credentials {
        for finding in validation::validate_credential(credential) {
            if id_named && finding.code == Code::ExpressionMissingIdClaim {
                continue;
            }
            if !findings.contains(&finding) {
                findings.push(finding);
            }
        }
    }
    findings.extend(validation::validate_set(&credentials));
    if !common.audience.is_empty() && Cloud::from_audience(&common.audience).is_none() {
        findings.push(Finding::info(
            Code::CustomAudience,
            "audience",
            "a custom audience works only if the workload asks its issuer for exactly this aud; the recommended value is api://AzureADTokenExchange",
        ));
    }
    let credentials = if has_errors(&findings) {
        Vec::new()
    } else {
        credentials
    };
    Built {
        credentials,
        findings,
    }
}

/// A credential name made from free text: letters and digits kept, everything else a single
/// `-`, trimmed to Entra's 120 characters, starting with a letter or digit.
pub fn suggest_name(parts: &[&str]) -> String {
    let mut name = String::new();
    for part in parts {
        for c in part.chars() {
            if c.is_ascii_alphanumeric() {
                name.push(c.to_ascii_lowercase());
            } else if !name.ends_with('-') && !name.is_empty() {
                name.push('-');
            }
        }
        if !name.is_empty() && !name.ends_with('-') {
            name.push('-');
        }
    }
    let mut name: String = name.trim_matches('-').chars().take(120).collect();
    while name.ends_with('-') {
        name.pop();
    }
    while name.len() < 3 {
        name.push('x');
    }
    name
}

/// Reads a GUID input, with a finding naming the field when it is missing or malformed.
pub(crate) fn guid_input(
    value: &str,
    field: &'static str,
    label: &str,
    findings: &mut Vec<Finding>,
) -> Option<crate::guid::Guid> {
    match value.parse::<crate::guid::Guid>() {
        Ok(guid) => Some(guid),
        Err(crate::guid::GuidError::Empty) => {
            findings.push(Finding::error(
                Code::GuidRequired,
                field,
                format!(
                    "the {label} is required: a GUID like 11111111-2222-3333-4444-555555555555"
                ),
            ));
            None
        }
        Err(error) => {
            findings.push(Finding::error(
                Code::GuidInvalid,
                field,
                format!("the {label}: {error}"),
            ));
            None
        }
    }
}

/// Reads a required free-text name that becomes part of a subject: no surrounding white space,
/// no control characters, none of `forbidden`, nothing outside ASCII unless `unicode_ok`.
pub(crate) fn name_input<'a>(
    value: &'a str,
    field: &'static str,
    label: &str,
    forbidden: &[char],
    findings: &mut Vec<Finding>,
) -> Option<&'a str> {
    if value.trim().is_empty() {
        findings.push(Finding::error(
            Code::ValueRequired,
            field,
            format!("the {label} is required"),
        ));
        return None;
    }
    if value != value.trim() {
        findings.push(Finding::error(
            Code::SurroundingWhitespace,
            field,
            format!("the {label} starts or ends with white space, which the token will not have; remove it"),
        ));
        return None;
    }
    if let Some(c) = value
        .chars()
        .find(|c| c.is_control() || forbidden.contains(c))
    {
        findings.push(Finding::error(
            Code::CharacterNotAllowed,
            field,
            format!("the {label} cannot contain '{}'", c.escape_default()),
        ));
        return None;
    }
    if non_ascii(value, field, label, findings) {
        return None;
    }
    Some(value)
}

/// Finds a character outside ASCII, such as a Cyrillic `а` that looks like a Latin `a`: it makes
/// the subject silently differ from what GitHub emits.
pub(crate) fn non_ascii(
    value: &str,
    field: &'static str,
    label: &str,
    findings: &mut Vec<Finding>,
) -> bool {
    match value.chars().find(|c| !c.is_ascii()) {
        Some(c) => {
            findings.push(Finding::error(
                Code::NonAsciiCharacter,
                field,
                format!(
                    "the {label} contains '{c}' (U+{:04X}), which is not a plain ASCII character; it may look like a Latin letter but makes the subject differ. Retype it",
                    u32::from(c)
                ),
            ));
            true
        }
        None => false,
    }
}

/// An issuer as typed or pasted: the quotes `az … -o json` prints around it are removed, with a
/// note that says so (the value is what Entra compares, so the user should see it changed).
pub(crate) fn issuer_input(value: &str, findings: &mut Vec<Finding>) -> String {
    let trimmed = value.trim();
    for quote in ['"', '\'', '`'] {
        if let Some(inner) = trimmed
            .strip_prefix(quote)
            .and_then(|t| t.strip_suffix(quote))
        {
            findings.push(Finding::info(
                Code::IssuerQuotesRemoved,
                "issuer",
                format!(
                    "removed the quotes around the issuer (as az … -o json prints it): {inner}"
                ),
            ));
            return inner.trim().to_owned();
        }
    }
    value.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggested_names_follow_entras_rule() {
        let cases: [(&[&str], &str); 4] = [
            (
                &["github", "Contoso/App", "environment", "Prod:EastUS"],
                "github-contoso-app-environment-prod-eastus",
            ),
            (
                &["k8s", "default", "workload-identity-sa"],
                "k8s-default-workload-identity-sa",
            ),
            (&["--", "a"], "axx"),
            (&["ünï"], "nxx"),
        ];
        for (parts, name) in cases {
            let suggested = suggest_name(parts);
            assert_eq!(suggested, name);
            assert_eq!(validation::validate_name(&suggested), None, "{suggested}");
        }
        let long = suggest_name(&[&"a".repeat(300)]);
        assert_eq!(long.len(), 120);
    }
}

/// Why a CI job got no token, and what to do (each provider's `job.rs` says it for its CI).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Advice {
    /// What happened, for a person.
    pub message: String,
    /// What to do.
    pub fix: String,
    /// The YAML that does it, when there is one.
    pub command: Option<String>,
}
