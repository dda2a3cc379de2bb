/*
 * test_banister.c: the Banister model and its fit. Prediction equals a
 * hand-computed inclusive recursion (and MODEL.md's one-step reference);
 * the fit recovers known parameters from synthetic tests with seeded
 * Gaussian noise; --fix holds values exactly; the ill-posed warnings fire on
 * constructed cases; CSV loading names file, line and column.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <string.h>

#include "banister.h"
#include "check.h"
#include "csv.h"

static int has_warning(const calf_banister_result *r, const char *frag)
{
    for (int i = 0; i < r->n_warn; i++)
        if (strstr(r->warn[i], frag))
            return 1;
    return 0;
}

static void test_reference_step(void)
{
    /* MODEL.md reference: g=100, h=60, w=50, tau1=42, tau2=7, k1=1, k2=2, p0=0. */
    double g, h;
    calf_banister_step(100, 60, 50, 42, 7, &g, &h);
    CHECK_ABS(g, 147.65, 0.005);
    CHECK_ABS(h, 102.01, 0.005);
    CHECK_ABS(0 + 1 * g - 2 * h, -56.37, 0.01);
}

static void test_predict_recursion(void)
{
    /* Hand computation, 4 days: loads 10, 0, 20, 5; tau1 = 10, tau2 = 2. */
    calf_banister_data d;
    CHECK(calf_banister_data_alloc(&d, 4, NULL) == CALF_OK);
    double L[4] = {10, 0, 20, 5};
    memcpy(d.load, L, sizeof(L));
    d.perf[0] = 101;
    d.perf[3] = 100;
    d.ntests = 2;
    double th[CALF_BN_COUNT] = {100, 0.5, 1.5, 10, 2};
    double e1 = exp(-0.1), e2 = exp(-0.5);
    double G[4], H[4];
    G[0] = 10;
    H[0] = 10; /* inclusive: day 1's load counts on day 1 */
    for (int t = 1; t < 4; t++) {
        G[t] = G[t - 1] * e1 + L[t];
        H[t] = H[t - 1] * e2 + L[t];
    }
    calf_banister_result r;
    CHECK(calf_banister_predict(&d, th, &r, NULL) == CALF_OK);
    double sse = 0;
    for (int t = 0; t < 4; t++) {
        double p = 100 + 0.5 * G[t] - 1.5 * H[t];
        CHECK_ABS(r.g[t], G[t], 1e-12);
        CHECK_ABS(r.h[t], H[t], 1e-12);
        CHECK_ABS(r.pred[t], p, 1e-12);
        if (t == 0 || t == 3)
            sse += (p - d.perf[t]) * (p - d.perf[t]);
    }
    CHECK_ABS(r.pred[0], 90.0, 1e-12); /* 100 + 5 - 15 */
    CHECK(r.n_tests == 2);
    CHECK_ABS(r.sse, sse, 1e-12);
    CHECK_ABS(r.rmse, sqrt(sse / 2), 1e-12);
    CHECK(isnan(r.se[0]));
    calf_banister_result_free(&r);

    /* Parameters outside their domain are refused. */
    double bad[CALF_BN_COUNT] = {0, -1, 1, 42, 7};
    calf_error err = {0};
    CHECK(calf_banister_predict(&d, bad, &r, &err) == CALF_EUSAGE);
    CHECK(strstr(err.msg, "k1 = -1") != NULL);
    calf_banister_data_free(&d);
}

/* Synthetic data: ndays of seeded loads (a build, a block and a taper, with
 * rest days), a test every `every` days with Gaussian noise sd. */
static void synth(calf_banister_data *d, size_t ndays, size_t every, const double *th, double sd,
                  unsigned long seed)
{
    CHECK(calf_banister_data_alloc(d, ndays, NULL) == CALF_OK);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, seed);
    for (size_t t = 0; t < ndays; t++) {
        double phase = (double)t / (double)ndays;
        double level = phase < 0.6 ? 40 + 100 * phase : (phase < 0.75 ? 20 : 90);
        d->load[t] = (t % 7 == 6) ? 0 : level * (0.6 + 0.8 * gsl_rng_uniform(rng));
    }
    calf_banister_result r;
    CHECK(calf_banister_predict(d, th, &r, NULL) == CALF_OK);
    for (size_t t = every - 1; t < ndays; t += every) {
        d->perf[t] = r.pred[t] + gsl_ran_gaussian(rng, sd);
        d->ntests++;
    }
    calf_banister_result_free(&r);
    gsl_rng_free(rng);
}

