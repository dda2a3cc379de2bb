/*
 * verb_sensitivity.c: `calfsim sensitivity PROTOCOL.lua --patient P.lua
 * --metric M... [--inputs all|name,...] [--n N] [--method sobol|prcc]
 * [--population POP.lua] [--boot B] [--seed S] [--threads T]
 * [--weeks W | --days D] [--set k=v]...
 * [--vary-params X] [--vary-patient X] [--no-plots] [--out DIR]`: which of
 * the cohort's drawn inputs drive a summary outcome (engine/core
 * sensitivity.h). Writes sensitivity.csv, sensitivity.json and one tornado
 * figure per metric (tornado_M.dat, plots/tornado.gp).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "out_dir.h"
#include "cohort_out.h"
#include "mpi_split.h"
#include "population.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "sensitivity.h"
#include "source.h"
#include "util.h"

#define TORNADO_BARS 15 /* inputs shown in a tornado figure */

typedef struct sens_args {
    const char *file, *patient, *out, *inputs, *population;
    const char *metrics[CALF_SENS_MAX_METRICS];
    int nmetrics, method, days, threads, plots, nboot;
    long n;
    uint64_t seed;
    double vary_params, vary_patient;
    const char *sets[CALF_MAX_SETS];
    int nsets;
} sens_args;

static int parse_value(sens_args *a, const char *o, const char *v, calf_error *err)
{
    long n;
    if (strcmp(o, "--patient") == 0)
        a->patient = v;
    else if (strcmp(o, "--population") == 0)
        a->population = v;
    else if (strcmp(o, "--out") == 0)
        a->out = v;
    else if (strcmp(o, "--inputs") == 0)
        a->inputs = v;
    else if (strcmp(o, "--metric") == 0) {
        calf_metric_ref r;
        if (calf_metric_ref_find(v, &r))
            return calf_error_set(err, CALF_EUSAGE,
                                  "sensitivity --metric \"%s\": not an outcome (goal, flare, "
                                  "injury, goal_day, peak_pain, days_over_limit, total_km, "
                                  "final_capacity_ratio, max_p_injury, or a summary field)",
                                  v);
        if (a->nmetrics >= CALF_SENS_MAX_METRICS)
            return calf_error_set(err, CALF_EUSAGE, "sensitivity: at most %d --metric",
                                  CALF_SENS_MAX_METRICS);
        a->metrics[a->nmetrics++] = v;
    } else if (strcmp(o, "--method") == 0) {
        if (strcmp(v, "sobol") != 0 && strcmp(v, "prcc") != 0)
            return calf_error_set(err, CALF_EUSAGE,
                                  "sensitivity --method \"%s\": allowed sobol, prcc", v);
        a->method = v[0] == 's' ? CALF_SENS_SOBOL : CALF_SENS_PRCC;
    } else if (strcmp(o, "--n") == 0) {
        if (calf_parse_long(v, 3, 10000000L, &n))
            return calf_error_set(err, CALF_EUSAGE,
                                  "sensitivity --n = \"%s\": allowed 3 to 10000000", v);
        a->n = n;
    } else if (strcmp(o, "--boot") == 0) {
        if (calf_parse_long(v, 0, 100000L, &n))
            return calf_error_set(err, CALF_EUSAGE,
                                  "sensitivity --boot = \"%s\": allowed 0 to 100000", v);
        a->nboot = (int)n;
    } else if (strcmp(o, "--weeks") == 0 || strcmp(o, "--days") == 0) {
        return calf_cli_opt_days("sensitivity", o, v, &a->days, err) ? CALF_EUSAGE : CALF_OK;
    } else if (strcmp(o, "--seed") == 0) {
        return calf_cli_opt_seed("sensitivity", v, &a->seed, err) ? CALF_EUSAGE : CALF_OK;
    } else if (strcmp(o, "--threads") == 0) {
        return calf_cli_opt_threads("sensitivity", v, &a->threads, err) ? CALF_EUSAGE : CALF_OK;
    } else if (strcmp(o, "--vary-params") == 0 || strcmp(o, "--vary-patient") == 0) {
        return calf_cli_opt_vary("sensitivity", o, v, &a->vary_params, &a->vary_patient, err);
    } else if (strcmp(o, "--set") == 0) {
        return calf_cli_opt_set("sensitivity", v, a->sets, &a->nsets, err) ? CALF_EUSAGE : CALF_OK;
    }
    return CALF_OK;
}

