/*
 * model_init.c: the intake calibration (MODEL.md section 6) that maps a
 * patient profile onto the model's constants and the initial state: decay
 * factors, the gait and strength at intake, the healthy capacity and the
 * rates that make the habitual week hold damage and capacity, the solved
 * strength gains (calibrate.c), and the irritability, capacity and speed
 * sensitivity that reproduce the reported onset distances. The forward
 * equations it inverts are those of model_kernel.h.
 */
#include <math.h>
#include <stdatomic.h>
#include <string.h>

#include "calibrate.h"
#include "model_kernel.h"

/* Ids of initialised models, for the engine's speed caches. */
static atomic_ulong next_model_uid;

static double e_of(double tau)
{
    return exp(-1.0 / tau);
}

/* The registry constant for the patient's irritability: high, moderate or
 * low (registry ids). */
static double by_irritability(const calf_model *m, int high, int moderate, int low)
{
    switch (m->pt.irritability) {
    case CALF_IRR_HIGH:
        return m->par.v[high];
    case CALF_IRR_MODERATE:
        return m->par.v[moderate];
    default:
        return m->par.v[low];
    }
}

static double irr_sigma(const calf_model *m)
{
    return by_irritability(m, CALF_P_SIG_HIGH, CALF_P_SIG_MOD, CALF_P_SIG_LOW);
}

static double irr_tau(const calf_model *m)
{
    return by_irritability(m, CALF_P_TAU_I_HIGH, CALF_P_TAU_I_MOD, CALF_P_TAU_I_LOW);
}

/* The decay factors e(tau) = exp(-1 / tau) the daily step multiplies by. */
static void init_decay(calf_model *m)
{
    m->e_i = e_of(irr_tau(m));
    m->e_z = e_of(P(TAU_Z));
    m->e_r = e_of(P(TAU_R));
    m->e_a = e_of(P(TAU_A));
    m->e_lag = e_of(P(TAU_LAG));
    m->e_cd = e_of(P(TAU_CD));
    m->e_sd = e_of(P(TAU_SD));
    m->one_e_cd = 1.0 - m->e_cd;
    m->one_e_sd = 1.0 - m->e_sd;
    m->e1 = e_of(P(TAU1));
    m->e2 = e_of(P(TAU2));
    m->e_ctl = e_of(P(TAU_CTL));
    m->e_atl = e_of(P(TAU_ATL));
}

/* Gait and strength at intake, and the contact-time weight of the dose. */
static int init_gait(calf_model *m, const calf_patient *pt, calf_error *err)
{
    m->v_easy = pt->easy_kmh / 3.6;
    m->q_kmh = P(QUALITY_R) * pt->easy_kmh - 1e-9;
    m->a_sr = isnan(pt->cadence_spm) ? P(A_SR) : pt->cadence_spm - P(B_SR) * m->v_easy;
    m->beta_v = P(BETA_V);
    m->s0 = P(F_HEEL) * (1.0 + pt->heel_raise_reps / 30.0);
    m->s_max = P(S_MAX_R) * m->s0;
    m->t0 = pt->toe_flexor;
    m->k0 = pt->kinetic_chain;
    m->e0 = pt->invertor_evertor;
    m->w_tc = 1.0;
    if (!isnan(pt->contact_ms)) {
        double tc_ref = P(TC_REF_A) - P(TC_REF_B) * m->v_easy;
        if (tc_ref <= 0.05)
            return calf_error_set(err, CALF_EINPUT,
                                  "gait.contact_ms: reference contact time at %g km/h is not "
                                  "positive; easy speed too high for the contact-time model",
                                  pt->easy_kmh);
        m->w_tc = pow(pt->contact_ms / 1000.0 / tc_ref, P(THETA_TC));
    }
    return CALF_OK;
}

/* The runs on weekday d (0 to 6) of a week of n evenly spaced runs: run k
 * falls on day floor((k + 1/2) 7 / n) (4 runs: days 0, 2, 4, 6; more than 7
 * runs put two on some days). */
static int pattern_runs(int d, int n)
{
    int c = 0;
    for (int k = 0; k < n; k++)
        c += (int)floor((k + 0.5) * 7.0 / n) == d;
    return c;
}

