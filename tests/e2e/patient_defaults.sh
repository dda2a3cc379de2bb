#!/usr/bin/env bash
# patient_defaults.sh: optional patient fields left out of a profile take the
# defaults documented in docs/patient-fields.md, and report.html marks each
# such value "default" (and only those): it is an assumption, not patient
# data. The goal's defaults follow the habitual week (goal km = habitual km,
# long run 35% of it), not a fixed 40 km and 14 km.
. "$(dirname "$0")/../lib/e2e.sh"
PR="$CALF_SRC/protocols"
cat >"$T/min.lua" <<'LUA'
return { name = "Minimal", heel_raise_reps = 20,
  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },
  symptoms = { onset_km = 5 } }
LUA
CI=1 "$CALFSIM" compare "$PR/ten_percent.lua" --patient "$T/min.lua" --weeks 4 --cohort 0 --out "$T/m" >/dev/null 2>"$T/m.err" ||
    fail "compare: $(cat "$T/m.err")"
R="$T/m/report.html"
row() { grep -o "<tr><td class=\"l\">$1</td><td>[^/]*" "$R" | head -1; }
for f in sex mass_kg age goal.km_per_week goal.long_run_km goal.quality_sessions gait.strike; do
    row "$f" | grep -q 'class="def">default' && pass "$f marked default" || fail "$f not marked: $(row "$f")"
done
for f in heel_raise_reps habitual.km_per_week symptoms.onset_km; do
    row "$f" | grep -q 'default' && fail "$f was given but is marked default" || pass "$f (given) not marked"
done
row goal.km_per_week | grep -q '<td>30 <small' && pass "goal km defaults to the habitual 30" ||
    fail "goal km: $(row goal.km_per_week)"
row goal.long_run_km | grep -q '<td>10.5 <small' && pass "goal long run defaults to 35% of it" ||
    fail "goal long run: $(row goal.long_run_km)"
g=$(awk '!/^#/ && NF {print $NF; exit}' "$T/m/compare_weekly.dat")
check "$g == 30" "figure 2's goal line is the habitual 30 km"
# a complete profile: nothing marked
CI=1 "$CALFSIM" compare "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" --weeks 4 --cohort 0 --out "$T/d" >/dev/null ||
    fail "compare distance_limited"
n=$(grep -c 'class="def">default' "$T/d/report.html")
d=$(grep -c '^| `gait.surface`' "$CALF_SRC/docs/patient-fields.md")
check "$n <= 1" "complete profile: $n field(s) marked default (distance_limited leaves out only gait.surface: $d)"
grep -q '| default |' "$CALF_SRC/docs/patient-fields.md" && pass "docs/patient-fields.md has a default column" ||
    fail "no default column in docs/patient-fields.md"
finish
