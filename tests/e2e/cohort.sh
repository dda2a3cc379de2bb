#!/usr/bin/env bash
# calfsim cohort end to end: files byte-identical for --threads 1, 2 and 3
# with the same seed (Lua protocols, so one Lua state per thread); a
# different seed changes them; cohort.json is valid JSON with the documented
# keys; variability off gives bands whose 10/50/90% agree; usage errors.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"

for t in 1 2 3; do
    "$CALFSIM" cohort "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
        --n 240 --weeks 6 --seed 7 --threads $t --no-plots --out "$T/c$t" >/dev/null ||
        fail "cohort --threads $t exited $?"
done
for f in cohort.csv cohort.json bands_1.dat bands_2.dat outcomes.dat; do
    if cmp -s "$T/c1/$f" "$T/c2/$f" && cmp -s "$T/c1/$f" "$T/c3/$f"; then
        pass "$f identical for 1, 2 and 3 threads"
    else
        fail "$f differs between thread counts"
    fi
done
"$CALFSIM" cohort "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
    --n 240 --weeks 6 --seed 8 --threads 2 --no-plots --out "$T/s8" >/dev/null || fail "seed 8"
if cmp -s "$T/c1/cohort.csv" "$T/s8/cohort.csv"; then fail "seed does not matter"; else pass "seed changes the cohort"; fi

"$CALF_JSONCHECK" "$T/c1/cohort.json" >/dev/null && pass "cohort.json is valid JSON" || fail "cohort.json invalid"
for k in version seed param_hash n days protocols paired_difference p_goal_by_week time_to_goal_days \
    p_injury_above_threshold p_flare band_resolution; do
    grep -q "\"$k\"" "$T/c1/cohort.json" && pass "cohort.json has $k" || fail "cohort.json lacks $k"
done
rows=$(grep -vc '^#' "$T/c1/cohort.csv")
check "$rows == 1 + 2 * 42" "cohort.csv: header + 42 days x 2 protocols ($rows lines)"

# variability off: every virtual patient is the profile, p10 = p50 = p90
"$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/speed_sensitive.lua" --n 20 --weeks 4 \
    --vary-params 0 --vary-patient 0 --threads 2 --no-plots --out "$T/flat" >/dev/null || fail "flat"
spread=$(awk -F, '!/^#/ && NR > 2 { for (c = 4; c <= 15; c += 3) { d = $(c + 2) - $c; if (d > m) m = d } } END { print m + 0 }' "$T/flat/cohort.csv")
check "$spread == 0" "variability off: bands collapse (largest p90 - p10 = $spread)"
"$CALFSIM" run "$PR/symptom_guided.lua" --patient "$P/speed_sensitive.lua" --weeks 4 --out "$T/one" >/dev/null || fail "run"
a=$(trace_at "$T/one/trace.csv" 28 pain_morning)
b=$(awk -F, '!/^#/ && $2 == 28 { print $8 }' "$T/flat/cohort.csv")
check "($a - $b)^2 < 1e-10" "collapsed median pain on day 28 equals the single run ($b vs $a)"

expect_error 2 "cohort: --patient" "$CALFSIM" cohort "$PR/symptom_guided.lua" --n 10
expect_error 2 "--threads" "$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --threads 0
expect_error 2 "--n" "$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --n x
expect_error 2 "no registry constant or protocol parameter" "$CALFSIM" cohort "$PR/symptom_guided.lua" \
    --patient "$P/distance_limited.lua" --n 10 --set growht=0.2
finish
