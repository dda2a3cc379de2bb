/*
 * verb_run.c: `calfsim run` for one patient: a plan CSV (`--plan`, logged or
 * planned sessions) or a protocol script. Writes trace.csv and summary.json
 * atomically and prints where they are.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "plan_csv.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "run_inputs.h"
#include "out_dir.h"
#include "util.h"

static int run_plan(const calf_run_args *a)
{
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    int rc = calf_cli_route_sets(a->sets, a->nsets, &par, NULL, NULL, &err);
    if (rc)
        return calf_cli_fail(&err);
    calf_model m;
    if ((rc = calf_cli_load_model(a->patient, &par, &m, &err)))
        return calf_cli_fail(&err);
    calf_plan plan;
    if ((rc = calf_plan_read(a->plan, &m, &plan, &err)))
        return calf_cli_fail(&err);
    calf_planner pl = calf_plan_planner(&plan);
    calf_sim_opts opt = {a->days ? a->days : plan.days, a->oracle, a->seed, 0};
    calf_trace trace = {0};
    calf_summary sum;
    rc = calf_sim_run(&m, &pl, &opt, &trace, &sum, &err);
    char stem[128], dir[4096];
    calf_path_stem(a->plan, stem, sizeof(stem));
    calf_cli_out_dir(dir, sizeof(dir), a->out, "run", a->plan);
    calf_run_meta meta = {stem, a->plan, a->seed, calf_params_hash(&par)};
    calf_outdir od = {0};
    if (!rc)
        rc = calf_outdir_open(&od, dir, &err);
    if (!rc)
        rc = calf_cli_write_run(od.work, &m, &trace, &sum, &meta, &err);
    if (!rc)
        rc = calf_run_inputs_write(od.work, "plan", a->plan, a, opt.days, &err);
    if (!rc)
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    calf_trace_free(&trace);
    calf_plan_free(&plan);
    if (rc)
        return calf_cli_fail(&err);
    printf("wrote %s/trace.csv and %s/summary.json (%d days)\n", dir, dir, opt.days);
    return 0;
}

int calf_verb_run(int argc, char **argv)
{
    calf_run_args a;
    calf_error err = {0};
    if (calf_cli_parse_run_args(argc, argv, "run", &a, &err))
        return calf_cli_fail(&err);
    if (a.plan) {
        if (a.npositional)
            return calf_cli_failf(2, "run: give --plan PLAN.csv or a PROTOCOL.lua, not both");
        return run_plan(&a);
    }
    return calf_run_protocol(&a);
}
