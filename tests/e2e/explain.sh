#!/usr/bin/env bash
# calfsim explain end to end: a run folder is re-simulated from inputs.txt;
# --worst picks the day of highest pain in trace.csv; --json is valid JSON
# whose parts add up to the value; the paragraph names the top factor; the
# bar chart is drawn (when gnuplot is present) with hostile names kept out
# of gnuplot code; error paths give one-line messages and their exit codes.
. "$CALF_SRC/tests/lib/e2e.sh"
JC=${CALF_JSONCHECK:?}

ivl() { # 1 km warm-up, 6 x 0.4 km at $2 km/h with 0.3 km walks
    printf '%s,run,1,10.8\n' "$1"
    for i in 1 2 3 4 5 6; do printf '%s,run,0.4,%s\n%s,walk,0.3,5\n' "$1" "$2" "$1"; done
}
plan() {
    echo day,kind,km,kmh
    printf '1,run,2,10.8\n3,run,2,10.8\n4,run,2.5,10.8\n'
    ivl 5 13.5
    printf '7,run,3,10.8\n8,run,3,10.8\n9,run,4,12\n'
    ivl 10 15
    printf '12,run,4,10.8\n'
}
plan | run_plan r "$P/distance_limited.lua"
[ -s "$T/r/inputs.txt" ] || fail "run wrote no inputs.txt"
grep -q '^kind plan$' "$T/r/inputs.txt" || fail "inputs.txt lacks kind"
grep -q "^source /" "$T/r/inputs.txt" || fail "inputs.txt source is not absolute"

# --worst = the day with the highest pain_during_max of trace.csv
worst=$(trace_col "$T/r/trace.csv" pain_during_max | awk '{if (NR == 1 || $1 > m) {m = $1; d = NR}} END {print d}')
(cd "$T" && "$CALFSIM" explain r --worst --json --out "$T/xw" >"$T/w.json") || fail "explain --worst exited $?"
"$JC" "$T/w.json" || fail "--json output is not valid JSON"
"$JC" "$T/xw/explain.json" || fail "explain.json is not valid JSON"
wd=$(json_num "$T/w.json" day)
check "$wd == $worst" "--worst explains day $wd, the trace's worst day $worst"
# the default (no --day) is the worst day too, and the text names the top factor
"$CALFSIM" explain "$T/r" --out "$T/xd" >"$T/d.txt" || fail "explain (default) exited $?"
grep -q "^Day $worst: pain during reached" "$T/d.txt" || fail "default is not the worst day: $(head -1 "$T/d.txt")"
top=$(sed -n 's/.*"pain_during": {[^}]*"top_factor": "\([a-z]*\)".*/\1/p' "$T/w.json")
label=$(sed -n "s/.*\"$top\": {\"label\": \"\\([^\"]*\\)\".*/\\1/p" "$T/w.json")
[ -n "$label" ] || fail "no top factor label in the JSON"
tr '\n' ' ' <"$T/d.txt" | grep -q "came from $label (" || fail "text does not name the top factor \"$label\""
pass "top factor of day $worst: $label"

# parts add up: reference + sum of contributions = value (JSON has 10 digits)
for q in pain_during pain_morning dose; do
    sed -n "s/.*\"$q\": {\"value\": \\([^,]*\\), \"reference\": \\([^,]*\\),.*\"contributions\": {\\(.*\\)}}.*/\\1 \\2 \\3/p" "$T/w.json" |
        tr -d '",' | awk -v q=$q '{v = $1; s = $2; for (i = 4; i <= NF; i += 2) s += $i;
            d = s - v; if (d < 0) d = -d; tol = 1e-6 + 1e-8 * (v < 0 ? -v : v);
            if (d > tol) {print "FAIL: " q " parts + reference " s " != value " v; exit 1}
            print "ok: " q " parts add up (|gap| " d ")"}' || fail "$q parts do not add up"
done

