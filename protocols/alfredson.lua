-- Alfredson et al. (1998) painful eccentric calf training. Its weekly rules
-- are declared and evaluated in C (docs/protocols.md); its Lua twin is
-- tests/lua/fixtures/protocols/alfredson_plain.lua.
local rules = require "lib.rules"

-- A programme day: the four sets of heel drops (the model has one eccentric
-- heel drop; the straight- and bent-knee sets, morning and evening, are four
-- sessions of it) with the week's backpack, and the run on the run days.
local function programme_day(d)
  local drop = { "heel_drop", pack_kg = "pack" }
  return { drop, drop, drop, drop, { "programme_run", when = "programme_" .. d } }
end
-- After the programme: the runner's normal week (rules.habitual_week with
-- quality), the week's last run a quality session when there are two or more.
local function normal_day(i, d)
  return { { "easy_run", when = "run_" .. d .. " and not (run_last == " .. i .. " and runs > 1)" },
           { "quality", when = "run_last == " .. i .. " and runs > 1" } }
end
local PROGRAMME, NORMAL = { when = "week <= p.weeks" }, {}
for i, d in ipairs(rules.days) do
  PROGRAMME[d] = programme_day(d)
  NORMAL[d] = normal_day(i, d)
end

return {
  name = "Alfredson eccentric",
  source = "Alfredson et al. 1998 (Am J Sports Med), heavy-load eccentric calf training",
  summary = "Eccentric heel drops 3x15 with the knee straight and 3x15 with the knee bent, "
    .. "twice a day, every day for 12 weeks; once a week of heel drops was pain-free, 5 kg more "
    .. "in a backpack the next week (Alfredson 1998: load added when the exercise no longer hurt); "
    .. "running continued "
    .. "within pain rules (stop at 5/10); afterwards the runner's normal week, speed work "
    .. "included.",
  params = {
    weeks = { 12, min = 6, max = 16 },
    pain_limit = { 5, min = 2, max = 7 },
    run_fraction = { 0.5, min = 0, max = 1 }, -- share of habitual weekly distance kept
    pain_free = { 2, min = 0.5, max = 5 },     -- heel-drop days below this pain count as pain-free
    step_kg = { 5, min = 1, max = 10 },        -- backpack load added after a pain-free week
    max_pack_kg = { 30, min = 5, max = 60 },
  },
  -- Once per patient: the run days, the runs and the heel drops.
  init = function(ctx, p)
    local st, hab = ctx.state, ctx.patient.habitual
    local n = rules.clamp(math.floor(hab.runs_per_week + 0.5), 1, 5)
    rules.mark_run_days(ctx, n, "programme_")
    rules.mark_run_days(ctx)
    st.runs = rules.habitual_runs(ctx)
    st.pack = 0
    st.heel_drop = strength{ "eccentric_heel_drop", sets = 3, reps = 15, pack_kg = 0 }
    st.programme_run = run{ km = rules.km(math.max(0.5, p.run_fraction * hab.km_per_week / n)),
                            kmh = hab.easy_kmh, stop_at_pain = p.pain_limit }
    st.easy_run = run{ km = rules.km(hab.km_per_week / st.runs), kmh = hab.easy_kmh,
                       stop_at_pain = p.pain_limit }
    st.quality = rules.quality_session(ctx, { stop_at_pain = p.pain_limit })
  end,

  -- The backpack: step_kg more after every programme week whose heel-drop
  -- days (the days without a run, so the day's pain during is the heel
  -- drops') all stayed below pain_free, at most max_pack_kg.
  update = {
    every = { pack = "if(week - 1 <= p.weeks and last.rest_pain_max < p.pain_free, "
                     .. "min(p.max_pack_kg, pack + p.step_kg), pack)" },
  },
  weeks = { PROGRAMME, NORMAL },
}
