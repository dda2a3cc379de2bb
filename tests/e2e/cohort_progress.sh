#!/usr/bin/env bash
# cohort_progress.sh: on a terminal (a pseudo-terminal from script(1)) a
# cohort of 2,000 patients or more draws a progress bar on stderr and clears
# it; a smaller cohort draws none and writes no clearing sequence either.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
if ! command -v script >/dev/null 2>&1; then
    echo "SKIP: script(1) not installed"
    exit 77
fi
clear60="$(printf '\r%60s\r' '')"
run_tty() { # N OUT: stdout and stderr of a cohort on a pseudo-terminal
    script -qec "'$CALFSIM' cohort '$PR/symptom_guided.lua' --patient '$P/distance_limited.lua' --n $1 --weeks 1 --no-plots --out '$T/$2'" /dev/null
}
run_tty 50 small >"$T/small.tty" 2>&1 || fail "small cohort exited $?"
grep -q "cohort of 50 virtual patients" "$T/small.tty" || fail "small cohort printed no summary"
if grep -qF "$clear60" "$T/small.tty" || grep -qF "$(printf '\r[')" "$T/small.tty"; then
    fail "a 50-patient cohort wrote a progress bar or cleared one it never drew"
else
    pass "50 patients: no bar, no clearing"
fi
run_tty 2000 big >"$T/big.tty" 2>&1 || fail "big cohort exited $?"
grep -qF "$(printf '\r[')" "$T/big.tty" && grep -qF "$clear60" "$T/big.tty" &&
    pass "2,000 patients: bar drawn and cleared" || fail "2,000 patients: no bar or no clearing"
finish
