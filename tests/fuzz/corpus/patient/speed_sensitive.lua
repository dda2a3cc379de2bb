-- A speed-sensitive runner (DESIGN.md): pain-free at easy pace up to 8 km,
-- symptoms after 1.2 km at 14 km/h. The seed: reduce intensity, keep volume,
-- then reintroduce speed through short intervals.
return {
  name = "Speed-sensitive club runner", mass_kg = 68, age = 34, sex = "F",
  habitual = { km_per_week = 40, runs_per_week = 4, easy_kmh = 10.5 },
  symptoms = { onset_km = nil, easy_free_km = 8,
               fast = { kmh = 14, onset_km = 1.2 },
               irritability = "low", morning_pain = 0 },
  heel_raise_reps = 18, neural_mobility = 0.85, toe_flexor = 0.22,
  kinetic_chain = 0.9,
  gait = { cadence_spm = 164, strike = "rearfoot", overstride = 0.5,
           vertical_oscillation_cm = 10, contact_ms = 260, rearfoot_eversion = 0.3 },
  goal = { km_per_week = 40, quality_sessions = 1, long_run_km = 14 },
}
