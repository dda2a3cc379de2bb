#!/usr/bin/env bash
# import.sh: drives `calfsim import` on the two real Garmin fenix 5 exports
# (tests/e2e/data/watch): sport, distance, duration and cadence against the
# values another decoder read from their records (*-records.csv), within
# stated tolerances; the outputs (activities.csv, history.csv, habitual.lua)
# with provenance, the same bytes twice and whatever the order of the files;
# history.csv replays as a plan CSV; bad files (cut, flipped byte, not an
# activity, unknown kind) exit with their code, one line naming the file and
# the byte or line, and write nothing.
. "$CALF_SRC/tests/lib/e2e.sh"
W="$CALF_SRC/tests/e2e/data/watch"

"$CALFSIM" import "$W/garmin-fenix-5-walk.fit" "$W/garmin-fenix-5-bike.fit" --out "$T/a" >"$T/a.out" 2>&1 ||
    fail "import exited $?: $(cat "$T/a.out")"
for f in activities.csv history.csv habitual.lua; do
    [ -s "$T/a/$f" ] && pass "wrote $f" || fail "missing $f"
    grep -q "seed: 0; param_hash: [0-9a-f]\{16\}" "$T/a/$f" && pass "$f records seed and param_hash" ||
        fail "$f lacks provenance"
done

# row FILE SOURCE COLUMN: one cell of activities.csv
cell() {
    awk -F, -v src="$2" -v name="$3" '/^#/ {next} !h {for (i = 1; i <= NF; i++) c[$i] = i; h = 1; next}
        $c["source"] == src {print $c[name]}' "$1"
}
# the records: first and last time of day (local, as the watch wrote it), last distance (m),
# mean cadence (strides/min) over the records that have one
rec() {
    awk -F, 'NR > 1 {split($1, w, " "); t = w[4]; if (!f) f = t; l = t; d = $5;
        if ($3 != "") {cs += $3; cn++}}
        END {split(f, a, ":"); split(l, b, ":");
             printf "%s %d %.4f %.4f\n", f, (b[1]*3600+b[2]*60+b[3]) - (a[1]*3600+a[2]*60+a[3]), d,
                    cn ? cs / cn : -1}' "$1"
}
for kind in walk bike; do
    src="garmin-fenix-5-$kind.fit#1"
    read -r first span dist cad <<<"$(rec "$W/garmin-fenix-5-$kind-records.csv")"
    sport=$(cell "$T/a/activities.csv" "$src" sport)
    start=$(cell "$T/a/activities.csv" "$src" start)
    km=$(cell "$T/a/activities.csv" "$src" km)
    min=$(cell "$T/a/activities.csv" "$src" minutes)
    spm=$(cell "$T/a/activities.csv" "$src" cadence_spm)
    want=$([ $kind = walk ] && echo walk || echo cycle)
    [ "$sport" = "$want" ] && pass "$kind: sport $sport" || fail "$kind: sport \"$sport\", want $want"
    [ "$start" = "$first" ] && pass "$kind: starts at $start local, as the first record" ||
        fail "$kind: start $start, first record at $first"
    # distance within 1% of the last record's; moving time within 2 s of the records' span
    check "$km * 1000 >= $dist * 0.99 && $km * 1000 <= $dist * 1.01" "$kind: $km km vs records $dist m"
    check "$min * 60 >= $span - 2 && $min * 60 <= $span + 2" "$kind: $min min vs records span $span s"
    if [ $kind = walk ]; then
        # steps/min = 2 x strides/min; the records CSV is a sample of the records: 3%
        check "$spm >= 2 * $cad * 0.97 && $spm <= 2 * $cad * 1.03" "walk: $spm steps/min vs records 2 x $cad"
    else
        [ -z "$spm" ] && pass "ride: no step cadence" || fail "ride: cadence_spm \"$spm\" should be empty"
    fi
done
# neither is a run
grep -q "from 0 runs" "$T/a/habitual.lua" && pass "a walk and a ride are not runs" ||
    fail "habitual.lua counts runs: $(head -1 "$T/a/habitual.lua")"
grep -q '^1,walk,' "$T/a/history.csv" && grep -q '^2,cross,,,' "$T/a/history.csv" &&
    pass "history: the walk on day 1, the ride as cross-training on day 2" ||
    fail "history.csv: $(cat "$T/a/history.csv")"

# same bytes twice, and in either order
"$CALFSIM" import "$W/garmin-fenix-5-bike.fit" "$W/garmin-fenix-5-walk.fit" --out "$T/b" >/dev/null 2>&1
for f in activities.csv history.csv habitual.lua; do
    cmp -s "$T/a/$f" "$T/b/$f" && pass "$f: same bytes in either order" || fail "$f differs by file order"
done

# history.csv is a plan CSV
"$CALFSIM" run --plan "$T/a/history.csv" --patient "$P/distance_limited.lua" --out "$T/h" >/dev/null 2>"$T/h.err" &&
    pass "history.csv replays with run --plan" || fail "history.csv rejected: $(cat "$T/h.err")"

# bad files: exit 5, one line with the file and byte or line, nothing written
head -c 3000 "$W/garmin-fenix-5-walk.fit" >"$T/cut.fit"
expect_error 5 "cut.fit: byte [0-9]+: file ends early" "$CALFSIM" import "$W/garmin-fenix-5-bike.fit" "$T/cut.fit" --out "$T/bad1"
[ ! -e "$T/bad1" ] && pass "nothing written for a cut file" || fail "a cut file left $T/bad1"
cp "$W/garmin-fenix-5-walk.fit" "$T/flip.fit"
printf '\x55' | dd of="$T/flip.fit" bs=1 seek=1000 conv=notrunc 2>/dev/null
expect_error 5 "flip.fit: byte [0-9]+: file CRC" "$CALFSIM" import "$T/flip.fit" --out "$T/bad2"
[ ! -e "$T/bad2" ] && pass "nothing written for a corrupted file" || fail "a corrupted file left output"
printf '<?xml version="1.0"?>\n<TrainingCenterDatabase>\n<Courses/>\n</TrainingCenterDatabase>\n' >"$T/course.tcx"
expect_error 5 "course.tcx:2: no Activity: not an activity file" "$CALFSIM" import "$T/course.tcx" --out "$T/bad3"
printf '<gpx>\n<trk><trkseg>\n<trkpt lat="1" lon="2"><time>soon</time></trkpt>\n' >"$T/open.gpx"
expect_error 5 "open.gpx:[0-9]+: not a readable XML file" "$CALFSIM" import "$T/open.gpx" --out "$T/bad4"
[ ! -e "$T/bad3" ] && [ ! -e "$T/bad4" ] && pass "nothing written for bad XML" || fail "bad XML left output"
expect_error 2 "unknown kind of file" "$CALFSIM" import "$T/a/habitual.lua"
expect_error 4 "cannot open" "$CALFSIM" import "$T/none.fit"
expect_error 2 "--weeks = \"0\": allowed 1 to 520" "$CALFSIM" import "$T/x.fit" --weeks 0
expect_error 2 "at least one" "$CALFSIM" import --out "$T/c"
finish
