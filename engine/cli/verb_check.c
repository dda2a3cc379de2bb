/*
 * verb_check.c: `calfsim check PROTOCOL.lua...` validates each protocol
 * without writing output: it loads the file, checks the table's shape and
 * params, then dry-runs 4 weeks on a default patient (a distance-limited
 * runner, onset at 3 km). Every problem found is reported, one line each,
 * not just the first; the exit code is 1 when any protocol has a problem.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "protocol_cli.h"

#define CHECK_WEEKS 4

static void report(void *ud, const calf_error *e)
{
    int *count = ud;
    fprintf(stderr, "calfsim: %s\n", e->msg);
    (*count)++;
}

static int check_one(const char *path, const calf_run_args *a)
{
    int problems = 0;
    calf_error err = {0};
    calf_protocol *p = NULL;
    int rc = calf_cli_open_protocol(path, a, report, &problems, &p, &err);
    if (rc || !p)
        return problems ? problems : (report(&problems, &err), problems);
    calf_params par;
    calf_params_default(&par);
    if (calf_cli_apply_protocol_sets(a, p, &par, &err))
        report(&problems, &err);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 3;
    snprintf(pt.name, sizeof(pt.name), "%s", "check: default distance-limited patient");
    calf_model m;
    calf_planner pl;
    calf_summary sum;
    int days = CHECK_WEEKS * 7;
    rc = calf_model_init(&m, &par, &pt, &err);
    if (!rc)
        rc = calf_protocol_planner(p, &m, &pl, &err);
    if (!rc) {
        calf_sim_opts opt = {days, a->oracle, a->seed, 0};
        rc = calf_sim_run(&m, &pl, &opt, NULL, &sum, &err);
    }
    if (rc)
        report(&problems, &err);
    if (!problems) {
        char route[320];
        printf("%s: ok: \"%s\"; %d-week dry run: %.1f km, peak pain %.1f\n", path,
               calf_protocol_name(p), CHECK_WEEKS, sum.total_km, sum.peak_pain);
        printf("%s: path: %s\n", path, calf_protocol_route(p, route, sizeof route));
    }
    calf_protocol_close(p);
    return problems;
}

int calf_verb_check(int argc, char **argv)
{
    calf_run_args a;
    calf_error err = {0};
    if (calf_cli_parse_run_args(argc, argv, "check", &a, &err))
        return calf_cli_fail(&err);
    if (a.npositional == 0)
        return calf_cli_failf(2, "check: give one or more PROTOCOL.lua files");
    int bad = 0;
    for (int i = 0; i < a.npositional; i++)
        bad += check_one(a.positional[i], &a) > 0;
    return bad ? 1 : 0;
}
