-- Reduced neural mobility (0.8) with toe-flexor weakness (0.16 N m/kg, the
-- foot cramps during an isometric hold) and a weak kinetic chain: the seed's
-- case for early, short, frequent neural mobility and local strength work.
return {
  name = "Reduced neural mobility and toe-flexor weakness", mass_kg = 75, age = 38, sex = "M",
  habitual = { km_per_week = 35, runs_per_week = 4, easy_kmh = 11 },
  symptoms = { onset_km = 4, irritability = "moderate", morning_pain = 0 },
  heel_raise_reps = 19, neural_mobility = 0.8, toe_flexor = 0.16,
  kinetic_chain = 0.8, invertor_evertor = 0.85,
  gait = { cadence_spm = 168, strike = "rearfoot", overstride = 0.3,
           vertical_oscillation_cm = 9, contact_ms = 250, rearfoot_eversion = 0.3 },
  goal = { km_per_week = 35, quality_sessions = 1, long_run_km = 12 },
}
