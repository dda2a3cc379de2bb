/*
 * model_kernel.h: the model's equations (MODEL.md sections 1-5), each written
 * once as a static inline function. Private to engine/core: the reference day
 * and its fast forms (model_day.c), the compiled plan days (model_prog.c), the
 * intake calibration (model_init.c), the gain calibration (calibrate.c), the
 * diary fit (fit_patient.c) and the public single-equation functions
 * (model.c) all call these, so a change to an equation here changes every
 * path at once. MODEL.md is docs/model.md; its "Code map" lists which
 * function holds which equation. Nothing here caches: the
 * speed caches live in model_cache.h.
 *
 * Layout, in the order of the day: running and walking load (force, cycles),
 * the strength force factor, effective capacity, dose, pain and the stop and
 * onset irritations, irritation growth within a segment, the strength
 * session's intensity and the day's doses, stimuli and gains, and the
 * overnight update (night).
 */
#ifndef CALF_MODEL_KERNEL_H
#define CALF_MODEL_KERNEL_H

#include <math.h>

#include "exercise.h"
#include "model.h"

#define P(id) (m->par.v[CALF_P_##id])

/* The daily step's hot helpers are inlined into it, their rare paths not. */
#if defined(__GNUC__)
#define CALF_ALWAYS_INLINE inline __attribute__((always_inline))
#define CALF_NOINLINE      __attribute__((noinline))
#else
#define CALF_ALWAYS_INLINE inline
#define CALF_NOINLINE
#endif

static inline double unit_step(double g)
{
    return g < 1.0 ? g : 1.0;
}

/* ---- the damage exponent ---- */

/* x^7: the registry default b = 7 by multiplication. */
static inline double pow7(double x)
{
    double x2 = x * x, x4 = x2 * x2;
    return x4 * x2 * x;
}

/* x^b, by multiplication when b is an integer (m->b_int). */
static inline double powb_fast(const calf_model *m, double x)
{
    switch (m->b_int) {
    case 7:
        return pow7(x);
    case 0:
        return pow(x, P(B_DAMAGE));
    default: {
        double r = 1.0, base = x;
        int e = m->b_int;
        while (e) {
            if (e & 1)
                r *= base;
            base *= base;
            e >>= 1;
        }
        return r;
    }
    }
}

/* x^b; b7 = 1: the caller knows b = 7 (the same multiplications). */
static CALF_ALWAYS_INLINE double powb_k(const calf_model *m, double x, const int b7)
{
    return b7 ? pow7(x) : powb_fast(m, x);
}

/* ---- load: force and cycles of a segment (section 1.1) ---- */

static inline double strike_factor(const calf_model *m, int strike)
{
    switch (strike) {
    case CALF_STRIKE_MIDFOOT:
        return P(G_MFS);
    case CALF_STRIKE_FOREFOOT:
        return P(G_FFS);
    default:
        return P(G_RFS);
    }
}

/* Cadence (spm) at speed v (m/s) with step-rate multiplier s. */
static inline double run_cadence(const calf_model *m, double v, double s)
{
    return (m->a_sr + P(B_SR) * v) * s;
}

/* A running segment's peak force without the state-dependent strength
 * factors (eversion over E, kinetic chain K, toe flexors T), and its cycles
 * per km. */
static inline void run_base(const calf_model *m, double kmh, double s, int strike,
                            double overstride, double *f_base, double *n_km)
{
    double v = kmh / 3.6;
    double sr = run_cadence(m, v, s);
    *n_km = 1000.0 * sr / (60.0 * v) / 2.0;
    double vo = isnan(m->pt.vertical_oscillation_cm) ? P(VO_REF) : m->pt.vertical_oscillation_cm;
    double f = (P(A_F) + P(B_F) * v) * strike_factor(m, strike);
    if (m->pt.surface == CALF_SURFACE_TREADMILL)
        f *= P(M_TREAD);
    if (s != 1.0)
        f *= pow(s, -P(ALPHA_SR));
    f *= (1.0 + P(OMEGA_OS) * overstride) * (1.0 + P(OMEGA_VO) * (vo - P(VO_REF)) / P(VO_REF));
    if (m->beta_v != 0.0 && kmh != m->pt.easy_kmh)
        f *= pow(v / m->v_easy, m->beta_v);
    *f_base = f;
}

/* A walking segment's peak force and cycles per km. */
static inline void walk_base(const calf_model *m, double kmh, double *f_base, double *n_km)
{
    *f_base = P(F_WALK);
    *n_km = P(WALK_SPM) * 60.0 / kmh / 2.0;
}

