#!/usr/bin/env bash
# cohort_plots.sh: the figures of `calfsim cohort`. Without gnuplot the .dat
# and .gp files of the outcome comparison are still written, with one
# warning. Every figure is drawn under a temporary name and renamed (a
# failing gnuplot leaves an earlier image whole). With gnuplot: outcome_compare.png/.svg (shares with intervals,
# time to goal, paired differences) exist, are a valid PNG and a well-formed
# SVG, are byte-identical for --threads 1 and 2, leave no temporary files,
# and carry the model-output wording; a one-protocol cohort draws it too.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
THREE=("$PR/symptom_guided.lua" "$PR/ten_percent.lua" "$PR/strength_first.lua")

mkdir -p "$T/nobin"
PATH="$T/nobin" "$CALFSIM" cohort "${THREE[@]}" --patient "$P/distance_limited.lua" --n 60 --weeks 6 \
    --out "$T/n" >/dev/null 2>"$T/n.err" || fail "cohort without gnuplot exited $?"
[ "$(grep -c . "$T/n.err")" -eq 1 ] && grep -q "gnuplot not found" "$T/n.err" &&
    pass "one warning without gnuplot" || fail "warning: $(cat "$T/n.err")"
for f in outcome_compare.gp outcome_compare.dat; do
    [ -s "$T/n/$f" ] && pass "$f without gnuplot" || fail "no $f without gnuplot"
done
[ -e "$T/n/outcome_compare.png" ] && fail "outcome_compare.png without gnuplot?"
# the data behind the forest plot: 3 outcomes x 2 protocols after the first
rows=$(awk '/^# block 1/ { b = 1; next } b && !/^#/ && NF { n++ } END { print n + 0 }' "$T/n/outcome_compare.dat")
check "$rows == 6" "outcome_compare.dat: one paired-difference row per outcome and protocol ($rows)"

# every figure (fan_K, outcomes, outcome_compare) is drawn under a temporary
# name and renamed: a fake gnuplot logs the base name it was given (its 5th
# argument: -c TEMPLATE DATA TITLE BASE ...) and writes BASE.png/.svg; one
# failing on a template leaves the earlier image of that name whole
mkdir -p "$T/fake"
cat >"$T/fake/gnuplot" <<'GP'
#!/bin/sh
echo "$5" >>"$GP_LOG"
case $2 in *"$GP_FAIL") : >"$5.png"; echo "\"$2\" line 1: failed" >&2; exit 1 ;; esac
echo "$5" >"$5.png"
echo "$5" >"$5.svg"
GP
chmod +x "$T/fake/gnuplot"
GP_LOG="$T/gp.log" GP_FAIL=none PATH="$T/fake:$PATH" "$CALFSIM" cohort "${THREE[@]}" \
    --patient "$P/distance_limited.lua" --n 20 --weeks 2 --out "$T/f" >/dev/null 2>"$T/f.err" ||
    fail "cohort with the fake gnuplot exited $?: $(cat "$T/f.err")"
check "$(wc -l <"$T/gp.log") == 5" "5 figures drawn ($(wc -l <"$T/gp.log"))"
for b in fan_1 fan_2 fan_3 outcomes outcome_compare; do
    grep -qx "\.$b\.tmp\.[0-9]*" "$T/gp.log" && pass "$b drawn under a temporary name" ||
        fail "$b drawn as: $(grep "$b" "$T/gp.log")"
    [ "$(cat "$T/f/$b.png" 2>/dev/null)" != "" ] && [ -s "$T/f/$b.svg" ] && pass "$b.png/.svg renamed into place" ||
        fail "no $b.png/.svg"
