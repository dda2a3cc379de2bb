-- A recreational-runner clinic caseload: runners who come to a sports
-- physiotherapy clinic with calf pain, most of them distance-limited.
-- Every figure below is an ASSUMPTION chosen to describe a plausible
-- caseload for what-if studies (not fitted to a registry or a trial);
-- replace them with your own clinic's audit. Fields not named here come
-- from the base profile.
return {
  name = "Recreational-runner clinic caseload (assumed distributions)",
  base = "../patients/distance_limited.lua",
  inputs = {
    ["patient.age"] = { dist = "normal", mean = 40, sd = 10, min = 18, max = 70 },
    ["patient.mass_kg"] = { dist = "normal", mean = 72, sd = 11, min = 45, max = 120 },
    ["patient.habitual.km_per_week"] = { dist = "lognormal", median = 30, sd_log = 0.45, min = 8, max = 100 },
    ["patient.habitual.runs_per_week"] = { dist = "categorical", values = { 2, 3, 4, 5, 6 },
                                           p = { 0.10, 0.30, 0.35, 0.15, 0.10 } },
    ["patient.habitual.easy_kmh"] = { dist = "normal", mean = 10.5, sd = 1.1, min = 7.5, max = 14.5 },
    ["patient.symptoms.onset_km"] = { dist = "lognormal", median = 3.5, sd_log = 0.6, min = 0.5, max = 20 },
    ["patient.symptoms.irritability"] = { dist = "categorical", p = { low = 0.5, moderate = 0.35, high = 0.15 } },
    ["patient.heel_raise_reps"] = { dist = "normal", mean = 18, sd = 6, min = 3, max = 40, round = true },
    ["patient.gait.cadence_spm"] = { dist = "normal", mean = 166, sd = 8, min = 145, max = 190 },
    ["patient.goal.km_per_week"] = { dist = "lognormal", median = 32, sd_log = 0.45, min = 10, max = 100 },
  },
  -- correlations of the latent normal scores (Gaussian copula), assumed
  correlation = {
    { "patient.habitual.km_per_week", "patient.goal.km_per_week", 0.85 },
    { "patient.habitual.km_per_week", "patient.habitual.easy_kmh", 0.4 },
    { "patient.habitual.easy_kmh", "patient.gait.cadence_spm", 0.3 },
    { "patient.age", "patient.heel_raise_reps", -0.3 },
  },
}
