//! The builder state's JSON in shared links, written and read by hand.
//!
//! The keys are those of the types' serde names (links made before this codec still open), but
//! only inputs that differ from their default are written, so links stay short. Reading goes
//! through [`crate::json::Value`], which the token decoder needs anyway: derived `Deserialize`
//! impls for every input type cost the web bundle about 30 KB of code for this one call (issue 6).

use crate::json::{self, Map, Value};

use super::{PlatformKind, Scenario};
use crate::key::Keyed;
use crate::platforms::azure_devops::AzureDevOpsInput;
use crate::platforms::github::{Entity, EntityKind, GitHubInput};
use crate::platforms::gitlab::GitLabInput;
use crate::platforms::kubernetes::KubernetesInput;
use crate::platforms::managed_identity::ManagedIdentityInput;
use crate::platforms::other::OtherInput;
use crate::platforms::terraform::TerraformInput;
use crate::platforms::{Common, Platform};
use crate::target::Target;

/// The scenario as compact JSON.
pub(super) fn write(scenario: &Scenario) -> String {
    let mut w = Writer::default();
    w.choice("platform", scenario.platform);
    w.child("github", github(&scenario.github));
    w.child("azure_devops", azure_devops(&scenario.azure_devops));
    w.child("kubernetes", kubernetes(&scenario.kubernetes));
    w.child("gitlab", gitlab(&scenario.gitlab));
    w.child("terraform", terraform(&scenario.terraform));
    w.child(
        "managed_identity",
        managed_identity(&scenario.managed_identity),
    );
    w.child("other", other(&scenario.other));
    w.child("common", common(&scenario.common));
    if scenario.target != Target::default() {
        w.0.insert("target".into(), target(&scenario.target));
    }
    if !scenario.set.is_empty() {
        let set = scenario.set.iter().map(platform).collect();
        w.0.insert("set".into(), Value::Array(set));
    }
    Value::Object(w.0).to_string()
}

/// Reads the JSON back; the error names the first input that is not what it should be.
pub(super) fn read(json: &str) -> Result<Scenario, String> {
    let value: Value = json::parse(json).map_err(|e| e.to_string())?;
    let r = Reader::new(Some(&value), "the state")?;
    let set = match r.get("set") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, item)| read_platform(item, &format!("set[{i}]")))
            .collect::<Result<_, _>>()?,
        Some(_) => return Err("set is not a list".into()),
    };
    Ok(Scenario {
        platform: r.choice("platform")?,
        github: read_github(&r.child("github")?)?,
        azure_devops: read_azure_devops(&r.child("azure_devops")?)?,
        kubernetes: read_kubernetes(&r.child("kubernetes")?)?,
        gitlab: read_gitlab(&r.child("gitlab")?)?,
        terraform: read_terraform(&r.child("terraform")?)?,
        managed_identity: read_managed_identity(&r.child("managed_identity")?)?,
        other: read_other(&r.child("other")?)?,
        common: read_common(&r.child("common")?)?,
        target: read_target(r.get("target"))?,
        set,
    })
}

/// An object being written: empty texts and default choices are left out.
#[derive(Default)]
struct Writer(Map);

impl Writer {
    fn text(&mut self, key: &str, value: &str) {
        if !value.is_empty() {
            self.0.insert(key.into(), Value::String(value.into()));
        }
    }

    fn choice<T: Keyed + Default>(&mut self, key: &str, value: T) {
        if value != T::default() {
            self.0.insert(key.into(), Value::String(value.key().into()));
        }
    }

    fn child(&mut self, key: &str, child: Writer) {
        if !child.0.is_empty() {
            self.0.insert(key.into(), Value::Object(child.0));
        }
    }
}