/* The easy-speed load with the gait in force (for onset_easy_km), after the
 * gait changed. */
static inline void refresh_easy(const calf_model *m, calf_state *st)
{
    run_base(m, m->pt.easy_kmh, st->step_rate, st->strike, st->overstride, &st->easy_f_base,
             &st->easy_n_km);
}

/* Whether a running segment at kmh is quality running. */
static inline int is_quality(const calf_model *m, double kmh)
{
    return kmh >= m->q_kmh;
}

/* The strength-dependent force factors of section 1.1, today. */
static inline double dyn_factor_of(const calf_model *m, double T, double E, double K)
{
    double toe_def = 1.0 - T / P(T_REF);
    return (1.0 + P(OMEGA_EV) * m->pt.rearfoot_eversion / E) * (1.0 + P(CHI_CHAIN) * (1.0 - K)) *
           (1.0 + P(PSI_TOE) * (toe_def > 0 ? toe_def : 0));
}

/* A segment's force: its base force, times the strength factor dyn when
 * running. */
static CALF_ALWAYS_INLINE double seg_force(double f_base, const int walk, double dyn)
{
    return walk ? f_base : f_base * dyn;
}

/* ---- effective capacity (section 2) ---- */

/* The neural factor of the effective capacity, 1 - rho_N (1 - N). */
static inline double neural_factor(const calf_model *m, double N)
{
    return 1.0 - P(RHO_N) * (1.0 - N);
}

/* Whether N is within [0.5, 1], where the overnight update keeps it. */
static inline int n_within(double N)
{
    return N >= 0.5 && N <= 1;
}

/* The effective capacity with the neural factor nf = neural_factor(N). */
static inline double c_eff_nf(const calf_model *m, double C, double Fa, double nf, double D)
{
    double c = C * (1.0 - P(PHI_A) * Fa / (Fa + 1.0)) * nf;
    if (D > P(D_EQ))
        c *= exp(-P(KAPPA_DE) * (D - P(D_EQ)));
    return c;
}

static inline double c_eff_of(const calf_model *m, double C, double Fa, double N, double D)
{
    return c_eff_nf(m, C, Fa, neural_factor(m, N), D);
}

/* ---- dose (section 2) ---- */

/* The irritation dose of n loading cycles at force f: n (f / C_eff)^b, with
 * inv_c = 1 / C_eff. */
static CALF_ALWAYS_INLINE double dose_of(const calf_model *m, double n, double f, double inv_c,
                                         const int b7)
{
    return n * powb_k(m, f * inv_c, b7);
}

/* A running segment's dose per km with n_km cycles per km at the force to
 * capacity ratio r: weighted by the contact time. */
static inline double run_q_km_ratio(const calf_model *m, double n_km, double r)
{
    return n_km * powb_fast(m, r) * m->w_tc;
}

/* A run or walk segment's dose per km at force f; running's is weighted by
 * the contact time. */
static CALF_ALWAYS_INLINE double seg_q_km(const calf_model *m, double n_km, double f, double inv_c,
                                          const int walk, const int b7)
{
    double q_km = dose_of(m, n_km, f, inv_c, b7);
    if (!walk)
        q_km *= m->w_tc;
    return q_km;
}

/* A bout of n loading cycles at force f during the day (a calf exercise's
 * repetitions, cross-training's cycles): raises the irritation *I by
 * kz x dose (kz = kappa_I Z), sets *load to its load and gives its dose. */
static CALF_ALWAYS_INLINE double bout(const calf_model *m, double n, double f, double inv_c,
                                      double kz, double *I, double *load, const int b7)
{
    const double q = dose_of(m, n, f, inv_c, b7);
    *load = n * f;
    *I += kz * q;
    return q;
}

/* ---- pain (section 5) ---- */

/* The pain sensitivity sigma of irritability sigma_irr at neural mobility N. */
static inline double sigma_at(const calf_model *m, double sigma_irr, double N)
{
    return sigma_irr * (1.0 + P(GAMMA_N) * (1.0 - N));
}

static inline double sigma_of(const calf_model *m, double N)
{
    return sigma_at(m, m->sigma_irr, N);
}

/* The irritation damage above its habitual level adds. */
static inline double dmg_of(const calf_model *m, double D)
{
    return D > P(D_EQ) ? P(LAMBDA_D) * (D - P(D_EQ)) : 0.0;
}

