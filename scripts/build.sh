#!/usr/bin/env bash
# build.sh: configure and build calfsim into build/ (Release; the binary is
# build/calfsim). Extra arguments go to the CMake configure step, e.g.
#   scripts/build.sh -DCALF_SANITIZE=ON -DCMAKE_C_COMPILER=clang
# BUILD_DIR=dir overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${BUILD_DIR:-build}
jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$BUILD_DIR" --parallel "$jobs"
