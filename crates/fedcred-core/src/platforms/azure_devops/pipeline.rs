//! An `azure-pipelines.yml` read for the service connections its tasks name (issue 17).
//!
//! A pipeline's token for Entra comes from a service connection, not from the pipeline file: the
//! subject is the connection's (field guide §4), so the file tells which connections each job
//! uses, and each needs its own credential, whose IDs are on the connection's page. Sources:
//! Azure Pipelines task reference (`AzureCLI@2` `azureSubscription`, `AzurePowerShell@5`
//! `azureSubscription`, `AzureWebApp@1` `azureSubscription`, `AzureResourceManagerTemplateDeployment@3`
//! `azureResourceManagerConnection`, `AzureRmWebAppDeployment@4` `ConnectedServiceName`,
//! `TerraformTaskV4` `environmentServiceNameAzureRM`, `AzureFunctionApp@2` `connectedServiceNameARM`);
//! YAML schema (`stages`/`jobs`/`steps`, `deployment` jobs' `strategy` hooks). As read on
//! 2026-11-29.

use super::AzureDevOpsInput;
use super::issuer::LEGACY_ISSUER_RETIREMENT;
use super::template::{self, TEMPLATE_FILE};
use crate::platforms::Platform;
use crate::predict::local::Local;
use crate::predict::model::{
    Connection, Error, File, Job, Kind, Needed, Options, Prediction, TokenAccess, push_unique,
};
use crate::yaml::{Node, Value};

/// Task inputs that name an Azure Resource Manager service connection (compared without case).
const CONNECTION_INPUTS: &[&str] = &[
    "azureSubscription",
    "connectedServiceNameARM",
    "azureResourceManagerConnection",
    "ConnectedServiceName",
    "ConnectedServiceNameARM",
    "environmentServiceNameAzureRM",
    "backendServiceArm",
    "azureServiceConnection",
];

/// How deep the walk for jobs and steps goes (stages → jobs → strategy → hooks → steps).
const MAX_WALK: usize = 24;

/// Predicts `doc` (the file `file`) with its local templates in place (from `local`, the other
/// files given).
pub(crate) fn predict(
    file: &File<'_>,
    doc: &Node,
    local: &mut Local<'_>,
    options: &Options,
) -> Result<Prediction, Error> {
    let expanded = template::expand(file, doc, local);
    let doc = &expanded.doc;
    let mut jobs: Vec<Job> = Vec::new();
    collect_jobs(doc, file.name, "", &[], 0, options, &mut jobs);
    if doc.get("steps").is_some() {
        let mut connections = Vec::new();
        connections_in(doc, 0, &mut connections);
        let mut variables = Vec::new();
        if let Some(v) = doc.get("variables") {
            variables_in(v, 0, &mut variables);
        }
        let named = resolve_variables(&mut connections, &variables);
        let mut pipeline = job("(pipeline)", doc, file.name, connections, options);
        pipeline.caveats.extend(named);
        jobs.insert(0, pipeline);
    }
    let mut notes = vec![format!(
        "an Azure DevOps pipeline's token comes from the service connection, so each connection needs one credential with its own IDs; the legacy issuer (vstoken.dev.azure.com) retires on {LEGACY_ISSUER_RETIREMENT} for single-tenant apps and managed identities"
    )];
    if jobs.iter().all(|j| j.connections.is_empty()) {
        notes.push("no task in this file or the templates read names an Azure Resource Manager service connection (azureSubscription, connectedServiceNameARM, …)".to_owned());
    }
    notes.extend(expanded.notes);
    let (organization, project) = options.repo.trim().split_once('/').unwrap_or_default();
    let mut needed: Vec<Needed> = Vec::new();
    for connection in jobs.iter().flat_map(|j| &j.connections) {
        if needed
            .iter()
            .any(|n| n.accepts.ends_with(&format!(" {}", connection.name)))
        {
            continue;
        }
        needed.push(Needed {
            platform: Platform::AzureDevops(AzureDevOpsInput {
                organization: organization.to_owned(),
                project: project.to_owned(),
                connection: connection.name.clone(),
                ..Default::default()
            }),
            accepts: format!("the token of service connection {}", connection.name),
            credential: None,
        });
    }
    Ok(Prediction {
        kind: Kind::AzureDevOps,
        repo: options.repo.trim().to_owned(),
        placeholders: Vec::new(),
        jobs,
        notes,
        credentials: Vec::new(),
        needed,
        findings: Vec::new(),
        workloads: Vec::new(),
        object_findings: Vec::new(),
    })
}