# --day; pain during in the JSON equals trace.csv
"$CALFSIM" explain "$T/r" --day 5 --json --out "$T/x5" >"$T/5.json" || fail "explain --day 5 exited $?"
v=$(sed -n 's/.*"pain_during": {"value": \([^,]*\),.*/\1/p' "$T/5.json")
t=$(trace_at "$T/r/trace.csv" 5 pain_during_max)
check "($v - $t)^2 < 1e-10" "day 5 pain during $v equals trace.csv $t"
grep -q '"days_since_rest": 3' "$T/5.json" || fail "day 5 context: last running-free day was day 2"

# the same through --plan/--patient directly
plan >"$T/p.csv"
"$CALFSIM" explain --plan "$T/p.csv" --patient "$P/distance_limited.lua" --day 5 --json --out "$T/x5b" >"$T/5b.json" ||
    fail "explain --plan exited $?"
cmp -s <(grep -v '"source"' "$T/5.json") <(grep -v '"source"' "$T/5b.json") || fail "--plan and RUN_DIR differ"

# chart files
for f in explain.json explain.dat explain.gp; do [ -s "$T/x5/$f" ] || fail "no $f"; done
[ "$(grep -vc '^#' "$T/x5/explain.dat")" -eq 8 ] || fail "explain.dat is not 8 factors"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/x5/explain.png" ] && [ -s "$T/x5/explain.svg" ] || fail "no PNG/SVG"
    # a hostile run folder name reaches gnuplot only as ARG2
    evil="$T/x\"; system(\"touch PWNED\"); \"y"
    cp -r "$T/r" "$evil"
    (cd "$T" && "$CALFSIM" explain "$evil" --day 5 --out "$T/xe" >/dev/null) || fail "hostile folder name: exit $?"
    [ ! -e "$T/xe/PWNED" ] && [ ! -e "$T/PWNED" ] || fail "gnuplot ran code from a folder name"
    [ -s "$T/xe/explain.png" ] || fail "no PNG for the odd folder name"
fi
# without gnuplot: .dat/.gp, one warning line
env PATH=/nonexistent "$CALFSIM" explain "$T/r" --day 5 --out "$T/xn" >/dev/null 2>"$T/err" || fail "no gnuplot: exit $?"
[ -s "$T/xn/explain.dat" ] && [ ! -e "$T/xn/explain.png" ] || fail "no gnuplot: wrong files"
[ "$(wc -l <"$T/err")" -eq 1 ] && grep -q gnuplot-nox "$T/err" || fail "no gnuplot: $(cat "$T/err")"

# a plan path with a newline and a backslash survives inputs.txt
odd="$T/odd
na\\me.csv"
plan >"$odd"
"$CALFSIM" run --plan "$odd" --patient "$P/distance_limited.lua" --out "$T/ro" >/dev/null || fail "run odd name"
"$CALFSIM" explain "$T/ro" --day 5 --out "$T/xo" >/dev/null || fail "explain of a run with an odd plan name: exit $?"

# a protocol run folder (inputs.txt kind protocol) and a protocol given directly
proto="$CALF_SRC/protocols/ten_percent.lua"
if [ -f "$proto" ]; then
    "$CALFSIM" run "$proto" --patient "$P/speed_sensitive.lua" --weeks 8 --out "$T/rp" >/dev/null ||
        fail "protocol run exited $?"
    grep -q '^kind protocol$' "$T/rp/inputs.txt" || fail "protocol inputs.txt lacks kind protocol"
    pw=$(trace_col "$T/rp/trace.csv" pain_during_max | awk '{if (NR == 1 || $1 > m) {m = $1; d = NR}} END {print d}')
    "$CALFSIM" explain "$T/rp" --json --out "$T/xp" >"$T/p.json" || fail "explain of a protocol run exited $?"
    "$JC" "$T/p.json" || fail "protocol explain JSON invalid"
    check "$(json_num "$T/p.json" day) == $pw" "protocol run: --worst is day $pw"
    "$CALFSIM" explain "$proto" --patient "$P/speed_sensitive.lua" --weeks 8 --json --out "$T/xp2" >"$T/p2.json" ||
        fail "explain PROTOCOL.lua exited $?"
    cmp -s <(grep -v '"source"' "$T/p.json") <(grep -v '"source"' "$T/p2.json") || fail "protocol folder and direct protocol differ"
    expect_error 2 'allowed 1 to 56' "$CALFSIM" explain "$T/rp" --day 57
