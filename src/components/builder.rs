//! "Build a credential": the form for the chosen platform, the findings beside each field, the
//! credential(s) with copy buttons, the snippets, the set on one identity, and Share.

use fedcred_core::audience::Cloud;
use fedcred_core::credential::Credential;
use fedcred_core::finding::{Finding, Severity};
use fedcred_core::platforms::azure_devops::Generation;
use fedcred_core::platforms::github::Entity;
use fedcred_core::platforms::gitlab::RefType;
use fedcred_core::platforms::terraform::RunPhase;
use fedcred_core::scenario::{PlatformKind, Scenario};
use fedcred_core::target::Target;
use fedcred_core::validation::MAX_CREDENTIALS_PER_IDENTITY;
use yew::prelude::*;

use super::copy::CopyButton;
use super::field::{Messages, SelectField, TextField, findings_for};
use super::snippets::Snippets;
use crate::state::{AppHandle, use_app};

/// Props of [`Builder`].
#[derive(Properties, PartialEq)]
pub struct BuilderProps {
    /// Inputs cannot be changed (an embedded, preset builder).
    #[prop_or_default]
    pub readonly: bool,
}

fn opt(value: &str, label: &str) -> (AttrValue, AttrValue) {
    (
        AttrValue::from(value.to_owned()),
        AttrValue::from(label.to_owned()),
    )
}

