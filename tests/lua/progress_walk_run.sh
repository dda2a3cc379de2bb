#!/usr/bin/env bash
# progress_walk_run.sh: a weekly progression over walk/run sessions counts
# and scales what the goal counts, the running: progress.max_week_km caps
# the week's running (walking used to count towards the cap, holding the
# running far below it), and the walking breaks keep their planned distance,
# neither scaled nor rounded (rounding each short break to round_km used to
# change the week's walking, e.g. 1.8 km to 3.6 km).
. "$CALF_SRC/tests/lib/e2e.sh"
mk() { # name progress-table
    cat >"$T/$1.lua" <<LUA
return {
  name = "walk/run $1", summary = "test", source = "test",
  week = function(ctx, p)
    local s = walk_run{ reps = 8, run_min = 1.5, walk_min = 1.5, run_kmh = 10 }
    return { mon = s, wed = s, fri = s$2 }
  end,
}
LUA
}
mk plain ''
mk prog ', progress = { grow = 0.2, max_week_km = 9, round_km = 0.1 }'
for n in plain prog; do
    "$CALFSIM" run "$T/$n.lua" --patient "$P/distance_limited.lua" --weeks 10 --oracle --out "$T/$n" >/dev/null 2>"$T/$n.err" ||
        fail "$n: $(cat "$T/$n.err")"
done
# weekly sums of a trace column
wk() { awk -F, -v col="$2" -v w="$3" '/^#/ {next} !h {for (i = 1; i <= NF; i++) if ($i == col) c = i; h = 1; next}
    $2 == w {s += $c} END {printf "%.4f\n", s}' "$1/trace.csv"; }
pw=$(wk "$T/plain" walk_km 1)
for w in 1 5 10; do
    gw=$(wk "$T/prog" walk_km $w)
    check "$gw == $pw" "week $w: walking $gw km = the planned walking $pw km (not scaled, not rounded)"
done
# running: capped at 9 km (24 run segments, each rounded at most half a step of 0.1 km)
r10=$(wk "$T/prog" run_km 10)
check "$r10 <= 9 + 24 * 0.05 && $r10 >= 9 - 24 * 0.05" "week 10: running $r10 km at the 9 km cap (walking does not count)"
r1=$(wk "$T/prog" run_km 1)
check "$r10 > $r1" "running grew from $r1 to $r10 km"
finish
