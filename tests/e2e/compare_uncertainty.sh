#!/usr/bin/env bash
# compare_uncertainty.sh: `calfsim compare` shows the uncertainty behind its
# table: the same protocols on a paired virtual cohort around the patient.
# The table is printed, written to compare_uncertainty.csv and shown in
# report.html; the same seed gives the same bytes for any thread count;
# --cohort 0 turns it off; the paired difference has the expected sign.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
run() { # out threads [extra]
    local o=$1 t=$2
    shift 2
    CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/rest_then_return.lua" \
        --patient "$P/distance_limited.lua" --weeks 16 --cohort 60 --threads "$t" --seed 7 \
        --out "$T/$o" "$@" >"$T/$o.out" 2>"$T/$o.err" || fail "compare $o exited $?"
}
run c1 1
run c2 2
f="$T/c1/compare_uncertainty.csv"
[ -s "$f" ] && pass "compare_uncertainty.csv written" || fail "no compare_uncertainty.csv"
grep -q '^# calfsim .*virtual patients: 60; seed: 7; param_hash: [0-9a-f]\{16\}$' "$f" &&
    pass "provenance line" || fail "provenance: $(head -1 "$f")"
[ "$(grep -c '^"' "$f")" -eq 3 ] && pass "header + 2 protocol rows" || fail "rows: $(cat "$f")"
cmp -s "$T/c1/compare_uncertainty.csv" "$T/c2/compare_uncertainty.csv" &&
    cmp -s "$T/c1/report.html" "$T/c2/report.html" &&
    pass "same bytes with 1 and 2 threads" || fail "thread count changed the output"
grep -q "^Across 60 virtual patients" "$T/c1.out" && pass "table printed" || fail "no table on stdout"
grep -q "How sure is the comparison?" "$T/c1/report.html" && pass "report section present" ||
    fail "report lacks the uncertainty section"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$T/c1/report.html" || fail "report not well-formed"; }
# rest then return reaches the goal less often than symptom-guided: negative paired difference
d=$(awk -F'","' 'NR > 2 && /^"Rest then return/ {print $6}' "$f" | sed 's/ .*//')
check "$d < 0" "rest-then-return vs symptom-guided: P(goal) difference $d is negative"
# the interval holds the estimate
line=$(awk -F'","' 'NR > 2 && /^"Rest then return/ {print $6}' "$f")
lo=$(echo "$line" | sed 's/.*\[\([-+0-9.]*\), .*/\1/'); hi=$(echo "$line" | sed 's/.*, \([-+0-9.]*\)\].*/\1/')
check "$lo <= $d && $d <= $hi" "difference inside its 95% interval [$lo, $hi]"
run c0 1 --cohort 0
[ ! -e "$T/c0/compare_uncertainty.csv" ] && ! grep -q "How sure" "$T/c0/report.html" &&
    pass "--cohort 0 turns it off" || fail "--cohort 0 still wrote the uncertainty"
expect_error 2 -- '--cohort = "x": allowed 0 to 1000000' "$CALFSIM" compare "$PR/walk_run.lua" --patient "$P/distance_limited.lua" --cohort x
expect_error 2 'run: unknown option "--cohort"' "$CALFSIM" run "$PR/walk_run.lua" --patient "$P/distance_limited.lua" --cohort 5
finish
