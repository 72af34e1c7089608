//! YAML as pipeline files are written, read into a small tree that keeps each node's line.
//!
//! The parsing is `saphyr-parser`'s (a maintained, YAML 1.2 compliant parser in pure Rust): under
//! YAML 1.2's core schema `on:` is the string key GitHub means, not the boolean YAML 1.1 makes
//! of it. This module only turns its events into [`Node`]s, and bounds what a paste may cost:
//!
//! - at most [`MAX_BYTES`] of text, [`MAX_DEPTH`] levels of nesting and [`MAX_NODES`] nodes,
//!   **counting every copy an alias makes** (so "billion laughs" through anchors stops at the
//!   limit with a message, instead of exhausting memory);
//! - the first document only (pipeline files hold one);
//! - merge keys (`<<: *base`) are kept as ordinary keys by [`parse`]: YAML 1.2 has none.
//!   [`apply_merge_keys`] applies them as YAML 1.1's merge type does, for the files whose tools
//!   read them (GitLab CI documents them: "YAML optimization", read 2026-11-29; its parser is
//!   Ruby's Psych, YAML 1.1). Whether GitHub Actions applies them, its documents do not say, so
//!   workflows keep them as keys.
//!
//! ```
//! use fedcred_core::yaml;
//!
//! let doc = yaml::parse("on: push\njobs:\n  build: {runs-on: ubuntu-latest}\n").unwrap();
//! assert_eq!(doc.get("on").and_then(yaml::Node::as_str), Some("push"));
//! assert_eq!(doc.get("jobs").and_then(|j| j.get("build")).map(|n| n.line), Some(3));
//! assert!(yaml::parse("a: [1, 2").unwrap_err().to_string().starts_with("line "));
//! ```

use std::collections::HashMap;
use std::fmt;

use saphyr_parser::{Event, Parser, ScalarStyle};

/// The key a sequence tagged `!reference` is kept under: GitLab's tag for "the value at this
/// path of the configuration" (GitLab docs, "Optimize GitLab CI/CD configuration files",
/// `!reference` tags, read 2026-12-05), which the GitLab reader resolves after its includes are
/// merged. Tags are otherwise not kept.
pub const REFERENCE: &str = "!reference";

/// The largest text [`parse`] reads: 1 MiB, fifty times the longest workflow in GitHub's own
/// starter workflows.
pub const MAX_BYTES: usize = 1 << 20;
/// The deepest nesting [`parse`] accepts.
pub const MAX_DEPTH: usize = 64;
/// The most nodes a document may hold, alias copies included.
pub const MAX_NODES: usize = 100_000;

/// A YAML node and the line (1-based) it starts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Node {
    /// The line the node starts on, 1-based.
    pub line: usize,
    /// What it holds.
    pub value: Value,
    /// Whether it is a plain (unquoted) scalar: `true` written so, which a YAML 1.1 reader
    /// (Kubernetes' tools) takes for a boolean, where `"true"` is text (issue 29).
    pub plain: bool,
}

/// What a node holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// `null`, `~` or nothing.
    Null,
    /// A scalar's text (numbers and booleans too, as written).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, keys in the order written; a non-scalar key is written `?`.
    Map(Vec<(String, Node)>),
}

/// Why a text is not YAML fedcred can read, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// The line (1-based), when the error has one.
    pub line: Option<usize>,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

