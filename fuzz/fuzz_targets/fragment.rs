//! The shared-link state decoder, and building and rendering whatever it decodes.
#![no_main]
use fedcred_core::scenario::Scenario;
use fedcred_core::snippets::{Context, render_all};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for candidate in [text.to_string(), fedcred_core::base64url::encode(data)] {
        if let Ok(scenario) = Scenario::from_fragment(&candidate) {
            let built = scenario.build();
            let platform = scenario.current();
            let _ = render_all(Context { platform: &platform, credentials: &built.credentials, target: &scenario.target });
        }
    }
});
