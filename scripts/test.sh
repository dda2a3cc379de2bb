#!/usr/bin/env bash
# test.sh: build calfsim in a fresh build directory and run the whole test
# suite with ctest; the last line printed is ctest's summary, and the exit
# status is ctest's. Installs missing Debian packages first (scripts/setup.sh)
# when it can, with the test suite's compilers and checkers (setup.sh --dev).
#
#   scripts/test.sh              gcc build in build-test/
#   scripts/test.sh --clang      clang build in build-clang/
#   scripts/test.sh --sanitize   AddressSanitizer + UBSan build in build-asan/
#                                (with --clang: build-asan-clang/)
#   scripts/test.sh --keep       reuse the build directory instead of wiping it
# Further arguments after -- go to ctest (e.g. -- -L unit, -- -R params).
set -euo pipefail
cd "$(dirname "$0")/.."

cc=gcc
sanitize=OFF
fresh=1
ctest_args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --clang) cc=clang ;;
    --gcc) cc=gcc ;;
    --sanitize) sanitize=ON ;;
    --keep) fresh=0 ;;
    --)
        shift
        ctest_args=("$@")
        break
        ;;
    -h | --help)
        sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "test.sh: unknown option \"$1\" (allowed: --clang, --gcc, --sanitize, --keep, -- CTEST_ARGS)" >&2
        exit 2
        ;;
    esac
    shift
done

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "test.sh: not a Debian system; skipping the package check (scripts/setup.sh --list)"
elif ! scripts/setup.sh --dev --check >/dev/null 2>&1; then
    scripts/setup.sh --dev
fi

if [ "$sanitize" = ON ]; then
    dir=build-asan
    [ "$cc" = clang ] && dir=build-asan-clang
    export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:strict_string_checks=1}
    export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
else
    dir=build-test
    [ "$cc" = clang ] && dir=build-clang
fi

[ "$fresh" = 1 ] && rm -rf "$dir"
jobs=$(nproc 2>/dev/null || echo 2)
echo "test.sh: $cc build in $dir (CALF_SANITIZE=$sanitize, CALF_WERROR=ON)"
cmake -S . -B "$dir" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCALF_WERROR=ON -DCALF_SANITIZE="$sanitize" >/dev/null
cmake --build "$dir" --parallel "$jobs"
cd "$dir"
exec ctest --output-on-failure --parallel "$jobs" "${ctest_args[@]}"
