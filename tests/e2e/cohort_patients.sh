#!/usr/bin/env bash
# patients.csv: one row per virtual patient and protocol (status ok) and one
# per redrawn draw (status rejected or numeric, with its reason); rows in
# index order and byte-identical for 1 and 2 threads; the ok rows' shares
# and means equal cohort.json's; the drawn inputs are columns under their
# registry names (none when nothing is drawn); a cohort that fails leaves no
# patients.csv and no folder.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
N=240
for t in 1 2; do
    "$CALFSIM" cohort "$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" \
        --n $N --weeks 8 --seed 3 --threads $t --no-plots --out "$T/c$t" >/dev/null ||
        fail "cohort --threads $t exited $?"
done
cmp -s "$T/c1/patients.csv" "$T/c2/patients.csv" && pass "patients.csv identical for 1 and 2 threads" ||
    fail "patients.csv differs between 1 and 2 threads"
CSV="$T/c1/patients.csv"
J="$T/c1/cohort.json"
[ "$(head -1 "$CSV")" = "$(head -1 "$T/c1/cohort.csv")" ] && pass "patients.csv opens with the provenance line" ||
    fail "patients.csv line 1: $(head -1 "$CSV")"
head -2 "$CSV" | tail -1 | grep -q '^protocol,index,seed,draw,status,.*,tau_lag,.*,patient.heel_raise_reps,.*,goal,goal_day,flare,injury,peak_pain,days_over_limit,total_km,final_capacity_ratio,max_p_injury,reason$' &&
    pass "header: inputs under registry names, then the outcomes" || fail "header: $(head -2 "$CSV" | tail -1 | cut -c1-200)"

