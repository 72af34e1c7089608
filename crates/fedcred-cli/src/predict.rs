//! `fedcred predict`: the subjects a pipeline file's jobs will present, and the credential set
//! that accepts exactly those.

use clap::{Args, ValueEnum};
use fedcred_core::credential::GraphCredential;
use fedcred_core::key::Keyed;
use std::path::Path;

use fedcred_core::predict::{
    File, Kind, Options, Prediction, RepositoryPredictor, coverage, glob_matches, is_pipeline_file,
    predict, predict_repository, wanted_files,
};

use crate::explain::OutputFormat;
use crate::input::read;

/// Which CI system the file is for.
#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
pub enum KindArg {
    /// A GitHub Actions workflow.
    Github,
    /// An Azure Pipelines file.
    AzureDevops,
    /// A GitLab CI file.
    Gitlab,
    /// Kubernetes manifests (kubectl get -o yaml, helm template, kustomize build).
    Kubernetes,
}

#[derive(Debug, Args)]
pub struct PredictArgs {
    /// The workflow or pipeline file (- for standard input), or a folder: a repository's root or
    /// its .github/workflows, every pipeline in it read with what it calls. Or Kubernetes
    /// manifests (a file, or a folder of .yaml, .yml and .json files).
    file: String,
    /// Reusable workflows and local actions FILE uses (matched by file name, and by the path
    /// uses: names for an action.yml), or more folders; for manifests, more manifests.
    called: Vec<String>,
    /// OWNER/REPO (GitHub), group/project (GitLab), organization/project (Azure DevOps).
    #[arg(long)]
    repo: Option<String>,
    /// The repository's default branch (where schedule and workflow_dispatch run).
    #[arg(long)]
    default_branch: Option<String>,
    /// What `gh api repos/OWNER/REPO/actions/oidc/customization/sub` printed (a file, or -), so
    /// immutable and customised subjects come out right.
    #[arg(long)]
    customization: Option<String>,
    /// The CI system; detected from the file when not given.
    #[arg(long, value_enum)]
    kind: Option<KindArg>,
    /// The credentials that exist (what az identity federated-credential list, az ad app
    /// federated-credential list or Graph prints), or the code that declares them (Terraform,
    /// Bicep, ARM templates, or folders of them); repeatable: adds the coverage, whether each
    /// job's subject is accepted, refused or unknown, and exits 1 when one is refused.
    #[arg(long)]
    fics: Vec<String>,
    /// For --fics that declare credentials: a value the files cannot know, NAME=VALUE, as
    /// fedcred audit takes it; repeatable.
    #[arg(long = "var", value_name = "NAME=VALUE")]
    vars: Vec<String>,
    /// For --fics that declare credentials: a .tfvars, .bicepparam or ARM parameters file;
    /// repeatable.
    #[arg(long = "var-file", value_name = "FILE")]
    var_files: Vec<String>,
    /// What gh api repos/OWNER/REPO printed: the IDs flexible credentials test.
    #[arg(long)]
    github_ids: Option<String>,
    /// Kubernetes: the namespace of objects that name none (as kubectl's -n); default "default".
    #[arg(long)]
    namespace: Option<String>,
    /// Kubernetes: the cluster's OIDC issuer URL, or a file (or -) of what az aks show prints;
    /// with it the credentials are built.
    #[arg(long)]
    issuer: Option<String>,
    /// text or json.
    #[arg(long, value_enum, default_value = "text")]
    format: OutputFormat,
}

