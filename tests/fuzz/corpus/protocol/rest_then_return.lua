-- Rest, then straight back to the habitual week: a common anti-pattern,
-- included for contrast. Unloading deconditions the calf complex, and a
-- sudden return meets a lower capacity (Gabbett 2016 on load spikes).
local rules = require "lib.rules"

return {
  name = "Rest then return",
  source = "Common practice (anti-pattern, for contrast); load-spike rationale: Gabbett 2016 (Br J Sports Med)",
  summary = "Three weeks without running or strength work, then the habitual week at once.",
  params = { rest_weeks = { 3, min = 1, max = 12 } },
  week = function(ctx, p)
    if ctx.week <= p.rest_weeks then return {} end
    return rules.habitual_week(ctx)
  end,
}
