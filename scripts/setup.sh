#!/usr/bin/env bash
# setup.sh: install the Debian packages calfsim needs, and only those that are
# missing. Checks each with dpkg-query first; when all are present it says so
# and touches nothing (no apt-get update). Runs non-interactively as root, or
# through sudo when not root and sudo exists.
#
#   scripts/setup.sh           what building and running calfsim needs
#   scripts/setup.sh --dev     also the test suite's compilers and checkers
#   scripts/setup.sh --check   only report; exit 0 if nothing is missing, 1 otherwise
#   scripts/setup.sh --list    print the package list and exit
#   --with-bench               also valgrind (callgrind figures of scripts/bench.sh)
set -euo pipefail

# What building and running calfsim needs on Debian 12: the build tools, GSL,
# Lua 5.4, libxml2 (TCX/GPX import), gnuplot (the figures) and libc6-dev (gcc
# only recommends it).
PACKAGES=(
    cmake pkg-config make gcc libc6-dev libgsl-dev liblua5.4-dev libxml2-dev gnuplot-nox
)
# --dev: what the test suite needs on top (scripts/test.sh, .ci/run): clang
# (house rule: gcc and clang warning-free) and its sanitizer runtime (clang
# sanitizer builds), clang-format (format test), git (the format test lists
# tracked files), NumPy for the system python3 (the NumPy peer's check,
# tests/bench/peer), Numba (the Numba peer's check, the same directory) and
# python3-icalendar (parses prescription.ics in tests/e2e/prescribe.sh).
# Open MPI (calfsim over MPI ranks, docs/cluster.md) is optional to build and
# tested in CI (tests/e2e/mpi.sh), so it comes with --dev.
DEV_PACKAGES=(clang libclang-rt-14-dev clang-format git python3-numpy python3-numba python3-icalendar
    libopenmpi-dev openmpi-bin)

mode=install
for arg in "$@"; do
    case "$arg" in
    --check) mode=check ;;
    --list) mode=list ;;
    --dev) PACKAGES+=("${DEV_PACKAGES[@]}") ;;
    --with-bench) PACKAGES+=(valgrind) ;;
    -h | --help)
        sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "setup.sh: unknown option \"$arg\" (allowed: --dev, --check, --list, --with-bench)" >&2
        exit 2
        ;;
    esac
done
if [ "$mode" = list ]; then
    printf '%s\n' "${PACKAGES[@]}"
    exit 0
fi

if ! command -v dpkg-query >/dev/null 2>&1; then
    echo "setup.sh: dpkg-query not found; this script supports Debian 12 only." >&2
    echo "setup.sh: install by hand: ${PACKAGES[*]}" >&2
    exit 1
fi

# A package counts as present only when dpkg says "installed" (not merely
# "config-files" after a remove).
missing_packages() {
    local p st
    for p in "${PACKAGES[@]}"; do
        st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
        [ "$st" = installed ] || printf '%s\n' "$p"
    done
}

mapfile -t missing < <(missing_packages)

if [ "${#missing[@]}" -eq 0 ]; then
    echo "setup.sh: all ${#PACKAGES[@]} packages present; nothing to install."
    exit 0
fi

if [ "$mode" = check ]; then
    echo "setup.sh: missing ${#missing[@]} package(s): ${missing[*]}"
    exit 1
fi

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then
        SUDO=(sudo)
    else
        echo "setup.sh: missing ${missing[*]}, and not root and no sudo to install them." >&2
        echo "setup.sh: as root run: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi

echo "setup.sh: installing ${#missing[@]} missing package(s): ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q
"${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    "${missing[@]}"

mapfile -t still < <(missing_packages)
if [ "${#still[@]}" -ne 0 ]; then
    echo "setup.sh: still missing after apt-get install: ${still[*]}" >&2
    exit 1
fi
echo "setup.sh: done; all ${#PACKAGES[@]} packages present."
