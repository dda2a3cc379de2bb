/*
 * verb_sweep.c: `calfsim sweep PROTOCOL.lua|PLAN.csv --patient P.lua
 * --vary name=lo:hi:step [--vary ...] (up to 3) [--metric M]... [--weeks W]
 * [--set k=v]... [--cohort N [--seed S] [--threads T]] [--no-plots]
 * [--out DIR]`. Every grid point is one ordinary
 * run; grid.csv holds every summary metric; the figure fits the
 * dimensionality: lines for one variable, a heatmap per metric for two,
 * small multiples of heatmaps (one panel per value of the third) for three.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "cohort_out.h"
#include "mpi_split.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "sweep.h"
#include "sweep_cohort.h"
#include "out_dir.h"
#include "util.h"

/* A sweep runs every grid point with this protocol seed (math.random), so a
 * point equals `calfsim run` at the default --seed. */
enum { SWEEP_SEED = 0 };

typedef struct sweep_args {
    const char *file, *patient, *out;
    calf_sweep_var vars[CALF_SWEEP_MAX_VARS];
    int nvars, days, plots, threads;
    long cohort; /* --cohort N: virtual patients per grid point, 0 = none */
    uint64_t seed;
    int metrics[16], nmetrics;
    const char *sets[CALF_MAX_SETS];
    int nsets;
} sweep_args;

