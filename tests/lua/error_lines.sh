#!/usr/bin/env bash
# error_lines.sh: errors say where and when. A patient-file error names
# FILE:LINE of the field (or of the table it is missing from) and echoes the
# bad value; a protocol that fails in week 20 says "week 20".
. "$CALF_SRC/tests/lib/e2e.sh"
TP="$CALF_SRC/protocols/ten_percent.lua"
pt() { printf '%b' "$2" >"$T/$1.lua"; }
pt range 'return { name = "x", heel_raise_reps = 20,\n  habitual = { km_per_week = 30,\n    runs_per_week = 3, easy_kmh = 45 },\n}\n'
expect_error 5 'range.lua:3: habitual.easy_kmh = 45: allowed 6 to 20 km/h$' "$CALFSIM" run "$TP" --patient "$T/range.lua"
pt typo 'return { name = "x", heel_raise_reps = 20,\n  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },\n  -- onset_km = 3 would be right\n  symptoms = {\n    onsett_km = 3 },\n}\n'
expect_error 5 "typo.lua:5: unknown field 'symptoms.onsett_km' \\(did you mean symptoms.onset_km\\?\\)" \
    "$CALFSIM" run "$TP" --patient "$T/typo.lua"
pt str 'return { name = "x", heel_raise_reps = 20,\n  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },\n  age = "forty" }\n'
expect_error 5 'str.lua:3: age = "forty": expected a number$' "$CALFSIM" run "$TP" --patient "$T/str.lua"
pt enum 'return { name = "x", heel_raise_reps = 20,\n  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },\n\n  symptoms = { irritability = "severe" } }\n'
expect_error 5 'enum.lua:4: symptoms.irritability = "severe": allowed low, moderate, high' "$CALFSIM" run "$TP" --patient "$T/enum.lua"
pt miss 'return {\n  name = "x",\n  habitual = { km_per_week = 30, runs_per_week = 3 },\n  heel_raise_reps = 20 }\n'
expect_error 5 "miss.lua:3: missing field 'habitual.easy_kmh'" "$CALFSIM" run "$TP" --patient "$T/miss.lua"

# a protocol failing in week 20 only
cat >"$T/w20.lua" <<'LUA'
return {
  name = "fails in week 20", summary = "test", source = "test",
  week = function(ctx, p)
    if ctx.week == 20 then error("no plan for this week") end
    return { mon = run{ km = 3, kmh = 10 } }
  end,
}
LUA
expect_error 1 'w20.lua:4: no plan for this week \(in week 20, day 13[3-9]\)$' \
    "$CALFSIM" run "$T/w20.lua" --patient "$P/distance_limited.lua" --weeks 22 --out "$T/o"
finish
