/*
 * fit_patient.c: the pain-diary fit. Reading the diary (plan + observation
 * columns), predicting the observations by re-simulating the plan, the
 * multi-start nonlinear least-squares fit of six patient constants, the
 * mapping of the fit back onto patient fields, and the Lua profile writer.
 *
 * Fit coordinates: every free constant theta_i lives in (lo_i, hi_i) and is
 * written theta_i = lo_i + (hi_i - lo_i) logistic(x_i), so any x is a valid
 * model. The Jacobian is by forward differences in x (GSL's default); the
 * covariance of x maps to theta by the delta method, d theta / d x =
 * (hi - lo) s (1 - s).
 */
#include "fit_patient.h"

#include <gsl/gsl_blas.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_multifit_nlinear.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "model_kernel.h"
#include "sim.h"

#define P(id) (m->par.v[CALF_P_##id])

/* Numerical settings of the solver (not model constants). */
#define FP_MAXITER      200
#define FP_XTOL         1e-8
#define FP_GTOL         1e-8
#define FP_COVAR_EPSREL 1e-10
#define FP_X_CLAMP      30.0 /* |x| beyond this is clamped (theta at its bound) */
#define FP_AT_BOUND     0.01 /* within 1% of the range from a bound: "at its bound" */
#define FP_NOINFO       1e-6 /* Jacobian column norm below this: no information */
#define FP_CORR_WARN    0.95 /* |correlation| above this: a ridge, not two estimates */
#define FP_GAIN_SPAN    10.0 /* gains may be 1/10 to 10 x the calibrated gain */
#define FP_Z0_MAX       20.0
#define FP_C0_MIN       0.3

const char *const calf_fp_names[CALF_FP_COUNT] = {"c0_ratio", "z0",  "sigma_irr",
                                                  "tau_i",    "k_c", "k_s"};
const char *const calf_obs_names[CALF_OBS_COUNT] = {"pain_during", "pain_morning", "onset_km",
                                                    "heel_raise_reps"};
/* 1 NRS point, 1 NRS point, 1 km, 3 repetitions: the size of a difference a
 * clinician would call meaningful in each measure (an assumption). */
const double calf_obs_scale[CALF_OBS_COUNT] = {1.0, 1.0, 1.0, 3.0};
static const double obs_max[CALF_OBS_COUNT] = {10, 10, 60, 60};

/* ---- override API --------------------------------------------------------- */

void calf_model_override_range(const calf_model *m, int which, double *lo, double *hi)
{
    const calf_param_info *pi = calf_param_infos;
    switch (which) {
    case CALF_FP_C0_RATIO:
        *lo = FP_C0_MIN, *hi = P(C_MAX_R);
        break;
    case CALF_FP_Z0:
        *lo = 1.0, *hi = FP_Z0_MAX;
        break;
    case CALF_FP_SIGMA:
        *lo = pi[CALF_P_SIG_LOW].min, *hi = pi[CALF_P_SIG_HIGH].max;
        break;
    case CALF_FP_TAU_I:
        *lo = pi[CALF_P_TAU_I_LOW].min, *hi = pi[CALF_P_TAU_I_HIGH].max;
        break;
    default: {
        /* gains relative to the registry calibration, not to m's current gain */
        calf_gains g;
        double base = which == CALF_FP_K_C ? m->k_c : m->k_s;
        if (calf_calibrate_gains(&m->par, &g, NULL) == CALF_OK)
            base = which == CALF_FP_K_C ? g.k_c : g.k_s;
        *lo = base / FP_GAIN_SPAN, *hi = base * FP_GAIN_SPAN;
        break;
    }
    }
}

double calf_model_override_get(const calf_model *m, int which)
{
    switch (which) {
    case CALF_FP_C0_RATIO:
        return m->c0 / m->c_h;
    case CALF_FP_Z0:
        return m->z0;
    case CALF_FP_SIGMA:
        return m->sigma_irr;
    case CALF_FP_TAU_I:
        return m->tau_i;
    case CALF_FP_K_C:
        return m->k_c;
    case CALF_FP_K_S:
        return m->k_s;
    default:
        return NAN;
    }
}

