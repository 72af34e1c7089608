//! What Bicep and ARM templates share: one expression tree both are read into (Bicep by
//! [`super::bicep`]'s parser, an ARM template's `[...]` strings by [`super::arm`]'s), its
//! evaluation over [`Value`]s, and the template functions (`functions`). Bicep compiles to ARM, and
//! its functions are ARM's under the same names (Bicep documentation, "Bicep functions", read
//! 2026-12-05), so one evaluator serves both; what only one language has (`parameters()` and
//! `copyIndex()` in ARM, identifiers in Bicep) is asked of the [`Scope`].
//!
//! A value only a deployment knows (`resourceGroup().location`, `reference(...)`, a resource's
//! `id`, `uniqueString(...)`) is never guessed: its evaluation fails with a sentence naming it,
//! and the credential it feeds is listed as unresolved.

pub(super) mod credential;
pub(in crate::iac) mod functions;

use crate::json::{Map, Value};

/// The deepest nesting of expressions read and evaluated: both recurse.
pub(super) const MAX_DEPTH: usize = 64;

/// The most evaluation steps one reading takes: loops within loops (each at most
/// [`super::terraform::MAX_INSTANCES`] long) stop with a message instead of running for
/// minutes. The largest real template read takes under 20,000.
pub(in crate::iac) const MAX_STEPS: usize = 2_000_000;

/// The most values a parameter or variable may hold, counted over its nested arrays and
/// objects, so that a variable doubling another forty times stops with a message.
const MAX_VALUES: usize = 200_000;

thread_local! {
    static STEPS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Starts a reading's step budget.
pub(in crate::iac) fn start() {
    STEPS.with(|s| s.set(0));
}

fn step() -> Result<(), String> {
    STEPS.with(|s| {
        let n = s.get().saturating_add(1);
        s.set(n);
        if n > MAX_STEPS {
            Err(format!(
                "evaluating the files takes over {MAX_STEPS} steps (loops within loops); fedcred stops there"
            ))
        } else {
            Ok(())
        }
    })
}

/// How many values `value` holds, counted up to `limit`.
fn weight(value: &Value, limit: usize) -> usize {
    let mut n = 1;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        if n > limit {
            break;
        }
        match v {
            Value::Array(items) => {
                n += items.len();
                stack.extend(items);
            }
            Value::Object(map) => {
                n += map.len();
                stack.extend(map.iter().map(|(_, v)| v));
            }
            _ => {}
        }
    }
    n
}

/// `value`, unless it holds more than [`MAX_VALUES`] values.
pub(in crate::iac) fn bounded_value(name: &str, value: Value) -> Result<Value, String> {
    if weight(&value, MAX_VALUES) > MAX_VALUES {
        Err(format!(
            "{name} holds over {MAX_VALUES} values; fedcred stops there"
        ))
    } else {
        Ok(value)
    }
}

