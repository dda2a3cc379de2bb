#!/usr/bin/env bash
# banned_selftest.sh: proves the banned-function checker catches a planted
# call: a file with sprintf/atoi/strcpy calls must be reported at exactly those
# lines, while allowed look-alikes (snprintf, fgets, strtok_r, my_atoi) and
# mentions in comments and strings must not be.
set -euo pipefail
src=${CALF_SRC:?} tmp=${CALF_TMP:?}
checker=$src/tests/e2e/banned_functions.sh
plant=$tmp/plant
rm -rf "$plant"
mkdir -p "$plant/engine/core"

cat >"$plant/engine/core/clean.c" <<'C'
/* Never sprintf or strcpy here; "atoi" in a string is fine. */
#include <stdio.h>
static int my_atoi(const char *s) { return s[0] - '0'; } // not atoi
int f(char *b, size_t n, FILE *fp, char *save)
{
    snprintf(b, n, "%s", "strcat(x)");
    fgets(b, (int)n, fp);
    (void)strtok_r(b, ",", &save);
    char q = '"'; /* a quote char must not start a string: gets( */
    (void)q;
    return my_atoi(b);
}
C
if ! out=$(bash "$checker" "$plant" 2>&1); then
    echo "FAIL: checker flagged a clean file:"
    echo "$out"
    exit 1
fi

cat >"$plant/engine/core/bad.c" <<'C'
#include <stdio.h>
#include <stdlib.h>
int g(char *b, const char *s)
{
    sprintf(b, "%d", atoi(s));
    /* comment
       sprintf( inside a block comment */
    return (int)strlen(strcpy(b, s));
}
C
set +e
out=$(bash "$checker" "$plant" 2>/dev/null)
rc=$?
set -e
want="$plant/engine/core/bad.c:5: banned function sprintf (use snprintf)
$plant/engine/core/bad.c:5: banned function atoi (use calf_parse_long)
$plant/engine/core/bad.c:8: banned function strcpy (use snprintf or memcpy with a length)"
if [ "$rc" -ne 1 ] || [ "$out" != "$want" ]; then
    echo "FAIL: checker on planted calls: exit $rc, output:"
    echo "$out"
    echo "want exit 1 and:"
    echo "$want"
    exit 1
fi
echo "ok: planted banned calls reported at bad.c:5 (sprintf, atoi) and bad.c:8 (strcpy)"
