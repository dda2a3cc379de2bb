#!/usr/bin/env bash
# calfsim lesson end to end: the list names all six lessons with summaries;
# every shipped lesson runs non-interactively with --answers and exits 0,
# writing its figures' data and explanations into --out; a right and a wrong
# answer give different feedback; without --answers and without a terminal
# the lesson stops with a usage message (exit 2); bad or missing answers are
# usage errors; lessons run in the study sandbox: io, os and writing outside
# --out fail with exit 1 and the lesson's file:line.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures/lessons"
LESSONS="recovery_day volume_intensity capacity_takes_weeks pain_not_damage step_rate acwr_trap"

# the list
"$CALFSIM" lesson >"$T/list.out" 2>"$T/list.err" || fail "lesson (list) exited $?"
for l in $LESSONS; do
    grep -qE "^  $l +[A-Z].{20,}" "$T/list.out" && pass "list shows $l with a summary" ||
        fail "list lacks $l: $(cat "$T/list.out")"
done
n=$(grep -c '^  [a-z_]' "$T/list.out")
[ "$n" -eq 6 ] && pass "six lessons listed" || fail "$n lessons listed"

# every lesson with all answers a (some wrong) and with its right answers
declare -A RIGHT=([recovery_day]=b [volume_intensity]=b,a [capacity_takes_weeks]=a,b
    [pain_not_damage]=b,b [step_rate]=b,b [acwr_trap]=b,b)
for l in $LESSONS; do
    nq=$(printf '%s\n' "${RIGHT[$l]}" | awk -F, '{print NF}')
    wrong=$(printf '%s' "${RIGHT[$l]}" | sed 's/a/X/g; s/[b-z]/a/g; s/X/b/g')
    "$CALFSIM" lesson "$l" --answers "${RIGHT[$l]}" --out "$T/$l" </dev/null >"$T/$l.out" 2>"$T/$l.err" ||
        fail "$l exited $?: $(cat "$T/$l.err")"
    grep -q "You predicted $nq of $nq as the model did" "$T/$l.out" &&
        pass "$l: right answers counted ($nq of $nq)" || fail "$l: $(tail -2 "$T/$l.out")"
    for part in "What happened" "Why (explain)" "What to take away" "Sources:"; do
        grep -q "^$part" "$T/$l.out" || fail "$l: no \"$part\""
    done
    tr '\n' ' ' <"$T/$l.out" | grep -q "not a patient's real risk" || fail "$l: no caveat"
    ls "$T/$l"/*_hidden.dat >/dev/null 2>&1 && pass "$l wrote the hidden-state data" ||
        fail "$l: no *_hidden.dat in $(ls "$T/$l")"
    ls "$T/$l"/*explain*.json >/dev/null 2>&1 && pass "$l wrote an explanation" ||
        fail "$l: no explain json"
    if command -v gnuplot >/dev/null 2>&1; then
        ls "$T/$l"/*_hidden.png >/dev/null 2>&1 || fail "$l: hidden-state figure not drawn"
    fi
    "$CALFSIM" lesson "$l" --answers "$wrong" --out "$T/$l-w" </dev/null >"$T/$l-w.out" 2>&1 ||
        fail "$l with wrong answers exited $?"
    grep -q "^Not quite: the model's answer is" "$T/$l-w.out" &&
        pass "$l: a wrong answer gets the correction" || fail "$l: no correction for $wrong"
done
# the same question, right vs wrong: different feedback
"$CALFSIM" lesson recovery_day --answers b --out "$T/r1" </dev/null >"$T/r1.out" 2>&1
"$CALFSIM" lesson recovery_day --answers a --out "$T/r2" </dev/null >"$T/r2.out" 2>&1
fb() { sed -n '/^Your answer/,/^What happened/p' "$1"; }
[ "$(fb "$T/r1.out")" != "$(fb "$T/r2.out")" ] && pass "right and wrong feedback differ" ||
    fail "same feedback for a and b"
grep -q "^Right\.$" "$T/r1.out" && ! grep -q "^Right\.$" "$T/r2.out" && pass "only the right answer says Right." ||
    fail "Right. misplaced"

# fixture: distinct right and wrong texts, return values
"$CALFSIM" lesson "$F/two_questions.lua" --answers a,b --out "$T/q" </dev/null >"$T/q.out" 2>&1 ||
    fail "two_questions exited $?"
grep -q RIGHT-FEEDBACK-1 "$T/q.out" && grep -q WRONG-FEEDBACK-2 "$T/q.out" &&
    ! grep -q WRONG-FEEDBACK-1 "$T/q.out" && ! grep -q RIGHT-FEEDBACK-2 "$T/q.out" &&
    pass "right and wrong feedback texts" || fail "feedback: $(cat "$T/q.out")"
grep -q "returned true a false" "$T/q.out" && pass "ask returns ok and the letter" ||
    fail "ask return: $(cat "$T/q.out")"
grep -q "You predicted 1 of 2" "$T/q.out" || fail "score line: $(tail -1 "$T/q.out")"
"$CALFSIM" lesson "$F/two_questions.lua" --answers A,C --out "$T/q2" </dev/null >"$T/q2.out" 2>&1 &&
    grep -q "You predicted 2 of 2" "$T/q2.out" && pass "answers are case-insensitive" ||
    fail "upper-case answers: $(cat "$T/q2.out")"

# usage errors (exit 2, one line)
expect_error 2 'stdin is not a terminal.*--answers' "$CALFSIM" lesson recovery_day --out "$T/u1" </dev/null
expect_error 2 'question 2 needs an answer' "$CALFSIM" lesson "$F/two_questions.lua" --answers a --out "$T/u2" </dev/null
expect_error 2 'answer 2 is not one of the letters a to c' "$CALFSIM" lesson "$F/two_questions.lua" --answers a,d --out "$T/u3" </dev/null
expect_error 2 'answer 1 is not one of the letters' "$CALFSIM" lesson "$F/two_questions.lua" --answers yes,b --out "$T/u4" </dev/null
expect_error 2 'no lesson "nosuch"' "$CALFSIM" lesson nosuch --answers a
expect_error 2 'unknown option' "$CALFSIM" lesson recovery_day --bogus 1
# more answers than questions: a warning, not a failure
"$CALFSIM" lesson "$F/two_questions.lua" --answers a,b,c --out "$T/u5" </dev/null >/dev/null 2>"$T/u5.err" &&
    grep -q "3 answers given, the lesson asked 2" "$T/u5.err" && pass "extra answers warned" ||
    fail "extra answers: $(cat "$T/u5.err")"

# the study sandbox applies (exit 1, file:line)
rm -f /tmp/calfsim-lesson-escape.txt
expect_error 1 'uses_io\.lua:3: .*io' "$CALFSIM" lesson "$F/uses_io.lua" --answers a --out "$T/s1"
expect_error 1 'uses_os\.lua:3: .*os' "$CALFSIM" lesson "$F/uses_os.lua" --answers a --out "$T/s2"
expect_error 1 'writes_outside\.lua:2: .*refused' "$CALFSIM" lesson "$F/writes_outside.lua" --answers a --out "$T/s3"
expect_error 1 'reveal_outside\.lua:4: .*refused' "$CALFSIM" lesson "$F/reveal_outside.lua" --answers a --out "$T/s4"
[ ! -e /tmp/calfsim-lesson-escape.txt ] && [ ! -e "$T/escaped.csv" ] && [ ! -e "$T/escaped.dat" ] &&
    pass "nothing written outside --out" || fail "a lesson wrote outside --out"
finish
