# compare_weekly.gp: figure 2 of calfsim compare: running km per week, one
# bar per protocol side by side, a triangle above weeks with at least one
# intensity (quality) run, and the patient's goal volume as a dashed line
# (named in the key, so bars never hide its label). Runs longer than 26
# weeks show the mean km per week over periods of 4, 13 or 26 weeks, so the
# figure reads the same at 26, 52 or 520 weeks.
# Script arguments (gnuplot -c compare_weekly.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]):
#   ARG1 compare_weekly.dat (block 1: the bars, a week or a period of 4, 13
#   or 26 weeks each, see below); ARG2 output base name (BASE.png, BASE.svg); ARG3 the patient's
#   name; ARG4.. protocol names (at most 5). User text arrives only through
#   ARG3.. and is printed noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c compare_weekly.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
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
if (n < 1) { print "usage: gnuplot -c compare_weekly.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
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
# Block 1 of the data holds the bars: a week each up to 26 weeks, else the
# mean km per week over periods of 4, 13 or 26 weeks (columns: first week,
# last week, middle, then km and quality weeks per protocol, then goal km).
goalcol = 2 * n + 4
stats datafile index 1 using goalcol nooutput
goal = STATS_max
stats datafile index 1 using 2 nooutput
nweeks = STATS_max
stats datafile index 1 using 1 nooutput
nper = STATS_records
per = (nper > 1) ? int(STATS_max - STATS_min) / (nper - 1) : 1
if (per < 1) { per = 1 }
array fills[8] = [3, 1, 4, 2, 5, 6, 7, 3]
bw = 0.84 * per / n
kmax = goal
do for [k=1:n] {
    stats datafile index 1 using (column(2 * k + 2)) nooutput
    if (STATS_max > kmax) { kmax = STATS_max }
}
set title "Weekly running distance: " . ttl noenhanced
if (per == 1) {
    set xlabel "week"
    set ylabel "running distance (km per week)"
} else {
    set xlabel sprintf("week (each bar: the mean over %d weeks)", per)
    set ylabel sprintf("running distance (km per week, mean over %d weeks)", per)
}
set xrange [0.5:nweeks + 0.5]
# about a dozen labelled ticks whatever the length
xstep = (nweeks <= 16) ? 1 : (nweeks <= 26) ? 2 : (nweeks <= 52) ? 4 : (nweeks <= 104) ? 8 : (nweeks <= 260) ? 26 : 52
set xtics xstep
set mxtics
# room above the highest bar and its marker for the key-free top
set yrange [0:1.12 * kmax]
set grid noxtics ytics
set style fill solid 1.0 border
set boxwidth bw absolute
set arrow 1 from graph 0, first goal to graph 1, first goal nohead lc rgb "#444444" dt 2 lw 1.5 front
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,700 noenhanced font "sans,12"
    } else {
        set terminal svg size 1200,700 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    plot for [k=1:n] datafile index 1 using ($3 + (k - (n + 1) / 2.0) * bw):(column(2 * k + 2)) with boxes lt sty[k] lw 1 fs pattern fills[sty[k]] border lc rgb col[sty[k]] title names[k], \
         for [k=1:n] datafile index 1 using ($3 + (k - (n + 1) / 2.0) * bw):(column(2 * k + 3) > 0 ? column(2 * k + 2) + 0.025 * kmax : NaN) with points lt sty[k] pt 9 ps (per == 1 ? 1.1 : 0.8) notitle, \
         NaN with points pt 8 ps 1.2 lc rgb "#444444" title (per == 1 ? "week with an intensity session" : "period with an intensity session"), \
         NaN with lines lc rgb "#444444" dt 2 lw 1.5 title sprintf("goal %g km per week", goal)
    unset output
}
