# explain.gp: calfsim explain bar chart: the Shapley contribution of each of
# the eight factors to the day's pain during and next-morning pain (points
# on the 0-10 scale; negative bars lowered the pain).
# Script arguments (gnuplot -c explain.gp DATA TITLE BASE):
#   ARG1 data file with columns label (quoted), pain_during, pain_morning;
#   ARG2 the title (printed as is); ARG3 output base name: writes BASE.png
#   and BASE.svg.
# User text arrives only through ARG1..ARG3 and is printed noenhanced.
if (ARGC < 3) { print "usage: gnuplot -c explain.gp DATA TITLE BASE"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3

set title ttl noenhanced
set ylabel "contribution (pain points, 0-10 scale)" noenhanced
set style data histogram
set style histogram clustered gap 1
set style fill solid 0.8 noborder
set boxwidth 0.9
set xtics rotate by -30 noenhanced
set grid ytics lc rgb "#dddddd"
set xzeroaxis lt -1
set key inside top right noenhanced opaque box
set bmargin 6

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1000,600 noenhanced font "sans,10"
    } else {
        set terminal svg size 1000,600 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    plot datafile using 2:xtic(1) lc rgb "#c0392b" title "pain during", \
         datafile using 3 lc rgb "#1f5fa8" title "next-morning pain"
    unset output
}