/* Pain is 2 sigma I^2, capped at 10. */
static inline double pain_of(double sigma, double itot)
{
    double p = 2.0 * sigma * itot * itot;
    return p < 10.0 ? p : 10.0;
}

/* The irritation at which the pain reaches p (pain_of inverted below the
 * cap), less the damage irritation dmg. */
static inline double irr_at_pain(double p, double sigma, double dmg)
{
    return sqrt(p / (2.0 * sigma)) - dmg;
}

/* The irritation at which a stop rule ends a run (INFINITY: none). */
static inline double stop_irritation(double stop_at_pain, double sigma, double dmg)
{
    return isnan(stop_at_pain) ? INFINITY : irr_at_pain(stop_at_pain, sigma, dmg);
}

/* The pain at which a run stops: the session's stop rule, or the pain
 * ceiling pain_stop at which every runner stops, whichever is lower
 * (section 3). NAN (no rule) gives the ceiling. */
static inline double stop_pain_of(const calf_model *m, double stop_at_pain)
{
    const double c = P(PAIN_STOP);
    return stop_at_pain < c ? stop_at_pain : c;
}

/* Whether a session kind loads the calf (run, walk, strength,
 * cross-training). */
static inline int kind_loads(int kind)
{
    return kind == CALF_K_RUN || kind == CALF_K_WALK || kind == CALF_K_STRENGTH ||
           kind == CALF_K_CROSS;
}

/* Whether a session's pain at its end counts toward the day's pain during:
 * it raised the irritation, or its kind loads the calf (loads =
 * kind_loads(kind)). */
static CALF_ALWAYS_INLINE int pain_counts(int loads, double I, double I_before)
{
    return I > I_before || loads;
}

/* ---- irritation growth within a segment (section 5) ---- */

/* What a run or walk session sums over its segments: load, dose and km
 * done, whether it stopped and ran at quality speed; obs = 1 also the
 * session result's onset distance, cycles and peak force. */
typedef struct seg_acc {
    double load, dose, done;
    double onset, cycles, peak;
    int stopped, quality;
} seg_acc;

/* One segment (km > 0) of a session not yet stopped, at force f and n_km
 * cycles per km: it raises the irritation *I and adds its km to the day's
 * *run_km or (tr) *walk_km; the stop rule ends the session when *I reaches
 * stop_i, before the segment or within it (stop_i = INFINITY: no rule; the
 * caller may then pass rule = 0, as nothing exceeds it); onset_i is the
 * irritation of the onset pain (obs). */
static CALF_ALWAYS_INLINE void seg_run(const calf_model *m, double *I, double *run_km,
                                       double *walk_km, seg_acc *a, const double f,
                                       const double n_km, const int walk, const int quality,
                                       double km, const double inv_c, const double kz,
                                       const double stop_i, const int rule, const double onset_i,
                                       const int obs, const int tr, const int b7)
{
    if (*I >= stop_i) {
        a->stopped = 1;
        return;
    }
    const double q_km = seg_q_km(m, n_km, f, inv_c, walk, b7);
    const double rate = kz * q_km;
    if (rule && *I + rate * km > stop_i) {
        km = (stop_i - *I) / rate;
        a->stopped = 1;
    }
    if (obs && isnan(a->onset) && *I + rate * km >= onset_i)
        a->onset = a->done + (*I >= onset_i ? 0.0 : (onset_i - *I) / rate);
    *I += rate * km;
    const double cyc = n_km * km;
    a->load += cyc * f;
    a->dose += q_km * km;
    if (obs) {
        a->cycles += cyc;
        if (km > 0 && f > a->peak)
            a->peak = f;
    }
    if (quality && km > 0)
        a->quality = 1;
    a->done += km;
    if (walk) {
        if (tr)
            *walk_km += km;
    } else {
        *run_km += km;
    }
}

/* A run's share of the day's figures: the longest run, quality runs and
 * runs stopped. */
static CALF_ALWAYS_INLINE void run_tally(const double done, const int quality, const int stopped,
                                         double *longest, int *quality_runs, int *runs_stopped)
{
    if (done > *longest)
        *longest = done;
    *quality_runs += quality;
    *runs_stopped += stopped;
}

/* ---- neural and cross-training sessions (section 3) ---- */

/* A neural session's mobilisation minutes *U and over-tension *over. */
static inline void neural_dose(const calf_model *m, double bouts, double mins, double *U,
                               double *over)
{
    double tol = P(U_TOL);
    *U += bouts * mins;
    *over += bouts * (mins > tol ? (mins - tol) / tol : 0);
}

