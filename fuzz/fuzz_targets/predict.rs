//! The pipeline-file reader (issue 17): any text, as each CI system, with a called workflow and a
//! local action (issue 25: the same text as `.github/actions/a/action.yml`, so an action that uses
//! itself is tried too); and as a repository (issue 25: a GitLab and an Azure Pipelines file whose
//! includes and templates may name `called.yml`, `t/called.yml` or themselves). It answers or
//! refuses, never panics, and its JSON always reads back.
#![no_main]
use fedcred_core::predict::{File, Kind, Options, predict, predict_repository, wanted_files};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first half as the caller, the second as a called workflow.
    let middle = text.char_indices().nth(text.chars().count() / 2).map_or(0, |(i, _)| i);
    let (caller, called) = text.split_at(middle);
    for kind in [None, Some(Kind::GitHub), Some(Kind::GitLab), Some(Kind::AzureDevOps)] {
        let options = Options { kind, repo: "contoso/app".into(), default_branch: "main".into(), ..Options::default() };
        let files = [
            File { name: ".github/workflows/ci.yml", text: &text },
            File { name: "called.yml", text: called },
            File { name: ".github/actions/a/action.yml", text: called },
        ];
        if let Ok(prediction) = predict(&files, &options) {
            let json = prediction.to_json().to_string();
            assert!(fedcred_core::json::parse(&json).is_ok());
        }
        let _ = predict(&[File { name: "caller.yml", text: caller }], &options);
        let repository = [
            File { name: ".gitlab-ci.yml", text: caller },
            File { name: "azure-pipelines.yml", text: caller },
            File { name: "called.yml", text: called },
            File { name: "t/called.yml", text: &text },
        ];
        if let Ok(prediction) = predict_repository(&repository, &options) {
            assert!(fedcred_core::json::parse(&prediction.to_json().to_string()).is_ok());
        }
        let _ = wanted_files(&repository, &options);
    }
});
