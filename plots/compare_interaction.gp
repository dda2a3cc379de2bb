# compare_interaction.gp: figure 6 of calfsim compare: how distance, speed
# and recovery days interact for this patient. Three panels (0, 1 and 2 rest
# days after a standard preceding run); across: distance of the run (km), up:
# its speed (km/h); colour: the highest pain during that run (0-10, a
# palette whose lightness rises steadily so it reads in greyscale); white
# lines: pain 2 (symptom onset, solid) and the pain limit (dashed).
# Script arguments (gnuplot -c compare_interaction.gp DATA BASE TITLE [NOTE]):
#   ARG1 compare_interaction.dat (blocks 0, 1, 2 = rest days; columns km,
#   kmh, next-morning pain, pain during, pain limit); ARG2 output base name (BASE.png,
#   BASE.svg); ARG3 the patient's name; ARG4 a note on the preceding run.
#   User text arrives only through ARG3 and ARG4 and is printed noenhanced;
#   it is never part of gnuplot code.
if (ARGC < 3) { print "usage: gnuplot -c compare_interaction.gp DATA BASE TITLE [NOTE]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
note = (ARGC >= 4) ? ARG4 : ""
stats datafile index 0 using 5 nooutput
limit = STATS_max
set palette defined (0 "#1a1a4e", 1.5 "#3b528b", 3 "#21918c", 5 "#5ec962", 7.5 "#c8e020", 10 "#fdf5a0")
set cbrange [0:10]
set cblabel "highest pain during the run (NRS 0-10)"
set xlabel "run distance (km)"
set ylabel "run speed (km/h)"
set tics out

# contour lines of pain 2 and the pain limit, per panel, into datablocks
set view map
set contour base
unset surface
set cntrparam bspline
set cntrparam levels discrete 2
set table $on0
splot datafile index 0 using 1:2:4 with lines notitle
set table $on1
splot datafile index 1 using 1:2:4 with lines notitle
set table $on2
splot datafile index 2 using 1:2:4 with lines notitle
set cntrparam levels discrete limit
set table $lim0
splot datafile index 0 using 1:2:4 with lines notitle
set table $lim1
splot datafile index 1 using 1:2:4 with lines notitle
set table $lim2
splot datafile index 2 using 1:2:4 with lines notitle
unset table
unset contour
set surface
set view noequal_axes
set size noratio
set autoscale xfix
set autoscale yfix
unset key
set label 9 sprintf("white lines: solid = pain 2 during the run (symptom onset); dashed = pain %g (the pain limit)", limit) at screen 0.48, screen 0.05 center
set style line 101 lc rgb "#ffffff" lw 3 dt 1
set style line 102 lc rgb "#ffffff" lw 3 dt 2
set object 1 rect from graph 0, graph 0 to graph 1, graph 1 behind fc rgb "#888888" fs solid 1.0 noborder

do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1500,640 noenhanced font "sans,12"
    } else {
        set terminal svg size 1500,640 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    set multiplot layout 1,3 title "Distance, speed and recovery days: " . ttl . " (" . note . ")" noenhanced margins 0.05, 0.91, 0.2, 0.88 spacing 0.07
    do for [r=0:2] {
        set title (r == 0 ? "next day (0 rest days)" : sprintf("after %d rest day%s", r, r > 1 ? "s" : ""))
        if (r < 2) { unset colorbox } else { set colorbox user origin 0.925, 0.2 size 0.015, 0.68 }
        if (r == 0) { plot datafile index 0 using 1:2:4 with image notitle, $on0 using 1:2 with lines ls 101 title "pain 2 during the run (symptom onset)", $lim0 using 1:2 with lines ls 102 title sprintf("pain %g (pain limit)", limit) }
        if (r == 1) { plot datafile index 1 using 1:2:4 with image notitle, $on1 using 1:2 with lines ls 101 title "pain 2 during the run (symptom onset)", $lim1 using 1:2 with lines ls 102 title sprintf("pain %g (pain limit)", limit) }
        if (r == 2) { plot datafile index 2 using 1:2:4 with image notitle, $on2 using 1:2 with lines ls 101 title "pain 2 during the run (symptom onset)", $lim2 using 1:2 with lines ls 102 title sprintf("pain %g (pain limit)", limit) }
    }
    unset multiplot
    unset output
}
