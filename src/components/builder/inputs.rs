//! The builder's form as data: every input and select, where its value lives in the scenario,
//! and what it says. `super` renders them.

use fedcred_core::audience::Cloud;
use fedcred_core::key::Keyed;
use fedcred_core::platforms::PlatformKind;
use fedcred_core::platforms::azure_devops::Generation;
use fedcred_core::platforms::github::{Entity, EntityKind, SubjectForm};
use fedcred_core::platforms::gitlab::RefType;
use fedcred_core::platforms::terraform::RunPhase;
use fedcred_core::scenario::Scenario;
use fedcred_core::target::Target;

/// A text input of the form: where its value lives in the scenario and what it says. The form
/// is these tables rendered by one function, not one `html!` per input (issue 6: each `html!`
/// input cost the bundle about a kilobyte of code).
#[derive(Clone, Copy)]
pub(super) struct Input {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    /// The field the core's findings name.
    pub(super) field: &'static str,
    pub(super) hint: &'static str,
    pub(super) placeholder: &'static str,
    pub(super) multiline: bool,
    pub(super) get: Get,
    pub(super) set: Set,
}

/// Reads an input's value from the scenario.
pub(super) type Get = fn(&Scenario) -> String;
/// Writes an input's value into the scenario.
pub(super) type Set = fn(&mut Scenario, String);

pub(super) const fn input(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    get: Get,
    set: Set,
) -> Input {
    Input {
        id,
        label,
        field,
        hint: "",
        placeholder: "",
        multiline: false,
        get,
        set,
    }
}

impl Input {
    pub(super) const fn hint(mut self, hint: &'static str) -> Input {
        self.hint = hint;
        self
    }

    pub(super) const fn placeholder(mut self, placeholder: &'static str) -> Input {
        self.placeholder = placeholder;
        self
    }
}

/// A select of the form.
pub(super) struct Choice {
    pub(super) id: &'static str,
    pub(super) label: &'static str,
    pub(super) hint: &'static str,
    /// `(value, label)` pairs, in the picker's order.
    pub(super) options: fn() -> Vec<(&'static str, &'static str)>,
    pub(super) get: fn(&Scenario) -> &'static str,
    pub(super) set: Set,
}

/// A select over a choice the core names ([`Keyed`]): options, value and setter from one field.
macro_rules! keyed_choice {
    ($id:literal, $label:literal, $hint:expr, $ty:ty, $($field:ident).+) => {
        Choice {
            id: $id,
            label: $label,
            hint: $hint,
            options: <$ty>::options,
            get: |s| s.$($field).+.key(),
            set: |s, v| {
                if let Some(choice) = <$ty>::from_key(&v) {
                    s.$($field).+ = choice;
                }
            },
        }
    };
}

pub(super) const PLATFORM: Choice =
    keyed_choice!("platform", "Platform", "", PlatformKind, platform);

pub(super) const KUBERNETES: &[Input] = &[
    input("k8s-issuer", "Cluster issuer URL", "issuer", |s| s.kubernetes.issuer.clone(), |s, v| s.kubernetes.issuer = v)
        .hint("AKS: az aks show -n CLUSTER -g RG --query oidcIssuerProfile.issuerUrl -o tsv — keep its trailing slash. EKS: aws eks describe-cluster --query cluster.identity.oidc.issuer.")
        .placeholder("https://eastus.oic.prod-aks.azure.com/<tenant>/<cluster>/"),
    input("k8s-namespace", "Namespace", "namespace", |s| s.kubernetes.namespace.clone(), |s, v| s.kubernetes.namespace = v)
        .hint("Lower case, as kubectl shows it."),
    input("k8s-service-account", "Service account", "service_account", |s| s.kubernetes.service_account.clone(), |s, v| s.kubernetes.service_account = v)
        .hint("The pod's serviceAccountName."),
];

pub(super) const GITLAB_BEFORE_REF: &[Input] = &[
    input(
        "gitlab-project-path",
        "Project path",
        "project_path",
        |s| s.gitlab.project_path.clone(),
        |s, v| s.gitlab.project_path = v,
    )
    .hint("group/project (with subgroups: group/sub/project), as in the project's URL."),
    input(
        "gitlab-project-id",
        "Project ID (only for a project_id subject)",
        "project_id",
        |s| s.gitlab.project_id.clone(),
        |s, v| s.gitlab.project_id = v,
    ),
];

pub(super) const GITLAB_REF_TYPE: Choice =
    keyed_choice!("gitlab-ref-type", "Ref type", "", RefType, gitlab.ref_type);

