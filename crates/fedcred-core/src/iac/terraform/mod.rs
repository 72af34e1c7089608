//! Terraform source (`.tf`, `.tfvars`): the credentials a module declares, with `for_each` and
//! `count` expanded and `var.`, `local.` and `each.` resolved from defaults, `.tfvars` files and
//! given values, the way Terraform would, without running it.
//!
//! Parsed with hcl-rs (hcl-edit underneath, which keeps each attribute's place in the file) and
//! evaluated with its evaluator, given the functions in [`functions`]. What the files cannot say
//! (a data source, a module output, another resource's attribute, a variable without a value) is
//! reported as unresolved with the name that would resolve it; nothing is guessed.
//!
//! Sources, read 2026-12-05:
//! - Terraform's language docs (v1.14): variable precedence (defaults, then `terraform.tfvars`,
//!   then `*.auto.tfvars` in lexical order, then `-var-file` and `-var` in the order given; the
//!   "Input Variables" page), `for_each` (a map, or a set of strings whose `each.key` is the
//!   value) and `count`, resource addresses `type.name["key"]` and `type.name[0]`
//!   ("Resource Address Reference").
//! - The providers' schemas (field guide §10, re-read at the release tags):
//!   terraform-provider-azurerm `azurerm_federated_identity_credential`: `parent_id` up to 4.64,
//!   `user_assigned_identity_id` from 4.65.0 (the only one in 5.0), `audience` a list of one;
//!   terraform-provider-azuread `azuread_application_federated_identity_credential`:
//!   `application_object_id` up to 2.x, `application_id` from 2.44.0 (the only one in 3.0),
//!   `audiences` a list of one; `azuread_application_flexible_federated_identity_credential`
//!   from 3.7.0: `claims_matching_expression`, `audience` one string, no `subject`.

mod functions;

use std::collections::{BTreeMap, HashMap, HashSet};

use hcl::edit::Span;
use hcl::edit::structure::{Block, Body};
use hcl::eval::{Context, Evaluate};
use hcl::template::{Directive, Element};
use hcl::{Expression, ObjectKey, Template, TraversalOperator, Value};

use super::{Declared, Field, Given, Language, Reading, Source, Unresolved};
use crate::credential::{Credential, Matcher};
use crate::face::Face;

/// The most bytes one `.tf` file may have: the largest real module read is under 100 KB.
pub const MAX_FILE: usize = 4 << 20;
/// The deepest nesting of brackets and interpolations read: the parser recurses.
const MAX_DEPTH: usize = 64;
/// The most instances one resource's `for_each` or `count` is expanded to.
pub const MAX_INSTANCES: usize = 10_000;
/// The most values a local may hold, counted over its nested lists and maps.
const MAX_VALUES: usize = 200_000;

/// One credential resource type: what each of its attributes is called (the source reader's and
/// the plan reader's, `super::plan`).
pub(super) struct Schema {
    pub(super) resource: &'static str,
    pub(super) name: &'static str,
    pub(super) parents: &'static [&'static str],
    pub(super) audience: &'static str,
    /// `true` when `audience` is a list (azurerm's `audience`, azuread's `audiences`).
    pub(super) audience_list: bool,
    pub(super) flexible: bool,
    /// Every argument any provider version takes (the sources above), besides the
    /// meta-arguments.
    pub(super) arguments: &'static [&'static str],
}

/// The meta-arguments and blocks every resource takes (Terraform's "Meta-Arguments" pages).
const META: &[&str] = &[
    "count",
    "for_each",
    "depends_on",
    "provider",
    "lifecycle",
    "provisioner",
    "connection",
    "timeouts",
];

/// The schema of credential resource type `resource`, if it is one.
pub(super) fn schema(resource: &str) -> Option<&'static Schema> {
    SCHEMAS.iter().find(|s| s.resource == resource)
}

impl Schema {
    /// The attribute that holds the subject, or a flexible credential's expression.
    pub(super) fn matcher(&self) -> &'static str {
        if self.flexible {
            "claims_matching_expression"
        } else {
            "subject"
        }
    }
}

const SCHEMAS: &[Schema] = &[
    Schema {
        resource: "azurerm_federated_identity_credential",
        name: "name",
        parents: &["user_assigned_identity_id", "parent_id"],
        audience: "audience",
        audience_list: true,
        flexible: false,
        arguments: &[
            "name",
            "resource_group_name",
            "parent_id",
            "user_assigned_identity_id",
            "audience",
            "issuer",
            "subject",
        ],
    },
    Schema {
        resource: "azuread_application_federated_identity_credential",
        name: "display_name",
        parents: &["application_id", "application_object_id"],
        audience: "audiences",
        audience_list: true,
        flexible: false,
        arguments: &[
            "application_id",
            "application_object_id",
            "display_name",
            "description",
            "audiences",
            "issuer",
            "subject",
        ],
    },
    Schema {
        resource: "azuread_application_flexible_federated_identity_credential",
        name: "display_name",
        parents: &["application_id"],
        audience: "audience",
        audience_list: false,
        flexible: true,
        arguments: &[
            "application_id",
            "display_name",
            "description",
            "audience",
            "issuer",
            "claims_matching_expression",
        ],
    },
];

/// Whether `text` looks like Terraform source: a top-level `resource`, `variable`, `locals`,
/// `module`, `data`, `output`, `provider` or `terraform` block.
pub fn looks_like(text: &str) -> bool {
    text.lines().any(|line| {
        let line = line.trim_start();
        [
            "resource ",
            "variable ",
            "locals ",
            "locals{",
            "module ",
            "data ",
            "output ",
            "provider ",
            "terraform ",
        ]
        .iter()
        .any(|k| line.starts_with(k))
            && (line.contains('{') || line.contains('"'))
    })
}

/// How deeply `text` nests brackets, parentheses, braces and string interpolations, so that a
/// file that would exhaust the parser's stack is refused with a message first.
fn depth(text: &str) -> usize {
    #[derive(Clone, Copy, PartialEq)]
    enum Mode {
        Code,
        Str,
    }
    let mut stack = vec![Mode::Code];
    let mut deepest = 0;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let mode = stack.last().copied().unwrap_or(Mode::Code);
        match (mode, c) {
            (Mode::Str, '\\') => {
                chars.next();
            }
            (Mode::Str, '"') => {
                stack.pop();
            }
            (Mode::Str, '$' | '%') if chars.peek() == Some(&'{') => {
                chars.next();
                stack.push(Mode::Code);
            }
            (Mode::Str, _) => {}
            (Mode::Code, '"') => stack.push(Mode::Str),
            (Mode::Code, '#') => {
                for c in chars.by_ref() {
                    if c == '\n' {
                        break;
                    }
                }
            }
            (Mode::Code, '(' | '[' | '{') => stack.push(Mode::Code),
            (Mode::Code, ')' | ']' | '}') => {
                if stack.len() > 1 {
                    stack.pop();
                }
            }
            (Mode::Code, _) => {}
        }
        deepest = deepest.max(stack.len());
    }
    deepest
}

/// A reference an expression makes: `var.NAME`, `local.NAME`, `each.key`, `data.T.N.attr`, ….
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
struct Ref {
    root: String,
    attrs: Vec<String>,
}

impl Ref {
    /// How Terraform writes what would resolve it: `var.org`, `data.azurerm_client_config.current.tenant_id`.
    fn name(&self) -> String {
        let mut out = self.root.clone();
        for a in &self.attrs {
            out.push('.');
            out.push_str(a);
        }
        out
    }
}

