# forecast.gp: re-forecast figure of calfsim. Top: morning pain: the diary's
# observations (points) and the model fitted to them (line) up to today
# (day 0), then for each protocol the 10-90% band of a virtual cohort drawn
# around the fitted profile and the fitted patient's projection (line).
# Bottom: pain during sessions, observed and fitted, then each protocol's
# projection for the fitted patient.
# Script arguments (gnuplot -c forecast.gp DATA TITLE BASE NPROTOCOLS):
#   ARG1 data file: block 0 the diary (day, pain_during obs and fit,
#        pain_morning obs and fit; "NaN" = not measured), blocks 1..N one per
#        protocol, headed by its quoted name (day, pain p10 p50 p90, morning
#        pain and pain during of the projection);
#   ARG2 the title (printed as is); ARG3 output base name: BASE.png, BASE.svg;
#   ARG4 the number of protocols.
# User text arrives only through ARG1..ARG3 and the data's quoted names, all
# printed noenhanced.
if (ARGC < 4) { print "usage: gnuplot -c forecast.gp DATA TITLE BASE NPROTOCOLS"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
np = int(ARG4)

set datafile missing "NaN"
set style fill transparent solid 0.2 noborder
set grid ytics lc rgb "#dddddd"
set key outside right top noenhanced
set arrow 1 from 0, graph 0 to 0, graph 1 nohead dt 2 lc rgb "#555555"
set label 1 " today" at 0, graph 0.95 left noenhanced
set yrange [0:10]
colour(i) = word("#1f5fa8 #27ae60 #8e44ad #d35400 #16a085 #7f8c8d #c0392b #2c3e50", (i - 1) % 8 + 1)

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,850 noenhanced font "sans,10"
    } else {
        set terminal svg size 1200,850 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot layout 2,1 title ttl noenhanced
    set xlabel "day (0 = the diary's last day)" noenhanced
    set ylabel "morning pain (NRS 0-10)" noenhanced
    plot for [i=1:np] datafile index i using 1:2:4 with filledcurves lc rgb colour(i) \
             title columnheader(1) . " 10-90%", \
         for [i=1:np] datafile index i using 1:5 with lines lw 2 lc rgb colour(i) notitle, \
         datafile index 0 using 1:5 with lines lw 2 lc rgb "#333333" title "fitted to the diary", \
         datafile index 0 using 1:4 with points pt 7 ps 0.8 lc rgb "#c0392b" title "observed"
    set ylabel "pain during sessions (NRS 0-10)" noenhanced
    plot for [i=1:np] datafile index i using 1:6 with lines lw 2 lc rgb colour(i) \
             title columnheader(1), \
         datafile index 0 using 1:3 with lines lw 2 lc rgb "#333333" title "fitted to the diary", \
         datafile index 0 using 1:2 with points pt 7 ps 0.8 lc rgb "#c0392b" title "observed"
    unset multiplot
    unset output
}
