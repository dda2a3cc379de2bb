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
#include "model_kernel.h"

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
    return stim_h(x, th, V(P_STIM));
}

static double sat(const calf_params *p, double sum)
{
    return stimulus_sat(p, sum);
}

/* The exercise of each programme (which = 0 to 4), looked up once. */
static const char *const prog_ex_names[5] = {"seated_calf_raise", "seated_calf_raise",
                                             "toe_flexor_isometric", "invertor_evertor_band",
                                             "quads_glutes"};
static int prog_ex_index[5];
static pthread_once_t prog_ex_once = PTHREAD_ONCE_INIT;

static void prog_ex_init(void)
{
    for (int k = 0; k < 5; k++)
        prog_ex_index[k] = calf_exercise_find(prog_ex_names[k]);
}

static const calf_exercise *prog_ex(int which)
{
    pthread_once(&prog_ex_once, prog_ex_init);
    return &calf_exercises[prog_ex_index[which]];
}

/* A calibration programme with everything that does not depend on the gain
 * computed once (the daily stimuli need pow and exp), so each root-finder
 * step is a plain loop. */
typedef struct programme {
    int which, days;
    double e_lag, e_cd, e_sd;
    double c_floor, c_max, s_max, q0, qmax;
    double a_c[84], a_s[84]; /* daily stimuli (which <= 1), or a_s alone */
    double a_lag[84];        /* the lagged C stimulus each day starts from */
} programme;

static void programme_init(programme *g, const calf_params *p, int which)
{
    memset(g, 0, sizeof(*g));
    g->which = which;
    g->e_lag = exp(-1.0 / V(TAU_LAG));
    g->e_cd = exp(-1.0 / V(TAU_CD));
    g->e_sd = exp(-1.0 / V(TAU_SD));
    if (which <= 1) {
        /* Beyer: Mon/Wed/Fri, seated calf raise, sets x RM reps at RM; the
         * stimuli of the sessions of a block of weeks (the same RM and
         * sets) are the same, so each block's are computed once. */
        const calf_exercise *ex = prog_ex(which);
        double kap = p->v[ex->kappa_param], tr = p->v[ex->transfer_param];
        g->c_floor = V(C_FLOOR_R); /* C_h = 1 */
        g->c_max = V(C_MAX_R);
        g->s_max = V(S_MAX_R);
        g->days = 84;
        double rm0 = 0, sets0 = 0, a_c = 0, a_s = 0;
        for (int week = 1; week <= 12; week++) {
            double rm, sets;
            calf_beyer_week(week, &rm, &sets);
            if (rm != rm0 || sets != sets0) { /* a new block of the programme */
                double x = calf_pct_1rm(rm) * kap, reps = sets * rm;
                a_c = sat(p, reps * tr * h_of(p, x, V(X_TH_C)));
                a_s = sat(p, reps * tr * h_of(p, x, V(X_TH_S)));
                rm0 = rm, sets0 = sets;
            }
            for (int wd = 0; wd <= 4; wd += 2) {
                g->a_c[(week - 1) * 7 + wd] = a_c;
                g->a_s[(week - 1) * 7 + wd] = a_s;
            }
        }
        /* the collagen-synthesis lag does not depend on the gain */
        double A_lag = 0;
        for (int day = 0; day < 84; day++) {
            g->a_lag[day] = A_lag;
            A_lag = lag_step(A_lag, g->e_lag, g->a_c[day], 0.0);
        }
        return;
    }
    /* Local qualities: T from calib_t_from over 7 weeks (4 sessions x 20 holds
     * = 560); E and K from calib_ek_from over 8 weeks, 3 x/week, 3 sets. */
    const calf_exercise *ex = prog_ex(which);
    g->q0 = which == 2 ? V(CAL_T_FROM) : V(CAL_EK_FROM);
    g->qmax = which == 2 ? V(T_MAX) : (which == 3 ? V(E_MAX) : V(K_MAX));
    g->days = which == 2 ? 49 : 56;
    double x, reps;
    if (which == 2) {
        x = V(ISO_EFFORT);
        reps = 20;
    } else {
        x = calf_pct_1rm(ex->default_rm) * p->v[ex->kappa_param];
        reps = 3 * ex->default_rm;
    }
    double a = sat(p, reps * p->v[ex->transfer_param] * h_of(p, x, V(X_TH_S)));
    for (int day = 0; day < g->days; day++) {
        int wd = day % 7;
        int train = which == 2 ? (wd == 0 || wd == 1 || wd == 3 || wd == 4)
                               : (wd == 0 || wd == 2 || wd == 4);
        g->a_s[day] = train ? a : 0;
    }
}

/* The quality at the end of the programme. C and S of the Beyer programme
 * do not depend on each other: each is run alone. */