static int parse(int argc, char **argv, sens_args *a, calf_error *err)
{
    memset(a, 0, sizeof(*a));
    a->n = -1;
    a->nboot = 1000;
    a->days = 26 * 7;
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    a->threads = nc > 0 ? (int)(nc > 256 ? 256 : nc) : 1;
    a->plots = 1;
    a->vary_params = a->vary_patient = 1;
    static const char *const with_value[] = {
        "--patient", "--out",     "--inputs",     "--metric", "--method",      "--n",
        "--boot",    "--weeks",   "--days",       "--seed",   "--vary-params", "--vary-patient",
        "--set",     "--threads", "--population", NULL};
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--verbose") == 0)
            continue;
        if (strcmp(o, "--no-plots") == 0) {
            a->plots = 0;
            continue;
        }
        if (o[0] != '-' || o[1] != '-') {
            if (a->file)
                return calf_error_set(err, CALF_EUSAGE,
                                      "sensitivity: one PROTOCOL.lua (got \"%s\" and \"%s\")",
                                      a->file, o);
            a->file = o;
            continue;
        }
        if (!calf_cli_is_option(o, with_value))
            return calf_error_set(err, CALF_EUSAGE, "sensitivity: unknown option \"%s\"", o);
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "sensitivity %s: needs a value", o);
        int rc = parse_value(a, o, v, err);
        if (rc)
            return rc;
    }
    if (!a->file)
        return calf_error_set(err, CALF_EUSAGE, "sensitivity: give one PROTOCOL.lua (or plan CSV)");
    if (!a->patient && !a->population)
        return calf_error_set(err, CALF_EUSAGE,
                              "sensitivity: --patient P.lua (or --population POP.lua) is required");
    if (a->nmetrics == 0)
        return calf_error_set(err, CALF_EUSAGE,
                              "sensitivity: give one or more --metric M (e.g. --metric goal)");
    if (a->n < 0)
        a->n = a->method == CALF_SENS_SOBOL ? 1024 : 1000;
    return CALF_OK;
}

/* Keep the inputs named in list ("all" or "a,b,c"); an unknown name is a
 * usage error naming it. */
static int select_inputs(calf_sens_spec *s, const char *list, calf_error *err)
{
    calf_cohort_input all[CALF_COHORT_MAX_INPUTS];
    int n = calf_cohort_inputs(&s->cohort, all, CALF_COHORT_MAX_INPUTS), k = 0;
    for (int i = 0; i < n; i++) /* a field the profile does not report cannot vary */
        if (isfinite(calf_cohort_input_value(&all[i], &s->cohort.par, &s->cohort.pt)))
            all[k++] = all[i];
    n = k;
    s->nin = 0;
    if (!list || strcmp(list, "all") == 0) {
        for (int i = 0; i < n && s->nin < CALF_GSA_MAX_INPUTS; i++)
            s->in[s->nin++] = all[i];
    } else {
        char buf[4096];
        snprintf(buf, sizeof(buf), "%s", list);
        for (char *p = buf; p && *p;) {
            char *c = strchr(p, ',');
            if (c)
                *c = '\0';
            int found = -1;
            for (int i = 0; i < n && found < 0; i++)
                if (strcmp(all[i].name, p) == 0)
                    found = i;
            if (found < 0)
                return calf_error_set(err, CALF_EUSAGE,
                                      "sensitivity --inputs: \"%s\" is not a drawn input (a drawn "
                                      "registry constant, or patient.FIELD of a spread field the "
                                      "profile reports; see the columns of patients.csv)",
                                      p);
            if (s->nin < CALF_GSA_MAX_INPUTS)
                s->in[s->nin++] = all[found];
            p = c ? c + 1 : NULL;
        }
    }
    if (s->nin == 0)
        return calf_error_set(
            err, CALF_EUSAGE,
            "sensitivity: no inputs vary (--vary-params and --vary-patient are 0)");
    return CALF_OK;
}

/* MPI: the outputs of every rank onto rank 0 (sensitivity.h combine). */
static int combine(void *ud, int rc, double *y, size_t ny, unsigned char *bad, size_t nbad,
                   calf_error *err)
{
    (void)ud;
    rc = calf_mpi_agree(rc, err);
    if (!rc)
        rc = calf_mpi_agree(calf_mpi_sum_to_root(y, ny, bad, nbad, err), err);
    return rc;
}

