#!/usr/bin/env bash
# calfsim cohort end to end: files byte-identical for --threads 1, 2 and 3
# with the same seed (Lua protocols, so one Lua state per thread); a
# different seed changes them; cohort.json is valid JSON with the documented
# keys; its paired_counts (the 2x2 table of each 0/1 outcome against the
# first protocol) add up to N, match the protocols' shares and give the
# reported paired difference as (only_protocol - only_reference) / N;
# variability off gives bands whose 10/50/90% agree; usage errors.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"

for t in 1 2 3; do
    "$CALFSIM" cohort "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
        --n 240 --weeks 6 --seed 7 --threads $t --no-plots --out "$T/c$t" >/dev/null ||
        fail "cohort --threads $t exited $?"
done
for f in cohort.csv cohort.json bands_1.dat bands_2.dat outcomes.dat outcome_compare.dat; do
    if cmp -s "$T/c1/$f" "$T/c2/$f" && cmp -s "$T/c1/$f" "$T/c3/$f"; then
        pass "$f identical for 1, 2 and 3 threads"
    else
        fail "$f differs between thread counts"
    fi
done
"$CALFSIM" cohort "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
    --n 240 --weeks 6 --seed 8 --threads 2 --no-plots --out "$T/s8" >/dev/null || fail "seed 8"
if cmp -s "$T/c1/cohort.csv" "$T/s8/cohort.csv"; then fail "seed does not matter"; else pass "seed changes the cohort"; fi
# provenance: every data file opens with cohort.csv's line (version, n,
# seed, param_hash); the column header of outcomes.dat (gnuplot's
# columnhead) and outcome_compare.dat's description follow it
PROV='^# calfsim [0-9.]+; cohort n: 240; seed: 8; param_hash: [0-9a-f]{16}$'
head -1 "$T/s8/cohort.csv" | grep -qE "$PROV" && pass "cohort.csv provenance line" || fail "cohort.csv: $(head -1 "$T/s8/cohort.csv")"
for f in bands_1.dat bands_2.dat outcomes.dat outcome_compare.dat; do
    [ "$(head -1 "$T/s8/$f")" = "$(head -1 "$T/s8/cohort.csv")" ] && pass "$f opens with the provenance line" ||
        fail "$f line 1: $(head -1 "$T/s8/$f")"
done
[ "$(sed -n 2p "$T/s8/outcomes.dat")" = 'week "Symptom-guided return" "Ten percent rule"' ] &&
    pass "outcomes.dat: the column heads follow" || fail "outcomes.dat line 2: $(sed -n 2p "$T/s8/outcomes.dat")"
sed -n 2p "$T/s8/bands_1.dat" | grep -q '^# day capacity_p10 ' && pass "bands_1.dat: the column comment follows" ||
    fail "bands_1.dat line 2: $(sed -n 2p "$T/s8/bands_1.dat")"
sed -n 2p "$T/s8/outcome_compare.dat" | grep -q '^# outcomes of 240 virtual patients over 42 days' &&
    pass "outcome_compare.dat: the description follows" || fail "outcome_compare.dat line 2: $(sed -n 2p "$T/s8/outcome_compare.dat")"

"$CALF_JSONCHECK" "$T/c1/cohort.json" >/dev/null && pass "cohort.json is valid JSON" || fail "cohort.json invalid"
for k in version seed param_hash n days protocols paired_difference p_goal_by_week time_to_goal_days \
    p_injury_event p_flare band_resolution paired_counts only_protocol only_reference both neither; do
    grep -q "\"$k\"" "$T/c1/cohort.json" && pass "cohort.json has $k" || fail "cohort.json lacks $k"