static void test_fit_recovers(void)
{
    double truth[CALF_BN_COUNT] = {400, 0.10, 0.25, 45, 9};
    calf_banister_data d;
    synth(&d, 200, 3, truth, 1.0, 2024);
    calf_banister_result r;
    calf_error err = {0};
    int st = calf_banister_fit(&d, NULL, NULL, &r, &err);
    CHECK(st == CALF_OK);
    if (st) {
        fprintf(stderr, "%s\n", err.msg);
        calf_banister_data_free(&d);
        return;
    }
    for (int i = 0; i < CALF_BN_COUNT; i++)
        fprintf(stderr, "  %-4s true %-8g fit %-10.5g se %.3g\n", calf_banister_names[i], truth[i],
                r.theta[i], r.se[i]);
    fprintf(stderr, "  sse %.4g rmse %.4g r2 %.5f starts %d/%d warnings %d\n", r.sse, r.rmse, r.r2,
            r.starts_ok, r.starts, r.n_warn);
    /* Tolerances: 10% on the taus and gains, 1% on p0 (noise sd 1 on a
     * range of several tens); and the truth within 4 standard errors. */
    CHECK_REL(r.theta[CALF_BN_P0], truth[CALF_BN_P0], 0.01);
    CHECK_REL(r.theta[CALF_BN_K1], truth[CALF_BN_K1], 0.10);
    CHECK_REL(r.theta[CALF_BN_K2], truth[CALF_BN_K2], 0.10);
    CHECK_REL(r.theta[CALF_BN_TAU1], truth[CALF_BN_TAU1], 0.10);
    CHECK_REL(r.theta[CALF_BN_TAU2], truth[CALF_BN_TAU2], 0.10);
    for (int i = 0; i < CALF_BN_COUNT; i++) {
        CHECK(r.se[i] > 0 && isfinite(r.se[i]));
        CHECK(fabs(r.theta[i] - truth[i]) < 4 * r.se[i]);
    }
    CHECK(r.n_tests == 66);
    CHECK(r.n_free == 5);
    CHECK_ABS(r.rmse, 1.0, 0.25); /* residuals match the noise sd */
    CHECK(r.r2 > 0.9);
    CHECK(r.n_warn == 0);
    calf_banister_result_free(&r);

    /* Noise-free data: recovered to solver precision. */
    calf_banister_data_free(&d);
    synth(&d, 200, 3, truth, 0.0, 7);
    CHECK(calf_banister_fit(&d, NULL, NULL, &r, &err) == CALF_OK);
    for (int i = 0; i < CALF_BN_COUNT; i++)
        CHECK_REL(r.theta[i], truth[i], 1e-5);
    CHECK(r.sse < 1e-12);
    calf_banister_result_free(&r);
    calf_banister_data_free(&d);
}

/* Standard errors use n - p degrees of freedom. With both taus held the
 * model is linear in (p0, k1, k2): perf = p0 + k1 G - k2 H, so the standard
 * errors are ordinary least squares ones, computed here by hand from the
 * fit's own G and H: s2 = SSE / (n - 3), se = sqrt(s2 diag((X'X)^-1)).
 * Ten tests: with n instead of n - 3 they would be 16% smaller. */
/* a training load just below 0 is refused with its place (-3 is tested below) */
static void test_negative_load(void)
{
    const char text[] = "day,load,perf\n1,10,\n2,-0.5,100\n";
    calf_csv *csv = NULL;
    calf_error err = {0};
    CHECK(calf_csv_parse(text, sizeof(text) - 1, "b.csv", &csv, &err) == CALF_OK);
    calf_banister_data d = {0};
    CHECK(calf_banister_data_from_csv(csv, "load", "perf", "day", &d, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "b.csv:3") == err.msg);
    calf_banister_data_free(&d);
    calf_csv_free(csv);
}

