#!/usr/bin/env bash
# Calibration round trip: for each shipped patient, a simulated run at the
# reported speed shows onset_km within 1% of the reported onset distance.
. "$CALF_SRC/tests/lib/e2e.sh"
for pat in "$P"/*.lua; do
    name=$(basename "$pat" .lua)
    easy=$(sed -n 's/.*easy_kmh *= *\([0-9.]*\).*/\1/p' "$pat" | head -1)
    onset=$(sed -n 's/.*[^_]onset_km *= *\([0-9.]*\).*/\1/p' "$pat" | head -1)
    free=$(sed -n 's/.*easy_free_km *= *\([0-9.]*\).*/\1/p' "$pat" | head -1)
    [ -z "$onset" ] && [ -n "$free" ] && onset=$(awk "BEGIN {print 1.5 * $free}")
    printf 'day,kind,km,kmh\n1,run,40,%s\n' "$easy" | run_plan "$name" "$pat"
    got=$(trace_at "$T/$name/trace.csv" 1 onset_km)
    check "$got > 0.99 * $onset && $got < 1.01 * $onset" "$name: onset at $easy km/h = $got km (reported $onset)"
    fast=$(sed -n 's/.*fast *= *{ *kmh *= *\([0-9.]*\), *onset_km *= *\([0-9.]*\).*/\1 \2/p' "$pat")
    if [ -n "$fast" ]; then
        set -- $fast
        printf 'day,kind,km,kmh\n1,run,20,%s\n' "$1" | run_plan "${name}_fast" "$pat"
        got=$(trace_at "$T/${name}_fast/trace.csv" 1 onset_km)
        check "$got > 0.99 * $2 && $got < 1.01 * $2" "$name: onset at $1 km/h = $got km (reported $2)"
    fi
done
finish
