#!/usr/bin/env python3
"""Convert the @ip-location-db CSVs into PortScope's compact table (assets/ipdb/ipdb.bin.z).

Usage: ipdb-convert.py ASN_DIR COUNTRY_DIR OUTPUT
  ASN_DIR:     the unpacked npm package @ip-location-db/asn (asn-ipv4-num.csv, asn-ipv6-num.csv)
  COUNTRY_DIR: the unpacked @ip-location-db/geo-whois-asn-country (…-ipv4-num.csv, …-ipv6-num.csv)

The output is zlib-compressed. Decompressed, all numbers little-endian:

  magic  b"PSIPDB1\\0"
  u32    counts: asn names, v4 asn ranges, v6 asn ranges, v4 country ranges, v6 country ranges
  u32    byte length of the names blob
  names  per AS: u32 number, u32 offset, u32 length into the blob (sorted by number)
  blob   the AS names, UTF-8
  v4 asn      starts u32[n], then values u32[n] (index into the names, 0xFFFFFFFF: none)
  v6 asn      starts u128[n], then values u32[n]
  v4 country  starts u32[n], then values [u8; 2][n] (ISO 3166-1 alpha-2, b"\\0\\0": none)
  v6 country  starts u128[n], then values [u8; 2][n]

A range table lists where each range starts, sorted; a lookup takes the last start at or below
the address. A gap between two ranges gets an entry of its own with the value "none", so the
table needs no range ends. Adjacent ranges with the same value are merged.
"""
import csv
import struct
import sys
import zlib

NONE_ASN = 0xFFFFFFFF
NONE_CC = b"\0\0"


def ranges(path):
    with open(path, newline="", encoding="utf-8") as f:
        for row in csv.reader(f):
            yield int(row[0]), int(row[1]), row[2:]


def table(rows, value_of, none):
    """Starts and values with gap entries, merged where neighbours agree."""
    starts, values = [], []
    last_end = None
    for start, end, rest in sorted(rows, key=lambda r: r[0]):
        if last_end is not None and start <= last_end:
            start = last_end + 1  # overlapping rows: the first one wins
            if start > end:
                continue
        if last_end is not None and start > last_end + 1:
            if values and values[-1] != none:
                starts.append(last_end + 1)
                values.append(none)
        elif last_end is None and start > 0:
            starts.append(0)
            values.append(none)
        value = value_of(rest)
        if not values or values[-1] != value:
            starts.append(start)
            values.append(value)
        last_end = end
    if last_end is not None:
        starts.append(last_end + 1)
        values.append(none)
    return starts, values


def main():
    asn_dir, cc_dir, output = sys.argv[1:4]
    names = {}
    asn_rows = {}
    for fam in ("ipv4", "ipv6"):
        rows = list(ranges(f"{asn_dir}/asn-{fam}-num.csv"))
        for _, _, (number, name) in rows:
            names.setdefault(int(number), name)
        asn_rows[fam] = rows
    numbers = sorted(names)
    index = {n: i for i, n in enumerate(numbers)}
    blob = bytearray()
    entries = bytearray()
    for n in numbers:
        encoded = names[n].encode("utf-8")
        entries += struct.pack("<III", n, len(blob), len(encoded))
        blob += encoded

    def asn_value(rest):
        return index[int(rest[0])]

    def cc_value(rest):
        cc = rest[0].encode("ascii")
        if len(cc) != 2 or not cc.isalpha():
            return NONE_CC
        return cc.upper()

    v4a = table(asn_rows["ipv4"], asn_value, NONE_ASN)
    v6a = table(asn_rows["ipv6"], asn_value, NONE_ASN)
    v4c = table(ranges(f"{cc_dir}/geo-whois-asn-country-ipv4-num.csv"), cc_value, NONE_CC)
    v6c = table(ranges(f"{cc_dir}/geo-whois-asn-country-ipv6-num.csv"), cc_value, NONE_CC)
    # A range ending at the top of the space leaves a trailing start one past it: drop that.
    for t, top in ((v4a, 1 << 32), (v6a, 1 << 128), (v4c, 1 << 32), (v6c, 1 << 128)):
        if t[0] and t[0][-1] >= top:
            t[0].pop()
            t[1].pop()

    out = bytearray(b"PSIPDB1\0")
    out += struct.pack("<5I", len(numbers), len(v4a[0]), len(v6a[0]), len(v4c[0]), len(v6c[0]))
    out += struct.pack("<I", len(blob))
    out += entries + blob
    out += b"".join(struct.pack("<I", s) for s in v4a[0])
    out += b"".join(struct.pack("<I", v) for v in v4a[1])
    out += b"".join(s.to_bytes(16, "little") for s in v6a[0])
    out += b"".join(struct.pack("<I", v) for v in v6a[1])
    out += b"".join(struct.pack("<I", s) for s in v4c[0])
    out += b"".join(v4c[1])
    out += b"".join(s.to_bytes(16, "little") for s in v6c[0])
    out += b"".join(v6c[1])
    with open(output, "wb") as f:
        f.write(zlib.compress(bytes(out), 9))
    print(
        f"{output}: {len(numbers)} AS names, asn ranges v4 {len(v4a[0])} v6 {len(v6a[0])}, "
        f"country ranges v4 {len(v4c[0])} v6 {len(v6c[0])}; {len(out)} bytes, "
        f"{len(zlib.compress(bytes(out), 9))} compressed"
    )


main()
