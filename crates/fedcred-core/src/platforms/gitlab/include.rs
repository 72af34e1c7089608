//! A `.gitlab-ci.yml` with its local `include:` files merged in, as GitLab merges them (issue 25).
//!
//! Sources: GitLab docs, "include" (CI/CD YAML syntax reference: `include` as a path or a list;
//! `include:local` is a path from the project's root, `/` optional, with `*` and `**`
//! wildcards; `include:project`, `include:remote`, `include:template` and `include:component`
//! come from elsewhere; "You can have up to 150 includes per pipeline", nested ones and
//! duplicates counted) and "Use CI/CD configuration from other files" ("Merge method for
//! include": the included files are merged in order, later over earlier, and the including
//! file over them all; mappings merge key by key, any other value replaces). Duplicate includes
//! are allowed since GitLab 14.8 (gitlab-org/gitlab!78297); the count of 150 includes them
//! (gitlab-org/gitlab!111726). All read 2026-12-05.
//!
//! `extends:` is resolved afterwards, over the merged configuration, as GitLab does.

use crate::predict::local::{Local, dir_of, join};
use crate::predict::model::{File, push_unique};
use crate::yaml::{self, Node, Value};

/// GitLab's limit on includes per pipeline, nested ones and duplicates counted.
const MAX_INCLUDES: usize = 150;

/// A mapping's entries, and the file each top-level key was first written in.
type Entries = (Vec<(String, Node)>, Vec<(String, String)>);

/// The configuration after its includes, and where each top-level key was first written.
pub(crate) struct Merged {
    pub(crate) doc: Node,
    /// Top-level key → the file that first wrote it (the job's file, for a job).
    pub(crate) origins: Vec<(String, String)>,
    /// What could not be read, and why.
    pub(crate) notes: Vec<String>,
}

struct Walk<'l, 'a> {
    local: &'l mut Local<'a>,
    root: String,
    includes: usize,
    nodes: usize,
    chain: Vec<String>,
    notes: Vec<String>,
}

/// Merges `doc` (the file `file`, its merge keys applied) with what it includes, recursively.
pub(crate) fn merge(file: &File<'_>, doc: &Node, local: &mut Local<'_>) -> Merged {
    let root = dir_of(file.name);
    let mut walk = Walk {
        local,
        root,
        includes: 0,
        nodes: doc.size(),
        chain: vec![file.name.to_owned()],
        notes: Vec::new(),
    };
    let (entries, origins) = walk.resolve(file.name, doc);
    let mut merged = Node {
        line: doc.line,
        value: Value::Map(entries),
        plain: false,
    };
    let mut notes = walk.notes;
    let whole = merged.clone();
    let mut budget = yaml::MAX_NODES.saturating_sub(whole.size());
    references(&mut merged, &whole, 0, &mut budget, &mut notes);
    Merged {
        doc: merged,
        origins,
        notes,
    }
}

/// GitLab's limit on `!reference` tags within one another.
const MAX_REFERENCE_DEPTH: usize = 10;

/// The value a `!reference [a, b, …]` names in the merged configuration `whole`, its own
/// references resolved (at most [`MAX_REFERENCE_DEPTH`] deep).
fn referenced(
    path: &Node,
    whole: &Node,
    depth: usize,
    budget: &mut usize,
    notes: &mut Vec<String>,
) -> Option<Node> {
    let keys = path.strings();
    let mut at = whole;
    for (i, key) in keys.iter().enumerate() {
        // GitLab resolves `!reference` after `extends:` (gitlabhq lib/gitlab/ci/config.rb,
        // build_config: includes, then Extendable, then Tags::Resolver): a job's keyword may come
        // from the jobs it extends.
        let found = if i == 1 {
            inherited(whole, at, key, 0)
        } else {
            at.get(key)
        };
        let Some(next) = found else {
            push_unique(
                notes,
                format!(
                    "!reference [{}] names nothing in the configuration (with its includes): left as written",
                    keys.join(", ")
                ),
            );
            return None;
        };
        at = next;
    }
    if depth >= MAX_REFERENCE_DEPTH || at.size() > *budget {
        push_unique(
            notes,
            format!(
                "!reference [{}] is part of a circular chain, nests deeper than GitLab's {MAX_REFERENCE_DEPTH} levels, or copies too much: GitLab refuses a circular one; not read",
                keys.join(", ")
            ),
        );
        return None;
    }
    *budget -= at.size();
    let mut value = at.clone();
    references(&mut value, whole, depth + 1, budget, notes);
    Some(value)
}

