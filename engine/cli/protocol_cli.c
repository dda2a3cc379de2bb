/*
 * protocol_cli.c: opening protocols for the command line and routing --set.
 */
#include "protocol_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "util.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif

const char *calf_cli_protocol_dir(void)
{
    static char dir[4096];
    const char *home = getenv("CALFSIM_HOME");
    snprintf(dir, sizeof(dir), "%s/protocols", home && *home ? home : CALF_SHARE_DIR);
    return dir;
}

const char *calf_cli_protocol_lib_dir(void)
{
    static char lib[4200];
    snprintf(lib, sizeof(lib), "%s/lib", calf_cli_protocol_dir());
    return lib;
}

int calf_cli_open_protocol(const char *path, const calf_run_args *a, calf_problem_fn report,
                           void *report_ud, calf_protocol **out, calf_error *err)
{
    calf_protocol_opts o = {.mem_limit = (size_t)(a->lua_mem_mib * 1024.0 * 1024.0),
                            .budget = a->lua_budget,
                            .seed = a->seed,
                            .oracle = a->oracle,
                            .verbose = calf_cli_verbose,
                            .lib_dir = calf_cli_protocol_lib_dir(),
                            .report = report,
                            .report_ud = report_ud};
    return calf_protocol_open(out, path, &o, err);
}

int calf_cli_apply_protocol_sets(const calf_run_args *a, calf_protocol *p, calf_params *par,
                                 calf_error *err)
{
    for (int i = 0; i < a->nsets; i++) {
        const char *kv = a->sets[i];
        const char *eq = strchr(kv, '=');
        char name[128];
        size_t n = eq ? (size_t)(eq - kv) : 0;
        if (!eq || n == 0 || n >= sizeof(name))
            return calf_error_set(err, CALF_EUSAGE, "--set %s: expected name=value", kv);
        memcpy(name, kv, n);
        name[n] = '\0';
        double v;
        if (calf_params_find(name) < 0) {
            if (calf_parse_double(eq + 1, &v) != 0)
                return calf_error_set(err, CALF_EINPUT, "--set %s: \"%s\" is not a number", name,
                                      eq + 1);
            int rc = calf_protocol_set_param(p, name, v, err);
            if (rc == CALF_OK)
                continue;
            if (rc != CALF_PROTOCOL_NOPARAM)
                return rc;
            if (calf_params_suggest(name) == NULL) {
                char list[400] = "";
                size_t used = 0;
                for (int k = 0; k < calf_protocol_param_count(p); k++) {
                    const char *pn;
                    double pv, lo, hi;
                    calf_protocol_param(p, k, &pn, &pv, &lo, &hi);
                    int w = snprintf(list + used, sizeof(list) - used, "%s%s", k ? ", " : "", pn);
                    if (w > 0 && (size_t)w < sizeof(list) - used)
                        used += (size_t)w;
                }
                return calf_error_set(err, CALF_EINPUT,
                                      "--set %s: not a parameter of %s (its params: %s) nor of the "
                                      "model registry (calfsim params lists those)",
                                      name, calf_protocol_path(p), used ? list : "none");
            }
        }
        int rc = calf_params_set_kv(par, kv, err); /* unknown: "did you mean" */
        if (rc)
            return rc;
    }
    return CALF_OK;
}
