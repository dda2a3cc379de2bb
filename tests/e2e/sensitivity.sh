#!/usr/bin/env bash
# calfsim sensitivity: Sobol and PRCC over the cohort's drawn inputs.
# Properties, not model numbers: on a plan of runs only, the walking and
# cross-training constants cannot matter, so their Sobol indices are exactly
# 0 and their PRCC intervals hold 0, while some input drives peak pain; the
# files are the same bytes for the same seed and for 1 and 2 threads, and
# another seed changes them; sensitivity.json is valid JSON with its keys;
# --inputs keeps the named inputs in order; usage errors name the value.
. "$CALF_SRC/tests/lib/e2e.sh"
PLAN="$T/runs.csv"
{
    echo "day,kind,exercise,km,kmh,sets,reps,rm"
    for d in $(seq 1 2 27); do echo "$d,run,,2,10,,,"; done
} >"$PLAN"
S() { "$CALFSIM" sensitivity "$PLAN" --patient "$P/distance_limited.lua" --days 28 "$@"; }

S --metric peak_pain --metric flare --n 24 --boot 50 --seed 4 --threads 1 --no-plots --out "$T/a" >"$T/a.txt" ||
    fail "sobol run exited $?"
S --metric peak_pain --metric flare --n 24 --boot 50 --seed 4 --threads 2 --no-plots --out "$T/b" >/dev/null ||
    fail "second run"
S --metric peak_pain --metric flare --n 24 --boot 50 --seed 5 --threads 2 --no-plots --out "$T/c" >/dev/null ||
    fail "seed 5 run"
cmp -s "$T/a/sensitivity.csv" "$T/b/sensitivity.csv" && cmp -s "$T/a/sensitivity.json" "$T/b/sensitivity.json" &&
    pass "same seed: same files for 1 and 2 threads" || fail "files differ between threads"
cmp -s "$T/a/sensitivity.csv" "$T/c/sensitivity.csv" && fail "seed does not matter" || pass "another seed, other numbers"
"$CALF_JSONCHECK" "$T/a/sensitivity.json" >/dev/null && pass "sensitivity.json is valid JSON" || fail "invalid JSON"
for k in version seed param_hash method design n evaluations failed_points metrics n_used first first_ci total total_ci; do
    grep -q "\"$k\"" "$T/a/sensitivity.json" && pass "sensitivity.json has $k" || fail "sensitivity.json lacks $k"
done
head -1 "$T/a/sensitivity.csv" | grep -qE '^# calfsim [0-9.]+; sensitivity sobol n: 24; seed: 4; param_hash: [0-9a-f]{16}$' &&
    pass "provenance line" || fail "line 1: $(head -1 "$T/a/sensitivity.csv")"
[ "$(sed -n 2p "$T/a/sensitivity.csv")" = "metric,input,first,first_lo,first_hi,total,total_lo,total_hi" ] &&
    pass "csv header" || fail "csv header: $(sed -n 2p "$T/a/sensitivity.csv")"
# irrelevant inputs: exactly 0 (f(A) = f(AB^i) in every row)
for x in walk_spm walk_kmh f_walk f_cross cross_cpm; do
    row=$(grep "^peak_pain,$x," "$T/a/sensitivity.csv")
    [ "$row" = "peak_pain,$x,0,0,0,0,0,0" ] && pass "$x cannot matter: indices 0" || fail "$x: $row"
done
maxst=$(awk -F, '$1 == "peak_pain" && $8 != "" && $6 > m {m = $6} END {print m + 0}' "$T/a/sensitivity.csv")
check "$maxst > 0.05" "some input drives peak pain (largest total index)"
# a point that cannot be evaluated is counted, and rows are dropped, not faked
grep -q '"failed_points": [0-9]' "$T/a/sensitivity.json" && pass "failed points reported" || fail "no failed_points"

# PRCC with a chosen input list, in that order
S --metric peak_pain --method prcc --n 300 --inputs walk_spm,x_h,patient.heel_raise_reps --seed 1 --out "$T/p" >/dev/null ||
    fail "prcc run exited $?"
[ "$(awk -F, 'NR > 2 {print $2}' "$T/p/sensitivity.csv" | tr '\n' ' ')" = "walk_spm x_h patient.heel_raise_reps " ] &&
    pass "--inputs: the named inputs in order" || fail "inputs: $(awk -F, 'NR > 2 {print $2}' "$T/p/sensitivity.csv")"
awk -F, '$2 == "walk_spm" && ($4 >= 0 || $5 <= 0) {bad = 1} END {exit bad}' "$T/p/sensitivity.csv" &&
    pass "PRCC of an input that cannot matter: interval holds 0" || fail "walk_spm prcc: $(grep walk_spm "$T/p/sensitivity.csv")"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/p/tornado_peak_pain.png" ] && [ -s "$T/p/tornado_peak_pain.svg" ] && pass "tornado figure drawn" ||
        fail "no tornado figure: $(ls "$T/p")"
fi
[ -s "$T/p/tornado_peak_pain.dat" ] && [ -s "$T/p/tornado.gp" ] && pass "tornado data and template" || fail "no tornado data"

expect_error 2 'sensitivity --metric "nope": not an outcome' S --metric nope --out "$T/e1"
expect_error 2 'sensitivity --inputs: "tau_nope" is not a drawn input' S --metric goal --inputs tau_nope --out "$T/e2"
expect_error 2 'sensitivity: give one or more --metric' S --out "$T/e3"
expect_error 2 'sensitivity --method "sobolx": allowed sobol, prcc' S --metric goal --method sobolx --out "$T/e4"
[ -e "$T/e1" ] || [ -e "$T/e2" ] && fail "usage error left a folder" || pass "usage errors write nothing"
finish
