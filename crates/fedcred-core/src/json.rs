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

use std::fmt::{self, Write as _};

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

/// The compact JSON text.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        write_value(&mut out, self, None);
        f.write_str(&out)
    }
}

/// `s` as a JSON string literal, quotes included.
pub fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    write_string(&mut out, s);
    out
}

fn write_string(out: &mut String, s: &str) {
    out.push('"');
    let mut rest = s;
    // Copy the runs that need no escape in one go.
    while let Some(at) = rest.find(|c: char| c < ' ' || c == '"' || c == '\\') {
        let (plain, tail) = rest.split_at(at);
        out.push_str(plain);
        let mut chars = tail.chars();
        match chars.next() {
            Some('"') => out.push_str("\\\""),
            Some('\\') => out.push_str("\\\\"),
            Some('\n') => out.push_str("\\n"),
            Some('\r') => out.push_str("\\r"),
            Some('\t') => out.push_str("\\t"),
            Some('\u{8}') => out.push_str("\\b"),
            Some('\u{c}') => out.push_str("\\f"),
            Some(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            None => {}
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    out.push('"');
}

/// Writes `value`; `indent` is the current level when pretty, `None` when compact.
fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => out.push_str(&n.0),
        Value::String(s) => write_string(out, s),
        Value::Array(items) => {
            write_members(out, ('[', ']'), indent, items.iter(), |out, item, inner| {
                write_value(out, item, inner)
            })
        }
        Value::Object(map) => write_members(
            out,
            ('{', '}'),
            indent,
            map.0.iter(),
            |out, (k, v), inner| {
                write_string(out, k);
                out.push_str(if inner.is_some() { ": " } else { ":" });
                write_value(out, v, inner);
            },
        ),
    }
}

fn write_members<T>(
    out: &mut String,
    (open, close): (char, char),
    indent: Option<usize>,
    members: impl ExactSizeIterator<Item = T>,
    write: impl Fn(&mut String, T, Option<usize>),
) {
    out.push(open);
    let empty = members.len() == 0;
    let inner = indent.map(|level| level + 1);
    for (i, member) in members.enumerate() {
        if i > 0 {
            out.push(',');
        }
        if let Some(level) = inner {
            newline(out, level);
        }
        write(out, member, inner);
    }
    if let Some(level) = indent.filter(|_| !empty) {
        newline(out, level);
    }
    out.push(close);
}

fn newline(out: &mut String, level: usize) {
    out.push('\n');
    for _ in 0..level {
        out.push_str("  ");
    }
}

/// Why a text is not JSON, and where (1-based line and column, in characters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    message: &'static str,
    line: usize,
    column: usize,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.message, self.line, self.column
        )
    }
}

impl std::error::Error for Error {}

