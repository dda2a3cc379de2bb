# compare_load.gp: figure 4 of calfsim compare: the running in a
# clinician's units across the top (km in the last 7 days and mean km per
# week over 42 days, minutes at the patient's easy pace on the right axis,
# the virtual cohort's 10-90% band behind when there is one), then the
# training-load metrics in body weights x loading cycles a day: chronic load
# (CTL), acute load (ATL), form (TSB = CTL - ATL, going into the day) and the
# EWMA acute:chronic workload ratio, one line per protocol. The ACWR is criticised as a risk measure (Lolli 2019;
# Impellizzeri 2020); the caption says so.
# Script arguments (gnuplot -c compare_load.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]):
#   ARG1 compare_daily.dat (one block per protocol); ARG2 output base name
#   (BASE.png, BASE.svg); ARG3 the patient's name; ARG4.. protocol names (at
#   most 5). User text arrives only through ARG3.. and is printed noenhanced;
#   it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_load.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
# Protocol styles. ARG4 may be "styles=S1 S2 ...": each protocol's style
# number (1-8), which calfsim keys to the protocol itself so that it keeps
# its colour, dash and marker in every report (the table swatches in
# report.html use the same colours and dash patterns, engine/plot/figures.c).
# Without it the protocols take styles 1, 2, 3, ... in order.
first = 4
styles = "1 2 3 4 5 6 7 8"
if (ARGC >= 4) { if (strlen(ARG4) > 7) { if (ARG4[1:7] eq "styles=") { styles = ARG4[8:]; first = 5 } } }
n = ARGC - first + 1
if (n < 1) { print "usage: gnuplot -c compare_load.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
if (n > 5) { n = 5 }
array names[5]
array sty[5]
do for [k=1:n] { names[k] = ARGV[first + k - 1]; sty[k] = int(word(styles, k)); if (sty[k] < 1 || sty[k] > 8) { sty[k] = k } }
# the eight styles: Okabe-Ito colours (colour-blind safe), and for greyscale
# print a dash pattern and a marker of their own
array col[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#882255"]
set linetype 1 lc rgb col[1] lw 2.5 dt 1 pt 7 ps 0.6
set linetype 2 lc rgb col[2] lw 2.5 dt (8,4) pt 5 ps 0.6
set linetype 3 lc rgb col[3] lw 2.5 dt (2,3) pt 9 ps 0.6
set linetype 4 lc rgb col[4] lw 2.5 dt (8,3,2,3) pt 13 ps 0.6
set linetype 5 lc rgb col[5] lw 2.5 dt (14,4) pt 11 ps 0.6
set linetype 6 lc rgb col[6] lw 2.5 dt (8,3,2,3,2,3) pt 6 ps 0.6
set linetype 7 lc rgb col[7] lw 2.5 dt (4,3) pt 4 ps 0.6
set linetype 8 lc rgb col[8] lw 2.5 dt (14,3,2,3) pt 8 ps 0.6
set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set key outside below center horizontal noenhanced reverse Left samplen 5 spacing 1.2 width 3
stats datafile index 0 using 22 nooutput
have_band = (STATS_max > 0)
stats datafile index 0 using 21 nooutput
easy = STATS_max
stats datafile index 0 using 1 nooutput
ndays = STATS_max
xstep = (ndays <= 70) ? 1 : (ndays <= 182) ? 2 : (ndays <= 365) ? 4 : (ndays <= 1092) ? 13 : 52
set xtics xstep
set autoscale xfix
set mxtics 2
# panel placement (screen fractions): the running volume across the top, the
# four load metrics in two rows, the key in a strip of its own at the bottom
# (full width, so long protocol names fit)
x0 = 0.08; x1 = 0.47; x2 = 0.58; x3 = 0.92
# round minute ticks on the right axis: 30, 60 or 120 minutes apart
kmax = 1
do for [k=1:n] {
    stats datafile index (k-1) using 19 nooutput
    if (STATS_max > kmax) { kmax = STATS_max }
}
ystep_min = (kmax * 60 / easy <= 240) ? 30 : (kmax * 60 / easy <= 600) ? 60 : 120
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,1100 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,1100 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    set multiplot title "Training load: " . ttl noenhanced
    unset key
    # 1. the running in a clinician's units
    set lmargin at screen x0
    set rmargin at screen x3
    set tmargin at screen 0.91
    set bmargin at screen 0.71
    set xlabel "time from start (weeks)"
    set ylabel "km per week"
    set y2label sprintf("minutes per week at easy pace (%g km/h)", easy)
    set yrange [0:*]
    set offsets 0, 0, graph 0.06, 0
    set link y2 via y * 60.0 / easy inverse y * easy / 60.0
    set y2tics ystep_min
    set ytics nomirror
    set title "Running: km in the last 7 days (thick), mean km per week over the last 42 days (thin)" noenhanced font ",11"
    plot for [k=1:(have_band ? n : 0)] datafile index (k-1) using ($1/7):27:28 with filledcurves lc rgb col[sty[k]] fs transparent solid 0.12 noborder notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7):19 with lines lt sty[k] notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7):20 with lines lt sty[k] lw 1 notitle
    unset link y2
    unset y2tics
    unset y2label
    set ytics mirror
    set offsets 0, 0, 0, 0
    unset title
    # 2-5. the load metrics, in body weights x loading cycles a day
    set tmargin at screen 0.62
    set bmargin at screen 0.44
    set lmargin at screen x0
    set rmargin at screen x1
    set ylabel "CTL, 42-day (BW x cycles/day)"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/7):11 with lines lt sty[k] notitle
    set lmargin at screen x2
    set rmargin at screen x3
    set ylabel "ATL, 7-day (BW x cycles/day)"
    plot for [k=1:n] datafile index (k-1) using ($1/7):12 with lines lt sty[k] notitle
    set tmargin at screen 0.36
    set bmargin at screen 0.18
    set lmargin at screen x0
    set rmargin at screen x1
    set ylabel "TSB = CTL - ATL (BW x cycles/day)"
    set yrange [*:*]
    set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb "#888888" lw 1
    plot for [k=1:n] datafile index (k-1) using ($1/7):13 with lines lt sty[k] notitle
    unset arrow 1
    set lmargin at screen x2
    set rmargin at screen x3
    set ylabel "ACWR, EWMA 7:28 (ratio)"
    set yrange [0:*]
    set arrow 2 from graph 0, first 0.8 to graph 1, first 0.8 nohead lc rgb "#888888" dt 2 lw 1
    set arrow 3 from graph 0, first 1.3 to graph 1, first 1.3 nohead lc rgb "#888888" dt 2 lw 1
    set label 2 "0.8-1.3: often quoted, criticised" at graph 0.99, first 1.3 right offset 0,0.6 tc rgb "#555555"
    plot for [k=1:n] datafile index (k-1) using ($1/7):14 with lines lt sty[k] notitle
    unset arrow 2
    unset arrow 3
    unset label 2
    # the key, alone in a full-width strip
    set lmargin at screen 0.02
    set rmargin at screen 0.98
    set tmargin at screen 0.1
    set bmargin at screen 0.0
    unset border
    unset tics
    unset xlabel
    unset ylabel
    unset grid
    set xrange [0:1]
    set yrange [0:1]
    set key center center horizontal maxrows 3 samplen 5 width 3
    plot for [k=1:n] NaN with lines lt sty[k] title names[k], \
         (have_band ? NaN : 1/0) with filledcurves y1=0 lc rgb "#777777" fs transparent solid 0.25 noborder title (have_band ? "10-90% of the virtual cohort (top panel)" : "")
    unset multiplot
    unset output
    set border
    set tics
    set grid xtics ytics
    set autoscale xfix
}
