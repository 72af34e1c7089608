//! Quoting user values for each target language, so a pasted snippet passes every value
//! through byte for byte, whatever it contains.

/// A bash word that expands to exactly `value`. Plain words stay bare for readability;
/// anything else is single-quoted, with `'` written as `'\''`.
pub fn sh(value: &str) -> String {
    let plain = !value.is_empty()
        && value.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '-' | '_' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=')
        })
        && !value.starts_with(['-', '=']);
    if plain {
        value.to_owned()
    } else {
        format!("'{}'", value.replace('\'', r"'\''"))
    }
}

/// A bash option and its value. A value that starts with `-` is attached with `=`, because the
/// az CLI's parser would take a separate `-value` for an option, quoted or not.
pub fn sh_option(option: &str, value: &str) -> String {
    if value.starts_with('-') {
        format!("{option}={}", sh(value))
    } else {
        format!("{option} {}", sh(value))
    }
}

/// A bash expansion of the environment variable `name` that stops the command with `hint` when
/// the variable is unset or empty: the placeholder for a value the user has not given.
pub fn sh_required(name: &str, hint: &str) -> String {
    format!(
        "\"${{{name}:?{}}}\"",
        hint.replace(['"', '\'', '}', '$', '`', '\\'], "")
    )
}

/// A PowerShell single-quoted string. PowerShell also closes single-quoted strings on the
/// typographic quotes U+2018–U+201B, so each of those is doubled too.
pub fn ps(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        if matches!(c, '\'' | '\u{2018}' | '\u{2019}' | '\u{201A}' | '\u{201B}') {
            out.push(c);
        }
        out.push(c);
    }
    out.push('\'');
    out
}

/// A JSON string literal (also a valid YAML double-quoted scalar).
pub fn json(value: &str) -> String {
    crate::json::quote(value)
}

/// A YAML double-quoted scalar: JSON's escapes, which YAML shares.
pub fn yaml(value: &str) -> String {
    json(value)
}

/// An HCL (Terraform) quoted string: JSON-style escapes plus `$${` and `%%{`, so a value is
/// never read as an interpolation or a template directive.
pub fn hcl(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            c if c.is_control() => out.push_str(&format!("\\u{:04x}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A Bicep single-quoted string: `\'`, `\\`, `\$` (before `{`), and escapes for line breaks and
/// other control characters.
pub fn bicep(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('\'');
    for c in value.chars() {
        match c {
            '\'' => out.push_str("\\'"),
            '\\' => out.push_str("\\\\"),
            '$' => out.push_str("\\$"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{{{:x}}}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('\'');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bash_words_are_bare_only_when_nothing_could_be_read_into_them() {
        let cases = [
            ("api://AzureADTokenExchange", "api://AzureADTokenExchange"),
            (
                "repo:o/r:ref:refs/heads/main",
                "repo:o/r:ref:refs/heads/main",
            ),
            ("Default Project", "'Default Project'"),
            ("it's", r"'it'\''s'"),
            ("$(rm -rf ~)", "'$(rm -rf ~)'"),
            ("`id`", "'`id`'"),
            ("a;b", "'a;b'"),
            ("", "''"),
            ("-leading", "'-leading'"),
            ("*", "'*'"),
        ];
        for (value, quoted) in cases {
            assert_eq!(sh(value), quoted, "{value:?}");
        }
        assert_eq!(sh_option("--subject", "-x"), "--subject='-x'");
        assert_eq!(sh_option("--subject", "x y"), "--subject 'x y'");
    }

    #[test]
    fn powershell_doubles_every_kind_of_single_quote() {
        let cases = [
            ("plain", "'plain'"),
            ("it's", "'it''s'"),
            ("it\u{2019}s", "'it\u{2019}\u{2019}s'"),
            ("$env:PATH", "'$env:PATH'"),
            ("`n", "'`n'"),
        ];
        for (value, quoted) in cases {
            assert_eq!(ps(value), quoted, "{value:?}");
        }
    }

    #[test]
    fn hcl_and_bicep_never_interpolate_a_value() {
        assert_eq!(
            hcl("${var.x} %{if} \"q\" \\"),
            r#""$${var.x} %%{if} \"q\" \\""#
        );
        assert_eq!(hcl("a\nb"), r#""a\nb""#);
        assert_eq!(bicep("it's ${x}\\"), r"'it\'s \${x}\\'");
        assert_eq!(bicep("a\u{1}b"), r"'a\u{1}b'");
    }
}
