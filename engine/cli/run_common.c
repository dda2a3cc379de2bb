/*
 * run_common.c: shared option parsing and output writing of the simulation
 * verbs.
 */
#include "run_common.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "cohort.h"
#include "patient_load.h"
#include "plan_csv.h"
#include "util.h"

int calf_cli_opt_days(const char *verb, const char *o, const char *v, int *days, calf_error *err)
{
    int weeks = o[2] == 'w';
    long n;
    if (calf_parse_long(v, 1, weeks ? 520 : 3640, &n) != 0)
        return calf_error_set(err, CALF_EUSAGE, "%s %s = \"%s\": allowed 1 to %d", verb, o, v,
                              weeks ? 520 : 3640);
    *days = (int)(weeks ? n * 7 : n);
    return CALF_OK;
}

int calf_cli_opt_seed(const char *verb, const char *v, uint64_t *seed, calf_error *err)
{
    long n;
    if (calf_parse_long(v, 0, 2147483647L, &n) != 0)
        return calf_error_set(err, CALF_EUSAGE, "%s --seed = \"%s\": allowed 0 to 2147483647", verb,
                              v);
    *seed = (uint64_t)n;
    return CALF_OK;
}

int calf_cli_opt_threads(const char *verb, const char *v, int *threads, calf_error *err)
{
    long n;
    if (calf_parse_long(v, 1, 256, &n) != 0)
        return calf_error_set(err, CALF_EUSAGE, "%s --threads = \"%s\": allowed 1 to 256", verb, v);
    *threads = (int)n;
    return CALF_OK;
}

int calf_cli_opt_vary(const char *verb, const char *o, const char *v, double *params,
                      double *patient, calf_error *err)
{
    double d;
    if (calf_parse_double(v, &d) || d < 0 || d > CALF_COHORT_VARY_MAX)
        return calf_error_set(err, CALF_EUSAGE, "%s %s = \"%s\": allowed 0 to %d", verb, o, v,
                              CALF_COHORT_VARY_MAX);
    if (strcmp(o, "--vary-params") == 0)
        *params = d;
    else
        *patient = d;
    return CALF_OK;
}

int calf_cli_opt_set(const char *verb, const char *v, const char **sets, int *nsets,
                     calf_error *err)
{
    if (*nsets >= CALF_MAX_SETS)
        return calf_error_set(err, CALF_EUSAGE, "%s: at most %d --set", verb, CALF_MAX_SETS);
    sets[(*nsets)++] = v;
    return CALF_OK;
}

