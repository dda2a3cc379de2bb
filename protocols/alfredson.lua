-- Alfredson et al. (1998) painful eccentric calf training.
local rules = require "lib.rules"

-- The backpack load of this week: step_kg for every earlier programme week
-- whose heel-drop days (the days without a run, so the day's pain during is
-- the heel drops') all stayed below pain_free, at most max_pack_kg.
local function pack_kg(ctx, p)
  local run_km, pain = ctx.history.run_km, ctx.history.pain_during
  local kg = 0
  for w = 1, math.min(ctx.week - 1, p.weeks) do
    local free = true
    for d = (w - 1) * 7 + 1, w * 7 do
      if (run_km[d] or 0) == 0 and (pain[d] or 0) >= p.pain_free then free = false end
    end
    if free then kg = math.min(p.max_pack_kg, kg + p.step_kg) end
  end
  return kg
end

return {
  name = "Alfredson eccentric",
  source = "Alfredson et al. 1998 (Am J Sports Med), heavy-load eccentric calf training",
  summary = "Eccentric heel drops 3x15 with the knee straight and 3x15 with the knee bent, "
    .. "twice a day, every day for 12 weeks; once a week of heel drops was pain-free, 5 kg more "
    .. "in a backpack the next week (Alfredson 1998: load added when the exercise no longer hurt); "
    .. "running continued "
    .. "within pain rules (stop at 5/10); afterwards the runner's normal week, speed work "
    .. "included.",
  params = {
    weeks = { 12, min = 6, max = 16 },
    pain_limit = { 5, min = 2, max = 7 },
    run_fraction = { 0.5, min = 0, max = 1 }, -- share of habitual weekly distance kept
    pain_free = { 2, min = 0.5, max = 5 },     -- heel-drop days below this pain count as pain-free
    step_kg = { 5, min = 1, max = 10 },        -- backpack load added after a pain-free week
    max_pack_kg = { 30, min = 5, max = 60 },
  },
  week = function(ctx, p)
    local pt = ctx.patient
    local pack = 0
    if ctx.week <= p.weeks then pack = pack_kg(ctx, p) end
    local days = {}
    local in_programme = ctx.week <= p.weeks
    -- the model has one eccentric heel drop; straight- and bent-knee sets
    -- are prescribed as two sessions of it
    local ecc = {
      strength{ "eccentric_heel_drop", sets = 3, reps = 15, pack_kg = pack },   -- knee straight, morning
      strength{ "eccentric_heel_drop", sets = 3, reps = 15, pack_kg = pack },   -- knee bent, morning
      strength{ "eccentric_heel_drop", sets = 3, reps = 15, pack_kg = pack },   -- knee straight, evening
      strength{ "eccentric_heel_drop", sets = 3, reps = 15, pack_kg = pack },   -- knee bent, evening
    }
    local hab = pt.habitual
    if not in_programme then
      -- after the 12 weeks: the runner's normal week, speed work included
      return rules.habitual_week(ctx, { quality = true, stop_at_pain = p.pain_limit })
    end
    local frac = p.run_fraction
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 5)
    local km = rules.km(math.max(0.5, frac * hab.km_per_week / n))
    local run_days = {}
    for _, d in ipairs(rules.run_days[n]) do run_days[d] = true end
    for _, d in ipairs(rules.days) do
      local list = {}
      if in_programme then
        for _, s in ipairs(ecc) do list[#list + 1] = s end
      end
      if run_days[d] then
        list[#list + 1] = run{ km = km, kmh = hab.easy_kmh, stop_at_pain = p.pain_limit }
      end
      days[d] = list
    end
    return days
  end,
}
