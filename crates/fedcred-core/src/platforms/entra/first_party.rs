//! `/eid1/c/pub/t/<tenant>/a/<app>/…` subjects: Entra-issued assertions of Microsoft's own
//! services. The app segment (a GUID in the compact form) says which service sent it; only Azure
//! DevOps' connections are what the builder makes (field guide §4, §9: Bot Service and Power
//! Platform plug-ins use the same family).

use crate::finding::{Code, Message, say};

/// The service an `/eid1/…` subject comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FirstParty {
    /// Azure DevOps service connections (app `499b84ac-1321-427f-aa17-267ca6975798`).
    AzureDevOps,
    /// Azure Bot Service.
    BotService,
    /// Power Platform plug-ins (`…/n/plugin/e/…`).
    PowerPlatformPlugins,
    /// An app segment fedcred does not know.
    Unknown,
}

/// The app segment's compact GUIDs, as they appear in real subjects (field guide §4, §9).
const APPS: [(&str, FirstParty); 3] = [
    ("rISbSSETf0KqFyZ8ppdXmA", FirstParty::AzureDevOps),
    ("9ExAW52n_ky4ZiS_jhpJIQ", FirstParty::BotService),
    ("qzXoWDkuqUa3l6zM5mM0Rw", FirstParty::PowerPlatformPlugins),
];

impl FirstParty {
    /// The service of an `/eid1/…` subject, or `None` for any other subject.
    pub fn of(subject: &str) -> Option<FirstParty> {
        let rest = subject.strip_prefix("/eid1/")?;
        let app = rest
            .split('/')
            .skip_while(|segment| *segment != "a")
            .nth(1)
            .unwrap_or_default();
        Some(
            APPS.iter()
                .find(|(segment, _)| *segment == app)
                .map_or(FirstParty::Unknown, |(_, service)| *service),
        )
    }

    /// The service's name.
    pub fn label(self) -> &'static str {
        match self {
            FirstParty::AzureDevOps => "Azure DevOps",
            FirstParty::BotService => "Azure Bot Service",
            FirstParty::PowerPlatformPlugins => "a Power Platform plug-in",
            FirstParty::Unknown => "a Microsoft service fedcred does not know",
        }
    }

    /// Where the exact subject is found.
    pub fn advice(self) -> &'static str {
        match self {
            FirstParty::AzureDevOps => {
                "copy the Subject identifier from the service connection's page into the credential"
            }
            FirstParty::BotService => {
                "copy the subject the Bot Service's identity settings show; the sources document no Azure DevOps-style computation for it"
            }
            FirstParty::PowerPlatformPlugins => {
                "copy the subject the Power Platform managed identity settings show for the plug-in"
            }
            FirstParty::Unknown => {
                "copy the subject exactly as the service that sent it documents it"
            }
        }
    }
}

/// Names the service behind an `/eid1/…` subject that differs, with where its exact subject is.
pub(crate) fn compare<'a>(expected: &'a str, actual: &'a str) -> Option<(Code, Message<'a>)> {
    let (side, service) = match (FirstParty::of(actual), FirstParty::of(expected)) {
        (Some(service), _) => ("token's", service),
        (None, Some(service)) => ("credential's", service),
        (None, None) => return None,
    };
    Some((
        Code::SubjectMismatch,
        say!(
            "the subjects differ; the {side} /eid1/ subject comes from {}: {}",
            service.label(),
            service.advice()
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::FirstParty;

    #[test]
    fn the_app_segment_names_the_service() {
        let cases = [
            (
                "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/rISbSSETf0KqFyZ8ppdXmA/sc/o/c",
                Some(FirstParty::AzureDevOps),
            ),
            (
                "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/9ExAW52n_ky4ZiS_jhpJIQ/x",
                Some(FirstParty::BotService),
            ),
            (
                "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/qzXoWDkuqUa3l6zM5mM0Rw/n/plugin/e/x",
                Some(FirstParty::PowerPlatformPlugins),
            ),
            (
                "/eid1/c/pub/t/MiSI_7AJe0O9IsoTwAN97Q/a/AAAAAAAAAAAAAAAAAAAAAA/x",
                Some(FirstParty::Unknown),
            ),
            ("/eid1/", Some(FirstParty::Unknown)),
            ("repo:o/r:ref:refs/heads/main", None),
        ];
        for (subject, service) in cases {
            assert_eq!(FirstParty::of(subject), service, "{subject}");
        }
    }
}
