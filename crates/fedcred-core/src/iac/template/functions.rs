//! The template functions credential declarations use, as ARM evaluates them (Microsoft Learn,
//! "ARM template functions" and its pages per area, learn.microsoft.com/azure/
//! azure-resource-manager/templates/template-functions-{string,array,object,logical,comparison,
//! numeric}; located 2026-12-05, the semantics as those pages publish them, checked against the
//! real templates under `tests/fixtures/real-bicep`), which Bicep calls under the same names. Names are
//! compared case-insensitively, as ARM does. A function whose value only a deployment knows is
//! named by [`deployment_only`]; one not here is said so, never guessed.

use crate::json::{Map, Value};

/// The largest string or array a function builds, so a template cannot make fedcred build a
/// value of gigabytes (`range`, `padLeft`, `concat` of `concat`s).
const MAX_LEN: usize = 1 << 20;

/// A value as text, as string interpolation and `concat` write it: strings as they are, numbers
/// as written, `true`/`false`, arrays and objects as JSON (ARM's `string()`).
pub(in crate::iac) fn text(value: &Value) -> Result<String, String> {
    if let Some(why) = super::unknown_in(value) {
        return Err(why);
    }
    match value {
        Value::String(s) => Ok(s.clone()),
        Value::Number(n) => Ok(n.to_string()),
        Value::Bool(b) => Ok(b.to_string()),
        Value::Null => Ok(String::new()),
        other => Ok(other.to_string()),
    }
}

/// `s` as a string value, refused past [`MAX_LEN`].
pub(in crate::iac) fn bounded(s: String) -> Result<Value, String> {
    if s.len() > MAX_LEN {
        Err("a string built is over 1 MiB".to_owned())
    } else {
        Ok(Value::String(s))
    }
}

fn bounded_array(items: Vec<Value>) -> Result<Value, String> {
    if items.len() > MAX_LEN {
        Err("an array built has over a million items".to_owned())
    } else {
        Ok(Value::Array(items))
    }
}

/// `value[index]`: an array's item or an object's property (`safe`: null when missing).
pub(super) fn index(value: &Value, index: &Value, safe: bool) -> Result<Value, String> {
    match (value, index) {
        (Value::Array(items), i) => {
            let found = i
                .as_i64()
                .and_then(|i| usize::try_from(i).ok())
                .and_then(|i| items.get(i));
            match found {
                Some(v) => Ok(v.clone()),
                None if safe => Ok(Value::Null),
                None => Err(format!(
                    "index {i} is outside an array of {} items",
                    items.len()
                )),
            }
        }
        (Value::Object(map), Value::String(key)) => {
            match map.iter().find(|(k, _)| k.eq_ignore_ascii_case(key)) {
                Some((_, v)) => Ok(v.clone()),
                None if safe => Ok(Value::Null),
                None => Err(format!("an object has no property '{key}'")),
            }
        }
        (Value::Null, _) if safe => Ok(Value::Null),
        (v, i) => Err(format!("{} cannot be indexed by {}", v.kind(), i.kind())),
    }
}

/// Whether two values are equal; strings compared ignoring case when `fold` (Bicep's `=~`).
/// Numbers are compared by value, not by how they are written.
pub(super) fn equal(a: &Value, b: &Value, fold: bool) -> bool {
    match (a, b) {
        (Value::String(x), Value::String(y)) if fold => x.eq_ignore_ascii_case(y),
        (Value::Number(_), Value::Number(_)) => a.as_f64() == b.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| equal(p, q, fold))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter().all(|(k, v)| {
                    y.iter()
                        .find(|(l, _)| l.eq_ignore_ascii_case(k))
                        .is_some_and(|(_, w)| equal(v, w, fold))
                })
        }
        _ => a == b,
    }
}

