# hidden_state.gp: the model's hidden state over time, one line per run or
# protocol (calfsim lesson figures and the oracle section of a compare
# report): capacity and effective capacity in % of healthy, sensitisation,
# structural micro-damage and acute fatigue. These are model internals: a
# clinician never sees them in a patient.
# Script arguments (gnuplot -c hidden_state.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]):
#   ARG1 data file, one block per run (gnuplot index), columns: day,
#   capacity % of healthy, effective capacity % of healthy, sensitisation Z,
#   damage D, acute fatigue Fa, irritation I; ARG2 output base name (writes
#   BASE.png and BASE.svg); ARG3 the title; ARG4.. run names in block order
#   (at most 5). User text arrives only through ARG3.. and is printed
#   noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c hidden_state.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
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
if (n < 1) { print "usage: gnuplot -c hidden_state.gp DATA BASE TITLE [styles=S1 S2 ...] NAME1 [NAME2 ...]"; exit status 2 }
if (n > 5) { n = 5 }
array names[5]
array sty[5]
do for [k=1:n] { names[k] = ARGV[first + k - 1]; sty[k] = int(word(styles, k)); if (sty[k] < 1 || sty[k] > 8) { sty[k] = k } }
# the eight styles: Okabe-Ito colours (colour-blind safe), and for greyscale
# print a dash pattern and a marker of their own
array col[8] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000", "#E69F00", "#56B4E9", "#882255"]
set linetype 1 lc rgb col[1] lw 2.2 dt 1 pt 7 ps 0.6
set linetype 2 lc rgb col[2] lw 2.2 dt (8,4) pt 5 ps 0.6
set linetype 3 lc rgb col[3] lw 2.2 dt (2,3) pt 9 ps 0.6
set linetype 4 lc rgb col[4] lw 2.2 dt (8,3,2,3) pt 13 ps 0.6
set linetype 5 lc rgb col[5] lw 2.2 dt (14,4) pt 11 ps 0.6
set linetype 6 lc rgb col[6] lw 2.2 dt (8,3,2,3,2,3) pt 6 ps 0.6
set linetype 7 lc rgb col[7] lw 2.2 dt (4,3) pt 4 ps 0.6
set linetype 8 lc rgb col[8] lw 2.2 dt (14,3,2,3) pt 8 ps 0.6
stats datafile using 1 nooutput
maxday = STATS_max
# long runs in weeks, short scenarios in days; every row holds the state at
# the start of its day, so the axis reads "start of day"
if (maxday > 56) { xs = 7.0; xl = "time from start (weeks)" } else { xs = 1.0; xl = "start of day" }
set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set xlabel xl
set autoscale xfix
if (maxday <= 1) { set xrange [0:2] }
# whole days (or weeks) on the axis, never 1.5
xstep = (xs == 1.0) ? ((maxday <= 21) ? 1 : 7) : ((maxday <= 364) ? 2 : 13)
set xtics xstep
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,860 noenhanced font "sans,11"
    } else {
        set terminal svg size 1200,860 noenhanced font "sans,11"
    }
    set output base . "." . fmt
    set multiplot layout 2,2 title ttl . " (model internals)" noenhanced margins 0.08, 0.97, 0.15, 0.9 spacing 0.1, 0.12
    # the key below the panels, where it covers no line
    set key at screen 0.5, screen 0.02 center bottom horizontal noenhanced samplen 4 font ",10" maxrows 2
    set title "Capacity, % of healthy (thick); effective on the day (thin)" noenhanced
    set ylabel "% of healthy capacity"
    set yrange [*:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):2 with lines lt sty[k] title names[k], \
         for [k=1:n] datafile index (k-1) using ($1/xs):3 with lines lt sty[k] lw 0.8 notitle
    unset key
    set title "Sensitisation (1 = reacts like a healthy calf)" noenhanced
    set ylabel "Z"
    set yrange [0.9:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):4 with lines lt sty[k] notitle
    set title "Structural micro-damage (0.2 = habitual running, 1 = median failure)" noenhanced
    set ylabel "D (Miner fraction)"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):5 with lines lt sty[k] notitle
    set title "Acute fatigue (0 = fully rested)" noenhanced
    set ylabel "Fa"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):6 with lines lt sty[k] notitle
    unset multiplot
    unset output
}
