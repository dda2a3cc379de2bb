# outcomes.gp: cohort outcome figure of calfsim: the share of virtual
# patients who reached the goal by each week, one line per protocol.
# Script arguments (gnuplot -c outcomes.gp DATA TITLE BASE NPROTOCOLS):
#   ARG1 data file (outcomes.dat): a header row (week, then one quoted
#        protocol name per column) and rows week, P(goal by week)...;
#   ARG2 the title (printed as is); ARG3 output base name (BASE.png, BASE.svg);
#   ARG4 the number of protocol columns.
# User text arrives only through ARG1..ARG4 and the data file's header,
# which is shown as key titles, noenhanced.
if (ARGC < 4) { print "usage: gnuplot -c outcomes.gp DATA TITLE BASE NPROTOCOLS"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
np = int(ARG4)

set datafile missing "NaN"
set title ttl noenhanced
set xlabel "week" noenhanced
set ylabel "share of the virtual cohort" noenhanced
set yrange [0:1]
set grid ytics lc rgb "#dddddd"
set key inside top left noenhanced

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 900,600 noenhanced font "sans,10"
    } else {
        set terminal svg size 900,600 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    plot for [k=2:np+1] datafile using 1:k with linespoints lw 2 title columnhead(k)
    unset output
}
