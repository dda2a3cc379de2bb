-- recovery_day.lua: a teaching lesson (calfsim lesson recovery_day).
-- summary: The recovery day: the same interval session after an easy run or after a rest day.
--
-- Source: the seed (Clinical Edge, after Physio Edge podcast 066): "Plan
-- training to include a recovery day before a high intensity run to
-- minimise the influence of fatigue." Model: acute fatigue Fa lowers the
-- capacity available on the day (docs/model.md; MODEL.md section 2, after
-- Peltonen 2010). Numbers below are computed by the model when the lesson
-- runs; they are model outputs, not a patient's real risk.

local pt = calfsim.patient("../patients/distance_limited.lua")
local easy = pt["habitual.easy_kmh"]

-- Day 3 holds the intervals: 1 km easy, then 4 x (250 m at 13 km/h, 250 m easy).
local function intervals(day)
  local rows = { { day = day, kind = "run", km = 1.0, kmh = easy } }
  for _ = 1, 4 do
    rows[#rows + 1] = { day = day, kind = "run", km = 0.25, kmh = 13 }
    rows[#rows + 1] = { day = day, kind = "run", km = 0.25, kmh = easy }
  end
  return rows
end
local function scenario(rest_day)
  local rows = { { day = 1, kind = "run", km = 2.5, kmh = easy } }
  if rest_day then
    rows[#rows + 1] = { day = 2, kind = "rest" }
  else
    rows[#rows + 1] = { day = 2, kind = "run", km = 2.5, kmh = easy }
  end
  for _, r in ipairs(intervals(3)) do rows[#rows + 1] = r end
  return rows
end

calfsim.section("The recovery day")
calfsim.say(string.format(
  "The patient (%s) ran %d km a week before the injury at an easy %.1f km/h and now has calf pain " ..
  "that starts after about %g km of easy running. The plan for day 3 is a short interval " ..
  "session: 1 km easy, then four 250 m efforts at 13 km/h with 250 m easy in between " ..
  "(3 km in all). Day 1 is an easy 2.5 km run. On day 2 the runner either runs another " ..
  "easy 2.5 km (plan A) or rests (plan B).",
  pt.name, pt["habitual.km_per_week"], easy, pt["symptoms.onset_km"]))

local back_to_back = scenario(false)
local with_rest = scenario(true)
local A = calfsim.oracle{ patient = pt, protocol = back_to_back, days = 3 }
local B = calfsim.oracle{ patient = pt, protocol = with_rest, days = 3 }
local pA, pB = A.trace.pain_during_max[3], B.trace.pain_during_max[3]

calfsim.ask{
  question = "How will the pain during the interval session on day 3 compare?",
  choices = { "About the same: it is the same session on the same day",
              "Higher after the easy run on day 2 (plan A)",
              "Higher after the rest day (plan B): the calf has cooled off" },
  correct = "b",
  right = "The easy run the day before leaves acute fatigue, and a fatigued calf has less " ..
          "capacity on the day, so the same session is a larger share of what it can take.",
  wrong = "The session is the same, but the calf is not: the easy run on day 2 leaves acute " ..
          "fatigue that lowers the capacity available on day 3.",
}

calfsim.section("What happened (oracle run: the hidden state is visible)")
calfsim.say(string.format(
  "Plan A (easy run on day 2): pain during the intervals reached %.1f/10, next morning %.1f/10, " ..
  "damage dose %.0f.\nPlan B (rest on day 2): pain during reached %.1f/10, next morning %.1f/10, " ..
  "damage dose %.0f.",
  pA, A.trace.pain_morning[3], A.trace.dose[3], pB, B.trace.pain_morning[3], B.trace.dose[3]))
calfsim.say(string.format(
  "Hidden state at the start of day 3: acute fatigue %.2f (plan A) against %.2f (plan B); the " ..
  "capacity available on the day was %.0f%% of healthy against %.0f%%. Sensitisation and " ..
  "capacity itself were almost the same in both plans.",
  A.trace.fatigue_acute[2], B.trace.fatigue_acute[2],
  100 * A.trace.capacity_eff[3] / A.capacity_healthy,
  100 * B.trace.capacity_eff[3] / B.capacity_healthy))
calfsim.reveal{ runs = { A, B }, labels = { "A: easy run on day 2", "B: rest on day 2" },
                name = "recovery_day_hidden", title = "The recovery day: " .. pt.name }

calfsim.section("Why (explain)")
local xa = calfsim.explain{ patient = pt, protocol = back_to_back, days = 3, day = 3,
                            name = "recovery_day_explain_A" }
local xb = calfsim.explain{ patient = pt, protocol = with_rest, days = 3, day = 3,
                            name = "recovery_day_explain_B" }
calfsim.say("Plan A. " .. xa.text)
calfsim.say(string.format(
  "Acute fatigue's share of the pain during: %.2f points in plan A against %.2f in plan B. " ..
  "The rest of the gap is shared by the factors fatigue amplifies (sensitisation, capacity, " ..
  "speed): fatigue lowers the capacity on the day, which makes every step's dose larger.",
  xa.contributions.pain_during.fatigue, xb.contributions.pain_during.fatigue))

calfsim.section("What to take away")
calfsim.say("Fatigue from yesterday's run is invisible to the runner but lowers what the calf " ..
            "can take today. Put a recovery day before a high-intensity session, as the seed " ..
            "advises; the same session then provokes less pain and less tissue dose. " ..
            "Figures: recovery_day_hidden.png (hidden state) and recovery_day_explain_A.png " ..
            "(the split of day 3's pain).")
calfsim.say("Sources: Clinical Edge, Treatment of calf pain in runners (after Physio Edge " ..
            "podcast 066), Training loads; Peltonen 2010 (fatigue lowers plantarflexor force); " ..
            "calfsim model, docs/model.md. Model outputs under stated assumptions, not a " ..
            "patient's real risk.")
