#!/usr/bin/env bash
# Runs a `fedcred` binary over a fixed corpus and writes every output (stdout, stderr, exit code)
# into OUTDIR, one file per case. Two runs, before and after a change that must not change
# behaviour, are compared with `diff -r`:
#
#   git stash; cargo build -q -p fedcred-cli; scripts/cli-corpus.sh target/debug/fedcred /tmp/before
#   git stash pop; cargo build -q -p fedcred-cli; scripts/cli-corpus.sh target/debug/fedcred /tmp/after
#   diff -r /tmp/before /tmp/after && echo identical
#
# The corpus: every `fedcred fic` platform in every snippet format for both targets, and
# `fedcred explain` / `fedcred decode` over the hostile-input corpus (tests/fixtures/hostile) and
# a few well-formed tokens against every credential file there. The clock is fixed (--now).
set -euo pipefail
bin="$(realpath "$1")"
out="$2"
root="$(cd "$(dirname "$0")/.." && pwd)"
hostile="$root/tests/fixtures/hostile"
now=1767225600
rm -rf "$out"
mkdir -p "$out"
n=0

case_() { # <name> <args...>: one case, its output in $out/<name>
  local name=$1 status=0
  shift
  "$bin" "$@" >"$out/$name.out" 2>"$out/$name.err" </dev/null || status=$?
  echo "$status" >"$out/$name.status"
  n=$((n + 1))
}

b64url() { base64 -w0 | tr '+/' '-_' | tr -d '='; }
token() { # <payload JSON>: an RS256-shaped token with a fake signature
  printf '%s.%s.%s' "$(printf '{"alg":"RS256","kid":"k","typ":"JWT"}' | b64url)" \
    "$(printf '%s' "$1" | b64url)" "$(printf 'signature' | b64url)"
}