pub(super) const GITLAB_AFTER_REF_TYPE: &[Input] = &[
    input(
        "gitlab-ref",
        "Branch or tag",
        "ref",
        |s| s.gitlab.git_ref.clone(),
        |s, v| s.gitlab.git_ref = v,
    )
    .hint("Without refs/heads/. '*' or '?' make it a pattern (a flexible credential)."),
    input(
        "gitlab-issuer",
        "Instance URL",
        "issuer",
        |s| s.gitlab.issuer.clone(),
        |s, v| s.gitlab.issuer = v,
    )
    .placeholder("https://gitlab.com")
    .hint("Leave empty for gitlab.com."),
];

pub(super) const TERRAFORM_BEFORE_PHASE: &[Input] = &[
    input(
        "tfc-organization",
        "Organization",
        "organization",
        |s| s.terraform.organization.clone(),
        |s, v| s.terraform.organization = v,
    ),
    input(
        "tfc-project",
        "Project",
        "project",
        |s| s.terraform.project.clone(),
        |s, v| s.terraform.project = v,
    )
    .placeholder("Default Project")
    .hint("Leave empty for workspaces outside a project (Default Project)."),
    input(
        "tfc-workspace",
        "Workspace",
        "workspace",
        |s| s.terraform.workspace.clone(),
        |s, v| s.terraform.workspace = v,
    ),
];

pub(super) const TERRAFORM_PHASE: Choice = keyed_choice!(
    "tfc-run-phase",
    "Run phase",
    "Plan and apply runs present different subjects.",
    RunPhase,
    terraform.run_phase
);

pub(super) const TERRAFORM_AFTER_PHASE: &[Input] = &[input(
    "tfc-issuer",
    "Issuer",
    "issuer",
    |s| s.terraform.issuer.clone(),
    |s, v| s.terraform.issuer = v,
)
.placeholder("https://app.terraform.io")
.hint("Leave empty for HCP Terraform; https://app.eu.terraform.io in Europe.")];

pub(super) const MANAGED_IDENTITY: &[Input] = &[
    input("mi-tenant", "Tenant ID", "tenant_id", |s| s.managed_identity.tenant_id.clone(), |s, v| s.managed_identity.tenant_id = v),
    input("mi-principal", "Managed identity object (principal) ID", "principal_id", |s| s.managed_identity.principal_id.clone(), |s, v| s.managed_identity.principal_id = v)
        .hint("az identity show -n NAME -g RG --query principalId -o tsv — the object ID, not the client ID."),
];

pub(super) const OTHER: &[Input] = &[
    input(
        "other-issuer",
        "Issuer",
        "issuer",
        |s| s.other.issuer.clone(),
        |s, v| s.other.issuer = v,
    )
    .hint("The token's iss, exactly."),
    input(
        "other-subject",
        "Subject",
        "subject",
        |s| s.other.subject.clone(),
        |s, v| s.other.subject = v,
    )
    .hint("The token's sub, exactly."),
    input(
        "other-expression",
        "Or a flexible expression",
        "expression",
        |s| s.other.expression.clone(),
        |s, v| s.other.expression = v,
    )
    .placeholder("claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'"),
];

pub(super) const GITHUB_REPO: Input = input(
    "github-repo",
    "Repository",
    "repo",
    |s| s.github.repo.clone(),
    |s, v| s.github.repo = v,
)
.placeholder("OWNER/REPO")
.hint("As in github.com/OWNER/REPO. Entra compares case-sensitively: type it as GitHub shows it.");

pub(super) const GITHUB_ENTITY: Choice = Choice {
    id: "github-entity",
    label: "The job runs for",
    hint: "",
    options: EntityKind::options,
    get: |s| s.github.entity.kind().key(),
    set: |s, v| {
        if let Some(kind) = EntityKind::from_key(&v) {
            let value = s.github.entity.value().to_owned();
            s.github.entity = Entity::of_kind(kind, value);
        }
    },
};

/// The value of the entity (branch, tag, environment or pattern); its label and hint follow the
/// kind.
pub(super) const GITHUB_ENTITY_VALUE: Input = input(
    "github-entity-value",
    "Branch",
    "branch",
    |s| s.github.entity.value().to_owned(),
    |s, v| s.github.entity = Entity::of_kind(s.github.entity.kind(), v),
);

pub(super) const GITHUB_SUBJECT_FORM: Choice = keyed_choice!(
    "github-subject-form",
    "Subject form the repository sends",
    "Since 2026-07-15 GitHub sends repo:OWNER@ID/REPO@ID:… for every repository created, renamed or transferred (and those that opted in); the others send repo:OWNER/REPO:…. gh api repos/OWNER/REPO/actions/oidc/customization/sub tells: paste its output below.",
    SubjectForm,
    github.subject_form
);

