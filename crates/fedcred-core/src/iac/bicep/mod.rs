//! The credentials Bicep files declare (issue 31): `resource` declarations of the two credential
//! types (`super::template::credential`), top-level with `parent:` or an `IDENTITY/NAME` name,
//! or nested inside their identity or application; `for` loops and `if` conditions expanded;
//! parameters from their defaults, a `.bicepparam` or `parameters.json` file, and the values
//! given; variables and string interpolation evaluated; a `module` whose file is among those
//! given followed with the parameters it passes.
//!
//! Addresses are Bicep's symbolic names as a template refers to them: `fic`, `fic[2]` (a loop's
//! index), `identity::fic` (nested), `identity[1]::fic`, and a module's before them
//! (`fics[0].fic`).

pub(super) mod parse;

use std::cell::RefCell;
use std::collections::HashMap;

use super::template::credential::{self, Instance, Parent, Type};
use super::template::{self, Expr, Locals, Object, Scope};
use super::{Field, Given, Language, Reading, Source, Unresolved};
use crate::face::Face;
use crate::json::Value;
use parse::{Resource, Statement};

/// The most bytes one Bicep file may have, as for Terraform.
pub const MAX_FILE: usize = super::terraform::MAX_FILE;
/// How deep module calls are followed.
const MAX_MODULE_DEPTH: usize = 16;

/// Whether `text` looks like Bicep: a `resource`, `param` or `module` declaration with Bicep's
/// single-quoted type or path, or a `targetScope`.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        let mut words = line.split_whitespace();
        match (words.next(), words.next(), words.next()) {
            (Some("resource" | "module"), Some(_), Some(t)) => t.starts_with('\''),
            (Some("targetScope"), Some("="), _) => true,
            (Some("using"), Some(t), _) => t.starts_with('\''),
            _ => false,
        }
    })
}

/// One parsed file.
pub(super) struct File {
    pub name: String,
    pub statements: Vec<Statement>,
}

impl File {
    fn param(&self, name: &str) -> Option<(&str, Option<&Expr>)> {
        self.statements.iter().find_map(|s| match s {
            Statement::Param {
                name: n,
                type_,
                value,
            } if n == name => Some((type_.as_str(), value.as_ref())),
            _ => None,
        })
    }

    fn var(&self, name: &str) -> Option<&Expr> {
        self.statements.iter().find_map(|s| match s {
            Statement::Var { name: n, value } if n == name => Some(value),
            _ => None,
        })
    }

    fn resource(&self, symbol: &str) -> Option<&Resource> {
        self.statements.iter().find_map(|s| match s {
            Statement::Resource(r) if r.symbol == symbol => Some(r),
            _ => None,
        })
    }

    fn is_module(&self, symbol: &str) -> bool {
        self.statements
            .iter()
            .any(|s| matches!(s, Statement::Module { symbol: m, .. } if m == symbol))
    }

    /// The value a `.bicepparam` file's `using` names, joined with its folder.
    pub fn using(&self) -> Option<String> {
        self.statements.iter().find_map(|s| match s {
            Statement::Using(path) => Some(super::terraform::join(super::folder(&self.name), path)),
            _ => None,
        })
    }
}

/// Parses a Bicep or `.bicepparam` file.
pub(super) fn parse_file(source: &Source) -> Result<File, String> {
    if source.text.len() > MAX_FILE {
        return Err(format!(
            "{} is {} bytes: fedcred reads Bicep files of up to {} MiB",
            source.name,
            source.text.len(),
            MAX_FILE >> 20
        ));
    }
    parse::parse(&source.text)
        .map(|statements| File {
            name: source.name.clone(),
            statements,
        })
        .map_err(|e| format!("{}, {e}", source.name))
}

/// Where a value can be given, in the face's words.
pub(super) fn how_to_give(name: &str, face: Face) -> String {
    match face {
        Face::Cli => format!("--var '{name}=VALUE'"),
        Face::Page => format!("a line {name} = \"VALUE\" in the Values box"),
    }
}

