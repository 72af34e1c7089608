param envs array = ['dev']
resource fic 'Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials@2023-01-31' = [for e in envs: {
  name: 'u/${e}'
  properties: {
    issuer: 'https://token.actions.githubusercontent.com'
    subject: 'repo:o/r:environment:${e}'
    audiences: ['api://AzureADTokenExchange']
  }
}]
