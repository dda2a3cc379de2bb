#!/usr/bin/env bash
# banister.sh: drives `calfsim banister predict|fit`: exit codes for bad flags
# (2), bad CSV (5, with FILE:LINE:COL in a one-line message), --json prints
# one object with the documented keys, --fix holds values exactly, the fit on
# the shipped synthetic data (p0=300 k1=0.08 k2=0.2 tau1=40 tau2=8) lands near
# the truth, and --out writes .dat/.gp (and PNG/SVG when gnuplot is present).
set -u
: "${CALFSIM:?}" "${CALF_SRC:?}" "${CALF_TMP:?}"
T="$CALF_TMP/banister"
rm -rf "$T" && mkdir -p "$T"
D="$CALF_SRC/tests/e2e/data/banister.csv"
fails=0
fail() { echo "FAIL: $*" >&2; fails=$((fails + 1)); }

# expect CODE CMD...: run, capture stdout/stderr, check the exit code.
expect() {
    local want=$1
    shift
    "$@" >"$T/out" 2>"$T/err"
    local got=$?
    [ "$got" -eq "$want" ] || fail "exit $got, want $want: $* ($(head -c 300 "$T/err"))"
}
# one_line_error REGEX: stderr is exactly one line starting "calfsim: " and matching.
one_line_error() {
    [ "$(wc -l <"$T/err")" -eq 1 ] || fail "stderr not one line: $(cat "$T/err")"
    grep -Eq "^calfsim: $1" "$T/err" || fail "stderr \"$(cat "$T/err")\" does not match $1"
}

FIT=("$CALFSIM" banister fit --csv "$D" --load load --perf perf --day day)

# --- usage errors: exit 2 ---------------------------------------------------
expect 2 "$CALFSIM" banister
expect 2 "$CALFSIM" banister guess --csv "$D"
expect 2 "${FIT[@]}" --bogus
one_line_error 'banister fit: unknown option "--bogus"'
expect 2 "$CALFSIM" banister fit --csv "$D" --load load
expect 2 "${FIT[@]}" --fix tau3=4
one_line_error '--fix tau3=4: unknown parameter "tau3"'
expect 2 "${FIT[@]}" --fix tau2=-1
expect 2 "${FIT[@]}" --tau1 40
expect 2 "$CALFSIM" banister predict --csv "$D" --load load --perf perf --p0 1 --k1 1
expect 2 "$CALFSIM" banister predict --csv "$D" --load load --perf perf --p0 1 --k1 x --k2 1
expect 2 "$CALFSIM" banister predict --csv "$D" --load load --perf perf --p0 1 --k1 -1 --k2 1
expect 0 "$CALFSIM" banister --help

# --- bad CSV: exit 5, one line with FILE:LINE:COL ---------------------------
printf 'day,load,perf\n1,10,\n2,20,55\n3,abc,56\n' >"$T/bad.csv"
expect 5 "$CALFSIM" banister fit --csv "$T/bad.csv" --load load --perf perf --day day
one_line_error "$T/bad.csv:4:3: column \"load\": \"abc\" is not a number"
printf 'day,load,perf\n1,10,\n2,20,"55\n' >"$T/quote.csv"
expect 5 "$CALFSIM" banister fit --csv "$T/quote.csv" --load load --perf perf
one_line_error "$T/quote.csv:3:6: quoted cell is never closed"
printf 'day,load,perf\n1,10\n' >"$T/short.csv"
expect 5 "$CALFSIM" banister fit --csv "$T/short.csv" --load load --perf perf
one_line_error "$T/short.csv:2:1: 2 fields, but the header has 3"
expect 5 "$CALFSIM" banister fit --csv "$D" --load lod --perf perf
one_line_error "$D:3: no column \"lod\" \(did you mean \"load\"\?\)"
printf 'day,load,perf\n1,10,50\n2,10,51\n' >"$T/few.csv"
expect 5 "$CALFSIM" banister fit --csv "$T/few.csv" --load load --perf perf
one_line_error 'banister fit: 2 tests for 5 free parameters'
expect 4 "$CALFSIM" banister fit --csv "$T/missing.csv" --load load --perf perf

# --- --json: exactly one object with the documented keys ---------------------
expect 0 "${FIT[@]}" --json
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "--json printed $(wc -l <"$T/out") lines"
grep -Eq '^\{"params":\{"p0":[^,]+,"k1":[^,]+,"k2":[^,]+,"tau1":[^,]+,"tau2":[^}]+\},"standard_errors":\{' "$T/out" ||
    fail "--json params/standard_errors shape: $(head -c 200 "$T/out")"
for key in sse r2 rmse n_tests predictions warnings; do
    grep -q "\"$key\":" "$T/out" || fail "--json lacks \"$key\""
done
grep -q '}$' "$T/out" || fail "--json does not end with }"
awk '{ o = gsub(/\{/, "{"); c = gsub(/\}/, "}"); if (o != c) exit 1 }' "$T/out" || fail "unbalanced braces"
grep -q '"n_tests":36,' "$T/out" || fail "n_tests is not 36"
# Truth p0=300 k1=0.08 k2=0.2 tau1=40 tau2=8; noise amplitude ~1.
awk -v s="$(cat "$T/out")" 'BEGIN {
    n = split("p0 300 0.01 k1 0.08 0.05 k2 0.2 0.05 tau1 40 0.05 tau2 8 0.05", a, " ")
    for (i = 1; i <= n; i += 3) {
        if (!match(s, "\"" a[i] "\":[-0-9.eE+]+")) exit 1
        v = substr(s, RSTART + length(a[i]) + 3, RLENGTH - length(a[i]) - 3) + 0
        d = v - a[i + 1]; if (d < 0) d = -d
        if (d > a[i + 2] * a[i + 1]) { print a[i] " = " v " off truth " a[i + 1] > "/dev/stderr"; exit 1 }
    }
}' || fail "fit far from the generating parameters"
grep -q '"warnings":\[\]' "$T/out" || fail "unexpected warnings on well-posed data"

