-- fuzz seed: day callback, ctx.history, ctx.yesterday, rules, every constructor
local rules = require "lib.rules"
return { name = "probe", source = "fuzz seed", summary = "every constructor and ctx field",
  params = { growth = { 0.1, min = 0, max = 0.5 }, limit = 3 },
  init = function(ctx, p) ctx.state.km = 2 end,
  week = function(ctx, p)
    local lw = ctx.last_week
    if ctx.week > 1 and not lw.flare and lw.pain_max < p.limit then ctx.state.km = ctx.state.km * (1 + p.growth) end
    return { mon = run{ km = rules.km(ctx.state.km), kmh = ctx.patient.habitual.easy_kmh, stop_at_pain = p.limit,
                        skip_if_morning_pain = 4, shorten_if_morning_pain = {2, 0.5}, instead = cross{ kind = "bike", minutes = 30 } },
             tue = { strength{ "seated_calf_raise", sets = 3, reps = 15, rm = 15, tempo_s = 3 }, isometric{ "toe_flexor_isometric", sets = 5, reps = 1 } },
             wed = walk_run{ reps = 4, run_min = 2, walk_min = 1 },
             thu = neural{ kind = "slider", bouts = 3, minutes = 2 },
             fri = run{ km = 3, pace = "6:00", intervals = { reps = 4, km = 0.4, kmh = 13, recovery_km = 0.2 } },
             sat = gait{ step_rate = 1.05 }, sun = rest() }
  end,
  day = function(ctx, p, planned)
    local h = ctx.history
    if ctx.day > 1 and h.pain_during[ctx.day - 1] > p.limit then return rest() end
    if ctx.yesterday[1] and ctx.yesterday[1].stopped then return planned end
    return planned
  end }
