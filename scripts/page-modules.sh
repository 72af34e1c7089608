#!/usr/bin/env bash
# Builds the pages whose code loads on demand ("Inspect a token", "From a workflow"; issue 17),
# each its own WebAssembly module from crates/fedcred-web-<page>, into Trunk's staging folder as
# <page>.js and <page>_bg.wasm beside the app's module. Trunk runs it after every build
# (Trunk.toml [[hooks]]), so `make run` and the release build (scripts/dist.sh, whose environment
# carries the release flags) both get them; static/page-loader.js loads one when its page is
# first shown, and scripts/finalize-dist.mjs packs them like the first module, into dist/pages/.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
out="${TRUNK_STAGING_DIR:?run by Trunk (Trunk.toml [[hooks]])}"
profile="${TRUNK_PROFILE:-debug}"
pages=(inspect predict)
flags=()
if [ "$profile" = release ]; then
  flags=(--release)
fi
cd "$root"
packages=()
for page in "${pages[@]}"; do
  packages+=(-p "fedcred-web-$page")
done
cargo build --quiet --offline "${flags[@]}" --target wasm32-unknown-unknown "${packages[@]}"
for page in "${pages[@]}"; do
  wasm="target/wasm32-unknown-unknown/$profile/fedcred_web_$page.wasm"
  wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name "$page" "$wasm"
  if [ "$profile" = release ]; then
    wasm-opt -Oz "$out/${page}_bg.wasm" -o "$out/${page}_bg.wasm"
  fi
done
