#!/usr/bin/env bash
# demo.sh: the one command for a first look at calfsim on Debian 12. Installs
# the missing Debian packages that building and running calfsim need
# (scripts/setup.sh, without the test suite's tools), builds only the calfsim
# executable into build/ (not the test, benchmark or fuzz targets), then runs
# the main job, `calfsim demo`: the built-in protocol comparison, with its
# report in calfsim-out/demo/report.html.
# It prints the comparison and the report's path, nothing else: the set-up and
# build output go to build/demo.log, shown only when a step fails. Arguments
# go to calfsim demo (e.g. scripts/demo.sh --weeks 12).
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
mkdir -p "$BUILD_DIR"
log=$BUILD_DIR/demo.log
: >"$log"

step() { # what command...: run quietly into the log; on failure show it
    local what=$1
    shift
    if ! "$@" >>"$log" 2>&1; then
        tail -n 40 "$log" >&2
        echo "demo.sh: $what failed; the whole log is in $log" >&2
        exit 1
    fi
}
jobs=$(nproc 2>/dev/null || echo 2)
step "installing the Debian packages" scripts/setup.sh
step "configuring the build" cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release
step "building calfsim" cmake --build "$BUILD_DIR" --target calfsim --parallel "$jobs"
exec "$BUILD_DIR/calfsim" demo "$@"
