//! Kubernetes manifests read as the cluster will read them (issue 29): every workload, the
//! service account its pods run as, whether the Azure Workload Identity webhook gives them a
//! token for Entra, the client ID they will use, and the mistakes that stop the webhook.
//!
//! What the webhook does is the Azure Workload Identity project's (Azure/azure-workload-identity,
//! "AZWI" below), read at v1.6.0 ([`WEBHOOK`]; `wh.go` is its `pkg/webhook/webhook.go`); what the
//! API server and kubectl do is Kubernetes' (kubernetes/kubernetes, kubernetes/api, cli-runtime).
//! Each rule names its source beside it.
//!
//! The input is what `kubectl get -o yaml` (a `kind: List`), `helm template` and `kustomize build`
//! print: many documents, in one file or several. Every limit of [`yaml::parse_stream`] holds, and
//! a document that cannot be read is named and left out; the rest is still read.

use std::collections::{HashMap, HashSet};

use crate::finding::{Code, Severity};
use crate::predict::model::{File, ObjectFinding, Workload};
use crate::yaml::{self, Node, Value};

/// The webhook whose rules apply: its current major version, read for this module.
pub const WEBHOOK: &str =
    "the Azure Workload Identity webhook v1 (its rules read at v1.6.0, commit 04d01a2, 2026-06-11)";

/// The pod label the webhook selects pods by. Since v1.0.0 (first in v1.0.0-alpha.0, PRs #695
/// and #720; v1.0.0 on 2023-03-27) the MutatingWebhookConfiguration's `objectSelector` matches
/// `azure.workload.identity/use: "true"` exactly, on pods only (AZWI
/// `config/webhook/webhook_patch.yaml`, `deploy/azure-wi-webhook.yaml`; docs
/// `troubleshooting.md`, "after upgrading to v1.0.0"); the code reads no label. Before v1.0.0 the
/// code looked for the key on the service account (v0.10), as a label or an annotation there
/// (v0.11), or on the pod too (v0.15).
pub const USE_LABEL: &str = "azure.workload.identity/use";
/// The service account annotation that names the identity (AZWI `pkg/webhook/consts.go`,
/// `ClientIDAnnotation`).
pub const CLIENT_ID: &str = "azure.workload.identity/client-id";
/// The service account annotation that names the tenant (AZWI `TenantIDAnnotation`).
pub const TENANT_ID: &str = "azure.workload.identity/tenant-id";
/// The projected token's lifetime, on the service account or (winning) on the pod (AZWI
/// `ServiceAccountTokenExpiryAnnotation`).
pub const TOKEN_EXPIRATION: &str = "azure.workload.identity/service-account-token-expiration";
/// The shortest and longest lifetime the webhook accepts, in seconds, both included (AZWI
/// `pkg/webhook/consts.go`: `MinServiceAccountTokenExpiration` 3600, `Max…` 86400); outside them,
/// or not a whole number, it refuses the pod ("token expiration %d not valid").
pub const TOKEN_EXPIRATION_RANGE: (u64, u64) = (3600, 86400);

/// How deep `kind: List` may nest in itself before fedcred stops following it.
const MAX_LIST_DEPTH: usize = 8;
/// How many notes about unreadable documents are listed; the rest are counted.
const MAX_NOTES: usize = 20;

/// What the manifests say.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Manifests {
    /// Every workload, in the order read.
    pub workloads: Vec<Workload>,
    /// Whether each workload uses workload identity at all (the label in any form, or a service
    /// account that names a client ID), in the order of `workloads`.
    pub intends: Vec<bool>,
    /// What will stop a workload, each about one object.
    pub findings: Vec<ObjectFinding>,
    /// What could not be read, and what was read through another object.
    pub notes: Vec<String>,
    /// How many objects were read.
    pub objects: usize,
}

/// One object of the manifests.
struct Object<'a> {
    file: &'a str,
    node: &'a Node,
    kind: &'a str,
    name: &'a str,
    namespace: String,
}

impl Object<'_> {
    fn title(&self) -> String {
        crate::predict::model::object_title(self.kind, &self.namespace, self.name)
    }

    fn metadata(&self, key: &str) -> Option<&Node> {
        self.node.get("metadata").and_then(|m| m.get(key))
    }
}

/// Notes, the first [`MAX_NOTES`] listed and the rest counted.
#[derive(Default)]
struct Notes {
    list: Vec<String>,
    more: usize,
}