int calf_model_override(calf_model *m, int which, double value, calf_error *err)
{
    if (which < 0 || which >= CALF_FP_COUNT)
        return calf_error_set(err, CALF_EUSAGE, "model override: unknown constant %d", which);
    double lo, hi;
    calf_model_override_range(m, which, &lo, &hi);
    if (!(value >= lo * (1 - 1e-12) && value <= hi * (1 + 1e-12)))
        return calf_error_set(err, CALF_EINPUT, "%s = %g: allowed %g to %g", calf_fp_names[which],
                              value, lo, hi);
    switch (which) {
    case CALF_FP_C0_RATIO:
        m->c0 = value * m->c_h;
        break;
    case CALF_FP_Z0:
        m->z0 = value;
        break;
    case CALF_FP_SIGMA:
        m->sigma_irr = value;
        m->i_onset = irr_at_pain(P(PAIN_ONSET), sigma_of(m, m->pt.neural_mobility), 0.0);
        break;
    case CALF_FP_TAU_I:
        m->tau_i = value;
        m->e_i = exp(-1.0 / value);
        break;
    case CALF_FP_K_C:
        m->k_c = value;
        break;
    default:
        m->k_s = value;
        break;
    }
    return CALF_OK;
}

/* ---- diary ----------------------------------------------------------------- */

void calf_diary_free(calf_diary *d)
{
    calf_plan_free(&d->plan);
    for (int k = 0; k < CALF_OBS_COUNT; k++)
        free(d->obs[k]);
    memset(d, 0, sizeof(*d));
}

int calf_diary_from_csv(const calf_csv *csv, const calf_model *m, calf_diary *d, calf_error *err)
{
    memset(d, 0, sizeof(*d));
    int rc = calf_plan_from_csv(csv, m, &d->plan, err);
    if (rc)
        return rc;
    if (d->plan.days == 0) {
        calf_plan_free(&d->plan);
        return calf_error_set(err, CALF_EINPUT, "%s: the diary has no rows", csv->name);
    }
    d->days = d->plan.days;
    int col[CALF_OBS_COUNT];
    int any = 0;
    for (int k = 0; k < CALF_OBS_COUNT; k++) {
        col[k] = calf_csv_find(csv, calf_obs_names[k]);
        any |= col[k] >= 0;
        d->obs[k] = malloc((size_t)d->days * sizeof(double));
        if (!d->obs[k]) {
            calf_diary_free(d);
            return calf_error_set(err, CALF_EIO, "diary: out of memory");
        }
        for (int i = 0; i < d->days; i++)
            d->obs[k][i] = NAN;
    }
    if (!any) {
        calf_diary_free(d);
        return calf_error_set(err, CALF_EINPUT,
                              "%s:%d: no observation column; a diary has at least one of "
                              "pain_during, pain_morning, onset_km, heel_raise_reps",
                              csv->name, calf_csv_header(csv, 0)->line);
    }
    int cday = calf_csv_find(csv, "day");
    for (size_t r = 0; r < csv->nrows; r++) {
        long day;
        if ((rc = calf_csv_long(csv, r, (size_t)cday, 1, d->days, &day, NULL, err)))
            break;
        for (int k = 0; k < CALF_OBS_COUNT && !rc; k++) {
            if (col[k] < 0)
                continue;
            double v;
            int has = 0;
            if ((rc = calf_csv_number(csv, r, (size_t)col[k], &v, &has, err)))
                break;
            if (!has)
                continue;
            if (v < 0 || v > obs_max[k]) {
                rc = calf_csv_cell_error(csv, r, (size_t)col[k], err, CALF_EINPUT,
                                         "%s = %g: allowed 0 to %g", calf_obs_names[k], v,
                                         obs_max[k]);
                break;
            }
            if (isnan(d->obs[k][day - 1])) {
                d->obs[k][day - 1] = v;
                d->nobs[k]++;
            }
        }
        if (rc)
            break;
    }
    if (rc)
        calf_diary_free(d);
    return rc;
}

/* ---- prediction ------------------------------------------------------------- */

static double cap_onset(double v)
{
    return isfinite(v) && v < CALF_FP_ONSET_CAP ? v : CALF_FP_ONSET_CAP;
}

