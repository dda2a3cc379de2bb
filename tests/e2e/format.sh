#!/usr/bin/env bash
# format.sh: every git-tracked C file under engine/ and tests/ must already be
# formatted by the repo's .clang-format (clang-format --dry-run --Werror).
# Fix with: clang-format -i FILE (Debian 12 ships clang-format 14, the
# version this check is run with). Skips (77) only when clang-format is absent.
set -euo pipefail
cd "${CALF_SRC:?}"
if ! command -v clang-format >/dev/null 2>&1; then
    echo "SKIP: clang-format not installed (scripts/setup.sh installs it)"
    exit 77
fi

files=()
# (a checkout's own top: a copy of the tree inside an ignored folder of a
# checkout, as scripts/mutate.sh makes, is read as an archive)
if command -v git >/dev/null 2>&1 &&
    [ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ]; then
    while IFS= read -r -d '' f; do
        [ -f "$f" ] && files+=("$f")
    done < <(git ls-files -z -- 'engine/*.c' 'engine/*.h' 'tests/*.c' 'tests/*.h')
else
    # Not a git checkout (e.g. an unpacked archive): every C file there.
    while IFS= read -r -d '' f; do
        files+=("$f")
    done < <(find engine tests -type f \( -name '*.c' -o -name '*.h' \) -print0)
fi
if [ "${#files[@]}" -eq 0 ]; then
    echo "format: no C files found" >&2
    exit 1
fi

if ! clang-format --dry-run --Werror "${files[@]}"; then
    echo "format: the files above differ from .clang-format; run clang-format -i on them" >&2
    exit 1
fi
echo "format: ${#files[@]} files clean ($(clang-format --version))"
