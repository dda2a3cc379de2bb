/*
 * test_calibrate.c: the solved gains (calf_calibrate_gains) are, bit for bit,
 * the roots a plain reference finds: each programme simulated day by day as
 * MODEL.md section 6 states it (C and S of the Beyer programme together,
 * every day's stimulus computed on its own, every training term added), the
 * bracket [1e-7, 1] checked and Brent run to 1e-13, one gain after the other.
 * Checked on the default constants and on 400 virtual patients' drawn
 * constants with twice the documented prior width (many cannot be
 * calibrated: the same gain is then reported as unreachable). The cache
 * returns the same gains on a second call and on another thread.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_roots.h>
#include <math.h>
#include <pthread.h>
#include <string.h>

#include "calibrate.h"
#include "check.h"
#include "cohort.h"
#include "exercise.h"
#include "model.h"

#define V(id) (p->v[CALF_P_##id])

static double ref_sat(const calf_params *p, double sum)
{
    return sum > 0 ? V(A_MAX) * (1.0 - exp(-sum / V(A_SAT))) : 0;
}

static const calf_exercise *ref_ex(const char *name)
{
    return &calf_exercises[calf_exercise_find(name)];
}

typedef struct ref_ctx {
    const calf_params *p;
    int which;
    double target;
} ref_ctx;

/* The programme's final quality, day by day. */
static double ref_outcome(const calf_params *p, int which, double gain)
{
    const double e_lag = exp(-1.0 / V(TAU_LAG)), e_cd = exp(-1.0 / V(TAU_CD));
    const double e_sd = exp(-1.0 / V(TAU_SD));
    if (which <= 1) {
        const calf_exercise *ex = ref_ex("seated_calf_raise");
        const double kap = p->v[ex->kappa_param], tr = p->v[ex->transfer_param];
        double C = V(C_FLOOR_R), A_lag = 0, S = 1.0;
        for (int day = 0; day < 84; day++) {
            double a_c = 0, a_s = 0;
            int wd = day % 7;
            if (wd == 0 || wd == 2 || wd == 4) {
                double rm, sets;
                calf_beyer_week(day / 7 + 1, &rm, &sets);
                double x = calf_pct_1rm(rm) * kap, reps = sets * rm;
                a_c = ref_sat(p, reps * tr * calf_stimulus_h(x, V(X_TH_C), V(P_STIM)));
                a_s = ref_sat(p, reps * tr * calf_stimulus_h(x, V(X_TH_S), V(P_STIM)));
            }
            double a_old = A_lag;
            A_lag = a_old * e_lag + a_c;
            C = C + gain * a_old * (V(C_MAX_R) - C) - (C - V(C_FLOOR_R)) * (1.0 - e_cd);
            S = S + gain * a_s * (V(S_MAX_R) - S) - (S - 1.0) * (1.0 - e_sd);
        }
        return which == 0 ? C : S;
    }
    const char *name = which == 2 ? "toe_flexor_isometric"
                                  : (which == 3 ? "invertor_evertor_band" : "quads_glutes");
    const calf_exercise *ex = ref_ex(name);
    double q0 = which == 2 ? V(CAL_T_FROM) : V(CAL_EK_FROM);
    double qmax = which == 2 ? V(T_MAX) : (which == 3 ? V(E_MAX) : V(K_MAX));
    int days = which == 2 ? 49 : 56;
    double x, reps;
    if (which == 2) {
        x = V(ISO_EFFORT);
        reps = 20;
    } else {
        x = calf_pct_1rm(ex->default_rm) * p->v[ex->kappa_param];
        reps = 3 * ex->default_rm;
    }
    double a =
        ref_sat(p, reps * p->v[ex->transfer_param] * calf_stimulus_h(x, V(X_TH_S), V(P_STIM)));
    double q = q0;
    for (int day = 0; day < days; day++) {
        int wd = day % 7;
        int train = which == 2 ? (wd == 0 || wd == 1 || wd == 3 || wd == 4)
                               : (wd == 0 || wd == 2 || wd == 4);
        q = q + gain * (train ? a : 0) * (qmax - q) - (q - q0) * (1.0 - e_sd);
    }
    return q;
}

static double ref_residual(double gain, void *vp)
{
    const ref_ctx *c = vp;
    return ref_outcome(c->p, c->which, gain) - c->target;
}

