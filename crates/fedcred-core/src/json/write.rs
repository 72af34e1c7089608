//! JSON text from values: compact (`Display`) or indented, with strings escaped as RFC 8259 asks.

use std::fmt::{self, Write as _};

use super::Value;

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
pub(super) fn write_value(out: &mut String, value: &Value, indent: Option<usize>) {
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
