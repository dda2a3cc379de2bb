#!/usr/bin/env bash
# calfsim sweep end to end: each grid value equals an individual `calfsim run`
# at the same setting (a protocol parameter, a registry constant, a plan CSV),
# the grid has every summary metric, patient fields can be swept, figures
# match the dimensionality, and errors are one line with the right code.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
pat="$P/distance_limited.lua"

# summary.json shows outcomes at clinical precision (km and pain to 0.1, the
# injury index to 0.001); grid.csv keeps 6 significant digits. tol METRIC
# VALUE: the allowed difference (half the shown unit, or relative 1e-5).
tol() {
    case $1 in
    total_km | peak_pain | final_heel_raise_reps) echo 0.0500001 ;;
    max_p_injury) echo 0.0005001 ;;
    days_pain_over_limit | flare_count) echo 0 ;;
    *) awk -v v="$2" 'BEGIN { print 1e-5 * (v < 0 ? -v : v) + 1e-12 }' ;;
    esac
}

# 1. protocol parameter and registry constant, against calfsim run
"$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --weeks 8 --no-plots \
    --vary growth=0:0.3:0.15 --vary tau_r=10:20:10 --out "$T/sw" >/dev/null || fail "sweep exited $?"
col() { head -2 "$1" | tail -1 | tr , '\n' | grep -nx "$2" | cut -d: -f1; }
for g in 0 0.15 0.3; do
    for tr in 10 20; do
        "$CALFSIM" run "$PR/symptom_guided.lua" --patient "$pat" --weeks 8 --set growth=$g \
            --set tau_r=$tr --out "$T/r" >/dev/null || fail "run growth=$g tau_r=$tr"
        for m in total_km peak_pain max_p_injury final_capacity_ratio days_pain_over_limit \
            final_onset_easy_km flare_count; do
            want=$(json_num "$T/r/summary.json" $m)
            got=$(awk -F, -v g=$g -v t=$tr -v c="$(col "$T/sw/grid.csv" $m)" \
                '!/^#/ && $1 == g && $2 == t { print $c }' "$T/sw/grid.csv")
            check "(\"$got\" != \"\") && ($got - $want)^2 <= $(tol $m "$want")^2" \
                "growth=$g tau_r=$tr $m: grid $got = run $want"
        done
    done
done
hdr=$(grep -v '^#' "$T/sw/grid.csv" | head -1)
for m in goal_reached_day total_km peak_pain days_pain_over_limit flare_count runs_stopped_early \
    final_capacity_ratio final_heel_raise_reps max_acwr_ewma max_p_injury injury_day final_onset_easy_km; do
    case ",$hdr," in *,$m,*) pass "grid has $m" ;; *) fail "grid lacks $m" ;; esac
done
check "$(grep -vc '^#' "$T/sw/grid.csv") == 7" "3 x 2 grid points plus header"

# 2. plan CSV with a registry constant
printf 'day,kind,km,kmh\n1,run,4,10.8\n3,run,5,12\n5,run,6,10.8\n' >"$T/plan.csv"
"$CALFSIM" sweep --plan "$T/plan.csv" --patient "$pat" --vary b=5:9:2 --no-plots --out "$T/sp" >/dev/null ||
    fail "plan sweep"
for b in 5 7 9; do
    "$CALFSIM" run --plan "$T/plan.csv" --patient "$pat" --set b=$b --out "$T/rp" >/dev/null || fail "run b=$b"
    for m in max_p_injury final_capacity_ratio final_onset_easy_km; do
        want=$(json_num "$T/rp/summary.json" $m)
        got=$(awk -F, -v b=$b -v c="$(col "$T/sp/grid.csv" $m)" '!/^#/ && $1 == b { print $c }' "$T/sp/grid.csv")
        check "($got - $want)^2 <= $(tol $m "$want")^2" "plan b=$b $m: grid $got = run $want"
    done
done

# 3. a patient field changes the outcome
"$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --weeks 6 --no-plots \
    --vary patient.symptoms.onset_km=1:4:3 --out "$T/spf" >/dev/null || fail "patient sweep"
k1=$(awk -F, '!/^#/ && $1 == 1 { print $3 }' "$T/spf/grid.csv")
k4=$(awk -F, '!/^#/ && $1 == 4 { print $3 }' "$T/spf/grid.csv")
check "$k4 > $k1" "a longer onset distance lets symptom-guided run more ($k4 vs $k1 km)"

# 4. figures by dimensionality (only when gnuplot is present)
if command -v gnuplot >/dev/null; then
    "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --weeks 4 --vary growth=0:0.2:0.1 \
        --out "$T/f1" >/dev/null 2>&1 && [ -s "$T/f1/sweep.png" ] && pass "1 variable: lines" || fail "lines figure"
    "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --weeks 4 --vary growth=0:0.2:0.1 \
        --vary tau_r=10:20:10 --metric peak_pain --out "$T/f2" >/dev/null 2>&1 &&
        [ -s "$T/f2/sweep_peak_pain.png" ] && pass "2 variables: heatmap" || fail "heatmap figure"
    "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --weeks 4 --vary growth=0:0.2:0.1 \
        --vary tau_r=10:20:10 --vary b=6:8:2 --metric total_km --out "$T/f3" >/dev/null 2>&1 &&
        [ -s "$T/f3/sweep_total_km.png" ] && pass "3 variables: small multiples" || fail "multiples figure"
fi

expect_error 2 "at most 3" "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" \
    --vary growth=0:1:1 --vary b=5:6:1 --vary tau_r=5:6:1 --vary d_50=1:2:1
expect_error 2 "lo <= hi" "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --vary growth=1:0:0.1
expect_error 2 "patient field" "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --vary patient.habitual.easy_kmx=9:10:1
expect_error 2 "not a protocol parameter" "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --vary grwth=0:1:1
expect_error 2 "not a summary metric" "$CALFSIM" sweep "$PR/symptom_guided.lua" --patient "$pat" --vary growth=0:1:1 --metric nope
finish
