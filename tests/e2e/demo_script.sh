#!/usr/bin/env bash
# demo_script.sh: scripts/demo.sh, run from a copy of the scripts with
# stand-ins for cmake and apt-get (so the machine and the real build are never
# touched): it builds only the calfsim target, asks setup.sh for the runtime
# packages only (no test tools), and prints nothing but calfsim demo's output
# (the comparison and the report path). setup.sh without --dev lists no test
# tool and --dev adds them; scripts/test.sh and .ci/run use --dev.
. "$(dirname "$0")/../lib/e2e.sh"
command -v dpkg-query >/dev/null 2>&1 || { echo "SKIP: not Debian (no dpkg-query)"; exit 77; }

# setup.sh package lists
rt=$(bash "$CALF_SRC/scripts/setup.sh" --list | tr '\n' ' ')
dev=$(bash "$CALF_SRC/scripts/setup.sh" --dev --list | tr '\n' ' ')
for p in clang clang-format git python3-numpy libclang-rt-14-dev; do
    case " $rt" in *" $p "*) fail "setup.sh without --dev installs test tool $p" ;; esac
    case " $dev" in *" $p "*) ;; *) fail "setup.sh --dev lacks $p" ;; esac
done
for p in cmake gcc libgsl-dev liblua5.4-dev gnuplot-nox; do
    case " $rt" in *" $p "*) ;; *) fail "setup.sh lacks $p, needed to build and run calfsim" ;; esac
done
pass "setup.sh: runtime list [$rt]"
grep -q 'setup.sh --dev' "$CALF_SRC/scripts/test.sh" && grep -q 'setup.sh --dev' "$CALF_SRC/.ci/run" &&
    pass "test.sh and .ci/run use setup.sh --dev" || fail "test.sh or .ci/run without --dev"

# demo.sh in a copy of the tree: stand-in cmake records its arguments and
# "builds" calfsim as a link to the binary under test
R="$T/repo"
mkdir -p "$R/scripts" "$T/bin"
cp "$CALF_SRC/scripts/demo.sh" "$CALF_SRC/scripts/setup.sh" "$R/scripts/"
cat >"$T/bin/cmake" <<SH
#!/bin/sh
echo "cmake \$*" >>"$T/cmake.log"
echo "-- some cmake chatter"
if [ "\$1" = --build ]; then mkdir -p "\$2" && ln -sf "$CALFSIM" "\$2/calfsim"; fi
exit 0
SH
cat >"$T/bin/apt-get" <<SH
#!/bin/sh
echo "apt-get \$*" >>"$T/apt.log"
exit 0
SH
chmod +x "$T/bin/cmake" "$T/bin/apt-get"
(cd "$R" && PATH="$T/bin:$PATH" CI=1 bash scripts/demo.sh --weeks 4 >"$T/demo.out" 2>"$T/demo.err")
rc=$?
check "$rc == 0" "demo.sh exit $rc $(head -3 "$T/demo.err")"
grep -q -- '--build .* --target calfsim' "$T/cmake.log" && pass "builds only the calfsim target" ||
    fail "cmake calls: $(cat "$T/cmake.log")"
[ "$(grep -c -- '--build' "$T/cmake.log")" -eq 1 ] || fail "more than one build: $(cat "$T/cmake.log")"
grep -q '^report: calfsim-out/demo/report.html$' "$T/demo.out" && pass "prints the report path" ||
    fail "no report line: $(tail -2 "$T/demo.out")"
grep -qE 'setup.sh|cmake|chatter|Built target|demo.sh' "$T/demo.out" "$T/demo.err" &&
    fail "set-up or build output shown: $(grep -E 'setup.sh|cmake|chatter|demo.sh' "$T/demo.out" "$T/demo.err" | head -2)" ||
    pass "nothing but the demo's output"
[ -s "$R/calfsim-out/demo/report.html" ] && pass "report written" || fail "no report"
finish
