//! The federated identity credential record, in Microsoft Graph's request-body shape.
//!
//! ```json
//! {"name": "…", "issuer": "…", "subject": "…", "audiences": ["api://AzureADTokenExchange"]}
//! ```
//!
//! A flexible credential (preview) has `claimsMatchingExpression` instead of `subject`
//! (field guide §1, §2; Graph beta docs).

use serde::{Deserialize, Serialize};

/// How a credential matches the token's subject.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Matcher {
    /// A plain credential: `sub` must equal this exactly.
    Subject(String),
    /// A flexible credential: this expression (language version 1) must hold for the token's
    /// claims, e.g. `claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'`.
    Expression(String),
}

/// One federated identity credential.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Credential {
    /// 3 to 120 characters, letters, digits, `-` and `_`, starting with a letter or digit;
    /// cannot be changed after creation.
    pub name: String,
    /// Must equal the token's `iss` exactly.
    pub issuer: String,
    /// The subject, or the flexible expression.
    pub matcher: Matcher,
    /// Exactly one value; must equal the token's `aud`.
    pub audiences: Vec<String>,
    /// Free text, up to 600 characters.
    pub description: Option<String>,
}

impl Credential {
    /// The subject of a plain credential.
    pub fn subject(&self) -> Option<&str> {
        match &self.matcher {
            Matcher::Subject(s) => Some(s),
            Matcher::Expression(_) => None,
        }
    }

    /// The expression of a flexible credential.
    pub fn expression(&self) -> Option<&str> {
        match &self.matcher {
            Matcher::Subject(_) => None,
            Matcher::Expression(e) => Some(e),
        }
    }

    /// Whether this is a flexible (expression) credential, which needs preview APIs.
    pub fn is_flexible(&self) -> bool {
        matches!(self.matcher, Matcher::Expression(_))
    }

    /// The single audience (the first, if a record wrongly holds several).
    pub fn audience(&self) -> &str {
        self.audiences
            .first()
            .map(String::as_str)
            .unwrap_or_default()
    }
}

/// `claimsMatchingExpression` as Graph writes it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ClaimsMatchingExpression {
    /// Always 1 today.
    pub language_version: u32,
    /// The expression.
    pub value: String,
}

/// The Graph JSON shape of a credential (what `POST …/federatedIdentityCredentials` takes).
/// Written by [`GraphCredential::to_json`], which its `Serialize` goes through too.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GraphCredential {
    /// See [`Credential::name`].
    pub name: String,
    /// See [`Credential::issuer`].
    pub issuer: String,
    /// Present for plain credentials.
    #[serde(default)]
    pub subject: Option<String>,
    /// Present for flexible credentials.
    #[serde(default)]
    pub claims_matching_expression: Option<ClaimsMatchingExpression>,
    /// See [`Credential::audiences`].
    pub audiences: Vec<String>,
    /// See [`Credential::description`].
    #[serde(default)]
    pub description: Option<String>,
}

impl From<&Credential> for GraphCredential {
    fn from(c: &Credential) -> Self {
        let (subject, claims_matching_expression) = match &c.matcher {
            Matcher::Subject(s) => (Some(s.clone()), None),
            Matcher::Expression(e) => (
                None,
                Some(ClaimsMatchingExpression {
                    language_version: 1,
                    value: e.clone(),
                }),
            ),
        };
        GraphCredential {
            name: c.name.clone(),
            issuer: c.issuer.clone(),
            subject,
            claims_matching_expression,
            audiences: c.audiences.clone(),
            description: c.description.clone(),
        }
    }
}

impl GraphCredential {
    /// The request body, as JSON: absent options are left out, members in Graph's order.
    pub fn to_json(&self) -> crate::json::Value {
        use crate::json::{Map, Value};
        let mut map = Map::new();
        map.insert("name".into(), self.name.as_str().into());
        map.insert("issuer".into(), self.issuer.as_str().into());
        if let Some(subject) = &self.subject {
            map.insert("subject".into(), subject.as_str().into());
        }
        if let Some(e) = &self.claims_matching_expression {
            let mut expression = Map::new();
            expression.insert(
                "languageVersion".into(),
                i64::from(e.language_version).into(),
            );
            expression.insert("value".into(), e.value.as_str().into());
            map.insert("claimsMatchingExpression".into(), expression.into());
        }
        let audiences = self
            .audiences
            .iter()
            .map(|a| a.as_str().into())
            .collect::<Vec<Value>>();
        map.insert("audiences".into(), audiences.into());
        if let Some(description) = &self.description {
            map.insert("description".into(), description.as_str().into());
        }
        map.into()
    }
}

impl Serialize for GraphCredential {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl Serialize for Credential {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        GraphCredential::from(self).serialize(serializer)
    }
}
