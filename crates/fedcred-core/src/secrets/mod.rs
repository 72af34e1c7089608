//! The migration from client secrets, read from what Graph and `az` print (issue 30): per app
//! registration (and managed identity), how many secrets and certificates it holds, which have
//! expired or expire soon, how many federated credentials it has, and so whether the migration is
//! done; and the removal scripts for the apps whose federated path exists.
//!
//! The shapes read, each with its source (read 2026-12-05):
//! - `az ad app list [--all] -o json`: a bare array of Graph v1.0 application objects, camelCase,
//!   without `federatedIdentityCredentials` (azure-cli 2.91.0 `role/_msgrpah/_graph_client.py`
//!   `application_list` sends no `$select` or `$expand`). Without `--all` it prints the first 100
//!   and warns on stderr (`role/custom.py` `list_apps`: `return result[:100]`), so exactly 100 apps
//!   may be a cut list.
//! - Graph `GET /applications` pages: `@odata.context`, `value`, and `@odata.nextLink` when more
//!   pages follow (Graph docs, "List applications"); with `$expand=federatedIdentityCredentials`
//!   each app carries its federated credentials (the application resource: "Supports `$expand`").
//! - `Get-MgApplication | ConvertTo-Json`: the same objects with PascalCase keys; one object, not
//!   an array, when there is one app; dates as ISO strings (PowerShell 7) or `\/Date(ms)\/`
//!   (Windows PowerShell 5.1).
//! - `az ad app federated-credential list --id APP`: a bare array that names no app; Graph's
//!   `GET /applications/{id}/federatedIdentityCredentials` names it in `@odata.context`
//!   (`…$metadata#applications('<object id>')/federatedIdentityCredentials`). A bare list is tied
//!   to the app whose ID its file name holds.
//! - `az identity list` (user-assigned managed identities: `clientId`, `principalId`, no
//!   credential property in the schema) and `az identity federated-credential list`, whose ids are
//!   the identity's ARM id and `/federatedIdentityCredentials/NAME`.
//!
//! Nothing secret is in any of them: list calls return `secretText: null` and a three-character
//! `hint` (Graph docs, passwordCredential), and fedcred keeps neither.

mod read;
pub mod script;

/// Reads an RFC 3339 instant (the `--now` of a report) to Unix seconds.
pub use crate::time::parse_iso8601 as parse_instant;
pub use read::{Listing, read};

use crate::json::{Map, Value};

/// One secret or certificate: its ID and when it ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Key {
    /// `keyId`.
    pub key_id: String,
    /// Its display name, when it has one.
    pub display_name: Option<String>,
    /// When it ends, Unix seconds, when the listing says.
    pub end: Option<i64>,
}

/// What kind of identity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// An app registration.
    Application,
    /// A user-assigned managed identity.
    ManagedIdentity,
}

/// One identity as the listings describe it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct App {
    /// Which kind.
    pub kind: Kind,
    /// The application (client) ID.
    pub app_id: String,
    /// The object ID (an app's `id`; a managed identity's `principalId`).
    pub object_id: String,
    /// Its name.
    pub display_name: String,
    /// A managed identity's ARM id, for the commands that read its federated credentials.
    pub arm_id: Option<String>,
    /// Its client secrets, when the listing carries them.
    pub secrets: Option<Vec<Key>>,
    /// Its certificates, when the listing carries them.
    pub certificates: Option<Vec<Key>>,
    /// How many federated credentials it has, when a listing says.
    pub fics: Option<usize>,
}

/// Where an identity stands in the migration.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum State {
    /// Secrets or certificates, no federated credential: not migrated.
    SecretOnly,
    /// Secrets or certificates and federated credentials: verify the federated path, then remove
    /// the secrets.
    InProgress,
    /// Federated credentials and no secret or certificate.
    Done,
    /// Neither.
    None,
    /// The listings do not say (federated credentials not listed, or secrets not listed).
    Unknown,
}

crate::keys!(State {
    SecretOnly => ("secret_only", "not migrated: secrets and no federated credential"),
    InProgress => ("in_progress", "in progress: verify the federated path, then remove the secrets"),
    Done => ("done", "done: federated credentials only"),
    None => ("none", "no credential of either kind"),
    Unknown => ("unknown", "unknown: the listings do not say"),
});

/// The report for one identity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// The identity.
    pub app: App,
    /// Secrets and certificates that have ended.
    pub expired: Vec<Key>,
    /// Secrets and certificates that end within the window.
    pub expiring: Vec<Key>,
    /// Where it stands.
    pub state: State,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// Whether the listings hold every app (no Graph `@odata.nextLink`, not exactly the 100 `az ad
    /// app list` prints without `--all`).
    pub complete: bool,
    /// Every identity, in the order first read.
    pub entries: Vec<Entry>,
    /// What the listings say beside the apps (what was not read, a cut list, lists not tied).
    pub findings: Vec<String>,
    /// What to run for the data that is missing, with the IDs filled in; `None` when nothing is.
    pub next: Option<String>,
    /// The instant the report is for (Unix seconds).
    pub now: i64,
    /// The window for "expiring", in days.
    pub within_days: u32,
}

