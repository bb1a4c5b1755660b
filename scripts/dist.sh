#!/usr/bin/env bash
# Build PortScope's release artifacts into dist/ and write dist/SHA256SUMS for them.
#
# Usage: scripts/dist.sh [ARTIFACT...]      (from anywhere; paths are relative to the repo root)
#   deb      dist/portscope_<version>_<arch>.deb, built with cargo-deb from [package.metadata.deb]
#            in Cargo.toml (cargo-deb is installed with `cargo install cargo-deb --locked` if missing)
#   windows  dist/portscope-<version>-windows-x64.zip: the exe (cross-built with mingw, the `dist`
#            profile), README and licences, by scripts/dist-windows.sh
# Without arguments every artifact is built. Each artifact is one build_<name> function that
# prints the path of the file it made; add a new artifact as a function plus a `case` line.
# CARGO_TARGET_DIR is honoured (cargo deb builds the release binary there).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$repo_root"
dist="$repo_root/dist"

# "path+file:///…/portscope#portscope@0.1.0" or "…#0.1.0": the version is after the last # or @.
pkgid="$(cargo pkgid --quiet)"
version="${pkgid##*[#@]}"

build_deb() {
  command -v cargo-deb >/dev/null || cargo install cargo-deb --locked >&2
  local arch out
  arch="$(dpkg --print-architecture)"
  out="$dist/portscope_${version}_${arch}.deb"
  cargo deb --output "$out" >&2
  echo "$out"
}

build_windows() {
  bash "$repo_root/scripts/dist-windows.sh" >&2
  echo "$dist/portscope-${version}-windows-x64.zip"
}

write_checksums() {
  local files=()
  local f
  for f in "$@"; do files+=("$(basename "$f")"); done
  (cd "$dist" && sha256sum -- "${files[@]}" >SHA256SUMS)
}

main() {
  local wanted=("$@")
  [ "${#wanted[@]}" -gt 0 ] || wanted=(deb windows)
  mkdir -p "$dist"
  rm -f "$dist/SHA256SUMS"
  local artifacts=()
  local a
  for a in "${wanted[@]}"; do
    case "$a" in
      deb) artifacts+=("$(build_deb)") ;;
      windows) artifacts+=("$(build_windows)") ;;
      *) echo "unknown artifact: $a (known: deb, windows)" >&2; exit 2 ;;
    esac
  done
  write_checksums "${artifacts[@]}"
  echo "== dist/"
  (cd "$dist" && ls -l -- "${artifacts[@]##*/}" SHA256SUMS && cat SHA256SUMS)
}

main "$@"