typedef struct sens_meta {
    const char *protocol, *source, *patient, *population, *metric_names[CALF_SENS_MAX_METRICS];
    uint64_t seed, hash;
    int mpi_ranks;
} sens_meta;

static void prov(FILE *fp, const calf_sens_result *r, const sens_meta *m)
{
    fprintf(fp, "# calfsim %s; sensitivity %s n: %ld; seed: %llu; param_hash: %016llx\n",
            CALF_VERSION, r->method == CALF_SENS_SOBOL ? "sobol" : "prcc", r->n,
            (unsigned long long)m->seed, (unsigned long long)m->hash);
}

static int write_csv(const char *dir, const calf_sens_spec *s, const calf_sens_result *r,
                     const sens_meta *m, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "sensitivity.csv", err);
    if (rc)
        return rc;
    prov(af.fp, r, m);
    int sob = r->method == CALF_SENS_SOBOL;
    fputs(sob ? "metric,input,first,first_lo,first_hi,total,total_lo,total_hi\n"
              : "metric,input,prcc,lo,hi\n",
          af.fp);
    for (int j = 0; j < r->nmetrics; j++)
        for (int k = 0; k < r->nin; k++) {
            fprintf(af.fp, "%s,%s", m->metric_names[j], s->in[k].name);
            for (int c = 0; c < (sob ? 6 : 3); c++)
                calf_csv_put_number(af.fp, r->m[j].v[k][c]);
            fputc('\n', af.fp);
        }
    return calf_afile_commit(&af, err);
}

static void json_pair(FILE *fp, const char *key, double lo, double hi)
{
    fprintf(fp, ", \"%s\": [", key);
    calf_json_number(fp, lo, 6);
    fputs(", ", fp);
    calf_json_number(fp, hi, 6);
    fputc(']', fp);
}

static int write_json(const char *dir, const calf_sens_spec *s, const calf_sens_result *r,
                      const sens_meta *m, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "sensitivity.json", err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    int sob = r->method == CALF_SENS_SOBOL;
    fprintf(fp, "{\n  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
            CALF_VERSION, (unsigned long long)m->seed, (unsigned long long)m->hash);
    fputs("  \"protocol\": ", fp);
    calf_json_string(fp, m->protocol);
    fputs(",\n  \"source\": ", fp);
    calf_json_string(fp, m->source);
    fputs(",\n  \"patient\": ", fp);
    calf_json_string(fp, m->patient);
    if (m->population) {
        fputs(",\n  \"population\": ", fp);
        calf_json_string(fp, m->population);
    }
    fprintf(fp,
            ",\n  \"mpi_ranks\": %d,\n  \"method\": \"%s\",\n  \"design\": \"%s\",\n  \"n\": "
            "%ld,\n  \"evaluations\": "
            "%ld,\n  \"failed_points\": %ld,\n  \"days\": %d,\n  \"bootstrap\": %d,\n",
            m->mpi_ranks > 1 ? m->mpi_ranks : 1, sob ? "sobol" : "prcc", r->sequence, r->n,
            r->evaluations, r->failed_points, s->cohort.days, sob ? s->nboot : 0);
    fputs("  \"note\": \"indices of model outputs under the cohort's priors; not a patient's "
          "real risk\",\n  \"metrics\": {",
          fp);
    for (int j = 0; j < r->nmetrics; j++) {
        const calf_sens_metric *sm = &r->m[j];
        fprintf(fp, "%s\n    \"%s\": {\"n_used\": %ld, \"mean\": ", j ? "," : "",
                m->metric_names[j], sm->n_used);
        calf_json_number(fp, sm->mean, 6);
        fputs(", \"variance\": ", fp);
        calf_json_number(fp, sm->var, 6);
        fputs(", \"inputs\": [", fp);
        for (int k = 0; k < r->nin; k++) {
            fputs(k ? ",\n      {\"name\": " : "\n      {\"name\": ", fp);
            calf_json_string(fp, s->in[k].name);
            fputs(sob ? ", \"first\": " : ", \"prcc\": ", fp);
            calf_json_number(fp, sm->v[k][0], 6);
            json_pair(fp, sob ? "first_ci" : "ci", sm->v[k][1], sm->v[k][2]);
            if (sob) {
                fputs(", \"total\": ", fp);
                calf_json_number(fp, sm->v[k][3], 6);
                json_pair(fp, "total_ci", sm->v[k][4], sm->v[k][5]);
            }
            fputc('}', fp);
        }
        fputs("]}", fp);
    }
    fputs("\n  }\n}\n", fp);
    return calf_afile_commit(&af, err);
}

