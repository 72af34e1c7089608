//! Infrastructure as code (issue 31): the credentials Terraform declares, read from its source
//! ([`terraform`]) or from what `terraform show -json` and state files print ([`plan`]), and those
//! Bicep ([`bicep`]) and ARM templates ([`arm`]) declare (one expression tree and the template
//! functions serve both: `template`), into the credential model the audit reads, so that a
//! declaration is audited in the pull request that changes it, with each fix written as the
//! lines to change in the file, in its own language.
//!
//! ```
//! use fedcred_core::iac::{self, Given, Source};
//!
//! let tf = r#"
//! variable "repo" { default = "contoso/app" }
//! resource "azurerm_federated_identity_credential" "gh" {
//!   for_each  = toset(["dev", "prod"])
//!   name      = "gh-${each.key}"
//!   parent_id = azurerm_user_assigned_identity.deploy.id
//!   issuer    = "https://token.actions.githubusercontent.com/"
//!   subject   = "repo:${var.repo}:environment:${each.key}"
//!   audience  = ["api://AzureADTokenExchange"]
//! }"#;
//! let sources = [Source::new("main.tf", tf)];
//! let reading = iac::read(&sources, &Given::default(), Default::default());
//! assert_eq!(reading.credentials[1].address, r#"azurerm_federated_identity_credential.gh["prod"]"#);
//! let report = iac::audit(reading, &Default::default());
//! let slash = report.audit.findings.iter().find(|f| f.code == "issuer_trailing_slash").unwrap();
//! assert!(slash.edit.as_deref().unwrap().contains(r#"issuer = "https://token.actions.githubusercontent.com""#));
//! ```

pub mod arm;
pub mod bicep;
pub mod plan;
mod template;
pub mod terraform;
#[cfg(test)]
mod tests;

/// The files `(name, text)` read with the values `(name, value)` given, for tests.
#[cfg(test)]
pub(crate) fn read_texts(files: &[(&str, &str)], values: &[(&str, &str)]) -> Reading {
    let sources: Vec<Source> = files.iter().map(|(n, t)| Source::new(*n, *t)).collect();
    let given = Given {
        values: values
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
        ..Given::default()
    };
    read(&sources, &given, Face::Cli)
}

/// The edit of the first finding of `code` in `report`, for tests.
#[cfg(test)]
pub(crate) fn edit_of(report: &IacAudit, code: &str) -> String {
    report
        .audit
        .findings
        .iter()
        .find(|f| f.code.as_str() == code)
        .and_then(|f| f.edit.clone())
        .unwrap_or_else(|| panic!("{code}: {:#?}", report.audit.findings))
}

use crate::audit::{self, Audit, AuditFinding, Identity};
use crate::credential::Credential;
use crate::face::Face;
use crate::finding::{Code, Severity};
use crate::import::Imported;
pub use crate::import::Location;
use crate::json::{Map, Value};

/// One file given: its name (a path) and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its path, as given.
    pub name: String,
    /// Its text.
    pub text: String,
}

impl Source {
    /// A file.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Source {
        Source {
            name: name.into(),
            text: text.into(),
        }
    }
}

/// Values given beside the files (`--var`, `--var-file`, the page's Values box).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Given {
    /// `NAME=VALUE` pairs: a variable (`repo`, `var.repo`), or any other reference the files
    /// cannot know (`data.azurerm_client_config.current.tenant_id`,
    /// `azurerm_kubernetes_cluster.aks.oidc_issuer_url`), in the order given; later wins.
    pub values: Vec<(String, String)>,
    /// `.tfvars` files given, read after the folder's own, in the order given.
    pub files: Vec<Source>,
    /// Whether every `.tfvars` file among the sources was chosen by the user (a file named on
    /// the command line), so it is read even when Terraform would not load it by itself.
    pub explicit_files: bool,
}

impl Given {
    /// Reads the page's Values box: one `NAME = VALUE` per line (the value bare or in double
    /// quotes, as a `.tfvars` line writes it), blank lines and `#` comments skipped. A line that
    /// is not one is named by its number.
    pub fn values_from_lines(text: &str) -> Result<Vec<(String, String)>, String> {
        let mut out = Vec::new();
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let Some((name, value)) = line.split_once('=') else {
                return Err(format!(
                    "Values, line {}: '{line}' is not NAME = VALUE (for example repo = \"contoso/app\")",
                    n + 1
                ));
            };
            let (name, value) = (name.trim(), value.trim());
            if name.is_empty() || name.contains(char::is_whitespace) {
                return Err(format!("Values, line {}: '{name}' is not a name", n + 1));
            }
            let value = match value.strip_prefix('"').and_then(|v| v.strip_suffix('"')) {
                Some(quoted) => quoted.replace("\\\"", "\"").replace("\\\\", "\\"),
                None => value.to_owned(),
            };
            out.push((name.to_owned(), value));
        }
        Ok(out)
    }
}