impl Notes {
    fn push(&mut self, note: String) {
        if self.list.len() < MAX_NOTES {
            self.list.push(note);
        } else {
            self.more += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.more > 0 {
            self.list
                .push(format!("and {} more documents left out alike", self.more));
        }
        self.list
    }
}

/// Whether a text looks like Kubernetes manifests: a top-level `apiVersion:` and `kind:` (YAML),
/// or a JSON object with both. No pipeline file has a top-level `apiVersion`.
pub fn looks_like(text: &str) -> bool {
    let trimmed = text.trim_start();
    if trimmed.starts_with('{') {
        let head = trimmed.get(..4096).unwrap_or(trimmed);
        return head.contains("\"apiVersion\"") && head.contains("\"kind\"");
    }
    let (mut api, mut kind) = (false, false);
    for line in text.lines() {
        api |= line.starts_with("apiVersion:");
        kind |= line.starts_with("kind:");
        if api && kind {
            return true;
        }
    }
    false
}

/// Reads every file as manifests; objects that name no namespace land in `default_namespace`
/// (`default` when empty, as kubectl's).
pub fn read(files: &[File<'_>], default_namespace: &str) -> Manifests {
    let default_namespace = match default_namespace.trim() {
        "" => "default",
        ns => ns,
    };
    let streams: Vec<(&str, yaml::Stream)> = files
        .iter()
        .map(|f| (f.name, yaml::parse_stream(f.text)))
        .collect();
    let mut notes = Notes::default();
    let mut objects = Vec::new();
    for (file, stream) in &streams {
        for document in &stream.documents {
            collect(
                file,
                document,
                0,
                default_namespace,
                &mut objects,
                &mut notes,
            );
        }
        for error in &stream.errors {
            notes.push(format!("{file}: {error}: left out"));
        }
    }
    let mut out = Manifests {
        objects: objects.len(),
        ..Manifests::default()
    };
    let accounts: Vec<&Object<'_>> = objects
        .iter()
        .filter(|o| o.kind == "ServiceAccount")
        .collect();
    // Objects another listed object controls (the Pods of a ReplicaSet, the ReplicaSets of a
    // Deployment, as `kubectl get all -o yaml` prints them) are read through their owner.
    let present: HashSet<(&str, &str, &str)> = objects
        .iter()
        .map(|o| (o.namespace.as_str(), o.kind, o.name))
        .collect();
    let mut owned = 0;
    let mut used: HashSet<(String, String)> = HashSet::new();
    for object in &objects {
        let Some((template, path)) = pod_template(object) else {
            continue;
        };
        if controller(object)
            .is_some_and(|(kind, name)| present.contains(&(object.namespace.as_str(), kind, name)))
        {
            owned += 1;
            continue;
        }
        let (workload, intends) = workload(object, template, path, &accounts, &mut out.findings);
        used.insert((workload.namespace.clone(), workload.service_account.clone()));
        out.workloads.push(workload);
        out.intends.push(intends);
    }
    for account in &accounts {
        service_account(account, &used, &mut out.findings);
    }
    out.notes = notes.finish();
    if owned > 0 {
        out.notes.push(format!(
            "{owned} objects controlled by another listed object (the Pods of a ReplicaSet, the ReplicaSets of a Deployment) are read through the object that controls them"
        ));
    }
    out
}

/// Adds the objects `node` holds: itself, or the items of a `kind: List` (followed to
/// [`MAX_LIST_DEPTH`]).
fn collect<'a>(
    file: &'a str,
    node: &'a Node,
    depth: usize,
    default_namespace: &str,
    out: &mut Vec<Object<'a>>,
    notes: &mut Notes,
) {
    if matches!(node.value, Value::Null) {
        return;
    }
    let kind = node.get("kind").and_then(Node::as_str);
    if let Some(items) = node.get("items").and_then(Node::as_seq)
        && kind.is_none_or(|k| k.ends_with("List"))
    {
        if depth >= MAX_LIST_DEPTH {
            notes.push(format!(
                "{file}, line {}: a List nested more than {MAX_LIST_DEPTH} deep in Lists; kubectl prints none so: what it holds is left out",
                node.line
            ));
            return;
        }
        for item in items {
            collect(file, item, depth + 1, default_namespace, out, notes);
        }
        return;
    }
    let (Some(kind), Some(_)) = (kind, node.get("apiVersion")) else {
        notes.push(format!(
            "{file}, line {}: not a Kubernetes object (it has no kind: and apiVersion:): left out",
            node.line
        ));
        return;
    };
    let metadata = node.get("metadata");
    let name = metadata
        .and_then(|m| m.get("name"))
        .and_then(Node::as_str)
        .unwrap_or("(no name)");
    let namespace = metadata
        .and_then(|m| m.get("namespace"))
        .and_then(Node::as_str)
        .filter(|ns| !ns.is_empty())
        .unwrap_or(default_namespace)
        .to_owned();
    out.push(Object {
        file,
        node,
        kind,
        name,
        namespace,
    });
}

/// The object's controller (`ownerReferences` entry with `controller: true`): kind and name.
fn controller<'a>(object: &Object<'a>) -> Option<(&'a str, &'a str)> {
    object
        .node
        .get("metadata")?
        .get("ownerReferences")?
        .as_seq()?
        .iter()
        .find(|r| r.get("controller").and_then(Node::as_str) == Some("true"))
        .and_then(|r| Some((r.get("kind")?.as_str()?, r.get("name")?.as_str()?)))
}

