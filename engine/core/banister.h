/*
 * banister.h: the Banister impulse-response model (MODEL.md section 7) and its
 * fit to performance tests. Inclusive convention: day t's load counts in day
 * t's prediction,
 *     G_t = G_{t-1} e^{-1/tau1} + L_t,   H_t = H_{t-1} e^{-1/tau2} + L_t,
 *     p_t = p0 + k1 G_t - k2 H_t,        G_0 = H_0 = 0 before day 1.
 * Data are days 1..ndays with a load each (0 when nothing was recorded) and a
 * performance test on some days. The fit is nonlinear least squares
 * (gsl_multifit_nlinear, trust region) in transformed coordinates that keep
 * k1, k2 > 0, tau2 > 0 and tau1 > tau2, started from a grid of tau pairs with
 * p0, k1, k2 from a linear least-squares solve at each pair.
 */
#ifndef CALF_BANISTER_H
#define CALF_BANISTER_H

#include <stddef.h>

#include "csv.h"
#include "error.h"
#include "params.h"

enum { CALF_BN_P0, CALF_BN_K1, CALF_BN_K2, CALF_BN_TAU1, CALF_BN_TAU2, CALF_BN_COUNT };
/* "p0", "k1", "k2", "tau1", "tau2" */
extern const char *const calf_banister_names[CALF_BN_COUNT];

#define CALF_BANISTER_MAX_WARN 8

typedef struct calf_banister_data {
    size_t ndays;  /* days 1..ndays */
    double *load;  /* load[t-1] is day t's load */
    double *perf;  /* perf[t-1] is day t's test, NAN when none */
    size_t ntests; /* days with a test */
} calf_banister_data;

/* Which parameters --fix holds, and at what value. */
typedef struct calf_banister_fix {
    int fixed[CALF_BN_COUNT];
    double value[CALF_BN_COUNT];
} calf_banister_fix;

typedef struct calf_banister_result {
    double theta[CALF_BN_COUNT]; /* p0, k1, k2, tau1, tau2 */
    double se[CALF_BN_COUNT];    /* standard errors; NAN when fixed or not estimable */
    int fixed[CALF_BN_COUNT];
    int fitted;     /* 1 for fit, 0 for predict */
    int n_free;     /* fitted parameters */
    size_t n_tests; /* days with a test */
    double sse;     /* sum of squared residuals over tests */
    double r2;      /* 1 - SSE/SST; NAN when undefined (fewer than 2 tests or SST = 0) */
    double rmse;    /* sqrt(SSE / n_tests); NAN without tests */
    size_t ndays;
    double *pred;  /* [ndays] predicted performance */
    double *g;     /* [ndays] fitness impulse G */
    double *h;     /* [ndays] fatigue impulse H */
    int starts;    /* fit: starts tried */
    int starts_ok; /* fit: starts that ended with a finite SSE */
    int n_warn;
    char warn[CALF_BANISTER_MAX_WARN][256];
} calf_banister_result;

/* One inclusive step from (g, h) with load w. */
void calf_banister_step(double g, double h, double w, double tau1, double tau2, double *g_out,
                        double *h_out);

int calf_banister_data_alloc(calf_banister_data *d, size_t ndays, calf_error *err);
void calf_banister_data_free(calf_banister_data *d);
/* Build data from a parsed CSV. day_col may be NULL (rows are days 1, 2, ...).
 * With a day column: day numbers are whole numbers >= 1, days missing count
 * as zero load, loads of repeated days add up, two tests on one day are an
 * error. A blank load is zero; a blank performance is a training-only day.
 * Errors name file, line and column. */
int calf_banister_data_from_csv(const calf_csv *csv, const char *load_col, const char *perf_col,
                                const char *day_col, calf_banister_data *d, calf_error *err);

/* Parse "name=value" into fix (names as calf_banister_names; tau > 0, k >= 0). */
int calf_banister_fix_parse(calf_banister_fix *fix, const char *kv, calf_error *err);
/* Check theta for prediction: finite, k >= 0, tau > 0. */
int calf_banister_check_theta(const double theta[CALF_BN_COUNT], calf_error *err);

/* Predict with the given parameters; fills pred/g/h and the test statistics
 * (standard errors NAN). Free with calf_banister_result_free. */
int calf_banister_predict(const calf_banister_data *d, const double theta[CALF_BN_COUNT],
                          calf_banister_result *res, calf_error *err);
/* Fit the parameters not held by fix (fix may be NULL). par gives the tau
 * search range and start grid (NULL: registry defaults). */
int calf_banister_fit(const calf_banister_data *d, const calf_banister_fix *fix,
                      const calf_params *par, calf_banister_result *res, calf_error *err);
void calf_banister_result_free(calf_banister_result *res);

#endif
