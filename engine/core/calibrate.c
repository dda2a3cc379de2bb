/*
 * calibrate.c: solving the outcome-defined gains with Brent's method.
 * Each programme runs the relevant part of the daily model (stimulus,
 * collagen-synthesis lag, trainable-quality update) on a normalised patient,
 * so the solved gain holds for every patient with the same parameters.
 */
#include "calibrate.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "exercise.h"
#include "model.h"

#define V(id)        (p->v[CALF_P_##id])
#define CAL_MAX_ITER 200
#define CAL_CACHE    16

void calf_beyer_week(int week, double *rm, double *sets)
{
    if (week <= 1) {
        *rm = 15, *sets = 3;
    } else if (week <= 3) {
        *rm = 12, *sets = 3;
    } else if (week <= 5) {
        *rm = 10, *sets = 4;
    } else if (week <= 8) {
        *rm = 8, *sets = 4;
    } else {
        *rm = 6, *sets = 4;
    }
}

static double h_of(const calf_params *p, double x, double th)
{
    return calf_stimulus_h(x, th, V(P_STIM));
}

static double sat(const calf_params *p, double sum)
{
    return sum > 0 ? V(A_MAX) * (1.0 - exp(-sum / V(A_SAT))) : 0;
}

static double ex_kappa(const calf_params *p, const char *name)
{
    int i = calf_exercise_find(name);
    return p->v[calf_exercises[i].kappa_param];
}

static double ex_transfer(const calf_params *p, const char *name)
{
    int i = calf_exercise_find(name);
    return p->v[calf_exercises[i].transfer_param];
}

static double ex_rm(const char *name)
{
    return calf_exercises[calf_exercise_find(name)].default_rm;
}

/* A calibration programme with everything that does not depend on the gain
 * computed once (the daily stimuli need pow and exp), so each root-finder
 * step is a plain loop. */
typedef struct programme {
    int which, days;
    double e_lag, e_cd, e_sd;
    double c_floor, c_max, s_max, q0, qmax;
    double a_c[84], a_s[84]; /* daily stimuli (which <= 1), or a_s alone */
} programme;

static void programme_init(programme *g, const calf_params *p, int which)
{
    memset(g, 0, sizeof(*g));
    g->which = which;
    g->e_lag = exp(-1.0 / V(TAU_LAG));
    g->e_cd = exp(-1.0 / V(TAU_CD));
    g->e_sd = exp(-1.0 / V(TAU_SD));
    if (which <= 1) {
        /* Beyer: Mon/Wed/Fri, seated calf raise, sets x RM reps at RM. */
        double kap = ex_kappa(p, "seated_calf_raise"), tr = ex_transfer(p, "seated_calf_raise");
        g->c_floor = V(C_FLOOR_R); /* C_h = 1 */
        g->c_max = V(C_MAX_R);
        g->s_max = V(S_MAX_R);
        g->days = 84;
        for (int day = 0; day < 84; day++) {
            int wd = day % 7;
            if (wd == 0 || wd == 2 || wd == 4) {
                double rm, sets;
                calf_beyer_week(day / 7 + 1, &rm, &sets);
                double x = calf_pct_1rm(rm) * kap, reps = sets * rm;
                g->a_c[day] = sat(p, reps * tr * h_of(p, x, V(X_TH_C)));
                g->a_s[day] = sat(p, reps * tr * h_of(p, x, V(X_TH_S)));
            }
        }
        return;
    }
    /* Local qualities: T from calib_t_from over 7 weeks (4 sessions x 20 holds
     * = 560); E and K from calib_ek_from over 8 weeks, 3 x/week, 3 sets. */
    const char *ex = which == 2 ? "toe_flexor_isometric"
                                : (which == 3 ? "invertor_evertor_band" : "quads_glutes");
    g->q0 = which == 2 ? V(CAL_T_FROM) : V(CAL_EK_FROM);
    g->qmax = which == 2 ? V(T_MAX) : (which == 3 ? V(E_MAX) : V(K_MAX));
    g->days = which == 2 ? 49 : 56;
    double x, reps;
    if (which == 2) {
        x = V(ISO_EFFORT);
        reps = 20;
    } else {
        x = calf_pct_1rm(ex_rm(ex)) * ex_kappa(p, ex);
        reps = 3 * ex_rm(ex);
    }
    double a = sat(p, reps * ex_transfer(p, ex) * h_of(p, x, V(X_TH_S)));
    for (int day = 0; day < g->days; day++) {
        int wd = day % 7;
        int train = which == 2 ? (wd == 0 || wd == 1 || wd == 3 || wd == 4)
                               : (wd == 0 || wd == 2 || wd == 4);
        g->a_s[day] = train ? a : 0;
    }
}