/// A value given as text for a parameter of type `type_`: text for a string, else JSON or a
/// Bicep literal (`['dev', 'prod']`), else the text itself.
pub(super) fn given_value(text: &str, type_: &str) -> Value {
    if type_.trim_end_matches('?') == "string" {
        return Value::String(text.to_owned());
    }
    if let Ok(v) = crate::json::parse(text) {
        return v;
    }
    if let Ok(e) = parse::parse_expression(text)
        && let Ok(v) = template::eval(&e, &Empty, &mut Vec::new(), 0)
    {
        return v;
    }
    Value::String(text.to_owned())
}

/// A scope with no names: for literals given.
struct Empty;

impl Scope for Empty {
    fn name(&self, name: &str, _: usize) -> Result<Value, String> {
        Err(format!("'{name}' is not a value"))
    }
    fn reference(&self, _: &Expr, _: usize) -> Option<Result<Value, String>> {
        None
    }
    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
}

/// One deployment of one file: its parameters' values and what has been evaluated.
struct Ctx<'a> {
    file: &'a File,
    /// Values its parameters are given (by a parameters file, the user, or the calling module).
    params: HashMap<String, Result<Value, String>>,
    /// Where those values came from, for messages.
    given_by: &'a str,
    /// References given by the user (`aks.properties.oidcIssuerProfile.issuerURL=…`).
    refs: &'a [(String, String)],
    face: Face,
    cache: RefCell<HashMap<String, Result<Value, String>>>,
    active: RefCell<Vec<String>>,
}

impl Ctx<'_> {
    fn missing_param(&self, name: &str) -> String {
        if self.given_by.is_empty() {
            format!(
                "parameter '{name}' of {} has no default and no value given: give it with {}",
                self.file.name,
                how_to_give(name, self.face)
            )
        } else {
            format!(
                "parameter '{name}' of {} has no default and {} gives it none",
                self.file.name, self.given_by
            )
        }
    }

    fn evaluate_named(&self, name: &str, expr: &Expr, depth: usize) -> Result<Value, String> {
        if let Some(v) = self.cache.borrow().get(name) {
            return v.clone();
        }
        if self.active.borrow().iter().any(|n| n == name) {
            return Err(format!(
                "'{name}' in {} refers to itself through {}",
                self.file.name,
                self.active.borrow().join(" → ")
            ));
        }
        self.active.borrow_mut().push(name.to_owned());
        let v = template::eval(expr, self, &mut Vec::new(), depth)
            .and_then(|v| template::bounded_value(&format!("'{name}'"), v));
        self.active.borrow_mut().pop();
        self.cache.borrow_mut().insert(name.to_owned(), v.clone());
        v
    }

    /// The value a resource's body writes at `path` (`name`, `properties.issuer`), outside any
    /// loop; `None` when the body does not write it (an output of the resource, such as its
    /// `id` or `properties.oidcIssuerProfile.issuerURL`, known only at deployment).
    fn resource_property(
        &self,
        r: &Resource,
        path: &[&str],
        depth: usize,
    ) -> Option<Result<Value, String>> {
        let mut object = match &r.body {
            Expr::Object(o) => o,
            Expr::If(_, body) => match body.as_ref() {
                Expr::Object(o) => o,
                _ => return None,
            },
            _ => return None,
        };
        for (i, key) in path.iter().enumerate() {
            let p = object.get(key)?;
            match &p.value {
                Expr::Object(o) if i + 1 < path.len() => object = o,
                value => {
                    let mut e = value.clone();
                    for m in path.get(i + 1..).unwrap_or_default() {
                        e = Expr::Member(Box::new(e), (*m).to_owned(), false);
                    }
                    return Some(template::eval(&e, self, &mut Vec::new(), depth));
                }
            }
        }
        None
    }
}

