#!/usr/bin/env bash
# Builds the fedcred binary for one target and packages it with its checksum (issue 28): what
# .github/workflows/release.yml runs on each runner, and `make release-cli` runs here for this
# machine's static Linux target.
#
# Usage: scripts/release-cli.sh TARGET [OUT_DIR]   (OUT_DIR defaults to target/release-cli)
# Writes OUT_DIR/fedcred-VERSION-TARGET.tar.gz (.zip for Windows) and appends its line to
# OUT_DIR/SHA256SUMS. Linux targets are musl, linked statically (ring's C compiled with the
# target's musl-gcc: musl-tools on Debian and Ubuntu; for aarch64 the workflow uses cross).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
target="${1:?usage: release-cli.sh TARGET [OUT_DIR]}"
out="${2:-$root/target/release-cli}"
cd "$root"
version="$(cargo metadata --offline --no-deps --format-version 1 | node -e 'const m = JSON.parse(require("fs").readFileSync(0, "utf8")); process.stdout.write(m.packages.find((p) => p.name === "fedcred-cli").version)')"
# Symbols stripped: 2.8 MB instead of 3.4 MB for x86_64 musl (this build only; the web build keeps the
# release profile as it is).
export CARGO_PROFILE_RELEASE_STRIP=symbols
build=(cargo build --locked --release --target "$target" -p fedcred-cli)
case "$target" in
  x86_64-unknown-linux-musl)
    export CC_x86_64_unknown_linux_musl="${CC_x86_64_unknown_linux_musl:-musl-gcc}"
    export CARGO_TARGET_X86_64_UNKNOWN_LINUX_MUSL_RUSTFLAGS="-C target-feature=+crt-static"
    ;;
  aarch64-unknown-linux-musl)
    # cross (a container with the target's toolchain) when it is there; else the host's.
    if command -v cross >/dev/null; then build=(cross build --locked --release --target "$target" -p fedcred-cli); fi
    ;;
esac
"${build[@]}"
exe=fedcred
case "$target" in *windows*) exe=fedcred.exe ;; esac
binary="target/$target/release/$exe"
[ -f "$binary" ] || { echo "release-cli: $binary was not built" >&2; exit 1; }
name="fedcred-$version-$target"
mkdir -p "$out"
stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$binary" README.md LICENSE* "$stage/$name/" 2>/dev/null || cp "$binary" README.md "$stage/$name/"
case "$target" in
  *windows*) (cd "$stage" && 7z a -bd -tzip "$out/$name.zip" "$name" >/dev/null 2>&1 || powershell -NoProfile -Command "Compress-Archive -Path '$name' -DestinationPath '$out/$name.zip'") ; archive="$name.zip" ;;
  *) tar -C "$stage" -czf "$out/$name.tar.gz" "$name"; archive="$name.tar.gz" ;;
esac
(cd "$out" && { command -v sha256sum >/dev/null && sha256sum "$archive" || shasum -a 256 "$archive"; } >> SHA256SUMS)
echo "release-cli: $out/$archive"
