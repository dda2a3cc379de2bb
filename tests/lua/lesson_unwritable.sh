#!/usr/bin/env bash
# lesson_unwritable.sh: a lesson whose output folder cannot take files exits
# 4 (I/O) with one line naming the folder, before printing any of its text
# (it used to print half the lesson, then exit 1 when saving a figure).
. "$CALF_SRC/tests/lib/e2e.sh"
# 1. the default folder calfsim-out/lesson-NAME under a file called calfsim-out
mkdir -p "$T/cwd" && : >"$T/cwd/calfsim-out"
(cd "$T/cwd" && "$CALFSIM" lesson recovery_day --answers b >"$T/out1" 2>"$T/err1")
rc=$?
check "$rc == 4" "unwritable default folder: exit $rc"
[ -s "$T/out1" ] && fail "printed lesson text before failing: $(head -1 "$T/out1")" || pass "nothing printed"
grep -q "calfsim-out" "$T/err1" && [ "$(wc -l <"$T/err1")" -eq 1 ] &&
    pass "one line naming the folder: $(cat "$T/err1")" || fail "message: $(cat "$T/err1")"
# 2. a read-only --out folder (only meaningful when not root: root writes anyway)
if [ "$(id -u)" -ne 0 ]; then
    mkdir -p "$T/ro" && chmod 555 "$T/ro"
    "$CALFSIM" lesson recovery_day --answers b --out "$T/ro" >"$T/out2" 2>"$T/err2"
    rc=$?
    chmod 755 "$T/ro"
    check "$rc == 4" "read-only --out folder: exit $rc"
    [ -s "$T/out2" ] && fail "printed lesson text before failing" || pass "nothing printed (read-only)"
fi
# 3. a writable folder still works
"$CALFSIM" lesson recovery_day --answers b --out "$T/ok" >"$T/out3" 2>"$T/err3" &&
    pass "writable folder: lesson runs" || fail "writable folder: $(cat "$T/err3")"
[ -e "$T/ok/lesson.probe" ] && fail "probe file left behind" || pass "no probe file left"
ls -a "$T/ok" | grep -q '\.tmp\.' && fail "temporary file left behind" || pass "no temporary file left"
finish