/// Every reference `expr` makes, except to names a `for` binds.
fn refs(expr: &Expression, bound: &mut Vec<String>, out: &mut Vec<Ref>, depth: usize) {
    if depth > MAX_DEPTH * 2 {
        return;
    }
    let d = depth + 1;
    match expr {
        Expression::Variable(v) if !bound.iter().any(|b| b == v.as_str()) => {
            out.push(Ref {
                root: v.to_string(),
                attrs: Vec::new(),
            });
        }
        Expression::Traversal(t) => {
            if let Expression::Variable(v) = &t.expr {
                if !bound.iter().any(|b| b == v.as_str()) {
                    let attrs = t
                        .operators
                        .iter()
                        .map_while(|op| match op {
                            TraversalOperator::GetAttr(a) => Some(a.to_string()),
                            _ => None,
                        })
                        .take(3)
                        .collect();
                    out.push(Ref {
                        root: v.to_string(),
                        attrs,
                    });
                }
            } else {
                refs(&t.expr, bound, out, d);
            }
            for op in &t.operators {
                if let TraversalOperator::Index(e) = op {
                    refs(e, bound, out, d);
                }
            }
        }
        Expression::Array(items) => items.iter().for_each(|e| refs(e, bound, out, d)),
        Expression::Object(map) => {
            for (k, v) in map {
                if let ObjectKey::Expression(k) = k {
                    refs(k, bound, out, d);
                }
                refs(v, bound, out, d);
            }
        }
        Expression::TemplateExpr(t) => {
            if let Ok(template) = Template::from_expr(t) {
                template_refs(&template, bound, out, d);
            }
        }
        Expression::FuncCall(f) => f.args.iter().for_each(|e| refs(e, bound, out, d)),
        Expression::Parenthesis(e) => refs(e, bound, out, d),
        Expression::Conditional(c) => {
            refs(&c.cond_expr, bound, out, d);
            refs(&c.true_expr, bound, out, d);
            refs(&c.false_expr, bound, out, d);
        }
        Expression::Operation(op) => match op.as_ref() {
            hcl::expr::Operation::Unary(u) => refs(&u.expr, bound, out, d),
            hcl::expr::Operation::Binary(b) => {
                refs(&b.lhs_expr, bound, out, d);
                refs(&b.rhs_expr, bound, out, d);
            }
        },
        Expression::ForExpr(f) => {
            refs(&f.collection_expr, bound, out, d);
            let before = bound.len();
            if let Some(k) = &f.key_var {
                bound.push(k.to_string());
            }
            bound.push(f.value_var.to_string());
            if let Some(k) = &f.key_expr {
                refs(k, bound, out, d);
            }
            refs(&f.value_expr, bound, out, d);
            if let Some(c) = &f.cond_expr {
                refs(c, bound, out, d);
            }
            bound.truncate(before);
        }
        _ => {}
    }
}

fn template_refs(template: &Template, bound: &mut Vec<String>, out: &mut Vec<Ref>, depth: usize) {
    for element in template.elements() {
        match element {
            Element::Literal(_) => {}
            Element::Interpolation(i) => refs(&i.expr, bound, out, depth + 1),
            Element::Directive(directive) => match directive.as_ref() {
                Directive::If(d) => {
                    refs(&d.cond_expr, bound, out, depth + 1);
                    template_refs(&d.true_template, bound, out, depth + 1);
                    if let Some(f) = &d.false_template {
                        template_refs(f, bound, out, depth + 1);
                    }
                }
                Directive::For(d) => {
                    refs(&d.collection_expr, bound, out, depth + 1);
                    let before = bound.len();
                    if let Some(k) = &d.key_var {
                        bound.push(k.to_string());
                    }
                    bound.push(d.value_var.to_string());
                    template_refs(&d.template, bound, out, depth + 1);
                    bound.truncate(before);
                }
            },
        }
    }
}

fn refs_of(expr: &Expression) -> Vec<Ref> {
    let mut out = Vec::new();
    refs(expr, &mut Vec::new(), &mut out, 0);
    out.sort();
    out.dedup();
    out
}

/// How much `value` weighs, counted up to `limit`: one per value, and one more per 64 bytes of
/// text, so that a local doubling a string is stopped as one doubling a list is.
fn size(value: &Value, limit: usize) -> usize {
    let mut n = 0;
    let mut stack = vec![value];
    while let Some(v) = stack.pop() {
        n += 1;
        match v {
            Value::Array(items) => stack.extend(items),
            Value::Object(map) => {
                n += map.keys().map(|k| k.len() / 64).sum::<usize>();
                stack.extend(map.values());
            }
            Value::String(s) => n += s.len() / 64,
            _ => {}
        }
        if n > limit {
            return n;
        }
    }
    n
}

/// The most weight ([`size`]) of values all evaluations of one module may copy in: a module
/// that reads a large local from 10,000 instances stops with a message instead of copying it
/// 10,000 times.
const BUDGET: usize = 20_000_000;

/// Where each line of a file starts, so that a line is found by bisection: a 4 MiB file
/// declaring 10,000 instances is not scanned once per attribute.
pub(in crate::iac) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0)
        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
        .collect()
}

/// The 1-based line of byte `offset`, given the file's [`line_starts`].
pub(in crate::iac) fn line_of(starts: &[usize], offset: usize) -> usize {
    starts.partition_point(|start| *start <= offset).max(1)
}

/// What is known of one module (one folder's `.tf` files).
#[derive(Default)]
struct Module {
    /// Variable name → its value (default, then `.tfvars`, then given), when it has one.
    vars: HashMap<String, Value>,
    /// Variables declared without a default.
    declared: HashSet<String>,
    /// Variable name → its declared type's source text.
    types: HashMap<String, String>,
    locals: HashMap<String, Value>,
    /// Locals that could not be evaluated, with why.
    broken_locals: HashMap<String, String>,
    /// Given values of other references (`data.…`, `module.…`, `TYPE.NAME.attr`): root → object.
    given: HashMap<String, Value>,
    /// Who reads the messages.
    face: Face,
    /// The weight of the values evaluations have copied so far (see [`BUDGET`]).
    spent: std::cell::Cell<usize>,
    /// For a called module: who calls it (`module.ci (main.tf:12)`).
    caller: String,
    /// `TYPE.NAME.ARGUMENT` of other resources whose argument cannot be evaluated, with why.
    unknown_arguments: HashMap<String, String>,
    /// For a called module: the arguments whose value cannot be known, with why.
    unknown_inputs: HashMap<String, String>,
    /// For a called module: the arguments its caller gave as references to objects whose
    /// values cannot be known, with the object's name (an identity's, for grouping).
    symbols: HashMap<String, String>,
}

/// One resource block of a credential type.
struct Resource<'a> {
    schema: &'static Schema,
    name: String,
    /// The calling modules' address (`module.ci["dev"].`), empty in a root module.
    prefix: String,
    block: &'a Block,
    file: &'a str,
    text: &'a str,
    /// The file's [`line_starts`].
    lines: &'a [usize],
}

/// Where an unresolved reference can be given, in the face's words.
fn how_to_give(name: &str, face: Face) -> String {
    match (name.strip_prefix("var."), face) {
        (Some(var), Face::Cli) => format!("--var {var}=VALUE, or a .tfvars file with --var-file"),
        (None, Face::Cli) => format!("--var {name}=VALUE"),
        (Some(var), _) => format!("a line {var} = \"VALUE\" in the Values box"),
        (None, _) => format!("a line {name} = \"VALUE\" in the Values box"),
    }
}

