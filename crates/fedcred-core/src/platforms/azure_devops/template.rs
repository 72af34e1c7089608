//! An Azure Pipelines file with its local templates put in place (issue 25), so the service
//! connections named inside them are found.
//!
//! Sources: Azure Pipelines docs, "Template usage reference" and "Template parameters"
//! (learn.microsoft.com/azure/devops/pipelines/process/templates, read 2026-12-05): a stage,
//! job, step or variable template is named by `- template: PATH` with optional `parameters:`,
//! a whole pipeline by `extends: template: PATH`; a path is relative to the file that names it,
//! or from the repository's root when it starts with `/`; `PATH@alias` is a file of another
//! repository (`resources.repositories`); a template declares `parameters:` (a list of
//! `name`/`type`/`default`, or the older mapping of name to default) and reads them as
//! `${{ parameters.NAME }}`. Limits: at most 100 YAML files in one pipeline, and templates
//! nested at most 20 deep.
//!
//! What is put in place is marked with the file it came from (the [`TEMPLATE_FILE`] key), so a
//! job found inside a template is reported in its own file.

use crate::predict::local::{Local, dir_of, join};
use crate::predict::model::{File, push_unique};
use crate::yaml::{self, Node, Value};

/// The key that marks content put in place from a template, holding the template's name. It
/// starts with a NUL, which a pipeline's own keys do not.
pub(crate) const TEMPLATE_FILE: &str = "\u{0}template-file";

/// Azure Pipelines' limits: "no more than 100 separate YAML files may be included", "no more
/// than 20 levels of template nesting".
const MAX_FILES: usize = 100;
const MAX_NESTING: usize = 20;

/// The pipeline with its templates in place, and what could not be put in place.
pub(crate) struct Expanded {
    pub(crate) doc: Node,
    pub(crate) notes: Vec<String>,
}

struct Walk<'l, 'a> {
    local: &'l mut Local<'a>,
    root: String,
    files: Vec<String>,
    chain: Vec<String>,
    nodes: usize,
    notes: Vec<String>,
}

/// Puts `doc`'s templates in place, recursively.
pub(crate) fn expand(file: &File<'_>, doc: &Node, local: &mut Local<'_>) -> Expanded {
    let mut walk = Walk {
        local,
        root: dir_of(file.name),
        files: Vec::new(),
        chain: vec![file.name.to_owned()],
        nodes: doc.size(),
        notes: Vec::new(),
    };
    let doc = walk.node(doc, file.name, &[]);
    Expanded {
        doc,
        notes: walk.notes,
    }
}

/// A template's parameters: its declared defaults, then what the reference passes.
fn parameters(template: &Node, passed: Option<&Node>) -> Vec<(String, Node)> {
    let mut out: Vec<(String, Node)> = Vec::new();
    match template.get("parameters").map(|p| &p.value) {
        Some(Value::Seq(declared)) => {
            for p in declared {
                if let (Some(name), Some(default)) =
                    (p.get("name").and_then(Node::as_str), p.get("default"))
                {
                    out.push((name.to_owned(), default.clone()));
                }
            }
        }
        Some(Value::Map(declared)) => out.extend(declared.iter().cloned()),
        _ => {}
    }
    for (name, value) in passed.and_then(Node::as_map).unwrap_or_default() {
        match out.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.clone(),
            None => out.push((name.clone(), value.clone())),
        }
    }
    out
}

/// The parameter a whole `${{ parameters.NAME }}` (or `parameters['NAME']`) names.
fn parameter_name(expression: &str) -> Option<&str> {
    let inner = expression.trim();
    let name = inner.strip_prefix("parameters.").or_else(|| {
        inner
            .strip_prefix("parameters[")?
            .strip_suffix(']')
            .map(|n| n.trim_matches(['\'', '"']))
    })?;
    name.chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
        .then_some(name)
}

/// `text` with each `${{ parameters.NAME }}` whose value is a scalar written in.
fn substitute(text: &str, params: &[(String, Node)]) -> String {
    crate::predict::local::substitute(text, "${{", "}}", |inner| {
        let name = parameter_name(inner)?;
        let (_, value) = params.iter().find(|(n, _)| n == name)?;
        value.as_str().map(str::to_owned)
    })
}

/// The value a scalar that is only `${{ parameters.NAME }}` names, when it is not a scalar (a
/// step list, an object): put in place whole.
fn whole_parameter<'p>(text: &str, params: &'p [(String, Node)]) -> Option<&'p Node> {
    let inner = text.trim().strip_prefix("${{")?.strip_suffix("}}")?;
    let name = parameter_name(inner)?;
    params
        .iter()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
        .filter(|v| v.as_str().is_none())
}

