#!/usr/bin/env bash
# gen-docs.sh: regenerate the documentation calfsim prints about itself:
# docs/params.md from `calfsim params --format md`. Uses $CALFSIM if set,
# else brings build/calfsim up to date with scripts/build.sh and uses that.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${CALFSIM:-}" ]; then
    bin=$CALFSIM
else
    scripts/build.sh >/dev/null
    bin=build/calfsim
fi
mkdir -p docs
tmp=$(mktemp docs/.params.md.XXXXXX)
trap 'rm -f "$tmp"' EXIT
"$bin" params --format md >"$tmp"
chmod 644 "$tmp"
mv "$tmp" docs/params.md
trap - EXIT
"$bin" params --patient-fields >docs/.patient-fields.md.tmp
mv docs/.patient-fields.md.tmp docs/patient-fields.md
echo "gen-docs.sh: wrote docs/params.md ($(grep -c '^| `' docs/params.md) parameters) with $bin"
# The shipped-protocol table in docs/protocols.md, between its markers.
"$bin" protocols --format md >docs/.protocols-table.tmp
awk -v tbl=docs/.protocols-table.tmp '
    /<!-- protocols:begin -->/ {print; while ((getline l < tbl) > 0) print l; skip = 1; next}
    /<!-- protocols:end -->/ {skip = 0}
    !skip {print}' docs/protocols.md >docs/.protocols.md.tmp
mv docs/.protocols.md.tmp docs/protocols.md
rm -f docs/.protocols-table.tmp
echo "gen-docs.sh: refreshed the protocol table in docs/protocols.md"
