#!/usr/bin/env bash
# peer_check.sh: the NumPy peer (peer_numpy.py) and the Numba peer (peer_numba.py)
# against calfsim on the peer rules (peer_rules.lua), for every shipped
# patient over 26 weeks, all five patients in one run of each peer. The same
# rules stated as the engine's weekly progression (peer_rules_progress.lua)
# and as rules evaluated in C (peer_rules_compiled.lua) give calfsim's
# doubles, bit for bit.
#  1. With --libm-exp (exp through the C library, as calfsim calls it) every
#     calibrated constant and every day's run km, pain during and next-morning
#     pain is the same double as calfsim's (peer_trace): byte-identical text.
#  2. With NumPy's own exp (the benchmarked code, whose SIMD exp may differ
#     from the C library's in the last bit) each number is within 1e-9
#     relative of calfsim's (measured: at most 1e-12).
#  3. The Numba peer (peer_numba.py: the same model and rules as a scalar
#     loop compiled with fastmath off, calling the C library's exp) gives
#     byte-identical text to calfsim's: tolerance zero, so the benchmarked
#     Numba loop cannot drift from the model unnoticed.
# The runs must exercise the stop rule (some run ends at pain 3), and
# bench_lua, given the protocol and patient as paths, must total the same km.
# Needs NumPy and Numba: scripts/setup.sh --dev installs python3-numpy and
# python3-numba; the test fails, never skips, without them.
set -u
: "${PEER_TRACE:?}" "${BENCH_LUA:?}" "${CALF_SRC:?}" "${CALF_TMP:?}"
PY=${CALF_PYTHON:-/usr/bin/python3}
T="$CALF_TMP/peer_check"
rm -rf "$T" && mkdir -p "$T"
PEER="$CALF_SRC/tests/bench/peer/peer_numpy.py"
NUMBA_PEER="$CALF_SRC/tests/bench/peer/peer_numba.py"
RULES="$CALF_SRC/tests/bench/peer/peer_rules.lua"
PROG="$CALF_SRC/tests/bench/peer/peer_rules_progress.lua"
COMPILED="$CALF_SRC/tests/bench/peer/peer_rules_compiled.lua"
DAYS=182
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

if ! "$PY" -c 'import numpy' 2>"$T/err"; then
    echo "FAIL: $PY cannot import numpy ($(tail -1 "$T/err")); run scripts/setup.sh (python3-numpy)" >&2
    exit 1
fi

