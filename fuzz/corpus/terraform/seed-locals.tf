variable "org" { default = "contoso" }
variable "repo" {}
locals {
  envs = { dev = "Development", prod = "Production" }
  issuer = "https://token.actions.githubusercontent.com/"
  a = local.b
  b = local.a
}
resource "azurerm_user_assigned_identity" "deploy" {
  name = "deploy"
}
resource "azurerm_federated_identity_credential" "gh" {
  for_each  = local.envs
  name      = format("gh-%s", lower(each.key))
  parent_id = azurerm_user_assigned_identity.deploy.id
  resource_group_name = "rg"
  issuer    = local.issuer
  subject   = "repo:${var.org}/${var.repo}:environment:${each.value}"
  audience  = ["api://AzureADTokenExchange"]
}
resource "azuread_application_federated_identity_credential" "pr" {
  application_id = azuread_application.app.id
  display_name   = "pr"
  audiences      = ["api://AzureADTokenExchange"]
  issuer         = "https://token.actions.githubusercontent.com"
  subject        = "repo:contoso/app:pull_request"
}
resource "azurerm_federated_identity_credential" "aks" {
  name      = "aks"
  parent_id = azurerm_user_assigned_identity.deploy.id
  issuer    = azurerm_kubernetes_cluster.aks.oidc_issuer_url
  subject   = "system:serviceaccount:default:${local.a}"
  audience  = ["api://AzureADTokenExchange"]
}