static double programme_run(const programme *g, double gain)
{
    if (g->which == 0) {
        double C = g->c_floor;
        for (int day = 0; day < 84; day++)
            C = capacity_step(C, gain * g->a_lag[day], g->c_max, g->c_floor, 1.0 - g->e_cd);
        return C;
    }
    /* S, T, E and K move by the overnight update's equation (in the
     * calibration's rounding order, quality_step_cal; on a day without
     * training the gain is 0) */
    const double k = 1.0 - g->e_sd;
    if (g->which == 1) {
        double S = 1.0;
        for (int day = 0; day < 84; day++) {
            const double a = g->a_s[day];
            S = quality_step_cal(S, gain * a, g->s_max, 1.0, k);
        }
        return S;
    }
    double q = g->q0;
    for (int day = 0; day < g->days; day++) {
        const double a = g->a_s[day];
        q = quality_step_cal(q, gain * a, g->qmax, g->q0, k);
    }
    return q;
}

double calf_calibrate_outcome(const calf_params *p, int which, double gain)
{
    programme g;
    programme_init(&g, p, which);
    return programme_run(&g, gain);
}

/* The residual at the bracket's ends is kept: Brent starts from them. */
typedef struct target_ctx {
    programme g;
    double target;
    double f_lo, f_hi;
    int have_lo, have_hi;
} target_ctx;

#define GAIN_LO 1e-7
#define GAIN_HI 1.0

static double residual(double gain, void *vp)
{
    target_ctx *t = vp;
    if (gain == GAIN_LO && t->have_lo)
        return t->f_lo;
    if (gain == GAIN_HI && t->have_hi)
        return t->f_hi;
    return programme_run(&t->g, gain) - t->target;
}

static const char *const gain_names[] = {"k_C", "k_S", "k_T", "k_E", "k_K"};

/* Whether a gain in [GAIN_LO, GAIN_HI] reaches the target (the residual
 * changes sign from below to above). */
static int bracketed(target_ctx *t, int which, calf_error *err)
{
    t->have_lo = t->have_hi = 0;
    double flo = residual(GAIN_LO, t), fhi = residual(GAIN_HI, t);
    t->f_lo = flo, t->f_hi = fhi;
    t->have_lo = t->have_hi = 1;
    if (!(flo < 0 && fhi > 0))
        return calf_error_set(err, CALF_ENUMERIC,
                              "calibration of %s: target %g cannot be reached with a gain in "
                              "%g to %g (check a_max, a_sat, x_th_*, the ceilings and time "
                              "constants)",
                              gain_names[which], t->target, GAIN_LO, GAIN_HI);
    return CALF_OK;
}

/* Brent with solver s (set afresh for this target). */
static int solve(gsl_root_fsolver *s, target_ctx *t, int which, double *out, calf_error *err)
{
    gsl_function F = {residual, t};
    int status = gsl_root_fsolver_set(s, &F, GAIN_LO, GAIN_HI);
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
    if (status != GSL_SUCCESS)
        return calf_error_set(err, CALF_ENUMERIC, "calibration of %s: Brent did not converge (%s)",
                              gain_names[which], gsl_strerror(status));
    *out = root;
    return CALF_OK;
}

/* Solved gains of recent parameter sets, per thread (a cohort's threads
 * calibrate different sets; nothing is shared between them). */
static _Thread_local struct {
    calf_params key;
    calf_gains val;
    int used;
} cache[CAL_CACHE];
static _Thread_local int cache_next;

int calf_calibrate_gains(const calf_params *p, calf_gains *out, calf_error *err)
{
    for (int i = 0; i < CAL_CACHE; i++)
        if (cache[i].used && memcmp(&cache[i].key, p, sizeof(*p)) == 0) {
            *out = cache[i].val;
            return CALF_OK;
        }

    /* Every target is checked to be reachable before any gain is solved, so
     * a parameter set that cannot be calibrated costs no root finding (the
     * first unreachable target in the order C, S, T, E, K is reported; Brent
     * does not fail on a bracketed root). C and S share the Beyer programme. */
    target_ctx t[5];
    programme_init(&t[0].g, p, 0);
    t[1].g = t[0].g;
    t[1].g.which = 1;
    t[0].target = V(CAL_C_GAIN) * V(C_FLOOR_R);
    t[1].target = V(CAL_S_GAIN);
    t[2].target = V(CAL_T_TO);
    t[3].target = t[4].target = V(CAL_EK_FROM) * V(CAL_EK_GAIN);
    int rc = CALF_OK;
    for (int k = 0; k < 5 && !rc; k++) {
        if (k >= 2)
            programme_init(&t[k].g, p, k);
        rc = bracketed(&t[k], k, err);
    }
    calf_gains g;
    double *gain[5] = {&g.k_c, &g.k_s, &g.k_t, &g.k_e, &g.k_k};
    if (!rc) {
        gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        if (!s)
            return calf_error_set(err, CALF_EIO, "calibration: out of memory");
        for (int k = 0; k < 5 && !rc; k++)
            rc = solve(s, &t[k], k, gain[k], err);
        gsl_root_fsolver_free(s);
    }
    if (rc)
        return rc;
    cache[cache_next].key = *p;
    cache[cache_next].val = g;
    cache[cache_next].used = 1;
    cache_next = (cache_next + 1) % CAL_CACHE;
    *out = g;
    return CALF_OK;
}
