-- Shared rules for calfsim protocols, written once:
--  * week summaries read from ctx.history (observations only);
--  * the pain-monitoring model of Silbernagel et al. (2007);
--  * the heavy slow resistance (HSR) table of Beyer et al. (2015);
--  * progression helpers and the patient's starting distance.
local M = {}

M.days = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" }

-- What happened over the last 7 completed days (or fewer at the start).
-- run_km: total; runs: days with running; pain_max: highest pain during;
-- morning_max: highest next-morning pain; stopped: runs stopped by a rule;
-- flare: the engine's flare rule (flare_min, flare_rise; ctx.history.flare).
-- Inside a protocol the engine keeps this summary as ctx.last_week, refilled
-- each morning (the same numbers, computed in C); treat it as read-only. The
-- loop below serves a ctx built by hand.
function M.last_week(ctx)
  local s = ctx.last_week
  if s and s.day == ctx.day then return s end
  local h = ctx.history
  local s = { run_km = 0, runs = 0, pain_max = 0, morning_max = 0, stopped = 0,
              flare = false, longest = 0, days = 0 }
  for d = math.max(1, ctx.day - 7), ctx.day - 1 do
    s.days = s.days + 1
    local km = h.run_km[d] or 0
    s.run_km = s.run_km + km
    if km > 0 then s.runs = s.runs + 1 end
    if km > s.longest then s.longest = km end
    local pd = h.pain_during[d] or 0
    if pd > s.pain_max then s.pain_max = pd end
    if h.stopped[d] then s.stopped = s.stopped + 1 end
    local m1 = h.morning_pain[d + 1] or 0
    if m1 > s.morning_max then s.morning_max = m1 end
    if h.flare and h.flare[d] then s.flare = true end
  end
  return s
end

-- Morning pain on each day of the week before last, for week-to-week trends.
function M.morning_mean(ctx, from, to)
  local h, n, sum = ctx.history.morning_pain, 0, 0
  for d = math.max(1, from), to do
    if h[d] then n = n + 1; sum = sum + h[d] end
  end
  return n > 0 and sum / n or 0
end

-- Silbernagel et al. (2007) pain-monitoring model. Returns "progress",
-- "hold" or "regress":
--  * pain during activity may reach `limit` (5/10 in the study);
--  * pain after activity must settle by the next morning (M.monitor.morning);
--  * morning pain and stiffness must not worsen from week to week (a rise in
--    the week's mean morning pain above M.monitor.trend, read once there is a
--    week before last: after day M.monitor.trend_after).
M.monitor = { morning = 2, trend = 0.5, trend_after = 8 }
function M.pain_monitor(ctx, limit)
  if ctx.day <= 1 then return "hold" end
  local w = M.last_week(ctx)
  local this_week = w.morning_mean or M.morning_mean(ctx, ctx.day - 6, ctx.day)
  local prev_week = w.prev_morning_mean or M.morning_mean(ctx, ctx.day - 13, ctx.day - 7)
  local mon = M.monitor
  if w.flare or w.pain_max > limit
     or (ctx.day > mon.trend_after and this_week > prev_week + mon.trend) then
    return "regress"
  end
  if w.morning_max > mon.morning or w.stopped > 0 then return "hold" end
  return "progress"
end

-- The same verdict for a protocol whose rules the engine evaluates in C
-- (docs/protocols.md, "Rules evaluated in C"): verdict = rules.verdict("p.pain_limit").
-- limit is an expression (a number or its text).
function M.verdict(limit)
  return { limit = limit, morning = M.monitor.morning, trend = M.monitor.trend,
           trend_after = M.monitor.trend_after }
end

-- Beyer et al. (2015) heavy slow resistance: 3x15RM (week 1), 3x12RM
-- (weeks 2-3), 4x10RM (4-5), 4x8RM (6-8), 4x6RM (9-12), 3 sessions a week,
-- 6 s per repetition (3 s up, 3 s down).
M.hsr_table = {
  { last = 1, sets = 3, rm = 15 }, { last = 3, sets = 3, rm = 12 },
  { last = 5, sets = 4, rm = 10 }, { last = 8, sets = 4, rm = 8 },
  { last = 12, sets = 4, rm = 6 },
}
M.hsr_after = { sets = 4, rm = 6 } -- after the table's last week
function M.hsr(week)
  for _, row in ipairs(M.hsr_table) do
    if week <= row.last then return row.sets, row.rm end
  end
  return M.hsr_after.sets, M.hsr_after.rm
end
-- The same table as two expressions of the week, for rules evaluated in C:
-- sets, rm ("if(week <= 1, 3, if(week <= 3, 3, ...))").
function M.hsr_of(week)
  local function expr(field)
    local e = tostring(M.hsr_after[field])
    for i = #M.hsr_table, 1, -1 do
      local row = M.hsr_table[i]
      e = "if(" .. week .. " <= " .. row.last .. ", " .. row[field] .. ", " .. e .. ")"
    end
    return e
  end
  return expr("sets"), expr("rm")
end