/// The builder.
#[function_component]
pub fn Builder(props: &BuilderProps) -> Html {
    let app = use_app();
    let scenario = &app.state().scenario;
    let built = scenario.build();
    let ro = props.readonly;
    let f = |field: &str| findings_for(&built.findings, field);

    let platform_options: Vec<_> = PlatformKind::ALL
        .iter()
        .map(|k| opt(key(*k), k.label()))
        .collect();
    let on_platform = app.edit(|s: &mut Scenario, v: String| {
        if let Some(kind) = PlatformKind::ALL.into_iter().find(|k| key(*k) == v) {
            s.platform = kind;
        }
    });

    let form = match scenario.platform {
        PlatformKind::GitHub => github_fields(&app, scenario, &f, ro),
        PlatformKind::AzureDevops => ado_fields(&app, scenario, &f, ro),
        PlatformKind::Kubernetes => html! {
            <>
                <TextField id="k8s-issuer" label="Cluster issuer URL" value={scenario.kubernetes.issuer.clone()} on_input={app.edit(|s, v| s.kubernetes.issuer = v)} findings={f("issuer")} readonly={ro}
                    hint="AKS: az aks show -n CLUSTER -g RG --query oidcIssuerProfile.issuerUrl -o tsv — keep its trailing slash. EKS: aws eks describe-cluster --query cluster.identity.oidc.issuer." placeholder="https://eastus.oic.prod-aks.azure.com/<tenant>/<cluster>/" />
                <TextField id="k8s-namespace" label="Namespace" value={scenario.kubernetes.namespace.clone()} on_input={app.edit(|s, v| s.kubernetes.namespace = v)} findings={f("namespace")} readonly={ro} hint="Lower case, as kubectl shows it." />
                <TextField id="k8s-service-account" label="Service account" value={scenario.kubernetes.service_account.clone()} on_input={app.edit(|s, v| s.kubernetes.service_account = v)} findings={f("service_account")} readonly={ro} hint="The pod's serviceAccountName." />
            </>
        },
        PlatformKind::GitLab => html! {
            <>
                <TextField id="gitlab-project-path" label="Project path" value={scenario.gitlab.project_path.clone()} on_input={app.edit(|s, v| s.gitlab.project_path = v)} findings={f("project_path")} readonly={ro} hint="group/project (with subgroups: group/sub/project), as in the project's URL." />
                <TextField id="gitlab-project-id" label="Project ID (only for a project_id subject)" value={scenario.gitlab.project_id.clone()} on_input={app.edit(|s, v| s.gitlab.project_id = v)} findings={f("project_id")} readonly={ro} />
                <SelectField id="gitlab-ref-type" label="Ref type" value={if scenario.gitlab.ref_type == RefType::Tag { "tag" } else { "branch" }} options={vec![opt("branch", "Branch"), opt("tag", "Tag")]} on_change={app.edit(|s, v: String| s.gitlab.ref_type = if v == "tag" { RefType::Tag } else { RefType::Branch })} readonly={ro} />
                <TextField id="gitlab-ref" label="Branch or tag" value={scenario.gitlab.git_ref.clone()} on_input={app.edit(|s, v| s.gitlab.git_ref = v)} findings={f("ref")} readonly={ro} hint="Without refs/heads/. '*' or '?' make it a pattern (a flexible credential)." />
                <TextField id="gitlab-issuer" label="Instance URL" value={scenario.gitlab.issuer.clone()} on_input={app.edit(|s, v| s.gitlab.issuer = v)} findings={f("issuer")} readonly={ro} placeholder="https://gitlab.com" hint="Leave empty for gitlab.com." />
            </>
        },
        PlatformKind::Terraform => html! {
            <>
                <TextField id="tfc-organization" label="Organization" value={scenario.terraform.organization.clone()} on_input={app.edit(|s, v| s.terraform.organization = v)} findings={f("organization")} readonly={ro} />
                <TextField id="tfc-project" label="Project" value={scenario.terraform.project.clone()} on_input={app.edit(|s, v| s.terraform.project = v)} findings={f("project")} readonly={ro} placeholder="Default Project" hint="Leave empty for workspaces outside a project (Default Project)." />
                <TextField id="tfc-workspace" label="Workspace" value={scenario.terraform.workspace.clone()} on_input={app.edit(|s, v| s.terraform.workspace = v)} findings={f("workspace")} readonly={ro} />
                <SelectField id="tfc-run-phase" label="Run phase" value={match scenario.terraform.run_phase { RunPhase::Plan => "plan", RunPhase::Apply => "apply", RunPhase::Both => "both", RunPhase::Any => "any" }}
                    options={vec![opt("both", "Plan and apply (two credentials)"), opt("plan", "Plan only"), opt("apply", "Apply only"), opt("any", "Any phase (one flexible credential)")]}
                    on_change={app.edit(|s, v: String| s.terraform.run_phase = match v.as_str() { "plan" => RunPhase::Plan, "apply" => RunPhase::Apply, "any" => RunPhase::Any, _ => RunPhase::Both })} readonly={ro}
                    hint="Plan and apply runs present different subjects." />
                <TextField id="tfc-issuer" label="Issuer" value={scenario.terraform.issuer.clone()} on_input={app.edit(|s, v| s.terraform.issuer = v)} findings={f("issuer")} readonly={ro} placeholder="https://app.terraform.io" hint="Leave empty for HCP Terraform; https://app.eu.terraform.io in Europe." />
            </>
        },
        PlatformKind::ManagedIdentity => html! {
            <>
                <TextField id="mi-tenant" label="Tenant ID" value={scenario.managed_identity.tenant_id.clone()} on_input={app.edit(|s, v| s.managed_identity.tenant_id = v)} findings={f("tenant_id")} readonly={ro} />
                <TextField id="mi-principal" label="Managed identity object (principal) ID" value={scenario.managed_identity.principal_id.clone()} on_input={app.edit(|s, v| s.managed_identity.principal_id = v)} findings={f("principal_id")} readonly={ro}
                    hint="az identity show -n NAME -g RG --query principalId -o tsv — the object ID, not the client ID." />
            </>
        },
        PlatformKind::Other => html! {
            <>
                <TextField id="other-issuer" label="Issuer" value={scenario.other.issuer.clone()} on_input={app.edit(|s, v| s.other.issuer = v)} findings={f("issuer")} readonly={ro} hint="The token's iss, exactly." />
                <TextField id="other-subject" label="Subject" value={scenario.other.subject.clone()} on_input={app.edit(|s, v| s.other.subject = v)} findings={f("subject")} readonly={ro} hint="The token's sub, exactly." />
                <TextField id="other-expression" label="Or a flexible expression" value={scenario.other.expression.clone()} on_input={app.edit(|s, v| s.other.expression = v)} findings={f("expression")} readonly={ro}
                    placeholder="claims['sub'] matches 'repo:contoso/app:ref:refs/heads/*'" />
            </>
        },
    };

    let cloud = if scenario.common.audience.is_empty() {
        scenario.common.cloud.key()
    } else {
        "custom"
    };
    let common = html! {
        <fieldset class="group">
            <legend>{ "Credential" }</legend>
            <TextField id="common-name" label="Name" value={scenario.common.name.clone()} on_input={app.edit(|s, v| s.common.name = v)} findings={f("name")} readonly={ro}
                placeholder={built.credentials.first().map(|c| AttrValue::from(c.name.clone()))} hint="Leave empty for the suggested name. Letters, digits, '-' and '_'; it cannot be changed later." />
            <SelectField id="common-cloud" label="Audience" value={cloud} readonly={ro}
                options={vec![opt("public", "Azure public cloud (api://AzureADTokenExchange)"), opt("usgov", "Azure US Government"), opt("china", "Azure China"), opt("custom", "Custom audience")]}
                on_change={app.edit(|s, v: String| match v.parse::<Cloud>() {
                    Ok(cloud) => { s.common.cloud = cloud; s.common.audience.clear(); }
                    Err(_) => if s.common.audience.is_empty() { s.common.audience = "api://".into(); },
                })} />
            if cloud == "custom" {
                <TextField id="common-audience" label="Custom audience" value={scenario.common.audience.clone()} on_input={app.edit(|s, v| s.common.audience = v)} findings={f("audience")} readonly={ro} hint="Must equal the token's aud exactly." />
            }
            <TextField id="common-description" label="Description (optional)" value={scenario.common.description.clone()} on_input={app.edit(|s, v| s.common.description = v)} findings={f("description")} readonly={ro} />
        </fieldset>
    };

    html! {
        <div class="builder">
            <div class="form">
                <SelectField id="platform" label="Platform" value={key(scenario.platform)} options={platform_options} on_change={on_platform} readonly={ro} />
                <fieldset class="group">
                    <legend>{ scenario.platform.label() }</legend>
                    { form }
                </fieldset>
                { common }
                { target_fields(&app, scenario, &f, ro) }
            </div>
            <div class="result">
                { result(&app, scenario, &built.credentials, &built.findings, ro) }
            </div>
        </div>
    }
}