done
ls -A "$T/f" | grep '^\.' | grep -qvx '\.calfsim-out' && fail "temporary files left: $(ls -A "$T/f" | grep '^\.' | grep -vx '\.calfsim-out')" || pass "no temporary files left"
for t in fan.gp outcomes.gp; do
    b=$([ $t = fan.gp ] && echo fan_1 || echo outcomes)
    echo old >"$T/f/$b.png"
    GP_LOG="$T/gp2.log" GP_FAIL=$t PATH="$T/fake:$PATH" "$CALFSIM" cohort "${THREE[@]}" \
        --patient "$P/distance_limited.lua" --n 20 --weeks 2 --out "$T/f" >/dev/null 2>&1 &&
        fail "a failing gnuplot on $t: exit 0"
    [ "$(cat "$T/f/$b.png")" = old ] && pass "$t failed: the earlier $b.png is left whole" ||
        fail "$t failed: $b.png is now '$(cat "$T/f/$b.png" 2>&1)'"
    ls -A "$T/f" | grep '^\.' | grep -qvx '\.calfsim-out' && fail "$t failed: temporary files left: $(ls -A "$T/f" | grep '^\.' | grep -vx '\.calfsim-out')" ||
        pass "$t failed: no temporary files left"
done

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: gnuplot not installed (CI installs it)"
    [ "$FAILS" -ne 0 ] && finish
    exit 77
fi

for t in 1 2; do
    "$CALFSIM" cohort "${THREE[@]}" --patient "$P/distance_limited.lua" --n 300 --weeks 12 --seed 3 \
        --threads $t --out "$T/g$t" >/dev/null 2>"$T/g$t.err" || fail "cohort --threads $t exited $?"
    [ -s "$T/g$t.err" ] && fail "gnuplot or calfsim wrote to stderr: $(head -5 "$T/g$t.err")"
done
for f in outcome_compare.png outcome_compare.svg outcome_compare.dat outcome_compare.gp \
    outcomes.png fan_1.png fan_3.svg; do
    [ -s "$T/g1/$f" ] || { fail "$f missing or empty"; continue; }
    cmp -s "$T/g1/$f" "$T/g2/$f" && pass "$f non-empty and identical for 1 and 2 threads" ||
        fail "$f differs between 1 and 2 threads"
done
[ "$(head -c 8 "$T/g1/outcome_compare.png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] &&
    [ "$(wc -c <"$T/g1/outcome_compare.png")" -gt 10000 ] && pass "outcome_compare.png is a PNG" ||
    fail "outcome_compare.png is not a PNG of a figure"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$T/g1/outcome_compare.svg" >/dev/null &&
    pass "outcome_compare.svg well-formed" || fail "outcome_compare.svg not well-formed"; }
# the outcomes key still reads the protocol names from outcomes.dat's header
# (gnuplot's columnhead, after the provenance line)
for w in "Symptom-guided return" "Ten percent rule"; do
    grep -qF ">$w<" "$T/g1/outcomes.svg" && pass "outcomes.svg key: $w" || fail "outcomes.svg key lacks: $w"
done
for w in "model outputs under stated assumptions, not a patient's risk" "paired differences against" \
    "Wilson"; do
    grep -qF "$w" "$T/g1/outcome_compare.svg" && pass "figure says: $w" || fail "figure lacks: $w"
done
# the discordant counts are model outputs (they move with the registry's priors)
grep -qE "discordant [0-9]+ vs [0-9]+" "$T/g1/outcome_compare.svg" && pass "figure gives discordant counts" ||
    fail "figure lacks the discordant counts"
ls -A "$T/g1" | grep '^\.' | grep -qvx '\.calfsim-out' && fail "temporary files left: $(ls -A "$T/g1" | grep '^\.' | grep -vx '\.calfsim-out')" ||
    pass "no temporary files left"

"$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/speed_sensitive.lua" --n 40 --weeks 4 \
    --out "$T/one" >/dev/null 2>"$T/one.err" || fail "one-protocol cohort exited $?"
[ -s "$T/one.err" ] && fail "one protocol: stderr: $(head -3 "$T/one.err")"
[ -s "$T/one/outcome_compare.png" ] && grep -qF "no paired comparison" "$T/one/outcome_compare.svg" &&
    pass "one protocol: figure drawn, no paired comparison" || fail "one-protocol figure"
finish
