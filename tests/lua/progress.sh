#!/usr/bin/env bash
# The weekly progression in C (a week table's `progress`, docs/protocols.md):
#  * a protocol stating the peer rules as a progression (fixture
#    progress_sg.lua) gives byte-identical traces to the same rule written
#    out week by week in Lua (progress_sg_lua.lua) for every shipped patient,
#    and the same cohort.csv over 300 virtual patients; some patients regress;
#  * hold_if_morning_pain holds the growth after a week with a painful
#    morning, the same in C and in Lua;
#  * `weeks` hands the week back to the protocol after that many weeks;
#  * bad progress tables get one line naming the field, value and range.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/protocols"
regressed=0
for pa in "$P"/*.lua; do
    n=$(basename "$pa" .lua)
    "$CALFSIM" run "$F/progress_sg.lua" --patient "$pa" --weeks 26 --out "$T/c-$n" >/dev/null &&
        "$CALFSIM" run "$F/progress_sg_lua.lua" --patient "$pa" --weeks 26 --out "$T/l-$n" \
            >/dev/null 2>"$T/err" || {
        fail "$n: $(cat "$T/err")"
        continue
    }
    # line 1 names the protocol; everything after must match
    if cmp -s <(tail -n +2 "$T/c-$n/trace.csv") <(tail -n +2 "$T/l-$n/trace.csv"); then
        pass "$n: progression in C and in Lua give the same trace, byte for byte"
    else
        fail "$n: progression in C and in Lua differ"
    fi
    # a regression: a week whose runs, run to the end (not stopped; the
    # planned distance, a multiple of 0.1 km), are shorter than an earlier
    # week's
    r=$(paste -d, <(trace_col "$T/c-$n/trace.csv" run_km) <(trace_col "$T/c-$n/trace.csv" runs_stopped) |
        awk -F, '{w = int((NR - 1) / 7); k = $1 * 10}
            $1 > 0 && $2 == 0 && k - int(k + 0.5) < 1e-6 && int(k + 0.5) - k < 1e-6 {
                if (w > lastw && last > 0 && $1 < last - 1e-9) r++
                if (w > lastw) { lastw = w; last = $1 } }
            END {print r + 0}')
    regressed=$((regressed + (r > 0)))
done
check "$regressed >= 1" "patients whose runs regressed after a stopped run: $regressed"
# hold_if_morning_pain: at 0.5 the highly irritable patient's growth is held
# after a week with morning pain above it; C and Lua agree, and the hold
# changes the run from the default (hold above 2, which it never reaches)
for f in progress_sg progress_sg_lua; do
    "$CALFSIM" run "$F/$f.lua" --patient "$P/highly_irritable.lua" --weeks 26 --set hold=0.5 \
        --out "$T/h-$f" >/dev/null 2>"$T/err" || fail "hold $f: $(cat "$T/err")"
done
if cmp -s <(tail -n +2 "$T/h-progress_sg/trace.csv") <(tail -n +2 "$T/h-progress_sg_lua/trace.csv"); then
    pass "hold_if_morning_pain = 0.5: progression in C and in Lua give the same trace"
else
    fail "hold_if_morning_pain = 0.5: progression in C and in Lua differ"
fi
w2=$(trace_sum "$T/h-progress_sg/trace.csv" run_km 8 14)
d2=$(trace_sum "$T/c-highly_irritable/trace.csv" run_km 8 14)
check "$w2 < $d2" "hold = 0.5 holds week 2 ($w2 km) below the default's growth ($d2 km)"
for f in progress_sg progress_sg_lua; do
    "$CALFSIM" cohort "$F/$f.lua" --patient "$P/speed_sensitive.lua" --n 300 --weeks 26 \
        --threads 2 --out "$T/k-$f" >/dev/null 2>"$T/err" || fail "cohort $f: $(cat "$T/err")"
done
if cmp -s <(tail -n +2 "$T/k-progress_sg/cohort.csv" | sed 's/^"[^"]*"//') \
    <(tail -n +2 "$T/k-progress_sg_lua/cohort.csv" | sed 's/^"[^"]*"//'); then
    pass "cohort of 300: progression in C and in Lua give the same cohort.csv rows"
else
    fail "cohort of 300: progression in C and in Lua give different cohort.csv rows"
fi

# weeks = 2: 5 km, 5.5 km, then the protocol's own ctx.week km
"$CALFSIM" run "$F/progress_weeks.lua" --patient "$P/distance_limited.lua" --weeks 4 \
    --out "$T/w" >/dev/null 2>"$T/err" || fail "progress_weeks: $(cat "$T/err")"
got=$(for d in 2 9 16 23; do trace_at "$T/w/trace.csv" "$d" run_km; done | tr '\n' ' ')
[ "$got" = "5 5.5 3 4 " ] && pass "weeks = 2: Tuesdays ran $got" ||
    fail "weeks = 2: Tuesdays ran '$got', want '5 5.5 3 4 '"

# bad progress tables
bad() { # NAME PROGRESS-EXPR PATTERN [extra protocol fields]
    printf 'return { name = "b", source = "s", summary = "s",%s\n  week = function(ctx, p)\n    return { tue = run{ km = 3, kmh = 10 }, progress = %s }\n  end }\n' \
        "${4:-}" "$2" >"$T/$1.lua"
    expect_error 1 "$1.lua:2: week: $3" "$CALFSIM" run "$T/$1.lua" --patient "$P/distance_limited.lua" \
        --weeks 2 --out "$T/o-$1"
    [ ! -e "$T/o-$1" ] || fail "$1: output written after the error"
}
bad grow_hi '{ grow = 1.5 }' 'progress.grow = 1.5: allowed 0 to 1$'
bad grow_nan '{ grow = 0/0 }' 'progress.grow = nan: allowed 0 to 1$'
bad grow_str '{ grow = "x" }' 'progress.grow: expected a number, got a string value$'
bad grow_none '{ regress = 0.8 }' 'progress.grow: missing \(the weekly growth, 0 to 1\)$'
bad regress0 '{ grow = 0.1, regress = 0 }' 'progress.regress = 0: allowed 0.1 to 1$'
bad cap_inf '{ grow = 0.1, max_week_km = 1/0 }' 'progress.max_week_km = inf: allowed 0.1 to 1000$'
bad round '{ grow = 0.1, round_km = 20 }' 'progress.round_km = 20: allowed 0.01 to 10$'
bad weeks0 '{ grow = 0.1, weeks = 0 }' 'progress.weeks = 0: allowed whole weeks 1 to 520$'
bad weeks_frac '{ grow = 0.1, weeks = 2.5 }' 'progress.weeks = 2.5: allowed whole weeks 1 to 520$'
bad typo '{ grwo = 0.1 }' "progress has an unknown field grwo \(did you mean grow\?\) \(allowed: grow, regress, max_week_km, round_km, weeks, hold_if_morning_pain\)$"
bad hold '{ grow = 0.1, hold_if_morning_pain = 0 }' 'progress.hold_if_morning_pain = 0: allowed 0.5 to 10$'
bad number '5' 'progress is a number value; expected a table \{grow = ..., ...\}$'
bad with_day '{ grow = 0.1 }' 'progress cannot be used with a day callback' \
    ' day = function(ctx, p, planned) return planned end,'
bad grow_numstr '{ grow = "0.1" }' 'progress.grow: expected a number, got a string value$'
bad grow_ulp '{ grow = 1.0000001 }' 'progress.grow = 1.0000001: allowed 0 to 1$'
# rounding, too: 100 km to a 6 km step is 102 km
printf 'return { name = "b", source = "s", summary = "s",\n  week = function(ctx, p)\n    return { tue = run{ km = 100, kmh = 10 }, progress = { grow = 0, round_km = 6 } }\n  end }\n' >"$T/round_up.lua"
expect_error 1 "round_up.lua:2: week: progress scaled a run to km = 102: allowed 0 to 100$" \
    "$CALFSIM" run "$T/round_up.lua" --patient "$P/distance_limited.lua" --weeks 2 --out "$T/o-round_up"
# growth without a cap never takes a run past the 100 km a session allows:
# 3 km doubling a week would be 192 km in week 7
printf 'return { name = "b", source = "s", summary = "s",\n  week = function(ctx, p)\n    return { tue = run{ km = 3, kmh = 10 }, progress = { grow = 1 } }\n  end }\n' >"$T/past.lua"
expect_error 1 "past.lua:2: week: in week 7, progress scaled a run to km = 192: allowed 0 to 100 \(cap it with progress.max_week_km\)$" \
    "$CALFSIM" run "$T/past.lua" --patient "$P/distance_limited.lua" --weeks 8 --out "$T/o-past"
# a week table whose __index supplies the days it does not hold (here a
# 2 km walk) supplies no progress: progress is the table's own field
for pr in '' ', progress = { grow = 0.5 }'; do
    printf 'return { name = "b", source = "s", summary = "s",\n  week = function(ctx, p)\n    local w = walk{ km = 2 }\n    return setmetatable({ tue = run{ km = 3, kmh = 10 }%s },\n      { __index = function() return w end })\n  end }\n' "$pr" >"$T/meta_default.lua"
    if "$CALFSIM" run "$T/meta_default.lua" --patient "$P/distance_limited.lua" --weeks 2 \
        --out "$T/o-meta$pr" >/dev/null 2>"$T/err"; then
        got=$(for d in 1 2 8 9; do trace_at "$T/o-meta$pr/trace.csv" "$d" walk_km; trace_at "$T/o-meta$pr/trace.csv" "$d" run_km; done | tr '\n' ' ')
        want='2 0 0 3 2 0 0 3 '
        # the progression scales the running; the walking keeps its 2 km
        [ -n "$pr" ] && want='2 0 0 3 2 0 0 4.5 '
        [ "$got" = "$want" ] && pass "week with an __index default${pr:+ and its own progress}: $got" ||
            fail "week with an __index default${pr:+ and its own progress}: '$got', want '$want'"
    else
        fail "week with an __index default${pr:+ and its own progress}: $(cat "$T/err")"
    fi
done
printf 'return { name = "b", source = "s", summary = "s",\n  week = function(ctx, p)\n    return { tue = run{ km = 3, kmh = 10 }, progres = { grow = 0.1 } }\n  end }\n' >"$T/daytypo.lua"
expect_error 1 "daytypo.lua:2: week returned an unknown day 'progres'.*did you mean progress\?" \
    "$CALFSIM" run "$T/daytypo.lua" --patient "$P/distance_limited.lua" --weeks 1 --out "$T/o-daytypo"
finish
