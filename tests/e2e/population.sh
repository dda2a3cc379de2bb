#!/usr/bin/env bash
# calfsim cohort --population: the shipped populations load and run; their
# inputs are patients.csv columns whose values stay inside the stated
# min/max and categories; files are the same for 1 and 2 threads;
# cohort.json names the population; the base profile comes from the file
# (or --patient); bad population files fail with one line naming the file,
# the input and the value (exit 5), and leave no output. (Moments and
# correlations of 100,000 draws: tests/unit/test_population.c.)
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
POP="$CALF_SRC/scripts/populations"
for t in 1 2; do
    "$CALFSIM" cohort "$PR/symptom_guided.lua" --population "$POP/clinic_caseload.lua" --n 300 --weeks 4 \
        --threads $t --no-plots --out "$T/c$t" >/dev/null || fail "clinic cohort --threads $t exited $?"
done
for f in cohort.csv cohort.json patients.csv; do
    cmp -s "$T/c1/$f" "$T/c2/$f" && pass "$f identical for 1 and 2 threads" || fail "$f differs"
done
grep -q '"population": ".*clinic_caseload.lua"' "$T/c1/cohort.json" && pass "cohort.json names the population" ||
    fail "no population key"
CSV="$T/c1/patients.csv"
# column ranges: name min max
col_range() {
    awk -F, -v name="$1" -v lo="$2" -v hi="$3" 'NR == 2 {for (i = 1; i <= NF; i++) if ($i == name) c = i; if (!c) exit 2; next}
        NR > 2 && $c != "" { if ($c + 0 < lo || $c + 0 > hi) bad++; n++ } END { if (!c) exit 2; exit (bad > 0 || n == 0) }' "$CSV"
}
for spec in "patient.age 18 70" "patient.habitual.km_per_week 8 100" "patient.symptoms.onset_km 0.5 20" \
    "patient.heel_raise_reps 3 40" "patient.symptoms.irritability 0 2" "patient.goal.km_per_week 10 100"; do
    set -- $spec
    col_range "$1" "$2" "$3" && pass "$1 within $2..$3" || fail "$1 outside $2..$3 (or no column)"
done
awk -F, 'NR == 2 {for (i = 1; i <= NF; i++) if ($i == "patient.habitual.runs_per_week") c = i; next}
    NR > 2 && $c != "" && $c != 2 && $c != 3 && $c != 4 && $c != 5 && $c != 6 {bad++} END {exit bad > 0 || !c}' "$CSV" &&
    pass "categorical runs_per_week takes only its values" || fail "runs_per_week values"
heel_int=$(awk -F, 'NR == 2 {for (i = 1; i <= NF; i++) if ($i == "patient.heel_raise_reps") c = i; next} NR > 2 && $c != int($c) {bad++} END {print bad + 0}' "$CSV")
check "$heel_int == 0" "round = true gives whole heel-raise counts"
# the registry constants still follow their priors; the population's fields
# replace the spreads (no patient.gait.* spread column besides the population's)
head -2 "$CSV" | tail -1 | grep -q ',tau_lag,' && pass "constants still drawn" || fail "no tau_lag column"
"$CALFSIM" cohort "$PR/symptom_guided.lua" --population "$POP/novice.lua" --n 50 --weeks 2 --no-plots \
    --out "$T/nov" >/dev/null && pass "novice population runs" || fail "novice exited $?"

bad() { # NAME BODY PATTERN
    printf '%s\n' "$2" >"$T/$1.lua"
    expect_error 5 "$3" "$CALFSIM" cohort "$PR/symptom_guided.lua" --population "$T/$1.lua" \
        --patient "$P/distance_limited.lua" --n 10 --weeks 1 --no-plots --out "$T/out-$1"
    [ -e "$T/out-$1" ] && fail "$1 left output" || true
}
bad d1 'return { inputs = { ["patient.age"] = { dist = "gamma", mean = 1, sd = 1 } } }' \
    'd1.lua: inputs\["patient.age"\].dist = gamma: allowed normal, lognormal, uniform, truncated, categorical'
bad d2 'return { inputs = { tau_nope = { dist = "normal", mean = 1, sd = 1 } } }' \
    'd2.lua: inputs\["tau_nope"\]: neither a registry constant nor patient.FIELD'
bad d3 'return { inputs = { ["patient.age"] = { dist = "uniform", min = 5, max = 50 } } }' \
    'd3.lua: inputs\["patient.age"\]: min = 5, max = 50: needs min < max inside the input.s range 10 to 100'
bad d4 'return { inputs = { ["patient.age"] = { dist = "normal", mean = 40, sd = -1 } } }' \
    'd4.lua: inputs\["patient.age"\]: mean = 40, sd = -1: the spread must be > 0'
bad d5 'return { inputs = { ["patient.symptoms.irritability"] = { dist = "categorical", p = { low = 0.5, high = 0.2 } } } }' \
    'd5.lua: inputs\["patient.symptoms.irritability"\].p: the probabilities add up to 0.7'
bad d6 'return { inputs = { ["patient.age"] = { dist = "normal", mean = 40, sd = 5 }, ["patient.mass_kg"] = { dist = "normal", mean = 70, sd = 5 }, tau_lag = { dist = "normal", mean = 3, sd = 1 } },
  correlation = { { "patient.age", "patient.mass_kg", 0.9 }, { "patient.age", "tau_lag", 0.9 }, { "patient.mass_kg", "tau_lag", -0.9 } } }' \
    'd6.lua: the correlations do not form a valid correlation matrix'
bad d7 'return { inputs = { ["patient.age"] = { dist = "normal", mean = 40, sd = 5 } }, correlation = { { "patient.age", "patient.age", 0.5 } } }' \
    'd7.lua: correlation\[1\]: \{patient.age, patient.age, r\}: both names must be different inputs'
bad d8 'return { inputs = { ["patient.age"] = { dist = "normal", mean = 40, sd = 5, sdd = 1 } } }' \
    'd8.lua: inputs\["patient.age"\]: unknown key "sdd"'
printf 'return { inputs = { ["patient.age"] = { dist = "normal", mean = 40, sd = 5 } } }\n' >"$T/nobase.lua"
expect_error 2 'has no base = "profile.lua"; give --patient P.lua' "$CALFSIM" cohort "$PR/symptom_guided.lua" \
    --population "$T/nobase.lua" --n 10 --no-plots --out "$T/out-nobase"
finish
