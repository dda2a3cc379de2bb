#!/usr/bin/env bash
# symptoms_optional.sh: every shipped protocol runs for valid patients that
# leave optional symptom fields out: no symptoms table at all, and
# symptoms.easy_free_km without symptoms.fast. ctx.patient.symptoms.fast is an
# empty table then, which must not make a protocol treat the patient as
# speed-sensitive (symptom_guided.lua used to fail: "intervals: kmh: missing").
. "$CALF_SRC/tests/lib/e2e.sh"
cat >"$T/none.lua" <<'LUA'
return { name = "No symptoms table", heel_raise_reps = 20,
  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 } }
LUA
cat >"$T/easy_free.lua" <<'LUA'
return { name = "Pain-free at easy pace", heel_raise_reps = 20,
  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },
  symptoms = { easy_free_km = 6 } }
LUA
for pa in none easy_free; do
    for pr in "$CALF_SRC"/protocols/*.lua; do
        name=$(basename "$pr" .lua)-$pa
        if "$CALFSIM" run "$pr" --patient "$T/$pa.lua" --weeks 12 --out "$T/$name" >/dev/null 2>"$T/err"; then
            pass "$name"
        else
            fail "$name: $(cat "$T/err")"
        fi
    done
done
finish
