//! The credentials ARM templates declare (issue 31), as Bicep compiles them or people write
//! them (Microsoft Learn, "Understand the structure and syntax of ARM templates", "Resource
//! iteration in ARM templates", "Set name and type for child resources", "Using linked and
//! nested templates", "Parameters file"; read 2026-12-05):
//!
//! - `resources` as an array, or (`languageVersion` 2.0) an object keyed by symbolic name;
//! - a credential top-level with the type's full name and an `IDENTITY/NAME` name, or nested
//!   in its identity's `resources` with the last segments of each;
//! - `copy` loops (`copyIndex()`, `copyIndex('name')`, an offset), `condition`, variables with
//!   their own `copy` loops (how Bicep compiles `var x = [for …]`);
//! - parameters from their `defaultValue`, a `parameters.json` file, and the values given;
//! - nested deployments (`Microsoft.Resources/deployments` with an inline `template`), with
//!   `expressionEvaluationOptions.scope` `inner` (their own parameters, given by the outer
//!   template, as Bicep's modules compile) or `outer` (the default: the outer template's). A
//!   linked template (`templateLink`) is named in a note, not fetched.
//!
//! Addresses: a symbolic name (2.0) or `resources[N]`, a loop's index after it (`[2]`), and a
//! nested deployment's address before what it deploys (`fics[0]/fic`).

mod expression;

use std::cell::RefCell;
use std::collections::HashMap;

use super::template::credential::{self, Instance, Parent, Type};
use super::template::{self, Expr, Scope};
use super::{Field, Given, Language, Reading, Source, Unresolved};
use crate::face::Face;
use crate::json::{Map, Value};

/// A parameters file's values, by name: each value, or why it cannot be known.
pub(super) type Values = Vec<(String, Result<Value, String>)>;

/// What a template that declares credentials holds somewhere, lower case.
const CHILD_TYPE: &str = "/federatedidentitycredentials";

/// How deep nested deployments are followed.
const MAX_NESTING: usize = 16;

/// Whether `text` looks like an ARM template at a glance: its `$schema` names one, or it has
/// `resources` and a `contentVersion` ([`is_template`] decides, once it is read).
pub fn looks_like(text: &str) -> bool {
    text.contains("deploymentTemplate.json")
        || (text.contains("\"resources\"") && text.contains("\"contentVersion\""))
}

/// Whether `value` is an ARM template: its `$schema` says so, or it has `resources` and a
/// `contentVersion`.
pub fn is_template(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    let schema = map.get("$schema").and_then(Value::as_str).unwrap_or("");
    schema.contains("deploymentTemplate.json")
        || (map.contains_key("resources") && map.contains_key("contentVersion"))
}

/// Whether `value` is a parameters file: its `$schema` says so, or it has only `parameters`
/// (and `contentVersion`, `$schema`), each an object with a `value` or `reference`.
pub fn is_parameters(value: &Value) -> bool {
    let Some(map) = value.as_object() else {
        return false;
    };
    let schema = map.get("$schema").and_then(Value::as_str).unwrap_or("");
    if schema.contains("deploymentParameters.json") {
        return true;
    }
    let Some(Value::Object(params)) = map.get("parameters") else {
        return false;
    };
    !map.contains_key("resources")
        && map
            .keys()
            .all(|k| matches!(k.as_str(), "$schema" | "contentVersion" | "parameters"))
        && params.iter().all(|(_, p)| {
            p.as_object()
                .is_some_and(|o| o.contains_key("value") || o.contains_key("reference"))
        })
}

