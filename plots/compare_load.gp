# compare_load.gp: figure 4 of calfsim compare: training-load metrics in four
# panels: chronic load (CTL), acute load (ATL), form (TSB = CTL - ATL, going
# into the day) and the EWMA acute:chronic workload ratio, one line per
# protocol. The ACWR is criticised as a risk measure (Lolli 2019;
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
set xtics 4
set autoscale xfix
set mxtics 2
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,900 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,900 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    set multiplot layout 2,2 title "Training-load metrics: " . ttl noenhanced margins 0.09, 0.97, 0.2, 0.92 spacing 0.11, 0.1
    unset key
    set xlabel "time from start (weeks)"
    set ylabel "CTL, 42-day (BW x cycles/day)"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/7):11 with lines lt sty[k] notitle
    set ylabel "ATL, 7-day (BW x cycles/day)"
    plot for [k=1:n] datafile index (k-1) using ($1/7):12 with lines lt sty[k] notitle
    set ylabel "TSB = CTL - ATL (BW x cycles/day)"
    set yrange [*:*]
    set arrow 1 from graph 0, first 0 to graph 1, first 0 nohead lc rgb "#888888" lw 1
    plot for [k=1:n] datafile index (k-1) using ($1/7):13 with lines lt sty[k] notitle
    unset arrow 1
    set ylabel "ACWR, EWMA 7:28 (ratio)"
    set yrange [0:*]
    set arrow 2 from graph 0, first 0.8 to graph 1, first 0.8 nohead lc rgb "#888888" dt 2 lw 1
    set arrow 3 from graph 0, first 1.3 to graph 1, first 1.3 nohead lc rgb "#888888" dt 2 lw 1
    set label 2 "0.8-1.3: often quoted, criticised" at graph 0.99, first 1.3 right offset 0,0.6 tc rgb "#555555"
    set key at screen 0.5, screen 0.06 center center horizontal maxrows 2
    plot for [k=1:n] datafile index (k-1) using ($1/7):14 with lines lt sty[k] title names[k]
    unset arrow 2
    unset arrow 3
    unset label 2
    unset multiplot
    unset output
}
