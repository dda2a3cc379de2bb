/*
 * test_gsa.c: global sensitivity estimators against functions whose
 * indices are known analytically.
 * - Ishigami (a = 7, b = 0.1, inputs uniform on [-pi, pi]; Saltelli et al.
 *   2008, "Global sensitivity analysis: the primer"): S1 0.3139, S2 0.4424,
 *   S3 0, ST1 0.5576, ST2 0.4424, ST3 0.2437, computed here from the
 *   closed-form variances; N = 8192 rows, every index within 0.02 and inside
 *   its bootstrap 95% interval.
 * - A linear additive model y = sum a_i x_i (x_i uniform on [0, 1]):
 *   S_i = ST_i = a_i^2 / sum a_j^2, within 0.01 on the Sobol sequence
 *   (3 inputs) and within 0.02 on pseudo-random points (25 inputs, 2d > 40).
 * - Determinism: the same seed gives the same bits, another seed other
 *   numbers; rows with a NAN output are dropped and counted.
 * - PRCC of y = x1 + 2 x2 + 0 x3 - 3 x4 + e (e normal, sd 0.5; 4000 points):
 *   within 0.05 of the partial correlation a_i s / sqrt(a_i^2 s^2 + 0.25),
 *   s^2 = 1/12 (ranks of uniform inputs are linear in them); the null input
 *   within 0.05 of 0 with an interval holding 0; signs right.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "gsa.h"

#define PI 3.14159265358979323846

static double ishigami(const double *u)
{
    double x[3];
    for (int i = 0; i < 3; i++)
        x[i] = -PI + 2 * PI * u[i];
    return sin(x[0]) + 7 * sin(x[1]) * sin(x[1]) + 0.1 * pow(x[2], 4) * sin(x[0]);
}

/* Evaluate f on the design of n rows and d inputs; returns the outputs. */
static double *run(long n, int d, uint64_t seed, double (*f)(const double *, int), const char **seq)
{
    size_t np = (size_t)n * (size_t)(d + 2);
    double *x = malloc(np * (size_t)d * sizeof(double)), *y = malloc(np * sizeof(double));
    CHECK(calf_sobol_design(n, d, seed, x, seq, NULL) == CALF_OK);
    for (size_t k = 0; k < np; k++) {
        for (int i = 0; i < d; i++)
            CHECK(x[k * (size_t)d + (size_t)i] > 0 && x[k * (size_t)d + (size_t)i] < 1);
        y[k] = f(x + k * (size_t)d, d);
    }
    free(x);
    return y;
}

static double f_ishigami(const double *u, int d)
{
    (void)d;
    return ishigami(u);
}

static double f_linear(const double *u, int d)
{
    double y = 0;
    for (int i = 0; i < d; i++)
        y += (1 + i % 5) * u[i];
    return y;
}

static void test_ishigami(void)
{
    const double a = 7, b = 0.1, p4 = pow(PI, 4), p8 = pow(PI, 8);
    double v = a * a / 8 + b * p4 / 5 + b * b * p8 / 18 + 0.5;
    double v1 = b * p4 / 5 + b * b * p8 / 50 + 0.5, v2 = a * a / 8;
    double v13 = 8 * b * b * p8 / 225;
    double s[3] = {v1 / v, v2 / v, 0}, st[3] = {(v1 + v13) / v, v2 / v, v13 / v};
    CHECK_ABS(s[0], 0.3139, 1e-4);
    CHECK_ABS(st[2], 0.2437, 1e-4);
    const char *seq = NULL;
    double *y = run(8192, 3, 1, f_ishigami, &seq);
    CHECK(seq && strcmp(seq, "sobol") == 0);
    calf_sobol_result r;
    CHECK(calf_sobol_indices(8192, 3, y, 500, 1, &r, NULL) == CALF_OK);
    CHECK(r.n_used == 8192);
    for (int i = 0; i < 3; i++) {
        CHECK_ABS(r.first[i], s[i], 0.02);
        CHECK_ABS(r.total[i], st[i], 0.02);
        CHECK(r.first_lo[i] <= s[i] + 0.005 && s[i] - 0.005 <= r.first_hi[i]);
        CHECK(r.total_lo[i] <= st[i] && st[i] <= r.total_hi[i]);
        CHECK(r.first_hi[i] - r.first_lo[i] < 0.1 && r.total_hi[i] - r.total_lo[i] < 0.1);
    }
    /* deterministic per seed */
    double *y2 = run(8192, 3, 1, f_ishigami, NULL);
    calf_sobol_result r2;
    CHECK(calf_sobol_indices(8192, 3, y2, 500, 1, &r2, NULL) == CALF_OK);
    for (int i = 0; i < 3; i++)
        CHECK(memcmp(&r.first[i], &r2.first[i], sizeof(double)) == 0 &&
              memcmp(&r.total_lo[i], &r2.total_lo[i], sizeof(double)) == 0);
    calf_sobol_result_free(&r2);
    free(y2);
    y2 = run(8192, 3, 2, f_ishigami, NULL);
    CHECK(calf_sobol_indices(8192, 3, y2, 0, 2, &r2, NULL) == CALF_OK);
    CHECK(r2.first[0] != r.first[0]);
    CHECK_ABS(r2.first[0], s[0], 0.02);
    CHECK(r2.first_lo[0] == r2.first[0]); /* no bootstrap: intervals collapse */
    calf_sobol_result_free(&r2);
    /* a NAN output drops its row */
    y[5] = NAN;
    y[7 * 5 + 3] = NAN;
    CHECK(calf_sobol_indices(8192, 3, y, 0, 1, &r2, NULL) == CALF_OK);
    CHECK(r2.n_used == 8190);
    CHECK_ABS(r2.first[1], s[1], 0.02);
    calf_sobol_result_free(&r2);
    calf_sobol_result_free(&r);
    free(y);
    free(y2);
}