/// A parameters file's values: `{"parameters": {"name": {"value": …}}}`; a Key Vault
/// `reference` is a secret, never read; a value the Azure Developer CLI fills in from its
/// environment before deploying (`"${NAME}"`, `"${NAME=default}"`) is not known from the file.
/// Sources: Microsoft Learn, "Work with Azure Developer CLI environment variables" (azd's
/// environments feed Bicep provisioning; read 2026-12-05, which does not spell the syntax out),
/// and the form as real parameters files write it (Azure-Samples/aks-store-demo
/// `infra/bicep/main.parameters.json`, in `tests/fixtures/real-bicep`).
pub(super) fn parameter_values(file: &str, value: &Value, face: Face) -> Values {
    let Some(Value::Object(params)) = value.get("parameters") else {
        return Vec::new();
    };
    params
        .iter()
        .map(|(name, p)| {
            let v = match p.get("value") {
                Some(Value::String(s)) if is_azd_placeholder(s) => Err(format!(
                    "parameter '{name}' is {s} in {file}, which the Azure Developer CLI fills from its environment: give it with {}",
                    super::bicep::how_to_give(name, face)
                )),
                Some(v) => Ok(v.clone()),
                None => Err(format!(
                    "parameter '{name}' is a Key Vault secret, which fedcred does not read"
                )),
            };
            (name.clone(), v)
        })
        .collect()
}

/// Whether `s` is azd's `${NAME}` or `${NAME=default}`.
fn is_azd_placeholder(s: &str) -> bool {
    let Some(inner) = s.strip_prefix("${").and_then(|r| r.strip_suffix('}')) else {
        return false;
    };
    let name = inner.split('=').next().unwrap_or("");
    !name.is_empty()
        && !name.starts_with(|c: char| c.is_ascii_digit())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !inner.contains('}')
}

/// The template a parameters file is for, by its name: `X.parameters.json` and
/// `X.parameters.ENV.json` are for `X.json` or `X.bicep` in the same folder.
pub(super) fn parameters_target(name: &str) -> Option<String> {
    let dir = super::folder(name);
    let base = name
        .get(dir.len()..)
        .unwrap_or(name)
        .trim_start_matches(['/', '\\']);
    let lower = base.to_ascii_lowercase();
    let at = lower.find(".parameters")?;
    let stem = base.get(..at)?;
    Some(if dir.is_empty() {
        stem.to_owned()
    } else {
        format!("{dir}/{stem}")
    })
}

/// One template in scope: its parameters' and variables' values.
struct Ctx<'a> {
    file: &'a str,
    template: &'a Map,
    params: HashMap<String, Result<Value, String>>,
    given_by: String,
    face: Face,
    /// The copy loops in force, innermost last: their names and indexes.
    copies: RefCell<Vec<(String, i64)>>,
    cache: RefCell<HashMap<String, Result<Value, String>>>,
    active: RefCell<Vec<String>>,
}

fn get_ci<'m>(map: &'m Map, key: &str) -> Option<&'m Value> {
    map.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(key))
        .map(|(_, v)| v)
}

