#!/usr/bin/env bash
# forecast.sh: drives `calfsim forecast` on the shipped synthetic diary
# (tests/e2e/data/diary.csv): it fits, projects two protocols from the
# diary's last day and writes each projection (trace.csv, summary.json),
# forecast.dat (the diary block with observed and fitted pains on days -55..0,
# then one block per protocol on days 1..N with the cohort's 10-90% band
# around its median and the fitted patient's projection) and the figure; the
# same bytes twice; the projection starts after the diary, not at intake;
# bad inputs exit with their codes.
. "$CALF_SRC/tests/lib/e2e.sh"
D="$CALF_SRC/tests/e2e/data/diary.csv"
DL="$CALF_SRC/tests/e2e/data/diary_patient.lua"
PR="$CALF_SRC/protocols"
args=("$PR/ten_percent.lua" "$PR/symptom_guided.lua" --patient "$DL" --diary "$D" --weeks 4 --n 40)

"$CALFSIM" forecast "${args[@]}" --out "$T/f1" >"$T/f1.out" 2>"$T/f1.err" || fail "forecast exited $?: $(cat "$T/f1.err")"
"$CALFSIM" forecast "${args[@]}" --out "$T/f2" --no-plots >/dev/null 2>&1 || fail "second forecast exited $?"
for f in forecast.dat 1-ten_percent/trace.csv 1-ten_percent/summary.json 2-symptom_guided/trace.csv; do
    [ -s "$T/f1/$f" ] && pass "wrote $f" || fail "missing $f"
done
cmp -s "$T/f1/forecast.dat" "$T/f2/forecast.dat" && pass "forecast.dat: same bytes twice" || fail "forecast.dat differs"
grep -q "^# calfsim .*seed: 0; param_hash: [0-9a-f]\{16\}" "$T/f1/forecast.dat" && pass "forecast.dat records seed and hash" ||
    fail "forecast.dat lacks provenance"
# blocks: the diary (56 days, -55..0), then 2 protocols of 28 days (1..28)
awk 'BEGIN {b = 0} /^$/ {blank++; next} blank >= 2 {b++; blank = 0} {blank = 0}
     /^#/ || /^"/ {next} {n[b]++; if (!(b in lo) || $1 < lo[b]) lo[b] = $1; if (!(b in hi) || $1 > hi[b]) hi[b] = $1}
     END {for (i = 0; i <= b; i++) printf "%d %d %d %d\n", i, n[i], lo[i], hi[i]}' "$T/f1/forecast.dat" >"$T/blocks"
[ "$(cat "$T/blocks" | tr '\n' ' ')" = "0 56 -55 0 1 28 1 28 2 28 1 28 " ] && pass "forecast.dat blocks: diary -55..0, 2 x days 1..28" ||
    fail "forecast.dat blocks: $(cat "$T/blocks" | tr '\n' ' ')"
# each band is ordered and the projection row is complete
awk '/^"/ {on = 1; next} on && NF == 6 && !($2 <= $3 && $3 <= $4) {bad++} END {exit bad > 0}' "$T/f1/forecast.dat" &&
    pass "bands ordered p10 <= p50 <= p90" || fail "a band is out of order"
grep -q '^"Ten percent rule" ' "$T/f1/forecast.dat" && pass "blocks headed by protocol names" || fail "no protocol header"
# the projection starts from the state the diary left (test_warmup checks it
# exactly), not from the intake: its day-1 capacity is not a fresh run's
"$CALFSIM" run "$PR/ten_percent.lua" --patient "$DL" --days 3 --out "$T/fresh" >/dev/null || fail "fresh run exited $?"
c1=$(trace_at "$T/f1/1-ten_percent/trace.csv" 1 capacity)
c0=$(trace_at "$T/fresh/trace.csv" 1 capacity)
check "$c1 != $c0" "projection day-1 capacity $c1, after the diary (a fresh start: $c0)"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/f1/forecast.png" ] && [ -s "$T/f1/forecast.svg" ] && pass "forecast.png and .svg drawn" || fail "no figure"
fi
# bad inputs
sed '5s/^\([^,]*\),[^,]*/\1,jog/' "$D" >"$T/bad.csv"
expect_error 5 "bad.csv:5:[0-9]+: " "$CALFSIM" forecast "$PR/ten_percent.lua" --patient "$DL" --diary "$T/bad.csv" --out "$T/bad"
expect_error 2 "--diary D.csv are required" "$CALFSIM" forecast "$PR/ten_percent.lua" --patient "$DL"
expect_error 2 "one or more PROTOCOL" "$CALFSIM" forecast --patient "$DL" --diary "$D"
expect_error 2 "--n = \"3\": allowed 10 to 100000" "$CALFSIM" forecast "$PR/ten_percent.lua" --patient "$DL" --diary "$D" --n 3
finish