/// The pod template of a workload (the node with the pod's `metadata` and `spec`) and the path
/// to it: a Pod is its own; a CronJob's is under `spec.jobTemplate.spec.template`, a KEDA
/// ScaledJob's under `spec.jobTargetRef.template`; every other
/// kind with `spec.template.spec` (Deployment, StatefulSet, DaemonSet, ReplicaSet, Job,
/// ReplicationController, and custom kinds such as Argo Rollouts) has it at `spec.template`.
fn pod_template<'a>(object: &Object<'a>) -> Option<(&'a Node, &'static [&'static str])> {
    let spec = object.node.get("spec")?;
    match object.kind {
        "Pod" => Some((object.node, &[])),
        "CronJob" => Some((
            spec.get("jobTemplate")?.get("spec")?.get("template")?,
            &["spec", "jobTemplate", "spec", "template"],
        )),
        // KEDA's ScaledJob runs a Job from `spec.jobTargetRef`, a batch JobSpec (KEDA docs,
        // "ScaledJob specification", keda.sh/docs/latest/reference/scaledjob-spec, read 2026-12-05).
        "ScaledJob" => Some((
            spec.get("jobTargetRef")?.get("template")?,
            &["spec", "jobTargetRef", "template"],
        )),
        "PodTemplate" => None,
        _ => {
            let template = spec.get("template")?;
            template.get("spec")?.as_map()?;
            Some((template, &["spec", "template"]))
        }
    }
}

/// YAML lines that set `leaf` at `path`, indented as a manifest is.
fn lines_at(path: &[&str], leaf: &[&str]) -> String {
    let mut out = String::new();
    for (depth, key) in path.iter().enumerate() {
        out.push_str(&"  ".repeat(depth));
        out.push_str(key);
        out.push_str(":\n");
    }
    for line in leaf {
        out.push_str(&"  ".repeat(path.len()));
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// `value` as a YAML double-quoted scalar: what a fix writes for a value read from the user's
/// files, which may hold anything (YAML 1.2 §5.7: `\"`, `\\`, and `\uXXXX` for what may not
/// appear as it is; `\u2028` and `\u2029` too, which YAML 1.1 readers take for line breaks).
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for c in value.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if printable(c) => out.push(c),
            c => {
                let code = u32::from(c);
                if code <= 0xFFFF {
                    out.push_str(&format!("\\u{code:04X}"));
                } else {
                    out.push_str(&format!("\\U{code:08X}"));
                }
            }
        }
    }
    out.push('"');
    out
}

/// What YAML lets a stream hold as it is (YAML 1.2 §5.1, c-printable), less the line breaks.
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{FEFF}')
}

/// Text for a YAML comment: what it may not hold shown as `?`.
fn comment(text: &str) -> String {
    text.chars()
        .map(|c| if printable(c) { c } else { '?' })
        .collect()
}

fn with(path: &[&'static str], more: &[&'static str]) -> Vec<&'static str> {
    path.iter().chain(more).copied().collect()
}

/// How a YAML 1.1 reader reads a plain scalar, when not as text. kubectl and helm turn YAML
/// into JSON through sigs.k8s.io/yaml (apimachinery `pkg/util/yaml/decoder.go`), which reads it
/// with go-yaml v2 (its own fork up to v1.4.0, `go.yaml.in/yaml/v2` since v1.5.0, 2025-06-25);
/// go-yaml v2's `resolve.go` (v2.4.0 to v2.4.4 alike) takes `y Y yes Yes YES true True TRUE on On
/// ON` and `n N no No NO false False FALSE off Off OFF` for booleans, decimal, hex and binary
/// integers and floats (`.inf`, `.nan`) for numbers, and `~`, `null` and nothing for null. Only
/// plain scalars are resolved; quoted ones stay text.
fn yaml11_non_string(node: &Node) -> Option<&'static str> {
    if !node.plain {
        return None;
    }
    let text = match &node.value {
        Value::Null => return Some("null"),
        Value::Scalar(text) => text.as_str(),
        _ => return None,
    };
    const BOOLEANS: &[&str] = &[
        "y", "Y", "yes", "Yes", "YES", "true", "True", "TRUE", "on", "On", "ON", "n", "N", "no",
        "No", "NO", "false", "False", "FALSE", "off", "Off", "OFF",
    ];
    if BOOLEANS.contains(&text) {
        return Some("a boolean");
    }
    let unsigned = text.trim_start_matches(['+', '-']);
    let digits =
        |s: &str, radix: u32| !s.is_empty() && s.chars().all(|c| c == '_' || c.is_digit(radix));
    let number = digits(unsigned, 10)
        || unsigned.strip_prefix("0x").is_some_and(|s| digits(s, 16))
        || unsigned.strip_prefix("0b").is_some_and(|s| digits(s, 2))
        || matches!(
            unsigned,
            ".inf" | ".Inf" | ".INF" | ".nan" | ".NaN" | ".NAN"
        )
        || {
            let (mantissa, exponent) = unsigned
                .split_once(['e', 'E'])
                .map_or((unsigned, None), |(m, e)| (m, Some(e)));
            let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
            mantissa.contains('.')
                && (digits(whole, 10) || whole.is_empty())
                && (digits(fraction, 10) || fraction.is_empty())
                && !(whole.is_empty() && fraction.is_empty())
                && exponent.is_none_or(|e| digits(e.trim_start_matches(['+', '-']), 10))
        };
    number.then_some("a number")
}

