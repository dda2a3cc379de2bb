/*
 * banister.c: Banister prediction, data loading from CSV, and the
 * multi-start nonlinear least-squares fit with standard errors.
 *
 * Fit coordinates x (only the free parameters appear):
 *   p0 = x_p0;  k1 = exp(x_k1);  k2 = exp(x_k2)                  (k > 0)
 *   both taus free:  tau2 = exp(x_t2), tau1 = tau2 + exp(x_t1)   (tau1 > tau2 > 0)
 *   tau1 fixed:      tau2 = tau1 * logistic(x_t2)                (0 < tau2 < tau1)
 *   tau2 fixed:      tau1 = tau2 + exp(x_t1)                     (tau1 > tau2)
 * D = d theta / d x maps the model Jacobian into x and the x covariance back
 * to theta (delta method). The residual Jacobian is analytic: dG/dtau1 and
 * dH/dtau2 follow their own recursions.
 */
#include "banister.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Numerical settings of the solver (not model constants). */
#define FIT_MAXITER      500
#define FIT_XTOL         1e-10
#define FIT_GTOL         1e-10
#define FIT_FTOL         0.0
#define FIT_COVAR_EPSREL 1e-12
#define FIT_LOG_CLAMP    40.0 /* |log k|, |log tau| beyond this are clamped */
#define FIT_GRID_N       3    /* grid points per tau between lo and hi */
/* Diagnostic thresholds of the ill-posed warnings. */
#define WARN_TAU_CLOSE  0.10 /* (tau1 - tau2) / tau2 below this: tau1 ~ tau2 */
#define WARN_K_NEGLIGIB 1e-3 /* k * max impulse below this share of the test range */
#define MAX_DAY         1000000L

const char *const calf_banister_names[CALF_BN_COUNT] = {"p0", "k1", "k2", "tau1", "tau2"};

void calf_banister_step(double g, double h, double w, double tau1, double tau2, double *g_out,
                        double *h_out)
{
    *g_out = g * exp(-1.0 / tau1) + w;
    *h_out = h * exp(-1.0 / tau2) + w;
}

int calf_banister_data_alloc(calf_banister_data *d, size_t ndays, calf_error *err)
{
    memset(d, 0, sizeof(*d));
    size_t n = ndays ? ndays : 1;
    d->load = calloc(n, sizeof(double));
    d->perf = malloc(n * sizeof(double));
    if (!d->load || !d->perf) {
        calf_banister_data_free(d);
        return calf_error_set(err, CALF_EIO, "banister: out of memory");
    }
    for (size_t i = 0; i < n; i++)
        d->perf[i] = NAN;
    d->ndays = ndays;
    return CALF_OK;
}

void calf_banister_data_free(calf_banister_data *d)
{
    free(d->load);
    free(d->perf);
    memset(d, 0, sizeof(*d));
}