# fic: every platform, target and format.
formats=(json az powershell powershell-graph graph bicep terraform lifecycle audit migrate workload)
platforms=(
  "github --repo octo-org/octo-repo --environment prod"
  "github --repo octo-org/octo-repo --branch main --branch release"
  "github --repo octo-org/octo-repo --tag v1"
  "github --repo octo-org/octo-repo --pull-request"
  "github --repo octo-org/octo-repo --branch-pattern release/*"
  "github --repo octo-org/octo-repo --environment prod --owner-id 65 --repo-id 74"
  "github --repo octo-org/octo-repo --environment prod --enterprise avocado"
  "github --repo octo-org/octo-repo --branch main --claim-keys repo,context,job_workflow_ref --claim job_workflow_ref=octo-org/octo-automation/.github/workflows/oidc.yml@refs/heads/main"
  "azure-devops --tenant-id ff882432-09b0-437b-bd22-ca13c0037ded --organization-id 0ca3ddd9-f0b0-4635-a98c-5866526961b6 --connection-id 64171687-7a59-4fce-b2c8-823278dcf176"
  "azure-devops --organization-id 0ca3ddd9-f0b0-4635-a98c-5866526961b6 --organization contoso --project web --connection prod"
  "kubernetes --issuer https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-000000000002/ --namespace payments --service-account api --service-account worker"
  "gitlab --project-path group/project --ref-type branch --ref main"
  "gitlab --project-id 57382910 --ref-type tag --ref v1"
  "terraform --organization contoso --workspace web --run-phase both"
  "terraform --organization contoso --project infra --workspace web --run-phase *"
  "managed-identity --tenant-id ff882432-09b0-437b-bd22-ca13c0037ded --principal-id 11111111-2222-3333-4444-555555555555"
  "other --issuer https://idp.example.com --subject svc:deploy"
  "other --issuer https://idp.example.com --expression claims['sub'] matches 'svc:*'"
  "kubernetes --issuer https://k8s.contoso.com --namespace Payments --service-account api"
  "github --repo octo-org"
)
targets=(
  ""
  "--identity-name id-pay --resource-group rg-pay --subscription 0000"
  "--app-id 00000000-0000-0000-0000-00000000000a --app-object-id 00000000-0000-0000-0000-00000000000b"
)
p=0
for platform in "${platforms[@]}"; do
  p=$((p + 1))
  t=0
  for target in "${targets[@]}"; do
    t=$((t + 1))
    for format in "${formats[@]}"; do
      read -r -a args <<<"$platform $target"
      # The expression platform's value has spaces: pass it whole.
      if [[ $platform == other*--expression* ]]; then
        args=(other --issuer https://idp.example.com --expression "claims['sub'] matches 'svc:*'")
        read -r -a extra <<<"$target"
        args+=("${extra[@]}")
      fi
      if [ "$format" = json ]; then
        case_ "fic-$p-$t-json" fic "${args[@]}"
      else
        case_ "fic-$p-$t-$format" fic "${args[@]}" --format "$format"
      fi
    done
  done
done

# Well-formed tokens.
mkdir -p "$out/.inputs"
exp=$((now + 300))
token '{"iss":"https://token.actions.githubusercontent.com","sub":"repo:octo-org/octo-repo:environment:prod","aud":"api://AzureADTokenExchange","environment":"prod","ref":"refs/heads/main","repository":"octo-org/octo-repo","repository_id":"74","repository_owner":"octo-org","repository_owner_id":"65","iat":'$((now - 10))',"nbf":'$((now - 10))',"exp":'$exp'}' >"$out/.inputs/github-env.jwt"
token '{"iss":"https://token.actions.githubusercontent.com","sub":"repo:octo-org/octo-repo:ref:refs/heads/main","aud":"https://github.com/octo-org","ref":"refs/heads/main","repository":"octo-org/octo-repo","iat":'$((now - 10))',"exp":'$exp'}' >"$out/.inputs/github-branch-aud.jwt"
token '{"iss":"https://eastus.oic.prod-aks.azure.com/00000000-0000-0000-0000-000000000001/00000000-0000-0000-0000-000000000002/","sub":"system:serviceaccount:payments:api","aud":["api://AzureADTokenExchange"],"iat":'$((now - 10))',"exp":'$exp'}' >"$out/.inputs/k8s.jwt"
token '{"iss":"https://token.actions.githubusercontent.com","sub":"repo:Octo-Org/octo-repo:pull_request","aud":"api://AzureADTokenExchange","iat":'$((now - 900))',"exp":'$((now - 600))'}' >"$out/.inputs/github-expired-case.jwt"
printf '%s' '[{"name":"main","issuer":"https://token.actions.githubusercontent.com","subject":"repo:octo-org/octo-repo:ref:refs/heads/main","audiences":["api://AzureADTokenExchange"],"id":"/subscriptions/0000/resourcegroups/rg-pay/providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-pay/federatedIdentityCredentials/main"},{"name":"prod","issuer":"https://token.actions.githubusercontent.com/","subject":"repo:octo-org/octo-repo:environment:Prod","audiences":["api://AzureADTokenExchange"]}]' >"$out/.inputs/fics-github.json"

for fmt in text json; do
  for tok in "$out"/.inputs/*.jwt "$hostile"/token-*; do
    base=$(basename "$tok")
    case_ "decode-$base-$fmt" decode "$tok" --now "$now" --format "$fmt"
    case_ "explain-$base-$fmt" explain --token "$tok" --now "$now" --format "$fmt"
    case_ "explain-$base-fics-github-$fmt" explain --token "$tok" --fics "$out/.inputs/fics-github.json" --now "$now" --format "$fmt"
  done
  for fics in "$hostile"/fics-*; do
    base=$(basename "$fics")
    for tok in "$out"/.inputs/*.jwt; do
      case_ "explain-$(basename "$tok")-$base-$fmt" explain --token "$tok" --fics "$fics" --now "$now" --format "$fmt"
    done
  done
  for err in "$hostile"/error-*; do
    base=$(basename "$err")
    case_ "explain-$base-$fmt" explain --error "$err" --now "$now" --format "$fmt"
    case_ "explain-$base-fics-github-$fmt" explain --error "$err" --fics "$out/.inputs/fics-github.json" --now "$now" --format "$fmt"
  done
done
rm -rf "$out/.inputs"
echo "cli-corpus: $n cases written to $out"
