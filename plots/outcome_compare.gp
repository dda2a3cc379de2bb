# outcome_compare.gp: cohort outcome comparison figure of calfsim. Top row,
# one row per protocol: P(goal reached within the horizon), P(at least one
# flare) and P(at least one model injury event),
# each with its 95% Wilson interval, and time to goal in weeks (median and
# 25-75%, an arrow when the 75% point lies beyond the horizon). Bottom, with
# two or more protocols: the paired difference of each 0/1 outcome against
# the first protocol with its 95% interval, forest style, zero line dashed.
# Script arguments (gnuplot -c outcome_compare.gp DATA TITLE BASE NPROTOCOLS
#   WEEKS HORIZON THRESHOLD NOTE):
#   ARG1 data file (outcome_compare.dat; block 0 per protocol, block 1 per
#        paired difference: see its comment lines); ARG2 the title;
#   ARG3 output base name (BASE.png, BASE.svg); ARG4 the number of protocols;
#   ARG5 the horizon in weeks; ARG6 the horizon as words ("by week 26");
#   ARG7 unused (kept for the argument order); ARG8 a note printed at the bottom.
# User text arrives only through ARG1..ARG8 and the data file's quoted names,
# all printed noenhanced.
if (ARGC < 8) { print "usage: gnuplot -c outcome_compare.gp DATA TITLE BASE NPROTOCOLS WEEKS HORIZON THRESHOLD NOTE"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
np = int(ARG4)
weeks = real(ARG5)
horizon = ARG6
thr = ARG7
note = ARG8
nd = 3 * (np - 1)

# no "set datafile missing": NaN cells (time to goal not reached) are
# undefined points, skipped silently inside the fixed ranges
set grid xtics lc rgb "#dddddd"
unset key
set tics nomirror
set ytics scale 0
set offsets 0, 0, 0, 0

# x of a panel's left and right edge (screen), top row
L = 0.24; W = 0.175; G = 0.015
top_lo = 0.52
pc(k) = k == 0 ? "#1f5fa8" : k == 1 ? "#c0392b" : "#8e44ad"
pcn(k) = k == 0 ? 0x1f5fa8 : k == 1 ? 0xc0392b : 0x8e44ad
# the range of the paired differences, always including zero
xmin = 0; xmax = 0
if (np > 1) {
    stats datafile index 1 using 5 nooutput
    xmin = STATS_min < 0 ? STATS_min : 0
    stats datafile index 1 using 6 nooutput
    xmax = STATS_max > 0 ? STATS_max : 0
}
pad = (xmax - xmin) * 0.08 + 0.01

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1300,900 noenhanced font "sans,10"
    } else {
        set terminal svg size 1300,900 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot title ttl noenhanced
    set label 99 note at screen 0.01, 0.07 left noenhanced font "sans,9"
    set tmargin at screen 0.90
    set bmargin at screen top_lo
    set yrange [np - 0.5:-0.8]
    set xrange [0:1]
    set xtics 0.2
    do for [j=0:2] {
        set lmargin at screen L + j * (W + G)
        set rmargin at screen L + j * (W + G) + W
        if (j == 0) { set ytics scale 0 } else { set ytics format "" scale 0 }
        set xlabel "share of the virtual cohort" noenhanced
        if (j == 0) { set title "P(goal reached " . horizon . ")" noenhanced }
        if (j == 1) { set title "P(at least one flare)" noenhanced }
        if (j == 2) { set title "P(at least one injury event)" noenhanced }
        c = 3 + 3 * j
        if (j == 0) {
            plot datafile index 0 using c:1:c+1:c+2:ytic(2) with xerrorbars pt 7 ps 1.2 lw 2 lc rgb pc(j), \
                 datafile index 0 using (0.02):1:15+j with labels left offset 0,1 noenhanced font "sans,8"
        } else {
            plot datafile index 0 using c:1:c+1:c+2 with xerrorbars pt 7 ps 1.2 lw 2 lc rgb pc(j), \
                 datafile index 0 using (0.02):1:15+j with labels left offset 0,1 noenhanced font "sans,8"
        }
        unset label 99
    }
    set lmargin at screen L + 3 * (W + G)
    set rmargin at screen 0.98
    set ytics format "" scale 0
    set xrange [0:weeks]
    set xtics auto
    set xlabel "weeks" noenhanced
    set title "time to goal: median, 25-75%" noenhanced
    if (np < 2) { set label 98 "one protocol: no paired comparison (give two or more)" at screen 0.5, 0.3 center noenhanced }
    plot datafile index 0 using 12:1:($20 > 0.5 ? NaN : $19 - $12):(0) with vectors nohead lw 2 lc rgb "#27ae60", \
         datafile index 0 using 12:1:($20 > 0.5 ? $19 - $12 : NaN):(0) with vectors head filled lw 2 lc rgb "#27ae60", \
         datafile index 0 using 13:1 with points pt 7 ps 1.2 lc rgb "#27ae60", \
         datafile index 0 using (0.02 * weeks):1:18 with labels left offset 0,1 noenhanced font "sans,8"
    unset label 98
    if (np > 1) {
        set tmargin at screen 0.42
        set bmargin at screen 0.14
        set lmargin at screen L
        set rmargin at screen 0.77
        set yrange [nd - 0.5:-0.5]
        set xrange [xmin - pad:xmax + pad]
        set xtics auto
        set ytics format "% h" scale 0
        set xlabel "paired difference of the share (protocol minus the first protocol)" noenhanced
        set title "paired differences against the first protocol, 95% intervals" noenhanced
        set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb "#555555"
        plot datafile index 1 using 4:1:5:6:(pcn($2)):ytic(3) with xerrorbars pt 7 ps 1.2 lw 2 lc rgb variable, \
             datafile index 1 using (xmax + pad):1:9 with labels left offset 1,0 noenhanced font "sans,8"
        unset arrow 1
    }
    unset multiplot
    unset output
}