done
# paired_counts against paired_difference and the shares, per protocol after the first
# (JSON laid out one outcome per line, as written by cohort_out.c)
pc_check() {
    awk '
    /"n": / && !n { v = $0; sub(/.*"n": /, "", v); sub(/,.*/, "", v); n = v + 0 }
    /"p_goal": / { k++; for (f = 1; f <= NF; f++) { key = $f; gsub(/[":,]/, "", key)
        if (key == "p_goal" || key == "p_flare" || key == "p_injury_event") { x = $(f + 1); sub(/,/, "", x); share[k, key] = x + 0 } } }
    /^       "(goal|flare|injury_event)": \{"mean": / {
        name = $1; gsub(/[":]/, "", name); v = $3; sub(/,/, "", v); mean[k, name] = v + 0 }
    /^       "(goal|flare|injury_event)": \{"only_protocol": / {
        name = $1; gsub(/[":]/, "", name)
        b = $3 + 0; c = $5 + 0; a = $7 + 0; d = $9 + 0; rows++
        if (b + c + a + d != n) { print "sum " k " " name ": " b + c + a + d " != " n; bad++ }
        m = mean[k, name]; e = (b - c) / n - m; if (e < 0) e = -e
        if (e > 5e-6 * (m < 0 ? -m : m) + 1e-12) { print "diff " k " " name ": (" b " - " c ")/" n " vs " m; bad++ }
        sk = name == "goal" ? "p_goal" : name == "flare" ? "p_flare" : "p_injury_event"
        e = (b + a) / n - share[k, sk]; if (e < 0) e = -e
        if (e > 5e-6 * share[k, sk] + 1e-12) { print "share " k " " name; bad++ }
        e = (c + a) / n - share[1, sk]; if (e < 0) e = -e
        if (e > 5e-6 * share[1, sk] + 1e-12) { print "reference share " k " " name; bad++ }
    }
    END { if (rows != 3 * (k - 1)) { print "tables: " rows " for " k " protocols"; bad++ }
          if (bad) exit 1; print rows " tables" }' "$1"
}
out=$(pc_check "$T/c1/cohort.json") && pass "paired_counts add up to N and give the paired differences ($out)" ||
    fail "paired_counts: $out"
n_pc=$(grep -c '"paired_counts"' "$T/c1/cohort.json")
check "$n_pc == 1" "paired_counts only for the protocol after the reference ($n_pc)"

rows=$(grep -vc '^#' "$T/c1/cohort.csv")
check "$rows == 1 + 2 * 42" "cohort.csv: header + 42 days x 2 protocols ($rows lines)"

# variability off: every virtual patient is the profile, p10 = p50 = p90
"$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/speed_sensitive.lua" --n 20 --weeks 4 \
    --vary-params 0 --vary-patient 0 --threads 2 --no-plots --out "$T/flat" >/dev/null || fail "flat"
spread=$(awk -F, '!/^#/ && NR > 2 { for (c = 4; c <= 15; c += 3) { d = $(c + 2) - $c; if (d > m) m = d } } END { print m + 0 }' "$T/flat/cohort.csv")
check "$spread == 0" "variability off: bands collapse (largest p90 - p10 = $spread)"
"$CALFSIM" run "$PR/symptom_guided.lua" --patient "$P/speed_sensitive.lua" --weeks 4 --out "$T/one" >/dev/null || fail "run"
a=$(trace_at "$T/one/trace.csv" 28 pain_morning)
b=$(awk -F, '!/^#/ && $2 == 28 { print $8 }' "$T/flat/cohort.csv")
check "($a - $b)^2 < 1e-10" "collapsed median pain on day 28 equals the single run ($b vs $a)"

expect_error 2 "cohort: --patient" "$CALFSIM" cohort "$PR/symptom_guided.lua" --n 10
expect_error 2 "--threads" "$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --threads 0
expect_error 2 "--n" "$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --n x
expect_error 2 "no registry constant or protocol parameter" "$CALFSIM" cohort "$PR/symptom_guided.lua" \
    --patient "$P/distance_limited.lua" --n 10 --set growht=0.2
finish