/// The language a credential was declared in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    /// Terraform source (`.tf`).
    Terraform,
    /// `terraform show -json` (a plan or state) or a state file.
    TerraformJson,
    /// Bicep (`.bicep`).
    Bicep,
    /// An ARM template (JSON).
    Arm,
}

impl Language {
    /// Its name in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Language::Terraform => "terraform",
            Language::TerraformJson => "terraform-json",
            Language::Bicep => "bicep",
            Language::Arm => "arm",
        }
    }
}

/// Where one attribute of a declaration is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The attribute's name (`issuer`, `subject`, `audience`, …).
    pub attribute: &'static str,
    /// Its expression, as written.
    pub source: String,
    /// The line it is on (1-based).
    pub line: usize,
    /// Whether it is a plain literal (a quoted string without interpolation, or a list of them),
    /// so a fix can give the corrected line itself.
    pub literal: bool,
}

/// What a plan does to a credential (`resource_changes[].change.actions`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// `["create"]`.
    Create,
    /// `["update"]`: changed in place.
    Update,
    /// `["delete"]`.
    Delete,
    /// `["delete", "create"]`: replaced, the old deleted first (Terraform's default).
    DeleteThenCreate,
    /// `["create", "delete"]`: replaced with `create_before_destroy`.
    CreateThenDelete,
    /// `["no-op"]`, `["read"]`, `["forget"]`: nothing changes in Entra.
    Keep,
}

impl Action {
    /// Reads a plan's `actions` list (Terraform's JSON output format; plans/plans.go's
    /// `Action`s as `terraform show -json` writes them, v1.14).
    pub fn from_actions(actions: &[&str]) -> Option<Action> {
        Some(match actions {
            ["create"] => Action::Create,
            ["update"] => Action::Update,
            ["delete"] => Action::Delete,
            ["delete", "create"] => Action::DeleteThenCreate,
            ["create", "delete"] => Action::CreateThenDelete,
            ["no-op"] | ["read"] | ["forget"] | ["create", "forget"] => Action::Keep,
            _ => return None,
        })
    }

    /// Its name in the JSON contract.
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Create => "create",
            Action::Update => "update",
            Action::Delete => "delete",
            Action::DeleteThenCreate => "replace (delete, then create)",
            Action::CreateThenDelete => "replace (create, then delete)",
            Action::Keep => "no change",
        }
    }
}

/// One credential a file declares, with its values resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Declared {
    /// Its address: as Terraform prints it (`azurerm_federated_identity_credential.gh["prod"]`,
    /// `module.ci.azuread_application_federated_identity_credential.main[0]`); Bicep's symbolic
    /// name with a loop's index, nested (`identity::fic[1]`) and after its module's
    /// (`fics[0].fic`); an ARM template's symbolic name or `resources[N]`, with a copy loop's
    /// index, after a nested deployment's (`fics[0]/resources[0]`).
    pub address: String,
    /// Its resource type.
    pub resource_type: String,
    /// The identity it belongs to: the resource its parent attribute refers to
    /// (`azurerm_user_assigned_identity.deploy`), or the identity the ID it is given names.
    pub identity: String,
    /// Where that identity lives, when an ARM ID says.
    pub location: Location,
    /// The file it is declared in.
    pub file: String,
    /// The line its block starts on (1-based); 0 when the file has no lines (plan JSON).
    pub line: usize,
    /// The file's language.
    pub language: Language,
    /// The credential, as Entra will hold it.
    pub credential: Credential,
    /// Where its attributes are written (source files only).
    pub fields: Vec<Field>,
    /// What the plan does to it (plans only).
    pub action: Option<Action>,
    /// For a plan's replacement: whether the issuer, subject and identity stay the same.
    pub keeps_issuer_and_subject: bool,
}

/// A credential whose values cannot be known from the files.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unresolved {
    /// Its address (the resource's, when its `for_each` or `count` cannot be expanded).
    pub address: String,
    /// The file it is declared in.
    pub file: String,
    /// The line its block starts on.
    pub line: usize,
    /// Why, naming each missing value and how to give it.
    pub why: String,
    /// The file's language.
    pub language: Language,
}

/// What the provider or Entra would refuse in a declaration, whatever its values.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// The resource's address.
    pub address: String,
    /// The identity of its first credential (its file when none could be read).
    pub identity: String,
    /// The file.
    pub file: String,
    /// The line of the argument concerned.
    pub line: usize,
    /// The finding's code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// What to write instead.
    pub fix: String,
}

