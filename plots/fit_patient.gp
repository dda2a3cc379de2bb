# fit_patient.gp: pain-diary fit figure of calfsim: observed (points) and
# fitted (lines) pain during, morning pain, onset distance and heel-raise
# repetitions by day, one panel each.
# Script arguments (gnuplot -c fit_patient.gp DATA TITLE BASE):
#   ARG1 data file with columns day, then observed and fitted of pain_during,
#        pain_morning, onset_km, heel_raise_reps ("NaN" = not measured);
#   ARG2 the title (printed as is); ARG3 output base name: BASE.png, BASE.svg.
# User text arrives only through ARG1..ARG3 and is printed noenhanced.
if (ARGC < 3) { print "usage: gnuplot -c fit_patient.gp DATA TITLE BASE"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3

set datafile missing "NaN"
set grid ytics lc rgb "#dddddd"
set key inside top right noenhanced opaque box

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1000,800 noenhanced font "sans,10"
    } else {
        set terminal svg size 1000,800 noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set multiplot layout 2,2 title ttl noenhanced
    set xlabel "day" noenhanced
    set ylabel "NRS 0-10" noenhanced
    set title "pain during" noenhanced
    plot datafile using 1:3 with lines lw 2 lc rgb "#1f5fa8" title "fitted", \
         datafile using 1:2 with points pt 7 lc rgb "#c0392b" title "observed"
    set title "morning pain" noenhanced
    plot datafile using 1:5 with lines lw 2 lc rgb "#1f5fa8" title "fitted", \
         datafile using 1:4 with points pt 7 lc rgb "#c0392b" title "observed"
    set title "onset distance" noenhanced
    set ylabel "km" noenhanced
    plot datafile using 1:7 with lines lw 2 lc rgb "#1f5fa8" title "fitted", \
         datafile using 1:6 with points pt 7 lc rgb "#c0392b" title "observed"
    set title "heel-raise repetitions" noenhanced
    set ylabel "reps" noenhanced
    plot datafile using 1:9 with lines lw 2 lc rgb "#1f5fa8" title "fitted", \
         datafile using 1:8 with points pt 7 lc rgb "#c0392b" title "observed"
    unset multiplot
    unset output
}