static int predict_into(const calf_model *m, const calf_diary *d, calf_trace *tr,
                        double *pred[CALF_OBS_COUNT], calf_error *err)
{
    calf_plan plan = d->plan; /* the planner only reads it (sessions keep a load cache) */
    calf_planner pl = calf_plan_planner(&plan);
    calf_sim_opts opt = {.days = d->days, .oracle = 0};
    calf_summary sum;
    tr->n = 0;
    int rc = calf_sim_run(m, &pl, &opt, tr, &sum, err);
    if (rc)
        return rc;
    calf_state st;
    calf_model_initial_state(m, &st);
    double morning = calf_model_pain(m, &st), reps = calf_model_heel_raise_reps(m, &st),
           onset = calf_model_onset_easy_km(m, &st);
    for (int i = 0; i < d->days && i < tr->n; i++) {
        const calf_trace_row *r = &tr->rows[i];
        pred[CALF_OBS_PAIN_DURING][i] = r->pain_during_max;
        pred[CALF_OBS_PAIN_MORNING][i] = morning;
        pred[CALF_OBS_HEEL_RAISE][i] = reps;
        pred[CALF_OBS_ONSET_KM][i] = cap_onset(!isnan(r->onset_km) ? r->onset_km : onset);
        morning = r->pain_morning;
        reps = r->heel_raise_reps;
        onset = r->onset_easy_km;
    }
    return CALF_OK;
}

int calf_diary_predict(const calf_model *m, const calf_diary *d, double *pred[CALF_OBS_COUNT],
                       calf_error *err)
{
    calf_trace tr = {0};
    int rc = predict_into(m, d, &tr, pred, err);
    calf_trace_free(&tr);
    return rc;
}

/* ---- fit ---------------------------------------------------------------------- */

typedef struct fpctx {
    const calf_model *m0;
    const calf_diary *d;
    int xi[CALF_FP_COUNT]; /* x index, -1 when fixed */
    double lo[CALF_FP_COUNT], hi[CALF_FP_COUNT], fixval[CALF_FP_COUNT];
    size_t nfree, nobs;
    int *oday, *otype; /* each residual's day (0-based) and type */
    double *pred[CALF_OBS_COUNT];
    calf_trace tr;
    calf_model m; /* work copy */
    calf_error err;
} fpctx;

static double logistic(double x)
{
    return 1.0 / (1.0 + exp(-x));
}

static double clampd(double v, double lim)
{
    return v > lim ? lim : (v < -lim ? -lim : v);
}

static void to_theta(const fpctx *c, const gsl_vector *x, double *th, double *dth)
{
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        th[i] = c->fixval[i];
        if (dth)
            dth[i] = 0;
        if (c->xi[i] < 0)
            continue;
        double s = logistic(clampd(gsl_vector_get(x, (size_t)c->xi[i]), FP_X_CLAMP));
        th[i] = c->lo[i] + (c->hi[i] - c->lo[i]) * s;
        if (dth)
            dth[i] = (c->hi[i] - c->lo[i]) * s * (1 - s);
    }
}

static double to_x(const fpctx *c, int i, double th)
{
    double s = (th - c->lo[i]) / (c->hi[i] - c->lo[i]);
    if (s < 1e-6)
        s = 1e-6;
    if (s > 1 - 1e-6)
        s = 1 - 1e-6;
    return log(s / (1 - s));
}

static int set_model(fpctx *c, const double *th)
{
    c->m = *c->m0;
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        double v = th[i];
        if (v < c->lo[i])
            v = c->lo[i];
        if (v > c->hi[i])
            v = c->hi[i];
        if (calf_model_override(&c->m, i, v, &c->err))
            return -1;
    }
    return 0;
}

static int fp_f(const gsl_vector *x, void *data, gsl_vector *f)
{
    fpctx *c = data;
    double th[CALF_FP_COUNT];
    to_theta(c, x, th, NULL);
    if (set_model(c, th) || predict_into(&c->m, c->d, &c->tr, c->pred, &c->err))
        return GSL_EBADFUNC;
    for (size_t j = 0; j < c->nobs; j++) {
        int k = c->otype[j], t = c->oday[j];
        double r = (c->pred[k][t] - c->d->obs[k][t]) / calf_obs_scale[k];
        if (!isfinite(r))
            return GSL_EBADFUNC;
        gsl_vector_set(f, j, r);
    }
    return GSL_SUCCESS;
}