pub(super) const GITHUB_CUSTOMIZATION: Input = Input {
    multiline: true,
    ..input(
        "github-customization",
        "What gh api prints (optional)",
        "customization",
        |s| s.github.customization.clone(),
        |s, v| s.github.customization = v,
    )
    .hint("The output of gh api repos/OWNER/REPO/actions/oidc/customization/sub (its sub_claim_prefix sets the form and the IDs), or of gh api repos/OWNER/REPO (the IDs). Nothing is fetched.")
};

/// The numeric IDs: for an immutable subject, and to pin a pattern's flexible credential.
pub(super) const GITHUB_IDS: &[Input] = &[
    input(
        "github-owner-id",
        "Owner ID",
        "owner_id",
        |s| s.github.owner_id.clone(),
        |s, v| s.github.owner_id = v,
    )
    .hint("repository_owner_id in a token, or gh api repos/OWNER/REPO --jq .owner.id."),
    input(
        "github-repo-id",
        "Repository ID",
        "repo_id",
        |s| s.github.repo_id.clone(),
        |s, v| s.github.repo_id = v,
    )
    .hint("repository_id in a token, or gh api repos/OWNER/REPO --jq .id."),
];

pub(super) const GITHUB_ADVANCED: &[Input] = &[
    input("github-enterprise", "Enterprise slug (unique issuer)", "enterprise", |s| s.github.enterprise.clone(), |s, v| s.github.enterprise = v),
    input("github-ghe-subdomain", "GHE.com subdomain", "ghe_subdomain", |s| s.github.ghe_subdomain.clone(), |s, v| s.github.ghe_subdomain = v),
    input("github-ghes-host", "GitHub Enterprise Server host", "ghes_host", |s| s.github.ghes_host.clone(), |s, v| s.github.ghes_host = v),
    input("github-claim-keys", "Customised subject: claim keys, comma-separated", "claim_keys", |s| s.github.claim_keys.join(","), |s, v| {
        s.github.claim_keys = v.split(',').map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect()
    })
    .hint("The include_claim_keys of the repository's OIDC template, in order; leave empty for the default subject."),
    Input {
        multiline: true,
        ..input("github-claims", "Values for those keys (KEY=VALUE per line)", "claims", |s| {
            s.github.claims.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")
        }, |s, v| {
            s.github.claims = v.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.trim().to_owned(), v.to_owned())).collect()
        })
    },
    input("github-job-workflow-ref", "With a pattern: job_workflow_ref must match", "job_workflow_ref", |s| s.github.job_workflow_ref.clone(), |s, v| s.github.job_workflow_ref = v)
        .placeholder("contoso/shared/.github/workflows/deploy.yml@refs/heads/main"),
];

pub(super) const ADO_GENERATION: Choice = keyed_choice!(
    "ado-generation",
    "Issuer",
    "The service connection's Issuer field tells: login.microsoftonline.com is the Entra issuer, vstoken.dev.azure.com the legacy one.",
    Generation,
    azure_devops.generation
);

pub(super) const ADO_TENANT: Input = input(
    "ado-tenant",
    "Tenant ID",
    "tenant_id",
    |s| s.azure_devops.tenant_id.clone(),
    |s, v| s.azure_devops.tenant_id = v,
);
pub(super) const ADO_ORGANIZATION_ID: Input = input("ado-organization-id", "Organization ID", "organization_id", |s| s.azure_devops.organization_id.clone(), |s, v| s.azure_devops.organization_id = v)
    .hint("A GUID, not the organization's name: it appears in the service connection's Issuer or Subject identifier.");
pub(super) const ADO_CONNECTION_ID: Input = input(
    "ado-connection-id",
    "Service connection ID",
    "connection_id",
    |s| s.azure_devops.connection_id.clone(),
    |s, v| s.azure_devops.connection_id = v,
)
.hint("In the connection page's URL (resourceId=…).");
pub(super) const ADO_LEGACY: &[Input] = &[
    input(
        "ado-organization",
        "Organization name",
        "organization",
        |s| s.azure_devops.organization.clone(),
        |s, v| s.azure_devops.organization = v,
    )
    .hint("As in dev.azure.com/ORGANIZATION."),
    input(
        "ado-project",
        "Project name",
        "project",
        |s| s.azure_devops.project.clone(),
        |s, v| s.azure_devops.project = v,
    ),
];
pub(super) const ADO_SUBJECT_IDENTIFIER: Input = input(
    "ado-subject-identifier",
    "Subject identifier (optional, from the service connection page)",
    "subject_identifier",
    |s| s.azure_devops.subject_identifier.clone(),
    |s, v| s.azure_devops.set_subject_identifier(v),
)
.hint("Paste it from the service connection's page (Project settings → Service connections → the connection): the IDs are read from it, and what you type is checked against it. It is the authority for the credential's subject.");

pub(super) const ADO_CONNECTION: Input = input(
    "ado-connection",
    "Service connection name",
    "connection",
    |s| s.azure_devops.connection.clone(),
    |s, v| s.azure_devops.connection = v,
);

