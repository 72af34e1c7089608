//! The two credential resource types Bicep and ARM declare, and one credential built from the
//! values a declaration's properties evaluate to.
//!
//! - `Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials`: `name`,
//!   and under `properties` `issuer`, `subject`, `audiences`; `claimsMatchingExpression`
//!   (`{value, languageVersion}`) only in API versions 2025-01-31-preview and
//!   2025-05-31-preview (Azure/azure-rest-api-specs, `specification/msi/resource-manager/
//!   Microsoft.ManagedIdentity`: the preview folders' `FlexibleFederatedIdentityCredentialCreate`
//!   examples; GA 2023-01-31, 2024-11-30, 2026-04-30 and 2026-05-31 have none; read
//!   2026-12-05; field guide §10).
//! - `Microsoft.Graph/applications/federatedIdentityCredentials` (the Graph Bicep extension,
//!   `v1.0` and `beta`): `name` is `APP/NAME` (the application's `uniqueName`, then the
//!   credential's), with `issuer`, `subject`, `audiences` at the top of the body, not under
//!   `properties` (microsoftgraph/msgraph-bicep-types, `quickstart-templates/
//!   create-fic-for-github-actions/main.bicep`; field guide §10). Compiled to ARM, an
//!   extension's resource keeps them under `properties`; both are read.

use super::super::{Declared, Field, Language, Location};
use crate::credential::{Credential, Matcher};
use crate::json::Value;

/// Which credential resource type a declaration is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(in crate::iac) enum Type {
    /// A user-assigned managed identity's.
    Managed,
    /// An app registration's, through the Graph extension.
    Graph,
}

/// The managed identity type, lower case, as types are compared.
pub(in crate::iac) const IDENTITY: &str = "microsoft.managedidentity/userassignedidentities";
/// The application type of the Graph extension, lower case.
pub(in crate::iac) const APPLICATION: &str = "microsoft.graph/applications";
const CHILD: &str = "/federatedidentitycredentials";

impl Type {
    /// The credential type a full resource type (`…@version` left off) is, if any.
    pub(in crate::iac) fn of(full_type: &str) -> Option<Type> {
        let lower = full_type.to_ascii_lowercase();
        let parent = lower.strip_suffix(CHILD)?;
        match parent {
            IDENTITY => Some(Type::Managed),
            APPLICATION => Some(Type::Graph),
            _ => None,
        }
    }

    /// Its resource type, as the JSON contract names it.
    pub(in crate::iac) fn name(self) -> &'static str {
        match self {
            Type::Managed => {
                "Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials"
            }
            Type::Graph => "Microsoft.Graph/applications/federatedIdentityCredentials",
        }
    }

    /// The identity a parent's name names, as the audit names identities: a managed identity
    /// by its name (as an ARM ID names it, so that Terraform's and Bicep's agree), an
    /// application by its unique name.
    pub(in crate::iac) fn identity(self, parent_name: &str) -> String {
        match self {
            Type::Managed => parent_name.to_owned(),
            Type::Graph => format!("application '{parent_name}'"),
        }
    }
}

/// The resource a credential is declared under (nested in it, or by `parent:`): its full type,
/// its name (or why it cannot be known) and its address.
#[derive(Clone)]
pub(in crate::iac) struct Parent {
    pub type_: String,
    pub name: Result<String, String>,
    pub address: String,
}