impl Scope for Ctx<'_> {
    fn name(&self, name: &str, depth: usize) -> Result<Value, String> {
        if let Some((_, v)) = self.refs.iter().rev().find(|(n, _)| n == name)
            && self.file.param(name).is_none()
        {
            return Ok(given_value(v, ""));
        }
        if let Some((type_, default)) = self.file.param(name) {
            if let Some(v) = self.params.get(name) {
                return v.clone();
            }
            return match default {
                Some(expr) => self.evaluate_named(name, expr, depth).map_err(|why| {
                    if why.contains(" give ") {
                        why
                    } else {
                        format!(
                            "{why}; give parameter '{name}' of {} with {}",
                            self.file.name,
                            how_to_give(name, self.face)
                        )
                    }
                }),
                // A nullable parameter not given is null (Bicep, "Nullable types").
                None if type_.ends_with('?') => Ok(Value::Null),
                None => Err(self.missing_param(name)),
            };
        }
        if let Some(expr) = self.file.var(name) {
            return self.evaluate_named(name, expr, depth);
        }
        if self.file.resource(name).is_some() || self.file.is_module(name) {
            return Err(format!(
                "'{name}' is a resource, whose ID is known only at deployment"
            ));
        }
        Err(format!("'{name}' is not declared in {}", self.file.name))
    }

    fn reference(&self, expr: &Expr, depth: usize) -> Option<Result<Value, String>> {
        let text = expr.reference_text()?;
        if let Some((_, v)) = self.refs.iter().rev().find(|(n, _)| *n == text) {
            return Some(Ok(given_value(v, "")));
        }
        // The path from a resource or module symbol: `identity.name`, `app.uniqueName`.
        let mut path = Vec::new();
        let mut e = expr;
        loop {
            match e {
                Expr::Member(inner, m, _) => {
                    path.push(m.as_str());
                    e = inner;
                }
                Expr::Name(root) => {
                    path.reverse();
                    if let Some(r) = self.file.resource(root) {
                        if let Some(v) = self.resource_property(r, &path, depth) {
                            return Some(v);
                        }
                        return Some(Err(format!(
                            "'{text}' is known only at deployment: give it with {}",
                            how_to_give(&text, self.face)
                        )));
                    }
                    if self.file.is_module(root) {
                        return Some(Err(format!(
                            "'{text}' is an output of module {root}, known only at deployment: give it with {}",
                            how_to_give(&text, self.face)
                        )));
                    }
                    return None;
                }
                // A property of what only a deployment knows: `subscription().tenantId`.
                Expr::Call(name, args)
                    if args.is_empty()
                        && !path.is_empty()
                        && template::functions::deployment_only(&name.to_ascii_lowercase())
                            .is_some() =>
                {
                    return Some(Err(format!(
                        "'{text}' is known only at deployment: give it with {}",
                        how_to_give(&text, self.face)
                    )));
                }
                Expr::Index(..) | Expr::Child(..) => {
                    let root = root_name(e)?;
                    if self.file.resource(root).is_some() || self.file.is_module(root) {
                        return Some(Err(format!(
                            "'{text}' is known only at deployment: give it with {}",
                            how_to_give(&text, self.face)
                        )));
                    }
                    return None;
                }
                _ => return None,
            }
        }
    }

    fn call(&self, _: &str, _: &[Value]) -> Option<Result<Value, String>> {
        None
    }
}

fn root_name(e: &Expr) -> Option<&str> {
    match e {
        Expr::Name(n) => Some(n),
        Expr::Member(e, ..) | Expr::Index(e, ..) | Expr::Child(e, _) => root_name(e),
        _ => None,
    }
}

/// One instance of a resource's or module's body: its index and the loop variables it binds.
struct Each<'e> {
    index: Option<usize>,
    bindings: Vec<(String, Value)>,
    object: &'e Object,
}

