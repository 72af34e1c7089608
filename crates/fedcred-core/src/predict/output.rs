//! A [`Prediction`] as JSON: the `fedcred predict --format json` contract, which the web page
//! reads too.

use super::model::{Connection, Job, Kind, ObjectFinding, Prediction, Presented, Workload};
use crate::credential::GraphCredential;
use crate::json::{Map, Value};
use crate::key::Keyed;

fn strings(items: &[String]) -> Value {
    items
        .iter()
        .map(|s| Value::from(s.as_str()))
        .collect::<Vec<_>>()
        .into()
}

fn object<const N: usize>(entries: [(&str, Value); N]) -> Value {
    entries
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v))
        .collect::<Map>()
        .into()
}

fn presented(p: &Presented) -> Value {
    object([
        ("subject", p.subject.as_str().into()),
        ("pattern", p.pattern.into()),
        ("triggers", strings(&p.triggers)),
        ("why", p.why.as_str().into()),
    ])
}

fn connection(c: &Connection) -> Value {
    object([
        ("name", c.name.as_str().into()),
        ("input", c.input.as_str().into()),
        ("tasks", strings(&c.tasks)),
    ])
}

fn job(j: &Job) -> Value {
    let mut map: Map = [
        ("id", Value::from(j.id.as_str())),
        ("file", j.file.as_str().into()),
        ("line", i64::try_from(j.line).unwrap_or(i64::MAX).into()),
        ("can_get_token", j.token.can.into()),
        ("token", j.token.why.as_str().into()),
        ("needs_credential", j.needs_credential().into()),
        ("audience", j.audience.as_str().into()),
        (
            "subjects",
            j.subjects.iter().map(presented).collect::<Vec<_>>().into(),
        ),
        ("unresolved", strings(&j.unresolved)),
        ("caveats", strings(&j.caveats)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect();
    if let Some(name) = &j.name {
        map.insert("name".into(), name.as_str().into());
    }
    if let Some(login) = &j.login {
        map.insert("login".into(), login.as_str().into());
    }
    if let Some(may) = &j.may_request {
        map.insert("may_request".into(), may.as_str().into());
    }
    if let Some(r) = &j.job_workflow_ref {
        map.insert("job_workflow_ref".into(), r.as_str().into());
    }
    if !j.connections.is_empty() {
        map.insert(
            "connections".into(),
            j.connections
                .iter()
                .map(connection)
                .collect::<Vec<_>>()
                .into(),
        );
    }
    map.into()
}

fn workload(w: &Workload) -> Value {
    object([
        ("kind", w.kind.as_str().into()),
        ("name", w.name.as_str().into()),
        ("namespace", w.namespace.as_str().into()),
        ("service_account", w.service_account.as_str().into()),
        ("webhook_injects", w.webhook_injects.into()),
        (
            "client_id",
            w.client_id.as_deref().map_or(Value::Null, Value::from),
        ),
        (
            "subject",
            w.subject.as_deref().map_or(Value::Null, Value::from),
        ),
        ("file", w.file.as_str().into()),
        ("line", i64::try_from(w.line).unwrap_or(i64::MAX).into()),
    ])
}

fn object_finding(f: &ObjectFinding) -> Value {
    object([
        ("code", f.code.as_str().into()),
        ("severity", f.severity.as_str().into()),
        ("message", f.message.as_str().into()),
        ("object", f.object.as_str().into()),
        ("file", f.file.as_str().into()),
        ("line", i64::try_from(f.line).unwrap_or(i64::MAX).into()),
        ("fix", f.fix.as_deref().map_or(Value::Null, Value::from)),
    ])
}

impl Prediction {
    /// The answer as one JSON object: `kind`, `repo`, `placeholders`, `subjects`, `patterns`,
    /// `no_token_jobs`, `unresolved`, `credentials` (Graph's request bodies), `findings`,
    /// `notes` and `jobs`; for Kubernetes manifests also `workloads` (`kind`, `name`,
    /// `namespace`, `service_account`, `webhook_injects`, `client_id` or null, `subject` or null,
    /// `file`, `line`), and `findings` about an object carry `object`, `file`, `line` and `fix`
    /// (the corrected YAML lines, or null).
    pub fn to_json(&self) -> Value {
        let findings: Vec<Value> = self
            .findings
            .iter()
            .map(|f| {
                object([
                    ("code", f.code.as_str().into()),
                    ("severity", f.severity.as_str().into()),
                    ("message", f.message.as_str().into()),
                ])
            })
            .chain(self.object_findings.iter().map(object_finding))
            .collect();
        let mut json = object([
            ("kind", self.kind.key().into()),
            ("repo", self.repo.as_str().into()),
            ("placeholders", strings(&self.placeholders)),
            ("subjects", strings(&self.subjects())),
            ("patterns", strings(&self.patterns())),
            ("no_token_jobs", strings(&self.no_token_jobs())),
            ("unresolved", strings(&self.unresolved_jobs())),
            (
                "credentials",
                self.credentials
                    .iter()
                    .map(|c| GraphCredential::from(c).to_json())
                    .collect::<Vec<_>>()
                    .into(),
            ),
            ("credential_limit", 20_i64.into()),
            ("findings", findings.into()),
            ("notes", strings(&self.notes)),
            ("jobs", self.jobs.iter().map(job).collect::<Vec<_>>().into()),
        ]);
        if let (Kind::Kubernetes, Value::Object(map)) = (self.kind, &mut json) {
            map.insert(
                "workloads".into(),
                self.workloads
                    .iter()
                    .map(workload)
                    .collect::<Vec<_>>()
                    .into(),
            );
        }
        json
    }
}
