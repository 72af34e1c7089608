//! An [`Audit`] as JSON: the `fedcred audit --format json` contract.

use super::{Audit, AuditFinding, LIMIT};
use crate::credential::GraphCredential;
use crate::finding::Severity;
use crate::json::{Map, Value};

fn count(n: usize) -> Value {
    i64::try_from(n).unwrap_or(i64::MAX).into()
}

fn finding(f: &AuditFinding) -> Value {
    let mut map = Map::new();
    map.insert("code".into(), f.code.as_str().into());
    map.insert("severity".into(), f.severity.as_str().into());
    map.insert("certainty".into(), f.certainty().into());
    map.insert("identity".into(), f.identity.as_str().into());
    if let Some(fic) = &f.fic {
        map.insert("fic".into(), fic.as_str().into());
    }
    map.insert("message".into(), f.message.as_str().into());
    map.insert("fix".into(), f.fix.as_str().into());
    if let Some(command) = &f.command {
        map.insert("command".into(), command.as_str().into());
    }
    if let Some(edit) = &f.edit {
        map.insert("edit".into(), edit.as_str().into());
    }
    if let Some(m) = &f.migration {
        let mut migration = Map::new();
        migration.insert(
            "create".into(),
            m.create
                .iter()
                .map(|c| GraphCredential::from(c).to_json())
                .collect::<Vec<_>>()
                .into(),
        );
        migration.insert("check".into(), m.check.as_str().into());
        migration.insert(
            "delete".into(),
            m.delete
                .iter()
                .map(|d| Value::from(d.as_str()))
                .collect::<Vec<_>>()
                .into(),
        );
        map.insert("migration".into(), migration.into());
    }
    map.into()
}

impl Audit {
    /// `{"identities": [{"name", "credentials", "limit", "left"}], "findings": [{"code",
    /// "severity", "certainty", "identity", "fic", "message", "fix", "command", "migration"}], "counts": {"error",
    /// "warning", "info"}}`; `fic` is absent for findings about an identity or the set, `command` when no one command applies the fix.
    pub fn to_json(&self) -> Value {
        let identities: Vec<Value> = self
            .identities
            .iter()
            .map(|i| {
                let mut map = Map::new();
                map.insert("name".into(), i.name.as_str().into());
                map.insert("credentials".into(), count(i.credentials));
                map.insert("limit".into(), count(LIMIT));
                map.insert("left".into(), count(i.left()));
                map.into()
            })
            .collect();
        let mut counts = Map::new();
        for s in [Severity::Error, Severity::Warning, Severity::Info] {
            counts.insert(
                s.as_str().into(),
                count(self.findings.iter().filter(|f| f.severity == s).count()),
            );
        }
        let mut map = Map::new();
        map.insert("identities".into(), identities.into());
        map.insert(
            "findings".into(),
            self.findings.iter().map(finding).collect::<Vec<_>>().into(),
        );
        map.insert("counts".into(), counts.into());
        map.into()
    }
}