/* Returns -1 when solved, else the index of the gain that failed. */
static int ref_gains(const calf_params *p, double out[5])
{
    const double target[5] = {V(CAL_C_GAIN) * V(C_FLOOR_R), V(CAL_S_GAIN), V(CAL_T_TO),
                              V(CAL_EK_FROM) * V(CAL_EK_GAIN), V(CAL_EK_FROM) * V(CAL_EK_GAIN)};
    for (int k = 0; k < 5; k++) {
        ref_ctx c = {p, k, target[k]};
        if (!(ref_residual(1e-7, &c) < 0 && ref_residual(1.0, &c) > 0))
            return k;
        gsl_function F = {ref_residual, &c};
        gsl_root_fsolver *s = gsl_root_fsolver_alloc(gsl_root_fsolver_brent);
        int status = gsl_root_fsolver_set(s, &F, 1e-7, 1.0);
        for (int it = 0; status == GSL_SUCCESS && it < 200; it++) {
            status = gsl_root_fsolver_iterate(s);
            if (status != GSL_SUCCESS)
                break;
            status = gsl_root_test_interval(gsl_root_fsolver_x_lower(s),
                                            gsl_root_fsolver_x_upper(s), 0, 1e-13);
            if (status == GSL_SUCCESS)
                break;
            status = status == GSL_CONTINUE ? GSL_SUCCESS : status;
        }
        out[k] = gsl_root_fsolver_root(s);
        gsl_root_fsolver_free(s);
        if (status != GSL_SUCCESS)
            return k;
    }
    return -1;
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static const char *const names[5] = {"k_C", "k_S", "k_T", "k_E", "k_K"};

/* calf_calibrate_gains against the reference; returns 1 when solved. */
static int against_reference(const calf_params *p)
{
    double want[5];
    int bad = ref_gains(p, want);
    calf_gains g;
    calf_error err = {0};
    int rc = calf_calibrate_gains(p, &g, &err);
    if (bad >= 0) {
        CHECK(rc == CALF_ENUMERIC && strstr(err.msg, names[bad]) != NULL);
        return 0;
    }
    CHECK(rc == CALF_OK);
    CHECK(same_bits(g.k_c, want[0]) && same_bits(g.k_s, want[1]));
    CHECK(same_bits(g.k_t, want[2]) && same_bits(g.k_e, want[3]) && same_bits(g.k_k, want[4]));
    /* and the exposed outcome is the reference's programme */
    for (int k = 0; k < 5; k++)
        CHECK(same_bits(calf_calibrate_outcome(p, k, 0.02 * (k + 1)),
                        ref_outcome(p, k, 0.02 * (k + 1))));
    return 1;
}

static void *other_thread(void *vp)
{
    static calf_gains g;
    calf_error err = {0};
    return calf_calibrate_gains(vp, &g, &err) == CALF_OK ? &g : NULL;
}

int main(void)
{
    gsl_set_error_handler_off();
    calf_params p;
    calf_params_default(&p);
    CHECK(against_reference(&p));

    /* drawn constants: wide priors, so that every gain fails for some */
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    calf_patient_defaults(&s.pt);
    s.vary_params = 2;
    s.seed = 11;
    int solved = 0, n = 400;
    for (long i = 0; i < n; i++) {
        calf_params q;
        calf_patient pt;
        calf_error err = {0};
        CHECK(calf_cohort_draw(&s, i, &q, &pt, &err) == CALF_OK);
        solved += against_reference(&q);
    }
    CHECK(solved > n / 10 && solved < n); /* both outcomes were exercised */

    /* a set where S and T are both out of reach reports S, the first */
    calf_params q = p;
    q.v[CALF_P_CAL_S_GAIN] = 100;
    q.v[CALF_P_CAL_T_TO] = 100;
    calf_gains g;
    calf_error err = {0};
    CHECK(calf_calibrate_gains(&q, &g, &err) == CALF_ENUMERIC && strstr(err.msg, "k_S") != NULL);

    /* cached: the same gains again, and on another thread */
    calf_gains a, b;
    CHECK(calf_calibrate_gains(&p, &a, &err) == CALF_OK);
    CHECK(calf_calibrate_gains(&p, &b, &err) == CALF_OK);
    CHECK(memcmp(&a, &b, sizeof a) == 0);
    pthread_t t;
    void *res = NULL;
    CHECK(pthread_create(&t, NULL, other_thread, &p) == 0 && pthread_join(t, &res) == 0);
    CHECK(res != NULL && memcmp(res, &a, sizeof a) == 0);
    printf("calibrate: %d of %d drawn sets solved, bit for bit as the reference\n", solved, n);
    CHECK_DONE();
}
