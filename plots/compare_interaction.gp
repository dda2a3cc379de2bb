# compare_interaction.gp: figure 6 of calfsim compare: how distance, speed
# and recovery days interact for this patient. Three panels (0, 1 and 2 rest
# days after a standard preceding run); across: distance of the run (km), up:
# its speed (km/h); colour: next-morning pain (0-10, a palette whose
# lightness rises steadily so it reads in greyscale); black lines: next-
# morning pain 1, 2 and 3.
# Script arguments (gnuplot -c compare_interaction.gp DATA BASE TITLE NOTE):
#   ARG1 compare_interaction.dat (blocks 0, 1, 2 = rest days); ARG2 output
#   base name (BASE.png, BASE.svg); ARG3 the patient's name; ARG4 a note on
#   the preceding run. User text arrives only through ARG3 and ARG4 and is
#   printed noenhanced; it is never part of gnuplot code.
if (ARGC < 3) { print "usage: gnuplot -c compare_interaction.gp DATA BASE TITLE [NOTE]"; exit status 2 }
datafile = ARG1
base = ARG2
ttl = ARG3
note = (ARGC >= 4) ? ARG4 : ""
set datafile missing "NaN"
set view map
set pm3d map corners2color c1
set palette defined (0 "#1a1a4e", 1.5 "#3b528b", 3 "#21918c", 5 "#5ec962", 7.5 "#c8e020", 10 "#fdf5a0")
set cbrange [0:10]
set cblabel "next-morning pain (NRS 0-10)"
set contour base
set cntrparam levels discrete 1, 2, 3
set cntrparam bspline
unset surface
set xlabel "run distance (km)"
set ylabel "run speed (km/h)"
set key off
set tics out
set cntrlabel onecolor format "%g" start 5 interval 25
do for [fmt in "png svg"] {
    if (fmt eq "png") {
        set terminal pngcairo size 1500,620 noenhanced font "sans,12"
    } else {
        set terminal svg size 1500,620 noenhanced font "sans,12"
    }
    set output base . "." . fmt
    set multiplot layout 1,3 title "Distance, speed and recovery days: " . ttl . " (" . note . ")" noenhanced margins 0.05, 0.92, 0.14, 0.86 spacing 0.05
    do for [r=0:2] {
        set title (r == 0 ? "next day (0 rest days)" : sprintf("after %d rest day%s", r, r > 1 ? "s" : ""))
        if (r < 2) { unset colorbox } else { set colorbox user origin 0.935, 0.14 size 0.015, 0.72 }
        splot datafile index r using 1:2:3 with pm3d notitle, \
              datafile index r using 1:2:3 with lines lc rgb "#000000" lw 1.5 nosurface notitle, \
              datafile index r using 1:2:3 with labels boxed notitle
    }
    unset multiplot
    unset output
}
