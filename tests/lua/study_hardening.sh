#!/usr/bin/env bash
# Hardening of study scripts and input messages (issue 18): a deeply nested
# calfsim.patient table is refused (it corrupted the heap); a Lua error in the
# middle of calfsim.write_csv or calfsim.cohort leaves no temporary file and
# no open protocol (the sanitizer build checks the leak); an I/O failure stops
# the study with exit 4 even inside pcall; control characters from inputs are
# escaped (one line); messages advise --lua-mem/--lua-budget only where the
# verb takes them.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
DL="$P/distance_limited.lua"
cd "$T" || exit 1
study() { printf '%s\n' "$2" >"$T/$1.lua"; }

# nested tables: at every depth from 5 up a one-line refusal, never a crash
for depth in 5 25 40 200; do
    study nest "local t = {} local c = t for i = 1, $depth do c.habitual = {} c = c.habitual end
calfsim.patient(t)"
    expect_error 1 "nest.lua:2: calfsim.patient: 'habitual(\.habitual)*' nests tables more than 4 deep" \
        "$CALFSIM" script "$T/nest.lua" --out "$T/out-nest"
done
study nest_ok "local p = calfsim.patient{base = '$DL', symptoms = {fast = {kmh = 14, onset_km = 1.5}}}
assert(p['symptoms.fast.kmh'] == 14)"
"$CALFSIM" script "$T/nest_ok.lua" --out "$T/out-nest-ok" 2>/dev/null &&
    pass "three levels of patient fields still accepted" || fail "nested patient fields refused"

# write_csv: an error raised while a row is read leaves no temporary file,
# and the study can go on writing (the error was an ordinary one)
study rows "local bad = setmetatable({}, {__index = function() error('row boom') end})
local ok, msg = pcall(calfsim.write_csv, 'bad.csv', {{a = 1}, bad}, {'a'})
assert(not ok and msg:find('row boom', 1, true), msg)
calfsim.write_csv('good.csv', {{a = 1}})"
"$CALFSIM" script "$T/rows.lua" --out "$T/out-rows" 2>"$T/rows.err" || fail "rows study: $(cat "$T/rows.err")"
left=$(ls -A "$T/out-rows" | grep -vx '\.calfsim-out' | tr '\n' ' ') # the folder's stamp (out_dir.h)
[ "$left" = "good.csv " ] && pass "no temporary file left by a failed write_csv" ||
    fail "out-rows holds: $left"

# cohort: an error in the second protocol's rows after the first is open
study coh "calfsim.cohort{patient = '$DL', protocols = {'$PR/ten_percent.lua', {{day = 1, kind = 'run', km = 'a,b'}}}, n = 2, weeks = 1}"
expect_error 1 "coh.lua:1: protocol rows: row 1, km: no commas or quotes" \
    "$CALFSIM" script "$T/coh.lua" --out "$T/out-coh"

# I/O failures exit 4, and a pcall cannot swallow them
printf 'x' >"$T/afile"
study io "pcall(calfsim.write_csv, 'x.csv', {{a = 1}})
error('the study went on after an I/O failure')"
expect_error 4 "afile" "$CALFSIM" script "$T/io.lua" --out "$T/afile/sub"

# control characters from a patient file are escaped: one line
sed 's/sex = "M"/sex = "\\27[31mX\\n fake: line"/' "$DL" >"$T/ctl.lua"
out=$("$CALFSIM" run "$PR/ten_percent.lua" --patient "$T/ctl.lua" --out "$T/o" 2>&1 >/dev/null)
rc=$?
lines=$(printf '%s\n' "$out" | wc -l)
case "$out" in *$'\033'*) fail "raw escape in: $out" ;; esac
[ "$rc" = 5 ] && [ "$lines" = 1 ] && case "$out" in *'\x1b[31mX\n fake: line'*) true ;; *) false ;; esac &&
    pass "control characters escaped in one line" || fail "rc $rc, $lines lines: $out"