# predict: same shape, standard_errors null.
expect 0 "$CALFSIM" banister predict --csv "$D" --load load --perf perf --day day \
    --p0 300 --k1 0.08 --k2 0.2 --tau1 40 --tau2 8 --json
[ "$(wc -l <"$T/out")" -eq 1 ] || fail "predict --json not one line"
grep -q '"standard_errors":null' "$T/out" || fail "predict standard_errors not null"
grep -q '"params":{"p0":300,"k1":0.08,"k2":0.2,"tau1":40,"tau2":8}' "$T/out" || fail "predict params"
# Day 4 (first test): loads 68, 33, 55, 48 -> hand recursion.
want=$(awk 'BEGIN { split("68 33 55 48", L, " "); g = 0; h = 0
    for (t = 1; t <= 4; t++) { g = g * exp(-1/40) + L[t]; h = h * exp(-1/8) + L[t] }
    printf "%.4f", 300 + 0.08 * g - 0.2 * h }')
got=$(grep -o '"day":4,"observed":[^,]*,"predicted":[-0-9.e]*' "$T/out" | sed 's/.*"predicted"://')
awk -v a="$got" -v b="$want" 'BEGIN { d = a - b; if (d < 0) d = -d; exit !(d < 1e-4) }' ||
    fail "day 4 predicted $got, hand recursion $want"

# --fix holds values exactly; ill-posed warning fires with few tests.
expect 0 "${FIT[@]}" --fix tau1=42 --fix tau2=7 --json
grep -q '"tau1":42,"tau2":7}' "$T/out" || fail "--fix values not exact"
grep -q '"tau1":null,"tau2":null}' "$T/out" || fail "fixed standard errors not null"
head -12 "$D" >"$T/short_series.csv" # 2 tests: refused for 4 free parameters
expect 5 "$CALFSIM" banister fit --csv "$T/short_series.csv" --load load --perf perf --day day \
    --fix tau1=42 --json
one_line_error "banister fit: 2 tests for 4 free parameters"
head -30 "$D" >"$T/mid_series.csv" # 6 tests for 5 free parameters
expect 0 "$CALFSIM" banister fit --csv "$T/mid_series.csv" --load load --perf perf --day day --json
grep -q 'ill-posed: 6 tests for 5 free parameters' "$T/out" ||
    fail "no ill-posed warning: $(grep -o '"warnings".*' "$T/out")"

# --- table output -----------------------------------------------------------
expect 0 "${FIT[@]}"
grep -Eq '^  tau1 +[0-9.]+ +[0-9.]+$' "$T/out" || fail "table lacks the tau1 row"
grep -q 'RMSE' "$T/out" || fail "table lacks RMSE"

# --- --out: .dat, .gp, .json; PNG/SVG when gnuplot is present -------------------
expect 0 "${FIT[@]}" --out "$T/plot dir"
for f in banister.dat banister.gp banister.json; do
    [ -s "$T/plot dir/$f" ] || fail "--out lacks $f"
done
grep -q '^# calfsim .* banister fit' "$T/plot dir/banister.dat" || fail ".dat lacks the version line"
grep -q '^# params p0=' "$T/plot dir/banister.dat" || fail ".dat lacks the parameters"
[ "$(grep -vc '^#' "$T/plot dir/banister.dat")" -eq 167 ] || fail ".dat is not 167 days"
if command -v gnuplot >/dev/null 2>&1; then
    [ -s "$T/plot dir/banister.png" ] || fail "no PNG"
    [ -s "$T/plot dir/banister.svg" ] || fail "no SVG"
fi
# Without gnuplot on PATH: .dat/.gp still written, one warning naming the package.
expect 0 env PATH=/nonexistent "${FIT[@]}" --out "$T/nognuplot"
[ -s "$T/nognuplot/banister.dat" ] && [ -s "$T/nognuplot/banister.gp" ] || fail "no .dat/.gp without gnuplot"
[ ! -e "$T/nognuplot/banister.png" ] || fail "PNG without gnuplot?"
grep -q 'apt-get install gnuplot-nox' "$T/err" || fail "no gnuplot-nox hint: $(cat "$T/err")"
[ "$(wc -l <"$T/err")" -eq 1 ] || fail "more than one warning line without gnuplot"

# A hostile title/path never reaches gnuplot code: a CSV whose name holds
# gnuplot syntax still plots (it is passed as ARG2 only).
if command -v gnuplot >/dev/null 2>&1; then
    evil="$T/x\"; system(\"touch PWNED\"); \"y.csv"
    cp "$D" "$evil"
    expect 0 "$CALFSIM" banister fit --csv "$evil" --load load --perf perf --day day --out "$T/evil"
    [ ! -e "$T/evil/PWNED" ] || fail "gnuplot ran code from a file name"
    [ -s "$T/evil/banister.png" ] || fail "no PNG for the odd file name"
fi

[ "$fails" -eq 0 ] || { echo "$fails failure(s)" >&2; exit 1; }
echo "banister e2e: ok"
