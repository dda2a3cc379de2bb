#!/usr/bin/env bash
# ctx is refreshed only right before a Lua callback runs (docs/performance.md):
# a protocol sees the same ctx as with a refresh every morning. A week-only
# protocol and the same protocol with a pass-through `day` callback (which
# makes ctx refresh daily) give byte-identical outputs (but for the
# protocol's path in summary.json), and a fixture checks
# the history against ctx.yesterday every morning. ten_percent.lua runs on
# the engine's weekly progression, which a day callback cannot join (progress.sh
# checks the refusal); its week-by-week Lua form, ten_percent_plain.lua
# (byte-identical outputs, ctx_summary.sh), stands in for it here, as
# symptom_guided_plain.lua does for symptom_guided.lua, whose weeks the
# engine builds in C (rules, no callback a day could join).
. "$CALF_SRC/tests/lib/e2e.sh"
for pr in symptom_guided_plain pain_monitoring_plain walk_run ten_percent_plain; do
    src="$CALF_SRC/protocols/$pr.lua"
    [ -f "$src" ] || src="$CALF_SRC/tests/lua/fixtures/protocols/$pr.lua"
    if grep -q '^  day = function' "$src"; then continue; fi
    sed 's/^return {$/return {\n  day = function(ctx, p, planned) return planned end,/' "$src" >"$T/${pr}_daily.lua"
    grep -q 'day = function(ctx, p, planned) return planned end' "$T/${pr}_daily.lua" ||
        { fail "$pr: could not add a day callback"; continue; }
    for pa in distance_limited speed_sensitive; do
        "$CALFSIM" run "$src" --patient "$P/$pa.lua" --weeks 12 --oracle --out "$T/w-$pr-$pa" >/dev/null 2>&1 &&
            "$CALFSIM" run "$T/${pr}_daily.lua" --patient "$P/$pa.lua" --weeks 12 --oracle \
                --out "$T/d-$pr-$pa" >/dev/null 2>"$T/err" ||
            { fail "$pr on $pa: $(cat "$T/err")"; continue; }
        if same_outputs "$T/w-$pr-$pa" "$T/d-$pr-$pa"; then
            pass "$pr on $pa: weekly and daily ctx refresh give identical outputs"
        else
            fail "$pr on $pa: outputs differ between weekly and daily ctx refresh"
        fi
    done
done
if "$CALFSIM" run "$CALF_SRC/tests/lua/fixtures/protocols/ctx_consistency.lua" \
    --patient "$P/distance_limited.lua" --weeks 8 --out "$T/consistency" >/dev/null 2>"$T/err"; then
    pass "ctx consistency fixture: history matches yesterday every morning for 8 weeks"
else
    fail "ctx consistency fixture: $(cat "$T/err")"
fi
finish
