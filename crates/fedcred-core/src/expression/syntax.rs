//! The expression language itself: its terms, operators and parser, and wildcard matching;
//! what Entra allows per issuer is judged in the module above.

use std::fmt;
use std::str::FromStr;

use serde::Serialize;

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Op {
    /// Exact, case-sensitive equality.
    Eq,
    /// Wildcards: `*` any run of characters, `?` exactly one.
    Matches,
    /// Prefix (undocumented in the Entra docs).
    StartsWith,
}

impl Op {
    /// The operator as written.
    pub fn as_str(self) -> &'static str {
        match self {
            Op::Eq => "eq",
            Op::Matches => "matches",
            Op::StartsWith => "startswith",
        }
    }

    /// Applies the operator.
    pub fn apply(self, value: &str, comparand: &str) -> bool {
        match self {
            Op::Eq => value == comparand,
            Op::Matches => glob_match(comparand, value),
            Op::StartsWith => value.starts_with(comparand),
        }
    }
}

/// One `claims['c'] op 'v'` term.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Term {
    /// The claim name.
    pub claim: String,
    /// The operator.
    pub op: Op,
    /// The comparand.
    pub value: String,
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "claims['{}'] {} '{}'",
            self.claim,
            self.op.as_str(),
            self.value
        )
    }
}

/// A parsed expression: every term must hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Expression {
    /// The terms, joined by `and`.
    pub terms: Vec<Term>,
}

/// Why a text is not an expression, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExpressionError {
    /// Character offset (0-based) where parsing stopped.
    pub position: usize,
    /// What was expected.
    pub message: String,
}

impl fmt::Display for ExpressionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "at character {}: {}", self.position + 1, self.message)
    }
}

impl std::error::Error for ExpressionError {}

struct Parser {
    chars: Vec<char>,
    pos: usize,
}

impl Parser {
    fn error<T>(&self, message: impl Into<String>) -> Result<T, ExpressionError> {
        Err(ExpressionError {
            position: self.pos,
            message: message.into(),
        })
    }

    fn at_space(&self) -> bool {
        self.chars.get(self.pos) == Some(&' ')
    }

    fn skip_spaces(&mut self) {
        while self.chars.get(self.pos).is_some_and(|c| *c == ' ') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, literal: &str) -> bool {
        let n = literal.chars().count();
        let matches = self
            .chars
            .get(self.pos..self.pos + n)
            .is_some_and(|s| s.iter().copied().eq(literal.chars()));
        if matches {
            self.pos += n;
        }
        matches
    }

    fn quoted(&mut self, what: &str) -> Result<String, ExpressionError> {
        if !self.eat("'") {
            return self.error(format!("expected {what} in single quotes"));
        }
        let start = self.pos;
        while let Some(c) = self.chars.get(self.pos) {
            if *c == '\'' {
                let value: String = self
                    .chars
                    .get(start..self.pos)
                    .unwrap_or_default()
                    .iter()
                    .collect();
                self.pos += 1;
                return Ok(value);
            }
            self.pos += 1;
        }
        self.pos = start;
        self.error(format!("the quote that opens {what} is never closed"))
    }

    fn term(&mut self) -> Result<Term, ExpressionError> {
        if !self.eat("claims[") {
            return self.error("expected claims['<claim>']");
        }
        let claim = self.quoted("the claim name")?;
        if claim.is_empty() {
            return self.error("the claim name is empty");
        }
        if !self.eat("]") {
            return self.error("expected ']' after the claim name");
        }
        if !self.at_space() {
            return self.error("expected a space, then eq or matches");
        }
        self.skip_spaces();
        let start = self.pos;
        while self
            .chars
            .get(self.pos)
            .is_some_and(|c| c.is_ascii_alphabetic())
        {
            self.pos += 1;
        }
        let word: String = self
            .chars
            .get(start..self.pos)
            .unwrap_or_default()
            .iter()
            .collect();
        let op = match word.as_str() {
            "eq" => Op::Eq,
            "matches" => Op::Matches,
            "startswith" => Op::StartsWith,
            _ => {
                self.pos = start;
                return self.error("expected the operator eq or matches");
            }
        };
        if !self.at_space() {
            return self.error("expected a space after the operator");
        }
        self.skip_spaces();
        let value = self.quoted("the value")?;
        Ok(Term { claim, op, value })
    }
}

impl FromStr for Expression {
    type Err = ExpressionError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parser = Parser {
            chars: text.chars().collect(),
            pos: 0,
        };
        parser.skip_spaces();
        if parser.pos >= parser.chars.len() {
            return parser.error("the expression is empty; e.g. claims['sub'] eq 'repo:contoso/app:environment:prod'");
        }
        let mut terms = vec![parser.term()?];
        loop {
            parser.skip_spaces();
            if parser.pos >= parser.chars.len() {
                break;
            }
            if !parser.eat("and ") {
                return parser.error("expected 'and' and another term, or the end");
            }
            parser.skip_spaces();
            terms.push(parser.term()?);
        }
        Ok(Expression { terms })
    }
}

impl fmt::Display for Expression {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, term) in self.terms.iter().enumerate() {
            if i > 0 {
                f.write_str(" and ")?;
            }
            write!(f, "{term}")?;
        }
        Ok(())
    }
}

impl Expression {
    /// Whether every term holds for these claims (a missing claim fails its term).
    pub fn holds<'a>(&self, claims: impl Fn(&str) -> Option<&'a str>) -> bool {
        self.terms
            .iter()
            .all(|t| claims(&t.claim).is_some_and(|v| t.op.apply(v, &t.value)))
    }
}

/// `*` matches any run of characters (including none), `?` exactly one character; everything
/// else matches itself, case-sensitively. Linear in practice: one pass with a single
/// backtrack point, at most `pattern × text` steps.
pub fn glob_match(pattern: &str, text: &str) -> bool {
    let p: Vec<char> = pattern.chars().collect();
    let t: Vec<char> = text.chars().collect();
    let (mut pi, mut ti) = (0usize, 0usize);
    let mut star: Option<(usize, usize)> = None;
    while ti < t.len() {
        match p.get(pi) {
            Some('*') => {
                star = Some((pi, ti));
                pi += 1;
            }
            Some(&c) if c == '?' || Some(&c) == t.get(ti) => {
                pi += 1;
                ti += 1;
            }
            _ => match star {
                Some((sp, st)) => {
                    pi = sp + 1;
                    ti = st + 1;
                    star = Some((sp, st + 1));
                }
                None => return false,
            },
        }
    }
    p.get(pi..).unwrap_or_default().iter().all(|c| *c == '*')
}
