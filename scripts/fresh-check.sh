#!/usr/bin/env bash
# `make fresh-check`: the README's test command as a newcomer runs it. Clones the committed tree
# (HEAD; uncommitted changes are not in it) into a temporary folder and runs `make test` there
# with an empty cargo home (no registry cache, no git checkouts) and the clone's own target
# folder and node_modules, so anything the build needs from crates.io or npm and that the install
# step does not fetch fails here, as it would on a new machine (issue 13: the release build's
# standard library crates were found missing only on a fresh machine).
#
# Tools already installed (rustup's toolchain, trunk and wasm-bindgen in ~/.cargo/bin, Chromium)
# are reused through PATH; their own install is what `make test` does on a truly new machine,
# and its time is in the README. Needs the network to crates.io and npm, like a first `make test`.
# Keeps the folder when it fails (the path is printed); FRESH_KEEP=1 keeps it always.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

say() { printf 'fresh-check: %s\n' "$*" >&2; }

dirty=$(git status --porcelain | wc -l)
if [ "$dirty" -ne 0 ]; then
  say "note: $dirty uncommitted change(s) are not checked; this runs HEAD ($(git rev-parse --short HEAD))"
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/fedcred-fresh.XXXXXX")"
clone="$work/fedcred"
git clone --quiet --no-local --no-hardlinks "$root" "$clone"

# An empty cargo home: no registry index, no downloaded crates, no installed binaries of its own.
# ~/.cargo/bin stays on PATH for rustup's proxies and the already-installed tools.
export CARGO_HOME="$work/cargo-home"
mkdir -p "$CARGO_HOME"
export PATH="$HOME/.cargo/bin:$PATH"
unset CARGO_TARGET_DIR RUSTFLAGS CARGO_BUILD_TARGET_DIR

say "cloned $(git -C "$clone" rev-parse --short HEAD) into $clone; CARGO_HOME=$CARGO_HOME (empty)"
start=$(date +%s)
status=0
(cd "$clone" && CI=true make test) >"$work/make-test.log" 2>&1 || status=$?
elapsed=$(($(date +%s) - start))

tail -n 12 "$work/make-test.log"
closing=$(grep -E '^total: [0-9]+ passed, [0-9]+ failed' "$work/make-test.log" | tail -n 1 || true)
if [ "$status" -ne 0 ]; then
  say "FAILED after ${elapsed}s (exit $status); log and tree kept in $work"
  exit 1
fi
say "passed in ${elapsed}s on a clean clone with an empty cargo registry: ${closing:-no closing line}"
if [ "${FRESH_KEEP:-0}" = 1 ]; then
  say "kept $work"
else
  rm -rf "$work"
fi