/// The label's state on a pod template.
enum Label {
    Missing,
    True,
    /// Written so that YAML reads it as a boolean, a number or null: the object is refused.
    NotString(&'static str, String, usize),
    /// A string other than `true`.
    NotTrue(String, usize),
}

fn use_label(labels: Option<&Node>) -> Label {
    let Some(value) = labels.and_then(|l| l.get(USE_LABEL)) else {
        return Label::Missing;
    };
    let text = value.as_str().unwrap_or_default().to_owned();
    if let Some(what) = yaml11_non_string(value) {
        return Label::NotString(what, text, value.line);
    }
    if text == "true" {
        Label::True
    } else {
        Label::NotTrue(text, value.line)
    }
}

/// A key of a map node, with its value.
fn entry<'a>(map: Option<&'a Node>, key: &str) -> Option<&'a Node> {
    map.and_then(|m| m.get(key))
}

fn text(node: Option<&Node>) -> Option<&str> {
    node.and_then(Node::as_str)
}

/// An environment variable a container sets itself: its literal value, or where it comes from.
enum Env<'a> {
    Value(&'a str),
    From(String),
}

/// The containers' own `name` (init containers too): what they set, with their name.
fn env<'a>(spec: Option<&'a Node>, name: &str) -> Vec<(&'a str, Env<'a>)> {
    let mut out = Vec::new();
    for list in ["initContainers", "containers"] {
        for container in spec
            .and_then(|s| s.get(list))
            .and_then(Node::as_seq)
            .unwrap_or_default()
        {
            let container_name = text(container.get("name")).unwrap_or("(unnamed)");
            for variable in container
                .get("env")
                .and_then(Node::as_seq)
                .unwrap_or_default()
            {
                if text(variable.get("name")) != Some(name) {
                    continue;
                }
                let value = match (variable.get("value"), variable.get("valueFrom")) {
                    (Some(v), _) => Env::Value(v.as_str().unwrap_or_default()),
                    (None, Some(from)) => Env::From(describe_value_from(from)),
                    (None, None) => Env::Value(""),
                };
                out.push((container_name, value));
            }
        }
    }
    out
}

fn describe_value_from(from: &Node) -> String {
    for (kind, what) in [("secretKeyRef", "Secret"), ("configMapKeyRef", "ConfigMap")] {
        if let Some(reference) = from.get(kind) {
            return format!(
                "the {what} {}, key {}",
                text(reference.get("name")).unwrap_or("?"),
                text(reference.get("key")).unwrap_or("?")
            );
        }
    }
    "a valueFrom fedcred cannot read".to_owned()
}

/// Whether `key` is a misspelling of the client-ID annotation: the same letters once case,
/// punctuation and a `.io` are set aside, or two edits away.
fn client_id_typo(key: &str) -> bool {
    if key == CLIENT_ID {
        return false;
    }
    let squash = |s: &str| -> String {
        s.to_ascii_lowercase()
            .replace(".io/", "/")
            .chars()
            .filter(char::is_ascii_alphanumeric)
            .collect()
    };
    squash(key) == squash(CLIENT_ID) || edits(key, CLIENT_ID) <= 2
}

/// The edit distance between two short strings (Levenshtein).
fn edits(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row.first().copied().unwrap_or_default();
        if let Some(first) = row.first_mut() {
            *first = i + 1;
        }
        for (j, cb) in b.iter().enumerate() {
            let above = row.get(j + 1).copied().unwrap_or_default();
            let left = row.get(j).copied().unwrap_or_default();
            let value = (previous + usize::from(ca != *cb))
                .min(above + 1)
                .min(left + 1);
            previous = above;
            if let Some(cell) = row.get_mut(j + 1) {
                *cell = value;
            }
        }
    }
    row.last().copied().unwrap_or_default()
}

/// Whether a client ID is a placeholder left for a tool or a person to fill in: `${VAR}`, `$VAR`,
/// `<client-id>`, `{{ .Values.x }}`, or `__name__` as pipelines' token replacement writes it.
fn placeholder(value: &str) -> bool {
    value.contains(['$', '<', '{'])
        || value.len() > 4 && value.starts_with("__") && value.ends_with("__")
}

struct Finder<'f, 'o> {
    findings: &'f mut Vec<ObjectFinding>,
    object: &'f Object<'o>,
}

impl Finder<'_, '_> {
    fn add(
        &mut self,
        code: Code,
        severity: Severity,
        line: usize,
        message: String,
        fix: Option<String>,
    ) {
        self.findings.push(ObjectFinding {
            code,
            severity,
            message,
            object: self.object.title(),
            file: self.object.file.to_owned(),
            line,
            fix,
        });
    }
}

