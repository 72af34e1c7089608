//! Which of fedcred's faces a message is written for (issue 27): the command line asks for an
//! input by its flag, the web page by its own control. A message that asks the user for
//! something says it through [`Face::ask`], so neither face shows the other's instructions.
//!
//! The page's words name the controls as they are labelled on the page (`src/components/`):
//! change a label there and its words here together.

/// Who reads the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Face {
    /// The `fedcred` command and what it writes for a CI log.
    #[default]
    Cli,
    /// The web page.
    Page,
}

/// Something a message asks the user to give or do, said by each face in its own words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ask<'a> {
    /// The repository (GitHub's `OWNER/REPO`, GitLab's `group/project`), with an example of its
    /// shape.
    Repository {
        /// `OWNER/REPO` or `group/project`.
        shape: &'a str,
    },
    /// The repository's default branch.
    DefaultBranch,
    /// Which CI system a file is for.
    Kind,
    /// A reusable workflow the file calls, by the name `uses:` gives it.
    CalledWorkflow {
        /// Its file name (`deploy-env.yml`).
        name: &'a str,
    },
    /// What `gh api repos/REPO` prints, for a prediction's flexible credentials to pin the IDs.
    RepositoryIds {
        /// The repository.
        repo: &'a str,
    },
    /// What `gh api repos/REPO` prints, for the migration to immutable subjects.
    GithubIds {
        /// The repository, as the credential names it.
        repo: &'a str,
    },
    /// A real token checked against the new credentials before the old ones go.
    TryToken,
    /// An Azure DevOps connection's Subject identifier, turned into a credential.
    SubjectIdentifier,
    /// The Kubernetes cluster's OIDC issuer, for the credentials of its service accounts.
    ClusterIssuer,
    /// Another format of the audit's migration.
    MigrationFormat {
        /// `az`, `powershell` or `graph`.
        format: &'a str,
    },
}

impl Face {
    /// `ask` in this face's words: a clause that fits after "give", "do" or a semicolon.
    pub fn ask(self, ask: Ask<'_>) -> String {
        match (self, ask) {
            (Face::Cli, Ask::Repository { shape }) => format!("give --repo {shape}"),
            (Face::Page, Ask::Repository { .. }) => "enter the repository above".to_owned(),
            (Face::Cli, Ask::DefaultBranch) => "give --default-branch".to_owned(),
            (Face::Page, Ask::DefaultBranch) => "enter the default branch above".to_owned(),
            (Face::Cli, Ask::Kind) => {
                "say which with --kind github|azure-devops|gitlab|kubernetes".to_owned()
            }
            (Face::Page, Ask::Kind) => "choose it under \"CI system or manifests\"".to_owned(),
            (Face::Cli, Ask::CalledWorkflow { name }) => {
                format!("give it too (fedcred predict FILE {name}, or the repository's folder)")
            }
            (Face::Page, Ask::CalledWorkflow { name }) => format!(
                "add it with \"Add a called workflow\" (file name {name}), or open the repository's folder"
            ),
            (Face::Cli, Ask::RepositoryIds { repo }) => {
                format!("or give --customization with what gh api repos/{repo} prints")
            }
            (Face::Page, Ask::RepositoryIds { repo }) => format!(
                "or paste what gh api repos/{repo} prints under \"Immutable or customised subjects (GitHub)\""
            ),
            (Face::Cli, Ask::GithubIds { repo }) => {
                format!("gh api repos/{repo} > ids.json; fedcred audit --github-ids ids.json")
            }
            (Face::Page, Ask::GithubIds { repo }) => format!(
                "paste what gh api repos/{repo} prints under \"Migrations: what they need\""
            ),
            (Face::Cli, Ask::TryToken) => {
                "or fedcred explain --token TOKEN --fics NEW.json".to_owned()
            }
            (Face::Page, Ask::TryToken) => {
                "or paste one run's token into \"Inspect a token\" with the new credentials"
                    .to_owned()
            }
            (Face::Cli, Ask::SubjectIdentifier) => {
                "fedcred fic azure-devops --subject-identifier …".to_owned()
            }
            (Face::Page, Ask::SubjectIdentifier) => {
                "Build a credential, Azure DevOps, its Subject identifier field".to_owned()
            }
            (Face::Cli, Ask::ClusterIssuer) => {
                "give --issuer with its URL, or a file of what az aks show prints".to_owned()
            }
            (Face::Page, Ask::ClusterIssuer) => {
                "enter it under \"Cluster issuer\" (its URL, or what az aks show prints)".to_owned()
            }
            (Face::Cli, Ask::MigrationFormat { format }) => {
                format!("fedcred audit --format {format}")
            }
            (Face::Page, Ask::MigrationFormat { format }) => format!(
                "the {} migration",
                match format {
                    "az" => "az CLI",
                    "powershell" => "PowerShell",
                    _ => "Graph REST",
                }
            ),
        }
    }
}

/// `n` and the noun for it: "1 error", "2 errors", "0 errors".
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ASKS: &[Ask<'static>] = &[
        Ask::Repository {
            shape: "OWNER/REPO",
        },
        Ask::DefaultBranch,
        Ask::Kind,
        Ask::CalledWorkflow {
            name: "deploy-env.yml",
        },
        Ask::GithubIds {
            repo: "contoso/app",
        },
        Ask::RepositoryIds {
            repo: "contoso/app",
        },
        Ask::TryToken,
        Ask::SubjectIdentifier,
        Ask::ClusterIssuer,
        Ask::MigrationFormat { format: "graph" },
    ];

    #[test]
    fn the_page_never_shows_a_command_line_flag_or_the_fedcred_command() {
        for ask in ASKS {
            let said = Face::Page.ask(*ask);
            assert!(!said.contains("--"), "{said}");
            assert!(!said.contains("fedcred "), "{said}");
        }
    }

    #[test]
    fn the_cli_names_its_flags_or_commands_where_the_page_names_controls() {
        for ask in ASKS {
            let said = Face::Cli.ask(*ask);
            assert!(said.contains("--") || said.contains("fedcred "), "{said}");
        }
    }

    #[test]
    fn counts_agree_with_their_number() {
        for (n, said) in [(0, "0 errors"), (1, "1 error"), (2, "2 errors")] {
            assert_eq!(count(n, "error", "errors"), said);
        }
    }
}