/// An expression of a Bicep file or an ARM template string.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Expr {
    /// A literal: a string without interpolation, a number, `true`, `false`, `null`.
    Literal(Value),
    /// A string with interpolations (`'repo:${org}/${repo}'`): text and expressions in turn.
    Interpolated(Vec<Part>),
    /// A name: a parameter, variable, loop variable or resource (Bicep).
    Name(String),
    /// `[a, b]`.
    Array(Vec<Expr>),
    /// `{ key: value }`, with the resources declared inside it (Bicep's nested children).
    Object(Object),
    /// `a.b`, or `a.?b` (`safe`: null when missing).
    Member(Box<Expr>, String, bool),
    /// `a[i]`, or `a[?i]`.
    Index(Box<Expr>, Box<Expr>, bool),
    /// `parent::child` (a nested resource).
    Child(Box<Expr>, String),
    /// A function call: `name(args)`, or `ns.name(args)` (`sys.`, `az.`) with the namespace left off.
    Call(String, Vec<Expr>),
    /// `!a`, `-a`.
    Unary(char, Box<Expr>),
    /// `a op b`: `==`, `!=`, `=~`, `!~`, `<`, `<=`, `>`, `>=`, `&&`, `||`, `??`, `+`, `-`, `*`, `/`, `%`.
    Binary(&'static str, Box<Expr>, Box<Expr>),
    /// `cond ? a : b`.
    Ternary(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[for item in source: body]`, `[for (item, i) in source: body]`.
    For(Box<For>),
    /// `if (cond) body`: a resource or module deployed only when `cond` holds.
    If(Box<Expr>, Box<Expr>),
    /// `x => body`, `(a, b) => body`.
    Lambda(Vec<String>, Box<Expr>),
    /// `...x`: an array's items in an array, an object's properties in an object (Bicep's
    /// spread operator, "Bicep operators": spread; v0.30).
    Spread(Box<Expr>),
}

/// A part of an interpolated string.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Part {
    /// Text, escapes read.
    Text(String),
    /// `${expr}`.
    Expr(Expr),
}

/// A `for` expression.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct For {
    /// The item's name.
    pub item: String,
    /// The index's name, when given.
    pub index: Option<String>,
    /// What is looped over.
    pub source: Expr,
    /// What each item gives.
    pub body: Expr,
}

/// An object literal.
#[derive(Debug, Clone, PartialEq, Default)]
pub(super) struct Object {
    /// Its properties, in order.
    pub properties: Vec<Property>,
    /// The resources declared inside it (`resource child 'type' = {...}`).
    pub resources: Vec<Resource>,
}

/// A Bicep resource declaration (top-level, or nested in an object).
#[derive(Debug, Clone, PartialEq)]
pub(in crate::iac) struct Resource {
    /// Its symbolic name.
    pub symbol: String,
    /// Its type and API version as written (`Microsoft.ManagedIdentity/…@2023-01-31`, or a
    /// child's `federatedIdentityCredentials`).
    pub type_: String,
    /// Whether it is `existing` (read, not deployed).
    pub existing: bool,
    /// Its body: an object, `if (…) {…}` or `[for …: …]`.
    pub body: Expr,
    /// The line it starts on (1-based).
    pub line: usize,
}

/// One property of an object literal, with where its value is written.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Property {
    /// Its key (empty when it is built by interpolation).
    pub key: String,
    /// Its key's interpolation, when it is one.
    pub key_expr: Option<Expr>,
    /// Whether it is `...value`: the properties of the object `value` gives, in its place.
    pub spread: bool,
    /// Its value.
    pub value: Expr,
    /// The line it is on (1-based).
    pub line: usize,
    /// Its value's text, as written.
    pub source: String,
}

impl Object {
    /// The property `key` (Bicep keys are compared case-insensitively, as ARM's are).
    pub fn get(&self, key: &str) -> Option<&Property> {
        self.properties
            .iter()
            .find(|p| !p.spread && p.key_expr.is_none() && p.key.eq_ignore_ascii_case(key))
    }
}

impl Expr {
    /// Whether it is a plain literal: a string without interpolation, or an array of them, so a
    /// fix can give the corrected value itself.
    pub fn is_literal(&self) -> bool {
        match self {
            Expr::Literal(_) => true,
            Expr::Array(items) => items.iter().all(Expr::is_literal),
            _ => false,
        }
    }

    /// The dotted text of a reference (`aks.properties.oidcIssuerProfile.issuerURL`,
    /// `identity::fic.name`), to name it and to look it up among the values given.
    pub fn reference_text(&self) -> Option<String> {
        match self {
            Expr::Name(n) => Some(n.clone()),
            Expr::Call(name, args) if args.is_empty() => Some(format!("{name}()")),
            Expr::Member(e, m, _) => Some(format!("{}.{m}", e.reference_text()?)),
            Expr::Child(e, c) => Some(format!("{}::{c}", e.reference_text()?)),
            Expr::Index(e, i, _) => match i.as_ref() {
                Expr::Literal(v) => Some(format!("{}[{v}]", e.reference_text()?)),
                _ => None,
            },
            _ => None,
        }
    }
}

/// What one language knows that the other does not: its names and its own functions.
pub(super) trait Scope {
    /// The value of a Bicep name (a parameter, variable or resource), or why it cannot be known.
    fn name(&self, name: &str, depth: usize) -> Result<Value, String>;
    /// A reference rooted at a resource or module (`aks.properties.oidcIssuerProfile.issuerURL`):
    /// `Some` when this scope answers it (a value given, or why it is known only at deployment).
    fn reference(&self, expr: &Expr, depth: usize) -> Option<Result<Value, String>>;
    /// A function only this language has (ARM's `parameters`, `variables`, `copyIndex`), with its
    /// arguments evaluated; `None` when it is no such function.
    fn call(&self, name: &str, args: &[Value]) -> Option<Result<Value, String>>;
}

/// What marks a value inside an array or object that cannot be known, with why after it: one
/// unknown item leaves the rest of its list or object usable (a list of credentials whose one
/// issuer is known only at deployment still gives the others), and any use of the item itself
/// fails with its reason ([`eval`] never returns it bare; [`functions::text`] refuses a value
/// holding one). No text a file or user writes holds it: it starts with a NUL.
const MARK: &str = "\u{0}fedcred:unknown\u{0}";

/// An item that cannot be known, kept in its array or object.
pub(in crate::iac) fn unknown(why: String) -> Value {
    Value::String(format!("{MARK}{why}"))
}

/// Why `value`, or something inside it, cannot be known.
pub(in crate::iac) fn unknown_in(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => s.find(MARK).map(|i| {
            let rest = s.get(i + MARK.len()..).unwrap_or("");
            rest.split(MARK).next().unwrap_or(rest).to_owned()
        }),
        Value::Array(items) => items.iter().find_map(unknown_in),
        Value::Object(map) => map.iter().find_map(|(_, v)| unknown_in(v)),
        _ => None,
    }
}

/// `value`, unless it is itself an unknown item.
fn known(value: Value) -> Result<Value, String> {
    match &value {
        Value::String(s) if s.contains(MARK) => Err(unknown_in(&value).unwrap_or_default()),
        _ => Ok(value),
    }
}

/// The loop and lambda variables in force, innermost last.
pub(super) type Locals = Vec<(String, Value)>;

/// Evaluates `expr` in `scope` with `locals` bound. An array or object may hold items that
/// cannot be known ([`unknown`]); the value returned is never one itself.
pub(super) fn eval(
    expr: &Expr,
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    eval_inner(expr, scope, locals, depth).and_then(known)
}

fn eval_inner(
    expr: &Expr,
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    if depth > MAX_DEPTH {
        return Err(format!(
            "the expression, with the variables it reads, nests deeper than {MAX_DEPTH} levels"
        ));
    }
    step()?;
    let d = depth + 1;
    match expr {
        Expr::Literal(v) => Ok(v.clone()),
        Expr::Interpolated(parts) => {
            let mut out = String::new();
            let mut missing = Vec::new();
            for part in parts {
                match part {
                    Part::Text(t) => out.push_str(t),
                    Part::Expr(e) => match eval(e, scope, locals, d) {
                        Ok(v) => out.push_str(&functions::text(&v)?),
                        Err(why) => missing.push(why),
                    },
                }
            }
            if missing.is_empty() {
                functions::bounded(out)
            } else {
                Err(join_reasons(missing))
            }
        }
        Expr::Name(name) => match locals.iter().rev().find(|(n, _)| n == name) {
            Some((_, v)) => Ok(v.clone()),
            None => scope.name(name, d),
        },
        Expr::Array(items) => {
            let mut out = Vec::with_capacity(items.len());
            for item in items {
                match item {
                    Expr::Spread(e) => match eval(e, scope, locals, d) {
                        Ok(Value::Array(more)) => out.extend(more),
                        Ok(other) => {
                            return Err(format!("'...' is given {}, not an array", other.kind()));
                        }
                        Err(why) => out.push(unknown(why)),
                    },
                    item => out.push(eval(item, scope, locals, d).unwrap_or_else(unknown)),
                }
            }
            Ok(Value::Array(out))
        }
        Expr::Object(object) => {
            let mut map = Map::new();
            let mut missing = Vec::new();
            for p in &object.properties {
                if p.spread {
                    match eval(&p.value, scope, locals, d) {
                        Ok(Value::Object(more)) => {
                            for (k, v) in more.iter() {
                                map.insert(k.clone(), v.clone());
                            }
                        }
                        Ok(other) => {
                            missing.push(format!("'...' is given {}, not an object", other.kind()))
                        }
                        Err(why) => missing.push(why),
                    }
                    continue;
                }
                let key = match &p.key_expr {
                    None => Ok(p.key.clone()),
                    Some(k) => eval(k, scope, locals, d).and_then(|k| functions::text(&k)),
                };
                match key {
                    Ok(k) => {
                        map.insert(k, eval(&p.value, scope, locals, d).unwrap_or_else(unknown));
                    }
                    Err(why) => missing.push(why),
                }
            }
            if missing.is_empty() {
                Ok(Value::Object(map))
            } else {
                Err(join_reasons(missing))
            }
        }
        Expr::Member(target, member, safe) => {
            if let Some(answer) = scope.reference(expr, d) {
                return answer;
            }
            let value = eval(target, scope, locals, d)?;
            match &value {
                Value::Object(map) => {
                    match map.iter().find(|(k, _)| k.eq_ignore_ascii_case(member)) {
                        Some((_, v)) => Ok(v.clone()),
                        None if *safe => Ok(Value::Null),
                        None => Err(format!("{} has no property '{member}'", describe(target))),
                    }
                }
                Value::Null if *safe => Ok(Value::Null),
                other => Err(format!(
                    "{} is {}, which has no property '{member}'",
                    describe(target),
                    other.kind()
                )),
            }
        }
        Expr::Index(target, index, safe) => {
            if let Some(answer) = scope.reference(expr, d) {
                return answer;
            }
            let value = eval(target, scope, locals, d)?;
            let index = eval(index, scope, locals, d)?;
            functions::index(&value, &index, *safe)
        }
        Expr::Child(..) => match scope.reference(expr, d) {
            Some(answer) => answer,
            None => Err(format!("{} cannot be read", describe(expr))),
        },
        Expr::Call(name, args) => call(name, args, scope, locals, d),
        Expr::Unary(op, e) => {
            let v = eval(e, scope, locals, d)?;
            match (op, v) {
                ('!', Value::Bool(b)) => Ok(Value::Bool(!b)),
                ('-', v) => functions::call("sub", &[Value::from(0), v]),
                (op, v) => Err(format!("'{op}' cannot be applied to {}", v.kind())),
            }
        }
        Expr::Binary(op, a, b) => binary(op, a, b, scope, locals, d),
        Expr::Ternary(cond, yes, no) => branch("a condition", cond, yes, no, scope, locals, d),
        Expr::For(f) => {
            let source = eval(&f.source, scope, locals, d)?;
            let items = items_of(&source)?;
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                locals.push((f.item.clone(), item));
                if let Some(index) = &f.index {
                    locals.push((index.clone(), Value::from(i as i64)));
                }
                let v = match &f.body {
                    Expr::If(cond, body) => match eval(cond, scope, locals, d) {
                        Ok(Value::Bool(true)) => eval(body, scope, locals, d).map(Some),
                        Ok(Value::Bool(false)) => Ok(None),
                        Ok(other) => Err(format!(
                            "a condition is {}, not true or false",
                            other.kind()
                        )),
                        Err(why) => Err(why),
                    },
                    body => eval(body, scope, locals, d).map(Some),
                };
                locals.truncate(locals.len() - 1 - usize::from(f.index.is_some()));
                match v {
                    Ok(v) => out.extend(v),
                    Err(why) => out.push(unknown(why)),
                }
            }
            Ok(Value::Array(out))
        }
        Expr::If(cond, body) => match eval(cond, scope, locals, d)? {
            Value::Bool(true) => eval(body, scope, locals, d),
            _ => Ok(Value::Null),
        },
        Expr::Lambda(..) => Err("a lambda is not a value".to_owned()),
        Expr::Spread(_) => Err("'...' stands only in an array or an object".to_owned()),
    }
}

/// What a `for` loops over: an array's items (Bicep loops over arrays; `items(obj)` and
/// `range(...)` make one).
pub(super) fn items_of(source: &Value) -> Result<Vec<Value>, String> {
    match source {
        Value::Array(items) => {
            if items.len() > super::terraform::MAX_INSTANCES {
                Err(format!(
                    "a loop over {} items: fedcred expands at most {}",
                    items.len(),
                    super::terraform::MAX_INSTANCES
                ))
            } else {
                Ok(items.clone())
            }
        }
        other => Err(format!("a loop is over {}, not an array", other.kind())),
    }
}

/// Several reasons as one sentence, each said once.
pub(super) fn join_reasons(reasons: Vec<String>) -> String {
    let mut out: Vec<String> = Vec::new();
    for r in reasons {
        for part in r.split("; ") {
            if !out.iter().any(|o| o == part) {
                out.push(part.to_owned());
            }
        }
    }
    out.join("; ")
}

/// How an expression is named in a message: its reference text, or "a value".
pub(super) fn describe(expr: &Expr) -> String {
    match expr.reference_text() {
        Some(t) => format!("'{t}'"),
        None => match expr {
            Expr::Call(name, _) => format!("{name}(...)"),
            _ => "a value".to_owned(),
        },
    }
}

/// `yes` or `no` as `cond` (`what`, in a message) decides; only the branch taken is evaluated.
fn branch(
    what: &str,
    cond: &Expr,
    yes: &Expr,
    no: &Expr,
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    match eval(cond, scope, locals, depth)? {
        Value::Bool(true) => eval(yes, scope, locals, depth),
        Value::Bool(false) => eval(no, scope, locals, depth),
        other => Err(format!("{what} is {}, not true or false", other.kind())),
    }
}

fn call(
    name: &str,
    args: &[Expr],
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    let lower = name.to_ascii_lowercase();
    // `if` evaluates only the branch its condition picks (Microsoft Learn, "Logical functions for
    // ARM templates", `if`, Remarks), so an unknown value in the other branch is no loss.
    if lower == "if" {
        let [cond, yes, no] = args else {
            return Err("if() takes three arguments".to_owned());
        };
        return branch("if()'s condition", cond, yes, no, scope, locals, depth);
    }
    // The lambda functions fedcred evaluates (Bicep's `filter`, `map`, `toObject`): their lambdas
    // evaluated here; `sort` and `reduce` are said not to be evaluated, as any function not here.
    if matches!(lower.as_str(), "filter" | "map" | "toobject") {
        return lambda_call(&lower, args, scope, locals, depth);
    }
    let mut values = Vec::with_capacity(args.len());
    let mut missing = Vec::new();
    for a in args {
        match eval(a, scope, locals, depth) {
            Ok(v) => values.push(v),
            Err(why) => missing.push(why),
        }
    }
    if !missing.is_empty() {
        return Err(join_reasons(missing));
    }
    if let Some(answer) = scope.call(&lower, &values) {
        return answer;
    }
    if let Some(why) = functions::deployment_only(&lower) {
        return Err(why);
    }
    functions::call(&lower, &values)
}

fn lambda_call(
    name: &str,
    args: &[Expr],
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    let (Some(source), Some(Expr::Lambda(params, body))) = (args.first(), args.get(1)) else {
        return Err(format!("{name}() takes an array and a lambda"));
    };
    let items = items_of(&eval(source, scope, locals, depth)?)?;
    let mut apply = |item: Value, i: usize, body: &Expr| -> Result<Value, String> {
        let pushed = params.len().min(2);
        if let Some(p) = params.first() {
            locals.push((p.clone(), item));
        }
        if let Some(p) = params.get(1) {
            locals.push((p.clone(), Value::from(i as i64)));
        }
        let v = eval(body, scope, locals, depth);
        locals.truncate(locals.len() - pushed);
        v
    };
    match name {
        "map" => {
            let mut out = Vec::with_capacity(items.len());
            for (i, item) in items.into_iter().enumerate() {
                out.push(apply(item, i, body).unwrap_or_else(unknown));
            }
            Ok(Value::Array(out))
        }
        "filter" => {
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                if apply(item.clone(), i, body)? == Value::Bool(true) {
                    out.push(item);
                }
            }
            Ok(Value::Array(out))
        }
        _ => {
            // toObject(array, key lambda, value lambda?)
            let value_lambda = match args.get(2) {
                Some(Expr::Lambda(_, b)) => Some(b.as_ref()),
                _ => None,
            };
            let mut map = Map::new();
            for (i, item) in items.into_iter().enumerate() {
                let key = functions::text(&apply(item.clone(), i, body)?)?;
                let value = match value_lambda {
                    Some(b) => apply(item, i, b)?,
                    None => item,
                };
                map.insert(key, value);
            }
            Ok(Value::Object(map))
        }
    }
}

fn binary(
    op: &str,
    a: &Expr,
    b: &Expr,
    scope: &dyn Scope,
    locals: &mut Locals,
    depth: usize,
) -> Result<Value, String> {
    // Short-circuits: `false && x`, `true || x` and `a ?? x` with `a` not null do not need `x`.
    match op {
        "&&" | "||" => {
            // Either side decides when it is false (`&&`) or true (`||`), even when the other
            // cannot be known.
            let decides = op == "||";
            let side = |e: &Expr, locals: &mut Locals| -> Result<bool, String> {
                match eval(e, scope, locals, depth)? {
                    Value::Bool(b) => Ok(b),
                    other => Err(format!("'{op}' is given {}", other.kind())),
                }
            };
            return match side(a, locals) {
                Ok(l) if l == decides => Ok(Value::Bool(decides)),
                Ok(_) => side(b, locals).map(Value::Bool),
                Err(left) => match side(b, locals) {
                    Ok(r) if r == decides => Ok(Value::Bool(decides)),
                    Ok(_) => Err(left),
                    Err(right) => Err(join_reasons(vec![left, right])),
                },
            };
        }
        "??" => {
            return match eval(a, scope, locals, depth)? {
                Value::Null => eval(b, scope, locals, depth),
                v => Ok(v),
            };
        }
        _ => {}
    }
    let left = eval(a, scope, locals, depth)?;
    let right = eval(b, scope, locals, depth)?;
    let name = match op {
        "==" => return Ok(Value::Bool(functions::equal(&left, &right, false))),
        "!=" => return Ok(Value::Bool(!functions::equal(&left, &right, false))),
        "=~" => return Ok(Value::Bool(functions::equal(&left, &right, true))),
        "!~" => return Ok(Value::Bool(!functions::equal(&left, &right, true))),
        "<" => "less",
        "<=" => "lessOrEquals",
        ">" => "greater",
        ">=" => "greaterOrEquals",
        "+" => "add",
        "-" => "sub",
        "*" => "mul",
        "/" => "div",
        _ => "mod",
    };
    functions::call(&name.to_ascii_lowercase(), &[left, right])
}