/// One workload: what its pods will be, and what stops the webhook.
fn workload(
    object: &Object<'_>,
    template: &Node,
    path: &'static [&'static str],
    accounts: &[&Object<'_>],
    findings: &mut Vec<ObjectFinding>,
) -> (Workload, bool) {
    let mut find = Finder { findings, object };
    let meta = template.get("metadata");
    let labels = entry(meta, "labels");
    let annotations = entry(meta, "annotations");
    let spec = template.get("spec");
    let label_lines = with(path, &["metadata", "labels"]);
    let set_label = || Some(lines_at(&label_lines, &[&format!("{USE_LABEL}: \"true\"")]));

    // The service account: serviceAccountName, else the deprecated serviceAccount, else
    // `default` (k8s.io/api core/v1 PodSpec: "DeprecatedServiceAccount is a deprecated alias for
    // ServiceAccountName"; the API server's defaulting copies it across when only it is set, and
    // the service account admission plugin gives `default` to a pod that names none).
    let name_field = text(entry(spec, "serviceAccountName")).filter(|s| !s.is_empty());
    let old_field = entry(spec, "serviceAccount");
    let service_account = name_field
        .or_else(|| text(old_field).filter(|s| !s.is_empty()))
        .unwrap_or("default")
        .to_owned();
    let spec_path = with(path, &["spec"]);
    if let Some(old) = old_field {
        let old = old.as_str().unwrap_or_default();
        let why = match name_field {
            Some(name) if name != old => format!(
                "serviceAccount: {old} is the deprecated alias of serviceAccountName, which says {name} and wins (kubernetes pkg/apis/core/v1/conversion.go: \"If both are specified, ServiceAccountName (the new field) wins\"): the pods run as {name}. Remove serviceAccount; a change proposed in 2026 (kubernetes PR #139856) would refuse the two when they differ"
            ),
            Some(_) => "serviceAccount is the deprecated alias of serviceAccountName, which says the same: remove it".to_owned(),
            None => format!(
                "serviceAccount is the deprecated alias of serviceAccountName; the API server copies it across, so the pods run as {old}. Write serviceAccountName instead"
            ),
        };
        find.add(
            Code::DeprecatedServiceAccountField,
            Severity::Info,
            old_field.map_or(object.node.line, |n| n.line),
            why,
            Some(lines_at(
                &spec_path,
                &[&format!("serviceAccountName: {}", quoted(&service_account))],
            )),
        );
    }
    let account = accounts
        .iter()
        .find(|a| a.namespace == object.namespace && a.name == service_account);
    let elsewhere = accounts
        .iter()
        .find(|a| a.namespace != object.namespace && a.name == service_account);
    let account_annotation =
        |key: &str| account.and_then(|a| text(a.metadata("annotations").and_then(|m| m.get(key))));
    let account_client_id = account_annotation(CLIENT_ID);

    // Is the label there, as the webhook reads it?
    let label = use_label(labels);
    let on_controller =
        object.kind != "Pod" && entry(object.metadata("labels"), USE_LABEL).is_some();
    let as_annotation = entry(annotations, USE_LABEL).is_some()
        || entry(object.metadata("annotations"), USE_LABEL).is_some();
    let on_account = account.is_some_and(|a| {
        entry(a.metadata("labels"), USE_LABEL).is_some()
            || entry(a.metadata("annotations"), USE_LABEL).is_some()
    });
    let injects = matches!(label, Label::True);
    let mut intends = !matches!(label, Label::Missing)
        || on_controller
        || as_annotation
        || on_account
        || account_client_id.is_some();
    match label {
        Label::True => {}
        Label::NotString(what, written, line) => find.add(
            Code::UseLabelValueNotString,
            Severity::Error,
            line,
            format!(
                "the label {USE_LABEL} is written {written} without quotes, which YAML reads as {what}; a label's value is text, so kubectl and helm refuse the whole object (unable to decode …: json: cannot unmarshal … into Go struct field ObjectMeta.metadata.labels of type string) and nothing of it is created. Quote it"
            ),
            set_label(),
        ),
        Label::NotTrue(written, line) => find.add(
            Code::UseLabelValueNotTrue,
            Severity::Error,
            line,
            format!(
                "the label {USE_LABEL} is \"{written}\"; the webhook selects pods whose label is exactly \"true\" (lower case), so these pods get no token"
            ),
            set_label(),
        ),
        Label::Missing if on_controller => find.add(
            Code::UseLabelOnControllerNotPodTemplate,
            Severity::Error,
            value_line(&[object.metadata("labels")], USE_LABEL).unwrap_or(object.node.line),
            format!(
                "the label {USE_LABEL} is on the {}'s own metadata, not on its pod template; the webhook sees only the pods, which do not carry it, so they get no token",
                object.kind
            ),
            set_label(),
        ),
        Label::Missing if as_annotation => find.add(
            Code::UseAnnotationInsteadOfLabel,
            Severity::Error,
            value_line(&[annotations, object.metadata("annotations")], USE_LABEL)
                .unwrap_or(object.node.line),
            format!(
                "{USE_LABEL} is an annotation here; the webhook selects pods by a label of that name, so these pods get no token"
            ),
            set_label(),
        ),
        Label::Missing if on_account => find.add(
            Code::UseLabelOnServiceAccount,
            Severity::Error,
            object.node.line,
            format!(
                "{USE_LABEL} is on the service account {service_account}, not on the pods; since v1.0.0 the webhook selects pods by their own label only (before v1.0.0 it read the service account's label or annotation), so these pods get no token"
            ),
            set_label(),
        ),
        Label::Missing if account_client_id.is_some() => find.add(
            Code::UseLabelMissing,
            Severity::Error,
            object.node.line,
            format!(
                "these pods run as {service_account}, which names a client ID, but they do not carry the label {USE_LABEL}: \"true\", so the webhook gives them no token"
            ),
            set_label(),
        ),
        Label::Missing => {}
    }

    // Which client ID the pods use: a container's own AZURE_CLIENT_ID, which the webhook leaves
    // as it is (AZWI wh.go `addEnvironmentVariables`: a variable the container names in `env`,
    // with a value or a valueFrom, is not added again; `envFrom` is not consulted), else the
    // service account's annotation (AZWI `getClientID`: the service account only, never the pod).
    let client_env = env(spec, "AZURE_CLIENT_ID");
    let tenant_env = env(spec, "AZURE_TENANT_ID");
    let mut client_id = account_client_id.map(str::to_owned);
    if intends {
        for (container, value) in &client_env {
            let (severity, said) = match value {
                Env::Value(v) => {
                    let same = account_client_id == Some(*v);
                    client_id = Some((*v).to_owned());
                    (
                        if same {
                            Severity::Info
                        } else {
                            Severity::Warning
                        },
                        if same {
                            format!(
                                "the container {container} sets AZURE_CLIENT_ID to {v} itself, the same as the service account's annotation: the webhook leaves it as it is"
                            )
                        } else {
                            format!(
                                "the container {container} sets AZURE_CLIENT_ID to {v} itself, and the webhook leaves a variable the container sets as it is: the app signs in as {v}{}, so that identity needs the credential",
                                account_client_id
                                    .map(|a| format!(
                                        ", not as {a} (the service account's annotation)"
                                    ))
                                    .unwrap_or_default()
                            )
                        },
                    )
                }
                Env::From(from) => {
                    client_id = None;
                    (
                        Severity::Warning,
                        format!(
                            "the container {container} sets AZURE_CLIENT_ID from {from}, and the webhook leaves it as it is: the app signs in as whatever that holds, which the manifests do not say"
                        ),
                    )
                }
            };
            find.add(
                Code::ClientIdEnvOverride,
                severity,
                object.node.line,
                said,
                None,
            );
        }
        for (container, value) in &tenant_env {
            let said = match value {
                Env::Value(v) => format!(
                    "the container {container} sets AZURE_TENANT_ID to {v} itself, and the webhook leaves it as it is: the app signs in to that tenant, whatever the service account's {TENANT_ID} annotation or the webhook's own tenant say"
                ),
                Env::From(from) => format!(
                    "the container {container} sets AZURE_TENANT_ID from {from}, and the webhook leaves it as it is: the app signs in to whatever tenant that holds"
                ),
            };
            find.add(
                Code::TenantIdEnvOverride,
                Severity::Warning,
                object.node.line,
                said,
                None,
            );
        }
    }

    // The client ID on an object the webhook does not read it from.
    let misplaced = [
        ("the pod template's annotations", annotations),
        ("the pod template's labels", labels),
        (
            "the object's own annotations",
            object.metadata("annotations"),
        ),
        ("the object's own labels", object.metadata("labels")),
    ]
    .into_iter()
    .find_map(|(where_, map)| entry(map, CLIENT_ID).map(|v| (where_, v)));
    if let Some((where_, value)) = misplaced {
        intends = true;
        let value = value.as_str().unwrap_or_default();
        let account_lines = lines_at(
            &["metadata", "annotations"],
            &[&format!("{CLIENT_ID}: {}", quoted(value))],
        );
        find.add(
            Code::ClientIdAnnotationOnWrongObject,
            if account_client_id.is_some() { Severity::Warning } else { Severity::Error },
            value_line(&[annotations, labels, object.metadata("annotations"), object.metadata("labels")], CLIENT_ID).unwrap_or(object.node.line),
            format!(
                "{CLIENT_ID} is in {where_}; the webhook reads it only as an annotation of the service account ({service_account}){}",
                if account_client_id.is_some() { ", which has its own: this one is ignored" } else { ", so the pods get no client ID from it" }
            ),
            Some(format!("# on the ServiceAccount {}\n{account_lines}", comment(&format!("{}/{service_account}", object.namespace)))),
        );
    }

    // The token's lifetime on the pod (which wins over the service account's).
    if let Some(value) = entry(annotations, TOKEN_EXPIRATION) {
        expiration(
            &mut find,
            value,
            &with(path, &["metadata", "annotations"]),
            "pod template",
        );
    }

    if injects {
        if service_account == "default" {
            find.add(
                Code::DefaultServiceAccount,
                Severity::Warning,
                object.node.line,
                format!(
                    "these pods run as the namespace's default service account: their subject is system:serviceaccount:{}:default, which every pod of {} that names no service account presents too. Give them a service account of their own",
                    object.namespace, object.namespace
                ),
                Some(lines_at(&spec_path, &[&format!("serviceAccountName: {}", quoted(object.name))])),
            );
        } else if account.is_none() {
            match elsewhere {
                Some(other) => find.add(
                    Code::ServiceAccountInOtherNamespace,
                    Severity::Error,
                    object.node.line,
                    format!(
                        "the service account {service_account} is in the namespace {}, and a pod can run only as a service account of its own namespace ({}): the pod is refused until {}/{service_account} exists",
                        other.namespace, object.namespace, object.namespace
                    ),
                    Some(format!("# the ServiceAccount in the workload's namespace\n{}", lines_at(&["metadata"], &[&format!("name: {}", quoted(&service_account)), &format!("namespace: {}", quoted(&object.namespace))]))),
                ),
                None => find.add(
                    Code::ServiceAccountNotInManifests,
                    Severity::Info,
                    object.node.line,
                    format!(
                        "the service account {}/{service_account} is not among these files, so its client ID cannot be read here; the webhook needs it in the cluster (kubectl get serviceaccount {service_account} -n {} -o yaml shows its annotations)",
                        object.namespace, object.namespace
                    ),
                    None,
                ),
            }
        } else if account_client_id.is_none() && client_env.is_empty() {
            find.add(
                Code::ClientIdMissing,
                Severity::Error,
                account.map_or(object.node.line, |a| a.node.line),
                format!(
                    "the service account {}/{service_account} has no {CLIENT_ID} annotation, so the webhook gives the pods no AZURE_CLIENT_ID (since v1.5.1; from v1.0.0 to v1.5.0 an empty one): the sign-in fails for want of an identity",
                    object.namespace
                ),
                Some(format!(
                    "# on the ServiceAccount {}\n{}",
                    comment(&format!("{}/{service_account}", object.namespace)),
                    lines_at(&["metadata", "annotations"], &[&format!("{CLIENT_ID}: \"CLIENT-ID-OF-THE-IDENTITY\"")])
                )),
            );
        }
    }
    let subject = injects.then(|| {
        format!(
            "system:serviceaccount:{}:{service_account}",
            object.namespace
        )
    });
    (
        Workload {
            kind: object.kind.to_owned(),
            name: object.name.to_owned(),
            namespace: object.namespace.clone(),
            service_account,
            webhook_injects: injects,
            client_id: if injects || intends { client_id } else { None },
            subject,
            file: object.file.to_owned(),
            line: object.node.line,
        },
        intends,
    )
}

