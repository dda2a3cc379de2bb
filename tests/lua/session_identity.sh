#!/usr/bin/env bash
# session_identity.sh: the engine knows a session by more than its address.
# The reused_address fixture makes each day's session on read and drops it,
# with garbage in between, so the collector may free a day's session and let
# the next day's take its address; every day must still run its own distance
# (1 + 0.5 x weekday + week km), never an earlier day's. The runner is healthy, so
# no run stops at the pain ceiling.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/protocols/reused_address.lua"
"$CALFSIM" run "$F" --patient "$CALF_SRC/tests/lua/fixtures/patients/healthy.lua" --weeks 3 --out "$T/r" >/dev/null ||
    fail "run exited $?"
bad=0
for day in $(seq 1 21); do
    wd=$(((day - 1) % 7 + 1)) wk=$(((day - 1) / 7 + 1))
    want=$(awk -v d="$wd" -v w="$wk" 'BEGIN { printf "%.1f", 1 + d * 0.5 + w }')
    got=$(awk -v v="$(trace_at "$T/r/trace.csv" "$day" run_km)" 'BEGIN { printf "%.1f", v }')
    [ "$got" = "$want" ] || { bad=1; echo "day $day: ran $got km, planned $want"; }
done
check "$bad == 0" "each of 21 days ran its own session's distance"
finish