impl Node {
    /// The value under `key`, when this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Node> {
        match &self.value {
            Value::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The text of a scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(text) => Some(text),
            _ => None,
        }
    }

    /// The items of a sequence.
    pub fn as_seq(&self) -> Option<&[Node]> {
        match &self.value {
            Value::Seq(items) => Some(items),
            _ => None,
        }
    }

    /// The entries of a mapping.
    pub fn as_map(&self) -> Option<&[(String, Node)]> {
        match &self.value {
            Value::Map(entries) => Some(entries),
            _ => None,
        }
    }

    /// A scalar, or each scalar of a sequence: how `branches: main` and `branches: [main]` both read.
    pub fn strings(&self) -> Vec<&str> {
        match &self.value {
            Value::Scalar(text) => vec![text.as_str()],
            Value::Seq(items) => items.iter().filter_map(Node::as_str).collect(),
            _ => Vec::new(),
        }
    }

    /// How many nodes this one holds, itself included.
    pub(crate) fn size(&self) -> usize {
        1 + match &self.value {
            Value::Null | Value::Scalar(_) => 0,
            Value::Seq(items) => items.iter().map(Node::size).sum(),
            Value::Map(entries) => entries.iter().map(|(_, v)| 1 + v.size()).sum(),
        }
    }
}

enum Frame {
    Seq {
        line: usize,
        anchor: usize,
        items: Vec<Node>,
        /// Tagged `!reference` (GitLab).
        reference: bool,
    },
    Map {
        line: usize,
        anchor: usize,
        entries: Vec<(String, Node)>,
        key: Option<String>,
    },
}

/// Applies the merge keys of every mapping below `node` (YAML 1.1, "Merge Key Language-Independent
/// Type"): `<<: MAP` or `<<: [MAP, …]` adds each key the mapping does not set itself, an earlier
/// map's before a later one's; the `<<` entry goes. Bounded: the copies count against
/// [`MAX_NODES`] as aliases do, so merges of merges cannot grow without end.
pub fn apply_merge_keys(node: &mut Node) -> Result<(), Error> {
    let mut budget = MAX_NODES.saturating_sub(node.size());
    merge_below(node, 0, &mut budget)
}

/// How deep [`apply_merge_keys`] follows a tree: alias copies nest deeper than the text does
/// (the text itself stops at [`MAX_DEPTH`]), and the recursion must stay bounded.
const MAX_MERGE_DEPTH: usize = 4 * MAX_DEPTH;

fn merge_below(node: &mut Node, depth: usize, budget: &mut usize) -> Result<(), Error> {
    if depth > MAX_MERGE_DEPTH {
        return Err(Error {
            line: Some(node.line),
            message: format!(
                "its anchors and merge keys nest deeper than {MAX_MERGE_DEPTH} levels"
            ),
        });
    }
    let line = node.line;
    match &mut node.value {
        Value::Seq(items) => {
            for item in items {
                merge_below(item, depth + 1, budget)?;
            }
        }
        Value::Map(entries) => {
            for (_, value) in entries.iter_mut() {
                merge_below(value, depth + 1, budget)?;
            }
            if !entries.iter().any(|(k, _)| k == "<<") {
                return Ok(());
            }
            let mut merged: Vec<(String, Node)> = Vec::new();
            let mut own: Vec<(String, Node)> = Vec::new();
            for (key, value) in std::mem::take(entries) {
                if key != "<<" {
                    own.push((key, value));
                    continue;
                }
                let sources = match value.value {
                    Value::Map(_) => vec![value],
                    Value::Seq(items) => items,
                    _ => Vec::new(),
                };
                for source in sources {
                    if let Value::Map(source) = source.value {
                        for (key, value) in source {
                            if merged.iter().any(|(k, _)| *k == key) {
                                continue;
                            }
                            let cost = value.size() + 1;
                            if cost > *budget {
                                return Err(Error {
                                    line: Some(line),
                                    message: format!(
                                        "its merge keys (<<) copy more than {MAX_NODES} values: a YAML bomb, or merges of merges without end"
                                    ),
                                });
                            }
                            *budget -= cost;
                            merged.push((key, value));
                        }
                    }
                }
            }
            merged.retain(|(key, _)| !own.iter().any(|(k, _)| k == key));
            merged.extend(own);
            *entries = merged;
        }
        Value::Null | Value::Scalar(_) => {}
    }
    Ok(())
}