/// Exit 0 when the file was read (and, with --fics, no job is refused), 1 when a job is refused,
/// 2 with the reason when an input cannot be read.
pub fn run(args: PredictArgs) -> Result<(String, u8), String> {
    let stdin_uses = [
        Some(args.file.as_str()),
        args.customization.as_deref(),
        args.github_ids.as_deref(),
        args.issuer.as_deref(),
    ]
    .into_iter()
    .chain(args.called.iter().map(|c| Some(c.as_str())))
    .chain(args.fics.iter().map(|c| Some(c.as_str())))
    .filter(|p| *p == Some("-"))
    .count();
    if stdin_uses > 1 {
        return Err("fedcred: only one input can read standard input (-)".to_owned());
    }
    let paths: Vec<&String> = std::iter::once(&args.file).chain(&args.called).collect();
    if args.kind == Some(KindArg::Kubernetes) || args.kind.is_none() && manifests(&paths) {
        return run_manifests(&args, &paths);
    }
    let repository = paths.iter().any(|p| Path::new(p).is_dir());
    let mut notes = Vec::new();
    let mut texts = Vec::new();
    if repository {
        for path in &paths {
            if Path::new(path).is_dir() {
                walk(Path::new(path), 0, &mut texts, &mut notes);
            } else {
                texts.push(((*path).clone(), read(path, "pipeline file")?));
            }
        }
    } else {
        texts.push((args.file.clone(), read(&args.file, "pipeline file")?));
        for path in &args.called {
            texts.push((path.clone(), read(path, "called workflow")?));
        }
    }
    let customization = args
        .customization
        .as_deref()
        .map(|p| read(p, "customization"))
        .transpose()?
        .unwrap_or_default();
    let options = Options {
        kind: args.kind.map(|k| match k {
            KindArg::Github => Kind::GitHub,
            KindArg::AzureDevops => Kind::AzureDevOps,
            KindArg::Gitlab => Kind::GitLab,
            KindArg::Kubernetes => Kind::Kubernetes,
        }),
        repo: args.repo.clone().unwrap_or_default(),
        default_branch: args.default_branch.clone().unwrap_or_default(),
        customization,
        face: fedcred_core::face::Face::Cli,
        namespace: String::new(),
        issuer: String::new(),
    };
    // A folder is predicted as its files are read, in the last round (see read_wanted).
    let mut read_whole = None;
    if args.file != "-" {
        // A folder's root is where `/path` templates start; a file's folder otherwise.
        let roots: Vec<&Path> = if repository {
            paths.iter().map(Path::new).filter(|p| p.is_dir()).collect()
        } else {
            vec![Path::new(&args.file).parent().unwrap_or(Path::new("."))]
        };
        read_whole = read_wanted(&roots, &options, repository, &mut texts, &mut notes);
    }
    let files = as_files(&texts);
    let mut prediction = match read_whole {
        Some(prediction) => prediction,
        None if repository => predict_repository(&files, &options),
        None => predict(&files, &options),
    }
    .map_err(|e| format!("fedcred: {e}"))?;
    prediction.notes.extend(notes);
    finish(&prediction, &args)
}

/// The files read, as the core takes them (standard input named so).
fn as_files(texts: &[(String, String)]) -> Vec<File<'_>> {
    texts
        .iter()
        .map(|(name, text)| File {
            name: if name == "-" { "standard input" } else { name },
            text,
        })
        .collect()
}

/// Whether the files given (no folder among them) are Kubernetes manifests, by their content.
fn manifests(paths: &[&String]) -> bool {
    paths.iter().all(|p| {
        *p != "-"
            && !Path::new(p).is_dir()
            && std::fs::read(p).is_ok_and(|bytes| {
                fedcred_core::platforms::kubernetes::manifests::looks_like(
                    &String::from_utf8_lossy(&bytes),
                )
            })
    })
}

/// Whether a file below a folder of manifests is read: YAML and JSON.
fn manifest_file(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| matches!(e, "yaml" | "yml" | "json"))
}

