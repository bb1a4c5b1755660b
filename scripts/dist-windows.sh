#!/usr/bin/env bash
# Builds the Windows download: dist/portscope-<version>-windows-x64.zip with portscope.exe
# (cross-compiled with the `dist` profile: fat LTO, stripped), README.md and the licences, and
# prints its SHA-256. Needs the x86_64-pc-windows-gnu Rust target, mingw-w64 (gcc-mingw-w64-x86-64
# for the linker and windres) and zip.
set -euo pipefail
cd "$(dirname "$0")/.."

target=x86_64-pc-windows-gnu
target_dir="${CARGO_TARGET_DIR:-target}"
version="$(sed -n 's/^version = "\(.*\)"/\1/p' Cargo.toml | head -n1)"
name="portscope-${version}-windows-x64"

cargo build --profile dist --target "$target" --bin portscope
exe="$target_dir/$target/dist/portscope.exe"
size=$(stat -c %s "$exe")
echo "portscope.exe: $size bytes"
# The download stays small: fail loudly if the exe grows past 12 MB.
if [ "$size" -gt $((12 * 1024 * 1024)) ]; then
  echo "portscope.exe is larger than 12 MB" >&2
  exit 1
fi

stage="$(mktemp -d)"
trap 'rm -rf "$stage"' EXIT
mkdir "$stage/$name"
cp "$exe" README.md LICENSE-MIT LICENSE-APACHE "$stage/$name/"
# The address table ships beside the exe (portscope.exe looks there first), not inside it, so
# the exe stays small; its sources and licences travel with it.
cp assets/ipdb/ipdb.bin.z "$stage/$name/"
mkdir "$stage/$name/ipdb-licences"
cp assets/ipdb/SOURCES.md assets/ipdb/*-LICENSE assets/ipdb/NRO_LICENSE "$stage/$name/ipdb-licences/"
mkdir -p dist
rm -f "dist/$name.zip"
(cd "$stage" && zip -q -r -X "$OLDPWD/dist/$name.zip" "$name")
sha256sum "dist/$name.zip"
