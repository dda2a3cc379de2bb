#!/usr/bin/env bash
# rule_gaps.sh: rules that once had no test, each found by a planted one-line
# bug that the whole suite let through (issue 18's mutant table). Properties
# and relations only, no model numbers:
#   - shorten_if_morning_pain = {Y, f}: a run after a morning above Y is f
#     times its distance, after a morning at or below Y it is whole; and
#     skip_if_morning_pain = Y drops the run after a morning above Y;
#   - sensitisation grows after a day whose pain went above 5 and not after one
#     that stayed below (k_z = 0 turns the growth off: the two runs differ
#     exactly when the pain passed 5);
#   - a plan with isometric rows reports the same peak pain through sweep (the
#     compiled plan replay) as through run;
#   - a plan CSV run below 3 km/h, walk above 8 km/h or run over 100 km is
#     refused with the allowed range, a run given both kmh and pace too, and so are --lua-mem above 4096 MiB, cohort --n 0 and
#     --vary-params above 3, a sweep over 100,000 points, and unknown
#     options of run and compare;
#   - without --out a run writes calfsim-out/VERB-NAME.
. "$CALF_SRC/tests/lib/e2e.sh"
pat="$P/distance_limited.lua"

# shorten_if_morning_pain
cat >"$T/short.lua" <<'LUA'
return { name = "short", source = "test", summary = "daily 2.5 km (below the 3 km onset), halved after a morning above 0.025",
  week = function(ctx, p)
    local r = function() return run{ km = 2.5, kmh = 10, shorten_if_morning_pain = {0.025, 0.5} } end
    return { mon = r(), tue = r(), wed = r(), thu = r(), fri = r(), sat = r(), sun = r() }
  end }
LUA
"$CALFSIM" run "$T/short.lua" --patient "$pat" --weeks 2 --out "$T/short" >/dev/null 2>"$T/err" ||
    fail "short: $(cat "$T/err")"
