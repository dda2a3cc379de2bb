-- Symptom-guided return to running, following the Clinical Edge resource
-- "Treatment of calf pain in runners" (Goom, Physio Edge podcast 066).
local rules = require "lib.rules"

-- Sessions are immutable values, so the ones that do not depend on the patient
-- or the week are built once per interpreter and reused (a cohort runs many
-- virtual patients through one interpreter); the patient's easy runs are
-- built once per distance for each patient (ctx.state.runs), and the interval
-- sessions once per repetition count (ctx.state.quality).
local shared, strength_memo = nil, {}

local function shared_sessions()
  local bike_30 = cross{ kind = "bike", minutes = 30 }
  return { rest = rest(), bike_30 = bike_30, bike_40 = cross{ kind = "bike", minutes = 40 },
           neural = neural{ kind = "slider", bouts = 4, minutes = 2 },
           gait_5 = gait{ step_rate = 1.05 } }
end

-- Monday's calf work and Wednesday's local work at strength level 1..4.
local function strength_days(level)
  local m = strength_memo[level]
  if not m then
    local sets, rm = rules.seed_strength(level)
    m = {
      { strength{ "seated_calf_raise", sets = sets, rm = rm },
        strength{ "straight_leg_calf_raise", sets = sets, rm = rm },
        strength{ "soleus_squat", sets = sets, rm = rm },
        isometric{ "toe_flexor_isometric", sets = 3, reps = 5, hold_s = 3 } },
      { strength{ "bent_knee_calf_raise", sets = sets, rm = rm },
        strength{ "invertor_evertor_band", sets = 3, reps = 15 },
        strength{ "quads_glutes", sets = 3, reps = 10 } },
    }
    strength_memo[level] = m
  end
  return m[1], m[2]
end

-- An easy run of km (rounded to 0.1 km) at the patient's easy speed, ended at
-- the pain limit, shortened or swapped for the bike on painful mornings.
local function easy_run(st, p, km)
  km = rules.km(km)
  local r = st.runs[km]
  if not r then
    r = run{ km = km, kmh = st.easy, stop_at_pain = p.pain_limit,
             shorten_if_morning_pain = { 2, 0.5 }, skip_if_morning_pain = 4,
             instead = shared.bike_30 }
    st.runs[km] = r
  end
  return r
end

-- Saturday's short intervals (reps repetitions, after an easy warm-up), with
-- `instead` on painful mornings: 0.2 km at the speed that provokes symptoms
-- for a speed-sensitive runner (fast), else 0.4 km at 1.25 x easy speed with
-- a longer cool-down. Built once per (fast, reps, instead) for each patient.
local function intervals_run(st, p, fast, reps, instead)
  local key = fast and reps or -reps
  local m = st.quality[key]
  if m and m.instead == instead then return m.session end
  local iv
  if fast then
    iv = { reps = reps, km = 0.2, kmh = st.fast_kmh, recovery_km = 0.2, cooldown_km = 1 }
  else
    iv = { reps = reps, km = 0.4, kmh = rules.km(1.25 * st.easy), recovery_km = 0.2,
           recovery_kmh = st.easy, cooldown_km = 1.5 }
  end
  local r = run{ km = 2, kmh = st.easy, stop_at_pain = p.pain_limit, skip_if_morning_pain = 3,
                 instead = instead, intervals = iv }
  st.quality[key] = { session = r, instead = instead }
  return r
end

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

  init = function(ctx, p)
    shared = shared or shared_sessions()
    local st, pt = ctx.state, ctx.patient
    st.longest = rules.start_km(ctx)
    st.level = 1          -- strength level: 15RM, 12RM, 10RM, 8RM
    st.no_run = pt.symptoms.irritability == "high"
    st.interval_reps = 4
    st.runs, st.quality = {}, {}
    st.easy = pt.habitual.easy_kmh
    st.per = pt.habitual.km_per_week / 4
    st.speed_sensitive = rules.speed_sensitive(ctx)
    st.fast_kmh = st.speed_sensitive and pt.symptoms.fast.kmh or nil
    st.neural = (pt.neural_mobility or 1) < 0.95
    local g = pt.gait or {}
    st.gait_retrain = (g.cadence_spm ~= nil and g.cadence_spm < 165) or (g.overstride or 0) > 0.5
    st.overstride = g.overstride or 0
  end,

  week = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
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

    local calf, local_work = strength_days(st.level)
    -- neural mobility early when reduced: short, frequent bouts
    local nm = st.neural and ctx.week <= 6 and shared.neural or nil
    -- gait retraining: step rate +5%, then +10% with less overstride
    local gt
    if st.gait_retrain then
      if ctx.week == 1 then
        gt = shared.gait_5
      elseif ctx.week == 4 then
        gt = gait{ step_rate = 1.10, overstride = math.max(0, st.overstride - 0.3) }
      end
    end
    if nm or gt then
      calf = { calf[1], calf[2], calf[3], calf[4], nm or gt }
      if nm and gt then calf[6] = gt end
      if nm then local_work = { local_work[1], local_work[2], local_work[3], nm } end
    end
    local w = { mon = calf, wed = local_work, fri = shared.rest }

    if st.no_run then
      w.tue, w.thu, w.sat = shared.bike_30, shared.bike_30, shared.bike_40
      return w
    end

    if st.speed_sensitive then
      -- reduce intensity, keep volume: the habitual week at easy pace, with
      -- the long run growing towards the goal's as symptoms allow
      local per = st.per
      w.tue = easy_run(st, p, per)
      w.thu = w.tue
      w.sun = easy_run(st, p, math.max(per, st.longest))
      if ctx.week >= p.interval_week then
        -- short intervals, after the Friday recovery day
        w.sat = intervals_run(st, p, true, st.interval_reps, w.tue)
      else
        w.sat = w.tue
      end
    elseif st.longest >= p.quality_from * goal_long then
      -- load tolerance has improved: short intervals on Saturday, after the
      -- Friday recovery day; the longest run moves to Sunday
      w.tue = easy_run(st, p, 0.8 * st.longest)
      w.thu = w.tue
      w.sat = intervals_run(st, p, false, st.interval_reps, easy_run(st, p, 0.5 * st.longest))
      w.sun = easy_run(st, p, st.longest)
    else
      w.tue = easy_run(st, p, 0.7 * st.longest)
      w.thu = w.tue
      w.sat = easy_run(st, p, st.longest)   -- the longest run, after Friday's rest
      if ctx.week >= 3 then w.sun = easy_run(st, p, 0.5 * st.longest) end
    end
    return w
  end,
}
