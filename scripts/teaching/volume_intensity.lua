-- volume_intensity.lua: a teaching lesson (calfsim lesson volume_intensity).
-- summary: Volume vs intensity: slowing down keeps the volume of a speed-sensitive calf.
--
-- Source: the seed (Clinical Edge, after Physio Edge podcast 066): "Some
-- patients may only experience symptoms when running at speed. For these
-- patients start by reducing the running intensity whilst maintaining the
-- running volume." Damage per km rises steeply with speed (Hunter 2019;
-- Edwards 2018). Numbers are computed by the model when the lesson runs;
-- model outputs, not a patient's real risk.

local pt = calfsim.patient("../patients/speed_sensitive.lua")
local easy = pt["habitual.easy_kmh"]
local fast = 12

-- four weeks, four runs of 6 km a week, each stopped if pain reaches 3/10
local function plan(kmh)
  local rows = {}
  for w = 0, 3 do
    for _, d in ipairs({ 1, 3, 5, 7 }) do
      rows[#rows + 1] = { day = w * 7 + d, kind = "run", km = 6, kmh = kmh, stop_at_pain = 3 }
    end
  end
  return rows
end

calfsim.section("Volume vs intensity")
calfsim.say(string.format(
  "The patient (%s) is pain-free at an easy %.1f km/h for up to %g km, but symptoms start " ..
  "after %.1f km at %g km/h. The plan: four runs of 6 km a week for four weeks (96 km), " ..
  "each stopped if pain reaches 3/10, as a symptom-guided runner would. Plan A runs them at " ..
  "a steady %g km/h; plan B at the easy %.1f km/h.",
  pt.name, easy, pt["symptoms.easy_free_km"], pt["symptoms.fast.onset_km"],
  pt["symptoms.fast.kmh"], fast, easy))

local A = calfsim.oracle{ patient = pt, protocol = plan(fast), days = 28 }
local B = calfsim.oracle{ patient = pt, protocol = plan(easy), days = 28 }

calfsim.ask{
  question = "Over the four weeks, which plan gets more running done?",
  choices = { string.format("Plan A at %g km/h: faster runs are over sooner", fast),
              string.format("Plan B at %.1f km/h: slower runs are stopped less often", easy),
              "The same: both plans list 96 km" },
  correct = "b",
  right = "At the slower speed each step loads this calf far less, so the runs rarely reach " ..
          "the stop rule and the volume is kept.",
  wrong = "For a speed-sensitive calf the faster runs reach the pain limit part-way, so the " ..
          "runner stops early and loses volume.",
}
calfsim.ask{
  question = "Which plan leaves more structural micro-damage in the tendon after four weeks?",
  choices = { "Plan A (faster, fewer km)", "Plan B (slower, more km)", "About the same" },
  correct = "a",
  right = "Damage per step grows steeply with the force per step, and speed raises the force " ..
          "of this calf's steps; fewer but harder steps leave more damage than more easy ones.",
  wrong = "More kilometres do not mean more damage: damage per step grows steeply with force, " ..
          "so the faster plan leaves more despite its fewer kilometres.",
}

calfsim.section("What happened (oracle run)")
local function dose(r)
  local s = 0
  for d = 1, r.days do s = s + r.trace.dose[d] end
  return s
end
calfsim.say(string.format(
  "Plan A (%g km/h): %.1f km run, %d runs stopped early, highest pain %.1f/10, damage at the " ..
  "end %.2f, total dose %.0f.\nPlan B (%.1f km/h): %.1f km run, %d runs stopped early, highest " ..
  "pain %.1f/10, damage at the end %.2f, total dose %.0f.",
  fast, A.total_km, A.runs_stopped_early, A.peak_pain, A.trace.damage[28], dose(A),
  easy, B.total_km, B.runs_stopped_early, B.peak_pain, B.trace.damage[28], dose(B)))
calfsim.say("Damage is a Miner fraction: 0.2 is what the runner's habitual running held, 1 " ..
            "the median failure point. Capacity and sensitisation are in the figure " ..
            "volume_intensity_hidden.png.")
calfsim.reveal{ runs = { A, B },
                labels = { string.format("A: %g km/h", fast), string.format("B: %.1f km/h", easy) },
                name = "volume_intensity_hidden", title = "Volume vs intensity: " .. pt.name }

calfsim.section("Why (explain)")
local x = calfsim.explain{ patient = pt, protocol = plan(fast), days = 28, day = 1,
                           name = "volume_intensity_explain" }
calfsim.say("Plan A, day 1. " .. x.text)

calfsim.section("What to take away")
calfsim.say("When symptoms come with speed, keep the distance and lower the speed: the calf " ..
            "can then do the volume that maintains and builds it. Reintroduce speed later " ..
            "with short intervals as tolerance improves, as the seed describes.")
calfsim.say("Sources: Clinical Edge, Treatment of calf pain in runners (after Physio Edge " ..
            "podcast 066), Training loads; Hunter 2019 and Edwards 2018 (damage per km rises " ..
            "with speed while load per km falls); calfsim model, docs/model.md. Model outputs " ..
            "under stated assumptions, not a patient's real risk.")
