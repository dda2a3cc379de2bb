#!/usr/bin/env bash
# bench.sh: build calfsim Release (default flags) in build-bench/, run every
# benchmark tests/bench/bench_* (best of REPEAT runs, patient-days per second
# on one core), then run each case under callgrind to print the stable figure:
# instructions per patient-day, taken as the difference between two sizes so
# that set-up (calibration, plan parsing, Lua start) cancels out. The NumPy
# peer (tests/bench/peer/peer_numpy.py, on the rules of peer_rules.lua, which
# bench_lua also runs) is measured the same way when python3 has NumPy. The
# Numba peer (peer_numba.py, the same model and rules as a compiled scalar
# loop) is timed when python3 has Numba, its JIT compilation left out of the
# figure; it gets no instruction count ("-"): Numba compiles for the CPU it
# sees at run time, and under valgrind that is valgrind's emulated CPU (no
# AVX-512), so callgrind would count other machine code than was timed.
# At the end, the ratios of calfsim on the peer's rules to each peer, with
# issue 17's targets (> 1: calfsim is faster).
#
#   scripts/bench.sh              everything (installs valgrind through
#                                 scripts/setup.sh --with-bench when missing)
#   scripts/bench.sh --no-callgrind   timings only
#   scripts/bench.sh --quick      smoke run: sizes / 20, one run, no callgrind
#                                 (the figures are not for comparison)
#   scripts/bench.sh --no-build   use the programs in BUILD_DIR as built
#                                 (ctest bench.smoke; any build type)
#   REPEAT=5 BUILD_DIR=dir scripts/bench.sh
#
# Wall-clock figures depend on the machine and its load; the instruction
# counts do not (docs/performance.md records both, with the machine).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build-bench}
REPEAT=${REPEAT:-3}
callgrind=1
build=1
q=1 # sizes are divided by q (--quick: 20)
for arg in "$@"; do
    case "$arg" in
    --no-callgrind) callgrind=0 ;;
    --quick) q=20 REPEAT=1 callgrind=0 ;;
    --no-build) build=0 ;;
    -h | --help)
        sed -n '2,27p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "bench.sh: unknown option \"$arg\" (allowed: --no-callgrind, --quick, --no-build)" >&2
        exit 2
        ;;
    esac
done

if [ "$build" = 1 ]; then
    jobs=$(nproc 2>/dev/null || echo 2)
    cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release >/dev/null
    cmake --build "$BUILD_DIR" --parallel "$jobs" >/dev/null
fi

# Cases: bench program and its case argument. bench_core and bench_lua take
# [patients] [days] [case] (bench_core ignores the case) and get callgrind
# figures; bench_cohort (cohort branch) takes its own arguments, given here;
# any other bench_* runs without arguments and is shown as it prints.
cases=()
for exe in "$BUILD_DIR"/tests/bench_*; do
    [ -x "$exe" ] || continue
    name=$(basename "$exe")
    case "$name" in
    bench_core) cases+=("bench_core:") ;;
    bench_lua) cases+=("bench_lua:symptom_guided" "bench_lua:ten_percent"
        "bench_lua:$PWD/tests/bench/peer/peer_rules.lua"
        "bench_lua:$PWD/tests/bench/peer/peer_rules_progress.lua"
        "bench_lua:$PWD/tests/bench/peer/peer_rules_compiled.lua") ;;
    bench_cohort) cases+=("bench_cohort:plan" "bench_cohort:$PWD/protocols/symptom_guided.lua") ;;
    *) cases+=("$name:") ;;
    esac
done
PY=${CALF_PYTHON:-/usr/bin/python3}
if "$PY" -c 'import numpy' 2>/dev/null; then
    cases+=("peer_numpy:")
else
    echo "bench.sh: $PY has no NumPy (scripts/setup.sh installs python3-numpy); the peer is left out"
fi
if "$PY" -c 'import numba' 2>/dev/null; then
    cases+=("peer_numba:")
else
    echo "bench.sh: $PY has no Numba (scripts/setup.sh --dev installs python3-numba); the Numba peer is left out"
fi
[ "${#cases[@]}" -gt 0 ] || {
    echo "bench.sh: no tests/bench/bench_* programs were built" >&2
    exit 1
}

cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2>/dev/null | head -1)
echo "bench.sh: ${cpu:-unknown CPU}, $(nproc 2>/dev/null || echo '?') cores, $(${CC:-cc} --version | head -1)"
if [ "$build" = 1 ]; then
    echo "bench.sh: Release build in $BUILD_DIR (CMake defaults: -O3 -DNDEBUG), best of $REPEAT runs"
else
    echo "bench.sh: the programs in $BUILD_DIR as built (--no-build), best of $REPEAT runs"
fi
[ "$q" = 1 ] || echo "bench.sh: --quick: sizes / $q, one run, no callgrind; the figures are not for comparison"

