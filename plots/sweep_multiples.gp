# sweep_multiples.gp: three-variable sweep figure of calfsim: small
# multiples, one heatmap of a summary metric over the first two variables
# per value of the third.
# Script arguments (gnuplot -c sweep_multiples.gp DATA TITLE BASE XLABEL
# YLABEL COLUMN NPANELS PANELVAR):
#   ARG1 data file (grid.dat): rows x y z m1 ..., blank line after each scan
#        of x, two blank lines after each panel (gnuplot index blocks);
#   ARG2 the title; ARG3 output base; ARG4, ARG5 axis names; ARG6 the data
#   column of the metric; ARG7 the number of panels; ARG8 the third
#   variable's name.
# User text arrives only through the arguments and is printed noenhanced.
if (ARGC < 8) { print "usage: gnuplot -c sweep_multiples.gp DATA TITLE BASE XLABEL YLABEL COLUMN NPANELS PANELVAR"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
xl = ARG4
yl = ARG5
col = int(ARG6)
np = int(ARG7)
zl = ARG8
ncols = ceil(sqrt(np))
nrows = ceil(np * 1.0 / ncols)

set datafile missing "NaN"
set xlabel xl noenhanced
set ylabel yl noenhanced
set palette defined (0 "#f7fbff", 0.5 "#6baed6", 1 "#08306b")
set view map
set key off

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 380*ncols,340*nrows noenhanced font "sans,9"
    } else {
        set terminal svg size 380*ncols,340*nrows noenhanced font "sans,9"
    }
    set output base . "." . fmt
    set multiplot layout nrows,ncols title ttl noenhanced
    do for [i=0:np-1] {
        stats datafile index i using 3 nooutput
        set title sprintf("%s = %g", zl, STATS_min) noenhanced
        plot datafile index i using 1:2:col with image
    }
    unset multiplot
    unset output
}
