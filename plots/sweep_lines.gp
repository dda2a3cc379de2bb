# sweep_lines.gp: one-variable sweep figure of calfsim: each chosen summary
# metric against the swept value, one panel per metric.
# Script arguments (gnuplot -c sweep_lines.gp DATA TITLE BASE XLABEL NMETRICS):
#   ARG1 data file (grid.dat): a header row "var metric..." and rows
#        x m1 m2 ...; ARG2 the title; ARG3 output base (BASE.png, BASE.svg);
#   ARG4 the swept variable's name; ARG5 the number of metric columns.
# User text arrives only through the arguments and the data header (shown as
# key titles); everything is printed noenhanced. A grid point without a value
# (NaN, e.g. the goal never reached) leaves a gap in its line: NaN is not
# declared "missing", which would join the line across it.
if (ARGC < 5) { print "usage: gnuplot -c sweep_lines.gp DATA TITLE BASE XLABEL NMETRICS"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
xl = ARG4
nm = int(ARG5)

set grid lc rgb "#dddddd"
set key top left noenhanced

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 450*nm,420 noenhanced font "sans,10"
    } else {
        set terminal svg size 450*nm,420 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot layout 1,nm title ttl noenhanced
    set xlabel xl noenhanced
    do for [k=1:nm] {
        plot datafile using 1:k+1 with linespoints lw 2 pt 7 lc rgb "#1f5fa8" title columnhead(k+1)
    }
    unset multiplot
    unset output
}
