# compare_capacity.gp: figure 1 of calfsim compare: calf-complex capacity
# (thick line), effective capacity after fatigue, neural and damage factors
# (thin line) and the peak force of each day's run or walk (points, shifted
# sideways a little per protocol so they do not overlap), one colour, dash
# pattern and marker per protocol, each shown in the key.
# Script arguments (gnuplot -c compare_capacity.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]):
#   ARG1 compare_daily.dat (one block per protocol); ARG2 output base name
#   (writes BASE.png and BASE.svg); ARG3 the patient's name; ARG4.. protocol
#   names in block order (at most 5). User text arrives only through ARG3..
#   and is printed noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_capacity.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
# Protocol styles. ARG4 may be "styles=S1 S2 ...": each protocol's style
# number (1-8), which calfsim keys to the protocol itself so that it keeps
# its colour, dash and marker in every report (the table swatches in
# report.html use the same colours and dash patterns, engine/plot/figures.c).
# Without it the protocols take styles 1, 2, 3, ... in order.
first = 4
styles = "1 2 3 4 5 6 7 8"
if (ARGC >= 4) { if (strlen(ARG4) > 7) { if (ARG4[1:7] eq "styles=") { styles = ARG4[8:]; first = 5 } } }
n = ARGC - first + 1
if (n < 1) { print "usage: gnuplot -c compare_capacity.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
if (n > 5) { n = 5 }
array names[5]
array sty[5]
do for [k=1:n] { names[k] = ARGV[first + k - 1]; sty[k] = int(word(styles, k)); if (sty[k] < 1 || sty[k] > 8) { sty[k] = k } }
# the eight styles: Okabe-Ito colours (colour-blind safe), and for greyscale
# print a dash pattern and a marker of their own
array col[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#882255"]
set linetype 1 lc rgb col[1] lw 2.5 dt 1 pt 7 ps 0.6
set linetype 2 lc rgb col[2] lw 2.5 dt (8,4) pt 5 ps 0.6
set linetype 3 lc rgb col[3] lw 2.5 dt (2,3) pt 9 ps 0.6
set linetype 4 lc rgb col[4] lw 2.5 dt (8,3,2,3) pt 13 ps 0.6
set linetype 5 lc rgb col[5] lw 2.5 dt (14,4) pt 11 ps 0.6
set linetype 6 lc rgb col[6] lw 2.5 dt (8,3,2,3,2,3) pt 6 ps 0.6
set linetype 7 lc rgb col[7] lw 2.5 dt (4,3) pt 4 ps 0.6
set linetype 8 lc rgb col[8] lw 2.5 dt (14,3,2,3) pt 8 ps 0.6
set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set key outside below center horizontal noenhanced reverse Left samplen 5 spacing 1.2 width 3
stats datafile index 0 using 22 nooutput
have_band = (STATS_max > 0)
stats datafile index 0 using 16 nooutput
c_healthy = STATS_max
set title "Capacity against each day's peak demand: " . ttl noenhanced
set xlabel "time from start (weeks)"
set ylabel "peak force per step (body weights, BW)"
set xtics 2
set autoscale xfix
set mxtics 2
set yrange [0:*]
# headroom above the highest line or point, so nothing sits on the frame
set offsets graph 0.01, graph 0.01, graph 0.06, 0
# each protocol's points are shifted sideways by a fraction of a day (and
# drawn with its own marker) so that days with the same demand do not hide
# one another
dodge(k) = (k - (n + 1) / 2.0) * 0.09
set arrow 1 from graph 0, first c_healthy to graph 1, first c_healthy nohead lc rgb "#7f7f7f" dt 3 lw 1.5
set label 1 "healthy capacity" at graph 0.01, first c_healthy offset 0,0.7 tc rgb "#555555"
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,760 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,760 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    plot for [k=1:(have_band ? n : 0)] datafile index (k-1) using ($1/7):23:24 with filledcurves lc rgb col[sty[k]] fs transparent solid 0.12 noborder notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7):3 with lines lt sty[k] notitle, \
         for [k=1:n] datafile index (k-1) every 7::6 using ($1/7):4 with lines lt sty[k] lw 1 notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7 + dodge(k)):(valid(5) ? $5 : NaN) with points lt sty[k] ps 0.7 notitle, \
         for [k=1:n] NaN with linespoints lt sty[k] ps 1.0 title names[k], \
         NaN with lines lc rgb "#555555" lw 2.5 dt 1 title "capacity", \
         NaN with filledcurves y1=0 lc rgb "#777777" fs transparent solid 0.25 noborder title (have_band ? "10-90% of the virtual cohort" : ""), \
         NaN with lines lc rgb "#555555" lw 1 dt 1 title "effective capacity, end of each week (thin)", \
         NaN with points pt 6 lc rgb "#555555" title "peak force of the day's run or walk (the protocol's marker)"
    unset output
}
