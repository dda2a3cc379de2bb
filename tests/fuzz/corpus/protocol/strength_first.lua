-- Strength first, then graded running: the seed's plan for highly irritable
-- calf pain (Clinical Edge, Goom).
local rules = require "lib.rules"

return {
  name = "Strength first",
  source = "Clinical Edge: Treatment of calf pain in runners (Goom), plan for highly irritable calves",
  summary = "No running while load capacity is built with calf, soleus, toe-flexor and "
    .. "kinetic-chain strength (cross-training kept); then running returns as walk/run "
    .. "and grows to continuous easy runs; intervals return once runs reach 60% of the "
    .. "goal's long run.",
  params = {
    min_weeks = { 4, min = 2, max = 12 },    -- shortest strength-only phase
    max_weeks = { 8, min = 2, max = 16 },    -- longest strength-only phase
    reps_target = { 22, min = 10, max = 40 }, -- heel raises that end the phase
  },
  init = function(ctx, p)
    ctx.state.phase = 1
    ctx.state.run_weeks = 0
  end,
  week = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    if st.phase == 1 and ctx.week > p.min_weeks and
       ((ctx.heel_raise_reps >= p.reps_target and ctx.morning_pain < 1)
        or ctx.week > p.max_weeks) then
      st.phase = 2
    end
    local sets, rm = rules.seed_strength(math.min(4, ctx.week))
    local s = {
      strength{ "seated_calf_raise", sets = sets, rm = rm },
      strength{ "leg_press_calf_raise", sets = sets, rm = rm },
      strength{ "soleus_squat", sets = sets, rm = rm },
      isometric{ "toe_flexor_isometric", sets = 3, reps = 5 },
      strength{ "quads_glutes", sets = 3, reps = 10 },
    }
    local w = { mon = s, wed = s, fri = s }
    if st.phase == 1 then
      w.tue = cross{ kind = "bike", minutes = 30 }
      w.sat = cross{ kind = "swim", minutes = 30 }
      return w
    end
    st.run_weeks = st.run_weeks + (rules.pain_monitor(ctx, 3) == "regress" and 0 or 1)
    local easy = pt.habitual.easy_kmh
    local k = st.run_weeks
    local sess
    if k <= 2 then
      sess = walk_run{ reps = 6, run_min = 1 + k, walk_min = 1, run_kmh = easy,
                       stop_at_pain = 3 }
    else
      local km = math.min(rules.start_km(ctx) + 0.5 * (k - 2), pt.goal.long_run_km or 12)
      sess = run{ km = rules.km(km), kmh = easy, stop_at_pain = 3,
                  skip_if_morning_pain = 3, instead = cross{ kind = "bike", minutes = 30 } }
    end
    w.tue, w.thu, w.sat = sess, sess, sess
    if k > 2 and rules.quality_ready(ctx, sess.km) then
      -- graded reintroduction complete enough for speed: intervals after a
      -- rest day, and a shorter easy run on Sunday
      w.thu = rules.quality_session(ctx, { stop_at_pain = 3, skip_if_morning_pain = 3,
                                           instead = cross{ kind = "bike", minutes = 30 } })
      w.sun = run{ km = rules.km(0.6 * sess.km), kmh = easy, stop_at_pain = 3 }
    end
    return w
  end,
}
