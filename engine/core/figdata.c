/*
 * figdata.c: writers of the comparison figures' data files and the
 * distance x speed x recovery-days computation of figure 6 (see figdata.h).
 */
#include "figdata.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void header(FILE *fp, const char *what, const calf_run_meta *meta)
{
    fprintf(fp, "# calfsim %s; %s; seed: %llu; param_hash: %016llx\n", CALF_VERSION, what,
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
}

/* One row of a per-protocol series file (no newline). */
typedef void (*row_fn)(FILE *fp, const calf_trace *t, int i, const calf_model *m, int k,
                       const void *ud);

/* A file of one block per protocol (two blank lines apart, gnuplot's index),
 * each a row per day, after the header and the columns line. */
static int write_blocks(const char *path, int n, const calf_trace *const traces[],
                        const calf_model *m, const calf_run_meta *meta, const char *what,
                        const char *columns, row_fn row, const void *ud, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    header(fp, what, meta);
    fputs(columns, fp);
    for (int k = 0; k < n; k++) {
        const calf_trace *t = traces[k];
        if (k)
            fputs("\n\n", fp);
        fprintf(fp, "# protocol %d\n", k + 1);
        for (int i = 0; i < t->n; i++) {
            row(fp, t, i, m, k, ud);
            fputc('\n', fp);
        }
    }
    return calf_afile_commit(&af, err);
}

/* Running km over the `span` days ending with row i. */
static double km_window(const calf_trace *t, int i, int span)
{
    double s = 0;
    for (int j = i; j >= 0 && j > i - span; j--)
        s += t->rows[j].run_km;
    return s;
}

static void daily_row(FILE *fp, const calf_trace *t, int i, const calf_model *m, int k,
                      const void *ud)
{
    const calf_trace_row *r = &t->rows[i];
    const calf_figdata_bands *b = ud;
    int active = r->run_km > 0 || r->walk_km > 0;
    fprintf(fp, "%d %d", r->day, r->week);
    calf_dat_put_number(fp, r->capacity);
    calf_dat_put_number(fp, r->capacity_eff);
    calf_dat_put_number(fp, active && r->peak_force_bw > 0 ? r->peak_force_bw : NAN);
    calf_dat_put_number(fp, r->run_km);
    calf_dat_put_number(fp, r->sessions > 0 ? r->pain_during_max : NAN);
    calf_dat_put_number(fp, r->pain_morning);
    calf_dat_put_number(fp, r->onset_easy_km);
    calf_dat_put_number(fp, r->onset_km);
    calf_dat_put_number(fp, r->ctl);
    calf_dat_put_number(fp, r->atl);
    calf_dat_put_number(fp, r->tsb);
    calf_dat_put_number(fp, r->acwr_ewma);
    calf_dat_put_number(fp, m->par.v[CALF_P_PAIN_LIMIT]);
    calf_dat_put_number(fp, m->c_h);
    fprintf(fp, " %d", r->quality_runs);
    calf_dat_put_number(fp, m->pt.goal_long_run_km);
    /* the same running in a clinician's units: km in the last 7 days, mean km
     * per week over the last 42 days, and the easy speed that turns km into
     * minutes */
    calf_dat_put_number(fp, km_window(t, i, 7));
    calf_dat_put_number(fp, km_window(t, i, 42) * 7.0 / (i + 1 < 42 ? i + 1 : 42));
    calf_dat_put_number(fp, m->pt.easy_kmh);
    int have = b && b->v && k < b->n && i < b->days;
    fprintf(fp, " %d", have);
    for (int c = 0; c < CALF_FIGBAND_COLS; c++)
        calf_dat_put_number(
            fp,
            have ? b->v[((size_t)k * (size_t)b->days + (size_t)i) * CALF_FIGBAND_COLS + (size_t)c]
                 : NAN);
}

int calf_figdata_write_daily(const char *path, int n, const calf_trace *const traces[],
                             const calf_model *m, const calf_run_meta *meta, calf_error *err)
{
    return calf_figdata_write_daily_bands(path, n, traces, m, meta, NULL, err);
}

int calf_figdata_write_daily_bands(const char *path, int n, const calf_trace *const traces[],
                                   const calf_model *m, const calf_run_meta *meta,
                                   const calf_figdata_bands *bands, calf_error *err)
{
    return write_blocks(
        path, n, traces, m, meta,
        "comparison, daily series, one block per protocol in compare.csv order",
        "# day week capacity capacity_eff peak_demand run_km pain_during pain_morning "
        "onset_easy_km onset_km ctl atl tsb acwr_ewma pain_limit capacity_healthy "
        "quality_runs goal_long_run_km km_7d km_per_week_42d easy_kmh cohort_band "
        "capacity_p10 capacity_p90 pain_morning_p10 pain_morning_p90 km_7d_p10 km_7d_p90 "
        "onset_easy_km_p10 onset_easy_km_p90\n",
        daily_row, bands, err);
}

int calf_figdata_period_weeks(int weeks)
{
    return weeks <= 26 ? 1 : weeks <= 104 ? 4 : weeks <= 260 ? 13 : 26;
}

/* Block 1 of compare_weekly.dat: the bars figure 2 draws. Up to 26 weeks a
 * bar is a week; longer runs are cut into periods of 4, 13 or 26 weeks
 * (calf_figdata_period_weeks) and a bar is the mean km per week over its
 * period, so the goal line keeps its unit. */
static int write_periods(FILE *fp, int n, const calf_trace *const traces[], int weeks,
                         double goal_km)
{
    int per = calf_figdata_period_weeks(weeks);
    double *km = calloc((size_t)(weeks + 1) * (size_t)(n > 0 ? n : 1), sizeof(*km));
    int *q = calloc((size_t)(weeks + 1) * (size_t)(n > 0 ? n : 1), sizeof(*q));
    if (!km || !q) {
        free(km);
        free(q);
        return -1;
    }
    for (int k = 0; k < n; k++)
        for (int i = 0; i < traces[k]->n; i++) {
            const calf_trace_row *r = &traces[k]->rows[i];
            if (r->week < 1 || r->week > weeks)
                continue;
            km[(size_t)k * (size_t)(weeks + 1) + (size_t)r->week] += r->run_km;
            q[(size_t)k * (size_t)(weeks + 1) + (size_t)r->week] += r->quality_runs;
        }
    fprintf(fp,
            "\n\n# block 1: the bars of figure 2, periods of %d week(s): first_week last_week "
            "middle, then per protocol mean km per week and weeks with a quality run, then "
            "goal_km\n",
            per);
    for (int w0 = 1; w0 <= weeks; w0 += per) {
        int w1 = w0 + per - 1 > weeks ? weeks : w0 + per - 1;
        fprintf(fp, "%d %d", w0, w1);
        calf_dat_put_number(fp, 0.5 * (w0 + w1));
        for (int k = 0; k < n; k++) {
            double sum = 0;
            int qw = 0;
            for (int w = w0; w <= w1; w++) {
                sum += km[(size_t)k * (size_t)(weeks + 1) + (size_t)w];
                qw += q[(size_t)k * (size_t)(weeks + 1) + (size_t)w] > 0;
            }
            calf_dat_put_number(fp, sum / (double)(w1 - w0 + 1));
            fprintf(fp, " %d", qw);
        }
        calf_dat_put_number(fp, goal_km);
        fputc('\n', fp);
    }
    free(km);
    free(q);
    return 0;
}

int calf_figdata_write_weekly(const char *path, int n, const calf_trace *const traces[],
                              double goal_km, const calf_run_meta *meta, calf_error *err)
{
    int weeks = 0;
    for (int k = 0; k < n; k++)
        if (traces[k]->n > 0 && traces[k]->rows[traces[k]->n - 1].week > weeks)
            weeks = traces[k]->rows[traces[k]->n - 1].week;
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    header(fp, "comparison, weekly run km and quality runs per protocol", meta);
    fputs("# week", fp);
    for (int k = 0; k < n; k++)
        fprintf(fp, " km_%d quality_%d", k + 1, k + 1);
    fputs(" goal_km", fp);
    fputc('\n', fp);
    for (int w = 1; w <= weeks; w++) {
        fprintf(fp, "%d", w);
        for (int k = 0; k < n; k++) {
            double km = 0;
            int q = 0, any = 0;
            for (int i = 0; i < traces[k]->n; i++) {
                const calf_trace_row *r = &traces[k]->rows[i];
                if (r->week != w)
                    continue;
                any = 1;
                km += r->run_km;
                q += r->quality_runs;
            }
            calf_dat_put_number(fp, any ? km : NAN);
            fprintf(fp, " %d", q);
        }
        calf_dat_put_number(fp, goal_km);
        fputc('\n', fp);
    }
    rc = write_periods(fp, n, traces, weeks, goal_km);
    if (rc) {
        calf_afile_abort(&af);
        return calf_error_set(err, CALF_EIO, "%s: out of memory", path);
    }
    return calf_afile_commit(&af, err);
}

void calf_interaction_free(calf_interaction *x)
{
    free(x->pain_morning);
    free(x->pain_during);
    x->pain_morning = x->pain_during = NULL;
}

static void run_session(calf_session *s, double km, double kmh)
{
    calf_session_init(s, CALF_K_RUN);
    s->nseg = 1;
    s->seg[0].km = km;
    s->seg[0].kmh = kmh;
    s->seg[0].walk = 0;
}

int calf_interaction_compute(const calf_model *m, calf_interaction *x, calf_error *err)
{
    memset(x, 0, sizeof(*x));
    const calf_patient *pt = &m->pt;
    calf_state st0;
    calf_model_initial_state(m, &st0);
    double onset = calf_model_onset_easy_km(m, &st0);
    double per_run = pt->runs_per_week > 0 ? pt->km_per_week / pt->runs_per_week : 5;
    double prec = onset < per_run ? onset : per_run;
    prec = floor(prec * 10 + 0.5) / 10;
    if (!(prec >= 0.5))
        prec = 0.5;
    x->prec_km = prec;
    x->prec_kmh = pt->easy_kmh;
    x->pain_limit = m->par.v[CALF_P_PAIN_LIMIT];

    /* Distances up to the goal's long run, but no further than three times the
     * intake onset distance: beyond that every cell is at the pain ceiling. */
    double kmax = pt->goal_long_run_km;
    if (isfinite(onset) && kmax > 3 * onset)
        kmax = 3 * onset;
    if (kmax < 2 * prec)
        kmax = 2 * prec;
    if (kmax < 4)
        kmax = 4;
    x->n_km = 25;
    x->km0 = 0.5;
    x->dkm = (kmax - x->km0) / (x->n_km - 1);
    x->n_kmh = 29;
    x->kmh0 = pt->easy_kmh - 2 < 6 ? 6 : pt->easy_kmh - 2;
    x->dkmh = 0.25;

    size_t cells = (size_t)CALF_IX_REST * (size_t)x->n_km * (size_t)x->n_kmh;
    x->pain_morning = malloc(cells * sizeof(double));
    x->pain_during = malloc(cells * sizeof(double));
    calf_session *sess = malloc(2 * sizeof(calf_session));
    if (!x->pain_morning || !x->pain_during || !sess) {
        free(sess);
        calf_interaction_free(x);
        return calf_error_set(err, CALF_EIO, "interaction grid: out of memory");
    }
    int rc = CALF_OK;
    /* the state after the preceding run and r rest days is shared by every cell */
    calf_state after[CALF_IX_REST];
    calf_state st = st0;
    calf_day_plan day = {0};
    calf_day_result res;
    run_session(&sess[0], x->prec_km, x->prec_kmh);
    day.n = 1;
    day.s[0] = &sess[0];
    rc = calf_model_day(m, &st, &day, &res, err);
    calf_day_plan rest = {0};
    for (int r = 0; r < CALF_IX_REST && !rc; r++) {
        after[r] = st;
        if (r + 1 < CALF_IX_REST)
            rc = calf_model_day(m, &st, &rest, &res, err);
    }
    size_t idx = 0;
    for (int r = 0; r < CALF_IX_REST && !rc; r++) {
        for (int j = 0; j < x->n_kmh && !rc; j++) {
            for (int i = 0; i < x->n_km && !rc; i++, idx++) {
                calf_state s = after[r];
                run_session(&sess[1], x->km0 + i * x->dkm, x->kmh0 + j * x->dkmh);
                day.s[0] = &sess[1];
                rc = calf_model_day(m, &s, &day, &res, err);
                if (rc)
                    break;
                x->pain_during[idx] = res.pain_during;
                x->pain_morning[idx] = calf_model_pain(m, &s);
            }
        }
    }
    free(sess);
    if (rc) {
        calf_error_prefix(err, "interaction grid");
        calf_interaction_free(x);
    }
    return rc;
}

int calf_interaction_write(const char *path, const calf_interaction *x, const calf_run_meta *meta,
                           calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    header(fp, "distance x speed x recovery days (figure 6)", meta);
    fprintf(fp,
            "# preceding run: %.6g km at %.6g km/h on day 1; then 0, 1 or 2 rest days "
            "(blocks 0, 1, 2); then one run of km at kmh\n",
            x->prec_km, x->prec_kmh);
    fprintf(fp, "# pain_limit %.6g\n# km kmh pain_next_morning pain_during pain_limit\n",
            x->pain_limit);
    size_t idx = 0;
    for (int r = 0; r < CALF_IX_REST; r++) {
        if (r)
            fputs("\n\n", fp);
        fprintf(fp, "# recovery days: %d\n", r);
        for (int j = 0; j < x->n_kmh; j++) {
            if (j)
                fputc('\n', fp);
            for (int i = 0; i < x->n_km; i++, idx++) {
                fprintf(fp, "%.6g %.6g", x->km0 + i * x->dkm, x->kmh0 + j * x->dkmh);
                calf_dat_put_number(fp, x->pain_morning[idx]);
                calf_dat_put_number(fp, x->pain_during[idx]);
                calf_dat_put_number(fp, x->pain_limit);
                fputc('\n', fp);
            }
        }
    }
    return calf_afile_commit(&af, err);
}

static void hidden_row(FILE *fp, const calf_trace *t, int i, const calf_model *m, int k,
                       const void *ud)
{
    (void)k;
    (void)ud;
    /* the state at the start of the day: the trace's end of the day before
     * (NaN on day 1), with the capacity available during the day */
    const calf_trace_row *r = &t->rows[i], *e = i > 0 ? &t->rows[i - 1] : NULL;
    fprintf(fp, "%d", r->day);
    calf_dat_put_number(fp, e ? 100.0 * e->capacity / m->c_h : NAN);
    calf_dat_put_number(fp, 100.0 * r->capacity_eff / m->c_h);
    calf_dat_put_number(fp, e ? e->sensitisation : NAN);
    calf_dat_put_number(fp, e ? e->damage : NAN);
    calf_dat_put_number(fp, e ? e->fatigue_acute : NAN);
    calf_dat_put_number(fp, e ? e->irritation : NAN);
}

int calf_figdata_write_hidden(const char *path, int n, const calf_trace *const traces[],
                              const calf_model *m, const calf_run_meta *meta, calf_error *err)
{
    return write_blocks(path, n, traces, m, meta,
                        "comparison, hidden state (model internals) at the start of each day, "
                        "one block per protocol",
                        "# day capacity_pct_healthy capacity_eff_pct_healthy sensitisation damage "
                        "fatigue_acute irritation\n",
                        hidden_row, NULL, err);
}
