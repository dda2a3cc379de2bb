#!/usr/bin/env bash
# jsoncheck_cli.sh: the jsoncheck tool's command line, which the other shell
# tests depend on: exit 0 on valid JSON, 1 with "FILE:LINE:COL: why" on
# invalid JSON, path extraction (strings decoded, other values raw), -n counts,
# 3 for a missing path, 2 for usage, 4 for an unreadable file.
set -euo pipefail
jc=${CALF_JSONCHECK:?} tmp=${CALF_TMP:?}
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
run() { # run CMD...; sets rc, out, err
    set +e
    "$@" >"$tmp/out" 2>"$tmp/err"
    rc=$?
    set -e
    out=$(cat "$tmp/out")
    err=$(cat "$tmp/err")
}

cat >"$tmp/ok.json" <<'J'
{
  "version": "0.1.0",
  "total_km": 42.5,
  "goal_reached_day": null,
  "weeks": [{"km": 10}, {"km": 12.5, "note": "tab\there \u00e9"}]
}
J
run "$jc" "$tmp/ok.json"
[ "$rc" -eq 0 ] && [ -z "$out$err" ] || fail "valid file: exit $rc, out \"$out\", err \"$err\""
run "$jc" "$tmp/ok.json" total_km
[ "$rc" -eq 0 ] && [ "$out" = "42.5" ] || fail "total_km: exit $rc, got \"$out\""
run "$jc" "$tmp/ok.json" version
[ "$out" = "0.1.0" ] || fail "version: got \"$out\", want 0.1.0 (strings print without quotes)"
run "$jc" "$tmp/ok.json" goal_reached_day
[ "$out" = "null" ] || fail "goal_reached_day: got \"$out\""
run "$jc" "$tmp/ok.json" weeks.1.note
[ "$out" = "$(printf 'tab\there \303\251')" ] || fail "weeks.1.note: got \"$out\""
run "$jc" "$tmp/ok.json" weeks.0
[ "$out" = '{"km": 10}' ] || fail "weeks.0: got \"$out\""
run "$jc" -n "$tmp/ok.json" weeks
[ "$out" = "2" ] || fail "-n weeks: got \"$out\""
run "$jc" -n "$tmp/ok.json"
[ "$out" = "4" ] || fail "-n top level: got \"$out\""
run "$jc" -n "$tmp/ok.json" total_km
[ "$rc" -eq 3 ] || fail "-n on a number: exit $rc, want 3"
run "$jc" "$tmp/ok.json" weeks.2.km
[ "$rc" -eq 3 ] && [ "$err" = "$tmp/ok.json: path weeks.2.km: no \"2\" in weeks" ] ||
    fail "missing path: exit $rc, err \"$err\""
run sh -c "printf '[1, 2]' | \"$jc\" - 1"
[ "$rc" -eq 0 ] && [ "$out" = "2" ] || fail "stdin: exit $rc, got \"$out\""

printf '{\n  "a": 1,\n  "b": [1, 2,]\n}\n' >"$tmp/bad.json"
run "$jc" "$tmp/bad.json"
[ "$rc" -eq 1 ] && [ "$err" = "$tmp/bad.json:3:14: expected a value, found ']'" ] ||
    fail "invalid file: exit $rc, err \"$err\""
run "$jc" "$tmp/bad.json" a
[ "$rc" -eq 1 ] || fail "path lookup in an invalid file: exit $rc, want 1"
printf '{"x": NaN}' >"$tmp/nan.json"
run "$jc" "$tmp/nan.json"
[ "$rc" -eq 1 ] || fail "NaN accepted (exit $rc)"
printf '{"x": 1, "x": 2}' >"$tmp/dup.json"
run "$jc" "$tmp/dup.json"
[ "$rc" -eq 1 ] || fail "duplicate key accepted (exit $rc)"

run "$jc"
[ "$rc" -eq 2 ] || fail "no arguments: exit $rc, want 2"
run "$jc" a b c
[ "$rc" -eq 2 ] || fail "three arguments: exit $rc, want 2"
run "$jc" "$tmp/no-such-file.json"
[ "$rc" -eq 4 ] || fail "unreadable file: exit $rc, want 4"

[ "$fails" -eq 0 ] || exit 1
echo "ok: jsoncheck validates, extracts paths, counts and reports errors with exit codes"
