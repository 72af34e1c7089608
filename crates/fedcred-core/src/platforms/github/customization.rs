//! What GitHub says a repository's subjects look like, read from what `gh` prints:
//! `gh api repos/OWNER/REPO/actions/oidc/customization/sub` (`use_default`,
//! `use_immutable_subject`, `sub_claim_prefix`, `include_claim_keys`), `gh api repos/OWNER/REPO`
//! (`id`, `owner.id`, `full_name`), or its `--jq '.id, .owner.id'` (two numbers, repository
//! first). Field guide §9: the API is the authority; `sub_claim_prefix` wins over
//! `use_immutable_subject`, which is reported to disagree with it (public repositories' READMEs,
//! 2026).

use super::SubjectForm;
use crate::json::{self, Value};

/// What a paste says about the repository's subjects; `None` where it says nothing.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Customization {
    /// The subject form the repository sends.
    pub form: Option<SubjectForm>,
    /// `OWNER/REPO`.
    pub repo: Option<String>,
    /// The owner's numeric ID.
    pub owner_id: Option<String>,
    /// The repository's numeric ID.
    pub repo_id: Option<String>,
    /// The customised template's keys; `Some(empty)` when the repository uses the default.
    pub claim_keys: Option<Vec<String>>,
}

/// Reads a paste, or says what it expected.
pub fn read(text: &str) -> Result<Customization, String> {
    let text = text.trim();
    if let Some(ids) = two_numbers(text) {
        return Ok(ids);
    }
    let value = json::parse(text).map_err(|e| {
        format!("this is not what gh prints: paste the JSON of gh api repos/OWNER/REPO/actions/oidc/customization/sub or gh api repos/OWNER/REPO ({e})")
    })?;
    let mut out = Customization::default();
    let number = |v: Option<&Value>| {
        v.and_then(|v| {
            v.as_u64()
                .map(|n| n.to_string())
                .or_else(|| v.as_str().map(str::to_owned))
        })
    };
    if let Some(prefix) = value.get("sub_claim_prefix").and_then(Value::as_str) {
        read_prefix(prefix, &mut out)?;
    } else if let Some(immutable) = value.get("use_immutable_subject").and_then(Value::as_bool) {
        out.form = Some(if immutable {
            SubjectForm::Immutable
        } else {
            SubjectForm::NameBased
        });
    }
    match value.get("use_default").and_then(Value::as_bool) {
        Some(true) => out.claim_keys = Some(Vec::new()),
        Some(false) => {
            let keys = value.get("include_claim_keys").and_then(Value::as_array);
            out.claim_keys = keys.map(|k| {
                k.iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            });
        }
        None => {}
    }
    if out.repo_id.is_none() {
        out.repo_id = number(value.get("id"));
    }
    if out.owner_id.is_none() {
        out.owner_id = number(value.get("owner").and_then(|o| o.get("id")));
    }
    if out.repo.is_none() {
        out.repo = value
            .get("full_name")
            .and_then(Value::as_str)
            .map(str::to_owned);
    }
    if out == Customization::default() {
        return Err("this JSON has none of sub_claim_prefix, use_immutable_subject, include_claim_keys, id or owner.id: paste what gh api repos/OWNER/REPO/actions/oidc/customization/sub prints".to_owned());
    }
    Ok(out)
}

/// `repo:OWNER@ID/REPO@ID` (immutable) or `repo:OWNER/REPO` (name-based).
fn read_prefix(prefix: &str, out: &mut Customization) -> Result<(), String> {
    let rest = prefix
        .strip_prefix("repo:")
        .ok_or_else(|| format!("sub_claim_prefix '{prefix}' does not start with repo:"))?;
    let (owner, repo) = rest
        .split_once('/')
        .ok_or_else(|| format!("sub_claim_prefix '{prefix}' has no OWNER/REPO"))?;
    match (owner.split_once('@'), repo.split_once('@')) {
        (Some((owner, owner_id)), Some((repo, repo_id))) => {
            out.form = Some(SubjectForm::Immutable);
            out.repo = Some(format!("{owner}/{repo}"));
            out.owner_id = Some(owner_id.to_owned());
            out.repo_id = Some(repo_id.to_owned());
        }
        (None, None) => {
            out.form = Some(SubjectForm::NameBased);
            out.repo = Some(format!("{owner}/{repo}"));
        }
        _ => {
            return Err(format!(
                "sub_claim_prefix '{prefix}' has an ID on one side only"
            ));
        }
    }
    Ok(())
}

/// `--jq '.id, .owner.id'`: the repository's ID, then the owner's.
fn two_numbers(text: &str) -> Option<Customization> {
    let mut numbers = text.split_whitespace();
    let (repo_id, owner_id) = (numbers.next()?, numbers.next()?);
    let numeric = |n: &str| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit());
    (numbers.next().is_none() && numeric(repo_id) && numeric(owner_id)).then(|| Customization {
        repo_id: Some(repo_id.to_owned()),
        owner_id: Some(owner_id.to_owned()),
        ..Default::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_gh_prints_is_read() {
        let immutable = r#"{"use_default": false, "use_immutable_subject": false, "sub_claim_prefix": "repo:contoso@5544123/payments-api@821093847", "include_claim_keys": ["repo", "context"]}"#;
        let read_back = read(immutable).unwrap();
        // The prefix wins over the boolean that disagrees with it.
        assert_eq!(read_back.form, Some(SubjectForm::Immutable));
        assert_eq!(read_back.repo.as_deref(), Some("contoso/payments-api"));
        assert_eq!(read_back.owner_id.as_deref(), Some("5544123"));
        assert_eq!(read_back.repo_id.as_deref(), Some("821093847"));
        assert_eq!(
            read_back.claim_keys,
            Some(vec!["repo".to_owned(), "context".to_owned()])
        );

        let default = read(r#"{"use_default": true, "use_immutable_subject": false}"#).unwrap();
        assert_eq!(default.form, Some(SubjectForm::NameBased));
        assert_eq!(default.claim_keys, Some(Vec::new()));

        let repository = read(r#"{"id": 74, "full_name": "octo-org/octo-repo", "owner": {"login": "octo-org", "id": 65}}"#).unwrap();
        assert_eq!(
            (
                repository.repo_id.as_deref(),
                repository.owner_id.as_deref()
            ),
            (Some("74"), Some("65"))
        );
        assert_eq!(repository.form, None);

        let jq = read("74\n65\n").unwrap();
        assert_eq!(
            (jq.repo_id.as_deref(), jq.owner_id.as_deref()),
            (Some("74"), Some("65"))
        );

        assert!(read("hello").unwrap_err().contains("gh api"));
        assert!(read("{}").unwrap_err().contains("sub_claim_prefix"));
        assert!(
            read(r#"{"sub_claim_prefix": "repo:contoso@1/app"}"#)
                .unwrap_err()
                .contains("one side")
        );
    }
}
