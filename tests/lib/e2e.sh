# e2e.sh: shared helpers for calfsim's shell tests (sourced, not run).
# Environment from ctest: CALFSIM (binary), CALF_SRC (source dir), CALF_TMP (scratch).
set -u
: "${CALFSIM:?CALFSIM not set}" "${CALF_SRC:?CALF_SRC not set}"
CALF_TMP=${CALF_TMP:-/tmp}
T=$(mktemp -d "${CALF_TMP%/}/e2e.XXXXXX" 2>/dev/null || { mkdir -p "$CALF_TMP" && mktemp -d "${CALF_TMP%/}/e2e.XXXXXX"; })
trap 'rm -rf "$T"' EXIT
FAILS=0
P="$CALF_SRC/scripts/patients"

fail() { echo "FAIL: $*" >&2; FAILS=$((FAILS + 1)); }
pass() { echo "ok: $*"; }
finish() { if [ "$FAILS" -ne 0 ]; then echo "$FAILS failure(s)" >&2; exit 1; fi; exit 0; }

# trace_col FILE NAME: values of a trace.csv column, one per line (comment line skipped)
trace_col() {
    awk -F, -v name="$2" '/^#/ {next} !h {for (i = 1; i <= NF; i++) if ($i == name) c = i; h = 1; if (!c) exit 2; next} {print $c}' "$1"
}
# trace_at FILE DAY NAME: one cell
trace_at() { trace_col "$1" "$3" | sed -n "${2}p"; }
# trace_sum FILE NAME [FROM TO]: sum of a column over days FROM..TO
trace_sum() {
    trace_col "$1" "$2" | awk -v a="${3:-1}" -v b="${4:-1000000}" 'NR >= a && NR <= b {s += $1} END {printf "%.10g\n", s}'
}
trace_max() {
    trace_col "$1" "$2" | awk -v a="${3:-1}" -v b="${4:-1000000}" 'NR >= a && NR <= b && $1 != "" {if (!n || $1 > m) m = $1; n = 1} END {printf "%.10g\n", m}'
}
# json_num FILE KEY: a top-level number from summary.json
json_num() { sed -n "s/^  \"$2\": \\([^,]*\\),\\{0,1\\}\$/\\1/p" "$1" | head -1; }
# same_outputs DIR_A DIR_B [EXCLUDE]: two run folders hold the same trace.csv
# and the same summary.json but for lines matching EXCLUDE (grep basic
# regex; default the "source" line, which names the protocol file)
same_outputs() {
    local ex=${3:-'"source"'}
    cmp -s "$1/trace.csv" "$2/trace.csv" &&
        cmp -s <(grep -v "$ex" "$1/summary.json") <(grep -v "$ex" "$2/summary.json")
}
# check EXPR MESSAGE: EXPR is an awk condition over nothing, e.g. "3.2 < 4"
check() {
    if awk "BEGIN {exit !($1)}"; then pass "$2 [$1]"; else fail "$2 [$1]"; fi
}
# run_plan NAME PATIENT [extra args]: plan CSV from stdin, output in $T/NAME
run_plan() {
    local name=$1 pat=$2
    shift 2
    cat >"$T/$name.csv"
    "$CALFSIM" run --plan "$T/$name.csv" --patient "$pat" --out "$T/$name" "$@" >/dev/null ||
        fail "run $name exited $?"
}
# expect_error CODE PATTERN CMD...: exit code and a one-line message matching PATTERN
expect_error() {
    local code=$1
    shift
    [ "$1" = "--" ] && shift
    local pat=$1
    shift
    local out rc
    out=$("$@" 2>&1 >/dev/null)
    rc=$?
    if [ "$rc" -ne "$code" ]; then
        fail "exit $rc (want $code) for: $* -> $out"
    elif ! printf '%s\n' "$out" | grep -qE -- "$pat"; then
        fail "message \"$out\" does not match /$pat/"
    elif [ "$(printf '%s\n' "$out" | wc -l)" -ne 1 ]; then
        fail "message is not one line: $out"
    else
        pass "exit $code: $out"
    fi
}
