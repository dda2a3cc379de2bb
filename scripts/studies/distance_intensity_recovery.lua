-- distance_intensity_recovery.lua: how run distance, speed and the recovery
-- days before a run interact on next-day pain and on the run's tendon dose,
-- for each shipped example patient (the design card's central question).
--
-- Each experiment is a short plan: day 1 a 3 km easy run (the previous run),
-- then 0 to 3 rest days, then the test run (2 to 10 km at 1.0, 1.15 or 1.3
-- times the patient's easy speed, no stop rule). We read the test day's dose,
-- the highest pain during the run and the next morning's pain from the trace.
--
-- Run it:   calfsim script scripts/studies/distance_intensity_recovery.lua --out study-out
-- Writes:   all.csv (every experiment), PATIENT.csv, PATIENT_pain_map.png/.svg
--           (next-morning pain over distance x speed after one recovery day),
--           PATIENT_recovery.png/.svg (next-morning pain of a 6 km run against
--           recovery days, one line per speed).
-- These are model outputs under the assumptions of docs/params.md, not a
-- patient's real risk.

local patients = { "distance_limited", "speed_sensitive", "highly_irritable",
                   "neural_toe", "overstrider" }
local distances = { 2, 4, 6, 8, 10 }
local speed_ratios = { 1.0, 1.15, 1.3 }
local recoveries = { 0, 1, 2, 3 }

local function experiment(pt, km, kmh, rest_days)
  local easy = pt["habitual.easy_kmh"]
  local plan = { { day = 1, kind = "run", km = 3, kmh = easy } }
  local test_day = 2 + rest_days
  for d = 2, test_day - 1 do plan[#plan + 1] = { day = d, kind = "rest" } end
  plan[#plan + 1] = { day = test_day, kind = "run", km = km, kmh = kmh }
  local r = calfsim.simulate{ patient = pt, protocol = plan, days = test_day }
  local t = r.trace
  return { dose = t.dose[test_day], pain_during = t.pain_during_max[test_day],
           next_morning_pain = t.pain_morning[test_day] }
end

local all = {}
local findings = {}
for _, name in ipairs(patients) do
  local pt = calfsim.patient("../patients/" .. name .. ".lua")
  local easy = pt["habitual.easy_kmh"]
  local rows = {}
  for _, rest_days in ipairs(recoveries) do
    for _, ratio in ipairs(speed_ratios) do
      for _, km in ipairs(distances) do
        local kmh = math.floor(easy * ratio * 10 + 0.5) / 10
        local o = experiment(pt, km, kmh, rest_days)
        local row = { patient = name, km = km, speed_ratio = ratio, kmh = kmh,
                      recovery_days = rest_days, dose = o.dose, pain_during = o.pain_during,
                      next_morning_pain = o.next_morning_pain }
        rows[#rows + 1] = row
        all[#all + 1] = row
      end
    end
  end
  local cols = { "patient", "km", "speed_ratio", "kmh", "recovery_days", "dose",
                 "pain_during", "next_morning_pain" }
  calfsim.write_csv(name .. ".csv", rows, cols)

  -- heatmap after one recovery day: km fastest, then speed
  local map = {}
  for _, r in ipairs(rows) do
    if r.recovery_days == 1 then map[#map + 1] = r end
  end
  calfsim.plot("heatmap", map, { name = name .. "_pain_map", x = "km", y = "speed_ratio",
                                 z = "next_morning_pain",
                                 title = name .. ": next-morning pain after one recovery day" })

  -- a 6 km run against recovery days, one column per speed
  local lines = {}
  for _, rest_days in ipairs(recoveries) do
    local l = { recovery_days = rest_days }
    for _, r in ipairs(rows) do
      if r.km == 6 and r.recovery_days == rest_days then
        l["pain_at_" .. string.format("%.2f", r.speed_ratio) .. "x_easy"] = r.next_morning_pain
      end
    end
    lines[#lines + 1] = l
  end
  calfsim.plot("lines", lines, { name = name .. "_recovery", x = "recovery_days",
                                 y = { "pain_at_1.00x_easy", "pain_at_1.15x_easy",
                                       "pain_at_1.30x_easy" },
                                 title = name .. ": next-morning pain after 6 km" })

  -- what matters most for this patient: the spread of next-morning pain
  -- across each factor, the others at their middle values
  local function pick(km, ratio, rest_days)
    for _, r in ipairs(rows) do
      if r.km == km and r.speed_ratio == ratio and r.recovery_days == rest_days then return r end
    end
  end
  local mid = pick(6, 1.15, 1)
  local f = {
    patient = name,
    pain_mid = mid.next_morning_pain,
    pain_effect_distance_2_to_10km = pick(10, 1.15, 1).next_morning_pain - pick(2, 1.15, 1).next_morning_pain,
    pain_effect_speed_1_to_1_3x = pick(6, 1.3, 1).next_morning_pain - pick(6, 1.0, 1).next_morning_pain,
    pain_effect_recovery_3_to_0_days = pick(6, 1.15, 0).next_morning_pain - pick(6, 1.15, 3).next_morning_pain,
    dose_effect_distance_2_to_10km = pick(10, 1.15, 1).dose / pick(2, 1.15, 1).dose,
    dose_effect_speed_1_to_1_3x = pick(6, 1.3, 1).dose / pick(6, 1.0, 1).dose,
  }
  findings[#findings + 1] = f
  print(string.format("%-18s next-morning pain after 6 km at 1.15x easy, 1 rest day: %.2f; "
    .. "+%.2f from 2 to 10 km, +%.2f from 1.0 to 1.3x speed, +%.2f from 3 to 0 rest days; "
    .. "dose x%.1f from 2 to 10 km, x%.1f from 1.0 to 1.3x speed",
    name, f.pain_mid, f.pain_effect_distance_2_to_10km, f.pain_effect_speed_1_to_1_3x,
    f.pain_effect_recovery_3_to_0_days, f.dose_effect_distance_2_to_10km,
    f.dose_effect_speed_1_to_1_3x))
end

calfsim.write_csv("all.csv", all, { "patient", "km", "speed_ratio", "kmh", "recovery_days",
                                    "dose", "pain_during", "next_morning_pain" })
calfsim.write_csv("findings.csv", findings, { "patient", "pain_mid",
  "pain_effect_distance_2_to_10km", "pain_effect_speed_1_to_1_3x",
  "pain_effect_recovery_3_to_0_days", "dose_effect_distance_2_to_10km",
  "dose_effect_speed_1_to_1_3x" })
