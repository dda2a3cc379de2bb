/*
 * test_population.c: sampling a described population. 100,000 draws from
 * the per-patient streams of a cohort spec, against the specification:
 * - normal(13, 1) (habitual.easy_kmh): mean within 0.02, sd within 2%;
 * - normal(170, 8) (gait.cadence_spm), correlated 0.7 with the first through
 *   the Gaussian copula: Pearson correlation within 0.01 (standard error
 *   about 0.002);
 * - log-normal, median 5, sd of the log 0.5 (symptoms.onset_km): median
 *   within 2%, sd of the log within 0.01;
 * - uniform 20..60 (age): mean within 0.2, variance within 2% of 400/3;
 * - normal(10, 5) truncated to [5, 20] (heel_raise_reps): mean within 0.05 of
 *   the closed form mu + sd (phi(a) - phi(b)) / (Phi(b) - Phi(a)), every
 *   draw inside [5, 20];
 * - categorical 0.2 / 0.5 / 0.3 (symptoms.irritability): shares within
 *   0.005;
 * - a registry constant (tau_lag, uniform on 2..6) overrides its prior,
 *   and an invalid correlation matrix is refused.
 */
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_statistics_double.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cohort.h"
#include "population.h"

static calf_pop_var var(const char *name, int dist, double a, double b, double lo, double hi)
{
    calf_pop_var v;
    memset(&v, 0, sizeof(v));
    snprintf(v.target.name, sizeof(v.target.name), "%s", name);
    v.target.param = -1;
    if (strncmp(name, "patient.", 8) == 0)
        v.target.field = calf_patient_field_find(name + 8);
    else
        v.target.param = calf_params_find(name);
    v.dist = dist;
    v.a = a;
    v.b = b;
    v.lo = lo;
    v.hi = hi;
    return v;
}

int main(void)
{
    gsl_set_error_handler_off();
    static calf_population pop;
    calf_population_init(&pop);
    pop.v[pop.n++] = var("patient.habitual.easy_kmh", CALF_DIST_NORMAL, 13, 1, 6, 20);
    pop.v[pop.n++] = var("patient.gait.cadence_spm", CALF_DIST_NORMAL, 170, 8, 130, 210);
    pop.v[pop.n++] = var("patient.symptoms.onset_km", CALF_DIST_LOGNORMAL, log(5), 0.5, 0.1, 60);
    pop.v[pop.n++] = var("patient.age", CALF_DIST_UNIFORM, 0, 0, 20, 60);
    pop.v[pop.n++] = var("patient.heel_raise_reps", CALF_DIST_NORMAL, 10, 5, 5, 20);
    calf_pop_var c = var("patient.symptoms.irritability", CALF_DIST_CATEGORICAL, 0, 0, 0, 2);
    c.ncat = 3;
    c.cum[0] = 0.2, c.cum[1] = 0.7, c.cum[2] = 1;
    c.value[0] = 0, c.value[1] = 1, c.value[2] = 2;
    pop.v[pop.n++] = c;
    pop.v[pop.n++] = var("tau_lag", CALF_DIST_UNIFORM, 0, 0, 2, 6);
    for (int i = 0; i < pop.n; i++)
        CHECK(pop.v[i].target.param >= 0 || pop.v[i].target.field);
    pop.corr[0 * CALF_POP_MAX_VARS + 1] = pop.corr[1 * CALF_POP_MAX_VARS + 0] = 0.7;
    CHECK(calf_population_prepare(&pop, NULL) == CALF_OK);
    CHECK(pop.correlated);

    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    calf_patient_defaults(&s.pt);
    s.vary_params = 1;
    s.pop = &pop;
    s.seed = 9;
    const size_t n = 100000;
    double *x = malloc(n * 8 * sizeof(double));
    long cat[3] = {0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        calf_params par;
        calf_patient pt;
        CHECK(calf_cohort_draw(&s, (long)i, &par, &pt, NULL) == CALF_OK);
        x[0 * n + i] = pt.easy_kmh;
        x[1 * n + i] = pt.cadence_spm;
        x[2 * n + i] = log(pt.onset_km);
        x[3 * n + i] = pt.age;
        x[4 * n + i] = pt.heel_raise_reps;
        x[5 * n + i] = par.v[CALF_P_TAU_LAG];
        cat[pt.irritability]++;
        if (pt.heel_raise_reps < 5 || pt.heel_raise_reps > 20)
            CHECK(0);
        if (par.v[CALF_P_TAU_LAG] < 2 || par.v[CALF_P_TAU_LAG] > 6)
            CHECK(0);
    }
    CHECK_ABS(gsl_stats_mean(x, 1, n), 13, 0.02);
    CHECK_REL(gsl_stats_sd(x, 1, n), 1, 0.02);
    CHECK_ABS(gsl_stats_mean(x + n, 1, n), 170, 0.16);
    CHECK_REL(gsl_stats_sd(x + n, 1, n), 8, 0.02);
    CHECK_ABS(gsl_stats_correlation(x, 1, x + n, 1, n), 0.7, 0.01);
    CHECK_ABS(gsl_stats_mean(x + 2 * n, 1, n), log(5), 0.02); /* median = exp(mean of log) */
    CHECK_ABS(gsl_stats_sd(x + 2 * n, 1, n), 0.5, 0.01);
    CHECK_ABS(gsl_stats_mean(x + 3 * n, 1, n), 40, 0.2);
    CHECK_REL(gsl_stats_variance(x + 3 * n, 1, n), 400.0 / 3, 0.02);
    double a = (5 - 10) / 5.0, b = (20 - 10) / 5.0;
    double tm = 10 + 5 * (gsl_ran_ugaussian_pdf(a) - gsl_ran_ugaussian_pdf(b)) /
                         (gsl_cdf_ugaussian_P(b) - gsl_cdf_ugaussian_P(a));
    CHECK_ABS(gsl_stats_mean(x + 4 * n, 1, n), tm, 0.05);
    CHECK_ABS(gsl_stats_mean(x + 5 * n, 1, n), 4, 0.02);
    CHECK_ABS((double)cat[0] / n, 0.2, 0.005);
    CHECK_ABS((double)cat[1] / n, 0.5, 0.005);
    CHECK_ABS((double)cat[2] / n, 0.3, 0.005);
    /* uncorrelated variables stay uncorrelated */
    CHECK_ABS(gsl_stats_correlation(x, 1, x + 3 * n, 1, n), 0, 0.015);
    /* determinism per (seed, index) */
    calf_params p1, p2;
    calf_patient q1, q2;
    calf_cohort_draw(&s, 77, &p1, &q1, NULL);
    calf_cohort_draw(&s, 77, &p2, &q2, NULL);
    CHECK(memcmp(&p1, &p2, sizeof(p1)) == 0 && q1.easy_kmh == q2.easy_kmh);
    /* contradictory correlations are refused */
    pop.corr[0 * CALF_POP_MAX_VARS + 2] = pop.corr[2 * CALF_POP_MAX_VARS + 0] = 0.9;
    pop.corr[1 * CALF_POP_MAX_VARS + 2] = pop.corr[2 * CALF_POP_MAX_VARS + 1] = -0.9;
    calf_error e = {0};
    CHECK(calf_population_prepare(&pop, &e) == CALF_EINPUT);
    CHECK(strstr(e.msg, "positive definite") != NULL);
    free(x);
    CHECK_DONE();
}
