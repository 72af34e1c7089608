//! Microsoft Entra as the issuer of the assertion: the Azure DevOps Entra issuer and managed
//! identities used as credentials (field guide §1, §4, §9).

pub mod issuer;