fn reference_path(node: &Node) -> Option<&Node> {
    match node.as_map() {
        Some([(key, path)]) if key == yaml::REFERENCE => Some(path),
        _ => None,
    }
}

/// Puts in place every `!reference` below `node` (GitLab docs, "Optimize GitLab CI/CD
/// configuration files", `!reference` tags: the value at that path of the configuration,
/// includes merged; in a list, a referenced list is flattened into it; read 2026-12-05). One
/// that names nothing stays as written, with a note.
fn references(
    node: &mut Node,
    whole: &Node,
    depth: usize,
    budget: &mut usize,
    notes: &mut Vec<String>,
) {
    match &mut node.value {
        Value::Seq(items) => {
            let mut out = Vec::with_capacity(items.len());
            for mut item in std::mem::take(items) {
                if let Some(path) = reference_path(&item) {
                    match referenced(path, whole, depth, budget, notes) {
                        Some(Node {
                            value: Value::Seq(inner),
                            ..
                        }) => out.extend(inner),
                        Some(value) => out.push(value),
                        None => out.push(item),
                    }
                } else {
                    references(&mut item, whole, depth, budget, notes);
                    out.push(item);
                }
            }
            *items = out;
        }
        Value::Map(_) => {
            if let Some(path) = reference_path(node) {
                if let Some(value) = referenced(path, whole, depth, budget, notes) {
                    *node = value;
                }
                return;
            }
            if let Value::Map(entries) = &mut node.value {
                for (_, value) in entries.iter_mut() {
                    references(value, whole, depth, budget, notes);
                }
            }
        }
        Value::Null | Value::Scalar(_) => {}
    }
}

/// One entry of `include:`.
enum Include<'n> {
    /// A path, and the `inputs:` given with it.
    Local(&'n str, Option<&'n Node>),
    Elsewhere(&'static str, String),
}

fn includes(node: &Node) -> Vec<(Include<'_>, bool)> {
    let items: Vec<&Node> = match &node.value {
        Value::Seq(items) => items.iter().collect(),
        Value::Null => Vec::new(),
        _ => vec![node],
    };
    items
        .into_iter()
        .filter_map(|item| {
            let conditional = item.get("rules").is_some();
            let include = if let Some(path) = item.as_str() {
                if path.starts_with("https://") || path.starts_with("http://") {
                    Include::Elsewhere("remote", path.to_owned())
                } else {
                    Include::Local(path, None)
                }
            } else if let Some(path) = item.get("local").and_then(Node::as_str) {
                Include::Local(path, item.get("inputs"))
            } else {
                let named = |key: &str| item.get(key).map(|v| v.strings().join(", "));
                if let Some(project) = named("project") {
                    let files = named("file").unwrap_or_default();
                    Include::Elsewhere("project", format!("{project} {files}"))
                } else if let Some(remote) = named("remote") {
                    Include::Elsewhere("remote", remote)
                } else if let Some(template) = named("template") {
                    Include::Elsewhere("template", template)
                } else if let Some(component) = named("component") {
                    Include::Elsewhere("component", component)
                } else {
                    return None;
                }
            };
            Some((include, conditional))
        })
        .collect()
}

