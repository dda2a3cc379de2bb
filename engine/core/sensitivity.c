/*
 * sensitivity.c: a sensitivity analysis run through the cohort engine's
 * design mode (sensitivity.h).
 */
#include "sensitivity.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct design {
    const calf_sens_spec *s;
    const double *base; /* Sobol: n rows of 2d (A then B); PRCC: n rows of d */
    double *y;          /* evaluations x metrics */
    unsigned char *bad; /* per evaluation: 1 when the point had no output */
} design;

/* Unit-cube coordinate k of evaluation i. */
static double coord(const design *g, long i, int k)
{
    int d = g->s->nin;
    if (g->s->method == CALF_SENS_PRCC)
        return g->base[(size_t)i * (size_t)d + (size_t)k];
    long row = i / (d + 2), which = i % (d + 2);
    const double *ab = g->base + (size_t)row * 2 * (size_t)d;
    if (which == 1 || (which >= 2 && which - 2 == k))
        return ab[d + k]; /* B, or AB^k's column k */
    return ab[k];
}

static void point(void *ud, long i, calf_params *par, calf_patient *pt)
{
    const design *g = ud;
    const calf_sens_spec *s = g->s;
    for (int k = 0; k < s->nin; k++) {
        double x = calf_cohort_input_quantile(&s->cohort, &s->in[k], coord(g, i, k));
        if (s->in[k].param >= 0)
            par->v[s->in[k].param] = x;
        else if (s->in[k].field->type == CALF_PF_ENUM)
            *(int *)((char *)pt + s->in[k].field->offset) = (int)x;
        else
            *(double *)((char *)pt + s->in[k].field->offset) = x;
    }
}

static void outcome(void *ud, long i, const calf_summary *sums)
{
    design *g = ud;
    g->bad[i] = sums == NULL;
    for (int j = 0; j < g->s->nmetrics; j++)
        g->y[(size_t)i * CALF_SENS_MAX_METRICS + (size_t)j] =
            sums ? calf_metric_ref_value(&g->s->metric[j], &sums[0]) : NAN;
}

void calf_sens_result_free(calf_sens_result *r)
{
    for (int j = 0; j < CALF_SENS_MAX_METRICS; j++)
        free(r->m[j].v);
    memset(r, 0, sizeof(*r));
}

/* The indices of metric j from the outputs. */
static int indices(const calf_sens_spec *s, const design *g, long np, int j, calf_sens_metric *m,
                   calf_error *err)
{
    int d = s->nin;
    double *y = malloc((size_t)np * sizeof(double));
    m->v = malloc((size_t)d * sizeof(*m->v));
    if (!y || !m->v) {
        free(y);
        return calf_error_set(err, CALF_EIO, "sensitivity: out of memory");
    }
    for (long i = 0; i < np; i++)
        y[i] = g->y[(size_t)i * CALF_SENS_MAX_METRICS + (size_t)j];
    int rc;
    if (s->method == CALF_SENS_SOBOL) {
        calf_sobol_result r;
        rc = calf_sobol_indices(s->n, d, y, s->nboot, s->cohort.seed, &r, err);
        if (!rc) {
            for (int k = 0; k < d; k++) {
                m->v[k][0] = r.first[k], m->v[k][1] = r.first_lo[k], m->v[k][2] = r.first_hi[k];
                m->v[k][3] = r.total[k], m->v[k][4] = r.total_lo[k], m->v[k][5] = r.total_hi[k];
            }
            m->n_used = r.n_used, m->mean = r.mean, m->var = r.var;
            calf_sobol_result_free(&r);
        }
    } else {
        double *p = malloc((size_t)d * 3 * sizeof(double));
        rc = p ? calf_prcc(np, d, g->base, y, p, p + d, p + 2 * d, &m->n_used, err)
               : calf_error_set(err, CALF_EIO, "sensitivity: out of memory");
        if (!rc) {
            double sum = 0, sum2 = 0;
            long k0 = 0;
            for (long i = 0; i < np; i++)
                if (isfinite(y[i]))
                    sum += y[i], sum2 += y[i] * y[i], k0++;
            m->mean = k0 ? sum / (double)k0 : NAN;
            m->var = k0 ? sum2 / (double)k0 - m->mean * m->mean : NAN;
            for (int k = 0; k < d; k++) {
                m->v[k][0] = p[k], m->v[k][1] = p[d + k], m->v[k][2] = p[2 * d + k];
                m->v[k][3] = m->v[k][4] = m->v[k][5] = NAN;
            }
        }
        free(p);
    }
    free(y);
    return rc;
}

long calf_sens_points(const calf_sens_spec *s)
{
    return s->method == CALF_SENS_SOBOL ? s->n * (s->nin + 2) : s->n;
}

int calf_sens_run(const calf_sens_spec *s, calf_sens_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    int d = s->nin;
    if (d < 1 || s->nmetrics < 1 || s->nmetrics > CALF_SENS_MAX_METRICS || s->n < 3)
        return calf_error_set(err, CALF_EUSAGE,
                              "sensitivity: needs at least one input, 1 to %d metrics and n >= 3",
                              CALF_SENS_MAX_METRICS);
    long np = calf_sens_points(s);
    double *base = malloc((size_t)s->n * (size_t)d * 2 * sizeof(double));
    double *y = calloc((size_t)np * CALF_SENS_MAX_METRICS, sizeof(double));
    unsigned char *bad = calloc((size_t)np, 1);
    int rc = CALF_OK, combined = 0;
    if (!base || !y || !bad) {
        rc = calf_error_set(err, CALF_EIO, "sensitivity: out of memory");
        goto done;
    }
    if (s->method == CALF_SENS_SOBOL) {
        rc = calf_sobol_base(s->n, d, s->cohort.seed, base, &r->sequence, err);
    } else {
        rc = calf_lhs_design(s->n, d, s->cohort.seed, base, err);
        r->sequence = "lhs";
    }
    if (rc)
        goto done;
    design g = {s, base, y, bad};
    calf_cohort_spec cs = s->cohort;
    cs.n = np;
    cs.point = point;
    cs.outcome = outcome;
    cs.point_ud = &g;
    cs.patients = NULL;
    calf_cohort_result cr;
    rc = calf_cohort_run(&cs, &cr, err);
    if (!rc)
        calf_cohort_result_free(&cr);
    combined = 1;
    if (s->combine) /* also after a failure: the other processes wait for this one */
        rc = s->combine(s->combine_ud, rc, y, (size_t)np * CALF_SENS_MAX_METRICS, bad, (size_t)np,
                        err);
    if (rc || s->not_root)
        goto done;
    r->method = s->method;
    r->nin = d;
    r->nmetrics = s->nmetrics;
    r->n = s->n;
    r->evaluations = np;
    for (long i = 0; i < np; i++)
        r->failed_points += bad[i];
    for (int j = 0; j < s->nmetrics && !rc; j++)
        rc = indices(s, &g, np, j, &r->m[j], err);
done:
    if (!combined && s->combine) /* failed before evaluating: tell the others */
        rc = s->combine(s->combine_ud, rc ? rc : CALF_EIO, NULL, 0, NULL, 0, err);
    free(base);
    free(y);
    free(bad);
    if (rc)
        calf_sens_result_free(r);
    return rc;
}