fn github(g: &GitHubInput) -> Writer {
    let mut w = Writer::default();
    w.text("repo", &g.repo);
    if g.entity != Entity::default() {
        let kind = g.entity.kind().key();
        let entity = match &g.entity {
            Entity::PullRequest => Value::String(kind.into()),
            other => tagged(kind, Value::String(other.value().to_owned())),
        };
        w.0.insert("entity".into(), entity);
    }
    w.choice("subject_form", g.subject_form);
    w.text("customization", &g.customization);
    w.text("owner_id", &g.owner_id);
    w.text("repo_id", &g.repo_id);
    w.text("enterprise", &g.enterprise);
    w.text("ghe_subdomain", &g.ghe_subdomain);
    w.text("ghes_host", &g.ghes_host);
    if !g.claim_keys.is_empty() {
        let keys = g.claim_keys.iter().cloned().map(Value::String).collect();
        w.0.insert("claim_keys".into(), Value::Array(keys));
    }
    if !g.claims.is_empty() {
        let pairs = g
            .claims
            .iter()
            .map(|(k, v)| Value::Array(vec![Value::String(k.clone()), Value::String(v.clone())]));
        w.0.insert("claims".into(), Value::Array(pairs.collect()));
    }
    w.text("job_workflow_ref", &g.job_workflow_ref);
    w
}

fn azure_devops(a: &AzureDevOpsInput) -> Writer {
    let mut w = Writer::default();
    w.choice("generation", a.generation);
    w.text("tenant_id", &a.tenant_id);
    w.text("organization_id", &a.organization_id);
    w.text("connection_id", &a.connection_id);
    w.text("subject_identifier", &a.subject_identifier);
    w.text("organization", &a.organization);
    w.text("project", &a.project);
    w.text("connection", &a.connection);
    w
}

fn kubernetes(k: &KubernetesInput) -> Writer {
    let mut w = Writer::default();
    w.text("issuer", &k.issuer);
    w.text("namespace", &k.namespace);
    w.text("service_account", &k.service_account);
    w
}

fn gitlab(g: &GitLabInput) -> Writer {
    let mut w = Writer::default();
    w.text("issuer", &g.issuer);
    w.text("project_path", &g.project_path);
    w.text("project_id", &g.project_id);
    w.choice("ref_type", g.ref_type);
    w.text("ref", &g.git_ref);
    w
}

fn terraform(t: &TerraformInput) -> Writer {
    let mut w = Writer::default();
    w.text("issuer", &t.issuer);
    w.text("organization", &t.organization);
    w.text("project", &t.project);
    w.text("workspace", &t.workspace);
    w.choice("run_phase", t.run_phase);
    w
}

fn managed_identity(m: &ManagedIdentityInput) -> Writer {
    let mut w = Writer::default();
    w.text("tenant_id", &m.tenant_id);
    w.text("principal_id", &m.principal_id);
    w
}

fn other(o: &OtherInput) -> Writer {
    let mut w = Writer::default();
    w.text("issuer", &o.issuer);
    w.text("subject", &o.subject);
    w.text("expression", &o.expression);
    w
}

fn common(c: &Common) -> Writer {
    let mut w = Writer::default();
    w.text("name", &c.name);
    w.choice("cloud", c.cloud);
    w.text("audience", &c.audience);
    w.text("description", &c.description);
    w
}

fn target(t: &Target) -> Value {
    let mut w = Writer::default();
    let key = match t {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            location,
        } => {
            w.text("name", name);
            w.text("resource_group", resource_group);
            w.text("subscription", subscription);
            w.text("location", location);
            "managed-identity"
        }
        Target::AppRegistration {
            client_id,
            object_id,
        } => {
            w.text("client_id", client_id);
            w.text("object_id", object_id);
            "app-registration"
        }
    };
    tagged(key, Value::Object(w.0))
}

fn platform(p: &Platform) -> Value {
    let inputs = match p {
        Platform::GitHub(i) => github(i),
        Platform::AzureDevops(i) => azure_devops(i),
        Platform::Kubernetes(i) => kubernetes(i),
        Platform::GitLab(i) => gitlab(i),
        Platform::Terraform(i) => terraform(i),
        Platform::ManagedIdentity(i) => managed_identity(i),
        Platform::Other(i) => other(i),
    };
    tagged(p.key(), Value::Object(inputs.0))
}

