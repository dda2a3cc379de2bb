-- acwr_trap.lua: a teaching lesson (calfsim lesson acwr_trap).
-- summary: The ACWR trap: the same acute:chronic ratio from very different tissue states.
--
-- Sources: the acute:chronic workload ratio (ACWR) is widely used but has
-- been criticised as a risk measure: a ratio of two loads says nothing about
-- the tissue that carries them (Lolli 2019; Impellizzeri 2020). Model:
-- ACWR is computed from the load and never drives the model (MODEL.md
-- section 7; EWMA after Williams 2017). Model outputs, not a patient's real
-- risk.

local injured = calfsim.patient("../patients/distance_limited.lua")
-- the same runner before the injury: same body, gait and habits, no symptoms
local healthy = calfsim.patient{ base = "../patients/distance_limited.lua",
                                 name = "The same runner before the injury",
                                 symptoms = { onset_km = 45 } }

-- three weeks of 4 x 3 km, then a week of 4 x 4 km (a third more)
local plan = {}
for w = 0, 3 do
  for _, d in ipairs({ 1, 3, 5, 7 }) do
    plan[#plan + 1] = { day = w * 7 + d, kind = "run", km = w < 3 and 3 or 4 }
  end
end

calfsim.section("The ACWR trap")
calfsim.say("Two runners with the same body, the same gait and the same habits (40 km a " ..
            "week before): one is the distance-limited runner with calf pain after about 3 " ..
            "km, the other the same runner before the injury. Both follow the same plan: " ..
            "three weeks of four 3 km runs, then a week of four 4 km runs.")

local A = calfsim.oracle{ patient = healthy, protocol = plan, days = 28 }
local B = calfsim.oracle{ patient = injured, protocol = plan, days = 28 }
local D = 28

calfsim.ask{
  question = "On day 28, how do the two runners' acute:chronic workload ratios compare?",
  choices = { "The injured runner's is higher", "They are the same",
              "The healthy runner's is higher" },
  correct = "b",
  right = "The ratio is computed from the load alone, and the load is the same.",
  wrong = "The ratio is computed from the external load alone; the same plan, body and gait " ..
          "give the same load, so the same ratio.",
}
calfsim.ask{
  question = "Does the same ratio mean the same state of the calf?",
  choices = { "Yes: the same ratio means the same risk",
              "No: the injured calf is far closer to its limit" },
  correct = "b",
  right = "The ratio knows nothing of capacity, sensitisation or damage.",
  wrong = "The ratio compares this week's load with the past month's; it knows nothing of the " ..
          "tissue's capacity, sensitisation or damage.",
}

calfsim.section("What happened (oracle run)")
local function line(label, r)
  local maxp = 0
  for d = 22, D do maxp = math.max(maxp, r.trace.pain_during_max[d] or 0) end
  return string.format(
    "%s: ACWR (EWMA) %.2f, coupled %.2f; last week's highest pain %.1f/10; capacity %.0f%% " ..
    "of healthy; sensitisation %.2f; damage %.2f.",
    label, r.trace.acwr_ewma[D], r.trace.acwr_coupled[D], maxp,
    100 * r.trace.capacity[D] / r.capacity_healthy, r.trace.sensitisation[D], r.trace.damage[D])
end
calfsim.say(line("Before the injury", A) .. "\n" .. line("With calf pain", B))
calfsim.reveal{ runs = { A, B }, labels = { "before the injury", "with calf pain" },
                name = "acwr_trap_hidden", title = "The ACWR trap: same plan, same ratio" }

calfsim.section("Why (explain)")
local x = calfsim.explain{ patient = injured, protocol = plan, days = 28, day = 22,
                           name = "acwr_trap_explain" }
calfsim.say("The injured runner's first 4 km run. " .. x.text)

calfsim.section("What to take away")
calfsim.say("An ACWR describes how fast the load changed, not what the tissue can take: the " ..
            "same ratio can be comfortable for one calf and provoking for another. Read it " ..
            "as a description of load, never as an injury prediction, and judge progression " ..
            "by the patient's symptoms and capacity.")
calfsim.say("Sources: Lolli 2019 and Impellizzeri 2020 (criticism of the ACWR as a risk " ..
            "measure); Williams 2017 (EWMA ratio); Clinical Edge, Treatment of calf pain in " ..
            "runners (after Physio Edge podcast 066), Training loads; calfsim model, " ..
            "docs/model.md. Model outputs under stated assumptions, not a patient's real " ..
            "risk.")