/* --fix refuses negative gains (either one) and taus that are not above 0 */
static void test_fix_parse_ranges(void)
{
    const char *bad[] = {"k1=-0.1", "k2=-0.1", "tau1=0", "tau2=-3"};
    for (int i = 0; i < 4; i++) {
        calf_banister_fix fix = {0};
        calf_error err = {0};
        CHECK(calf_banister_fix_parse(&fix, bad[i], &err) == CALF_EUSAGE);
        CHECK(strstr(err.msg, "allowed") != NULL);
    }
    calf_banister_fix fix = {0};
    calf_error err = {0};
    CHECK(calf_banister_fix_parse(&fix, "k2=0", &err) == CALF_OK);
    CHECK(fix.fixed[CALF_BN_K2] && fix.value[CALF_BN_K2] == 0);
}

static void test_se_dof(void)
{
    double truth[CALF_BN_COUNT] = {400, 0.10, 0.25, 45, 9};
    calf_banister_data d;
    synth(&d, 60, 6, truth, 2.0, 77);
    CHECK(d.ntests == 10);
    calf_banister_fix fix = {0};
    fix.fixed[CALF_BN_TAU1] = fix.fixed[CALF_BN_TAU2] = 1;
    fix.value[CALF_BN_TAU1] = 45;
    fix.value[CALF_BN_TAU2] = 9;
    calf_banister_result r;
    calf_error err = {0};
    int st = calf_banister_fit(&d, &fix, NULL, &r, &err);
    CHECK(st == CALF_OK);
    if (st) {
        fprintf(stderr, "%s\n", err.msg);
        calf_banister_data_free(&d);
        return;
    }
    CHECK(r.n_free == 3);
    double xtx[9] = {0};
    size_t n = 0;
    for (size_t t = 0; t < d.ndays; t++) {
        if (isnan(d.perf[t]))
            continue;
        double row[3] = {1, r.g[t], -r.h[t]};
        for (int a = 0; a < 3; a++)
            for (int b = 0; b < 3; b++)
                xtx[a * 3 + b] += row[a] * row[b];
        n++;
    }
    /* the inverse's diagonal by cofactors */
    double *m = xtx;
    double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                 m[2] * (m[3] * m[7] - m[4] * m[6]);
    double inv_diag[3] = {(m[4] * m[8] - m[5] * m[7]) / det, (m[0] * m[8] - m[2] * m[6]) / det,
                          (m[0] * m[4] - m[1] * m[3]) / det};
    double s2 = r.sse / (double)(n - 3);
    const int idx[3] = {CALF_BN_P0, CALF_BN_K1, CALF_BN_K2};
    for (int i = 0; i < 3; i++) {
        double want = sqrt(s2 * inv_diag[i]);
        fprintf(stderr, "  se %-4s %.6g (by hand %.6g)\n", calf_banister_names[idx[i]],
                r.se[idx[i]], want);
        CHECK_REL(r.se[idx[i]], want, 0.02);
    }
    CHECK(isnan(r.se[CALF_BN_TAU1]) && isnan(r.se[CALF_BN_TAU2]));
    calf_banister_result_free(&r);
    calf_banister_data_free(&d);
}