impl Walk<'_, '_> {
    /// `node`, in the file `from` with `params`, with its templates in place.
    fn node(&mut self, node: &Node, from: &str, params: &[(String, Node)]) -> Node {
        let value = match &node.value {
            Value::Null => Value::Null,
            Value::Scalar(text) => match whole_parameter(text, params) {
                Some(value) => return value.clone(),
                None if text.contains("${{") => Value::Scalar(substitute(text, params)),
                None => Value::Scalar(text.clone()),
            },
            Value::Seq(items) => Value::Seq(
                items
                    .iter()
                    .map(|item| match item.get("template").and_then(Node::as_str) {
                        Some(path) => {
                            let passed = item.get("parameters").map(|p| self.node(p, from, params));
                            self.template(item, path, passed.as_ref(), from, params)
                        }
                        None => self.node(item, from, params),
                    })
                    .collect(),
            ),
            Value::Map(entries) => Value::Map(
                entries
                    .iter()
                    .map(|(key, value)| {
                        let key = if key.contains("${{") {
                            substitute(key, params)
                        } else {
                            key.clone()
                        };
                        let value =
                            match (key.as_str(), value.get("template").and_then(Node::as_str)) {
                                ("extends", Some(path)) => {
                                    let passed =
                                        value.get("parameters").map(|p| self.node(p, from, params));
                                    self.template(value, path, passed.as_ref(), from, params)
                                }
                                _ => self.node(value, from, params),
                            };
                        (key, value)
                    })
                    .collect(),
            ),
        };
        Node {
            line: node.line,
            value,
            plain: false,
        }
    }