/* The periodic steady state of a week of n evenly spaced runs of km_run km
 * each (load l_run x L_hab) at easy speed (docs/model.md section 6). Gives the
 * mean over its runs of the fatigue dose factor (1 - phi_a Fa / (Fa + 1))^-b
 * at each run's morning fatigue; the onset units: the largest, over its run
 * days, of the morning irritation carried over from earlier runs plus x_h km
 * at that day's dose factor, both per unit kappa_i q_km (irritation decaying
 * as in a healthy, low-irritability calf); the mean daily running-stimulus
 * ratio (a day's min(load, run_stim_max) over 7 days); and on the first
 * morning the fatigue Fa and the lagged stimulus per unit eta_run. Fa, the
 * lag and the irritation are linear recurrences with a weekly input, so
 * their periodic states come in closed form (periodic_start): one pow() a
 * run day. */
typedef struct week_state {
    double dose_f, onset_u, stim, fa0, alag0_unit;
} week_state;

/* The start of the periodic steady state of x <- x e + u_d (u of period 7,
 * day 0 first): sum over d of u_d e^(6 - d), over 1 - e^7. */
static double periodic_start(const double u[7], double e)
{
    double s = 0, e7 = 1;
    for (int d = 0; d < 7; d++) {
        s = s * e + u[d];
        e7 *= e;
    }
    return s / (1.0 - e7);
}

static week_state week_steady(const calf_model *m, int n, double l_run, double km_run)
{
    week_state w = {0, 0, 0, 0, 0};
    const double cap = P(RUN_STIM_MAX), b = P(B_DAMAGE), e_i = e_of(P(TAU_I_LOW));
    int runs[7];
    double load[7], stim[7], f[7], u[7];
    for (int d = 0; d < 7; d++) {
        runs[d] = pattern_runs(d, n);
        load[d] = runs[d] * l_run;
        stim[d] = load[d] < cap ? load[d] : cap;
        w.stim += stim[d] / 7.0;
    }
    /* Fa and the lagged stimulus are linear in the week's loads: their
     * periodic states start from the closed form */
    w.fa0 = periodic_start(load, m->e_a);
    w.alag0_unit = periodic_start(stim, m->e_lag);
    double Fa = w.fa0;
    for (int d = 0; d < 7; d++) {
        f[d] = runs[d] ? pow(1.0 - P(PHI_A) * Fa / (Fa + 1.0), -b) : 0;
        w.dose_f += runs[d] * f[d] / n;
        u[d] = runs[d] * f[d] * km_run * e_i; /* I <- (I + runs f km) e_i */
        Fa = Fa * m->e_a + load[d];
    }
    double I = periodic_start(u, e_i);
    for (int d = 0; d < 7; d++) {
        if (runs[d] && I + f[d] * P(X_H) > w.onset_u)
            w.onset_u = I + f[d] * P(X_H);
        I = I * e_i + u[d];
    }
    return w;
}

/* The healthy calf: capacity C_h from the easy-speed force; the habitual
 * week's steady state (*hab), in which kappa_I puts the healthy onset and
 * kappa_D holds D at D_eq. Gives the healthy irritation at onset *i_on_h. */
static void init_healthy(calf_model *m, const calf_patient *pt, double *i_on_h, week_state *hab)
{
    double f_base, n_km;
    m->beta_v = 0; /* F_easy is independent of beta_v */
    run_base(m, pt->easy_kmh, 1.0, pt->strike, pt->overstride, &f_base, &n_km);
    m->dyn0 = dyn_factor_of(m, m->t0, m->e0, m->k0);
    m->f_easy = f_base * m->dyn0;
    m->c_h = P(C_MARGIN) * m->f_easy;
    m->c_floor = P(C_FLOOR_R) * m->c_h;
    m->c_max = P(C_MAX_R) * m->c_h;

    /* The habitual week's steady state: its runs meet the capacity their
     * morning's acute fatigue leaves (mu_hab, the mean dose factor). */
    const int n_runs = pt->runs_per_week;
    *hab = week_steady(m, n_runs, 7.0 / n_runs, pt->km_per_week / n_runs);
    m->mu_hab = hab->dose_f;
    m->onset_u = hab->onset_u;
    /* Healthy calf in its habitual week: pain onset after x_h km at easy
     * speed even on its most fatigued run day, with what earlier runs left
     * (Z = 1, N = 1, and the pain sensitivity of low irritability, sigma_low:
     * the healthy reference; 1 at the defaults). */
    double q_km_h = run_q_km_ratio(m, n_km, m->f_easy / m->c_h);
    *i_on_h = irr_at_pain(P(PAIN_ONSET), P(SIG_LOW), 0.0);
    m->kappa_i = *i_on_h / (q_km_h * m->onset_u);
    /* Habitual running holds D at D_eq (the week's mean: D is linear in the
     * dose) and C at C_h. */
    m->l_hab = pt->km_per_week * n_km * m->f_easy / 7.0;
    double q_avg = pt->km_per_week / 7.0 * q_km_h * m->mu_hab;
    m->kappa_d = P(D_EQ) * (1.0 - m->e_r) / (m->e_r * q_avg);
}