fi

# errors: one line, exit code
expect_error 4 'no such run folder' "$CALFSIM" explain "$T/missing"
mkdir -p "$T/empty"
expect_error 4 'inputs.txt: cannot open' "$CALFSIM" explain "$T/empty"
expect_error 2 'allowed 1 to 12 \(the run' "$CALFSIM" explain "$T/r" --day 13 --out "$T/bad"
expect_error 2 '--day = "0": allowed 1' "$CALFSIM" explain "$T/r" --day 0
expect_error 2 '--day = "x": allowed 1' "$CALFSIM" explain "$T/r" --day x
expect_error 2 'not both' "$CALFSIM" explain "$T/r" --day 3 --worst
expect_error 2 'unknown option "--bogus"' "$CALFSIM" explain "$T/r" --bogus 1
expect_error 2 'needs a RUN_DIR' "$CALFSIM" explain
expect_error 2 'ref-km = "-1"' "$CALFSIM" explain "$T/r" --ref-km -1
expect_error 2 'patient P.lua is required' "$CALFSIM" explain --plan "$T/p.csv" --day 2
expect_error 2 'carries its own inputs' "$CALFSIM" explain "$T/r" --patient "$P/distance_limited.lua"
# the plan changed since the run: the re-simulation no longer matches trace.csv
cp -r "$T/r" "$T/changed"
sed -i 's|^source .*|source '"$T"'/changed.csv|' "$T/changed/inputs.txt"
plan | sed 's/^4,run,2.5,10.8/4,run,3.5,10.8/' >"$T/changed.csv"
expect_error 5 'changed since the run' "$CALFSIM" explain "$T/changed" --day 4 --out "$T/bad"
sed -i 's/^days .*/days 0/' "$T/changed/inputs.txt"
expect_error 5 'inputs.txt:[0-9]+: days = 0' "$CALFSIM" explain "$T/changed"
# provenance: explain.dat's first line and explain.json's keys carry the
# explained run's seed and param_hash (trace.csv's first line), for a
# protocol run with a seed and a --set, and for a plan run
"$CALFSIM" run "$CALF_SRC/protocols/ten_percent.lua" --patient "$P/distance_limited.lua" --weeks 3 \
    --seed 7 --set growth=0.2 --out "$T/prov" >/dev/null || fail "run prov"
for run in prov r; do
    "$CALFSIM" explain "$T/$run" --worst --out "$T/x-$run" >/dev/null || fail "explain $run"
    want=$(head -1 "$T/$run/trace.csv" | sed 's/.*\(seed: [0-9]*; param_hash: [0-9a-f]*\)$/\1/')
    got=$(head -1 "$T/x-$run/explain.dat" | sed 's/.*\(seed: [0-9]*; param_hash: [0-9a-f]*\)$/\1/')
    js=$(sed -n 's/^  "seed": \([0-9]*\),$/seed: \1/p; s/^  "param_hash": "\([0-9a-f]*\)",$/param_hash: \1/p' \
        "$T/x-$run/explain.json" | paste -sd';' | sed 's/;/; /')
    if [ -n "$want" ] && [ "$got" = "$want" ] && [ "$js" = "$want" ]; then
        pass "explain of $run records the run's $want"
    else
        fail "explain of $run: trace '$want', explain.dat '$got', explain.json '$js'"
    fi
done
finish