/// The key of a platform in the picker and in shared links.
pub fn key(kind: PlatformKind) -> &'static str {
    match kind {
        PlatformKind::GitHub => "github",
        PlatformKind::AzureDevops => "azure-devops",
        PlatformKind::Kubernetes => "kubernetes",
        PlatformKind::GitLab => "gitlab",
        PlatformKind::Terraform => "terraform",
        PlatformKind::ManagedIdentity => "managed-identity",
        PlatformKind::Other => "other",
    }
}

fn entity_parts(entity: &Entity) -> (&'static str, String) {
    match entity {
        Entity::Environment(v) => ("environment", v.clone()),
        Entity::Branch(v) => ("branch", v.clone()),
        Entity::Tag(v) => ("tag", v.clone()),
        Entity::PullRequest => ("pull-request", String::new()),
        Entity::BranchPattern(v) => ("branch-pattern", v.clone()),
        Entity::TagPattern(v) => ("tag-pattern", v.clone()),
    }
}

fn entity_from(kind: &str, value: String) -> Entity {
    match kind {
        "environment" => Entity::Environment(value),
        "tag" => Entity::Tag(value),
        "pull-request" => Entity::PullRequest,
        "branch-pattern" => Entity::BranchPattern(value),
        "tag-pattern" => Entity::TagPattern(value),
        _ => Entity::Branch(value),
    }
}

