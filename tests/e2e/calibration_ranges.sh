#!/usr/bin/env bash
# Registry ranges that bound a calibration: with each of these constants at
# either end of its range (read from `calfsim params`, so the test follows
# the registry) and every other at its default, every shipped patient still
# calibrates, so a sweep or cohort across the documented range never hits
# an impossible target (issue 18: x_th_s max, s_max_ratio min, t_max min,
# calib_s_gain max and calib_t_to max made the default patient fail).
. "$CALF_SRC/tests/lib/e2e.sh"
"$CALFSIM" params --format csv >"$T/params.csv" || fail "params"
for name in x_th_s s_max_ratio t_max calib_s_gain calib_t_to; do
    line=$(grep "^$name," "$T/params.csv")
    [ -n "$line" ] || { fail "$name not in the registry"; continue; }
    lo=$(printf '%s' "$line" | cut -d, -f3)
    hi=$(printf '%s' "$line" | cut -d, -f4)
    for v in "$lo" "$hi"; do
        bad=""
        for pt in "$P"/*.lua; do
            "$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$pt" --weeks 1 \
                --set "$name=$v" --out "$T/o" >/dev/null 2>"$T/err" || bad="$bad $(basename "$pt")"
        done
        [ -z "$bad" ] && pass "$name=$v: every shipped patient calibrates" ||
            fail "$name=$v does not calibrate:$bad ($(head -c 200 "$T/err"))"
    done
done
finish
