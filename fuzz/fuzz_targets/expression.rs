//! Flexible-expression parsing and evaluation.
#![no_main]
use fedcred_core::expression::{Expression, glob_match, validate};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(expression) = text.parse::<Expression>() {
        let _ = expression.to_string();
        let _ = expression.holds(|claim| Some(if claim == "sub" { text.as_ref() } else { "x" }));
    }
    let _ = validate("https://token.actions.githubusercontent.com", &text);
    // Split on a character boundary (a byte index can fall inside a character).
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(text.len(), |(i, _)| i);
    let (pattern, subject) = text.split_at(middle);
    let _ = glob_match(pattern, subject);
});
