/*
 * sweep_cohort.c: a paired cohort at every grid point of a sweep
 * (sweep_cohort.h).
 */
#include "sweep_cohort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "cohort_out.h"
#include "mpi_split.h"
#include "util.h"

/* Per point: three shares with their Wilson intervals, then the means. */
enum { SC_GOAL, SC_INJURY, SC_FLARE, SC_SHARES };
static const char *const share_names[SC_SHARES] = {"p_goal", "p_injury", "p_flare"};
static const int mean_index[3] = {CALF_PAIR_TOTAL_KM, CALF_PAIR_PAIN_DAYS, CALF_PAIR_FINAL_CAP};
static const char *const mean_names[3] = {"mean_total_km", "mean_days_pain_over_limit",
                                          "mean_final_capacity_ratio"};
#define SC_COLS (3 * SC_SHARES + 3)

/* One grid point's cohort into v (SC_COLS values). */
static int run_point(const calf_sweep_cohort *c, const double *x, double *v, calf_error *err)
{
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    s.par = *c->par;
    s.pt = *c->pt;
    for (int i = 0; i < c->nvars; i++) {
        int rc = calf_sweep_apply(&c->vars[i], x[i], &s.par, &s.pt, c->src, err);
        if (rc)
            return rc;
    }
    s.n = c->n;
    s.days =
        c->days > 0 ? c->days : (calf_source_days(c->src) > 0 ? calf_source_days(c->src) : 182);
    s.nprotocols = 1;
    s.threads = c->threads;
    s.seed = c->seed; /* the same virtual patients at every point */
    s.vary_params = s.vary_patient = 1;
    s.factory = calf_source_factory(&c->src);
    if (calf_mpi_size() > 1) { /* each rank runs a block of the point's patients */
        long chunk, nch;
        calf_cohort_chunking(s.n, &chunk, &nch);
        calf_mpi_block(nch, &s.chunk_lo, &s.chunk_hi);
    }
    calf_cohort_result r;
    memset(&r, 0, sizeof(r));
    int rc = calf_mpi_agree(calf_cohort_run(&s, &r, err), err);
    if (!rc)
        rc = calf_mpi_agree(calf_mpi_cohort_reduce(&r, err), err);
    if (rc) {
        calf_cohort_result_free(&r);
        return rc;
    }
    calf_cohort_finish(&r);
    const calf_cohort_protocol *p = &r.proto[0];
    long cnt[SC_SHARES] = {p->goal_n, p->injury_n, p->flare_n};
    for (int k = 0; k < SC_SHARES; k++) {
        v[3 * k] = (double)cnt[k] / (double)r.n;
        calf_wilson(cnt[k], r.n, &v[3 * k + 1], &v[3 * k + 2]);
    }
    for (int k = 0; k < 3; k++)
        v[3 * SC_SHARES + k] = p->mean[mean_index[k]];
    calf_cohort_result_free(&r);
    return CALF_OK;
}

static void header(FILE *fp, const calf_sweep_cohort *c, const char *sep)
{
    for (int i = 0; i < c->nvars; i++)
        fprintf(fp, "%s%s", i ? sep : "", c->vars[i].name);
    for (int k = 0; k < SC_SHARES; k++)
        fprintf(fp, "%s%s%s%s_lo%s%s_hi", sep, share_names[k], sep, share_names[k], sep,
                share_names[k]);
    for (int k = 0; k < 3; k++)
        fprintf(fp, "%s%s", sep, mean_names[k]);
}

static int write_files(const calf_sweep_cohort *c, const double *vs, calf_error *err)
{
    calf_afile csv, dat;
    int rc = calf_mkdirs(c->dir, err);
    if (!rc)
        rc = calf_afile_open_in(&csv, c->dir, "grid_cohort.csv", err);
    if (rc)
        return rc;
    if ((rc = calf_afile_open_in(&dat, c->dir, "grid_cohort.dat", err))) {
        calf_afile_abort(&csv);
        return rc;
    }
    for (int f = 0; f < 2; f++)
        fprintf(f ? dat.fp : csv.fp,
                "# calfsim %s; sweep of %s; cohort n: %ld; seed: %llu; param_hash: %016llx\n",
                CALF_VERSION, c->stem, c->n, (unsigned long long)c->seed,
                (unsigned long long)c->hash);
    header(csv.fp, c, ",");
    fputc('\n', csv.fp);
    fputs("# ", dat.fp); /* the column names, as a comment */
    header(dat.fp, c, " ");
    fputs(" goal_ci_width injury_ci_width\n", dat.fp);
    for (long p = 0; p < c->total; p++) {
        const double *x = c->xs + p * c->nvars, *v = vs + p * SC_COLS;
        for (int i = 0; i < c->nvars; i++) {
            fprintf(csv.fp, "%s%.6g", i ? "," : "", x[i]);
            fprintf(dat.fp, "%s%.6g", i ? " " : "", x[i]);
        }
        for (int k = 0; k < SC_COLS; k++) {
            calf_csv_put_number(csv.fp, v[k]);
            calf_dat_put_number(dat.fp, v[k]);
        }
        calf_dat_put_number(dat.fp, v[3 * SC_GOAL + 2] - v[3 * SC_GOAL + 1]);
        calf_dat_put_number(dat.fp, v[3 * SC_INJURY + 2] - v[3 * SC_INJURY + 1]);
        fputc('\n', csv.fp);
        fputc('\n', dat.fp);
        calf_sweep_dat_breaks(dat.fp, c->vars, c->nvars, p);
    }
    if ((rc = calf_afile_commit(&csv, err))) {
        calf_afile_abort(&dat);
        return rc;
    }
    return calf_afile_commit(&dat, err);
}