impl Ctx<'_> {
    /// A template value with its expressions evaluated (a string in brackets is one).
    fn value(&self, raw: &Value, depth: usize) -> Result<Value, String> {
        if depth > template::MAX_DEPTH {
            return Err(format!(
                "a value nests deeper than {} levels",
                template::MAX_DEPTH
            ));
        }
        match raw {
            Value::String(s) => {
                let e = expression::read(s)?;
                template::eval(&e, self, &mut Vec::new(), depth)
            }
            Value::Array(items) => Ok(Value::Array(
                items
                    .iter()
                    .map(|item| {
                        self.value(item, depth + 1)
                            .unwrap_or_else(template::unknown)
                    })
                    .collect(),
            )),
            Value::Object(map) => {
                let mut out = Map::new();
                for (k, v) in map.iter() {
                    out.insert(
                        k.clone(),
                        self.value(v, depth + 1).unwrap_or_else(template::unknown),
                    );
                }
                Ok(Value::Object(out))
            }
            other => Ok(other.clone()),
        }
    }

    fn named(
        &self,
        key: &str,
        eval: impl FnOnce() -> Result<Value, String>,
    ) -> Result<Value, String> {
        if let Some(v) = self.cache.borrow().get(key) {
            return v.clone();
        }
        if self.active.borrow().iter().any(|n| n == key) {
            return Err(format!(
                "{key} in {} refers to itself through {}",
                self.file,
                self.active.borrow().join(" → ")
            ));
        }
        self.active.borrow_mut().push(key.to_owned());
        let v = eval().and_then(|v| template::bounded_value(key, v));
        self.active.borrow_mut().pop();
        // Parameters and variables are evaluated once per deployment: ARM allows copyIndex() in
        // neither (outside a variable's own copy loop, which names its loop), so one value
        // serves every iteration.
        self.cache.borrow_mut().insert(key.to_owned(), v.clone());
        v
    }

    fn parameter(&self, name: &str) -> Result<Value, String> {
        if let Some((_, v)) = self
            .params
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
        {
            return v.clone();
        }
        let declared = self
            .template
            .get("parameters")
            .and_then(Value::as_object)
            .and_then(|p| get_ci(p, name));
        let Some(declared) = declared else {
            return Err(format!(
                "parameters('{name}') is not a parameter {} declares",
                self.file
            ));
        };
        match declared.get("defaultValue") {
            Some(default) => {
                self.named(&format!("parameters('{name}')"), || self.value(default, 1))
            }
            // A nullable parameter not given is null (languageVersion 2.0 "nullable").
            None if declared.get("nullable") == Some(&Value::Bool(true)) => Ok(Value::Null),
            None if self.given_by.is_empty() => Err(format!(
                "parameter '{name}' of {} has no default and no value given: give it with {}",
                self.file,
                super::bicep::how_to_give(name, self.face)
            )),
            None => Err(format!(
                "parameter '{name}' of {} has no default and {} gives it none",
                self.file, self.given_by
            )),
        }
    }

    fn variable(&self, name: &str) -> Result<Value, String> {
        let Some(vars) = self.template.get("variables").and_then(Value::as_object) else {
            return Err(format!(
                "variables('{name}') is not a variable {} declares",
                self.file
            ));
        };
        if let Some(raw) = get_ci(vars, name) {
            return self.named(&format!("variables('{name}')"), || self.value(raw, 1));
        }
        // A variable made by a copy loop: `"copy": [{"name", "count", "input"}]`.
        let copy = vars
            .get("copy")
            .and_then(Value::as_array)
            .and_then(|loops| {
                loops.iter().find(|l| {
                    l.get("name")
                        .and_then(Value::as_str)
                        .is_some_and(|n| n.eq_ignore_ascii_case(name))
                })
            });
        let Some(copy) = copy else {
            return Err(format!(
                "variables('{name}') is not a variable {} declares",
                self.file
            ));
        };
        self.named(&format!("variables('{name}')"), || {
            let count = self.count(copy.get("count").unwrap_or(&Value::Null))?;
            let input = copy.get("input").cloned().unwrap_or(Value::Null);
            let mut out = Vec::with_capacity(count);
            for i in 0..count {
                self.copies.borrow_mut().push((name.to_owned(), i as i64));
                let v = self.value(&input, 1);
                self.copies.borrow_mut().pop();
                out.push(v?);
            }
            Ok(Value::Array(out))
        })
    }

    /// A copy loop's count, evaluated and bounded.
    fn count(&self, raw: &Value) -> Result<usize, String> {
        let v = self.value(raw, 1)?;
        let n = v
            .as_whole()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| {
                format!("a copy loop's count is {v}, not a whole number of 0 or more")
            })?;
        if n > super::terraform::MAX_INSTANCES {
            return Err(format!(
                "a copy loop of {n}: fedcred expands at most {}",
                super::terraform::MAX_INSTANCES
            ));
        }
        Ok(n)
    }
}

