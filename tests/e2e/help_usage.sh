#!/usr/bin/env bash
# Every verb answers --help (and -h) with its usage on stdout and exit 0, and
# an unknown option with one line on stderr naming it, exit 2 (banister, whose
# usage has a line per subcommand, and fit, which first wants its subcommand,
# are checked in their own tests).
. "$CALF_SRC/tests/lib/e2e.sh"

for verb in run check protocols params banister explain sweep cohort script fit plan compare \
    demo lesson; do
    for flag in --help -h; do
        out=$("$CALFSIM" "$verb" "$flag" 2>"$T/err")
        rc=$?
        if [ "$rc" -ne 0 ]; then
            fail "$verb $flag exited $rc: $(cat "$T/err")"
        elif ! printf '%s\n' "$out" | grep -q "calfsim $verb"; then
            fail "$verb $flag: no usage naming \"calfsim $verb\" on stdout: $out"
        elif [ -s "$T/err" ]; then
            fail "$verb $flag wrote to stderr: $(cat "$T/err")"
        else
            pass "$verb $flag"
        fi
    done
done

# an unknown option without a value is named as unknown, not as missing a value
for verb in run check protocols params explain sweep cohort script plan compare demo lesson; do
    expect_error 2 "^calfsim: $verb: unknown option \"--bogus\"" "$CALFSIM" "$verb" --bogus
done
finish
