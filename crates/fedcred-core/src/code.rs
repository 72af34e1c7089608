//! Every finding code, in one place: the stable `snake_case` names that scripts, the CLI's JSON
//! and the README rely on, as one enum the code matches on.

use std::fmt;

use serde::{Serialize, Serializer};

/// Declares [`Code`] with each variant's stable name.
macro_rules! codes {
    ($($variant:ident => $name:literal,)+) => {
        /// A finding's stable code. It serialises, prints and compares (with a `&str`) as its
        /// `snake_case` name, which never changes once published.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[allow(missing_docs)] // each variant is documented by the message that carries it
        pub enum Code {
            $($variant,)+
        }

        impl Code {
            /// Every code, in alphabetical order of its name.
            pub const ALL: &[Code] = &[$(Code::$variant,)+];

            /// The stable name (`subject_environment_vs_ref`, …).
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $name,)+
                }
            }
        }
    };
}

codes! {
    AadstsError => "aadsts_error",
    AdoIssuerGeneration => "ado_issuer_generation",
    AdoLegacyIssuer => "ado_legacy_issuer",
    AdoNamesInSubject => "ado_names_in_subject",
    AdoSubjectComputed => "ado_subject_computed",
    AdoSubjectIdentifierDiffers => "ado_subject_identifier_differs",
    AdoSubjectIdentifierUnreadable => "ado_subject_identifier_unreadable",
    AksIssuerNoTrailingSlash => "aks_issuer_no_trailing_slash",
    AksIssuerShape => "aks_issuer_shape",
    AudienceArray => "audience_array",
    AudienceCase => "audience_case",
    AudienceCount => "audience_count",
    AudienceMismatch => "audience_mismatch",
    AudienceRequired => "audience_required",
    BranchRequired => "branch_required",
    CaseSensitive => "case_sensitive",
    CharacterNotAllowed => "character_not_allowed",
    ClaimKeyInvalid => "claim_key_invalid",
    ClaimValueMissing => "claim_value_missing",
    ClientIdAnnotationOnWrongObject => "client_id_annotation_on_wrong_object",
    ClientIdAnnotationTypo => "client_id_annotation_typo",
    ClientIdEnvOverride => "client_id_env_override",
    ClientIdMissing => "client_id_missing",
    ClientIdNotGuid => "client_id_not_guid",
    ColonEscaped => "colon_escaped",
    ControlCharacter => "control_character",
    CustomAudience => "custom_audience",
    CustomizationUnreadable => "customization_unreadable",
    DefaultProject => "default_project",
    DefaultServiceAccount => "default_service_account",
    DeprecatedServiceAccountField => "deprecated_service_account_field",
    DnsNameCase => "dns_name_case",
    DnsNameInvalid => "dns_name_invalid",
    DuplicateCredential => "duplicate_credential",
    DuplicateIssuerSubject => "duplicate_issuer_subject",
    DuplicateName => "duplicate_name",
    EksIssuerShape => "eks_issuer_shape",
    EncryptedToken => "encrypted_token",
    EnterpriseInvalid => "enterprise_invalid",
    EntraIssuedToken => "entra_issued_token",
    EntraIssuerCloudUnknown => "entra_issuer_cloud_unknown",
    EnvironmentRequired => "environment_required",
    ExpressionClaimUnsupported => "expression_claim_unsupported",
    ExpressionIdRequired => "expression_id_required",
    ExpressionInvalid => "expression_invalid",
    ExpressionIssuerInferred => "expression_issuer_inferred",
    ExpressionIssuerUndocumented => "expression_issuer_undocumented",
    ExpressionMissingIdClaim => "expression_missing_id_claim",
    ExpressionNoMatch => "expression_no_match",
    ExpressionOperatorUnsupported => "expression_operator_unsupported",
    ExpressionStartswithUndocumented => "expression_startswith_undocumented",
    ExpressionTooBroad => "expression_too_broad",
    ExpressionWithCustomSubject => "expression_with_custom_subject",
    FicInvalid => "fic_invalid",
    FlexiblePreview => "flexible_preview",
    GheSubdomainInvalid => "ghe_subdomain_invalid",
    GhesHostInvalid => "ghes_host_invalid",
    GhesReachable => "ghes_reachable",
    GithubInstanceConflict => "github_instance_conflict",
    GithubIssuerTrailingSlash => "github_issuer_trailing_slash",
    GitlabProjectIdSubject => "gitlab_project_id_subject",
    GkeIssuerUnconfirmed => "gke_issuer_unconfirmed",
    GuidInvalid => "guid_invalid",
    GuidRequired => "guid_required",
    IacArgumentInvalid => "iac_argument_invalid",
    IacParentMismatch => "iac_parent_mismatch",
    IacUnreadable => "iac_unreadable",
    IdNotNumeric => "id_not_numeric",
    IdentityNameInvalid => "identity_name_invalid",
    IdentityShared => "identity_shared",
    ImmutableIdsIncomplete => "immutable_ids_incomplete",
    ImmutableNotOnGhes => "immutable_not_on_ghes",
    IssuerCase => "issuer_case",
    IssuerDoubleSlash => "issuer_double_slash",
    IssuerMismatch => "issuer_mismatch",
    IssuerMustBePublic => "issuer_must_be_public",
    IssuerNoHost => "issuer_no_host",
    IssuerNotHttps => "issuer_not_https",
    IssuerNotPublic => "issuer_not_public",
    IssuerQuotesRemoved => "issuer_quotes_removed",
    IssuerRepoint => "issuer_repoint",
    IssuerRequired => "issuer_required",
    IssuerTrailingSlash => "issuer_trailing_slash",
    IssuerWhitespace => "issuer_whitespace",
    JobWorkflowRefIgnored => "job_workflow_ref_ignored",
    JobWorkflowRefWithoutRef => "job_workflow_ref_without_ref",
    LegacyAdoIssuer => "legacy_ado_issuer",
    MalformedToken => "malformed_token",
    Match => "match",
    MissingClaim => "missing_claim",
    NameInvalid => "name_invalid",
    NameLength => "name_length",
    NameRequired => "name_required",
    NoFics => "no_fics",
    NonAsciiCharacter => "non_ascii_character",
    PastedErrorDiffers => "pasted_error_differs",
    PatternRequired => "pattern_required",
    PatternWithoutWildcard => "pattern_without_wildcard",
    PlanDeletesCredential => "plan_deletes_credential",
    PlanReplacesCredential => "plan_replaces_credential",
    PrincipalNotClientId => "principal_not_client_id",
    ProjectConflict => "project_conflict",
    ProjectPathShape => "project_path_shape",
    PullRequestHyphen => "pull_request_hyphen",
    PullRequestTrust => "pull_request_trust",
    QuoteInExpression => "quote_in_expression",
    RefInvalid => "ref_invalid",
    RefPrefixRemoved => "ref_prefix_removed",
    RegionUnsupported => "region_unsupported",
    RepoFromUrl => "repo_from_url",
    RepoNameInvalid => "repo_name_invalid",
    RepoOwnerInvalid => "repo_owner_invalid",
    RepoRequired => "repo_required",
    RepoShape => "repo_shape",
    ResourceGroupInvalid => "resource_group_invalid",
    RunnerNoToken => "runner_no_token",
    ServiceAccountInOtherNamespace => "service_account_in_other_namespace",
    ServiceAccountNotInManifests => "service_account_not_in_manifests",
    ServiceAccountUnused => "service_account_unused",
    SetLimit => "set_limit",
    SubjectAndExpression => "subject_and_expression",
    SubjectBranchDiffers => "subject_branch_differs",
    SubjectCase => "subject_case",
    SubjectColonEscape => "subject_colon_escape",
    SubjectCustomized => "subject_customized",
    SubjectEnvironmentVsRef => "subject_environment_vs_ref",
    SubjectImmutableFormat => "subject_immutable_format",
    SubjectLookalike => "subject_lookalike",
    SubjectMismatch => "subject_mismatch",
    SubjectMutable => "subject_mutable",
    SubjectNameBased => "subject_name_based",
    SubjectPullRequestHyphen => "subject_pull_request_hyphen",
    SubjectPullRequestVsRef => "subject_pull_request_vs_ref",
    SubjectRequired => "subject_required",
    SubjectTagVsBranch => "subject_tag_vs_branch",
    SubjectWhitespace => "subject_whitespace",
    SurroundingWhitespace => "surrounding_whitespace",
    TagRequired => "tag_required",
    TenantIdEnvOverride => "tenant_id_env_override",
    TfcTwoCredentials => "tfc_two_credentials",
    TokenExpirationOutOfRange => "token_expiration_out_of_range",
    TokenExpired => "token_expired",
    TokenNotYetValid => "token_not_yet_valid",
    TooManyCredentials => "too_many_credentials",
    UnrelatedWorkloads => "unrelated_workloads",
    UnsignedToken => "unsigned_token",
    UnsupportedAlgorithm => "unsupported_algorithm",
    UseAnnotationInsteadOfLabel => "use_annotation_instead_of_label",
    UseLabelMissing => "use_label_missing",
    UseLabelOnControllerNotPodTemplate => "use_label_on_controller_not_pod_template",
    UseLabelOnServiceAccount => "use_label_on_service_account",
    UseLabelValueNotString => "use_label_value_not_string",
    UseLabelValueNotTrue => "use_label_value_not_true",
    ValueRequired => "value_required",
    ValueTooLong => "value_too_long",
    WidensBypassesEnvironment => "widens_bypasses_environment",
    WidensMutableSubject => "widens_mutable_subject",
    WidensPullRequest => "widens_pull_request",
    WildcardNotSupported => "wildcard_not_supported",
}

impl Code {
    /// Whether the finding only says a value is still missing (a form waits until the field was
    /// touched before saying it).
    pub const fn asks_for_a_value(self) -> bool {
        matches!(
            self,
            Code::RepoRequired
                | Code::ValueRequired
                | Code::GuidRequired
                | Code::IssuerRequired
                | Code::SubjectRequired
                | Code::EnvironmentRequired
                | Code::BranchRequired
                | Code::TagRequired
                | Code::PatternRequired
                | Code::AudienceRequired
        )
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

impl PartialEq<str> for Code {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

#[cfg(test)]
mod tests {
    use super::Code;

    #[test]
    fn names_are_unique_sorted_snake_case() {
        let names: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(
            names, sorted,
            "codes are listed once each, in alphabetical order"
        );
        for name in names {
            assert!(
                name.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{name}"
            );
        }
    }
}
