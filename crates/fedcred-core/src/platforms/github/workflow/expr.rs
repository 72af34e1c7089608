//! A job's `environment:` with its `${{ … }}` expressions expanded where the file decides them:
//! a literal `matrix` list (with `include`, less single-key `exclude`), its objects' fields
//! (`matrix.target.name`), a `fromJSON('…')` of a literal, a `workflow_dispatch` `choice` input's
//! options, a reusable workflow's input from its caller's `with:`, and the `cond && 'a' || 'b'`
//! idiom, decided per trigger when `cond` tests `github.event_name` (`null` or `''`: no
//! environment). Anything else (free-text inputs, `vars`, another job's outputs) is
//! known only at run time, and is said so, never guessed (GitHub docs, "Contexts" and
//! "Expressions", as read 2026-11-29).

use super::triggers::Input;
use crate::yaml::Node;

/// The most environment values one job expands to (a matrix of matrices stops here).
const MAX_VALUES: usize = 64;

/// Where a job's expressions find their values.
#[derive(Default, Clone, Copy)]
pub(super) struct Scope<'a> {
    /// The job's `strategy.matrix`.
    pub(super) matrix: Option<&'a Node>,
    /// Inputs of `workflow_dispatch`.
    pub(super) dispatch: &'a [Input],
    /// For a job of a called workflow: the caller's `with:`, and the caller's scope.
    pub(super) with: Option<(&'a Node, &'a Scope<'a>)>,
    /// The event of the run, when the environment is expanded per trigger.
    pub(super) event: Option<&'a str>,
}

/// What an expression can be: the values, or why it cannot be known.
pub(super) type Values = Result<Vec<String>, String>;

/// Expands a template such as `deploy-${{ matrix.region }}` to every value it can take.
pub(super) fn expand(template: &str, scope: &Scope<'_>) -> Values {
    let mut results = vec![String::new()];
    let mut rest = template;
    while let Some(start) = rest.find("${{") {
        let (literal, after) = rest.split_at(start);
        let after = after.get(3..).unwrap_or_default();
        let Some(end) = after.find("}}") else {
            return Err(format!("'{template}' has a ${{{{ without its }}}}"));
        };
        let expression = after.get(..end).unwrap_or_default().trim();
        let values = evaluate(expression, scope)?;
        let mut next = Vec::new();
        for prefix in &results {
            for value in &values {
                next.push(format!("{prefix}{literal}{value}"));
                if next.len() > MAX_VALUES {
                    return Err(format!(
                        "'{template}' expands to more than {MAX_VALUES} values"
                    ));
                }
            }
        }
        results = next;
        rest = after.get(end + 2..).unwrap_or_default();
    }
    for value in &mut results {
        value.push_str(rest);
    }
    results.dedup();
    Ok(results)
}

fn evaluate(expression: &str, scope: &Scope<'_>) -> Values {
    if let Some(literal) = quoted(expression) {
        return Ok(vec![literal]);
    }
    // `null` (and `''`) in an environment: no environment at all (GitHub docs, "Expressions":
    // literals), so the ref or pull_request subject.
    if expression == "null" {
        return Ok(vec![String::new()]);
    }
    if let Some(values) = ternary(expression, scope) {
        return values;
    }
    // `inputs.target || 'staging'`: the first that is not empty, so any of them.
    let alternatives = split_outside_quotes(expression, "||");
    if alternatives.len() > 1 {
        let mut values = Vec::new();
        for alternative in alternatives {
            for value in evaluate(alternative.trim(), scope)? {
                if !values.contains(&value) {
                    values.push(value);
                }
            }
        }
        return Ok(values);
    }
    if let Some(key) = expression.strip_prefix("matrix.") {
        return matrix(key, scope.matrix);
    }
    let input = expression
        .strip_prefix("inputs.")
        .or_else(|| expression.strip_prefix("github.event.inputs."));
    if let Some(name) = input {
        return input_values(name, scope);
    }
    let source = if expression.starts_with("needs.") {
        "another job's output"
    } else if expression.starts_with("vars.") {
        "a configuration variable"
    } else if expression.starts_with("secrets.") {
        "a secret"
    } else if expression.starts_with("github.") {
        "the run's context"
    } else {
        "an expression"
    };
    Err(format!(
        "the environment comes from {source} (${{{{ {expression} }}}}), known only when the workflow runs"
    ))
}

