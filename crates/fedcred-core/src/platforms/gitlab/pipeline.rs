//! A `.gitlab-ci.yml` read for what each job will present to Entra (issue 17).
//!
//! Sources: GitLab docs, "OpenID Connect (OIDC) ID token authentication" (a job gets an ID token
//! only when it declares `id_tokens:`, each with its `aud`; `sub` is
//! `project_path:…:ref_type:branch|tag:ref:…`), "CI/CD YAML syntax reference" (`rules:if`,
//! `only`/`except`, `extends`, hidden jobs start with `.`, the global keywords), and
//! "Predefined CI/CD variables" (`CI_COMMIT_BRANCH` is unset in tag and merge request pipelines,
//! `CI_COMMIT_TAG` is set only in tag pipelines); field guide §5 and §9. The documents as read
//! on 2026-11-29.

use super::{GitLabInput, RefType, include, subject_text};
use crate::finding::Finding;
use crate::platforms::{Common, Platform};
use crate::predict::local::Local;
use crate::predict::model::{
    Error, File, Job, Kind, Needed, Options, Prediction, Presented, TokenAccess, push_unique,
};
use crate::validation;
use crate::yaml::Node;

/// Top-level keys that are not jobs (GitLab docs, "Global keywords").
const GLOBAL: &[&str] = &[
    "default",
    "include",
    "stages",
    "variables",
    "workflow",
    "image",
    "services",
    "cache",
    "before_script",
    "after_script",
    "spec",
];

/// What a flexible credential says where the project's ID goes when it was not given.
pub const PROJECT_ID: &str = "PROJECT_ID";

/// One ref a job runs on.
struct Ref {
    ref_type: RefType,
    name: String,
    why: String,
}

