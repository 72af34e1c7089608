//! JSON as fedcred reads and writes it: tokens' headers and claims, AADSTS error bodies, pasted
//! credentials and JWKS, shared links, and the request bodies in snippets.
//!
//! A small reader and writer of its own instead of `serde_json`: the web bundle needs only
//! values, not a serializer framework, and `serde_json` with the maps that keep key order cost
//! it about 30 KB of wasm (issue 6). What it promises:
//!
//! - [RFC 8259](https://www.rfc-editor.org/rfc/rfc8259) syntax, strictly: no comments, no
//!   trailing commas, no single quotes, no unescaped control characters, no lone surrogates.
//! - Objects keep their keys in the order written (a token's claims are shown as the issuer
//!   wrote them). A repeated key keeps its first position and its last value.
//! - Numbers keep the text they were written with, so a value is shown exactly as it was sent;
//!   [`Value::as_i64`], [`Value::as_u64`] and [`Value::as_f64`] read it.
//! - Nesting deeper than [`MAX_DEPTH`] is refused instead of exhausting the stack.
//!
//! ```
//! use fedcred_core::json::{self, Value};
//!
//! let value = json::parse(r#"{"sub": "repo:o/r:ref:refs/heads/main", "exp": 1700000000}"#).unwrap();
//! assert_eq!(value["sub"], "repo:o/r:ref:refs/heads/main");
//! assert_eq!(value["exp"].as_i64(), Some(1_700_000_000));
//! assert_eq!(value["missing"], Value::Null);
//! assert_eq!(value.to_string(), r#"{"sub":"repo:o/r:ref:refs/heads/main","exp":1700000000}"#);
//! assert!(json::parse("{'sub': 1}").unwrap_err().to_string().contains("line 1 column 2"));
//! ```

mod read;
#[cfg(test)]
mod tests;
mod write;

use std::fmt;

pub use read::{Error, parse};
pub use write::quote;
use write::write_value;

/// The deepest nesting of arrays and objects [`parse`] accepts.
pub const MAX_DEPTH: usize = 128;

/// A JSON value.
#[derive(Debug, Clone, PartialEq, Default)]
pub enum Value {
    /// `null`.
    #[default]
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written.
    Number(Number),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object.
    Object(Map),
}

/// A JSON number, kept as the text it was written with (always valid JSON number syntax).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    fn is_integer(&self) -> bool {
        !self.0.contains(['.', 'e', 'E'])
    }
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A JSON object: its members in the order they were written or inserted.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Map(Vec<(String, Value)>);

impl Map {
    /// An empty object.
    pub fn new() -> Self {
        Self::default()
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.0.iter().find(|(k, _)| k == key).map(|(_, v)| v)
    }

    /// Whether the object has `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`: in place when the key is there (returning the old value), at the
    /// end otherwise.
    pub fn insert(&mut self, key: String, value: Value) -> Option<Value> {
        match self.0.iter_mut().find(|(k, _)| *k == key) {
            Some((_, old)) => Some(std::mem::replace(old, value)),
            None => {
                self.0.push((key, value));
                None
            }
        }
    }

    /// The members in order.
    pub fn iter(&self) -> impl ExactSizeIterator<Item = (&String, &Value)> {
        self.0.iter().map(|(k, v)| (k, v))
    }

    /// The keys in order.
    pub fn keys(&self) -> impl ExactSizeIterator<Item = &String> {
        self.0.iter().map(|(k, _)| k)
    }

    /// How many members.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl FromIterator<(String, Value)> for Map {
    fn from_iter<I: IntoIterator<Item = (String, Value)>>(iter: I) -> Self {
        let mut map = Map::new();
        for (k, v) in iter {
            map.insert(k, v);
        }
        map
    }
}

