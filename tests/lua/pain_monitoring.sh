#!/usr/bin/env bash
# pain_monitoring (Silbernagel et al. 2007): the shared rule regresses after a
# morning-pain flare, pain during above 5/10 or week-to-week worsening
# (fixtures/rules_test.lua, run through `calfsim check`), and in a simulated
# run that really flares every week holding a flare is followed by a lower
# running volume, while the run holds at least two such weeks (so the check
# cannot pass on no data). The regress itself: the same run with regress = 1
# (the scale held after a bad week) runs more in the first week the two
# differ, and they do differ.
#
# The flaring run: a highly irritable runner with morning pain 1 whose
# irritation settles slowly (--set tau_i_high=3) and hurts more (sigma_high
# 4), flares counted from a morning of 1 that rose 0.5 (model v2 stops runs at
# the pain ceiling, so mornings rarely reach the default 3), growth 0.3, and the
# protocol's pain limit at its maximum 7 (a copy of the protocol with that
# default: `--set pain_limit` reaches the registry constant of the same name
# first, not the protocol's parameter).
. "$CALF_SRC/tests/lib/e2e.sh"
"$CALFSIM" check "$CALF_SRC/tests/lua/fixtures/rules_test.lua" >/dev/null 2>"$T/err" &&
    pass "lib/rules.lua self-test" || fail "lib/rules.lua self-test: $(cat "$T/err")"
sed 's/pain_limit = { 5, min = 2, max = 7 }/pain_limit = { 7, min = 2, max = 7 }/' \
    "$CALF_SRC/protocols/pain_monitoring.lua" >"$T/pain_monitoring.lua"
grep -q 'pain_limit = { 7,' "$T/pain_monitoring.lua" || fail "pain_limit default not found in the protocol"
sed 's/irritability = "low", morning_pain = 0/irritability = "high", morning_pain = 1/' \
    "$P/speed_sensitive.lua" >"$T/flaring.lua"
grep -q 'irritability = "high", morning_pain = 1' "$T/flaring.lua" || fail "patient fixture not made"
"$CALFSIM" run "$T/pain_monitoring.lua" --patient "$T/flaring.lua" --weeks 26 --set growth=0.3 \
    --set tau_i_high=3 --set sigma_high=4 --set flare_min=1 --set flare_rise=0.5 --out "$T/pm" >/dev/null 2>"$T/err" || fail "run: $(cat "$T/err")"
awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
    {w = $c["week"]; km[w] += $c["run_km"]; if ($c["flare"] > 0) fl[w] = 1}
    END {for (w = 1; w < 26; w++) print w, km[w], km[w + 1], fl[w] + 0}' \
    "$T/pm/trace.csv" >"$T/weeks"
flares=$(awk '$4 == 1' "$T/weeks" | wc -l)
bad=$(awk '$4 == 1 && !($3 < $2)' "$T/weeks" | wc -l)
check "$flares >= 2" "the run has weeks with a flare ($flares)"
check "$bad == 0" "every week with a flare is followed by less running"
"$CALFSIM" run "$T/pain_monitoring.lua" --patient "$T/flaring.lua" --weeks 26 --set growth=0.3 \
    --set tau_i_high=3 --set sigma_high=4 --set flare_min=1 --set flare_rise=0.5 --set regress=1 \
    --out "$T/hold" >/dev/null 2>"$T/err" || fail "run: $(cat "$T/err")"
first=$(paste -d' ' <(trace_col "$T/pm/trace.csv" run_km) <(trace_col "$T/hold/trace.csv" run_km) |
    awk '$1 != $2 {print NR, $1, $2; exit}')
[ -n "$first" ] && pass "regress 0.7 and 1 differ from day ${first%% *}" || fail "regress changes nothing"
read -r day a b <<<"$first"
[ -n "$first" ] && check "$a < $b" "day $day: $a km with the regress against $b km holding"
awk '$4 == 1 {printf "week %d flared: %.1f km, then %.1f km\n", $1, $2, $3}' "$T/weeks"
finish