impl Module {
    /// Counts `value`'s weight against the module's [`BUDGET`].
    fn spend(&self, value: &Value) {
        self.spent
            .set(self.spent.get().saturating_add(size(value, BUDGET)));
    }

    /// Builds the context an expression with references `refs` is evaluated in: only the values
    /// it reads, so that a module with many large variables is not copied for every attribute.
    fn context(
        &self,
        refs: &[Ref],
        each: Option<&(Value, Value)>,
        index: Option<usize>,
    ) -> Context<'static> {
        let mut ctx = Context::new();
        functions::declare(&mut ctx);
        let mut var = hcl::Map::new();
        let mut local = hcl::Map::new();
        for r in refs {
            let Some(first) = r.attrs.first() else {
                continue;
            };
            match r.root.as_str() {
                "var" => {
                    if let Some(v) = self.vars.get(first) {
                        self.spend(v);
                        var.insert(first.clone(), v.clone());
                    }
                }
                "local" => {
                    if let Some(v) = self.locals.get(first) {
                        self.spend(v);
                        local.insert(first.clone(), v.clone());
                    }
                }
                root => {
                    if let Some(v) = self.given.get(root) {
                        self.spend(v);
                        ctx.declare_var(root.to_owned(), v.clone());
                    }
                }
            }
        }
        ctx.declare_var("var", Value::Object(var));
        ctx.declare_var("local", Value::Object(local));
        if let Some((key, value)) = each {
            let mut map = hcl::Map::new();
            map.insert("key".to_owned(), key.clone());
            map.insert("value".to_owned(), value.clone());
            ctx.declare_var("each", Value::Object(map));
        }
        if let Some(i) = index {
            let mut map = hcl::Map::new();
            map.insert(
                "index".to_owned(),
                Value::from(u64::try_from(i).unwrap_or(u64::MAX)),
            );
            ctx.declare_var("count", Value::Object(map));
        }
        ctx
    }

    /// Whether a value was given for `r` (`--var data.T.N.attr=…`), or for a map holding it.
    fn is_given(&self, r: &Ref) -> bool {
        let Some(mut at) = self.given.get(&r.root) else {
            return false;
        };
        for attr in &r.attrs {
            match at {
                Value::Object(map) => match map.get(attr) {
                    Some(next) => at = next,
                    None => return false,
                },
                _ => return true,
            }
        }
        true
    }

    /// Whether the module can give the value `r` names; `None` when it can, else why not and
    /// whether the user can give it (`--var`, the Values box).
    fn missing(&self, r: &Ref, in_each: bool, in_count: bool) -> Option<(String, bool)> {
        let first = r.attrs.first();
        let fixed = |why: String| Some((why, false));
        let givable = |why: String| Some((why, true));
        match (r.root.as_str(), first) {
            ("var", Some(v)) if self.vars.contains_key(v) => None,
            ("var", Some(v)) if self.unknown_inputs.contains_key(v) => fixed(format!(
                "var.{v} is given by {} a value that cannot be known ({})",
                self.caller,
                self.unknown_inputs
                    .get(v)
                    .map(String::as_str)
                    .unwrap_or_default()
            )),
            ("var", Some(v)) if self.declared.contains(v) && !self.caller.is_empty() => {
                fixed(format!(
                    "var.{v} has no default and {} does not give it",
                    self.caller
                ))
            }
            ("var", Some(v)) if self.declared.contains(v) => {
                givable(format!("var.{v} has no default and no value was given"))
            }
            ("var", Some(v)) => fixed(format!("var.{v} is not declared in this folder's files")),
            ("local", Some(l)) if self.locals.contains_key(l) => None,
            ("local", Some(l)) => match self.broken_locals.get(l) {
                // The sentence names the local the trouble starts at.
                Some(root) if root.starts_with(&format!("local.{l} ")) => fixed(root.clone()),
                Some(root) => fixed(format!(
                    "local.{l} depends on {}",
                    root.replacen(" cannot be evaluated", ", which cannot be evaluated", 1)
                )),
                None => fixed(format!("local.{l} is not declared in this folder's files")),
            },
            (root, None) if !matches!(root, "each" | "count" | "self" | "path" | "terraform") => {
                fixed(format!(
                    "'{root}' is no reference Terraform accepts (a variable is var.{root}, a local local.{root}): Terraform refuses this file"
                ))
            }
            ("each", _) if in_each => None,
            ("count", _) if in_count => None,
            ("each", _) => fixed("each is used outside a for_each".to_owned()),
            ("count", _) => fixed("count is used outside a count".to_owned()),
            _ if self.is_given(r) => None,
            ("data", _) => givable(format!(
                "{} is read from a data source when Terraform runs",
                r.name()
            )),
            ("module", _) => givable(format!("{} is another module's output", r.name())),
            ("path" | "terraform", _) => {
                givable(format!("{} is known only when Terraform runs", r.name()))
            }
            _ if self.unknown_arguments.contains_key(&r.name()) => fixed(format!(
                "{} is set from a value that cannot be known ({})",
                r.name(),
                self.unknown_arguments
                    .get(&r.name())
                    .map(String::as_str)
                    .unwrap_or_default()
            )),
            _ => givable(format!(
                "{} is known only once Terraform has applied it",
                r.name()
            )),
        }
    }
}

/// Evaluates `expr`, or says why it cannot be, naming each missing value and how to give it.
fn evaluate(
    module: &Module,
    expr: &Expression,
    each: Option<&(Value, Value)>,
    index: Option<usize>,
    face: Face,
) -> Result<Value, String> {
    let refs = refs_of(expr);
    let missing: Vec<String> = refs
        .iter()
        .filter_map(|r| {
            module
                .missing(r, each.is_some(), index.is_some())
                .map(|(why, givable)| {
                    if givable {
                        format!("{why}: give it with {}", how_to_give(&r.name(), face))
                    } else {
                        why
                    }
                })
        })
        .collect();
    if !missing.is_empty() {
        return Err(missing.join("; "));
    }
    if module.spent.get() > BUDGET {
        return Err(format!(
            "the files make fedcred copy values of over {BUDGET} items while evaluating them, and it stops there"
        ));
    }
    let ctx = module.context(&refs, each, index);
    expr.evaluate(&ctx).map_err(|e| match e.kind() {
        hcl::eval::ErrorKind::UndefinedFunc(f) => {
            format!("it calls {f}(), which fedcred does not evaluate")
        }
        other => other.to_string(),
    })
}

/// Terraform's `for_each` keys and values: a map's entries in lexical key order, or a set of
/// strings (each.key = each.value).
fn instances_of(value: Value) -> Result<Vec<(Value, Value)>, String> {
    match value {
        Value::Object(map) => {
            let mut entries: Vec<(String, Value)> = map.into_iter().collect();
            entries.sort_by(|a, b| a.0.cmp(&b.0));
            Ok(entries
                .into_iter()
                .map(|(k, v)| (Value::String(k), v))
                .collect())
        }
        Value::Array(items) => {
            let mut keys = Vec::new();
            for item in items {
                match item {
                    Value::String(s) => keys.push(s),
                    other => {
                        return Err(format!(
                            "for_each is a list holding {}, and Terraform takes only a map or a set of strings",
                            kind(&other)
                        ));
                    }
                }
            }
            keys.sort();
            keys.dedup();
            Ok(keys
                .into_iter()
                .map(|k| (Value::String(k.clone()), Value::String(k)))
                .collect())
        }
        Value::Null => Ok(Vec::new()),
        other => Err(format!(
            "for_each is {}, and Terraform takes only a map or a set of strings",
            kind(&other)
        )),
    }
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a bool",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a map",
    }
}

