/*
 * verb_cohort.c: `calfsim cohort PROTOCOL.lua... --patient P.lua [--n N]
 * [--weeks W] [--seed S] [--threads T] [--set k=v]... [--vary-params X]
 * [--vary-patient X] [--no-plots] [--out DIR]`. Protocols (or plan CSVs)
 * run on the same virtual patients; the first is the reference of the paired
 * differences. Prints one line per protocol and where the files are.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cohort.h"
#include "cohort_out.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "source.h"
#include "util.h"

typedef struct cohort_args {
    const char *files[CALF_COHORT_MAX_PROTOCOLS];
    int nfiles;
    const char *patient, *out;
    long n;
    int days, threads, plots;
    uint64_t seed;
    double vary_params, vary_patient;
    const char *sets[CALF_MAX_SETS];
    int nsets;
} cohort_args;

static int parse(int argc, char **argv, cohort_args *a, calf_error *err)
{
    memset(a, 0, sizeof(*a));
    a->n = 1000;
    a->days = 26 * 7;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    a->threads = nc > 0 ? (int)(nc > 256 ? 256 : nc) : 1;
    a->plots = 1;
    a->vary_params = a->vary_patient = 1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--verbose") == 0)
            continue;
        if (strcmp(o, "--no-plots") == 0) {
            a->plots = 0;
            continue;
        }
        if (o[0] != '-' || o[1] != '-') {
            if (a->nfiles >= CALF_COHORT_MAX_PROTOCOLS)
                return calf_error_set(err, CALF_EUSAGE, "cohort: at most %d protocols",
                                      CALF_COHORT_MAX_PROTOCOLS);
            a->files[a->nfiles++] = o;
            continue;
        }
        static const char *const with_value[] = {"--patient", "--out",         "--n",
                                                 "--weeks",   "--days",        "--seed",
                                                 "--threads", "--vary-params", "--vary-patient",
                                                 "--set",     "--history",     NULL};
        if (!calf_cli_is_option(o, with_value))
            return calf_error_set(err, CALF_EUSAGE, "cohort: unknown option \"%s\"", o);
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "cohort %s: needs a value", o);
        long n;
        double d;
        if (strcmp(o, "--patient") == 0)
            a->patient = v;
        else if (strcmp(o, "--history") == 0)
            calf_cli_set_history(v);
        else if (strcmp(o, "--out") == 0)
            a->out = v;
        else if (strcmp(o, "--n") == 0) {
            if (calf_parse_long(v, 1, 100000000L, &n))
                return calf_error_set(err, CALF_EUSAGE,
                                      "cohort --n = \"%s\": allowed 1 to 100000000", v);
            a->n = n;
        } else if (strcmp(o, "--weeks") == 0 || strcmp(o, "--days") == 0) {
            if (calf_cli_opt_days("cohort", o, v, &a->days, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--seed") == 0) {
            if (calf_cli_opt_seed("cohort", v, &a->seed, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--threads") == 0) {
            if (calf_cli_opt_threads("cohort", v, &a->threads, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--vary-params") == 0 || strcmp(o, "--vary-patient") == 0) {
            if (calf_parse_double(v, &d) || d < 0 || d > 3)
                return calf_error_set(err, CALF_EUSAGE, "cohort %s = \"%s\": allowed 0 to 3", o, v);
            if (o[7] == 'p' && o[8] == 'a' && o[9] == 'r')
                a->vary_params = d;
            else
                a->vary_patient = d;
        } else if (strcmp(o, "--set") == 0) {
            if (calf_cli_opt_set("cohort", v, a->sets, &a->nsets, err))
                return CALF_EUSAGE;
        } else
            return calf_error_set(err, CALF_EUSAGE, "cohort: unknown option \"%s\"", o);
    }
    if (a->nfiles == 0)
        return calf_error_set(err, CALF_EUSAGE,
                              "cohort: give one or more PROTOCOL.lua (or plan CSV) files");
    if (!a->patient)
        return calf_error_set(err, CALF_EUSAGE, "cohort: --patient P.lua is required");
    return CALF_OK;
}

int calf_verb_cohort(int argc, char **argv)
{
    cohort_args a;
    calf_error err = {0};
    if (parse(argc, argv, &a, &err))
        return calf_cli_fail(&err);
    calf_params par;
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_model base;
    calf_source *srcs[CALF_COHORT_MAX_PROTOCOLS] = {0};
    int rc = calf_cli_research_setup("cohort", a.patient, a.files, a.nfiles, a.seed, a.sets,
                                     a.nsets, &par, &s.pt, &base, srcs, &err);
    calf_cohort_result res;
    memset(&res, 0, sizeof(res));
    if (!rc) {
        s.par = par;
        s.n = a.n;
        s.days = a.days;
        s.nprotocols = a.nfiles;
        s.threads = a.threads;
        s.seed = a.seed;
        s.vary_params = a.vary_params;
        s.vary_patient = a.vary_patient;
        s.factory = calf_source_factory(srcs);
        s.progress = calf_cli_progress;
        rc = calf_cohort_run(&s, &res, &err);
        calf_cli_progress_end();
    }
    char dir[4096];
    calf_cohort_meta meta;
    memset(&meta, 0, sizeof(meta));
    if (!rc) {
        calf_cli_out_dir(dir, sizeof(dir), a.out, "cohort", a.files[0]);
        uint64_t h = calf_params_hash(&par);
        for (int k = 0; k < a.nfiles; k++) {
            meta.names[k] = calf_source_name(srcs[k]);
            meta.paths[k] = a.files[k];
            h = calf_source_hash(srcs[k], h);
        }
        meta.patient = a.patient;
        meta.seed = a.seed;
        meta.param_hash = h;
        meta.vary_params = a.vary_params;
        meta.vary_patient = a.vary_patient;
        meta.plots = a.plots;
        rc = calf_cli_cohort_write(dir, &res, &meta, &err);
    }
    if (!rc) {
        printf("cohort of %ld virtual patients, %d days (model outcomes, not real risks)\n", res.n,
               res.days);
        for (int k = 0; k < res.nprotocols; k++) {
            const calf_cohort_protocol *p = &res.proto[k];
            double med = calf_cohort_goal_quantile(&res, k, 0.5);
            printf("  %-28s P(goal) %.3f  P(flare) %.3f  P(p_injury > %.2g) %.3f  median days to "
                   "goal %s",
                   meta.names[k], (double)p->goal_n / res.n, (double)p->flare_n / res.n,
                   res.injury_threshold, (double)p->injury_n / res.n, isnan(med) ? "never" : "");
            if (!isnan(med))
                printf("%.0f", med);
            if (k > 0)
                printf("  dP(goal) %+.3f [%+.3f, %+.3f]", p->diff[CALF_PAIR_GOAL].mean,
                       p->diff[CALF_PAIR_GOAL].lo, p->diff[CALF_PAIR_GOAL].hi);
            printf("\n");
        }
        printf("wrote %s/cohort.csv and %s/cohort.json\n", dir, dir);
    }
    calf_cohort_result_free(&res);
    for (int k = 0; k < a.nfiles; k++)
        calf_source_close(srcs[k]);
    return rc ? calf_cli_fail(&err) : 0;
}
