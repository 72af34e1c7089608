#!/usr/bin/env bash
# The release bundle in dist/: Trunk's release build, then the CSP and the fetch-free loader
# (scripts/finalize-dist.mjs).
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
trunk build --release --dist dist
node scripts/finalize-dist.mjs dist