# remedies: a patient file takes neither --lua-budget nor --lua-mem; cohort
# and sweep take neither; run does
out=$("$CALFSIM" run "$PR/ten_percent.lua" --patient "$CALF_SRC/tests/lua/fixtures/patients/loop.lua" --out "$T/o" 2>&1 >/dev/null)
case "$out" in *budget*) case "$out" in *--lua-*) fail "patient loop advises an option: $out" ;;
    *) pass "patient file: no --lua-* remedy" ;; esac ;; *) fail "patient loop: $out" ;; esac
LOOP="$CALF_SRC/tests/lua/fixtures/protocols/callback_loop.lua"
out=$("$CALFSIM" cohort "$LOOP" --patient "$DL" --n 1 --weeks 1 --threads 1 --no-plots --out "$T/oc" 2>&1 >/dev/null)
case "$out" in *budget*) case "$out" in *--lua-*) fail "cohort advises an option it rejects: $out" ;;
    *) pass "cohort: no --lua-* remedy" ;; esac ;; *) fail "cohort loop: $out" ;; esac
out=$("$CALFSIM" run "$LOOP" --patient "$DL" --weeks 1 --out "$T/or" --lua-budget 100000 2>&1 >/dev/null)
case "$out" in *"raise it with --lua-budget"*) pass "run: --lua-budget advised" ;;
    *) fail "run loop: $out" ;; esac

# inputs: only from the study's folder, protocols/ and scripts/ unless
# --allow-read names another folder; the refusal is the same whether the
# file exists or not, and follows symbolic links; a file that is not an
# input of the expected kind is never quoted
mkdir -p "$T/outside" "$T/st"
printf 'SECRET_A,SECRET_B\n1,2\n' >"$T/outside/secret.csv"
printf 'SECRET_C = hunter2 nope\n' >"$T/outside/secret.txt"
ln -s "$T/outside/secret.csv" "$T/st/link.csv"
for target in "$T/outside/secret.csv" "$T/outside/missing.csv" "link.csv" "../outside/secret.csv"; do
    printf '%s\n' "calfsim.simulate{patient = '$DL', protocol = '$target', weeks = 1}" >"$T/st/rd.lua"
    expect_error 1 "rd.lua:1: \"[^\"]*\": refused: a study reads inputs only from its own folder, protocols/ and scripts/ \(name another folder with --allow-read DIR\)$" \
        "$CALFSIM" script "$T/st/rd.lua" --out "$T/out-rd"
done
printf '%s\n' "calfsim.patient('$T/outside/secret.txt')" >"$T/st/pt.lua"
expect_error 1 "refused" "$CALFSIM" script "$T/st/pt.lua" --out "$T/out-rd"
# with --allow-read the files are read, and their content stays unquoted
for f in "st/rd.lua" "st/pt.lua"; do
    printf '%s\n' "calfsim.simulate{patient = '$DL', protocol = '$T/outside/secret.csv', weeks = 1}" >"$T/st/rd.lua"
    out=$("$CALFSIM" script "$T/$f" --out "$T/out-rd" --allow-read "$T/outside" 2>&1 >/dev/null)
    case "$out" in *SECRET* | *hunter2* | *nope*) fail "$f quotes the file: $out" ;;
    *"refused: a study"*) fail "$f: --allow-read not honoured: $out" ;;
    calfsim:*) pass "$f: unquoted ($out)" ;; *) fail "$f: $out" ;; esac
done
expect_error 2 'allow-read "/no/such/dir": not a folder' "$CALFSIM" script "$T/st/rd.lua" --allow-read /no/such/dir
"$CALFSIM" script "$CALF_SRC/scripts/studies/distance_intensity_recovery.lua" --out "$T/out-dir" >/dev/null 2>&1 &&
    pass "the shipped study reads its shipped inputs" || fail "shipped study refused"
finish
