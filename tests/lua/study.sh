#!/usr/bin/env bash
# calfsim script: the study sandbox and API. Writes land only in --out under
# checked names (separators, "..", hidden and absolute names, NUL bytes
# refused); the protocol sandbox rules hold (no io, os, load, require outside
# the library, strict globals, the instruction budget, the memory cap, both
# settable with --lua-budget/--lua-mem); argument tables with unknown keys
# are refused; simulate/sweep/cohort return what the CLI computes; every
# written file opens with a provenance line; the shipped study runs and
# writes its files.
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
got=$(grep -v '^#' "$T/out-api/api.csv" | awk -F, 'NR == 2 { print $2 }')
check "($got - $want)^2 <= 0.0500001^2" "simulate total_km $got = run $want (summary.json shows km to 0.1)"

# the shipped study
"$CALFSIM" script "$CALF_SRC/scripts/studies/distance_intensity_recovery.lua" --out "$T/dir" >"$T/dir.log" 2>&1 ||
    fail "shipped study failed: $(tail -1 "$T/dir.log")"
check "$(grep -vc '^#' "$T/dir/all.csv") == 1 + 5 * 60" "all.csv: 5 patients x 60 experiments"
check "$(grep -vc '^#' "$T/dir/findings.csv") == 6" "findings.csv: one row per patient"
# in every patient, longer and faster runs and fewer rest days raise next-morning pain
grep -v '^#' "$T/dir/findings.csv" | awk -F, 'NR > 1 { if (!($3 > 0 && $4 > 0 && $5 >= 0)) bad++ } END { exit bad > 0 }' &&
    pass "distance, speed and fewer rest days never lower next-morning pain" || fail "unexpected direction in findings.csv"
# weeks/days optional: a protocol runs 182 days, a plan CSV its own length;
# a given value out of range is refused with the value
study dflt "local p = calfsim.patient('$CALF_SRC/scripts/patients/distance_limited.lua')
local r = calfsim.simulate{patient = p, protocol = '$PR/ten_percent.lua'}
assert(r.days == 182 and #r.trace == 182, 'protocol default: ' .. r.days .. ' days')
local q = calfsim.simulate{patient = p, protocol = '$CALF_SRC/scripts/plans/example.csv'}
calfsim.write_csv('days.csv', {{protocol = r.days, plan = q.days}})"
if "$CALFSIM" script "$T/dflt.lua" --out "$T/out-dflt" >/dev/null 2>"$T/err"; then
    plan_days=$(grep -v '^#' "$T/out-dflt/days.csv" | awk -F, 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "plan") c = i } NR == 2 { print $c }')
    want=$(awk -F, 'NR > 1 && $1 + 0 > m { m = $1 + 0 } END { print m }' "$CALF_SRC/scripts/plans/example.csv")
    check "${plan_days:-0} == ${want:-1}" "simulate without weeks: 182 days for a protocol, the plan's $want days for a plan CSV"
else
    fail "simulate without weeks: $(cat "$T/err")"
fi
study zero "calfsim.simulate{patient = '$CALF_SRC/scripts/patients/distance_limited.lua', protocol = '$PR/ten_percent.lua', days = 0}"
refused zero "days = 0 days: allowed 1 to 520 weeks"

# print writes to standard error; standard output stays clean
study pr "print('note', 1)"
"$CALFSIM" script "$T/pr.lua" --out "$T/out-pr" >"$T/pr.out" 2>"$T/pr.err"
[ ! -s "$T/pr.out" ] && [ "$(cat "$T/pr.err")" = "$(printf 'note\t1')" ] && pass "print goes to stderr" ||
    fail "print: stdout '$(cat "$T/pr.out")', stderr '$(cat "$T/pr.err")'"

