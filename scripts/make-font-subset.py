#!/usr/bin/env python3
"""Build PortScope's bundled CJK fallback font: a subset of Noto Sans CJK SC.

Requirements:
    pip install fonttools          # the only Python dependency
    apt install fonts-noto-cjk     # provides the source font (Debian/Ubuntu)

Usage (from anywhere; paths are relative to the repository root):
    python3 scripts/make-font-subset.py [--source PATH] [--font-number N] [--output PATH]

The characters kept are:
  * every non-ASCII character that appears in src/i18n/catalog.rs, assets/ports.toml and
    assets/country-names-zh.tsv
    (read at run time, so re-run this script after changing translations or the
    port catalogue);
  * printable ASCII (U+0020..U+007E);
  * CJK symbols and punctuation (U+3000..U+303F) and half-/full-width forms
    (U+FF00..U+FFEF), where assigned;
  * all 3755 GB2312 level-1 hanzi, so ordinary Chinese text (e.g. in process
    names or paths) renders even if it is not in the translations.

Symbols and emoji that Noto Sans CJK does not have (e.g. U+1F50D) are reported
and skipped: egui renders those with its own bundled emoji fonts. Any missing
letter, ideograph or punctuation mark is an error.

The source is a TrueType/OpenType collection (.ttc); the "Noto Sans CJK SC" face
is picked by name unless --font-number is given. The output is a single-face
OpenType font with CFF outlines (.otf), without hinting, layout tables or
vertical metrics (egui/ab_glyph uses none of them). It must stay at most 2 MB;
if the GB2312 set pushes it over, it is rebuilt without that set and a warning
is printed.

After writing, the subset's cmap is checked against the collected characters;
the script exits with status 1 if any character is missing.

The font is licensed under the SIL Open Font License 1.1 (assets/fonts/OFL.txt).
"""

from __future__ import annotations

import argparse
import os
import sys
import unicodedata
from pathlib import Path

try:
    from fontTools import subset
    from fontTools.ttLib import TTFont, TTCollection
except ImportError:  # pragma: no cover - only hit without fonttools installed
    sys.exit("error: fontTools is required: pip install fonttools")

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCES = [
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/opentype/noto-cjk/NotoSansCJK-Regular.ttc"),
    Path("/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc"),
]
DEFAULT_OUTPUT = REPO_ROOT / "assets" / "fonts" / "NotoSansSC-PortScope-subset.otf"
TEXT_SOURCES = [
    REPO_ROOT / "src" / "i18n" / "catalog.rs",
    REPO_ROOT / "assets" / "ports.toml",
    REPO_ROOT / "assets" / "country-names-zh.tsv",
]
WANTED_FAMILY = "Noto Sans CJK SC"
MAX_BYTES = 2 * 1024 * 1024


def chars_from_files(paths: list[Path]) -> set[str]:
    chars: set[str] = set()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        chars.update(c for c in text if ord(c) > 0x7F and unicodedata.category(c)[0] != "C")
    return chars


def printable_ascii() -> set[str]:
    return {chr(c) for c in range(0x20, 0x7F)}


def cjk_punctuation_and_forms() -> set[str]:
    """U+3000..U+303F and U+FF00..U+FFEF, assigned code points only."""
    cps = list(range(0x3000, 0x3040)) + list(range(0xFF00, 0xFFF0))
    return {chr(c) for c in cps if unicodedata.category(chr(c)) != "Cn"}


def gb2312_level1() -> set[str]:
    """The 3755 level-1 hanzi of GB2312 (rows 0xB0..0xD7, cells 0xA1..0xFE)."""
    chars: set[str] = set()
    for row in range(0xB0, 0xD8):
        for cell in range(0xA1, 0xFF):
            try:
                chars.add(bytes([row, cell]).decode("gb2312"))
            except UnicodeDecodeError:
                pass  # the last row has five unassigned cells
    return chars


def is_optional(ch: str) -> bool:
    """Symbols/emoji may be absent from a CJK text font; egui has emoji fonts for them. The
    Letterlike Symbols block (U+2100..U+214F, e.g. the risk column's ℹ) counts as symbols
    although Unicode files some of it under letters."""
    return (
        unicodedata.category(ch).startswith("S")
        or 0x2100 <= ord(ch) <= 0x214F
        or ord(ch) >= 0x1F000
    )


def find_source(explicit: str | None) -> Path:
    if explicit:
        return Path(explicit)
    for candidate in DEFAULT_SOURCES:
        if candidate.exists():
            return candidate
    sys.exit(
        "error: NotoSansCJK-Regular.ttc not found; install fonts-noto-cjk or pass --source"
    )


def family_name(font: TTFont) -> str:
    name = font["name"]
    return str(name.getDebugName(16) or name.getDebugName(1) or "")


