//! The reader and writer against RFC 8259 and serde_json.

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
    let value =
        parse(r#"{"name":"x","audiences":["api://AzureADTokenExchange"],"claims":{},"list":[]}"#)
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
