#!/usr/bin/env bash
# custom_exercise.sh: a protocol adds its own exercises with exercise{...}
# (MODEL.md 1.2: the exercise registry is extensible from Lua). They train the
# quality they name, load the calf as their intensity says, and bad
# definitions are refused at the line of the call.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/protocols/custom_exercise.lua"
"$CALFSIM" run "$F" --patient "$P/neural_toe.lua" --weeks 8 --out "$T/c" >/dev/null || fail "run exited $?"
# day 1: 3 x 12 body-weight heel drops at 1.5 x the heel-raise force (2.75 BW)
l1=$(trace_at "$T/c/trace.csv" 1 load)
check "$l1 > 148.49 && $l1 < 148.51" "custom body-weight exercise loads 36 x 2.75 x 1.5 = 148.5 BW ($l1)"
t0=$(trace_at "$T/c/trace.csv" 1 toe_flexor); t8=$(trace_at "$T/c/trace.csv" 56 toe_flexor)
check "$t8 > $t0 + 0.05" "custom toe-flexor isometric trains T ($t0 -> $t8 N m/kg)"
bad() { # name body expected-message
    printf '%s\nreturn { name = "x", source = "y", summary = "z", week = function() return {} end }\n' "$2" >"$T/$1.lua"
    expect_error 1 "$1.lua:1: $3" "$CALFSIM" run "$T/$1.lua" --patient "$P/distance_limited.lua" --weeks 1 --out "$T/o$1"
}
bad builtin 'exercise{ name = "seated_calf_raise" }' 'exercise: name = "seated_calf_raise": a built-in exercise has that name'
bad twice 'exercise{ name = "a1" } exercise{ name = "a1" }' 'exercise: name = "a1": already defined'
bad trains 'exercise{ name = "a2", trains = "hamstring" }' 'exercise: trains = "hamstring": allowed calf, toe_flexor, evertor, kinetic_chain'
bad kappa 'exercise{ name = "a3", kappa = 2 }' 'exercise: kappa = 2: allowed 0.3 to 1'
bad badname 'exercise{ name = "Heel Drop" }' 'exercise: name = "Heel Drop": allowed 1 to 47 characters'
bad unknown 'local x = strength{ "no_such_thing", sets = 3, reps = 10 }' 'strength: exercise = "no_such_thing": unknown'
finish