static double programme_run(const programme *g, double gain)
{
    if (g->which <= 1) {
        double C = g->c_floor, A_lag = 0, S = 1.0;
        for (int day = 0; day < 84; day++) {
            double a_old = A_lag;
            A_lag = a_old * g->e_lag + g->a_c[day];
            C = C + gain * a_old * (g->c_max - C) - (C - g->c_floor) * (1.0 - g->e_cd);
            S = S + gain * g->a_s[day] * (g->s_max - S) - (S - 1.0) * (1.0 - g->e_sd);
        }
        return g->which == 0 ? C : S;
    }
    double q = g->q0;
    for (int day = 0; day < g->days; day++)
        q = q + gain * g->a_s[day] * (g->qmax - q) - (q - g->q0) * (1.0 - g->e_sd);
    return q;
}

double calf_calibrate_outcome(const calf_params *p, int which, double gain)
{
    programme g;
    programme_init(&g, p, which);
    return programme_run(&g, gain);
}

typedef struct target_ctx {
    programme g;
    double target;
} target_ctx;

static double residual(double gain, void *vp)
{
    const target_ctx *t = vp;
    return programme_run(&t->g, gain) - t->target;
}

static const char *const gain_names[] = {"k_C", "k_S", "k_T", "k_E", "k_K"};

static int solve(const calf_params *p, int which, double target, double *out, calf_error *err)
{
    target_ctx t;
    programme_init(&t.g, p, which);
    t.target = target;
    gsl_function F = {residual, &t};
    double lo = 1e-7, hi = 1.0;
    double flo = residual(lo, &t), fhi = residual(hi, &t);
    if (!(flo < 0 && fhi > 0))
        return calf_error_set(err, CALF_ENUMERIC,
                              "calibration of %s: target %g cannot be reached with a gain in "
                              "%g to %g (check a_max, a_sat, x_th_*, the ceilings and time "
                              "constants)",
                              gain_names[which], target, lo, hi);
    gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
    if (!s)
        return calf_error_set(err, CALF_EIO, "calibration: out of memory");
    int status = gsl_root_fsolver_set(s, &F, lo, hi);
    int iter = 0;
    while (status == GSL_SUCCESS && iter++ < CAL_MAX_ITER) {
        status = gsl_root_fsolver_iterate(s);
        if (status != GSL_SUCCESS)
            break;
        double a = gsl_root_fsolver_x_lower(s), b = gsl_root_fsolver_x_upper(s);
        status = gsl_root_test_interval(a, b, 0, 1e-13);
        if (status == GSL_SUCCESS)
            break;
        if (status != GSL_CONTINUE)
            break;
        status = GSL_SUCCESS;
    }
    double root = gsl_root_fsolver_root(s);
    gsl_root_fsolver_free(s);
    if (status != GSL_SUCCESS)
        return calf_error_set(err, CALF_ENUMERIC, "calibration of %s: Brent did not converge (%s)",
                              gain_names[which], gsl_strerror(status));
    *out = root;
    return CALF_OK;
}

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct {
    calf_params key;
    calf_gains val;
    int used;
} cache[CAL_CACHE];
static int cache_next;

int calf_calibrate_gains(const calf_params *p, calf_gains *out, calf_error *err)
{
    pthread_mutex_lock(&cache_lock);
    for (int i = 0; i < CAL_CACHE; i++)
        if (cache[i].used && memcmp(&cache[i].key, p, sizeof(*p)) == 0) {
            *out = cache[i].val;
            pthread_mutex_unlock(&cache_lock);
            return CALF_OK;
        }
    pthread_mutex_unlock(&cache_lock);

    calf_gains g;
    int rc = solve(p, 0, V(CAL_C_GAIN) * V(C_FLOOR_R), &g.k_c, err);
    if (!rc)
        rc = solve(p, 1, V(CAL_S_GAIN), &g.k_s, err);
    if (!rc)
        rc = solve(p, 2, V(CAL_T_TO), &g.k_t, err);
    if (!rc)
        rc = solve(p, 3, V(CAL_EK_FROM) * V(CAL_EK_GAIN), &g.k_e, err);
    if (!rc)
        rc = solve(p, 4, V(CAL_EK_FROM) * V(CAL_EK_GAIN), &g.k_k, err);
    if (rc)
        return rc;
    pthread_mutex_lock(&cache_lock);
    cache[cache_next].key = *p;
    cache[cache_next].val = g;
    cache[cache_next].used = 1;
    cache_next = (cache_next + 1) % CAL_CACHE;
    pthread_mutex_unlock(&cache_lock);
    *out = g;
    return CALF_OK;
}
