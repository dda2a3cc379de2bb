# compare_onset.gp: figure 5 of calfsim compare: the model's distance at easy
# pace before symptoms (pain 2/10) each day (lines) and the distance at which
# symptoms began during a run (points); one colour, dash pattern and point
# type per protocol.
# Script arguments (gnuplot -c compare_onset.gp DATA BASE TITLE NAME1 [NAME2 ...]):
#   ARG1 compare_daily.dat (one block per protocol); ARG2 output base name
#   (BASE.png, BASE.svg); ARG3 the patient's name; ARG4.. protocol names (at
#   most 5). User text arrives only through ARG3.. and is printed noenhanced;
#   it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_onset.gp DATA BASE TITLE NAME1 [NAME2 ...]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
n = ARGC - 3
if (n > 5) { n = 5 }
array names[5]
names[1] = ARG4; names[2] = ARG5; names[3] = ARG6; names[4] = ARG7; names[5] = ARG8
# one style per protocol, the same in every compare figure: Okabe-Ito colours
# (colour-blind safe), plus dash patterns and point types for greyscale print
array col[5] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
array dts[5] = [1, 2, 4, 5, 3]
array pts[5] = [7, 5, 9, 13, 11]
do for [k=1:5] { set linetype k lc rgb col[k] lw 2.5 dt dts[k] pt pts[k] ps 0.6 }
set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set key outside below center horizontal noenhanced reverse Left samplen 5 spacing 1.2 width 3
stats datafile index 0 using 18 nooutput
goal_long = STATS_max
# the axis shows up to three times the goal long run; farther means "no
# symptoms expected at any usual distance"
ymax = 3 * goal_long
set title "Distance before symptoms: " . ttl noenhanced
set xlabel "time from start (weeks)"
set ylabel "distance at easy pace before pain 2/10 (km)"
set xtics 2
set autoscale xfix
set mxtics 2
set yrange [0:ymax]
set arrow 1 from graph 0, first goal_long to graph 1, first goal_long nohead lc rgb "#444444" dt 2 lw 1.5
set label 1 sprintf("goal long run %g km", goal_long) at graph 0.01, first goal_long offset 0,0.7 tc rgb "#444444"
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,760 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,760 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    plot for [k=1:n] datafile index (k-1) every 7::6 using ($1/7):($9 <= ymax ? $9 : NaN) with lines lt k title names[k], \
         for [k=1:n] datafile index (k-1) using ($1/7):(valid(10) ? $10 : -1) with points lt k ps 0.8 notitle, \
         NaN with lines lc rgb "#555555" lw 2.5 dt 1 title "model estimate", \
         NaN with points pt 6 lc rgb "#555555" title "symptom onset during a run"
    unset output
}
