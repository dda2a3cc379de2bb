# sweep_heatmap.gp: two-variable sweep figure of calfsim: one summary metric
# as a heatmap over the grid of the two swept values.
# Script arguments (gnuplot -c sweep_heatmap.gp DATA TITLE BASE XLABEL YLABEL COLUMN):
#   ARG1 data file (grid.dat): rows x y m1 m2 ..., the first variable
#        fastest, a blank line after each scan of x; ARG2 the title;
#   ARG3 output base (BASE.png, BASE.svg); ARG4, ARG5 the variables' names;
#   ARG6 the data column of the metric.
# User text arrives only through the arguments and is printed noenhanced.
# A grid point without a value (NaN, e.g. the goal never reached) is left
# undrawn over a grey background, so it cannot be mistaken for a low value.
# NaN is not declared "missing": a missing cell would drop out of its scan
# and gnuplot would reject the grid ("Unexpected line of data in matrix").
if (ARGC < 6) { print "usage: gnuplot -c sweep_heatmap.gp DATA TITLE BASE XLABEL YLABEL COLUMN"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
xl = ARG4
yl = ARG5
col = int(ARG6)

set title ttl noenhanced
set xlabel xl noenhanced
set ylabel yl noenhanced
set palette defined (0 "#f7fbff", 0.5 "#6baed6", 1 "#08306b")
set view map
set key off
set autoscale xfix
set autoscale yfix
set offsets 0, 0, 0, 0
set object 1 rectangle from graph 0, graph 0 to graph 1, graph 1 behind fillcolor rgb "#bdbdbd" fillstyle solid 1.0 noborder
set label 1 "grey: no value at that grid point (e.g. the goal was never reached)" at graph 0, graph -0.16 left tc rgb "#555555"
set bmargin 6

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 800,650 noenhanced font "sans,10"
    } else {
        set terminal svg size 800,650 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    plot datafile using 1:2:col with image
    unset output
}
