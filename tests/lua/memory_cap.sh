#!/usr/bin/env bash
# The Lua memory cap at its stated size: a protocol keeping 10 MiB alive and
# churning 20,000 small tables a week runs 52 weeks under --lua-mem 16
# (Lua's emergency collection frees the garbage when growth is refused; the
# cap used to give up at the first refusal, near half its size) and is
# stopped, exit 1, under --lua-mem 8; a cohort of it exits the same and
# writes the same cohort.csv with 1 and 2 threads.
. "$CALF_SRC/tests/lib/e2e.sh"
PROTO="$CALF_SRC/tests/lua/fixtures/protocols/churn_big.lua"
"$CALFSIM" run "$PROTO" --patient "$P/distance_limited.lua" --weeks 52 --lua-mem 16 \
    --out "$T/r16" >/dev/null 2>"$T/r16.err" && pass "10 MiB live, --lua-mem 16: runs 52 weeks" ||
    fail "--lua-mem 16: $(cat "$T/r16.err")"
expect_error 1 "churn_big.lua(:7)?: out of memory: the Lua memory cap of 8 MiB was reached" \
    "$CALFSIM" run "$PROTO" --patient "$P/distance_limited.lua" --weeks 2 --lua-mem 8 --out "$T/r8"
for t in 1 2; do
    "$CALFSIM" cohort "$PROTO" --patient "$P/distance_limited.lua" --n 8 --weeks 2 --threads $t \
        --no-plots --out "$T/c$t" >/dev/null 2>"$T/c$t.err"
    echo $? >"$T/c$t.rc"
done
[ "$(cat "$T/c1.rc")" = 0 ] && [ "$(cat "$T/c2.rc")" = 0 ] && cmp -s "$T/c1/cohort.csv" "$T/c2/cohort.csv" &&
    pass "cohort: exit 0 and the same cohort.csv with 1 and 2 threads" ||
    fail "cohort: exit $(cat "$T/c1.rc") / $(cat "$T/c2.rc"): $(cat "$T/c1.err" "$T/c2.err")"
finish