# unknown keys and weeks with days: one line with file:line, the key and
# what is allowed (a misspelt key used to run with the defaults)
DL="$P/distance_limited.lua"
study key "calfsim.simulate{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, sett = {growth = 0.2}}"
refused key "key.lua:1: calfsim.simulate: unknown key 'sett' \\(did you mean set\\?\\); allowed: patient, protocol, weeks, days, set$"
study wd "calfsim.simulate{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, days = 3}"
refused wd "wd.lua:1: calfsim.simulate: weeks and days given together; allowed one of them"
study skey "calfsim.sweep{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, varry = {'growth=0.1'}}"
refused skey "skey.lua:1: calfsim.sweep: unknown key 'varry' \\(did you mean vary\\?\\); allowed: .*vary"
study ckey "calfsim.cohort{patient = '$DL', protocols = {'$PR/ten_percent.lua'}, weeks = 2, n = 10, seeds = 3}"
refused ckey "ckey.lua:1: calfsim.cohort: unknown key 'seeds' \\(did you mean seed\\?\\); allowed: .*vary_patient"
study cwd "calfsim.cohort{patient = '$DL', protocols = {'$PR/ten_percent.lua'}, weeks = 2, days = 14, n = 10}"
refused cwd "calfsim.cohort: weeks and days given together"
study okey "calfsim.oracle{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, dys = 3}"
refused okey "calfsim.oracle: unknown key 'dys' \\(did you mean days\\?\\)"
# a negative cohort seed is refused as --seed refuses it
study cseed "calfsim.cohort{patient = '$DL', protocols = {'$PR/ten_percent.lua'}, weeks = 2, n = 10, seed = -1}"
refused cseed "cseed.lua:1: calfsim.cohort: seed = -1: allowed 0 to 2147483647"
# set = {...} errors name set, not the command line's --vary
study setk "calfsim.simulate{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, set = {nope = 1}}"
refused setk "setk.lua:1: set nope: not a protocol parameter, registry constant or patient.FIELD"
study setp "calfsim.oracle{patient = '$DL', protocol = '$PR/ten_percent.lua', weeks = 2, set = {['patient.nope'] = 1}}"
refused setp "calfsim.oracle: set patient.nope=1: no numeric patient field"

# a NUL byte in a file name is refused (the name check used to stop at it)
study nul 'calfsim.write_csv("a\0b.csv", {{a = 1}})'
refused nul 'file name "a\\0b.csv": refused \(contains a NUL byte\)'
[ ! -e "$T/out-nul/a" ] && pass "no file a written for a\\0b.csv" || fail "a\\0b.csv wrote a"
study nulp 'calfsim.plot("lines", {{x = 1, y = 2}}, {name = "p\0q", x = "x", y = {"y"}})'
refused nulp 'file name "p\\0q": refused \(contains a NUL byte\)'

# plot columns are checked before anything is written
study pcol "calfsim.plot('lines', {{x = 1, y = 2}, {x = 2, w = 3}}, {name = 'p', x = 'x', y = {'nope'}})"
refused pcol "pcol.lua:1: calfsim.plot: no column 'nope' in the rows; columns: w, x, y$"
[ ! -e "$T/out-pcol" ] && pass "a missing plot column writes nothing" || fail "missing column wrote: $(ls "$T/out-pcol")"
study hcol "calfsim.plot('heatmap', {{x = 1, y = 2, z = 3}}, {name = 'h', x = 'x', y = 'y', z = 'zz'})"
refused hcol "calfsim.plot: no column 'zz' in the rows; columns: x, y, z"
[ ! -e "$T/out-hcol" ] && pass "a missing heatmap column writes nothing" || fail "missing column wrote: $(ls "$T/out-hcol")"

# write_csv with a column list: a named column no row has is refused (as
# calfsim.plot), nothing written; a column some rows lack is fine (empty cells)
study wcol "calfsim.write_csv('w.csv', {{a = 1, b = 2}, {a = 2}}, {'a', 'nope'})"
refused wcol "wcol.lua:1: calfsim.write_csv: no column 'nope' in the rows; columns: a, b$"
[ ! -e "$T/out-wcol" ] && pass "a missing write_csv column writes nothing" || fail "missing column wrote: $(ls "$T/out-wcol")"
study wcol2 "calfsim.write_csv('w.csv', {{a = 1, b = 2}, {a = 2}}, {'b', 'a'})"
"$CALFSIM" script "$T/wcol2.lua" --out "$T/out-wcol2" >/dev/null 2>&1 &&
    [ "$(grep -v '^#' "$T/out-wcol2/w.csv" | tr '\n' ';')" = "b,a;2,1;,2;" ] &&
    pass "write_csv: a column some rows have is written" || fail "wcol2: $(cat "$T/out-wcol2/w.csv" 2>&1)"