/// Terraform's address of one instance: `type.name`, `type.name[0]`, `type.name["key"]`.
fn address(resource: &Resource<'_>, key: Option<&Value>, index: Option<usize>) -> String {
    let base = format!(
        "{}{}.{}",
        resource.prefix, resource.schema.resource, resource.name
    );
    instance_address(base, key, index)
}

/// `base` with an instance's key (`["prod"]`) or index (`[0]`), for resources and module calls.
fn instance_address(base: String, key: Option<&Value>, index: Option<usize>) -> String {
    match (key, index) {
        (Some(Value::String(k)), _) => format!("{base}[\"{}\"]", k.escape_default()),
        (_, Some(i)) => format!("{base}[{i}]"),
        _ => base,
    }
}

/// A value given in HCL (`["dev", "prod"]`, `{ a = "b" }`), as Terraform reads a `-var` of a
/// complex type.
fn hcl_value(name: &str, value: &str) -> Result<Value, String> {
    if depth(value) > MAX_DEPTH {
        return Err(format!("the value of {name} nests over {MAX_DEPTH} deep"));
    }
    let expr: Expression = value
        .parse()
        .map_err(|e: hcl::Error| format!("the value of {name} is not an HCL value: {e}"))?;
    expr.evaluate(&Context::new())
        .map_err(|e| format!("the value of {name} is not a plain value: {e}"))
}

/// A value given for a local or another object's attribute, which has no declared type: a list
/// or map in HCL, `true` or `false`, else the text itself.
fn given_value(name: &str, value: &str) -> Result<Value, String> {
    match value.trim() {
        "true" => Ok(Value::Bool(true)),
        "false" => Ok(Value::Bool(false)),
        v if v.starts_with(['[', '{']) => hcl_value(name, value),
        _ => Ok(Value::String(value.to_owned())),
    }
}

/// Reads `--var` and `.tfvars` values into the module, in Terraform's order.
fn set_value(module: &mut Module, name: &str, value: &str) -> Result<(), String> {
    let name = name.trim();
    if let Some(local) = name.strip_prefix("local.") {
        // A local the files cannot evaluate, given: used instead of its expression.
        module
            .locals
            .insert(local.to_owned(), given_value(name, value)?);
        return Ok(());
    }
    let name = name.strip_prefix("var.").unwrap_or(name);
    if name.contains('.') {
        // Another reference: data.T.N.attr, module.M.out, TYPE.NAME.attr.
        let parts: Vec<&str> = name.split('.').collect();
        let (Some((last, path)), Some(root)) = (parts.split_last(), parts.first()) else {
            return Err(format!("'{name}' is not a name"));
        };
        let entry = module
            .given
            .entry((*root).to_owned())
            .or_insert_with(|| Value::Object(hcl::Map::new()));
        let mut at = entry;
        for part in path.iter().skip(1) {
            let Value::Object(map) = at else {
                return Err(format!(
                    "'{name}' is given twice, once as a value and once as a map"
                ));
            };
            at = map
                .entry((*part).to_owned())
                .or_insert_with(|| Value::Object(hcl::Map::new()));
        }
        let Value::Object(map) = at else {
            return Err(format!(
                "'{name}' is given twice, once as a value and once as a map"
            ));
        };
        map.insert((*last).to_owned(), given_value(name, value)?);
        return Ok(());
    }
    // A declared string takes the text as it is; another declared type, or none with a value
    // that looks like a list or a map, is read as HCL (Terraform's "Assigning Values to Root
    // Module Variables": complex types are written in HCL on the command line).
    let complex = match module.types.get(name).map(|t| t.trim()) {
        Some(t) => !t.starts_with("string"),
        None => value.trim_start().starts_with(['[', '{']),
    };
    let parsed = if complex {
        // Terraform reads a -var of a complex type as an HCL expression.
        hcl_value(name, value)?
    } else {
        Value::String(value.to_owned())
    };
    module.vars.insert(name.to_owned(), parsed);
    Ok(())
}

/// Reads a `.tfvars` (or `.tfvars.json`) file's values into the module's variables.
fn read_tfvars(module: &mut Module, source: &Source, reading: &mut Reading) {
    if source.name.to_ascii_lowercase().ends_with(".json") {
        match crate::json::parse(source.text.trim()) {
            Ok(crate::json::Value::Object(map)) => {
                for (k, v) in map.iter() {
                    module.vars.insert(k.clone(), functions::from_json(v));
                }
            }
            Ok(other) => reading.refuse(
                &source.name,
                format!(
                    "{} is {}, not an object of variable values",
                    source.name,
                    other.kind()
                ),
            ),
            Err(e) => reading.refuse(
                &source.name,
                format!("{} is not valid JSON: {e}", source.name),
            ),
        }
        return;
    }
    let body = match parse(source) {
        Ok(body) => body,
        Err(message) => {
            reading.refuse(&source.name, message);
            return;
        }
    };
    for attr in body.attributes() {
        let expr = Expression::from(attr.value.clone());
        match expr.evaluate(&Context::new()) {
            Ok(value) => {
                module.vars.insert(attr.key.to_string(), value);
            }
            Err(e) => reading.refuse(
                &source.name,
                format!(
                    "{} in {} is not a plain value: {e}",
                    attr.key.as_str(),
                    source.name
                ),
            ),
        }
    }
}

fn parse(source: &Source) -> Result<Body, String> {
    if source.text.len() > MAX_FILE {
        return Err(format!(
            "{} is {} MB: fedcred reads Terraform files of up to 4 MiB; give the files that declare the credentials",
            source.name,
            source.text.len() / 1_000_000
        ));
    }
    if depth(&source.text) > MAX_DEPTH {
        return Err(format!(
            "{} nests brackets or interpolations over {MAX_DEPTH} deep, which no module needs; fedcred does not read it",
            source.name
        ));
    }
    hcl::edit::parser::parse_body(&source.text).map_err(|e| {
        format!(
            "{} is not valid HCL at line {}, column {}: {}",
            source.name,
            e.location().line(),
            e.location().column(),
            e.message()
        )
    })
}

/// Records why local `name` cannot be evaluated, as one sentence naming the local the trouble
/// starts at: a local that fails only because another did says that one's sentence, so a chain
/// of locals is said once, not once per link.
fn break_local(module: &mut Module, name: &str, why: String) {
    let root = if why.starts_with("local.") && !why.contains("; ") {
        why.split_once(" depends on ")
            .filter(|(head, _)| !head.contains(' '))
            .map_or(why.clone(), |(_, root)| {
                root.replacen(", which cannot be evaluated", " cannot be evaluated", 1)
            })
    } else {
        format!(
            "local.{name} cannot be evaluated: {why} (or give the local itself with {})",
            how_to_give(&format!("local.{name}"), module.face)
        )
    };
    module.broken_locals.insert(name.to_owned(), root);
}