static void add_warning(calf_fp_result *r, const char *fmt, ...) CALF_PRINTF(2, 3);
static void add_warning(calf_fp_result *r, const char *fmt, ...)
{
    if (r->n_warn >= CALF_FP_MAX_WARN)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->warn[r->n_warn], sizeof(r->warn[0]), fmt, ap);
    va_end(ap);
    r->n_warn++;
}

void calf_fp_result_free(calf_fp_result *r)
{
    for (int k = 0; k < CALF_OBS_COUNT; k++) {
        free(r->pred[k]);
        r->pred[k] = NULL;
    }
}

int calf_fp_apply(const calf_model *m0, const calf_fp_result *r, calf_model *out, calf_error *err)
{
    *out = *m0;
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        int rc = calf_model_override(out, i, r->theta[i], err);
        if (rc)
            return rc;
    }
    return CALF_OK;
}

/* Onset reduction at intake R = z0 (C_h / C_eff0)^b (MODEL.md section 6). */
static double deficit_r(const calf_model *m)
{
    double nf = neural_factor(m, m->pt.neural_mobility);
    return m->z0 * pow(m->c_h / (m->c0 * nf), P(B_DAMAGE));
}

/* Scaled SSE at theta (the fixed values of c are ignored). */
static double sse_at(fpctx *c, const double *th, gsl_vector *f)
{
    size_t nf = c->nfree;
    gsl_vector *x = gsl_vector_alloc(nf ? nf : 1);
    if (!x)
        return NAN;
    for (int i = 0; i < CALF_FP_COUNT; i++)
        if (c->xi[i] >= 0)
            gsl_vector_set(x, (size_t)c->xi[i], to_x(c, i, th[i]));
    double save[CALF_FP_COUNT];
    memcpy(save, c->fixval, sizeof(save));
    for (int i = 0; i < CALF_FP_COUNT; i++)
        if (c->xi[i] < 0)
            c->fixval[i] = th[i];
    double s = NAN;
    if (fp_f(x, c, f) == GSL_SUCCESS && gsl_blas_ddot(f, f, &s) != GSL_SUCCESS)
        s = NAN;
    memcpy(c->fixval, save, sizeof(save));
    gsl_vector_free(x);
    return s;
}

