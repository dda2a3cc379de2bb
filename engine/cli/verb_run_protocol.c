/*
 * verb_run_protocol.c: `calfsim run PROTOCOL.lua --patient P.lua ...`, the
 * protocol path of the run verb: open the protocol in its sandbox, route
 * --set, calibrate the patient, simulate (26 weeks unless --weeks/--days),
 * and write trace.csv and summary.json with the same writers as --plan.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "protocol_cli.h"
#include "out_dir.h"
#include "run_inputs.h"

#define DEFAULT_WEEKS 26

int calf_run_protocol(const calf_run_args *a)
{
    if (a->npositional != 1)
        return calf_cli_failf(2, "run: give one PROTOCOL.lua (or --plan PLAN.csv)");
    const char *path = a->positional[0];
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    calf_protocol *p = NULL;
    int rc = calf_cli_open_protocol(path, a, NULL, NULL, &p, &err);
    if (rc)
        return calf_cli_fail(&err);
    calf_model m;
    calf_trace trace = {0};
    calf_summary sum;
    calf_planner pl;
    int days = a->days ? a->days : DEFAULT_WEEKS * 7;
    rc = calf_cli_apply_protocol_sets(a, p, &par, &err);
    if (!rc)
        rc = calf_cli_load_model(a->patient, &par, &m, &err);
    if (!rc)
        rc = calf_protocol_planner(p, &m, &pl, &err);
    if (!rc) {
        calf_sim_opts opt = {days, a->oracle, a->seed, 0};
        rc = calf_sim_run(&m, &pl, &opt, &trace, &sum, &err);
    }
    char dir[4096];
    calf_cli_out_dir(dir, sizeof(dir), a->out, "run", path);
    calf_outdir od = {0};
    if (!rc)
        rc = calf_outdir_open(&od, dir, &err);
    if (!rc) {
        calf_run_meta meta = {calf_protocol_name(p), path, a->seed,
                              calf_protocol_param_hash(p, calf_params_hash(&par))};
        rc = calf_cli_write_run(od.work, &m, &trace, &sum, &meta, &err);
    }
    if (!rc) /* what `calfsim explain` needs to re-run the folder */
        rc = calf_run_inputs_write(od.work, "protocol", path, a, days, &err);
    if (!rc)
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    calf_trace_free(&trace);
    calf_protocol_close(p);
    if (rc)
        return calf_cli_fail(&err);
    printf("wrote %s/trace.csv and %s/summary.json (%d days)\n", dir, dir, days);
    return 0;
}
