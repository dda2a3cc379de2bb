# validation.gp: the validation figure of calfsim: one line per row, its
# simulated value and 95% interval drawn as the margin to the row's pass band
# (0 at the band's edge, positive inside: 1 at the centre of a closed band,
# the limit's size for an open one; clipped to +-3). Passing rows are green
# filled circles, failing rows red crosses (distinguishable in greyscale); a
# cross inside the band failed on a criterion given in the row's detail.
# Script arguments (gnuplot -c validation.gp DATA BASE):
#   ARG1 data file with columns index, margin, margin_lo, margin_hi, pass, id;
#   ARG2 output base name: writes BASE.png and BASE.svg.
# User text arrives only through ARG1..ARG2 and is printed noenhanced.
if (ARGC < 2) { print "usage: gnuplot -c validation.gp DATA BASE"; exit status 2 }
datafile = ARG1
base = ARG2

set datafile missing "NaN"
stats datafile using 1 nooutput
nrows = STATS_max
set title "calfsim validation: simulated value against its pass band (model outcomes, not real risks)" noenhanced
set xlabel "margin to the pass band (0 = edge, > 0 inside; clipped to +-3)" noenhanced
set xrange [-3.3:3.3]
set yrange [0.3:nrows + 0.7]
set ytics noenhanced
set ytics nomirror
set grid xtics lc rgb "#dddddd"
set key outside bottom center horizontal noenhanced
set object 1 rect from 0, graph 0 to 3.3, graph 1 fc rgb "#e8f4e8" fillstyle solid 1.0 noborder behind
set arrow 1 from 0, graph 0 to 0, graph 1 nohead lc rgb "#555555" dt 2

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1000, 200 + 28 * nrows noenhanced font "sans,9"
    } else {
        set terminal svg size 1000, 200 + 28 * nrows noenhanced font "sans,9"
    }
    set output base . "." . fmt
    plot datafile using ($5 == 1 ? $2 : NaN):1:3:4:ytic(6) with xerrorbars pt 7 ps 1.2 lc rgb "#1b7f3a" title "pass", \
         datafile using ($5 == 0 ? $2 : NaN):1:3:4 with xerrorbars pt 2 ps 1.6 lw 2 lc rgb "#c0392b" title "fail"
    unset output
}
