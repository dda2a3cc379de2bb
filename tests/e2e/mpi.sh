#!/usr/bin/env bash
# MPI: `mpirun -n 2 calfsim cohort|sensitivity|sweep --cohort` against one process. The
# same cohort.csv, patients.csv and .dat bytes and the same cohort.json but
# for mpi_ranks (1 vs 2); the same sensitivity.csv and sweep grids; a protocol error that
# only rank 1's patients hit stops the job with one line naming rank 1, exit
# 1, and no output folder (mpirun -q: without it Open MPI adds its own note).
# Skips only where calfsim was built without MPI
# outside CI (in CI, with CI=true, a missing MPI build fails: scripts/setup.sh
# installs Open MPI and CMake turns MPI on when it finds it).
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
if ! command -v mpirun >/dev/null 2>&1 || ! ldd "$CALFSIM" 2>/dev/null | grep -q libmpi; then
    if [ "${CI:-}" = true ]; then
        fail "calfsim is not built with MPI (or mpirun is missing) in CI"
        finish
    fi
    echo "SKIP: calfsim built without MPI"
    exit 77
fi
# Open MPI keeps some allocations to process exit: leak reports off for the
# ranks of a sanitizer build (every other check stays on)
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}"
MPI=(mpirun -q -n 2 --oversubscribe --allow-run-as-root -x ASAN_OPTIONS -x UBSAN_OPTIONS)
args=("$PR/symptom_guided.lua" "$PR/ten_percent.lua" --patient "$P/distance_limited.lua" --n 300 --weeks 6 --seed 2 --no-plots)
"$CALFSIM" cohort "${args[@]}" --threads 2 --out "$T/one" >/dev/null || fail "one process exited $?"
"${MPI[@]}" "$CALFSIM" cohort "${args[@]}" --threads 1 --out "$T/two" >"$T/two.txt" 2>"$T/two.err" ||
    fail "mpirun -n 2 exited $?: $(cat "$T/two.err")"
for f in cohort.csv patients.csv bands_1.dat bands_2.dat outcomes.dat outcome_compare.dat; do
    cmp -s "$T/one/$f" "$T/two/$f" && pass "$f: the same bytes on 2 ranks" || fail "$f differs on 2 ranks"
done
cmp -s <(grep -v '"mpi_ranks"' "$T/one/cohort.json") <(grep -v '"mpi_ranks"' "$T/two/cohort.json") &&
    pass "cohort.json: the same content but mpi_ranks" || fail "cohort.json differs"
grep -q '"mpi_ranks": 2,' "$T/two/cohort.json" && grep -q '"mpi_ranks": 1,' "$T/one/cohort.json" &&
    pass "cohort.json records mpi_ranks" || fail "mpi_ranks not recorded"
[ "$(grep -c '^cohort of 300' "$T/two.txt")" = 1 ] && pass "only rank 0 prints" || fail "stdout: $(cat "$T/two.txt")"

# sensitivity: the evaluations split over ranks, the same indices
PLAN="$T/runs.csv"
{
    echo "day,kind,exercise,km,kmh,sets,reps,rm"
    for d in $(seq 1 2 27); do echo "$d,run,,3,10,,,"; done
} >"$PLAN"
sargs=("$PLAN" --patient "$P/distance_limited.lua" --days 28 --metric peak_pain --n 32 --boot 40 --no-plots)
"$CALFSIM" sensitivity "${sargs[@]}" --out "$T/s1" >/dev/null || fail "sensitivity one process"
"${MPI[@]}" "$CALFSIM" sensitivity "${sargs[@]}" --threads 1 --out "$T/s2" >/dev/null 2>"$T/s2.err" ||
    fail "sensitivity on 2 ranks: $(cat "$T/s2.err")"
cmp -s "$T/s1/sensitivity.csv" "$T/s2/sensitivity.csv" && pass "sensitivity.csv: the same bytes on 2 ranks" ||
    fail "sensitivity.csv differs on 2 ranks"

# sweep --cohort: each point's patients split over the ranks
swargs=("$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --weeks 4 --vary growth=0.1:0.2:0.1 --cohort 64 --no-plots)
"$CALFSIM" sweep "${swargs[@]}" --out "$T/w1" >/dev/null || fail "sweep --cohort one process"
"${MPI[@]}" "$CALFSIM" sweep "${swargs[@]}" --out "$T/w2" >"$T/w2.txt" 2>"$T/w2.err" ||
    fail "sweep --cohort on 2 ranks: $(cat "$T/w2.err")"
for f in grid.csv grid_cohort.csv grid_cohort.dat; do
    cmp -s "$T/w1/$f" "$T/w2/$f" && pass "sweep $f: the same bytes on 2 ranks" || fail "sweep $f differs on 2 ranks"
done
[ "$(grep -c '^sweep of' "$T/w2.txt")" = 1 ] && pass "sweep: only rank 0 prints" || fail "sweep stdout: $(cat "$T/w2.txt")"

# a failure only rank 1's patients hit: a protocol that fails above the
# largest heel-raise count among the first half of the patients (rank 0's
# chunks: 64 patients are 4 chunks of 16), found from a one-process run
found=""
for seed in 5 6 7 8 9 10 11 12; do
    "$CALFSIM" cohort "$PR/symptom_guided.lua" --patient "$P/distance_limited.lua" --n 64 --weeks 1 --seed $seed \
        --no-plots --out "$T/probe$seed" >/dev/null || fail "probe run"
    read -r lim late < <(awk -F, 'NR == 2 {for (i = 1; i <= NF; i++) if ($i == "patient.heel_raise_reps") c = i; next}
        NR > 2 && $5 == "ok" { if ($2 < 32) { if ($c > m) m = $c } else if ($c > l) l = $c }
        END {print m + 0, l + 0}' "$T/probe$seed/patients.csv")
    if awk "BEGIN {exit !($late > $lim)}"; then
        found=$seed
        break
    fi
done
if [ -n "$found" ]; then
    printf 'return { name = "fails late", source = "test", summary = "fails for some patients", week = function(ctx, p)\n  if ctx.patient.heel_raise_reps > %s then error("heel-raise count above %s") end\n  return {}\nend }\n' \
        "$lim" "$lim" >"$T/late.lua"
    "${MPI[@]}" "$CALFSIM" cohort "$T/late.lua" --patient "$P/distance_limited.lua" --n 64 --weeks 1 --seed "$found" \
        --threads 1 --no-plots --out "$T/failed" >/dev/null 2>"$T/fail.err"
    rc=$?
    [ $rc = 1 ] && pass "failing rank: exit 1" || fail "failing rank: exit $rc"
    [ "$(grep -c . "$T/fail.err")" = 1 ] && grep -q '^calfsim: rank 1: .*heel-raise count above' "$T/fail.err" &&
        pass "one line naming rank 1: $(cat "$T/fail.err")" || fail "stderr: $(cat "$T/fail.err")"
    [ -e "$T/failed" ] && fail "failed job left $(ls -A "$T/failed")" || pass "failed job: no output folder"
else
    fail "probe: no seed puts a larger heel-raise count in the second half"
fi
finish