# calfsim.cohort threads: the range is checked on the number, before it is
# made an int (2^32 + 1 would otherwise wrap to 1 thread), as --threads
for th in 1e12 '2^32 + 1' 0 2.5 257; do
    study thr "calfsim.cohort{patient = '$P/distance_limited.lua', protocols = {'$PR/symptom_guided.lua'}, n = 5, weeks = 1, threads = $th}"
    refused thr "thr.lua:1: calfsim.cohort: threads = [-+.e0-9]+: allowed 1 to 256 \(as --threads\)$"
done
[ ! -e "$T/out-thr" ] && pass "a refused threads value writes nothing" || fail "threads wrote: $(ls "$T/out-thr")"
# vary_params and vary_patient: 0 to 3, as --vary-params and --vary-patient
# (a fuzzed study asked for 7.5, and NaN passed as a number)
for v in 7.5 -1 0/0 1/0; do
    study vary "calfsim.cohort{patient = '$P/distance_limited.lua', protocols = {'$PR/symptom_guided.lua'}, n = 5, weeks = 1, vary_patient = $v}"
    refused vary "vary.lua:1: calfsim.cohort: vary_patient = [-+.a-z0-9]+: allowed 0 to 3 \(as --vary-patient\)$"
done
study vary "calfsim.cohort{patient = '$P/distance_limited.lua', protocols = {'$PR/symptom_guided.lua'}, n = 5, weeks = 1, vary_params = 3.5}"
refused vary "vary.lua:1: calfsim.cohort: vary_params = 3.5: allowed 0 to 3 \(as --vary-params\)$"

# --lua-budget and --lua-mem (which the messages suggest) are accepted, and
# reach the study and the protocols it runs
expect_error 1 "loop.lua:1: instruction budget of 100000 exhausted.*--lua-budget" "$CALFSIM" script "$T/loop.lua" --out "$T/out-loop" --lua-budget 100000
study ploop "calfsim.simulate{patient = '$DL', protocol = '$CALF_SRC/tests/lua/fixtures/protocols/callback_loop.lua', weeks = 1}"
expect_error 1 "callback_loop.lua:4: instruction budget of 50000 exhausted" "$CALFSIM" script "$T/ploop.lua" --out "$T/out-ploop" --lua-budget 50000 --allow-read "$CALF_SRC/tests/lua/fixtures"
expect_error 2 'script --lua-budget = "10": allowed 1000 to 2000000000' "$CALFSIM" script "$T/loop.lua" --lua-budget 10
expect_error 2 'script --lua-mem = "0": allowed 1 to 4096 MiB' "$CALFSIM" script "$T/loop.lua" --lua-mem 0
# the memory cap holds: a growing table stops at the cap (a pcall cannot
# swallow it, nothing after it runs); string.rep beyond the default 512 MiB
# cap is refused before it allocates
study mem 'local ok = pcall(function() local t = {} for i = 1, 1e8 do t[i] = i end end)
calfsim.write_csv("after.csv", {{ok = tostring(ok)}})'
expect_error 1 "mem.lua:1: out of memory: the Lua memory cap of 16 MiB was reached; raise it with --lua-mem" "$CALFSIM" script "$T/mem.lua" --out "$T/out-mem" --lua-mem 16
[ ! -e "$T/out-mem/after.csv" ] && pass "the script stopped at the memory cap" || fail "the script went on after the memory cap"
study rep 'local s = string.rep("x", 600 * 1024 * 1024)'
refused rep "rep.lua:1: out of memory: string.rep would make 600 MiB, beyond the Lua memory cap of 512 MiB"

