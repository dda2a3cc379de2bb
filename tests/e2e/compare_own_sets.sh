#!/usr/bin/env bash
# compare_own_sets.sh: the same protocol compared at two parameter values,
# `compare A.lua A.lua:growth=0.05`: two labelled rows, two folders; the
# second row equals a plain run with --set growth=0.05 (single run and its
# re-run by explain), and the virtual cohort runs each row with its own
# value. A registry constant, a bad number or an out-of-range value after
# FILE.lua: is refused in one line.
. "$(dirname "$0")/../lib/e2e.sh"
TP="$CALF_SRC/protocols/ten_percent.lua"
DL="$P/distance_limited.lua"
CI=1 "$CALFSIM" compare "$TP" "$TP:growth=0.05" --patient "$DL" --weeks 10 --cohort 30 --out "$T/c" >"$T/c.out" 2>"$T/c.err" ||
    fail "compare: $(cat "$T/c.err")"
grep -q '^Ten percent rule  ' "$T/c.out" && grep -q '^Ten percent rule (growth=0.05) ' "$T/c.out" &&
    pass "rows labelled: plain and (growth=0.05)" || fail "rows: $(head -3 "$T/c.out")"
[ -d "$T/c/1-ten_percent" ] && [ -d "$T/c/2-ten_percent_growth_0_05" ] && pass "two folders" ||
    fail "folders: $(ls "$T/c")"
"$CALFSIM" run "$TP" --patient "$DL" --weeks 10 --set growth=0.05 --out "$T/r" >/dev/null || fail "run --set"
# the same run but for its label (trace.csv's first line, summary.json's
# protocol and source); the parameter hash is the same too
same_run() {
    cmp -s <(sed 1s/protocol:.*seed/seed/ "$1/trace.csv") <(sed 1s/protocol:.*seed/seed/ "$2/trace.csv") &&
        cmp -s <(grep -v '"source"\|"protocol"' "$1/summary.json") <(grep -v '"source"\|"protocol"' "$2/summary.json")
}
same_run "$T/c/2-ten_percent_growth_0_05" "$T/r" && pass "row 2 = run --set growth=0.05" ||
    fail "row 2 differs from run --set growth=0.05"
same_run "$T/c/1-ten_percent" "$T/r" && fail "row 1 also equals growth=0.05: the setting leaked" ||
    pass "row 1 keeps the default growth"
# the cohort: the two rows differ (the setting reaches the virtual patients too)
u="$T/c/compare_uncertainty.csv"
r1=$(grep '^"Ten percent rule",' "$u" | cut -d, -f2-) r2=$(grep '^"Ten percent rule (growth=0.05)",' "$u" | cut -d, -f2-)
[ -n "$r1" ] && [ -n "$r2" ] && [ "$r1" != "$r2" ] && pass "cohort rows differ" || fail "cohort rows: [$r1] [$r2]"
# explain re-runs the labelled folder with its setting
pd=$("$CALFSIM" explain "$T/c/2-ten_percent_growth_0_05" --worst --json 2>/dev/null | grep -c '"day"')
check "$pd >= 1" "explain re-runs the FILE.lua:growth=0.05 folder"
expect_error 2 'ten_percent.lua:zeta=0: zeta is not a parameter of the protocol' \
    "$CALFSIM" compare "$TP:zeta=0" --patient "$DL"
expect_error 2 'expected name=number after the file' "$CALFSIM" compare "$TP:growth=x" --patient "$DL"
expect_error 5 'growth = 5: allowed 0 to 0.5' "$CALFSIM" compare "$TP:growth=5" --patient "$DL"
finish
