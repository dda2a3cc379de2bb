#!/usr/bin/env bash
# demo.sh: the one command for a first look at calfsim on Debian 12. Installs
# whatever Debian packages are missing (scripts/setup.sh), builds build/calfsim
# (scripts/build.sh), then runs the main job: `calfsim demo` (the built-in
# protocol comparison) when this build has that verb, otherwise a plan-driven
# run of a shipped example plan for the distance-limited example patient.
# Outputs land in calfsim-out/.
set -euo pipefail
cd "$(dirname "$0")/.."

EXAMPLE_PLAN=${CALF_DEMO_PLAN:-scripts/plans/example.csv}
EXAMPLE_PATIENT=scripts/patients/distance_limited.lua

scripts/setup.sh
scripts/build.sh
bin=build/calfsim

# Which main job: `demo` if the binary lists it in --help. To make demo the
# only job, replace this line with: job=demo
if grep -qE '^[[:space:]]+demo[[:space:]]' <<<"$("$bin" --help)"; then job=demo; else job=run; fi

echo
if [ "$job" = demo ]; then
    echo "demo.sh: running: $bin demo"
    "$bin" demo
    echo "demo.sh: open calfsim-out/demo/report.html in a browser (it works offline)"
    exit 0
fi

plan=$EXAMPLE_PLAN
if [ ! -f "$plan" ]; then
    plan=$( (find scripts/plans -maxdepth 1 -name '*.csv' 2>/dev/null || true) | LC_ALL=C sort | head -n 1)
    if [ -z "$plan" ]; then
        echo "demo.sh: no example plan in scripts/plans/ (wanted $EXAMPLE_PLAN)" >&2
        exit 4
    fi
fi
echo "demo.sh: running: $bin run --plan $plan --patient $EXAMPLE_PATIENT --out calfsim-out/run-example"
"$bin" run --plan "$plan" --patient "$EXAMPLE_PATIENT" --out calfsim-out/run-example
echo "demo.sh: outputs in calfsim-out/run-example/:"
ls -l calfsim-out/run-example
