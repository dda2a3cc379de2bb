#!/usr/bin/env bash
# params_doc.sh: docs/params.md must be exactly what the binary prints with
# `calfsim params --format md`, so the published registry never goes stale.
set -euo pipefail
doc=${CALF_SRC:?}/docs/params.md
tmp=${CALF_TMP:?}
if [ ! -f "$doc" ]; then
    echo "FAIL: docs/params.md is missing; regenerate it with scripts/gen-docs.sh"
    exit 1
fi
"${CALFSIM:?}" params --format md >"$tmp/params.md"
if ! diff -u "$doc" "$tmp/params.md" >"$tmp/params.diff"; then
    head -40 "$tmp/params.diff"
    echo "FAIL: docs/params.md is stale (differs from calfsim params --format md);"
    echo "      regenerate it with scripts/gen-docs.sh and commit the result"
    exit 1
fi
"${CALFSIM:?}" params --patient-fields >"$tmp/patient-fields.md"
if ! diff -u "$CALF_SRC/docs/patient-fields.md" "$tmp/patient-fields.md"; then
    echo "FAIL: docs/patient-fields.md is stale; regenerate it with scripts/gen-docs.sh"
    exit 1
fi
echo "ok: docs/params.md matches the registry ($(grep -c '^| `' "$doc") parameters)"
