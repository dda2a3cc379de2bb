-- A highly irritable calf: symptoms after 1 km, morning pain 1.5/10 that
-- lingers. The seed removes running for this patient only, and builds
-- capacity with strength work before reintroducing it.
return {
  name = "Highly irritable calf", mass_kg = 64, age = 46, sex = "F",
  habitual = { km_per_week = 30, runs_per_week = 3, easy_kmh = 10 },
  symptoms = { onset_km = 1, irritability = "high", morning_pain = 1.5 },
  heel_raise_reps = 12, neural_mobility = 0.9, toe_flexor = 0.2,
  kinetic_chain = 0.9, invertor_evertor = 0.9,
  gait = { cadence_spm = 168, strike = "rearfoot", overstride = 0.3,
           vertical_oscillation_cm = 9, contact_ms = 260, rearfoot_eversion = 0.3 },
  goal = { km_per_week = 30, quality_sessions = 0, long_run_km = 10 },
}