/// The instances of a body: an object (one), `if (cond) {…}` (one or none), `[for …: …]`.
fn expand<'e>(ctx: &Ctx<'_>, body: &'e Expr, locals: &mut Locals) -> Result<Vec<Each<'e>>, String> {
    let when = |cond: &Expr, locals: &mut Locals| -> Result<bool, String> {
        match template::eval(cond, ctx, locals, 0) {
            Ok(Value::Bool(b)) => Ok(b),
            Ok(other) => Err(format!(
                "its condition is {}, not true or false",
                other.kind()
            )),
            Err(why) => Err(format!("whether it is deployed cannot be known: {why}")),
        }
    };
    let one = |object, bindings| Each {
        index: None,
        bindings,
        object,
    };
    match body {
        Expr::Object(o) => Ok(vec![one(o, Vec::new())]),
        Expr::If(cond, inner) => match inner.as_ref() {
            Expr::Object(o) if when(cond, locals)? => Ok(vec![one(o, Vec::new())]),
            Expr::Object(_) => Ok(Vec::new()),
            _ => Err("its body is not an object".to_owned()),
        },
        Expr::For(f) => {
            let source = template::eval(&f.source, ctx, locals, 0)
                .map_err(|why| format!("what its loop is over cannot be known: {why}"))?;
            let items = template::items_of(&source)?;
            let mut out = Vec::new();
            for (i, item) in items.into_iter().enumerate() {
                let mut bindings = vec![(f.item.clone(), item)];
                if let Some(index) = &f.index {
                    bindings.push((index.clone(), Value::from(i as i64)));
                }
                let (cond, object) = match &f.body {
                    Expr::Object(o) => (None, o),
                    Expr::If(c, inner) => match inner.as_ref() {
                        Expr::Object(o) => (Some(c.as_ref()), o),
                        _ => return Err("its loop's body is not an object".to_owned()),
                    },
                    _ => return Err("its loop's body is not an object".to_owned()),
                };
                if let Some(cond) = cond {
                    let n = locals.len();
                    locals.extend(bindings.iter().cloned());
                    let deployed = when(cond, locals);
                    locals.truncate(n);
                    if !deployed? {
                        continue;
                    }
                }
                out.push(Each {
                    index: Some(i),
                    bindings,
                    object,
                });
            }
            Ok(out)
        }
        _ => Err("its body is not an object".to_owned()),
    }
}

/// The type a declaration's type string names, `@version` left off, a nested child's joined to
/// its parent's; with the API version.
fn full_type(type_: &str, parent: Option<&Parent>) -> (String, String) {
    let (t, version) = type_.split_once('@').unwrap_or((type_, ""));
    let full = match parent {
        Some(p) if !t.contains('/') => format!("{}/{t}", p.type_),
        _ => t.to_owned(),
    };
    (full, version.to_owned())
}

struct Reader<'a> {
    files: &'a [File],
    refs: &'a [(String, String)],
    face: Face,
    /// Modules not followed: (file, line, source, whether from a registry), said once per file.
    unfollowed: RefCell<Vec<(String, usize, String, bool)>>,
    /// The files deployed so far, so that files calling each other in a circle, which no other
    /// file calls, are still read.
    reached: RefCell<Vec<String>>,
    /// The files being deployed, outermost first: a module calling one of them is a cycle.
    chain: RefCell<Vec<String>>,
}