    /// What the reference `reference` (naming `path`) puts in place: the template's content,
    /// marked with its file; or the reference as written, with a note, when it cannot be read.
    fn template(
        &mut self,
        reference: &Node,
        path: &str,
        passed: Option<&Node>,
        from: &str,
        params: &[(String, Node)],
    ) -> Node {
        let path = substitute(path, params);
        let keep = |walk: &mut Self, note: String| {
            push_unique(&mut walk.notes, note);
            reference.clone()
        };
        if path.contains('@') {
            return keep(
                self,
                format!(
                    "{from} uses the template {path}, from another repository: the service connections named in it are not listed"
                ),
            );
        }
        if path.contains("${{") || path.contains("$(") {
            return keep(
                self,
                format!(
                    "{from} uses the template {path}, named by an expression: known only when the pipeline runs, so not read"
                ),
            );
        }
        let found = match path.strip_prefix('/') {
            // From the repository's root, which is not always the pipeline's folder: by the
            // end of the file names.
            Some(rooted) => self.local.find_from_root(rooted),
            None => self.local.find(&join(&dir_of(from), &self.root, &path)),
        };
        let Some((file, template)) = found else {
            return keep(
                self,
                format!(
                    "{from} uses the template {path}, which is not among the files given: give it too (the service connections named in it are not listed)"
                ),
            );
        };
        if self.chain.iter().any(|c| c == file.name) {
            return keep(
                self,
                format!(
                    "{} uses itself as a template (through {}): Azure Pipelines refuses such a pipeline",
                    file.name,
                    self.chain.join(" → ")
                ),
            );
        }
        if self.chain.len() > MAX_NESTING {
            return keep(
                self,
                format!(
                    "{path}: templates nested more than {MAX_NESTING} deep, which Azure Pipelines refuses: not read"
                ),
            );
        }
        if !self.files.iter().any(|f| f == file.name) {
            if self.files.len() >= MAX_FILES {
                return keep(
                    self,
                    format!(
                        "more than {MAX_FILES} template files, which Azure Pipelines refuses: the rest are not read"
                    ),
                );
            }
            self.files.push(file.name.to_owned());
        }
        self.nodes += template.size();
        if self.nodes > yaml::MAX_NODES {
            return keep(
                self,
                format!(
                    "the pipeline and its templates hold more than {} values together: {path} and the rest are not read",
                    yaml::MAX_NODES
                ),
            );
        }
        let inner = parameters(template, passed);
        self.chain.push(file.name.to_owned());
        let mut entries = vec![(
            TEMPLATE_FILE.to_owned(),
            Node {
                line: template.line,
                value: Value::Scalar(file.name.to_owned()),
                plain: false,
            },
        )];
        for (key, value) in template.as_map().unwrap_or_default() {
            if key != "parameters" {
                entries.push((key.clone(), self.node(value, file.name, &inner)));
            }
        }
        self.chain.pop();
        Node {
            line: reference.line,
            value: Value::Map(entries),
            plain: false,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{parameter_name, substitute};
    use crate::yaml::{Node, Value};

    #[test]
    fn parameters_are_written_in_where_the_template_reads_them() {
        let scalar = |s: &str| Node {
            line: 1,
            value: Value::Scalar(s.to_owned()),
            plain: false,
        };
        let params = vec![
            ("serviceConnection".to_owned(), scalar("sc-prod")),
            ("env".to_owned(), scalar("prod")),
        ];
        let cases = [
            ("${{ parameters.serviceConnection }}", "sc-prod"),
            ("${{parameters.serviceConnection}}", "sc-prod"),
            ("sc-${{ parameters.env }}-west", "sc-prod-west"),
            ("${{ parameters['env'] }}", "prod"),
            ("${{ parameters.unknown }}", "${{ parameters.unknown }}"),
            ("${{ variables.x }}", "${{ variables.x }}"),
            ("$(connection)", "$(connection)"),
            ("${{ parameters.env", "${{ parameters.env"),
        ];
        for (text, out) in cases {
            assert_eq!(substitute(text, &params), out, "{text}");
        }
        assert_eq!(parameter_name(" parameters.a-b_1 "), Some("a-b_1"));
        assert_eq!(parameter_name("parameters.a || 'x'"), None);
    }
}

#[cfg(test)]
mod pipeline_tests {
    use crate::predict::{File, Options, predict_repository};

    fn options() -> Options {
        Options {
            repo: "contoso/payments".into(),
            ..Options::default()
        }
    }

    fn connections(p: &crate::predict::Prediction) -> Vec<(String, String, Vec<String>)> {
        p.jobs
            .iter()
            .map(|j| {
                (
                    j.id.clone(),
                    j.file.clone(),
                    j.connections.iter().map(|c| c.name.clone()).collect(),
                )
            })
            .collect()
    }

    #[test]
    fn connections_named_in_templates_through_parameters_are_found() {
        let pipeline = "trigger: [main]\nstages:\n  - template: templates/stage.yml\n    parameters:\n      env: prod\n      connection: sc-prod\n  - stage: infra\n    jobs:\n      - template: ../shared/job.yml\n";
        let stage = "parameters:\n  - name: env\n    type: string\n  - name: connection\n    type: string\n    default: sc-dev\nstages:\n  - stage: deploy_${{ parameters.env }}\n    jobs:\n      - deployment: web\n        environment: ${{ parameters.env }}\n        strategy:\n          runOnce:\n            deploy:\n              steps:\n                - template: steps/login.yml\n                  parameters:\n                    serviceConnection: ${{ parameters.connection }}\n";
        let steps = "parameters:\n  serviceConnection: ''\nsteps:\n  - task: AzureCLI@2\n    inputs:\n      azureSubscription: ${{ parameters.serviceConnection }}\n";
        let job = "parameters:\n  - name: connection\n    default: sc-infra\njobs:\n  - job: terraform\n    steps:\n      - task: TerraformTaskV4@4\n        inputs:\n          environmentServiceNameAzureRM: ${{ parameters.connection }}\n";
        let files = [
            File {
                name: "repo/ci/azure-pipelines.yml",
                text: pipeline,
            },
            File {
                name: "repo/ci/templates/stage.yml",
                text: stage,
            },
            File {
                name: "repo/ci/templates/steps/login.yml",
                text: steps,
            },
            File {
                name: "repo/shared/job.yml",
                text: job,
            },
        ];
        let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            connections(&p),
            [
                (
                    "deploy_prod/web".to_owned(),
                    "repo/ci/templates/stage.yml".to_owned(),
                    vec!["sc-prod".to_owned()]
                ),
                (
                    "infra/terraform".to_owned(),
                    "repo/shared/job.yml".to_owned(),
                    vec!["sc-infra".to_owned()]
                ),
            ],
            "templates are not pipelines of their own; a default is used when nothing is passed"
        );
        assert!(
            p.notes.iter().all(|n| !n.contains("not among")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn extends_templates_and_step_lists_passed_whole() {
        let pipeline = "extends:\n  template: /pipelines/secure.yml\n  parameters:\n    deploySteps:\n      - task: AzurePowerShell@5\n        inputs:\n          azureSubscription: sc-ops\n";
        let secure = "parameters:\n  - name: deploySteps\n    type: stepList\n    default: []\nstages:\n  - stage: release\n    jobs:\n      - job: run\n        steps:\n          - script: echo checked\n          - ${{ parameters.deploySteps }}\n";
        let files = [
            File {
                name: "azure-pipelines.yml",
                text: pipeline,
            },
            File {
                name: "pipelines/secure.yml",
                text: secure,
            },
        ];
        let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            connections(&p),
            [(
                "release/run".to_owned(),
                "pipelines/secure.yml".to_owned(),
                vec!["sc-ops".to_owned()]
            )]
        );
    }

    #[test]
    fn templates_that_cannot_be_read_are_said_and_the_rest_is_read() {
        let cases = [
            // (what the pipeline names, the note it gives)
            (
                "- template: steps/deploy.yml@templates",
                "from another repository",
            ),
            ("- template: steps/missing.yml", "not among the files given"),
            (
                "- template: ${{ variables.which }}.yml",
                "named by an expression",
            ),
            ("- template: loop.yml", "uses itself as a template"),
        ];
        let looping = "steps:\n  - template: loop.yml\n  - task: AzureCLI@2\n    inputs: {azureSubscription: sc-loop}\n";
        for (reference, note) in cases {
            let pipeline = format!(
                "pool: {{vmImage: ubuntu-latest}}\nsteps:\n  {reference}\n  - task: AzureCLI@2\n    inputs: {{azureSubscription: sc-main}}\n"
            );
            let files = [
                File {
                    name: "azure-pipelines.yml",
                    text: &pipeline,
                },
                File {
                    name: "loop.yml",
                    text: looping,
                },
            ];
            let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
            assert!(
                p.notes.iter().any(|n| n.contains(note)),
                "{reference}: {:?}",
                p.notes
            );
            assert!(
                p.jobs[0].connections.iter().any(|c| c.name == "sc-main"),
                "{reference}: the pipeline's own connection is still read"
            );
        }
    }

    #[test]
    fn a_template_used_a_thousand_times_stops_at_the_size_limit() {
        let mut pipeline = String::from("pool: {vmImage: ubuntu-latest}\nsteps:\n");
        for _ in 0..1000 {
            pipeline.push_str("  - template: big.yml\n");
        }
        let mut big = String::from("steps:\n");
        for i in 0..300 {
            big.push_str(&format!("  - script: echo {i}\n"));
        }
        let files = [
            File {
                name: "azure-pipelines.yml",
                text: &pipeline,
            },
            File {
                name: "big.yml",
                text: &big,
            },
        ];
        let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("more than 100000 values")),
            "{:?}",
            p.notes
        );
    }

    /// A connection named by a variable the file sets (at the root, from a variables template,
    /// on the stage or the job; the nearer wins) is written in, with a caveat; one set by a
    /// variable group is not in the file and stays as written.
    #[test]
    fn connections_named_by_variables_the_file_sets() {
        let pipeline = "variables:\n  - template: vars.yml\n  - group: secrets\n  - name: region\n    value: westeurope\nstages:\n  - stage: deploy\n    variables:\n      sc: sc-stage\n    jobs:\n      - job: web\n        steps:\n          - task: AzureCLI@2\n            inputs: {azureSubscription: $(sc)}\n      - job: api\n        variables:\n          - name: sc\n            value: sc-job\n        steps:\n          - task: AzureCLI@2\n            inputs: {azureSubscription: $(sc)}\n      - job: infra\n        steps:\n          - task: AzureCLI@2\n            inputs: {azureSubscription: $(root)}\n          - task: AzureCLI@2\n            inputs: {azureSubscription: $(fromGroup)}\n";
        let vars = "variables:\n  root: sc-root\n  sc: sc-overridden\n";
        let files = [
            File {
                name: "azure-pipelines.yml",
                text: pipeline,
            },
            File {
                name: "vars.yml",
                text: vars,
            },
        ];
        let p = predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"));
        let got: Vec<(String, String, Vec<String>)> = connections(&p)
            .into_iter()
            .map(|(id, _, c)| (id, String::new(), c))
            .collect();
        let want = |id: &str, c: &[&str]| {
            (
                id.to_owned(),
                String::new(),
                c.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>(),
            )
        };
        assert_eq!(
            got,
            [
                want("deploy/web", &["sc-stage"]),
                want("deploy/api", &["sc-job"]),
                want("deploy/infra", &["sc-root", "$(fromGroup)"]),
            ]
        );
        assert!(
            p.jobs[0]
                .caveats
                .iter()
                .any(|c| c.contains("named by the variable sc")),
            "{:?}",
            p.jobs[0].caveats
        );
        assert!(
            p.jobs[2]
                .caveats
                .iter()
                .any(|c| c.contains("$(fromGroup)")
                    && c.contains("known only when the pipeline runs")),
            "{:?}",
            p.jobs[2].caveats
        );
    }
}