impl Scope for Ctx<'_> {
    fn name(&self, name: &str, _: usize) -> Result<Value, String> {
        Err(format!("'{name}' is not a template function call"))
    }

    fn reference(&self, _: &Expr, _: usize) -> Option<Result<Value, String>> {
        None
    }

    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>> {
        let text = |n: usize| -> Result<String, String> {
            match args.get(n) {
                Some(Value::String(s)) => Ok(s.clone()),
                _ => Err(format!("{name}() is given no name")),
            }
        };
        Some(match name {
            "parameters" => text(0).and_then(|n| self.parameter(&n)),
            "variables" => text(0).and_then(|n| self.variable(&n)),
            "copyindex" => {
                let copies = self.copies.borrow();
                let (loop_name, offset) = match args {
                    [] => (None, 0),
                    [Value::String(n)] => (Some(n.as_str()), 0),
                    [Value::String(n), o] => (Some(n.as_str()), o.as_whole().unwrap_or(0)),
                    [o] => (None, o.as_whole().unwrap_or(0)),
                    _ => return Some(Err("copyIndex() is given too many arguments".to_owned())),
                };
                let found = match loop_name {
                    Some(n) => copies.iter().rev().find(|(l, _)| l.eq_ignore_ascii_case(n)),
                    None => copies.last(),
                };
                match found {
                    Some((_, i)) => Ok(Value::from(i + offset)),
                    None => Err(format!(
                        "copyIndex({}) is used outside its copy loop",
                        loop_name.unwrap_or("")
                    )),
                }
            }
            _ => return None,
        })
    }
}

struct Reader<'a> {
    text: &'a str,
    /// Where each line of the text starts, for a line found by bisection.
    starts: Vec<usize>,
    /// Where each key and value was found after an offset: a copy loop of 10,000 finds each
    /// property of its resource once, not once per instance (a value written with other escapes
    /// than the reader's is searched to the end of the file).
    found: RefCell<HashMap<Place, Option<usize>>>,
}

