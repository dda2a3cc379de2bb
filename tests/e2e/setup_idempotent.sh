#!/usr/bin/env bash
# setup_idempotent.sh: scripts/setup.sh on a machine that has everything
# (which is where the tests run, after setup) must report nothing to install
# and never call apt-get, in --check and in install mode. With one package
# made to look missing (a stand-in dpkg-query), --check must name just that
# package without calling apt-get, and install mode must run apt-get update
# once and install only that package (clang-format: a test tool, asked for
# only with --dev). apt-get is a stand-in throughout, so
# this test never changes the machine. Skips (77) when not root or not Debian.
set -euo pipefail
src=${CALF_SRC:?} tmp=${CALF_TMP:?}
setup=$src/scripts/setup.sh
if [ "$(id -u)" -ne 0 ]; then
    echo "SKIP: not root"
    exit 77
fi
real_dpkg_query=$(command -v dpkg-query || true)
if [ -z "$real_dpkg_query" ]; then
    echo "SKIP: no dpkg-query (not a Debian system)"
    exit 77
fi
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

shim=$tmp/shim
rm -rf "$shim"
mkdir -p "$shim"
log=$tmp/apt.log
: >"$log"
cat >"$shim/apt-get" <<SH
#!/bin/sh
echo "apt-get \$*" >>"$log"
case "\$1" in install) : >"$tmp/installed.marker" ;; esac
exit 0
SH
cp "$shim/apt-get" "$shim/sudo"
sed -i 's/^echo "apt-get/echo "sudo/' "$shim/sudo"
chmod +x "$shim/apt-get" "$shim/sudo"

run() {
    set +e
    out=$(PATH="$shim:$PATH" bash "$setup" "$@" 2>&1)
    rc=$?
    set -e
}

# 1. This machine: nothing missing.
run --check
[ "$rc" -eq 0 ] || fail "--check exit $rc, want 0: $out"
echo "$out" | grep -q 'nothing to install' || fail "--check output: $out"
run
[ "$rc" -eq 0 ] || fail "install mode exit $rc, want 0: $out"
echo "$out" | grep -q 'nothing to install' || fail "install mode output: $out"
[ ! -s "$log" ] || fail "apt-get or sudo called with everything present: $(cat "$log")"

# 2. clang-format made to look missing until the stand-in apt-get "installs" it.
rm -f "$tmp/installed.marker"
cat >"$shim/dpkg-query" <<SH
#!/bin/sh
for a; do last=\$a; done
if [ "\$last" = clang-format ] && [ ! -e "$tmp/installed.marker" ]; then
    printf 'not-installed'
    exit 0
fi
exec "$real_dpkg_query" "\$@"
SH
chmod +x "$shim/dpkg-query"
# clang-format is a test tool: only --dev asks for it
run --check
[ "$rc" -eq 0 ] || fail "--check without --dev, clang-format missing: exit $rc, want 0: $out"
run --dev --check
[ "$rc" -eq 1 ] || fail "--dev --check with clang-format missing: exit $rc, want 1"
[ "$out" = "setup.sh: missing 1 package(s): clang-format" ] || fail "--check output: $out"
[ ! -s "$log" ] || fail "--check called apt-get: $(cat "$log")"
run --dev
[ "$rc" -eq 0 ] || fail "install mode with clang-format missing: exit $rc: $out"
want="apt-get update -q
apt-get install -y -q --no-install-recommends clang-format"
[ "$(cat "$log")" = "$want" ] || fail "apt-get calls were: $(cat "$log"); want: $want"

[ "$fails" -eq 0 ] || exit 1
echo "ok: setup.sh reports nothing to install here, and installs only what is missing"