/// A file that could not be read, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unreadable {
    /// The file.
    pub file: String,
    /// What is wrong and what to do.
    pub message: String,
}

/// Everything read from the files.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reading {
    /// The credentials whose values are known.
    pub credentials: Vec<Declared>,
    /// Those whose values are not.
    pub unresolved: Vec<Unresolved>,
    /// Files that could not be read.
    pub unreadable: Vec<Unreadable>,
    /// Declarations the provider or Entra would refuse.
    pub problems: Vec<Problem>,
    /// What was read differently from what the user may expect (a `.tfvars` file Terraform
    /// would not load, a module whose credentials are in another folder).
    pub notes: Vec<String>,
}

impl Reading {
    /// What declared the credentials read, as a sentence starts: "The Terraform declares", "The
    /// Bicep declares", "The ARM template declares", or "The files declare" when they are of
    /// more than one language.
    pub fn declared_by(&self) -> &'static str {
        let mut languages: Vec<&'static str> = self
            .credentials
            .iter()
            .map(|d| d.language)
            .chain(self.unresolved.iter().map(|u| u.language))
            .map(|language| match language {
                Language::Terraform | Language::TerraformJson => "The Terraform declares",
                Language::Bicep => "The Bicep declares",
                Language::Arm => "The ARM template declares",
            })
            .collect();
        languages.sort_unstable();
        languages.dedup();
        match languages.as_slice() {
            [one] => one,
            _ => "The files declare",
        }
    }

    /// Records that `file` could not be read, and why.
    pub(crate) fn refuse(&mut self, file: &str, message: String) {
        self.unreadable.push(Unreadable {
            file: file.to_owned(),
            message,
        });
    }
}

/// What a file is, by its name and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// Terraform source.
    Terraform,
    /// A `.tfvars` file.
    TerraformVars,
    /// `terraform show -json` or a state file.
    TerraformJson,
    /// Bicep source.
    Bicep,
    /// A `.bicepparam` file.
    BicepParams,
    /// An ARM template.
    Arm,
    /// An ARM parameters file (`main.parameters.json`), for a Bicep file or an ARM template.
    ArmParams,
}

/// What `name`'s `text` is, when it is infrastructure as code fedcred reads.
pub fn kind_of(name: &str, text: &str) -> Option<Kind> {
    classify(name, text).map(|(kind, _)| kind)
}

/// What `name`'s `text` is, with the JSON read to tell (an ARM template's or parameters file's),
/// so that it is not read twice.
fn classify(name: &str, text: &str) -> Option<(Kind, Option<crate::json::Value>)> {
    let kind = |kind| Some((kind, None));
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".tfvars") || lower.ends_with(".tfvars.json") {
        return kind(Kind::TerraformVars);
    }
    if lower.ends_with(".tf") {
        return kind(Kind::Terraform);
    }
    if lower.ends_with(".bicep") {
        return kind(Kind::Bicep);
    }
    if lower.ends_with(".bicepparam") {
        return kind(Kind::BicepParams);
    }
    if plan::looks_like(text) {
        return kind(Kind::TerraformJson);
    }
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        // JSON: an ARM template or parameters file, told by its `$schema` or its keys.
        let value = crate::json::parse(text).ok()?;
        if arm::is_template(&value) {
            return Some((Kind::Arm, Some(value)));
        }
        if arm::is_parameters(&value) {
            return Some((Kind::ArmParams, Some(value)));
        }
        return None;
    }
    if trimmed.starts_with('[') {
        return None;
    }
    // Bicep first: its declarations quote their types with single quotes, which Terraform's
    // labels never are.
    if bicep::looks_like(text) {
        return kind(Kind::Bicep);
    }
    if terraform::looks_like(text) {
        return kind(Kind::Terraform);
    }
    None
}

/// The name a pasted text is read under, when it declares credentials on its own (Terraform, a
/// plan or state, Bicep, an ARM template); `None` for anything else. Told by a glance at its
/// text, not by reading it (the page asks on every keystroke, and its first module carries
/// this): the reader the name leads to says so if the glance was wrong.
pub fn pasted_name(text: &str) -> Option<&'static str> {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        return if plan::looks_like(text) {
            Some("pasted-plan.json")
        } else if arm::looks_like(text) {
            Some("pasted-template.json")
        } else {
            None
        };
    }
    if trimmed.starts_with('[') {
        None
    } else if bicep::looks_like(text) {
        Some("pasted.bicep")
    } else if terraform::looks_like(text) {
        Some("pasted.tf")
    } else {
        None
    }
}

