#!/usr/bin/env bash
# mutate.sh: mutation testing. Plants, one at a time, the one-line bugs listed
# in tests/mutants/*.txt, rebuilds incrementally, runs the test suite against
# each and prints the score (killed / (killed + survived)) and the survivors.
#
#   scripts/mutate.sh                      every list, the whole suite
#   scripts/mutate.sh -L unit              a ctest label subset (faster)
#   scripts/mutate.sh --only csv           mutants whose file or note matches
#   scripts/mutate.sh --list tests/mutants/core.txt
#   scripts/mutate.sh --min 90             exit 1 when the score is below 90%
#   scripts/mutate.sh --dry                check the lists only (stale mutants)
# Further arguments after -- go to ctest (e.g. -- -R csv).
#
# A list holds blocks separated by blank lines (lines starting with # are
# comments; a line starting with "| " continues find or repl on a new line):
#     file: engine/core/csv.c
#     find: if (v < lo || v > hi)
#     repl: if (v < lo && v > hi)
#     note: range checks never fire
#     tests: unit.test_csv|e2e.qa_inputs        (optional)
# tests, when given, is a ctest -R regex run first, for speed: a mutant it
# kills is killed by the whole suite too; one that survives it is run
# against the whole suite (the selected labels) before it counts as a
# survivor, so the score is the whole suite's.
# find must occur exactly once in the file (a search by text, not by line
# number, so a mutant survives edits elsewhere); a mutant whose text is not
# found, or found more than once, is reported as stale, never skipped
# silently. A mutant that does not compile is "stillborn" (not scored).
# Mutants are planted in a copy of the tree (build-mutate/src: the files git
# tracks plus the untracked ones it does not ignore, as they are now), built
# in build-mutate/build (gcc, -Werror off so a mutant's warning does not stop
# it); the working tree is never touched, and the copy is restored after each
# mutant.
set -uo pipefail
cd "$(dirname "$0")/.."

lists=()
only=""
min=""
dry=0
ctest_args=()
while [ $# -gt 0 ]; do
    case "$1" in
    --list) lists+=("$2"); shift ;;
    --only) only="$2"; shift ;;
    --min) min="$2"; shift ;;
    --dry) dry=1 ;;
    -L) ctest_args+=(-L "$2"); shift ;;
    --) shift; ctest_args+=("$@"); break ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "mutate.sh: unknown option \"$1\" (allowed: --list F, --only P, --min N, --dry, -L LABEL, -- CTEST_ARGS)" >&2; exit 2 ;;
    esac
    shift