impl<'a> Reader<'a> {
    fn file(&self, name: &str) -> Option<&'a File> {
        let want = super::terraform::join("", name);
        self.files
            .iter()
            .find(|f| super::terraform::join("", &f.name) == want)
    }

    /// Reads one deployment of `ctx`'s file, its addresses prefixed with `prefix`.
    fn deployment(&self, ctx: &Ctx<'_>, prefix: &str, depth: usize, reading: &mut Reading) {
        {
            let mut reached = self.reached.borrow_mut();
            if !reached.contains(&ctx.file.name) {
                reached.push(ctx.file.name.clone());
            }
        }
        self.chain.borrow_mut().push(ctx.file.name.clone());
        let mut locals = Vec::new();
        for statement in &ctx.file.statements {
            match statement {
                Statement::Resource(r) => self.resource(ctx, r, None, prefix, &mut locals, reading),
                Statement::Module {
                    symbol,
                    path,
                    body,
                    line,
                } => self.module(ctx, symbol, path, body, *line, prefix, depth, reading),
                _ => {}
            }
        }
        self.chain.borrow_mut().pop();
    }

    #[allow(clippy::too_many_arguments)]
    fn module(
        &self,
        ctx: &Ctx<'_>,
        symbol: &str,
        path: &str,
        body: &Expr,
        line: usize,
        prefix: &str,
        depth: usize,
        reading: &mut Reading,
    ) {
        let address = format!("{prefix}{symbol}");
        let target = super::terraform::join(super::folder(&ctx.file.name), path);
        let file = if path.contains(':') {
            None
        } else {
            self.file(&target)
        };
        let Some(file) = file else {
            let entry = (
                ctx.file.name.clone(),
                line,
                path.to_owned(),
                path.contains(':'),
            );
            let mut unfollowed = self.unfollowed.borrow_mut();
            if !unfollowed.contains(&entry) {
                unfollowed.push(entry);
            }
            return;
        };
        if self.chain.borrow().contains(&file.name) {
            reading.notes.push(format!(
                "{}, line {line}: module {address} calls {}, which is already being deployed: Bicep refuses modules that call each other in a circle, so it is not followed",
                ctx.file.name, file.name
            ));
            return;
        }
        if depth >= MAX_MODULE_DEPTH {
            reading.notes.push(format!(
                "{}, line {line}: module {address} is more than {MAX_MODULE_DEPTH} modules deep; it is not read",
                ctx.file.name
            ));
            return;
        }
        let mut locals = Vec::new();
        let instances = match expand(ctx, body, &mut locals) {
            Ok(list) => list,
            Err(why) => {
                reading.notes.push(format!(
                    "{}, line {line}: module {address} is not read: {why}",
                    ctx.file.name
                ));
                return;
            }
        };
        for each in instances {
            let mut locals = each.bindings.clone();
            let mut params = HashMap::new();
            if let Some(p) = each.object.get("params") {
                match &p.value {
                    Expr::Object(o) => {
                        for prop in &o.properties {
                            params.insert(
                                prop.key.clone(),
                                template::eval(&prop.value, ctx, &mut locals, 0),
                            );
                        }
                    }
                    other => match template::eval(other, ctx, &mut locals, 0) {
                        Ok(Value::Object(map)) => {
                            for (k, v) in map.iter() {
                                params.insert(k.clone(), Ok(v.clone()));
                            }
                        }
                        Ok(v) => {
                            reading.notes.push(format!(
                                "{}, line {line}: module {address}'s params is {}, not an object",
                                ctx.file.name,
                                v.kind()
                            ));
                        }
                        Err(why) => {
                            reading.notes.push(format!(
                                "{}, line {line}: module {address}'s params cannot be known: {why}",
                                ctx.file.name
                            ));
                        }
                    },
                }
            }
            let instance = match each.index {
                Some(i) => format!("{address}[{i}]"),
                None => address.clone(),
            };
            let given_by = format!("module {instance} in {}", ctx.file.name);
            let child = Ctx {
                file,
                params,
                given_by: &given_by,
                refs: self.refs,
                face: self.face,
                cache: RefCell::default(),
                active: RefCell::default(),
            };
            self.deployment(&child, &format!("{instance}."), depth + 1, reading);
        }
    }

    fn resource(
        &self,
        ctx: &Ctx<'_>,
        r: &Resource,
        parent: Option<&Parent>,
        prefix: &str,
        locals: &mut Locals,
        reading: &mut Reading,
    ) {
        let (full, version) = full_type(&r.type_, parent);
        let kind = Type::of(&full);
        let lower = full.to_ascii_lowercase();
        let may_hold = lower == credential::IDENTITY || lower == credential::APPLICATION;
        if kind.is_none() && !may_hold {
            return;
        }
        let base = match parent {
            Some(p) => format!("{}::{}", p.address, r.symbol),
            None => format!("{prefix}{}", r.symbol),
        };
        let instances = match expand(ctx, &r.body, locals) {
            Ok(list) if list.is_empty() && kind.is_some() && matches!(r.body, Expr::For(_)) => {
                reading.notes.push(format!(
                    "{}, line {}: {base} loops over no items with the values given, so it declares no credential",
                    ctx.file.name, r.line
                ));
                return;
            }
            Ok(list) => list,
            Err(why) => {
                if kind.is_some() {
                    reading.unresolved.push(Unresolved {
                        address: base,
                        file: ctx.file.name.clone(),
                        line: r.line,
                        why,
                        language: Language::Bicep,
                    });
                }
                return;
            }
        };
        for each in instances {
            let n = locals.len();
            locals.extend(each.bindings.iter().cloned());
            let address = match each.index {
                Some(i) => format!("{base}[{i}]"),
                None => base.clone(),
            };
            let name = match each.object.get("name") {
                Some(p) => template::eval(&p.value, ctx, locals, 0).and_then(|v| match v {
                    Value::String(s) => Ok(s),
                    other => Err(format!("its name is {}, not a string", other.kind())),
                }),
                None => Err("it has no name".to_owned()),
            };
            match kind {
                Some(kind) if !r.existing => {
                    self.credential(
                        ctx,
                        r,
                        each.object,
                        kind,
                        &version,
                        parent,
                        prefix,
                        &address,
                        name,
                        locals,
                        reading,
                    );
                }
                _ => {
                    let me = Parent {
                        type_: full.clone(),
                        name,
                        address: address.clone(),
                    };
                    for child in &each.object.resources {
                        self.resource(ctx, child, Some(&me), prefix, locals, reading);
                    }
                }
            }
            locals.truncate(n);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn credential(
        &self,
        ctx: &Ctx<'_>,
        r: &Resource,
        object: &Object,
        kind: Type,
        version: &str,
        parent: Option<&Parent>,
        prefix: &str,
        address: &str,
        name: Result<String, String>,
        locals: &mut Locals,
        reading: &mut Reading,
    ) {
        let file = ctx.file.name.clone();
        let field = |attribute: &'static str, p: &template::Property| Field {
            attribute,
            source: p.source.clone(),
            line: p.line,
            literal: p.value.is_literal(),
        };
        // The parent: the enclosing resource, else `parent:`, else the name's first segment.
        let declared_parent: Option<Parent> = parent.cloned().or_else(|| {
            let p = object.get("parent")?;
            let text = p.value.reference_text().unwrap_or_else(|| p.source.clone());
            Some(Parent {
                type_: String::new(),
                name: parent_name(ctx, &p.value, locals).map_err(|_| text.clone()),
                address: format!("{prefix}{text}"),
            })
        });
        let (identity, own_name, problem) =
            credential::naming(kind, declared_parent.as_ref(), name, address);
        let name_line = object.get("name").map_or(r.line, |p| p.line);
        reading.problems.extend(problem.map(|problem| {
            credential::refused(
                address,
                &identity,
                &file,
                name_line,
                format!("{address}: {problem}; the deployment fails"),
                "declare the credential under its identity (parent: or nested), named by its own name",
            )
        }));
        // Its properties: under `properties` for a managed identity's, at the top (or under
        // `properties`, as compiled) for the Graph extension's.
        let props: Option<&Object> = match object.get("properties").map(|p| &p.value) {
            Some(Expr::Object(o)) => Some(o),
            _ => None,
        };
        // What is not written as a property of its own is read from the whole value: properties
        // given as one expression (`properties: item.value`), or an object that spreads another
        // (`...base`); for the Graph extension's, the body itself when it spreads one.
        let spreads = |o: &Object| o.properties.iter().any(|p| p.spread);
        let whole: Option<Result<Value, String>> = match object.get("properties") {
            Some(p) if props.is_none_or(spreads) => Some(template::eval(&p.value, ctx, locals, 0)),
            None if kind == Type::Graph && spreads(object) => Some(template::eval(
                &Expr::Object(object.clone()),
                ctx,
                locals,
                0,
            )),
            _ => None,
        };
        let get = |attribute: &'static str| -> credential::Got {
            let found = props.and_then(|o| o.get(attribute)).or_else(|| {
                (kind == Type::Graph)
                    .then(|| object.get(attribute))
                    .flatten()
            });
            if let Some(p) = found {
                return Some((
                    template::eval(&p.value, ctx, locals, 0),
                    field(attribute, p),
                ));
            }
            let properties = object.get("properties");
            credential::from_whole(
                whole.as_ref()?,
                attribute,
                properties.map(|p| p.source.clone()).unwrap_or_default(),
                properties.map_or(r.line, |p| p.line),
            )
        };
        let instance = Instance {
            address: address.to_owned(),
            type_: kind,
            identity,
            file: file.clone(),
            line: r.line,
            language: Language::Bicep,
            name: own_name,
            name_field: object.get("name").map(|p| field("name", p)),
        };
        credential::declare(reading, instance, version, get);
    }
}

