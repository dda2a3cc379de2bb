-- The peer rules (peer_rules.lua) as rules evaluated in C (docs/protocols.md,
-- "Rules evaluated in C"): init runs once per patient, and the engine grows,
-- regresses and caps the runs each Monday with no Lua call.
-- tests/bench/peer/peer_check.sh checks that it gives peer_rules.lua's traces
-- byte for byte on every shipped patient.
local rules = require "lib.rules"

-- the scale s = c * (1 + grow)^a * regress^b, as peer_rules.lua computes it
local S = "c * (1 + p.grow) ^ a * p.regress ^ b"

return {
  name = "Peer rules (rules in C)",
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
    rules.mark_run_days(ctx)
    st.start = rules.start_km(ctx)
    local cap = pt.goal and pt.goal.km_per_week or hab.km_per_week
    st.s_max = cap / (rules.habitual_runs(ctx) * st.start)
    st.c, st.a, st.b = 1, 0, 0
    if 1 > st.s_max then st.c = st.s_max end -- week 1's cap
    st.run = run{ km = 1, kmh = hab.easy_kmh, stop_at_pain = 3 }
  end,

  update = {
    every = { a = "a + if(last.stopped > 0, 0, 1)", b = "b + if(last.stopped > 0, 1, 0)" },
    -- the cap: c = s_max and a = b = 0 when the scale would pass it
    after = { c = "if(" .. S .. " > s_max, s_max, c)", a = "if(" .. S .. " > s_max, 0, a)",
              b = "if(" .. S .. " > s_max, 0, b)" },
  },
  weeks = { rules.run_day_items({ "run", km = "km(start * (" .. S .. "))" }) },
}
