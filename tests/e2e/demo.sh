#!/usr/bin/env bash
# demo.sh: `calfsim demo` from a fresh folder (as after a clean clone and a
# build) writes calfsim-out/demo with the five protocols' outputs and
# report.html, prints the outcome table and the report's path, and its
# numbers match the summaries.
. "$CALF_SRC/tests/lib/e2e.sh"
cd "$T" || exit 1
CI=1 "$CALFSIM" demo --weeks 8 >"$T/d.out" 2>"$T/d.err" || fail "demo exited $?: $(cat "$T/d.err")"
[ -s "$T/calfsim-out/demo/report.html" ] && pass "demo wrote calfsim-out/demo/report.html" ||
    fail "no report"
grep -q "^report: calfsim-out/demo/report.html\$" "$T/d.out" && pass "demo prints the report path" ||
    fail "report line: $(tail -1 "$T/d.out")"
[ "$(ls -d "$T"/calfsim-out/demo/[1-5]-* | wc -l)" -eq 5 ] && pass "five protocol folders" ||
    fail "folders: $(ls "$T/calfsim-out/demo")"
for n in "Symptom-guided return" "Strength first" "Ten percent rule" "Walk/run progression" "Rest then return"; do
    grep -q "^$n " "$T/d.out" || fail "table lacks $n"
done
t=$(awk -F '  +' '$1 == "Symptom-guided return" {print $3; exit}' "$T/d.out")
j=$(json_num "$T"/calfsim-out/demo/1-symptom_guided/summary.json total_km)
[ "$t" = "$j" ] && pass "demo table total km $t = summary.json" || fail "table $t vs summary $j"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$T/calfsim-out/demo/report.html" || fail "demo report not well-formed"; }
expect_error 2 "takes no files" "$CALFSIM" demo "$CALF_SRC/protocols/walk_run.lua"
finish