/// The name of the resource a `parent:` names: `uami`, or `uamis[i]` (one instance of a loop).
fn parent_name(ctx: &Ctx<'_>, expr: &Expr, locals: &mut Locals) -> Result<String, String> {
    let text = |v: Value| match v {
        Value::String(s) => Ok(s),
        other => Err(format!("its name is {}", other.kind())),
    };
    match expr {
        Expr::Name(symbol) => {
            let r = ctx
                .file
                .resource(symbol)
                .ok_or("not a resource of the file")?;
            ctx.resource_property(r, &["name"], 0)
                .ok_or("its name is not written")?
                .and_then(text)
        }
        Expr::Index(target, index, _) => {
            let Expr::Name(symbol) = target.as_ref() else {
                return Err("not a resource of the file".to_owned());
            };
            let r = ctx
                .file
                .resource(symbol)
                .ok_or("not a resource of the file")?;
            let i = template::eval(index, ctx, locals, 0)?
                .as_whole()
                .and_then(|i| usize::try_from(i).ok())
                .ok_or("its index is not a whole number")?;
            let mut outer = Vec::new();
            let instances = expand(ctx, &r.body, &mut outer)?;
            let each = instances.get(i).ok_or("its index is past the loop's end")?;
            let p = each.object.get("name").ok_or("its name is not written")?;
            let mut bound = each.bindings.clone();
            template::eval(&p.value, ctx, &mut bound, 0).and_then(text)
        }
        _ => Err("not a resource of the file".to_owned()),
    }
}