int calf_fit_patient(const calf_model *m0, const calf_diary *d, const calf_fp_opts *o,
                     calf_fp_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    const calf_model *m = m0;
    fpctx c = {.m0 = m0, .d = d};
    int st = CALF_OK;
    gsl_multifit_nlinear_workspace *w = NULL;
    gsl_vector *best = NULL, *x0 = NULL, *f = NULL;
    gsl_matrix *C = NULL;
    r->days = d->days;
    r->zeta = r->zeta_se = NAN;
    r->max_corr = NAN;
    r->corr_i = r->corr_j = -1;
    for (int k = 0; k < CALF_OBS_COUNT; k++) {
        r->n_type[k] = d->nobs[k];
        r->n_obs += d->nobs[k];
        r->rmse[k] = NAN;
        r->pred[k] = calloc((size_t)d->days, sizeof(double));
        c.pred[k] = malloc((size_t)d->days * sizeof(double));
        if (!r->pred[k] || !c.pred[k]) {
            st = calf_error_set(err, CALF_EIO, "fit: out of memory");
            goto cleanup;
        }
    }
    c.nobs = (size_t)r->n_obs;
    if (c.nobs == 0) {
        st = calf_error_set(err, CALF_EINPUT, "fit patient: the diary holds no observations");
        goto cleanup;
    }
    c.oday = malloc(c.nobs * sizeof(int));
    c.otype = malloc(c.nobs * sizeof(int));
    f = gsl_vector_alloc(c.nobs);
    if (!c.oday || !c.otype || !f) {
        st = calf_error_set(err, CALF_EIO, "fit: out of memory");
        goto cleanup;
    }
    {
        size_t j = 0;
        for (int t = 0; t < d->days; t++)
            for (int k = 0; k < CALF_OBS_COUNT; k++)
                if (!isnan(d->obs[k][t])) {
                    c.oday[j] = t;
                    c.otype[j] = k;
                    j++;
                }
    }

    /* Bounds, start values and which constants the diary can inform. */
    int have_strength = 0;
    for (int t = 0; t < d->days; t++)
        for (int i = 0; i < d->plan.day[t].n; i++)
            have_strength |= d->plan.day[t].s[i].kind == CALF_K_STRENGTH;
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        calf_model_override_range(m0, i, &c.lo[i], &c.hi[i]);
        r->lo[i] = c.lo[i];
        r->hi[i] = c.hi[i];
        r->start[i] = calf_model_override_get(m0, i);
        if (r->start[i] < c.lo[i])
            r->start[i] = c.lo[i];
        if (r->start[i] > c.hi[i])
            r->start[i] = c.hi[i];
        c.fixval[i] = r->start[i];
        r->fixed[i] = o ? o->fixed[i] : 0;
        r->se[i] = NAN;
    }
    if (!r->fixed[CALF_FP_K_S] && (d->nobs[CALF_OBS_HEEL_RAISE] < 2 || !have_strength)) {
        r->fixed[CALF_FP_K_S] = 1;
        add_warning(r, "k_s held at its calibrated value: %s",
                    !have_strength ? "the diary has no strength sessions"
                                   : "fewer than 2 heel-raise tests");
    }
    {
        int pains = d->nobs[CALF_OBS_PAIN_DURING] + d->nobs[CALF_OBS_PAIN_MORNING] +
                    d->nobs[CALF_OBS_ONSET_KM];
        if (pains == 0)
            for (int i = CALF_FP_C0_RATIO; i <= CALF_FP_K_C; i++)
                if (!r->fixed[i]) {
                    r->fixed[i] = 1;
                    add_warning(r, "%s held at its calibrated value: no pain or onset observation",
                                calf_fp_names[i]);
                }
    }
    /* Constants the observations do not move at all (zero Jacobian column). */
    {
        double th0[CALF_FP_COUNT];
        memcpy(th0, r->start, sizeof(th0));
        for (int i = 0; i < CALF_FP_COUNT; i++)
            c.xi[i] = -1;
        c.nfree = 0;
        double s0 = sse_at(&c, th0, f);
        if (!isfinite(s0)) {
            st = calf_error_set(err, CALF_ENUMERIC, "fit patient: the intake calibration %s",
                                c.err.msg[0] ? c.err.msg : "gives non-finite residuals");
            goto cleanup;
        }
        r->sse_start = s0;
        gsl_vector *f0 = gsl_vector_alloc(c.nobs);
        if (!f0) {
            st = calf_error_set(err, CALF_EIO, "fit: out of memory");
            goto cleanup;
        }
        gsl_vector_memcpy(f0, f);
        for (int i = 0; i < CALF_FP_COUNT; i++) {
            if (r->fixed[i])
                continue;
            double th1[CALF_FP_COUNT];
            memcpy(th1, th0, sizeof(th1));
            double h = 0.05 * (c.hi[i] - c.lo[i]);
            th1[i] = th0[i] + h <= c.hi[i] ? th0[i] + h : th0[i] - h;
            double s1 = sse_at(&c, th1, f);
            double nrm = 0;
            if (isfinite(s1))
                for (size_t j = 0; j < c.nobs; j++) {
                    double dv = gsl_vector_get(f, j) - gsl_vector_get(f0, j);
                    nrm += dv * dv;
                }
            if (!(sqrt(nrm) > FP_NOINFO)) {
                r->fixed[i] = 1;
                add_warning(r,
                            "%s held at its calibrated value: the observations do not depend "
                            "on it (not identifiable from this diary)",
                            calf_fp_names[i]);
            }
        }
        gsl_vector_free(f0);
    }
    c.nfree = 0;
    for (int i = 0; i < CALF_FP_COUNT; i++)
        c.xi[i] = r->fixed[i] ? -1 : (int)c.nfree++;
    r->n_free = (int)c.nfree;
    memcpy(r->theta, r->start, sizeof(r->theta));
    if (c.nobs < c.nfree + 2)
        add_warning(r,
                    "ill-posed: %zu observations for %zu free constants (want at least %zu); "
                    "the fit can follow the noise",
                    c.nobs, c.nfree, c.nfree + 2);
    if (c.nfree == 0 || c.nobs < c.nfree) {
        if (c.nfree > 0)
            add_warning(r, "no fit: fewer observations than free constants; the intake "
                           "calibration is reported");
        r->sse = r->sse_start;
        goto stats;
    }

    gsl_multifit_nlinear_fdf fdf = {
        .f = fp_f, .df = NULL, .fvv = NULL, .n = c.nobs, .p = c.nfree, .params = &c};
    gsl_multifit_nlinear_parameters fp = gsl_multifit_nlinear_default_parameters();
    fp.h_df = 1e-4;
    w = gsl_multifit_nlinear_alloc(gsl_multifit_nlinear_trust, &fp, c.nobs, c.nfree);
    best = gsl_vector_alloc(c.nfree);
    x0 = gsl_vector_alloc(c.nfree);
    C = gsl_matrix_alloc(c.nfree, c.nfree);
    if (!w || !best || !x0 || !C) {
        st = calf_error_set(err, CALF_EIO, "fit: out of memory");
        goto cleanup;
    }
    /* Starts: the intake calibration, then the middle of every range, then
     * the intake values with the capacity/sensitisation split pushed each way. */
    double best_cost = INFINITY;
    int last_bad = GSL_SUCCESS;
    for (int s = 0; s < 4; s++) {
        for (int i = 0; i < CALF_FP_COUNT; i++) {
            if (c.xi[i] < 0)
                continue;
            double xv = to_x(&c, i, r->start[i]);
            if (s == 1)
                xv = 0;
            if (s >= 2 && (i == CALF_FP_C0_RATIO || i == CALF_FP_Z0))
                xv += (s == 2) == (i == CALF_FP_Z0) ? 1.5 : -1.5;
            gsl_vector_set(x0, (size_t)c.xi[i], xv);
        }
        r->starts++;
        int info = 0, gs = gsl_multifit_nlinear_init(x0, &fdf, w);
        if (gs == GSL_SUCCESS)
            gs = gsl_multifit_nlinear_driver(FP_MAXITER, FP_XTOL, FP_GTOL, 0.0, NULL, NULL, &info,
                                             w);
        if (gs == GSL_SUCCESS || gs == GSL_EMAXITER || gs == GSL_ENOPROG) {
            double cost;
            gsl_vector *fr = gsl_multifit_nlinear_residual(w);
            if (gsl_blas_ddot(fr, fr, &cost) == GSL_SUCCESS && isfinite(cost)) {
                r->starts_ok++;
                if (cost < best_cost) {
                    best_cost = cost;
                    gsl_vector_memcpy(best, gsl_multifit_nlinear_position(w));
                }
                continue;
            }
        }
        last_bad = gs;
    }
    if (!isfinite(best_cost)) {
        st = calf_error_set(err, CALF_ENUMERIC,
                            "fit patient: no start converged (%d tried; last GSL status: %s)",
                            r->starts, gsl_strerror(last_bad));
        goto cleanup;
    }
    double dth[CALF_FP_COUNT];
    to_theta(&c, best, r->theta, dth);
    r->sse = best_cost;

    /* Standard errors (delta method) and correlations. */
    if (c.nobs > c.nfree && gsl_multifit_nlinear_init(best, &fdf, w) == GSL_SUCCESS &&
        gsl_multifit_nlinear_covar(gsl_multifit_nlinear_jac(w), FP_COVAR_EPSREL, C) ==
            GSL_SUCCESS) {
        double s2 = best_cost / (double)(c.nobs - c.nfree);
        int ok = 1;
        for (size_t a = 0; a < c.nfree; a++)
            ok &= gsl_matrix_get(C, a, a) > 0;
        if (ok) {
            r->max_corr = 0;
            for (int i = 0; i < CALF_FP_COUNT; i++) {
                if (c.xi[i] < 0)
                    continue;
                size_t a = (size_t)c.xi[i];
                r->se[i] = dth[i] * sqrt(s2 * gsl_matrix_get(C, a, a));
                for (int j = i + 1; j < CALF_FP_COUNT; j++) {
                    if (c.xi[j] < 0)
                        continue;
                    size_t b = (size_t)c.xi[j];
                    double cr = gsl_matrix_get(C, a, b) /
                                sqrt(gsl_matrix_get(C, a, a) * gsl_matrix_get(C, b, b));
                    if (fabs(cr) > r->max_corr) {
                        r->max_corr = fabs(cr);
                        r->corr_i = i;
                        r->corr_j = j;
                    }
                }
            }
        } else {
            add_warning(r, "standard errors not available: the Jacobian is rank deficient "
                           "(some constants are not identifiable from this diary)");
        }
    } else {
        add_warning(r, "standard errors not available (covariance could not be formed)");
    }
    if (r->max_corr > FP_CORR_WARN)
        add_warning(r,
                    "%s and %s are correlated (|r| = %.3f): the diary fixes a combination of "
                    "them, not each one",
                    calf_fp_names[r->corr_i], calf_fp_names[r->corr_j], r->max_corr);
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        if (r->fixed[i])
            continue;
        double span = c.hi[i] - c.lo[i];
        if (r->theta[i] - c.lo[i] < FP_AT_BOUND * span ||
            c.hi[i] - r->theta[i] < FP_AT_BOUND * span)
            add_warning(r, "%s = %.4g is at its bound (%g to %g): the data push it further",
                        calf_fp_names[i], r->theta[i], c.lo[i], c.hi[i]);
    }

