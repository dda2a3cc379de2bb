#!/usr/bin/env bash
# Bad input to `calfsim run --plan` and the registry: one clear line naming the
# file/line/column or field, the value and what is allowed; the documented exit
# code; no crash; no half-written output.
. "$CALF_SRC/tests/lib/e2e.sh"
DL="$P/distance_limited.lua"
printf 'day,kind,km\n1,run,3\n' >"$T/ok.csv"

# usage errors (exit 2)
expect_error 2 'unknown verb' "$CALFSIM" frobnicate
expect_error 2 'unknown option "--bogus"' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --bogus 1
expect_error 2 -- '--patient P.lua is required' "$CALFSIM" run --plan "$T/ok.csv"
expect_error 2 -- '--days = "0": allowed 1 to 3640' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --days 0
expect_error 2 -- '--weeks = "x": allowed 1 to 520' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --weeks x
expect_error 2 -- '--out: needs a value' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --out
expect_error 2 -- '--set b: expected name=value' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set b

# registry overrides (exit 5)
expect_error 5 -- '--set tau_lagg: unknown parameter \(did you mean tau_lag\?\)' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set tau_lagg=3
expect_error 5 -- '--set b = 20: allowed 3 to 12' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set b=20
expect_error 5 -- '--set b = "nan": not a finite number' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set b=nan
expect_error 5 -- '--set zeta = "inf": not a finite number' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set zeta=inf
expect_error 5 -- '--set zeta = "0.5x": not a finite number' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --set zeta=0.5x

# plan CSV (exit 5; file:line:col)
bad() { printf '%b' "$2" >"$T/$1.csv"; }
bad kind 'day,kind,km\n1,run,3\n2,jog,3\n'
expect_error 5 'kind.csv:3:3: .*"jog": allowed rest, run, walk, strength, isometric, neural, cross' "$CALFSIM" run --plan "$T/kind.csv" --patient "$DL"
bad km 'day,kind,km\n1,run,-2\n'
expect_error 5 'km.csv:2:7: .*-2: allowed 0 to 100' "$CALFSIM" run --plan "$T/km.csv" --patient "$DL"
bad kmnan 'day,kind,km\n1,run,nan\n'
expect_error 5 'kmnan.csv:2:7: .*not a number' "$CALFSIM" run --plan "$T/kmnan.csv" --patient "$DL"
bad speed 'day,kind,km,kmh\n1,run,3,45\n'
expect_error 5 'speed.csv:2:9: .*45: allowed 2 to 30' "$CALFSIM" run --plan "$T/speed.csv" --patient "$DL"
bad day 'day,kind,km\n0,run,3\n'
expect_error 5 'day.csv:2:1: ' "$CALFSIM" run --plan "$T/day.csv" --patient "$DL"
bad ex 'day,kind,exercise,sets,reps,rm\n1,strength,seated_calf_rise,3,15,15\n'
expect_error 5 'ex.csv:2:12: .*unknown exercise "seated_calf_rise" \(did you mean seated_calf_raise\?\)' "$CALFSIM" run --plan "$T/ex.csv" --patient "$DL"
bad rm 'day,kind,exercise,sets,reps,rm\n1,strength,seated_calf_raise,3,15,40\n'
expect_error 5 'rm.csv:2:.*40: allowed 1 to 30' "$CALFSIM" run --plan "$T/rm.csv" --patient "$DL"
bad reps 'day,kind,exercise,sets,reps,rm\n1,strength,seated_calf_raise,3,15,8\n'
expect_error 5 'reps.csv:2:.*15 reps at a 8RM: allowed at most 8' "$CALFSIM" run --plan "$T/reps.csv" --patient "$DL"
bad nokm 'day,kind,km\n1,run,\n'
expect_error 5 'nokm.csv:2: column "km": required for kind run' "$CALFSIM" run --plan "$T/nokm.csv" --patient "$DL"
bad nocol 'dya,kind,km\n1,run,3\n'
expect_error 5 'nocol.csv:1:1: unknown column "dya" \(did you mean day\?\)' "$CALFSIM" run --plan "$T/nocol.csv" --patient "$DL"
bad fields 'day,kind,km\n1,run,3,4\n'
expect_error 5 'fields.csv:2:' "$CALFSIM" run --plan "$T/fields.csv" --patient "$DL"
bad strike 'day,kind,km,strike\n1,run,3,heel\n'
expect_error 5 'strike.csv:2:.*"heel": allowed rearfoot, midfoot, forefoot' "$CALFSIM" run --plan "$T/strike.csv" --patient "$DL"
bad many 'day,kind,minutes\n1,cross,10\n1,cross,10\n1,cross,10\n1,cross,10\n1,cross,10\n1,cross,10\n1,cross,10\n'
expect_error 5 'many.csv:8: more than 6 sessions on day 1' "$CALFSIM" run --plan "$T/many.csv" --patient "$DL"
bad empty 'day,kind,km\n'
expect_error 5 'the plan has no rows' "$CALFSIM" run --plan "$T/empty.csv" --patient "$DL"
expect_error 4 'nope.csv' "$CALFSIM" run --plan "$T/nope.csv" --patient "$DL"

