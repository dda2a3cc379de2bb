#!/usr/bin/env bash
# pain_monitoring (Silbernagel et al. 2007): the shared rule regresses after a
# morning-pain flare, pain during above 5/10 or week-to-week worsening
# (fixtures/rules_test.lua, run through `calfsim check`), and in simulated
# runs every week holding a flare is followed by a lower running volume.
. "$CALF_SRC/tests/lib/e2e.sh"
"$CALFSIM" check "$CALF_SRC/tests/lua/fixtures/rules_test.lua" >/dev/null 2>"$T/err" &&
    pass "lib/rules.lua self-test" || fail "lib/rules.lua self-test: $(cat "$T/err")"
flares=0
for pa in "$P"/*.lua; do
    for lim in 5 7; do
        "$CALFSIM" run "$CALF_SRC/protocols/pain_monitoring.lua" --patient "$pa" --weeks 26 \
            --set growth=0.3 --set pain_limit=$lim --out "$T/pm" >/dev/null || fail "run $pa"
        awk -F, '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
            {w = $c["week"]; km[w] += $c["run_km"]; if ($c["flare"] > 0) fl[w] = 1}
            END {for (w = 1; w < 26; w++) print w, km[w], km[w + 1], fl[w] + 0}' \
            "$T/pm/trace.csv" >"$T/weeks"
        flares=$((flares + $(awk '$4 == 1' "$T/weeks" | wc -l)))
        bad=$(awk '$4 == 1 && $3 >= $2 && $2 > 0' "$T/weeks" | wc -l)
        check "$bad == 0" "$(basename "$pa") limit $lim: weeks with a flare are followed by less running"
    done
done
echo "weeks with a flare across runs: $flares"
finish