int calf_cli_parse_run_args(int argc, char **argv, const char *verb, calf_run_args *a,
                            calf_error *err)
{
    memset(a, 0, sizeof(*a));
    a->lua_mem_mib = 64;
    a->lua_budget = 0;
    a->cohort_n = -1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        const char *v = NULL;
        if (strcmp(o, "--verbose") == 0)
            continue;
        if (strcmp(o, "--oracle") == 0) {
            a->oracle = 1;
            continue;
        }
        if (o[0] != '-' || o[1] != '-') {
            if (a->npositional >= CALF_MAX_POSITIONAL)
                return calf_error_set(err, CALF_EUSAGE, "%s: at most %d files", verb,
                                      CALF_MAX_POSITIONAL);
            a->positional[a->npositional++] = o;
            continue;
        }
        static const char *const with_value[] = {
            "--plan",   "--patient", "--out",     "--days",       "--weeks",   "--seed", "--set",
            "--cohort", "--threads", "--lua-mem", "--lua-budget", "--history", NULL};
        if (!calf_cli_is_option(o, with_value) ||
            ((strcmp(o, "--cohort") == 0 || strcmp(o, "--threads") == 0) &&
             strcmp(verb, "compare") != 0 && strcmp(verb, "demo") != 0))
            return calf_error_set(err, CALF_EUSAGE, "%s: unknown option \"%s\"%s", verb, o,
                                  calf_cli_did_you_mean(o));
        v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "%s %s: needs a value", verb, o);
        long n;
        double d;
        if (strcmp(o, "--plan") == 0) {
            a->plan = v;
        } else if (strcmp(o, "--history") == 0) {
            calf_cli_set_history(v);
        } else if (strcmp(o, "--patient") == 0) {
            a->patient = v;
        } else if (strcmp(o, "--out") == 0) {
            a->out = v;
        } else if (strcmp(o, "--days") == 0 || strcmp(o, "--weeks") == 0) {
            if (calf_cli_opt_days(verb, o, v, &a->days, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--seed") == 0) {
            if (calf_cli_opt_seed(verb, v, &a->seed, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--set") == 0) {
            if (calf_cli_opt_set(verb, v, a->sets, &a->nsets, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--cohort") == 0) {
            if (calf_parse_long(v, 0, 1000000L, &n) != 0)
                return calf_error_set(err, CALF_EUSAGE,
                                      "%s --cohort = \"%s\": allowed 0 to 1000000 virtual patients",
                                      verb, v);
            a->cohort_n = n;
        } else if (strcmp(o, "--threads") == 0) {
            if (calf_cli_opt_threads(verb, v, &a->threads, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--lua-mem") == 0) {
            if (calf_parse_double(v, &d) != 0 || d < 1 || d > 4096)
                return calf_error_set(err, CALF_EUSAGE,
                                      "%s --lua-mem = \"%s\": allowed 1 to 4096 MiB", verb, v);
            a->lua_mem_mib = d;
        } else if (strcmp(o, "--lua-budget") == 0) {
            if (calf_parse_long(v, 1000, 2000000000L, &n) != 0)
                return calf_error_set(err, CALF_EUSAGE,
                                      "%s --lua-budget = \"%s\": allowed 1000 to 2000000000", verb,
                                      v);
            a->lua_budget = n;
        } else {
            return calf_error_set(err, CALF_EUSAGE, "%s: unknown option \"%s\"%s", verb, o,
                                  calf_cli_did_you_mean(o));
        }
    }
    return CALF_OK;
}

int calf_cli_split_set(const char *kv, char *name, size_t n, const char **value)
{
    const char *eq = strchr(kv, '=');
    size_t len = eq ? (size_t)(eq - kv) : 0;
    if (!eq || len == 0 || len >= n)
        return -1;
    memcpy(name, kv, len);
    name[len] = '\0';
    *value = eq + 1;
    return 0;
}

int calf_cli_route_sets(const char *const *sets, int nsets, calf_params *par,
                        calf_cli_set_target target, void *ud, calf_error *err)
{
    for (int i = 0; i < nsets; i++) {
        const char *kv = sets[i], *val;
        char name[128];
        if (calf_cli_split_set(kv, name, sizeof(name), &val))
            return calf_error_set(err, CALF_EUSAGE, "--set %s: expected name=value", kv);
        if (target && calf_params_find(name) < 0) {
            double v;
            if (calf_parse_double(val, &v) != 0)
                return calf_error_set(err, CALF_EINPUT, "--set %s: \"%s\" is not a number", name,
                                      val);
            int rc = target(ud, name, v, err);
            if (rc == CALF_OK)
                continue;
            if (rc != CALF_CLI_SET_UNCLAIMED)
                return rc;
        }
        int rc = calf_params_set_kv(par, kv, err); /* unknown: "did you mean" */
        if (rc)
            return rc;
    }
    return CALF_OK;
}

/* The one --history of this process: parsed at the first model load, freed
 * at exit; every model loaded points at it (read only, shared by threads). */
static const char *history_path;
static calf_plan history_plan;
static int history_loaded;

static void history_free(void)
{
    calf_plan_free(&history_plan);
}

void calf_cli_set_history(const char *path)
{
    history_path = path;
}

const char *calf_cli_history(void)
{
    return history_path;
}

static int attach_history(calf_model *m, calf_error *err)
{
    if (!history_path)
        return CALF_OK;
    if (!history_loaded) {
        int rc = calf_plan_read(history_path, m, &history_plan, err);
        if (rc)
            return rc;
        history_loaded = 1;
        atexit(history_free);
    }
    m->pt.history = &history_plan;
    return CALF_OK;
}

int calf_cli_load_model(const char *patient_path, const calf_params *par, calf_model *m,
                        calf_error *err)
{
    if (!patient_path)
        return calf_error_set(err, CALF_EUSAGE, "--patient P.lua is required");
    calf_patient pt;
    int rc = calf_patient_load(patient_path, &pt, err);
    if (rc)
        return rc;
    rc = calf_model_init(m, par, &pt, err);
    if (rc)
        calf_error_prefix(err, patient_path);
    else
        rc = attach_history(m, err);
    return rc;
}

int calf_cli_write_run(const char *dir, const calf_model *m, const calf_trace *t,
                       const calf_summary *s, const calf_run_meta *meta, calf_error *err)
{
    char path[4096];
    int rc = calf_mkdirs(dir, err);
    if (!rc)
        rc = calf_path_join(path, sizeof(path), dir, "trace.csv", err);
    if (!rc)
        rc = calf_trace_write_csv(path, t, meta, err);
    if (!rc)
        rc = calf_path_join(path, sizeof(path), dir, "summary.json", err);
    if (!rc)
        rc = calf_summary_write_json(path, s, m, meta, err);
    return rc;
}

void calf_cli_out_dir(char *dir, size_t n, const char *out, const char *verb, const char *input)
{
    if (out) {
        snprintf(dir, n, "%s", out);
        return;
    }
    char stem[256];
    calf_path_stem(input, stem, sizeof(stem));
    snprintf(dir, n, "calfsim-out/%s-%s", verb, stem);
}