/// Predicts `doc` (the file `file`) with its merge keys applied and its local includes merged in
/// (from `local`, the other files given).
pub(crate) fn predict(
    file: &File<'_>,
    doc: &Node,
    local: &mut Local<'_>,
    options: &Options,
) -> Result<Prediction, Error> {
    let mut doc = doc.clone();
    crate::yaml::apply_merge_keys(&mut doc).map_err(|e| Error {
        needs: None,
        file: file.name.to_owned(),
        line: e.line,
        message: e.message,
    })?;
    let merged = include::merge(file, &doc, local);
    let doc = &merged.doc;
    let job_file = |id: &str| {
        merged
            .origins
            .iter()
            .find(|(key, _)| key == id)
            .map_or(file.name, |(_, from)| from.as_str())
    };
    let entries = doc.as_map().unwrap_or_default();
    let mut placeholders = Vec::new();
    let path = match options.repo.trim() {
        "" => {
            placeholders.push("GROUP/PROJECT".to_owned());
            "GROUP/PROJECT".to_owned()
        }
        repo => repo.to_owned(),
    };
    let default_branch = match options.default_branch.trim() {
        "" => "DEFAULT_BRANCH",
        branch => branch,
    };
    let mut jobs = Vec::new();
    let mut wanted: Vec<(String, String)> = Vec::new();
    for (id, job) in entries
        .iter()
        .filter(|(k, _)| !k.starts_with('.') && !GLOBAL.contains(&k.as_str()))
    {
        if job.as_map().is_none() {
            continue;
        }
        let id_tokens = super::include::inherited(doc, job, "id_tokens", 0)
            .or_else(|| doc.get("default").and_then(|d| d.get("id_tokens")));
        let audiences: Vec<(String, String)> = id_tokens
            .and_then(Node::as_map)
            .unwrap_or_default()
            .iter()
            .flat_map(|(var, spec)| {
                spec.get("aud")
                    .map(Node::strings)
                    .unwrap_or_default()
                    .into_iter()
                    .map(move |aud| (var.clone(), aud.to_owned()))
            })
            .collect();
        let token = match id_tokens {
            Some(_) => TokenAccess { can: true, why: "the job declares id_tokens".to_owned() },
            None => TokenAccess {
                can: false,
                why: "no id_tokens: GitLab issues an ID token only to a job that declares one (id_tokens: AZURE_ID_TOKEN: aud: api://AzureADTokenExchange)".to_owned(),
            },
        };
        let entra = audiences
            .iter()
            .find(|(_, aud)| aud.starts_with("api://AzureADTokenExchange"));
        let mut caveats = Vec::new();
        if entra.is_none() && !audiences.is_empty() {
            caveats.push(format!(
                "its ID tokens are for {}, not Entra (aud api://AzureADTokenExchange)",
                audiences
                    .iter()
                    .map(|(_, a)| a.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ));
        }
        let (refs, unresolved) = refs(doc, job, default_branch);
        let mut subjects: Vec<Presented> = Vec::new();
        for r in refs {
            let subject = subject_text(&format!("project_path:{path}"), r.ref_type, &r.name);
            match subjects.iter_mut().find(|p| p.subject == subject) {
                Some(p) => p.why = format!("{}; {}", p.why, r.why),
                None => subjects.push(Presented {
                    pattern: r.name.contains(['*', '?']),
                    subject,
                    triggers: vec![
                        if r.ref_type == RefType::Tag {
                            "tag pipeline"
                        } else {
                            "branch pipeline"
                        }
                        .to_owned(),
                    ],
                    why: r.why,
                }),
            }
            if entra.is_some() {
                push_unique(&mut wanted, (r.ref_type.as_str().to_owned(), r.name));
            }
        }
        jobs.push(Job {
            id: id.clone(),
            name: None,
            file: job_file(id).to_owned(),
            line: job.line,
            token,
            login: entra.map(|(var, aud)| format!("id_tokens {var} (aud {aud})")),
            may_request: None,
            audience: entra
                .map(|(_, aud)| aud.clone())
                .unwrap_or_else(|| "api://AzureADTokenExchange".to_owned()),
            subjects,
            unresolved,
            caveats,
            job_workflow_ref: None,
            connections: Vec::new(),
        });
    }
    let mut notes = vec!["the issuer is https://gitlab.com; for a self-managed instance it is the instance's URL: change it in the builder".to_owned()];
    notes.extend(merged.notes.iter().cloned());
    if jobs
        .iter()
        .flat_map(|j| &j.subjects)
        .any(|p| p.subject.contains("DEFAULT_BRANCH"))
    {
        placeholders.push("DEFAULT_BRANCH".to_owned());
        notes.push(format!(
            "the default branch was not given: subjects say DEFAULT_BRANCH where it goes; {}",
            options.face.ask(crate::face::Ask::DefaultBranch)
        ));
    }
    if placeholders.iter().any(|p| p == "GROUP/PROJECT") {
        notes.push(format!(
            "the project path was not given: subjects say GROUP/PROJECT; {}",
            options.face.ask(crate::face::Ask::Repository {
                shape: "group/project"
            })
        ));
    }
    if doc.get("workflow").and_then(|w| w.get("rules")).is_some() {
        notes.push("workflow:rules can keep whole pipelines from running; fedcred reads each job's own rules only".to_owned());
    }
    let mut credentials = Vec::new();
    let mut needed = Vec::new();
    let mut findings: Vec<Finding> = Vec::new();
    for (ref_type, name) in wanted {
        let input = GitLabInput {
            project_path: path.clone(),
            ref_type: if ref_type == "tag" {
                RefType::Tag
            } else {
                RefType::Branch
            },
            git_ref: name,
            ..Default::default()
        };
        let mut built = input.build(&Common::default());
        if built.credentials.is_empty()
            && let Some(placeholder) = crate::platforms::common::with_id_placeholder(
                &built.findings,
                |id| {
                    GitLabInput {
                        project_id: id.to_owned(),
                        ..input.clone()
                    }
                    .build(&Common::default())
                },
                PROJECT_ID,
                "project_id",
                &format!(
                    "this flexible credential says {PROJECT_ID} where the project's ID goes: replace it with the number under the project's name in GitLab (or what glab api projects/{} --jq .id prints) before creating it (as written it matches no token)",
                    input.project_path.replace('/', "%2F")
                ),
            )
        {
            built = placeholder;
        }
        for finding in built.findings {
            push_unique(&mut findings, finding);
        }
        needed.push(Needed {
            accepts: subject_text(
                &format!("project_path:{}", input.project_path),
                input.ref_type,
                &input.git_ref,
            ),
            credential: built.credentials.first().cloned(),
            platform: Platform::GitLab(input),
        });
        credentials.extend(built.credentials);
    }
    if credentials
        .iter()
        .any(|c| c.expression().is_some_and(|e| e.contains(PROJECT_ID)))
    {
        placeholders.push(PROJECT_ID.to_owned());
        notes.push(format!(
            "the project ID was not given: the flexible credentials say {PROJECT_ID} where it goes (the number under the project's name in GitLab)"
        ));
    }
    for finding in validation::validate_set(&credentials) {
        push_unique(&mut findings, finding);
    }
    Ok(Prediction {
        kind: Kind::GitLab,
        repo: path,
        placeholders,
        jobs,
        notes,
        credentials,
        needed,
        findings,
        workloads: Vec::new(),
        object_findings: Vec::new(),
    })
}

/// The refs a job runs on, from `rules:` or `only:`, and what cannot be known.
fn refs(doc: &Node, job: &Node, default_branch: &str) -> (Vec<Ref>, Vec<String>) {
    let mut out = Vec::new();
    let mut unresolved = Vec::new();
    let any = |ref_type: RefType, why: &str| Ref {
        ref_type,
        name: "*".to_owned(),
        why: why.to_owned(),
    };
    if let Some(rules) = super::include::inherited(doc, job, "rules", 0).and_then(Node::as_seq) {
        for rule in rules {
            if rule.get("when").and_then(Node::as_str) == Some("never") {
                continue;
            }
            match rule.get("if").and_then(Node::as_str) {
                Some(condition) => {
                    for alternative in condition.split("||") {
                        rule_refs(
                            alternative.trim(),
                            default_branch,
                            &mut out,
                            &mut unresolved,
                        );
                    }
                }
                None => {
                    out.push(any(
                        RefType::Branch,
                        "a rule without if: runs on every branch",
                    ));
                    out.push(any(RefType::Tag, "a rule without if: runs on every tag"));
                }
            }
        }
        return (out, unresolved);
    }
    let only = super::include::inherited(doc, job, "only", 0);
    let only = only
        .map(|o| o.get("refs").unwrap_or(o))
        .map(Node::strings)
        .unwrap_or_default();
    if only.is_empty() {
        out.push(any(
            RefType::Branch,
            "no rules or only: the job runs on every branch; this accepts every branch",
        ));
        out.push(any(
            RefType::Tag,
            "no rules or only: the job runs on every tag; this accepts every tag",
        ));
        return (out, unresolved);
    }
    for item in only {
        match item {
            "branches" => out.push(any(RefType::Branch, "only: branches")),
            "tags" => out.push(any(RefType::Tag, "only: tags")),
            "merge_requests" => out.push(any(
                RefType::Branch,
                "only: merge_requests runs on the source branch of any merge request",
            )),
            regex if regex.starts_with('/') => out.push(Ref {
                ref_type: RefType::Branch,
                name: regex_pattern(regex),
                why: format!("only: {regex} (as a pattern; a tag of that name runs it too)"),
            }),
            name => out.push(Ref {
                ref_type: RefType::Branch,
                name: name.to_owned(),
                why: format!("only: {name} (a tag of that name runs it too)"),
            }),
        }
    }
    (out, unresolved)
}

/// One `&&`-joined alternative of a `rules:if`.
fn rule_refs(
    condition: &str,
    default_branch: &str,
    out: &mut Vec<Ref>,
    unresolved: &mut Vec<String>,
) {
    let clauses: Vec<&str> = condition.split("&&").map(str::trim).collect();
    for clause in &clauses {
        let compact: String = clause.chars().filter(|c| !c.is_whitespace()).collect();
        let literal = |rest: &str| rest.trim_matches(['"', '\'']).to_owned();
        for (variable, ref_type) in [
            ("$CI_COMMIT_BRANCH", RefType::Branch),
            ("$CI_COMMIT_TAG", RefType::Tag),
            ("$CI_COMMIT_REF_NAME", RefType::Branch),
        ] {
            if let Some(rest) = compact.strip_prefix(variable) {
                let (name, why) = if let Some(value) = rest.strip_prefix("==") {
                    if value == "$CI_DEFAULT_BRANCH" {
                        (
                            default_branch.to_owned(),
                            format!("{clause}: the default branch"),
                        )
                    } else if value.starts_with('$') {
                        unresolved.push(format!(
                            "{clause}: compares with a variable, known only when the pipeline runs"
                        ));
                        return;
                    } else {
                        (literal(value), clause.to_string())
                    }
                } else if let Some(regex) = rest.strip_prefix("=~") {
                    (
                        regex_pattern(regex),
                        format!("{clause} (as a pattern; Entra's * is wider than most regexes)"),
                    )
                } else if rest.is_empty() {
                    (
                        "*".to_owned(),
                        format!("{clause}: any {}", ref_type.as_str()),
                    )
                } else {
                    continue;
                };
                out.push(Ref {
                    ref_type,
                    name,
                    why,
                });
                return;
            }
        }
        if compact.contains("$CI_PIPELINE_SOURCE==\"merge_request_event\"")
            || compact.contains("$CI_MERGE_REQUEST_IID")
        {
            out.push(Ref {
                ref_type: RefType::Branch,
                name: "*".to_owned(),
                why: format!(
                    "{clause}: a merge request pipeline runs on its source branch, any branch"
                ),
            });
            return;
        }
    }
    out.push(Ref {
        ref_type: RefType::Branch,
        name: "*".to_owned(),
        why: format!("{condition}: says nothing of the ref, so every branch"),
    });
    out.push(Ref {
        ref_type: RefType::Tag,
        name: "*".to_owned(),
        why: format!("{condition}: says nothing of the ref, so every tag"),
    });
}

/// `/^release-.*$/` → `release-*`: anchors dropped, `.*`/`.+` and unanchored ends become `*`.
fn regex_pattern(regex: &str) -> String {
    let body = regex.trim_matches(['"', '\'']).trim_start_matches('/');
    let body = body.rsplit_once('/').map(|(b, _)| b).unwrap_or(body);
    let (start, body) = match body.strip_prefix('^') {
        Some(rest) => ("", rest),
        None => ("*", body),
    };
    let (body, end) = match body.strip_suffix('$') {
        Some(rest) => (rest, ""),
        None => (body, "*"),
    };
    let mut out = String::from(start);
    let mut chars = body.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '.' if matches!(chars.peek(), Some('*' | '+')) => {
                chars.next();
                out.push('*');
            }
            '\\' => match chars.next() {
                Some(class) if class.is_ascii_alphabetic() => {
                    out.push('*');
                    if matches!(chars.peek(), Some('+' | '*' | '?')) {
                        chars.next();
                    }
                }
                escaped => out.extend(escaped),
            },
            '.' => out.push('?'),
            '[' | '(' | '|' | '+' | '*' | '?' | '{' => {
                out.push('*');
                for d in chars.by_ref() {
                    if matches!(d, ']' | ')' | '}') {
                        break;
                    }
                }
            }
            c => out.push(c),
        }
    }
    out.push_str(end);
    while out.contains("**") {
        out = out.replace("**", "*");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::predict::{File, Options, predict as run};

    fn prediction(text: &str) -> Prediction {
        let options = Options {
            repo: "contoso/payments".into(),
            default_branch: "main".into(),
            ..Default::default()
        };
        run(
            &[File {
                name: ".gitlab-ci.yml",
                text,
            }],
            &options,
        )
        .unwrap()
    }

    /// Issue 25: a job's `id_tokens` and `rules` through YAML merge keys (GitLab, "YAML
    /// optimization": anchors and `<<:`), its own keys winning over the merged ones.
    #[test]
    fn merge_keys_are_applied_as_gitlab_applies_them() {
        let text = ".azure: &azure\n  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"develop\"\n.main: &main\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\ndeploy:\n  <<: [*main, *azure]\n  script: [az login]\nstaging:\n  <<: *azure\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"staging\"\n  script: [az login]\n";
        let p = prediction(text);
        let subjects = |id: &str| -> Vec<String> {
            p.jobs
                .iter()
                .find(|j| j.id == id)
                .map(|j| j.subjects.iter().map(|s| s.subject.clone()).collect())
                .unwrap_or_default()
        };
        assert_eq!(
            subjects("deploy"),
            ["project_path:contoso/payments:ref_type:branch:ref:main"],
            "the earlier map's rules win"
        );
        assert_eq!(
            subjects("staging"),
            ["project_path:contoso/payments:ref_type:branch:ref:staging"],
            "the job's own rules win"
        );
        let chain = format!(
            "a: &a {{x: 1}}\n{}",
            (1..40)
                .map(|i| format!(
                    "l{i}: &l{i}\n  <<: [*{}, *{}]\n  k{i}: {i}\n",
                    if i == 1 {
                        "a".to_owned()
                    } else {
                        format!("l{}", i - 1)
                    },
                    "a"
                ))
                .collect::<String>()
        );
        // A chain of merges of merges: every level ends with the keys of all below it.
        let mut doc = crate::yaml::parse(&chain).unwrap_or_else(|e| panic!("{e}"));
        crate::yaml::apply_merge_keys(&mut doc).unwrap_or_else(|e| panic!("{e}"));
        let last = doc.get("l39").and_then(Node::as_map).unwrap_or_default();
        assert_eq!(last.len(), 40, "x and k1..k39");
        assert!(last.iter().all(|(k, _)| k != "<<"));
        // Deeper than the merge follows: said, never a stack overflow.
        let deep = format!(
            "a: &a {{x: 1}}\n{}",
            (1..200)
                .map(|i| format!(
                    "l{i}: &l{i}\n  <<: [*{}]\n",
                    if i == 1 {
                        "a".to_owned()
                    } else {
                        format!("l{}", i - 1)
                    }
                ))
                .collect::<String>()
        );
        let mut doc = crate::yaml::parse(&deep).unwrap_or_else(|e| panic!("{e}"));
        let e = crate::yaml::apply_merge_keys(&mut doc).unwrap_err();
        assert!(e.message.contains("nest deeper"), "{e}");
    }

    #[test]
    fn gitlab_pipelines() {
        let cases: &[(&str, &str, &[&str], &[&str])] = &[
            (
                "rules_on_the_default_branch_and_tags",
                "deploy:\n  script: [az login]\n  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange\n  rules:\n    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH\n    - if: $CI_COMMIT_TAG\n",
                &["project_path:contoso/payments:ref_type:branch:ref:main"],
                &["project_path:contoso/payments:ref_type:tag:ref:*"],
            ),
            (
                "a_literal_branch_and_a_regex",
                "deploy:\n  script: [x]\n  id_tokens: {T: {aud: api://AzureADTokenExchange}}\n  rules:\n    - if: '$CI_COMMIT_BRANCH == \"production\" || $CI_COMMIT_BRANCH =~ /^release-.*$/'\n",
                &["project_path:contoso/payments:ref_type:branch:ref:production"],
                &["project_path:contoso/payments:ref_type:branch:ref:release-*"],
            ),
            (
                "id_tokens_through_extends_and_only",
                ".azure:\n  id_tokens: {T: {aud: api://AzureADTokenExchange}}\ndeploy:\n  extends: .azure\n  script: [x]\n  only: [main, tags]\n",
                &["project_path:contoso/payments:ref_type:branch:ref:main"],
                &["project_path:contoso/payments:ref_type:tag:ref:*"],
            ),
            (
                "a_job_without_id_tokens_needs_nothing",
                "build:\n  script: [make]\n",
                &[],
                &[],
            ),
            (
                "a_vault_audience_is_not_entra",
                "read:\n  script: [vault]\n  id_tokens: {V: {aud: https://vault.example.com}}\n  only: [main]\n",
                &[],
                &[],
            ),
            (
                "rules_with_when_never_are_skipped",
                "deploy:\n  script: [x]\n  id_tokens: {T: {aud: api://AzureADTokenExchange}}\n  rules:\n    - if: $CI_COMMIT_BRANCH == \"wip\"\n      when: never\n    - if: $CI_COMMIT_BRANCH == \"main\"\n",
                &["project_path:contoso/payments:ref_type:branch:ref:main"],
                &[],
            ),
        ];
        for (name, text, subjects, patterns) in cases {
            let p = prediction(text);
            assert_eq!(p.subjects(), *subjects, "{name}");
            assert_eq!(p.patterns(), *patterns, "{name}");
        }
    }

    #[test]
    fn a_job_without_id_tokens_cannot_get_one_and_says_how() {
        let p = prediction("build:\n  script: [make]\n");
        assert_eq!(p.no_token_jobs(), ["build"]);
        assert!(p.jobs[0].token.why.contains("id_tokens:"));
    }

    #[test]
    fn regexes_become_patterns() {
        for (regex, pattern) in [
            ("/^release-.*$/", "release-*"),
            ("/^v\\d+/", "v**"),
            ("/hotfix/", "*hotfix*"),
            ("/^main$/", "main"),
        ] {
            let got = regex_pattern(regex);
            assert_eq!(
                got.replace("**", "*"),
                pattern.replace("**", "*"),
                "{regex}"
            );
        }
    }
}