/// The identity an ID names: a managed identity's ARM ID (its name and where it lives), an
/// application's `/applications/{object id}` (azuread 3.x `application_id`) or bare object ID.
pub(crate) fn identity_from_id(id: &str) -> (String, Location) {
    let location = crate::import::location_of(id);
    if let Some(name) = location.identity_name.clone() {
        return (name, location);
    }
    let oid = id.strip_prefix("/applications/").unwrap_or(id);
    (format!("application {oid}"), Location::default())
}

/// The folder part of a path (`modules/ci` of `modules/ci/main.tf`; empty for a bare name).
pub fn folder(name: &str) -> &str {
    name.rfind(['/', '\\'])
        .and_then(|i| name.get(..i))
        .unwrap_or("")
}

/// Reads the credentials declared in `sources`: Terraform files grouped by folder (one module
/// each), plans and state files each on their own, Bicep files with the modules they call and
/// their parameters files, ARM templates with theirs. A source of no kind fedcred reads is
/// named as unreadable.
pub fn read(sources: &[Source], given: &Given, face: Face) -> Reading {
    let mut reading = Reading::default();
    template::start();
    let mut modules: Vec<(&str, Vec<&Source>)> = Vec::new();
    let mut bicep_files = Vec::new();
    let mut param_files: Vec<bicep::ParamFile> = Vec::new();
    let mut templates: Vec<(&Source, crate::json::Value)> = Vec::new();
    // A template over the size limit is refused rather than read.
    let bounded = |source: &Source, reading: &mut Reading| {
        if source.text.len() > terraform::MAX_FILE {
            reading.refuse(
                &source.name,
                format!(
                    "{} is {} bytes: fedcred reads templates of up to {} MiB",
                    source.name,
                    source.text.len(),
                    terraform::MAX_FILE >> 20
                ),
            );
            false
        } else {
            true
        }
    };
    let given_params = given.files.iter().filter(|f| {
        matches!(
            kind_of(&f.name, &f.text),
            Some(Kind::BicepParams | Kind::ArmParams)
        )
    });
    for source in sources.iter().chain(given_params) {
        let (kind, json) = classify(&source.name, &source.text).unzip();
        match kind {
            Some(Kind::Terraform | Kind::TerraformVars) => {
                let dir = folder(&source.name);
                match modules.iter_mut().find(|(d, _)| *d == dir) {
                    Some((_, files)) => files.push(source),
                    None => modules.push((dir, vec![source])),
                }
            }
            Some(Kind::TerraformJson) => plan::read(source, &mut reading),
            Some(Kind::Bicep) => match bicep::parse_file(source) {
                Ok(file) => bicep_files.push(file),
                Err(message) => reading.refuse(&source.name, message),
            },
            Some(Kind::BicepParams) => match bicep::parse_file(source) {
                Ok(file) => param_files.push(bicep::param_file(&file, &given.values, face)),
                Err(message) => reading.refuse(&source.name, message),
            },
            Some(Kind::Arm) => {
                if let Some(v) = json.flatten()
                    && bounded(source, &mut reading)
                {
                    templates.push((source, v));
                }
            }
            Some(Kind::ArmParams) => {
                if let Some(v) = json.flatten()
                    && bounded(source, &mut reading)
                {
                    param_files.push(bicep::ParamFile {
                        name: source.name.clone(),
                        target: arm::parameters_target(&source.name),
                        values: arm::parameter_values(&source.name, &v, face),
                    });
                }
            }
            None => reading.refuse(
                &source.name,
                format!(
                    "{} is not Terraform source, a plan or state file, Bicep, or an ARM template",
                    source.name
                ),
            ),
        }
    }
    // Which template each parameters file is for: `using` says, or its name (`main.parameters.json`
    // is for `main.bicep` or `main.json`); else the one template in its folder.
    let template_names: Vec<String> = bicep_files
        .iter()
        .map(|f| f.name.clone())
        .chain(templates.iter().map(|(s, _)| s.name.clone()))
        .collect();
    for p in &mut param_files {
        let norm = |n: &str| terraform::join("", n);
        let found = match &p.target {
            Some(t) if template_names.iter().any(|n| norm(n) == norm(t)) => Some(t.clone()),
            Some(stem) if !stem.ends_with(".bicep") => template_names
                .iter()
                .find(|n| {
                    let n = norm(n);
                    n == norm(&format!("{stem}.bicep")) || n == norm(&format!("{stem}.json"))
                })
                .cloned(),
            _ => None,
        };
        let found = found.or_else(|| {
            let mine: Vec<&String> = template_names
                .iter()
                .filter(|n| folder(n) == folder(&p.name))
                .collect();
            match mine.as_slice() {
                [only] if p.target.is_none() || !p.name.ends_with(".bicepparam") => {
                    Some((*only).clone())
                }
                _ => None,
            }
        });
        if found.is_none() {
            reading.notes.push(format!(
                "{} is a parameters file for no template among those given; its values are not used",
                p.name
            ));
        }
        p.target = found;
    }
    terraform::read_folders(&modules, given, face, &mut reading);
    bicep::read(&bicep_files, &param_files, given, face, &mut reading);
    for (source, value) in &templates {
        let mine: Vec<(String, arm::Values)> = param_files
            .iter()
            .filter(|p| p.target.as_deref() == Some(source.name.as_str()))
            .map(|p| (p.name.clone(), p.values.clone()))
            .collect();
        arm::read(source, value, &mine, given, face, &mut reading);
    }
    reading
}

