//! A small highlighter for snippets: comments, strings, options and keys. It only colours text
//! the core produced; every character is rendered as text, never as markup.

use yew::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Plain,
    Comment,
    String,
    Option,
    Key,
}

fn class(kind: Kind) -> Option<&'static str> {
    match kind {
        Kind::Plain => None,
        Kind::Comment => Some("tok-comment"),
        Kind::String => Some("tok-string"),
        Kind::Option => Some("tok-option"),
        Kind::Key => Some("tok-key"),
    }
}

/// Splits code into classified runs.
fn tokens(code: &str, language: &str) -> Vec<(Kind, String)> {
    let mut out: Vec<(Kind, String)> = Vec::new();
    let push = |out: &mut Vec<(Kind, String)>, kind: Kind, text: &str| {
        if text.is_empty() {
            return;
        }
        match out.last_mut() {
            Some((k, s)) if *k == kind => s.push_str(text),
            _ => out.push((kind, text.to_owned())),
        }
    };
    let comment = if matches!(language, "http" | "bicep") {
        "//"
    } else {
        "#"
    };
    for line in code.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with(comment) || (language == "http" && trimmed.starts_with("###")) {
            push(&mut out, Kind::Comment, line);
            continue;
        }
        // A YAML or HCL key at the start of the line.
        let mut rest = line;
        if matches!(language, "yaml" | "hcl" | "bicep") {
            let indent = line.len() - trimmed.len();
            let sep = if language == "hcl" { '=' } else { ':' };
            if let Some(end) = trimmed.find(sep) {
                let key = trimmed.get(..end).unwrap_or_default();
                if !key.is_empty()
                    && key
                        .trim_start_matches("- ")
                        .chars()
                        .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '/' | ' '))
                {
                    push(
                        &mut out,
                        Kind::Plain,
                        line.get(..indent).unwrap_or_default(),
                    );
                    push(&mut out, Kind::Key, key);
                    rest = trimmed.get(end..).unwrap_or_default();
                }
            }
        }
        let chars: Vec<char> = rest.chars().collect();
        let mut i = 0;
        let mut plain = String::new();
        while let Some(&c) = chars.get(i) {
            if c == '\'' || c == '"' {
                push(&mut out, Kind::Plain, &plain);
                plain.clear();
                let mut s = String::from(c);
                i += 1;
                while let Some(&d) = chars.get(i) {
                    s.push(d);
                    i += 1;
                    if d == '\\' && c == '"' {
                        if let Some(&e) = chars.get(i) {
                            s.push(e);
                            i += 1;
                        }
                    } else if d == c {
                        break;
                    }
                }
                push(&mut out, Kind::String, &s);
            } else if c == '-'
                && chars.get(i + 1) == Some(&'-')
                && (i == 0 || chars.get(i - 1).is_some_and(|p| p.is_whitespace()))
            {
                push(&mut out, Kind::Plain, &plain);
                plain.clear();
                let mut s = String::new();
                while let Some(&d) = chars.get(i) {
                    if d.is_whitespace() || d == '=' {
                        break;
                    }
                    s.push(d);
                    i += 1;
                }
                push(&mut out, Kind::Option, &s);
            } else {
                plain.push(c);
                i += 1;
            }
        }
        push(&mut out, Kind::Plain, &plain);
    }
    out
}

/// Props of [`Code`].
#[derive(Properties, PartialEq)]
pub struct CodeProps {
    /// The code.
    pub code: AttrValue,
    /// Its language (`bash`, `yaml`, …).
    pub language: AttrValue,
}

/// A highlighted code block.
#[function_component]
pub fn Code(props: &CodeProps) -> Html {
    html! {
        <pre class="code" tabindex="0"><code class={format!("language-{}", props.language)}>
            { for tokens(&props.code, &props.language).into_iter().map(|(kind, text)| match class(kind) {
                Some(class) => html! { <span {class}>{ text }</span> },
                None => html! { { text } },
            }) }
        </code></pre>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn highlighting_keeps_every_character() {
        for (code, language) in [
            (
                "az identity create \\\n  --name 'it'\\''s' \\\n  --subject \"a\\\"b\"\n# note\n",
                "bash",
            ),
            ("jobs:\n  deploy:\n    environment: \"prod: 'x'\"\n", "yaml"),
            ("resource \"a\" \"b\" {\n  subject = \"$${x}\"\n}\n", "hcl"),
        ] {
            let joined: String = tokens(code, language).into_iter().map(|(_, t)| t).collect();
            assert_eq!(joined, code);
        }
    }

    #[test]
    fn options_strings_and_comments_are_told_apart() {
        let t = tokens("az x --name 'v' # c\n# comment\n", "bash");
        assert!(t.contains(&(Kind::Option, "--name".to_owned())));
        assert!(t.contains(&(Kind::String, "'v'".to_owned())));
        assert!(t.contains(&(Kind::Comment, "# comment\n".to_owned())));
    }
}
