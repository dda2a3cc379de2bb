#!/usr/bin/env bash
# Rules evaluated in C (docs/protocols.md, "Rules evaluated in C"):
#  * `check` names the path each shipped protocol takes;
#  * a protocol whose weeks come from rules runs no Lua after init: a
#    runaway `week`-style loop cannot be reached, and the budget is never spent;
#  * bad rules get one line naming the file, the field, the value and what is
#    allowed, exit 1, and no output folder.
# ctx_summary.sh checks that symptom_guided.lua gives its Lua twin's traces.
. "$CALF_SRC/tests/lib/e2e.sh"
out=$("$CALFSIM" check "$CALF_SRC"/protocols/*.lua 2>&1) || fail "check of the shipped protocols: $out"
for pr in "$CALF_SRC"/protocols/*.lua; do
    n=$(basename "$pr")
    line=$(printf '%s\n' "$out" | grep -F "$n: path: ")
    if grep -q '^  weeks = {' "$pr"; then
        want="path: rules in C: [0-9]+ week layouts?, [0-9]+ updates?"
    else
        want="path: Lua: week is called"
    fi
    if printf '%s\n' "$line" | grep -qE "$want"; then
        pass "check names $n's path: ${line#*path: }"
    else
        fail "check on $n: \"$line\" does not match /$want/"
    fi
done
n_rules=$(grep -l '^  weeks = {' "$CALF_SRC"/protocols/*.lua | wc -l)
check "$n_rules >= 1" "shipped protocols on rules in C: $n_rules"

# mk NAME BODY: a protocol with the given fields after name/source/summary
mk() {
    cat >"$T/$1.lua" <<LUA
return { name = "x", source = "x", summary = "x", params = { growth = 0.1 },
  init = function(ctx, p) ctx.state.longest = 2; ctx.state.easy = run{ km = 1, kmh = 9 };
    ctx.state.lift = strength{ "seated_calf_raise", rm = 15 } end,
  $2 }
LUA
}
run_bad() { # NAME PATTERN: exit 1, one line matching, no folder
    expect_error 1 "$1.lua: $2" "$CALFSIM" run "$T/$1.lua" --patient "$P/distance_limited.lua" \
        --weeks 4 --out "$T/out-$1"
    [ -e "$T/out-$1" ] && fail "$1: an output folder was left"
}
mk ok 'update = { every = { longest = "longest * (1 + p.growth)" } },
  limits = { longest = { max = 4 } },
  weeks = { { tue = { "easy", km = "km(longest)" }, thu = "lift" } }'
if "$CALFSIM" run "$T/ok.lua" --patient "$P/distance_limited.lua" --weeks 4 --out "$T/ok" >/dev/null 2>"$T/err"; then
    # weeks 1..4: longest 2, 2.2, 2.42 -> 2.4, 2.662 -> 2.7 (rounded by km()),
    # below this patient's onset: each Tuesday run is run in full
    for w in 1 2 3 4; do
        km=$(trace_at "$T/ok/trace.csv" $(((w - 1) * 7 + 2)) run_km)
        want=$(awk -v w=$w 'BEGIN { l = 2; for (i = 1; i < w; i++) l = l * 1.1; if (l > 4) l = 4; printf "%.1f", int(l * 10 + 0.5) / 10 }')
        check "$km == $want" "week $w Tuesday: $km km, the rules' $want km"
    done
    lifts=$(trace_sum "$T/ok/trace.csv" sessions)
    check "$lifts >= 8" "the layout's sessions ran ($lifts sessions in 4 weeks)"
else
    fail "a small rules protocol: $(cat "$T/err")"
fi
# `instead` is part of an item: the same run with two alternatives gives each
# day its own (skipped on every morning with pain, as this patient's are)
cat >"$T/instead.lua" <<'LUA'
return { name = "x", source = "x", summary = "x",
  init = function(ctx) local st = ctx.state
    st.one, st.three = walk{ km = 1 }, walk{ km = 3 }
    st.easy = run{ km = 2, kmh = 9, skip_if_morning_pain = 0, instead = st.one } end,
  weeks = { { tue = { "easy", instead = "one" }, thu = { "easy", instead = "three" } } } }
LUA
if "$CALFSIM" run "$T/instead.lua" --patient "$P/highly_irritable.lua" --weeks 1 --out "$T/instead" >/dev/null 2>"$T/err"; then
    tue=$(trace_at "$T/instead/trace.csv" 2 walk_km) thu=$(trace_at "$T/instead/trace.csv" 4 walk_km)
    check "$tue == 1 && $thu == 3" "each day's instead: Tuesday walks $tue km, Thursday $thu km"
else
    fail "instead items: $(cat "$T/err")"
fi
mk layout_typo 'weeks = { { tuee = "easy" } }'
run_bad layout_typo "weeks\[1\] has an unknown field tuee \(did you mean tue\?\)$"
mk syntax 'update = { every = { longest = "longest * * 2" } }, weeks = { { tue = "easy" } }'
run_bad syntax 'update.every.longest: "longest \* \* 2": expected a number, a name or "\(" at "\* 2"$'
mk param 'update = { every = { longest = "longest * p.grwth" } }, weeks = { { tue = "easy" } }'
run_bad param "update.every.longest: p.grwth is not one of the protocol's params \(did you mean p.growth\?\)$"
mk both 'week = function() return {} end, weeks = { { tue = "easy" } }'
run_bad both "'week' and 'weeks' cannot both be given"
mk no_weeks 'update = { every = { longest = "1" } }, week = function() return {} end'
run_bad no_weeks "'update' belongs to rules evaluated in C, which need 'weeks'"
mk no_verdict 'update = { progress = { longest = "longest + 1" } }, weeks = { { tue = "easy" } }'
run_bad no_verdict "update: progress, hold and regress need a verdict"
mk missing 'weeks = { { tue = "esay" } }'
run_bad missing "weeks\[1\].tue: esay is not a session in ctx.state after init \(in week 1\)$"
mk km_lift 'weeks = { { tue = { "lift", km = 3 } } }'
run_bad km_lift "weeks\[1\].tue \(in week 1\): km: the session is not a one-segment run or walk"
mk far 'update = { every = { longest = "longest * 10" } }, weeks = { { tue = { "easy", km = "longest" } } }'
run_bad far "weeks\[1\].tue \(in week 3\): .*km = 200: allowed 0 to 100"
mk inf 'update = { every = { longest = "longest / 0" } }, weeks = { { tue = "easy" } }'
run_bad inf "update.every.longest = inf in week 2: not finite$"
mk rm_high 'weeks = { { tue = { "lift", rm = 40 } } }'
run_bad rm_high "weeks\[1\].tue \(in week 1\): .*rm = 40: allowed 1 to 30"
mk weeks_num 'weeks = 3'
run_bad weeks_num "weeks: expected a list of week layouts"
mk verdict_part 'verdict = { limit = 3 }, weeks = { { tue = "easy" } }'
run_bad verdict_part "verdict.morning: missing \(rules.verdict\(limit\) fills every field\)$"
mk limit_num 'limits = { longest = 3 }, weeks = { { tue = "easy" } }'
run_bad limit_num "limits.longest: expected \{ min = ..., max = ... \}$"
mk item_num 'weeks = { { tue = { 3 } } }'
run_bad item_num 'weeks\[1\].tue: expected "session" or \{ "session", km = ..., when = ... \}$'
mk state_str 'update = { every = { longest = "longest + 1" } }, init = function(ctx) ctx.state.longest = "2" end, weeks = { { tue = "easy" } }'
sed -i 's/^  init = function(ctx, p) ctx.state.longest = 2;.*$/  x = 1,/; /^    ctx.state.lift/d' "$T/state_str.lua"
sed -i 's/^  x = 1,$//' "$T/state_str.lua"
run_bad state_str "ctx.state.longest after init is a string value; the rules read finite numbers, booleans and sessions$"
# hostile layouts: an item that is its own `instead` (one Lua table), more
# items than the layouts hold, a `weeks` whose __len raises an error, and a
# week with more different sessions than the interned sessions hold
mk selfref 'weeks = (function() local t = { "easy" }; t.instead = t; return { { tue = t } } end)()'
run_bad selfref "weeks\[1\].tue.instead.*: more than 192 sessions in the layouts$"
mk many 'weeks = (function() local function six() local d = {}; for i = 1, 6 do d[i] = { "easy", when = "week > 100" } end; return d end
    local w = {}; for l = 1, 5 do w[l] = { when = "week > 100" }; for _, d in ipairs({ "mon", "tue", "wed", "thu", "fri", "sat", "sun" }) do w[l][d] = six() end end
    w[5].fri, w[5].sat, w[5].sun = "easy", nil, nil; return w end)()'
run_bad many "weeks\[5\].fri: more than 192 sessions in the layouts$"
mk len_err 'weeks = setmetatable({}, { __len = function() error("no length") end })'
expect_error 1 "len_err.lua:[0-9]+: no length$" "$CALFSIM" run "$T/len_err.lua" \
    --patient "$P/distance_limited.lua" --weeks 4 --out "$T/out-len_err"
# 4095 sessions through one template's chain of `instead`s, then two more:
# the interned sessions are full, which is an error, never an endless search
cat >"$T/full.lua" <<'LUA'
return { name = "x", source = "x", summary = "x",
  init = function(ctx) local s = walk{ km = 1 }
    for i = 1, 4094 do s = run{ km = 1, kmh = 9, skip_if_morning_pain = 0, instead = s } end
    ctx.state.easy, ctx.state.a, ctx.state.b = s, walk{ km = 2 }, walk{ km = 3 } end,
  weeks = { { tue = { { "easy" }, { "a" }, { "b" } } } } }
LUA
expect_error 1 "full.lua: weeks\[1\].tue\[3\] \(in week 1\): more than 4096 different sessions in one week$" \
    timeout 120 "$CALFSIM" run "$T/full.lua" --patient "$P/distance_limited.lua" --weeks 1 --out "$T/out-full"
# a key that is not a string is named by its value; a state that is not finite by its value
mk layout_list 'weeks = { { "easy" } }'
run_bad layout_list "weeks\[1\] has an unknown field \[1\]$"
mk update_key 'update = { every = { [2] = "1" } }, weeks = { { tue = "easy" } }'
run_bad update_key 'update.every.\[2\]: "\[2\]" is not a name'
cat >"$T/state_nan.lua" <<'LUA'
return { name = "x", source = "x", summary = "x",
  init = function(ctx) ctx.state.easy, ctx.state.longest = run{ km = 1, kmh = 9 }, 0 / 0 end,
  update = { every = { longest = "longest + 1" } }, weeks = { { tue = "easy" } } }
LUA
run_bad state_nan "ctx.state.longest after init = -?nan; the rules read finite numbers$"
# a day's list may name its sessions, as the docs write it: { "easy", "lift" }
mk names 'weeks = { { tue = { "easy", "lift" } } }'
if "$CALFSIM" run "$T/names.lua" --patient "$P/distance_limited.lua" --weeks 1 --out "$T/names" >/dev/null 2>"$T/err"; then
    n=$(trace_at "$T/names/trace.csv" 2 sessions)
    check "$n == 2" "a list of two names: $n sessions on Tuesday"
else
    fail "a list of session names: $(cat "$T/err")"
fi
# limits clamp as the twins' rules.clamp does when a patient's max is below
# the min (a goal long run of 0.3 km, under symptom_guided's 1 km and
# pain_monitoring's 0.5 km): the same traces
sed 's/long_run_km = 14/long_run_km = 0.3/' "$P/distance_limited.lua" >"$T/tiny_goal.lua"
for pr in symptom_guided pain_monitoring; do
    "$CALFSIM" run "$CALF_SRC/protocols/$pr.lua" --patient "$T/tiny_goal.lua" --weeks 26 \
        --out "$T/tg-$pr-c" >/dev/null 2>"$T/err" || fail "$pr, goal 0.3 km: $(cat "$T/err")"
    "$CALFSIM" run "$CALF_SRC/tests/lua/fixtures/protocols/${pr}_plain.lua" --patient "$T/tiny_goal.lua" \
        --weeks 26 --out "$T/tg-$pr-l" >/dev/null 2>"$T/err" || fail "${pr}_plain, goal 0.3 km: $(cat "$T/err")"
    if cmp -s "$T/tg-$pr-c/trace.csv" "$T/tg-$pr-l/trace.csv"; then
        pass "$pr with a goal long run under its min: its Lua twin's trace"
    else
        fail "$pr with a goal long run under its min: the trace differs from its Lua twin's"
    fi
done
finish
