#!/usr/bin/env bash
# Installs what fedcred builds and tests with, and nothing that is already there.
# Idempotent: when every tool is present at its pinned version this only checks and prints one line.
#
#   Rust 1.95.0 with wasm32-unknown-unknown, rustfmt, clippy, rust-src (rustup; rust-toolchain.toml)
#   the crates both lock files name: Cargo.lock's and the standard library's (cargo fetch)
#   trunk 0.21.14, wasm-bindgen-cli 0.2.130, wasm-split-cli 0.2.4 (cargo install: ~16 min on 2 cores, once)
#   chromium, chromium-driver                                  (Debian packages; installed when root)
#   binaryen 132 (wasm-opt), esbuild, @gfx/zopfli, playwright-core, axe-core (npm ci, pinned by package-lock.json)
set -euo pipefail

# The Rust toolchain: equal to rust-toolchain.toml's channel (checked below).
TOOLCHAIN=1.95.0
TOOLCHAIN_COMPONENTS=(rustfmt clippy rust-src)
TOOLCHAIN_TARGET=wasm32-unknown-unknown
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
# wasm-split-cli, from wasm_split_cli_support (the release build's splitter, scripts/app-module.sh):
# the same project's wasm_split_helpers 0.2.3 marks the split points in the app (Cargo.toml).
WASM_SPLIT_VERSION=0.2.4
APT_PACKAGES=(chromium chromium-driver)

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'install: %s\n' "$*" >&2; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

installed_version() { # <command> <args...>: the first x.y.z its --version prints, or nothing
  "$@" 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true
}

need_rustup_parts() {
  command -v rustup >/dev/null || die "rustup is missing: install Rust through rustup first (https://rustup.rs)."
  # rust-toolchain.toml names the exact compiler, its components and the wasm target; rustup
  # installs only what is missing (RUSTUP_AUTO_INSTALL=0 machines never do it on their own).
  local want have missing=()
  for want in "${TOOLCHAIN_COMPONENTS[@]}" "rust-std-$TOOLCHAIN_TARGET"; do
    have=$(rustup component list --installed --toolchain "$TOOLCHAIN" 2>/dev/null || true)
    grep -q "^$want" <<<"$have" || missing+=("$want")
  done
  [ ${#missing[@]} -eq 0 ] && return
  say "installing Rust $TOOLCHAIN with ${missing[*]} (rust-toolchain.toml)"
  local args=(--profile minimal --target "$TOOLCHAIN_TARGET")
  for want in "${TOOLCHAIN_COMPONENTS[@]}"; do args+=(--component "$want"); done
  rustup toolchain install "$TOOLCHAIN" "${args[@]}" \
    || die "rustup could not install Rust $TOOLCHAIN with ${missing[*]}: check that rustup reaches its dist server, then run make install again."
}

check_toolchain_file() {
  # One source of truth: rust-toolchain.toml. This script must install what it names.
  grep -q "^channel = \"$TOOLCHAIN\"$" rust-toolchain.toml \
    || die "rust-toolchain.toml does not name Rust $TOOLCHAIN: change it and TOOLCHAIN in scripts/install.sh together."
}

fetch_cargo_dependencies() {
  # Everything the build takes from crates.io is fetched here, while the registry may be
  # reached: Trunk runs cargo offline (Trunk.toml), so the release build cannot fetch anything
  # itself. Two lock files: the workspace's, and the standard library's own (the release wasm
  # builds std from rust-src with -Zbuild-std; issue 13). Quiet when both are already cached.
  local library
  library="$(rustc --print sysroot)/lib/rustlib/src/rust/library/Cargo.toml"
  [ -f "$library" ] || die "the rust-src component is missing ($library): rustup component add rust-src --toolchain $TOOLCHAIN"
  local lock
  # The workspace's, and the bare Yew app's that `make bench` builds the same way (bench/floor).
  for lock in Cargo.toml bench/floor/Cargo.toml; do
    if ! cargo fetch --locked --offline --quiet --manifest-path "$lock" >/dev/null 2>&1; then
      say "fetching the crates ${lock%Cargo.toml}Cargo.lock names"
      cargo fetch --locked --quiet --manifest-path "$lock" \
        || die "cargo could not fetch the crates ${lock%Cargo.toml}Cargo.lock names: check that crates.io is reachable."
    fi
  done
  if ! RUSTC_BOOTSTRAP=1 cargo fetch --locked --offline --quiet --manifest-path "$library" >/dev/null 2>&1; then
    say "fetching the standard library's crates (for the release wasm's own std)"
    RUSTC_BOOTSTRAP=1 cargo fetch --locked --quiet --manifest-path "$library" \
      || die "cargo could not fetch the standard library's crates ($library): check that crates.io is reachable."
  fi
}

need_cargo_tool() { # <command> <crate> <version> [extra cargo install args]
  local cmd=$1 crate=$2 version=$3
  shift 3
  if [ "$(installed_version "$cmd" --version)" = "$version" ]; then
    return
  fi
  say "installing $crate $version with cargo (several minutes, once)"
  cargo install "$crate" --version "$version" --force "$@"
}

need_wasm_split() {
  # wasm-split-cli has no --version: cargo's list of installed crates says which one it is.
  if command -v wasm-split-cli >/dev/null \
    && cargo install --list | grep -q "^wasm_split_cli_support v$WASM_SPLIT_VERSION:"; then
    return
  fi
  say "installing wasm_split_cli_support $WASM_SPLIT_VERSION with cargo (about a minute, once)"
  cargo install wasm_split_cli_support --version "$WASM_SPLIT_VERSION" --locked --features build-binary --force
}

check_wasm_bindgen_lock() {
  # The wasm-bindgen crate in Cargo.lock and the CLI must be the same version, or every build
  # fails later with a schema error that does not say why.
  local locked
  locked=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock 2>/dev/null || true)
  if [ -n "$locked" ] && [ "$locked" != "$WASM_BINDGEN_VERSION" ]; then
    die "Cargo.lock has wasm-bindgen $locked but the CLI is $WASM_BINDGEN_VERSION. Pin wasm-bindgen = \"=$WASM_BINDGEN_VERSION\" in Cargo.toml, or change both together (Cargo.toml, Trunk.toml [tools], scripts/install.sh)."
  fi
}

need_apt_packages() {
  local missing=() pkg
  for pkg in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return
  if [ "$(id -u)" -ne 0 ]; then
    die "missing Debian packages: ${missing[*]}. Install them with:
  sudo apt-get update && sudo apt-get install -y ${missing[*]}"
  fi
  say "installing Debian packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_npm_packages() {
  command -v npm >/dev/null || die "npm is missing: install Node.js 20 or newer with npm."
  local stamp=node_modules/.fedcred-lock.sha256 want
  want=$(sha256sum package-lock.json | cut -d' ' -f1)
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return
  fi
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
  printf '%s\n' "$want" > "$stamp"
}

check_toolchain_file
need_rustup_parts
fetch_cargo_dependencies
need_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
# Not --locked: wasm-bindgen-cli's own lock file pins a webpki-roots the registry no longer serves.
need_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
check_wasm_bindgen_lock
need_wasm_split
need_apt_packages
need_npm_packages
say "all tools present ($(rustc -V | cut -d" " -f1-2), trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, wasm-split-cli $WASM_SPLIT_VERSION, $(node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | cut -d' ' -f1-2))"