/// Reads one JSON value; white space may surround it, nothing else.
pub fn parse(text: &str) -> Result<Value, Error> {
    let mut parser = Parser {
        text,
        bytes: text.as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = parser.value()?;
    parser.skip_space();
    if parser.pos < parser.bytes.len() {
        return Err(parser.error("trailing characters after the JSON value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
}

impl Parser<'_> {
    fn error(&self, message: &'static str) -> Error {
        let before = self.text.get(..self.pos).unwrap_or(self.text);
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before.get(line_start..).map_or(0, |l| l.chars().count()) + 1;
        Error {
            message,
            line,
            column,
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn literal(&mut self, word: &'static str, value: Value) -> Result<Value, Error> {
        if self
            .text
            .get(self.pos..)
            .is_some_and(|t| t.starts_with(word))
        {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self
                .error("expected a value (a string, number, object, array, true, false or null)"))
        }
    }

    fn value(&mut self) -> Result<Value, Error> {
        self.skip_space();
        match self.peek() {
            None => Err(self.error("the text ends where a value should be")),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.nested(Parser::array),
            Some(b'{') => self.nested(Parser::object),
            Some(_) => Err(self
                .error("expected a value (a string, number, object, array, true, false or null)")),
        }
    }

    fn nested(&mut self, read: fn(&mut Self) -> Result<Value, Error>) -> Result<Value, Error> {
        if self.depth >= MAX_DEPTH {
            return Err(self.error("nested more than 128 levels deep"));
        }
        self.depth += 1;
        self.pos += 1; // the opening bracket
        let value = read(self);
        self.depth -= 1;
        value
    }

    /// After `[`.
    fn array(&mut self) -> Result<Value, Error> {
        let mut items = Vec::new();
        let mut closed = self.closes_at_once(b']');
        while !closed {
            items.push(self.value()?);
            closed =
                self.member_end(b']', "the text ends inside an array", "expected ',' or ']'")?;
        }
        Ok(Value::Array(items))
    }

    /// After `{`.
    fn object(&mut self) -> Result<Value, Error> {
        let mut map = Map::new();
        let mut closed = self.closes_at_once(b'}');
        while !closed {
            self.skip_space();
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.error("the text ends inside an object")),
                Some(_) => return Err(self.error("expected a key in double quotes")),
            }
            let key = self.string()?;
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected ':' after the key"));
            }
            self.pos += 1;
            let value = self.value()?;
            map.insert(key, value);
            closed = self.member_end(
                b'}',
                "the text ends inside an object",
                "expected ',' or '}'",
            )?;
        }
        Ok(Value::Object(map))
    }

    /// Right after the opening bracket: whether `close` follows at once (an empty array or
    /// object), and if so steps over it.
    fn closes_at_once(&mut self, close: u8) -> bool {
        self.skip_space();
        let closes = self.peek() == Some(close);
        if closes {
            self.pos += 1;
        }
        closes
    }

    /// After a member of an array or object: `,` (another member follows; false) or `close`
    /// (stepped over; true). Anything else is an error: `ends_inside` at the end of the text,
    /// `expected` otherwise.
    fn member_end(
        &mut self,
        close: u8,
        ends_inside: &'static str,
        expected: &'static str,
    ) -> Result<bool, Error> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {
                self.pos += 1;
                Ok(false)
            }
            Some(c) if c == close => {
                self.pos += 1;
                Ok(true)
            }
            None => Err(self.error(ends_inside)),
            Some(_) => Err(self.error(expected)),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Value, Error> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if self.digits() == 0 {
                return Err(self.error("expected a digit after the decimal point"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if self.digits() == 0 {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = self.text.get(start..self.pos).unwrap_or_default();
        Ok(Value::Number(Number(text.to_owned())))
    }

    /// At `"`: the string's value.
    fn string(&mut self) -> Result<String, Error> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let start = self.pos;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.pos += 1;
            }
            // The run ends at an ASCII byte (or the end), so it is whole characters.
            out.push_str(self.text.get(start..self.pos).unwrap_or_default());
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    self.escape(&mut out)?;
                }
                None => return Err(self.error("the text ends inside a string")),
                Some(_) => {
                    return Err(self.error(
                        "a control character (U+0000 to U+001F) inside a string must be escaped",
                    ));
                }
            }
        }
    }

    /// After a backslash.
    fn escape(&mut self, out: &mut String) -> Result<(), Error> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let first = self.hex4()?;
                let code = if (0xD800..0xDC00).contains(&first) {
                    if self.bytes.get(self.pos..self.pos + 2) != Some(b"\\u") {
                        return Err(self.error("a lone UTF-16 surrogate in a \\u escape"));
                    }
                    self.pos += 2;
                    let second = self.hex4()?;
                    if !(0xDC00..0xE000).contains(&second) {
                        return Err(self.error("a lone UTF-16 surrogate in a \\u escape"));
                    }
                    0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                } else {
                    first
                };
                let c = char::from_u32(code)
                    .ok_or_else(|| self.error("a lone UTF-16 surrogate in a \\u escape"))?;
                out.push(c);
                return Ok(());
            }
            _ => return Err(self.error("an unknown escape after '\\'")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn hex4(&mut self) -> Result<u32, Error> {
        let mut code = 0;
        for _ in 0..4 {
            let digit = self
                .peek()
                .and_then(|b| (b as char).to_digit(16))
                .ok_or_else(|| self.error("expected four hexadecimal digits after \\u"))?;
            code = code * 16 + digit;
            self.pos += 1;
        }
        Ok(code)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_then_print_keeps_every_value_and_the_key_order() {
        for text in [
            r#"{"z":1,"a":[true,false,null],"m":{"k":"v"},"n":-0.5e-3}"#,
            r#"[]"#,
            r#"{}"#,
            r#""""#,
            r#"[{"a":[[]]},12345678901234567890123]"#,
        ] {
            assert_eq!(parse(text).unwrap().to_string(), text);
        }
    }

    #[test]
    fn white_space_around_tokens_is_allowed() {
        let value = parse(" \t\r\n{ \"a\" : [ 1 , 2 ] }\n").unwrap();
        assert_eq!(value.to_string(), r#"{"a":[1,2]}"#);
    }

    #[test]
    fn escapes_read_and_write_back() {
        let value = parse(r#""q\" b\\ s\/ \b\f\n\r\t \u00e9 \ud83d\ude00 \u0001""#).unwrap();
        assert_eq!(value, "q\" b\\ s/ \u{8}\u{c}\n\r\t é 😀 \u{1}");
        assert_eq!(value.to_string(), r#""q\" b\\ s/ \b\f\n\r\t é 😀 \u0001""#);
    }

    #[test]
    fn a_repeated_key_keeps_its_place_and_takes_the_last_value() {
        let value = parse(r#"{"sub":"first","aud":"x","sub":"second"}"#).unwrap();
        assert_eq!(value.to_string(), r#"{"sub":"second","aud":"x"}"#);
    }

    #[test]
    fn numbers_read_as_integers_only_when_written_as_integers() {
        // The text, then what as_i64, as_u64 and as_f64 read.
        type Reads = (Option<i64>, Option<u64>, Option<f64>);
        let cases: [(&str, Reads); 6] = [
            (
                "1700000000",
                (Some(1_700_000_000), Some(1_700_000_000), Some(1.7e9)),
            ),
            ("-5", (Some(-5), None, Some(-5.0))),
            ("1.5", (None, None, Some(1.5))),
            ("1e3", (None, None, Some(1000.0))),
            (
                "18446744073709551615",
                (None, Some(u64::MAX), Some(1.8446744073709552e19)),
            ),
            ("1e400", (None, None, Some(f64::INFINITY))),
        ];
        for (text, (i, u, f)) in cases {
            let value = parse(text).unwrap();
            assert_eq!(
                (value.as_i64(), value.as_u64(), value.as_f64()),
                (i, u, f),
                "{text}"
            );
            if let Some(f) = f.filter(|f| f.abs() < 9.2e18) {
                assert_eq!(value.as_whole(), Some(f.trunc() as i64), "{text}");
            }
            assert_eq!(value.to_string(), text);
        }
    }

    #[test]
    fn whole_numbers_are_exact_and_refuse_what_an_i64_cannot_hold() {
        let cases: [(&str, Option<i64>); 14] = [
            ("1700000000.999", Some(1_700_000_000)),
            ("-1.9", Some(-1)),
            ("0.5", Some(0)),
            ("1.7e9", Some(1_700_000_000)),
            ("17E+8", Some(1_700_000_000)),
            ("1700000000e-3", Some(1_700_000)),
            ("5e-400", Some(0)),
            ("9223372036854775807", Some(i64::MAX)),
            ("9223372036854775808", None),
            ("1e19", None),
            ("1e999999999999999999999", None),
            ("1.23456789e2", Some(123)),
            ("-0", Some(0)),
            ("12e0", Some(12)),
        ];
        for (text, whole) in cases {
            assert_eq!(parse(text).unwrap().as_whole(), whole, "{text}");
        }
        assert_eq!(Value::from("1").as_whole(), None);
    }

    #[test]
    fn invalid_json_is_refused_with_where_and_why() {
        let cases = [
            (
                "",
                "the text ends where a value should be at line 1 column 1",
            ),
            (
                "{'a': 1}",
                "expected a key in double quotes at line 1 column 2",
            ),
            (
                "[1, 2,]",
                "expected a value (a string, number, object, array, true, false or null) at line 1 column 7",
            ),
            (
                "{\"a\": 1,\n \"b\" 2}",
                "expected ':' after the key at line 2 column 6",
            ),
            (
                "01",
                "trailing characters after the JSON value at line 1 column 2",
            ),
            (
                "1.",
                "expected a digit after the decimal point at line 1 column 3",
            ),
            ("-", "expected a digit at line 1 column 2"),
            (
                "\"a\nb\"",
                "a control character (U+0000 to U+001F) inside a string must be escaped at line 1 column 3",
            ),
            (
                "\"\\ud800\"",
                "a lone UTF-16 surrogate in a \\u escape at line 1 column 8",
            ),
            (
                "\"\\udc00\"",
                "a lone UTF-16 surrogate in a \\u escape at line 1 column 8",
            ),
            ("\"\\x\"", "an unknown escape after '\\' at line 1 column 3"),
            (
                "\"\\u12\"",
                "expected four hexadecimal digits after \\u at line 1 column 6",
            ),
            ("[1 2]", "expected ',' or ']' at line 1 column 4"),
            (
                "{\"a\":1 \"b\":2}",
                "expected ',' or '}' at line 1 column 8",
            ),
            (
                "tru",
                "expected a value (a string, number, object, array, true, false or null) at line 1 column 1",
            ),
            ("\"é", "the text ends inside a string at line 1 column 3"),
            (
                "[",
                "the text ends where a value should be at line 1 column 2",
            ),
            (
                "{\"a\":1",
                "the text ends inside an object at line 1 column 7",
            ),
            (
                "// comment\n{}",
                "expected a value (a string, number, object, array, true, false or null) at line 1 column 1",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(parse(text).unwrap_err().to_string(), message, "{text:?}");
        }
    }

    #[test]
    fn nesting_deeper_than_the_limit_is_refused_without_overflowing_the_stack() {
        let ok = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert!(
            parse(&deep)
                .unwrap_err()
                .to_string()
                .starts_with("nested more than 128 levels deep")
        );
        assert!(parse(&"[{\"a\":".repeat(100_000)).is_err());
    }

    #[test]
    fn pretty_printing_indents_two_spaces_and_keeps_empty_containers_on_one_line() {
        let value = parse(
            r#"{"name":"x","audiences":["api://AzureADTokenExchange"],"claims":{},"list":[]}"#,
        )
        .unwrap();
        assert_eq!(
            value.to_pretty(),
            "{\n  \"name\": \"x\",\n  \"audiences\": [\n    \"api://AzureADTokenExchange\"\n  ],\n  \"claims\": {},\n  \"list\": []\n}"
        );
    }

    #[test]
    fn missing_keys_index_to_null() {
        let value = parse(r#"{"a":{"b":1}}"#).unwrap();
        assert_eq!(value["a"]["b"].as_i64(), Some(1));
        assert!(value["a"]["c"].is_null());
        assert!(value["x"]["y"].is_null());
        assert!(Value::from("s")["k"].is_null());
    }
}