/* The solved strength gains and eta_run, which holds C at C_h on the
 * habitual week (its mean running stimulus hab->stim). */
static int init_gains(calf_model *m, const week_state *hab, calf_error *err)
{
    calf_gains g;
    int rc = calf_calibrate_gains(&m->par, &g, err);
    if (rc)
        return rc;
    m->k_c = g.k_c;
    m->k_s = g.k_s;
    m->k_t = g.k_t;
    m->k_e = g.k_e;
    m->k_k = g.k_k;
    /* a day without T, E and K doses adds a zero to them while they are at
     * intake (see model_day.c): their gains are then 0 x k (a zero for finite
     * k), and the zero changes no bit of a finite, non-zero value */
    m->tek_still = isfinite(m->t0) && m->t0 != 0 && isfinite(m->e0) && m->e0 != 0 &&
                   isfinite(m->k0) && m->k0 != 0 && isfinite(P(T_MAX)) && isfinite(P(E_MAX)) &&
                   isfinite(P(K_MAX)) && isfinite(m->k_t) && isfinite(m->k_e) && isfinite(m->k_k) &&
                   m->one_e_sd > 0 && m->one_e_sd < 1;
    m->eta_run = (m->c_h - m->c_floor) * (1.0 - m->e_cd) * (1.0 - m->e_lag) /
                 (m->k_c * (m->c_max - m->c_h) * hab->stim);
    return CALF_OK;
}

/* The speed sensitivity beta_V that reproduces the fast onset distance. */
static int init_fast(calf_model *m, const calf_patient *pt, double i_on, double i0, double c_eff0,
                     const char *d_field, calf_error *err)
{
    const double b = P(B_DAMAGE);
    double fb, nk;
    run_base(m, pt->fast_kmh, 1.0, pt->strike, pt->overstride, &fb, &nk);
    double f = fb * m->dyn0;
    double denom = m->kappa_i * m->z0 * nk * pt->fast_onset_km * m->w_tc * powb_fast(m, f / c_eff0);
    double ratio = (i_on - i0) / denom; /* = (v_f / v_e)^(beta b) */
    double beta = log(ratio) / (b * log(pt->fast_kmh / pt->easy_kmh));
    if (!isfinite(beta) || beta < calf_param_infos[CALF_P_BETA_V].min ||
        beta > calf_param_infos[CALF_P_BETA_V].max)
        return calf_error_set(
            err, CALF_EINPUT,
            "symptoms.fast.onset_km = %g at %g km/h is inconsistent with %s = %g at %g km/h: "
            "the implied speed sensitivity %g is outside %g to %g",
            pt->fast_onset_km, pt->fast_kmh, d_field,
            !isnan(pt->onset_km) ? pt->onset_km : pt->easy_free_km, pt->easy_kmh, beta,
            calf_param_infos[CALF_P_BETA_V].min, calf_param_infos[CALF_P_BETA_V].max);
    m->beta_v = beta;
    return CALF_OK;
}

/* Irritability and the onset: R = Z0 (C_h / C_eff0)^b gives Z0 and C0 from
 * the reported onset distance, then beta_V from the fast one. */