/// Reads the first document of `text`, within the limits above.
pub fn parse(text: &str) -> Result<Node, Error> {
    Ok(parse_documents(text, 1)?
        .into_iter()
        .next()
        .unwrap_or(Node {
            line: 1,
            value: Value::Null,
            plain: false,
        }))
}

/// Reads the first `most` documents of `text` (`---` between them), each within the limits
/// above: how a GitLab file with a `spec:` header is read (the header is the first document, the
/// configuration the second).
pub fn parse_documents(text: &str, most: usize) -> Result<Vec<Node>, Error> {
    if text.len() > MAX_BYTES {
        return Err(Error {
            line: None,
            message: format!(
                "this file is {} KB; fedcred reads pipeline files up to {} KB",
                text.len() / 1024,
                MAX_BYTES / 1024
            ),
        });
    }
    let (documents, mut errors) = read_documents(text, most, usize::MAX, false);
    match errors.pop() {
        Some(error) => Err(error),
        None => Ok(documents),
    }
}

/// A stream of many documents, as `kubectl get -o yaml`, `helm template` and `kustomize build`
/// print them (issue 29). A document over a limit (a YAML bomb, too deep) is left out with its
/// reason and the next one read; a YAML syntax error ends the stream, since what follows it
/// cannot be told apart, and the documents before it are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stream {
    /// The documents read, in order (an empty document is `Null`).
    pub documents: Vec<Node>,
    /// What was left out and why, in order; the last may be what ended the stream.
    pub errors: Vec<Error>,
}

/// The largest stream [`parse_stream`] reads: 8 MiB, more than twice what `helm template`
/// prints for kube-prometheus-stack with its CRDs.
pub const MAX_STREAM_BYTES: usize = 8 << 20;
/// The most nodes a whole stream may hold, alias copies included: each document keeps its own
/// [`MAX_NODES`], and this bounds what thousands of them may cost together.
pub const MAX_STREAM_NODES: usize = 2_000_000;

/// Reads every document of `text` within the limits above.
pub fn parse_stream(text: &str) -> Stream {
    if text.len() > MAX_STREAM_BYTES {
        return Stream {
            documents: Vec::new(),
            errors: vec![Error {
                line: None,
                message: format!(
                    "this file is {} KB; fedcred reads manifests up to {} KB: split it (kubectl get one kind or namespace at a time)",
                    text.len() / 1024,
                    MAX_STREAM_BYTES / 1024
                ),
            }],
        };
    }
    let (documents, errors) = read_documents(text, usize::MAX, MAX_STREAM_NODES, true);
    Stream { documents, errors }
}

/// The documents of `text`, at most `most` of them and `budget` nodes in all, and the errors:
/// with `skip`, a document over a limit is left out and the next one read; otherwise the first
/// error ends the reading.
fn read_documents(text: &str, most: usize, budget: usize, skip: bool) -> (Vec<Node>, Vec<Error>) {
    let mut documents = Vec::new();
    let mut errors = Vec::new();
    let mut spent = 0_usize;
    let mut loader = Loader::default();
    // After a document's root, the events up to the next document's start belong to none.
    let mut between = false;
    for event in Parser::new_from_str(text) {
        let (event, span) = match event {
            Ok(event) => event,
            Err(e) => {
                let error = Error {
                    line: Some(e.marker().line()),
                    message: if e.info().contains("recursion limit") {
                        nested_too_deep()
                    } else {
                        format!("not valid YAML: {}", e.info())
                    },
                };
                errors.push(error);
                return (documents, errors);
            }
        };
        if between {
            if matches!(event, Event::DocumentStart(_)) {
                between = false;
            }
            continue;
        }
        let line = span.start.line();
        match loader.event(event, line) {
            Ok(Some(root)) => {
                spent = spent.saturating_add(loader.nodes);
                if spent > budget {
                    let error = Error {
                        line: Some(root.line),
                        message: format!(
                            "the documents up to this one hold more than {budget} values in all; fedcred stops here and reads the {} before it",
                            documents.len()
                        ),
                    };
                    errors.push(error);
                    return (documents, errors);
                }
                documents.push(root);
                if documents.len() >= most {
                    break;
                }
                loader = Loader::default();
                between = true;
            }
            Ok(None) => {}
            Err(error) => {
                errors.push(error);
                if !skip {
                    return (documents, errors);
                }
                // Left out: the rest of this document is skipped, the next one read.
                spent = spent.saturating_add(loader.nodes);
                loader = Loader::default();
                between = true;
            }
        }
    }
    (documents, errors)
}

