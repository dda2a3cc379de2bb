# hidden_state.gp: the model's hidden state over time, one line per run or
# protocol (calfsim lesson figures and the oracle section of a compare
# report): capacity and effective capacity in % of healthy, sensitisation,
# structural micro-damage and acute fatigue. These are model internals: a
# clinician never sees them in a patient.
# Script arguments (gnuplot -c hidden_state.gp DATA BASE TITLE NAME1 [NAME2 ...]):
#   ARG1 data file, one block per run (gnuplot index), columns: day,
#   capacity % of healthy, effective capacity % of healthy, sensitisation Z,
#   damage D, acute fatigue Fa, irritation I; ARG2 output base name (writes
#   BASE.png and BASE.svg); ARG3 the title; ARG4.. run names in block order
#   (at most 5). User text arrives only through ARG3.. and is printed
#   noenhanced; it is never part of gnuplot code.
if (ARGC < 4) { print "usage: gnuplot -c hidden_state.gp DATA BASE TITLE NAME1 [NAME2 ...]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
n = ARGC - 3
if (n > 5) { n = 5 }
array names[5]
names[1] = ARG4; names[2] = ARG5; names[3] = ARG6; names[4] = ARG7; names[5] = ARG8
array col[5] = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"]
array dts[5] = [1, 2, 4, 5, 3]
do for [k=1:5] { set linetype k lc rgb col[k] lw 2.2 dt dts[k] }
stats datafile using 1 nooutput
maxday = STATS_max
# long runs in weeks, short scenarios in days
if (maxday > 56) { xs = 7.0; xl = "time from start (weeks)" } else { xs = 1.0; xl = "day" }
set grid xtics ytics lc rgb "#e0e0e0" lw 1 dt 1
set xlabel xl
set autoscale xfix
if (maxday <= 1) { set xrange [0:2] }
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1200,860 noenhanced font "sans,11"
    } else {
        set terminal svg size 1200,860 noenhanced font "sans,11"
    }
    set output base . "." . fmt
    set multiplot layout 2,2 title ttl . " (model internals)" noenhanced
    set key top left noenhanced samplen 4 opaque box font ",10"
    set title "Capacity, % of healthy (thick); effective on the day (thin)" noenhanced
    set ylabel "% of healthy capacity"
    set yrange [*:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):2 with lines lt k title names[k], \
         for [k=1:n] datafile index (k-1) using ($1/xs):3 with lines lt k lw 0.8 notitle
    unset key
    set title "Sensitisation (1 = reacts like a healthy calf)" noenhanced
    set ylabel "Z"
    set yrange [0.9:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):4 with lines lt k notitle
    set title "Structural micro-damage (0.2 = habitual running, 1 = median failure)" noenhanced
    set ylabel "D (Miner fraction)"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):5 with lines lt k notitle
    set title "Acute fatigue (0 = fully rested)" noenhanced
    set ylabel "Fa"
    set yrange [0:*]
    plot for [k=1:n] datafile index (k-1) using ($1/xs):6 with lines lt k notitle
    unset multiplot
    unset output
}
