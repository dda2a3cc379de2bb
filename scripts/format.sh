#!/usr/bin/env bash
# format.sh: apply the repo's .clang-format to every git-tracked C file under
# engine/ and tests/ (what tests/e2e/format.sh checks).
set -euo pipefail
cd "$(dirname "$0")/.."
git ls-files -z -- 'engine/*.c' 'engine/*.h' 'tests/*.c' 'tests/*.h' | xargs -0 -r clang-format -i
echo "format.sh: formatted $(git ls-files -- 'engine/*.c' 'engine/*.h' 'tests/*.c' 'tests/*.h' | wc -l) files"
