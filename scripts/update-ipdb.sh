#!/usr/bin/env bash
# Fetch the current IP-to-network data through the npm registry and convert it into PortScope's
# compact table, assets/ipdb/ipdb.bin.z (format: scripts/ipdb-convert.py), with the sources'
# licences and versions beside it. Commit what it wrote, then review the golden files that name
# organisations (INSTA_UPDATE=always cargo test --test it -- golden recorded; git diff).
#   @ip-location-db/asn                    AS numbers and names, CC BY 4.0 (DB-IP, RouteViews)
#   @ip-location-db/geo-whois-asn-country  countries, CC0
# Needs npm (the registry only), python3 and tar.
set -euo pipefail
cd "$(dirname "$0")/.."
out=assets/ipdb
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for pkg in asn geo-whois-asn-country; do
  (cd "$work" && npm pack --silent "@ip-location-db/$pkg" >/dev/null)
  mkdir -p "$work/$pkg"
  tar -xzf "$work"/ip-location-db-"$pkg"-*.tgz -C "$work/$pkg" --strip-components=1
done

python3 scripts/ipdb-convert.py "$work/asn" "$work/geo-whois-asn-country" "$out/ipdb.bin.z"
cp "$work/asn/DBIP-LICENSE" "$work/asn/ROUTEVIEWS-LICENSE" "$work/asn/NRO_LICENSE" "$out/"
{
  echo "# Where assets/ipdb/ipdb.bin.z comes from"
  echo
  echo "Made by scripts/update-ipdb.sh on $(date -u +%Y-%m-%d) from these npm packages:"
  echo
  for pkg in asn geo-whois-asn-country; do
    version="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["version"])' "$work/$pkg/package.json")"
    license="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["license"])' "$work/$pkg/package.json")"
    echo "- @ip-location-db/$pkg $version — $license"
  done
  echo
  echo "Attribution, as the licences ask:"
  echo
  echo "- AS numbers and names: the IP to ASN Lite database by DB-IP (https://db-ip.com) and the"
  echo "  IP to AS Number database by Route Views (https://routeviews.org), both CC BY 4.0"
  echo "  (DBIP-LICENSE, ROUTEVIEWS-LICENSE), as packaged by @ip-location-db/asn."
  echo "- Countries: @ip-location-db/geo-whois-asn-country (CC0), built from the statistics data of"
  echo "  the Number Resource Organization (https://www.nro.net), CC BY 4.0 (NRO_LICENSE)."
} > "$out/SOURCES.md"
ls -l "$out"
