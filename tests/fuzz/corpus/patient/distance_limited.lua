-- A distance-limited runner: symptoms come on after about 3 km at easy pace,
-- whatever the speed; low irritability. The common presentation in the seed.
return {
  name = "Distance-limited recreational runner", mass_kg = 72, age = 41, sex = "M",
  habitual = { km_per_week = 40, runs_per_week = 4, easy_kmh = 10.8 },
  symptoms = { onset_km = 3, irritability = "low", morning_pain = 0 },
  heel_raise_reps = 17, neural_mobility = 0.95, toe_flexor = 0.24,
  kinetic_chain = 0.95, invertor_evertor = 0.95,
  gait = { cadence_spm = 166, strike = "rearfoot", overstride = 0.3,
           vertical_oscillation_cm = 9, contact_ms = 255, rearfoot_eversion = 0.2 },
  goal = { km_per_week = 40, quality_sessions = 1, long_run_km = 14 },
}