impl Walk<'_, '_> {
    /// The entries of `doc` over those of its includes, and where each key came from.
    fn resolve(&mut self, name: &str, doc: &Node) -> Entries {
        let mut merged: Vec<(String, Node)> = Vec::new();
        let mut origins: Vec<(String, String)> = Vec::new();
        if let Some(include) = doc.get("include") {
            for (include, conditional) in includes(include) {
                let path = match include {
                    Include::Elsewhere(kind, what) => {
                        push_unique(
                            &mut self.notes,
                            format!(
                                "{name} includes {what} (include:{kind}), which is not in this repository: the jobs it defines are not read"
                            ),
                        );
                        continue;
                    }
                    Include::Local(path, inputs) => (path, inputs),
                };
                let (path, inputs) = path;
                if conditional {
                    push_unique(
                        &mut self.notes,
                        format!(
                            "{name} includes {path} only when its rules: match; it is read as included"
                        ),
                    );
                }
                if path.contains("$[[") || path.contains('$') {
                    push_unique(
                        &mut self.notes,
                        format!(
                            "{name} includes {path}, a path named by a variable or input: known only when the pipeline runs, so not read"
                        ),
                    );
                    continue;
                }
                let joined = join(
                    &self.root,
                    &self.root,
                    &format!("/{}", path.trim_start_matches('/')),
                );
                let found = if path.contains('*') {
                    self.local.glob(&joined)
                } else {
                    self.local.find(&joined).into_iter().collect()
                };
                if found.is_empty() {
                    push_unique(
                        &mut self.notes,
                        format!(
                            "{name} includes {path}, which is not among the files given: give it too (the jobs it defines are not read)"
                        ),
                    );
                }
                for (file, included) in found {
                    self.includes += 1;
                    if self.includes > MAX_INCLUDES {
                        push_unique(
                            &mut self.notes,
                            format!(
                                "more than {MAX_INCLUDES} includes: GitLab refuses such a pipeline; the rest are not read"
                            ),
                        );
                        return (merged, origins);
                    }
                    if self.chain.iter().any(|c| c == file.name) {
                        push_unique(
                            &mut self.notes,
                            format!(
                                "{} includes itself (through {}): GitLab refuses such a pipeline once it passes {MAX_INCLUDES} includes; read once",
                                file.name,
                                self.chain.join(" → ")
                            ),
                        );
                        continue;
                    }
                    let values = input_values(file.text, inputs);
                    let mut included = interpolate(included, &values);
                    if let Err(e) = yaml::apply_merge_keys(&mut included) {
                        push_unique(&mut self.notes, format!("{}: {e}: left out", file.name));
                        continue;
                    }
                    self.nodes += included.size();
                    if self.nodes > yaml::MAX_NODES {
                        push_unique(
                            &mut self.notes,
                            format!(
                                "{} and what it includes hold more than {} values together: the rest are not read",
                                self.chain.first().map_or(name, String::as_str),
                                yaml::MAX_NODES
                            ),
                        );
                        return (merged, origins);
                    }
                    self.chain.push(file.name.to_owned());
                    let (entries, inner) = self.resolve(file.name, &included);
                    self.chain.pop();
                    deep_merge(&mut merged, entries);
                    for (key, from) in inner {
                        set_origin(&mut origins, key, from);
                    }
                }
            }
        }
        let own: Vec<(String, Node)> = doc
            .as_map()
            .unwrap_or_default()
            .iter()
            .filter(|(k, _)| k != "include")
            .cloned()
            .collect();
        for (key, _) in &own {
            set_origin(&mut origins, key.clone(), name.to_owned());
        }
        deep_merge(&mut merged, own);
        (merged, origins)
    }
}

/// The inputs an included file reads: the defaults its `spec:` header declares, then what the
/// `include:` gives (GitLab docs, "Define inputs for configuration added with include", read
/// 2026-12-05).
fn input_values(text: &str, given: Option<&Node>) -> Vec<(String, Node)> {
    let mut values: Vec<(String, Node)> = Vec::new();
    let header = yaml::parse_documents(text, 1)
        .ok()
        .and_then(|d| d.into_iter().next());
    if let Some(declared) = header
        .as_ref()
        .and_then(|h| h.get("spec"))
        .and_then(|s| s.get("inputs"))
        .and_then(Node::as_map)
    {
        for (name, spec) in declared {
            if let Some(default) = spec.get("default") {
                values.push((name.clone(), default.clone()));
            }
        }
    }
    for (name, value) in given.and_then(Node::as_map).unwrap_or_default() {
        match values.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.clone(),
            None => values.push((name.clone(), value.clone())),
        }
    }
    values
}

/// The input `$[[ inputs.NAME ]]` names (`| expand_vars` keeps the value; other functions are
/// not applied, so the expression stays).
fn input_name(expression: &str) -> Option<&str> {
    let mut parts = expression.split('|').map(str::trim);
    let name = parts.next()?.strip_prefix("inputs.")?;
    parts.all(|f| f == "expand_vars").then_some(name)
}

/// `text` with each `$[[ inputs.NAME ]]` whose value is a scalar written in.
fn interpolate_text(text: &str, values: &[(String, Node)]) -> String {
    crate::predict::local::substitute(text, "$[[", "]]", |inner| {
        let name = input_name(inner)?;
        let (_, value) = values.iter().find(|(n, _)| n == name)?;
        value.as_str().map(str::to_owned)
    })
}

