#!/usr/bin/env bash
# The flare rule is written once (calf_flare, reading flare_min and
# flare_rise from the registry): --set flare_min moves the summary's flare
# count, the trace's flare column and ctx.last_week.flare alike. The fixture
# flare_probe.lua runs 1 km on a Monday after a week with a flare (as
# ctx.last_week.flare says), else 6 km; each Monday's km must follow the
# trace's flare column over the 7 days before it, for both settings.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/protocols/flare_probe.lua"
for fm in 3 1.5; do
    "$CALFSIM" run "$F" --patient "$P/highly_irritable.lua" --weeks 10 --set flare_min=$fm \
        --out "$T/f$fm" >/dev/null 2>"$T/err" || fail "flare_min=$fm: $(cat "$T/err")"
done
n3=$(json_num "$T/f3/summary.json" flare_count); n15=$(json_num "$T/f1.5/summary.json" flare_count)
check "$n3 == 0 && $n15 >= 3" "flare_min 3: $n3 flares; flare_min 1.5: $n15 flares"
for fm in 3 1.5; do
    bad=$(awk -F, '/^#/ || /^day,/ { if (/^day,/) for (i = 1; i <= NF; i++) c[$i] = i; next }
        { d = $c["day"]; fl[d] = $c["flare"]; km[d] = $c["run_km"] }
        END { bad = 0; weeks = 0
              for (d = 8; d in km; d += 7) { f = 0; for (k = d - 7; k < d; k++) f += fl[k]
                  want = f > 0 ? 1 : 6; weeks++; if (km[d] + 0 != want) bad++ }
              print bad " " weeks }' "$T/f$fm/trace.csv")
    check "${bad% *} == 0 && ${bad#* } == 9" "flare_min=$fm: every Monday's km follows ctx.last_week.flare (mismatches, Mondays: $bad)"
done
finish