/// Each missing value said once, with the attributes it leaves unknown: `(attribute, why)`
/// pairs, each `why` one or more reasons joined by "; ", become "the issuer and subject cannot
/// be known: …".
pub(crate) fn unknown_sentences(unknown: &[(&str, String)]) -> Vec<String> {
    let mut reasons: Vec<(&str, Vec<&str>)> = Vec::new();
    for (attribute, why) in unknown {
        for reason in why.split("; ") {
            match reasons.iter_mut().find(|(r, _)| *r == reason) {
                Some((_, attributes)) => attributes.push(attribute),
                None => reasons.push((reason, vec![attribute])),
            }
        }
    }
    let mut by_attributes: Vec<(Vec<&str>, Vec<&str>)> = Vec::new();
    for (reason, attributes) in reasons {
        match by_attributes.iter_mut().find(|(a, _)| *a == attributes) {
            Some((_, list)) => list.push(reason),
            None => by_attributes.push((attributes, vec![reason])),
        }
    }
    by_attributes
        .into_iter()
        .map(|(attributes, reasons)| {
            let list = match attributes.split_last() {
                Some((last, [])) => (*last).to_owned(),
                Some((last, rest)) => format!("{} and {last}", rest.join(", ")),
                None => String::new(),
            };
            format!("the {list} cannot be known: {}", reasons.join("; "))
        })
        .collect()
}

/// The audit of declared credentials, with what could not be known.
#[derive(Debug, Clone, PartialEq)]
pub struct IacAudit {
    /// The audit: its findings carry [`AuditFinding::edit`], the lines to change.
    pub audit: Audit,
    /// What was read.
    pub reading: Reading,
}

/// The value of `field` (`issuer` or `subject`, as [`audit::corrected`] names them) in `c`.
fn value_of<'c>(c: &'c Credential, field: &str) -> &'c str {
    match field {
        "issuer" => &c.issuer,
        _ => c.subject().unwrap_or_default(),
    }
}

/// `attribute` set to `value` (already written in the language), as a line of the language:
/// HCL's `issuer = "…"`, Bicep's `issuer: '…'`, ARM's `"issuer": "…"`.
fn assignment(language: Language, attribute: &str, value: &str) -> String {
    match language {
        Language::Bicep => format!("  {attribute}: {value}"),
        Language::Arm => format!("  {}: {value}", crate::json::quote(attribute)),
        _ => format!("  {attribute} = {value}"),
    }
}

/// A string in the language's own quoting.
fn quoted(language: Language, value: &str) -> String {
    match language {
        Language::Bicep => crate::snippets::quote::bicep(value),
        Language::Arm => crate::json::quote(value),
        _ => crate::snippets::quote::hcl(value),
    }
}

/// The lines to change in the file for finding `f` on credential `d` (`fixed`: the credential
/// with every correction found applied), in the file's own language; `None` when the fix is not one edit of the declaration.
fn edit(f: &AuditFinding, d: &Declared, fixed: &Credential) -> Option<String> {
    let at = |line: usize| format!("{}:{line}", d.file);
    if d.language == Language::TerraformJson {
        return None;
    }
    let field = |attribute: &str| d.fields.iter().find(|x| x.attribute == attribute);
    if let Some((name, _)) = audit::corrected(f.code, &d.credential) {
        let value = value_of(fixed, name);
        let field = field(name)?;
        return Some(if field.literal {
            format!(
                "{}\n{}",
                at(field.line),
                assignment(d.language, field.attribute, &quoted(d.language, value))
            )
        } else {
            let old = value_of(&d.credential, name);
            format!(
                "{}\n{}\ngives '{old}' for {}; change it, or the value it reads, so that it gives '{value}'",
                at(field.line),
                assignment(d.language, field.attribute, &field.source),
                d.address
            )
        });
    }
    match f.code {
        Code::AudienceMismatch => {
            let field = d
                .fields
                .iter()
                .find(|x| x.attribute.starts_with("audience"))?;
            let value = match d.language {
                Language::Bicep => "[\n    'api://AzureADTokenExchange'\n  ]",
                _ if field.attribute == "audiences" || d.resource_type.starts_with("azurerm") => {
                    "[\"api://AzureADTokenExchange\"]"
                }
                _ => "\"api://AzureADTokenExchange\"",
            };
            Some(format!(
                "{}\n{}",
                at(field.line),
                assignment(d.language, field.attribute, value)
            ))
        }
        _ => None,
    }
}

