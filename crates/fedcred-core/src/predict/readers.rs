//! The GitLab CI and Azure Pipelines readers as values (issue 26). Most of the page's visitors
//! bring GitHub workflows, so the web page's release build loads each of the other two readers
//! the first time a file needs it: it predicts with the readers it has ([`super::predict_with`],
//! [`super::RepositoryPredictor::with_readers`]), and a file whose reader is not among them gives
//! an [`Error`] whose `needs` names it. Everything else (the command line, the action, the
//! tests) predicts with [`Readers::ALL`]. GitHub's reader is always at hand.

use super::local::Local;
use super::model::{Error, File, Kind, Options, Prediction};
use crate::key::Keyed;
use crate::platforms::{azure_devops, gitlab};
use crate::yaml::Node;

type Read = fn(&File<'_>, &Node, &mut Local<'_>, &Options) -> Result<Prediction, Error>;

/// One CI system's pipeline reader.
#[derive(Clone, Copy)]
pub struct Reader(Read);

impl Reader {
    /// GitLab CI's.
    pub const GITLAB: Reader = Reader(gitlab::pipeline::predict);
    /// Azure Pipelines'.
    pub const AZURE_DEVOPS: Reader = Reader(azure_devops::pipeline::predict);
}

/// The readers a prediction may use beside GitHub's.
#[derive(Clone, Copy)]
pub struct Readers {
    /// GitLab CI's, when at hand.
    pub gitlab: Option<Reader>,
    /// Azure Pipelines', when at hand.
    pub azure_devops: Option<Reader>,
}

impl Readers {
    /// Every reader.
    pub const ALL: Readers = Readers {
        gitlab: Some(Reader::GITLAB),
        azure_devops: Some(Reader::AZURE_DEVOPS),
    };
    /// GitHub's only.
    pub const NONE: Readers = Readers {
        gitlab: None,
        azure_devops: None,
    };

    /// Reads `file` with the reader of `kind` (GitLab CI or Azure Pipelines), or says that the
    /// reader is not at hand.
    pub(crate) fn read(
        &self,
        kind: Kind,
        file: &File<'_>,
        doc: &Node,
        local: &mut Local<'_>,
        options: &Options,
    ) -> Result<Prediction, Error> {
        let reader = match kind {
            Kind::GitLab => self.gitlab,
            _ => self.azure_devops,
        };
        match reader {
            Some(Reader(read)) => read(file, doc, local, options),
            None => Err(Error {
                file: file.name.to_owned(),
                line: None,
                message: format!("the reader of this {} is not loaded yet", kind.label()),
                needs: Some(kind),
            }),
        }
    }
}

impl std::fmt::Debug for Readers {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Readers")
            .field("gitlab", &self.gitlab.is_some())
            .field("azure_devops", &self.azure_devops.is_some())
            .finish()
    }
}

/// Two sets of readers are equal when they hold the same readers.
impl PartialEq for Readers {
    fn eq(&self, other: &Self) -> bool {
        self.gitlab.is_some() == other.gitlab.is_some()
            && self.azure_devops.is_some() == other.azure_devops.is_some()
    }
}

impl Eq for Readers {}

#[cfg(test)]
mod tests {
    use super::Readers;
    use crate::predict::repository::tests::options;
    use crate::predict::{File, Kind, RepositoryPredictor, predict_with};

    const GITLAB: &str = "deploy:\n  id_tokens:\n    AZURE_ID_TOKEN:\n      aud: api://AzureADTokenExchange\n  script:\n    - az login --service-principal -u $AZURE_CLIENT_ID -t $AZURE_TENANT_ID --federated-token $AZURE_ID_TOKEN\n";
    const AZURE: &str = "trigger: [main]\npool:\n  vmImage: ubuntu-latest\nsteps:\n  - task: AzureCLI@2\n    inputs:\n      azureSubscription: sc-payments\n      scriptType: bash\n      scriptLocation: inlineScript\n      inlineScript: az account show\n";
    const GITHUB: &str = "on: push\npermissions:\n  id-token: write\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: azure/login@v2\n        with:\n          client-id: x\n          tenant-id: y\n          allow-no-subscriptions: true\n";

    #[test]
    fn a_file_whose_reader_is_not_given_names_the_reader_it_needs() {
        let cases = [
            (".gitlab-ci.yml", GITLAB, Kind::GitLab),
            ("azure-pipelines.yml", AZURE, Kind::AzureDevOps),
        ];
        for (name, text, kind) in cases {
            let files = [File { name, text }];
            let error = predict_with(&files, &options(), Readers::NONE).unwrap_err();
            assert_eq!(error.needs, Some(kind), "{name}");
            assert!(
                predict_with(&files, &options(), Readers::ALL).is_ok(),
                "{name}"
            );
        }
    }

    #[test]
    fn github_workflows_need_no_other_reader() {
        let files = [File {
            name: ".github/workflows/deploy.yml",
            text: GITHUB,
        }];
        assert!(predict_with(&files, &options(), Readers::NONE).is_ok());
    }

    #[test]
    fn a_repository_names_each_reader_its_pipelines_need_once() {
        let files = [
            File {
                name: "repo/.gitlab-ci.yml",
                text: GITLAB,
            },
            File {
                name: "repo/.gitlab-ci-nightly.yml",
                text: GITLAB,
            },
            File {
                name: "repo/.github/workflows/deploy.yml",
                text: GITHUB,
            },
        ];
        let mut predictor = RepositoryPredictor::with_readers(&files, &options(), Readers::NONE);
        while !predictor.step(usize::MAX) {}
        assert_eq!(predictor.needs(), [Kind::GitLab]);
        assert_eq!(predictor.finish().unwrap_err().needs, Some(Kind::GitLab));
        let mut predictor = RepositoryPredictor::with_readers(&files, &options(), Readers::ALL);
        while !predictor.step(usize::MAX) {}
        assert!(predictor.needs().is_empty());
    }

    #[test]
    fn readers_compare_by_which_are_at_hand() {
        assert_eq!(Readers::ALL, Readers::ALL);
        assert_ne!(Readers::ALL, Readers::NONE);
        let gitlab_only = Readers {
            azure_devops: None,
            ..Readers::ALL
        };
        assert_ne!(gitlab_only, Readers::ALL);
        assert_eq!(
            format!("{gitlab_only:?}"),
            "Readers { gitlab: true, azure_devops: false }"
        );
    }
}
