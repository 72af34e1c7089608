//! A reader of Bicep's syntax, as far as declarations of credentials need it: parameters,
//! variables, resources (nested ones too), modules and `.bicepparam` files, with the whole
//! expression language (Bicep documentation: "Bicep file structure and syntax", "Bicep
//! operators", "Iterative loops", "Conditional deployment", "Parameters files"; read
//! 2026-12-05). No Bicep parser crate for Rust was found (docs.rs searched 2026-12-05; a
//! tree-sitter grammar would bring a C runtime into the page); the part of the language that
//! declarations use is small enough to read here, and the tests hold it to the real files under
//! `tests/fixtures/real-bicep`, which use most of it.
//!
//! What the reader does not need (types, functions, outputs, imports, metadata, asserts) is
//! skipped to the end of its statement, brackets balanced.

pub(in crate::iac) use super::super::template::Resource;
use super::super::template::{Expr, For, MAX_DEPTH, Object, Part, Property};
use crate::json::Value;

/// A statement of a Bicep or `.bicepparam` file.
#[derive(Debug, Clone, PartialEq)]
pub(in crate::iac) enum Statement {
    /// `param name type = default`, or a `.bicepparam` file's `param name = value`.
    Param {
        /// Its name.
        name: String,
        /// Its declared type's first word (`string`, `array`, `object`, …), with `?` after it
        /// when nullable; empty when none.
        type_: String,
        /// Its default (or the value a `.bicepparam` file gives).
        value: Option<Expr>,
    },
    /// `var name = value`.
    Var {
        /// Its name.
        name: String,
        /// Its value.
        value: Expr,
    },
    /// A resource.
    Resource(Resource),
    /// `module symbol 'path' = body`.
    Module {
        /// Its symbolic name.
        symbol: String,
        /// Its source as written (`./fic.bicep`, `br/public:…`).
        path: String,
        /// Its body.
        body: Expr,
        /// The line it starts on.
        line: usize,
    },
    /// `using 'main.bicep'` (a `.bicepparam` file).
    Using(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Ident(String),
    /// A string: its parts (text and the tokens of each interpolation).
    Str(Vec<TPart>),
    Num(String),
    Punct(&'static str),
    Newline,
}

#[derive(Debug, Clone, PartialEq)]
enum TPart {
    Text(String),
    Tokens(Vec<Token>),
}

#[derive(Debug, Clone, PartialEq)]
struct Token {
    tok: Tok,
    line: usize,
    start: usize,
    end: usize,
}

const PUNCTS: &[&str] = &[
    "...", "::", ".?", "==", "!=", "=~", "!~", "<=", ">=", "&&", "||", "??", "=>", "{", "}", "[",
    "]", "(", ")", ":", ",", ".", "?", "!", "=", "<", ">", "+", "-", "*", "/", "%", "@", "|",
];

struct Lexer<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|s| s.chars().next())
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos += c.len_utf8();
        if c == '\n' {
            self.line += 1;
        }
        Some(c)
    }

    fn error(&self, what: &str) -> String {
        format!("line {}: {what}", self.line)
    }

    /// Tokens up to the end of the text, or (`in_interpolation`) up to the `}` closing an
    /// interpolation, which is consumed.
    fn tokens(&mut self, in_interpolation: bool, depth: usize) -> Result<Vec<Token>, String> {
        if depth > MAX_DEPTH {
            return Err(self.error(&format!(
                "strings and interpolations nest deeper than {MAX_DEPTH} levels"
            )));
        }
        let mut out = Vec::new();
        let mut braces = 0usize;
        loop {
            let Some(c) = self.peek() else {
                if in_interpolation {
                    return Err(self.error("a string's ${ is not closed by }"));
                }
                return Ok(out);
            };
            let (start, line) = (self.pos, self.line);
            let push = |out: &mut Vec<Token>, tok: Tok, end: usize| {
                out.push(Token {
                    tok,
                    line,
                    start,
                    end,
                });
            };
            match c {
                '\n' => {
                    self.bump();
                    push(&mut out, Tok::Newline, self.pos);
                }
                c if c.is_whitespace() => {
                    self.bump();
                }
                '#' => {
                    // A pragma (`#disable-next-line …`) runs to the end of its line.
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.rest().starts_with("//") => {
                    while self.peek().is_some_and(|c| c != '\n') {
                        self.bump();
                    }
                }
                '/' if self.rest().starts_with("/*") => {
                    let Some(end) = self.rest().find("*/") else {
                        return Err(self.error("a /* comment is not closed"));
                    };
                    let stop = self.pos + end + 2;
                    let had_newline = self.rest().get(..end).is_some_and(|s| s.contains('\n'));
                    while self.pos < stop {
                        self.bump();
                    }
                    if had_newline {
                        push(&mut out, Tok::Newline, self.pos);
                    }
                }
                '\'' if self.rest().starts_with("'''") => {
                    self.pos += 3;
                    // A multi-line string has no escapes or interpolation; a line break right after
                    // the opening quotes is not part of it.
                    if self.rest().starts_with("\r\n") {
                        self.bump();
                    }
                    if self.rest().starts_with('\n') {
                        self.bump();
                    }
                    let Some(end) = self.rest().find("'''") else {
                        return Err(self.error("a ''' string is not closed"));
                    };
                    let mut s = String::new();
                    let stop = self.pos + end;
                    while self.pos < stop {
                        if let Some(c) = self.bump() {
                            s.push(c);
                        }
                    }
                    self.pos += 3;
                    push(&mut out, Tok::Str(vec![TPart::Text(s)]), self.pos);
                }
                '\'' => {
                    self.bump();
                    let parts = self.string(depth)?;
                    push(&mut out, Tok::Str(parts), self.pos);
                }
                '{' => {
                    self.bump();
                    braces += 1;
                    push(&mut out, Tok::Punct("{"), self.pos);
                }
                '}' if in_interpolation && braces == 0 => {
                    self.bump();
                    return Ok(out);
                }
                '}' => {
                    self.bump();
                    braces = braces.saturating_sub(1);
                    push(&mut out, Tok::Punct("}"), self.pos);
                }
                c if c.is_ascii_digit() => {
                    let mut s = String::new();
                    while self.peek().is_some_and(|c| c.is_ascii_digit()) {
                        s.extend(self.bump());
                    }
                    push(&mut out, Tok::Num(s), self.pos);
                }
                c if c.is_alphabetic() || c == '_' => {
                    let mut s = String::new();
                    while self.peek().is_some_and(|c| c.is_alphanumeric() || c == '_') {
                        s.extend(self.bump());
                    }
                    push(&mut out, Tok::Ident(s), self.pos);
                }
                _ => {
                    let Some(p) = PUNCTS.iter().find(|p| self.rest().starts_with(**p)) else {
                        return Err(self.error(&format!("'{c}' is not Bicep")));
                    };
                    self.pos += p.len();
                    push(&mut out, Tok::Punct(p), self.pos);
                }
            }
        }
    }

    /// A single-quoted string's parts, after its opening quote, up to and past its closing one.
    fn string(&mut self, depth: usize) -> Result<Vec<TPart>, String> {
        let mut parts = Vec::new();
        let mut text = String::new();
        loop {
            if self.peek() == Some('\n') {
                return Err(self.error("a string is not closed before the end of its line"));
            }
            let Some(c) = self.bump() else {
                return Err(self.error("a string is not closed by '"));
            };
            match c {
                '\'' => break,
                '\\' => {
                    let Some(e) = self.bump() else {
                        return Err(self.error("a string ends in \\"));
                    };
                    match e {
                        'n' => text.push('\n'),
                        'r' => text.push('\r'),
                        't' => text.push('\t'),
                        '\\' | '\'' | '$' => text.push(e),
                        'u' => {
                            let rest = self.rest();
                            let hex = rest
                                .strip_prefix('{')
                                .and_then(|r| r.split_once('}'))
                                .map(|(h, _)| h.to_owned());
                            let c = hex
                                .as_deref()
                                .and_then(|h| u32::from_str_radix(h, 16).ok())
                                .and_then(char::from_u32)
                                .ok_or_else(|| self.error("a \\u{…} escape is not a character"))?;
                            let skip = hex.map_or(0, |h| h.len() + 2);
                            self.pos += skip;
                            text.push(c);
                        }
                        other => {
                            return Err(
                                self.error(&format!("\\{other} is not an escape Bicep has"))
                            );
                        }
                    }
                }
                '$' if self.peek() == Some('{') => {
                    self.bump();
                    if !text.is_empty() {
                        parts.push(TPart::Text(std::mem::take(&mut text)));
                    }
                    parts.push(TPart::Tokens(self.tokens(true, depth + 1)?));
                }
                c => text.push(c),
            }
        }
        if !text.is_empty() || parts.is_empty() {
            parts.push(TPart::Text(text));
        }
        Ok(parts)
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: &'a [Token],
    at: usize,
    depth: usize,
}

impl<'a> Parser<'a> {
    fn peek(&self) -> Option<&'a Tok> {
        self.tokens.get(self.at).map(|t| &t.tok)
    }

    fn peek_at(&self, n: usize) -> Option<&'a Tok> {
        self.tokens.get(self.at + n).map(|t| &t.tok)
    }

    fn line(&self) -> usize {
        self.tokens
            .get(self.at)
            .or_else(|| self.tokens.last())
            .map_or(1, |t| t.line)
    }

    fn next(&mut self) -> Option<&'a Token> {
        let t = self.tokens.get(self.at);
        self.at += 1;
        t
    }

    fn error(&self, what: &str) -> String {
        format!("line {}: {what}", self.line())
    }

    fn is_punct(&self, p: &str) -> bool {
        matches!(self.peek(), Some(Tok::Punct(q)) if *q == p)
    }

    fn is_ident(&self, word: &str) -> bool {
        matches!(self.peek(), Some(Tok::Ident(w)) if w == word)
    }

    fn eat(&mut self, p: &str) -> bool {
        if self.is_punct(p) {
            self.at += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, p: &str) -> Result<(), String> {
        if self.eat(p) {
            Ok(())
        } else {
            Err(self.error(&format!("'{p}' is expected here")))
        }
    }

    /// Whether the expression goes on past the line break here: Bicep lets a long ternary or
    /// condition break before `?`, `:`, `??`, `||` and `&&`.
    fn continues(&self, ops: &[&str]) -> Option<usize> {
        let mut n = 0;
        while matches!(self.peek_at(n), Some(Tok::Newline)) {
            n += 1;
        }
        match self.peek_at(n) {
            Some(Tok::Punct(p)) if ops.contains(p) => Some(n),
            _ => None,
        }
    }

    fn skip_newlines(&mut self) {
        while matches!(self.peek(), Some(Tok::Newline)) {
            self.at += 1;
        }
    }

    fn ident(&mut self) -> Result<String, String> {
        match self.next().map(|t| &t.tok) {
            Some(Tok::Ident(s)) => Ok(s.clone()),
            _ => {
                self.at = self.at.saturating_sub(1);
                Err(self.error("a name is expected here"))
            }
        }
    }

    /// A plain string (a resource type, a module path): its text, refused with interpolation.
    fn plain_string(&mut self) -> Result<String, String> {
        match self.next().map(|t| &t.tok) {
            Some(Tok::Str(parts)) => match parts.as_slice() {
                [TPart::Text(t)] => Ok(t.clone()),
                _ => Err(self.error("this string must not hold an interpolation")),
            },
            _ => {
                self.at = self.at.saturating_sub(1);
                Err(self.error("a quoted string is expected here"))
            }
        }
    }

    /// Skips to the end of the statement: the next line break outside brackets.
    fn skip_statement(&mut self) {
        let mut depth = 0usize;
        while let Some(t) = self.peek() {
            match t {
                Tok::Newline if depth == 0 => match self.continues(&["?", ":", "??", "||", "&&"]) {
                    Some(n) => self.at += n,
                    None => return,
                },
                Tok::Punct("{" | "[" | "(") => depth += 1,
                Tok::Punct("}" | "]" | ")") => depth = depth.saturating_sub(1),
                _ => {}
            }
            self.at += 1;
        }
    }

    /// A type, skipped: up to `=` or a line break outside brackets.
    /// A type, skipped: up to `=` or a line break outside brackets. Its first word, with `?`
    /// after it when the type is nullable (`string?`, `fic[]?`).
    fn skip_type(&mut self) -> String {
        let mut first = match self.peek() {
            Some(Tok::Ident(w)) => w.clone(),
            _ => String::new(),
        };
        let mut depth = 0usize;
        let mut last = None;
        while let Some(t) = self.peek() {
            match t {
                Tok::Newline | Tok::Punct("=") if depth == 0 => break,
                Tok::Punct("{" | "[" | "(") => depth += 1,
                Tok::Punct("}" | "]" | ")") => depth = depth.saturating_sub(1),
                _ => {}
            }
            last = Some(t);
            self.at += 1;
        }
        if matches!(last, Some(Tok::Punct("?"))) {
            first.push('?');
        }
        first
    }

    fn statements(&mut self) -> Result<Vec<Statement>, String> {
        let mut out = Vec::new();
        loop {
            self.skip_newlines();
            let Some(tok) = self.peek() else {
                return Ok(out);
            };
            let line = self.line();
            match tok {
                Tok::Punct("@") => {
                    // A decorator: `@description('…')`, `@batchSize(1)`, `@sys.secure()`.
                    self.at += 1;
                    self.postfix()?;
                    continue;
                }
                Tok::Ident(word) => {
                    let word = word.clone();
                    self.at += 1;
                    match word.as_str() {
                        "param" => {
                            let name = self.ident()?;
                            let type_ = self.skip_type();
                            let value = if self.eat("=") {
                                Some(self.expression()?)
                            } else {
                                None
                            };
                            out.push(Statement::Param { name, type_, value });
                        }
                        "var" => {
                            let name = self.ident()?;
                            self.skip_type();
                            self.expect("=")?;
                            let value = self.expression()?;
                            out.push(Statement::Var { name, value });
                        }
                        "resource" => out.push(Statement::Resource(self.resource(line)?)),
                        "module" => {
                            let symbol = self.ident()?;
                            let path = self.plain_string()?;
                            self.expect("=")?;
                            let body = self.body()?;
                            out.push(Statement::Module {
                                symbol,
                                path,
                                body,
                                line,
                            });
                        }
                        "using" => {
                            if matches!(self.peek(), Some(Tok::Str(_))) {
                                out.push(Statement::Using(self.plain_string()?));
                            }
                            self.skip_statement();
                        }
                        _ => self.skip_statement(),
                    }
                }
                _ => {
                    return Err(self.error(
                        "a declaration (param, var, resource, module, …) is expected here",
                    ));
                }
            }
            match self.peek() {
                None | Some(Tok::Newline) => {}
                Some(_) => return Err(self.error("a line break is expected after a declaration")),
            }
        }
    }

    /// `resource symbol 'type' [existing] = body`, after the keyword.
    fn resource(&mut self, line: usize) -> Result<Resource, String> {
        let symbol = self.ident()?;
        let type_ = self.plain_string()?;
        let existing = self.is_ident("existing");
        if existing {
            self.at += 1;
        }
        self.expect("=")?;
        let body = self.body()?;
        Ok(Resource {
            symbol,
            type_,
            existing,
            body,
            line,
        })
    }

    /// A resource's or module's body: an object, `if (cond) {…}`, or `[for …: …]`.
    fn body(&mut self) -> Result<Expr, String> {
        if self.is_ident("if") {
            self.at += 1;
            self.expect("(")?;
            let cond = self.expression()?;
            self.expect(")")?;
            let body = self.primary()?;
            return Ok(Expr::If(Box::new(cond), Box::new(body)));
        }
        self.expression()
    }

    fn enter(&mut self) -> Result<(), String> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            Err(self.error(&format!("expressions nest deeper than {MAX_DEPTH} levels")))
        } else {
            Ok(())
        }
    }

    fn expression(&mut self) -> Result<Expr, String> {
        self.enter()?;
        let e = self.ternary();
        self.depth -= 1;
        e
    }

    fn ternary(&mut self) -> Result<Expr, String> {
        let cond = self.binary(0)?;
        if let Some(n) = self.continues(&["?"]) {
            self.at += n;
        }
        if self.eat("?") {
            self.skip_newlines();
            let yes = self.expression()?;
            self.skip_newlines();
            self.expect(":")?;
            self.skip_newlines();
            let no = self.expression()?;
            return Ok(Expr::Ternary(Box::new(cond), Box::new(yes), Box::new(no)));
        }
        Ok(cond)
    }

    /// Binary operators by precedence, lowest first (Bicep operators, "Operator precedence").
    fn binary(&mut self, level: usize) -> Result<Expr, String> {
        const LEVELS: &[&[&str]] = &[
            &["??"],
            &["||"],
            &["&&"],
            &["==", "!=", "=~", "!~"],
            &["<", "<=", ">", ">="],
            &["+", "-"],
            &["*", "/", "%"],
        ];
        let Some(ops) = LEVELS.get(level) else {
            return self.unary();
        };
        let mut left = self.binary(level + 1)?;
        loop {
            if level <= 2
                && let Some(n) = self.continues(ops)
            {
                self.at += n;
            }
            let Some(op) = ops.iter().find(|op| self.is_punct(op)) else {
                return Ok(left);
            };
            self.at += 1;
            self.skip_newlines();
            self.enter()?;
            let right = self.binary(level + 1);
            self.depth -= 1;
            left = Expr::Binary(op, Box::new(left), Box::new(right?));
        }
    }

    fn unary(&mut self) -> Result<Expr, String> {
        for op in ['!', '-'] {
            if self.eat(if op == '!' { "!" } else { "-" }) {
                self.enter()?;
                let e = self.unary();
                self.depth -= 1;
                return Ok(Expr::Unary(op, Box::new(e?)));
            }
        }
        self.postfix()
    }

    fn postfix(&mut self) -> Result<Expr, String> {
        let mut e = self.primary()?;
        let mut chain = 0usize;
        loop {
            chain += 1;
            if chain > 4 * MAX_DEPTH {
                return Err(self.error("a chain of properties and indexes is too long"));
            }
            if self.is_punct(".") || self.is_punct(".?") {
                let safe = self.is_punct(".?");
                self.at += 1;
                let name = self.ident()?;
                if self.is_punct("(") {
                    // A namespaced or resource function: `az.resourceGroup()`, `kv.getSecret(…)`.
                    let args = self.arguments()?;
                    e = Expr::Call(name, args);
                } else {
                    e = Expr::Member(Box::new(e), name, safe);
                }
            } else if self.eat("[") {
                let safe = self.eat("?");
                self.skip_newlines();
                let index = self.expression()?;
                self.skip_newlines();
                self.expect("]")?;
                e = Expr::Index(Box::new(e), Box::new(index), safe);
            } else if self.is_punct("!")
                && !matches!(
                    self.peek_at(1),
                    Some(Tok::Ident(_) | Tok::Str(_) | Tok::Num(_))
                        | Some(Tok::Punct("(" | "[" | "{"))
                )
            {
                // The non-null assertion (`x!`): the value itself.
                self.at += 1;
            } else if self.eat("::") {
                let name = self.ident()?;
                e = Expr::Child(Box::new(e), name);
            } else if self.is_punct("(") {
                let Expr::Name(name) = e else {
                    return Err(self.error("only a function can be called"));
                };
                let args = self.arguments()?;
                e = Expr::Call(name, args);
            } else {
                return Ok(e);
            }
        }
    }

    fn arguments(&mut self) -> Result<Vec<Expr>, String> {
        self.expect("(")?;
        let mut args = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat(")") {
                return Ok(args);
            }
            args.push(self.expression()?);
            self.skip_newlines();
            if !self.eat(",") && !self.is_punct(")") {
                return Err(self.error("',' or ')' is expected in a function's arguments"));
            }
        }
    }

    fn primary(&mut self) -> Result<Expr, String> {
        self.enter()?;
        let e = self.primary_inner();
        self.depth -= 1;
        e
    }

    fn primary_inner(&mut self) -> Result<Expr, String> {
        let Some(token) = self.next() else {
            return Err(self.error("the file ends where a value is expected"));
        };
        match &token.tok {
            Tok::Num(n) => {
                Ok(Expr::Literal(n.parse::<i64>().map(Value::from).map_err(
                    |_| self.error(&format!("{n} is too large a number")),
                )?))
            }
            Tok::Str(parts) => self.string(parts),
            Tok::Ident(w) => match w.as_str() {
                "true" => Ok(Expr::Literal(Value::Bool(true))),
                "false" => Ok(Expr::Literal(Value::Bool(false))),
                "null" => Ok(Expr::Literal(Value::Null)),
                _ if self.is_punct("=>") => {
                    self.at += 1;
                    let body = self.expression()?;
                    Ok(Expr::Lambda(vec![w.clone()], Box::new(body)))
                }
                _ => Ok(Expr::Name(w.clone())),
            },
            Tok::Punct("(") => {
                // `(a, b) => body`, or a parenthesised expression.
                let mut n = 0;
                let mut params = Vec::new();
                loop {
                    match self.peek_at(n) {
                        Some(Tok::Ident(p)) => params.push(p.clone()),
                        Some(Tok::Punct(")")) => break,
                        _ => {
                            params.clear();
                            break;
                        }
                    }
                    n += 1;
                    match self.peek_at(n) {
                        Some(Tok::Punct(",")) => n += 1,
                        Some(Tok::Punct(")")) => break,
                        _ => {
                            params.clear();
                            break;
                        }
                    }
                }
                if matches!(self.peek_at(n), Some(Tok::Punct(")")))
                    && matches!(self.peek_at(n + 1), Some(Tok::Punct("=>")))
                {
                    self.at += n + 2;
                    let body = self.expression()?;
                    return Ok(Expr::Lambda(params, Box::new(body)));
                }
                self.skip_newlines();
                let e = self.expression()?;
                self.skip_newlines();
                self.expect(")")?;
                Ok(e)
            }
            Tok::Punct("[") => self.array(),
            Tok::Punct("{") => self.object(),
            _ => {
                self.at -= 1;
                Err(self.error("a value is expected here"))
            }
        }
    }

    fn string(&mut self, parts: &[TPart]) -> Result<Expr, String> {
        if let [TPart::Text(t)] = parts {
            return Ok(Expr::Literal(Value::String(t.clone())));
        }
        let mut out = Vec::new();
        for part in parts {
            match part {
                TPart::Text(t) => out.push(Part::Text(t.clone())),
                TPart::Tokens(tokens) => {
                    let mut inner = Parser {
                        text: self.text,
                        tokens,
                        at: 0,
                        depth: self.depth,
                    };
                    inner.skip_newlines();
                    let e = inner.expression()?;
                    inner.skip_newlines();
                    if inner.peek().is_some() {
                        return Err(inner.error("an interpolation holds more than one value"));
                    }
                    out.push(Part::Expr(e));
                }
            }
        }
        Ok(Expr::Interpolated(out))
    }

    /// After `[`: an array, or a `for` expression.
    fn array(&mut self) -> Result<Expr, String> {
        self.skip_newlines();
        if self.is_ident("for") {
            self.at += 1;
            let (item, index) = if self.eat("(") {
                let item = self.ident()?;
                self.expect(",")?;
                let index = self.ident()?;
                self.expect(")")?;
                (item, Some(index))
            } else {
                (self.ident()?, None)
            };
            if !self.is_ident("in") {
                return Err(self.error("'in' is expected in a for loop"));
            }
            self.at += 1;
            let source = self.expression()?;
            self.expect(":")?;
            self.skip_newlines();
            let body = self.body()?;
            self.skip_newlines();
            self.expect("]")?;
            return Ok(Expr::For(Box::new(For {
                item,
                index,
                source,
                body,
            })));
        }
        let mut items = Vec::new();
        loop {
            self.skip_newlines();
            if self.eat("]") {
                return Ok(Expr::Array(items));
            }
            if self.peek().is_none() {
                return Err(self.error("the file ends before ']' closes an array"));
            }
            if self.eat("...") {
                // Bicep's spread: the items of another array.
                items.push(Expr::Spread(Box::new(self.expression()?)));
            } else {
                items.push(self.expression()?);
            }
            if !self.eat(",") && !matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Punct("]")))
            {
                return Err(
                    self.error("',', a line break or ']' is expected after an array's item")
                );
            }
        }
    }

    /// After `{`: an object's properties and nested resources.
    fn object(&mut self) -> Result<Expr, String> {
        let mut object = Object::default();
        loop {
            self.skip_newlines();
            if self.eat("}") {
                return Ok(Expr::Object(object));
            }
            if self.peek().is_none() {
                return Err(self.error("the file ends before '}' closes an object"));
            }
            if self.eat("@") {
                self.postfix()?;
                continue;
            }
            let line = self.line();
            if self.eat("...") {
                // Bicep's spread: the properties of another object, in their place.
                let (value, source) = self.value_with_source()?;
                object.properties.push(Property {
                    key: String::new(),
                    key_expr: None,
                    spread: true,
                    value,
                    line,
                    source,
                });
                self.after_property()?;
                continue;
            }
            if self.is_ident("resource") && matches!(self.peek_at(1), Some(Tok::Ident(_))) {
                self.at += 1;
                object.resources.push(self.resource(line)?);
                continue;
            }
            let mut key_expr = None;
            let key = match self.next().map(|t| &t.tok) {
                Some(Tok::Ident(k)) => k.clone(),
                Some(Tok::Str(parts)) => match parts.as_slice() {
                    [TPart::Text(t)] => t.clone(),
                    _ => {
                        // A name built by interpolation (`'${prefix}-tag': …`).
                        key_expr = Some(self.string(parts)?);
                        String::new()
                    }
                },
                _ => {
                    self.at = self.at.saturating_sub(1);
                    return Err(self.error("a property's name is expected here"));
                }
            };
            self.expect(":")?;
            self.skip_newlines();
            let value_line = self.line();
            let (value, source) = self.value_with_source()?;
            object.properties.push(Property {
                key,
                key_expr,
                spread: false,
                value,
                line: value_line,
                source,
            });
            self.after_property()?;
        }
    }

    /// An expression, with its text as written (for the lines a fix shows).
    fn value_with_source(&mut self) -> Result<(Expr, String), String> {
        let start = self.tokens.get(self.at).map_or(0, |t| t.start);
        let value = self.expression()?;
        let end = self
            .tokens
            .get(self.at.saturating_sub(1))
            .map_or(start, |t| t.end);
        Ok((value, self.text.get(start..end).unwrap_or("").to_owned()))
    }

    /// What may follow an object's property: a comma, a line break, or its closing brace.
    fn after_property(&mut self) -> Result<(), String> {
        if self.eat(",") || matches!(self.peek(), Some(Tok::Newline) | Some(Tok::Punct("}"))) {
            Ok(())
        } else {
            Err(self.error("',', a line break or '}' is expected after a property"))
        }
    }
}

/// A parser over `text`'s tokens, given to `then`.
fn parsed<T>(
    text: &str,
    then: impl FnOnce(&mut Parser<'_>) -> Result<T, String>,
) -> Result<T, String> {
    let mut lexer = Lexer {
        text,
        pos: 0,
        line: 1,
    };
    let tokens = lexer.tokens(false, 0)?;
    let mut parser = Parser {
        text,
        tokens: &tokens,
        at: 0,
        depth: 0,
    };
    then(&mut parser)
}

/// Parses a Bicep or `.bicepparam` file's statements; an error names its line.
pub(in crate::iac) fn parse(text: &str) -> Result<Vec<Statement>, String> {
    parsed(text, |parser| parser.statements())
}

/// Parses one expression (a `--var` value given in Bicep's syntax).
pub(in crate::iac) fn parse_expression(text: &str) -> Result<Expr, String> {
    parsed(text, |parser| {
        parser.skip_newlines();
        let e = parser.expression()?;
        parser.skip_newlines();
        if parser.peek().is_some() {
            return Err("more than one value is given".to_owned());
        }
        Ok(e)
    })
}
