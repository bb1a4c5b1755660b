#!/usr/bin/env bash
# Regenerate the PortScope PNG icons and the Windows .ico from assets/icon/portscope.svg.
#
# Needs one SVG rasteriser:   rsvg-convert (apt install librsvg2-bin)  -- preferred
#                         or  inkscape     (apt install inkscape)
#                         or  cairosvg     (pip install cairosvg)
# and ImageMagick for the .ico (apt install imagemagick; either `magick` (IM7) or `convert` (IM6)).
#
# Usage: scripts/render-icons.sh      (from anywhere; paths are relative to the repo root)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
icon_dir="$repo_root/assets/icon"
svg="$icon_dir/portscope.svg"
png_sizes=(16 24 32 48 64 128 256 512)
ico_sizes=(16 24 32 48 64 128 256)

[[ -f "$svg" ]] || { echo "error: $svg not found" >&2; exit 1; }

render() { # render SIZE OUT
    local size="$1" out="$2"
    if command -v rsvg-convert >/dev/null 2>&1; then
        rsvg-convert --width "$size" --height "$size" --format png --output "$out" "$svg"
    elif command -v inkscape >/dev/null 2>&1; then
        inkscape "$svg" --export-type=png --export-width="$size" --export-height="$size" \
            --export-filename="$out" >/dev/null 2>&1
    elif command -v cairosvg >/dev/null 2>&1; then
        cairosvg "$svg" --output-width "$size" --output-height "$size" -o "$out"
    else
        echo "error: need rsvg-convert, inkscape or cairosvg to render the SVG" >&2
        exit 1
    fi
}

# Find a real ImageMagick (some systems ship stand-ins or other tools named `convert`).
im=()
if command -v magick >/dev/null 2>&1 && magick -version 2>/dev/null | grep -q ImageMagick; then
    im=(magick)
else
    for c in convert /usr/bin/convert /usr/bin/convert-im6.q16; do
        if command -v "$c" >/dev/null 2>&1 && "$c" -version 2>/dev/null | grep -q ImageMagick; then
            im=("$c"); break
        fi
    done
fi
[[ ${#im[@]} -gt 0 ]] || { echo "error: ImageMagick not found (apt install imagemagick)" >&2; exit 1; }

for size in "${png_sizes[@]}"; do
    out="$icon_dir/portscope-$size.png"
    render "$size" "$out"
    # Normalise to 8-bit RGBA and strip timestamps so re-runs are reproducible.
    "${im[@]}" "$out" -strip -define png:color-type=6 -define png:bit-depth=8 "PNG32:$out"
    echo "wrote ${out#"$repo_root"/} (${size}x${size} RGBA)"
done

ico_inputs=()
for size in "${ico_sizes[@]}"; do
    ico_inputs+=("$icon_dir/portscope-$size.png")
done
ico="$icon_dir/portscope.ico"
# 256 px entry is stored PNG-compressed by ImageMagick; smaller ones as BMP.
"${im[@]}" "${ico_inputs[@]}" "$ico"
echo "wrote ${ico#"$repo_root"/} (sizes: ${ico_sizes[*]})"
