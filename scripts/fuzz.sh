#!/usr/bin/env bash
# fuzz.sh: runs every libFuzzer target in turn (tests/fuzz/fuzz_*.c: csv, plan,
# patient, fit, protocol, study) for MINUTES each (default 5), built with clang,
# -fsanitize=fuzzer and AddressSanitizer + UBSan in build-fuzz/.
#
#   scripts/fuzz.sh [MINUTES] [TARGET...]
#
# Each target starts from its seed corpus tests/fuzz/corpus/NAME/ and keeps
# what it finds in build-fuzz/corpus/NAME/ (kept between runs, so runs add
# up); crashes, leaks and timeouts go to build-fuzz/findings/NAME/. The last
# lines give, per target, the runs, seconds, libFuzzer's final "cov:" and
# "ft:" figures, the corpus size and the findings; they are also appended to
# build-fuzz/fuzz-log.md. FUZZ_TIMEOUT (seconds, default 20) is libFuzzer's
# per-input limit: a study may ask for engine work (a cohort) that takes
# longer on a loaded machine. A finding is fixed with a regression test and its
# input copied into tests/fuzz/corpus/NAME/, which every build replays.
set -euo pipefail
cd "$(dirname "$0")/.."

minutes=${1:-5}
case "$minutes" in
'' | *[!0-9]*) echo "fuzz.sh: MINUTES must be a whole number, not \"$minutes\"" >&2; exit 2 ;;
esac
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(csv plan patient fit protocol study)
command -v clang >/dev/null || { echo "fuzz.sh: needs clang (scripts/setup.sh --dev)" >&2; exit 2; }

dir=build-fuzz
cmake -S . -B "$dir" -DCMAKE_C_COMPILER=clang -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALF_FUZZ=ON \
    -DCALF_SANITIZE=ON -DCALF_WERROR=ON >/dev/null
cmake --build "$dir" -j"$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
summary=()
for t in "${targets[@]}"; do
    bin="$dir/tests/fuzz/fuzz_$t"
    corpus="$dir/corpus/$t"
    findings="$dir/findings/$t"
    mkdir -p "$corpus" "$findings"
    dict=()
    case "$t" in protocol | study) dict=(-dict=tests/fuzz/protocol.dict) ;; esac
    seeds=("tests/fuzz/corpus/$t")
    [ "$t" = protocol ] && seeds+=(protocols) # the shipped protocols seed it too
    log="$dir/fuzz-$t.log"
    echo "fuzz.sh: $t for $minutes min (log $log)"
    rc=0
    "$bin" "$corpus" "${seeds[@]}" "${dict[@]}" -max_total_time=$((minutes * 60)) \
        -timeout="${FUZZ_TIMEOUT:-20}" -rss_limit_mb=2560 -max_len=8192 -print_final_stats=1 \
        -artifact_prefix="$findings/" >"$log" 2>&1 || rc=$?
    runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1 \2/p' "$log" | tail -1)
    [ -z "$runs" ] && runs="$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#') ?"
    cov=$(grep -oE 'cov: [0-9]+ ft: [0-9]+' "$log" | tail -1)
    found=$(find "$findings" -type f | wc -l)
    line="$t: runs $(echo "$runs" | cut -d' ' -f1), $(echo "$runs" | cut -d' ' -f2) s, ${cov:-cov: ?}, corpus $(find "$corpus" -type f | wc -l) files, findings $found (exit $rc)"
    summary+=("$line")
    echo "  $line"
done
{
    echo "## $(date -u '+%Y-%m-%d %H:%M UTC'), $minutes min per target"
    printf -- '- %s\n' "${summary[@]}"
} >>"$dir/fuzz-log.md"
echo
printf '%s\n' "${summary[@]}"
