#!/usr/bin/env bash
# compare_hostile.sh: protocol and patient names built to break out of
# gnuplot or HTML (quotes, backticks, system("touch CANARY"), `touch CANARY`,
# a newline, </script>) run no command (no CANARY file appears anywhere)
# and show as literal text in the figures' titles and legends and in
# report.html, escaped.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
W="$T/work"
mkdir -p "$W"
cd "$W" || exit 1
# a small protocol with a hostile name, source and summary
cat >"$W/evil.lua" <<'LUA'
return {
  name = "Evil \"q\" 's `touch CANARY` system(\"touch CANARY\") </script><b>x</b>\nline2",
  source = "`touch CANARY` </script>",
  summary = "</script><script>alert(1)</script> `touch CANARY`",
  week = function(ctx, p)
    return { mon = run{ km = 2, kmh = 10.8 }, wed = run{ km = 2, kmh = 10.8 },
             fri = strength{ "seated_calf_raise", sets = 3, reps = 15, rm = 15 } }
  end,
}
LUA
grep -q 'touch CANARY' "$W/evil.lua" || fail "fixture not built"
# a patient: the distance-limited one renamed
sed -e 's/^\( *name = \).*/\1"Pat `touch CANARY` system(\\"touch CANARY\\") \\"q\\" <\/script>\\nx",/' \
    "$P/distance_limited.lua" >"$W/evil_patient.lua"
grep -q 'Pat `touch CANARY`' "$W/evil_patient.lua" || fail "patient fixture not built: $(grep name "$W/evil_patient.lua")"

CI=1 "$CALFSIM" compare "$W/evil.lua" "$PR/walk_run.lua" --patient "$W/evil_patient.lua" --weeks 6 \
    --out "$W/out" >"$T/o.out" 2>"$T/o.err" || fail "compare exited $?: $(cat "$T/o.err")"
found=$(find "$T" / -xdev -name CANARY 2>/dev/null | head -3)
[ -z "$found" ] && pass "no CANARY file created" || fail "CANARY created: $found"

R="$W/out/report.html"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$R" && pass "report.html well-formed" || fail "report not well-formed"; }
grep -q '</script>' "$R" && fail "raw </script> in report.html"
grep -q '<b>x</b>' "$R" && fail "raw <b> from a name in report.html"
grep -q 'Evil &quot;q&quot; &#39;s `touch CANARY` system(&quot;touch CANARY&quot;) &lt;/script&gt;&lt;b&gt;x&lt;/b&gt;' "$R" &&
    pass "protocol name is literal, escaped text in report.html" || fail "escaped name not in report"
grep -q 'Pat `touch CANARY` system(&quot;touch CANARY&quot;) &quot;q&quot; &lt;/script&gt;' "$R" &&
    pass "patient name is literal, escaped text in report.html" || fail "escaped patient name not in report"
grep -q '&lt;/script&gt;&lt;script&gt;alert(1)' "$R" && pass "summary escaped" || fail "summary not escaped"

if command -v gnuplot >/dev/null 2>&1; then
    S="$W/out/fig1_capacity.svg"
    [ -s "$S" ] || fail "no figure drawn"
    # gnuplot's SVG escapes markup; the name shows as its literal characters
    # (a legend holds the first 60 bytes of a name, then "...")
    grep -q 'Evil "q" .s `touch CANARY` system("touch CANARY") &lt;/scrip\.\.\.' "$S" &&
        pass "protocol name is literal text in the figure legend" || fail "legend text: $(grep -o 'Evil[^<]*' "$S" | head -2)"
    grep -q 'Pat `touch CANARY`' "$S" && pass "patient name is literal text in the figure title" ||
        fail "title text not found"
    [ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$S" || fail "$S not well-formed"; }
fi
found=$(find "$T" "$CALF_SRC" -name CANARY 2>/dev/null | head -3)
[ -z "$found" ] || fail "CANARY created: $found"
finish
