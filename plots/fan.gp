# fan.gp: cohort fan chart of calfsim: the 10-90% band and the median over
# days of capacity (over healthy), morning pain, weekly km and the model's
# onset distance at easy speed, in four panels.
# Script arguments (gnuplot -c fan.gp DATA TITLE BASE):
#   ARG1 data file (bands_K.dat) with columns day, then p10 p50 p90 of
#        capacity, pain, weekly_km, onset_km; ARG2 the title (printed as is);
#   ARG3 output base name: writes BASE.png and BASE.svg.
# User text arrives only through ARG1..ARG3 and is printed noenhanced.
if (ARGC < 3) { print "usage: gnuplot -c fan.gp DATA TITLE BASE"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3

set datafile missing "NaN"
set style fill transparent solid 0.3 noborder
set grid ytics lc rgb "#dddddd"
set key inside top left noenhanced

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1100,800 noenhanced font "sans,10"
    } else {
        set terminal svg size 1100,800 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot layout 2,2 title ttl noenhanced
    set xlabel "day" noenhanced
    set ylabel "capacity / healthy" noenhanced
    plot datafile using 1:2:4 with filledcurves lc rgb "#1f5fa8" title "10-90%", \
         datafile using 1:3 with lines lw 2 lc rgb "#1f5fa8" title "median"
    set ylabel "morning pain (0-10)" noenhanced
    plot datafile using 1:5:7 with filledcurves lc rgb "#c0392b" title "10-90%", \
         datafile using 1:6 with lines lw 2 lc rgb "#c0392b" title "median"
    set ylabel "km in the last 7 days" noenhanced
    plot datafile using 1:8:10 with filledcurves lc rgb "#27ae60" title "10-90%", \
         datafile using 1:9 with lines lw 2 lc rgb "#27ae60" title "median"
    set ylabel "onset distance at easy speed (km, 60 = 60 or more)" noenhanced
    plot datafile using 1:11:13 with filledcurves lc rgb "#8e44ad" title "10-90%", \
         datafile using 1:12 with lines lw 2 lc rgb "#8e44ad" title "median"
    unset multiplot
    unset output
}