/// A key and its value as written, searched for after an offset.
type Place = (usize, &'static str, String);

impl Reader<'_> {
    /// The byte where `key` is written with `raw` as its value, at or after byte `from` (an array
    /// by its first item): the JSON reader keeps no places, so the value written is found again
    /// in the text.
    fn find(&self, key: &'static str, raw: &Value, from: usize) -> Option<usize> {
        let written = raw.to_string();
        let memo = (from, key, written);
        if let Some(found) = self.found.borrow().get(&memo) {
            return *found;
        }
        let text = self.text;
        let needle = crate::json::quote(key);
        let first = match raw {
            Value::Array(items) => items.first().map(Value::to_string),
            _ => Some(memo.2.clone()),
        };
        let mut at = from.min(text.len());
        let mut found = None;
        while let Some(i) = text.get(at..).and_then(|t| t.find(&needle)) {
            let start = at + i;
            let after = text.get(start + needle.len()..).unwrap_or("").trim_start();
            if let Some(rest) = after.strip_prefix(':').map(str::trim_start)
                && first.as_deref().is_none_or(|f| {
                    rest.starts_with(f) || rest.starts_with('[') && rest.contains(f)
                })
            {
                found = Some(start);
                break;
            }
            at = start + needle.len();
        }
        self.found.borrow_mut().insert(memo, found);
        found
    }

    /// The 1-based line of byte `offset`.
    fn line(&self, offset: usize) -> usize {
        super::terraform::line_of(&self.starts, offset)
    }

    /// The resources of a template, each with its address.
    fn resources(template: &Map) -> Vec<(String, &Value)> {
        match template.get("resources") {
            Some(Value::Array(items)) => items
                .iter()
                .enumerate()
                .map(|(i, r)| (format!("resources[{i}]"), r))
                .collect(),
            Some(Value::Object(map)) => map.iter().map(|(k, r)| (k.clone(), r)).collect(),
            _ => Vec::new(),
        }
    }

    fn template(
        &self,
        ctx: &Ctx<'_>,
        prefix: &str,
        depth: usize,
        from: usize,
        reading: &mut Reading,
    ) {
        for (address, r) in Self::resources(ctx.template) {
            self.resource(
                ctx,
                r,
                &format!("{prefix}{address}"),
                None,
                depth,
                from,
                reading,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resource(
        &self,
        ctx: &Ctx<'_>,
        r: &Value,
        base: &str,
        parent: Option<&Parent>,
        depth: usize,
        from: usize,
        reading: &mut Reading,
    ) {
        let Some(map) = r.as_object() else {
            return;
        };
        let type_raw = map.get("type").and_then(Value::as_str).unwrap_or("");
        let (type_, version_in_type) = type_raw.split_once('@').unwrap_or((type_raw, ""));
        let full = match parent {
            Some(p) if !type_.contains('/') => format!("{}/{type_}", p.type_),
            _ => type_.to_owned(),
        };
        let lower = full.to_ascii_lowercase();
        let kind = Type::of(&full);
        let deployment = lower == "microsoft.resources/deployments";
        let may_hold = lower == credential::IDENTITY || lower == credential::APPLICATION;
        if kind.is_none() && !deployment && !may_hold {
            return;
        }
        let version = map
            .get("apiVersion")
            .and_then(Value::as_str)
            .unwrap_or(version_in_type)
            .to_owned();
        let name_raw = map.get("name").cloned().unwrap_or(Value::Null);
        let at = self.find("name", &name_raw, from).unwrap_or(from);
        let line = self.line(at);
        let file = ctx.file.to_owned();
        let unresolved = |reading: &mut Reading, address: String, why: String| {
            if kind.is_some() {
                reading.unresolved.push(Unresolved {
                    address,
                    file: file.clone(),
                    line,
                    why,
                    language: Language::Arm,
                });
            }
        };
        if map.get("existing") == Some(&Value::Bool(true)) {
            return;
        }
        // Its instances: a copy loop's, else one.
        let copy = map.get("copy").and_then(Value::as_object);
        let holds_credentials =
            kind.is_some() || deployment && r.to_string().to_ascii_lowercase().contains(CHILD_TYPE);
        let (loop_name, count) = match copy {
            Some(c) => {
                let name = c
                    .get("name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned();
                match ctx.count(c.get("count").unwrap_or(&Value::Null)) {
                    Ok(0) if holds_credentials => {
                        reading.notes.push(format!(
                            "{}: {base}'s copy loop is over no items with the values given, so it declares no credential",
                            ctx.file
                        ));
                        return;
                    }
                    Ok(n) => (Some(name), n),
                    Err(why) => {
                        unresolved(
                            reading,
                            base.to_owned(),
                            format!("its copy loop's count cannot be known: {why}"),
                        );
                        return;
                    }
                }
            }
            None => (None, 1),
        };
        for i in 0..count {
            if let Some(n) = &loop_name {
                ctx.copies.borrow_mut().push((n.clone(), i as i64));
            }
            let address = match loop_name {
                Some(_) => format!("{base}[{i}]"),
                None => base.to_owned(),
            };
            let deployed = match map.get("condition") {
                None => Ok(true),
                Some(c) => match ctx.value(c, 1) {
                    Ok(Value::Bool(b)) => Ok(b),
                    Ok(other) => Err(format!(
                        "its condition is {}, not true or false",
                        other.kind()
                    )),
                    Err(why) => Err(format!("whether it is deployed cannot be known: {why}")),
                },
            };
            match deployed {
                Ok(false) => {}
                Err(why) => unresolved(reading, address.clone(), why),
                Ok(true) => {
                    let name = ctx.value(&name_raw, 1).and_then(|v| match v {
                        Value::String(s) => Ok(s),
                        other => Err(format!("its name is {}, not a string", other.kind())),
                    });
                    if deployment {
                        self.deployment(ctx, map, &address, depth, at, reading);
                    } else if let Some(kind) = kind {
                        self.credential(
                            ctx, map, kind, &version, parent, &address, name, at, line, reading,
                        );
                    } else if let Some(children) = map.get("resources").and_then(Value::as_array) {
                        let me = Parent {
                            type_: full.clone(),
                            name,
                            address: address.clone(),
                        };
                        for (j, child) in children.iter().enumerate() {
                            self.resource(
                                ctx,
                                child,
                                &format!("{address}/resources[{j}]"),
                                Some(&me),
                                depth,
                                at,
                                reading,
                            );
                        }
                    }
                }
            }
            if loop_name.is_some() {
                ctx.copies.borrow_mut().pop();
            }
        }
    }

    fn deployment(
        &self,
        ctx: &Ctx<'_>,
        map: &Map,
        address: &str,
        depth: usize,
        at: usize,
        reading: &mut Reading,
    ) {
        let properties = map.get("properties").and_then(Value::as_object);
        let Some(inner) = properties
            .and_then(|p| p.get("template"))
            .and_then(Value::as_object)
        else {
            if properties.is_some_and(|p| p.contains_key("templateLink")) {
                reading.notes.push(format!(
                    "{}: deployment {address} links to a template elsewhere (templateLink); the credentials it declares are not read: give that template's file to read them",
                    ctx.file
                ));
            }
            return;
        };
        if depth >= MAX_NESTING {
            reading.notes.push(format!(
                "{}: deployment {address} is nested more than {MAX_NESTING} deep; it is not read",
                ctx.file
            ));
            return;
        }
        let inner_scope = properties
            .and_then(|p| p.get("expressionEvaluationOptions"))
            .and_then(|o| o.get("scope"))
            .and_then(Value::as_str)
            .is_some_and(|s| s.eq_ignore_ascii_case("inner"));
        let prefix = format!("{address}/");
        if !inner_scope {
            // The outer scope: the nested template's expressions read the outer template's
            // parameters and variables (ARM's default).
            let outer = Ctx {
                file: ctx.file,
                template: ctx.template,
                params: ctx.params.clone(),
                given_by: ctx.given_by.clone(),
                face: ctx.face,
                copies: RefCell::new(ctx.copies.borrow().clone()),
                cache: RefCell::default(),
                active: RefCell::default(),
            };
            for (a, r) in Self::resources(inner) {
                self.resource(
                    &outer,
                    r,
                    &format!("{prefix}{a}"),
                    None,
                    depth + 1,
                    at,
                    reading,
                );
            }
            return;
        }
        let mut params = HashMap::new();
        if let Some(given) = properties
            .and_then(|p| p.get("parameters"))
            .and_then(Value::as_object)
        {
            for (name, p) in given.iter() {
                let v = match p.get("value") {
                    Some(raw) => ctx.value(raw, 1),
                    None => Err(format!(
                        "parameter '{name}' of deployment {address} is a Key Vault secret, which fedcred does not read"
                    )),
                };
                params.insert(name.clone(), v);
            }
        }
        let child = Ctx {
            file: ctx.file,
            template: inner,
            params,
            given_by: format!("deployment {address}"),
            face: ctx.face,
            copies: RefCell::default(),
            cache: RefCell::default(),
            active: RefCell::default(),
        };
        self.template(&child, &prefix, depth + 1, at, reading);
    }

    #[allow(clippy::too_many_arguments)]
    fn credential(
        &self,
        ctx: &Ctx<'_>,
        map: &Map,
        kind: Type,
        version: &str,
        parent: Option<&Parent>,
        address: &str,
        name: Result<String, String>,
        at: usize,
        line: usize,
        reading: &mut Reading,
    ) {
        let file = ctx.file.to_owned();
        let (identity, own_name, problem) = credential::naming(kind, parent, name, address);
        reading.problems.extend(problem.map(|problem| {
            credential::refused(
                address,
                &identity,
                &file,
                line,
                format!("{address}: {problem}; the deployment fails"),
                "name a top-level credential IDENTITY/NAME, and one nested in its identity by its own name",
            )
        }));
        let properties = map.get("properties");
        let whole: Option<Result<Value, String>> = match properties {
            Some(Value::String(_)) => properties.map(|p| ctx.value(p, 1)),
            _ => None,
        };
        let get = |attribute: &'static str| -> credential::Got {
            let raw = properties
                .and_then(Value::as_object)
                .and_then(|p| get_ci(p, attribute))
                .or_else(|| {
                    (kind == Type::Graph)
                        .then(|| get_ci(map, attribute))
                        .flatten()
                });
            if let Some(raw) = raw {
                let line = self.find(attribute, raw, at).map_or(line, |o| self.line(o));
                let literal = match raw {
                    Value::String(s) => !s.starts_with('[') || s.starts_with("[["),
                    Value::Array(items) => items
                        .iter()
                        .all(|i| i.as_str().is_some_and(|s| !s.starts_with('['))),
                    _ => false,
                };
                return Some((
                    ctx.value(raw, 1),
                    Field {
                        attribute,
                        source: raw.to_string(),
                        line,
                        literal,
                    },
                ));
            }
            credential::from_whole(
                whole.as_ref()?,
                attribute,
                properties.map(Value::to_string).unwrap_or_default(),
                line,
            )
        };
        let name_field = map.get("name").map(|raw| Field {
            attribute: "name",
            source: raw.to_string(),
            line: self.find("name", raw, at).map_or(line, |o| self.line(o)),
            literal: raw.as_str().is_some_and(|s| !s.starts_with('[')),
        });
        let instance = Instance {
            address: address.to_owned(),
            type_: kind,
            identity,
            file: file.clone(),
            line,
            language: Language::Arm,
            name: own_name,
            name_field,
        };
        credential::declare(reading, instance, version, get);
    }
}

/// Reads the credentials of one ARM template (`value`, parsed from `source`), with the
/// parameters files for it and the values given on top.
pub(super) fn read(
    source: &Source,
    value: &Value,
    params: &[(String, Values)],
    given: &Given,
    face: Face,
    reading: &mut Reading,
) {
    let Some(template) = value.as_object() else {
        return;
    };
    let reader = Reader {
        text: &source.text,
        starts: super::terraform::line_starts(&source.text),
        found: RefCell::default(),
    };
    let declared = |name: &str| {
        template
            .get("parameters")
            .and_then(Value::as_object)
            .and_then(|p| get_ci(p, name))
            .map(|p| {
                p.get("type")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_ascii_lowercase()
            })
    };
    let with_given = |base: &[(String, Result<Value, String>)]| {
        let mut map: HashMap<String, Result<Value, String>> = base.iter().cloned().collect();
        for (name, text) in &given.values {
            if let Some(type_) = declared(name) {
                let type_ = if type_ == "securestring" {
                    "string".to_owned()
                } else {
                    type_
                };
                map.insert(name.clone(), Ok(super::bicep::given_value(text, &type_)));
            }
        }
        map
    };
    let deploy = |params: HashMap<String, Result<Value, String>>,
                  given_by: String,
                  reading: &mut Reading| {
        let ctx = Ctx {
            file: &source.name,
            template,
            params,
            given_by,
            face,
            copies: RefCell::default(),
            cache: RefCell::default(),
            active: RefCell::default(),
        };
        reader.template(&ctx, "", 0, 0, reading);
    };
    if params.is_empty() {
        deploy(with_given(&[]), String::new(), reading);
        return;
    }
    for (file, values) in params {
        for (name, _) in values {
            if declared(name).is_none() {
                reading.notes.push(format!(
                    "{file} gives parameter '{name}', which {} does not declare",
                    source.name
                ));
            }
        }
        let before = (reading.credentials.len(), reading.unresolved.len());
        deploy(with_given(values), file.clone(), reading);
        if params.len() > 1 {
            let suffix = format!(" ({})", file.rsplit(['/', '\\']).next().unwrap_or(file));
            for d in reading.credentials.iter_mut().skip(before.0) {
                d.address.push_str(&suffix);
            }
            for u in reading.unresolved.iter_mut().skip(before.1) {
                u.address.push_str(&suffix);
            }
        }
    }
}

#[cfg(test)]
mod tests;
