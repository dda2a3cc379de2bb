/*
 * model.c: the model's public single-equation functions (model.h): the
 * effective capacity, pain, heel-raise reps and onset distance of a state, a
 * running segment's load, the stimulus per rep and x^b, each a call of the
 * kernel (model_kernel.h) that also runs the day. The day itself is in
 * model_day.c (any plan) and model_prog.c (compiled plan days), the intake
 * calibration in model_init.c, the speed caches in model_cache.c.
 */
#include "model.h"

#include <math.h>

#include "model_kernel.h"

double calf_model_powb(const calf_model *m, double x)
{
    return powb_fast(m, x);
}

calf_seg_load calf_model_run_load(const calf_model *m, const calf_state *st, double kmh, double s,
                                  int strike, double overstride)
{
    calf_seg_load r;
    double f_base;
    run_base(m, kmh, s, strike, overstride, &f_base, &r.n_km);
    r.sr = run_cadence(m, kmh / 3.6, s);
    r.f = f_base * dyn_factor_of(m, st->T, st->E, st->K);
    return r;
}

double calf_model_c_eff(const calf_model *m, const calf_state *st)
{
    return c_eff_of(m, st->C, st->Fa, st->N, st->D);
}

double calf_model_pain(const calf_model *m, const calf_state *st)
{
    return pain_of(sigma_of(m, st->N), st->I + dmg_of(m, st->D));
}

double calf_model_heel_raise_reps(const calf_model *m, const calf_state *st)
{
    double r = 30.0 * (st->S / P(F_HEEL) - 1.0);
    return r > 0 ? r : 0;
}

double calf_model_onset_easy_km(const calf_model *m, const calf_state *st)
{
    double target = irr_at_pain(P(PAIN_ONSET), sigma_of(m, st->N), dmg_of(m, st->D));
    if (st->I >= target)
        return 0.0;
    double f = st->easy_f_base * dyn_factor_of(m, st->T, st->E, st->K);
    double q_km = run_q_km_ratio(m, st->easy_n_km, f / calf_model_c_eff(m, st));
    double rate = m->kappa_i * st->Z * q_km;
    return rate > 0 ? (target - st->I) / rate : INFINITY;
}

double calf_stimulus_h(double x, double th, double p)
{
    return stim_h(x, th, p);
}

const calf_exercise *calf_session_exercise(const calf_session *s)
{
    if (s->exercise >= 0 && s->exercise < calf_exercise_count)
        return &calf_exercises[s->exercise];
    return s->custom;
}