/// `{"key": value}`: how serde writes an enum variant with data.
fn tagged(key: &str, value: Value) -> Value {
    let mut map = Map::new();
    map.insert(key.into(), value);
    Value::Object(map)
}

/// An object being read, with its path for messages; a missing object reads as all defaults.
struct Reader<'a> {
    map: Option<&'a Map>,
    path: String,
}

impl<'a> Reader<'a> {
    fn new(value: Option<&'a Value>, path: &str) -> Result<Reader<'a>, String> {
        let map = match value {
            None | Some(Value::Null) => None,
            Some(Value::Object(map)) => Some(map),
            Some(_) => return Err(format!("{path} is not an object")),
        };
        Ok(Reader {
            map,
            path: path.to_owned(),
        })
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key))
    }

    fn child(&self, key: &str) -> Result<Reader<'a>, String> {
        Reader::new(self.get(key), &self.at(key))
    }

    fn at(&self, key: &str) -> String {
        if self.path == "the state" {
            key.to_owned()
        } else {
            format!("{}.{key}", self.path)
        }
    }

    fn text(&self, key: &str) -> Result<String, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("{} is not text", self.at(key))),
        }
    }

    fn texts(&self, key: &str) -> Result<Vec<String>, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| match item {
                    Value::String(s) => Ok(s.clone()),
                    _ => Err(format!("{} holds something that is not text", self.at(key))),
                })
                .collect(),
            Some(_) => Err(format!("{} is not a list", self.at(key))),
        }
    }

    fn choice<T: Keyed + Default>(&self, key: &str) -> Result<T, String> {
        match self.get(key) {
            None | Some(Value::Null) => Ok(T::default()),
            Some(Value::String(s)) => T::from_key(s)
                .ok_or_else(|| format!("{} has an unknown value \"{s}\"", self.at(key))),
            Some(_) => Err(format!("{} is not text", self.at(key))),
        }
    }
}

/// The one `{"key": value}` pair of an enum variant, or a bare `"key"` for one without data.
fn variant<'a>(value: &'a Value, path: &str) -> Result<(&'a str, Option<&'a Value>), String> {
    match value {
        Value::String(key) => Ok((key, None)),
        Value::Object(map) if map.len() == 1 => match map.iter().next() {
            Some((key, inner)) => Ok((key, Some(inner))),
            None => Err(format!("{path} is empty")),
        },
        _ => Err(format!("{path} is not one of its kinds")),
    }
}

fn read_github(r: &Reader) -> Result<GitHubInput, String> {
    let entity = match r.get("entity") {
        None | Some(Value::Null) => Entity::default(),
        Some(value) => {
            let path = r.at("entity");
            let (key, inner) = variant(value, &path)?;
            let text = || match inner {
                Some(Value::String(s)) => Ok(s.clone()),
                _ => Err(format!("{path}.{key} is not text")),
            };
            match EntityKind::from_key(key) {
                Some(EntityKind::PullRequest) => Entity::PullRequest,
                Some(kind) => Entity::of_kind(kind, text()?),
                None => return Err(format!("{path} has an unknown kind \"{key}\"")),
            }
        }
    };
    let claims = match r.get("claims") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(pairs)) => pairs
            .iter()
            .map(|pair| match pair.as_array().map(Vec::as_slice) {
                Some([Value::String(k), Value::String(v)]) => Ok((k.clone(), v.clone())),
                _ => Err(format!(
                    "{} holds something that is not a pair of texts",
                    r.at("claims")
                )),
            })
            .collect::<Result<_, _>>()?,
        Some(_) => return Err(format!("{} is not a list", r.at("claims"))),
    };
    Ok(GitHubInput {
        repo: r.text("repo")?,
        entity,
        subject_form: r.choice("subject_form")?,
        customization: r.text("customization")?,
        owner_id: r.text("owner_id")?,
        repo_id: r.text("repo_id")?,
        enterprise: r.text("enterprise")?,
        ghe_subdomain: r.text("ghe_subdomain")?,
        ghes_host: r.text("ghes_host")?,
        claim_keys: r.texts("claim_keys")?,
        claims,
        job_workflow_ref: r.text("job_workflow_ref")?,
    })
}

