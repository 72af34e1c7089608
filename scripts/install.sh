#!/usr/bin/env bash
# Installs what fedcred builds and tests with, and nothing that is already there.
# Idempotent: when every tool is present at its pinned version this only checks and prints one line.
#
#   wasm32-unknown-unknown target, rustfmt, clippy, rust-src   (rustup)
#   trunk 0.21.14, wasm-bindgen-cli 0.2.130                    (cargo install: ~15 min on 2 cores, once)
#   chromium, chromium-driver                                  (Debian packages; installed when root)
#   binaryen 132 (wasm-opt), esbuild, playwright-core, axe-core (npm ci, pinned by package-lock.json)
set -euo pipefail

TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
APT_PACKAGES=(chromium chromium-driver)

cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf 'install: %s\n' "$*" >&2; }
die() { printf 'install: error: %s\n' "$*" >&2; exit 1; }

installed_version() { # <command> <args...>: the first x.y.z its --version prints, or nothing
  "$@" 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+\.[0-9]+' | head -n 1 || true
}

need_rustup_parts() {
  command -v rustup >/dev/null || die "rustup is missing: install Rust stable via rustup first (https://rustup.rs)."
  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  local component
  # rust-src: the release wasm is built with its own standard library (scripts/dist.sh).
  for component in rustfmt clippy rust-src; do
    if ! rustup component list --installed | grep -q "^$component"; then
      say "adding the $component component"
      rustup component add "$component"
    fi
  done
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

need_rustup_parts
need_cargo_tool trunk trunk "$TRUNK_VERSION" --locked
# Not --locked: wasm-bindgen-cli's own lock file pins a webpki-roots the registry no longer serves.
need_cargo_tool wasm-bindgen wasm-bindgen-cli "$WASM_BINDGEN_VERSION"
check_wasm_bindgen_lock
need_apt_packages
need_npm_packages
say "all tools present (trunk $TRUNK_VERSION, wasm-bindgen $WASM_BINDGEN_VERSION, $(node_modules/.bin/wasm-opt --version | cut -d' ' -f1-3), $(chromium --version 2>/dev/null | cut -d' ' -f1-2))"