# patients per timed run and the two callgrind sizes, by program
patients() { case "$1" in bench_lua) echo $((1000 / q)) ;; peer_numpy | peer_numba) echo $((10000 / q)) ;; *) echo $((20000 / q)) ;; esac; }
cg_sizes() { case "$1" in bench_lua) echo "10 30" ;; peer_numpy) echo "10000 30000" ;; *) echo "200 600" ;; esac; }
# the command of a [patients] [days] [case] program
bench_cmd() {
    local exe=$1 n=$2 days=$3 arg=$4
    case "$exe" in
    peer_numpy | peer_numba) echo "$PY tests/bench/peer/$exe.py --bench $n $days --repeat 1" ;;
    *) echo "$BUILD_DIR/tests/$exe $n $days $arg" ;;
    esac
}

declare -A best
for c in "${cases[@]}"; do
    exe=${c%%:*}
    arg=${c#*:}
    label=$exe${arg:+ ${arg##*/}}
    b=0
    n=$(patients "$exe")
    for _ in $(seq "$REPEAT"); do
        case "$exe" in
        bench_core | bench_lua | peer_numpy | peer_numba) out=$($(bench_cmd "$exe" "$n" 182 "$arg")) ;;
        bench_cohort) out=$("$BUILD_DIR/tests/$exe" "$arg" $((2000 / q)) 26 1) ;;
        *) out=$("$BUILD_DIR/tests/$exe") ;;
        esac
        # one-core figure: "patient-days/s (one core): X M" or "X M per thread"
        v=$(printf '%s\n' "$out" | sed -n -e 's/.*patient-days\/s (one core): \([0-9.]*\) M.*/\1/p' \
            -e 's/.*; \([0-9.]*\) M per thread.*/\1/p' | head -1)
        [ -n "$v" ] || v=0
        b=$(awk -v a="$b" -v v="$v" 'BEGIN { print (v > a ? v : a) }')
    done
    printf '%s\n' "$out" | sed 's/^/  /'
    best[$label]=$b
done

ipd() { # exe arg: instructions per patient-day from two callgrind runs
    local exe=$1 arg=$2 n1 n2 days=182 i1 i2
    read -r n1 n2 <<<"$(cg_sizes "$exe")"
    i1=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $(bench_cmd "$exe" $n1 $days "$arg") 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    i2=$(valgrind --tool=callgrind --callgrind-out-file=/dev/null $(bench_cmd "$exe" $n2 $days "$arg") 2>&1 >/dev/null |
        sed -n 's/.*Collected : \([0-9]*\).*/\1/p')
    awk -v a="$i1" -v b="$i2" -v n=$(((n2 - n1) * days)) 'BEGIN { if (a == "" || b == "") print "?"; else printf "%.0f\n", (b - a) / n }'
}

if [ "$callgrind" = 1 ] && ! command -v valgrind >/dev/null 2>&1; then
    echo "bench.sh: valgrind missing; trying scripts/setup.sh --with-bench"
    scripts/setup.sh --with-bench || true
fi
echo
printf '%-34s %26s %26s\n' case "M patient-days/s (1 core)" "instructions/patient-day"
for c in "${cases[@]}"; do
    exe=${c%%:*}
    arg=${c#*:}
    label=$exe${arg:+ ${arg##*/}}
    ins="-"
    if [ "$callgrind" = 1 ] && command -v valgrind >/dev/null 2>&1 &&
        { [ "$exe" = bench_core ] || [ "$exe" = bench_lua ] || [ "$exe" = peer_numpy ]; }; then
        ins=$(ipd "$exe" "$arg")
    fi
    printf '%-34s %26s %26s\n' "$label" "${best[$label]}" "$ins"
done

# calfsim on the peer's rules against each peer, one core (bench_cohort
# symptom_guided runs its own, richer rules: shown for reference)
ratio() { # calfsim label, peer label: "0.08x", or "?" when either is missing
    awk -v a="${best[$1]:-0}" -v b="${best[$2]:-0}" 'BEGIN { if (a > 0 && b > 0) printf "%.2fx", a / b; else print "?" }'
}
echo
echo "ratios, calfsim / peer (patient-days/s on one core; > 1: calfsim faster; targets from issue 17)"
for peer in peer_numpy:NumPy:3 peer_numba:Numba:2; do
    IFS=: read -r plabel pname target <<<"$peer"
    [ -n "${best[$plabel]+set}" ] || continue
    printf '  %-62s = %7s (target >= %sx)\n' "peer rules as Lua protocol (bench_lua peer_rules.lua) / $pname" \
        "$(ratio "bench_lua peer_rules.lua" "$plabel")" "$target"
    printf '  %-62s = %7s (target >= %sx)\n' "peer rules as progression (peer_rules_progress.lua) / $pname" \
        "$(ratio "bench_lua peer_rules_progress.lua" "$plabel")" "$target"
    printf '  %-62s = %7s (target >= %sx)\n' "peer rules as rules in C (peer_rules_compiled.lua) / $pname" \
        "$(ratio "bench_lua peer_rules_compiled.lua" "$plabel")" "$target"
    printf '  %-62s = %7s (reference)\n' "symptom_guided cohort (bench_cohort, its own rules) / $pname" \
        "$(ratio "bench_cohort symptom_guided.lua" "$plabel")"
done
if [ -n "${best[peer_numpy]+set}" ] && [ -n "${best[peer_numba]+set}" ]; then
    printf '  %-62s = %7s (issue 17 expected about 1.4x)\n' "Numba peer / NumPy peer" "$(ratio peer_numba peer_numpy)"
fi
