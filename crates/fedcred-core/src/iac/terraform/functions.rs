//! The Terraform functions credential declarations use, for hcl-rs' evaluator: `format`,
//! `lower`, `join`, `lookup`, `merge` and the collection and string functions that build
//! subjects and `for_each` maps. Each follows Terraform's documentation (developer.hashicorp.com
//! /terraform/language/functions, the pages of each name, read 2026-12-05; Terraform v1.14).
//! A function not here is not guessed: the expression that calls it is reported as unresolved.

use hcl::Value;
use hcl::eval::{Context, FuncArgs, FuncDef, ParamType};

/// The largest list or string a function builds, so a declaration cannot make fedcred build a
/// value of gigabytes (`join` of `join`s).
const MAX_LEN: usize = 1 << 20;

fn text(value: &Value) -> Result<String, String> {
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Err("a null value where a string is needed".to_owned()),
        Value::Array(_) => Err("a list where a string is needed".to_owned()),
        Value::Object(_) => Err("a map where a string is needed".to_owned()),
    }
}

/// The `n`th argument (hcl-rs checks the count against the definition before the call).
fn arg(args: &FuncArgs, n: usize) -> Result<&Value, String> {
    args.get(n)
        .ok_or_else(|| format!("argument {} is missing", n + 1))
}

fn bounded(s: String) -> Result<Value, String> {
    if s.len() > MAX_LEN {
        Err("the string built is over 1 MiB".to_owned())
    } else {
        Ok(Value::String(s))
    }
}

fn list(value: &Value) -> Result<&[Value], String> {
    match value {
        Value::Array(items) => Ok(items),
        _ => Err("a list is needed".to_owned()),
    }
}

/// `format(spec, values...)`: the verbs `%s`, `%d`, `%v`, `%q`, `%t` and `%%`; a width or flag
/// is not evaluated (Terraform's `format` page; none of the credential modules read uses one).
fn format(args: FuncArgs) -> Result<Value, String> {
    let values = args.into_values();
    let (spec, rest) = values.split_first().ok_or("format needs a format string")?;
    let spec = text(spec)?;
    let mut out = String::new();
    let mut next = rest.iter();
    let mut chars = spec.chars();
    while let Some(c) = chars.next() {
        if c != '%' {
            out.push(c);
            continue;
        }
        let verb = chars.next().ok_or("the format string ends with '%'")?;
        if verb == '%' {
            out.push('%');
            continue;
        }
        let value = next
            .next()
            .ok_or_else(|| format!("the format string has more verbs than values (at %{verb})"))?;
        match verb {
            's' | 'v' | 'd' | 't' => out.push_str(&text(value)?),
            'q' => {
                out.push('"');
                for ch in text(value)?.chars() {
                    match ch {
                        '"' => out.push_str("\\\""),
                        '\\' => out.push_str("\\\\"),
                        '\n' => out.push_str("\\n"),
                        _ => out.push(ch),
                    }
                }
                out.push('"');
            }
            other => return Err(format!("the verb %{other} is not evaluated by fedcred")),
        }
        if out.len() > MAX_LEN {
            return Err("the string built is over 1 MiB".to_owned());
        }
    }
    bounded(out)
}

// Terraform's lower and upper follow Unicode (the functions' pages: "Unicode letters"); the
// case tables this pulls in are paid only by the Terraform reader.
#[allow(clippy::disallowed_methods)]
fn lower(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(arg(&args, 0)?)?.to_lowercase()))
}

#[allow(clippy::disallowed_methods)]
fn upper(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(arg(&args, 0)?)?.to_uppercase()))
}

/// `join(separator, lists...)`.
fn join(args: FuncArgs) -> Result<Value, String> {
    let values = args.into_values();
    let (sep, lists) = values.split_first().ok_or("join needs a separator")?;
    let sep = text(sep)?;
    let mut parts = Vec::new();
    for l in lists {
        for item in list(l)? {
            parts.push(text(item)?);
        }
    }
    bounded(parts.join(&sep))
}

fn split(args: FuncArgs) -> Result<Value, String> {
    let sep = text(arg(&args, 0)?)?;
    let s = text(arg(&args, 1)?)?;
    if sep.is_empty() {
        return Err("split with an empty separator".to_owned());
    }
    Ok(Value::Array(
        s.split(sep.as_str())
            .map(|p| Value::String(p.to_owned()))
            .collect(),
    ))
}

/// `lookup(map, key, default)`: the default when the key is absent; without one, an error.
fn lookup(args: FuncArgs) -> Result<Value, String> {
    let values = args.into_values();
    let (Some(map), Some(key)) = (values.first(), values.get(1)) else {
        return Err("lookup needs a map and a key".to_owned());
    };
    let Value::Object(map) = map else {
        return Err("lookup's first argument is not a map".to_owned());
    };
    let key = text(key)?;
    match (map.get(&key), values.get(2)) {
        (Some(v), _) => Ok(v.clone()),
        (None, Some(default)) => Ok(default.clone()),
        (None, None) => Err(format!(
            "the map has no key '{key}' and no default is given"
        )),
    }
}