rej=$(json_num "$J" rejected_draws)
num=$(json_num "$J" numeric_redraws)
# per protocol (in cohort.json order): p_goal p_flare p_injury_event
# and the means of total_km, days_pain_over_limit, final_capacity_ratio
jstats() {
    awk '/"p_goal": / { k++; for (f = 1; f <= NF; f++) { key = $f; gsub(/[":,]/, "", key); x = $(f + 1); sub(/,$/, "", x)
            if (key == "p_goal" || key == "p_flare" || key == "p_injury_event") v[k, key] = x } }
         /"mean": \{"goal"/ { for (f = 1; f <= NF; f++) { key = $f; gsub(/[":,{}]/, "", key); x = $(f + 1); gsub(/[,}]/, "", x)
            if (key == "total_km" || key == "days_pain_over_limit" || key == "final_capacity_ratio") v[k, key] = x } }
         END { for (i = 1; i <= k; i++) print v[i, "p_goal"], v[i, "p_flare"], v[i, "p_injury_event"], v[i, "total_km"], v[i, "days_pain_over_limit"], v[i, "final_capacity_ratio"] }' "$1"
}
# the same from the ok rows of patients.csv, by the column names in its header
cstats() {
    awk -F, '
    NR == 1 { next }
    NR == 2 { for (i = 1; i <= NF; i++) c[$i] = i; next }
    $5 == "ok" { p = $1; if (!(p in seen)) { seen[p] = ++np; name[np] = p }; k = seen[p]; n[k]++
        g[k] += $c["goal"]; fl[k] += $c["flare"]; inj[k] += $c["injury"]
        km[k] += $c["total_km"]; dol[k] += $c["days_over_limit"]; cap[k] += $c["final_capacity_ratio"] }
    END { for (k = 1; k <= np; k++) printf "%.10g %.10g %.10g %.10g %.10g %.10g %d\n", g[k] / n[k], fl[k] / n[k], inj[k] / n[k], km[k] / n[k], dol[k] / n[k], cap[k] / n[k], n[k] }' "$1"
}
jstats "$J" >"$T/j.txt"
cstats "$CSV" >"$T/c.txt"
[ "$(wc -l <"$T/c.txt")" = 2 ] && pass "ok rows of two protocols" || fail "protocols in patients.csv: $(cat "$T/c.txt")"
# shares within 1 patient;
# means within 1e-5 relative (%.6g cells)
paste -d' ' "$T/j.txt" "$T/c.txt" | awk -v n=$N '
    { for (i = 1; i <= 3; i++) if (($i - $(i + 6)) ^ 2 > (1.0 / n) ^ 2) { print "share " i " of protocol " NR ": json " $i " csv " $(i + 6); bad++ }
      for (i = 4; i <= 6; i++) { d = $i - $(i + 6); if (d < 0) d = -d; s = $i < 0 ? -$i : $i; if (d > 1e-5 * s + 1e-9) { print "mean " i " of protocol " NR ": json " $i " csv " $(i + 6); bad++ } }
      if ($13 != n) { print "protocol " NR ": " $13 " ok rows, expected " n; bad++ } }
    END { exit bad > 0 }' >"$T/cmp.txt" && pass "shares and means equal cohort.json's; $N ok rows per protocol" ||
    fail "patients.csv against cohort.json: $(cat "$T/cmp.txt")"
# goal and flare: the same counts (0/1 cells, no rounding)
paste -d' ' "$T/j.txt" "$T/c.txt" | awk -v n=$N '{ if (int($1 * n + 0.5) != int($7 * n + 0.5) || int($2 * n + 0.5) != int($8 * n + 0.5)) bad++ } END { exit bad > 0 }' &&
    pass "goal and flare shares exactly equal" || fail "goal/flare shares: $(paste -d' ' "$T/j.txt" "$T/c.txt")"
nrej=$(awk -F, 'NR > 2 && ($5 == "rejected" || $5 == "numeric")' "$CSV" | wc -l)
check "$nrej == $rej + $num" "one row per redrawn draw (rejected_draws $rej + numeric_redraws $num)"
check "$rej > 0" "the distance-limited cohort has rejected draws"
awk -F, 'NR > 2 && $5 == "rejected" && ($1 != "" || $0 !~ /,"[^"]+"$/) {bad++} END {exit bad > 0}' "$CSV" &&
    pass "rejected rows: no protocol, a quoted reason" || fail "rejected row without reason"
# index order: indices never decrease and a patient's draw numbers count
# 0, 1, ... over its redrawn rows, then its ok rows carry the next number
awk -F, 'NR > 2 { if (NR > 3 && $2 + 0 < last + 0) bad++
                  if (NR == 3 || $2 != last) next_draw = 0
                  if ($4 + 0 != next_draw) bad++
                  if ($5 != "ok") next_draw++
                  last = $2 } END { exit bad > 0 }' "$CSV" &&
    pass "rows in index order" || fail "rows out of order"
[ "$(awk -F, 'NR > 2 && $5 == "ok" {print $2}' "$CSV" | uniq | wc -l)" = $N ] && pass "every index has ok rows" ||
    fail "ok indices: $(awk -F, 'NR > 2 && $5 == "ok" {print $2}' "$CSV" | uniq | wc -l)"

# nothing drawn: only the fixed columns
"$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --n 20 --weeks 2 \
    --vary-params 0 --vary-patient 0 --no-plots --out "$T/fixed" >/dev/null || fail "fixed cohort"
head -2 "$T/fixed/patients.csv" | tail -1 | grep -q '^protocol,index,seed,draw,status,goal,' &&
    pass "no drawn inputs: no input columns" || fail "fixed header: $(head -2 "$T/fixed/patients.csv" | tail -1)"

# a protocol error part way: no patients.csv, no folder
cat >"$T/boom.lua" <<'LUA'
return { name = "boom", week = function(ctx, p) if ctx.week == 2 then error("boom in week 2") end return {} end }
LUA
"$CALFSIM" cohort "$T/boom.lua" --patient "$P/distance_limited.lua" --n 100 --weeks 3 --no-plots \
    --out "$T/failed" >/dev/null 2>"$T/err.txt"
rc=$?
[ $rc = 1 ] && pass "protocol error: exit 1" || fail "protocol error exit $rc: $(cat "$T/err.txt")"
[ -e "$T/failed" ] && fail "failed cohort left $(ls -A "$T/failed")" || pass "failed cohort leaves no folder"
finish
