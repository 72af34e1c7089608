#!/usr/bin/env bash
# Every check, in order, stopping at the first failure; ends with the test counts.
# Run through `make test`, which first installs what is missing.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export CHROMEDRIVER=${CHROMEDRIVER:-/usr/bin/chromedriver}
export WASM_BINDGEN_TEST_TIMEOUT=${WASM_BINDGEN_TEST_TIMEOUT:-120}

logs=target/test-logs
rm -rf "$logs"
mkdir -p "$logs"
summary=()
passed_total=0
failed_total=0

step() { # <name> <command...>: runs it, its output shown and kept in $logs/<name>.log
  local name=$1
  shift
  printf '\n==> %s: %s\n' "$name" "$*"
  if ! "$@" 2>&1 | tee "$logs/$name.log"; then
    printf '\nFAILED at step "%s" (log: %s/%s.log)\n' "$name" "$logs" "$name" >&2
    exit 1
  fi
}

count() { # <name>: adds up the passed/failed lines of cargo test or node --test in its log
  local name=$1 passed failed
  passed=$(grep -Eo '(test result: .*\. [0-9]+ passed|^# pass [0-9]+|^ℹ pass [0-9]+)' "$logs/$name.log" | grep -Eo '[0-9]+' | tail -n +1 | awk '{ s += $1 } END { print s + 0 }')
  failed=$(grep -Eo '([0-9]+ failed;|^# fail [0-9]+|^ℹ fail [0-9]+)' "$logs/$name.log" | grep -Eo '[0-9]+' | awk '{ s += $1 } END { print s + 0 }')
  if [ "$passed" -eq 0 ]; then
    printf '\nFAILED: step "%s" ran no test\n' "$name" >&2
    exit 1
  fi
  summary+=("$(printf '%-10s %4d passed, %d failed' "$name" "$passed" "$failed")")
  passed_total=$((passed_total + passed))
  failed_total=$((failed_total + failed))
}

step fmt cargo fmt --all --check
step clippy cargo clippy --workspace --all-targets --locked -- -D warnings
step clippy-wasm cargo clippy --workspace --all-targets --locked --target wasm32-unknown-unknown -- -D warnings
# The release build's page split (issue 26) is behind the web app's `split` feature.
step clippy-split cargo clippy -p fedcred-web --locked --target wasm32-unknown-unknown --features split -- -D warnings
step native cargo test --workspace --locked
count native
step action-current scripts/action.sh --check
step action node --test --test-reporter=spec actions/explain/test/action.test.mjs actions/check/test/check.test.mjs
count action
step browser cargo test -p fedcred-web --locked --target wasm32-unknown-unknown --tests
count browser
step dist scripts/dist.sh
step e2e node --test --test-reporter=spec e2e/tests/
count e2e

printf '\n==> test counts\n'
printf '%s\n' "${summary[@]}"
printf 'total: %d passed, %d failed\n' "$passed_total" "$failed_total"
[ "$failed_total" -eq 0 ]
