# compare_capacity.gp: figure 1 of calfsim compare: calf-complex capacity
# (thick line), effective capacity after fatigue, neural and damage factors
# (thin line) and the peak force of each day's run or walk (points), one
# colour, dash pattern and point type per protocol.
# Script arguments (gnuplot -c compare_capacity.gp DATA BASE TITLE NAME1 [NAME2 ...]):
#   ARG1 compare_daily.dat (one block per protocol); ARG2 output base name
#   (writes BASE.png and BASE.svg); ARG3 the patient's name; ARG4.. protocol
#   names in block order (at most 5). User text arrives only through ARG3..
#   and is printed noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_capacity.gp DATA BASE TITLE NAME1 [NAME2 ...]"; exit status 2 }
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
stats datafile index 0 using 16 nooutput
c_healthy = STATS_max
set title "Capacity against each day's peak demand: " . ttl noenhanced
set xlabel "time from start (weeks)"
set ylabel "peak force per step (body weights, BW)"
set xtics 2
set autoscale xfix
set mxtics 2
set yrange [0:*]
set arrow 1 from graph 0, first c_healthy to graph 1, first c_healthy nohead lc rgb "#7f7f7f" dt 3 lw 1.5
set label 1 "healthy capacity" at graph 0.01, first c_healthy offset 0,0.7 tc rgb "#555555"
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,760 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,760 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    plot for [k=1:n] datafile index (k-1) using ($1/7):3 with lines lt k title names[k], \
         for [k=1:n] datafile index (k-1) every 7::6 using ($1/7):4 with lines lt k lw 1 notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7):(valid(5) ? $5 : -1) with points lt k ps 0.45 notitle, \
         NaN with lines lc rgb "#555555" lw 2.5 dt 1 title "capacity", \
         NaN with lines lc rgb "#555555" lw 1 dt 1 title "effective capacity, end of each week (thin)", \
         NaN with points pt 6 lc rgb "#555555" title "peak force of the day's run or walk"
    unset output
}