/// A credential's identity and own name, from its parent and the name it is given; what ARM
/// refuses in that name. A managed identity's credential is named by one segment under a
/// parent, `IDENTITY/NAME` without one (ARM, "Set name and type for child resources"); the
/// Graph extension's is always `APP/NAME` (field guide §10).
pub(in crate::iac) fn naming(
    kind: Type,
    parent: Option<&Parent>,
    name: Result<String, String>,
    address: &str,
) -> (String, Result<String, String>, Option<String>) {
    let of_parent = |p: &Parent| match &p.name {
        Ok(n) => kind.identity(n),
        Err(_) => p.address.clone(),
    };
    let unknown = || format!("the identity of {address}");
    match (parent, name) {
        (_, Ok(n)) if kind == Type::Graph && n.split('/').count() == 2 => {
            let (app, own) = n.split_once('/').unwrap_or_default();
            (kind.identity(app), Ok(own.to_owned()), None)
        }
        (Some(p), Ok(n)) if n.contains('/') => {
            let problem = format!(
                "its name '{n}' has {} segments, but a credential declared under its {} is named by one",
                n.split('/').count(),
                if kind == Type::Managed {
                    "identity"
                } else {
                    "application"
                }
            );
            (of_parent(p), Ok(n), Some(problem))
        }
        (Some(p), n) => (of_parent(p), n, None),
        (None, Ok(n)) => match n.split_once('/') {
            Some((p, own)) if !own.contains('/') => (kind.identity(p), Ok(own.to_owned()), None),
            _ => {
                let (what, shape) = match kind {
                    Type::Managed => ("identity", "IDENTITY/NAME"),
                    Type::Graph => ("application", "APP/NAME"),
                };
                let problem = format!(
                    "its name '{n}' names no {what}: a credential declared on its own is named {shape}"
                );
                (unknown(), Ok(n), Some(problem))
            }
        },
        (None, Err(why)) => (unknown(), Err(why), None),
    }
}

/// What the deployment refuses in a credential's declaration, as a problem on its line.
pub(in crate::iac) fn refused(
    address: &str,
    identity: &str,
    file: &str,
    line: usize,
    message: String,
    fix: &str,
) -> super::super::Problem {
    super::super::Problem {
        address: address.to_owned(),
        identity: identity.to_owned(),
        file: file.to_owned(),
        line,
        code: crate::finding::Code::IacArgumentInvalid,
        message,
        fix: fix.to_owned(),
    }
}

/// What is said of `claimsMatchingExpression` at an API version without it, if it is.
pub(in crate::iac) fn expression_refused(
    address: &str,
    version: &str,
) -> Option<(String, &'static str)> {
    if has_expressions(version) {
        return None;
    }
    Some((
        format!(
            "{address} sets claimsMatchingExpression at API version {}, which has no such property; only 2025-01-31-preview and 2025-05-31-preview have it, so the deployment fails or drops it",
            if version.is_empty() {
                "(none)"
            } else {
                version
            }
        ),
        "declare the resource at API version 2025-05-31-preview to use an expression, or give a subject",
    ))
}

/// Whether an API version has `claimsMatchingExpression` (see the module's sources).
pub(in crate::iac) fn has_expressions(api_version: &str) -> bool {
    matches!(api_version, "2025-01-31-preview" | "2025-05-31-preview")
}

/// One property of a declaration: its value (or why it cannot be known) and where it is written.
pub(in crate::iac) type Got = Option<(Result<Value, String>, Field)>;

/// One property read from the whole value a declaration gives its properties (`properties:
/// item.value`, or an object that spreads another), shown as the `properties` line: `None` when
/// that value has no such property.
pub(in crate::iac) fn from_whole(
    whole: &Result<Value, String>,
    attribute: &'static str,
    source: String,
    line: usize,
) -> Got {
    let value = match whole {
        Ok(Value::Object(map)) => Ok(map
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(attribute))
            .map(|(_, v)| v.clone())?),
        Ok(other) => Err(format!(
            "its properties are {}, not an object",
            other.kind()
        )),
        Err(why) => Err(why.clone()),
    };
    Some((
        value,
        Field {
            attribute: "properties",
            source,
            line,
            literal: false,
        },
    ))
}

/// What one instance of a declaration gives.
pub(in crate::iac) struct Instance {
    pub address: String,
    pub type_: Type,
    pub identity: String,
    pub file: String,
    pub line: usize,
    pub language: Language,
    /// The credential's own name (the last segment of an `IDENTITY/NAME`).
    pub name: Result<String, String>,
    pub name_field: Option<Field>,
}