stats : {
    double th[CALF_FP_COUNT];
    memcpy(th, r->theta, sizeof(th));
    if (set_model(&c, th) || predict_into(&c.m, d, &c.tr, r->pred, &c.err)) {
        st = calf_error_set(err, CALF_ENUMERIC, "fit patient: %s", c.err.msg);
        goto cleanup;
    }
    for (int k = 0; k < CALF_OBS_COUNT; k++) {
        double s = 0;
        int n = 0;
        for (int t = 0; t < d->days; t++)
            if (!isnan(d->obs[k][t])) {
                double e = r->pred[k][t] - d->obs[k][t];
                s += e * e;
                n++;
            }
        if (n)
            r->rmse[k] = sqrt(s / n);
    }
    double R = deficit_r(&c.m);
    r->deficit_r = R;
    if (R > 1 + 1e-9) {
        r->zeta = log(c.m.z0) / log(R);
        /* zeta = ln z0 / (ln z0 + b ln(C_h / (C0 nf))): delta method from z0 and c0_ratio
         * (their covariance ignored when unavailable). */
        double lz = log(c.m.z0), lc = log(R) - lz, b = P(B_DAMAGE);
        double dz = lc / (log(R) * log(R)) / c.m.z0;
        double dc = lz * b / (log(R) * log(R)) / (c.m.c0 / c.m.c_h);
        double v = 0;
        if (!r->fixed[CALF_FP_Z0] && isfinite(r->se[CALF_FP_Z0]))
            v += dz * dz * r->se[CALF_FP_Z0] * r->se[CALF_FP_Z0];
        if (!r->fixed[CALF_FP_C0_RATIO] && isfinite(r->se[CALF_FP_C0_RATIO]))
            v += dc * dc * r->se[CALF_FP_C0_RATIO] * r->se[CALF_FP_C0_RATIO];
        r->zeta_se = (r->fixed[CALF_FP_Z0] && r->fixed[CALF_FP_C0_RATIO]) ? NAN : sqrt(v);
    }
}