# provenance: every file written opens with version, seed and a hash of the
# inputs (registry and script bytes); same inputs give the same bytes
study prov "calfsim.write_csv('w.csv', {{a = 1, b = 'x'}})
calfsim.plot('lines', {{x = 1, y = 2}, {x = 2, y = 3}}, {name = 'p', x = 'x', y = {'y'}})
calfsim.plot('heatmap', {{x = 1, y = 1, z = 1}, {x = 2, y = 1, z = 2}, {x = 1, y = 2, z = 3}, {x = 2, y = 2, z = 4}}, {name = 'h', x = 'x', y = 'y', z = 'z'})
local r = calfsim.oracle{patient = '$DL', protocol = '$PR/symptom_guided.lua', days = 10}
calfsim.reveal{runs = {r}, name = 'hid'}
calfsim.explain{patient = '$DL', protocol = '$PR/symptom_guided.lua', days = 10, name = 'ex'}"
PROV='^# calfsim [0-9.]+; study: prov.lua; seed: 7; param_hash: [0-9a-f]{16}$'
if "$CALFSIM" script "$T/prov.lua" --out "$T/prov1" --seed 7 >/dev/null 2>"$T/err" &&
    "$CALFSIM" script "$T/prov.lua" --out "$T/prov2" --seed 7 >/dev/null 2>>"$T/err"; then
    for f in w.csv p.dat h.dat hid.dat ex.dat ex.json; do
        case $f in
        *.json) ;;
        *) head -1 "$T/prov1/$f" | grep -qE "$PROV" && pass "$f opens with the provenance line" || fail "$f: $(head -1 "$T/prov1/$f")" ;;
        esac
        cmp -s "$T/prov1/$f" "$T/prov2/$f" && pass "$f: same inputs, same bytes" || fail "$f differs between identical runs"
    done
    [ "$(sed -n 2p "$T/prov1/w.csv")" = "a,b" ] && pass "w.csv: the column header follows" || fail "w.csv line 2: $(sed -n 2p "$T/prov1/w.csv")"
    # calfsim.explain's JSON: version, seed and param_hash keys (as
    # cohort.json), the same as the provenance line; the .dat files keep
    # their own comment header after the line
    hash=$(head -1 "$T/prov1/w.csv" | sed 's/.*param_hash: //')
    "$CALF_JSONCHECK" "$T/prov1/ex.json" >/dev/null && pass "ex.json is valid JSON" || fail "ex.json invalid"
    [ "$(sed -n 2,4p "$T/prov1/ex.json" | tr -d ' \n')" = "\"version\":\"$(head -1 "$T/prov1/w.csv" | sed 's/^# calfsim //; s/;.*//')\",\"seed\":7,\"param_hash\":\"$hash\"," ] &&
        pass "ex.json: version, seed 7, param_hash $hash" || fail "ex.json head: $(sed -n 2,4p "$T/prov1/ex.json")"
    [ "$(sed -n 2p "$T/prov1/ex.dat")" = "# calfsim explain: Shapley contributions per factor" ] &&
        [ "$(sed -n 2p "$T/prov1/hid.dat" | cut -c1-28)" = "# calfsim hidden state (mode" ] &&
        pass "ex.dat and hid.dat keep their header after the line" || fail "ex.dat/hid.dat line 2"
    if command -v gnuplot >/dev/null 2>&1; then
        [ -s "$T/prov1/p.png" ] && [ -s "$T/prov1/h.png" ] && [ -s "$T/prov1/sweep_lines.gp" ] &&
            pass "figures drawn from .dat files with the provenance line" || fail "no figure: $(ls "$T/prov1")"
        grep -q '>y<' "$T/prov1/p.svg" && pass "the lines key still reads the column header" || fail "p.svg has no key 'y'"
    fi
    printf -- '-- changed\n' >>"$T/prov.lua"
    "$CALFSIM" script "$T/prov.lua" --out "$T/prov3" --seed 7 >/dev/null 2>>"$T/err"
    h1=$(head -1 "$T/prov1/w.csv" | sed 's/.*param_hash: //')
    h3=$(head -1 "$T/prov3/w.csv" | sed 's/.*param_hash: //')
    [ -n "$h1" ] && [ "$h1" != "$h3" ] && pass "a changed script changes param_hash ($h1 -> $h3)" || fail "param_hash $h1 / $h3"
else
    fail "provenance study: $(cat "$T/err")"
fi
finish