# patient files (exit 5)
printf 'return { name = "x", habitual = { km_per_week = 40, runs_per_week = 4, easy_kmh = 10.8 }, heel_raise_reps = 20, symptoms = { onset_km = 3, irritability = "low", morning_pain = 2.5 } }\n' >"$T/pm.lua"
expect_error 5 'pm.lua: symptoms.morning_pain = 2.5: already at or above the onset pain' "$CALFSIM" run --plan "$T/ok.csv" --patient "$T/pm.lua"
sed 's/heel_raise_reps = 17/heel_rise_reps = 17/' "$DL" >"$T/typo.lua"
expect_error 5 'typo.lua.*heel_rise_reps.*did you mean heel_raise_reps' "$CALFSIM" run --plan "$T/ok.csv" --patient "$T/typo.lua"
sed 's/easy_kmh = 10.8/easy_kmh = 40/' "$DL" >"$T/fast.lua"
expect_error 5 'fast.lua.*habitual.easy_kmh = 40: allowed 6 to 20' "$CALFSIM" run --plan "$T/ok.csv" --patient "$T/fast.lua"
sed 's/fast = { kmh = 14, onset_km = 1.2 }/fast = { kmh = 11, onset_km = 0.1 }/' "$P/speed_sensitive.lua" >"$T/incons.lua"
expect_error 5 'incons.lua: symptoms.fast.onset_km = 0.1 at 11 km/h is inconsistent with symptoms.easy_free_km' "$CALFSIM" run --plan "$T/ok.csv" --patient "$T/incons.lua"

# no half-written output: a failed run leaves no files behind
"$CALFSIM" run --plan "$T/km.csv" --patient "$DL" --out "$T/failed" 2>/dev/null
if [ -e "$T/failed/trace.csv" ] || ls -A "$T/failed" 2>/dev/null | grep -q tmp; then fail "failed run left output"; else pass "failed run leaves no output"; fi
# an unwritable output folder is an I/O error (exit 4)
printf x >"$T/afile"
expect_error 4 'afile' "$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --out "$T/afile/sub"

# determinism: same inputs, same bytes
"$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --out "$T/d1" >/dev/null
"$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --out "$T/d2" >/dev/null
if cmp -s "$T/d1/trace.csv" "$T/d2/trace.csv" && cmp -s "$T/d1/summary.json" "$T/d2/summary.json"; then pass "same inputs, same bytes"; else fail "outputs differ between identical runs"; fi
grep -q '"param_hash": "[0-9a-f]\{16\}"' "$T/d1/summary.json" && grep -q '^# calfsim .*seed: 0; param_hash: ' "$T/d1/trace.csv" && pass "version, seed and hash recorded" || fail "version/seed/hash missing"
"$CALFSIM" run --plan "$T/ok.csv" --patient "$DL" --out "$T/d3" --set zeta=0.3 >/dev/null
h1=$(sed -n 's/.*"param_hash": "\(.*\)".*/\1/p' "$T/d1/summary.json"); h3=$(sed -n 's/.*"param_hash": "\(.*\)".*/\1/p' "$T/d3/summary.json")
[ "$h1" != "$h3" ] && pass "--set changes the parameter hash" || fail "hash did not change with --set"
finish
