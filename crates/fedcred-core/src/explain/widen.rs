//! Whether a credential that accepts the token would trust more than one the identity already has
//! for the same workload: the provider's rule (`platforms::github::trust`) asked of each
//! credential with the token's issuer, the one a fix would change first.

use super::report::{Assertion, Widening};
use crate::claims::IssuerKind;
use crate::credential::Matcher;
use crate::expression::{Expression, Op, glob_match};
use crate::import::Imported;
use crate::platforms::github::trust;

/// How a credential for the assertion's subject would trust more than one of `credentials`,
/// `first` (the credential a fix would change) asked first; `None` when one of them already
/// accepts that kind of run (a pattern that admits the subject, the same ref or environment).
pub(super) fn widening(
    assertion: &Assertion,
    credentials: &[Imported],
    first: Option<&str>,
) -> Option<Widening> {
    let issuer = assertion.issuer.as_deref()?;
    let subject = assertion.subject.as_deref()?;
    // GitHub's subjects say whether a job passed an environment's rules. GitLab's and the
    // others' do not say whether a branch is protected, so nothing is ranked for them.
    if IssuerKind::of(issuer, subject) != IssuerKind::GitHub {
        return None;
    }
    let issuer = issuer.trim_end_matches('/');
    let read = trust::Gated::read(subject);
    let mut found: Option<Widening> = None;
    for imported in credentials {
        let c = &imported.credential;
        if !c.issuer.trim_end_matches('/').eq_ignore_ascii_case(issuer) {
            continue;
        }
        for (existing, op) in subjects(&c.matcher) {
            let gated = trust::Gated::read(&existing);
            let trusted = match op {
                Op::Matches => glob_match(&existing, subject),
                _ => matches!((&read, &gated), (Some(r), Some(g)) if trust::already_trusted(r, g)),
            };
            if trusted {
                return None;
            }
            // The first found, unless the credential a fix would change comes later.
            let replace = match &found {
                None => true,
                Some(f) => Some(c.name.as_str()) == first && Some(f.fic.as_str()) != first,
            };
            if replace
                && let (Some(read), Some(gated)) = (&read, &gated)
                && let Some(loss) = trust::weaker(subject, read, gated, &c.name)
            {
                found = Some(Widening {
                    code: loss.code,
                    fic: c.name.clone(),
                    message: loss.message,
                    workload_fix: loss.workload_fix,
                    workload_yaml: loss.workload_yaml,
                });
            }
        }
    }
    found
}

/// The subjects a credential accepts: its own, or each value its expression compares `sub` with
/// (`eq`, or `matches` with wildcards), with the operator.
fn subjects(matcher: &Matcher) -> Vec<(String, Op)> {
    match matcher {
        Matcher::Subject(subject) => vec![(subject.clone(), Op::Eq)],
        Matcher::Expression(text) => text
            .parse::<Expression>()
            .map(|e| {
                e.terms
                    .into_iter()
                    .filter(|t| t.claim == "sub" && t.op != Op::StartsWith)
                    .map(|t| (t.value, t.op))
                    .collect()
            })
            .unwrap_or_default(),
    }
}
