#!/usr/bin/env bash
# calfsim sweep outputs and figures: a metric with no value anywhere gets no
# figure (one line on stderr, success); a failing gnuplot leaves no partial
# image and is reported in one line; gnuplot's notes on constant data stay
# quiet; a sweep failing part way leaves no output folder; param_hash is that
# of the base settings, whatever the swept ranges; one-line error messages.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
pat="$P/distance_limited.lua"
sg="$PR/symptom_guided.lua"

# 1. a fake gnuplot (PATH) that writes a partial image of its figure (BASE =
# its 5th argument: -c TEMPLATE DATA TITLE BASE ...) and fails with several
# lines on stderr; a second one succeeds after notes on constant data
mkdir -p "$T/bad" "$T/noisy"
cat >"$T/bad/gnuplot" <<'GP'
#!/bin/sh
: >"$5.png"
echo "\"$2\" line 34: warning: Skipping data file with no valid points" >&2
echo "         plot datafile using 1:2:col with image" >&2
echo "                                               ^" >&2
echo "\"$2\" line 34: x range is invalid" >&2
echo "" >&2
exit 1
GP
cat >"$T/noisy/gnuplot" <<'GP'
#!/bin/sh
echo "Warning: empty y range [0:0], adjusting to [-1:1]" >&2
echo "Warning: empty cb range [2.5:2.5], adjusting to [2.475:2.525]" >&2
echo "a note from the template" >&2
: >"$5.png"
exit 0
GP
chmod +x "$T/bad/gnuplot" "$T/noisy/gnuplot"
mkdir -p "$T/fb"
: >"$T/fb/.calfsim-out"     # the stamp of an earlier calfsim run into fb
echo keep >"$T/fb/keep.png" # the earlier run's outputs stay whole when this one fails
expect_error 4 "figure sweep_peak_pain not drawn \(gnuplot failed in .*\): \"sweep_heatmap.gp\" line 34: x range is invalid$" \
    env PATH="$T/bad:$PATH" "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 \
    --vary growth=0:0.2:0.1 --vary tau_r=10:20:10 --metric peak_pain --out "$T/fb"
[ -e "$T/fb/sweep_peak_pain.png" ] && fail "failed gnuplot left sweep_peak_pain.png" ||
    pass "failed gnuplot: no partial image"
[ "$(cat "$T/fb/keep.png")" = keep ] && pass "other images untouched" || fail "keep.png changed"
[ -e "$T/fb/grid.csv" ] && fail "a failed run's grid.csv landed beside the earlier outputs" ||
    pass "a failed run lands nothing (its grid.csv neither)"
# an image of the same name from the earlier run is left as it was
echo old >"$T/fb/sweep_peak_pain.png"
env PATH="$T/bad:$PATH" "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --vary growth=0:0.2:0.1 \
    --vary tau_r=10:20:10 --metric peak_pain --out "$T/fb" >/dev/null 2>&1
[ "$(cat "$T/fb/sweep_peak_pain.png")" = old ] && pass "the earlier image is left whole" ||
    fail "earlier image now: $(cat "$T/fb/sweep_peak_pain.png" 2>&1)"
ls -A "$T" | grep -q '^\.fb\.new\.' && fail "work folder left: $(ls -A "$T")" || pass "no work folder left"

env PATH="$T/noisy:$PATH" "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --vary growth=0:0.2:0.1 \
    --out "$T/fn" >/dev/null 2>"$T/fn.err" || fail "noisy gnuplot: exit $?"
[ "$(cat "$T/fn.err")" = "a note from the template" ] && pass "empty-range notes dropped, others kept" ||
    fail "stderr: $(cat "$T/fn.err")"

# calfsim.plot in a study script goes through the same runner
cat >"$T/study.lua" <<'LUA'
calfsim.plot("lines", { { x = 1, y = 2 }, { x = 2, y = 3 } }, { name = "fig", x = "x", y = { "y" } })
LUA
# (exit 4 as in sweep: a figure that cannot be drawn is an I/O failure, which a
# study's pcall cannot swallow)
expect_error 4 "figure fig not drawn \(gnuplot failed in .*\): \"sweep_lines.gp\" line 34: x range is invalid$" \
    env PATH="$T/bad:$PATH" "$CALFSIM" script "$T/study.lua" --out "$T/st"