/// Evaluates the module's locals in the order they depend on each other; a cycle, a missing
/// value or an error leaves a local out, with why.
fn evaluate_locals(module: &mut Module, locals: &[(String, Expression)], face: Face) {
    let deps: BTreeMap<&str, Vec<String>> = locals
        .iter()
        .map(|(name, expr)| {
            let on = refs_of(expr)
                .into_iter()
                .filter(|r| r.root == "local")
                .filter_map(|r| r.attrs.first().cloned())
                .collect();
            (name.as_str(), on)
        })
        .collect();
    let exprs: HashMap<&str, &Expression> = locals.iter().map(|(n, e)| (n.as_str(), e)).collect();
    // Depth-first, with an explicit stack: a chain of 100,000 locals does not overflow.
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Visiting,
        Done,
    }
    let mut marks: HashMap<&str, Mark> = HashMap::new();
    for (start, _) in locals {
        let mut stack: Vec<(&str, usize)> = vec![(start.as_str(), 0)];
        while let Some((name, next)) = stack.pop() {
            if next == 0 {
                if marks.get(name) == Some(&Mark::Done) {
                    continue;
                }
                marks.insert(name, Mark::Visiting);
            }
            let on = deps.get(name).map(Vec::as_slice).unwrap_or_default();
            if let Some(dep) = on.get(next) {
                stack.push((name, next + 1));
                match marks.get(dep.as_str()) {
                    Some(Mark::Visiting) => {
                        let cycle: Vec<String> = stack
                            .iter()
                            .map(|(n, _)| format!("local.{n}"))
                            .skip_while(|n| *n != format!("local.{dep}"))
                            .collect();
                        let why = format!(
                            "the locals {} refer to each other in a cycle",
                            cycle.join(" → ")
                        );
                        for n in &cycle {
                            if let Some(n) = n.strip_prefix("local.") {
                                module.broken_locals.insert(
                                    n.to_owned(),
                                    format!("local.{n} cannot be evaluated: {why}"),
                                );
                            }
                        }
                    }
                    Some(Mark::Done) => {}
                    None if exprs.contains_key(dep.as_str()) => {
                        if let Some((k, _)) = exprs.get_key_value(dep.as_str()) {
                            stack.push((k, 0));
                        }
                    }
                    None => {}
                }
                continue;
            }
            marks.insert(name, Mark::Done);
            if module.broken_locals.contains_key(name) || module.locals.contains_key(name) {
                continue;
            }
            let Some(expr) = exprs.get(name) else {
                continue;
            };
            match evaluate(module, expr, None, None, face) {
                Ok(value) if size(&value, MAX_VALUES) > MAX_VALUES => {
                    break_local(
                        module,
                        name,
                        format!("its value holds over {MAX_VALUES} items"),
                    );
                }
                Ok(value) => {
                    module.locals.insert(name.to_owned(), value);
                }
                Err(why) => break_local(module, name, why),
            }
        }
    }
}

/// One folder's files, parsed: a module.
pub(super) struct Folder<'a> {
    dir: String,
    bodies: Vec<(&'a Source, Body, Vec<usize>)>,
    tfvars: Vec<&'a Source>,
}

/// The values a calling module gives a module's variables.
struct Inputs {
    values: HashMap<String, Value>,
    /// Arguments whose value cannot be known, with why.
    unknown: HashMap<String, String>,
    /// Those among them that name an object, with its name ([`reference_name`]).
    symbols: HashMap<String, String>,
    /// `module.NAME (FILE:LINE)`, for the messages.
    caller: String,
}

/// `dir` joined with a module's relative `source`, `.` and `..` resolved.
pub(in crate::iac) fn join(dir: &str, source: &str) -> String {
    let mut parts: Vec<&str> = dir
        .split(['/', '\\'])
        .filter(|p| !p.is_empty() && *p != ".")
        .collect();
    let absolute = dir.starts_with('/');
    for part in source.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                if parts.last().is_some_and(|p| *p != "..") {
                    parts.pop();
                } else {
                    parts.push("..");
                }
            }
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    if absolute {
        format!("/{joined}")
    } else {
        joined
    }
}

/// The folder a module block's literal relative `source` names (`./modules/ci`, `../x`).
fn local_source(block: &Block, dir: &str) -> Option<String> {
    let source = block.body.get_attribute("source")?;
    let Expression::String(s) = Expression::from(source.value.clone()) else {
        return None;
    };
    (s.starts_with("./") || s.starts_with("../") || s == "." || s == "..").then(|| join(dir, &s))
}

/// Parses each folder's files and reads every module that no other given module calls, and
/// through it each module it calls from the given folders (`module "x" { source = "./x" }`),
/// with the arguments it passes.
pub(super) fn read_folders(
    groups: &[(&str, Vec<&Source>)],
    given: &Given,
    face: Face,
    reading: &mut Reading,
) {
    let mut folders: Vec<Folder<'_>> = Vec::new();
    for (dir, sources) in groups {
        let mut folder = Folder {
            dir: join(dir, "."),
            bodies: Vec::new(),
            tfvars: Vec::new(),
        };
        for source in sources {
            let lower = source.name.to_ascii_lowercase();
            if lower.ends_with(".tfvars") || lower.ends_with(".tfvars.json") {
                folder.tfvars.push(source);
                continue;
            }
            match parse(source) {
                Ok(body) => folder
                    .bodies
                    .push((source, body, line_starts(&source.text))),
                Err(message) => reading.refuse(&source.name, message),
            }
        }
        folders.push(folder);
    }
    // Callee → its callers among the folders.
    let mut called: HashMap<usize, Vec<usize>> = HashMap::new();
    for (caller, folder) in folders.iter().enumerate() {
        for (_, body, _) in &folder.bodies {
            for block in body.blocks().filter(|b| b.ident.as_str() == "module") {
                if let Some(child) = local_source(block, &folder.dir)
                    && let Some(i) = folders
                        .iter()
                        .position(|f| f.dir == child && f.dir != folder.dir)
                {
                    called.entry(i).or_default().push(caller);
                }
            }
        }
    }
    let mut reached = HashSet::new();
    for i in 0..folders.len() {
        if !called.contains_key(&i) {
            read_folder(&folders, i, None, "", 0, given, face, reading, &mut reached);
        }
    }
    // Modules only called from each other in a cycle: read on their own. (A module whose
    // caller was read but could not expand the call is said unresolved at the call.)
    for i in 0..folders.len() {
        let caller_read = called
            .get(&i)
            .is_some_and(|callers| callers.iter().any(|c| reached.contains(c)));
        if !reached.contains(&i) && !caller_read {
            read_folder(&folders, i, None, "", 0, given, face, reading, &mut reached);
        }
    }
}

/// How deep module calls are followed.
const MAX_MODULE_DEPTH: usize = 16;

