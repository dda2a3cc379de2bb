-- The pain-monitoring model of Silbernagel et al. (2007) with the heavy slow
-- resistance programme of Beyer et al. (2015). Its weekly rules are declared
-- and evaluated in C (docs/protocols.md, "Rules evaluated in C"); its Lua
-- twin is tests/lua/fixtures/protocols/pain_monitoring_plain.lua.
local rules = require "lib.rules"

local SETS, RM = rules.hsr_of("week")
local HSR = {
  { "seated_calf_raise", sets = SETS, rm = RM },
  { "straight_leg_calf_raise", sets = SETS, rm = RM },
  { "leg_press_calf_raise", sets = SETS, rm = RM },
}
local RUN = { "run", km = "km(run_km)" }

return {
  name = "Pain monitoring with heavy slow resistance",
  source = "Silbernagel et al. 2007 (Am J Sports Med), pain-monitoring model; Beyer et al. 2015 (Am J Sports Med), heavy slow resistance",
  summary = "Running continues while pain during stays <= 5/10, settles by the next morning "
    .. "and does not worsen week to week, otherwise the week regresses; HSR 3x15RM to 4x6RM "
    .. "over 12 weeks, 3 sessions a week, 6 s repetitions; intervals return once runs reach 60% "
    .. "of the goal's long run.",
  -- the weekly rules below, in words for the patient's prescription
  adapt = {
    progress = "After a week with pain during at most 5/10, no flare, every morning at 2/10 "
      .. "or less and no run stopped: runs grow by 10%.",
    hold = "After a week with a morning above 2/10 or a run stopped at the pain limit: repeat "
      .. "the week.",
    regress = "After a week with a flare, pain during above 5/10, or mornings worse than the "
      .. "week before: runs drop to 70%. Heavy slow resistance follows its table whatever the "
      .. "symptoms (3x15RM in week 1 to 4x6RM from week 9).",
  },
  params = {
    pain_limit = { 5, min = 2, max = 7 },   -- Silbernagel: pain during allowed up to 5/10
    growth = { 0.10, min = 0, max = 0.3 },  -- weekly growth after a good week
    regress = { 0.7, min = 0.3, max = 1 },  -- volume factor after a bad week
  },
  -- Once per patient: the starting distance, the goal, and the sessions.
  init = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local hab = pt.habitual
    st.run_km = math.min(rules.start_km(ctx), hab.km_per_week / 3)
    st.goal_long = pt.goal.long_run_km or 14
    st.quality_goal = (pt.goal.quality_sessions or 0) >= 1
    for _, ex in ipairs{ "seated_calf_raise", "straight_leg_calf_raise", "leg_press_calf_raise" } do
      st[ex] = strength{ ex, sets = 3, rm = 15, tempo_s = 6 }
    end
    st.run = run{ km = 1, kmh = hab.easy_kmh, stop_at_pain = p.pain_limit }
    st.quality = rules.quality_session(ctx, { stop_at_pain = p.pain_limit })
  end,

  -- Each Monday from week 2, by the pain-monitoring verdict (Silbernagel et
  -- al. 2007; rules.pain_monitor); runs between 0.5 km and the goal's long run.
  verdict = rules.verdict("p.pain_limit"),
  update = {
    progress = { run_km = "run_km * (1 + p.growth)" },
    regress = { run_km = "run_km * p.regress" },
  },
  limits = { run_km = { min = 0.5, max = "goal_long" } },

  -- Heavy slow resistance three days a week by its table (Beyer et al. 2015),
  -- runs on the other three; once runs reach the goal's quality share of its
  -- long run (rules.quality_ready), speed returns under the same rules.
  weeks = {
    { when = "quality_goal and run_km >= " .. rules.quality_share .. " * goal_long",
      mon = HSR, tue = RUN, wed = HSR, thu = "quality", fri = HSR, sat = RUN,
      sun = { "run", km = "km(0.6 * run_km)" } },
    { mon = HSR, tue = RUN, wed = HSR, thu = RUN, fri = HSR, sat = RUN },
  },
}
