-- fuzz seed: errors caught by pcall
print(pcall(calfsim.patient, "nope.lua"))
print(pcall(calfsim.simulate, { patient = "scripts/patients/distance_limited.lua", protocol = "nope.lua" }))
print(pcall(calfsim.write_csv, "../x.csv", { { a = 1 } }))
print(pcall(calfsim.simulate, { sett = {} }))
print(pcall(calfsim.plot, "heatmap", { { x = 1, y = 1, z = 1 } }, { name = "h", x = "x", y = "y", z = "z" }))
