#!/usr/bin/env bash
# Every shipped protocol runs 26 weeks on every shipped patient without
# error, and each protocol's defining behaviour holds in its trace.
. "$CALF_SRC/tests/lib/e2e.sh"
for pr in "$CALF_SRC"/protocols/*.lua; do
    for pa in "$P"/*.lua; do
        name=$(basename "$pr" .lua)-$(basename "$pa" .lua)
        if "$CALFSIM" run "$pr" --patient "$pa" --weeks 26 --out "$T/$name" >/dev/null 2>"$T/err"; then
            pass "$name"
        else
            fail "$name: $(cat "$T/err")"
        fi
    done
done

# the pain ceiling (model.md section 3): in no trace does a run's pain go
# above pain_stop (7): a run stops there whatever the protocol says, and
# three such days in a row are an injury event with time lost
over=0
for tr in "$T"/*/trace.csv; do
    m=$(awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
        $c["runs_stopped"] > 0 || $c["run_km"] > 0 { if ($c["pain_during_max"] + 0 > m) m = $c["pain_during_max"] + 0 }
        END { print m + 0 }' "$tr")
    awk -v m="$m" 'BEGIN { exit !(m > 7 + 1e-9) }' && { over=$((over + 1)); echo "over the ceiling: $tr ($m)"; }
done
check "$over == 0" "no run of any shipped protocol on any shipped patient goes above the pain ceiling"

# per-day columns of a run: day run_km walk_km pain_morning (header skipped)
cols() { awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
    {print $c["day"], $c["run_km"], $c["walk_km"], $c["pain_morning"], $c["peak_force_bw"]}' "$1"; }

# walk_run: no continuous run (run without walking) in the first two weeks,
# which are before the continuous stage (stage 7 needs 12 good sessions)
bad=$(cols "$T/walk_run-distance_limited/trace.csv" |
    awk '$1 <= 14 && $2 > 0 && $3 == 0 {n++} END {print n + 0}')
check "$bad == 0" "walk_run: every run of weeks 1-2 includes walking"
first=$(cols "$T/walk_run-distance_limited/trace.csv" | awk '$2 > 0 && $3 == 0 {print $1; exit}')
check "${first:-9999} > 14" "walk_run: first continuous run on day ${first:-none}, after the walk/run stages"

# strength_first: no running in its first phase (4 weeks at least) for the
# highly irritable patient
km=$(trace_sum "$T/strength_first-highly_irritable/trace.csv" run_km 1 28)
check "$km == 0" "strength_first: no running in weeks 1-4 for the highly irritable patient"
km=$(trace_sum "$T/strength_first-highly_irritable/trace.csv" run_km 1 182)
check "$km > 50" "strength_first: running is reintroduced later ($km km in 26 weeks)"

# symptom_guided: the speed-sensitive patient keeps weekly volume at easy
# pace (within 10% of the habitual 40 km) while intensity is reduced
for w in 1 2; do
    a=$(( (w - 1) * 7 + 1 )); b=$(( w * 7 ))
    km=$(trace_sum "$T/symptom_guided-speed_sensitive/trace.csv" run_km $a $b)
    check "$km >= 36" "symptom_guided: speed-sensitive week $w volume kept ($km km)"
done
# symptom_guided: the day before each interval day (quality run) has no running
# and no two quality days in a row
qbad=$(awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
    {q[$c["day"]] = $c["quality_runs"]; r[$c["day"]] = $c["run_km"] + 0; s[$c["day"]] = $c["sessions"]}
    END {for (d in q) if (q[d] > 0 && d > 1 && (r[d - 1] > 0 || q[d - 1] > 0)) n++; print n + 0}' \
    "$T/symptom_guided-speed_sensitive/trace.csv")
nq=$(trace_sum "$T/symptom_guided-speed_sensitive/trace.csv" quality_runs)
check "$nq > 5" "symptom_guided: speed-sensitive patient gets interval sessions ($nq)"
check "$qbad == 0" "symptom_guided: a recovery day before every high-intensity run"
# symptom_guided: no running for the highly irritable patient at first
km=$(trace_sum "$T/symptom_guided-highly_irritable/trace.csv" run_km 1 21)
check "$km == 0" "symptom_guided: running removed for the highly irritable patient (weeks 1-3)"
km=$(trace_sum "$T/symptom_guided-distance_limited/trace.csv" run_km 1 7)
check "$km > 0" "symptom_guided: running kept for the distance-limited patient ($km km in week 1)"

# rest_then_return: nothing for 3 weeks, then the habitual week at once (4
# runs of 10 km); the distance-limited runner stops those runs at the pain
# ceiling, so fewer km are done than planned
R="$T/rest_then_return-distance_limited/trace.csv"
km=$(trace_sum "$R" run_km 1 21)
k4=$(trace_sum "$R" run_km 22 28)
runs4=$(trace_col "$R" sessions | sed -n '22,28p' | awk '$1 > 0 {n++} END {print n + 0}')
st4=$(trace_sum "$R" runs_stopped 22 28)
check "$km == 0 && $runs4 == 4 && $k4 <= 40 && ($k4 == 40 || $st4 > 0)" \
    "rest_then_return: 0 km for 3 weeks, then 4 runs of the habitual week ($k4 km, $st4 stopped by pain)"

# alfredson: heel-drop load (the calf load of a day without a run) rises
# over the 12 weeks while the heel drops stay pain-free (Alfredson 1998: a
# backpack once the exercise no longer hurts), and never falls
A="$T/alfredson-distance_limited/trace.csv"
alf=$(paste -d, <(trace_col "$A" run_km) <(trace_col "$A" load) <(trace_col "$A" pain_during_max) |
    awk -F, 'NR <= 84 && $1 == 0 && $2 > 0 { w = int((NR - 1) / 7) + 1; if (!(w in l)) l[w] = $2 }
        END { up = 0; down = 0; for (w = 2; w <= 12; w++) if ((w in l) && ((w - 1) in l)) {
                  if (l[w] > l[w - 1] + 1e-9) up++; if (l[w] < l[w - 1] - 1e-9) down++ }
              printf "%d %d %.6g", up, down, l[12] / l[1] }')
set -- $alf
check "$1 >= 3 && $2 == 0 && $3 > 1.2" "alfredson: heel-drop load rises in $1 weeks, falls in $2, week 12 / week 1 = $3"

# ten_percent: week 2 is 10% above week 1
w1=$(trace_sum "$T/ten_percent-distance_limited/trace.csv" run_km 1 7)
w2=$(trace_sum "$T/ten_percent-distance_limited/trace.csv" run_km 8 14)
check "$w2 > 1.05 * $w1 && $w2 < 1.15 * $w1" "ten_percent: week 2 ($w2) = week 1 ($w1) + 10%"

# gait_retraining: same volume, lower per-step peak force after the step-rate change
f1=$(cols "$T/gait_retraining-overstrider/trace.csv" | awk '$2 > 0 {print $5; exit}')
f4=$(cols "$T/gait_retraining-overstrider/trace.csv" | awk '$1 > 28 && $2 > 0 {print $5; exit}')
check "$f4 < $f1" "gait_retraining: peak force per step falls ($f1 -> $f4 BW)"
v2=$(trace_sum "$T/gait_retraining-overstrider/trace.csv" run_km 8 14)
v6=$(trace_sum "$T/gait_retraining-overstrider/trace.csv" run_km 36 42)
check "$v6 > 0.95 * $v2 && $v6 < 1.05 * $v2" "gait_retraining: weekly volume held within 5% (stop rules may cut a run short; $v2 vs $v6 km)"

# alfredson: eccentric work twice daily (4 sessions of 3x15 a day) plus runs
s=$(trace_at "$T/alfredson-distance_limited/trace.csv" 2 sessions)
check "$s >= 4" "alfredson: $s sessions on a day (straight and bent knee, twice daily)"
finish
