# compare_weekly.gp: figure 2 of calfsim compare: running km per week, one
# bar per protocol side by side, a triangle above weeks with at least one
# intensity (quality) run, and the patient's goal volume as a dashed line.
# Script arguments (gnuplot -c compare_weekly.gp DATA BASE TITLE NAME1 [NAME2 ...]):
#   ARG1 compare_weekly.dat (week, then km_k and quality_k per protocol, then
#   goal_km); ARG2 output base name (BASE.png, BASE.svg); ARG3 the patient's
#   name; ARG4.. protocol names (at most 5). User text arrives only through
#   ARG3.. and is printed noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_weekly.gp DATA BASE TITLE NAME1 [NAME2 ...]"; exit status 2 }
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
goalcol = 2 * n + 2
stats datafile using goalcol nooutput
goal = STATS_max
stats datafile using 1 nooutput
nweeks = STATS_max
array fills[5] = [3, 1, 4, 2, 5]
bw = 0.84 / n
kmax = goal
do for [k=1:n] {
    stats datafile using (column(2 * k)) nooutput
    if (STATS_max > kmax) { kmax = STATS_max }
}
set title "Weekly running distance: " . ttl noenhanced
set xlabel "week"
set ylabel "running distance (km per week)"
set xrange [0.4:nweeks + 0.6]
set xtics 1
if (nweeks > 16) { set xtics 2 }
set yrange [0:*]
set grid noxtics ytics
set style fill solid 1.0 border
set boxwidth bw absolute
set arrow 1 from graph 0, first goal to graph 1, first goal nohead lc rgb "#444444" dt 2 lw 1.5
set label 1 sprintf("goal %g km per week", goal) at graph 0.01, first goal offset 0,0.7 tc rgb "#444444"
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,700 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,700 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    plot for [k=1:n] datafile using ($1 + (k - (n + 1) / 2.0) * bw):(column(2 * k)) with boxes lt k lw 1 fs pattern fills[k] border lc rgb col[k] title names[k], \
         for [k=1:n] datafile using ($1 + (k - (n + 1) / 2.0) * bw):(column(2 * k + 1) > 0 ? column(2 * k) + 0.025 * kmax : -1) with points lt k pt 9 ps 1.1 notitle, \
         NaN with points pt 8 ps 1.2 lc rgb "#444444" title "week with an intensity session"
    unset output
}
