#!/usr/bin/env bash
# compare_plots.sh: every figure of `calfsim compare` is a valid PNG
# (signature, non-trivial size) and a well-formed SVG; each .gp re-runs
# standalone with gnuplot from its "redraw with" line; report.html is
# well-formed, holds every figure and no external URL. Without gnuplot, the
# .dat and .gp files are still written, with one warning naming how to
# install it, and the report says so.
. "$CALF_SRC/tests/lib/e2e.sh"
PR="$CALF_SRC/protocols"
FIGS="fig1_capacity fig2_weekly fig3_pain fig4_load fig5_onset fig6_interaction"
GPS="compare_capacity compare_weekly compare_pain compare_load compare_onset compare_interaction"

# without gnuplot: PATH holds no gnuplot (the binary is called by full path)
mkdir -p "$T/nobin"
PATH="$T/nobin" CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/walk_run.lua" \
    --patient "$P/distance_limited.lua" --weeks 8 --out "$T/n" >/dev/null 2>"$T/n.err" ||
    fail "compare without gnuplot exited $?"
[ "$(grep -c . "$T/n.err")" -eq 1 ] && grep -q "gnuplot not found.*apt-get install gnuplot" "$T/n.err" &&
    pass "one warning without gnuplot: $(cat "$T/n.err")" || fail "warning: $(cat "$T/n.err")"
for g in $GPS; do [ -s "$T/n/$g.gp" ] || fail "no $g.gp without gnuplot"; done
for d in compare_daily compare_weekly compare_interaction; do [ -s "$T/n/$d.dat" ] || fail "no $d.dat"; done
ls "$T/n"/*.png >/dev/null 2>&1 && fail "PNG files without gnuplot?"
grep -q "gnuplot was not found" "$T/n/report.html" && pass "report says the figures were not drawn" ||
    fail "report does not mention the missing gnuplot"
[ -n "${CALF_HTMLCHECK:-}" ] && { "$CALF_HTMLCHECK" "$T/n/report.html" || fail "report without figures is not well-formed"; }

if ! command -v gnuplot >/dev/null 2>&1; then
    echo "SKIP: gnuplot not installed (CI installs it)"
    [ "$FAILS" -ne 0 ] && finish
    exit 77
fi

CI=1 "$CALFSIM" compare "$PR/symptom_guided.lua" "$PR/strength_first.lua" "$PR/ten_percent.lua" \
    --patient "$P/distance_limited.lua" --weeks 12 --out "$T/g" >/dev/null 2>"$T/g.err" ||
    fail "compare exited $?"
[ -s "$T/g.err" ] && fail "gnuplot or calfsim wrote to stderr: $(head -5 "$T/g.err")"
png_ok() { # file: PNG signature and at least 10 kB
    [ "$(head -c 8 "$1" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] && [ "$(wc -c <"$1")" -gt 10000 ]
}
for f in $FIGS; do
    png_ok "$T/g/$f.png" && pass "$f.png is a PNG of $(wc -c <"$T/g/$f.png") bytes" || fail "$f.png"
    "$CALF_HTMLCHECK" "$T/g/$f.svg" && grep -q "<svg" "$T/g/$f.svg" && pass "$f.svg well-formed" ||
        fail "$f.svg not well-formed"
    [ "$(wc -c <"$T/g/$f.svg")" -gt 10000 ] || fail "$f.svg is tiny"
done

# each .gp re-runs standalone, by the command in its header (names as arguments)
i=0
for g in $GPS; do
    i=$((i + 1))
    usage=$(sed -n 2p "$T/g/$g.gp")
    data=$(printf '%s\n' "$usage" | awk '{print $5}')
    (cd "$T/g" && if [ "$g" = compare_interaction ]; then
        gnuplot -c "$g.gp" "$data" "re$i" "Patient" "note"
    else
        gnuplot -c "$g.gp" "$data" "re$i" "Patient" "A" "B" "C"
    fi) 2>"$T/re.err" || fail "$g.gp does not re-run: $(cat "$T/re.err")"
    png_ok "$T/g/re$i.png" && "$CALF_HTMLCHECK" "$T/g/re$i.svg" && pass "$g.gp re-runs standalone" ||
        fail "$g.gp re-run output"
done

# report.html: well-formed, every figure inline, no external URL, no script
R="$T/g/report.html"
"$CALF_HTMLCHECK" "$R" && pass "report.html is well-formed" || fail "report.html is not well-formed"
for f in $FIGS; do grep -q "<figure id=\"$f\">" "$R" || fail "report lacks $f"; done
nsvg=$(($(grep -o '<svg' "$R" | wc -l) - $(grep -o '<svg class="swatch"' "$R" | wc -l)))
[ "$nsvg" -eq 6 ] && pass "six inline SVG figures (besides the swatches)" || fail "inline SVG count $nsvg"
[ "$(grep -c '<figcaption>' "$R")" -eq 6 ] || fail "captions: $(grep -c '<figcaption>' "$R")"
# inline images are base64 data (which may contain "//x"): leave them out of the URL check
sed -E 's#data:[a-z/+.-]+;base64,[A-Za-z0-9+/=]+#data:#g' "$R" >"$T/report.nodata"
grep -qiE "https?:|//[a-z]|<script|<link|<iframe|src=\"[^d]|@import|url\([^#]" "$T/report.nodata" &&
    fail "external reference or script: $(grep -oiE "https?:[^\"' ]*|//[a-z]|<script|<link|src=\"[^\"]*" "$T/report.nodata" | head -3)" ||
    pass "no external URL, script or link"
grep -q "not a patient's real risk\|no number here is a real injury risk" "$R" && pass "caveat present" ||
    fail "caveat missing"
ids=$(grep -o " id='[^']*'" "$R" | sort | uniq -d | head -3)
[ -z "$ids" ] && pass "figure ids are unique across inline SVGs" || fail "duplicate ids: $ids"
finish