/// `fedcred predict MANIFEST...`: every workload of the manifests (issue 29).
fn run_manifests(args: &PredictArgs, paths: &[&String]) -> Result<(String, u8), String> {
    let mut notes = Vec::new();
    let mut texts = Vec::new();
    for path in paths {
        if Path::new(path).is_dir() {
            crate::walk::walk_with(
                Path::new(path),
                0,
                &mut texts,
                &mut notes,
                &manifest_file,
                MAX_MANIFEST_BYTES,
            );
        } else {
            texts.push(((*path).clone(), read(path, "manifest")?));
        }
    }
    let issuer = match args.issuer.as_deref() {
        Some(value) if value == "-" || Path::new(value).is_file() => {
            read(value, "cluster's issuer")?
        }
        Some(value) => value.to_owned(),
        None => String::new(),
    };
    let options = Options {
        kind: Some(Kind::Kubernetes),
        namespace: args.namespace.clone().unwrap_or_default(),
        issuer,
        face: fedcred_core::face::Face::Cli,
        ..Options::default()
    };
    let files = as_files(&texts);
    let mut prediction = fedcred_core::platforms::kubernetes::predict::predict(&files, &options)
        .map_err(|e| format!("fedcred: {e}"))?;
    prediction.notes.extend(notes);
    finish(&prediction, args)
}

/// The coverage when credentials are given, and the output in the format asked for.
fn finish(prediction: &Prediction, args: &PredictArgs) -> Result<(String, u8), String> {
    // Listings and the code that declares credentials (issue 31), told apart as fedcred audit
    // tells them.
    let (sources, walk_notes) = crate::fics::gather(&args.fics)?;
    let (declared, fics): (Vec<_>, Vec<_>) = sources
        .into_iter()
        .partition(|(name, text)| fedcred_core::iac::kind_of(name, text).is_some());
    let fics: Vec<String> = fics.into_iter().map(|(_, text)| text).collect();
    if declared.is_empty() && (!args.vars.is_empty() || !args.var_files.is_empty()) {
        return Err(
            "fedcred: --var and --var-file are for --fics that declare credentials (Terraform, Bicep, ARM), and --fics names none"
                .to_owned(),
        );
    }
    let declared = (!declared.is_empty())
        .then(|| -> Result<_, String> {
            let given = crate::fics::given(&args.vars, &args.var_files)?;
            let sources: Vec<fedcred_core::iac::Source> = declared
                .into_iter()
                .map(|(name, text)| fedcred_core::iac::Source::new(name, text))
                .collect();
            let mut reading =
                fedcred_core::iac::read(&sources, &given, fedcred_core::face::Face::Cli);
            reading.notes.extend(walk_notes);
            Ok(reading)
        })
        .transpose()?;
    let github_ids = args
        .github_ids
        .as_deref()
        .map(|p| read(p, "GitHub IDs"))
        .transpose()?
        .unwrap_or_default();
    // Without --fics the output is today's (a contract).
    let coverage = (!fics.is_empty() || declared.is_some()).then(|| {
        let texts: Vec<&str> = fics.iter().map(String::as_str).collect();
        let mut credentials = coverage::read_credentials(&texts);
        if let Some(reading) = &declared {
            let more = coverage::declared_credentials(reading);
            credentials.credentials.extend(more.credentials);
            credentials.findings.extend(more.findings);
        }
        let mut c = coverage::coverage(prediction, &credentials, &github_ids);
        if let Some(reading) = &declared {
            c.declared_in(reading);
        }
        c
    });
    if let Some(c) = &coverage
        && c.entries.is_empty()
        && !c.unreadable.is_empty()
        && c.other_issuers.is_empty()
        && c.unused.is_empty()
    {
        return Err(format!(
            "fedcred: the credentials cannot be read: {}",
            c.unreadable.join("; ")
        ));
    }
    let output = match args.format {
        OutputFormat::Json => {
            let mut json = prediction.to_json();
            if let (Some(c), fedcred_core::json::Value::Object(map)) = (&coverage, &mut json) {
                map.insert("coverage".into(), c.to_json());
            }
            format!("{}\n", json.to_pretty())
        }
        OutputFormat::Text => {
            let mut out = if prediction.kind == Kind::Kubernetes {
                manifests_text(prediction)
            } else {
                text(prediction)
            };
            if let Some(c) = &coverage {
                out.push_str(&coverage_text(c));
            }
            // What reading the declarations left out (a registry module, a file not given).
            for note in declared.iter().flat_map(|r| &r.notes) {
                out.push_str(&format!("note: {note}\n"));
            }
            out
        }
    };
    let code = u8::from(coverage.as_ref().is_some_and(coverage::Coverage::refused));
    Ok((output, code))
}