/// A parameters file's values for a template: from a `.bicepparam` (evaluated in its own scope,
/// so its `var`s and functions work) or a `parameters.json`.
pub(super) struct ParamFile {
    /// The file.
    pub name: String,
    /// The template it is for, when it says (`using`) or its name does (`main.parameters.json`).
    pub target: Option<String>,
    /// Its values, each evaluated or why not.
    pub values: Vec<(String, Result<Value, String>)>,
}

/// Reads a `.bicepparam` file's values.
pub(super) fn param_file(file: &File, refs: &[(String, String)], face: Face) -> ParamFile {
    let params = refs
        .iter()
        .filter_map(|(name, value)| {
            let (type_, _) = file.param(name)?;
            Some((name.clone(), Ok(given_value(value, type_))))
        })
        .collect();
    let ctx = Ctx {
        file,
        params,
        given_by: "",
        refs,
        face,
        cache: RefCell::default(),
        active: RefCell::default(),
    };
    let values = file
        .statements
        .iter()
        .filter_map(|s| match s {
            Statement::Param {
                name,
                value: Some(_),
                ..
            } => Some((
                name.clone(),
                ctx.name(name, 0).map_err(|why| {
                    format!(
                        "{why} (parameter '{name}' in {}: give it with {})",
                        file.name,
                        how_to_give(name, face)
                    )
                }),
            )),
            _ => None,
        })
        .collect();
    ParamFile {
        name: file.name.clone(),
        target: file.using(),
        values,
    }
}

/// Reads the credentials of Bicep `files` (parsed): each file no other given file calls as a
/// module is deployed once per parameters file for it (or once with none), with the values
/// `given` on top; the modules it calls are followed.
pub(super) fn read(
    files: &[File],
    params: &[ParamFile],
    given: &Given,
    face: Face,
    reading: &mut Reading,
) {
    let reader = Reader {
        files,
        refs: &given.values,
        face,
        unfollowed: RefCell::default(),
        reached: RefCell::default(),
        chain: RefCell::default(),
    };
    let called: Vec<String> = files
        .iter()
        .flat_map(|f| {
            f.statements.iter().filter_map(move |s| match s {
                Statement::Module { path, .. } if !path.contains(':') => {
                    Some(super::terraform::join(
                        "",
                        &super::terraform::join(super::folder(&f.name), path),
                    ))
                }
                _ => None,
            })
        })
        .collect();
    // The files no other file calls, then those in a circle of calls, which none of those reach.
    let mut order: Vec<&File> = files
        .iter()
        .filter(|f| !called.contains(&super::terraform::join("", &f.name)))
        .collect();
    let mut next = 0;
    loop {
        while let Some(file) = order.get(next) {
            next += 1;
            deploy_root(&reader, file, params, given, face, reading);
        }
        let reached = reader.reached.borrow().clone();
        match files
            .iter()
            .find(|f| !reached.contains(&f.name) && !order.iter().any(|o| o.name == f.name))
        {
            Some(f) => order.push(f),
            None => break,
        }
    }
    reader.say_unfollowed(reading);
}

