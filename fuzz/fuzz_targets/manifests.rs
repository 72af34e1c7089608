//! The Kubernetes manifest reader (issue 29): any text as manifests, alone and beside a second
//! half, with a default namespace and an issuer given as a URL or as JSON, and the first half as
//! what `az aks show` printed. It answers or refuses, never panics, and its JSON always reads
//! back; every fix it writes is YAML that parses.
#![no_main]
use fedcred_core::platforms::kubernetes::predict::predict;
use fedcred_core::predict::{File, Kind, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (first, second) = text.split_at(middle);
    for issuer in ["", "https://eastus.oic.prod-aks.azure.com/t/c/", first] {
        let options = Options {
            kind: Some(Kind::Kubernetes),
            namespace: "staging".into(),
            issuer: issuer.into(),
            ..Options::default()
        };
        let files = [
            File { name: "all.yaml", text: &text },
            File { name: "second.yaml", text: second },
        ];
        if let Ok(prediction) = predict(&files, &options) {
            let json = prediction.to_json().to_string();
            assert!(fedcred_core::json::parse(&json).is_ok());
            for fix in prediction.object_findings.iter().filter_map(|f| f.fix.as_deref()) {
                assert!(fedcred_core::yaml::parse(fix).is_ok(), "{fix}");
            }
        }
    }
    // Detected by content, with no kind given.
    let _ = predict(&[File { name: "x.yaml", text: &text }], &Options::default());
});
