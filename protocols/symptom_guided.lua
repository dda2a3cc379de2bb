-- Symptom-guided return to running, following the Clinical Edge resource
-- "Treatment of calf pain in runners" (Goom, Physio Edge podcast 066).
--
-- The weekly rules are declared (verdict, update, limits, weeks) and the
-- engine evaluates them in C each Monday (docs/protocols.md, "Rules
-- evaluated in C"); init, in Lua, sets the patient's starting state and
-- builds the sessions the weeks are made of. The same protocol written as a
-- Lua `week` callback is tests/lua/fixtures/protocols/symptom_guided_plain.lua,
-- and the two give the same traces (tests/lua/ctx_summary.sh).
local rules = require "lib.rules"

-- Monday's calf work and Wednesday's local work, at the strength level's RM
-- (15RM, 12RM, 10RM, 8RM), with the neural and gait work of the early weeks.
local RM = rules.seed_rm_of("level")
local calf_day = {
  { "seated_calf_raise", rm = RM },
  { "straight_leg_calf_raise", rm = RM },
  { "soleus_squat", rm = RM },
  "toe_flexor",
  { "neural_bouts", when = "neural and week <= 6" },     -- reduced neural mobility
  { "step_rate_5", when = "gait_retrain and week == 1" }, -- step rate +5%
  { "step_rate_10", when = "gait_retrain and week == 4" }, -- +10%, less overstride
}
local local_day = {
  { "bent_knee_calf_raise", rm = RM },
  "band",
  "quads_glutes",
  { "neural_bouts", when = "neural and week <= 6" },
}
-- an easy run of an expression's distance, rounded to 0.1 km
local function easy(km) return { "easy", km = "km(" .. km .. ")" } end

return {
  name = "Symptom-guided return",
  source = "Clinical Edge: Treatment of calf pain in runners (Goom, Physio Edge podcast 066)",
  summary = "Longest run = the distance before symptom onset, grown as symptoms allow; "
    .. "speed-only symptoms: easy pace at full volume first; short intervals once load "
    .. "tolerance improves, with a recovery day "
    .. "before every hard run; strength 15RM to 8-12RM by symptoms; local, kinetic-chain, "
    .. "neural and gait work; running removed only if highly irritable.",
  -- the weekly rules below, in words for the patient's prescription
  adapt = {
    progress = "After a week with no flare, no run stopped at the pain limit and every morning "
      .. "at 2/10 or less: the longest run grows by 10% (15% when every run stayed below 2/10), "
      .. "strength moves one step (15RM, 12RM, 10RM, 8RM) and intervals gain a repetition.",
    hold = "After a week with a morning above 2/10 or a run stopped at the pain limit: repeat "
      .. "the week.",
    regress = "After a week with a flare, pain during above the limit, or mornings worse than "
      .. "the week before: the longest run drops to 80% and strength steps back one level.",
    symptoms = "A highly irritable calf starts with the bike instead of running; running "
      .. "returns from week 4 once mornings are below 1/10.",
  },
  params = {
    pain_limit = { 3, min = 1, max = 6 },       -- pain during a run that ends it (NRS)
    growth = { 0.10, min = 0, max = 0.3 },      -- weekly growth of the longest run
    interval_week = { 3, min = 1, max = 12 },   -- first week with intervals (speed-sensitive)
    quality_from = { 0.6, min = 0.3, max = 1 },  -- intervals once the longest run reaches
                                                 -- this share of the goal's long run
    fast_growth = { 0.15, min = 0, max = 0.3 },  -- growth when last week was symptom-free
  },

  -- Once per patient: the starting state and the sessions.
  init = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    st.longest = rules.start_km(ctx)  -- the longest run, km
    st.level = 1                      -- strength level: 15RM, 12RM, 10RM, 8RM
    st.interval_reps = 4
    st.no_run = pt.symptoms.irritability == "high"
    st.goal_long = pt.goal.long_run_km or 14
    st.per = pt.habitual.km_per_week / 4
    st.speed_sensitive = rules.speed_sensitive(ctx)
    st.neural = (pt.neural_mobility or 1) < 0.95
    local g = pt.gait or {}
    st.gait_retrain = (g.cadence_spm ~= nil and g.cadence_spm < 165) or (g.overstride or 0) > 0.5

    local easy_kmh = pt.habitual.easy_kmh
    st.rest = rest()
    st.bike_30 = cross{ kind = "bike", minutes = 30 }
    st.bike_40 = cross{ kind = "bike", minutes = 40 }
    st.neural_bouts = neural{ kind = "slider", bouts = 4, minutes = 2 }
    st.step_rate_5 = gait{ step_rate = 1.05 }
    st.step_rate_10 = gait{ step_rate = 1.10, overstride = math.max(0, (g.overstride or 0) - 0.3) }
    for _, ex in ipairs{ "seated_calf_raise", "straight_leg_calf_raise", "soleus_squat",
                         "bent_knee_calf_raise" } do
      st[ex] = strength{ ex, sets = 3, rm = 15 }
    end
    st.toe_flexor = isometric{ "toe_flexor_isometric", sets = 3, reps = 5, hold_s = 3 }
    st.band = strength{ "invertor_evertor_band", sets = 3, reps = 15 }
    st.quads_glutes = strength{ "quads_glutes", sets = 3, reps = 10 }
    -- an easy run, ended at the pain limit, shortened or swapped for the bike
    -- on painful mornings (its km is set by the weeks below)
    st.easy = run{ km = 1, kmh = easy_kmh, stop_at_pain = p.pain_limit,
                   shorten_if_morning_pain = { 2, 0.5 }, skip_if_morning_pain = 4,
                   instead = st.bike_30 }
    -- short intervals after an easy warm-up (reps and `instead` set by the
    -- weeks): 0.2 km at the speed that provokes symptoms for a speed-sensitive
    -- runner, else 0.4 km at 1.25 x easy speed with a longer cool-down
    if st.speed_sensitive then
      st.fast_intervals = run{ km = 2, kmh = easy_kmh, stop_at_pain = p.pain_limit,
                               skip_if_morning_pain = 3, instead = st.easy,
                               intervals = { reps = 4, km = 0.2, kmh = pt.symptoms.fast.kmh,
                                             recovery_km = 0.2, cooldown_km = 1 } }
    end
    st.intervals = run{ km = 2, kmh = easy_kmh, stop_at_pain = p.pain_limit,
                        skip_if_morning_pain = 3, instead = st.easy,
                        intervals = { reps = 4, km = 0.4, kmh = rules.km(1.25 * easy_kmh),
                                      recovery_km = 0.2, recovery_kmh = easy_kmh,
                                      cooldown_km = 1.5 } }
  end,

  -- Each Monday from week 2, by the pain-monitoring verdict (Silbernagel et
  -- al. 2007; rules.pain_monitor), then every week.
  verdict = rules.verdict("p.pain_limit"),
  update = {
    -- "as symptoms allow": faster when no run reached symptom onset
    progress = { longest = "longest * (1 + if(last.pain_max < 2 and last.stopped == 0, "
                           .. "p.fast_growth, p.growth))",
                 level = "level + 1", interval_reps = "interval_reps + 1" },
    regress = { longest = "longest * 0.8", level = "level - 1" },
    -- highly irritable: running returns once mornings have settled
    every = { no_run = "no_run and not (morning_pain < 1 and week >= 4)" },
  },
  limits = { longest = { min = 1, max = "goal_long" }, level = { min = 1, max = 4 },
             interval_reps = { max = 10 } },

  -- The week: the first layout whose `when` holds.
  weeks = {
    -- highly irritable: the bike instead of running
    { when = "no_run", mon = calf_day, tue = "bike_30", wed = local_day, thu = "bike_30",
      fri = "rest", sat = "bike_40" },
    -- speed-only symptoms: reduce intensity, keep volume (the habitual week at
    -- easy pace, the long run growing towards the goal's); short intervals
    -- from p.interval_week, after the Friday recovery day
    { when = "speed_sensitive", mon = calf_day, tue = easy("per"), wed = local_day,
      thu = easy("per"), fri = "rest",
      sat = { { "fast_intervals", when = "week >= p.interval_week", reps = "interval_reps",
                instead = easy("per") },
              { "easy", when = "week < p.interval_week", km = "km(per)" } },
      sun = easy("max(per, longest)") },
    -- load tolerance has improved: short intervals on Saturday, after the
    -- Friday recovery day; the longest run moves to Sunday
    { when = "longest >= p.quality_from * goal_long", mon = calf_day, tue = easy("0.8 * longest"),
      wed = local_day, thu = easy("0.8 * longest"), fri = "rest",
      sat = { "intervals", reps = "interval_reps", instead = easy("0.5 * longest") },
      sun = easy("longest") },
    -- building distance: the longest run on Saturday, after Friday's rest
    { mon = calf_day, tue = easy("0.7 * longest"), wed = local_day, thu = easy("0.7 * longest"),
      fri = "rest", sat = easy("longest"),
      sun = { { "easy", when = "week >= 3", km = "km(0.5 * longest)" } } },
  },
}
