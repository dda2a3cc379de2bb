#!/usr/bin/env bash
# history.sh: from watch exports to simulations that start from the real
# recent load. Six weeks of runs written by hand as TCX are imported
# (habitual.lua: km and runs per week, easy pace from the slower runs,
# cadence, against the values written in); the history.csv then starts `run`,
# `compare` and `cohort` (--history): day 1 carries the history's fatigue and
# load metrics (none without it), the same bytes twice, inputs.txt records it
# and `explain` re-runs the folder with it; a bad history names file and line.
. "$CALF_SRC/tests/lib/e2e.sh"
PROTO="$CALF_SRC/protocols"
PAT="$P/distance_limited.lua"

# Mon 8 km in 48 min, Wed 6 km in 30 min, Sat 10 km in 62.5 min; 82 strides/min
{
    echo '<?xml version="1.0"?>'
    echo '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2"'
    echo ' xmlns:x="http://www.garmin.com/xmlschemas/ActivityExtension/v2"><Activities>'
    for w in 0 1 2 3 4 5; do
        for spec in "0 8000 2880" "2 6000 1800" "5 10000 3750"; do
            read -r d m s <<<"$spec"
            day=$(date -u -d "2024-01-01 + $((7 * w + d)) days" +%Y-%m-%d)
            echo " <Activity Sport=\"Running\"><Id>${day}T07:00:00Z</Id><Lap StartTime=\"${day}T07:00:00Z\">"
            echo "  <TotalTimeSeconds>$s</TotalTimeSeconds><DistanceMeters>$m</DistanceMeters>"
            echo "  <Extensions><x:LX><x:AvgRunCadence>82</x:AvgRunCadence></x:LX></Extensions></Lap></Activity>"
        done
    done
    echo '</Activities></TrainingCenterDatabase>'
} >"$T/runs.tcx"
"$CALFSIM" import "$T/runs.tcx" --weeks 4 --out "$T/imp" >/dev/null 2>"$T/imp.err" ||
    fail "import exited $?: $(cat "$T/imp.err")"
# the last 4 weeks hold 12 runs, 24 km a week; the slower half's median 9.6 km/h
for want in "from 12 runs" "km_per_week = 24.0," "runs_per_week = 3.00," "easy_kmh = 9.60," "cadence_spm = 164,"; do
    grep -qF "$want" "$T/imp/habitual.lua" && pass "habitual.lua: $want" ||
        fail "habitual.lua lacks \"$want\": $(cat "$T/imp/habitual.lua")"
done
[ "$(grep -c ',run,' "$T/imp/history.csv")" -eq 18 ] && pass "history.csv: 18 runs" || fail "history.csv: $(cat "$T/imp/history.csv")"
grep -q "^41,run,10.000,9.60,$" "$T/imp/history.csv" && pass "history: the last run on day 41" ||
    fail "history.csv lacks day 41's run"
H="$T/imp/history.csv"

# run: day 1 carries the history
"$CALFSIM" run "$PROTO/ten_percent.lua" --patient "$PAT" --weeks 2 --out "$T/r0" >/dev/null || fail "run exited $?"
"$CALFSIM" run "$PROTO/ten_percent.lua" --patient "$PAT" --weeks 2 --history "$H" --out "$T/r1" >/dev/null ||
    fail "run --history exited $?"
"$CALFSIM" run "$PROTO/ten_percent.lua" --patient "$PAT" --weeks 2 --history "$H" --out "$T/r2" >/dev/null
fa0=$(trace_at "$T/r0/trace.csv" 1 fatigue_acute)
fa1=$(trace_at "$T/r1/trace.csv" 1 fatigue_acute)
ctl0=$(trace_at "$T/r0/trace.csv" 1 ctl)
ctl1=$(trace_at "$T/r1/trace.csv" 1 ctl)
check "$fa1 > $fa0" "run: day-1 fatigue with the history ($fa1) above without ($fa0)"
check "$ctl1 != $ctl0" "run: day-1 CTL set by the history ($ctl1 vs $ctl0)"
same_outputs "$T/r1" "$T/r2" && pass "run --history: same bytes twice" || fail "run --history differs between runs"
grep -q "^history .*history.csv$" "$T/r1/inputs.txt" && pass "inputs.txt records the history" ||
    fail "inputs.txt: $(cat "$T/r1/inputs.txt")"
"$CALFSIM" explain "$T/r1" --day 1 --json >"$T/ex1.json" 2>"$T/ex1.err" && pass "explain re-runs a --history folder" ||
    fail "explain exited $?: $(cat "$T/ex1.err")"
# a plan run too
printf 'day,kind,km,kmh\n1,run,3,10\n' >"$T/plan.csv"
"$CALFSIM" run --plan "$T/plan.csv" --patient "$PAT" --days 7 --history "$H" --out "$T/p1" >/dev/null ||
    fail "run --plan --history exited $?"
check "$(trace_at "$T/p1/trace.csv" 1 fatigue_acute) > 0" "run --plan: day-1 fatigue from the history"

# compare: every protocol starts from it
"$CALFSIM" compare "$PROTO/ten_percent.lua" "$PROTO/symptom_guided.lua" --patient "$PAT" --weeks 2 \
    --history "$H" --out "$T/c1" >/dev/null 2>"$T/c1.err" || fail "compare --history exited $?: $(cat "$T/c1.err")"
n=0
for tr in "$T"/c1/*/trace.csv; do
    [ -f "$tr" ] || continue
    n=$((n + 1))
    check "$(trace_at "$tr" 1 fatigue_acute) > 0" "compare: $(basename "$(dirname "$tr")") starts with the history's fatigue"
done
[ "$n" -eq 2 ] && pass "compare: two runs" || fail "compare: $n trace files"

# cohort: the virtual patients start from it
"$CALFSIM" cohort "$PROTO/ten_percent.lua" --patient "$PAT" --n 8 --weeks 2 --out "$T/k0" --no-plots >/dev/null ||
    fail "cohort exited $?"
"$CALFSIM" cohort "$PROTO/ten_percent.lua" --patient "$PAT" --n 8 --weeks 2 --history "$H" --out "$T/k1" \
    --no-plots >/dev/null 2>"$T/k1.err" || fail "cohort --history exited $?: $(cat "$T/k1.err")"
if [ -f "$T/k0/cohort.csv" ] && [ -f "$T/k1/cohort.csv" ]; then
    cmp -s "$T/k0/cohort.csv" "$T/k1/cohort.csv" && fail "cohort: the history changed no outcome" ||
        pass "cohort: the history changes the outcomes"
else
    fail "cohort: cohort.csv missing ($(ls "$T/k1"))"
fi

# a bad history: file and line, exit 5
printf 'day,kind,km\n1,run,lots\n' >"$T/bad.csv"
expect_error 5 "bad.csv:2:[0-9]+: " "$CALFSIM" run "$PROTO/ten_percent.lua" --patient "$PAT" --history "$T/bad.csv" --out "$T/bad"
expect_error 4 "cannot open" "$CALFSIM" cohort "$PROTO/ten_percent.lua" --patient "$PAT" --n 2 --history "$T/none.csv" --out "$T/bad2"
finish