/* The neural irritation minimum a session of mins minutes reports. */
static inline double neural_irritation_min(const calf_model *m, double mins)
{
    double tol = P(U_TOL);
    return P(NEU_BASE) + P(NEU_DOSE) * (mins < tol ? mins : tol) / tol +
           P(NEU_OVER) * (mins > tol ? (mins - tol) / tol : 0);
}

/* ---- strength: intensity, the day's doses, stimuli and gains (sections 3, 4) ---- */

/* Stimulus per rep above a threshold: clip((x - th)/(1 - th), 0, 1)^p. */
static inline double stim_h(double x, double th, double p)
{
    double r = (x - th) / (1.0 - th);
    if (r <= 0)
        return 0;
    if (r > 1)
        r = 1;
    return p == 1.0 ? r : pow(r, p); /* pow(r, 1) == r: the shortcut changes nothing */
}

static inline double h_stim(const calf_model *m, double x, double th)
{
    return stim_h(x, th, P(P_STIM));
}

/* Saturating daily stimulus A_max (1 - exp(-sum / A_sat)) of a day's summed
 * dose (0 without one). */
static inline double stimulus_sat(const calf_params *par, double sum)
{
    return sum <= 0 ? 0 : par->v[CALF_P_A_MAX] * (1.0 - exp(-sum / par->v[CALF_P_A_SAT]));
}

static inline double ex_transfer(const calf_model *m, const calf_exercise *ex)
{
    return ex->transfer_param >= 0 ? m->par.v[ex->transfer_param] : ex->transfer_value;
}

/* Intensity x of a loaded or isometric session. */
static inline double ex_x(const calf_model *m, const calf_exercise *ex, const calf_session *s)
{
    if (ex->mode == CALF_EXM_ISOMETRIC)
        return !isnan(s->pct_1rm) ? s->pct_1rm : P(ISO_EFFORT);
    double kappa = ex->kappa_param >= 0 ? m->par.v[ex->kappa_param] : ex->kappa_value;
    double pct =
        !isnan(s->pct_1rm) ? s->pct_1rm : calf_pct_1rm(!isnan(s->rm) ? s->rm : ex->default_rm);
    return pct * kappa;
}

/* The force of a body-weight exercise (x = force / S); a pack adds its
 * weight to the body's (Alfredson 1998). */
static inline double ex_bw_force(const calf_model *m, const calf_exercise *ex, double pack_kg)
{
    double factor = ex->bw_factor_param >= 0 ? m->par.v[ex->bw_factor_param] : ex->bw_factor;
    return P(F_HEEL) * factor * (1.0 + pack_kg / m->pt.mass_kg);
}

/* Strength/isometric numbers that depend only on the session, its exercise and
 * the parameters: intensity x, transfer weight, and h(x) at the strength and
 * capacity thresholds. Body-weight exercises (x = force / S) are not among
 * them. */
typedef struct ex_nums {
    double x, tr, h_s, h_c;
} ex_nums;

static inline ex_nums ex_numbers(const calf_model *m, const calf_exercise *ex,
                                 const calf_session *s)
{
    ex_nums e;
    e.x = ex_x(m, ex, s);
    e.tr = ex_transfer(m, ex);
    e.h_s = h_stim(m, e.x, P(X_TH_S));
    e.h_c = h_stim(m, e.x, P(X_TH_C));
    return e;
}

/* The day's strength doses summed by quality, in session order: S and C for
 * the calf, T, E and K for the toe flexors, evertors and chain. */
typedef struct dose_sums {
    double s, c, t, e, k;
} dose_sums;

/* Add a strength session's dose: reps repetitions at transfer tr with h(x)
 * h_s and h_c at the strength and capacity thresholds. Gives 1 for a calf
 * exercise (the one quality that also loads the calf during the day). */
static CALF_ALWAYS_INLINE int dose_add(dose_sums *d, const int quality, const double reps,
                                       const double tr, const double h_s, const double h_c)
{
    const double hs = reps * tr * h_s;
    switch (quality) {
    case CALF_Q_CALF:
        d->s += hs;
        d->c += reps * tr * h_c;
        return 1;
    case CALF_Q_TOE:
        d->t += hs;
        return 0;
    case CALF_Q_EVERTOR:
        d->e += hs;
        return 0;
    default:
        d->k += hs;
        return 0;
    }
}