cleanup:
    calf_trace_free(&c.tr);
    for (int k = 0; k < CALF_OBS_COUNT; k++)
        free(c.pred[k]);
    free(c.oday);
    free(c.otype);
    gsl_vector_free(f);
    gsl_vector_free(best);
    gsl_vector_free(x0);
    gsl_matrix_free(C);
    if (w)
        gsl_multifit_nlinear_free(w);
    if (st)
        calf_fp_result_free(r);
    return st;
}

/* ---- mapping back to a profile ------------------------------------------------ */

int calf_fp_profile(const calf_model *m0, const calf_fp_result *r, calf_patient *out,
                    calf_error *err)
{
    const calf_model *m = m0;
    *out = m0->pt;
    /* nearest irritability class in (log sigma, log tau) */
    static const int sig_id[3] = {CALF_P_SIG_LOW, CALF_P_SIG_MOD, CALF_P_SIG_HIGH};
    static const int tau_id[3] = {CALF_P_TAU_I_LOW, CALF_P_TAU_I_MOD, CALF_P_TAU_I_HIGH};
    double bestd = INFINITY;
    for (int k = 0; k < 3; k++) {
        double ds = log(r->theta[CALF_FP_SIGMA] / m->par.v[sig_id[k]]);
        double dt = log(r->theta[CALF_FP_TAU_I] / m->par.v[tau_id[k]]);
        if (ds * ds + dt * dt < bestd) {
            bestd = ds * ds + dt * dt;
            out->irritability = k;
        }
    }
    /* onset distance giving the fitted R under that class (MODEL.md section 6) */
    double sigma = m->par.v[sig_id[out->irritability]];
    double sigma0 = sigma_at(m, sigma, out->neural_mobility);
    double i0 = irr_at_pain(out->morning_pain, sigma0, 0.0);
    double i_on = irr_at_pain(P(PAIN_ONSET), sigma0, 0.0);
    double i_on_h = irr_at_pain(P(PAIN_ONSET), 1.0, 0.0);
    double R = r->deficit_r;
    if (R > 1 + 1e-9 && i_on > i0) {
        double on = (i_on - i0) * P(X_H) / (i_on_h * R);
        if (on < 0.1)
            on = 0.1;
        if (on > 60)
            on = 60;
        out->onset_km = on;
        out->easy_free_km = NAN;
    } else if (R <= 1 + 1e-9) {
        out->onset_km = NAN; /* no deficit: a symptom-free profile */
        out->easy_free_km = NAN;
    }
    calf_model check;
    int rc = calf_model_init(&check, &m0->par, out, err);
    if (rc && !isnan(out->fast_onset_km)) {
        out->fast_kmh = out->fast_onset_km = NAN; /* inconsistent with the new onset */
        rc = calf_model_init(&check, &m0->par, out, err);
    }
    return rc;
}