/// The coverage, for people: each job and subject, then the credentials no job uses.
fn coverage_text(c: &coverage::Coverage) -> String {
    let mut out = String::from("\nCoverage against the credentials given\n");
    for e in &c.entries {
        let subject = e
            .subject
            .as_deref()
            .unwrap_or("(subject not decided by the file)");
        let status = match e.status {
            "accepted" => format!("ACCEPTED by {}", e.by.join(", ")),
            "refused" => format!(
                "REFUSED{}",
                e.nearest
                    .as_deref()
                    .map(|n| format!(" (nearest: {n})"))
                    .unwrap_or_default()
            ),
            "no_token" => "NO TOKEN".to_owned(),
            _ => "UNKNOWN".to_owned(),
        };
        out.push_str(&format!(
            "  job {} ({}): {subject}: {status}\n",
            e.job, e.file
        ));
        for (field, credential, token) in &e.diff {
            out.push_str(&format!(
                "    {field}: credential {credential}, job {token}\n"
            ));
        }
        if let Some(fix) = &e.fix {
            let label = if e.status == "unknown" { "why" } else { "fix" };
            out.push_str(&format!("    {label}: {fix}\n"));
        }
        if let Some(command) = &e.command {
            out.push_str(&format!("    run: {command}\n"));
        }
    }
    let list = |label: &str, names: &[String]| {
        if names.is_empty() {
            String::new()
        } else {
            format!("  {label}: {}\n", names.join(", "))
        }
    };
    out.push_str(&list("unused (no job presents their subject: candidates to delete once you are sure nothing else uses them)", &c.unused));
    out.push_str(&list(
        "possibly used (only a job whose subject the file does not decide could use them)",
        &c.possibly_used,
    ));
    for group in &c.duplicates {
        out.push_str(&format!(
            "  several credentials accept one subject: {}\n",
            group.join(", ")
        ));
    }
    out.push_str(&list("for other issuers", &c.other_issuers));
    out.push_str(&list(
        "for other repositories or projects",
        &c.other_workloads,
    ));
    out.push_str(&list("could not be read", &c.unreadable));
    out
}

fn text(p: &Prediction) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let repo = if p.repo.is_empty() {
        String::new()
    } else {
        format!(", {}", p.repo)
    };
    let jobs = match p.jobs.len() {
        1 => "1 job".to_owned(),
        n => format!("{n} jobs"),
    };
    let mut files: Vec<&str> = p
        .jobs
        .iter()
        .map(|j| j.file.as_str())
        .filter(|f| !f.is_empty())
        .collect();
    files.sort_unstable();
    files.dedup();
    if files.len() > 1 {
        line(format!(
            "Repository{repo}: {} pipeline files, {jobs}",
            files.len()
        ));
    } else {
        line(format!("{}{repo}: {jobs}", p.kind.label()));
    }
    for job in &p.jobs {
        line(String::new());
        let name = job
            .name
            .as_deref()
            .map(|n| format!(" ({n})"))
            .unwrap_or_default();
        line(format!(
            "job {}{name}, {} line {}",
            job.id, job.file, job.line
        ));
        if !job.token.can {
            line(format!("  no token: {}", job.token.why));
            continue;
        }
        match (&job.login, &job.may_request) {
            (Some(login), _) => line(format!(
                "  token: {}; asks for it with {login}, audience {}",
                job.token.why, job.audience
            )),
            (None, Some(may)) => line(format!(
                "  token: {}; MAY REQUEST IT: {may}. Counted in the set: its subjects below",
                job.token.why
            )),
            (None, None) => line(format!(
                "  token: {}; but no Entra login was found in the job, so it needs no credential",
                job.token.why
            )),
        }
        for s in &job.subjects {
            let kind = if s.pattern { "pattern" } else { "subject" };
            line(format!("  {kind} {}", s.subject));
            line(format!("    on {}: {}", s.triggers.join(", "), s.why));
        }
        for c in &job.connections {
            line(format!(
                "  service connection {} ({}: {})",
                c.name,
                c.input,
                c.tasks.join(", ")
            ));
        }
        for u in &job.unresolved {
            line(format!("  cannot be known from the file: {u}"));
        }
        if let Some(r) = &job.job_workflow_ref {
            line(format!("  job_workflow_ref: {r}"));
        }
        for c in &job.caveats {
            line(format!("  note: {c}"));
        }
    }
    line(String::new());
    line(format!(
        "Credential set: {} of Entra's 20 on one identity",
        p.credentials.len()
    ));
    for c in &p.credentials {
        line(format!("  {}", GraphCredential::from(c).to_json()));
    }
    for f in &p.findings {
        let severity = f.severity.as_str();
        line(format!("  {severity}: {} [{}]", f.message, f.code));
    }
    for note in &p.notes {
        line(format!("note: {note}"));
    }
    if !p.placeholders.is_empty() {
        line(format!("replace before use: {}", p.placeholders.join(", ")));
    }
    out
}