done
[ ${#lists[@]} -eq 0 ] && lists=(tests/mutants/*.txt)
command -v python3 >/dev/null || { echo "mutate.sh: needs python3" >&2; exit 2; }

# The lists as records: FILE \x1f FIND \x1f REPL \x1f NOTE \x1f LIST:LINE \x1f TESTS, one a
# line (a newline inside find or repl travels as \x1e).
records=$(python3 - "${lists[@]}" <<'PY'
import sys
for path in sys.argv[1:]:
    block, start, last = {}, 0, None
    lines = open(path, encoding="utf-8").read().split("\n") + [""]
    for i, line in enumerate(lines, 1):
        if line.startswith("#"):
            continue
        if not line.strip():
            if block:
                missing = [k for k in ("file", "find", "repl", "note") if k not in block]
                if missing:
                    sys.exit(f"{path}:{start}: mutant lacks {', '.join(missing)}")
                rec = [block["file"], block["find"], block["repl"], block["note"], f"{path}:{start}",
                       block.get("tests", "")]
                print("\x1f".join(v.replace("\n", "\x1e") for v in rec))
            block = {}
            continue
        if line.startswith("| ") and last in ("find", "repl"):
            block[last] += "\n" + line[2:]
            continue
        key, sep, val = line.partition(": ")
        if not sep or key not in ("file", "find", "repl", "note", "tests"):
            sys.exit(f"{path}:{i}: expected 'file: ', 'find: ', 'repl: ', 'note: ' or 'tests: '")
        if not block:
            start = i
        block[key] = val
        last = key
PY
) || exit 2

# status of a mutant's text in its file: ok, stale (absent) or ambiguous
find_status() {
    python3 - "$1" "$2" <<'PY'
import sys, os
f, s = sys.argv[1], sys.argv[2].replace("\x1e", "\n")
if not os.path.exists(f):
    print("stale"); sys.exit()
n = open(f, encoding="utf-8").read().count(s)
print("ok" if n == 1 else ("stale" if n == 0 else "ambiguous"))
PY
}

plant() {
    python3 - "$1" "$2" "$3" <<'PY'
import sys
f, s, r = (a.replace("\x1e", "\n") for a in sys.argv[1:4])
t = open(f, encoding="utf-8").read()
open(f, "w", encoding="utf-8").write(t.replace(s, r, 1))
PY
}

logs=$PWD/build-mutate
src=$logs/src
build=$logs/build
if [ "$dry" = 0 ]; then
    mkdir -p "$src"
    git ls-files -co --exclude-standard -z | tar --null -cf - -T - | (cd "$src" && tar -xmf -) # -m: stamped now, so no object of an older copy looks current
    cd "$src"
fi
backup=""
orig=""
restore() {
    if [ -n "$backup" ] && [ -f "$backup" ]; then
        cp "$backup" "$orig" && rm -f "$backup"
    fi
    backup=""
}
trap 'restore; exit 130' INT TERM
trap restore EXIT

if [ "$dry" = 0 ]; then
    cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER=gcc -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCALF_WERROR=OFF \
        >/dev/null 2>&1 || { echo "mutate.sh: configure failed" >&2; exit 2; }
    cmake --build "$build" -j"$(nproc)" >"$logs/mutate-build.log" 2>&1 ||
        { echo "mutate.sh: the unmutated build fails (see $logs/mutate-build.log)" >&2; exit 2; }
    (cd "$build" && ctest -j"$(nproc)" "${ctest_args[@]}" >/dev/null 2>&1) ||
        { echo "mutate.sh: the suite fails without a mutant; fix that first" >&2; exit 2; }
fi

killed=0 survived=0 stale=0 stillborn=0
survivors=()
t0=$(date +%s)
# run_suite [REGEX]: 0 when every selected test passes
run_suite() {
    local sel=()
    [ -n "${1:-}" ] && sel=(-R "$1")
    # the style checks (clang-format, banned functions) judge a mutant's
    # text, not its behaviour: they never count as its killer
    (cd "$build" && ctest -j"$(nproc)" --stop-on-failure --timeout 300 "${ctest_args[@]}" "${sel[@]}" \
        -E '^e2e\.(format|banned_functions|banned_selftest)$' >"$logs/mutate-ctest.log" 2>&1)
}
# the records come on fd 3 and every command in the loop reads /dev/null, so
# no build or test can swallow the list
while IFS=$'\x1f' read -r -u 3 file find repl note where tests; do
    [ -z "$file" ] && continue
    if [ -n "$only" ] && ! printf '%s %s\n' "$file" "$note" | grep -q -- "$only"; then continue; fi
    st=$(find_status "$file" "$find")
    if [ "$st" != ok ]; then
        stale=$((stale + 1))
        printf '%-9s %s  %s: %s\n' "$st" "$where" "$file" "$note"
        continue
    fi
    [ "$dry" = 1 ] && { printf '%-9s %s  %s: %s\n' ok "$where" "$file" "$note"; continue; }
    orig=$file
    backup=$(mktemp)
    cp "$file" "$backup"
    plant "$file" "$find" "$repl"
    if ! cmake --build "$build" -j"$(nproc)" >"$logs/mutate-build.log" 2>&1; then
        verdict=stillborn
        stillborn=$((stillborn + 1))
    elif { [ -z "$tests" ] || run_suite "$tests"; } && run_suite; then
        verdict=SURVIVED
        survived=$((survived + 1))
        survivors+=("$where  $file: $note")
    else
        verdict=killed
        killed=$((killed + 1))
        by=$(grep -m1 -oE '[0-9]+ - [^ ]+ \(' "$logs/mutate-ctest.log" | sed 's/^[0-9]* - //; s/ ($//')
        note="$note  [by ${by:-?}]"
    fi
    restore
    printf '%-9s %s  %s: %s\n' "$verdict" "$where" "$file" "$note"
done 3<<<"$records" </dev/null
restore
# leave the build matching the sources
[ "$dry" = 0 ] && cmake --build "$build" -j"$(nproc)" >/dev/null 2>&1

scored=$((killed + survived))
echo
echo "mutants: $killed killed, $survived survived, $stale stale, $stillborn stillborn ($(($(date +%s) - t0)) s)"
if [ ${#survivors[@]} -gt 0 ]; then
    echo "survivors:"
    printf '  %s\n' "${survivors[@]}"
fi
if [ "$scored" -gt 0 ]; then
    score=$(awk -v k="$killed" -v n="$scored" 'BEGIN {printf "%.1f", 100 * k / n}')
    echo "score: $score% ($killed of $scored)"
    if [ -n "$min" ] && awk -v s="$score" -v m="$min" 'BEGIN {exit !(s < m)}'; then
        echo "mutate.sh: score below $min%" >&2
        exit 1
    fi
fi
[ "$stale" -gt 0 ] && echo "mutate.sh: $stale stale mutant(s): update tests/mutants/" >&2
exit 0