/// The line of `key`'s value in the first of `maps` that has it.
fn value_line(maps: &[Option<&Node>], key: &str) -> Option<usize> {
    maps.iter().find_map(|m| entry(*m, key)).map(|v| v.line)
}

/// The token lifetime annotation, checked against the webhook's range.
fn expiration(find: &mut Finder<'_, '_>, value: &Node, path: &[&str], on: &str) {
    let written = value.as_str().unwrap_or_default();
    let (low, high) = TOKEN_EXPIRATION_RANGE;
    // An annotation's value is text too: an unquoted number is refused as a label's boolean is.
    if let Some(what) = yaml11_non_string(value) {
        find.add(
            Code::TokenExpirationOutOfRange,
            Severity::Error,
            value.line,
            format!(
                "{TOKEN_EXPIRATION} on the {on} is written {written} without quotes, which YAML reads as {what}; an annotation's value is text, so kubectl and helm refuse the whole object (unable to decode …: json: cannot unmarshal … into Go struct field ObjectMeta.metadata.annotations of type string). Quote it"
            ),
            Some(lines_at(path, &[&format!("{TOKEN_EXPIRATION}: {}", quoted(written))])),
        );
        return;
    }
    let ok = written
        .parse::<u64>()
        .is_ok_and(|s| (low..=high).contains(&s));
    if ok {
        return;
    }
    find.add(
        Code::TokenExpirationOutOfRange,
        Severity::Error,
        value.line,
        format!(
            "{TOKEN_EXPIRATION} on the {on} is {written:?}; the webhook accepts whole seconds from {low} (one hour) to {high} (a day) and refuses the pod otherwise"
        ),
        Some(lines_at(path, &[&format!("{TOKEN_EXPIRATION}: \"{low}\"")])),
    );
}