/// Why the value of function `name` (lower case) is known only at deployment, if it is such a
/// function: the resource group, subscription, tenant and deployment, other resources' IDs and
/// properties, and the values hashed from them.
pub(in crate::iac) fn deployment_only(name: &str) -> Option<String> {
    let what = match name {
        "resourcegroup" => "the resource group it is deployed to",
        "subscription" => "the subscription it is deployed to",
        "tenant" => "the tenant it is deployed to",
        "managementgroup" => "the management group it is deployed to",
        "deployment" => "the deployment itself",
        "environment" => "the cloud it is deployed to",
        "reference" => "a deployed resource's properties",
        "resourceid"
        | "subscriptionresourceid"
        | "tenantresourceid"
        | "extensionresourceid"
        | "managementgroupresourceid" => "a resource's ID, which holds the subscription",
        "uniquestring" | "guid" => "a hash of values that include the deployment's own",
        "newguid" | "utcnow" => "a value made new at each deployment",
        "getsecret" => "a Key Vault secret",
        "readenvironmentvariable" => {
            return Some(
                "readEnvironmentVariable() reads an environment variable when the file is compiled, which fedcred cannot see".to_owned(),
            );
        }
        "pickzones" | "providers" => "the region's offerings",
        "loadtextcontent" | "loadjsoncontent" | "loadyamlcontent" | "loadfileasbase64" => {
            return Some(format!(
                "{name}() reads a file when the template is compiled, which fedcred does not follow"
            ));
        }
        n if n.starts_with("list") => "a deployed resource's keys or settings",
        _ => return None,
    };
    Some(format!("{name}() is {what}, known only at deployment"))
}

/// `s` in lower case, as ARM's invariant culture folds it, for ASCII text; text with other
/// letters is not guessed at (Unicode's case tables would cost the page 9 KB).
fn fold(s: &str, name: &str) -> Result<String, String> {
    if s.is_ascii() {
        Ok(s.to_ascii_lowercase())
    } else {
        Err(format!(
            "{name}() is given text with letters outside ASCII ('{s}'), whose case fedcred does not change"
        ))
    }
}

fn arg(args: &[Value], n: usize, name: &str) -> Result<Value, String> {
    args.get(n)
        .cloned()
        .ok_or_else(|| format!("{name}() is missing argument {}", n + 1))
}

fn string_arg(args: &[Value], n: usize, name: &str) -> Result<String, String> {
    match arg(args, n, name)? {
        Value::String(s) => Ok(s),
        other => Err(format!(
            "{name}()'s argument {} is {}, not a string",
            n + 1,
            other.kind()
        )),
    }
}

fn int_arg(args: &[Value], n: usize, name: &str) -> Result<i64, String> {
    let v = arg(args, n, name)?;
    v.as_whole().ok_or_else(|| {
        format!(
            "{name}()'s argument {} is {}, not a whole number",
            n + 1,
            v.kind()
        )
    })
}

fn count(value: &Value) -> Option<usize> {
    match value {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(a) => Some(a.len()),
        Value::Object(m) => Some(m.len()),
        _ => None,
    }
}

/// .NET composite formatting as `format()` does it: `{0}`, `{1}`, `{{` and `}}`. A format
/// specifier (`{0:D2}`) is not guessed.
fn format(pattern: &str, args: &[Value]) -> Result<String, String> {
    let mut out = String::new();
    let mut chars = pattern.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '{' if chars.peek() == Some(&'{') => {
                chars.next();
                out.push('{');
            }
            '}' if chars.peek() == Some(&'}') => {
                chars.next();
                out.push('}');
            }
            '{' => {
                let mut spec = String::new();
                for c in chars.by_ref() {
                    if c == '}' {
                        break;
                    }
                    spec.push(c);
                }
                let n: usize = spec.trim().parse().map_err(|_| {
                    format!("format()'s placeholder '{{{spec}}}' is not one fedcred evaluates ({{0}}, {{1}}, …)")
                })?;
                let v = args
                    .get(n)
                    .ok_or_else(|| format!("format()'s placeholder {{{n}}} has no argument"))?;
                out.push_str(&text(v)?);
                if out.len() > MAX_LEN {
                    return Err("a string built is over 1 MiB".to_owned());
                }
            }
            c => out.push(c),
        }
    }
    Ok(out)
}

fn compare(name: &str, args: &[Value]) -> Result<std::cmp::Ordering, String> {
    let (a, b) = (arg(args, 0, name)?, arg(args, 1, name)?);
    match (&a, &b) {
        (Value::String(x), Value::String(y)) => Ok(x.cmp(y)),
        _ => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => x
                .partial_cmp(&y)
                .ok_or_else(|| format!("{name}() cannot compare its arguments")),
            _ => Err(format!("{name}() compares {} with {}", a.kind(), b.kind())),
        },
    }
}

fn arithmetic(name: &str, args: &[Value]) -> Result<Value, String> {
    let (a, b) = (int_arg(args, 0, name)?, int_arg(args, 1, name)?);
    let r = match name {
        "add" => a.checked_add(b),
        "sub" => a.checked_sub(b),
        "mul" => a.checked_mul(b),
        "div" => a.checked_div(b),
        _ => a.checked_rem(b),
    };
    r.map(Value::from)
        .ok_or_else(|| format!("{name}({a}, {b}) has no whole-number value"))
}

