#!/usr/bin/env bash
# lesson_recovery_day.sh: the recovery_day lesson's figure and text agree.
# The hidden-state data (recovery_day_hidden.dat) holds, in the row of day
# d, the state at the start of day d, which is what the text quotes for
# "the start of day 3" (acute fatigue, and the capacity available on the
# day); the figure's key sits below the panels (it used to cover the
# capacity line), and its x axis has whole days only (it had ticks at 1.5).
. "$CALF_SRC/tests/lib/e2e.sh"
"$CALFSIM" lesson recovery_day --answers b --out "$T/l" >"$T/out" 2>"$T/err" || fail "lesson: $(cat "$T/err")"
D="$T/l/recovery_day_hidden.dat"
txt=$(tr '\n' ' ' <"$T/out")
fa=$(echo "$txt" | sed -n 's/.*acute fatigue \([0-9.]*\) (plan A) against \([0-9.]*\) (plan B).*/\1 \2/p')
cap=$(echo "$txt" | sed -n 's/.*was \([0-9]*\)% of healthy against \([0-9]*\)%.*/\1 \2/p')
[ -n "$fa" ] && [ -n "$cap" ] || fail "text not found: fatigue \"$fa\", capacity \"$cap\""
# day 3's row of block k (run 1 = plan A, run 2 = plan B)
row3() { awk -v k="$1" '/^# run/ {b++} b == k && $1 == 3 {print; exit}' "$D"; }
set -- $fa
a_fa=$(row3 1 | awk '{printf "%.2f", $6}') b_fa=$(row3 2 | awk '{printf "%.2f", $6}')
[ "$a_fa $b_fa" = "$1 $2" ] && pass "fatigue at the start of day 3: text $1/$2 = figure data $a_fa/$b_fa" ||
    fail "fatigue: text $1 $2, figure data $a_fa $b_fa"
set -- $cap
a_c=$(row3 1 | awk '{printf "%.0f", $3}') b_c=$(row3 2 | awk '{printf "%.0f", $3}')
[ "$a_c $b_c" = "$1 $2" ] && pass "capacity on day 3: text $1%/$2% = figure data $a_c/$b_c" ||
    fail "capacity: text $1 $2, figure data $a_c $b_c"
if command -v gnuplot >/dev/null 2>&1; then
    S="$T/l/recovery_day_hidden.svg"
    # x tick labels (centred text; y labels are right-aligned) are whole numbers
    xt=$(grep -A1 'text-anchor="middle"' "$S" | grep -o '<text>[^<]*' | sed 's/<text>//' | grep -E '^ *[0-9.]+ *$')
    nx=$(echo "$xt" | grep -c .) frac=$(echo "$xt" | grep -c '\.')
    check "$nx >= 3 && $frac == 0" "x ticks at whole days only ($nx labels, $frac fractional)"
    grep -q '>start of day<\|>start of day$' "$S" && pass "x axis: start of day" || fail "x axis label"
    # the key's text lies below every panel: in the bottom tenth of the canvas
    y=$(grep -B1 '>A: easy run on day 2' "$S" | sed -n 's/.*translate([0-9.]*,\([0-9.]*\)).*/\1/p' | head -1)
    h=$(grep -o 'height="[0-9]*"' "$S" | head -1 | grep -o '[0-9]*')
    check "${y:-0} > 0.9 * ${h:-860}" "key below the panels (y $y of $h)"
fi
finish
