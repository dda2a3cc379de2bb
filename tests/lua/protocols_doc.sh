#!/usr/bin/env bash
# docs/protocols.md embeds `calfsim protocols --format md`; fail when stale.
. "$CALF_SRC/tests/lib/e2e.sh"
"$CALFSIM" protocols --format md >"$T/want" || fail "calfsim protocols exited $?"
sed -n '/<!-- protocols:begin -->/,/<!-- protocols:end -->/p' "$CALF_SRC/docs/protocols.md" |
    sed '1d;$d' >"$T/have"
if cmp -s "$T/want" "$T/have"; then
    pass "docs/protocols.md table is current"
else
    fail "docs/protocols.md is stale; regenerate the table with: calfsim protocols --format md"
    diff "$T/have" "$T/want" >&2
fi
n=$(wc -l <"$T/want")
check "$n >= 10" "eight or more protocols listed ($((n - 2)))"
finish
