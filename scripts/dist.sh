#!/usr/bin/env bash
# The release bundle in DIR/dist (DIR defaults to the repository; `make bench` passes bench/floor
# so the framework floor is built exactly the same way): Trunk's release build, then the CSP and
# the fetch-free loader (scripts/finalize-dist.mjs).
#
# The release wasm is built with its own copy of the standard library, compiled with
# panic=immediate-abort: a panic becomes a WebAssembly trap instead of a formatted message, which
# drops the panic machinery, its messages and every source location from the bundle
# (-16 KB gzip, issue 6). The boot module shows the crash banner on a trap (finalize-dist.mjs).
# Both are unstable options of the same 1.95 compiler, enabled for this build only with
# RUSTC_BOOTSTRAP=1; `make run`, the browser tests and the CLI use the ordinary build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir="$(cd "${1:-$root}" && pwd)"
export PATH="$root/node_modules/.bin:$HOME/.cargo/bin:$PATH"

sysroot="$(rustc --print sysroot)"
if [ ! -d "$sysroot/lib/rustlib/src/rust/library" ]; then
  echo "dist: the rust-src component is missing (scripts/install.sh adds it): rustup component add rust-src" >&2
  exit 1
fi
export RUSTC_BOOTSTRAP=1
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="-Zunstable-options -Cpanic=immediate-abort"

cd "$dir"
trunk build --release --dist dist
node "$root/scripts/finalize-dist.mjs" dist
