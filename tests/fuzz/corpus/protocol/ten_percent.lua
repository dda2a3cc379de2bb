-- The "10% rule": weekly distance grows by a fixed 10% a week, starting from
-- the distance the runner manages before symptoms. A common rule of thumb,
-- included for comparison; Buist et al. (2008) found a graded programme on
-- this basis did not lower injury incidence in novice runners.
local rules = require "lib.rules"

return {
  name = "Ten percent rule",
  source = "Common 10% rule of thumb; evaluated by Buist et al. 2008 (Am J Sports Med)",
  summary = "Each run starts at the onset distance; weekly distance rises 10% a week "
    .. "whatever the symptoms, at easy pace.",
  params = { growth = { 0.10, min = 0, max = 0.5 } },
  -- The rule is the engine's weekly progression (docs/protocols.md "Weekly
  -- progression in C"): week runs once, for week 1, and the engine grows
  -- every run by p.growth each Monday after, whatever the symptoms (no
  -- regression), up to the goal's weekly distance, rounded to 0.1 km. Run
  -- k of week w is start * (1 + growth)^(w - 1), as written out by hand.
  week = function(ctx, p)
    local hab = ctx.patient.habitual
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 7)
    local r = run{ km = rules.start_km(ctx), kmh = hab.easy_kmh }
    local w = { progress = { grow = p.growth, round_km = 0.1,
                             max_week_km = ctx.patient.goal.km_per_week or hab.km_per_week } }
    for _, d in ipairs(rules.run_days[n]) do w[d] = r end
    return w
  end,
}