/// Two declarations of one identity with the same issuer and subject, or the same name: Entra
/// keeps both unique on an identity (Graph's federatedIdentityCredential resource; field guide
/// §10), so the second cannot be created beside the first.
fn duplicates(credentials: &[Declared]) -> Vec<AuditFinding> {
    use std::collections::HashMap;
    let mut out = Vec::new();
    // An identity is told apart by its name and, when an ARM ID says, where it lives.
    type Pair<'a> = (
        &'a str,
        &'a Location,
        &'a str,
        &'a crate::credential::Matcher,
    );
    let mut pairs: HashMap<Pair<'_>, &Declared> = HashMap::new();
    let mut names: HashMap<(&str, &Location, &str), &Declared> = HashMap::new();
    for d in credentials
        .iter()
        .filter(|d| d.action != Some(Action::Delete))
    {
        let c = &d.credential;
        let finding = |code, message: String, fix: &str, edit| AuditFinding {
            code,
            severity: Severity::Error,
            identity: d.identity.clone(),
            fic: Some(c.name.clone()),
            message,
            fix: fix.to_owned(),
            command: None,
            migration: None,
            edit: Some(edit),
        };
        let pair = (
            d.identity.as_str(),
            &d.location,
            c.issuer.as_str(),
            &c.matcher,
        );
        if let Some(first) = pairs.get(&pair) {
            out.push(finding(
                Code::DuplicateCredential,
                format!(
                    "{} declares the same issuer and {} as {}: Entra refuses a second credential with the same issuer and subject on one identity, so the apply fails",
                    d.address,
                    if c.is_flexible() { "expression" } else { "subject" },
                    first.address
                ),
                "keep one of the two",
                if d.address.ends_with(']') {
                    let each = match d.language {
                        Language::Bicep => "the items its for loop is over",
                        Language::Arm => "the items its copy loop counts",
                        _ => "the resource's for_each or count",
                    };
                    format!("{}:{}\nremove the entry of {} from {each}", d.file, d.line, d.address)
                } else {
                    format!("{}:{}\nremove the resource {}", d.file, d.line, d.address)
                },
            ));
        } else {
            pairs.insert(pair, d);
        }
        let key = (d.identity.as_str(), &d.location, c.name.as_str());
        if let Some(first) = names.get(&key) {
            out.push(finding(
                Code::DuplicateName,
                format!(
                    "{} and {} both name their credential '{}' on one identity: Entra keeps a credential's name unique on its identity, so the second cannot be created beside the first",
                    d.address, first.address, c.name
                ),
                "give each credential a name of its own (with the environment or branch it is for)",
                d.fields
                    .iter()
                    .find(|f| f.attribute == "name" || f.attribute == "display_name")
                    .map_or_else(
                        || format!("{}:{}", d.file, d.line),
                        |f| format!("{}:{}\n{}", d.file, f.line, assignment(d.language, f.attribute, &f.source)),
                    ),
            ));
        } else {
            names.insert(key, d);
        }
    }
    out
}

/// What a plan's action on a credential means for the workloads that sign in with it.
fn action_finding(d: &Declared) -> Option<AuditFinding> {
    let c = &d.credential;
    let what = match c.subject() {
        Some(s) => format!("subject '{s}'"),
        None => format!("expression '{}'", c.expression().unwrap_or_default()),
    };
    let (code, message, fix) = match d.action? {
        Action::Delete => (
            Code::PlanDeletesCredential,
            format!("the plan deletes {} ('{}', {what}): a workload that signs in with it fails from the apply on", d.address, c.name),
            "if a workload still signs in with it, keep the resource; if it was only renamed or moved, add a moved block so that Terraform does not delete it".to_owned(),
        ),
        Action::DeleteThenCreate => (
            Code::PlanReplacesCredential,
            format!("the plan replaces {} ('{}', {what}) by deleting it first: between the delete and the create, a workload that signs in with it fails", d.address, c.name),
            "if the change is only its name or identity, declare the new credential as a resource of its own, apply, move the workloads, then remove the old one in a later change".to_owned(),
        ),
        Action::CreateThenDelete if d.keeps_issuer_and_subject => (
            Code::PlanReplacesCredential,
            format!("the plan replaces {} ('{}', {what}) creating the new one first, with the same issuer and subject on the same identity: Entra refuses a second credential with the same issuer and subject, so the create fails while the old one exists", d.address, c.name),
            "let Terraform delete it first (no create_before_destroy) in a window where nothing signs in with it, or change the subject in a new resource beside it".to_owned(),
        ),
        _ => return None,
    };
    Some(AuditFinding {
        code,
        severity: Severity::Warning,
        identity: d.identity.clone(),
        fic: Some(c.name.clone()),
        message,
        fix,
        command: None,
        migration: None,
        edit: None,
    })
}

