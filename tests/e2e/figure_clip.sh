#!/usr/bin/env bash
# figure_clip.sh: points and lines at the top of figures 1, 3 and 5 are not
# cut by the frame: each template's y axis ends above the highest value it
# draws, with headroom (the axis range is read back from gnuplot after the
# template ran on a real comparison's data). A comparison in which nothing
# was run (all pain and onset values blank) still draws every figure
# without a word on stderr.
. "$(dirname "$0")/../lib/e2e.sh"
command -v gnuplot >/dev/null 2>&1 || { echo "SKIP: gnuplot not installed"; exit 77; }
PR="$CALF_SRC/protocols"
CI=1 "$CALFSIM" compare "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" --weeks 10 --cohort 0 \
    --out "$T/c" >/dev/null 2>"$T/c.err" || fail "compare: $(cat "$T/c.err")"
cd "$T/c" || exit 1
cat >"$T/w.gp" <<'GP'
call ARG1 ARG2 "wtest" "T" "styles=3" "A"
print sprintf("%.6g", GPVAL_Y_MAX)
GP
top() { gnuplot -c "$T/w.gp" "$CALF_SRC/plots/$1" compare_daily.dat 2>&1 | tail -1; }
# highest drawn value of column C (blank cells skipped)
hi() { awk -v c="$1" '!/^#/ && NF && $c != "NaN" {if ($c > m) m = $c} END {print m + 0}' compare_daily.dat; }
t=$(top compare_capacity.gp) cap=$(hi 3) dem=$(hi 5)
check "$t >= 1.03 * $cap && $t >= 1.03 * $dem" "figure 1: axis top $t above capacity $cap and demand $dem"
t=$(top compare_onset.gp) on=$(hi 10)
check "$t >= 1.03 * $on" "figure 5: axis top $t above the highest symptom onset $on"
t=$(top compare_pain.gp) pm=$(hi 8)
check "$t >= $pm + 0.3" "figure 3: axis top $t above the highest morning pain $pm"
# values exactly where an axis would otherwise end: capacity scaled to a
# maximum of 12 BW (a tick), a symptom onset at three times the goal's long
# run (the onset axis's usual end) and pain during of 10 (the scale's end)
cmax=$(hi 3) goal=$(awk '!/^#/ && NF {print $18; exit}' compare_daily.dat)
awk -v f="$(awk -v c="$cmax" 'BEGIN {print 12 / c}')" -v g="$goal" '/^#/ || !NF {print; next}
    {$3 = $3 * f; if (!done && $10 != "NaN") {$10 = 3 * g; done = 1}; if (!d7 && $7 != "NaN") {$7 = 10; d7 = 1}; print}' \
    compare_daily.dat >edge.dat && mv edge.dat compare_daily.dat
t=$(top compare_capacity.gp) cap=$(hi 3)
check "$t > $cap" "figure 1: axis top $t above a capacity of $cap on a tick"
t=$(top compare_onset.gp) on=$(hi 10)
check "$t > $on" "figure 5: axis top $t above an onset of $on"
t=$(top compare_pain.gp) pd=$(hi 7)
check "$t > $pd" "figure 3: axis top $t above a pain of $pd"
# nothing run: blank pain and onset columns
CI=1 "$CALFSIM" compare "$PR/rest_then_return.lua" --patient "$P/distance_limited.lua" --weeks 1 --cohort 0 \
    --out "$T/r" >/dev/null 2>"$T/r.err" && [ ! -s "$T/r.err" ] && pass "a week of rest draws every figure silently" ||
    fail "a week of rest: $(cat "$T/r.err")"
finish
