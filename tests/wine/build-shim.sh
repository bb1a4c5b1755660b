#!/usr/bin/env bash
# Builds tests/wine's bcryptprimitives.dll stand-in (for wine 8 only; never shipped) into $1.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="${1:?usage: build-shim.sh OUTPUT_DIR}"
mkdir -p "$out"
x86_64-w64-mingw32-gcc -O2 -shared -o "$out/bcryptprimitives.dll" \
  "$here/bcryptprimitives.c" "$here/bcryptprimitives.def" -ladvapi32
