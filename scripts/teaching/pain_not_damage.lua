-- pain_not_damage.lua: a teaching lesson (calfsim lesson pain_not_damage).
-- summary: Pain is not damage: sensitisation vs structural damage under symptom-guided running.
--
-- Source: the seed (Clinical Edge, after Physio Edge podcast 066): "Patients
-- with calf pain can often manage some volume of running. Only remove
-- running in patients with highly irritable calf pain." Model: at intake,
-- half the deficit is sensitisation (MODEL.md section 6, an assumption);
-- pain settling by the next morning signals tolerated load (Silbernagel
-- 2007). Model outputs, not a patient's real risk.

local pt = calfsim.patient("../patients/distance_limited.lua")
local proto = "../../protocols/symptom_guided.lua"
local WEEKS = 8

calfsim.section("Pain is not damage")
calfsim.say(string.format(
  "The patient (%s) feels pain after about %g km of easy running. For %d weeks they follow " ..
  "the shipped symptom-guided return: runs up to the onset distance, progressed when pain " ..
  "during stays low and settles by the next morning, plus calf strength work. Some runs " ..
  "still hurt a little.", pt.name, pt["symptoms.onset_km"], WEEKS))

local r = calfsim.oracle{ patient = pt, protocol = proto, weeks = WEEKS }
local x = calfsim.explain{ patient = pt, protocol = proto, weeks = WEEKS, oracle = true,
                           name = "pain_not_damage_explain" }

calfsim.ask{
  question = string.format("On the most painful day (day %d, pain %.1f/10 during the run), " ..
                           "what drives the pain in the model?", x.day, x.value.pain_during),
  choices = { "Structural damage accumulating in the tendon",
              "A sensitised calf with reduced capacity",
              "Acute fatigue alone" },
  correct = "b",
  right = "The pain comes from sensitisation and low capacity; damage adds nothing that day.",
  wrong = "In the model the damage is at or below what habitual running held; the pain comes " ..
          "from a calf that reacts more strongly than a healthy one and has less capacity.",
}
calfsim.ask{
  question = "Over the eight weeks, the runs keep hurting a little. What happens to damage?",
  choices = { "It climbs week after week", "It stays near what habitual running held",
              "It drops to zero" },
  correct = "b",
  right = "Symptom-guided loading keeps the dose within what the tissue repairs.",
  wrong = "The symptom rule keeps each run's dose within what the tissue repairs, so damage " ..
          "stays near its habitual level even though some runs hurt.",
}

calfsim.section("What happened (oracle run)")
local maxd, maxp = 0, 0
for d = 1, r.days do
  maxd = math.max(maxd, r.trace.damage[d])
  maxp = math.max(maxp, r.trace.pain_during_max[d] or 0)
end
calfsim.say(string.format(
  "Highest pain during a run: %.1f/10. Damage peaked at %.2f (0.2 is what habitual running " ..
  "held; 1 is the median failure point). Sensitisation fell from %.2f to %.2f (1 = reacts " ..
  "like a healthy calf) and capacity rose from %.0f%% to %.0f%% of healthy. Running %.1f km " ..
  "in %d weeks.",
  maxp, maxd, r.trace.sensitisation[1], r.trace.sensitisation[r.days],
  100 * r.trace.capacity[1] / r.capacity_healthy,
  100 * r.trace.capacity[r.days] / r.capacity_healthy, r.total_km, WEEKS))
calfsim.reveal{ runs = { r }, labels = { "symptom-guided return" }, name = "pain_not_damage_hidden",
                title = "Pain is not damage: " .. pt.name }

calfsim.section("Why (explain)")
calfsim.say(x.text)
calfsim.say(string.format(
  "Damage's part of the pain that day: %.2f points; sensitisation's %.2f; capacity's %.2f.",
  x.contributions.pain_during.damage, x.contributions.pain_during.sensitisation,
  x.contributions.pain_during.capacity))

calfsim.section("What to take away")
calfsim.say("Pain during running tells you how sensitive the calf is today, not how much " ..
            "tissue is being damaged. Kept low and settling by the next morning, it can " ..
            "guide a return to running that is safe for the tissue; stopping all running is " ..
            "for highly irritable calves.")
calfsim.say("Sources: Clinical Edge, Treatment of calf pain in runners (after Physio Edge " ..
            "podcast 066), Training loads; Silbernagel 2007 (pain-monitoring model); calfsim " ..
            "model, docs/model.md (the split of pain into sensitisation and capacity at intake " ..
            "is an assumption). Model outputs under stated assumptions, not a patient's real " ..
            "risk.")