static void lua_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            fprintf(fp, "\\%c", *p);
        else if (*p < 32 || *p == 127)
            fprintf(fp, "\\%03u", *p);
        else
            fputc(*p, fp);
    }
    fputc('"', fp);
}

/* Fields directly under prefix (length plen; 0 = top level). */
static void write_table(FILE *fp, const calf_patient *p, const char *prefix, size_t plen,
                        int indent)
{
    for (size_t i = 0; i < calf_patient_field_count; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        if (plen && (strncmp(f->path, prefix, plen) != 0 || f->path[plen] != '.'))
            continue;
        const char *name = plen ? f->path + plen + 1 : f->path;
        if (strchr(name, '.'))
            continue;
        const char *at = (const char *)p + f->offset;
        if (f->type == CALF_PF_TABLE) {
            /* skip a table with nothing set inside */
            int any = 0;
            size_t l = strlen(f->path);
            for (size_t j = 0; j < calf_patient_field_count; j++) {
                const calf_patient_field *g = &calf_patient_fields[j];
                if (strncmp(g->path, f->path, l) != 0 || g->path[l] != '.' ||
                    g->type == CALF_PF_TABLE)
                    continue;
                if (g->type != CALF_PF_NUMBER ||
                    !isnan(*(const double *)((const char *)p + g->offset)))
                    any = 1;
            }
            if (!any)
                continue;
            fprintf(fp, "%*s%s = {\n", indent, "", name);
            write_table(fp, p, f->path, l, indent + 2);
            fprintf(fp, "%*s},\n", indent, "");
        } else if (f->type == CALF_PF_NUMBER) {
            double v = *(const double *)at;
            if (!isnan(v))
                fprintf(fp, "%*s%s = %.10g,\n", indent, "", name, v);
        } else if (f->type == CALF_PF_ENUM) {
            int v = *(const int *)at;
            fprintf(fp, "%*s%s = ", indent, "", name);
            lua_string(fp, f->choices[v]);
            fputs(",\n", fp);
        } else {
            fprintf(fp, "%*s%s = ", indent, "", name);
            lua_string(fp, at);
            fputs(",\n", fp);
        }
    }
}

int calf_patient_write_lua(FILE *fp, const calf_patient *p, const char *comment)
{
    if (comment) {
        const char *s = comment;
        while (*s) {
            const char *e = strchr(s, '\n');
            size_t n = e ? (size_t)(e - s) : strlen(s);
            fprintf(fp, "-- %.*s\n", (int)n, s);
            s += n + (e ? 1 : 0);
        }
    }
    fputs("return {\n", fp);
    write_table(fp, p, "", 0, 2);
    fputs("}\n", fp);
    return ferror(fp) ? CALF_EIO : CALF_OK;
}
