/*
 * protocol_cli.c: opening protocols for the command line and routing --set.
 */
#include "protocol_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "patient_load.h"
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

/* A --set target: the protocol's declared params. A name it does not declare
 * and the registry cannot suggest a near name for gets an error listing the
 * protocol's params; otherwise the registry's "did you mean" answers. */
static int protocol_target(void *ud, const char *name, double v, calf_error *err)
{
    calf_protocol *p = ud;
    int rc = calf_protocol_set_param(p, name, v, err);
    if (rc != CALF_PROTOCOL_NOPARAM)
        return rc;
    if (calf_params_suggest(name) != NULL)
        return CALF_CLI_SET_UNCLAIMED;
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

int calf_cli_apply_protocol_sets(const calf_run_args *a, calf_protocol *p, calf_params *par,
                                 calf_error *err)
{
    return calf_cli_route_sets(a->sets, a->nsets, par, protocol_target, p, err);
}

int calf_cli_apply_research_sets(const char *verb, const char *const *sets, int nsets,
                                 calf_params *par, calf_source *const *srcs, int nsrc,
                                 calf_error *err)
{
    for (int i = 0; i < nsets; i++) {
        const char *kv = sets[i], *val;
        char name[128];
        double v;
        if (calf_cli_split_set(kv, name, sizeof(name), &val) || calf_parse_double(val, &v))
            return calf_error_set(err, CALF_EUSAGE, "%s --set %s: expected name=number", verb, kv);
        if (calf_params_find(name) >= 0) {
            if (par) {
                int rc = calf_params_set(par, name, v, err);
                if (rc)
                    return rc;
            }
            continue;
        }
        if (!srcs)
            continue;
        int used = 0;
        for (int k = 0; k < nsrc; k++) {
            int rc = calf_source_set(srcs[k], name, v, err);
            if (rc == CALF_SOURCE_NOPARAM)
                continue;
            if (rc)
                return rc;
            used = 1;
        }
        if (!used) {
            const char *s = calf_params_suggest(name);
            return calf_error_set(err, CALF_EUSAGE,
                                  "%s --set %s: no registry constant or protocol parameter of that "
                                  "name%s%s%s",
                                  verb, name, s ? " (did you mean " : "", s ? s : "",
                                  s ? "?)" : "");
        }
    }
    return CALF_OK;
}

int calf_cli_open_sources(const char *verb, const char *const *files, int nfiles,
                          const calf_model *base, const calf_source_opts *so,
                          const char *const *sets, int nsets, calf_source **srcs, calf_error *err)
{
    int rc = CALF_OK;
    for (int k = 0; k < nfiles && !rc; k++)
        rc = calf_source_open(&srcs[k], files[k], base, so, err);
    if (!rc)
        rc = calf_cli_apply_research_sets(verb, sets, nsets, NULL, srcs, nfiles, err);
    return rc;
}

int calf_cli_research_setup(const char *verb, const char *patient, const char *const *files,
                            int nfiles, uint64_t seed, const char *const *sets, int nsets,
                            calf_params *par, calf_patient *pt, calf_model *base,
                            calf_source **srcs, calf_error *err)
{
    calf_params_default(par);
    int rc;
    if ((rc = calf_cli_apply_research_sets(verb, sets, nsets, par, NULL, 0, err)) ||
        (rc = calf_patient_load(patient, pt, err)) ||
        (rc = calf_cli_load_model(patient, par, base, err)))
        return rc;
    pt->history = base->pt.history; /* --history: the virtual patients start from it too */
    calf_source_opts so = {0};
    so.seed = seed;
    so.verbose = calf_cli_verbose;
    so.lib_dir = calf_cli_protocol_lib_dir();
    return calf_cli_open_sources(verb, files, nfiles, base, &so, sets, nsets, srcs, err);
}
