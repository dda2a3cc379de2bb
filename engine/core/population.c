/*
 * population.c: marginals, the Gaussian copula and sampling of a described
 * population (population.h).
 */
#include "population.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <string.h>

const char *const calf_dist_names[] = {"normal", "lognormal", "uniform", "categorical", NULL};

void calf_population_init(calf_population *p)
{
    memset(p, 0, sizeof(*p));
    for (int i = 0; i < CALF_POP_MAX_VARS; i++)
        p->corr[i * CALF_POP_MAX_VARS + i] = 1;
}

int calf_population_find(const calf_population *p, const char *name)
{
    for (int i = 0; i < p->n; i++)
        if (strcmp(p->v[i].target.name, name) == 0)
            return i;
    return -1;
}

int calf_population_prepare(calf_population *p, calf_error *err)
{
    const int w = CALF_POP_MAX_VARS, n = p->n;
    p->correlated = 0;
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++) {
            double r = p->corr[i * w + k];
            if (i == k ? r != 1 : (!(fabs(r) < 1) || r != p->corr[k * w + i]))
                return calf_error_set(err, CALF_EINPUT,
                                      "correlation of %s and %s = %g: needs -1 < r < 1 (and the "
                                      "same both ways)",
                                      p->v[i].target.name, p->v[k].target.name, r);
            if (i != k && r != 0)
                p->correlated = 1;
        }
    if (!p->correlated || n == 0)
        return CALF_OK;
    gsl_matrix_view m = gsl_matrix_view_array(p->chol, (size_t)n, (size_t)n);
    for (int i = 0; i < n; i++)
        for (int k = 0; k < n; k++)
            gsl_matrix_set(&m.matrix, (size_t)i, (size_t)k, p->corr[i * w + k]);
    if (gsl_linalg_cholesky_decomp1(&m.matrix) != GSL_SUCCESS)
        return calf_error_set(err, CALF_EINPUT,
                              "the correlations do not form a valid correlation matrix (not "
                              "positive definite): some pairs contradict each other");
    for (int i = 0; i < n; i++) /* keep the lower factor, zeros above */
        for (int k = i + 1; k < n; k++)
            gsl_matrix_set(&m.matrix, (size_t)i, (size_t)k, 0);
    return CALF_OK;
}

double calf_trunc_normal_q(double u, double mu, double sd, double lo, double hi)
{
    if (!(sd > 0))
        return mu < lo ? lo : (mu > hi ? hi : mu);
    double a = isfinite(lo) ? gsl_cdf_ugaussian_P((lo - mu) / sd) : 0;
    double b = isfinite(hi) ? gsl_cdf_ugaussian_P((hi - mu) / sd) : 1;
    double p = a + u * (b - a);
    double x = p > 0 && p < 1 ? mu + sd * gsl_cdf_ugaussian_Pinv(p) : (u < 0.5 ? lo : hi);
    return x < lo ? lo : (x > hi ? hi : x);
}

double calf_pop_quantile(const calf_pop_var *v, double u)
{
    double x;
    switch (v->dist) {
    case CALF_DIST_NORMAL:
        x = calf_trunc_normal_q(u, v->a, v->b, v->lo, v->hi);
        break;
    case CALF_DIST_LOGNORMAL:
        x = exp(calf_trunc_normal_q(u, v->a, v->b, log(v->lo), log(v->hi)));
        break;
    case CALF_DIST_UNIFORM:
        x = v->lo + u * (v->hi - v->lo);
        break;
    default: {
        int k = 0;
        while (k + 1 < v->ncat && u >= v->cum[k])
            k++;
        return v->value[k];
    }
    }
    if (v->round)
        x = floor(x + 0.5);
    return x < v->lo ? v->lo : (x > v->hi ? v->hi : x);
}

void calf_pop_set(const calf_pop_var *v, double x, calf_params *par, calf_patient *pt)
{
    const calf_cohort_input *t = &v->target;
    if (t->param >= 0)
        par->v[t->param] = x;
    else if (t->field->type == CALF_PF_ENUM)
        *(int *)((char *)pt + t->field->offset) = (int)x;
    else
        *(double *)((char *)pt + t->field->offset) = x;
}

void calf_population_draw(const calf_population *p, gsl_rng *r, calf_params *par, calf_patient *pt)
{
    const int n = p->n;
    double e[CALF_POP_MAX_VARS], z[CALF_POP_MAX_VARS];
    for (int i = 0; i < n; i++)
        e[i] = gsl_ran_gaussian_ziggurat(r, 1);
    for (int i = 0; i < n; i++) {
        if (!p->correlated) {
            z[i] = e[i];
            continue;
        }
        double s = 0;
        for (int k = 0; k <= i; k++)
            s += p->chol[i * n + k] * e[k]; /* the factor is n x n, row-major */
        z[i] = s;
    }
    for (int i = 0; i < n; i++) {
        double u = gsl_cdf_ugaussian_P(z[i]);
        u = u < 1e-15 ? 1e-15 : (u > 1 - 1e-15 ? 1 - 1e-15 : u);
        calf_pop_set(&p->v[i], calf_pop_quantile(&p->v[i], u), par, pt);
    }
}
