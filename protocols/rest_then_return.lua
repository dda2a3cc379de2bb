-- Rest, then straight back to the habitual week: a common anti-pattern,
-- included for contrast. Unloading deconditions the calf complex, and a
-- sudden return meets a lower capacity (Gabbett 2016 on load spikes). Its
-- weekly rules are declared and evaluated in C (docs/protocols.md); its Lua
-- twin is tests/lua/fixtures/protocols/rest_then_return_plain.lua.
local rules = require "lib.rules"

return {
  name = "Rest then return",
  source = "Common practice (anti-pattern, for contrast); load-spike rationale: Gabbett 2016 (Br J Sports Med)",
  summary = "Three weeks without running or strength work, then the habitual week at once.",
  params = { rest_weeks = { 3, min = 1, max = 12 } },
  -- Once per patient: the run days and the habitual run.
  init = function(ctx, p)
    local hab = ctx.patient.habitual
    rules.mark_run_days(ctx)
    ctx.state.run = run{ km = rules.km(hab.km_per_week / rules.habitual_runs(ctx)),
                         kmh = hab.easy_kmh }
  end,
  -- Rest weeks (no session at all), then the habitual week (rules.habitual_week).
  weeks = { { when = "week <= p.rest_weeks" }, rules.run_day_items("run") },
}
