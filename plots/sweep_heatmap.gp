# sweep_heatmap.gp: two-variable sweep figure of calfsim: one summary metric
# as a heatmap over the grid of the two swept values.
# Script arguments (gnuplot -c sweep_heatmap.gp DATA TITLE BASE XLABEL YLABEL COLUMN):
#   ARG1 data file (grid.dat): rows x y m1 m2 ..., the first variable
#        fastest, a blank line after each scan of x; ARG2 the title;
#   ARG3 output base (BASE.png, BASE.svg); ARG4, ARG5 the variables' names;
#   ARG6 the data column of the metric.
# User text arrives only through the arguments and is printed noenhanced.
if (ARGC < 6) { print "usage: gnuplot -c sweep_heatmap.gp DATA TITLE BASE XLABEL YLABEL COLUMN"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
xl = ARG4
yl = ARG5
col = int(ARG6)

set datafile missing "NaN"
set title ttl noenhanced
set xlabel xl noenhanced
set ylabel yl noenhanced
set palette defined (0 "#f7fbff", 0.5 "#6baed6", 1 "#08306b")
set view map
set key off

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