/* The inputs of metric j in the tornado's order: by total index (Sobol) or
 * |PRCC|, largest first, NAN last, ties by input order. */
static const calf_sens_metric *sort_metric;
static int sort_col;
static int by_effect(const void *a, const void *b)
{
    int i = *(const int *)a, k = *(const int *)b;
    double x = fabs(sort_metric->v[i][sort_col]), y = fabs(sort_metric->v[k][sort_col]);
    if (isnan(x) != isnan(y))
        return isnan(x) ? 1 : -1;
    if (x != y && !isnan(x))
        return x > y ? -1 : 1;
    return (i > k) - (i < k);
}

static int write_tornado(const char *dir, const calf_sens_spec *s, const calf_sens_result *r,
                         const sens_meta *m, int j, int plots, calf_error *err)
{
    int order[CALF_GSA_MAX_INPUTS];
    for (int k = 0; k < r->nin; k++)
        order[k] = k;
    int sob = r->method == CALF_SENS_SOBOL;
    sort_metric = &r->m[j];
    sort_col = sob ? 3 : 0;
    qsort(order, (size_t)r->nin, sizeof(int), by_effect);
    char dat[160], base[160], title[256];
    snprintf(dat, sizeof(dat), "tornado_%s.dat", m->metric_names[j]);
    snprintf(base, sizeof(base), "tornado_%s", m->metric_names[j]);
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, dat, err);
    if (rc)
        return rc;
    prov(af.fp, r, m);
    fputs(sob ? "# row input first first_lo first_hi total total_lo total_hi (largest total "
                "first)\n"
              : "# row input prcc lo hi (largest |prcc| first)\n",
          af.fp);
    int nb = r->nin < TORNADO_BARS ? r->nin : TORNADO_BARS;
    for (int b = 0; b < nb; b++) {
        int k = order[b];
        fprintf(af.fp, "%d \"%s\"", b, s->in[k].name);
        for (int c = 0; c < (sob ? 6 : 3); c++)
            calf_dat_put_number(af.fp, r->m[j].v[k][c]);
        fputc('\n', af.fp);
    }
    rc = calf_afile_commit(&af, err);
    if (rc || !plots)
        return rc;
    snprintf(title, sizeof(title), "%s indices of %s (%s; model outputs, not a patient's risk)",
             sob ? "Sobol" : "PRCC", m->metric_names[j], m->protocol);
    char nbs[16];
    snprintf(nbs, sizeof(nbs), "%d", nb);
    const char *args[] = {dat, title, base, sob ? "sobol" : "prcc", nbs, NULL};
    return calf_cli_plot_fig(dir, "tornado.gp",
                             "gnuplot -c tornado.gp tornado_M.dat TITLE tornado_M METHOD NBARS",
                             args, 2, err);
}

static void print_top(const calf_sens_spec *s, const calf_sens_result *r, const sens_meta *m)
{
    int sob = r->method == CALF_SENS_SOBOL;
    printf("sensitivity (%s) of %s on %s: %ld evaluations, %ld without output (model outputs, "
           "not real risks)\n",
           sob ? "Sobol" : "PRCC", m->protocol, m->patient, r->evaluations, r->failed_points);
    for (int j = 0; j < r->nmetrics; j++) {
        int order[CALF_GSA_MAX_INPUTS];
        for (int k = 0; k < r->nin; k++)
            order[k] = k;
        sort_metric = &r->m[j];
        sort_col = sob ? 3 : 0;
        qsort(order, (size_t)r->nin, sizeof(int), by_effect);
        printf("  %s (mean %.4g, %ld rows used):\n", m->metric_names[j], r->m[j].mean,
               r->m[j].n_used);
        for (int b = 0; b < r->nin && b < 5; b++) {
            const double *v = r->m[j].v[order[b]];
            if (sob)
                printf("    %-28s S %.3f [%.3f, %.3f]  ST %.3f [%.3f, %.3f]\n",
                       s->in[order[b]].name, v[0], v[1], v[2], v[3], v[4], v[5]);
            else
                printf("    %-28s PRCC %+.3f [%+.3f, %+.3f]\n", s->in[order[b]].name, v[0], v[1],
                       v[2]);
        }
    }
}

/* The spec from the arguments and the opened source; the metric names
 * into m. */
