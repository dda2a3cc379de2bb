#!/usr/bin/env bash
# calfsim script: the study sandbox and API. Writes land only in --out under
# checked names (separators, "..", hidden and absolute names refused); the
# protocol sandbox rules hold (no io, os, load, require outside the library,
# strict globals, the instruction budget); simulate/sweep/cohort return what
# the CLI computes; the shipped study runs and writes its files.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
cd "$T" || exit 1

study() { # NAME BODY: write $T/NAME.lua
    printf '%s\n' "$2" >"$T/$1.lua"
}
refused() { # NAME PATTERN: the study fails with exit 1 and a matching one-line message
    expect_error 1 "$2" "$CALFSIM" script "$T/$1.lua" --out "$T/out-$1"
}

for name in '../escape.csv' '/tmp/abs.csv' 'sub/x.csv' '.hidden.csv' '..' 'a b.csv' ''; do
    study w "calfsim.write_csv('$name', {{a = 1}})"
    refused w "refused|1 to 120 characters"
done
[ ! -e "$T/escape.csv" ] && [ ! -e /tmp/abs.csv ] && pass "nothing written outside --out" || fail "a file escaped"
study p "calfsim.plot('lines', {{x = 1, y = 2}}, {name = '../p', x = 'x', y = {'y'}})"
refused p "refused"
study io "local f = io.open('x.txt', 'w')"
refused io "io"
study os "os.execute('touch $T/pwned')"
refused os "os"
[ ! -e "$T/pwned" ] && pass "os.execute did not run" || fail "os.execute ran"
study ld "load('return 1')()"
refused ld "load"
study rq "local x = require 'io'"
refused rq "require|module"
study gl "local x = undefined_name + 1"
refused gl "undefined global .undefined_name."
study loop "while true do end"
expect_error 1 "budget|instructions" "$CALFSIM" script "$T/loop.lua" --out "$T/out-loop"

# the API against the CLI
study api "
local p = calfsim.patient('$P/distance_limited.lua')
assert(p['habitual.easy_kmh'] > 0)
local r = calfsim.simulate{patient = p, protocol = '$PR/symptom_guided.lua', weeks = 6, set = {growth = 0.2}}
assert(#r.trace == 42 and #r.trace.capacity == 42)
local q = calfsim.patient{base = '$P/distance_limited.lua', symptoms = {onset_km = 6}}
assert(q['symptoms.onset_km'] == 6)
local rows = calfsim.sweep{patient = p, protocol = '$PR/symptom_guided.lua', weeks = 6, vary = {'growth=0.1:0.2:0.1'}}
assert(#rows == 2 and rows[2].growth == 0.2)
assert(math.abs(rows[2].total_km - r.total_km) < 1e-9, 'sweep point = simulate')
local c = calfsim.cohort{patient = p, protocols = {'$PR/symptom_guided.lua', '$PR/ten_percent.lua'}, n = 40, weeks = 4, seed = 3}
assert(c.n == 40 and #c.protocols == 2 and c.protocols[2].paired_difference.total_km.mean)
assert(#c.protocols[1].bands.pain.p50 == 28)
calfsim.write_csv('api.csv', {{total_km = r.total_km, peak_pain = r.peak_pain}})
"
"$CALFSIM" script "$T/api.lua" --out "$T/out-api" >/dev/null 2>&1 && pass "API study ran" || fail "API study failed: $("$CALFSIM" script "$T/api.lua" --out "$T/out-api" 2>&1)"
"$CALFSIM" run "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --weeks 6 --set growth=0.2 --out "$T/run" >/dev/null
want=$(json_num "$T/run/summary.json" total_km)
got=$(awk -F, 'NR == 2 { print $2 }' "$T/out-api/api.csv")
check "($got - $want)^2 <= 0.0500001^2" "simulate total_km $got = run $want (summary.json shows km to 0.1)"

# the shipped study
"$CALFSIM" script "$CALF_SRC/scripts/studies/distance_intensity_recovery.lua" --out "$T/dir" >"$T/dir.log" 2>&1 ||
    fail "shipped study failed: $(tail -1 "$T/dir.log")"
check "$(grep -vc '^#' "$T/dir/all.csv") == 1 + 5 * 60" "all.csv: 5 patients x 60 experiments"
check "$(grep -vc '^#' "$T/dir/findings.csv") == 6" "findings.csv: one row per patient"
# in every patient, longer and faster runs and fewer rest days raise next-morning pain
awk -F, 'NR > 1 { if (!($3 > 0 && $4 > 0 && $5 >= 0)) bad++ } END { exit bad > 0 }' "$T/dir/findings.csv" &&
    pass "distance, speed and fewer rest days never lower next-morning pain" || fail "unexpected direction in findings.csv"
# weeks/days optional: a protocol runs 182 days, a plan CSV its own length;
# a given value out of range is refused with the value
study dflt "local p = calfsim.patient('$CALF_SRC/scripts/patients/distance_limited.lua')
local r = calfsim.simulate{patient = p, protocol = '$PR/ten_percent.lua'}
assert(r.days == 182 and #r.trace == 182, 'protocol default: ' .. r.days .. ' days')
local q = calfsim.simulate{patient = p, protocol = '$CALF_SRC/scripts/plans/example.csv'}
calfsim.write_csv('days.csv', {{protocol = r.days, plan = q.days}})"
if "$CALFSIM" script "$T/dflt.lua" --out "$T/out-dflt" >/dev/null 2>"$T/err"; then
    plan_days=$(awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "plan") c = i } NR == 2 { print $c }' "$T/out-dflt/days.csv")
    want=$(awk -F, 'NR > 1 && $1 + 0 > m { m = $1 + 0 } END { print m }' "$CALF_SRC/scripts/plans/example.csv")
    check "${plan_days:-0} == ${want:-1}" "simulate without weeks: 182 days for a protocol, the plan's $want days for a plan CSV"
else
    fail "simulate without weeks: $(cat "$T/err")"
fi
study zero "calfsim.simulate{patient = '$CALF_SRC/scripts/patients/distance_limited.lua', protocol = '$PR/ten_percent.lua', days = 0}"
refused zero "days = 0 days: allowed 1 to 520 weeks"
finish
