-- Test fixture for tests/e2e/sweep_outputs.sh: a protocol whose week raises
-- an error when its parameter k is 2 or more, so that a sweep over k fails
-- part way through the grid.
return {
  name = "Fails at k = 2",
  source = "calfsim test fixture",
  summary = "Two easy kilometres on Mondays; an error when k is 2 or more.",
  params = { k = { 1, min = 0, max = 5 } },
  week = function(ctx, p)
    if p.k >= 2 then error("k is 2 or more") end
    return { mon = run{ km = 2, kmh = ctx.patient.habitual.easy_kmh } }
  end,
}