fn github_fields(
    app: &AppHandle,
    scenario: &Scenario,
    f: &dyn Fn(&str) -> Vec<Finding>,
    ro: bool,
) -> Html {
    let g = &scenario.github;
    let (kind, value) = entity_parts(&g.entity);
    let value_label = match kind {
        "environment" => "Environment",
        "tag" => "Tag",
        "branch-pattern" => "Branch pattern",
        "tag-pattern" => "Tag pattern",
        _ => "Branch",
    };
    let value_hint = match kind {
        "environment" => {
            "The job's environment: name, exactly as in Settings → Environments. When a job names an environment, GitHub sends the environment subject whatever the branch: the environment wins."
        }
        "branch" => {
            "The branch the workflow runs on, without refs/heads/. Runs from other branches or tags will not match."
        }
        "tag" => "The tag, without refs/tags/.",
        _ => {
            "'*' matches any run of characters, '?' one character. Patterns need a flexible credential (preview)."
        }
    };
    let field_key = match kind {
        "environment" => "environment",
        "tag" => "tag",
        "branch-pattern" => "branch_pattern",
        "tag-pattern" => "tag_pattern",
        _ => "branch",
    };
    let on_kind = app.edit(|s: &mut Scenario, v: String| {
        let (_, current) = entity_parts(&s.github.entity);
        s.github.entity = entity_from(&v, current);
    });
    let on_value = {
        let kind = kind.to_owned();
        app.edit(move |s: &mut Scenario, v: String| s.github.entity = entity_from(&kind, v))
    };
    let mut value_findings = f(field_key);
    value_findings.extend(f("entity"));
    html! {
        <>
            <TextField id="github-repo" label="Repository" value={g.repo.clone()} on_input={app.edit(|s, v| s.github.repo = v)} findings={f("repo")} readonly={ro}
                placeholder="OWNER/REPO" hint="As in github.com/OWNER/REPO. Entra compares case-sensitively: type it as GitHub shows it." />
            <SelectField id="github-entity" label="The job runs for" value={kind} readonly={ro}
                options={vec![opt("environment", "An environment"), opt("branch", "A branch"), opt("tag", "A tag"), opt("pull-request", "Pull requests"), opt("branch-pattern", "Branches matching a pattern"), opt("tag-pattern", "Tags matching a pattern")]}
                on_change={on_kind} />
            if kind != "pull-request" {
                <TextField id="github-entity-value" label={value_label} value={value} on_input={on_value} findings={value_findings} readonly={ro} hint={value_hint} />
            }
            <details class="advanced">
                <summary>{ "Enterprise, immutable and customised subjects" }</summary>
                <TextField id="github-owner-id" label="Owner ID" value={g.owner_id.clone()} on_input={app.edit(|s, v| s.github.owner_id = v)} findings={f("owner_id")} readonly={ro} hint="For immutable subjects (repo:OWNER@ID/REPO@ID): repository_owner_id in a token." />
                <TextField id="github-repo-id" label="Repository ID" value={g.repo_id.clone()} on_input={app.edit(|s, v| s.github.repo_id = v)} findings={f("repo_id")} readonly={ro} />
                <TextField id="github-enterprise" label="Enterprise slug (unique issuer)" value={g.enterprise.clone()} on_input={app.edit(|s, v| s.github.enterprise = v)} findings={f("enterprise")} readonly={ro} />
                <TextField id="github-ghe-subdomain" label="GHE.com subdomain" value={g.ghe_subdomain.clone()} on_input={app.edit(|s, v| s.github.ghe_subdomain = v)} findings={f("ghe_subdomain")} readonly={ro} />
                <TextField id="github-ghes-host" label="GitHub Enterprise Server host" value={g.ghes_host.clone()} on_input={app.edit(|s, v| s.github.ghes_host = v)} findings={f("ghes_host")} readonly={ro} />
                <TextField id="github-claim-keys" label="Customised subject: claim keys, comma-separated" value={g.claim_keys.join(",")} readonly={ro}
                    on_input={app.edit(|s, v: String| s.github.claim_keys = v.split(',').map(|k| k.trim().to_owned()).filter(|k| !k.is_empty()).collect())} findings={f("claim_keys")}
                    hint="The include_claim_keys of the repository's OIDC template, in order; leave empty for the default subject." />
                <TextField id="github-claims" label="Values for those keys (KEY=VALUE per line)" multiline=true value={g.claims.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join("\n")} readonly={ro}
                    on_input={app.edit(|s, v: String| s.github.claims = v.lines().filter_map(|l| l.split_once('=')).map(|(k, v)| (k.trim().to_owned(), v.to_owned())).collect())} findings={f("claims")} />
                <TextField id="github-job-workflow-ref" label="With a pattern: job_workflow_ref must match" value={g.job_workflow_ref.clone()} on_input={app.edit(|s, v| s.github.job_workflow_ref = v)} findings={f("job_workflow_ref")} readonly={ro}
                    placeholder="contoso/shared/.github/workflows/deploy.yml@refs/heads/main" />
            </details>
        </>
    }
}

