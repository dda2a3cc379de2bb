#!/usr/bin/env bash
# The Lua sandbox and protocol errors through the command line: every
# fixture in tests/lua/fixtures/sandbox (loaded as a protocol) and in
# tests/lua/fixtures/protocols (run against a patient) must exit 1 with a
# one-line message carrying the "-- expect:" text, which names file:line.
# Also: a precompiled chunk is refused, and the same seed gives byte-identical
# trace.csv and summary.json.
. "$CALF_SRC/tests/lib/e2e.sh"
F="$CALF_SRC/tests/lua/fixtures"
PAT="$P/distance_limited.lua"

expect_file() { # FILE: run it and compare with its expect line
    local f=$1 want
    want=$(sed -n '1s/^-- expect: //p' "$f")
    case "$want" in ok | seeded | "") return ;; esac
    local pat
    pat=$(printf '%s' "$want" | sed 's/[][\.*^$(){}+?|/]/\\&/g')
    expect_error 1 "$pat" "$CALFSIM" run "$f" --patient "$PAT" --weeks 2 --out "$T/o" \
        --lua-mem 8 --lua-budget 2000000
}
for f in "$F"/sandbox/*.lua "$F"/protocols/*.lua; do
    [ "$(basename "$f")" = broken.lua ] && continue
    expect_file "$f"
done

# a precompiled chunk is refused (luac when present, else a hand-made header)
if command -v luac5.4 >/dev/null 2>&1; then
    printf 'return { name = "x" }\n' >"$T/src.lua"
    luac5.4 -o "$T/binary.lua" "$T/src.lua"
else
    printf '\033LuaT\000junk' >"$T/binary.lua"
fi
expect_error 1 'binary\.lua:1: precompiled \(binary\) chunk refused' \
    "$CALFSIM" run "$T/binary.lua" --patient "$PAT"

# --verbose adds a traceback
out=$("$CALFSIM" run "$F/sandbox/undefined_global.lua" --patient "$PAT" --verbose 2>&1)
case "$out" in *"stack traceback:"*) pass "--verbose adds a traceback" ;;
*) fail "--verbose: no traceback in: $out" ;; esac

# determinism: same seed, same bytes; another seed, other distances
for s in a b; do
    "$CALFSIM" run "$F/protocols/random_walk.lua" --patient "$PAT" --weeks 4 --seed 11 \
        --out "$T/det_$s" >/dev/null || fail "random_walk run $s"
done
"$CALFSIM" run "$F/protocols/random_walk.lua" --patient "$PAT" --weeks 4 --seed 12 \
    --out "$T/det_c" >/dev/null || fail "random_walk run c"
cmp -s "$T/det_a/trace.csv" "$T/det_b/trace.csv" && pass "same seed: identical trace.csv" ||
    fail "same seed: trace.csv differs"
cmp -s "$T/det_a/summary.json" "$T/det_b/summary.json" && pass "same seed: identical summary.json" ||
    fail "same seed: summary.json differs"
cmp -s "$T/det_a/trace.csv" "$T/det_c/trace.csv" && fail "another seed gave the same trace" ||
    pass "another seed gives another trace"
for pr in symptom_guided walk_run; do
    for s in a b; do
        "$CALFSIM" run "$CALF_SRC/protocols/$pr.lua" --patient "$PAT" --weeks 8 --seed 3 \
            --out "$T/${pr}_$s" >/dev/null || fail "$pr run $s"
    done
    cmp -s "$T/${pr}_a/trace.csv" "$T/${pr}_b/trace.csv" &&
        cmp -s "$T/${pr}_a/summary.json" "$T/${pr}_b/summary.json" &&
        pass "$pr: byte-identical outputs" || fail "$pr: outputs differ between runs"
done

# --set reaches protocol params with their declared ranges
expect_error 5 'growth = 0\.5: allowed 0 to 0\.3' "$CALFSIM" run \
    "$CALF_SRC/protocols/symptom_guided.lua" --patient "$PAT" --set growth=0.5 --out "$T/o"
"$CALFSIM" run "$CALF_SRC/protocols/symptom_guided.lua" --patient "$PAT" --set growth=0.2 \
    --weeks 2 --out "$T/set_ok" >/dev/null && pass "--set growth=0.2 accepted" ||
    fail "--set growth=0.2 refused"
finish