/* The day's saturating stimuli of S and C (A_S, A_C) and the gains
 * unit_step(k A) of S, T, E and K. */
typedef struct day_gains {
    double a_s, a_c, g_s, g_t, g_e, g_k;
} day_gains;

/* The gains from the day's stimuli a_s, a_c, a_t, a_e, a_k; tek = 0: T, E
 * and K gain nothing (their stimuli are not read). */
static CALF_ALWAYS_INLINE day_gains gains_from(const calf_model *m, double a_s, double a_c,
                                               double a_t, double a_e, double a_k, const int tek)
{
    day_gains g;
    g.a_s = a_s;
    g.a_c = a_c;
    g.g_s = unit_step(m->k_s * a_s);
    g.g_t = tek ? unit_step(m->k_t * a_t) : 0;
    g.g_e = tek ? unit_step(m->k_e * a_e) : 0;
    g.g_k = tek ? unit_step(m->k_k * a_k) : 0;
    return g;
}

/* The capacity stimulus of a day's running load relative to the habitual
 * load, l_rel = L / L_hab: eta_run min(l_rel, run_stim_max) (model v2:
 * running above the habitual load builds capacity). */
static inline double run_stimulus(const calf_model *m, double l_rel)
{
    const double cap = P(RUN_STIM_MAX);
    return m->eta_run * (l_rel < cap ? l_rel : cap);
}

/* ---- the overnight update (section 4) ---- */

/* Tomorrow's lagged capacity stimulus. */
static inline double lag_step(double a_old, double e_lag, double a_c, double a_run)
{
    return a_old * e_lag + a_c + a_run;
}

/* Capacity C after a day with gain g (unit_step(k_C A_lag)): toward c_max by
 * g, detraining toward c_floor at the rate one_e_cd = 1 - exp(-1 / tau_Cd). */
static inline double capacity_step(double C, double g, double c_max, double c_floor,
                                   double one_e_cd)
{
    return C + g * (c_max - C) - (C - c_floor) * one_e_cd;
}

/* A trainable quality q (S, T, E, K) after a day with gain g: toward q_max by
 * g, detraining toward its intake value q0 at the rate dsd = 1 - exp(-1 /
 * tau_Sd). */
static inline double quality_step(double q, double g, double q_max, double q0, double dsd)
{
    return q + (g * (q_max - q) - (q - q0) * dsd);
}

/* quality_step in the rounding order of the gain calibration (calibrate.c):
 * (q + g (q_max - q)) - (q - q0) dsd. The same equation; the solved gains
 * k_S, k_T, k_E and k_K were always computed in this order, and computing
 * them with quality_step moves them by a few units in the last place (and
 * with them every output's last digits), so the calibration keeps it until
 * the model is re-baselined. */
static inline double quality_step_cal(double q, double g, double q_max, double q0, double dsd)
{
    return q + g * (q_max - q) - (q - q0) * dsd;
}

/* The latent state the overnight update moves (the Banister G and H aside),
 * in locals: a run of compiled days keeps it here from day to day. */
typedef struct latent {
    double C, S, A_lag, I, Z, D, Fa, N, T, E, K;
    int n_in;  /* N is within [0.5, 1]: 1 yes, 0 no, -1 not known (test N) */
    double nf; /* neural_factor(N), kept with n_in */
} latent;

static CALF_ALWAYS_INLINE void latent_load(latent *x, const calf_state *st)
{
    x->C = st->C;
    x->S = st->S;
    x->A_lag = st->A_lag;
    x->I = st->I;
    x->Z = st->Z;
    x->D = st->D;
    x->Fa = st->Fa;
    x->N = st->N;
    x->T = st->T;
    x->E = st->E;
    x->K = st->K;
    x->n_in = -1; /* not known */
}

static CALF_ALWAYS_INLINE void latent_store(calf_state *st, const latent *x, const int tek)
{
    st->I = x->I;
    st->Z = x->Z;
    st->D = x->D;
    st->Fa = x->Fa;
    st->A_lag = x->A_lag;
    st->C = x->C;
    st->S = x->S;
    if (tek) {
        st->T = x->T;
        st->E = x->E;
        st->K = x->K;
    }
    st->N = x->N;
}

/* What one day hands the overnight update: the irritation after its
 * sessions, its load and dose, its highest pain, its strength gains (day_gains)
 * and its neural minutes U and over-tension. */
typedef struct day_end {
    double I, load, dose, pain_max, U, over;
} day_end;