/// Calls template function `name` (lower case) on evaluated `args`.
pub(super) fn call(name: &str, args: &[Value]) -> Result<Value, String> {
    let bool_arg = |n: usize| -> Result<bool, String> {
        arg(args, n, name)?
            .as_bool()
            .ok_or_else(|| format!("{name}()'s argument {} is not true or false", n + 1))
    };
    Ok(match name {
        "concat" => {
            if args.iter().all(|a| matches!(a, Value::Array(_))) && !args.is_empty() {
                let mut out = Vec::new();
                for a in args {
                    if let Value::Array(items) = a {
                        out.extend(items.iter().cloned());
                    }
                }
                return bounded_array(out);
            }
            let mut out = String::new();
            for a in args {
                out.push_str(&text(a)?);
                if out.len() > MAX_LEN {
                    return Err("a string built is over 1 MiB".to_owned());
                }
            }
            Value::String(out)
        }
        "format" => {
            let pattern = string_arg(args, 0, name)?;
            Value::String(format(&pattern, args.get(1..).unwrap_or_default())?)
        }
        "tolower" => Value::String(fold(&string_arg(args, 0, name)?, name)?),
        "toupper" => {
            let s = string_arg(args, 0, name)?;
            fold(&s, name)?;
            Value::String(s.to_ascii_uppercase())
        }
        "trim" => Value::String(string_arg(args, 0, name)?.trim().to_owned()),
        "string" => Value::String(text(&arg(args, 0, name)?)?),
        "replace" => {
            let (s, old, new) = (
                string_arg(args, 0, name)?,
                string_arg(args, 1, name)?,
                string_arg(args, 2, name)?,
            );
            if old.is_empty() {
                return Err("replace() is given an empty string to replace".to_owned());
            }
            return bounded(s.replace(&old, &new));
        }
        "split" => {
            let s = string_arg(args, 0, name)?;
            let seps: Vec<String> = match arg(args, 1, name)? {
                Value::String(d) => vec![d],
                Value::Array(ds) => ds.iter().map(text).collect::<Result<_, _>>()?,
                other => return Err(format!("split()'s delimiter is {}", other.kind())),
            };
            if seps.iter().any(String::is_empty) {
                return Err("split() is given an empty delimiter".to_owned());
            }
            let mut parts = vec![s];
            for sep in &seps {
                parts = parts
                    .iter()
                    .flat_map(|p| p.split(sep.as_str()).map(str::to_owned).collect::<Vec<_>>())
                    .collect();
            }
            return bounded_array(parts.into_iter().map(Value::String).collect());
        }
        "join" => {
            let Value::Array(items) = arg(args, 0, name)? else {
                return Err("join()'s first argument is not an array".to_owned());
            };
            let sep = string_arg(args, 1, name)?;
            let texts: Vec<String> = items.iter().map(text).collect::<Result<_, _>>()?;
            return bounded(texts.join(&sep));
        }
        "substring" => {
            let s = string_arg(args, 0, name)?;
            let chars: Vec<char> = s.chars().collect();
            let start = usize::try_from(int_arg(args, 1, name)?)
                .map_err(|_| "substring()'s start is negative".to_owned())?;
            let len = match args.get(2) {
                Some(_) => usize::try_from(int_arg(args, 2, name)?)
                    .map_err(|_| "substring()'s length is negative".to_owned())?,
                None => chars.len().saturating_sub(start),
            };
            let end = start
                .checked_add(len)
                .filter(|e| *e <= chars.len())
                .ok_or_else(|| format!("substring() reaches past the end of '{s}'"))?;
            Value::String(chars.get(start..end).unwrap_or_default().iter().collect())
        }
        "startswith" | "endswith" => {
            let (s, p) = (
                fold(&string_arg(args, 0, name)?, name)?,
                fold(&string_arg(args, 1, name)?, name)?,
            );
            Value::Bool(if name == "startswith" {
                s.starts_with(&p)
            } else {
                s.ends_with(&p)
            })
        }
        "indexof" | "lastindexof" => match arg(args, 0, name)? {
            Value::String(s) => {
                let (s, p) = (fold(&s, name)?, fold(&string_arg(args, 1, name)?, name)?);
                let at = if name == "indexof" {
                    s.find(&p)
                } else {
                    s.rfind(&p)
                };
                Value::from(at.map_or(-1, |i| s.get(..i).map_or(0, |x| x.chars().count() as i64)))
            }
            Value::Array(items) => {
                let needle = arg(args, 1, name)?;
                let mut found = items
                    .iter()
                    .enumerate()
                    .filter(|(_, v)| equal(v, &needle, false));
                let at = if name == "indexof" {
                    found.next()
                } else {
                    found.next_back()
                };
                Value::from(at.map_or(-1, |(i, _)| i as i64))
            }
            other => return Err(format!("{name}() is given {}", other.kind())),
        },
        "padleft" => {
            let s = text(&arg(args, 0, name)?)?;
            let width = usize::try_from(int_arg(args, 1, name)?).unwrap_or(0);
            if width > MAX_LEN {
                return Err("padLeft() would build a string over 1 MiB".to_owned());
            }
            let pad = match args.get(2) {
                Some(v) => text(v)?.chars().next().unwrap_or(' '),
                None => ' ',
            };
            let n = width.saturating_sub(s.chars().count());
            Value::String(std::iter::repeat_n(pad, n).chain(s.chars()).collect())
        }
        "length" => {
            let v = arg(args, 0, name)?;
            Value::from(count(&v).ok_or_else(|| format!("length() is given {}", v.kind()))? as i64)
        }
        "empty" => {
            let v = arg(args, 0, name)?;
            Value::Bool(v.is_null() || count(&v) == Some(0))
        }
        "contains" => match arg(args, 0, name)? {
            Value::String(s) => Value::Bool(s.contains(&text(&arg(args, 1, name)?)?)),
            Value::Array(items) => {
                let needle = arg(args, 1, name)?;
                Value::Bool(items.iter().any(|v| equal(v, &needle, false)))
            }
            Value::Object(map) => {
                let key = text(&arg(args, 1, name)?)?;
                Value::Bool(map.keys().any(|k| k.eq_ignore_ascii_case(&key)))
            }
            other => return Err(format!("contains() is given {}", other.kind())),
        },
        "first" | "last" => match arg(args, 0, name)? {
            Value::Array(items) => {
                let item = if name == "first" {
                    items.first()
                } else {
                    items.last()
                };
                item.cloned().unwrap_or(Value::Null)
            }
            Value::String(s) => {
                let c = if name == "first" {
                    s.chars().next()
                } else {
                    s.chars().last()
                };
                Value::String(c.map(String::from).unwrap_or_default())
            }
            other => return Err(format!("{name}() is given {}", other.kind())),
        },
        "take" | "skip" => {
            let n = usize::try_from(int_arg(args, 1, name)?.max(0)).unwrap_or(0);
            match arg(args, 0, name)? {
                Value::Array(items) => Value::Array(if name == "take" {
                    items.into_iter().take(n).collect()
                } else {
                    items.into_iter().skip(n).collect()
                }),
                Value::String(s) => Value::String(if name == "take" {
                    s.chars().take(n).collect()
                } else {
                    s.chars().skip(n).collect()
                }),
                other => return Err(format!("{name}() is given {}", other.kind())),
            }
        }
        "array" => match arg(args, 0, name)? {
            Value::Array(items) => Value::Array(items),
            other => Value::Array(vec![other]),
        },
        "createarray" => Value::Array(args.to_vec()),
        "flatten" => {
            let Value::Array(items) = arg(args, 0, name)? else {
                return Err("flatten() is given something other than an array".to_owned());
            };
            let mut out = Vec::new();
            for item in items {
                match item {
                    Value::Array(inner) => out.extend(inner),
                    other => {
                        return Err(format!(
                            "flatten() is given an array holding {}",
                            other.kind()
                        ));
                    }
                }
            }
            return bounded_array(out);
        }
        "range" => {
            let (start, n) = (int_arg(args, 0, name)?, int_arg(args, 1, name)?);
            let n = usize::try_from(n).map_err(|_| "range()'s count is negative".to_owned())?;
            if n > super::super::terraform::MAX_INSTANCES {
                return Err(format!(
                    "range() of {n} items: fedcred expands at most {}",
                    super::super::terraform::MAX_INSTANCES
                ));
            }
            Value::Array(
                (0..n as i64)
                    .map(|i| start.checked_add(i).map(Value::from))
                    .collect::<Option<Vec<_>>>()
                    .ok_or_else(|| "range() overflows".to_owned())?,
            )
        }
        "union" => match args.first() {
            Some(Value::Object(_)) => {
                let mut out = Map::new();
                for a in args {
                    let Value::Object(map) = a else {
                        return Err("union() mixes objects with other values".to_owned());
                    };
                    for (k, v) in map.iter() {
                        out.insert(k.clone(), v.clone());
                    }
                }
                Value::Object(out)
            }
            _ => {
                let mut out: Vec<Value> = Vec::new();
                for a in args {
                    let Value::Array(items) = a else {
                        return Err("union() mixes arrays with other values".to_owned());
                    };
                    for v in items {
                        if !out.iter().any(|o| equal(o, v, false)) {
                            out.push(v.clone());
                        }
                    }
                }
                return bounded_array(out);
            }
        },
        "createobject" => {
            let mut map = Map::new();
            for pair in args.chunks(2) {
                let [k, v] = pair else {
                    return Err("createObject() is given a key without a value".to_owned());
                };
                map.insert(text(k)?, v.clone());
            }
            Value::Object(map)
        }
        "items" => {
            let Value::Object(map) = arg(args, 0, name)? else {
                return Err("items() is given something other than an object".to_owned());
            };
            // ARM sorts items() by key (template functions, "items").
            let mut entries: Vec<(String, Value)> =
                map.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Value::Array(
                entries
                    .into_iter()
                    .map(|(k, v)| {
                        let mut m = Map::new();
                        m.insert("key".into(), Value::String(k));
                        m.insert("value".into(), v);
                        Value::Object(m)
                    })
                    .collect(),
            )
        }
        "objectkeys" => {
            let Value::Object(map) = arg(args, 0, name)? else {
                return Err("objectKeys() is given something other than an object".to_owned());
            };
            Value::Array(map.keys().map(|k| Value::String(k.clone())).collect())
        }
        "json" => {
            let s = string_arg(args, 0, name)?;
            crate::json::parse(&s)
                .map_err(|e| format!("json() is given text that is not JSON: {e}"))?
        }
        "null" => Value::Null,
        "true" => Value::Bool(true),
        "false" => Value::Bool(false),
        "bool" => match arg(args, 0, name)? {
            Value::Bool(b) => Value::Bool(b),
            Value::String(s) if s.eq_ignore_ascii_case("true") => Value::Bool(true),
            Value::String(s) if s.eq_ignore_ascii_case("false") => Value::Bool(false),
            v => Value::Bool(
                v.as_i64()
                    .ok_or_else(|| format!("bool() is given {}", v.kind()))?
                    != 0,
            ),
        },
        "int" => {
            let v = arg(args, 0, name)?;
            let n = match &v {
                Value::String(s) => s.trim().parse::<i64>().ok(),
                v => v.as_whole(),
            };
            Value::from(n.ok_or_else(|| format!("int() is given {}", v.kind()))?)
        }
        "not" => Value::Bool(!bool_arg(0)?),
        "and" | "or" => {
            let mut all = Vec::new();
            for i in 0..args.len() {
                all.push(bool_arg(i)?);
            }
            Value::Bool(if name == "and" {
                all.iter().all(|b| *b)
            } else {
                all.iter().any(|b| *b)
            })
        }
        "equals" => Value::Bool(equal(&arg(args, 0, name)?, &arg(args, 1, name)?, false)),
        "less" => Value::Bool(compare(name, args)?.is_lt()),
        "lessorequals" => Value::Bool(compare(name, args)?.is_le()),
        "greater" => Value::Bool(compare(name, args)?.is_gt()),
        "greaterorequals" => Value::Bool(compare(name, args)?.is_ge()),
        "coalesce" => args
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null),
        "add" | "sub" | "mul" | "div" | "mod" => return arithmetic(name, args),
        "min" | "max" => {
            let items: Vec<Value> = match args {
                [Value::Array(items)] => items.clone(),
                _ => args.to_vec(),
            };
            let mut nums: Vec<i64> = Vec::new();
            for v in &items {
                nums.push(
                    v.as_whole()
                        .ok_or_else(|| format!("{name}() is given {}", v.kind()))?,
                );
            }
            let r = if name == "min" {
                nums.iter().min()
            } else {
                nums.iter().max()
            };
            Value::from(*r.ok_or_else(|| format!("{name}() is given nothing"))?)
        }
        _ => {
            return Err(format!(
                "{name}() is not a function fedcred evaluates; give the value it makes instead"
            ));
        }
    })
}