patients=("$CALF_SRC"/scripts/patients/*.lua)
[ "${#patients[@]}" -ge 1 ] || fail "no patients under scripts/patients"
"$PY" "$PEER" --check "${patients[@]}" --days $DAYS --libm-exp >"$T/peer_libm.txt" 2>"$T/err" ||
    fail "peer_numpy.py --libm-exp: $(tail -3 "$T/err")"
"$PY" "$PEER" --check "${patients[@]}" --days $DAYS >"$T/peer_np.txt" 2>"$T/err" ||
    fail "peer_numpy.py: $(tail -3 "$T/err")"
if "$PY" -c 'import numba' 2>"$T/err"; then
    "$PY" "$NUMBA_PEER" --check "${patients[@]}" --days $DAYS >"$T/peer_nb.txt" 2>"$T/err" ||
        fail "peer_numba.py: $(tail -3 "$T/err")"
else
    fail "$PY cannot import numba ($(tail -1 "$T/err")); run scripts/setup.sh --dev (python3-numba)"
    : >"$T/peer_nb.txt"
fi

# one patient's block of a --check output
block() { awk -v p="# patient $2" '/^# patient /{on = ($0 == p); next} on' "$1"; }

for p in "${patients[@]}"; do
    name=$(basename "$p" .lua)
    "$PEER_TRACE" "$RULES" "$p" $DAYS >"$T/$name.calfsim" 2>"$T/err" ||
        { fail "peer_trace $name: $(cat "$T/err")"; continue; }
    # the same rules as the engine's weekly progression: the same doubles
    "$PEER_TRACE" "$PROG" "$p" $DAYS >"$T/$name.progress" 2>"$T/err" ||
        { fail "peer_trace progress $name: $(cat "$T/err")"; continue; }
    cmp -s "$T/$name.calfsim" "$T/$name.progress" ||
        fail "$name: peer_rules_progress.lua is not bit-identical to peer_rules.lua: $(diff "$T/$name.calfsim" "$T/$name.progress" | head -3 | tr '\n' ' ')"
    # and as rules evaluated in C
    "$PEER_TRACE" "$COMPILED" "$p" $DAYS >"$T/$name.compiled" 2>"$T/err" ||
        { fail "peer_trace compiled $name: $(cat "$T/err")"; continue; }
    cmp -s "$T/$name.calfsim" "$T/$name.compiled" ||
        fail "$name: peer_rules_compiled.lua is not bit-identical to peer_rules.lua: $(diff "$T/$name.calfsim" "$T/$name.compiled" | head -3 | tr '\n' ' ')"
    block "$T/peer_libm.txt" "$p" >"$T/$name.libm"
    block "$T/peer_np.txt" "$p" >"$T/$name.np"
    block "$T/peer_nb.txt" "$p" >"$T/$name.nb"
    [ "$(wc -l <"$T/$name.calfsim")" -eq $((DAYS + 15)) ] || fail "$name: calfsim printed $(wc -l <"$T/$name.calfsim") lines"
    cmp -s "$T/$name.calfsim" "$T/$name.libm" ||
        fail "$name: peer with the C library's exp is not bit-identical to calfsim: $(diff "$T/$name.calfsim" "$T/$name.libm" | head -3 | tr '\n' ' ')"
    cmp -s "$T/$name.calfsim" "$T/$name.nb" ||
        fail "$name: the Numba peer is not bit-identical to calfsim: $(diff "$T/$name.calfsim" "$T/$name.nb" | head -3 | tr '\n' ' ')"
    "$PY" - "$T/$name.calfsim" "$T/$name.np" "$name" <<'PYEOF' || fail "$name: peer with NumPy's exp differs from calfsim beyond 1e-9 relative"
import sys
ref, got, name = open(sys.argv[1]).read().split("\n"), open(sys.argv[2]).read().split("\n"), sys.argv[3]
if len(ref) != len(got):
    sys.exit("%s: %d lines from calfsim, %d from the peer" % (name, len(ref), len(got)))
worst, bad = 0.0, 0
for i, (r, g) in enumerate(zip(ref, got)):
    if r == g:
        continue
    rf, gf = r.replace(",", " ").split(), g.replace(",", " ").split()
    for a, b in zip(rf, gf):
        if a == b:
            continue
        x, y = float(a), float(b)
        rel = abs(x - y) / max(abs(x), abs(y))
        worst = max(worst, rel)
        if rel > 1e-9:
            bad += 1
            if bad <= 3:
                print("%s line %d: calfsim %s, peer %s (relative %.3g)" % (name, i + 1, r, g, rel), file=sys.stderr)
print("%s: largest relative difference with NumPy's exp %.3g" % (name, worst))
sys.exit(1 if bad else 0)
PYEOF
done

# bench_lua takes the protocol and the patient as paths (they contain a '/'):
# its checksum, the mean km per patient, is calfsim's total run km
for p in "${patients[@]}"; do
    name=$(basename "$p" .lua)
    want=$(awk -F, '$1 ~ /^[0-9]+$/ {s += $2} END {printf "%.3f", s}' "$T/$name.calfsim")
    got=$("$BENCH_LUA" 2 $DAYS "$RULES" "$p" 2>"$T/err" | sed -n 's/.*(checksum \([0-9.]*\)).*/\1/p')
    [ "$got" = "$want" ] || fail "bench_lua 2 $DAYS $RULES $p: checksum \"$got\", want $want ($(head -c 200 "$T/err"))"
done

# the rules must have been exercised: runs done and runs ended by the pain rule
stops=$(cat "$T"/*.calfsim | awk -F, '$1 ~ /^[0-9]+$/ && $3 - 3 < 1e-9 && 3 - $3 < 1e-9 {n++} END {print n + 0}')
km=$(cat "$T"/*.calfsim | awk -F, '$1 ~ /^[0-9]+$/ {s += $2} END {printf "%d", s}')
[ "$stops" -gt 0 ] || fail "no run ended at pain 3 over the shipped patients: the check does not exercise the stop rule"
[ "$km" -gt 0 ] || fail "no running at all over the shipped patients"
echo "peer_check: ${#patients[@]} patients x $DAYS days; $km km run, $stops runs ended at pain 3"

[ "$fails" -eq 0 ] && echo "peer_check: all checks passed" && exit 0
echo "peer_check: $fails failure(s)" >&2
exit 1
