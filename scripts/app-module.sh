#!/usr/bin/env bash
# Builds a Trunk project's WebAssembly into Trunk's staging folder as app.js and app_bg.wasm;
# Trunk runs it after each of its builds (Trunk.toml [[hooks]]), so `make run` and the release
# build (scripts/dist.sh, whose environment carries the release flags) both get it, and
# static/boot.js starts it. Trunk builds no rust asset itself, because of the split below.
#
# Usage (from Trunk.toml): app-module.sh BIN [--split]
#
# With --split, the release build is cut by page (issue 26): the module is linked with its
# relocations (--emit-relocs), and wasm-split-cli (pinned by scripts/install.sh) cuts it at the
# pages' marks (src/components/lazy_page.rs, the `split` feature) into
#   app_bg.wasm               what every page needs: Yew, the allocator, the shared core, the builder;
#   pages/split_<page>.wasm   a page's own code, loaded when the page is first shown;
#   pages/chunk_<n>.wasm      code pages share that the first module does not have;
#   __wasm_split.js           the loader of those parts, which share the first module's memory.
# wasm-bindgen then writes the first module's glue, and wasm-opt shrinks every part, its functions
# put in the order that compresses best (scripts/wasm-order.mjs).
# scripts/finalize-dist.mjs packs them all for a page that forbids every connection.
# `make run` builds one unsplit debug module (quick to rebuild), every page in it.
set -euo pipefail
bin="${1:?usage: app-module.sh BIN [--split]}"
split=false
[ "${2:-}" = --split ] && split=true
out="${TRUNK_STAGING_DIR:?run by Trunk (Trunk.toml [[hooks]])}"
profile="${TRUNK_PROFILE:-debug}"
target=wasm32-unknown-unknown
cd "${TRUNK_SOURCE_DIR:-.}"
target_dir="$(cargo metadata --offline --no-deps --format-version 1 | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8")).target_directory)')"
bindgen() { wasm-bindgen --target web --no-typescript --out-dir "$out" --out-name app "$@"; }
# rustc 1.95's default features for wasm32-unknown-unknown: wasm-split-cli's parts carry no
# target-features section for wasm-opt to read them from.
features=(--enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals --enable-reference-types --enable-multivalue)
# What every module keeps after -Oz: not the producers and target_features custom sections (the
# toolchain's names and versions, about 200 bytes a module), which engines ignore and every part
# would otherwise carry into its own file (issue 26).
shrink=(-Oz "${features[@]}" --strip-producers --strip-target-features)
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# A release module: shrunk, then its functions put in the order that compresses best
# (scripts/wasm-order.mjs chooses it, Binaryen moves them) and shrunk again (issue 26).
optimize() { # IN OUT
  local named="$2.named.wasm"
  wasm-opt "${shrink[@]}" "$1" -o "$2"
  node "$here/wasm-order.mjs" "$2" "$named"
  wasm-opt "${shrink[@]}" "$named" --reorder-functions-by-name -o "$2"
  rm -f "$named"
}

if [ "$profile" != release ]; then
  cargo build --quiet --offline --target "$target" --bin "$bin"
  bindgen "$target_dir/$target/debug/$bin.wasm"
  exit 0
fi
if ! $split; then
  cargo build --quiet --offline --release --target "$target" --bin "$bin"
  bindgen "$target_dir/$target/release/$bin.wasm"
  optimize "$out/app_bg.wasm" "$out/app_bg.wasm"
  exit 0
fi

export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS:-} -Clink-args=--emit-relocs"
cargo build --quiet --offline --release --target "$target" --bin "$bin" --features split
parts="$target_dir/wasm-split"
rm -rf "$parts"
wasm-split-cli "$target_dir/$target/release/$bin.wasm" "$parts" --out-name app
# --keep-lld-exports: the parts import the function table the linker exported, which wasm-bindgen
# would otherwise drop as unused.
bindgen "$parts/app.wasm" --keep-lld-exports
optimize "$out/app_bg.wasm" "$out/app_bg.wasm"
mkdir -p "$out/pages"
for part in "$parts"/*.wasm; do
  name="$(basename "$part")"
  [ "$name" = app.wasm ] && continue
  optimize "$part" "$out/pages/$name"
done
cp "$parts/__wasm_split.js" "$out/__wasm_split.js"