/// Reads one module: a root (`inputs` `None`: its `.tfvars` files and the values given) or a
/// module called with `inputs`, its addresses prefixed with `prefix` (`module.ci["dev"].`).
#[allow(clippy::too_many_arguments)]
fn read_folder(
    folders: &[Folder<'_>],
    at: usize,
    inputs: Option<Inputs>,
    prefix: &str,
    depth: usize,
    given: &Given,
    face: Face,
    reading: &mut Reading,
    reached: &mut HashSet<usize>,
) {
    reached.insert(at);
    let Some(folder) = folders.get(at) else {
        return;
    };
    let mut module = Module::default();
    // Declarations first: variables (with defaults), locals, credential resources, module calls.
    let mut locals: Vec<(String, Expression)> = Vec::new();
    let mut resources: Vec<Resource<'_>> = Vec::new();
    let mut calls: Vec<(&Block, &Source, &[usize], String)> = Vec::new();
    let mut elsewhere = Vec::new();
    let mut others: Vec<(&str, &str, &Block)> = Vec::new();
    for (source, body, lines) in &folder.bodies {
        for block in body.blocks() {
            let labels: Vec<&str> = block.labels.iter().map(|l| l.as_str()).collect();
            match (block.ident.as_str(), labels.as_slice()) {
                ("variable", [name]) => {
                    if let Some(t) = block.body.get_attribute("type") {
                        let span = t.value.span().unwrap_or_default();
                        module.types.insert(
                            (*name).to_owned(),
                            source.text.get(span).unwrap_or_default().to_owned(),
                        );
                    }
                    match block.body.get_attribute("default") {
                        Some(attr) => {
                            let expr = Expression::from(attr.value.clone());
                            match expr.evaluate(&Context::new()) {
                                Ok(value) => {
                                    module.vars.insert((*name).to_owned(), value);
                                }
                                Err(e) => reading.refuse(
                                    &source.name,
                                    format!("the default of variable \"{name}\" is not a plain value: {e}"),
                                ),
                            }
                        }
                        None => {
                            module.declared.insert((*name).to_owned());
                        }
                    }
                }
                ("locals", []) => {
                    for attr in block.body.attributes() {
                        locals.push((attr.key.to_string(), Expression::from(attr.value.clone())));
                    }
                }
                ("module", [name]) => match local_source(block, &folder.dir) {
                    Some(child) if folders.iter().any(|f| f.dir == child) => {
                        calls.push((block, source, lines, (*name).to_owned()));
                    }
                    _ => elsewhere.push((*name).to_owned()),
                },
                ("resource", [kind, name]) => {
                    if let Some(schema) = schema(kind) {
                        resources.push(Resource {
                            schema,
                            name: (*name).to_owned(),
                            prefix: prefix.to_owned(),
                            block,
                            file: &source.name,
                            text: &source.text,
                            lines,
                        });
                    } else {
                        others.push((*kind, *name, block));
                    }
                }
                _ => {}
            }
        }
    }
    match inputs {
        None => {
            // Values, in Terraform's order of precedence: terraform.tfvars(.json), then
            // *.auto.tfvars(.json) in lexical order, then the files and values given.
            let mut tfvars = folder.tfvars.clone();
            tfvars.sort_by_key(|s| (!s.name.contains("terraform.tfvars"), s.name.clone()));
            for source in tfvars {
                let lower = source.name.to_ascii_lowercase();
                let auto = lower.ends_with("terraform.tfvars")
                    || lower.ends_with("terraform.tfvars.json")
                    || lower.ends_with(".auto.tfvars")
                    || lower.ends_with(".auto.tfvars.json");
                if auto || given.explicit_files {
                    read_tfvars(&mut module, source, reading);
                } else {
                    reading.notes.push(format!(
                        "{} was not read: Terraform loads only terraform.tfvars and *.auto.tfvars by itself; give it with {}",
                        source.name,
                        if face == Face::Cli { "--var-file" } else { "the Values box" }
                    ));
                }
            }
            for source in &given.files {
                read_tfvars(&mut module, source, reading);
            }
            for (name, value) in &given.values {
                if let Err(message) = set_value(&mut module, name, value) {
                    reading.refuse("--var", message);
                }
            }
        }
        Some(inputs) => {
            module.vars.extend(inputs.values);
            module.caller = inputs.caller;
            module.unknown_inputs = inputs.unknown;
            module.symbols = inputs.symbols;
        }
    }
    for name in module.vars.keys() {
        module.declared.remove(name);
    }
    evaluate_locals(&mut module, &locals, face);
    known_arguments(&mut module, &others, face);
    if !elsewhere.is_empty() && depth == 0 && resources.is_empty() && calls.is_empty() {
        reading.notes.push(format!(
            "{} calls module{} {} from outside the files given: credentials declared there are read when their folder is given too",
            if folder.dir.is_empty() { "this folder" } else { folder.dir.as_str() },
            if elsewhere.len() == 1 { "" } else { "s" },
            elsewhere.join(", ")
        ));
    }
    for resource in &resources {
        read_resource(&module, resource, face, reading);
    }
    for (block, source, lines, name) in calls {
        let Some(child) =
            local_source(block, &folder.dir).and_then(|c| folders.iter().position(|f| f.dir == c))
        else {
            continue;
        };
        let line = line_of(lines, block.span().map_or(0, |s| s.start));
        let base = format!("{prefix}module.{name}");
        if depth >= MAX_MODULE_DEPTH {
            reading.unresolved.push(Unresolved {
                address: base,
                file: source.name.clone(),
                line,
                why: format!("modules call each other over {MAX_MODULE_DEPTH} deep"),
                language: super::Language::Terraform,
            });
            continue;
        }
        let instances = match expand(&module, &block.body, face) {
            Ok(list) => list,
            Err(why) => {
                reading.unresolved.push(Unresolved {
                    address: base,
                    file: source.name.clone(),
                    line,
                    why,
                    language: super::Language::Terraform,
                });
                continue;
            }
        };
        for (each, index) in instances {
            let address = instance_address(base.clone(), each.as_ref().map(|(k, _)| k), index);
            let mut values = HashMap::new();
            let mut unknown = HashMap::new();
            let mut symbols = HashMap::new();
            for attr in block.body.attributes() {
                let key = attr.key.as_str();
                if matches!(
                    key,
                    "source" | "version" | "for_each" | "count" | "providers" | "depends_on"
                ) {
                    continue;
                }
                let expr = Expression::from(attr.value.clone());
                match evaluate(&module, &expr, each.as_ref(), index, face) {
                    Ok(value) => {
                        values.insert(key.to_owned(), value);
                    }
                    Err(why) => {
                        if let Some(name) =
                            reference_name(&module, &expr, each.as_ref(), index, face, prefix)
                        {
                            symbols.insert(key.to_owned(), name);
                        }
                        unknown.insert(key.to_owned(), why);
                    }
                }
            }
            let inputs = Inputs {
                values,
                unknown,
                symbols,
                caller: format!("{address} ({}:{line})", source.name),
            };
            read_folder(
                folders,
                child,
                Some(inputs),
                &format!("{address}."),
                depth + 1,
                given,
                face,
                reading,
                reached,
            );
        }
    }
}

/// The arguments other resources of the module set, where they can be evaluated: a reference
/// to one (`github_repository.app.name`, `azurerm_resource_group.rg.name`) is the value the
/// file sets, which Terraform knows when it plans. Only resources without `for_each` or `count`,
/// and never over a value given by the user.
fn known_arguments(module: &mut Module, others: &[(&str, &str, &Block)], face: Face) {
    for (kind, name, block) in others {
        if block.body.get_attribute("for_each").is_some()
            || block.body.get_attribute("count").is_some()
        {
            continue;
        }
        let mut values = hcl::Map::new();
        for attr in block.body.attributes() {
            let expr = Expression::from(attr.value.clone());
            match evaluate(module, &expr, None, None, face) {
                Ok(value) => {
                    values.insert(attr.key.to_string(), value);
                }
                Err(why) => {
                    module
                        .unknown_arguments
                        .insert(format!("{kind}.{name}.{}", attr.key.as_str()), why);
                }
            }
        }
        if values.is_empty() {
            continue;
        }
        let root = module
            .given
            .entry((*kind).to_owned())
            .or_insert_with(|| Value::Object(hcl::Map::new()));
        if let Value::Object(map) = root {
            let entry = map
                .entry((*name).to_owned())
                .or_insert_with(|| Value::Object(hcl::Map::new()));
            if let Value::Object(given) = entry {
                for (k, v) in values {
                    given.entry(k).or_insert(v);
                }
            }
        }
    }
}

/// One instance of a resource: its `each.key` and `each.value`, or its `count.index`.
type Instance = (Option<(Value, Value)>, Option<usize>);

/// The instances of a resource or module block: one per `for_each` entry or `count`, else one.
fn expand(module: &Module, body: &Body, face: Face) -> Result<Vec<Instance>, String> {
    if let Some(attr) = body.get_attribute("for_each") {
        let expr = Expression::from(attr.value.clone());
        return match evaluate(module, &expr, None, None, face).and_then(instances_of) {
            Ok(list) if list.len() > MAX_INSTANCES => Err(format!(
                "for_each gives {} instances; fedcred expands up to {MAX_INSTANCES}",
                list.len()
            )),
            Ok(list) => Ok(list.into_iter().map(|kv| (Some(kv), None)).collect()),
            Err(why) => Err(format!("for_each cannot be evaluated: {why}")),
        };
    }
    let Some(attr) = body.get_attribute("count") else {
        return Ok(vec![(None, None)]);
    };
    let expr = Expression::from(attr.value.clone());
    match evaluate(module, &expr, None, None, face) {
        Ok(Value::Number(n)) => match n.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) if n > MAX_INSTANCES => Err(format!(
                "count is {n}; fedcred expands up to {MAX_INSTANCES}"
            )),
            Some(n) => Ok((0..n).map(|i| (None, Some(i))).collect()),
            None => Err(format!("count is {n}, not a whole number")),
        },
        Ok(Value::Bool(b)) => Ok((0..usize::from(b)).map(|i| (None, Some(i))).collect()),
        Ok(other) => Err(format!("count is {}, not a number", kind(&other))),
        Err(why) => Err(format!("count cannot be evaluated: {why}")),
    }
}

