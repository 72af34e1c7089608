//! Kubernetes manifests as a prediction (issue 29): each workload that uses workload identity is
//! a job presenting its service account's subject, so the credential set, "Open in the
//! builder" and the coverage against existing credentials work as they do for pipelines.

use super::KubernetesInput;
use super::manifests::{self, WEBHOOK};
use crate::face::Ask;
use crate::finding::Finding;
use crate::platforms::{Common, Platform};
use crate::predict::model::{
    Error, File, Job, Kind, Needed, Options, Prediction, Presented, TokenAccess, push_unique,
};
use crate::validation;

/// The audience the webhook's projected token carries (AZWI `pkg/webhook/consts.go`
/// `DefaultAudience`; the webhook's `--audience` flag can change it).
pub const AUDIENCE: &str = "api://AzureADTokenExchange";

/// The cluster's issuer from what the user gave: the URL, or what `az aks show` prints (JSON
/// with `oidcIssuerProfile.issuerUrl`). `Ok("")` when nothing was given.
pub fn issuer_from(input: &str) -> Result<String, String> {
    let input = input.trim();
    if !input.starts_with('{') {
        if input.contains(char::is_whitespace) {
            return Err("the cluster's issuer is neither a URL nor what az aks show prints: give the URL (az aks show -g RG -n CLUSTER --query oidcIssuerProfile.issuerUrl -o tsv prints it), or all that az aks show prints".to_owned());
        }
        return Ok(input.to_owned());
    }
    let value = crate::json::parse(input).map_err(|e| {
        format!("the cluster's issuer is neither a URL nor JSON fedcred can read ({e})")
    })?;
    let profile = value.get("oidcIssuerProfile");
    match profile.and_then(|p| p.get("issuerUrl")).and_then(|u| u.as_str()) {
        Some(url) if !url.is_empty() => Ok(url.to_owned()),
        _ if value.get("kubernetesVersion").is_some() || profile.is_some() => Err(
            "this is what az aks show prints, but it has no oidcIssuerProfile.issuerUrl: the cluster's OIDC issuer is off. Turn it on with az aks update -g RG -n CLUSTER --enable-oidc-issuer --enable-workload-identity".to_owned(),
        ),
        _ => Err("this JSON is not what az aks show prints (it has no oidcIssuerProfile.issuerUrl): give the issuer URL, or what az aks show -g RG -n CLUSTER prints".to_owned()),
    }
}

/// Reads `files` as manifests and predicts what each workload presents.
pub fn predict(files: &[File<'_>], options: &Options) -> Result<Prediction, Error> {
    let read = manifests::read(files, &options.namespace);
    let file_names = || files.iter().map(|f| f.name).collect::<Vec<_>>().join(", ");
    if read.objects == 0 {
        let why = if read.notes.is_empty() {
            "no Kubernetes object found: manifests are YAML or JSON objects with apiVersion: and kind: (what kubectl get -o yaml, helm template or kustomize build prints)".to_owned()
        } else {
            format!(
                "no Kubernetes object could be read: {}",
                read.notes.join("; ")
            )
        };
        return Err(Error {
            needs: None,
            file: file_names(),
            line: None,
            message: why,
        });
    }
    let issuer = issuer_from(&options.issuer).map_err(|message| Error {
        needs: None,
        file: "the cluster's issuer".to_owned(),
        line: None,
        message,
    })?;
    let mut jobs = Vec::new();
    for (workload, intends) in read.workloads.iter().zip(&read.intends) {
        if !intends {
            continue;
        }
        let id = workload.object();
        let token = if workload.webhook_injects {
            TokenAccess {
                can: true,
                why: format!(
                    "its pods carry the label {}: \"true\", so the webhook projects a token for service account {} ({WEBHOOK})",
                    manifests::USE_LABEL,
                    workload.service_account
                ),
            }
        } else {
            TokenAccess {
                can: false,
                why: read
                    .findings
                    .iter()
                    .find(|f| f.object == id && f.code.as_str().starts_with("use_"))
                    .map(|f| f.message.clone())
                    .unwrap_or_else(|| {
                        format!(
                            "its pods do not carry the label {}: \"true\", so the webhook gives them no token",
                            manifests::USE_LABEL
                        )
                    }),
            }
        };
        jobs.push(Job {
            id,
            name: None,
            file: workload.file.clone(),
            line: workload.line,
            token,
            login: Some(format!(
                "the Azure Workload Identity webhook{}",
                workload
                    .client_id
                    .as_deref()
                    .map(|c| format!(" (client ID {c})"))
                    .unwrap_or_default()
            )),
            may_request: None,
            audience: AUDIENCE.to_owned(),
            subjects: workload
                .subject
                .iter()
                .map(|subject| Presented {
                    subject: subject.clone(),
                    pattern: false,
                    triggers: vec!["every pod".to_owned()],
                    why: format!(
                        "its pods run as the service account {} in the namespace {}",
                        workload.service_account, workload.namespace
                    ),
                })
                .collect(),
            unresolved: Vec::new(),
            caveats: Vec::new(),
            job_workflow_ref: None,
            connections: Vec::new(),
        });
    }
    let mut notes = read.notes.clone();
    notes.push(format!(
        "what the webhook does is {WEBHOOK}; a cluster with an older webhook may differ"
    ));
    if issuer.is_empty() {
        notes.push(format!(
            "the cluster's issuer was not given, so the credentials are not built; {}",
            options.face.ask(Ask::ClusterIssuer)
        ));
    }
    // One credential per subject; the 20 a credential set may hold are counted per identity.
    let mut credentials = Vec::new();
    let mut needed = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    let mut by_identity: Vec<(Option<String>, Vec<crate::credential::Credential>)> = Vec::new();
    let mut seen: Vec<&str> = Vec::new();
    for workload in &read.workloads {
        let Some(subject) = workload.subject.as_deref() else {
            continue;
        };
        if seen.contains(&subject) {
            continue;
        }
        seen.push(subject);
        let input = KubernetesInput {
            issuer: issuer.clone(),
            namespace: workload.namespace.clone(),
            service_account: workload.service_account.clone(),
        };
        let built = (!issuer.is_empty()).then(|| input.build(&Common::default()));
        let credential = built.as_ref().and_then(|b| b.credentials.first().cloned());
        if let Some(built) = &built {
            for finding in &built.findings {
                push_unique(&mut findings, finding.clone());
            }
        }
        if let Some(c) = &credential {
            credentials.push(c.clone());
            match by_identity
                .iter_mut()
                .find(|(id, _)| *id == workload.client_id)
            {
                Some((_, set)) => set.push(c.clone()),
                None => by_identity.push((workload.client_id.clone(), vec![c.clone()])),
            }
        }
        needed.push(Needed {
            platform: Platform::Kubernetes(input),
            accepts: subject.to_owned(),
            credential,
        });
    }
    for (_, set) in &by_identity {
        for finding in validation::validate_set(set) {
            push_unique(&mut findings, finding);
        }
    }
    Ok(Prediction {
        kind: Kind::Kubernetes,
        repo: String::new(),
        placeholders: Vec::new(),
        jobs,
        notes,
        credentials,
        needed,
        findings,
        workloads: read.workloads,
        object_findings: read.findings,
    })
}
