//! The audience a token must carry for Entra to exchange it.
//!
//! A credential holds exactly one audience. Entra recommends one value per cloud; other values
//! are accepted for external issuers, but the token's `aud` must then equal them exactly.
//! Source: Microsoft Graph docs, `federatedIdentityCredential` resource; Entra docs,
//! "Configure an app to trust a managed identity".

use serde::Serialize;
use std::fmt;
use std::str::FromStr;

use crate::key::Keyed;

/// A Microsoft cloud, each with its own recommended token-exchange audience.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Cloud {
    /// Azure public cloud (the default).
    #[default]
    Public,
    /// Azure US Government.
    UsGov,
    /// Azure operated by 21Vianet (China).
    China,
}

crate::keys!(Cloud {
    Public => ("public", "Azure public cloud (api://AzureADTokenExchange)"),
    UsGov => ("usgov", "Azure US Government"),
    China => ("china", "Azure China"),
});

impl Cloud {
    /// The audience Entra expects in tokens exchanged in this cloud.
    pub fn audience(self) -> &'static str {
        match self {
            Cloud::Public => "api://AzureADTokenExchange",
            Cloud::UsGov => "api://AzureADTokenExchangeUSGov",
            Cloud::China => "api://AzureADTokenExchangeChina",
        }
    }

    /// The cloud whose recommended audience is exactly `aud`, if any.
    pub fn from_audience(aud: &str) -> Option<Cloud> {
        Cloud::ALL.iter().copied().find(|c| c.audience() == aud)
    }
}

impl fmt::Display for Cloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// The error for a cloud name that is not one of `public`, `usgov`, `china`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCloud(pub String);

impl fmt::Display for UnknownCloud {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "unknown cloud '{}': use public, usgov or china (or give the audience itself)",
            self.0
        )
    }
}

impl std::error::Error for UnknownCloud {}

impl FromStr for Cloud {
    type Err = UnknownCloud;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Cloud::ALL
            .iter()
            .copied()
            .find(|c| c.key().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| UnknownCloud(s.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_cloud_has_its_documented_audience() {
        let cases = [
            (Cloud::Public, "api://AzureADTokenExchange"),
            (Cloud::UsGov, "api://AzureADTokenExchangeUSGov"),
            (Cloud::China, "api://AzureADTokenExchangeChina"),
        ];
        for (cloud, audience) in cases {
            assert_eq!(cloud.audience(), audience, "{cloud}");
            assert_eq!(Cloud::from_audience(audience), Some(cloud));
        }
    }

    #[test]
    fn audience_lookup_is_exact_and_case_sensitive() {
        // Entra compares audiences case-sensitively, so a wrong-case value is not a known cloud.
        assert_eq!(Cloud::from_audience("api://azureadtokenexchange"), None);
        assert_eq!(Cloud::from_audience("api://AzureADTokenExchange/"), None);
    }

    #[test]
    fn cloud_names_parse_from_the_command_line() {
        assert_eq!("public".parse(), Ok(Cloud::Public));
        assert_eq!(" USGov ".parse(), Ok(Cloud::UsGov));
        assert_eq!("china".parse(), Ok(Cloud::China));
        let err = "azure".parse::<Cloud>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown cloud 'azure': use public, usgov or china (or give the audience itself)"
        );
    }
}
