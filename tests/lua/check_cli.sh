#!/usr/bin/env bash
# `calfsim check`: the shipped protocols pass; a deliberately broken protocol
# has every one of its problems listed in one run (exit 1).
. "$CALF_SRC/tests/lib/e2e.sh"
for f in "$CALF_SRC"/protocols/*.lua; do
    if "$CALFSIM" check "$f" >"$T/out" 2>&1; then
        pass "check $(basename "$f")"
    else
        fail "check $(basename "$f"): $(cat "$T/out")"
    fi
done
"$CALFSIM" check "$CALF_SRC/tests/lua/fixtures/protocols/broken.lua" 2>"$T/err"
rc=$?
[ "$rc" -eq 1 ] && pass "broken protocol: exit 1" || fail "broken protocol: exit $rc"
for pat in "unknown field 'sumary' in the protocol table \(did you mean summary\?\)" \
    "has no 'summary'" "has no 'source'" \
    "params.growth = 0.5: outside its own declared range 0 to 0.3" \
    "params.limit: expected a number" \
    "broken.lua:7: run: kmh = 50: allowed 3 to 30"; do
    grep -qE "$pat" "$T/err" && pass "check lists: $pat" || fail "check misses /$pat/ in: $(cat "$T/err")"
done
n=$(wc -l <"$T/err")
check "$n >= 6" "check printed every problem ($n lines)"
finish