def pick_face(source: Path, font_number: int | None) -> int:
    if not source.suffix.lower() in (".ttc", ".otc"):
        return -1  # not a collection
    collection = TTCollection(str(source), lazy=True)
    families = [family_name(f) for f in collection.fonts]
    if font_number is not None:
        if not 0 <= font_number < len(families):
            sys.exit(f"error: --font-number {font_number} out of range (0..{len(families) - 1})")
        return font_number
    for index, family in enumerate(families):
        if family == WANTED_FAMILY:
            return index
    sys.exit(f"error: no '{WANTED_FAMILY}' face in {source}; faces are {families}")


def load_source(source: Path, face: int) -> TTFont:
    kwargs = {"fontNumber": face} if face >= 0 else {}
    font = TTFont(str(source), recalcTimestamp=False, **kwargs)
    return font


def build_subset(source: Path, face: int, chars: set[str], output: Path) -> int:
    font = load_source(source, face)
    options = subset.Options()
    options.hinting = False                 # no CFF hints: smaller, egui does not use them
    options.layout_features = []            # egui does no shaping
    options.drop_tables += ["GSUB", "GPOS", "GDEF", "BASE", "VORG", "vhea", "vmtx", "DSIG"]
    options.notdef_outline = True
    options.glyph_names = False
    options.recalc_bounds = True
    options.recalc_timestamp = False        # keep the source's timestamp: reproducible output
    subsetter = subset.Subsetter(options=options)
    subsetter.populate(unicodes=sorted(ord(c) for c in chars))
    subsetter.subset(font)
    font.flavor = None
    output.parent.mkdir(parents=True, exist_ok=True)
    font.save(str(output))
    font.close()
    return output.stat().st_size


def describe(ch: str) -> str:
    return f"U+{ord(ch):04X} {ch} {unicodedata.name(ch, '?')}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--source", help="source .ttc/.otf (default: Debian's NotoSansCJK-Regular.ttc)")
    parser.add_argument(
        "--font-number",
        type=int,
        help=f"face index inside the collection (default: the face named '{WANTED_FAMILY}')",
    )
    parser.add_argument("--output", default=str(DEFAULT_OUTPUT), help="output font path")
    args = parser.parse_args()

    source = find_source(args.source)
    face = pick_face(source, args.font_number)
    output = Path(args.output)

    probe = load_source(source, face)
    print(f"source: {source} (face {face}: {family_name(probe)}, {probe['name'].getDebugName(5)})")
    source_cmap = probe.getBestCmap()
    probe.close()

    file_chars = chars_from_files(TEXT_SOURCES)
    base = file_chars | printable_ascii() | cjk_punctuation_and_forms()
    gb = gb2312_level1()
    print(
        f"collected: {len(file_chars)} non-ASCII chars from "
        + ", ".join(str(p.relative_to(REPO_ROOT)) for p in TEXT_SOURCES)
        + f"; {len(gb)} GB2312 level-1 hanzi"
    )

    # Characters the source does not have at all.
    wanted = base | gb
    absent = sorted(c for c in wanted if ord(c) not in source_cmap)
    absent_optional = [c for c in absent if is_optional(c)]
    absent_required = [c for c in absent if not is_optional(c)]
    for ch in absent_optional:
        print(f"note: not in source font, left to egui's emoji fonts: {describe(ch)}")
    if absent_required:
        for ch in absent_required:
            print(f"error: not in source font: {describe(ch)}", file=sys.stderr)
        return 1

    keep = {c for c in wanted if ord(c) in source_cmap}
    size = build_subset(source, face, keep, output)
    if size > MAX_BYTES:
        print(
            f"warning: {size} bytes with GB2312 level 1 exceeds {MAX_BYTES}; "
            "rebuilding WITHOUT the GB2312 level-1 set",
            file=sys.stderr,
        )
        keep = {c for c in base if ord(c) in source_cmap}
        size = build_subset(source, face, keep, output)
        if size > MAX_BYTES:
            print(f"error: {size} bytes still exceeds {MAX_BYTES}", file=sys.stderr)
            return 1

    # Coverage check against the written file.
    written = TTFont(str(output), lazy=True)
    cmap = written.getBestCmap()
    outlines = "CFF" if "CFF " in written else ("glyf" if "glyf" in written else "unknown")
    glyphs = len(written.getGlyphOrder())
    written.close()
    missing = sorted(c for c in keep if ord(c) not in cmap)
    rel = output.relative_to(REPO_ROOT) if output.is_relative_to(REPO_ROOT) else output
    print(f"wrote {rel}: {size} bytes ({size / 1024 / 1024:.2f} MiB), {outlines} outlines, {glyphs} glyphs")
    print(f"characters covered: {len(keep)} ({len(cmap)} code points in cmap)")
    if missing:
        for ch in missing:
            print(f"error: missing from subset: {describe(ch)}", file=sys.stderr)
        print(f"coverage check FAILED: {len(missing)} missing", file=sys.stderr)
        return 1
    print(f"coverage check passed: all {len(keep)} collected characters are in the subset's cmap")
    return 0


if __name__ == "__main__":
    sys.exit(main())
