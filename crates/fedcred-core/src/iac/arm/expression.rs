//! ARM template expressions: a JSON string in brackets, `[format('{0}/{1}', parameters('a'),
//! variables('b').name)]` (Microsoft Learn, "Syntax and expressions in ARM templates", read
//! 2026-12-05): function calls, single-quoted strings with `''` for a quote, integers, `.name`
//! and `[index]`. A string starting `[[` is the text after its first bracket.

use super::super::template::{Expr, MAX_DEPTH};
use crate::json::Value;

/// What a JSON string of a template is: an expression, or text.
pub(super) fn read(s: &str) -> Result<Expr, String> {
    let Some(inner) = s.strip_prefix('[').and_then(|r| r.strip_suffix(']')) else {
        return Ok(Expr::Literal(Value::String(s.to_owned())));
    };
    if inner.starts_with('[') {
        return Ok(Expr::Literal(Value::String(
            s.get(1..).unwrap_or_default().to_owned(),
        )));
    }
    let mut p = Parser {
        chars: inner.chars().collect(),
        at: 0,
        depth: 0,
    };
    let e = p.expression()?;
    p.space();
    if p.at < p.chars.len() {
        return Err(format!(
            "'[{}]' is not a template expression fedcred reads: it goes on after a value",
            shown(&p.chars)
        ));
    }
    Ok(e)
}

/// An expression as a message quotes it: its first 80 characters.
fn shown(chars: &[char]) -> String {
    let head: String = chars.iter().take(80).collect();
    if chars.len() > 80 {
        format!("{head}…")
    } else {
        head
    }
}

struct Parser {
    chars: Vec<char>,
    at: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.at += 1;
        }
    }

    fn eat(&mut self, c: char) -> bool {
        self.space();
        if self.peek() == Some(c) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn error(&self, what: &str) -> String {
        format!(
            "'[{}]' is not a template expression fedcred reads: {what} at character {}",
            shown(&self.chars),
            self.at + 2
        )
    }

    fn name(&mut self) -> Result<String, String> {
        self.space();
        let start = self.at;
        while self
            .peek()
            .is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '.' && self.at > start)
        {
            self.at += 1;
        }
        if self.at == start {
            return Err(self.error("a name is expected"));
        }
        Ok(self
            .chars
            .get(start..self.at)
            .unwrap_or_default()
            .iter()
            .collect())
    }

    fn expression(&mut self) -> Result<Expr, String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(self.error(&format!("it nests deeper than {MAX_DEPTH} levels")));
        }
        let mut e = self.primary()?;
        loop {
            if self.eat('.') {
                let member = self.name()?;
                e = Expr::Member(Box::new(e), member, false);
            } else if self.eat('[') {
                let index = self.expression()?;
                if !self.eat(']') {
                    return Err(self.error("']' is expected"));
                }
                e = Expr::Index(Box::new(e), Box::new(index), false);
            } else {
                break;
            }
        }
        self.depth -= 1;
        Ok(e)
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.space();
        match self.peek() {
            Some('\'') => {
                self.at += 1;
                let mut s = String::new();
                loop {
                    match self.peek() {
                        None => return Err(self.error("a string is not closed")),
                        Some('\'') if self.chars.get(self.at + 1) == Some(&'\'') => {
                            s.push('\'');
                            self.at += 2;
                        }
                        Some('\'') => {
                            self.at += 1;
                            return Ok(Expr::Literal(Value::String(s)));
                        }
                        Some(c) => {
                            s.push(c);
                            self.at += 1;
                        }
                    }
                }
            }
            Some(c) if c.is_ascii_digit() || c == '-' => {
                let start = self.at;
                self.at += 1;
                while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                    self.at += 1;
                }
                let text: String = self
                    .chars
                    .get(start..self.at)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                text.parse::<i64>()
                    .map(|n| Expr::Literal(Value::from(n)))
                    .map_err(|_| self.error(&format!("'{text}' is not a number")))
            }
            _ => {
                let name = self.name()?;
                if !self.eat('(') {
                    return match name.to_ascii_lowercase().as_str() {
                        "true" => Ok(Expr::Literal(Value::Bool(true))),
                        "false" => Ok(Expr::Literal(Value::Bool(false))),
                        "null" => Ok(Expr::Literal(Value::Null)),
                        _ => Err(self.error(&format!("'{name}' is not called"))),
                    };
                }
                let mut args = Vec::new();
                if !self.eat(')') {
                    loop {
                        args.push(self.expression()?);
                        if self.eat(')') {
                            break;
                        }
                        if !self.eat(',') {
                            return Err(self.error("',' or ')' is expected"));
                        }
                    }
                }
                // A user-defined function's namespace (`ns.fn`) is kept; template functions
                // are called by their own name.
                Ok(Expr::Call(name, args))
            }
        }
    }
}