static int init_onset(calf_model *m, const calf_patient *pt, double i_on_h, calf_error *err)
{
    const double b = P(B_DAMAGE);
    m->sigma_irr = irr_sigma(m);
    m->tau_i = irr_tau(m);
    double sigma0 = sigma_of(m, pt->neural_mobility);
    double i0 = irr_at_pain(pt->morning_pain, sigma0, 0.0);
    double i_on = irr_at_pain(P(PAIN_ONSET), sigma0, 0.0);
    m->i_onset = i_on;
    double d_on = NAN;
    const char *d_field = "symptoms.onset_km";
    if (!isnan(pt->onset_km)) {
        d_on = pt->onset_km;
    } else if (!isnan(pt->easy_free_km)) {
        d_on = P(ONSET_FREE) * pt->easy_free_km;
        d_field = "symptoms.easy_free_km";
    }
    double neural_f = neural_factor(m, pt->neural_mobility);
    double c_eff0 = m->c_h;
    m->z0 = 1.0;
    if ((!isnan(d_on) || !isnan(pt->fast_onset_km)) && i_on - i0 <= 0)
        return calf_error_set(err, CALF_EINPUT,
                              "symptoms.morning_pain = %g: already at or above the onset pain "
                              "(%g), so no onset distance can be reported; allowed below %g",
                              pt->morning_pain, P(PAIN_ONSET), P(PAIN_ONSET));
    /* The intake week: the habitual number of runs, each as long as the
     * symptom-free distance and at most the habitual run; its steady state
     * gives the first morning's fatigue and lagged stimulus. */
    const int n_runs = pt->runs_per_week;
    double run_km = pt->km_per_week / n_runs;
    if (!isnan(d_on) && d_on / P(ONSET_FREE) < run_km)
        run_km = d_on / P(ONSET_FREE);
    const week_state iw = week_steady(m, n_runs, run_km * 7.0 / pt->km_per_week, run_km);
    m->intake_week_km = run_km * n_runs;
    m->fa0 = iw.fa0;
    m->alag0 = iw.alag0_unit * m->eta_run;
    const double fatigue_f = 1.0 - P(PHI_A) * m->fa0 / (m->fa0 + 1.0);
    if (!isnan(d_on)) {
        double R = (i_on - i0) * m->onset_u / (i_on_h * d_on);
        double z0 = pow(R, P(ZETA));
        m->z0 = z0 > 1 ? z0 : 1;
        c_eff0 = m->c_h * pow(m->z0 / R, 1.0 / b);
        m->c0 = c_eff0 / (neural_f * fatigue_f);
    } else {
        m->c0 = c_eff0 / neural_f;
    }
    if (m->c0 > m->c_max)
        m->c0 = m->c_max;
    c_eff0 = m->c0 * neural_f * fatigue_f; /* what the intake morning's runs meet */
    if (!isnan(pt->fast_onset_km))
        return init_fast(m, pt, i_on, i0, c_eff0, d_field, err);
    m->beta_v = P(BETA_V);
    return CALF_OK;
}

int calf_model_init(calf_model *m, const calf_params *par, const calf_patient *pt, calf_error *err)
{
    memset(m, 0, sizeof(*m));
    m->par = *par;
    m->uid = atomic_fetch_add(&next_model_uid, 1) + 1;
    m->pt = *pt;
    int rc = calf_patient_validate(pt, err);
    if (rc)
        return rc;
    /* damage must be able to sit at d_eq under habitual running without
     * eroding capacity: d_s a margin above it (within-week swings of D) */
    if (!(P(D_S) >= P(D_S_MIN_R) * P(D_EQ)))
        return calf_error_set(err, CALF_EINPUT,
                              "d_s = %g: allowed from d_s_min_ratio x d_eq = %g up (capacity would "
                              "erode at the habitual damage d_eq = %g)",
                              P(D_S), P(D_S_MIN_R) * P(D_EQ), P(D_EQ));
    double b = P(B_DAMAGE);
    m->b_int = (b == floor(b) && b >= 1 && b <= 16) ? (int)b : 0;
    init_decay(m);
    rc = init_gait(m, pt, err);
    if (rc)
        return rc;
    double i_on_h;
    week_state hab;
    init_healthy(m, pt, &i_on_h, &hab);
    rc = init_gains(m, &hab, err);
    if (rc)
        return rc;
    return init_onset(m, pt, i_on_h, err);
}

void calf_model_initial_state(const calf_model *m, calf_state *st)
{
    memset(st, 0, sizeof(*st));
    st->C = m->c0;
    st->S = m->s0;
    st->A_lag = m->alag0;
    st->Z = m->z0;
    st->D = P(D_EQ);
    st->Fa = m->fa0;
    st->N = m->pt.neural_mobility;
    st->T = m->t0;
    st->K = m->k0;
    st->E = m->e0;
    st->I = irr_at_pain(m->pt.morning_pain, sigma_of(m, st->N), 0.0);
    st->step_rate = 1.0;
    st->overstride = m->pt.overstride;
    st->strike = m->pt.strike;
    refresh_easy(m, st);
}
