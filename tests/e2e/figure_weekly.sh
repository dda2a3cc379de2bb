#!/usr/bin/env bash
# figure_weekly.sh: figure 2 (running km per week) reads at 26, 52 and 520
# weeks: its bars (block 1 of compare_weekly.dat) are weeks up to 26 weeks
# and the mean km per week over 4- or 26-week periods beyond, so there are
# never more than 26 groups of bars; the goal stays named in the figure; the
# axes have at most 24 numeric labels (x and y together); and each bar's value is the mean of
# the weekly km of its period (block 0).
. "$(dirname "$0")/../lib/e2e.sh"
command -v gnuplot >/dev/null 2>&1 || { echo "SKIP: gnuplot not installed"; exit 77; }
PR="$CALF_SRC/protocols"
for w in 26 52 520; do
    CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
        --weeks $w --cohort 0 --out "$T/w$w" >/dev/null 2>"$T/w$w.err" || fail "compare --weeks $w: $(cat "$T/w$w.err")"
    [ -s "$T/w$w.err" ] && fail "--weeks $w: gnuplot said: $(head -1 "$T/w$w.err")"
    d="$T/w$w/compare_weekly.dat"
    bars=$(awk '/^# block 1/ {b = 1; next} b && NF && !/^#/ {n++} END {print n + 0}' "$d")
    check "$bars >= 1 && $bars <= 26" "--weeks $w: $bars groups of bars"
    # every bar = the mean weekly km over its weeks (protocol 1, columns 4 and 2)
    bad=$(awk 'FNR == 1 {f++} /^#/ {if (/^# block 1/) b = 1; next} !NF {next}
        !b {km[$1] = $2; next}
        {s = 0; for (x = $1; x <= $2; x++) s += km[x]; m = s / ($2 - $1 + 1); if ((m - $4) ^ 2 > 1e-6 * (1 + m * m)) n++}
        END {print n + 0}' "$d")
    check "$bad == 0" "--weeks $w: each bar is the mean of its weeks"
    svg="$T/w$w/fig2_weekly.svg"
    grep -q '>goal [0-9.]* km per week<' "$svg" && pass "--weeks $w: goal named" || fail "--weeks $w: goal label lost"
    ticks=$(grep -o "<text[^>]*>[^<]*</text>" "$svg" | sed 's/<[^>]*>//g' | grep -cE '^ *[0-9]+ *$')
    check "$ticks <= 24" "--weeks $w: $ticks numeric tick labels (x and y) on the axes"
done
grep -q 'mean over 26 weeks' "$T/w520/fig2_weekly.svg" && pass "520 weeks: the axis says bars are 26-week means" ||
    fail "520 weeks: no period in the axis label"
finish
