-- Gait retraining: raise the step rate and reduce overstride while holding
-- running volume. Heiderscheit et al. (2011): +5-10% step rate lowers
-- ankle and knee loading; the seed: higher step rate and a shorter stride
-- reduce the calf's peak demands.
local rules = require "lib.rules"

return {
  name = "Gait retraining",
  source = "Heiderscheit et al. 2011 (Med Sci Sports Exerc); Clinical Edge: Treatment of calf pain in runners (Goom)",
  summary = "Step rate +5% from week 1, +10% and less overstride from week 4; weekly volume "
    .. "held at the onset distance per run.",
  params = {
    first = { 1.05, min = 1, max = 1.1 },
    second = { 1.10, min = 1, max = 1.2 },
    second_week = { 4, min = 2, max = 12 },
    overstride_cut = { 0.3, min = 0, max = 1 },
  },
  week = function(ctx, p)
    local pt = ctx.patient
    local hab = pt.habitual
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 7)
    local km = rules.km(math.min(rules.start_km(ctx), hab.km_per_week / n))
    local w = {}
    for _, d in ipairs(rules.run_days[n]) do
      w[d] = run{ km = km, kmh = hab.easy_kmh, stop_at_pain = 4 }
    end
    local first = rules.run_days[n][1]
    if ctx.week == 1 then
      w[first] = { gait{ step_rate = p.first }, w[first] }
    elseif ctx.week == p.second_week then
      local o = (pt.gait and pt.gait.overstride) or 0
      w[first] = { gait{ step_rate = p.second, overstride = math.max(0, o - p.overstride_cut) },
                   w[first] }
    end
    return w
  end,
}