/// `merge(maps...)`: later keys win; null arguments are skipped.
fn merge(args: FuncArgs) -> Result<Value, String> {
    let mut out = hcl::Map::new();
    for value in args.into_values() {
        match value {
            Value::Object(map) => out.extend(map),
            Value::Null => {}
            _ => return Err("merge takes maps".to_owned()),
        }
    }
    Ok(Value::Object(out))
}

fn concat(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for value in args.into_values() {
        match value {
            Value::Array(items) => out.extend(items),
            _ => return Err("concat takes lists".to_owned()),
        }
        if out.len() > MAX_LEN {
            return Err("the list built has over a million items".to_owned());
        }
    }
    Ok(Value::Array(out))
}

/// Terraform's sets of strings are ordered lexically (the `toset` page: "the ordering ... is
/// lexical"); a set has each value once.
fn toset(args: FuncArgs) -> Result<Value, String> {
    let mut items = list(arg(&args, 0)?)?.to_vec();
    if items.iter().all(|v| matches!(v, Value::String(_))) {
        items.sort_by_key(|a| text(a).unwrap_or_default());
    }
    let mut out: Vec<Value> = Vec::with_capacity(items.len());
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    Ok(Value::Array(out))
}

fn identity(args: FuncArgs) -> Result<Value, String> {
    Ok(arg(&args, 0)?.clone())
}

fn tostring(args: FuncArgs) -> Result<Value, String> {
    match arg(&args, 0)? {
        Value::Null => Ok(Value::Null),
        other => Ok(Value::String(text(other)?)),
    }
}

/// Maps iterate in lexical key order in Terraform (`keys`: "lexicographical order").
fn sorted(map: &hcl::Map<String, Value>) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = map.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    entries
}

fn keys(args: FuncArgs) -> Result<Value, String> {
    let Value::Object(map) = arg(&args, 0)? else {
        return Err("keys takes a map".to_owned());
    };
    Ok(Value::Array(
        sorted(map)
            .into_iter()
            .map(|(k, _)| Value::String(k.clone()))
            .collect(),
    ))
}

fn values(args: FuncArgs) -> Result<Value, String> {
    let Value::Object(map) = arg(&args, 0)? else {
        return Err("values takes a map".to_owned());
    };
    Ok(Value::Array(
        sorted(map).into_iter().map(|(_, v)| v.clone()).collect(),
    ))
}

fn length(args: FuncArgs) -> Result<Value, String> {
    let n = match arg(&args, 0)? {
        Value::Array(items) => items.len(),
        Value::Object(map) => map.len(),
        Value::String(s) => s.chars().count(),
        _ => return Err("length takes a list, a map or a string".to_owned()),
    };
    Ok(Value::from(u64::try_from(n).unwrap_or(u64::MAX)))
}

fn index_of(value: &Value) -> Result<usize, String> {
    match value {
        Value::Number(n) => n
            .as_u64()
            .and_then(|n| usize::try_from(n).ok())
            .ok_or_else(|| "an index must be a whole number of 0 or more".to_owned()),
        _ => Err("an index must be a number".to_owned()),
    }
}

/// `element(list, index)`: the index wraps around the list's length.
fn element(args: FuncArgs) -> Result<Value, String> {
    let items = list(arg(&args, 0)?)?;
    if items.is_empty() {
        return Err("element of an empty list".to_owned());
    }
    let at = index_of(arg(&args, 1)?)? % items.len();
    Ok(items.get(at).cloned().unwrap_or_default())
}

fn contains(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::Bool(list(arg(&args, 0)?)?.contains(arg(&args, 1)?)))
}

fn distinct(args: FuncArgs) -> Result<Value, String> {
    let mut out: Vec<Value> = Vec::new();
    for item in list(arg(&args, 0)?)? {
        if !out.contains(item) {
            out.push(item.clone());
        }
    }
    Ok(Value::Array(out))
}

fn flatten_into(value: &Value, out: &mut Vec<Value>, depth: usize) -> Result<(), String> {
    if depth > 64 {
        return Err("lists nested over 64 deep".to_owned());
    }
    match value {
        Value::Array(items) => {
            for item in items {
                flatten_into(item, out, depth + 1)?;
            }
        }
        other => out.push(other.clone()),
    }
    if out.len() > MAX_LEN {
        return Err("the list built has over a million items".to_owned());
    }
    Ok(())
}

fn flatten(args: FuncArgs) -> Result<Value, String> {
    let mut out = Vec::new();
    for item in list(arg(&args, 0)?)? {
        flatten_into(item, &mut out, 0)?;
    }
    Ok(Value::Array(out))
}

/// `coalesce(values...)`: the first that is neither null nor an empty string.
fn coalesce(args: FuncArgs) -> Result<Value, String> {
    args.into_values()
        .into_iter()
        .find(|v| !matches!(v, Value::Null) && !matches!(v, Value::String(s) if s.is_empty()))
        .ok_or_else(|| "every argument of coalesce is null or empty".to_owned())
}