fn ado_fields(
    app: &AppHandle,
    scenario: &Scenario,
    f: &dyn Fn(&str) -> Vec<Finding>,
    ro: bool,
) -> Html {
    let a = &scenario.azure_devops;
    let entra = a.generation == Generation::Entra;
    html! {
        <>
            <SelectField id="ado-generation" label="Issuer" value={if entra { "entra" } else { "legacy" }} readonly={ro}
                options={vec![opt("entra", "Entra issuer (new connections)"), opt("legacy", "Azure DevOps issuer (legacy, retires 2027-07-01)")]}
                on_change={app.edit(|s, v: String| s.azure_devops.generation = if v == "legacy" { Generation::Legacy } else { Generation::Entra })}
                hint="The service connection's Issuer field tells: login.microsoftonline.com is the Entra issuer, vstoken.dev.azure.com the legacy one." />
            if entra {
                <TextField id="ado-tenant" label="Tenant ID" value={a.tenant_id.clone()} on_input={app.edit(|s, v| s.azure_devops.tenant_id = v)} findings={f("tenant_id")} readonly={ro} />
            }
            <TextField id="ado-organization-id" label="Organization ID" value={a.organization_id.clone()} on_input={app.edit(|s, v| s.azure_devops.organization_id = v)} findings={f("organization_id")} readonly={ro}
                hint="A GUID, not the organization's name: it appears in the service connection's Issuer or Subject identifier." />
            if entra {
                <TextField id="ado-connection-id" label="Service connection ID" value={a.connection_id.clone()} on_input={app.edit(|s, v| s.azure_devops.connection_id = v)} findings={f("connection_id")} readonly={ro}
                    hint="In the connection page's URL (resourceId=…)." />
            } else {
                <>
                    <TextField id="ado-organization" label="Organization name" value={a.organization.clone()} on_input={app.edit(|s, v| s.azure_devops.organization = v)} findings={f("organization")} readonly={ro} hint="As in dev.azure.com/ORGANIZATION." />
                    <TextField id="ado-project" label="Project name" value={a.project.clone()} on_input={app.edit(|s, v| s.azure_devops.project = v)} findings={f("project")} readonly={ro} />
                </>
            }
            <TextField id="ado-connection" label={if entra { "Service connection name (for the pipeline snippet)" } else { "Service connection name" }} value={a.connection.clone()} on_input={app.edit(|s, v| s.azure_devops.connection = v)} findings={f("connection")} readonly={ro} />
        </>
    }
}

fn target_fields(
    app: &AppHandle,
    scenario: &Scenario,
    f: &dyn Fn(&str) -> Vec<Finding>,
    ro: bool,
) -> Html {
    let (kind, fields) = match &scenario.target {
        Target::ManagedIdentity {
            name,
            resource_group,
            subscription,
            location,
        } => (
            "managed-identity",
            html! {
                <>
                    <TextField id="target-identity-name" label="Managed identity name" value={name.clone()} findings={f("identity_name")} readonly={ro}
                        on_input={app.edit(|s, v: String| if let Target::ManagedIdentity { name, .. } = &mut s.target { *name = v })} hint="Leave empty to fill in later: the snippets then stop until you do." />
                    <TextField id="target-resource-group" label="Resource group" value={resource_group.clone()} findings={f("resource_group")} readonly={ro}
                        on_input={app.edit(|s, v: String| if let Target::ManagedIdentity { resource_group, .. } = &mut s.target { *resource_group = v })} />
                    <TextField id="target-subscription" label="Subscription ID (optional)" value={subscription.clone()} findings={f("subscription")} readonly={ro}
                        on_input={app.edit(|s, v: String| if let Target::ManagedIdentity { subscription, .. } = &mut s.target { *subscription = v })} />
                    <TextField id="target-location" label="Region (optional)" value={location.clone()} findings={f("location")} readonly={ro} placeholder="westeurope"
                        on_input={app.edit(|s, v: String| if let Target::ManagedIdentity { location, .. } = &mut s.target { *location = v })} hint="Some regions cannot hold federated credentials on user-assigned identities." />
                </>
            },
        ),
        Target::AppRegistration {
            client_id,
            object_id,
        } => (
            "app-registration",
            html! {
                <>
                    <TextField id="target-app-id" label="Application (client) ID" value={client_id.clone()} findings={f("app_id")} readonly={ro}
                        on_input={app.edit(|s, v: String| if let Target::AppRegistration { client_id, .. } = &mut s.target { *client_id = v })} />
                    <TextField id="target-app-object-id" label="Application object ID (optional)" value={object_id.clone()} findings={f("app_object_id")} readonly={ro}
                        on_input={app.edit(|s, v: String| if let Target::AppRegistration { object_id, .. } = &mut s.target { *object_id = v })} hint="Graph and Microsoft Graph PowerShell address the app by object ID; without it the snippets look it up." />
                </>
            },
        ),
    };
    html! {
        <fieldset class="group">
            <legend>{ "Identity that holds the credential" }</legend>
            <SelectField id="target-kind" label="Kind" value={kind} readonly={ro}
                options={vec![opt("managed-identity", "User-assigned managed identity"), opt("app-registration", "App registration")]}
                on_change={app.edit(|s, v: String| {
                    let wants_app = v == "app-registration";
                    if wants_app != matches!(s.target, Target::AppRegistration { .. }) {
                        s.target = if wants_app { Target::AppRegistration { client_id: String::new(), object_id: String::new() } } else { Target::default() };
                    }
                })} />
            { fields }
        </fieldset>
    }
}

