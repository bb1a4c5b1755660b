#!/usr/bin/env python3
"""Write assets/country-names-zh.tsv: the Chinese (zh_CN) name of every ISO 3166-1 country,
one `CC<TAB>名称` line each, sorted by code. PortScope shows it after an address's network in
Chinese ("Google LLC, 美国"); English shows the two-letter code.

The names are the Debian iso-codes translations (LGPL-2.1-or-later), as the `pycountry`
package on PyPI ships them; this script reads them from a pycountry wheel, so it needs only
the package registry:

    pip download pycountry --no-deps -d /tmp/pyc
    python3 scripts/make-country-names.py /tmp/pyc/pycountry-*.whl

Re-run scripts/make-font-subset.py afterwards: it keeps every character of this file.
"""

import gettext
import io
import json
import pathlib
import sys
import zipfile

ROOT = pathlib.Path(__file__).resolve().parent.parent
OUT = ROOT / "assets" / "country-names-zh.tsv"


def main() -> int:
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    wheel = zipfile.ZipFile(sys.argv[1])
    version = pathlib.Path(sys.argv[1]).name.split("-")[1]
    countries = json.loads(wheel.read("pycountry/databases/iso3166-1.json"))["3166-1"]
    mo = wheel.read("pycountry/locales/zh_CN/LC_MESSAGES/iso3166-1.mo")
    zh = gettext.GNUTranslations(io.BytesIO(mo))
    lines = []
    for c in sorted(countries, key=lambda c: c["alpha_2"]):
        name = zh.gettext(c["name"])
        if name == c["name"]:
            print(f"no Chinese name for {c['alpha_2']} ({name})", file=sys.stderr)
            return 1
        if "\t" in name or "\n" in name:
            print(f"odd name for {c['alpha_2']}: {name!r}", file=sys.stderr)
            return 1
        lines.append(f"{c['alpha_2']}\t{name}")
    header = (
        f"# Chinese country names (ISO 3166-1), from pycountry {version}: the Debian iso-codes\n"
        "# translations, LGPL-2.1-or-later. Made by scripts/make-country-names.py.\n"
    )
    OUT.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {OUT} ({len(lines)} countries)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