/// `replace(string, substring, replacement)`; a `/…/` substring is a regular expression in
/// Terraform, which fedcred does not evaluate.
fn replace(args: FuncArgs) -> Result<Value, String> {
    let s = text(arg(&args, 0)?)?;
    let from = text(arg(&args, 1)?)?;
    let to = text(arg(&args, 2)?)?;
    if from.len() > 1 && from.starts_with('/') && from.ends_with('/') {
        return Err("replace with a regular expression is not evaluated by fedcred".to_owned());
    }
    if from.is_empty() {
        return Ok(Value::String(s));
    }
    bounded(s.replace(&from, &to))
}

fn trimprefix(args: FuncArgs) -> Result<Value, String> {
    let s = text(arg(&args, 0)?)?;
    let p = text(arg(&args, 1)?)?;
    Ok(Value::String(
        s.strip_prefix(p.as_str()).unwrap_or(&s).to_owned(),
    ))
}

fn trimsuffix(args: FuncArgs) -> Result<Value, String> {
    let s = text(arg(&args, 0)?)?;
    let p = text(arg(&args, 1)?)?;
    Ok(Value::String(
        s.strip_suffix(p.as_str()).unwrap_or(&s).to_owned(),
    ))
}

/// `trimspace`: Unicode white space at both ends.
fn trimspace(args: FuncArgs) -> Result<Value, String> {
    Ok(Value::String(text(arg(&args, 0)?)?.trim().to_owned()))
}

/// `trim(string, characters)`: every character of the set, from both ends.
fn trim(args: FuncArgs) -> Result<Value, String> {
    let s = text(arg(&args, 0)?)?;
    let set = text(arg(&args, 1)?)?;
    Ok(Value::String(
        s.trim_matches(|c| set.contains(c)).to_owned(),
    ))
}

/// `substr(string, offset, length)` in characters; a length of -1 means to the end.
fn substr(args: FuncArgs) -> Result<Value, String> {
    let s = text(arg(&args, 0)?)?;
    let offset = index_of(arg(&args, 1)?)?;
    let length = match arg(&args, 2)? {
        Value::Number(n) if n.as_i64() == Some(-1) => usize::MAX,
        other => index_of(other)?,
    };
    Ok(Value::String(s.chars().skip(offset).take(length).collect()))
}

/// A JSON value as HCL's (a `.tfvars.json` file's).
pub(super) fn from_json(value: &crate::json::Value) -> Value {
    use crate::json::Value as J;
    match value {
        J::Null => Value::Null,
        J::Bool(b) => Value::Bool(*b),
        J::Number(_) => value
            .as_i64()
            .map(Value::from)
            .or_else(|| value.as_f64().map(Value::from))
            .unwrap_or_default(),
        J::String(s) => Value::String(s.clone()),
        J::Array(items) => Value::Array(items.iter().map(from_json).collect()),
        J::Object(map) => {
            Value::Object(map.iter().map(|(k, v)| (k.clone(), from_json(v))).collect())
        }
    }
}

/// `jsondecode(string)`: the value the JSON text holds.
fn jsondecode(args: FuncArgs) -> Result<Value, String> {
    let text = text(arg(&args, 0)?)?;
    crate::json::parse(text.trim())
        .map(|v| from_json(&v))
        .map_err(|e| format!("jsondecode: the text is not JSON: {e}"))
}

/// Declares every function above in `ctx`.
pub(super) fn declare(ctx: &mut Context<'_>) {
    let any = || ParamType::Any;
    let one = |f| FuncDef::builder().param(ParamType::Any).build(f);
    let two = |f| {
        FuncDef::builder()
            .params([ParamType::Any, ParamType::Any])
            .build(f)
    };
    let three = |f| {
        FuncDef::builder()
            .params([ParamType::Any, ParamType::Any, ParamType::Any])
            .build(f)
    };
    let variadic = |f| FuncDef::builder().variadic_param(any()).build(f);
    ctx.declare_func("format", variadic(format));
    ctx.declare_func("lower", one(lower));
    ctx.declare_func("upper", one(upper));
    ctx.declare_func("join", variadic(join));
    ctx.declare_func("split", two(split));
    ctx.declare_func("lookup", variadic(lookup));
    ctx.declare_func("merge", variadic(merge));
    ctx.declare_func("concat", variadic(concat));
    ctx.declare_func("toset", one(toset));
    ctx.declare_func("tolist", one(identity));
    ctx.declare_func("tomap", one(identity));
    ctx.declare_func("tostring", one(tostring));
    ctx.declare_func("keys", one(keys));
    ctx.declare_func("values", one(values));
    ctx.declare_func("length", one(length));
    ctx.declare_func("element", two(element));
    ctx.declare_func("contains", two(contains));
    ctx.declare_func("distinct", one(distinct));
    ctx.declare_func("flatten", one(flatten));
    ctx.declare_func("coalesce", variadic(coalesce));
    ctx.declare_func("replace", three(replace));
    ctx.declare_func("trimprefix", two(trimprefix));
    ctx.declare_func("trimsuffix", two(trimsuffix));
    ctx.declare_func("trimspace", one(trimspace));
    ctx.declare_func("trim", two(trim));
    ctx.declare_func("substr", three(substr));
    ctx.declare_func("jsondecode", one(jsondecode));
}
