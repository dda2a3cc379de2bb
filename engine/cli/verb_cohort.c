/*
 * verb_cohort.c: `calfsim cohort PROTOCOL.lua... --patient P.lua [--n N]
 * [--weeks W] [--seed S] [--threads T] [--set k=v]... [--vary-params X]
 * [--vary-patient X] [--no-plots] [--out DIR]`. Protocols (or plan CSVs)
 * run on the same virtual patients; the first is the reference of the paired
 * differences. Prints one line per protocol and where the files are.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "cohort.h"
#include "cohort_out.h"
#include "out_dir.h"
#include "population.h"
#include "mpi_split.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "source.h"
#include "util.h"

typedef struct cohort_args {
    const char *files[CALF_COHORT_MAX_PROTOCOLS];
    int nfiles;
    const char *patient, *out, *population;
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
                                                 "--set",     "--history",     "--population",
                                                 NULL};
        if (!calf_cli_is_option(o, with_value))
            return calf_error_set(err, CALF_EUSAGE, "cohort: unknown option \"%s\"%s", o,
                                  calf_cli_did_you_mean(o));
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "cohort %s: needs a value", o);
        long n;
        if (strcmp(o, "--patient") == 0)
            a->patient = v;
        else if (strcmp(o, "--history") == 0)
            calf_cli_set_history(v);
        else if (strcmp(o, "--population") == 0)
            a->population = v;
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
            if (calf_cli_opt_vary("cohort", o, v, &a->vary_params, &a->vary_patient, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--set") == 0) {
            if (calf_cli_opt_set("cohort", v, a->sets, &a->nsets, err))
                return CALF_EUSAGE;
        } else
            return calf_error_set(err, CALF_EUSAGE, "cohort: unknown option \"%s\"%s", o,
                                  calf_cli_did_you_mean(o));
    }
    if (a->nfiles == 0)
        return calf_error_set(err, CALF_EUSAGE,
                              "cohort: give one or more PROTOCOL.lua (or plan CSV) files");
    if (!a->patient && !a->population)
        return calf_error_set(err, CALF_EUSAGE,
                              "cohort: --patient P.lua (or --population POP.lua) is required");
    return CALF_OK;
}

/* The spec and the output metadata from the arguments and the opened
 * sources. */
static void fill(const cohort_args *a, const calf_params *par, calf_source *const *srcs,
                 calf_cohort_spec *s, calf_cohort_meta *meta)
{
    uint64_t h = calf_params_hash(par);
    for (int k = 0; k < a->nfiles; k++) {
        meta->names[k] = s->names[k] = calf_source_name(srcs[k]);
        meta->paths[k] = a->files[k];
        h = calf_source_hash(srcs[k], h);
    }
    if (a->population)
        h = calf_fnv1a_file(h, a->population);
    meta->patient = a->patient;
    meta->population = a->population;
    meta->seed = a->seed;
    meta->param_hash = h;
    meta->vary_params = a->vary_params;
    meta->vary_patient = a->vary_patient;
    meta->plots = a->plots;
    meta->mpi_ranks = calf_mpi_size();
    s->par = *par;
    s->n = a->n;
    s->days = a->days;
    s->nprotocols = a->nfiles;
    s->threads = a->threads;
    s->seed = a->seed;
    s->vary_params = a->vary_params;
    s->vary_patient = a->vary_patient;
    s->factory = calf_source_factory(srcs);
    s->progress = calf_cli_progress;
}

/* The run, on one process or this rank's block. patients.csv streams
 * during the run into work (rank 0's out_dir work folder). Under MPI ranks >
 * 0 spool their rows to a temporary file (*spool) that rank 0 appends in
 * rank order after the reduction. */
