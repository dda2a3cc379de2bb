# banister.gp: Banister figure of calfsim: daily load as bars (right axis),
# predicted performance as a line and performance tests as points.
# Script arguments (gnuplot -c banister.gp DATA TITLE BASE):
#   ARG1 data file with columns day, load, G, H, predicted, observed
#        ("NaN" where a day has no test); ARG2 the title (printed as is);
#   ARG3 output base name: writes BASE.png and BASE.svg.
# User text arrives only through ARG1..ARG3 and is printed noenhanced.
if (ARGC < 3) { print "usage: gnuplot -c banister.gp DATA TITLE BASE"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3

set datafile missing "NaN"
set title ttl noenhanced
set xlabel "day" noenhanced
set ylabel "performance" noenhanced
set y2label "load" noenhanced
set ytics nomirror
set y2tics
set y2range [0:*]
set grid ytics lc rgb "#dddddd"
set key inside top left noenhanced opaque box
set style fill solid 0.5 noborder
set boxwidth 0.8 relative

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1000,600 noenhanced font "sans,10"
    } else {
        set terminal svg size 1000,600 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    plot datafile using 1:2 axes x1y2 with boxes lc rgb "#b0b0b0" title "load", \
         datafile using 1:5 with lines lw 2 lc rgb "#1f5fa8" title "predicted performance", \
         datafile using 1:6 with points pt 7 ps 1.1 lc rgb "#c0392b" title "tests"
    unset output
}