static void test_fix(void)
{
    double truth[CALF_BN_COUNT] = {400, 0.10, 0.25, 45, 9};
    calf_banister_data d;
    synth(&d, 200, 3, truth, 1.0, 99);
    calf_banister_fix fix = {0};
    calf_error err = {0};
    CHECK(calf_banister_fix_parse(&fix, "tau1=42", &err) == CALF_OK);
    CHECK(calf_banister_fix_parse(&fix, "tau2=7.5", &err) == CALF_OK);
    CHECK(calf_banister_fix_parse(&fix, "tau3=7", &err) == CALF_EUSAGE);
    CHECK(strstr(err.msg, "unknown parameter \"tau3\"") != NULL);
    CHECK(calf_banister_fix_parse(&fix, "k1=-2", &err) == CALF_EUSAGE);
    CHECK(calf_banister_fix_parse(&fix, "tau2=0", &err) == CALF_EUSAGE);
    CHECK(calf_banister_fix_parse(&fix, "p0", &err) == CALF_EUSAGE);
    CHECK(calf_banister_fix_parse(&fix, "p0=abc", &err) == CALF_EUSAGE);
    calf_banister_result r;
    CHECK(calf_banister_fit(&d, &fix, NULL, &r, &err) == CALF_OK);
    CHECK(r.theta[CALF_BN_TAU1] == 42.0); /* exactly */
    CHECK(r.theta[CALF_BN_TAU2] == 7.5);
    CHECK(r.fixed[CALF_BN_TAU1] && r.fixed[CALF_BN_TAU2] && !r.fixed[CALF_BN_K1]);
    CHECK(isnan(r.se[CALF_BN_TAU1]) && isnan(r.se[CALF_BN_TAU2]));
    CHECK(r.n_free == 3);
    CHECK(r.se[CALF_BN_K1] > 0);
    calf_banister_result_free(&r);

    /* Each single parameter fixed stays exactly at its value. */
    const char *one[CALF_BN_COUNT] = {"p0=401.25", "k1=0.0987", "k2=0.26", "tau1=47", "tau2=8.5"};
    const double val[CALF_BN_COUNT] = {401.25, 0.0987, 0.26, 47, 8.5};
    for (int i = 0; i < CALF_BN_COUNT; i++) {
        calf_banister_fix f1 = {0};
        CHECK(calf_banister_fix_parse(&f1, one[i], &err) == CALF_OK);
        int st = calf_banister_fit(&d, &f1, NULL, &r, &err);
        CHECK(st == CALF_OK);
        if (st)
            continue;
        CHECK(r.theta[i] == val[i]);
        CHECK(r.n_free == 4);
        CHECK(r.theta[CALF_BN_TAU1] > r.theta[CALF_BN_TAU2]);
        CHECK_REL(r.theta[CALF_BN_TAU1], truth[CALF_BN_TAU1], 0.25);
        calf_banister_result_free(&r);
    }

    /* All fixed: nothing is fitted, the statistics still come out. */
    calf_banister_fix all = {{1, 1, 1, 1, 1}, {400, 0.1, 0.25, 45, 9}};
    CHECK(calf_banister_fit(&d, &all, NULL, &r, &err) == CALF_OK);
    CHECK(r.n_free == 0 && r.theta[CALF_BN_K2] == 0.25);
    CHECK_ABS(r.rmse, 1.0, 0.25);
    calf_banister_result_free(&r);

    /* tau1 <= tau2 both fixed is refused. */
    calf_banister_fix inv = {0};
    calf_banister_fix_parse(&inv, "tau1=5", &err);
    calf_banister_fix_parse(&inv, "tau2=7", &err);
    CHECK(calf_banister_fit(&d, &inv, NULL, &r, &err) == CALF_EUSAGE);
    CHECK(strstr(err.msg, "must exceed tau2") != NULL);
    calf_banister_data_free(&d);
}

