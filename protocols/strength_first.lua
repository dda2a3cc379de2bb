-- Strength first, then graded running: the seed's plan for highly irritable
-- calf pain (Clinical Edge, Goom). Its weekly rules are declared and
-- evaluated in C (docs/protocols.md); its Lua twin is
-- tests/lua/fixtures/protocols/strength_first_plain.lua.
local rules = require "lib.rules"

-- Monday, Wednesday and Friday: calf, soleus, toe-flexor and kinetic-chain
-- strength, 15RM in week 1 to 8RM from week 4 (rules.seed_strength).
local RM = rules.seed_rm_of("min(4, week)")
local S = { { "seated_calf_raise", rm = RM }, { "leg_press_calf_raise", rm = RM },
            { "soleus_squat", rm = RM }, "toe_flexor", "quads_glutes" }
-- the first three weeks of running: walk/run with 1, 2, then 3 minutes of running
local WALK_RUN = { { "walk_run_0", when = "run_weeks == 0" }, { "walk_run_1", when = "run_weeks == 1" },
                   { "walk_run_2", when = "run_weeks == 2" } }
-- then continuous runs: the starting distance plus 0.5 km a week, up to the goal's long run
local RUN_KM = "km(min(start + 0.5 * (run_weeks - 2), goal_cap))"
local RUN = { "run", km = RUN_KM }

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
  -- Once per patient: the phase, the goal, the sessions.
  init = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local easy = pt.habitual.easy_kmh
    st.phase = 1          -- 1: strength only; 2: running returns
    st.run_weeks = 0      -- weeks of running, a regressed week not counted
    st.was_regress = false
    st.start = rules.start_km(ctx)
    st.goal_cap = pt.goal.long_run_km or 12
    st.goal_long = pt.goal.long_run_km or 14
    st.quality_goal = (pt.goal.quality_sessions or 0) >= 1
    for _, ex in ipairs{ "seated_calf_raise", "leg_press_calf_raise", "soleus_squat" } do
      st[ex] = strength{ ex, sets = 3, rm = 15 }
    end
    st.toe_flexor = isometric{ "toe_flexor_isometric", sets = 3, reps = 5 }
    st.quads_glutes = strength{ "quads_glutes", sets = 3, reps = 10 }
    st.bike = cross{ kind = "bike", minutes = 30 }
    st.swim = cross{ kind = "swim", minutes = 30 }
    for k = 0, 2 do -- walk/run: 6 x (1 min walking, 1 + k min running)
      st["walk_run_" .. k] = walk_run{ reps = 6, run_min = 1 + k, walk_min = 1, run_kmh = easy,
                                       stop_at_pain = 3 }
    end
    st.run = run{ km = 1, kmh = easy, stop_at_pain = 3, skip_if_morning_pain = 3,
                  instead = cross{ kind = "bike", minutes = 30 } }
    st.easy = run{ km = 1, kmh = easy, stop_at_pain = 3 }
    st.quality = rules.quality_session(ctx, { stop_at_pain = 3, skip_if_morning_pain = 3,
                                              instead = cross{ kind = "bike", minutes = 30 } })
  end,

  -- Each Monday from week 2: the phase ends after min_weeks once the calf
  -- manages reps_target heel raises with mornings below 1/10, or after
  -- max_weeks; then every week of running that is not a regression
  -- (rules.pain_monitor at 3/10) moves the running on.
  verdict = rules.verdict(3),
  update = {
    progress = { was_regress = false }, hold = { was_regress = false },
    regress = { was_regress = true },
    every = { phase = "if(phase == 1 and week > p.min_weeks and ((heel_raise_reps >= "
                      .. "p.reps_target and morning_pain < 1) or week > p.max_weeks), 2, phase)" },
    after = { run_weeks = "run_weeks + if(phase == 2 and not was_regress, 1, 0)" },
  },

  weeks = {
    { when = "phase == 1", mon = S, tue = "bike", wed = S, fri = S, sat = "swim" },
    { when = "run_weeks <= 2", mon = S, tue = WALK_RUN, wed = S, thu = WALK_RUN, fri = S,
      sat = WALK_RUN },
    -- graded reintroduction complete enough for speed: intervals after a
    -- rest day, and a shorter easy run on Sunday
    { when = "quality_goal and " .. RUN_KM .. " >= " .. rules.quality_share .. " * goal_long",
      mon = S, tue = RUN, wed = S, thu = "quality", fri = S, sat = RUN,
      sun = { "easy", km = "km(0.6 * " .. RUN_KM .. ")" } },
    { mon = S, tue = RUN, wed = S, thu = RUN, fri = S, sat = RUN },
  },
}