fn job(id: &str, node: &Node, file: &str, connections: Vec<Connection>, options: &Options) -> Job {
    let (org, project) = options
        .repo
        .trim()
        .split_once('/')
        .unwrap_or(("ORGANIZATION", "PROJECT"));
    let unresolved = connections
        .iter()
        .map(|c| {
            format!(
                "service connection {name}: with the Entra issuer (new connections) the subject is /eid1/c/pub/t/<tenant>/a/<Azure DevOps app>/sc/<organization-id>/<service-connection-id>: copy its Subject identifier from Project settings > Service connections > {name} into the builder; with the legacy issuer it is sc://{org}/{project}/{name}",
                name = c.name
            )
        })
        .collect();
    Job {
        id: id.to_owned(),
        name: node.get("displayName").and_then(Node::as_str).map(str::to_owned),
        file: file.to_owned(),
        line: node.line,
        token: TokenAccess {
            can: true,
            why: "Azure Pipelines gets the token through the service connection when a task uses it".to_owned(),
        },
        login: (!connections.is_empty()).then(|| {
            let names: Vec<&str> = connections.iter().map(|c| c.name.as_str()).collect();
            format!("service connection {}", names.join(", "))
        }),
        may_request: None,
        audience: "api://AzureADTokenExchange".to_owned(),
        subjects: Vec::new(),
        unresolved,
        caveats: connections
            .iter()
            .filter(|c| c.name.contains("$(") || c.name.contains("${{"))
            .map(|c| format!("the connection {} is named by a variable or parameter, known only when the pipeline runs", c.name))
            .collect(),
        job_workflow_ref: None,
        connections,
    }
}

/// Every `job:` and `deployment:` under `node`, with the connections its steps name; `variables`
/// are those the pipeline, its stage and (for a job) the job itself set on the way down.
fn collect_jobs(
    node: &Node,
    file: &str,
    stage: &str,
    variables: &[(String, String)],
    depth: usize,
    options: &Options,
    out: &mut Vec<Job>,
) {
    if depth > MAX_WALK {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            // Content put in place from a template is in the template's file.
            let file = node
                .get(TEMPLATE_FILE)
                .and_then(Node::as_str)
                .unwrap_or(file);
            // What this level sets, over what the levels above set.
            let mut variables = variables.to_vec();
            if let Some(v) = node.get("variables") {
                variables_in(v, 0, &mut variables);
            }
            // `- job:` without a name is a job too; Azure Pipelines names it when it runs.
            let id = node
                .get("job")
                .or_else(|| node.get("deployment"))
                .map(|id| match id.as_str() {
                    Some(id) => id.to_owned(),
                    None => format!("(unnamed job, line {})", node.line),
                });
            if let Some(id) = id {
                let mut connections = Vec::new();
                connections_in(node, 0, &mut connections);
                let named = resolve_variables(&mut connections, &variables);
                let full = if stage.is_empty() {
                    id.to_owned()
                } else {
                    format!("{stage}/{id}")
                };
                let mut job = job(&full, node, file, connections, options);
                job.caveats.extend(named);
                out.push(job);
                return;
            }
            let stage = node
                .get("stage")
                .and_then(Node::as_str)
                .unwrap_or(stage)
                .to_owned();
            for (key, value) in entries {
                if key != "variables" {
                    collect_jobs(value, file, &stage, &variables, depth + 1, options, out);
                }
            }
        }
        Value::Seq(items) => {
            for item in items {
                collect_jobs(item, file, stage, variables, depth + 1, options, out);
            }
        }
        _ => {}
    }
}

/// The variables a `variables:` value sets to a literal (Azure Pipelines YAML schema,
/// "variables": a mapping of name to value, or a list of `name`/`value` pairs, `group`s and
/// templates; read 2026-12-05), later over earlier. A group's values are not in the file.
fn variables_in(node: &Node, depth: usize, out: &mut Vec<(String, String)>) {
    if depth > MAX_WALK {
        return;
    }
    fn set(out: &mut Vec<(String, String)>, name: &str, value: &str) {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.to_owned(),
            None => out.push((name.to_owned(), value.to_owned())),
        }
    }
    match &node.value {
        Value::Map(entries) => {
            // A template put in place: its own `variables:`.
            if node.get(TEMPLATE_FILE).is_some() {
                if let Some(v) = node.get("variables") {
                    variables_in(v, depth + 1, out);
                }
                return;
            }
            for (name, value) in entries {
                if let Some(value) = value.as_str() {
                    set(out, name, value);
                }
            }
        }
        Value::Seq(items) => {
            for item in items {
                match (
                    item.get("name").and_then(Node::as_str),
                    item.get("value").and_then(Node::as_str),
                ) {
                    (Some(name), Some(value)) => set(out, name, value),
                    _ => variables_in(item, depth + 1, out),
                }
            }
        }
        _ => {}
    }
}