fn nested_too_deep() -> String {
    format!("nested more than {MAX_DEPTH} levels deep; no pipeline file needs that many")
}

#[derive(Default)]
struct Loader {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    nodes: usize,
}

impl Loader {
    /// Takes one event; returns the document's root once it is complete.
    fn event(&mut self, event: Event<'_>, line: usize) -> Result<Option<Node>, Error> {
        let node = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let value = if style == ScalarStyle::Plain
                    && matches!(&*text, "" | "~" | "null" | "Null" | "NULL")
                {
                    Value::Null
                } else {
                    Value::Scalar(text.into_owned())
                };
                self.count(1, line)?;
                let node = Node {
                    line,
                    value,
                    // `!!str true` is text, whatever its style.
                    plain: style == ScalarStyle::Plain && tag.is_none(),
                };
                self.remember(anchor, &node);
                node
            }
            Event::Alias(anchor) => {
                let node = self.anchors.get(&anchor).cloned().ok_or_else(|| Error {
                    line: Some(line),
                    message: "an alias names an anchor that is not defined before it".to_owned(),
                })?;
                self.count(node.size(), line)?;
                Node { line, ..node }
            }
            Event::SequenceStart(anchor, tag) => {
                self.open(line)?;
                self.stack.push(Frame::Seq {
                    line,
                    anchor,
                    items: Vec::new(),
                    reference: tag.is_some_and(|t| t.handle == "!" && t.suffix == "reference"),
                });
                return Ok(None);
            }
            Event::MappingStart(anchor, _) => {
                self.open(line)?;
                self.stack.push(Frame::Map {
                    line,
                    anchor,
                    entries: Vec::new(),
                    key: None,
                });
                return Ok(None);
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let (node, anchor) = match self.stack.pop() {
                    Some(Frame::Seq {
                        line,
                        anchor,
                        items,
                        reference,
                    }) => {
                        let seq = Node {
                            line,
                            value: Value::Seq(items),
                            plain: false,
                        };
                        // GitLab's `!reference [a, b]`, kept as `{"!reference": [a, b]}`.
                        let node = if reference {
                            self.count(1, line)?;
                            Node {
                                line,
                                value: Value::Map(vec![(REFERENCE.to_owned(), seq)]),
                                plain: false,
                            }
                        } else {
                            seq
                        };
                        (node, anchor)
                    }
                    Some(Frame::Map {
                        line,
                        anchor,
                        entries,
                        ..
                    }) => (
                        Node {
                            line,
                            value: Value::Map(entries),
                            plain: false,
                        },
                        anchor,
                    ),
                    None => return Ok(None),
                };
                self.count(1, line)?;
                self.remember(anchor, &node);
                node
            }
            Event::DocumentEnd => {
                return Ok(Some(Node {
                    line,
                    value: Value::Null,
                    plain: false,
                }));
            }
            Event::Nothing | Event::StreamStart | Event::StreamEnd | Event::DocumentStart(_) => {
                return Ok(None);
            }
        };
        Ok(self.place(node))
    }

    fn open(&self, line: usize) -> Result<(), Error> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(Error {
                line: Some(line),
                message: format!(
                    "nested more than {MAX_DEPTH} levels deep; no pipeline file needs that many"
                ),
            });
        }
        Ok(())
    }

    fn count(&mut self, nodes: usize, line: usize) -> Result<(), Error> {
        self.nodes = self.nodes.saturating_add(nodes);
        if self.nodes > MAX_NODES {
            return Err(Error {
                line: Some(line),
                message: format!(
                    "this document expands to more than {MAX_NODES} values (anchors and aliases copy what they name); fedcred stops there"
                ),
            });
        }
        Ok(())
    }

    fn remember(&mut self, anchor: usize, node: &Node) {
        if anchor != 0 {
            self.anchors.insert(anchor, node.clone());
        }
    }

    /// Puts a finished node into its parent; returns it when it is the document's root.
    fn place(&mut self, node: Node) -> Option<Node> {
        match self.stack.last_mut() {
            None => Some(node),
            Some(Frame::Seq { items, .. }) => {
                items.push(node);
                None
            }
            Some(Frame::Map { entries, key, .. }) => {
                match key.take() {
                    Some(k) => entries.push((k, node)),
                    None => {
                        *key = Some(match node.value {
                            Value::Scalar(text) => text,
                            Value::Null => String::new(),
                            _ => "?".to_owned(),
                        });
                    }
                }
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn on_is_a_key_not_a_boolean() {
        let doc = parse("on:\n  push:\n    branches: [main]\n").unwrap();
        let on = doc.get("on").unwrap();
        assert_eq!(
            on.get("push").unwrap().get("branches").unwrap().strings(),
            ["main"]
        );
    }

    #[test]
    fn flow_style_block_style_and_multiline_strings_read_alike() {
        let flow = parse("jobs: {a: {environment: prod}}").unwrap();
        let block = parse("jobs:\n  a:\n    environment: |-\n      prod\n").unwrap();
        let get = |d: &Node| {
            d.get("jobs")
                .unwrap()
                .get("a")
                .unwrap()
                .get("environment")
                .unwrap()
                .as_str()
                .map(str::to_owned)
        };
        assert_eq!(get(&flow), get(&block));
    }

    #[test]
    fn anchors_and_aliases_copy_the_value() {
        let doc = parse("x: &e production\ny: *e\n").unwrap();
        assert_eq!(doc.get("y").unwrap().as_str(), Some("production"));
        assert_eq!(doc.get("y").unwrap().line, 2);
    }

    #[test]
    fn null_forms_and_quoted_null() {
        let doc = parse("a: ~\nb:\nc: 'null'\n").unwrap();
        assert_eq!(doc.get("a").unwrap().value, Value::Null);
        assert_eq!(doc.get("b").unwrap().value, Value::Null);
        assert_eq!(doc.get("c").unwrap().as_str(), Some("null"));
    }

    #[test]
    fn billion_laughs_stops_at_the_node_limit() {
        let mut text = String::from("a: &a [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            text.push_str(&format!("a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n", p = if i == 1 { String::new() } else { (i - 1).to_string() }));
        }
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("more than 100000 values"), "{error}");
    }

    #[test]
    fn deep_nesting_is_refused_with_its_line() {
        let text = "[".repeat(10_000);
        let error = parse(&text).unwrap_err();
        assert!(error.message.contains("nested more than 64"), "{error}");
        let block: String = (0..100)
            .map(|i| format!("{}k:\n", "  ".repeat(i)))
            .collect();
        assert!(parse(&block).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn a_syntax_error_names_its_line() {
        let error = parse("on: push\njobs:\n  a: [unclosed\n").unwrap_err();
        assert!(error.line.is_some_and(|l| l >= 3), "{error}");
    }

    #[test]
    fn an_oversized_file_is_refused_before_parsing() {
        let text = "a: b\n".repeat(MAX_BYTES / 4);
        assert!(parse(&text).unwrap_err().message.contains("up to 1024 KB"));
    }

    #[test]
    fn only_the_first_document_is_read() {
        let doc = parse("a: 1\n---\nb: 2\n").unwrap();
        assert_eq!(doc.get("a").unwrap().as_str(), Some("1"));
        assert!(doc.get("b").is_none());
    }
}