/// Kubernetes manifests, for people: each workload with what concerns it, then what concerns
/// the other objects (service accounts), the subjects and the credential set.
fn manifests_text(p: &Prediction) -> String {
    use fedcred_core::face::count;
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let injects = p.workloads.iter().filter(|w| w.webhook_injects).count();
    line(format!(
        "Kubernetes manifests: {}, {} given a token by the webhook",
        count(p.workloads.len(), "workload", "workloads"),
        injects
    ));
    let finding_lines = |object: &str, out: &mut Vec<String>| {
        for f in p.object_findings.iter().filter(|f| f.object == object) {
            out.push(format!(
                "  {}: {} [{}] (line {})",
                f.severity.as_str().to_ascii_uppercase(),
                f.message,
                f.code,
                f.line
            ));
            if let Some(fix) = &f.fix {
                out.push("    fix:".to_owned());
                for l in fix.lines() {
                    out.push(format!("      {l}"));
                }
            }
        }
    };
    let mut shown: Vec<String> = Vec::new();
    for w in &p.workloads {
        let object = w.object();
        line(String::new());
        line(format!("{object} ({} line {})", w.file, w.line));
        line(format!(
            "  service account {}/{}; {}",
            w.namespace,
            w.service_account,
            if w.webhook_injects {
                "the webhook gives its pods a token"
            } else {
                "no token from the webhook"
            }
        ));
        if let Some(client) = &w.client_id {
            line(format!("  client ID {client}"));
        }
        if let Some(subject) = &w.subject {
            line(format!("  subject {subject}"));
        }
        let mut lines = Vec::new();
        finding_lines(&object, &mut lines);
        for l in lines {
            line(l);
        }
        shown.push(object);
    }
    let mut others: Vec<&str> = p
        .object_findings
        .iter()
        .map(|f| f.object.as_str())
        .filter(|o| !shown.iter().any(|s| s == o))
        .collect();
    others.dedup();
    for object in others {
        let file = p
            .object_findings
            .iter()
            .find(|f| f.object == object)
            .map(|f| f.file.as_str())
            .unwrap_or_default();
        line(String::new());
        line(format!("{object} ({file})"));
        let mut lines = Vec::new();
        finding_lines(object, &mut lines);
        for l in lines {
            line(l);
        }
    }
    line(String::new());
    let subjects = p.subjects();
    line(format!(
        "Subjects: {}",
        count(subjects.len(), "subject", "subjects")
    ));
    for s in &subjects {
        line(format!("  {s}"));
    }
    if !p.credentials.is_empty() {
        line(format!(
            "Credential set: {} (Entra allows 20 on one identity)",
            count(p.credentials.len(), "credential", "credentials")
        ));
        for c in &p.credentials {
            line(format!("  {}", GraphCredential::from(c).to_json()));
        }
    }
    for f in &p.findings {
        line(format!(
            "  {}: {} [{}]",
            f.severity.as_str(),
            f.message,
            f.code
        ));
    }
    for note in &p.notes {
        line(format!("note: {note}"));
    }
    out
}

