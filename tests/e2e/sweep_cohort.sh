#!/usr/bin/env bash
# calfsim sweep --cohort N: a cohort at every grid point. grid_cohort.csv is
# the same for 1 and 2 threads; one row per grid point with every share
# inside its 95% interval; each point's shares equal those of `calfsim
# cohort` run at that setting with the same seed (the same virtual
# patients); two variables give the P(goal) and P(injury) heatmaps and the
# heatmaps of their interval widths; --cohort 0 is a usage error.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
base=("$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --weeks 16 --seed 4)
for t in 1 2; do
    "$CALFSIM" sweep "${base[@]}" --vary growth=0.1:0.3:0.1 --cohort 120 --threads $t --no-plots \
        --out "$T/s$t" >/dev/null || fail "sweep --cohort --threads $t exited $?"
done
for f in grid_cohort.csv grid_cohort.dat; do
    cmp -s "$T/s1/$f" "$T/s2/$f" && pass "$f identical for 1 and 2 threads" || fail "$f differs"
done
G="$T/s1/grid_cohort.csv"
head -1 "$G" | grep -qE '^# calfsim [0-9.]+; sweep of symptom_guided; cohort n: 120; seed: 4; param_hash: [0-9a-f]{16}$' &&
    pass "provenance line" || fail "line 1: $(head -1 "$G")"
[ "$(awk 'NR > 2' "$G" | wc -l)" = 3 ] && pass "one row per grid point" || fail "rows: $(awk 'NR > 2' "$G" | wc -l)"
awk -F, 'NR == 2 {for (i = 1; i <= NF; i++) c[$i] = i; next}
    NR > 2 { for (k = 0; k < 3; k++) { n = k == 0 ? "p_goal" : (k == 1 ? "p_injury" : "p_flare")
        p = $c[n]; lo = $c[n "_lo"]; hi = $c[n "_hi"]; if (!(lo <= p && p <= hi && lo >= 0 && hi <= 1)) bad++ } }
    END {exit bad > 0}' "$G" && pass "every share inside its interval" || fail "a share outside its interval"
# the point growth = 0.2 against calfsim cohort with --set growth=0.2
"$CALFSIM" cohort "${base[@]}" --set growth=0.2 --n 120 --threads 2 --no-plots --out "$T/c" >/dev/null ||
    fail "cohort at growth = 0.2"
pg=$(sed -n 's/.*"p_goal": \([^,]*\),.*/\1/p' "$T/c/cohort.json")
pi=$(sed -n 's/.*"p_injury_event": \([^,]*\),.*/\1/p' "$T/c/cohort.json")
row=$(awk -F, '$1 == "0.2"' "$G")
sg=$(echo "$row" | cut -d, -f2)
si=$(echo "$row" | cut -d, -f5)
check "$sg == $pg && $si == $pi" "the point growth = 0.2 equals calfsim cohort there (p_goal $sg, p_injury $si)"

"$CALFSIM" sweep "${base[@]}" --vary growth=0.1:0.2:0.1 --vary pain_limit=2:3:1 --cohort 40 --threads 2 \
    --out "$T/two" >/dev/null 2>"$T/two.err" || fail "two-variable sweep --cohort exited $?: $(cat "$T/two.err")"
if command -v gnuplot >/dev/null 2>&1; then
    for b in sweep_cohort_p_goal sweep_cohort_p_injury sweep_cohort_p_goal_ci sweep_cohort_p_injury_ci; do
        [ -s "$T/two/$b.png" ] && [ -s "$T/two/$b.svg" ] && pass "$b drawn" || fail "no $b: $(ls "$T/two")"
    done
fi
expect_error 2 'sweep --cohort = "0": allowed 1 to 10000000' "$CALFSIM" sweep "${base[@]}" --vary growth=0.1:0.2:0.1 \
    --cohort 0 --out "$T/e"
finish
