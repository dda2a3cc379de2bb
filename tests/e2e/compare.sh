#!/usr/bin/env bash
# compare.sh: `calfsim compare` on two protocols and on two plan CSVs: the
# stdout table, compare.csv and each protocol's summary.json hold the same
# numbers as the same text; identical inputs give identical compare.csv and
# report.html bytes; version, seed and parameter hash are recorded; usage
# errors exit 2 with one line.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
KEYS="goal_reached_week total_km peak_pain days_pain_over_limit flare_count runs_stopped_early final_capacity_pct final_heel_raise_reps max_acwr_ewma max_p_injury"

CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
    --weeks 12 --cohort 0 --out "$T/a" >"$T/a.out" 2>"$T/a.err" || fail "compare exited $?"
[ -s "$T/a.err" ] && fail "stderr not empty when piped: $(cat "$T/a.err")"
grep -q "^report: $T/a/report.html\$" "$T/a.out" && pass "prints the report path" || fail "no report line"

# table rows: fields split on runs of 2+ spaces; row 1 header, rows 2.. protocols
check_agree() { # OUT DIR FOLDER1 FOLDER2
    local out=$1 dir=$2
    shift 2
    local row=1 folder
    for folder in "$@"; do
        row=$((row + 1))
        local sum="$dir/$folder/summary.json"
        [ -f "$sum" ] || { fail "missing $sum"; continue; }
        "${CALF_JSONCHECK:-true}" "$sum" >/dev/null || fail "$sum is not valid JSON"
        local i=2 key
        for key in $KEYS; do
            local js tab csv
            js=$(json_num "$sum" "$key")
            [ "$js" = null ] && js="not reached"
            tab=$(sed -n "${row}p" "$out" | awk -F '  +' -v c=$i '{print $c}')
            csv=$(awk -F, -v r=$((row)) -v c=$((i + 2)) '/^#/ {next} {n++} n == r {print $c}' "$dir/compare.csv")
            [ "$csv" = "" ] && csv="not reached"
            # the table shows heel raises as whole repetitions
            [ "$key" = final_heel_raise_reps ] && js=$(printf '%.0f' "$js") && csv=$(printf '%.0f' "$csv")
            if [ "$js" = "$tab" ] && [ "$js" = "$csv" ]; then :; else
                fail "$folder $key: summary.json $js, table $tab, compare.csv $csv"
            fi
            i=$((i + 1))
        done
    done
}
check_agree "$T/a.out" "$T/a" 1-symptom_guided 2-ten_percent
pass "table, compare.csv and summary.json agree (10 outcomes x 2 protocols)"
[ "$(sed '/^$/q' "$T/a.out" | grep -c .)" -eq 3 ] || fail "table is not header + 2 rows: $(cat "$T/a.out")"

# provenance in every output
for f in "$T/a/compare.csv" "$T/a/1-symptom_guided/trace.csv" "$T/a/compare_daily.dat" \
    "$T/a/compare_weekly.dat" "$T/a/compare_interaction.dat"; do
    head -1 "$f" | grep -qE "calfsim [0-9.]+;.*seed: 0; param_hash: [0-9a-f]{16}" ||
        fail "$f: no version/seed/hash header"
done
grep -qE "calfsim [0-9.]+ \(model version 1\).*seed 0; parameter hash [0-9a-f]{16}" "$T/a/report.html" ||
    fail "report.html: no version/seed/hash"
pass "version, seed and parameter hash recorded"

# determinism: same inputs, other folder -> same bytes
CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
    --weeks 12 --cohort 0 --out "$T/b" >"$T/b.out" 2>/dev/null || fail "second compare exited $?"
for f in compare.csv report.html compare_daily.dat compare_interaction.dat 1-symptom_guided/trace.csv; do
    cmp -s "$T/a/$f" "$T/b/$f" && pass "same bytes: $f" || fail "$f differs between identical runs"
done
ls -A "$T/a" | grep -q '\.tmp\.' && fail "temporary files left in the output folder"

# a --set changes the hash; a protocol parameter reaches only protocols that declare it
CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
    --weeks 12 --set tau_r=20 --out "$T/c" >/dev/null 2>&1 || fail "compare --set exited $?"
h1=$(head -1 "$T/a/compare.csv" | sed 's/.*param_hash: //')
h2=$(head -1 "$T/c/compare.csv" | sed 's/.*param_hash: //')
[ "$h1" != "$h2" ] && pass "--set changes the parameter hash" || fail "hash unchanged by --set"
grep -q "tau_r" "$T/c/report.html" && pass "report lists the changed parameter" || fail "report does not list tau_r"

# plan CSVs: positional and repeated --plan (logged against planned)
cat >"$T/planned.csv" <<'PLAN'
day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain
1,run,,3,10.8,,,,,,,,
3,run,,3,10.8,,,,,,,,
5,run,,3.5,10.8,,,,,,,,
8,run,,4,10.8,,,,,,,,
10,run,,4,10.8,,,,,,,,
12,run,,4.5,10.8,,,,,,,,
14,rest,,,,,,,,,,,
PLAN
cat >"$T/logged.csv" <<'PLAN'
day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain
1,run,,3,10.8,,,,,,,,
2,run,,5,12,,,,,,,,
3,run,,6,12,,,,,,,,
5,run,,6,12,,,,,,,,
8,run,,7,12,,,,,,,,
9,run,,7,12,,,,,,,,
14,rest,,,,,,,,,,,
PLAN
CI=1 "$CALFSIM" compare --plan "$T/planned.csv" --plan "$T/logged.csv" --patient "$P/distance_limited.lua" \
    --out "$T/p" >"$T/p.out" 2>/dev/null || fail "compare --plan --plan exited $?"
check_agree "$T/p.out" "$T/p" 1-planned 2-logged
grep -q '"days": 14' "$T/p/1-planned/summary.json" && pass "plans run for their own length (14 days)" ||
    fail "plan comparison length: $(grep days "$T/p/1-planned/summary.json")"
tp=$(json_num "$T/p/1-planned/summary.json" total_km)
check "$tp == 22" "planned total km is the plan's 22 km"
pl=$(json_num "$T/p/1-planned/summary.json" peak_pain)
lg=$(json_num "$T/p/2-logged/summary.json" peak_pain)
check "$lg > $pl" "the faster, longer logged block hurts more than the plan ($lg > $pl)"

# usage errors
expect_error 2 "at least one" "$CALFSIM" compare --patient "$P/distance_limited.lua"
expect_error 2 "--patient" "$CALFSIM" compare "$PR/symptom_guided.lua"
expect_error 2 "at most 5" "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/ten_percent.lua" \
    "$PR/walk_run.lua" "$PR/strength_first.lua" "$PR/alfredson.lua" "$PR/rest_then_return.lua" \
    --patient "$P/distance_limited.lua"
expect_error 2 "unknown option" "$CALFSIM" compare "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --bogus 1
expect_error 5 "not_a_param" "$CALFSIM" compare "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" \
    --set not_a_param=1 --out "$T/e"
[ -e "$T/e" ] && fail "a failed compare created its output folder"
finish