/* The figures: bands over one variable; heatmaps (or small multiples) of
 * P(goal) and P(injury) and of their interval widths over two (or three). */
static int figures(const calf_sweep_cohort *c, calf_error *err)
{
    char title[512];
    if (c->nvars == 1) {
        snprintf(title, sizeof(title),
                 "%s: cohort of %ld at each %s (95%% Wilson bands; model outputs, not a "
                 "patient's risk)",
                 c->name, c->n, c->vars[0].name);
        const char *args[] = {"grid_cohort.dat", title, "sweep_cohort", c->vars[0].name, NULL};
        return calf_cli_plot_fig(
            c->dir, "sweep_band.gp",
            "gnuplot -c sweep_band.gp grid_cohort.dat TITLE sweep_cohort XLABEL", args, 2, err);
    }
    /* columns after the nvars swept values: p_goal 1, p_injury 4, widths 13, 14 */
    static const int off[4] = {1, 4, 3 * SC_SHARES + 3 + 1, 3 * SC_SHARES + 3 + 2};
    static const char *const what[4] = {"P(goal)", "P(injury above threshold)",
                                        "width of the 95% interval of P(goal)",
                                        "width of the 95% interval of P(injury)"};
    static const char *const base[4] = {"sweep_cohort_p_goal", "sweep_cohort_p_injury",
                                        "sweep_cohort_p_goal_ci", "sweep_cohort_p_injury_ci"};
    int rc = CALF_OK;
    for (int f = 0; f < 4 && !rc; f++) {
        char col[16], np[16];
        snprintf(col, sizeof(col), "%d", c->nvars + off[f]);
        snprintf(title, sizeof(title), "%s: %s, cohort of %ld per point (model outputs)", c->name,
                 what[f], c->n);
        if (c->nvars == 2) {
            const char *args[] = {"grid_cohort.dat", title, base[f], c->vars[0].name,
                                  c->vars[1].name,   col,   NULL};
            rc = calf_cli_plot_fig(c->dir, "sweep_heatmap.gp",
                                   "gnuplot -c sweep_heatmap.gp grid_cohort.dat TITLE BASE XLABEL "
                                   "YLABEL COLUMN",
                                   args, 2, err);
        } else {
            snprintf(np, sizeof(np), "%d", c->vars[2].n);
            const char *args[] = {
                "grid_cohort.dat", title, base[f], c->vars[0].name, c->vars[1].name, col, np,
                c->vars[2].name,   NULL};
            rc = calf_cli_plot_fig(c->dir, "sweep_multiples.gp",
                                   "gnuplot -c sweep_multiples.gp grid_cohort.dat TITLE BASE "
                                   "XLABEL YLABEL COLUMN NPANELS PANELVAR",
                                   args, 2, err);
        }
    }
    return rc;
}

int calf_cli_sweep_cohort(const calf_sweep_cohort *c, calf_error *err)
{
    double *vs = malloc((size_t)c->total * SC_COLS * sizeof(double));
    if (!vs)
        return calf_error_set(err, CALF_EIO, "sweep --cohort: out of memory");
    int rc = CALF_OK;
    for (long p = 0; p < c->total && !rc; p++) {
        const double *x = c->xs + p * c->nvars;
        rc = run_point(c, x, vs + p * SC_COLS, err);
        if (rc) {
            char pre[256];
            int w = snprintf(pre, sizeof(pre), "sweep --cohort");
            for (int i = 0; i < c->nvars && w > 0 && (size_t)w < sizeof(pre); i++)
                w += snprintf(pre + w, sizeof(pre) - (size_t)w, "%s%s = %g", i ? ", " : " at ",
                              c->vars[i].name, x[i]);
            calf_error_prefix(err, pre);
        }
    }
    if (!rc && calf_mpi_rank() == 0) /* only rank 0 writes */
        rc = write_files(c, vs, err);
    if (!rc && c->plots && calf_mpi_rank() == 0)
        rc = figures(c, err);
    free(vs);
    return calf_mpi_agree(rc, err);
}
