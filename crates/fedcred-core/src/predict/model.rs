//! What a prediction is made of: the request, and the answer per job and for the set. A leaf:
//! the providers' readers (under `platforms/`) fill these in, and `predict()` dispatches to them.

use crate::credential::Credential;
use crate::finding::Finding;

/// Which provider's pipeline file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A GitHub Actions workflow (`.github/workflows/*.yml`).
    GitHub,
    /// An Azure Pipelines file (`azure-pipelines.yml`).
    AzureDevOps,
    /// A GitLab CI file (`.gitlab-ci.yml`).
    GitLab,
    /// Kubernetes manifests: what `kubectl get -o yaml`, `helm template` or `kustomize build`
    /// prints (issue 29).
    Kubernetes,
}

crate::keys!(Kind {
    GitHub => ("github", "GitHub Actions workflow"),
    AzureDevOps => ("azure-devops", "Azure Pipelines file"),
    GitLab => ("gitlab", "GitLab CI file"),
    Kubernetes => ("kubernetes", "Kubernetes manifests"),
});

/// One file to read: its name (a path or a file name) and its text.
#[derive(Debug, Clone, Copy)]
pub struct File<'a> {
    /// The file's name; reusable workflows are matched by the last path segment.
    pub name: &'a str,
    /// Its text.
    pub text: &'a str,
}

/// What the user knows beside the file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Options {
    /// The provider; detected from the file when `None`.
    pub kind: Option<Kind>,
    /// `OWNER/REPO` (GitHub), `group/project` (GitLab), `organization/project` (Azure DevOps).
    pub repo: String,
    /// The repository's default branch.
    pub default_branch: String,
    /// What `gh api repos/OWNER/REPO/actions/oidc/customization/sub` (or `gh api repos/OWNER/REPO`) printed.
    pub customization: String,
    /// Who reads the messages: the command line's flags or the page's controls (issue 27).
    pub face: crate::face::Face,
    /// Kubernetes: the namespace of objects that name none (kubectl's `-n`); `default` when
    /// empty, as kubectl's.
    pub namespace: String,
    /// Kubernetes: the cluster's OIDC issuer, or what `az aks show` prints (its
    /// `oidcIssuerProfile.issuerUrl` is read); the credentials are built when it is given.
    pub issuer: String,
}

/// Why a file could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The file it concerns.
    pub file: String,
    /// The line, when the error has one.
    pub line: Option<usize>,
    /// What is wrong and what to do.
    pub message: String,
    /// The reader the file needs, when it is one the caller did not give (issue 26: the page
    /// loads the GitLab CI and Azure Pipelines readers the first time a file needs one, and
    /// predicts again; see [`super::Readers`]).
    pub needs: Option<Kind>,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

/// One subject (or subject pattern) a job can present, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Presented {
    /// The subject, or a pattern with `*` as a flexible credential writes it.
    pub subject: String,
    /// Whether `subject` is a pattern.
    pub pattern: bool,
    /// The triggers that present it (`push`, `pull_request`, …; "every trigger" for an environment).
    pub triggers: Vec<String>,
    /// Why the job presents it.
    pub why: String,
}

/// Whether a job can obtain an OIDC token at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenAccess {
    /// It can.
    pub can: bool,
    /// Why (where the permission comes from, or what is missing and how to add it).
    pub why: String,
}

/// An Azure DevOps service connection a pipeline names, with what its credential needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// The name the task gives (`azureSubscription: …`).
    pub name: String,
    /// The task input that names it.
    pub input: String,
    /// The tasks that use it.
    pub tasks: Vec<String>,
}

/// What one job will do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Job {
    /// Its id (`caller/called` for a job of a reusable workflow).
    pub id: String,
    /// Its display name, when it has one.
    pub name: Option<String>,
    /// The file it is in.
    pub file: String,
    /// The line it starts on.
    pub line: usize,
    /// Whether it can get a token.
    pub token: TokenAccess,
    /// How it asks for one for Entra (`azure/login with client-id`, …), when it does.
    pub login: Option<String>,
    /// Why it may ask for one through something fedcred cannot see into (a local action not
    /// given, an action running its own code, a remote action fedcred does not know), when it can
    /// get a token and nothing it can see logs in (issue 25): never silently "needs nothing".
    pub may_request: Option<String>,
    /// The audience it asks for.
    pub audience: String,
    /// Every subject it can present.
    pub subjects: Vec<Presented>,
    /// What cannot be known from the file, each with the pattern that would cover it.
    pub unresolved: Vec<String>,
    /// Runs that get no token, or present something else (fork pull requests, Dependabot, …).
    pub caveats: Vec<String>,
    /// For a job in a reusable workflow: the `job_workflow_ref` its token carries.
    pub job_workflow_ref: Option<String>,
    /// Azure DevOps: the service connections it names.
    pub connections: Vec<Connection>,
}

impl Job {
    /// Whether the credential set must accept this job's subjects: it can get a token and asks
    /// for one for Entra, or may (counted, so that a deploy does not fail for a credential the
    /// set left out).
    pub fn needs_credential(&self) -> bool {
        self.token.can && (self.login.is_some() || self.may_request.is_some())
    }
}

