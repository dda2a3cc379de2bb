-- Gait retraining: raise the step rate and reduce overstride while holding
-- running volume. Heiderscheit et al. (2011): +5-10% step rate lowers
-- ankle and knee loading; the seed: higher step rate and a shorter stride
-- reduce the calf's peak demands. Its weekly rules are declared and evaluated
-- in C (docs/protocols.md); its Lua twin is
-- tests/lua/fixtures/protocols/gait_retraining_plain.lua.
local rules = require "lib.rules"

local WEEK = {}
for i, d in ipairs(rules.days) do
  WEEK[d] = { { "first_gait", when = "first_run_day == " .. i .. " and week == 1" },
              { "second_gait", when = "first_run_day == " .. i .. " and week == p.second_week "
                                     .. "and week ~= 1" },
              { "run", when = "run_" .. d } }
end

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
  -- Once per patient: the run days, the run and the two gait changes.
  init = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local hab = pt.habitual
    rules.mark_run_days(ctx)
    local km = rules.km(math.min(rules.start_km(ctx), hab.km_per_week / rules.habitual_runs(ctx)))
    st.run = run{ km = km, kmh = hab.easy_kmh, stop_at_pain = 4 }
    st.first_gait = gait{ step_rate = p.first }
    local o = (pt.gait and pt.gait.overstride) or 0
    st.second_gait = gait{ step_rate = p.second, overstride = math.max(0, o - p.overstride_cut) }
  end,

  -- The habitual run days every week, the gait change first on the week's
  -- first run day of week 1 and of week p.second_week.
  weeks = { WEEK },
}