impl Report {
    /// How many identities are in `state`.
    pub fn count(&self, state: State) -> usize {
        self.entries.iter().filter(|e| e.state == state).count()
    }

    /// Whether anything is left to migrate, or not known: the CLI's exit 1.
    pub fn open(&self) -> bool {
        self.entries.iter().any(|e| {
            matches!(
                e.state,
                State::SecretOnly | State::InProgress | State::Unknown
            )
        }) || !self.complete
    }
}

/// Builds the report from what the listings hold, at `now` (Unix seconds), counting as expiring
/// what ends within `within_days`.
pub fn report(listing: &Listing, now: i64, within_days: u32) -> Report {
    let window = i64::from(within_days) * 86_400;
    let mut entries = Vec::new();
    for app in &listing.apps {
        let keys: Vec<&Key> = app
            .secrets
            .iter()
            .flatten()
            .chain(app.certificates.iter().flatten())
            .collect();
        let expired: Vec<Key> = keys
            .iter()
            .filter(|k| k.end.is_some_and(|end| end <= now))
            .map(|k| (*k).clone())
            .collect();
        let expiring: Vec<Key> = keys
            .iter()
            .filter(|k| k.end.is_some_and(|end| end > now && end <= now + window))
            .map(|k| (*k).clone())
            .collect();
        let holds = match (&app.secrets, &app.certificates) {
            (Some(s), Some(c)) => Some(!s.is_empty() || !c.is_empty()),
            (Some(s), None) | (None, Some(s)) if !s.is_empty() => Some(true),
            _ => None,
        };
        let state = match (holds, app.fics) {
            (Some(true), Some(0)) => State::SecretOnly,
            (Some(true), Some(_)) => State::InProgress,
            (Some(false), Some(0)) => State::None,
            (Some(false), Some(_)) => State::Done,
            _ => State::Unknown,
        };
        entries.push(Entry {
            app: app.clone(),
            expired,
            expiring,
            state,
        });
    }
    let next = next_commands(&entries, listing);
    Report {
        complete: listing.complete,
        entries,
        findings: listing.findings.clone(),
        next,
        now,
        within_days,
    }
}