/// The properties of one instance, each read by `get` (by its name in the resource type),
/// an expression at an API version without it said, and the credential read or listed as
/// unresolved.
pub(in crate::iac) fn declare(
    reading: &mut super::super::Reading,
    instance: Instance,
    version: &str,
    mut get: impl FnMut(&'static str) -> Got,
) {
    let values = Values {
        issuer: get("issuer"),
        subject: get("subject"),
        audiences: get("audiences"),
        expression: get("claimsMatchingExpression"),
    };
    if instance.type_ == Type::Managed
        && let Some((_, field)) = &values.expression
        && let Some((message, fix)) = expression_refused(&instance.address, version)
    {
        reading.problems.push(refused(
            &instance.address,
            &instance.identity,
            &instance.file,
            field.line,
            message,
            fix,
        ));
    }
    let (address, file, line, language) = (
        instance.address.clone(),
        instance.file.clone(),
        instance.line,
        instance.language,
    );
    match build(instance, values) {
        Ok(d) => reading.credentials.push(d),
        Err(why) => reading.unresolved.push(super::super::Unresolved {
            address,
            file,
            line,
            why,
            language,
        }),
    }
}

/// What an instance's properties give.
struct Values {
    issuer: Got,
    subject: Got,
    audiences: Got,
    expression: Got,
}

fn text_of(attribute: &str, value: Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s),
        other => Err(format!("{attribute} is {}, not a string", other.kind())),
    }
}

/// The credential one instance declares; why not (each missing value named once, with the
/// properties it leaves unknown).
fn build(instance: Instance, values: Values) -> Result<Declared, String> {
    let mut problems: Vec<String> = Vec::new();
    let mut unknown: Vec<(&str, String)> = Vec::new();
    let mut fields = Vec::new();
    fields.extend(instance.name_field.clone());
    let name = match instance.name {
        Ok(n) => Some(n),
        Err(why) => {
            unknown.push(("name", why));
            None
        }
    };
    let mut take = |attribute: &'static str, got: Got| -> Option<Value> {
        let (value, field) = got?;
        fields.push(field);
        match value.and_then(|v| match super::unknown_in(&v) {
            Some(why) => Err(why),
            None => Ok(v),
        }) {
            Ok(Value::Null) => None,
            Ok(v) => Some(v),
            Err(why) => {
                unknown.push((attribute, why));
                None
            }
        }
    };
    let issuer = take("issuer", values.issuer);
    let subject = take("subject", values.subject);
    let audiences = take("audiences", values.audiences);
    let expression = take("claimsMatchingExpression", values.expression);
    let issuer = issuer.map(|v| text_of("the issuer", v));
    let matcher = match (subject, expression) {
        (Some(s), _) => Some(text_of("the subject", s).map(Matcher::Subject)),
        (None, Some(Value::Object(map))) => Some(match map.get("value") {
            Some(Value::String(s)) => Ok(Matcher::Expression(s.clone())),
            _ => Err("claimsMatchingExpression has no value".to_owned()),
        }),
        (None, Some(other)) => Some(Err(format!(
            "claimsMatchingExpression is {}, not an object with a value",
            other.kind()
        ))),
        (None, None) => None,
    };
    let audiences = audiences.map(|v| match v {
        Value::Array(items) => items
            .into_iter()
            .map(|a| text_of("an audience", a))
            .collect::<Result<Vec<_>, _>>(),
        other => Err(format!("audiences is {}, not an array", other.kind())),
    });
    problems.extend(super::super::unknown_sentences(&unknown));
    let mut required = |what: &str, present: bool| {
        if !present
            && !unknown
                .iter()
                .any(|(a, _)| *a == what || (what == "subject" && *a == "claimsMatchingExpression"))
        {
            problems.push(format!("it has no {what}"));
        }
    };
    required("issuer", issuer.is_some());
    required("subject", matcher.is_some());
    required("audiences", audiences.is_some());
    let issuer = issuer.transpose().inspect_err(|e| problems.push(e.clone()));
    let matcher = matcher
        .transpose()
        .inspect_err(|e| problems.push(e.clone()));
    let audiences = audiences
        .transpose()
        .inspect_err(|e| problems.push(e.clone()));
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let (Some(name), Ok(Some(issuer)), Ok(Some(matcher)), Ok(Some(audiences))) =
        (name, issuer, matcher, audiences)
    else {
        return Err("a required property is missing".to_owned());
    };
    Ok(Declared {
        address: instance.address,
        resource_type: instance.type_.name().to_owned(),
        identity: instance.identity,
        location: Location::default(),
        file: instance.file,
        line: instance.line,
        language: instance.language,
        credential: Credential {
            name,
            issuer,
            matcher,
            audiences,
            description: None,
        },
        fields,
        action: None,
        keeps_issuer_and_subject: false,
    })
}
