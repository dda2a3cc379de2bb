# compare_pain.gp: figure 3 of calfsim compare: the highest pain during each
# day's sessions (top) and next-morning pain (bottom), 0-10, with the pain
# limit drawn; one colour, dash pattern and point type per protocol.
# Script arguments (gnuplot -c compare_pain.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]):
#   ARG1 compare_daily.dat (one block per protocol); ARG2 output base name
#   (BASE.png, BASE.svg); ARG3 the patient's name; ARG4.. protocol names (at
#   most 5). User text arrives only through ARG3.. and is printed noenhanced;
#   it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_pain.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
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
if (n < 1) { print "usage: gnuplot -c compare_pain.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
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
stats datafile index 0 using 15 nooutput
limit = STATS_max
top = limit + 1
do for [k=1:n] {
    stats datafile index (k-1) using (valid(7) ? $7 : 0) nooutput
    if (STATS_max + 0.5 > top) { top = STATS_max + 0.5 }
    stats datafile index (k-1) using (valid(8) ? $8 : 0) nooutput
    if (STATS_max + 0.5 > top) { top = STATS_max + 0.5 }
}
if (have_band) {
    do for [k=1:n] {
        stats datafile index (k-1) using (valid(26) ? $26 : 0) nooutput
        if (STATS_max + 0.5 > top) { top = STATS_max + 0.5 }
    }
}
# at most the scale's 10, plus headroom so a point at 10 is not cut by the frame
if (top > 10.4) { top = 10.4 }
set xtics 2
set autoscale xfix
set mxtics 2
set yrange [0:top]
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,960 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,960 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    set multiplot title "Pain during and the next morning: " . ttl noenhanced
    set lmargin at screen 0.08
    set rmargin at screen 0.97
    set tmargin at screen 0.93
    set bmargin at screen 0.62
    unset key
    unset xlabel
    set format x ""
    set ylabel "pain during (NRS 0-10)"
    set arrow 1 from graph 0, first limit to graph 1, first limit nohead lc rgb "#444444" dt 2 lw 1.5
    set label 1 sprintf("pain limit %g", limit) at graph 0.99, first limit right offset 0,0.6 tc rgb "#444444"
    plot for [k=1:n] datafile index (k-1) using ($1/7):(valid(7) ? $7 : -1) with points lt sty[k] notitle
    set tmargin at screen 0.58
    set bmargin at screen 0.27
    set format x "%g"
    set xlabel "time from start (weeks)"
    set ylabel "next-morning pain (NRS 0-10)"
    set key at screen 0.5, screen 0.01 center bottom horizontal maxrows 4
    plot for [k=1:(have_band ? n : 0)] datafile index (k-1) using ($1/7):25:26 with filledcurves lc rgb col[sty[k]] fs transparent solid 0.12 noborder notitle, \
         for [k=1:n] datafile index (k-1) using ($1/7):8 with lines lt sty[k] title names[k], \
         NaN with points pt 6 lc rgb "#555555" title "pain during (top panel)", \
         NaN with filledcurves y1=0 lc rgb "#777777" fs transparent solid 0.25 noborder title (have_band ? "10-90% of the virtual cohort (bottom)" : "")
    unset multiplot
    unset arrow 1
    unset label 1
    unset output
}
