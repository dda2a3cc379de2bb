#!/usr/bin/env bash
# out_dir.sh: an output folder belongs to one run at a time and is replaced as
# a whole (issue 18 defect 10, issue 14 4.5): a second writer is refused in one
# line with exit 4; a compare into a folder that held a bigger compare or a
# cohort leaves none of the old files; a run that fails on a full disk (here
# RLIMIT_FSIZE) says why and leaves the previous folder intact; leftovers of a
# killed run are removed; a folder calfsim did not write is refused.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
pat="$P/distance_limited.lua"
cmp_args=(--patient "$pat" --weeks 3 --cohort 12)

# a second writer: the lock is held (by flock(1), as a running calfsim holds it)
"$CALFSIM" run "$PR/ten_percent.lua" --patient "$pat" --weeks 2 --out "$T/o" >/dev/null ||
    fail "first run exited $?"
expect_error 4 "o: another calfsim run is writing this folder" \
    flock "$T/.o.lock" "$CALFSIM" run "$PR/ten_percent.lua" --patient "$pat" --weeks 2 --out "$T/o"
[ -s "$T/o/trace.csv" ] && pass "the folder of the first run is intact" || fail "trace.csv gone"

# leftovers of a killed run: its work folder beside, a temporary inside
mkdir -p "$T/.o.new.4242" && echo half >"$T/.o.new.4242/trace.csv"
echo half >"$T/o/.summary.json.tmp.4242"
"$CALFSIM" run "$PR/ten_percent.lua" --patient "$pat" --weeks 2 --out "$T/o" >/dev/null ||
    fail "run after a killed run exited $?"
[ ! -e "$T/.o.new.4242" ] && [ ! -e "$T/o/.summary.json.tmp.4242" ] &&
    pass "a killed run's leftovers are removed" || fail "leftovers: $(ls -A "$T" "$T/o")"

# stale outputs: three protocols with a cohort, then two without
"$CALFSIM" compare "$PR/ten_percent.lua" "$PR/symptom_guided.lua" "$PR/alfredson.lua" \
    "${cmp_args[@]}" --out "$T/c" >/dev/null 2>&1 || fail "compare of three exited $?"
[ -d "$T/c/3-alfredson" ] && [ -s "$T/c/compare_uncertainty.csv" ] &&
    pass "first compare wrote 3-alfredson and compare_uncertainty.csv" || fail "first compare: $(ls "$T/c")"
"$CALFSIM" compare "$PR/ten_percent.lua" "$PR/symptom_guided.lua" --patient "$pat" --weeks 3 \
    --cohort 0 --out "$T/c" >/dev/null 2>&1 || fail "compare of two exited $?"
[ ! -e "$T/c/3-alfredson" ] && [ ! -e "$T/c/compare_uncertainty.csv" ] && [ -s "$T/c/compare.csv" ] &&
    pass "the second compare left no stale protocol folder or uncertainty table" ||
    fail "stale outputs: $(ls "$T/c")"
[ "$(grep -vc '^#' "$T/c/compare.csv")" = 3 ] && pass "compare.csv has the two new rows" ||
    fail "compare.csv: $(cat "$T/c/compare.csv")"

# a cohort's fan_K files do not survive a cohort of fewer protocols
"$CALFSIM" cohort "$PR/ten_percent.lua" "$PR/symptom_guided.lua" --patient "$pat" --n 10 \
    --weeks 2 --out "$T/k" >/dev/null 2>&1 || fail "cohort of two exited $?"
"$CALFSIM" cohort "$PR/ten_percent.lua" --patient "$pat" --n 10 --weeks 2 --out "$T/k" \
    >/dev/null 2>&1 || fail "cohort of one exited $?"
ls "$T/k" | grep -q '_2\.' && fail "stale cohort files: $(ls "$T/k" | grep '_2\.')" ||
    pass "no fan_2/bands_2 of the earlier cohort"

# a full disk in the middle of a compare: exit 4 with the reason, old folder whole
cp "$T/c/compare.csv" "$T/compare.before"
before=$(cd "$T/c" && find . | sort)
out=$(
    trap '' XFSZ
    ulimit -f 40
    "$CALFSIM" compare "$PR/ten_percent.lua" "$PR/symptom_guided.lua" "$PR/alfredson.lua" \
        --patient "$pat" --weeks 26 --cohort 0 --out "$T/c" 2>&1 >/dev/null
)
rc=$?
[ "$rc" = 4 ] && pass "full disk: exit 4" || fail "full disk: exit $rc ($out)"
printf '%s\n' "$out" | grep -q "write failed: File too large" && pass "says why: $out" ||
    fail "no reason in: $out"
cmp -s "$T/compare.before" "$T/c/compare.csv" && [ "$(cd "$T/c" && find . | sort)" = "$before" ] &&
    pass "the previous folder is intact" || fail "the previous folder changed"
ls -A "$T" | grep -q '^\.c\.new\.' && fail "work folder left: $(ls -A "$T")" || pass "no work folder left"

# a folder that calfsim did not write is never replaced
mkdir -p "$T/home" && echo mine >"$T/home/thesis.txt"
expect_error 4 "home: not empty and not a calfsim output folder" \
    "$CALFSIM" run "$PR/ten_percent.lua" --patient "$pat" --weeks 2 --out "$T/home"
[ "$(cat "$T/home/thesis.txt")" = mine ] && [ ! -e "$T/home/trace.csv" ] && pass "left alone" ||
    fail "home changed"
finish
