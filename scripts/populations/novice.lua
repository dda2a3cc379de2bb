-- A novice population: people in their first year of running (a couch-to-5k
-- intake, say) with calf pain after short distances. Every figure below is
-- an ASSUMPTION chosen for what-if studies, not fitted to data; fields not
-- named here come from the base profile.
return {
  name = "Novice runners (assumed distributions)",
  base = "../patients/distance_limited.lua",
  inputs = {
    ["patient.age"] = { dist = "normal", mean = 35, sd = 10, min = 18, max = 65 },
    ["patient.habitual.km_per_week"] = { dist = "lognormal", median = 12, sd_log = 0.4, min = 5, max = 30 },
    ["patient.habitual.runs_per_week"] = { dist = "categorical", values = { 2, 3, 4 }, p = { 0.4, 0.5, 0.1 } },
    ["patient.habitual.easy_kmh"] = { dist = "normal", mean = 9, sd = 0.9, min = 7, max = 12 },
    ["patient.symptoms.onset_km"] = { dist = "lognormal", median = 2, sd_log = 0.5, min = 0.3, max = 8 },
    ["patient.symptoms.irritability"] = { dist = "categorical", p = { low = 0.4, moderate = 0.4, high = 0.2 } },
    ["patient.heel_raise_reps"] = { dist = "normal", mean = 14, sd = 5, min = 2, max = 30, round = true },
    ["patient.goal.km_per_week"] = { dist = "lognormal", median = 15, sd_log = 0.35, min = 5, max = 35 },
    ["patient.goal.long_run_km"] = { dist = "uniform", min = 5, max = 10 },
    ["patient.goal.quality_sessions"] = { dist = "categorical", values = { 0, 1 }, p = { 0.7, 0.3 } },
  },
  correlation = {
    { "patient.habitual.km_per_week", "patient.goal.km_per_week", 0.8 },
    { "patient.habitual.km_per_week", "patient.habitual.easy_kmh", 0.3 },
  },
}