# trace row d: run_km of day d, pain_morning of the morning after day d
res=$(awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
    { km = $c["run_km"]; if (NR > 3) { want = (pm > 0.025) ? 1.25 : 2.5; if (km != want) bad++; if (want == 1.25) s++; else w++ }
      pm = $c["pain_morning"] }
    END { printf "%d %d %d\n", bad, s, w }' "$T/short/trace.csv")
read -r bad nshort nwhole <<<"$res"
[ "$bad" = 0 ] && [ "$nshort" -gt 0 ] && [ "$nwhole" -gt 0 ] &&
    pass "shortened exactly after mornings above 0.025 ($nshort shortened, $nwhole whole)" ||
    fail "shorten rule: $bad days wrong, $nshort shortened, $nwhole whole"

# skip_if_morning_pain: no run after a morning above Y, the whole run otherwise
cat >"$T/skip.lua" <<'LUA'
return { name = "skip", source = "test", summary = "daily 2.5 km, skipped after a morning above 0.025",
  week = function(ctx, p)
    local r = function() return run{ km = 2.5, kmh = 10, skip_if_morning_pain = 0.025 } end
    return { mon = r(), tue = r(), wed = r(), thu = r(), fri = r(), sat = r(), sun = r() }
  end }
LUA
"$CALFSIM" run "$T/skip.lua" --patient "$pat" --weeks 2 --out "$T/skip" >/dev/null 2>"$T/err" ||
    fail "skip: $(cat "$T/err")"
res=$(awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
    { km = $c["run_km"]; if (NR > 3) { want = (pm > 0.025) ? 0 : 2.5; if (km != want) bad++; if (want == 0) s++; else w++ }
      pm = $c["pain_morning"] }
    END { printf "%d %d %d\n", bad, s, w }' "$T/skip/trace.csv")
read -r bad nskip nrun <<<"$res"
[ "$bad" = 0 ] && [ "$nskip" -gt 0 ] && [ "$nrun" -gt 0 ] &&
    pass "skipped exactly after mornings above 0.025 ($nskip skipped, $nrun run)" ||
    fail "skip rule: $bad days wrong, $nskip skipped, $nrun run"

# sensitisation threshold at pain 5: find a single run whose pain peaks in (5, 5.9)
plan_pain() { # KM -> pain during of day 1 (oracle run into $T/s-KM)
    printf 'day,kind,km,kmh\n1,run,%s,10\n7,rest,,\n' "$1" >"$T/s.csv"
    "$CALFSIM" run --plan "$T/s.csv" --patient "$pat" --oracle --out "$T/s" "${@:2}" >/dev/null 2>&1 &&
        trace_at "$T/s/trace.csv" 1 pain_during_max
}
lo=1 hi=20 km=
for _ in $(seq 1 14); do
    mid=$(awk -v a="$lo" -v b="$hi" 'BEGIN {printf "%.4f", (a + b) / 2}')
    p=$(plan_pain "$mid")
    if awk -v p="$p" 'BEGIN {exit !(p > 5.1 && p < 5.9)}'; then km=$mid && break; fi
    if awk -v p="$p" 'BEGIN {exit !(p <= 5.1)}'; then lo=$mid; else hi=$mid; fi
done
if [ -z "$km" ]; then
    fail "no run distance gives a pain between 5.1 and 5.9"
else
    pass "a $km km run peaks at pain $(plan_pain "$km")"
    z=$(plan_pain "$km" >/dev/null; trace_at "$T/s/trace.csv" 1 sensitisation)
    z0=$(plan_pain "$km" --set k_z=0 >/dev/null; trace_at "$T/s/trace.csv" 1 sensitisation)
    check "$z > $z0" "pain above 5 raises sensitisation overnight ($z against $z0 with k_z = 0)"
    below=$(awk -v k="$km" 'BEGIN {printf "%.4f", k * 0.8}')
    pb=$(plan_pain "$below")
    zb=$(trace_at "$T/s/trace.csv" 1 sensitisation)
    zb0=$(plan_pain "$below" --set k_z=0 >/dev/null; trace_at "$T/s/trace.csv" 1 sensitisation)
    awk -v p="$pb" 'BEGIN {exit !(p < 5)}' && [ "$zb" = "$zb0" ] &&
        pass "pain $pb (below 5) leaves sensitisation to k_z = 0's value" ||
        fail "pain $pb: sensitisation $zb, with k_z = 0 $zb0"
fi

# isometric rows: sweep (compiled replay) and run agree on peak pain
printf 'day,kind,exercise,sets,reps,pct_1rm\n1,isometric,seated_calf_raise,5,5,1\n2,isometric,seated_calf_raise,5,5,1\n3,isometric,single_leg_heel_raise,5,5,1\n' >"$T/iso.csv"
hp="$P/highly_irritable.lua"
"$CALFSIM" run --plan "$T/iso.csv" --patient "$hp" --days 7 --out "$T/iso" >/dev/null 2>"$T/err" ||
    fail "iso run: $(cat "$T/err")"
"$CALFSIM" sweep "$T/iso.csv" --patient "$hp" --weeks 1 --vary k_z=0.3:0.3:0.1 --metric peak_pain \
    --no-plots --out "$T/isosw" >/dev/null 2>"$T/err" || fail "iso sweep: $(cat "$T/err")"
pr=$(json_num "$T/iso/summary.json" peak_pain)
ps=$(awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) if ($i == "peak_pain") c = i; h = 1; next} {print $c}' "$T/isosw/grid.csv")
check "$pr > 0.5 && $ps > 0.99 * $pr && $ps < 1.01 * $pr" "isometric plan: sweep peak pain $ps = run's $pr"

# running speed range of a plan CSV
printf 'day,kind,km,kmh\n1,run,3,2.5\n' >"$T/slow.csv"
expect_error 5 "slow.csv:2:.*2.5: running allowed 3 to 30 km/h" \
    "$CALFSIM" run --plan "$T/slow.csv" --patient "$pat" --out "$T/slow"

printf 'day,kind,km,kmh\n1,walk,3,8.5\n' >"$T/fastwalk.csv"
expect_error 5 "fastwalk.csv:2:.*8.5: walking allowed 2 to 8 km/h" \
    "$CALFSIM" run --plan "$T/fastwalk.csv" --patient "$pat" --out "$T/fastwalk"

printf 'day,kind,km,kmh\n1,run,150,10\n' >"$T/far.csv"
expect_error 5 'far.csv:2:7: column "km": 150: allowed 0 to 100' \
    "$CALFSIM" run --plan "$T/far.csv" --patient "$pat" --out "$T/far"
printf 'return { name = "x", source = "x", summary = "x",\n  week = function(ctx, p) return { mon = run{ km = 3, kmh = 10, pace = "6:00" } } end }\n' >"$T/both.lua"
expect_error 1 "both.lua:2: run: give kmh or pace, not both" \
    "$CALFSIM" run "$T/both.lua" --patient "$pat" --weeks 1 --out "$T/both"

# option ranges of the command line
expect_error 2 "run --lua-mem = \"5000\": allowed 1 to 4096 MiB" \
    "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --lua-mem 5000 --out "$T/mem"
expect_error 2 "sweep: 101101 grid points; allowed at most 100000" \
    "$CALFSIM" sweep "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 \
    --vary k_z=0:1:0.001 --vary k_np=0:0.1:0.001 --out "$T/sw"
expect_error 2 'run: unknown option "--bogus"' \
    "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 --bogus 3 --out "$T/bogus"
expect_error 2 'compare: unknown option "--bogus"' \
    "$CALFSIM" compare "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --bogus 3 --out "$T/bogus"
expect_error 2 "cohort --n = \"0\": allowed 1 to 100000000" \
    "$CALFSIM" cohort "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --n 0 --out "$T/k0"
expect_error 2 "cohort --vary-params = \"3.5\": allowed 0 to 3" \
    "$CALFSIM" cohort "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --vary-params 3.5 --out "$T/k1"

# registry ranges and the parameter hash: below the minimum is refused; the
# first constant of the registry counts in the hash like any other
expect_error 5 "set k_z = -0.5: allowed 0 to 1" \
    "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 --set k_z=-0.5 --out "$T/kz"
first=$("$CALFSIM" params --format csv | sed -n 2p | cut -d, -f1)
"$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 --out "$T/h0" >/dev/null &&
    "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 --set "$first=150" \
        --out "$T/h1" >/dev/null || fail "hash runs"
[ "$(grep param_hash "$T/h0/summary.json")" != "$(grep param_hash "$T/h1/summary.json")" ] &&
    pass "--set $first changes the parameter hash" || fail "--set $first leaves the parameter hash"

# compare: goal_reached_week is the week of goal_reached_day; the daily figure
# data leaves pain during blank (NaN) on days without a session
PR="$CALF_SRC/protocols"
"$CALFSIM" compare "$PR/ten_percent.lua" "$PR/symptom_guided.lua" "$PR/strength_first.lua" --patient "$pat" \
    --weeks 52 --cohort 0 --out "$T/cmp" >/dev/null 2>"$T/err" || fail "compare: $(cat "$T/err")"
goals=0
for d in "$T"/cmp/[0-9]-*/; do
    day=$(json_num "$d/summary.json" goal_reached_day)
    week=$(awk -F, -v f="$(basename "$d")" '$2 == f {print $4}' "$T/cmp/compare.csv")
    if [ "$day" != null ] && [ -n "$day" ]; then
        goals=$((goals + 1))
        check "$week == int(($day + 6) / 7)" "$(basename "$d"): goal on day $day is week $week"
    else
        [ -z "$week" ] && pass "$(basename "$d"): no goal, no week" || fail "$(basename "$d"): week $week without a goal day"
    fi
done
check "$goals >= 1" "at least one protocol reaches the goal in 52 weeks ($goals)"
# first block of compare_daily.dat (the first protocol): day and pain_during (column 7)
awk '/^#/ {next} NF == 0 {b++; next} b == 0 {print $1, $7}' "$T/cmp/compare_daily.dat" >"$T/daily1"
rows=$(wc -l <"$T/daily1")
check "$rows == 364" "compare_daily.dat: the first block has a row per day ($rows)"
bad=$(paste -d' ' "$T/daily1" <(trace_col "$T/cmp/1-ten_percent/trace.csv" sessions) |
    awk '($3 == 0) != ($2 == "NaN") {n++} END {print n + 0}')
check "$bad == 0" "compare_daily.dat: pain during is NaN exactly on days without a session"

mkdir -p "$T/cwd"
(cd "$T/cwd" && "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pat" --weeks 1 >/dev/null 2>&1)
[ -s "$T/cwd/calfsim-out/run-ten_percent/trace.csv" ] && pass "default folder calfsim-out/run-ten_percent" ||
    fail "default folder: $(cd "$T/cwd" && find . | head)"
finish
