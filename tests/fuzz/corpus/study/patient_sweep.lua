-- fuzz seed: changed patient, protocol file, sweep with set and vary
local p = calfsim.patient{ base = "scripts/patients/distance_limited.lua", symptoms = { onset_km = 4 } }
print(p["habitual.easy_kmh"], p["symptoms.onset_km"])
local rows = calfsim.sweep{ patient = p, protocol = "protocols/ten_percent.lua", weeks = 2,
  set = { k_z = 0.2 }, vary = { "growth=0:0.2:0.1" } }
calfsim.write_csv("sweep.csv", rows)
local r = calfsim.simulate{ patient = p, protocol = "protocols/symptom_guided.lua", weeks = 2,
  set = { ["patient.symptoms.onset_km"] = 5 } }
print(#r.trace, r.protocol, r.days)