static void test_linear(int d, long n, double tol, const char *want_seq)
{
    const char *seq = NULL;
    double *y = run(n, d, 3, f_linear, &seq);
    CHECK(seq && strcmp(seq, want_seq) == 0);
    calf_sobol_result r;
    CHECK(calf_sobol_indices(n, d, y, 200, 3, &r, NULL) == CALF_OK);
    double sa = 0;
    for (int i = 0; i < d; i++)
        sa += (1 + i % 5) * (1 + i % 5);
    double sum = 0;
    for (int i = 0; i < d; i++) {
        double want = (1 + i % 5) * (1 + i % 5) / sa;
        CHECK_ABS(r.first[i], want, tol);
        CHECK_ABS(r.total[i], want, tol);
        sum += r.first[i];
    }
    CHECK_ABS(sum, 1, 5 * tol); /* additive: first-order indices add up to 1 */
    calf_sobol_result_free(&r);
    free(y);
}

static void test_prcc(void)
{
    const long n = 4000;
    const int d = 4;
    const double a[4] = {1, 2, 0, -3};
    double *x = malloc((size_t)n * d * sizeof(double)), *y = malloc((size_t)n * sizeof(double));
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    gsl_rng_set(g, 11);
    for (long j = 0; j < n; j++) {
        y[j] = gsl_ran_gaussian(g, 0.5);
        for (int i = 0; i < d; i++) {
            x[j * d + i] = gsl_rng_uniform(g);
            y[j] += a[i] * x[j * d + i];
        }
    }
    y[17] = NAN;
    double r[4], lo[4], hi[4];
    long used = 0;
    CHECK(calf_prcc(n, d, x, y, r, lo, hi, &used, NULL) == CALF_OK);
    CHECK(used == n - 1);
    for (int i = 0; i < d; i++) {
        double s = sqrt(1.0 / 12), want = a[i] * s / sqrt(a[i] * a[i] * s * s + 0.25);
        CHECK_ABS(r[i], want, 0.05);
        CHECK(lo[i] < r[i] && r[i] < hi[i]);
        if (a[i] != 0)
            CHECK((r[i] > 0) == (a[i] > 0));
    }
    CHECK(lo[2] < 0 && hi[2] > 0);
    /* a constant input has no PRCC; the others are still computed */
    for (long j = 0; j < n; j++)
        x[j * d + 2] = 0.5;
    CHECK(calf_prcc(n, d, x, y, r, lo, hi, &used, NULL) == CALF_OK);
    CHECK(isnan(r[2]) && !isnan(r[3]) && r[3] < -0.5);
    gsl_rng_free(g);
    free(x);
    free(y);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_ishigami();
    test_linear(3, 4096, 0.01, "sobol");
    test_linear(25, 4096, 0.02, "random");
    test_prcc();
    CHECK_DONE();
}
