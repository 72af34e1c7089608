#!/usr/bin/env bash
# `make fuzz`: runs every fuzz target (or those FUZZ_TARGETS names) for FUZZ_SECONDS (default 60)
# each and fails on any crash.
# New inputs go to target/fuzz-work/<target>; fuzz/corpus/<target> is the committed seed corpus.
# A crash leaves its input in fuzz/artifacts/<target>/: add it to tests/fixtures/hostile and fix.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
SECONDS_EACH=${FUZZ_SECONDS:-60}
TARGETS=(${FUZZ_TARGETS:-token aadsts import expression fragment json predict manifests secrets terraform terraform_plan bicep arm})

if ! rustup toolchain list | grep -q '^nightly'; then
  echo "fuzz: the nightly toolchain is needed: rustup toolchain install nightly" >&2
  exit 1
fi
if ! cargo fuzz --version >/dev/null 2>&1; then
  echo "fuzz: installing cargo-fuzz (once)" >&2
  cargo install cargo-fuzz --locked
fi

summary=()
for target in "${TARGETS[@]}"; do
  mkdir -p "target/fuzz-work/$target"
  log="target/fuzz-work/$target.log"
  echo "==> fuzz $target for ${SECONDS_EACH}s"
  # Real files the tests already hold seed their readers too, read in place rather than copied.
  seeds=("fuzz/corpus/$target")
  case "$target" in
    terraform) seeds+=("crates/fedcred-core/tests/fixtures/real-terraform") ;;
    bicep | arm) seeds+=("crates/fedcred-core/tests/fixtures/real-bicep") ;;
  esac
  if ! cargo +nightly fuzz run --fuzz-dir fuzz "$target" "target/fuzz-work/$target" "${seeds[@]}" -- \
      -max_total_time="$SECONDS_EACH" -print_final_stats=1 -timeout=10 -rss_limit_mb=2048 >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    echo "fuzz: $target CRASHED (input in fuzz/artifacts/$target/; log $log)" >&2
    exit 1
  fi
  runs=$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -Eo '[0-9]+$' | tail -n 1)
  summary+=("$(printf '%-11s %10s executions in %ss, no crash' "$target" "${runs:-?}" "$SECONDS_EACH")")
done
printf '\n==> fuzz summary\n'
printf '%s\n' "${summary[@]}"