/// `text` split at each `separator` that is not inside a '…' literal.
pub(super) fn split_outside_quotes<'a>(text: &'a str, separator: &str) -> Vec<&'a str> {
    let mut parts = Vec::new();
    let mut start = 0;
    let mut quoted = false;
    let mut i = 0;
    while i < text.len() {
        if text.as_bytes().get(i) == Some(&b'\'') {
            quoted = !quoted;
        } else if !quoted
            && text
                .get(i..)
                .is_some_and(|rest| rest.starts_with(separator))
        {
            parts.push(text.get(start..i).unwrap_or_default());
            i += separator.len();
            start = i;
            continue;
        }
        i += 1;
    }
    parts.push(text.get(start..).unwrap_or_default());
    parts
}

/// `'text'` (with `''` for a quote), as an expression literal.
fn quoted(expression: &str) -> Option<String> {
    let inner = expression.strip_prefix('\'')?.strip_suffix('\'')?;
    if inner.replace("''", "").contains('\'') {
        return None;
    }
    Some(inner.replace("''", "'"))
}

/// `cond && 'a' || 'b'`: either literal.
fn ternary(expression: &str, scope: &Scope<'_>) -> Option<Values> {
    let alternatives = split_outside_quotes(expression, "||");
    let (otherwise, first) = alternatives.split_last()?;
    let [first] = first else { return None };
    let then = split_outside_quotes(first, "&&");
    let (then, condition) = then.split_last()?;
    if condition.is_empty() {
        return None;
    }
    let then = quoted(then.trim())?;
    // A condition on the event, with the event known: one branch.
    let test = match condition {
        [only] => event_test(only),
        _ => None,
    };
    if let (Some(event), Some((equal, name))) = (scope.event, test) {
        return Some(if (event == name) == equal {
            Ok(vec![then])
        } else {
            evaluate(otherwise.trim(), scope)
        });
    }
    let mut values = vec![then];
    match evaluate(otherwise.trim(), scope) {
        Ok(more) => values.extend(more),
        Err(e) => return Some(Err(e)),
    }
    values.dedup();
    Some(Ok(values))
}

/// `github.event_name == 'push'` (or `!=`, either side): whether it tests equality, and the event.
fn event_test(condition: &str) -> Option<(bool, String)> {
    let condition = condition
        .trim()
        .trim_start_matches('(')
        .trim_end_matches(')')
        .trim();
    let (equal, (left, right)) = match condition.split_once("==") {
        Some(sides) => (true, sides),
        None => (false, condition.split_once("!=")?),
    };
    let (left, right) = (left.trim(), right.trim());
    let name = if left == "github.event_name" {
        quoted(right)?
    } else if right == "github.event_name" {
        quoted(left)?
    } else {
        return None;
    };
    Some((equal, name))
}

/// Whether an environment template depends on the event (so it is expanded per trigger).
pub(super) fn per_event(template: &str) -> bool {
    template.contains("github.event_name")
}

/// The values of `fromJSON('…')` of a literal list: its strings, or each object's `path`.
fn from_json(text: &str, path: &[&str]) -> Option<Vec<String>> {
    let inner = text
        .trim()
        .strip_prefix("${{")?
        .strip_suffix("}}")?
        .trim()
        .strip_prefix("fromJSON(")
        .or_else(|| {
            text.trim()
                .strip_prefix("${{")?
                .strip_suffix("}}")?
                .trim()
                .strip_prefix("fromJson(")
        })?
        .strip_suffix(')')?;
    let literal = quoted(inner.trim())?;
    let value = crate::json::parse(&literal).ok()?;
    let crate::json::Value::Array(items) = value else {
        return None;
    };
    let mut out = Vec::new();
    for item in &items {
        let mut at = item;
        for key in path {
            at = at.get(key)?;
        }
        out.push(at.as_str()?.to_owned());
    }
    Some(out)
}