/// `node` with its inputs written in: in keys and scalars, and a scalar that is only
/// `$[[ inputs.NAME ]]` replaced by the value whole (an array, a mapping).
fn interpolate(node: &Node, values: &[(String, Node)]) -> Node {
    let value = match &node.value {
        Value::Scalar(text) if text.contains("$[[") => {
            let whole = text
                .trim()
                .strip_prefix("$[[")
                .and_then(|t| t.strip_suffix("]]"))
                .and_then(input_name)
                .and_then(|name| values.iter().find(|(n, _)| n == name))
                .filter(|(_, v)| v.as_str().is_none());
            match whole {
                Some((_, v)) => return v.clone(),
                None => Value::Scalar(interpolate_text(text, values)),
            }
        }
        Value::Seq(items) => Value::Seq(items.iter().map(|i| interpolate(i, values)).collect()),
        Value::Map(entries) => Value::Map(
            entries
                .iter()
                .map(|(k, v)| {
                    let key = if k.contains("$[[") {
                        interpolate_text(k, values)
                    } else {
                        k.clone()
                    };
                    (key, interpolate(v, values))
                })
                .collect(),
        ),
        other => other.clone(),
    };
    Node {
        line: node.line,
        value,
        plain: false,
    }
}

/// Records where a key was first written: a job is reported in the file that defines it, not
/// in one that later overrides a keyword of it.
fn set_origin(origins: &mut Vec<(String, String)>, key: String, from: String) {
    if !origins.iter().any(|(k, _)| *k == key) {
        origins.push((key, from));
    }
}

/// `from` over `into`: a mapping merges key by key, anything else replaces.
fn deep_merge(into: &mut Vec<(String, Node)>, from: Vec<(String, Node)>) {
    for (key, value) in from {
        match into.iter_mut().find(|(k, _)| *k == key) {
            Some((_, existing)) => match (&mut existing.value, value.value) {
                (Value::Map(a), Value::Map(b)) => deep_merge(a, b),
                (_, other) => {
                    *existing = Node {
                        line: value.line,
                        value: other,
                        plain: false,
                    }
                }
            },
            None => into.push((key, value)),
        }
    }
}

/// How deep `extends:` chains are followed (GitLab allows 11 levels).
const MAX_EXTENDS: usize = 11;

/// A job's key, its own or from the jobs it `extends` (the job's own wins).
pub(super) fn inherited<'a>(
    doc: &'a Node,
    job: &'a Node,
    key: &str,
    depth: usize,
) -> Option<&'a Node> {
    if let Some(value) = job.get(key) {
        return Some(value);
    }
    if depth >= MAX_EXTENDS {
        return None;
    }
    let parents = job.get("extends").map(Node::strings).unwrap_or_default();
    parents.iter().rev().find_map(|parent| {
        doc.get(parent)
            .and_then(|p| inherited(doc, p, key, depth + 1))
    })
}

#[cfg(test)]
mod tests {
    use crate::predict::{File, Options, Prediction, predict_repository};

    fn options() -> Options {
        Options {
            repo: "contoso/payments".into(),
            default_branch: "main".into(),
            ..Options::default()
        }
    }

    fn predict(files: &[(&str, &str)]) -> Prediction {
        let files: Vec<File<'_>> = files
            .iter()
            .map(|(name, text)| File { name, text })
            .collect();
        predict_repository(&files, &options()).unwrap_or_else(|e| panic!("{e}"))
    }

    const TOKEN: &str =
        "  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange\n";

