#!/usr/bin/env bash
# The release bundle in DIR/dist (DIR defaults to the repository; `make bench` passes bench/floor
# so the framework floor is built exactly the same way): Trunk's release build, then the CSP and
# the fetch-free loader (scripts/finalize-dist.mjs).
#
# The release wasm is built with its own copy of the standard library, compiled with
# panic=immediate-abort: a panic becomes a WebAssembly trap instead of a formatted message, which
# drops the panic machinery, its messages and every source location from the bundle
# (-16 KB gzip, issue 6), and with its `optimize_for_size` feature, which picks the standard
# library's smaller sorting, formatting and collection code (issue 26: -2.3 KB gzip on a cold
# #build or #inspect, -5.2 KB on #predict and on all three pages). The boot module shows the crash banner on a trap (finalize-dist.mjs).
# Both are unstable options of the compiler rust-toolchain.toml pins (1.95.0, so the flags and the
# standard library's lock file cannot move under this build), enabled for this build only with
# RUSTC_BOOTSTRAP=1; `make run`, the browser tests and the CLI use the ordinary build, and the e2e
# tests run against exactly the bytes this script writes. FEDCRED_STABLE_DIST=1 builds the same
# bundle without them (the README gives what that costs).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(cd "${1:-$root}" && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

sysroot="$(rustc --print sysroot)"
library="$sysroot/lib/rustlib/src/rust/library/Cargo.toml"
if [ ! -f "$library" ]; then
  echo "dist: the rust-src component is missing ($(rustc -V)); make install adds it, or: rustup component add rust-src" >&2
  exit 1
fi
# Trunk runs cargo offline, and -Zbuild-std needs the standard library's own crates: say so here,
# in one line, instead of cargo's "no matching package named 'moto-rt'" deep in Trunk's output.
if ! RUSTC_BOOTSTRAP=1 cargo fetch --locked --offline --quiet --manifest-path "$library" >/dev/null 2>&1; then
  echo "dist: the standard library's crates are not in cargo's cache ($library); run make install while crates.io is reachable (it fetches them)" >&2
  exit 1
fi
if ! (cd "$dir" && cargo fetch --locked --offline --quiet >/dev/null 2>&1); then
  echo "dist: crates that $dir/Cargo.lock names are not in cargo's cache; run make install while crates.io is reachable (it fetches them)" >&2
  exit 1
fi
if [ "${FEDCRED_STABLE_DIST:-0}" != 1 ]; then
  export RUSTC_BOOTSTRAP=1
  export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
  export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
  export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"
fi

cd "$dir"
trunk build --release --dist dist
node "$root/scripts/finalize-dist.mjs" dist
# The headers and caching rules that static hosts read from the published folder (deploy/_headers
# for Cloudflare Pages and Netlify, deploy/staticwebapp.config.json for Azure Static Web Apps),
# beside the page, so that dist/ deploys as it is (issue 28). Not for the bench's bare Yew app.
if [ "$dir" = "$root" ]; then
  cp "$root/deploy/_headers" "$root/deploy/staticwebapp.config.json" dist/
fi