/// The commands that give what the listings lack, with the IDs filled in: the federated
/// credentials of each app whose count is unknown (saved under a name holding the app's ID, so
/// that fedcred ties the list to it), and the whole list when it was cut.
fn next_commands(entries: &[Entry], listing: &Listing) -> Option<String> {
    let mut lines = Vec::new();
    if !listing.complete {
        lines.push(
            "az ad app list --all -o json > apps.json   # the listing given is not every app"
                .to_owned(),
        );
    }
    for e in entries.iter().filter(|e| e.app.fics.is_none()) {
        match (e.app.kind, &e.app.arm_id) {
            (Kind::Application, _) => lines.push(format!(
                "az ad app federated-credential list --id {id} -o json > fics-{id}.json",
                id = e.app.app_id
            )),
            (Kind::ManagedIdentity, Some(arm)) => {
                let (group, name) = arm_group_and_name(arm);
                lines.push(format!(
                    "az identity federated-credential list --identity-name {name} --resource-group {group} -o json > fics-{id}.json",
                    id = e.app.app_id
                ));
            }
            (Kind::ManagedIdentity, None) => {}
        }
    }
    for e in entries
        .iter()
        .filter(|e| e.app.kind == Kind::Application && e.app.secrets.is_none())
    {
        lines.push(format!(
            "az ad app show --id {id} -o json > app-{id}.json   # its secrets and certificates",
            id = e.app.app_id
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

/// A managed identity's resource group and name, from its ARM id.
pub(crate) fn arm_group_and_name(arm: &str) -> (String, String) {
    let parts: Vec<&str> = arm.split('/').collect();
    let after = |key: &str| {
        parts
            .iter()
            .position(|p| p.eq_ignore_ascii_case(key))
            .and_then(|i| parts.get(i + 1))
            .map(|s| (*s).to_owned())
            .unwrap_or_default()
    };
    (after("resourceGroups"), after("userAssignedIdentities"))
}

fn keys(list: &[Key]) -> Value {
    list.iter()
        .map(|k| {
            let mut map = Map::new();
            map.insert("keyId".into(), k.key_id.as_str().into());
            map.insert(
                "displayName".into(),
                k.display_name.as_deref().map_or(Value::Null, Value::from),
            );
            map.insert(
                "endDateTime".into(),
                k.end
                    .map_or(Value::Null, |e| Value::from(crate::time::utc(e))),
            );
            Value::Object(map)
        })
        .collect::<Vec<_>>()
        .into()
}

fn count(list: &Option<Vec<Key>>) -> Value {
    list.as_ref().map_or(Value::Null, |l| {
        i64::try_from(l.len()).unwrap_or(i64::MAX).into()
    })
}

impl Report {
    /// The `fedcred secrets --format json` contract.
    pub fn to_json(&self) -> Value {
        use crate::key::Keyed;
        let n = |v: usize| Value::from(i64::try_from(v).unwrap_or(i64::MAX));
        let apps: Vec<Value> = self
            .entries
            .iter()
            .map(|e| {
                let a = &e.app;
                let mut map = Map::new();
                map.insert(
                    "kind".into(),
                    match a.kind {
                        Kind::Application => "application",
                        Kind::ManagedIdentity => "managedIdentity",
                    }
                    .into(),
                );
                map.insert("appId".into(), a.app_id.as_str().into());
                map.insert("objectId".into(), a.object_id.as_str().into());
                map.insert("displayName".into(), a.display_name.as_str().into());
                map.insert("secrets".into(), count(&a.secrets));
                map.insert("certificates".into(), count(&a.certificates));
                map.insert("expired".into(), keys(&e.expired));
                map.insert("expiring".into(), keys(&e.expiring));
                map.insert("fics".into(), a.fics.map_or(Value::Null, n));
                map.insert("state".into(), e.state.key().into());
                Value::Object(map)
            })
            .collect();
        let mut summary = Map::new();
        summary.insert("apps".into(), n(self.entries.len()));
        for state in State::ALL {
            summary.insert(state.key().into(), n(self.count(*state)));
        }
        let mut out = Map::new();
        out.insert("complete".into(), self.complete.into());
        out.insert("apps".into(), apps.into());
        out.insert("summary".into(), Value::Object(summary));
        out.insert(
            "findings".into(),
            self.findings
                .iter()
                .map(|f| Value::from(f.as_str()))
                .collect::<Vec<_>>()
                .into(),
        );
        out.insert(
            "next".into(),
            self.next.as_deref().map_or(Value::Null, Value::from),
        );
        Value::Object(out)
    }

    /// The report for a ticket: the instant, the counts, each app that is not done, what is
    /// missing.
    pub fn to_text(&self) -> String {
        use crate::key::Keyed;
        let mut out = String::new();
        let mut line = |s: String| {
            out.push_str(&s);
            out.push('\n');
        };
        line(format!(
            "Secrets migration report, {} (expiring: within {} days)",
            crate::time::utc(self.now),
            self.within_days
        ));
        line(format!(
            "{}: {} not migrated, {} in progress, {} done, {} with no credential, {} unknown{}",
            crate::face::count(self.entries.len(), "identity", "identities"),
            self.count(State::SecretOnly),
            self.count(State::InProgress),
            self.count(State::Done),
            self.count(State::None),
            self.count(State::Unknown),
            if self.complete {
                ""
            } else {
                "; THE LISTING IS NOT COMPLETE"
            }
        ));
        for e in &self.entries {
            let a = &e.app;
            let counted =
                |l: &Option<Vec<Key>>| l.as_ref().map_or("?".to_owned(), |l| l.len().to_string());
            line(String::new());
            line(format!(
                "{} ({}{}): {}",
                a.display_name,
                a.app_id,
                if a.kind == Kind::ManagedIdentity {
                    ", managed identity"
                } else {
                    ""
                },
                e.state.label()
            ));
            line(format!(
                "  secrets {}, certificates {}, federated credentials {}",
                counted(&a.secrets),
                counted(&a.certificates),
                a.fics.map_or("?".to_owned(), |n| n.to_string())
            ));
            for k in &e.expired {
                line(format!(
                    "  expired: {} ({}), ended {}",
                    k.key_id,
                    k.display_name.as_deref().unwrap_or("no name"),
                    k.end.map(crate::time::utc).unwrap_or_default()
                ));
            }
            for k in &e.expiring {
                line(format!(
                    "  expiring: {} ({}), ends {}",
                    k.key_id,
                    k.display_name.as_deref().unwrap_or("no name"),
                    k.end.map(crate::time::utc).unwrap_or_default()
                ));
            }
        }
        for f in &self.findings {
            line(format!("note: {f}"));
        }
        if let Some(next) = &self.next {
            line(String::new());
            line("To complete the report, run, then give fedcred the files too:".to_owned());
            for l in next.lines() {
                line(format!("  {l}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;
