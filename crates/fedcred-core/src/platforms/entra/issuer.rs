//! Microsoft Entra as the issuer: Azure DevOps' current issuer, managed identities used as
//! credentials, and (refused as assertions) Entra's own access tokens.

use crate::audience::Cloud;
use crate::guid::Guid;
use crate::url::IssuerUrl;

/// Entra's login hosts, public and sovereign (field guide §9: ARM's `environment()` login
/// endpoints; the 21Vianet host is disputed between sources).
pub(crate) fn recognises(issuer: &IssuerUrl<'_>, _subject: &str) -> bool {
    let host = issuer.host.as_str();
    host == "login.microsoftonline.com"
        || host == "sts.windows.net"
        || host.starts_with("login.microsoftonline.")
        || host == "login.chinacloudapi.cn"
}

/// The Entra v2.0 issuer of a tenant in the public cloud (Azure DevOps' current issuer, and
/// managed identities used as credentials).
pub fn entra_issuer(tenant: Guid) -> String {
    format!("https://login.microsoftonline.com/{tenant}/v2.0")
}

/// The Entra v2.0 issuer of a tenant in a cloud: its login endpoint, the tenant and `/v2.0`
/// (Bicep: `${environment().authentication.loginEndpoint}${tenant().tenantId}/v2.0`; field guide
/// §9). For Azure operated by 21Vianet the sources disagree on the login host (ARM's
/// `environment()` says `login.chinacloudapi.cn`, newer Entra pages
/// `login.partner.microsoftonline.cn`): the error says so instead of guessing.
pub fn entra_issuer_in(tenant: Guid, cloud: Cloud) -> Result<String, &'static str> {
    match cloud {
        Cloud::Public => Ok(entra_issuer(tenant)),
        Cloud::UsGov => Ok(format!("https://login.microsoftonline.us/{tenant}/v2.0")),
        Cloud::China => Err(
            "for Azure operated by 21Vianet the sources disagree on Entra's login host (login.chinacloudapi.cn in ARM's environment(), login.partner.microsoftonline.cn in newer Entra pages), so fedcred does not guess the issuer: copy the iss of a real token from that cloud and use the 'other issuer' platform",
        ),
    }
}

/// What stands in a built issuer for the login host fedcred does not guess (Azure operated by
/// 21Vianet, see [`entra_issuer_in`]): not a host anyone could take for a real one.
pub const UNKNOWN_LOGIN_HOST: &str = "<LOGIN-HOST>";

/// The Entra v2.0 issuer of a tenant with [`UNKNOWN_LOGIN_HOST`] for its login host: the shape
/// of every cloud's issuer (login endpoint, tenant, `/v2.0`; field guide §9), to be replaced
/// whole by the `iss` of a real token.
pub fn entra_issuer_placeholder(tenant: Guid) -> String {
    format!("https://{UNKNOWN_LOGIN_HOST}/{tenant}/v2.0")
}

/// What an Entra token's claim means (Microsoft identity platform, access token claims reference).
pub(crate) fn claim_meaning(name: &str) -> &'static str {
    match name {
        "tid" => "the Entra tenant",
        "oid" => "the object ID of the identity the token was issued to",
        "azp" => {
            "the client the token was issued to; 499b84ac-1321-427f-aa17-267ca6975798 is Azure DevOps"
        }
        "appid" => "the client the token was issued to (v1 tokens)",
        "idtyp" => "the kind of identity (app for Azure DevOps connection tokens)",
        "ver" => "the token version",
        "scp" => "delegated scopes: this is an access token, not a workload's assertion",
        "roles" => "application roles: this is an access token, not a workload's assertion",
        _ => "",
    }
}
