-- step_rate.lua: a teaching lesson (calfsim lesson step_rate).
-- summary: Step rate: +5% and +10% cadence lower the load per step but not the load per km.
--
-- Source: the seed (Clinical Edge, after Physio Edge podcast 066): "Increasing
-- step rate and switching to a mid-foot strike will reduce the peak demands
-- on the calf complex." Model: per-step force scales with the step-rate
-- multiplier to the power -0.7 (an assumption; direction Lenhart 2014,
-- Lyght 2016); damage per step rises with force to the power 7 (Schechtman
-- and Bader 1997). Model outputs, not a patient's real risk.

local pt = calfsim.patient("../patients/overstrider.lua")
local KM = 4

calfsim.section("Step rate")
calfsim.say(string.format(
  "The patient (%s) runs at %g steps a minute with a long overstride, and pain starts after " ..
  "about %g km. A common cue is to take shorter, quicker steps. We compare one %g km easy " ..
  "run at the preferred cadence, at +5%% and at +10%% steps a minute.",
  pt.name, pt["gait.cadence_spm"], pt["symptoms.onset_km"], KM))

local rates = { 1.0, 1.05, 1.10 }
local runs = {}
for i, s in ipairs(rates) do
  runs[i] = calfsim.oracle{ patient = pt, days = 1,
                            protocol = { { day = 1, kind = "run", km = KM, step_rate = s } } }
end
local function per_km(r, col) return r.trace[col][1] / r.trace.run_km[1] end
local function change(i, f) return 100 * (f(runs[i]) / f(runs[1]) - 1) end
local force = function(r) return r.trace.peak_force_bw[1] end
local load = function(r) return per_km(r, "load") end
local dose = function(r) return per_km(r, "dose") end

calfsim.ask{
  question = "With +10% step rate, what happens to the total load on the calf per kilometre " ..
             "(force per step times steps)?",
  choices = { "It falls by about 10%", "It stays about the same, even rises a little",
              "It rises by about 10%" },
  correct = "b",
  right = "Each step is a little lighter, but there are 10% more of them: the load per km " ..
          "barely changes.",
  wrong = "Each step is lighter, but there are 10% more steps per km; the two nearly cancel, " ..
          "so the load per km barely changes (it rises slightly).",
}
calfsim.ask{
  question = "And the tissue's damage dose per kilometre?",
  choices = { "Down a few percent, like the force per step", "Down by about a third",
              "Up, because there are more steps" },
  correct = "b",
  right = "Damage grows steeply with force per step, so a few percent less force per step " ..
          "removes a large share of the dose, more than the extra steps add.",
  wrong = "Damage per step grows with roughly the seventh power of force, so a 6% lighter " ..
          "step carries far less dose; the extra steps do not make up for it.",
}

calfsim.section("What happened (oracle run)")
local lines = {}
for i, s in ipairs(rates) do
  lines[#lines + 1] = string.format(
    "step rate x%.2f: force per step %.2f BW (%+.1f%%), load per km %.0f (%+.1f%%), damage " ..
    "dose per km %.0f (%+.0f%%), pain during %.1f/10",
    s, force(runs[i]), change(i, force), load(runs[i]), change(i, load), dose(runs[i]),
    change(i, dose), runs[i].trace.pain_during_max[1])
end
calfsim.say(table.concat(lines, "\n"))
calfsim.say("These match the model's reference figures: +5% step rate gives about -3.4% force " ..
            "per step, +1.5% load per km and -17% dose per km; +10% gives -6.5%, +2.9% and " ..
            "-31%.")
-- the hidden state over four weeks of four such runs a week at each cadence
local weeks = {}
for i, s in ipairs(rates) do
  local rows = {}
  for w = 0, 3 do
    for _, d in ipairs({ 1, 3, 5, 7 }) do
      rows[#rows + 1] = { day = w * 7 + d, kind = "run", km = KM, step_rate = s }
    end
  end
  weeks[i] = calfsim.oracle{ patient = pt, protocol = rows, days = 28 }
end
calfsim.say(string.format(
  "Over four weeks of four %g km runs a week, damage ends at %.2f, %.2f and %.2f (preferred, " ..
  "+5%%, +10%%; 0.2 is what habitual running held); see step_rate_hidden.png.",
  KM, weeks[1].trace.damage[28], weeks[2].trace.damage[28], weeks[3].trace.damage[28]))
calfsim.reveal{ runs = weeks, labels = { "preferred cadence", "+5% step rate", "+10% step rate" },
                name = "step_rate_hidden", title = "Step rate: " .. pt.name }

calfsim.section("Why (explain)")
local x = calfsim.explain{ patient = pt, days = 1, day = 1, name = "step_rate_explain",
                           protocol = { { day = 1, kind = "run", km = KM, step_rate = 1.0 } } }
calfsim.say("At the preferred cadence. " .. x.text)
calfsim.say(string.format(
  "The gait factor (step rate, strike and overstride against the reference) contributed %.2f " ..
  "points of that pain: gait retraining works on that part.",
  x.contributions.pain_during.gait))

calfsim.section("What to take away")
calfsim.say("Quicker, shorter steps lower the peak force of each step. The total load per km " ..
            "hardly changes, but the tissue's damage dose per km falls steeply, because " ..
            "damage depends on how hard each step is far more than on how many steps there " ..
            "are. Small cadence changes (+5 to +10%) are enough.")
calfsim.say("Sources: Clinical Edge, Treatment of calf pain in runners (after Physio Edge " ..
            "podcast 066), Gait retraining; Lenhart 2014 and Lyght 2016 (step rate and " ..
            "plantarflexor load); Schechtman and Bader 1997 (tendon fatigue); calfsim model, " ..
            "docs/model.md. The model keeps the literature's higher Achilles load for " ..
            "non-rearfoot strikes and gives the seed's effect through step rate and " ..
            "overstride. Model outputs under stated assumptions, not a patient's real risk.")
