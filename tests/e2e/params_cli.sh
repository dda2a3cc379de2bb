#!/usr/bin/env bash
# params_cli.sh: `calfsim params --format md|csv|json` each print the whole
# registry (one row per CALF_PARAM entry of engine/core/params_table.h, same
# names in the same order, well-formed in its format; JSON checked by
# jsoncheck), md is the default, and a bad format or option is a usage error
# (exit 2) with a one-line "calfsim: ..." message and nothing on stdout.
set -euo pipefail
bin=${CALFSIM:?} src=${CALF_SRC:?} tmp=${CALF_TMP:?} jc=${CALF_JSONCHECK:?}
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

n=$(grep -c '^CALF_PARAM(' "$src/engine/core/params_table.h")
[ "$n" -gt 0 ] || fail "no CALF_PARAM rows found in params_table.h"

# Markdown: a table with one row per parameter, 8 cells per row.
"$bin" params --format md >"$tmp/p.md"
"$bin" params >"$tmp/p_default.md"
cmp -s "$tmp/p.md" "$tmp/p_default.md" || fail "params without --format differs from --format md"
rows=$(grep -c '^| `' "$tmp/p.md" || true)
[ "$rows" -eq "$n" ] || fail "md: $rows parameter rows, registry has $n"
bad=$(awk -F'|' '/^\|/ && NF != 10 { print NR": "$0 }' "$tmp/p.md")
[ -z "$bad" ] || fail "md: rows without exactly 8 cells (a '|' inside a cell?): $bad"
sed -n 's/^| `\([^`]*\)`.*/\1/p' "$tmp/p.md" >"$tmp/names.md"

# CSV: the stated header, one row per parameter, 8 fields each (quote-aware),
# default within [min, max].
"$bin" params --format csv >"$tmp/p.csv"
[ "$(head -1 "$tmp/p.csv")" = "name,default,min,max,unit,tag,meaning,source" ] ||
    fail "csv: header is \"$(head -1 "$tmp/p.csv")\""
rows=$(($(wc -l <"$tmp/p.csv") - 1))
[ "$rows" -eq "$n" ] || fail "csv: $rows data rows, registry has $n"
bad=$(awk 'NR > 1 {
        nf = 1; inq = 0
        for (i = 1; i <= length($0); i++) {
            c = substr($0, i, 1)
            if (c == "\"") inq = !inq
            else if (c == "," && !inq) nf++
        }
        if (nf != 8 || inq) { print NR": "nf" fields: "$0; next }
        split($0, f, ",")
        if (!(f[2] + 0 >= f[3] + 0 && f[2] + 0 <= f[4] + 0)) print NR": default outside [min, max]: "$0
    }' "$tmp/p.csv")
[ -z "$bad" ] || fail "csv: $bad"
tail -n +2 "$tmp/p.csv" | cut -d, -f1 >"$tmp/names.csv"
cmp -s "$tmp/names.md" "$tmp/names.csv" || fail "csv and md list different names or order"
dups=$(sort "$tmp/names.csv" | uniq -d)
[ -z "$dups" ] || fail "duplicate parameter names: $dups"

# JSON: strictly valid, an array of n objects whose names match the CSV.
"$bin" params --format json >"$tmp/p.json"
if ! "$jc" "$tmp/p.json"; then
    fail "json: not valid JSON"
else
    count=$("$jc" -n "$tmp/p.json")
    [ "$count" -eq "$n" ] || fail "json: $count elements, registry has $n"
    i=0 wrong=0
    while IFS= read -r name && [ "$wrong" -lt 3 ]; do
        got=$("$jc" "$tmp/p.json" "$i.name" 2>&1 || true)
        if [ "$got" != "$name" ]; then
            fail "json: element $i name \"$got\", md says \"$name\""
            wrong=$((wrong + 1))
        fi
        i=$((i + 1))
    done <"$tmp/names.md"
    for key in default min max unit tag meaning source; do
        "$jc" "$tmp/p.json" "0.$key" >/dev/null || fail "json: element 0 has no \"$key\""
    done
    [ "$("$jc" -n "$tmp/p.json" 0)" -eq 8 ] || fail "json: element 0 does not have 8 members"
fi

# Usage errors: exit 2, one line on stderr starting "calfsim: ", nothing on stdout.
usage_error() {
    local what=$1
    shift
    set +e
    "$bin" "$@" >"$tmp/out" 2>"$tmp/err"
    local rc=$?
    set -e
    [ "$rc" -eq 2 ] || fail "$what: exit $rc, want 2"
    [ ! -s "$tmp/out" ] || fail "$what: printed to stdout"
    [ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "$what: stderr is not one line: $(cat "$tmp/err")"
    grep -q '^calfsim: ' "$tmp/err" || fail "$what: message lacks \"calfsim: \": $(cat "$tmp/err")"
}
usage_error "--format xml" params --format xml
grep -q 'md, csv, json' "$tmp/err" || fail "--format xml: message does not list md, csv, json"
grep -q 'xml' "$tmp/err" || fail "--format xml: message does not name xml"
usage_error "--format without value" params --format
usage_error "unknown option" params --frmat md

[ "$fails" -eq 0 ] || exit 1
echo "ok: params md/csv/json each list $n parameters; bad format exits 2 with one line"