/// What the provider or Entra would refuse in the block itself, whatever the values: an
/// argument no version of the resource takes, a list given as one string, a credential of an
/// app registration pointed at a managed identity or the other way round
/// (hashicorp/terraform-provider-azuread#1106: `application_object_id = …principal_id`).
fn declaration_problems(
    module: &Module,
    resource: &Resource<'_>,
) -> Vec<(crate::Code, String, String, usize)> {
    use crate::Code;
    let schema = resource.schema;
    let mut out = Vec::new();
    let base = address(resource, None, None);
    for attr in resource.block.body.attributes() {
        let key = attr.key.as_str();
        let at = line_of(resource.lines, attr.span().map_or(0, |s| s.start));
        if !schema.arguments.contains(&key) && !META.contains(&key) {
            let near = schema
                .arguments
                .iter()
                .find(|a| a.replace('_', "") == key.to_ascii_lowercase().replace('_', ""))
                .or_else(|| {
                    schema
                        .arguments
                        .iter()
                        .find(|a| a.trim_end_matches('s') == key.trim_end_matches('s'))
                });
            out.push((
                Code::IacArgumentInvalid,
                format!("{base} sets '{key}', which {} does not take: Terraform refuses the file", schema.resource),
                match near {
                    Some(a) => format!("write {a}"),
                    None if key.contains("claims") => "a flexible credential is the resource azuread_application_flexible_federated_identity_credential, with claims_matching_expression (azuread 3.7.0 and later)".to_owned(),
                    None => format!("remove it; {} takes {}", schema.resource, schema.arguments.join(", ")),
                },
                at,
            ));
        }
    }
    if schema.audience_list
        && let Some(attr) = resource.block.body.get_attribute(schema.audience)
        && matches!(
            Expression::from(attr.value.clone()),
            Expression::String(_) | Expression::TemplateExpr(_)
        )
    {
        out.push((
            Code::IacArgumentInvalid,
            format!("{base} gives {} as one string; {} takes a list of one value: Terraform refuses the file", schema.audience, schema.resource),
            format!("write {} = [\"api://AzureADTokenExchange\"]", schema.audience),
            line_of(resource.lines, attr.span().map_or(0, |s| s.start)),
        ));
    }
    // for_each takes a map or a set of strings: a list is refused ("the for_each argument must
    // be a map, or set of strings, and you have provided a value of type tuple"; Terraform's
    // for_each page). fedcred expands it as a set all the same, and says so.
    if let Some(attr) = resource.block.body.get_attribute("for_each") {
        let expr = Expression::from(attr.value.clone());
        let list = match &expr {
            Expression::Array(_) => Some("a list".to_owned()),
            Expression::Traversal(t) => match (&t.expr, t.operators.as_slice()) {
                (Expression::Variable(v), [TraversalOperator::GetAttr(name)])
                    if v.as_str() == "var" =>
                {
                    module
                        .types
                        .get(name.as_str())
                        .map(|t| t.trim())
                        .filter(|t| t.starts_with("list") || t.starts_with("tuple"))
                        .map(|t| format!("var.{name}, of type {t}"))
                }
                _ => None,
            },
            _ => None,
        };
        if let Some(what) = list {
            out.push((
                Code::IacArgumentInvalid,
                format!("{base} loops for_each over {what}: Terraform takes a map or a set of strings, and refuses the file (fedcred reads it as a set)"),
                "write for_each = toset(…) around the list".to_owned(),
                line_of(resource.lines, attr.span().map_or(0, |s| s.start)),
            ));
        }
    }
    for parent in schema.parents {
        let Some(attr) = resource.block.body.get_attribute(parent) else {
            continue;
        };
        let text = resource
            .text
            .get(attr.value.span().unwrap_or_default())
            .unwrap_or_default()
            .trim();
        let app = schema.resource.starts_with("azuread");
        let wrong = if app {
            text.starts_with("azurerm_user_assigned_identity.") || text.contains("principal_id")
        } else {
            text.starts_with("azuread_application")
        };
        if wrong {
            out.push((
                Code::IacParentMismatch,
                if app {
                    format!("{base} is an app registration's credential, but {parent} is {text}, a managed identity's: the provider finds no application with that ID")
                } else {
                    format!("{base} is a managed identity's credential, but {parent} is {text}, an app registration's")
                },
                if app {
                    "a managed identity's credentials are azurerm_federated_identity_credential, with parent_id (user_assigned_identity_id from azurerm 4.65) set to the identity's id".to_owned()
                } else {
                    "an app registration's credentials are azuread_application_federated_identity_credential, with application_id set to the application's id".to_owned()
                },
                line_of(resource.lines, attr.span().map_or(0, |s| s.start)),
            ));
        }
    }
    out
}

/// One resource block: its instances, each a credential or an unresolved entry.
fn read_resource(module: &Module, resource: &Resource<'_>, face: Face, reading: &mut Reading) {
    let body = &resource.block.body;
    let line = line_of(resource.lines, resource.block.span().map_or(0, |s| s.start));
    let base = address(resource, None, None);
    let unresolved = |reading: &mut Reading, address: String, why: String| {
        reading.unresolved.push(Unresolved {
            address,
            file: resource.file.to_owned(),
            line,
            why,
            language: super::Language::Terraform,
        });
    };
    let each = match expand(module, body, face) {
        Ok(each) if each.is_empty() => {
            reading.notes.push(format!(
                "{base} ({}:{line}) declares no credential with these values: its for_each or count is empty",
                resource.file
            ));
            return;
        }
        Ok(each) => each,
        Err(why) => {
            unresolved(reading, base, why);
            return;
        }
    };
    let first = reading.credentials.len();
    let problems = declaration_problems(module, resource);
    for (kv, index) in each {
        let address = address(resource, kv.as_ref().map(|(k, _)| k), index);
        match instance(module, resource, kv.as_ref(), index, &address, face) {
            Ok(declared) => reading.credentials.push(declared),
            Err(why) => unresolved(reading, address, why),
        }
    }
    let identity = reading
        .credentials
        .get(first)
        .map(|d| d.identity.clone())
        .unwrap_or_else(|| resource.file.to_owned());
    for (code, message, fix, at) in problems {
        reading.problems.push(super::Problem {
            address: base.clone(),
            identity: identity.clone(),
            file: resource.file.to_owned(),
            line: at,
            code,
            message,
            fix,
        });
    }
}