fn row(label: &str, value: &str, id: String) -> Html {
    html! {
        <div class="value-row">
            <dt>{ label.to_owned() }</dt>
            <dd>
                <code id={id}>{ value.to_owned() }</code>
                <CopyButton text={value.to_owned()} label={format!("Copy the {}", label.to_lowercase())} />
            </dd>
        </div>
    }
}

fn result(
    app: &AppHandle,
    scenario: &Scenario,
    credentials: &[Credential],
    findings: &[Finding],
    ro: bool,
) -> Html {
    let count = scenario.set.len() + 1;
    let general: Vec<Finding> = findings
        .iter()
        .filter(|f| f.field.is_none() || f.field == Some("credentials"))
        .cloned()
        .collect();
    let errors = findings
        .iter()
        .filter(|f| f.severity == Severity::Error)
        .count();
    let on_add = app.edit(|s: &mut Scenario, _: MouseEvent| {
        let current = s.current();
        s.set.push(current);
    });
    let share_url = crate::route::url_with_fragment(&crate::route::share_fragment(scenario));
    html! {
        <>
            <section class="credentials" aria-labelledby="result-heading" aria-live="polite">
                <h3 id="result-heading">
                    { if credentials.len() > 1 { "Credentials" } else { "Credential" } }
                    <span class={classes!("count", (count > MAX_CREDENTIALS_PER_IDENTITY).then_some("over"))}>{ format!("{count} of {MAX_CREDENTIALS_PER_IDENTITY} on this identity") }</span>
                </h3>
                if credentials.is_empty() {
                    <p class="blocked">{ format!("{} to fix before the credential can be built; each is shown beside its field.", if errors == 1 { "One thing".to_owned() } else { format!("{errors} things") }) }</p>
                }
                <Messages id="general-messages" findings={general} />
                { for credentials.iter().enumerate().map(|(i, c)| html! {
                    <dl class="credential" data-index={i.to_string()}>
                        { row("Name", &c.name, format!("result-name-{i}")) }
                        { row("Issuer", &c.issuer, format!("result-issuer-{i}")) }
                        { match c.subject() {
                            Some(subject) => row("Subject", subject, format!("result-subject-{i}")),
                            None => row("Expression", c.expression().unwrap_or_default(), format!("result-expression-{i}")),
                        } }
                        { row("Audience", c.audience(), format!("result-audience-{i}")) }
                    </dl>
                }) }
                if !scenario.set.is_empty() {
                    <ul class="set">
                        { for scenario.set.iter().enumerate().map(|(i, p)| {
                            let on_remove = app.edit(move |s: &mut Scenario, _: MouseEvent| { if i < s.set.len() { s.set.remove(i); } });
                            html! {
                                <li>
                                    <span>{ format!("{}: {}", p.label(), p.workload_key().split_once(':').map(|(_, w)| w.to_owned()).unwrap_or_default()) }</span>
                                    if !ro {
                                        <button type="button" class="link" onclick={on_remove} aria-label={format!("Remove credential {} from the set", i + 1)}>{ "Remove" }</button>
                                    }
                                </li>
                            }
                        }) }
                    </ul>
                }
                <div class="actions">
                    if !ro {
                        <button type="button" onclick={on_add} disabled={credentials.is_empty() || count >= MAX_CREDENTIALS_PER_IDENTITY}
                            title="Keep this credential and start another on the same identity (one per environment, say)">
                            { "Add another credential" }
                        </button>
                    }
                    <span class="share" id="share">
                        { "Share this builder: " }
                        <CopyButton text={share_url} label="Copy a link that opens this builder filled in (no token is ever in it)" />
                    </span>
                </div>
            </section>
            if !credentials.is_empty() {
                <Snippets platform={scenario.current()} credentials={credentials.to_vec()} target={scenario.target.clone()} />
            }
        </>
    }
}