static int run(calf_cohort_spec *s, const char *work, const calf_cohort_meta *meta,
               calf_cohort_result *res, calf_afile *pat, FILE **spool, calf_error *err)
{
    int rc = CALF_OK;
    if (calf_mpi_size() > 1) {
        long chunk, nch;
        calf_cohort_chunking(s->n, &chunk, &nch);
        calf_mpi_block(nch, &s->chunk_lo, &s->chunk_hi);
    }
    if (calf_mpi_rank() == 0) {
        rc = calf_cli_patients_open(pat, work, s, meta, err);
        s->patients = pat->fp;
    } else {
        s->patients = *spool = tmpfile();
        s->progress = NULL;
        if (!*spool)
            rc = calf_error_set(err, CALF_EIO, "cohort: cannot open a temporary file");
    }
    rc = calf_mpi_agree(rc, err);
    if (!rc) {
        rc = calf_cohort_run(s, res, err);
        calf_cli_progress_end();
    }
    rc = calf_mpi_agree(rc, err);
    if (!rc)
        rc = calf_mpi_agree(calf_mpi_cohort_reduce(res, err), err);
    if (!rc && calf_mpi_size() > 1)
        calf_cohort_finish(res);
    if (!rc)
        rc = calf_mpi_agree(calf_mpi_rows(s->patients, err), err);
    return rc;
}

static void print_result(const calf_cohort_result *res, const calf_cohort_meta *meta,
                         const char *dir)
{
    printf("cohort of %ld virtual patients, %d days (model outcomes, not real risks)\n", res->n,
           res->days);
    for (int k = 0; k < res->nprotocols; k++) {
        const calf_cohort_protocol *p = &res->proto[k];
        double med = calf_cohort_goal_quantile(res, k, 0.5);
        printf("  %-28s P(goal) %.3f  P(flare) %.3f  P(injury event) %.3f  median days to "
               "goal %s",
               meta->names[k], (double)p->goal_n / res->n, (double)p->flare_n / res->n,
               (double)p->injury_n / res->n, isnan(med) ? "never" : "");
        if (!isnan(med))
            printf("%.0f", med);
        if (k > 0)
            printf("  dP(goal) %+.3f [%+.3f, %+.3f]", p->diff[CALF_PAIR_GOAL].mean,
                   p->diff[CALF_PAIR_GOAL].lo, p->diff[CALF_PAIR_GOAL].hi);
        printf("\n");
    }
    printf("wrote %s/cohort.csv, %s/cohort.json and %s/patients.csv\n", dir, dir, dir);
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
    calf_population *pop = NULL;
    int rc = calf_cli_population("cohort", a.population, &a.patient, &pop, &err);
    if (!rc)
        rc = calf_cli_research_setup("cohort", a.patient, a.files, a.nfiles, a.seed, a.sets,
                                     a.nsets, &par, &s.pt, &base, srcs, &err);
    s.pop = pop;
    rc = calf_mpi_agree(rc, &err); /* every rank goes on, or none */
    calf_cohort_result res;
    memset(&res, 0, sizeof(res));
    char dir[4096];
    calf_cohort_meta meta;
    memset(&meta, 0, sizeof(meta));
    calf_afile pat;
    memset(&pat, 0, sizeof(pat));
    FILE *spool = NULL;
    /* every output goes to od.work (rank 0's), which replaces the folder as
     * a whole at the end; a failed run leaves the folder as it was */
    calf_outdir od;
    memset(&od, 0, sizeof(od));
    const int writer = calf_mpi_rank() == 0;
    if (!rc) {
        calf_cli_out_dir(dir, sizeof(dir), a.out, "cohort", a.files[0]);
        fill(&a, &par, srcs, &s, &meta);
        if (writer)
            rc = calf_outdir_open(&od, dir, &err);
        rc = calf_mpi_agree(rc, &err);
        if (!rc)
            rc = run(&s, od.work, &meta, &res, &pat, &spool, &err);
    }
    if (!rc && writer) /* only rank 0 writes */
        rc = calf_cli_cohort_write(od.work, &res, &meta, &err);
    if (!rc && writer)
        rc = calf_afile_commit(&pat, &err);
    else if (pat.fp)
        calf_afile_abort(&pat);
    if (!rc && writer)
        rc = calf_outdir_commit(&od, &err);
    if (writer)
        calf_outdir_close(&od);
    if (spool)
        fclose(spool);
    rc = calf_mpi_agree(rc, &err);
    if (!rc && calf_mpi_rank() == 0)
        print_result(&res, &meta, dir);
    calf_cohort_result_free(&res);
    free(pop);
    for (int k = 0; k < a.nfiles; k++)
        calf_source_close(srcs[k]);
    return rc ? calf_cli_fail(&err) : 0;
}