pub(super) const COMMON_NAME: Input = input(
    "common-name",
    "Name",
    "name",
    |s| s.common.name.clone(),
    |s, v| s.common.name = v,
)
.hint(
    "Leave empty for the suggested name. Letters, digits, '-' and '_'; it cannot be changed later.",
);

pub(super) const COMMON_CLOUD: Choice = Choice {
    id: "common-cloud",
    label: "Audience",
    hint: "",
    options: || {
        let mut options = Cloud::options();
        options.push(("custom", "Custom audience"));
        options
    },
    get: |s| {
        if s.common.audience.is_empty() {
            s.common.cloud.key()
        } else {
            "custom"
        }
    },
    set: |s, v| match v.parse::<Cloud>() {
        Ok(cloud) => {
            s.common.cloud = cloud;
            s.common.audience.clear();
        }
        Err(_) => {
            if s.common.audience.is_empty() {
                s.common.audience = "api://".into();
            }
        }
    },
};

pub(super) const COMMON_AUDIENCE: Input = input(
    "common-audience",
    "Custom audience",
    "audience",
    |s| s.common.audience.clone(),
    |s, v| s.common.audience = v,
)
.hint("Must equal the token's aud exactly.");
pub(super) const COMMON_DESCRIPTION: Input = input(
    "common-description",
    "Description (optional)",
    "description",
    |s| s.common.description.clone(),
    |s, v| s.common.description = v,
);

pub(super) const TARGET_KIND: Choice = Choice {
    id: "target-kind",
    label: "Kind",
    hint: "",
    options: || {
        vec![
            ("managed-identity", "User-assigned managed identity"),
            ("app-registration", "App registration"),
        ]
    },
    get: |s| {
        if s.target.is_managed_identity() {
            "managed-identity"
        } else {
            "app-registration"
        }
    },
    set: |s, v| {
        let wants_app = v == "app-registration";
        if wants_app == s.target.is_managed_identity() {
            s.target = if wants_app {
                Target::AppRegistration {
                    client_id: String::new(),
                    object_id: String::new(),
                }
            } else {
                Target::default()
            };
        }
    },
};

/// A target input's reader and writer: empty, and left alone, when the target is of the other
/// kind.
macro_rules! target_input {
    ($variant:ident . $field:ident) => {
        (
            |s: &Scenario| match &s.target {
                Target::$variant { $field, .. } => $field.clone(),
                _ => String::new(),
            },
            |s: &mut Scenario, v: String| {
                if let Target::$variant { $field, .. } = &mut s.target {
                    *$field = v;
                }
            },
        )
    };
}

pub(super) const fn target(
    id: &'static str,
    label: &'static str,
    field: &'static str,
    (get, set): (Get, Set),
) -> Input {
    input(id, label, field, get, set)
}

pub(super) const MANAGED_IDENTITY_TARGET: &[Input] = &[
    target(
        "target-identity-name",
        "Managed identity name",
        "identity_name",
        target_input!(ManagedIdentity.name),
    )
    .hint("Leave empty to fill in later: the snippets then stop until you do."),
    target(
        "target-resource-group",
        "Resource group",
        "resource_group",
        target_input!(ManagedIdentity.resource_group),
    ),
    target(
        "target-subscription",
        "Subscription ID (optional)",
        "subscription",
        target_input!(ManagedIdentity.subscription),
    ),
    target(
        "target-location",
        "Region (optional)",
        "location",
        target_input!(ManagedIdentity.location),
    )
    .placeholder("westeurope")
    .hint("Some regions cannot hold federated credentials on user-assigned identities."),
];

pub(super) const APP_REGISTRATION_TARGET: &[Input] = &[
    target("target-app-id", "Application (client) ID", "app_id", target_input!(AppRegistration.client_id)),
    target("target-app-object-id", "Application object ID (optional)", "app_object_id", target_input!(AppRegistration.object_id))
        .hint("Graph and Microsoft Graph PowerShell address the app by object ID; without it the snippets look it up."),
];

/// The form element that holds a field: where the builder puts the focus, and the message
/// about it, when a second credential needs that value changed.
pub(super) fn element_for(field: &str) -> &'static str {
    match field {
        "environment" | "branch" | "tag" | "branch_pattern" | "tag_pattern" => {
            GITHUB_ENTITY_VALUE.id
        }
        "entity" => GITHUB_ENTITY.id,
        "connection_id" => ADO_CONNECTION_ID.id,
        "connection" => ADO_CONNECTION.id,
        "service_account" => "k8s-service-account",
        "issuer" => "k8s-issuer",
        "ref" => "gitlab-ref",
        "workspace" => "tfc-workspace",
        "principal_id" => "mi-principal",
        _ => "other-subject",
    }
}
