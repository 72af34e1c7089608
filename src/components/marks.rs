//! Differences the eye misses, made visible (issue 27): white space, letter case and look-alike
//! characters, in the inspector's comparison and the workflow page's coverage alike.

use yew::prelude::*;

/// A differing part with what cannot be seen made visible (issue 27): a space as ␣, a tab as ⇥,
/// a no-break or zero-width space as ⍽, and any character outside ASCII followed by its code
/// point, so that a trailing space or a Cyrillic letter is not two identical-looking sides.
pub fn shown(part: &str) -> Html {
    part.chars()
        .map(|c| match c {
            ' ' => html! { <span class="invisible" title="a space">{ "␣" }</span> },
            '\t' => html! { <span class="invisible" title="a tab">{ "⇥" }</span> },
            '\u{a0}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{feff}' => {
                html! { <span class="invisible" title={format!("U+{:04X}", u32::from(c))}>{ "⍽" }</span> }
            }
            c if !c.is_ascii() => {
                html! { <>{ c.to_string() }<sup class="codepoint">{ format!("U+{:04X}", u32::from(c)) }</sup></> }
            }
            c => html! { { c.to_string() } },
        })
        .collect()
}

/// What kind of difference two differing parts are, in words, when it is one the eye misses.
pub fn difference_in_words(expected: &str, actual: &str) -> Option<&'static str> {
    let blank = |s: &str| s.chars().all(char::is_whitespace);
    if blank(expected) && blank(actual) {
        Some("The difference is white space (␣ is a space): remove it from the credential.")
    } else if expected.eq_ignore_ascii_case(actual) {
        Some("Only the letter case differs: Entra compares case-sensitively.")
    } else if !expected.is_ascii() || !actual.is_ascii() {
        Some(
            "A look-alike character: the one marked with its code point is not the ASCII letter it resembles.",
        )
    } else if expected.chars().any(char::is_whitespace) || actual.chars().any(char::is_whitespace) {
        Some("White space is part of the difference (␣ is a space).")
    } else {
        None
    }
}
