-- Symptom-guided return to running, following the Clinical Edge resource
-- "Treatment of calf pain in runners" (Goom, Physio Edge podcast 066).
local rules = require "lib.rules"

return {
  name = "Symptom-guided return",
  source = "Clinical Edge: Treatment of calf pain in runners (Goom, Physio Edge podcast 066)",
  summary = "Longest run = the distance before symptom onset, grown as symptoms allow; "
    .. "speed-only symptoms: easy pace at full volume first; short intervals once load "
    .. "tolerance improves, with a recovery day "
    .. "before every hard run; strength 15RM to 8-12RM by symptoms; local, kinetic-chain, "
    .. "neural and gait work; running removed only if highly irritable.",
  params = {
    pain_limit = { 3, min = 1, max = 6 },       -- pain during a run that ends it (NRS)
    growth = { 0.10, min = 0, max = 0.3 },      -- weekly growth of the longest run
    interval_week = { 3, min = 1, max = 12 },   -- first week with intervals (speed-sensitive)
    quality_from = { 0.6, min = 0.3, max = 1 },  -- intervals once the longest run reaches
                                                 -- this share of the goal's long run
    fast_growth = { 0.15, min = 0, max = 0.3 },  -- growth when last week was symptom-free
  },

  init = function(ctx, p)
    local st = ctx.state
    st.longest = rules.start_km(ctx)
    st.level = 1          -- strength level: 15RM, 12RM, 10RM, 8RM
    st.no_run = ctx.patient.symptoms.irritability == "high"
    st.interval_reps = 4
  end,

  week = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local easy = pt.habitual.easy_kmh
    local verdict = rules.pain_monitor(ctx, p.pain_limit)
    if ctx.week > 1 then
      if verdict == "progress" then
        -- "as symptoms allow": faster when no run reached symptom onset
        local w = rules.last_week(ctx)
        local free = w.pain_max < 2 and w.stopped == 0
        st.longest = st.longest * (1 + (free and p.fast_growth or p.growth))
        st.level = math.min(4, st.level + 1)
        st.interval_reps = math.min(10, st.interval_reps + 1)
      elseif verdict == "regress" then
        st.longest = st.longest * 0.8
        st.level = math.max(1, st.level - 1)
      end
      -- highly irritable: running returns once mornings have settled
      if st.no_run and ctx.morning_pain < 1 and ctx.week >= 4 then st.no_run = false end
    end
    local goal_long = pt.goal.long_run_km or 14
    st.longest = rules.clamp(st.longest, 1, goal_long)

    local sets, rm = rules.seed_strength(st.level)
    local calf = {
      strength{ "seated_calf_raise", sets = sets, rm = rm },
      strength{ "straight_leg_calf_raise", sets = sets, rm = rm },
      strength{ "soleus_squat", sets = sets, rm = rm },
      isometric{ "toe_flexor_isometric", sets = 3, reps = 5, hold_s = 3 },
    }
    local local_work = {
      strength{ "bent_knee_calf_raise", sets = sets, rm = rm },
      strength{ "invertor_evertor_band", sets = 3, reps = 15 },
      strength{ "quads_glutes", sets = 3, reps = 10 },
    }
    -- neural mobility early when reduced: short, frequent bouts
    if (pt.neural_mobility or 1) < 0.95 and ctx.week <= 6 then
      local nm = neural{ kind = "slider", bouts = 4, minutes = 2 }
      table.insert(calf, nm)
      table.insert(local_work, nm)
    end
    local w = { mon = calf, wed = local_work, fri = rest() }
    -- gait retraining: step rate +5%, then +10% with less overstride
    local g = pt.gait or {}
    if (g.cadence_spm and g.cadence_spm < 165) or (g.overstride or 0) > 0.5 then
      if ctx.week == 1 then
        table.insert(w.mon, gait{ step_rate = 1.05 })
      elseif ctx.week == 4 then
        table.insert(w.mon, gait{ step_rate = 1.10,
                                  overstride = math.max(0, (g.overstride or 0) - 0.3) })
      end
    end

    if st.no_run then
      w.tue = cross{ kind = "bike", minutes = 30 }
      w.thu = cross{ kind = "bike", minutes = 30 }
      w.sat = cross{ kind = "bike", minutes = 40 }
      return w
    end

    local guard = { stop_at_pain = p.pain_limit, shorten_if_morning_pain = { 2, 0.5 },
                    skip_if_morning_pain = 4 }
    local function easy_run(km)
      return run{ km = rules.km(km), kmh = easy, stop_at_pain = guard.stop_at_pain,
                  shorten_if_morning_pain = guard.shorten_if_morning_pain,
                  skip_if_morning_pain = guard.skip_if_morning_pain,
                  instead = cross{ kind = "bike", minutes = 30 } }
    end
    if rules.speed_sensitive(ctx) then
      -- reduce intensity, keep volume: the habitual week at easy pace, with
      -- the long run growing towards the goal's as symptoms allow
      local per = pt.habitual.km_per_week / 4
      w.tue = easy_run(per)
      w.thu = easy_run(per)
      w.sun = easy_run(math.max(per, st.longest))
      if ctx.week >= p.interval_week then
        -- short intervals, after the Friday recovery day
        w.sat = run{ km = 2, kmh = easy, stop_at_pain = p.pain_limit,
                     skip_if_morning_pain = 3, instead = easy_run(per),
                     intervals = { reps = st.interval_reps, km = 0.2,
                                   kmh = pt.symptoms.fast.kmh, recovery_km = 0.2,
                                   cooldown_km = 1 } }
      else
        w.sat = easy_run(per)
      end
    elseif st.longest >= p.quality_from * goal_long then
      -- load tolerance has improved: short intervals on Saturday, after the
      -- Friday recovery day; the longest run moves to Sunday
      w.tue = easy_run(0.8 * st.longest)
      w.thu = easy_run(0.8 * st.longest)
      w.sat = run{ km = 2, kmh = easy, stop_at_pain = p.pain_limit,
                   skip_if_morning_pain = 3, instead = easy_run(0.5 * st.longest),
                   intervals = { reps = st.interval_reps, km = 0.4,
                                 kmh = rules.km(1.25 * easy), recovery_km = 0.2,
                                 recovery_kmh = easy, cooldown_km = 1.5 } }
      w.sun = easy_run(st.longest)
    else
      w.tue = easy_run(0.7 * st.longest)
      w.thu = easy_run(0.7 * st.longest)
      w.sat = easy_run(st.longest)   -- the longest run, after Friday's rest
      if ctx.week >= 3 then w.sun = easy_run(0.5 * st.longest) end
    end
    return w
  end,
}
