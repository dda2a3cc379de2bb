#!/usr/bin/env bash
# bench_smoke.sh: scripts/bench.sh --quick --no-build on the programs of this
# build, checking the shape of its report, never a speed: a row for every
# case (calfsim's benchmarks, the NumPy and the Numba peer) with a figure it
# could read, "-" for instructions (--quick runs no callgrind), and the ratios
# block with a number and issue 17's target on every line. An unknown option
# must exit 2 (usage). Needs NumPy and Numba (scripts/setup.sh --dev); fails,
# never skips, without them.
set -u
: "${CALF_SRC:?}" "${CALF_TMP:?}" "${BENCH_BUILD:?}"
T="$CALF_TMP/bench_smoke"
rm -rf "$T" && mkdir -p "$T"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

BUILD_DIR="$BENCH_BUILD" "$CALF_SRC/scripts/bench.sh" --quick --no-build >"$T/out" 2>"$T/err" ||
    fail "bench.sh --quick --no-build exited $?: $(tail -3 "$T/err")"

# the table: case, figure (M patient-days/s), instructions
for label in "bench_core" "bench_lua symptom_guided" "bench_lua ten_percent" "bench_lua peer_rules.lua" \
    "bench_lua peer_rules_progress.lua" "bench_cohort plan" "bench_cohort symptom_guided.lua" \
    "peer_numpy" "peer_numba"; do
    row=$(awk -v l="$label" 'index($0, l " ") == 1 && NF == split(l, w, " ") + 2' "$T/out")
    [ -n "$row" ] || { fail "no table row \"$label\""; continue; }
    read -r fig ins <<<"$(echo "$row" | awk '{print $(NF - 1), $NF}')"
    awk -v v="$fig" 'BEGIN { exit !(v ~ /^[0-9]+(\.[0-9]+)?$/ && v + 0 > 0) }' ||
        fail "\"$label\": figure \"$fig\" is not a positive number (bench.sh could not read the program's output)"
    [ "$ins" = "-" ] || fail "\"$label\": instructions \"$ins\" with --quick (no callgrind), want \"-\""
done

# the ratios: 4 lines per peer and the Numba / NumPy line, each a number
n=0
while IFS= read -r line; do
    n=$((n + 1))
    echo "$line" | grep -Eq '= +[0-9]+\.[0-9]+x \((target >= [23]x|reference|issue 17 expected about 1\.4x)\)$' ||
        fail "ratio line without a number and a target: \"$line\""
done < <(sed -n '/^ratios, calfsim \/ peer/,$p' "$T/out" | tail -n +2)
[ "$n" -eq 9 ] || fail "$n ratio lines, want 9 (4 per peer, and Numba / NumPy)"
for want in "peer rules as Lua protocol (bench_lua peer_rules.lua) / NumPy" \
    "peer rules as progression (peer_rules_progress.lua) / Numba" \
    "peer rules as rules in C (peer_rules_compiled.lua) / NumPy" "Numba peer / NumPy peer"; do
    grep -Fq "  $want " "$T/out" || fail "no ratio line \"$want\""
done

BUILD_DIR="$BENCH_BUILD" "$CALF_SRC/scripts/bench.sh" --no-such-option >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -eq 2 ] || fail "bench.sh --no-such-option exited $rc, want 2 (usage)"
grep -q 'unknown option "--no-such-option"' "$T/err" || fail "bench.sh --no-such-option: message \"$(cat "$T/err")\""

[ "$fails" -eq 0 ] && echo "bench_smoke: report shape as expected ($n ratio lines)" && exit 0
sed 's/^/  | /' "$T/out" >&2
echo "bench_smoke: $fails failure(s)" >&2
exit 1
