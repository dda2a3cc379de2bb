#!/usr/bin/env bash
# The engine's ctx.last_week (a week summary made in C when first read, one
# table per protocol instance refilled in place, no garbage a morning) holds
# exactly what rules.last_week and rules.morning_mean compute in Lua from
# ctx.history, every morning, to the bit (fixture last_week_check.lua, three
# patients with stops and, with flare_min 1, flares). And protocols/symptom_guided.lua, whose
# weeks the engine builds in C from its declared rules (docs/protocols.md,
# "Rules evaluated in C"), gives byte-identical outputs to its Lua twin, the
# same protocol written as a `week` callback (fixture symptom_guided_plain.lua),
# for every shipped patient over 26 weeks and over 1,000 cohort draws of two
# of them; so do pain_monitoring.lua, gait_retraining.lua,
# rest_then_return.lua, alfredson.lua and strength_first.lua (twins NAME_plain.lua: every
# patient, 1,000 draws);
# `calfsim check` must name every shipped protocol with `weeks` as on rules
# in C (tests/lua/rules.sh); likewise ten_percent.lua, which states its rule as the engine's
# weekly progression (fixture ten_percent_plain.lua writes it out week by
# week). In init, the fields made on read are there and empty.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/protocols"
for pa in distance_limited highly_irritable speed_sensitive; do
    # flare_min 1, flare_rise 0.5: flares occur (runs stop at the pain ceiling, so mornings
    # rarely reach the default 3)
    if "$CALFSIM" run "$F/last_week_check.lua" --patient "$P/$pa.lua" --weeks 10 --set flare_min=1 --set flare_rise=0.5 \
        --out "$T/lw-$pa" >/dev/null 2>"$T/err"; then
        flares=$(json_num "$T/lw-$pa/summary.json" flare_count)
        pass "$pa: ctx.last_week equals the Lua summary on all 70 mornings, $flares flares"
        all_flares=$((${all_flares:-0} + ${flares:-0}))
    else
        fail "$pa: $(cat "$T/err")"
    fi
done
check "${all_flares:-0} > 0" "the three patients had flares to compare ($all_flares)"
# one protocol instance runs many virtual patients: the same table, refilled
"$CALFSIM" cohort "$F/last_week_check.lua" --patient "$P/distance_limited.lua" --n 6 --weeks 4 \
    --threads 1 --no-plots --out "$T/lw-cohort" >/dev/null 2>"$T/err" &&
    pass "cohort of 6: ctx.last_week is one table refilled in place, equal to the Lua summary" ||
    fail "cohort of last_week_check: $(cat "$T/err")"
for pr in symptom_guided pain_monitoring gait_retraining rest_then_return alfredson strength_first \
    ten_percent; do
    for pa in "$P"/*.lua; do
        n=$(basename "$pa" .lua)
        "$CALFSIM" run "$CALF_SRC/protocols/$pr.lua" --patient "$pa" --weeks 26 \
            --out "$T/m-$pr-$n" >/dev/null 2>&1 &&
            "$CALFSIM" run "$F/${pr}_plain.lua" --patient "$pa" --weeks 26 \
                --out "$T/p-$pr-$n" >/dev/null 2>"$T/err" || {
            fail "$pr on $n: $(cat "$T/err")"
            continue
        }
        if same_outputs "$T/m-$pr-$n" "$T/p-$pr-$n" '"source"\|"protocol'; then
            pass "$pr on $n: the shipped protocol gives its Lua twin's outputs byte for byte"
        else
            fail "$pr on $n: the shipped protocol and its Lua twin differ"
        fi
    done
done
# same_cohort LABEL PATIENT N WEEKS A.lua B.lua: the two protocols give the
# same cohort.csv for the same virtual patients
same_cohort() {
    local label=$1 pa=$2 n=$3 weeks=$4 a=$5 b=$6
    for src in "$a" "$b"; do
        "$CALFSIM" cohort "$src" --patient "$P/$pa.lua" --n "$n" --weeks "$weeks" --threads 2 \
            --out "$T/c-$label-$(basename "$src" .lua)" >/dev/null 2>"$T/err" ||
            fail "cohort $src: $(cat "$T/err")"
    done
    if cmp -s "$T/c-$label-$(basename "$a" .lua)/cohort.csv" "$T/c-$label-$(basename "$b" .lua)/cohort.csv"; then
        pass "cohort of $n: $label give the same cohort.csv"
    else
        fail "cohort of $n: $label give different cohort.csv"
    fi
}
for case in symptom_guided:speed_sensitive symptom_guided:distance_limited \
    pain_monitoring:overstrider gait_retraining:overstrider rest_then_return:distance_limited \
    alfredson:neural_toe strength_first:speed_sensitive; do
    pr=${case%%:*} pa=${case#*:}
    same_cohort "$pr in C and its Lua twin ($pa)" "$pa" 1000 26 \
        "$CALF_SRC/protocols/$pr.lua" "$F/${pr}_plain.lua"
done
# ten_percent on the engine's weekly progression against the same rule
# written out week by week: 400 virtual overstriders, whose 45 km cap over 4
# runs (11.25 km) sits on a 0.1 km rounding boundary
same_cohort "ten_percent as a progression and week by week" overstrider 400 26 \
    "$CALF_SRC/protocols/ten_percent.lua" "$F/ten_percent_plain.lua"
if "$CALFSIM" run "$F/ctx_init.lua" --patient "$P/distance_limited.lua" --weeks 2 \
    --out "$T/init" >/dev/null 2>"$T/err"; then
    pass "ctx.history, ctx.yesterday and ctx.last_week read empty in init"
else
    fail "ctx in init: $(cat "$T/err")"
fi
finish
