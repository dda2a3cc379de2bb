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
  week = function(ctx, p)
    local hab = ctx.patient.habitual
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 7)
    local week_km = rules.start_km(ctx) * n * (1 + p.growth) ^ (ctx.week - 1)
    week_km = math.min(week_km, ctx.patient.goal.km_per_week or hab.km_per_week)
    -- one session for the week's n equal runs (sessions are values), rebuilt
    -- only when the distance changes
    local st, km = ctx.state, rules.km(week_km / n)
    if st.km ~= km then st.km, st.run = km, run{ km = km, kmh = hab.easy_kmh } end
    local w = {}
    for _, d in ipairs(rules.run_days[n]) do w[d] = st.run end
    return w
  end,
}
