//! Token decoding, and the whole explanation of whatever decodes.
#![no_main]
use fedcred_core::explain::{SignatureStatus, explain_paste};
use fedcred_core::import::import;
use libfuzzer_sys::fuzz_target;

const FICS: &str = r#"[{"name":"prod","issuer":"https://token.actions.githubusercontent.com","subject":"repo:contoso/app:environment:prod","audiences":["api://AzureADTokenExchange"]},{"name":"f","issuer":"https://token.actions.githubusercontent.com","audiences":["api://AzureADTokenExchange"],"claimsMatchingExpression":{"languageVersion":1,"value":"claims['sub'] matches 'repo:*'"}}]"#;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = fedcred_core::token::decode_unverified(&text);
    let _ = explain_paste(&text, Some(&import(FICS)), 1_767_225_600, SignatureStatus::NotChecked);
});