static void test_ill_posed(void)
{
    double truth[CALF_BN_COUNT] = {400, 0.10, 0.25, 45, 9};
    calf_banister_data d;
    calf_banister_result r;
    calf_error err = {0};

    /* Six tests for five free parameters: fewer than free + 2. */
    synth(&d, 60, 10, truth, 1.0, 5);
    CHECK(d.ntests == 6);
    CHECK(calf_banister_fit(&d, NULL, NULL, &r, &err) == CALF_OK);
    CHECK(has_warning(&r, "ill-posed: 6 tests for 5 free parameters"));
    calf_banister_result_free(&r);
    calf_banister_data_free(&d);

    /* Fewer tests than free parameters: refused with a clear message. */
    synth(&d, 40, 10, truth, 1.0, 5);
    CHECK(calf_banister_fit(&d, NULL, NULL, &r, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "4 tests for 5 free parameters") != NULL);
    calf_banister_data_free(&d);

    /* tau1 ~ tau2: both taus fixed within 10% of each other. */
    synth(&d, 200, 3, truth, 1.0, 11);
    calf_banister_fix fx = {0};
    calf_banister_fix_parse(&fx, "tau1=10", &err);
    calf_banister_fix_parse(&fx, "tau2=9.5", &err);
    CHECK(calf_banister_fit(&d, &fx, NULL, &r, &err) == CALF_OK);
    CHECK(has_warning(&r, "cannot be told apart"));
    calf_banister_result_free(&r);
    calf_banister_data_free(&d);

    /* A parameter at its bound: data without any fatigue effect (k2 = 0). */
    double nofat[CALF_BN_COUNT] = {400, 0.10, 0.0, 45, 9};
    synth(&d, 200, 3, nofat, 0.2, 13);
    CHECK(calf_banister_fit(&d, NULL, NULL, &r, &err) == CALF_OK);
    for (int i = 0; i < r.n_warn; i++)
        fprintf(stderr, "  k2=0 case warning: %s\n", r.warn[i]);
    CHECK(has_warning(&r, "k2 = ") && has_warning(&r, "at its lower bound 0"));
    calf_banister_result_free(&r);
    calf_banister_data_free(&d);
}

static void test_csv_loading(void)
{
    calf_csv *csv = NULL;
    calf_error err = {0};
    const char *text = "day,load,perf\n"
                       "1,10,\n"
                       "3,20,50\n"
                       "3,5,\n"
                       "5,,52\n";
    CHECK(calf_csv_parse(text, strlen(text), "b.csv", &csv, &err) == CALF_OK);
    calf_banister_data d;
    CHECK(calf_banister_data_from_csv(csv, "load", "perf", "day", &d, &err) == CALF_OK);
    CHECK(d.ndays == 5 && d.ntests == 2);
    CHECK(d.load[0] == 10 && d.load[1] == 0 && d.load[2] == 25 && d.load[4] == 0);
    CHECK(isnan(d.perf[0]) && d.perf[2] == 50 && d.perf[4] == 52);
    calf_banister_data_free(&d);
    /* Without --day, rows are days 1, 2, ... */
    CHECK(calf_banister_data_from_csv(csv, "load", "perf", NULL, &d, &err) == CALF_OK);
    CHECK(d.ndays == 4 && d.load[3] == 0 && d.perf[3] == 52);
    calf_banister_data_free(&d);
    CHECK(calf_banister_data_from_csv(csv, "lode", "perf", NULL, &d, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "b.csv:1: no column \"lode\"") == err.msg);
    calf_csv_free(csv);

    struct {
        const char *text, *want;
    } bad[] = {
        {"day,load,perf\n1,10,\n2,x,3\n", "b.csv:3:3: column \"load\": \"x\" is not a number"},
        {"day,load,perf\n1,10,\n2,3,4 5\n", "b.csv:3:5: column \"perf\""},
        {"day,load,perf\n0,10,\n", "b.csv:2:1: column \"day\": \"0\" is not a whole number"},
        {"day,load,perf\n1,-3,\n", "b.csv:2:3: column \"load\": load = -3: allowed 0 or more"},
        {"day,load,perf\n2,1,7\n2,1,8\n", "b.csv:3:5: column \"perf\": a second test on day 2 "
                                          "(the first is on line 2)"},
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        CHECK(calf_csv_parse(bad[i].text, strlen(bad[i].text), "b.csv", &csv, &err) == CALF_OK);
        int st = calf_banister_data_from_csv(csv, "load", "perf", "day", &d, &err);
        CHECK(st == CALF_EINPUT);
        if (strncmp(err.msg, bad[i].want, strlen(bad[i].want)) != 0) {
            fprintf(stderr, "case %zu: got \"%s\", want \"%s\"\n", i, err.msg, bad[i].want);
            check_failures++;
        }
        calf_csv_free(csv);
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    test_reference_step();
    test_predict_recursion();
    test_fit_recovers();
    test_fix();
    test_se_dof();
    test_fix_parse_ranges();
    test_negative_load();
    test_ill_posed();
    test_csv_loading();
    CHECK_DONE();
}
