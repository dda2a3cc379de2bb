# tornado.gp: tornado figure of `calfsim sensitivity`: the inputs that
# drive one outcome most, largest effect on top, with 95% intervals.
# Script arguments (gnuplot -c tornado.gp DATA TITLE BASE METHOD NBARS):
#   ARG1 data file (tornado_M.dat): rows "row \"input\" values..."; for
#        sobol: first first_lo first_hi total total_lo total_hi, for prcc:
#        prcc lo hi; ARG2 the title; ARG3 output base (BASE.png, BASE.svg);
#   ARG4 sobol or prcc; ARG5 the number of rows.
# Input names arrive only through the data file and are printed noenhanced.
if (ARGC < 5) { print "usage: gnuplot -c tornado.gp DATA TITLE BASE METHOD NBARS"; exit status 2 }
datafile = ARG1
ttl = ARG2
base = ARG3
method = ARG4
nb = int(ARG5)

set datafile missing "NaN"
set grid xtics lc rgb "#dddddd"
set key outside bottom center horizontal noenhanced
set yrange [nb - 0.5:-0.5]
set ytics noenhanced
set style fill solid 0.8 noborder
bw = 0.35

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 900,160+28*nb noenhanced font "sans,10"
    } else {
        set terminal svg size 900,160+28*nb noenhanced font "sans,10"
    }
    set output base . "." . fmt
    set title ttl noenhanced
    if (method eq "sobol") {
        set xlabel "Sobol index (share of the outcome's variance); bars: 95% bootstrap intervals"
        set xrange [-0.05:*]
        plot datafile using 6:1:(0):6:($1-bw):($1) with boxxyerrorbars lc rgb "#1f5fa8" title "total (ST)", \
             datafile using 6:($1-bw/2):7:8 with xerrorbars lc rgb "#0b2f5a" pt 0 notitle, \
             datafile using 3:1:(0):3:($1):($1+bw):ytic(2) with boxxyerrorbars lc rgb "#e08a1e" title "first order (S)", \
             datafile using 3:($1+bw/2):4:5 with xerrorbars lc rgb "#7a4a0c" pt 0 notitle
    } else {
        set xlabel "partial rank correlation coefficient; bars: 95% intervals (Fisher z)"
        set xrange [-1:1]
        plot datafile using (0):1:(0):3:($1-bw):($1+bw):ytic(2) with boxxyerrorbars lc rgb "#1f5fa8" title "PRCC", \
             datafile using 3:1:4:5 with xerrorbars lc rgb "#0b2f5a" pt 7 ps 0.6 notitle
    }
    unset output
}
