-- fuzz seed: simulate a plan given as rows, write and plot the trace
local pt = calfsim.patient("scripts/patients/distance_limited.lua")
local r = calfsim.simulate{ patient = pt, protocol = { { day = 1, kind = "run", km = 3, kmh = 10 },
  { day = 3, kind = "strength", exercise = "seated_calf_raise", sets = 3, reps = 15 } }, days = 14 }
local rows = {}
for d = 1, #r.trace do rows[d] = { day = d, pain = r.trace.pain_during_max[d], cap = r.trace.capacity[d] } end
calfsim.write_csv("trace.csv", rows, { "day", "pain", "cap" })
calfsim.plot("lines", rows, { name = "fig", x = "day", y = { "pain", "cap" } })
print(r.total_km, r.peak_pain, r.goal_reached_day)
