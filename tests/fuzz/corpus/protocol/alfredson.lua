-- Alfredson et al. (1998) painful eccentric calf training.
local rules = require "lib.rules"

return {
  name = "Alfredson eccentric",
  source = "Alfredson et al. 1998 (Am J Sports Med), heavy-load eccentric calf training",
  summary = "Eccentric heel drops 3x15 with the knee straight and 3x15 with the knee bent, "
    .. "twice a day, every day for 12 weeks (load added as pain allows); running continued "
    .. "within pain rules (stop at 5/10); afterwards the runner's normal week, speed work "
    .. "included.",
  params = {
    weeks = { 12, min = 6, max = 16 },
    pain_limit = { 5, min = 2, max = 7 },
    run_fraction = { 0.5, min = 0, max = 1 }, -- share of habitual weekly distance kept
  },
  week = function(ctx, p)
    local pt = ctx.patient
    local days = {}
    local in_programme = ctx.week <= p.weeks
    -- the model has one eccentric heel drop; straight- and bent-knee sets
    -- are prescribed as two sessions of it
    local ecc = {
      strength{ "eccentric_heel_drop", sets = 3, reps = 15 },   -- knee straight, morning
      strength{ "eccentric_heel_drop", sets = 3, reps = 15 },   -- knee bent, morning
      strength{ "eccentric_heel_drop", sets = 3, reps = 15 },   -- knee straight, evening
      strength{ "eccentric_heel_drop", sets = 3, reps = 15 },   -- knee bent, evening
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