int calf_banister_data_from_csv(const calf_csv *csv, const char *load_col, const char *perf_col,
                                const char *day_col, calf_banister_data *d, calf_error *err)
{
    memset(d, 0, sizeof(*d));
    int cl, cp, cd = -1;
    int st;
    if ((st = calf_csv_require(csv, load_col, &cl, err)) ||
        (st = calf_csv_require(csv, perf_col, &cp, err)))
        return st;
    if (day_col && (st = calf_csv_require(csv, day_col, &cd, err)))
        return st;
    if (csv->nrows == 0)
        return calf_error_set(err, CALF_EINPUT, "%s:%d: no data rows after the header", csv->name,
                              calf_csv_header(csv, 0)->line);
    size_t ndays = csv->nrows;
    long *days = NULL;
    if (cd >= 0) {
        days = malloc(csv->nrows * sizeof(long));
        if (!days)
            return calf_error_set(err, CALF_EIO, "banister: out of memory");
        ndays = 0;
        for (size_t r = 0; r < csv->nrows; r++) {
            if ((st = calf_csv_long(csv, r, (size_t)cd, 1, MAX_DAY, &days[r], NULL, err))) {
                free(days);
                return st;
            }
            if ((size_t)days[r] > ndays)
                ndays = (size_t)days[r];
        }
    }
    if ((st = calf_banister_data_alloc(d, ndays, err))) {
        free(days);
        return st;
    }
    size_t *test_row = calloc(ndays, sizeof(size_t)); /* row + 1 of each day's test */
    if (!test_row) {
        free(days);
        calf_banister_data_free(d);
        return calf_error_set(err, CALF_EIO, "banister: out of memory");
    }
    for (size_t r = 0; r < csv->nrows && st == CALF_OK; r++) {
        size_t t = days ? (size_t)days[r] - 1 : r;
        double w = 0, p = 0;
        int has_w = 0, has_p = 0;
        if ((st = calf_csv_number(csv, r, (size_t)cl, &w, &has_w, err)) ||
            (st = calf_csv_number(csv, r, (size_t)cp, &p, &has_p, err)))
            break;
        if (has_w && w < 0) {
            st = calf_csv_cell_error(csv, r, (size_t)cl, err, CALF_EINPUT,
                                     "load = %g: allowed 0 or more", w);
            break;
        }
        if (has_w)
            d->load[t] += w;
        if (has_p) {
            if (test_row[t]) {
                st =
                    calf_csv_cell_error(csv, r, (size_t)cp, err, CALF_EINPUT,
                                        "a second test on day %zu (the first is on line %d)", t + 1,
                                        calf_csv_at(csv, test_row[t] - 1, (size_t)cp)->line);
                break;
            }
            test_row[t] = r + 1;
            d->perf[t] = p;
            d->ntests++;
        }
    }
    free(test_row);
    free(days);
    if (st)
        calf_banister_data_free(d);
    return st;
}

int calf_banister_fix_parse(calf_banister_fix *fix, const char *kv, calf_error *err)
{
    const char *eq = strchr(kv, '=');
    if (!eq || eq == kv)
        return calf_error_set(err, CALF_EUSAGE,
                              "--fix %s: expected name=value with name one of p0 k1 k2 tau1 tau2",
                              kv);
    size_t n = (size_t)(eq - kv);
    int which = -1;
    for (int i = 0; i < CALF_BN_COUNT; i++)
        if (strlen(calf_banister_names[i]) == n && strncmp(kv, calf_banister_names[i], n) == 0)
            which = i;
    if (which < 0)
        return calf_error_set(err, CALF_EUSAGE,
                              "--fix %s: unknown parameter \"%.*s\"; one of p0 k1 k2 tau1 tau2", kv,
                              (int)n, kv);
    double v;
    if (calf_parse_double(eq + 1, &v) != 0)
        return calf_error_set(err, CALF_EUSAGE, "--fix %s: \"%s\" is not a number", kv, eq + 1);
    if ((which == CALF_BN_K1 || which == CALF_BN_K2) && v < 0)
        return calf_error_set(err, CALF_EUSAGE, "--fix %s = %g: allowed 0 or more",
                              calf_banister_names[which], v);
    if ((which == CALF_BN_TAU1 || which == CALF_BN_TAU2) && !(v > 0))
        return calf_error_set(err, CALF_EUSAGE, "--fix %s = %g: allowed above 0 (days)",
                              calf_banister_names[which], v);
    fix->fixed[which] = 1;
    fix->value[which] = v;
    return CALF_OK;
}

int calf_banister_check_theta(const double theta[CALF_BN_COUNT], calf_error *err)
{
    for (int i = 0; i < CALF_BN_COUNT; i++) {
        double v = theta[i];
        if (!isfinite(v))
            return calf_error_set(err, CALF_EUSAGE, "%s: not a finite number",
                                  calf_banister_names[i]);
        if ((i == CALF_BN_K1 || i == CALF_BN_K2) && v < 0)
            return calf_error_set(err, CALF_EUSAGE, "%s = %g: allowed 0 or more",
                                  calf_banister_names[i], v);
        if ((i == CALF_BN_TAU1 || i == CALF_BN_TAU2) && !(v > 0))
            return calf_error_set(err, CALF_EUSAGE, "%s = %g: allowed above 0 (days)",
                                  calf_banister_names[i], v);
    }
    return CALF_OK;
}

/* ---- model evaluation ------------------------------------------------- */