static int parse(int argc, char **argv, sweep_args *a, calf_error *err)
{
    memset(a, 0, sizeof(*a));
    a->plots = 1;
    a->threads = 1;
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
                return calf_error_set(err, CALF_EUSAGE, "sweep: one PROTOCOL.lua or plan CSV");
            a->file = o;
            continue;
        }
        static const char *const with_value[] = {"--patient", "--out",   "--plan",    "--vary",
                                                 "--metric",  "--weeks", "--days",    "--set",
                                                 "--cohort",  "--seed",  "--threads", NULL};
        if (!calf_cli_is_option(o, with_value))
            return calf_error_set(err, CALF_EUSAGE, "sweep: unknown option \"%s\"%s", o,
                                  calf_cli_did_you_mean(o));
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "sweep %s: needs a value", o);
        if (strcmp(o, "--patient") == 0)
            a->patient = v;
        else if (strcmp(o, "--out") == 0)
            a->out = v;
        else if (strcmp(o, "--plan") == 0)
            a->file = v;
        else if (strcmp(o, "--vary") == 0) {
            if (a->nvars >= CALF_SWEEP_MAX_VARS)
                return calf_error_set(err, CALF_EUSAGE, "sweep: at most %d --vary",
                                      CALF_SWEEP_MAX_VARS);
            int rc = calf_sweep_parse_var(v, &a->vars[a->nvars++], err);
            if (rc)
                return rc;
            for (int j = 0; j < a->nvars - 1; j++)
                if (strcmp(a->vars[j].name, a->vars[a->nvars - 1].name) == 0)
                    return calf_error_set(err, CALF_EUSAGE, "sweep --vary %s: given twice",
                                          a->vars[j].name);
        } else if (strcmp(o, "--metric") == 0) {
            int k = calf_metric_find(v);
            if (a->nmetrics >= 16)
                return calf_error_set(err, CALF_EUSAGE, "sweep --metric %s: at most 16 metrics", v);
            if (k < 0)
                return calf_error_set(err, CALF_EUSAGE,
                                      "sweep --metric %s: not a summary metric (e.g. total_km, "
                                      "peak_pain, max_p_injury, goal_reached_day)",
                                      v);
            a->metrics[a->nmetrics++] = k;
        } else if (strcmp(o, "--weeks") == 0 || strcmp(o, "--days") == 0) {
            if (calf_cli_opt_days("sweep", o, v, &a->days, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--set") == 0) {
            if (calf_cli_opt_set("sweep", v, a->sets, &a->nsets, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--cohort") == 0) {
            if (calf_parse_long(v, 1, 10000000L, &a->cohort))
                return calf_error_set(err, CALF_EUSAGE,
                                      "sweep --cohort = \"%s\": allowed 1 to 10000000", v);
        } else if (strcmp(o, "--seed") == 0) {
            if (calf_cli_opt_seed("sweep", v, &a->seed, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--threads") == 0) {
            if (calf_cli_opt_threads("sweep", v, &a->threads, err))
                return CALF_EUSAGE;
        } else
            return calf_error_set(err, CALF_EUSAGE, "sweep: unknown option \"%s\"%s", o,
                                  calf_cli_did_you_mean(o));
    }
    if (!a->file)
        return calf_error_set(err, CALF_EUSAGE, "sweep: give a PROTOCOL.lua or plan CSV");
    if (!a->patient)
        return calf_error_set(err, CALF_EUSAGE, "sweep: --patient P.lua is required");
    if (a->nvars == 0)
        return calf_error_set(err, CALF_EUSAGE, "sweep: give --vary name=lo:hi:step (1 to 3)");
    if (a->nmetrics == 0) {
        a->metrics[a->nmetrics++] = calf_metric_find("peak_pain");
        a->metrics[a->nmetrics++] = calf_metric_find("total_km");
        a->metrics[a->nmetrics++] = calf_metric_find("max_p_injury");
    }
    return CALF_OK;
}

/* Why a metric can be blank at every grid point. */
static const char *blank_reason(const char *metric)
{
    if (strcmp(metric, "injury_day") == 0)
        return "no injury in any run";
    if (strcmp(metric, "goal_reached_day") == 0)
        return "goal not reached in any run";
    return "blank in every run";
}

/* Figures of the metrics drawn[0..ndrawn) (indices into a->metrics, which
 * are also grid.dat's metric columns in that order). */
static int plots(const char *dir, const sweep_args *a, const int *drawn, int ndrawn,
                 const char *name, calf_error *err)
{
    char ncol[16], title[512], base[64], col[16];
    int rc = CALF_OK;
    if (ndrawn == 0)
        return CALF_OK;
    if (a->nvars == 1) {
        snprintf(ncol, sizeof(ncol), "%d", ndrawn);
        snprintf(title, sizeof(title), "%s: sweep of %s", name, a->vars[0].name);
        const char *args[] = {"grid.dat", title, "sweep", a->vars[0].name, ncol, NULL};
        return calf_cli_plot(dir, "sweep_lines.gp",
                             "gnuplot -c sweep_lines.gp grid.dat TITLE sweep XLABEL NMETRICS", args,
                             err);
    }
    for (int j = 0; j < ndrawn && !rc; j++) {
        const char *mn = calf_summary_fields[a->metrics[drawn[j]]].name;
        snprintf(col, sizeof(col), "%d", a->nvars + 1 + j);
        snprintf(base, sizeof(base), "sweep_%s", mn);
        snprintf(title, sizeof(title), "%s: %s", name, mn);
        if (a->nvars == 2) {
            const char *args[] = {"grid.dat",      title, base, a->vars[0].name,
                                  a->vars[1].name, col,   NULL};
            rc = calf_cli_plot(
                dir, "sweep_heatmap.gp",
                "gnuplot -c sweep_heatmap.gp grid.dat TITLE BASE XLABEL YLABEL COLUMN", args, err);
        } else {
            char np[16];
            snprintf(np, sizeof(np), "%d", a->vars[2].n);
            const char *args[] = {
                "grid.dat", title,           base, a->vars[0].name, a->vars[1].name, col,
                np,         a->vars[2].name, NULL};
            rc = calf_cli_plot(dir, "sweep_multiples.gp",
                               "gnuplot -c sweep_multiples.gp grid.dat TITLE BASE XLABEL YLABEL "
                               "COLUMN NPANELS PANELVAR",
                               args, err);
        }
    }
    return rc;
}

/* grid.csv (every summary metric) and grid.dat (the figures' data: the
 * swept values and the metrics drawn) from the results of every point. */
static int write_grid(const char *dir, const sweep_args *a, const char *stem, uint64_t hash,
                      long total, const double *xs, const double *ms, const int *drawn, int ndrawn,
                      calf_error *err)
{
    char path[4096];
    calf_afile csv, dat;
    int rc;
    if ((rc = calf_path_join(path, sizeof(path), dir, "grid.csv", err)) ||
        (rc = calf_afile_open(&csv, path, err)))
        return rc;
    if ((rc = calf_path_join(path, sizeof(path), dir, "grid.dat", err)) ||
        (rc = calf_afile_open(&dat, path, err))) {
        calf_afile_abort(&csv);
        return rc;
    }
    /* both open with the same provenance line; in grid.dat it comes before
     * the header, which gnuplot's columnhead still finds (the first line
     * that is not a comment) */
    for (int f = 0; f < 2; f++)
        fprintf(f ? dat.fp : csv.fp, "# calfsim %s; sweep of %s; seed: %d; param_hash: %016llx\n",
                CALF_VERSION, stem, SWEEP_SEED, (unsigned long long)hash);
    if (a->nvars >= 2)
        fputs("# ", dat.fp); /* header as data only for the lines figure (columnhead) */
    for (int i = 0; i < a->nvars; i++) {
        fprintf(csv.fp, "%s%s", i ? "," : "", a->vars[i].name);
        fprintf(dat.fp, "%s%s", i ? " " : "", a->vars[i].name);
    }
    for (int k = 0; calf_summary_fields[k].name; k++)
        fprintf(csv.fp, ",%s", calf_summary_fields[k].name);
    fputc('\n', csv.fp);
    for (int j = 0; j < ndrawn; j++)
        fprintf(dat.fp, " %s", calf_summary_fields[a->metrics[drawn[j]]].name);
    fputc('\n', dat.fp);
    for (long p = 0; p < total; p++) {
        const double *x = xs + p * a->nvars, *m = ms + p * calf_metric_count;
        for (int i = 0; i < a->nvars; i++) {
            fprintf(csv.fp, "%s%.6g", i ? "," : "", x[i]);
            fprintf(dat.fp, "%s%.6g", i ? " " : "", x[i]);
        }
        for (int k = 0; k < calf_metric_count; k++)
            calf_csv_put_number(csv.fp, m[k]);
        fputc('\n', csv.fp);
        for (int j = 0; j < ndrawn; j++)
            calf_dat_put_number(dat.fp, m[a->metrics[drawn[j]]]);
        fputc('\n', dat.fp);
        calf_sweep_dat_breaks(dat.fp, a->vars, a->nvars, p);
    }
    if ((rc = calf_afile_commit(&csv, err))) {
        calf_afile_abort(&dat);
        return rc;
    }
    return calf_afile_commit(&dat, err);
}

int calf_verb_sweep(int argc, char **argv)
{
    sweep_args a;
    calf_error err = {0};
    if (parse(argc, argv, &a, &err))
        return calf_cli_fail(&err);
    calf_params par;
    calf_patient pt;
    calf_model base;
    calf_source *src = NULL;
    int rc = calf_cli_research_setup("sweep", a.patient, &a.file, 1, SWEEP_SEED, a.sets, a.nsets,
                                     &par, &pt, &base, &src, &err);
    if (rc) {
        calf_source_close(src);
        return calf_cli_fail(&err);
    }
    /* the hash of the base settings (registry constants and protocol
     * parameters with --set), taken before any swept value reaches the
     * protocol: the swept values are the grid's own columns */
    uint64_t hash = calf_source_hash(src, calf_params_hash(&par));
    /* every variable known and its whole range allowed before anything is
     * simulated (the ranges are intervals, so checking lo and hi checks the
     * grid) */
    for (int i = 0; i < a.nvars; i++) {
        calf_params p = par;
        calf_patient q = pt;
        if ((rc = calf_sweep_apply(&a.vars[i], a.vars[i].lo, &p, &q, src, &err)) ||
            (rc = calf_sweep_apply(&a.vars[i], a.vars[i].hi, &p, &q, src, &err))) {
            calf_source_close(src);
            return calf_cli_fail(&err);
        }
    }
    long total = 1;
    for (int i = 0; i < a.nvars; i++)
        total *= a.vars[i].n;
    char dir[4096], stem[128];
    calf_path_stem(a.file, stem, sizeof(stem));
    calf_cli_out_dir(dir, sizeof(dir), a.out, "sweep", a.file);
    double *xs = NULL, *ms = NULL;
    if (total > CALF_SWEEP_MAX_POINTS) {
        rc = calf_error_set(&err, CALF_EUSAGE, "sweep: %ld grid points; allowed at most %d", total,
                            CALF_SWEEP_MAX_POINTS);
        goto cleanup;
    }
    xs = malloc((size_t)total * (size_t)a.nvars * sizeof(*xs));
    ms = malloc((size_t)total * (size_t)calf_metric_count * sizeof(*ms));
    if (!xs || !ms) {
        rc = calf_error_set(&err, CALF_EIO, "sweep: out of memory for %ld grid points", total);
        goto cleanup;
    }
    /* every point is simulated before the output folder is made, so a run
     * that fails part way leaves nothing behind; first variable fastest
     * (gnuplot's pm3d/image scan order), then second, third */
    for (long p = 0; p < total; p++) {
        long q = p;
        double *x = xs + p * a.nvars;
        for (int i = 0; i < a.nvars; i++) {
            x[i] = calf_sweep_value(&a.vars[i], (int)(q % a.vars[i].n));
            q /= a.vars[i].n;
        }
        calf_summary s;
        rc = calf_sweep_point(src, &par, &pt, a.vars, a.nvars, x, a.days, NULL, &s, &err);
        if (rc) {
            char pre[256];
            int w = 0;
            for (int i = 0; i < a.nvars && w >= 0 && (size_t)w < sizeof(pre); i++)
                w += snprintf(pre + w, sizeof(pre) - (size_t)w, "%s%s = %g", i ? ", " : "",
                              a.vars[i].name, x[i]);
            calf_error_prefix(&err, pre);
            goto cleanup;
        }
        for (int k = 0; k < calf_metric_count; k++)
            ms[p * calf_metric_count + k] = calf_metric(&s, k);
    }
    /* with figures on, a metric with no value at any point (e.g. injury_day
     * when no run is injured) has nothing to draw: it is left out of grid.dat
     * and the figures, with one line saying so (grid.csv has every metric) */
    int drawn[16], ndrawn = 0, blank[16];
    for (int j = 0; j < a.nmetrics; j++) {
        int any = !a.plots;
        for (long p = 0; p < total && !any; p++)
            any = !isnan(ms[p * calf_metric_count + a.metrics[j]]);
        blank[j] = !any;
        if (any)
            drawn[ndrawn++] = j;
    }
    for (int j = 0; j < a.nmetrics && calf_mpi_rank() == 0; j++) {
        const char *mn = calf_summary_fields[a.metrics[j]].name;
        if (blank[j])
            fprintf(stderr, "calfsim: sweep: %s has no value at any grid point (%s); %s\n", mn,
                    blank_reason(mn), a.nvars == 1 && ndrawn ? "not in the figure" : "no figure");
    }
    /* the grid, the figures and the per-point cohorts replace the folder as a
     * whole (out_dir.h); under MPI only rank 0 writes (mpi_split.h) */
    calf_outdir od;
    const int writer = calf_mpi_rank() == 0;
    if (writer && (rc = calf_outdir_open(&od, dir, &err)))
        goto cleanup;
    if (a.cohort > 0) {
        calf_sweep_cohort sc = {writer ? od.work : dir,
                                stem,
                                calf_source_name(src),
                                a.vars,
                                a.nvars,
                                total,
                                xs,
                                &par,
                                &pt,
                                src,
                                a.days,
                                a.threads,
                                a.plots,
                                a.cohort,
                                a.seed,
                                hash};
        rc = calf_cli_sweep_cohort(&sc, &err);
    }
    if (writer) {
        if (!rc &&
            !(rc = write_grid(od.work, &a, stem, hash, total, xs, ms, drawn, ndrawn, &err)) &&
            a.plots)
            rc = plots(od.work, &a, drawn, ndrawn, calf_source_name(src), &err);
        if (!rc)
            rc = calf_outdir_commit(&od, &err);
        calf_outdir_close(&od);
    }
    if (!rc && writer)
        printf("sweep of %ld points: wrote %s/grid.csv%s\n", total, dir,
               a.cohort > 0 ? " and grid_cohort.csv" : "");
cleanup:
    free(xs);
    free(ms);
    calf_source_close(src);
    return rc ? calf_cli_fail(&err) : 0;
}
