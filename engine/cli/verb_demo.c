/*
 * verb_demo.c: `calfsim demo`: the built-in comparison. Five shipped
 * protocols (symptom-guided return, strength first, the ten percent rule,
 * walk/run, rest then return) for the shipped distance-limited patient over
 * 26 weeks, written to ./calfsim-out/demo (or --out DIR); prints the outcome
 * table and where report.html is.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "compare.h"
#include "protocol_cli.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif

static const char *const demo_protocols[] = {"symptom_guided", "strength_first", "ten_percent",
                                             "walk_run", "rest_then_return"};
#define DEMO_N       (sizeof(demo_protocols) / sizeof(demo_protocols[0]))
#define DEMO_PATIENT "scripts/patients/distance_limited.lua"

int calf_verb_demo(int argc, char **argv)
{
    calf_run_args a;
    calf_error err = {0};
    if (calf_cli_parse_run_args(argc, argv, "demo", &a, &err))
        return calf_cli_fail(&err);
    if (a.npositional || a.patient || a.plan)
        return calf_cli_failf(2, "demo: takes no files (options: --out DIR, --weeks N, --set "
                                 "k=v, --seed N); use calfsim compare for your own");
    static char paths[DEMO_N][4300];
    static char patient[4300];
    const char *home = getenv("CALFSIM_HOME");
    snprintf(patient, sizeof(patient), "%s/%s", home && *home ? home : CALF_SHARE_DIR,
             DEMO_PATIENT);
    for (size_t i = 0; i < DEMO_N; i++) {
        snprintf(paths[i], sizeof(paths[i]), "%s/%s.lua", calf_cli_protocol_dir(),
                 demo_protocols[i]);
        a.positional[a.npositional++] = paths[i];
    }
    a.patient = patient;
    return calf_compare_run(&a, "calfsim-out/demo", "calfsim demo");
}