/// A matrix item's value at `path` (`name` of `{name: dev, region: eastus}`).
fn at_path<'n>(node: &'n Node, path: &[&str]) -> Option<&'n str> {
    let mut at = node;
    for key in path {
        at = at.get(key)?;
    }
    at.as_str()
}

fn matrix(key: &str, matrix: Option<&Node>) -> Values {
    let Some(matrix) = matrix else {
        return Err(format!(
            "the environment uses matrix.{key}, but the job has no strategy.matrix"
        ));
    };
    if matrix.as_str().is_some() {
        return Err(format!(
            "the matrix is computed (${{{{ … }}}}), so matrix.{key} is known only when the workflow runs"
        ));
    }
    let mut values: Vec<String> = Vec::new();
    let mut found = false;
    // `matrix.target.name`: the `name` of each object in the list `target`.
    let mut parts = key.split('.');
    let base = parts.next().unwrap_or_default();
    let path: Vec<&str> = parts.collect();
    if let Some(list) = matrix.get(base) {
        found = true;
        if let Some(text) = list.as_str().filter(|s| s.contains("${{")) {
            match from_json(text, &path) {
                Some(literal) => values.extend(literal),
                None => {
                    return Err(format!(
                        "matrix.{base} is computed (${{{{ … }}}}), known only when the workflow runs"
                    ));
                }
            }
        } else if path.is_empty() {
            values.extend(list.strings().into_iter().map(str::to_owned));
        } else {
            for item in list.as_seq().unwrap_or_default() {
                match at_path(item, &path) {
                    Some(value) => values.push(value.to_owned()),
                    None => {
                        return Err(format!(
                            "matrix.{key}: an item of matrix.{base} has no text at {}",
                            path.join(".")
                        ));
                    }
                }
            }
        }
    }
    for entry in matrix
        .get("include")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        let value = entry.get(base).and_then(|v| {
            if path.is_empty() {
                v.as_str()
            } else {
                at_path(v, &path)
            }
        });
        if let Some(value) = value {
            found = true;
            if !values.iter().any(|v| v == value) {
                values.push(value.to_owned());
            }
        }
    }
    for entry in matrix
        .get("exclude")
        .and_then(Node::as_seq)
        .unwrap_or_default()
    {
        // Only an exclusion that names this key alone removes a value for every combination.
        if entry.as_map().is_some_and(|m| m.len() == 1)
            && let Some(value) = entry.get(key).and_then(Node::as_str)
        {
            values.retain(|v| v != value);
        }
    }
    if !found {
        return Err(format!("matrix.{key} is not in the job's matrix"));
    }
    Ok(values)
}

fn input_values(name: &str, scope: &Scope<'_>) -> Values {
    if let Some((with, caller)) = scope.with {
        return match with.get(name) {
            Some(value) => match value.as_str() {
                Some(text) => expand(text, caller),
                None => Err(format!(
                    "the caller passes input {name} as a non-text value"
                )),
            },
            None => Err(format!(
                "the caller's with: does not pass input {name}; its default applies, which the called file would say"
            )),
        };
    }
    let Some(input) = scope.dispatch.iter().find(|i| i.name == name) else {
        return Err(format!(
            "the environment comes from input {name}, which no workflow_dispatch in this file declares (a caller passes it)"
        ));
    };
    match input.kind.as_str() {
        "choice" if !input.options.is_empty() => Ok(input.options.clone()),
        "environment" => Err(format!(
            "input {name} is of type environment: whoever starts the run picks any environment of the repository"
        )),
        _ => Err(format!(
            "input {name} is free text{}: whoever starts the run types it",
            input
                .default
                .as_deref()
                .map(|d| format!(" (default '{d}')"))
                .unwrap_or_default()
        )),
    }
}
