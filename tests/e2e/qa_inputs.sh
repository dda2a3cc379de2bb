#!/usr/bin/env bash
# qa_inputs.sh: regressions from the QA pass over bad input. Each case gets one
# clear line and its documented exit code, and a failed run leaves no output.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols/symptom_guided.lua"
PT="$P/distance_limited.lua"
H='day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain'

# missing files and folders given as files are I/O errors (4), not script errors
expect_error 4 'nope\.lua: cannot open: No such file' "$CALFSIM" run "$T/nope.lua" --patient "$PT"
expect_error 4 'nope\.lua: cannot open' "$CALFSIM" run "$PR" --patient "$T/nope.lua"
expect_error 4 ': is a folder, not a file' "$CALFSIM" run "$T" --patient "$PT"
expect_error 4 ': is a folder, not a file' "$CALFSIM" run "$PR" --patient "$T"
expect_error 4 ': is a folder, not a file' "$CALFSIM" run --plan "$T" --patient "$PT"
expect_error 4 ': is a folder, not a file' "$CALFSIM" script "$T"

# an option's value is never the next option
expect_error 2 'run --plan: needs a value' "$CALFSIM" run --plan --patient "$PT"

# sweep: three long unknown names overflowed the error prefix (UBSan); now
# every variable and range is checked before any output exists
long=$(printf 'a%.0s' $(seq 126))
expect_error 2 'not a protocol parameter' "$CALFSIM" sweep "$PR" --patient "$PT" \
    --vary "${long}a=0" --vary "${long}b=0" --vary "${long}c=0" --out "$T/sw1"
[ ! -e "$T/sw1" ] && pass "no sweep folder after an unknown variable" || fail "sweep left $T/sw1"
expect_error 5 'zeta = 1000: allowed 0 to 1$' "$CALFSIM" sweep "$PR" --patient "$PT" \
    --vary zeta=0:1000:500 --out "$T/sw2"
[ ! -e "$T/sw2" ] && pass "no sweep folder after an out-of-range grid" || fail "sweep left $T/sw2"
expect_error 2 'sweep --vary zeta: given twice' "$CALFSIM" sweep "$PR" --patient "$PT" \
    --vary zeta=0:1:0.5 --vary zeta=0:1:0.5 --out "$T/sw3"
expect_error 2 '1e\+300 values; allowed 1 to' "$CALFSIM" sweep "$PR" --patient "$PT" \
    --vary zeta=0:1:1e-300

# plan CSV: unknown columns are refused (a misspelt column used to vanish)
printf 'day,kind,km,stop_at_pian\n2,run,2,3\n' >"$T/typo.csv"
expect_error 5 'typo\.csv:1:13: unknown column "stop_at_pian" \(did you mean stop_at_pain\?\)' \
    "$CALFSIM" run --plan "$T/typo.csv" --patient "$PT" --out "$T/typo"
[ ! -e "$T/typo" ] && pass "no run folder after a bad plan" || fail "run left $T/typo"
# a range error quotes the cell as written
printf '%s\n1,strength,seated_calf_raise,,,99999999,15,15,,,,,\n' "$H" >"$T/sets.csv"
expect_error 5 'sets\.csv:2:32: column "sets": 99999999: allowed 1 to 20' \
    "$CALFSIM" run --plan "$T/sets.csv" --patient "$PT"
# BOM, CRLF, blank and comment lines are fine
printf '\357\273\277# c\r\n%s\r\n\r\n2,run,,2.5,10.8,,,,,,,,\r\n' "$H" >"$T/bom.csv"
"$CALFSIM" run --plan "$T/bom.csv" --patient "$PT" --out "$T/bom" >/dev/null 2>&1 &&
    pass "BOM + CRLF plan runs" || fail "BOM + CRLF plan"

# an error raised by a C function (coroutine.yield outside a coroutine) names the file and line
cat >"$T/yield.lua" <<'LUA'
return { name = "x", summary = "s", source = "t",
  week = function() coroutine.yield() end }
LUA
expect_error 1 'yield\.lua:2: attempt to yield from outside a coroutine' \
    "$CALFSIM" run "$T/yield.lua" --patient "$PT" --weeks 1 --out "$T/yield"

# banister: one line for a bad mode; tau1 must exceed tau2 in predict
expect_error 2 'banister: expected predict or fit, not "bogus"' "$CALFSIM" banister bogus
expect_error 2 'tau1 must exceed tau2' "$CALFSIM" banister predict \
    --csv "$CALF_SRC/tests/e2e/data/banister.csv" --load load --perf perf \
    --p0 300 --k1 0.1 --k2 0.2 --tau1 5 --tau2 8
finish
