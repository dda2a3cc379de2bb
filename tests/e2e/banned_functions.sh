#!/usr/bin/env bash
# banned_functions.sh: fails, naming FILE:LINE, when a C source under engine/
# or tests/ uses a banned function (STYLE.md): sprintf, strcpy, strcat,
# strtok, atoi, atof, gets. Matches whole identifiers only (snprintf, fgets,
# strtok_r are fine) and ignores comments and string/character literals, so
# a comment may say which function it avoids.
#
#   banned_functions.sh            scan engine/ and tests/ under $CALF_SRC
#   banned_functions.sh PATH...    scan these files/directories instead
set -euo pipefail

if [ $# -eq 0 ]; then
    cd "${CALF_SRC:-$(dirname "$0")/../..}"
    set -- engine tests
fi

count=$(find "$@" -type f \( -name '*.c' -o -name '*.h' \) | wc -l)
if [ "$count" -eq 0 ]; then
    echo "banned_functions: no C sources found under $*" >&2
    exit 1
fi

find "$@" -type f \( -name '*.c' -o -name '*.h' \) -print0 | LC_ALL=C sort -z |
    xargs -0 awk -v sq="'" '
    BEGIN {
        nb = split("sprintf strcpy strcat strtok atoi atof gets", banned, " ")
        use["sprintf"] = "snprintf"; use["strcpy"] = "snprintf or memcpy with a length"
        use["strcat"] = "snprintf"; use["strtok"] = "strcspn/strspn or strtok_r"
        use["atoi"] = "calf_parse_long"; use["atof"] = "calf_parse_double"
        use["gets"] = "fgets"
        found = 0
    }
    FNR == 1 { inblk = 0 }
    {
        line = $0; n = length(line); out = ""; i = 1
        while (i <= n) {
            c = substr(line, i, 1); c2 = substr(line, i, 2)
            if (inblk) {
                if (c2 == "*/") { inblk = 0; out = out "  "; i += 2 } else { out = out " "; i++ }
                continue
            }
            if (c2 == "/*") { inblk = 1; out = out "  "; i += 2; continue }
            if (c2 == "//") break
            if (c == "\"" || c == sq) {
                q = c; out = out " "; i++
                while (i <= n) {
                    c = substr(line, i, 1)
                    if (c == "\\") { out = out "  "; i += 2; continue }
                    out = out " "; i++
                    if (c == q) break
                }
                continue
            }
            out = out c; i++
        }
        for (k = 1; k <= nb; k++) {
            re = "(^|[^A-Za-z0-9_])" banned[k] "([^A-Za-z0-9_]|$)"
            if (out ~ re) {
                printf "%s:%d: banned function %s (use %s)\n", FILENAME, FNR, banned[k], use[banned[k]]
                found++
            }
        }
    }
    END { exit found ? 1 : 0 }
    ' || {
    echo "banned_functions: banned calls found (see STYLE.md)" >&2
    exit 1
}
echo "banned_functions: $count C files clean"
