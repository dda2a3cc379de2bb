#!/usr/bin/env bash
# figure_report.sh: what the comparison's figures and report show beyond the
# single run (issue 14, section 3):
# - with a virtual cohort, compare_daily.dat carries its 10-90% bands (p10 <=
#   p90, flag 1) and the time-series figures draw and name them; without a
#   cohort (--cohort 0) the flag is 0 and no band is named;
# - load in a clinician's units: km in the last 7 days (= the sum of run_km
#   over those days), mean km per week over 42 days, minutes at easy pace
#   on figure 4's right axis;
# - a protocol name far longer than a key holds gives no gnuplot warning
#   (gnuplot's stderr is passed on by calfsim and captured here); the
#   report keeps the whole name;
# - report.html names files without their folders (which may carry a
#   patient's name).
. "$(dirname "$0")/../lib/e2e.sh"
command -v gnuplot >/dev/null 2>&1 || { echo "SKIP: gnuplot not installed"; exit 77; }
PR="$CALF_SRC/protocols"
mkdir -p "$T/Jane Doe/protocols/lib"
cp "$PR/lib/"*.lua "$T/Jane Doe/protocols/lib/"
long="Ten percent rule, as prescribed at the clinic on the second visit, with a very long note that no key can hold"
sed "s/name = \"Ten percent rule\"/name = \"$long\"/" "$PR/ten_percent.lua" >"$T/Jane Doe/protocols/long.lua"
cp "$P/distance_limited.lua" "$T/Jane Doe/patient.lua"
CI=1 "$CALFSIM" compare "$T/Jane Doe/protocols/long.lua" "$PR/symptom_guided.lua" --patient "$T/Jane Doe/patient.lua" \
    --weeks 8 --cohort 24 --out "$T/c" >"$T/c.out" 2>"$T/c.err" || fail "compare with cohort: $(cat "$T/c.err")"
[ -s "$T/c.err" ] && fail "gnuplot or calfsim warned: $(head -2 "$T/c.err")" || pass "no warning on stderr with a long protocol name"
grep -qF "$long" "$T/c/report.html" && pass "report keeps the whole long name" || fail "long name cut in the report"
grep -q "Jane Doe\|$T" "$T/c/report.html" && fail "report names a folder: $(grep -o "[^>]*Jane Doe[^<]*" "$T/c/report.html" | head -1)" ||
    pass "report names files without their folders"
grep -q "<code>patient.lua</code>" "$T/c/report.html" && pass "patient file named by its name" || fail "patient file not named"

D="$T/c/compare_daily.dat"
bad=$(awk '/^#/ || !NF {next} $22 != 1 {f++} $23 > $24 + 1e-9 || $25 > $26 + 1e-9 || $27 > $28 + 1e-9 {o++} END {print f + o + 0}' "$D")
check "$bad == 0" "cohort bands present with p10 <= p90 on every day"
# km_7d = run_km (column 6) summed over the last 7 days, within each protocol block
bad=$(awk '/^# protocol/ {n = 0; next} /^#/ || !NF {next} {n++; km[n] = $6; s = 0; for (j = n; j > n - 7 && j > 0; j--) s += km[j]; if ((s - $19) ^ 2 > 1e-8) b++} END {print b + 0}' "$D")
check "$bad == 0" "km in the last 7 days is the sum of the days' run km"
for f in fig1_capacity fig3_pain fig4_load fig5_onset; do
    grep -q "10-90% of the virtual cohort" "$T/c/$f.svg" && pass "$f names the cohort band" || fail "$f: no cohort band"
done
grep -q "minutes per week at easy pace" "$T/c/fig4_load.svg" && grep -q ">km per week<" "$T/c/fig4_load.svg" &&
    pass "figure 4 shows km per week and minutes at easy pace" || fail "figure 4 lacks the clinician's units"

CI=1 "$CALFSIM" compare "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" --weeks 4 --cohort 0 \
    --out "$T/n" >/dev/null 2>"$T/n.err" || fail "compare without cohort: $(cat "$T/n.err")"
[ -s "$T/n.err" ] && fail "warned without a cohort: $(head -2 "$T/n.err")"
f=$(awk '/^#/ || !NF {next} {m = $22 > m ? $22 : m} END {print m + 0}' "$T/n/compare_daily.dat")
check "$f == 0" "no cohort: band flag 0"
grep -q "10-90% of the virtual cohort" "$T/n/fig1_capacity.svg" && fail "band named without a cohort" ||
    pass "no band without a cohort"
finish