/// One credential the set needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Needed {
    /// The builder inputs that make it: what "Open in the builder" fills in.
    pub platform: crate::platforms::Platform,
    /// The subject or pattern it accepts (or, for Azure DevOps, the connection it is for).
    pub accepts: String,
    /// The credential, when the inputs are complete.
    pub credential: Option<Credential>,
}

/// A Kubernetes workload (a Deployment, a CronJob, a Pod, …) and what the Azure Workload
/// Identity webhook will make of its pods (issue 29).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Workload {
    /// Its kind (`Deployment`).
    pub kind: String,
    /// Its name.
    pub name: String,
    /// Its namespace, after defaulting.
    pub namespace: String,
    /// The service account its pods run as, after defaulting (`default`).
    pub service_account: String,
    /// Whether the webhook gives its pods a token for Entra.
    pub webhook_injects: bool,
    /// The client ID its pods will use (the service account's annotation, or a container's own
    /// `AZURE_CLIENT_ID`), when the files say.
    pub client_id: Option<String>,
    /// The subject its token carries, when it gets one.
    pub subject: Option<String>,
    /// The file it is in.
    pub file: String,
    /// The line it starts on.
    pub line: usize,
}

impl Workload {
    /// How the workload is named as an object (`Deployment payments/api`): what its findings'
    /// [`ObjectFinding::object`] says.
    pub fn object(&self) -> String {
        object_title(&self.kind, &self.namespace, &self.name)
    }
}

/// A Kubernetes object's name as findings give it: `KIND NAMESPACE/NAME`.
pub fn object_title(kind: &str, namespace: &str, name: &str) -> String {
    format!("{kind} {namespace}/{name}")
}

/// A finding about one object of the user's files, with the lines that fix it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ObjectFinding {
    /// Its stable code.
    pub code: crate::finding::Code,
    /// How much it matters.
    pub severity: crate::finding::Severity,
    /// What is wrong, and why.
    pub message: String,
    /// The object it concerns (`Deployment payments/api`).
    pub object: String,
    /// The file the object is in.
    pub file: String,
    /// The line the object (or the offending value) is on.
    pub line: usize,
    /// The corrected lines, in the file's own language, when there are some.
    pub fix: Option<String>,
}

/// The answer: every job, and the credential set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prediction {
    /// The provider.
    pub kind: Kind,
    /// The repository or project used in the subjects.
    pub repo: String,
    /// Values in the subjects that must be replaced before use (`OWNER/REPO`, `DEFAULT_BRANCH`).
    pub placeholders: Vec<String>,
    /// Every job.
    pub jobs: Vec<Job>,
    /// What concerns the whole file.
    pub notes: Vec<String>,
    /// The smallest set that accepts exactly the subjects of the jobs that need one.
    pub credentials: Vec<Credential>,
    /// Every credential the set needs, in order, including those that cannot be built yet (a
    /// pattern without the repository ID; an Azure DevOps connection's IDs).
    pub needed: Vec<Needed>,
    /// What building the set found (a pattern without the ID it needs, more than 20, …).
    pub findings: Vec<Finding>,
    /// Kubernetes: every workload of the manifests, in the order read.
    pub workloads: Vec<Workload>,
    /// What the files hold that will stop a workload, each about one object.
    pub object_findings: Vec<ObjectFinding>,
}

impl Prediction {
    /// Every exact subject a job that needs a credential can present: distinct, sorted.
    pub fn subjects(&self) -> Vec<String> {
        self.collect(false)
    }

    /// Every subject pattern (a flexible credential's `*`): distinct, sorted.
    pub fn patterns(&self) -> Vec<String> {
        self.collect(true)
    }

    fn collect(&self, pattern: bool) -> Vec<String> {
        let mut out: Vec<String> = self
            .jobs
            .iter()
            .filter(|job| job.needs_credential())
            .flat_map(|job| &job.subjects)
            .filter(|p| p.pattern == pattern)
            .map(|p| p.subject.clone())
            .collect();
        out.sort();
        out.dedup();
        out
    }

    /// The ids of the jobs that cannot get a token.
    pub fn no_token_jobs(&self) -> Vec<String> {
        self.jobs
            .iter()
            .filter(|j| !j.token.can)
            .map(|j| j.id.clone())
            .collect()
    }

    /// The ids of the jobs whose subject cannot be (fully) known from the file.
    pub fn unresolved_jobs(&self) -> Vec<String> {
        self.jobs
            .iter()
            .filter(|j| j.token.can && !j.unresolved.is_empty())
            .map(|j| j.id.clone())
            .collect()
    }
}

/// The last path segment of a file name.
pub(crate) fn file_name(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

/// Adds `value` to `list` unless it is there.
pub(crate) fn push_unique<T: PartialEq>(list: &mut Vec<T>, value: T) {
    if !list.contains(&value) {
        list.push(value);
    }
}
