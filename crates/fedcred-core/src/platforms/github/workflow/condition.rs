//! What a job's `if:` says about which runs reach it: the comparisons of `github.event_name` and
//! `github.ref` with literals, and `startsWith(github.ref, '…')`. Anything else in the condition
//! is decided at run time, so it narrows nothing: fedcred then lists every subject the triggers
//! allow, which may be more than the job presents, never fewer (GitHub docs, "Expressions", as
//! read 2026-11-29).

use super::expr::split_outside_quotes;
use crate::expression::syntax::glob_match;
use crate::platforms::github::Entity;

/// The runs a job's condition lets through.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Filter {
    /// Only these events, when every alternative names one.
    events: Option<Vec<String>>,
    /// Never these events.
    not_events: Vec<String>,
    /// Only refs equal to one of these, or starting with one ending in `/`, when every
    /// alternative names one.
    refs: Option<Vec<String>>,
}

/// Reads `if:` (with or without `${{ }}`).
pub(super) fn read(condition: Option<&str>) -> Filter {
    let Some(condition) = condition else {
        return Filter::default();
    };
    let condition = condition.trim();
    let condition = condition
        .strip_prefix("${{")
        .and_then(|c| c.strip_suffix("}}"))
        .unwrap_or(condition);
    let mut filter = Filter::default();
    let alternatives = split_outside_quotes(condition, "||");
    let mut events = Vec::new();
    let mut refs = Vec::new();
    let (mut every_event, mut every_ref) = (true, true);
    for alternative in &alternatives {
        let mut event_here = false;
        let mut ref_here = false;
        for clause in split_outside_quotes(alternative, "&&") {
            let mut clause = clause.trim();
            while let Some(inner) = clause.strip_prefix('(').and_then(|c| c.strip_suffix(')')) {
                clause = inner.trim();
            }
            if let Some(value) = compared(clause, "github.event_name", "==") {
                events.push(value);
                event_here = true;
            } else if let Some(value) = compared(clause, "github.event_name", "!=") {
                if alternatives.len() == 1 {
                    filter.not_events.push(value);
                }
            } else if let Some(value) = compared(clause, "github.ref", "==") {
                refs.push(value);
                ref_here = true;
            } else if let Some(prefix) = starts_with(clause) {
                refs.push(prefix);
                ref_here = true;
            }
        }
        every_event &= event_here;
        every_ref &= ref_here;
    }
    if every_event && !events.is_empty() {
        filter.events = Some(events);
    }
    if every_ref && !refs.is_empty() {
        filter.refs = Some(refs);
    }
    filter
}

/// `left op 'value'` (either side), the value.
fn compared(clause: &str, left: &str, op: &str) -> Option<String> {
    let (a, b) = clause.split_once(op)?;
    let (a, b) = (a.trim(), b.trim());
    let literal = |s: &str| s.strip_prefix('\'')?.strip_suffix('\'').map(str::to_owned);
    if a == left {
        literal(b)
    } else if b == left {
        literal(a)
    } else {
        None
    }
}

/// `startsWith(github.ref, 'refs/tags/')`, the prefix with a trailing `*`.
fn starts_with(clause: &str) -> Option<String> {
    let inner = clause.strip_prefix("startsWith(")?.strip_suffix(')')?;
    let (what, prefix) = inner.split_once(',')?;
    if what.trim() != "github.ref" {
        return None;
    }
    let prefix = prefix.trim().strip_prefix('\'')?.strip_suffix('\'')?;
    Some(format!("{prefix}*"))
}

impl Filter {
    /// Whether runs of `event` reach the job.
    pub(super) fn allows_event(&self, event: &str) -> bool {
        !self.not_events.iter().any(|e| e == event)
            && self
                .events
                .as_ref()
                .is_none_or(|events| events.iter().any(|e| e == event))
    }

