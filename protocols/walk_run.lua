-- A staged walk/run return: alternate days, and a stage is passed after two
-- symptom-free sessions (no pain during above 2/10, settled next morning).
-- The staging follows common return-to-run walk/run programmes.
local rules = require "lib.rules"

local stages = {
  { run_min = 1, walk_min = 2, reps = 8 },
  { run_min = 2, walk_min = 2, reps = 7 },
  { run_min = 3, walk_min = 1, reps = 6 },
  { run_min = 5, walk_min = 1, reps = 5 },
  { run_min = 8, walk_min = 1, reps = 4 },
  { run_min = 12, walk_min = 1, reps = 3 },
  { continuous_min = 30 },
  { continuous_min = 40 },
  { continuous_min = 50 },
  { continuous_min = 60 },
  { continuous_min = 75 },
}

return {
  name = "Walk/run progression",
  source = "Staged walk/run return-to-running programme (alternate days; progress after two symptom-free sessions)",
  summary = "Walk/run intervals on alternate days; two symptom-free sessions in a row move "
    .. "to the next stage, a painful one moves back; continuous running only at stage 7.",
  -- the stage rules below, in words for the patient's prescription
  adapt = {
    progress = "Two symptom-free sessions in a row (pain during at most 2/10 and the next "
      .. "morning no worse than the morning before): move to the next stage.",
    hold = "A session with pain during up to 3/10, or a worse next morning: stay at the stage "
      .. "and start counting again.",
    regress = "A session with pain during above 3/10: go back one stage.",
  },
  params = {
    pain_free = { 2, min = 0, max = 5 },     -- highest pain that still counts as symptom-free
    continuous_stage = 7,                    -- informative: first continuous stage
  },
  init = function(ctx, p)
    ctx.state.stage = 1
    ctx.state.good = 0
    ctx.state.last_seen = 0
  end,
  week = function(ctx, p)
    -- placeholders on alternate days; `day` fills in the current stage
    local r = rest()
    return { mon = { r }, wed = { r }, fri = { r }, sun = { r } }
  end,
  day = function(ctx, p, planned)
    local st = ctx.state
    -- score every session since the last look
    for d = st.last_seen + 1, ctx.day - 1 do
      if (ctx.history.run_km[d] or 0) > 0 then
        local pain = ctx.history.pain_during[d] or 0
        local next_morning = ctx.history.morning_pain[d + 1] or 0
        if pain <= p.pain_free and next_morning <= (ctx.history.morning_pain[d] or 0) + 0.5 then
          st.good = st.good + 1
          if st.good >= 2 then
            st.stage = math.min(#stages, st.stage + 1)
            st.good = 0
          end
        else
          st.good = 0
          if pain > p.pain_free + 1 then st.stage = math.max(1, st.stage - 1) end
        end
      end
    end
    st.last_seen = ctx.day - 1
    if #planned == 0 then return rest() end
    local s = stages[st.stage]
    local easy = ctx.patient.habitual.easy_kmh
    if s.continuous_min then
      return run{ km = rules.km(easy * s.continuous_min / 60), kmh = easy, stop_at_pain = 4 }
    end
    return walk_run{ reps = s.reps, run_min = s.run_min, walk_min = s.walk_min,
                     run_kmh = easy, stop_at_pain = 4 }
  end,
}
