-- The pain-monitoring model of Silbernagel et al. (2007) with the heavy slow
-- resistance programme of Beyer et al. (2015).
local rules = require "lib.rules"

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
  init = function(ctx, p)
    local hab = ctx.patient.habitual
    ctx.state.run_km = math.min(rules.start_km(ctx), hab.km_per_week / 3)
    ctx.state.regressed = {}
  end,
  week = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local verdict = rules.pain_monitor(ctx, p.pain_limit)
    if ctx.week > 1 then
      if verdict == "regress" then
        st.run_km = st.run_km * p.regress
        st.regressed[ctx.week] = true
      elseif verdict == "progress" then
        st.run_km = st.run_km * (1 + p.growth)
      end
    end
    st.run_km = rules.clamp(st.run_km, 0.5, pt.goal.long_run_km or 14)
    local sets, rm = rules.hsr(ctx.week)
    local hsr = {
      strength{ "seated_calf_raise", sets = sets, rm = rm, tempo_s = 6 },
      strength{ "straight_leg_calf_raise", sets = sets, rm = rm, tempo_s = 6 },
      strength{ "leg_press_calf_raise", sets = sets, rm = rm, tempo_s = 6 },
    }
    local r = run{ km = rules.km(st.run_km), kmh = pt.habitual.easy_kmh,
                   stop_at_pain = p.pain_limit }
    if rules.quality_ready(ctx, st.run_km) then
      -- back towards the previous level: speed returns under the same rules
      return { mon = hsr, tue = r, wed = hsr,
               thu = rules.quality_session(ctx, { stop_at_pain = p.pain_limit }),
               fri = hsr, sat = r,
               sun = run{ km = rules.km(0.6 * st.run_km), kmh = pt.habitual.easy_kmh,
                          stop_at_pain = p.pain_limit } }
    end
    return { mon = hsr, tue = r, wed = hsr, thu = r, fri = hsr, sat = r }
  end,
}