    /// The entities of a trigger's ref side that reach the job: unchanged without a ref
    /// condition; otherwise the refs the condition names that the side can produce.
    pub(super) fn refs(&self, entity: &Entity) -> Vec<Entity> {
        let Some(refs) = &self.refs else {
            return vec![entity.clone()];
        };
        let mut out = Vec::new();
        for wanted in refs {
            let narrowed = match (
                entity,
                wanted.strip_prefix("refs/heads/"),
                wanted.strip_prefix("refs/tags/"),
            ) {
                (Entity::Branch(b), Some(w), _)
                    if w == b || w.strip_suffix('*').is_some_and(|p| b.starts_with(p)) =>
                {
                    Some(entity.clone())
                }
                (Entity::Tag(t), _, Some(w))
                    if w == t || w.strip_suffix('*').is_some_and(|p| t.starts_with(p)) =>
                {
                    Some(entity.clone())
                }
                (Entity::BranchPattern(p), Some(w), _) => narrow(p, w).map(|n| wrap(n, false)),
                (Entity::TagPattern(p), _, Some(w)) => narrow(p, w).map(|n| wrap(n, true)),
                _ => None,
            };
            if let Some(e) = narrowed
                && !out.contains(&e)
            {
                out.push(e);
            }
        }
        out
    }
}

/// A name or a name pattern from `wanted`, when the trigger's `pattern` can produce it.
fn narrow(pattern: &str, wanted: &str) -> Option<(String, bool)> {
    let literal = wanted.strip_suffix('*').unwrap_or(wanted);
    let prefix = pattern.split(['*', '?']).next().unwrap_or_default();
    if pattern == "*" || literal.starts_with(prefix) {
        let is_pattern = wanted.ends_with('*');
        if !is_pattern && !glob_match(pattern, literal) {
            return None;
        }
        return Some((wanted.to_owned(), is_pattern));
    }
    None
}

fn wrap((name, pattern): (String, bool), tag: bool) -> Entity {
    match (tag, pattern) {
        (false, false) => Entity::Branch(name),
        (false, true) => Entity::BranchPattern(name),
        (true, false) => Entity::Tag(name),
        (true, true) => Entity::TagPattern(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_that_narrow_and_those_that_do_not() {
        let cases = [
            ("no_condition", None, "pull_request", true),
            (
                "only_push",
                Some("github.event_name == 'push'"),
                "pull_request",
                false,
            ),
            (
                "push_or_dispatch",
                Some(
                    "${{ github.event_name == 'push' || github.event_name == 'workflow_dispatch' }}",
                ),
                "workflow_dispatch",
                true,
            ),
            (
                "not_pull_request",
                Some("github.event_name != 'pull_request'"),
                "pull_request",
                false,
            ),
            (
                "not_pull_request_lets_push",
                Some("github.event_name != 'pull_request'"),
                "push",
                true,
            ),
            (
                "an_alternative_without_the_event_narrows_nothing",
                Some("github.event_name == 'push' || inputs.force"),
                "schedule",
                true,
            ),
        ];
        for (name, condition, event, allowed) in cases {
            assert_eq!(read(condition).allows_event(event), allowed, "{name}");
        }
    }

    #[test]
    fn ref_conditions_keep_the_refs_they_name() {
        let main = read(Some("github.ref == 'refs/heads/main'"));
        assert_eq!(
            main.refs(&Entity::BranchPattern("*".into())),
            [Entity::Branch("main".into())]
        );
        assert_eq!(main.refs(&Entity::PullRequest), []);
        let tags = read(Some("startsWith(github.ref, 'refs/tags/v')"));
        assert_eq!(
            tags.refs(&Entity::TagPattern("*".into())),
            [Entity::TagPattern("v*".into())]
        );
        assert_eq!(tags.refs(&Entity::Branch("main".into())), []);
        assert_eq!(
            main.refs(&Entity::BranchPattern("ma?n".into())),
            [Entity::Branch("main".into())]
        );
    }
}