/// Writes in the connections named by a variable the file sets (`$(name)`), each with a caveat
/// that says where the name came from: a variable group or a value given when the pipeline is
/// queued is not in the file and would change it.
fn resolve_variables(
    connections: &mut [Connection],
    variables: &[(String, String)],
) -> Vec<String> {
    let mut caveats = Vec::new();
    for connection in connections.iter_mut() {
        let Some(name) = connection
            .name
            .trim()
            .strip_prefix("$(")
            .and_then(|n| n.strip_suffix(')'))
        else {
            continue;
        };
        let Some((_, value)) = variables.iter().find(|(n, _)| n == name) else {
            continue;
        };
        if value.contains("$(") || value.contains("${{") || value.trim().is_empty() {
            continue;
        }
        caveats.push(format!(
            "the service connection {value} is named by the variable {name}, as the file sets it; a variable group or a value given when the pipeline is queued would change it"
        ));
        connection.name = value.clone();
    }
    caveats
}

/// The service connections the tasks under `node` name.
fn connections_in(node: &Node, depth: usize, out: &mut Vec<Connection>) {
    if depth > MAX_WALK {
        return;
    }
    match &node.value {
        Value::Map(entries) => {
            if let (Some(task), Some(inputs)) = (
                node.get("task").and_then(Node::as_str),
                node.get("inputs").and_then(Node::as_map),
            ) {
                for (key, value) in inputs {
                    let Some(name) = value.as_str() else { continue };
                    if CONNECTION_INPUTS
                        .iter()
                        .any(|k| k.eq_ignore_ascii_case(key))
                    {
                        match out.iter_mut().find(|c| c.name == name) {
                            Some(c) => push_unique(&mut c.tasks, task.to_owned()),
                            None => out.push(Connection {
                                name: name.to_owned(),
                                input: key.clone(),
                                tasks: vec![task.to_owned()],
                            }),
                        }
                    }
                }
            }
            for (_, value) in entries {
                connections_in(value, depth + 1, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                connections_in(item, depth + 1, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use crate::predict::{File, Options, predict};

    #[test]
    fn service_connections_per_job_with_the_values_to_look_up() {
        let text = "trigger: [main]\npool: {vmImage: ubuntu-latest}\nstages:\n  - stage: deploy\n    jobs:\n      - deployment: web\n        environment: prod\n        strategy:\n          runOnce:\n            deploy:\n              steps:\n                - task: AzureCLI@2\n                  inputs:\n                    azureSubscription: sc-prod\n                    scriptType: bash\n                - task: AzureWebApp@1\n                  inputs: {azureSubscription: sc-prod}\n      - job: infra\n        steps:\n          - task: AzureResourceManagerTemplateDeployment@3\n            inputs:\n              azureResourceManagerConnection: sc-infra\n";
        let options = Options {
            repo: "contoso/payments".into(),
            ..Default::default()
        };
        let p = predict(
            &[File {
                name: "azure-pipelines.yml",
                text,
            }],
            &options,
        )
        .unwrap();
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert_eq!(ids, ["deploy/web", "deploy/infra"]);
        assert_eq!(p.jobs[0].connections[0].name, "sc-prod");
        assert_eq!(
            p.jobs[0].connections[0].tasks,
            ["AzureCLI@2", "AzureWebApp@1"]
        );
        assert_eq!(
            p.jobs[1].connections[0].input,
            "azureResourceManagerConnection"
        );
        assert!(p.jobs[0].unresolved[0].contains("Subject identifier"));
        assert_eq!(p.unresolved_jobs(), ["deploy/web", "deploy/infra"]);
        assert!(p.credentials.is_empty());
    }

    #[test]
    fn detected_without_a_file_name_from_its_keys() {
        let text = "pool: {vmImage: ubuntu-latest}\nsteps:\n  - task: AzureCLI@2\n    inputs: {azureSubscription: my-conn}\n";
        let p = predict(
            &[File {
                name: "ci.yml",
                text,
            }],
            &Options::default(),
        )
        .unwrap();
        assert_eq!(p.kind, crate::predict::Kind::AzureDevOps);
        assert_eq!(p.jobs[0].id, "(pipeline)");
        assert!(p.jobs[0].unresolved[0].contains("sc://ORGANIZATION/PROJECT/my-conn"));
    }
}