ls "$T/st"/*.png >/dev/null 2>&1 && fail "calfsim.plot left a partial image" || pass "calfsim.plot: no partial image"
env PATH="$T/noisy:$PATH" "$CALFSIM" script "$T/study.lua" --out "$T/st2" >/dev/null 2>"$T/st2.err" ||
    fail "study with noisy gnuplot: exit $?"
[ "$(cat "$T/st2.err")" = "a note from the template" ] && pass "calfsim.plot: empty-range notes dropped" ||
    fail "study stderr: $(cat "$T/st2.err")"

# 2. metrics with no value at any point (no injury, goal not reached in 8 weeks)
if command -v gnuplot >/dev/null 2>&1; then
    "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 8 --vary growth=0:0.3:0.1 --vary tau_r=10:20:10 \
        --metric injury_day --metric peak_pain --out "$T/b2" >/dev/null 2>"$T/b2.err" || fail "blank metric, 2 variables: exit $?"
    [ "$(cat "$T/b2.err")" = "calfsim: sweep: injury_day has no value at any grid point (no injury in any run); no figure" ] &&
        pass "blank metric: one line" || fail "blank metric stderr: $(cat "$T/b2.err")"
    [ -e "$T/b2/sweep_injury_day.png" ] && fail "figure of a blank metric" || pass "no figure of a blank metric"
    [ -s "$T/b2/sweep_peak_pain.png" ] && pass "other metric drawn" || fail "no sweep_peak_pain.png"
    [ "$(sed -n 2p "$T/b2/grid.dat")" = "# growth tau_r peak_pain" ] && pass "grid.dat without it" ||
        fail "grid.dat header: $(sed -n 2p "$T/b2/grid.dat")"
    grep -v '^#' "$T/b2/grid.csv" | head -1 | grep -q injury_day && pass "grid.csv keeps every metric" ||
        fail "grid.csv lost injury_day"

    "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 8 --vary growth=0:0.3:0.1 --metric injury_day \
        --metric goal_reached_day --out "$T/b1" >/dev/null 2>"$T/b1.err" || fail "blank metrics, 1 variable: exit $?"
    check "$(wc -l <"$T/b1.err") == 2" "one line per blank metric"
    grep -q "goal_reached_day has no value at any grid point (goal not reached in any run); no figure" "$T/b1.err" &&
        pass "goal_reached_day named" || fail "stderr: $(cat "$T/b1.err")"
    [ -e "$T/b1/sweep.png" ] && fail "sweep.png of blank metrics" || pass "no sweep.png"
    ls "$T/b1"/*.png >/dev/null 2>&1 && fail "an image was left" || pass "no images at all"

    "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 8 --vary growth=0:0.3:0.1 --metric injury_day \
        --metric total_km --out "$T/b3" >/dev/null 2>"$T/b3.err" || fail "one blank of two: exit $?"
    grep -q "injury_day has no value at any grid point (no injury in any run); not in the figure" "$T/b3.err" &&
        pass "left out of the lines figure" || fail "stderr: $(cat "$T/b3.err")"
    [ -s "$T/b3/sweep.png" ] && pass "lines figure of the other metric" || fail "no sweep.png"
    [ "$(sed -n 2p "$T/b3/grid.dat")" = "growth total_km" ] && pass "grid.dat header" ||
        fail "grid.dat header $(sed -n 2p "$T/b3/grid.dat")"
    # the lines figure's key still reads the header (columnhead) after the
    # provenance line
    grep -q '>total_km<' "$T/b3/sweep.svg" && pass "sweep.svg key: total_km" || fail "sweep.svg has no key total_km"

    # a metric constant over the grid: gnuplot's empty-range warnings stay quiet
    "$CALFSIM" sweep "$sg" --patient "$pat" --weeks 4 --vary growth=0:0.2:0.1 --vary tau_r=10:20:10 \
        --metric peak_pain --out "$T/c2" >/dev/null 2>"$T/c2.err" || fail "constant metric: exit $?"
    [ -s "$T/c2.err" ] && fail "stderr of a constant metric: $(cat "$T/c2.err")" || pass "constant metric: quiet"
    [ -s "$T/c2/sweep_peak_pain.png" ] && pass "constant metric drawn" || fail "no figure of a constant metric"
fi
# with --no-plots grid.dat keeps every chosen metric, as before
"$CALFSIM" sweep "$sg" --patient "$pat" --weeks 8 --vary growth=0:0.3:0.1 --metric injury_day --no-plots \
    --out "$T/np" >/dev/null 2>"$T/np.err" || fail "--no-plots: exit $?"
[ "$(sed -n 2p "$T/np/grid.dat")" = "growth injury_day" ] && [ ! -s "$T/np.err" ] && pass "--no-plots: grid.dat unchanged" ||
    fail "--no-plots grid.dat: $(sed -n 2p "$T/np/grid.dat")"
# grid.dat opens with grid.csv's provenance line (version, protocol,
# param_hash), then its header
head -1 "$T/np/grid.csv" | grep -qE '^# calfsim [0-9.]+; sweep of symptom_guided; seed: 0; param_hash: [0-9a-f]{16}$' &&
    [ "$(head -1 "$T/np/grid.dat")" = "$(head -1 "$T/np/grid.csv")" ] && pass "grid.dat opens with the provenance line" ||
    fail "grid.dat line 1: $(head -1 "$T/np/grid.dat")"

# 3. a sweep failing part way leaves no output folder
expect_error 1 "^calfsim: k = 2: .*k is 2 or more" "$CALFSIM" sweep "$CALF_SRC/tests/e2e/data/sweep_fails_at_k2.lua" \
    --patient "$pat" --weeks 2 --vary k=0:3:1 --no-plots --out "$T/part"
[ -e "$T/part" ] && fail "failed sweep left $(ls -A "$T/part" | wc -l) file(s) in a new folder" ||
    pass "failed sweep: no folder"

# 4. param_hash: the base settings', the same for any range of a swept protocol parameter
hash() { sed -n 's/.*param_hash: \([0-9a-f]*\).*/\1/p' "$1/grid.csv"; }
"$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --no-plots --vary growth=0:0.3:0.1 --out "$T/h3" >/dev/null
"$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --no-plots --vary growth=0:0.2:0.1 --out "$T/h2" >/dev/null
"$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --no-plots --vary tau_r=10:20:10 --out "$T/h0" >/dev/null
"$CALFSIM" cohort "$sg" --patient "$pat" --weeks 2 --n 16 --no-plots --out "$T/hc" >/dev/null
hc=$(sed -n 's/.*"param_hash": "\([0-9a-f]*\)".*/\1/p' "$T/hc/cohort.json")
[ -n "$(hash "$T/h3")" ] && [ "$(hash "$T/h3")" = "$(hash "$T/h2")" ] && pass "hash independent of the range" ||
    fail "hash $(hash "$T/h3") vs $(hash "$T/h2")"