/// What is wrong with one service account, once.
fn service_account(
    account: &Object<'_>,
    used: &HashSet<(String, String)>,
    findings: &mut Vec<ObjectFinding>,
) {
    let mut find = Finder {
        findings,
        object: account,
    };
    let annotations = account.metadata("annotations");
    let labels = account.metadata("labels");
    let client_id = entry(annotations, CLIENT_ID);
    let is_used = used.contains(&(account.namespace.clone(), account.name.to_owned()));
    let annotation_lines = |value: &str| {
        Some(lines_at(
            &["metadata", "annotations"],
            &[&format!("{CLIENT_ID}: {}", quoted(value))],
        ))
    };
    let mut typos: HashMap<&str, &Node> = HashMap::new();
    for (key, value) in annotations.and_then(Node::as_map).unwrap_or_default() {
        if client_id_typo(key) {
            typos.insert(key, value);
        }
    }
    for (key, value) in &typos {
        find.add(
            Code::ClientIdAnnotationTypo,
            if client_id.is_some() {
                Severity::Warning
            } else {
                Severity::Error
            },
            value.line,
            format!(
                "the annotation {key} is not {CLIENT_ID}, the only key the webhook reads{}",
                if client_id.is_some() {
                    " (this one also has the right key, so it is ignored)"
                } else {
                    ": the pods get no client ID"
                }
            ),
            annotation_lines(value.as_str().unwrap_or_default()),
        );
    }
    if let Some(value) = entry(labels, CLIENT_ID)
        && client_id.is_none()
    {
        find.add(
            Code::ClientIdAnnotationOnWrongObject,
            Severity::Error,
            value.line,
            format!("{CLIENT_ID} is a label of this service account; the webhook reads it only as an annotation"),
            annotation_lines(value.as_str().unwrap_or_default()),
        );
    }
    if let Some(value) = client_id {
        let written = value.as_str().unwrap_or_default();
        if written.trim().parse::<crate::guid::Guid>().is_err() {
            let (severity, why) = if placeholder(written) {
                (
                    Severity::Warning,
                    format!(
                        "{CLIENT_ID} is {written:?}, a placeholder: put the identity's client ID (a GUID) there before applying"
                    ),
                )
            } else {
                (
                    Severity::Error,
                    format!(
                        "{CLIENT_ID} is {written:?}, which is not a GUID: it is the identity's client ID (application ID), as az identity show --query clientId prints it"
                    ),
                )
            };
            find.add(Code::ClientIdNotGuid, severity, value.line, why, None);
        } else if written != written.trim() {
            find.add(
                Code::ClientIdNotGuid,
                Severity::Error,
                value.line,
                format!(
                    "{CLIENT_ID} has white space around the GUID, which the pods pass on as it is"
                ),
                annotation_lines(written.trim()),
            );
        }
        if !is_used {
            find.add(
                Code::ServiceAccountUnused,
                Severity::Info,
                account.node.line,
                format!(
                    "no workload among these files runs as {}/{}: its credential is used by pods elsewhere, or by none",
                    account.namespace, account.name
                ),
                None,
            );
        }
    }
    let on_account = entry(labels, USE_LABEL).or_else(|| entry(annotations, USE_LABEL));
    if let Some(value) = on_account
        && !is_used
    {
        find.add(
            Code::UseLabelOnServiceAccount,
            Severity::Warning,
            value.line,
            format!("{USE_LABEL} is on this service account; since v1.0.0 the webhook selects pods by their own label only (before v1.0.0 it read the service account's label or annotation): put it on the pod template of each workload that runs as {}", account.name),
            Some(lines_at(&["spec", "template", "metadata", "labels"], &[&format!("{USE_LABEL}: \"true\"")])),
        );
    }
    if let Some(value) = entry(annotations, TOKEN_EXPIRATION) {
        expiration(
            &mut find,
            value,
            &["metadata", "annotations"],
            "service account",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_1_1_reads_these_plain_scalars_as_other_than_text() {
        let cases: [(&str, Option<&str>); 12] = [
            ("v: true", Some("a boolean")),
            ("v: yes", Some("a boolean")),
            ("v: On", Some("a boolean")),
            ("v: 'true'", None),
            ("v: \"true\"", None),
            ("v: 1", Some("a number")),
            ("v: 1.5", Some("a number")),
            ("v: 0x1F", Some("a number")),
            ("v: .inf", Some("a number")),
            ("v: 1.2.3", None),
            ("v: enabled", None),
            ("v: ~", Some("null")),
        ];
        for (text, expected) in cases {
            let doc = yaml::parse(text).unwrap_or_else(|e| panic!("{e}"));
            let value = doc.get("v").unwrap_or_else(|| panic!("{text}"));
            assert_eq!(yaml11_non_string(value), expected, "{text}");
        }
    }

    #[test]
    fn client_id_typos_are_near_the_key_and_nothing_else() {
        for key in [
            "azure.workload.identity/clientid",
            "azure.workload.identity/client_id",
            "azure.workload.identity/Client-ID",
            "azure.workload.identity.io/client-id",
            "azure.workload-identity/client-id",
            "azure.workload.identiy/client-id",
        ] {
            assert!(client_id_typo(key), "{key}");
        }
        for key in [
            CLIENT_ID,
            TENANT_ID,
            "eks.amazonaws.com/role-arn",
            "iam.gke.io/gcp-service-account",
        ] {
            assert!(!client_id_typo(key), "{key}");
        }
    }

    #[test]
    fn values_in_fixes_are_quoted_so_that_they_read_back() {
        for value in [
            "plain",
            "a: b",
            "#x",
            "\"q\"",
            "back\\slash",
            "\u{7f}del",
            "line\nbreak",
            "\u{2028}",
            "\u{1F600}",
            "\u{FEFF}",
        ] {
            let text = format!("k: {}\n# {}\n", quoted(value), comment(value));
            let doc = yaml::parse(&text).unwrap_or_else(|e| panic!("{value:?}: {e}"));
            assert_eq!(
                doc.get("k").and_then(Node::as_str),
                Some(value),
                "{value:?}"
            );
        }
    }

    #[test]
    fn fixes_are_yaml_at_the_objects_path() {
        assert_eq!(
            lines_at(
                &["spec", "template", "metadata", "labels"],
                &["a: \"true\""]
            ),
            "spec:\n  template:\n    metadata:\n      labels:\n        a: \"true\"\n"
        );
        assert_eq!(lines_at(&[], &["a: b"]), "a: b\n");
    }
}