/// Audits what was read: the audit's checks on every credential whose values are known, grouped
/// by identity across files (the 20 limit is counted per identity), each finding with the lines
/// to change; a plan's deletions and replacements said. Commands and migrations for `az` are
/// left out: a credential Terraform manages is changed in its files, or the next apply undoes it.
pub fn audit(reading: Reading, options: &audit::Options) -> IacAudit {
    let mut identities: Vec<Identity> = Vec::new();
    let mut positions: Vec<Vec<usize>> = Vec::new();
    let mut extra = Vec::new();
    for (i, d) in reading.credentials.iter().enumerate() {
        if d.action == Some(Action::Delete) {
            // Deleted by the plan: not among the identity's credentials after the apply.
            extra.extend(action_finding(d));
            continue;
        }
        let at = identities
            .iter()
            .position(|x| x.name == d.identity && x.location == d.location);
        let at = match at {
            Some(at) => at,
            None => {
                identities.push(Identity {
                    name: d.identity.clone(),
                    location: d.location.clone(),
                    credentials: Vec::new(),
                });
                positions.push(Vec::new());
                identities.len() - 1
            }
        };
        if let (Some(identity), Some(list)) = (identities.get_mut(at), positions.get_mut(at)) {
            identity
                .credentials
                .push(Imported::new(d.credential.clone(), d.location.clone()));
            list.push(i);
        }
        extra.extend(action_finding(d));
    }
    let unreadable: Vec<AuditFinding> = reading
        .unreadable
        .iter()
        .map(|u| AuditFinding {
            code: Code::IacUnreadable,
            severity: Severity::Error,
            identity: u.file.clone(),
            fic: None,
            message: u.message.clone(),
            fix: "correct the file, or leave it out".to_owned(),
            command: None,
            migration: None,
            edit: None,
        })
        .collect();
    let mut result = audit::audit_identities(identities, unreadable, options);
    // Which declaration each finding is about: its identity and credential name, looked up in a
    // table made once (the first credential of a name, as the audit names it).
    let mut declared: std::collections::HashMap<(&str, &str), usize> =
        std::collections::HashMap::new();
    for (identity, list) in result.read.iter().zip(&positions) {
        for (c, i) in identity.credentials.iter().zip(list) {
            declared
                .entry((identity.name.as_str(), c.credential.name.as_str()))
                .or_insert(*i);
        }
    }
    let about: Vec<Option<usize>> = result
        .findings
        .iter()
        .map(|f| {
            let fic = f.fic.as_deref()?;
            declared.get(&(f.identity.as_str(), fic)).copied()
        })
        .collect();
    // Every correction of one credential applied together (white space and a trailing slash on
    // one issuer): each finding's lines give the value that satisfies them all.
    let mut corrected: std::collections::HashMap<usize, Credential> =
        std::collections::HashMap::new();
    for (f, i) in result.findings.iter().zip(&about) {
        let Some(i) = *i else { continue };
        let Some(d) = reading.credentials.get(i) else {
            continue;
        };
        let c = corrected.entry(i).or_insert_with(|| d.credential.clone());
        if let Some((field, value)) = audit::corrected(f.code, c) {
            match field {
                "issuer" => c.issuer = value,
                _ => c.matcher = crate::credential::Matcher::Subject(value),
            }
        }
    }
    for (f, i) in result.findings.iter_mut().zip(&about) {
        let command = f.command.take();
        let migration = f.migration.take();
        let Some(d) = i.and_then(|i| reading.credentials.get(i)) else {
            continue;
        };
        let fixed = i.and_then(|i| corrected.get(&i)).unwrap_or(&d.credential);
        if let Some((field, _)) = audit::corrected(f.code, &d.credential) {
            let value = value_of(fixed, field);
            // The audit's fix names az commands; a declared credential is changed in its file.
            f.fix = format!(
                "set the {field} to '{value}' where the file declares it: as it is, the credential matches no token, so changing it stops nothing that signs in today{}",
                if f.code == Code::SubjectPullRequestHyphen {
                    audit::PULL_REQUEST_WIDENS
                } else {
                    ""
                }
            );
        } else if f.code == Code::LegacyAdoIssuer {
            // The audit's fix creates the new credential with fedcred fic; a declared one is
            // declared beside the old, in the same file.
            f.fix = format!(
                "convert the service connection to the Entra issuer (Project settings > Service connections > the connection > Convert), copy its Issuer and Subject identifier, declare a credential with them beside this one in the file, {} it, run the pipeline once, then remove this one",
                match d.language {
                    Language::Terraform | Language::TerraformJson => "apply",
                    Language::Bicep | Language::Arm => "deploy",
                }
            );
        } else if command.is_some() {
            f.fix = format!("{} (in the file that declares it)", f.fix);
        }
        f.edit = edit(f, d, fixed).or_else(|| {
            // A migration to a new credential: declared beside the old, applied, checked, then
            // the old removed (the migration's own order).
            let m = migration.as_ref()?;
            let [new] = m.create.as_slice() else {
                return None;
            };
            let field = d.fields.iter().find(|x| x.attribute == "subject")?;
            Some(format!(
                "{}:{}\ndeclare a credential beside {} with\n{}\n{} it, check that the workload signs in ({}), then remove {}",
                d.file,
                field.line,
                d.address,
                assignment(d.language, "subject", &quoted(d.language, new.subject()?)),
                if matches!(d.language, Language::Terraform) { "apply" } else { "deploy" },
                m.check,
                d.address
            ))
        });
    }
    // Duplicates said in a declaration's words: the apply fails, rather than a listing holding
    // the same credential twice.
    result
        .findings
        .retain(|f| !(f.code == Code::DuplicateCredential && f.severity != Severity::Info));
    result.findings.extend(duplicates(&reading.credentials));
    result.findings.extend(extra);
    result
        .findings
        .extend(reading.problems.iter().map(|p| AuditFinding {
            code: p.code,
            severity: Severity::Error,
            identity: p.identity.clone(),
            fic: None,
            message: p.message.clone(),
            fix: p.fix.clone(),
            command: None,
            migration: None,
            edit: Some(format!("{}:{}", p.file, p.line)),
        }));
    IacAudit {
        audit: result,
        reading,
    }
}

