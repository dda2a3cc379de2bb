-- The peer rules (peer_rules.lua) stated as the engine's weekly progression
-- (docs/protocols.md, "Weekly progression in C"): week runs once, for week
-- 1, and the engine grows, regresses and caps the runs each Monday in C.
-- tests/bench/peer/peer_check.sh checks that both files give byte-identical
-- traces for every shipped patient.
local rules = require "lib.rules"

return {
  name = "Peer rules (weekly progression in C)",
  source = "calfsim benchmark: the rules of the NumPy peer (tests/bench/peer/peer_numpy.py)",
  summary = "The habitual runs a week at easy pace, stopped at pain 3; the run distance "
    .. "grows 5% a week, or falls 20% after a week with a stopped run, up to the goal's "
    .. "weekly distance.",
  params = {
    grow = { 0.05, min = 0, max = 0.3 },     -- weekly growth after a week without a stop
    regress = { 0.8, min = 0.3, max = 1 },   -- factor after a week with a stopped run
  },

  week = function(ctx, p)
    local pt = ctx.patient
    local hab = pt.habitual
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 7)
    local r = run{ km = rules.start_km(ctx), kmh = hab.easy_kmh, stop_at_pain = 3 }
    local w = { progress = { grow = p.grow, regress = p.regress, round_km = 0.1,
                             max_week_km = pt.goal and pt.goal.km_per_week or hab.km_per_week } }
    for _, d in ipairs(rules.run_days[n]) do w[d] = r end
    return w
  end,
}
