#!/usr/bin/env bash
# cli_conventions.sh: the command-line conventions every verb shares
# (cli_args.c): --opt=value equals --opt value; a misspelt option gets a
# "did you mean"; an option naming one thing given twice is refused; a flag
# given a value is refused; -V prints the version like --version; every bad
# explain --day gives the same allowed range; a misspelt plan column is named
# as unknown, with a suggestion.
. "$(dirname "$0")/../lib/e2e.sh"
DL="$P/distance_limited.lua"
TP="$CALF_SRC/protocols/ten_percent.lua"

# --opt=value: the same bytes as --opt value
"$CALFSIM" run "$TP" --patient "$DL" --weeks 3 --set growth=0.05 --out "$T/a" >/dev/null || fail "run with spaces"
"$CALFSIM" run "$TP" --patient="$DL" --weeks=3 --set=growth=0.05 --out="$T/b" >/dev/null || fail "run with ="
same_outputs "$T/a" "$T/b" && pass "--opt=value gives the same outputs as --opt value" ||
    fail "--opt=value and --opt value differ"

# did you mean
expect_error 2 'run: unknown option "--patinet" \(did you mean --patient\?\)' \
    "$CALFSIM" run "$TP" --patinet "$DL"
expect_error 2 'compare: unknown option "--wekes" \(did you mean --weeks\?\)' \
    "$CALFSIM" compare "$TP" --patient "$DL" --wekes 3
expect_error 2 'sweep: unknown option "--metrc" \(did you mean --metric\?\)' \
    "$CALFSIM" sweep "$TP" --patient "$DL" --vary growth=0:0.1:0.05 --metrc peak_pain
expect_error 2 'unknown option "--zzzzzz"$' "$CALFSIM" run "$TP" --patient "$DL" --zzzzzz 1

# duplicate --patient (and --out), in either spelling
expect_error 2 'run: --patient given twice; give it once' "$CALFSIM" run "$TP" --patient "$DL" --patient "$P/overstrider.lua"
expect_error 2 'compare: --patient given twice' "$CALFSIM" compare "$TP" --patient "$DL" --patient="$DL"
expect_error 2 'cohort: --out given twice' "$CALFSIM" cohort "$TP" --patient "$DL" --out "$T/x" --out "$T/y"
expect_error 2 'run: --oracle takes no value \(given "1"\)' "$CALFSIM" run "$TP" --patient "$DL" --oracle=1
# repeatable options stay repeatable
"$CALFSIM" run "$TP" --patient "$DL" --weeks 2 --set growth=0.05 --set pain_limit=3 --out "$T/c" >/dev/null &&
    pass "--set may be repeated" || fail "--set repeated refused"

# -V
v1=$("$CALFSIM" --version) && v2=$("$CALFSIM" -V) && [ -n "$v1" ] && [ "$v1" = "$v2" ] &&
    pass "-V prints \"$v2\" like --version" || fail "-V: \"${v2:-}\" vs \"${v1:-}\""

# explain --day: one allowed range (the run's days) for every bad value
for d in 0 22 x 99999; do
    expect_error 2 "explain --day = \"$d\": allowed 1 to 21 \\(the run's days\\)" \
        "$CALFSIM" explain "$T/a" --day "$d"
done

# a misspelt plan column is unknown, not a missing km
printf 'day,kind,kms,kmh\n1,run,3,10\n' >"$T/kms.csv"
expect_error 5 'kms.csv:1:[0-9]+: unknown column "kms" \(did you mean km\?\)' \
    "$CALFSIM" run --plan "$T/kms.csv" --patient "$DL" --out "$T/kms"
finish