    #[test]
    fn included_jobs_are_read_in_their_own_file_and_the_main_file_wins() {
        let main = "include:\n  - local: /ci/deploy.yml\n  - 'ci/base.yml'\n  - project: platform/templates\n    file: /security.yml\ndeploy:\n  rules:\n    - if: $CI_COMMIT_TAG\n";
        let deploy = "include:\n  - local: ci/base.yml\ndeploy:\n  extends: .login\n  script: az login\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n  variables:\n    A: '1'\n";
        let base = format!(".login:\n{TOKEN}lint:\n  script: make lint\n");
        let p = predict(&[
            ("repo/.gitlab-ci.yml", main),
            ("repo/ci/deploy.yml", deploy),
            ("repo/ci/base.yml", &base),
        ]);
        let jobs: Vec<(&str, &str)> = p
            .jobs
            .iter()
            .map(|j| (j.id.as_str(), j.file.as_str()))
            .collect();
        assert_eq!(
            jobs,
            [
                ("lint", "repo/ci/base.yml"),
                ("deploy", "repo/ci/deploy.yml")
            ],
            "included files are not pipelines of their own; a job is reported where it is defined, not where it is overridden"
        );
        assert_eq!(
            p.patterns(),
            ["project_path:contoso/payments:ref_type:tag:ref:*"],
            "rules: is replaced whole by the main file's (arrays replace), id_tokens inherited through extends from an included file"
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("platform/templates") && n.contains("include:project")),
            "{:?}",
            p.notes
        );
    }

    #[test]
    fn wildcards_cycles_headers_and_bombs_in_included_files() {
        let main = "include:\n  - local: 'jobs/*.yml'\n  - local: loop-a.yml\n  - local: bomb.yml\n  - local: missing.yml\n";
        let job = format!(
            "spec:\n  inputs:\n    stage:\n      default: deploy\n---\nrelease:\n  script: deploy\n{TOKEN}  only: [main]\n"
        );
        let loop_a = "include: loop-b.yml\na-job:\n  script: a\n";
        let loop_b = "include: loop-a.yml\nb-job:\n  script: b\n";
        let bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n";
        let p = predict(&[
            (".gitlab-ci.yml", main),
            ("jobs/release.yml", &job),
            ("loop-a.yml", loop_a),
            ("loop-b.yml", loop_b),
            ("bomb.yml", bomb),
        ]);
        let ids: Vec<&str> = p.jobs.iter().map(|j| j.id.as_str()).collect();
        assert!(
            ids.contains(&"release") && ids.contains(&"a-job") && ids.contains(&"b-job"),
            "{ids:?}"
        );
        assert_eq!(
            p.subjects(),
            ["project_path:contoso/payments:ref_type:branch:ref:main"]
        );
        for note in [
            "includes itself",
            "bomb.yml",
            "missing.yml, which is not among the files given",
        ] {
            assert!(
                p.notes.iter().any(|n| n.contains(note)),
                "{note}: {:?}",
                p.notes
            );
        }
    }

    /// `!reference` tags, as gwpy/gwpy writes them: rules taken from a hidden job of an included
    /// file (a list flattened into the job's list), a value taken whole, one that names nothing
    /// (said, left as written), and a chain that references itself (stopped at GitLab's depth).
    #[test]
    fn reference_tags_put_the_named_values_in_place() {
        let main = format!(
            "include:\n  - local: rules.yml\ndeploy:\n  script: az login\n{TOKEN}  rules:\n    - !reference [.rules_deploy, rules]\n    - if: $CI_COMMIT_BRANCH == \"hotfix\"\nother:\n  script: x\n  variables: !reference [.nowhere, variables]\nloop:\n  script: x\n  rules: !reference [loop, rules]\n.child:\n  extends: .rules_deploy\ninherited:\n  script: az login\n{TOKEN}  rules: !reference [.child, rules]\n"
        );
        let rules = ".rules_deploy:\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"main\"\n    - if: $CI_COMMIT_TAG\n";
        let p = predict(&[(".gitlab-ci.yml", &main), ("rules.yml", rules)]);
        let deploy = p
            .jobs
            .iter()
            .find(|j| j.id == "deploy")
            .unwrap_or_else(|| panic!("{:?}", p.jobs));
        let subjects: Vec<&str> = deploy.subjects.iter().map(|s| s.subject.as_str()).collect();
        assert_eq!(
            subjects,
            [
                "project_path:contoso/payments:ref_type:branch:ref:main",
                "project_path:contoso/payments:ref_type:tag:ref:*",
                "project_path:contoso/payments:ref_type:branch:ref:hotfix",
            ]
        );
        let inherited = p
            .jobs
            .iter()
            .find(|j| j.id == "inherited")
            .unwrap_or_else(|| panic!("{:?}", p.jobs));
        assert_eq!(
            inherited.subjects.len(),
            2,
            "a reference is resolved after extends, as GitLab does: {:?}",
            inherited.subjects
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("!reference [.nowhere, variables] names nothing")),
            "{:?}",
            p.notes
        );
        assert!(
            p.notes
                .iter()
                .any(|n| n.contains("!reference [loop, rules] is part of a circular chain")),
            "{:?}",
            p.notes
        );
    }
}
