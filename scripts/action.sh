#!/usr/bin/env bash
# The GitHub Action's WebAssembly (issue 19): crates/fedcred-action compiled for Node into
# actions/explain/wasm/, which is committed so a workflow that uses the action installs and
# compiles nothing.
#
#   scripts/action.sh          build it into actions/explain/wasm/ (`make action`)
#   scripts/action.sh --check  build it aside and fail if the committed files differ (`make test`)
#
# The bytes must not depend on the machine: paths that end up in the module (the locations std's
# panic messages carry) are rewritten, and the toolchain, wasm-bindgen and wasm-opt are pinned
# (rust-toolchain.toml, Cargo.lock, package-lock.json).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"
committed=actions/explain/wasm
check=false
case "${1:-}" in
  --check) check=true ;;
  "") ;;
  *) echo "usage: scripts/action.sh [--check]" >&2; exit 2 ;;
esac

cargo_home=${CARGO_HOME:-$HOME/.cargo}
export CARGO_TARGET_DIR="$root/target/action"
sysroot=$(rustc --print sysroot)
export RUSTFLAGS="--remap-path-prefix=$root=/fedcred --remap-path-prefix=$cargo_home=/cargo --remap-path-prefix=$sysroot=/rust"
cargo build --quiet --locked --release -p fedcred-action --target wasm32-unknown-unknown

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
wasm-bindgen --target nodejs --no-typescript --out-dir "$out" --out-name fedcred_action \
  "$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/fedcred_action.wasm"
wasm-opt -Oz "$out/fedcred_action_bg.wasm" -o "$out/fedcred_action_bg.wasm"

if $check; then
  if ! diff -r "$out" "$committed" >/dev/null 2>&1; then
    diff -r "$out" "$committed" | head -5 >&2 || true
    echo "action: $committed is not what the sources build: run \`make action\` and commit it" >&2
    exit 1
  fi
  echo "action: $committed is current ($(wc -c <"$committed/fedcred_action_bg.wasm") bytes of wasm)"
else
  mkdir -p "$committed"
  rm -f "$committed"/*
  cp "$out"/* "$committed"/
  echo "action: built $committed ($(wc -c <"$committed/fedcred_action_bg.wasm") bytes of wasm)"
fi
