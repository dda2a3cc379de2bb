-- fuzz seed: a small cohort of two protocols
local c = calfsim.cohort{ patient = "scripts/patients/distance_limited.lua",
  protocols = { "protocols/ten_percent.lua", "protocols/walk_run.lua" }, n = 4, weeks = 2, seed = 3,
  vary_params = 0.5, vary_patient = 0.5 }
for i, pr in ipairs(c.protocols) do print(i, pr.name, pr.p_goal) end
print(c.n, c.days, c.rejected_draws)