/// Deploys `file` as a root: once per parameters file for it, or once with none.
fn deploy_root(
    reader: &Reader<'_>,
    file: &File,
    params: &[ParamFile],
    given: &Given,
    face: Face,
    reading: &mut Reading,
) {
    let me = super::terraform::join("", &file.name);
    {
        let mine: Vec<&ParamFile> = params
            .iter()
            .filter(|p| {
                p.target.as_deref().map(|t| super::terraform::join("", t)) == Some(me.clone())
            })
            .collect();
        let with_given =
            |base: Vec<(String, Result<Value, String>)>| -> HashMap<String, Result<Value, String>> {
                let mut map: HashMap<String, Result<Value, String>> = base.into_iter().collect();
                for (name, value) in &given.values {
                    if let Some((type_, _)) = file.param(name) {
                        map.insert(name.clone(), Ok(given_value(value, type_)));
                    }
                }
                map
            };
        if mine.is_empty() {
            let ctx = Ctx {
                file,
                params: with_given(Vec::new()),
                given_by: "",
                refs: &given.values,
                face,
                cache: RefCell::default(),
                active: RefCell::default(),
            };
            reader.deployment(&ctx, "", 0, reading);
            return;
        }
        for p in &mine {
            for (name, _) in &p.values {
                if file.param(name).is_none() {
                    reading.notes.push(format!(
                        "{} gives parameter '{name}', which {} does not declare",
                        p.name, file.name
                    ));
                }
            }
            let ctx = Ctx {
                file,
                params: with_given(p.values.clone()),
                given_by: &p.name,
                refs: &given.values,
                face,
                cache: RefCell::default(),
                active: RefCell::default(),
            };
            let before = (reading.credentials.len(), reading.unresolved.len());
            reader.deployment(&ctx, "", 0, reading);
            if mine.len() > 1 {
                // One template deployed with several parameters files: each address says which.
                let suffix = format!(
                    " ({})",
                    p.name.rsplit(['/', '\\']).next().unwrap_or(&p.name)
                );
                for d in reading.credentials.iter_mut().skip(before.0) {
                    d.address.push_str(&suffix);
                }
                for u in reading.unresolved.iter_mut().skip(before.1) {
                    u.address.push_str(&suffix);
                }
            }
        }
    }
}

impl Reader<'_> {
    /// The modules not followed, said once per file: those from a registry, and those whose
    /// files are not among the files given.
    fn say_unfollowed(&self, reading: &mut Reading) {
        let unfollowed = self.unfollowed.borrow().clone();
        let mut files_seen: Vec<&str> = Vec::new();
        for (file, ..) in &unfollowed {
            if !files_seen.contains(&file.as_str()) {
                files_seen.push(file);
            }
        }
        for file in files_seen {
            for registry in [true, false] {
                let list: Vec<String> = unfollowed
                    .iter()
                    .filter(|(f, _, _, r)| f == file && *r == registry)
                    .map(|(_, line, path, _)| format!("line {line} ({path})"))
                    .collect();
                if list.is_empty() {
                    continue;
                }
                reading.notes.push(if registry {
                format!(
                    "{file}: the modules at {} come from a registry; the credentials they declare are not read: give their source files to read them",
                    list.join(", ")
                )
            } else {
                format!(
                    "{file}: the modules at {} are not among the files given; the credentials they declare, if any, are not read",
                    list.join(", ")
                )
            });
            }
        }
    }
}

#[cfg(test)]
mod tests;
