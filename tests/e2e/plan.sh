#!/usr/bin/env bash
# plan.sh: drives `calfsim plan` on the distance-limited patient: the found
# plan reaches the goal with no day over the pain limit; its plan.lua runs
# under `calfsim run` with the same trace (every cell) and summary; the same
# seed gives the same plan; it is no later than ten_percent when that
# protocol is shipped; --robust reports its virtual patients; bad options
# exit 2 with one line.
. "$CALF_SRC/tests/lib/e2e.sh"
DL="$P/distance_limited.lua"

"$CALFSIM" plan --patient "$DL" --seed 7 --out "$T/a" >"$T/a.out" 2>"$T/a.err" ||
    fail "plan exited $?: $(cat "$T/a.err")"
for f in plan.lua plan.txt plan.json trace.csv summary.json; do
    [ -s "$T/a/$f" ] && pass "wrote $f" || fail "missing $f"
done
g=$(json_num "$T/a/summary.json" goal_reached_day)
over=$(json_num "$T/a/summary.json" days_pain_over_limit)
check "\"$g\" != \"null\" && $g > 0" "the plan reaches the goal (day $g)"
check "$over == 0" "no day over the pain limit"
pmax=$(trace_max "$T/a/trace.csv" pain_during_max)
check "$pmax <= 3 + 1e-9" "highest pain during $pmax <= 3"

# the protocol file reproduces the C planner: same trace cells, same summary numbers
"$CALFSIM" run "$T/a/plan.lua" --patient "$DL" --weeks 26 --out "$T/run" >/dev/null 2>"$T/run.err" ||
    fail "calfsim run plan.lua exited $?: $(cat "$T/run.err")"
if cmp -s <(tail -n +2 "$T/a/trace.csv") <(tail -n +2 "$T/run/trace.csv"); then
    pass "plan.lua under calfsim run gives the same trace.csv (all 182 rows, every column)"
else
    fail "trace differs between the C planner and plan.lua"
fi
for k in goal_reached_day total_km peak_pain days_pain_over_limit flare_count max_p_injury; do
    a=$(json_num "$T/a/summary.json" $k)
    b=$(json_num "$T/run/summary.json" $k)
    [ "$a" = "$b" ] && pass "summary $k equal ($a)" || fail "summary $k: plan $a, run $b"
done

# same seed, same plan
"$CALFSIM" plan --patient "$DL" --seed 7 --out "$T/b" >/dev/null 2>&1
cmp -s "$T/a/plan.lua" "$T/b/plan.lua" && pass "same seed, same plan.lua" ||
    fail "same seed gave a different plan"

# no later than ten_percent (when shipped)
TP="$CALF_SRC/protocols/ten_percent.lua"
if [ -f "$TP" ]; then
    "$CALFSIM" run "$TP" --patient "$DL" --weeks 26 --out "$T/tp" >/dev/null 2>&1 ||
        fail "ten_percent run failed"
    gt=$(json_num "$T/tp/summary.json" goal_reached_day)
    [ "$gt" = "null" ] && gt=100000
    check "$g <= $gt" "plan goal day $g no later than ten_percent ($gt)"
else
    echo "note: protocols/ten_percent.lua not shipped yet; comparison skipped"
fi

# robust
"$CALFSIM" plan --patient "$DL" --robust 10 --seed 3 --starts 4 --out "$T/r" >"$T/r.out" 2>&1 ||
    fail "plan --robust exited $?"
grep -Eq "robust: ([89]|10) of 10 virtual patients" "$T/r.out" &&
    pass "robust plan meets the constraints for >= 80% of 10" ||
    fail "robust line: $(grep robust: "$T/r.out")"

expect_error 2 "required" "$CALFSIM" plan
expect_error 2 "--max-pain = 12" "$CALFSIM" plan --patient "$DL" --max-pain 12
expect_error 2 "--goal" "$CALFSIM" plan --patient "$DL" --goal speed=3
finish