/* Run the recursion; optional dG/dtau1 and dH/dtau2. */
static void run_model(const calf_banister_data *d, const double *th, double *g, double *h,
                      double *dg, double *dh)
{
    double e1 = exp(-1.0 / th[CALF_BN_TAU1]), e2 = exp(-1.0 / th[CALF_BN_TAU2]);
    double de1 = e1 / (th[CALF_BN_TAU1] * th[CALF_BN_TAU1]);
    double de2 = e2 / (th[CALF_BN_TAU2] * th[CALF_BN_TAU2]);
    double gp = 0, hp = 0, sg = 0, sh = 0;
    for (size_t t = 0; t < d->ndays; t++) {
        sg = e1 * sg + de1 * gp;
        sh = e2 * sh + de2 * hp;
        gp = e1 * gp + d->load[t];
        hp = e2 * hp + d->load[t];
        g[t] = gp;
        h[t] = hp;
        if (dg)
            dg[t] = sg;
        if (dh)
            dh[t] = sh;
    }
}

static void add_warning(calf_banister_result *res, const char *fmt, ...) CALF_PRINTF(2, 3);
static void add_warning(calf_banister_result *res, const char *fmt, ...)
{
    if (res->n_warn >= CALF_BANISTER_MAX_WARN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(res->warn[res->n_warn], sizeof(res->warn[0]), fmt, ap);
    va_end(ap);
    res->n_warn++;
}

static int result_alloc(calf_banister_result *res, size_t ndays, calf_error *err)
{
    memset(res, 0, sizeof(*res));
    size_t n = ndays ? ndays : 1;
    res->pred = calloc(n, sizeof(double));
    res->g = calloc(n, sizeof(double));
    res->h = calloc(n, sizeof(double));
    if (!res->pred || !res->g || !res->h) {
        calf_banister_result_free(res);
        return calf_error_set(err, CALF_EIO, "banister: out of memory");
    }
    res->ndays = ndays;
    for (int i = 0; i < CALF_BN_COUNT; i++)
        res->se[i] = NAN;
    res->r2 = res->rmse = NAN;
    return CALF_OK;
}

void calf_banister_result_free(calf_banister_result *res)
{
    free(res->pred);
    free(res->g);
    free(res->h);
    res->pred = res->g = res->h = NULL;
}

/* Fill pred from g, h and theta, and the test statistics. */
static void finish_stats(const calf_banister_data *d, calf_banister_result *res)
{
    const double *th = res->theta;
    double sse = 0, mean = 0, sst = 0;
    size_t n = 0;
    for (size_t t = 0; t < d->ndays; t++) {
        res->pred[t] = th[CALF_BN_P0] + th[CALF_BN_K1] * res->g[t] - th[CALF_BN_K2] * res->h[t];
        if (!isnan(d->perf[t])) {
            double r = res->pred[t] - d->perf[t];
            sse += r * r;
            n++;
            mean += (d->perf[t] - mean) / (double)n;
        }
    }
    for (size_t t = 0; t < d->ndays; t++)
        if (!isnan(d->perf[t]))
            sst += (d->perf[t] - mean) * (d->perf[t] - mean);
    res->n_tests = n;
    res->sse = sse;
    res->rmse = n ? sqrt(sse / (double)n) : NAN;
    res->r2 = (n >= 2 && sst > 0) ? 1.0 - sse / sst : NAN;
}

int calf_banister_predict(const calf_banister_data *d, const double theta[CALF_BN_COUNT],
                          calf_banister_result *res, calf_error *err)
{
    int st = calf_banister_check_theta(theta, err);
    if (st)
        return st;
    if ((st = result_alloc(res, d->ndays, err)))
        return st;
    memcpy(res->theta, theta, sizeof(res->theta));
    for (int i = 0; i < CALF_BN_COUNT; i++)
        res->fixed[i] = 1;
    run_model(d, res->theta, res->g, res->h, NULL, NULL);
    finish_stats(d, res);
    return CALF_OK;
}

/* ---- fit ---------------------------------------------------------------- */

typedef struct fitctx {
    const calf_banister_data *d;
    int fixed[CALF_BN_COUNT];
    double fixval[CALF_BN_COUNT];
    int xi[CALF_BN_COUNT]; /* x index of each free parameter, -1 when fixed */
    size_t nfree;
    size_t *tday; /* 0-based day index of each test */
    size_t ntests;
    double *g, *h, *dg, *dh; /* [ndays] work */
} fitctx;

static double clampd(double v, double lim)
{
    return v > lim ? lim : (v < -lim ? -lim : v);
}

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

/* theta and D = d theta / d x (row-major CALF_BN_COUNT x nfree, may be NULL) from x. */
static void to_theta(const fitctx *c, const gsl_vector *x, double *th, double *D)
{
    size_t nf = c->nfree;
    if (D)
        memset(D, 0, sizeof(double) * CALF_BN_COUNT * nf);
    for (int i = 0; i < CALF_BN_COUNT; i++)
        th[i] = c->fixval[i];
    if (c->xi[CALF_BN_P0] >= 0) {
        th[CALF_BN_P0] = gsl_vector_get(x, (size_t)c->xi[CALF_BN_P0]);
        if (D)
            D[CALF_BN_P0 * nf + (size_t)c->xi[CALF_BN_P0]] = 1;
    }
    for (int k = CALF_BN_K1; k <= CALF_BN_K2; k++) {
        if (c->xi[k] < 0)
            continue;
        th[k] = exp(clampd(gsl_vector_get(x, (size_t)c->xi[k]), FIT_LOG_CLAMP));
        if (D)
            D[k * nf + (size_t)c->xi[k]] = th[k];
    }
    int i1 = c->xi[CALF_BN_TAU1], i2 = c->xi[CALF_BN_TAU2];
    if (i2 >= 0 && i1 >= 0) {
        double t2 = exp(clampd(gsl_vector_get(x, (size_t)i2), FIT_LOG_CLAMP));
        double dt = exp(clampd(gsl_vector_get(x, (size_t)i1), FIT_LOG_CLAMP));
        th[CALF_BN_TAU2] = t2;
        th[CALF_BN_TAU1] = t2 + dt;
        if (D) {
            D[CALF_BN_TAU2 * nf + (size_t)i2] = t2;
            D[CALF_BN_TAU1 * nf + (size_t)i2] = t2;
            D[CALF_BN_TAU1 * nf + (size_t)i1] = dt;
        }
    } else if (i2 >= 0) {
        double s = logistic(clampd(gsl_vector_get(x, (size_t)i2), FIT_LOG_CLAMP));
        th[CALF_BN_TAU2] = th[CALF_BN_TAU1] * s;
        if (D)
            D[CALF_BN_TAU2 * nf + (size_t)i2] = th[CALF_BN_TAU1] * s * (1 - s);
    } else if (i1 >= 0) {
        double dt = exp(clampd(gsl_vector_get(x, (size_t)i1), FIT_LOG_CLAMP));
        th[CALF_BN_TAU1] = th[CALF_BN_TAU2] + dt;
        if (D)
            D[CALF_BN_TAU1 * nf + (size_t)i1] = dt;
    }
}

/* x from theta (theta must satisfy the constraints of the free coordinates). */
static void from_theta(const fitctx *c, const double *th, gsl_vector *x)
{
    if (c->xi[CALF_BN_P0] >= 0)
        gsl_vector_set(x, (size_t)c->xi[CALF_BN_P0], th[CALF_BN_P0]);
    for (int k = CALF_BN_K1; k <= CALF_BN_K2; k++)
        if (c->xi[k] >= 0)
            gsl_vector_set(x, (size_t)c->xi[k], log(th[k]));
    int i1 = c->xi[CALF_BN_TAU1], i2 = c->xi[CALF_BN_TAU2];
    if (i2 >= 0 && i1 >= 0) {
        gsl_vector_set(x, (size_t)i2, log(th[CALF_BN_TAU2]));
        gsl_vector_set(x, (size_t)i1, log(th[CALF_BN_TAU1] - th[CALF_BN_TAU2]));
    } else if (i2 >= 0) {
        double s = th[CALF_BN_TAU2] / th[CALF_BN_TAU1];
        gsl_vector_set(x, (size_t)i2, log(s / (1 - s)));
    } else if (i1 >= 0) {
        gsl_vector_set(x, (size_t)i1, log(th[CALF_BN_TAU1] - th[CALF_BN_TAU2]));
    }
}

static int fit_f(const gsl_vector *x, void *data, gsl_vector *f)
{
    fitctx *c = data;
    double th[CALF_BN_COUNT];
    to_theta(c, x, th, NULL);
    run_model(c->d, th, c->g, c->h, NULL, NULL);
    for (size_t i = 0; i < c->ntests; i++) {
        size_t t = c->tday[i];
        double r =
            th[CALF_BN_P0] + th[CALF_BN_K1] * c->g[t] - th[CALF_BN_K2] * c->h[t] - c->d->perf[t];
        if (!isfinite(r))
            return GSL_EBADFUNC;
        gsl_vector_set(f, i, r);
    }
    return GSL_SUCCESS;
}

static int fit_df(const gsl_vector *x, void *data, gsl_matrix *J)
{
    fitctx *c = data;
    double th[CALF_BN_COUNT];
    double D[CALF_BN_COUNT * CALF_BN_COUNT];
    size_t nf = c->nfree;
    to_theta(c, x, th, D);
    run_model(c->d, th, c->g, c->h, c->dg, c->dh);
    for (size_t i = 0; i < c->ntests; i++) {
        size_t t = c->tday[i];
        double dp[CALF_BN_COUNT] = {1.0, c->g[t], -c->h[t], th[CALF_BN_K1] * c->dg[t],
                                    -th[CALF_BN_K2] * c->dh[t]};
        for (size_t j = 0; j < nf; j++) {
            double s = 0;
            for (int k = 0; k < CALF_BN_COUNT; k++)
                s += dp[k] * D[(size_t)k * nf + j];
            if (!isfinite(s))
                return GSL_EBADFUNC;
            gsl_matrix_set(J, i, j, s);
        }
    }
    return GSL_SUCCESS;
}

/* Starting p0, k1, k2 for given taus: linear least squares over the free
 * ones among them, with k clamped to a small positive value. */
static int linear_start(const fitctx *c, double *th, double spread)
{
    run_model(c->d, th, c->g, c->h, NULL, NULL);
    double gmax = 0;
    for (size_t t = 0; t < c->d->ndays; t++)
        gmax = fmax(gmax, fmax(c->g[t], c->h[t]));
    double kfloor = WARN_K_NEGLIGIB * 10 * (spread > 0 ? spread : 1) / (gmax > 0 ? gmax : 1);
    size_t nl = 0;
    int cols[3];
    for (int k = CALF_BN_P0; k <= CALF_BN_K2; k++)
        if (!c->fixed[k])
            cols[nl++] = k;
    int st = GSL_SUCCESS;
    if (nl > 0 && c->ntests > nl) {
        gsl_matrix *X = gsl_matrix_alloc(c->ntests, nl);
        gsl_vector *y = gsl_vector_alloc(c->ntests);
        gsl_vector *b = gsl_vector_alloc(nl);
        gsl_matrix *cov = gsl_matrix_alloc(nl, nl);
        gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(c->ntests, nl);
        if (!X || !y || !b || !cov || !w) {
            st = GSL_ENOMEM;
        } else {
            for (size_t i = 0; i < c->ntests; i++) {
                size_t t = c->tday[i];
                double fixedpart = 0;
                double basis[3] = {1.0, c->g[t], -c->h[t]};
                for (int k = CALF_BN_P0; k <= CALF_BN_K2; k++)
                    if (c->fixed[k])
                        fixedpart += th[k] * basis[k];
                gsl_vector_set(y, i, c->d->perf[t] - fixedpart);
                for (size_t j = 0; j < nl; j++)
                    gsl_matrix_set(X, i, j, basis[cols[j]]);
            }
            double chisq;
            st = gsl_multifit_linear(X, y, b, cov, &chisq, w);
            if (st == GSL_SUCCESS)
                for (size_t j = 0; j < nl; j++)
                    if (isfinite(gsl_vector_get(b, j)))
                        th[cols[j]] = gsl_vector_get(b, j);
        }
        gsl_multifit_linear_free(w);
        gsl_matrix_free(cov);
        gsl_vector_free(b);
        gsl_vector_free(y);
        gsl_matrix_free(X);
    }
    for (int k = CALF_BN_K1; k <= CALF_BN_K2; k++)
        if (!c->fixed[k] && !(th[k] >= kfloor))
            th[k] = kfloor;
    return st;
}

typedef struct start_out {
    int status;
    double cost;
    gsl_vector *x;
} start_out;

/* One start from theta0; writes the final x and cost into out. */
static void run_start(fitctx *c, const double *th0, gsl_multifit_nlinear_workspace *w,
                      gsl_multifit_nlinear_fdf *fdf, start_out *out)
{
    gsl_vector *x0 = gsl_vector_alloc(c->nfree);
    out->status = GSL_ENOMEM;
    out->cost = INFINITY;
    if (!x0)
        return;
    from_theta(c, th0, x0);
    int st = gsl_multifit_nlinear_init(x0, fdf, w);
    if (st == GSL_SUCCESS) {
        int info = 0;
        st = gsl_multifit_nlinear_driver(FIT_MAXITER, FIT_XTOL, FIT_GTOL, FIT_FTOL, NULL, NULL,
                                         &info, w);
    }
    out->status = st;
    if (st == GSL_SUCCESS || st == GSL_EMAXITER || st == GSL_ENOPROG) {
        gsl_vector *f = gsl_multifit_nlinear_residual(w);
        double cost = 0;
        if (gsl_blas_ddot(f, f, &cost) == GSL_SUCCESS && isfinite(cost)) {
            out->cost = cost;
            gsl_vector_memcpy(out->x, gsl_multifit_nlinear_position(w));
        }
    }
    gsl_vector_free(x0);
}

/* Standard errors by the delta method; returns 0 when the covariance exists. */
static int standard_errors(fitctx *c, const gsl_vector *x, double sse,
                           gsl_multifit_nlinear_workspace *w, gsl_multifit_nlinear_fdf *fdf,
                           calf_banister_result *res)
{
    size_t nf = c->nfree, n = c->ntests;
    if (n <= nf)
        return -1;
    int st = gsl_multifit_nlinear_init(x, fdf, w);
    if (st != GSL_SUCCESS)
        return -1;
    gsl_matrix *J = gsl_multifit_nlinear_jac(w);
    gsl_matrix *C = gsl_matrix_alloc(nf, nf);
    if (!C)
        return -1;
    int rc = -1;
    st = gsl_multifit_nlinear_covar(J, FIT_COVAR_EPSREL, C);
    if (st == GSL_SUCCESS) {
        double s2 = sse / (double)(n - nf);
        double th[CALF_BN_COUNT], D[CALF_BN_COUNT * CALF_BN_COUNT];
        to_theta(c, x, th, D);
        rc = 0;
        for (size_t j = 0; j < nf; j++)
            if (!(gsl_matrix_get(C, j, j) > 0))
                rc = -1; /* a dropped (rank-deficient) direction */
        for (int i = 0; i < CALF_BN_COUNT && rc == 0; i++) {
            if (c->fixed[i])
                continue;
            double v = 0;
            for (size_t a = 0; a < nf; a++)
                for (size_t b = 0; b < nf; b++)
                    v += D[(size_t)i * nf + a] * gsl_matrix_get(C, a, b) * D[(size_t)i * nf + b];
            res->se[i] = v >= 0 ? sqrt(s2 * v) : NAN;
        }
    }
    gsl_matrix_free(C);
    return rc;
}

int calf_banister_fit(const calf_banister_data *d, const calf_banister_fix *fix,
                      const calf_params *par, calf_banister_result *res, calf_error *err)
{
    calf_params defaults;
    if (!par) {
        calf_params_default(&defaults);
        par = &defaults;
    }
    fitctx c = {.d = d};
    double th[CALF_BN_COUNT] = {0, 0, 0, par->v[CALF_P_TAU1], par->v[CALF_P_TAU2]};
    size_t nf = 0;
    for (int i = 0; i < CALF_BN_COUNT; i++) {
        c.fixed[i] = fix ? fix->fixed[i] : 0;
        c.fixval[i] = c.fixed[i] ? fix->value[i] : NAN;
        c.xi[i] = c.fixed[i] ? -1 : (int)nf++;
    }
    c.nfree = nf;
    if (c.fixed[CALF_BN_TAU1] && c.fixed[CALF_BN_TAU2] &&
        !(c.fixval[CALF_BN_TAU1] > c.fixval[CALF_BN_TAU2]))
        return calf_error_set(err, CALF_EUSAGE, "--fix tau1 = %g: must exceed tau2 = %g",
                              c.fixval[CALF_BN_TAU1], c.fixval[CALF_BN_TAU2]);
    if (d->ntests < nf || d->ntests == 0)
        return calf_error_set(err, CALF_EINPUT,
                              "banister fit: %zu test%s for %zu free parameters; need at least "
                              "%zu (fix some with --fix)",
                              d->ntests, d->ntests == 1 ? "" : "s", nf, nf > 0 ? nf : 1);
    int st = result_alloc(res, d->ndays, err);
    if (st)
        return st;
    res->fitted = 1;
    res->n_free = (int)nf;
    for (int i = 0; i < CALF_BN_COUNT; i++)
        res->fixed[i] = c.fixed[i];

    c.tday = malloc(d->ntests * sizeof(size_t));
    c.dg = malloc((d->ndays + 1) * sizeof(double));
    c.dh = malloc((d->ndays + 1) * sizeof(double));
    c.g = res->g;
    c.h = res->h;
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_vector *best = NULL;
    start_out so = {0};
    if (!c.tday || !c.dg || !c.dh) {
        st = calf_error_set(err, CALF_EIO, "banister: out of memory");
        goto cleanup;
    }
    double pmin = INFINITY, pmax = -INFINITY;
    for (size_t t = 0; t < d->ndays; t++)
        if (!isnan(d->perf[t])) {
            c.tday[c.ntests++] = t;
            pmin = fmin(pmin, d->perf[t]);
            pmax = fmax(pmax, d->perf[t]);
        }
    double spread = pmax - pmin > 0 ? pmax - pmin : fmax(fabs(pmax), 1.0);

    if (nf == 0) {
        for (int i = 0; i < CALF_BN_COUNT; i++)
            res->theta[i] = c.fixval[i];
        goto stats;
    }

    gsl_multifit_nlinear_fdf fdf = {
        .f = fit_f, .df = fit_df, .fvv = NULL, .n = c.ntests, .p = nf, .params = &c};
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, c.ntests, nf);
    best = gsl_vector_alloc(nf);
    so.x = gsl_vector_alloc(nf);
    if (!w || !best || !so.x) {
        st = calf_error_set(err, CALF_EIO, "banister: out of memory");
        goto cleanup;
    }

    /* Start grid: the registry defaults first, then FIT_GRID_N x FIT_GRID_N
     * geometric points between the grid bounds; pairs with tau1 <= tau2 are
     * skipped; fixed taus replace their axis. */
    double t1s[FIT_GRID_N + 1], t2s[FIT_GRID_N + 1];
    t1s[0] = par->v[CALF_P_TAU1];
    t2s[0] = par->v[CALF_P_TAU2];
    for (int i = 0; i < FIT_GRID_N; i++) {
        double f = (double)i / (FIT_GRID_N - 1);
        t1s[i + 1] =
            par->v[CALF_P_BAN_T1_LO] * pow(par->v[CALF_P_BAN_T1_HI] / par->v[CALF_P_BAN_T1_LO], f);
        t2s[i + 1] =
            par->v[CALF_P_BAN_T2_LO] * pow(par->v[CALF_P_BAN_T2_HI] / par->v[CALF_P_BAN_T2_LO], f);
    }
    double best_cost = INFINITY;
    int best_status = GSL_FAILURE, last_bad = GSL_SUCCESS;
    for (int a = 0; a <= FIT_GRID_N; a++) {
        for (int b = 0; b <= FIT_GRID_N; b++) {
            if ((a == 0) != (b == 0))
                continue; /* the defaults pair only with each other */
            double t1 = c.fixed[CALF_BN_TAU1] ? c.fixval[CALF_BN_TAU1] : t1s[a];
            double t2 = c.fixed[CALF_BN_TAU2] ? c.fixval[CALF_BN_TAU2] : t2s[b];
            if ((c.fixed[CALF_BN_TAU1] && a > 1) || (c.fixed[CALF_BN_TAU2] && b > 1))
                continue; /* a fixed axis has one point */
            if (!(t1 > t2)) {
                if (c.fixed[CALF_BN_TAU1] && c.fixed[CALF_BN_TAU2])
                    continue;
                if (c.fixed[CALF_BN_TAU1])
                    t2 = 0.5 * t1;
                else
                    t1 = 2.0 * t2;
            }
            double th0[CALF_BN_COUNT];
            for (int i = 0; i < CALF_BN_COUNT; i++)
                th0[i] = c.fixed[i] ? c.fixval[i] : th[i];
            th0[CALF_BN_TAU1] = t1;
            th0[CALF_BN_TAU2] = t2;
            if (linear_start(&c, th0, spread) != GSL_SUCCESS)
                last_bad = GSL_FAILURE; /* keep the fallback start values */
            res->starts++;
            run_start(&c, th0, w, &fdf, &so);
            if (isfinite(so.cost)) {
                res->starts_ok++;
                if (so.cost < best_cost) {
                    best_cost = so.cost;
                    best_status = so.status;
                    gsl_vector_memcpy(best, so.x);
                }
            } else {
                last_bad = so.status;
            }
        }
    }
    if (!isfinite(best_cost)) {
        st = calf_error_set(err, CALF_ENUMERIC,
                            "banister fit: no start converged (%d tried; last GSL status: %s)",
                            res->starts, gsl_strerror(last_bad));
        goto cleanup;
    }
    to_theta(&c, best, res->theta, NULL);
    for (int i = 0; i < CALF_BN_COUNT; i++)
        if (c.fixed[i])
            res->theta[i] = c.fixval[i]; /* exactly the given value */
    if (best_status == GSL_EMAXITER)
        add_warning(res, "the best start stopped at the iteration cap (%d) before converging",
                    FIT_MAXITER);
    if (standard_errors(&c, best, best_cost, w, &fdf, res) != 0)
        add_warning(res, "standard errors not available: %s",
                    c.ntests <= nf
                        ? "no more tests than free parameters"
                        : "the Jacobian is rank deficient (parameters not identifiable)");

stats:
    run_model(d, res->theta, res->g, res->h, NULL, NULL);
    finish_stats(d, res);
    if (c.ntests < nf + 2)
        add_warning(res,
                    "ill-posed: %zu tests for %zu free parameters (want at least %zu); the fit "
                    "can follow the noise",
                    c.ntests, nf, nf + 2);
    {
        double t1 = res->theta[CALF_BN_TAU1], t2 = res->theta[CALF_BN_TAU2];
        if ((t1 - t2) < WARN_TAU_CLOSE * t2)
            add_warning(res,
                        "tau1 = %.3g d is within %.0f%% of tau2 = %.3g d: fitness and fatigue "
                        "cannot be told apart (k1 and k2 trade off)",
                        t1, 100 * WARN_TAU_CLOSE, t2);
        if (!c.fixed[CALF_BN_TAU2] && t2 < par->v[CALF_P_BAN_TAU_MIN])
            add_warning(res, "tau2 = %.3g d is at its bound (banister_tau_min = %g d)", t2,
                        par->v[CALF_P_BAN_TAU_MIN]);
        if (!c.fixed[CALF_BN_TAU1] && t1 > par->v[CALF_P_BAN_TAU_MAX])
            add_warning(res, "tau1 = %.3g d is at its bound (banister_tau_max = %g d)", t1,
                        par->v[CALF_P_BAN_TAU_MAX]);
        double gmax = 0, hmax = 0;
        for (size_t t = 0; t < d->ndays; t++) {
            gmax = fmax(gmax, res->g[t]);
            hmax = fmax(hmax, res->h[t]);
        }
        if (!c.fixed[CALF_BN_K1] && res->theta[CALF_BN_K1] * gmax < WARN_K_NEGLIGIB * spread)
            add_warning(res,
                        "k1 = %.3g is at its lower bound 0 (fitness adds under %.1f%% of the "
                        "test range)",
                        res->theta[CALF_BN_K1], 100 * WARN_K_NEGLIGIB);
        if (!c.fixed[CALF_BN_K2] && res->theta[CALF_BN_K2] * hmax < WARN_K_NEGLIGIB * spread)
            add_warning(res,
                        "k2 = %.3g is at its lower bound 0 (fatigue adds under %.1f%% of the "
                        "test range)",
                        res->theta[CALF_BN_K2], 100 * WARN_K_NEGLIGIB);
    }
    st = CALF_OK;

cleanup:
    gsl_vector_free(so.x);
    gsl_vector_free(best);
    gsl_multifit_nlinear_free(w);
    free(c.tday);
    free(c.dg);
    free(c.dh);
    if (st)
        calf_banister_result_free(res);
    return st;
}
