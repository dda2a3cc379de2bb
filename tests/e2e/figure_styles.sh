#!/usr/bin/env bash
# figure_styles.sh: each protocol keeps its figure style (colour, dash,
# marker) in every report, keyed to the protocol, not to its position: the
# same protocol gets the same swatch class in two comparisons that list it
# in different places. The report's swatch for a protocol has the colour and
# dash pattern of that protocol's line in the embedded figure (the dash
# pattern as gnuplot wrote it). The eight styles have eight different dash
# patterns (greyscale print), and figure 1's key gives every protocol its
# own marker.
. "$(dirname "$0")/../lib/e2e.sh"
command -v gnuplot >/dev/null 2>&1 || { echo "SKIP: gnuplot not installed"; exit 77; }
PR="$CALF_SRC/protocols"
DL="$P/distance_limited.lua"
cmp_run() { # out protocols...
    local o=$1
    shift
    CI=1 "$CALFSIM" compare "$@" --patient "$DL" --weeks 6 --cohort 0 --out "$T/$o" >/dev/null 2>"$T/$o.err" ||
        fail "compare $o: $(cat "$T/$o.err")"
}
cmp_run a "$PR/ten_percent.lua" "$PR/symptom_guided.lua" "$PR/alfredson.lua"
cmp_run b "$PR/alfredson.lua" "$PR/walk_run.lua" "$PR/ten_percent.lua"
# the style class of protocol NAME in a report (from its row in the outcome table)
cls() { grep -o "<tr><td class=\"l\"><svg class=\"swatch\"[^>]*><line class=\"ps[0-9]\"[^<]*</svg>$2<" "$T/$1/report.html" | grep -o 'ps[0-9]' | head -1; }
for name in "Ten percent rule" "Alfredson eccentric"; do
    s1=$(cls a "$name") s2=$(cls b "$name")
    [ -n "$s1" ] && [ "$s1" = "$s2" ] && pass "$name: style $s1 in both reports" ||
        fail "$name: style \"$s1\" vs \"$s2\""
done
# no two protocols of one report share a style
n=$(grep -o '<tr><td class="l"><svg class="swatch"[^>]*><line class="ps[0-9]"' "$T/a/report.html" | grep -o 'ps[0-9]' | sort -u | wc -l)
check "$n == 3" "three protocols, three styles"

# each swatch's colour and dash = its line in figure 1 (gnuplot's SVG)
rgb() { printf 'rgb(%3d, %3d, %3d)' "0x${1:1:2}" "0x${1:3:2}" "0x${1:5:2}"; }
for c in $(grep -o '<line class="ps[0-9]"' "$T/a/report.html" | grep -o 'ps[0-9]' | sort -u); do
    css=$(grep -o "\.$c{[^}]*}" "$T/a/report.html" | head -1)
    col=$(echo "$css" | sed 's/.*stroke:\(#[0-9A-Fa-f]\{6\}\).*/\1/')
    dash=$(echo "$css" | sed -n 's/.*stroke-dasharray:\([0-9.,]*\).*/\1/p')
    want="<path stroke='$(rgb "$col")'"
    if [ -n "$dash" ]; then want="$want stroke-dasharray='$dash'"; else want="$want  d="; fi
    grep -qF "$want" "$T/a/fig1_capacity.svg" && pass "$c: swatch $col ${dash:-solid} = figure line" ||
        fail "$c: no line \"$want\" in fig1_capacity.svg"
done
# eight styles, eight dash patterns
d=$(grep -o '\.ps[0-9]{[^}]*}' "$T/a/report.html" | sed -n 's/.*stroke-dasharray:\([0-9.,]*\).*/\1/p;t;s/.*/solid/p' | sort -u | wc -l)
check "$d == 8" "eight distinct dash patterns for greyscale print"
# figure 1's key: a line and a marker per protocol (linespoints), markers differ
pts=$(grep -c "<use xlink:href='#gpPt" "$T/a/fig1_capacity.svg")
check "$pts > 3" "figure 1 draws markers ($pts)"
kinds=$(grep -o "<use xlink:href='#gpPt[0-9]*'" "$T/a/fig1_capacity.svg" | sort -u | wc -l)
check "$kinds >= 3" "figure 1 uses a marker of its own per protocol ($kinds kinds)"
finish
