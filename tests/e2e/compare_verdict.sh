#!/usr/bin/env bash
# compare_verdict.sh: `calfsim compare` gives a verdict on stdout, at the top
# of report.html and in compare.json (with the table's numbers and the
# run's provenance): the chosen protocol is the earliest goal among those
# missing nothing, every protocol's goal week and numbers match compare.csv
# and summary.json, the cohort's P(goal) matches compare_uncertainty.csv,
# every column of the report is defined in it, the jargon is gone, and the
# same inputs give the same bytes.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
J=${CALF_JSONCHECK:?}
run() { # out [extra]
    local o=$1
    shift
    CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/pain_monitoring.lua" "$PR/ten_percent.lua" \
        --patient "$P/distance_limited.lua" --weeks 20 --cohort 40 --seed 3 --out "$T/$o" "$@" \
        >"$T/$o.out" 2>"$T/$o.err" || fail "compare $o exited $?"
}
run a
run b
f="$T/a/compare.json"
"$J" "$f" && pass "compare.json is valid JSON" || fail "compare.json invalid"
cmp -s "$f" "$T/b/compare.json" && cmp -s "$T/a/report.html" "$T/b/report.html" &&
    pass "same inputs, same bytes" || fail "compare.json or report.html differ between runs"
# provenance: the same seed and hash as compare.csv
hash=$(sed -n 's/.*param_hash: \([0-9a-f]*\)$/\1/p' "$T/a/compare.csv")
[ "$("$J" "$f" seed)" = 3 ] && [ "$("$J" "$f" param_hash)" = "$hash" ] &&
    [ -n "$("$J" "$f" calfsim_version)" ] && pass "version, seed 3, param_hash $hash" ||
    fail "provenance: $("$J" "$f" seed) $("$J" "$f" param_hash) vs $hash"
[ "$("$J" -n "$f" verdict.protocols)" = 3 ] && [ "$("$J" -n "$f" table)" = 3 ] &&
    [ "$("$J" -n "$f" cohort.protocols)" = 3 ] && pass "3 protocols in verdict, table, cohort" ||
    fail "protocol counts"
# each protocol: the goal week is compare.csv's and summary.json's; the cohort
# P(goal) is the uncertainty table's; the keys of the issue's shape are there
best_week=1000 best_name=null best_p=-1
for k in 0 1 2; do
    name=$("$J" "$f" "verdict.protocols.$k.name")
    gw=$("$J" "$f" "verdict.protocols.$k.goal_week")
    csvw=$(awk -F, -v r=$((k + 3)) 'NR == r {print $4}' "$T/a/compare.csv")
    [ "$gw" = "${csvw:-null}" ] && pass "$name: goal_week $gw as compare.csv" ||
        fail "$name: goal_week $gw, compare.csv $csvw"
    sj=$(ls -d "$T/a/$((k + 1))-"*)/summary.json
    [ "$(json_num "$sj" goal_reached_week)" = "$gw" ] || fail "$name: summary.json goal week differs"
    tk=$("$J" "$f" "table.$k.total_km")
    check "$tk == $(json_num "$sj" total_km)" "$name: table total_km as summary.json"
    p=$("$J" "$f" "verdict.protocols.$k.cohort_p_goal")
    up=$(awk -F'","' -v r=$((k + 3)) 'NR == r {print $2}' "$T/a/compare_uncertainty.csv" | sed 's/ .*//')
    check "$p - $up < 0.0051 && $up - $p < 0.0051" "$name: cohort_p_goal $p as the table's $up"
    lo=$("$J" "$f" "verdict.protocols.$k.cohort_p_goal_ci.0")
    hi=$("$J" "$f" "verdict.protocols.$k.cohort_p_goal_ci.1")
    check "$lo <= $p && $p <= $hi" "$name: P(goal) inside its interval [$lo, $hi]"
    a=$("$J" "$f" "verdict.protocols.$k.agrees_with_cohort")
    [ "$a" = true ] || [ "$a" = false ] || fail "$name: agrees_with_cohort is $a"
    nm=$("$J" -n "$f" "verdict.protocols.$k.missed")
    # a protocol that never reached the goal missed something
    [ "$gw" != null ] || [ "$nm" -gt 0 ] || fail "$name: goal not reached but missed is empty"
    # the days over the limit and flares of the summary appear in missed
    missed=$("$J" "$f" "verdict.protocols.$k.missed")
    [ "$(json_num "$sj" days_pain_over_limit)" = 0 ] || echo "$missed" | grep -q '"pain_limit"' ||
        fail "$name: days over the limit but no pain_limit in $missed"
    [ "$(json_num "$sj" flare_count)" = 0 ] || echo "$missed" | grep -q '"flare"' ||
        fail "$name: flares but no flare in $missed"
    if [ "$gw" != null ] && [ "$nm" = 0 ]; then
        if [ "$gw" -lt "$best_week" ] ||
            { [ "$gw" -eq "$best_week" ] && awk "BEGIN {exit !($p > $best_p)}"; }; then
            best_week=$gw best_name=$name best_p=$p
        fi
    fi
done
best=$("$J" "$f" verdict.best)
[ "$best" = "$best_name" ] && pass "best = $best (earliest clean goal)" ||
    fail "best $best, want $best_name"
[ -n "$("$J" "$f" verdict.why)" ] && pass "why given" || fail "no why"
# stdout and the report
grep -q "^Verdict: " "$T/a.out" && pass "verdict on stdout" || fail "no verdict on stdout"
r="$T/a/report.html"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$r" || fail "report not well-formed"; }
v=$(grep -n 'id="verdict"' "$r" | cut -d: -f1)
o=$(grep -n '<h2>Outcomes' "$r" | cut -d: -f1)
[ -n "$v" ] && [ -n "$o" ] && [ "$v" -lt "$o" ] && pass "verdict above the outcome table" ||
    fail "verdict not at the top ($v, $o)"
# every column heading of the outcome and cohort tables is defined in the report
for h in "weeks to goal" "total km" "peak pain" "days &gt; limit" flares stopped "capacity %" \
    "heel raises" "max ACWR" "injury index" "P(goal by end) [95% CI]" "weeks to goal: median (IQR)" \
    "P(flare) [95% CI]" "P(goal) vs first: diff [95% CI]" "final capacity %: mean"; do
    grep -qF "<dt>$h</dt>" "$r" || fail "column \"$h\" not defined in the report"
done
pass "column definitions checked"
! grep -q "not reached by half\|max P(inj)" "$r" "$T/a.out" && pass "jargon gone" ||
    fail "old jargon still shown"
grep -q "model index 0-1, not a risk" "$r" && pass "injury index caveat next to it" ||
    fail "no caveat by the injury index"
# heel raises in whole repetitions in the terminal table (fields split on 2+ spaces)
hr=$(sed '/^$/q' "$T/a.out" | awk -F '  +' 'NR > 1 && NF > 1 {print $9}')
[ "$(echo "$hr" | grep -c '^[0-9][0-9]*$')" = 3 ] && pass "heel raises whole: $(echo $hr)" ||
    fail "heel raises not whole: $hr"
# without a cohort: nulls, no agreement claimed
run c --cohort 0
f="$T/c/compare.json"
"$J" "$f" >/dev/null && [ "$("$J" "$f" cohort)" = null ] &&
    [ "$("$J" "$f" verdict.protocols.0.agrees_with_cohort)" = null ] &&
    [ "$("$J" "$f" verdict.protocols.0.cohort_p_goal_ci)" = null ] && pass "--cohort 0: nulls" ||
    fail "--cohort 0 compare.json"
finish