static int fill(const sens_args *a, const calf_params *par, calf_source **src, calf_sens_spec *s,
                sens_meta *m, calf_error *err)
{
    calf_cohort_spec *c = &s->cohort;
    c->par = *par;
    c->days = a->days;
    c->nprotocols = 1;
    c->threads = a->threads;
    c->seed = a->seed;
    c->vary_params = a->vary_params;
    c->vary_patient = a->vary_patient;
    c->factory = calf_source_factory(src);
    c->progress = calf_cli_progress;
    s->method = a->method;
    s->n = a->n;
    s->nboot = a->nboot;
    s->nmetrics = a->nmetrics;
    for (int j = 0; j < a->nmetrics; j++) {
        calf_metric_ref_find(a->metrics[j], &s->metric[j]);
        m->metric_names[j] = a->metrics[j];
    }
    return select_inputs(s, a->inputs, err);
}

/* Rank 0 (or the one process): the folder and every file. */
static int write_all(const sens_args *a, const calf_params *par, calf_source *src,
                     const calf_sens_spec *s, const calf_sens_result *r, sens_meta *m, char *dir,
                     size_t ndir, calf_error *err)
{
    calf_cli_out_dir(dir, ndir, a->out, "sensitivity", a->file);
    m->protocol = calf_source_name(src);
    m->source = a->file;
    m->patient = a->patient;
    m->population = a->population;
    m->seed = a->seed;
    m->hash = calf_source_hash(src, calf_params_hash(par));
    if (a->population)
        m->hash = calf_fnv1a_file(m->hash, a->population);
    m->mpi_ranks = calf_mpi_size();
    calf_outdir od; /* the folder is replaced as a whole (out_dir.h) */
    int rc = calf_outdir_open(&od, dir, err);
    if (!rc)
        rc = write_csv(od.work, s, r, m, err);
    if (!rc)
        rc = write_json(od.work, s, r, m, err);
    for (int j = 0; !rc && j < r->nmetrics; j++)
        rc = write_tornado(od.work, s, r, m, j, a->plots, err);
    if (!rc)
        rc = calf_outdir_commit(&od, err);
    calf_outdir_close(&od);
    return rc;
}

int calf_verb_sensitivity(int argc, char **argv)
{
    sens_args a;
    calf_error err = {0};
    if (parse(argc, argv, &a, &err))
        return calf_cli_fail(&err);
    calf_sens_spec *s = calloc(1, sizeof(*s));
    if (!s)
        return calf_cli_failf(CALF_EIO, "sensitivity: out of memory");
    calf_params par;
    calf_model base;
    calf_source *src = NULL;
    const char *files[1] = {a.file};
    calf_population *pop = NULL;
    int rc = calf_cli_population("sensitivity", a.population, &a.patient, &pop, &err);
    s->cohort.pop = pop;
    if (!rc)
        rc = calf_cli_research_setup("sensitivity", a.patient, files, 1, a.seed, a.sets, a.nsets,
                                     &par, &s->cohort.pt, &base, &src, &err);
    calf_sens_result r;
    memset(&r, 0, sizeof(r));
    sens_meta m;
    memset(&m, 0, sizeof(m));
    if (!rc)
        rc = fill(&a, &par, &src, s, &m, &err);
    rc = calf_mpi_agree(rc, &err);    /* every rank goes on, or none */
    if (!rc && calf_mpi_size() > 1) { /* each rank evaluates a block of chunks */
        long chunk, nch;
        calf_cohort_chunking(calf_sens_points(s), &chunk, &nch);
        calf_mpi_block(nch, &s->cohort.chunk_lo, &s->cohort.chunk_hi);
        s->combine = combine;
        s->not_root = calf_mpi_rank() != 0;
        if (s->not_root)
            s->cohort.progress = NULL;
    }
    if (!rc) {
        rc = calf_sens_run(s, &r, &err);
        calf_cli_progress_end();
    }
    rc = calf_mpi_agree(rc, &err);
    char dir[4096];
    int root = calf_mpi_rank() == 0;
    if (!rc && root) /* only rank 0 writes */
        rc = write_all(&a, &par, src, s, &r, &m, dir, sizeof(dir), &err);
    rc = calf_mpi_agree(rc, &err);
    if (!rc && root) {
        print_top(s, &r, &m);
        printf("wrote %s/sensitivity.csv and %s/sensitivity.json\n", dir, dir);
    }
    calf_sens_result_free(&r);
    calf_source_close(src);
    free(pop);
    free(s);
    return rc ? calf_cli_fail(&err) : 0;
}