fn read_azure_devops(r: &Reader) -> Result<AzureDevOpsInput, String> {
    Ok(AzureDevOpsInput {
        generation: r.choice("generation")?,
        tenant_id: r.text("tenant_id")?,
        organization_id: r.text("organization_id")?,
        connection_id: r.text("connection_id")?,
        organization: r.text("organization")?,
        project: r.text("project")?,
        connection: r.text("connection")?,
        subject_identifier: r.text("subject_identifier")?,
    })
}

fn read_kubernetes(r: &Reader) -> Result<KubernetesInput, String> {
    Ok(KubernetesInput {
        issuer: r.text("issuer")?,
        namespace: r.text("namespace")?,
        service_account: r.text("service_account")?,
    })
}

fn read_gitlab(r: &Reader) -> Result<GitLabInput, String> {
    Ok(GitLabInput {
        issuer: r.text("issuer")?,
        project_path: r.text("project_path")?,
        project_id: r.text("project_id")?,
        ref_type: r.choice("ref_type")?,
        git_ref: r.text("ref")?,
    })
}

fn read_terraform(r: &Reader) -> Result<TerraformInput, String> {
    Ok(TerraformInput {
        issuer: r.text("issuer")?,
        organization: r.text("organization")?,
        project: r.text("project")?,
        workspace: r.text("workspace")?,
        run_phase: r.choice("run_phase")?,
    })
}

fn read_managed_identity(r: &Reader) -> Result<ManagedIdentityInput, String> {
    Ok(ManagedIdentityInput {
        tenant_id: r.text("tenant_id")?,
        principal_id: r.text("principal_id")?,
    })
}

fn read_other(r: &Reader) -> Result<OtherInput, String> {
    Ok(OtherInput {
        issuer: r.text("issuer")?,
        subject: r.text("subject")?,
        expression: r.text("expression")?,
    })
}

fn read_common(r: &Reader) -> Result<Common, String> {
    Ok(Common {
        name: r.text("name")?,
        cloud: r.choice("cloud")?,
        audience: r.text("audience")?,
        description: r.text("description")?,
    })
}

fn read_target(value: Option<&Value>) -> Result<Target, String> {
    let Some(value) = value.filter(|v| !v.is_null()) else {
        return Ok(Target::default());
    };
    let (key, inner) = variant(value, "target")?;
    let r = Reader::new(inner, &format!("target.{key}"))?;
    match key {
        "managed-identity" => Ok(Target::ManagedIdentity {
            name: r.text("name")?,
            resource_group: r.text("resource_group")?,
            subscription: r.text("subscription")?,
            location: r.text("location")?,
        }),
        "app-registration" => Ok(Target::AppRegistration {
            client_id: r.text("client_id")?,
            object_id: r.text("object_id")?,
        }),
        _ => Err(format!("target has an unknown kind \"{key}\"")),
    }
}

fn read_platform(value: &Value, path: &str) -> Result<Platform, String> {
    let (key, inner) = variant(value, path)?;
    let r = Reader::new(inner, &format!("{path}.{key}"))?;
    let kind = PlatformKind::from_key(key)
        .ok_or_else(|| format!("{path} has an unknown platform \"{key}\""))?;
    Ok(match kind {
        PlatformKind::GitHub => Platform::GitHub(read_github(&r)?),
        PlatformKind::AzureDevops => Platform::AzureDevops(read_azure_devops(&r)?),
        PlatformKind::Kubernetes => Platform::Kubernetes(read_kubernetes(&r)?),
        PlatformKind::GitLab => Platform::GitLab(read_gitlab(&r)?),
        PlatformKind::Terraform => Platform::Terraform(read_terraform(&r)?),
        PlatformKind::ManagedIdentity => Platform::ManagedIdentity(read_managed_identity(&r)?),
        PlatformKind::Other => Platform::Other(read_other(&r)?),
    })
}