/// The largest pipeline file read (the YAML reader takes 1 MiB: a larger file is named and left
/// out, not read).
const MAX_BYTES: u64 = 1024 * 1024;

/// How many times the templates and includes the files name are looked for (each round reads
/// what the previous round's files name).
const MAX_ROUNDS: usize = 24;

/// Reads the Azure Pipelines templates and GitLab includes the files name and that are not read
/// yet, round after round until nothing new is named; what cannot be read stays in the core's
/// notes ("not among the files given"). For a `repository`, the last round's reading is the
/// prediction, returned so the files are not read twice.
fn read_wanted(
    roots: &[&Path],
    options: &Options,
    repository: bool,
    texts: &mut Vec<(String, String)>,
    notes: &mut Vec<String>,
) -> Option<Result<Prediction, fedcred_core::predict::Error>> {
    let mut tried: Vec<String> = Vec::new();
    for _ in 0..MAX_ROUNDS {
        let before = texts.len();
        let files: Vec<File<'_>> = texts
            .iter()
            .map(|(name, text)| File { name, text })
            .collect();
        let mut predictor = repository.then(|| {
            let mut predictor = RepositoryPredictor::new(&files, options);
            while !predictor.step(usize::MAX) {}
            predictor
        });
        let wanted = match &predictor {
            Some(p) => p.wanted(),
            None => wanted_files(&files, options),
        };
        if wanted.iter().all(|w| tried.contains(&w.path)) {
            return predictor.take().map(RepositoryPredictor::finish);
        }
        drop(predictor);
        drop(files);
        let mut candidates: Vec<std::path::PathBuf> = Vec::new();
        for w in wanted {
            if tried.contains(&w.path) {
                continue;
            }
            tried.push(w.path.clone());
            if w.from_root {
                candidates.extend(roots.iter().map(|r| r.join(&w.path)));
            } else if w.path.contains('*') {
                // The folder before the first wildcard, walked, and the files the pattern takes.
                let literal: Vec<&str> =
                    w.path.split('/').take_while(|s| !s.contains('*')).collect();
                let mut found = Vec::new();
                crate::walk::walk_with(
                    Path::new(&literal.join("/")),
                    0,
                    &mut found,
                    notes,
                    &|p: &Path| glob_matches(&w.path, &p.to_string_lossy()),
                    MAX_BYTES,
                );
                for (name, text) in found {
                    if !texts.iter().any(|(n, _)| *n == name) {
                        texts.push((name, text));
                    }
                }
            } else {
                candidates.push(Path::new(&w.path).to_path_buf());
            }
        }
        for path in candidates {
            let name = path.display().to_string();
            if texts.iter().any(|(n, _)| *n == name) || !path.is_file() {
                continue;
            }
            match std::fs::metadata(&path) {
                Ok(meta) if meta.len() > MAX_BYTES => notes.push(format!(
                    "{name}: {:.1} MB, over the 1 MiB fedcred reads in a pipeline file: left out",
                    meta.len() as f64 / 1_048_576.0
                )),
                _ => match std::fs::read(&path) {
                    Ok(bytes) => texts.push((name, String::from_utf8_lossy(&bytes).into_owned())),
                    Err(e) => notes.push(format!("{name}: {e}: left out")),
                },
            }
        }
        if texts.len() == before {
            // Named but not on disk: the caller predicts what there is.
            return None;
        }
    }
    None
}

/// Whether a file in a repository is one predict reads (the core's rule).
fn pipeline_file(path: &Path) -> bool {
    is_pipeline_file(&path.to_string_lossy())
}

/// The pipeline files below `dir`: symbolic links are not followed (a link to a parent folder
/// would never end), `.git` and `node_modules` are skipped, and what is left out is said.
fn walk(dir: &Path, depth: usize, out: &mut Vec<(String, String)>, notes: &mut Vec<String>) {
    crate::walk::walk_with(dir, depth, out, notes, &pipeline_file, MAX_BYTES);
}

/// The largest manifest read from a folder: what the core's stream reader takes.
const MAX_MANIFEST_BYTES: u64 = fedcred_core::yaml::MAX_STREAM_BYTES as u64;
