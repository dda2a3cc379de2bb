-- capacity_takes_weeks.lua: a teaching lesson (calfsim lesson capacity_takes_weeks).
-- summary: Capacity takes weeks: 15RM then 8-12RM calf strength vs running alone vs rest.
--
-- Source: the seed (Clinical Edge, after Physio Edge podcast 066): "The calf
-- complex is exposed to high loads when running, therefore it needs to be
-- exposed to high loads during rehabilitation. Begin strengthening with 15RM
-- progressing to 8-12RM." Model: tendon adaptation needs high strain
-- (Arampatzis 2007; Bohm 2014); 12 weeks of heavy slow resistance calibrate
-- the gain (Beyer 2015). Model outputs, not a patient's real risk.

local pt = calfsim.patient("../patients/distance_limited.lua")
local WEEKS = 12

-- three sessions a week for 12 weeks
local function plan(kind)
  local rows = {}
  for w = 0, WEEKS - 1 do
    for _, dd in ipairs({ 1, 3, 5 }) do
      local d = w * 7 + dd
      if kind == "strength" or kind == "light" then
        -- weeks 1-2 at 15RM, then 12RM, 10RM and 8RM (the seed's 8-12RM)
        local rm = 15
        if kind == "strength" then
          rm = w < 2 and 15 or (w < 6 and 12 or (w < 9 and 10 or 8))
        end
        rows[#rows + 1] = { day = d, kind = "strength", exercise = "seated_calf_raise",
                            sets = 3, reps = rm, rm = rm }
        rows[#rows + 1] = { day = d, kind = "strength", exercise = "straight_leg_calf_raise",
                            sets = 3, reps = rm, rm = rm }
      elseif kind == "run" then
        rows[#rows + 1] = { day = d, kind = "run", km = 2.5 }
      else
        rows[#rows + 1] = { day = d, kind = "rest" }
      end
    end
  end
  return rows
end

calfsim.section("Capacity takes weeks")
calfsim.say(string.format(
  "The patient (%s) has pain after about %g km of easy running. Four plans over %d weeks, " ..
  "three sessions a week, no other running:\n" ..
  "A. calf strength: seated and straight-leg calf raises, 3 sets at 15RM for two weeks, then " ..
  "12RM, 10RM and 8RM (the seed's 15RM to 8-12RM);\n" ..
  "B. the same exercises kept at 15RM throughout;\n" ..
  "C. running alone: 2.5 km easy, below the onset distance;\n" ..
  "D. rest.",
  pt.name, pt["symptoms.onset_km"], WEEKS))

local runs = {}
for i, k in ipairs({ "strength", "light", "run", "rest" }) do
  runs[i] = calfsim.oracle{ patient = pt, protocol = plan(k), weeks = WEEKS }
end
local function pct(r, d) return 100 * r.trace.capacity[d] / r.capacity_healthy end

calfsim.ask{
  question = "After 12 weeks, which plan has raised the calf's load capacity most?",
  choices = { "A: 15RM then 8-12RM strength", "B: 15RM strength throughout",
              "C: easy running alone", "D: rest (the tissue heals)" },
  correct = "a",
  right = "Only loads heavy enough to strain the tendon substantially build capacity; the " ..
          "progression to 8-12RM provides them.",
  wrong = "Capacity responds to high tendon strain. 15RM builds strength but is too light to " ..
          "build capacity; short easy runs only maintain it; rest lets it drift.",
}
calfsim.ask{
  question = "How fast does plan A's capacity rise?",
  choices = { "Most of the gain comes in the first week", "Gradually, over weeks",
              "Not at all until the 8RM weeks" },
  correct = "b",
  right = "Tendon adapts slowly (collagen synthesis lags the load by days, and each session " ..
          "adds a little), so the gain builds over the whole programme.",
  wrong = "Tendon adaptation is slow: each session adds a little, with a lag of days, so " ..
          "capacity climbs steadily over the weeks.",
}

calfsim.section("What happened (oracle run)")
local labels = { "A: 15RM then 8-12RM", "B: 15RM throughout", "C: running alone", "D: rest" }
local lines = {}
for i, r in ipairs(runs) do
  lines[#lines + 1] = string.format(
    "%s: capacity %.1f%% of healthy at the start, %.1f%% at week 4, %.1f%% at week 8, %.1f%% " ..
    "at week 12; heel raises %.0f; easy distance before symptoms %.1f km.",
    labels[i], pct(r, 1), pct(r, 28), pct(r, 56), pct(r, 84),
    r.trace.heel_raise_reps[84], r.trace.onset_easy_km[84] or 0)
end
calfsim.say(table.concat(lines, "\n"))
calfsim.say("Plan B builds strength (heel raises rise as in plan A) without capacity: at 15RM " ..
            "the load is below the tendon's strain threshold in the model, which is why the " ..
            "seed progresses to 8-12RM.")
calfsim.reveal{ runs = runs, labels = labels, name = "capacity_hidden",
                title = "Capacity takes weeks: " .. pt.name }

calfsim.section("Why (explain)")
local x = calfsim.explain{ patient = pt, protocol = { { day = 1, kind = "run", km = 4 } },
                           days = 1, day = 1, name = "capacity_explain_intake" }
calfsim.say("Why a 4 km run hurts this patient at the start. " .. x.text)
calfsim.say(string.format(
  "Capacity's part of that pain was %.2f points. After plan A the same run starts from %.0f%% " ..
  "of healthy capacity instead of %.0f%%.",
  x.contributions.pain_during.capacity, pct(runs[1], 84), pct(runs[1], 1)))

calfsim.section("What to take away")
calfsim.say("Capacity is built by heavy loading over weeks, not by rest and not by light " ..
            "work alone. Start at 15RM while symptoms settle, then progress to 8-12RM, and " ..
            "expect the gain to take the whole programme.")
calfsim.say("Sources: Clinical Edge, Treatment of calf pain in runners (after Physio Edge " ..
            "podcast 066), Calf complex; Arampatzis 2007 and Bohm 2014 (tendon adaptation " ..
            "needs high strain); Beyer 2015 (12 weeks of heavy slow resistance); calfsim " ..
            "model, docs/model.md. Model outputs under stated assumptions, not a patient's " ..
            "real risk.")
