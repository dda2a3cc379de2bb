-- The peer rules: the symptom-guided core that tests/bench/peer/peer_numpy.py
-- writes again as array operations, so that calfsim and the NumPy peer are
-- measured and checked on the same rules (docs/performance.md, "The peer to
-- beat: NumPy").
--  * The habitual number of runs a week, n = clamp(floor(runs_per_week + 0.5),
--    1, 7), on the days rules.run_days[n]; each an easy run at the habitual
--    easy speed that ends when pain during reaches 3 (stop_at_pain = 3); rest
--    on the other days.
--  * Each run's planned distance is rules.km(start * s), start =
--    rules.start_km(ctx), with the scale s = c * (1 + grow)^a * regress^b
--    (c = 1, a = b = 0 at first).
--  * Each Monday from week 2: b + 1 when a run of the last 7 days was stopped
--    by the pain rule (ctx.last_week.stopped > 0), else a + 1.
--  * The planned week n * start * s may not exceed the goal's weekly distance
--    (the habitual one without a goal): when s would exceed s_max = cap / (n *
--    start), c = s_max and a = b = 0.
local rules = require "lib.rules"

return {
  name = "Peer rules",
  source = "calfsim benchmark: the rules of the NumPy peer (tests/bench/peer/peer_numpy.py)",
  summary = "The habitual runs a week at easy pace, stopped at pain 3; the run distance "
    .. "grows 5% a week, or falls 20% after a week with a stopped run, up to the goal's "
    .. "weekly distance.",
  params = {
    grow = { 0.05, min = 0, max = 0.3 },     -- weekly growth after a week without a stop
    regress = { 0.8, min = 0.3, max = 1 },   -- factor after a week with a stopped run
  },

  init = function(ctx, p)
    local st, pt = ctx.state, ctx.patient
    local hab = pt.habitual
    st.n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 7)
    st.start = rules.start_km(ctx)
    local cap = pt.goal and pt.goal.km_per_week or hab.km_per_week
    st.s_max = cap / (st.n * st.start)
    st.c, st.a, st.b = 1, 0, 0
    st.kmh = hab.easy_kmh
    st.runs = {} -- one session per planned distance (sessions are values)
  end,

  week = function(ctx, p)
    local st = ctx.state
    if ctx.week > 1 then
      if ctx.last_week.stopped > 0 then st.b = st.b + 1 else st.a = st.a + 1 end
    end
    local s = st.c * (1 + p.grow) ^ st.a * p.regress ^ st.b
    if s > st.s_max then
      st.c, st.a, st.b = st.s_max, 0, 0
      s = st.c * (1 + p.grow) ^ st.a * p.regress ^ st.b
    end
    local km = rules.km(st.start * s)
    local r = st.runs[km]
    if not r then
      r = run{ km = km, kmh = st.kmh, stop_at_pain = 3 }
      st.runs[km] = r
    end
    local w = {}
    for _, d in ipairs(rules.run_days[st.n]) do w[d] = r end
    return w
  end,
}