[ "$(hash "$T/h3")" = "$(hash "$T/h0")" ] && [ "$(hash "$T/h0")" = "$hc" ] &&
    pass "hash of the base settings (= cohort.json's for the same protocol)" ||
    fail "hash $(hash "$T/h3") vs unswept $(hash "$T/h0") vs cohort $hc"
"$CALFSIM" sweep "$sg" --patient "$pat" --weeks 2 --no-plots --vary tau_r=10:20:10 --set growth=0.2 \
    --out "$T/hs" >/dev/null
[ "$(hash "$T/hs")" != "$(hash "$T/h0")" ] && pass "--set changes the hash" || fail "--set ignored by the hash"

# 5. one-line errors that name the right option
expect_error 5 "^calfsim: --vary tau_r = -5: allowed 5 to 30 d$" "$CALFSIM" sweep "$sg" --patient "$pat" \
    --vary tau_r=-5:1:1
expect_error 2 "at most 16 metrics" "$CALFSIM" sweep "$sg" --patient "$pat" --vary growth=0:0.1:0.1 \
    $(for i in $(seq 17); do echo --metric total_km; done)
expect_error 2 "patient.symptoms.irritability: a choice \(low, moderate, high\), not a number; only numeric patient fields can be swept" \
    "$CALFSIM" sweep "$sg" --patient "$pat" --vary patient.symptoms.irritability=0:1:1
expect_error 2 "decimal numbers" "$CALFSIM" sweep "$sg" --patient "$pat" --vary growth=0x1:2:1
expect_error 5 "not a number" "$CALFSIM" run "$sg" --patient "$pat" --set growth=0x0.1
finish
