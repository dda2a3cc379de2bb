#!/usr/bin/env bash
# compare --oracle and explainable compare folders: the hidden-state figure
# (model internals) is in report.html only with --oracle, with its data;
# each protocol folder of a compare or demo holds inputs.txt, and
# `calfsim explain FOLDER --worst` re-runs it (its pain equals trace.csv's
# highest); calfsim.explain in a study script adds up and names its top factor.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
args=("$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" --weeks 6)
(cd "$T" && CI=1 "$CALFSIM" compare "${args[@]}" --out plain >/dev/null 2>"$T/p.err") || fail "compare exited $?: $(cat "$T/p.err")"
(cd "$T" && CI=1 "$CALFSIM" compare "${args[@]}" --out orc --oracle >/dev/null 2>"$T/o.err") || fail "compare --oracle exited $?: $(cat "$T/o.err")"
grep -q 'Model internals' "$T/orc/report.html" && pass "oracle report has the model-internals section" ||
    fail "no model-internals section with --oracle"
! grep -q 'Model internals\|fig_hidden_state' "$T/plain/report.html" && pass "plain report has none" ||
    fail "model internals without --oracle"
[ -s "$T/orc/compare_hidden.dat" ] && [ ! -e "$T/plain/compare_hidden.dat" ] &&
    pass "compare_hidden.dat only with --oracle" || fail "compare_hidden.dat presence"
blocks=$(grep -c '^# protocol' "$T/orc/compare_hidden.dat")
[ "$blocks" -eq 2 ] && pass "one hidden-state block per protocol" || fail "$blocks blocks"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/orc/fig_hidden_state.svg" ] && grep -q 'id="fig_hidden_state"' "$T/orc/report.html" &&
        pass "hidden-state figure drawn and embedded" || fail "hidden-state figure missing"
fi
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$T/orc/report.html" && pass "oracle report well-formed" || fail "oracle report not well-formed"; }
# the first day's capacity in compare_hidden.dat = trace.csv capacity / healthy
c1=$(trace_at "$T/orc/1-symptom_guided/trace.csv" 10 capacity)
h1=$(awk '/^# protocol 1/ {b = 1; next} b && $1 == 10 {print $2; exit}' "$T/orc/compare_hidden.dat")
[ -n "$c1" ] && [ -n "$h1" ] && pass "hidden data day 10: capacity $c1 BW, $h1 % of healthy" || fail "hidden data day 10"

# explainable folders
for d in "$T"/plain/[12]-*; do
    [ -s "$d/inputs.txt" ] && pass "$(basename "$d") has inputs.txt" || fail "$(basename "$d"): no inputs.txt"
    grep -q '^kind protocol$' "$d/inputs.txt" || fail "$(basename "$d"): kind"
    worst=$(trace_max "$d/trace.csv" pain_during_max)
    (cd "$T" && "$CALFSIM" explain "$d" --worst --json --out "$T/x-$(basename "$d")" >"$T/x.json" 2>"$T/x.err") ||
        fail "explain $(basename "$d") exited $?: $(cat "$T/x.err")"
    v=$(sed -n 's/.*"pain_during": {"value": \([^,]*\),.*/\1/p' "$T/x.json" | head -1)
    [ -z "$v" ] && v=$(tr -d '\n ' <"$T/x.json" | sed -n 's/.*"pain_during":{"value":\([^,]*\),.*/\1/p')
    check "($v - $worst) < 1e-4 && ($worst - $v) < 1e-4" "explain --worst of $(basename "$d") = trace max pain"
done
(cd "$T" && CI=1 "$CALFSIM" compare "${args[@]}" --out orc2 --oracle --set pain_limit=4 >/dev/null 2>&1) &&
    (cd "$T" && "$CALFSIM" explain orc2/1-symptom_guided --day 9 >"$T/x2.out" 2>"$T/x2.err") &&
    pass "explain works on an oracle compare with --set" || fail "explain oracle/set folder: $(cat "$T/x2.err")"
grep -q '^oracle 1$' "$T/orc2/1-symptom_guided/inputs.txt" && grep -q '^set pain_limit=4$' "$T/orc2/1-symptom_guided/inputs.txt" &&
    pass "inputs.txt records --oracle and --set" || fail "inputs.txt: $(cat "$T/orc2/1-symptom_guided/inputs.txt")"

# calfsim.explain in a study script
cat >"$T/study.lua" <<LUA
local pt = calfsim.patient("$P/distance_limited.lua")
local rows = { { day = 1, kind = "run", km = 3 }, { day = 2, kind = "run", km = 3, kmh = 14 } }
local x = calfsim.explain{ patient = pt, protocol = rows, days = 2, name = "why" }
for _, q in ipairs({ "pain_during", "pain_morning", "dose" }) do
  local s = x.reference[q]
  for _, v in pairs(x.contributions[q]) do s = s + v end
  assert(math.abs(s - x.value[q]) <= 1e-6 * math.max(1, math.abs(x.value[q])), q .. " does not add up")
end
assert(x.day == 2, "worst day " .. x.day)
assert(x.text:find(x.labels[x.top.pain_during], 1, true), "text does not name " .. x.top.pain_during)
local y = calfsim.explain{ patient = pt, protocol = rows, days = 2, day = 1 }
assert(y.day == 1)
local r = calfsim.oracle{ patient = pt, protocol = rows, days = 2 }
assert(r.trace.pain_during_max[2] == x.value.pain_during, "oracle and explain disagree")
print("TOP " .. x.top.pain_during)
LUA
"$CALFSIM" script "$T/study.lua" --out "$T/st" >"$T/st.out" 2>"$T/st.err" && pass "study calfsim.explain adds up, names its top factor" ||
    fail "study explain: $(cat "$T/st.err")"
[ -s "$T/st/why.json" ] && [ -s "$T/st/why.dat" ] && pass "study explain wrote why.json and why.dat" || fail "no why.json"
finish