/// Where an attribute is written: its source text, line, and whether it is a plain literal.
fn field_of(resource: &Resource<'_>, attribute: &'static str) -> Option<(Expression, Field)> {
    let attr = resource.block.body.get_attribute(attribute)?;
    let span = attr.value.span().unwrap_or_default();
    let source = resource
        .text
        .get(span.clone())
        .unwrap_or_default()
        .trim()
        .to_owned();
    let expr = Expression::from(attr.value.clone());
    let literal = match &expr {
        Expression::String(_) => true,
        Expression::Array(items) => items.iter().all(|i| matches!(i, Expression::String(_))),
        Expression::TemplateExpr(t) => Template::from_expr(t).is_ok_and(|t| {
            t.elements()
                .iter()
                .all(|e| matches!(e, Element::Literal(_)))
        }),
        _ => false,
    };
    Some((
        expr,
        Field {
            attribute,
            source,
            line: line_of(resource.lines, span.start),
            literal,
        },
    ))
}

/// One instance of a credential resource, with its values evaluated; why not, when one of them
/// cannot be known.
fn instance(
    module: &Module,
    resource: &Resource<'_>,
    each: Option<&(Value, Value)>,
    index: Option<usize>,
    address: &str,
    face: Face,
) -> Result<Declared, String> {
    let schema = resource.schema;
    let mut fields = Vec::new();
    let mut problems = Vec::new();
    let mut unknown: Vec<(&'static str, String)> = Vec::new();
    let mut string = |attribute: &'static str, required: bool| -> Option<String> {
        let Some((expr, field)) = field_of(resource, attribute) else {
            if required {
                problems.push(format!("it has no {attribute}"));
            }
            return None;
        };
        fields.push(field);
        match evaluate(module, &expr, each, index, face) {
            Ok(Value::String(s)) => Some(s),
            Ok(Value::Number(n)) => Some(n.to_string()),
            Ok(Value::Array(items)) if attribute.starts_with("audience") => {
                let texts: Vec<String> = items
                    .iter()
                    .filter_map(|v| {
                        if let Value::String(s) = v {
                            Some(s.clone())
                        } else {
                            None
                        }
                    })
                    .collect();
                if texts.len() == items.len() {
                    Some(texts.join("\n"))
                } else {
                    problems.push(format!("{attribute} holds a value that is not a string"));
                    None
                }
            }
            Ok(Value::Object(map)) if attribute == "claims_matching_expression" => {
                match map.get("value") {
                    Some(Value::String(s)) => Some(s.clone()),
                    _ => {
                        problems.push(format!("{attribute} has no value"));
                        None
                    }
                }
            }
            Ok(Value::Null) if !required => None,
            Ok(other) => {
                problems.push(format!("{attribute} is {}, not a string", kind(&other)));
                None
            }
            Err(why) => {
                unknown.push((attribute, why));
                None
            }
        }
    };
    let name = string(schema.name, true);
    let issuer = string("issuer", true);
    let matcher_text = string(schema.matcher(), true);
    let audiences = string(schema.audience, true);
    // The identity: the resource or ID the parent attribute names.
    let identity = schema
        .parents
        .iter()
        .find_map(|p| field_of(resource, p))
        .map(|(expr, field)| {
            identity_of(module, &expr, &field, each, index, face, &resource.prefix)
        })
        .unwrap_or_else(|| {
            (
                format!("the identity of {address}"),
                super::Location::default(),
            )
        });
    problems.extend(super::unknown_sentences(&unknown));
    if !problems.is_empty() {
        return Err(problems.join("; "));
    }
    let (Some(name), Some(issuer), Some(matcher_text), Some(audiences)) =
        (name, issuer, matcher_text, audiences)
    else {
        return Err("a required attribute is missing".to_owned());
    };
    let audiences: Vec<String> = if schema.audience_list {
        audiences.split('\n').map(str::to_owned).collect()
    } else {
        vec![audiences]
    };
    Ok(Declared {
        address: address.to_owned(),
        resource_type: schema.resource.to_owned(),
        identity: identity.0,
        location: identity.1,
        file: resource.file.to_owned(),
        line: line_of(resource.lines, resource.block.span().map_or(0, |s| s.start)),
        language: Language::Terraform,
        credential: Credential {
            name,
            issuer,
            matcher: if schema.flexible {
                Matcher::Expression(matcher_text)
            } else {
                Matcher::Subject(matcher_text)
            },
            audiences,
            description: None,
        },
        fields,
        action: None,
        keeps_issuer_and_subject: false,
    })
}

/// The identity a credential belongs to: the resource its parent attribute refers to
/// (`azurerm_user_assigned_identity.app`, `azuread_application.app["prod"]`), or the ARM or
/// Graph ID it is given; the attribute's text when neither can be known.
fn identity_of(
    module: &Module,
    expr: &Expression,
    field: &Field,
    each: Option<&(Value, Value)>,
    index: Option<usize>,
    face: Face,
    prefix: &str,
) -> (String, super::Location) {
    if let Some(name) = reference_name(module, expr, each, index, face, prefix) {
        return (name, super::Location::default());
    }
    match evaluate(module, expr, each, index, face) {
        Ok(Value::String(id)) => super::identity_from_id(&id),
        _ => (field.source.clone(), super::Location::default()),
    }
}

/// The object a reference names, to tell identities apart without knowing their IDs:
/// `azurerm_user_assigned_identity.app["dev"]`, `data.azuread_application.app`,
/// `module.uami["dev"]` (the attribute read from it left off); a called module's own objects
/// carry its address; a variable its caller passed such a reference in names that reference.
/// `None` when `expr` is no such reference.
fn reference_name(
    module: &Module,
    expr: &Expression,
    each: Option<&(Value, Value)>,
    index: Option<usize>,
    face: Face,
    prefix: &str,
) -> Option<String> {
    let Expression::Traversal(t) = expr else {
        return None;
    };
    let Expression::Variable(root) = &t.expr else {
        return None;
    };
    let root = root.as_str();
    if root == "var" {
        let Some(TraversalOperator::GetAttr(v)) = t.operators.first() else {
            return None;
        };
        return module.symbols.get(v.as_str()).cloned();
    }
    if matches!(
        root,
        "local" | "each" | "count" | "path" | "terraform" | "self"
    ) {
        return None;
    }
    // data.TYPE.NAME[i], module.NAME[i], TYPE.NAME[i]
    let names = if root == "data" { 2 } else { 1 };
    let mut name = root.to_owned();
    let mut attrs = 0;
    for op in &t.operators {
        match op {
            TraversalOperator::GetAttr(a) if attrs < names => {
                name.push('.');
                name.push_str(a.as_str());
                attrs += 1;
            }
            TraversalOperator::Index(i) if attrs == names => {
                match evaluate(module, i, each, index, face) {
                    Ok(Value::String(k)) => name.push_str(&format!("[\"{}\"]", k.escape_default())),
                    Ok(Value::Number(n)) => name.push_str(&format!("[{n}]")),
                    _ => name.push_str("[…]"),
                }
                break;
            }
            _ => break,
        }
    }
    Some(format!("{prefix}{name}"))
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn depth_counts_brackets_and_interpolations_not_strings() {
        for (text, expected) in [
            ("a = 1", 1),
            ("a = [[1]]", 3),
            ("a = \"[[[[\"", 2),
            ("a = \"${[[1]]}\"", 5),
            ("# [[[[[[\na = 1", 1),
            ("a = \"\\\"[[\"", 2),
        ] {
            assert_eq!(depth(text), expected, "{text}");
        }
    }
}