-- The seed's strength progression: start at 15RM, move through 12RM and
-- 10RM to 8RM (the 8-12RM range), one step at a time, only while symptoms
-- allow. level is 1..4; returns sets, rm.
M.seed_rm = { 15, 12, 10, 8 }
function M.seed_strength(level)
  local lv = math.max(1, math.min(#M.seed_rm, level))
  return 3, M.seed_rm[lv]
end
-- The RM at a strength level as an expression of the state variable `var`,
-- for rules evaluated in C: "pick(level, 15, 12, 10, 8)".
function M.seed_rm_of(var)
  return "pick(" .. var .. ", " .. table.concat(M.seed_rm, ", ") .. ")"
end

-- The distance a patient can run before symptoms at easy pace, from intake.
function M.start_km(ctx)
  local s = ctx.patient.symptoms or {}
  local hab = ctx.patient.habitual
  return s.onset_km or s.easy_free_km or hab.km_per_week / hab.runs_per_week
end

-- Speed-only symptoms: pain-free at easy pace, symptoms at a faster speed.
-- ctx.patient always holds the tables of the profile (symptoms, symptoms.fast,
-- ...), empty when the file left them out, so the faster speed itself must be
-- given.
function M.speed_sensitive(ctx)
  local s = ctx.patient.symptoms or {}
  return s.onset_km == nil and s.fast ~= nil and s.fast.kmh ~= nil
end

function M.clamp(x, lo, hi)
  if x < lo then return lo elseif x > hi then return hi else return x end
end

-- Round a distance to 0.1 km.
function M.km(x)
  return math.floor(x * 10 + 0.5) / 10
end

-- The patient's habitual week: runs_per_week easy runs of equal length,
-- spread over the week.
M.run_days = {
  [1] = { "sat" }, [2] = { "tue", "sat" }, [3] = { "mon", "wed", "sat" },
  [4] = { "mon", "wed", "fri", "sun" }, [5] = { "mon", "tue", "thu", "fri", "sun" },
  [6] = { "mon", "tue", "wed", "fri", "sat", "sun" },
  [7] = { "mon", "tue", "wed", "thu", "fri", "sat", "sun" },
}
-- For rules evaluated in C: ctx.state.run_mon .. run_sun, true on the
-- patient's habitual run days (run_days), and first_run_day, the first of
-- them (1 = Monday .. 7). run_day_items(item) lays a session out on them: a
-- layout's days, each the item (a session's name, or { name, km = ... }) with
-- when = "run_DAY".
function M.habitual_runs(ctx)
  return M.clamp(math.floor(ctx.patient.habitual.runs_per_week + 0.5), 1, 7)
end
-- mark_run_days(ctx, n, prefix) marks the days of run_days[n] instead, as
-- PREFIX .. DAY, PREFIX .. "first" and PREFIX .. "last" (the last run day).
function M.mark_run_days(ctx, n, prefix)
  local st, days = ctx.state, M.run_days[n or M.habitual_runs(ctx)]
  prefix = prefix or "run_"
  for i, d in ipairs(M.days) do
    st[prefix .. d] = false
    if d == days[1] then st[prefix == "run_" and "first_run_day" or prefix .. "first"] = i end
    if d == days[#days] then st[prefix .. "last"] = i end
  end
  for _, d in ipairs(days) do st[prefix .. d] = true end
end
function M.run_day_items(item, prefix)
  local w = {}
  for _, d in ipairs(M.days) do
    local it = { when = (prefix or "run_") .. d }
    if type(item) == "table" then
      for k, v in pairs(item) do it[k] = v end
    else
      it[1] = item
    end
    w[d] = { it }
  end
  return w
end

-- With opts.quality, the week's last run is a quality session (the goal's
-- quality runs are part of the runner's normal week).
function M.habitual_week(ctx, opts)
  local hab = ctx.patient.habitual
  local n = M.habitual_runs(ctx)
  local km = M.km(hab.km_per_week / n)
  local w = {}
  local days = M.run_days[n]
  for i, d in ipairs(days) do
    if opts and opts.quality and i == #days and n > 1 then
      w[d] = M.quality_session(ctx, { stop_at_pain = opts.stop_at_pain })
    else
      w[d] = run{ km = km, kmh = hab.easy_kmh, stop_at_pain = opts and opts.stop_at_pain }
    end
  end
  return w
end

-- A short interval session: 1.5 km easy warm-up, reps x 0.4 km at 1.25 x
-- easy speed (a quality run: >= 1.2 x easy) with 0.2 km easy recoveries,
-- 1.5 km easy cool-down. About 6.4 km with 6 reps.
function M.quality_session(ctx, opts)
  opts = opts or {}
  local easy = ctx.patient.habitual.easy_kmh
  return run{ km = 1.5, kmh = easy, stop_at_pain = opts.stop_at_pain,
              skip_if_morning_pain = opts.skip_if_morning_pain, instead = opts.instead,
              intervals = { reps = opts.reps or 6, km = 0.4, kmh = M.km(1.25 * easy),
                            recovery_km = 0.2, recovery_kmh = easy, cooldown_km = 1.5 } }
end

-- Whether running volume allows intensity to return: the base run has reached
-- `share` (default 0.6) of the goal's long run.
M.quality_share = 0.6
function M.quality_ready(ctx, base_km, share)
  local goal = ctx.patient.goal or {}
  return (goal.quality_sessions or 0) >= 1
    and base_km >= (share or M.quality_share) * (goal.long_run_km or 14)
end

return M
