# sweep_band.gp: one-variable sweep with a cohort at every point
# (`calfsim sweep --cohort N`): P(goal) and P(injury above the threshold)
# against the swept value, each with its 95% Wilson band.
# Script arguments (gnuplot -c sweep_band.gp DATA TITLE BASE XLABEL):
#   ARG1 data file (grid_cohort.dat): comment lines, then rows
#        x p_goal lo hi p_injury lo hi ...; ARG2 the title;
#   ARG3 output base (BASE.png, BASE.svg); ARG4 the swept variable's name.
# User text arrives only through the arguments and is printed noenhanced.
if (ARGC < 4) { print "usage: gnuplot -c sweep_band.gp DATA TITLE BASE XLABEL"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
xl = ARG4

set datafile missing "NaN"
set grid lc rgb "#dddddd"
set key top left noenhanced
set yrange [0:1]
set style fill transparent solid 0.25 noborder

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 900,420 noenhanced font "sans,10"
    } else {
        set terminal svg size 900,420 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot layout 1,2 title ttl noenhanced
    set xlabel xl noenhanced
    set ylabel "share of the cohort"
    plot datafile using 1:3:4 with filledcurves lc rgb "#1f5fa8" title "95% interval", \
         datafile using 1:2 with linespoints lw 2 pt 7 lc rgb "#1f5fa8" title "P(goal)"
    plot datafile using 1:6:7 with filledcurves lc rgb "#c0392b" title "95% interval", \
         datafile using 1:5 with linespoints lw 2 pt 7 lc rgb "#c0392b" title "P(injury above threshold)"
    unset multiplot
    unset output
}
