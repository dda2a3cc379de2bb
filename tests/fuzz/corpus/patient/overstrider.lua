-- An overstrider: low cadence (158 steps/min), marked overstride, long
-- ground contact (290 ms) and large vertical oscillation. The seed: raise the
-- step rate and reduce overstride to cut the calf's peak demands.
return {
  name = "Overstriding low-cadence runner", mass_kg = 80, age = 36, sex = "M",
  habitual = { km_per_week = 45, runs_per_week = 4, easy_kmh = 11 },
  symptoms = { onset_km = 5, irritability = "low", morning_pain = 0 },
  heel_raise_reps = 20, neural_mobility = 0.95, toe_flexor = 0.26,
  kinetic_chain = 0.95,
  gait = { cadence_spm = 158, strike = "rearfoot", overstride = 0.8,
           vertical_oscillation_cm = 12, contact_ms = 290, rearfoot_eversion = 0.4 },
  goal = { km_per_week = 45, quality_sessions = 1, long_run_km = 16 },
}