impl IacAudit {
    /// The audit's JSON ([`Audit::to_json`]) with `"credentials"`: `[{"resource_address",
    /// "name", "issuer", "subject" or null, "expression" or null, "audiences", "identity",
    /// "file", "line", "language", "action"?}]`, `"unresolved"`: `[{"resource_address", "file",
    /// "line", "why"}]` and `"notes"`: `[text]`.
    pub fn to_json(&self) -> Value {
        let mut json = self.audit.to_json();
        let credentials: Vec<Value> = self
            .reading
            .credentials
            .iter()
            .map(|d| {
                let c = &d.credential;
                let mut map = Map::new();
                map.insert("resource_address".into(), d.address.as_str().into());
                map.insert("name".into(), c.name.as_str().into());
                map.insert("issuer".into(), c.issuer.as_str().into());
                map.insert(
                    "subject".into(),
                    c.subject().map_or(Value::Null, Value::from),
                );
                map.insert(
                    "expression".into(),
                    c.expression().map_or(Value::Null, Value::from),
                );
                map.insert(
                    "audiences".into(),
                    c.audiences
                        .iter()
                        .map(|a| Value::from(a.as_str()))
                        .collect::<Vec<_>>()
                        .into(),
                );
                map.insert("identity".into(), d.identity.as_str().into());
                map.insert("file".into(), d.file.as_str().into());
                map.insert("line".into(), line(d.line));
                map.insert("language".into(), d.language.as_str().into());
                if let Some(action) = d.action {
                    map.insert("action".into(), action.as_str().into());
                }
                map.into()
            })
            .collect();
        let unresolved: Vec<Value> = self
            .reading
            .unresolved
            .iter()
            .map(|u| {
                let mut map = Map::new();
                map.insert("resource_address".into(), u.address.as_str().into());
                map.insert("file".into(), u.file.as_str().into());
                map.insert("line".into(), line(u.line));
                map.insert("why".into(), u.why.as_str().into());
                map.into()
            })
            .collect();
        if let Value::Object(map) = &mut json {
            map.insert("credentials".into(), credentials.into());
            map.insert("unresolved".into(), unresolved.into());
            map.insert(
                "notes".into(),
                self.reading
                    .notes
                    .iter()
                    .map(|n| Value::from(n.as_str()))
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
        json
    }
}

fn line(n: usize) -> Value {
    i64::try_from(n).unwrap_or(i64::MAX).into()
}