impl IntoIterator for Map {
    type Item = (String, Value);
    type IntoIter = std::vec::IntoIter<(String, Value)>;
    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl<'a> IntoIterator for &'a Map {
    type Item = (&'a String, &'a Value);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (String, Value)>,
        fn(&'a (String, Value)) -> (&'a String, &'a Value),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(k, v)| (k, v))
    }
}

static NULL: Value = Value::Null;

/// `map["key"]`: the value, or `null` when the key is missing (never panics).
impl std::ops::Index<&str> for Map {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

/// `value["key"]`: the member of an object, or `null` (never panics).
impl std::ops::Index<&str> for Value {
    type Output = Value;
    fn index(&self, key: &str) -> &Value {
        self.get(key).unwrap_or(&NULL)
    }
}

impl Value {
    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The array, if this is one.
    pub fn as_array(&self) -> Option<&Vec<Value>> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Map> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    /// The boolean, if this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// An integer number that fits an `i64` (not `1.0` nor `1e3`).
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) if n.is_integer() => n.0.parse().ok(),
            _ => None,
        }
    }

    /// A non-negative integer number that fits a `u64`.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if n.is_integer() => n.0.parse().ok(),
            _ => None,
        }
    }

    /// Any number, truncated toward zero to a whole number, if that fits an `i64`: `1.9` is 1,
    /// `1.5e3` is 1500. Exact (no floating point), so a NumericDate with fractional seconds
    /// (RFC 7519 allows them) reads as its whole second.
    pub fn as_whole(&self) -> Option<i64> {
        let Value::Number(n) = self else {
            return None;
        };
        let (negative, unsigned) = match n.0.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, n.0.as_str()),
        };
        let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
            Some((m, e)) => (m, e.parse::<i64>().ok()?),
            None => (unsigned, 0),
        };
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits = format!("{int}{frac}");
        // Where the decimal point falls in `digits`.
        let point = i64::try_from(int.len()).ok()?.checked_add(exponent)?;
        let whole = match usize::try_from(point) {
            Err(_) | Ok(0) => return Some(0),
            // An i64 has at most 19 digits; refuse before building a long string of zeros.
            Ok(p) if p > 20 => return None,
            Ok(p) if p <= digits.len() => digits.get(..p)?.to_owned(),
            Ok(p) => format!("{digits}{}", "0".repeat(p - digits.len())),
        };
        let magnitude: i64 = whole.parse().ok()?;
        Some(if negative { -magnitude } else { magnitude })
    }

    /// Any number, as the nearest `f64`.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.0.parse().ok(),
            _ => None,
        }
    }

    /// Whether this is a string.
    pub fn is_string(&self) -> bool {
        matches!(self, Value::String(_))
    }

    /// Whether this is `null`.
    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// The member `key` of an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.as_object().and_then(|m| m.get(key))
    }

    /// The JSON type, for messages: "a string", "an object", ….
    pub fn kind(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }

    /// The JSON text, indented by two spaces per level.
    pub fn to_pretty(&self) -> String {
        let mut out = String::new();
        write_value(&mut out, self, Some(0));
        out
    }
}

impl PartialEq<str> for Value {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == Some(other)
    }
}

impl PartialEq<&str> for Value {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == Some(*other)
    }
}

impl From<&str> for Value {
    fn from(s: &str) -> Self {
        Value::String(s.to_owned())
    }
}

impl From<String> for Value {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<bool> for Value {
    fn from(b: bool) -> Self {
        Value::Bool(b)
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Self {
        Value::Number(Number(n.to_string()))
    }
}

impl From<Vec<Value>> for Value {
    fn from(items: Vec<Value>) -> Self {
        Value::Array(items)
    }
}

impl From<Map> for Value {
    fn from(map: Map) -> Self {
        Value::Object(map)
    }
}

/// For the CLI's `--format json`: numbers as integers where they are, otherwise as floats.
impl serde::Serialize for Value {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Value::Null => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Number(_) => match (self.as_i64(), self.as_u64()) {
                (Some(i), _) => serializer.serialize_i64(i),
                (None, Some(u)) => serializer.serialize_u64(u),
                (None, None) => serializer.serialize_f64(self.as_f64().unwrap_or(f64::NAN)),
            },
            Value::String(s) => serializer.serialize_str(s),
            Value::Array(items) => serializer.collect_seq(items),
            Value::Object(map) => map.serialize(serializer),
        }
    }
}

impl serde::Serialize for Map {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}