/* Overnight, shared by every form of the day: x holds the state of this
 * morning and gets tomorrow's. tek = 0: T, E and K are known to stay (no day
 * of the run trains them and they are at their intake values, so their
 * update below is the identity: stimulus 0, T0 - t0 = 0). known_n = 1:
 * x->n_in tells whether N is within [0.5, 1] and is kept up to date (a run of
 * days carries it), and *sigma_next holds today's sigma on entry; else N is
 * tested. Gives tomorrow's sigma, damage irritation and morning pain (the
 * same expressions the next morning would evaluate). */
static CALF_ALWAYS_INLINE int night(const calf_model *m, latent *x, const day_end *de,
                                    const day_gains *g, double *sigma_next, double *dmg_next,
                                    double *pain_next, calf_error *err, const int tek,
                                    const int known_n)
{
    const double L = de->load;
    const double l_rel = L / m->l_hab;
    const double A_run = run_stimulus(m, l_rel);
    const double pain_max = de->pain_max, U = de->U, over = de->over;
    const double pm = pain_max > 5 ? (pain_max - 5) / 5 : 0;

    const double I0 = de->I, Z0 = x->Z, D0 = x->D, Fa0 = x->Fa, a_old = x->A_lag, C0 = x->C;
    const double N0 = x->N;
    const double new_I = I0 * m->e_i;
    const double new_Z = 1.0 + (Z0 - 1.0) * m->e_z + P(K_Z) * pm;
    double D = (D0 + m->kappa_d * de->dose) * m->e_r;
    D = D < P(D_CAP) ? D : P(D_CAP);
    const double new_Fa = Fa0 * m->e_a + l_rel;
    const double new_A = lag_step(a_old, m->e_lag, g->a_c, A_run);
    /* A day's gain moves a quality at most to its ceiling (step <= 1): with
     * extreme parameter draws an overshoot could otherwise oscillate and
     * turn capacity negative. Never binding at the registry defaults. */
    double C = capacity_step(C0, unit_step(m->k_c * a_old), m->c_max, m->c_floor, m->one_e_cd);
    if (D > P(D_S))
        C *= exp(-P(KAPPA_DC) * (D - P(D_S)));
    const double dsd = m->one_e_sd;
    const double new_S = quality_step(x->S, g->g_s, m->s_max, m->s0, dsd);
    if (tek) {
        x->T = quality_step(x->T, g->g_t, P(T_MAX), m->t0, dsd);
        x->E = quality_step(x->E, g->g_e, P(E_MAX), m->e0, dsd);
        x->K = quality_step(x->K, g->g_k, P(K_MAX), m->k0, dsd);
    }
    double N = N0;
    /* without neural work and pain over 5 (pm != 0 exactly when pain_max >
     * 5), the update below adds and subtracts zeros to an N already within
     * [0.5, 1]: N stays */
    if (U != 0 || over != 0 || pain_max > 5 || !(known_n ? x->n_in : n_within(N0))) {
        const double u = U / P(U_DAY);
        N = N0 + P(K_N) * (u < 1 ? u : 1) * (1.0 - N0) - P(K_IRR) * over - P(K_NP) * pm;
        N = N < 0.5 ? 0.5 : (N > 1 ? 1 : N);
        if (known_n) {
            x->n_in = n_within(N);
            x->nf = neural_factor(m, N);
            *sigma_next = sigma_of(m, N);
        }
    }
    x->I = new_I;
    x->Z = new_Z;
    x->D = D;
    x->Fa = new_Fa;
    x->A_lag = new_A;
    x->C = C;
    x->S = new_S;
    x->N = N;
    /* known_n: *sigma_next holds sigma of today's N, or of the new N if it moved */
    const double sig = known_n ? *sigma_next : sigma_of(m, N), dmg = dmg_of(m, D);
    *sigma_next = sig;
    *dmg_next = dmg;
    *pain_next = pain_of(sig, new_I + dmg);
    /* !isfinite(C) || C <= 0 || !isfinite(new_I) || !isfinite(D), in fewer
     * instructions: x - x is 0 exactly for finite x and NaN otherwise, so the
     * sum is 0 exactly when all three are finite */
    const double fin = (C - C) + (new_I - new_I) + (D - D);
    if (!(fin == 0 && C > 0))
        return calf_error_set(err, CALF_ENUMERIC,
                              "model state became invalid (C = %g, I = %g, D = %g)", C, new_I, D);
    return CALF_OK;
}

#endif
