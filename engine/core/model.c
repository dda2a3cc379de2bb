/*
 * model.c: the calf-complex model (MODEL.md sections 1-6). Turning a session
 * into load and dose, the within-session symptom and stop rules, the
 * overnight update of capacity, strength, irritation, sensitisation, damage,
 * fatigue and neural mobility, and the intake calibration that maps a patient
 * profile onto the initial state. The daily step calls no exp() or pow()
 * beyond the damage terms: decay factors are precomputed, the integer damage
 * exponent is raised by multiplication, per-segment loads are cached on the
 * session and the saturating stimuli are memoised.
 */
#include "model.h"

#include <math.h>
#include <stddef.h>
#include <string.h>

#include "calibrate.h"
#include "exercise.h"

#define P(id) (m->par.v[CALF_P_##id])

static double e_of(double tau)
{
    return exp(-1.0 / tau);
}

double calf_model_powb(const calf_model *m, double x)
{
    switch (m->b_int) {
    case 7: {
        double x2 = x * x, x4 = x2 * x2;
        return x4 * x2 * x;
    }
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

static double strike_factor(const calf_model *m, int strike)
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

/* Peak force without the state-dependent strength factors (eversion over E,
 * kinetic chain K, toe flexors T), and cycles per km. */
static void run_base(const calf_model *m, double kmh, double s, int strike, double overstride,
                     double *f_base, double *n_km)
{
    double v = kmh / 3.6;
    double sr = (m->a_sr + P(B_SR) * v) * s;
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

/* The strength-dependent force factors of section 1.1, today. */
static double dyn_factor(const calf_model *m, const calf_state *st)
{
    double toe_def = 1.0 - st->T / P(T_REF);
    return (1.0 + P(OMEGA_EV) * m->pt.rearfoot_eversion / st->E) *
           (1.0 + P(CHI_CHAIN) * (1.0 - st->K)) * (1.0 + P(PSI_TOE) * (toe_def > 0 ? toe_def : 0));
}

calf_seg_load calf_model_run_load(const calf_model *m, const calf_state *st, double kmh, double s,
                                  int strike, double overstride)
{
    calf_seg_load r;
    double f_base;
    run_base(m, kmh, s, strike, overstride, &f_base, &r.n_km);
    r.sr = (m->a_sr + P(B_SR) * kmh / 3.6) * s;
    r.f = f_base * dyn_factor(m, st);
    return r;
}

double calf_model_c_eff(const calf_model *m, const calf_state *st)
{
    double c =
        st->C * (1.0 - P(PHI_A) * st->Fa / (st->Fa + 1.0)) * (1.0 - P(RHO_N) * (1.0 - st->N));
    if (st->D > P(D_EQ))
        c *= exp(-P(KAPPA_DE) * (st->D - P(D_EQ)));
    return c;
}

static double sigma_now(const calf_model *m, const calf_state *st)
{
    return m->sigma_irr * (1.0 + P(GAMMA_N) * (1.0 - st->N));
}

static double dmg_irritation(const calf_model *m, const calf_state *st)
{
    return st->D > P(D_EQ) ? P(LAMBDA_D) * (st->D - P(D_EQ)) : 0.0;
}

static double pain_of(double sigma, double itot)
{
    double p = 2.0 * sigma * itot * itot;
    return p < 10.0 ? p : 10.0;
}

double calf_model_pain(const calf_model *m, const calf_state *st)
{
    return pain_of(sigma_now(m, st), st->I + dmg_irritation(m, st));
}

double calf_model_heel_raise_reps(const calf_model *m, const calf_state *st)
{
    double r = 30.0 * (st->S / P(F_HEEL) - 1.0);
    return r > 0 ? r : 0;
}

double calf_model_onset_easy_km(const calf_model *m, const calf_state *st)
{
    double sigma = sigma_now(m, st);
    double target = sqrt(P(PAIN_ONSET) / (2.0 * sigma)) - dmg_irritation(m, st);
    if (st->I >= target)
        return 0.0;
    double q_km =
        st->easy_n_km *
        calf_model_powb(m, st->easy_f_base * dyn_factor(m, st) / calf_model_c_eff(m, st)) * m->w_tc;
    double rate = m->kappa_i * st->Z * q_km;
    return rate > 0 ? (target - st->I) / rate : INFINITY;
}

static void refresh_easy(const calf_model *m, calf_state *st)
{
    run_base(m, m->pt.easy_kmh, st->step_rate, st->strike, st->overstride, &st->easy_f_base,
             &st->easy_n_km);
}

void calf_model_initial_state(const calf_model *m, calf_state *st)
{
    memset(st, 0, sizeof(*st));
    st->C = m->c0;
    st->S = m->s0;
    st->A_lag = 0;
    st->Z = m->z0;
    st->D = P(D_EQ);
    st->Fa = 0;
    st->N = m->pt.neural_mobility;
    st->T = m->t0;
    st->K = m->k0;
    st->E = m->e0;
    double sigma = sigma_now(m, st);
    st->I = sqrt(m->pt.morning_pain / (2.0 * sigma));
    st->step_rate = 1.0;
    st->overstride = m->pt.overstride;
    st->strike = m->pt.strike;
    for (int i = 0; i < 5; i++) {
        st->memo_in[i] = 0;
        st->memo_out[i] = 0;
    }
    refresh_easy(m, st);
}

/* Saturating daily stimulus A_max (1 - exp(-sum / A_sat)), memoised. */
static double stimulus(const calf_model *m, calf_state *st, int slot, double sum)
{
    if (sum <= 0)
        return 0;
    if (sum != st->memo_in[slot]) {
        st->memo_in[slot] = sum;
        st->memo_out[slot] = P(A_MAX) * (1.0 - exp(-sum / P(A_SAT)));
    }
    return st->memo_out[slot];
}

static double h_stim(const calf_model *m, double x, double th)
{
    double r = (x - th) / (1.0 - th);
    if (r <= 0)
        return 0;
    if (r > 1)
        r = 1;
    return P(P_STIM) == 1.0 ? r : pow(r, P(P_STIM));
}

static void prepare_segments(const calf_model *m, const calf_state *st, calf_session *s)
{
    double sr = s->step_rate != 0 ? s->step_rate : st->step_rate;
    int strike = s->strike >= 0 ? s->strike : st->strike;
    if (s->cache_owner == (const void *)m && s->cache_key[0] == sr &&
        s->cache_key[1] == (double)strike && s->cache_key[2] == st->overstride)
        return;
    for (int i = 0; i < s->nseg; i++) {
        calf_seg_cache *c = &s->cache[i];
        double kmh = s->seg[i].kmh;
        if (s->seg[i].walk) {
            c->f_base = P(F_WALK);
            c->n_km = P(WALK_SPM) * 60.0 / kmh / 2.0;
            c->quality = 0;
        } else {
            run_base(m, kmh, sr, strike, st->overstride, &c->f_base, &c->n_km);
            c->quality = kmh >= P(QUALITY_R) * m->pt.easy_kmh - 1e-9;
        }
    }
    s->cache_owner = m;
    s->cache_key[0] = sr;
    s->cache_key[1] = (double)strike;
    s->cache_key[2] = st->overstride;
}

const calf_exercise *calf_session_exercise(const calf_session *s)
{
    if (s->exercise >= 0 && s->exercise < calf_exercise_count)
        return &calf_exercises[s->exercise];
    return s->custom;
}

/* Intensity x of a strength/isometric session relative to current MVC. */
static double ex_intensity(const calf_model *m, const calf_state *st, const calf_exercise *ex,
                           const calf_session *s, double *force)
{
    double x;
    switch (ex->mode) {
    case CALF_EXM_BODYWEIGHT: {
        double factor = ex->bw_factor_param >= 0 ? m->par.v[ex->bw_factor_param] : ex->bw_factor;
        *force = P(F_HEEL) * factor;
        return *force / st->S;
    }
    case CALF_EXM_ISOMETRIC:
        x = !isnan(s->pct_1rm) ? s->pct_1rm : P(ISO_EFFORT);
        break;
    default: {
        double kappa = ex->kappa_param >= 0 ? m->par.v[ex->kappa_param] : ex->kappa_value;
        double pct =
            !isnan(s->pct_1rm) ? s->pct_1rm : calf_pct_1rm(!isnan(s->rm) ? s->rm : ex->default_rm);
        x = pct * kappa;
        break;
    }
    }
    *force = x * st->S;
    return x;
}

int calf_model_day(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                   calf_day_result *res, calf_error *err)
{
    memset(res, 0, offsetof(calf_day_result, s));
    memset((char *)res + offsetof(calf_day_result, s) + sizeof(res->s), 0,
           sizeof(*res) - offsetof(calf_day_result, s) - sizeof(res->s));
    res->onset_km = NAN;
    const double c_eff = calf_model_c_eff(m, st);
    const double inv_c = 1.0 / c_eff;
    const double sigma = sigma_now(m, st);
    const double dmg_i = dmg_irritation(m, st);
    const double kz = m->kappa_i * st->Z;
    const double onset_i = sqrt(P(PAIN_ONSET) / (2.0 * sigma)) - dmg_i;
    double I = st->I;
    double dyn = -1; /* computed on first use */
    double sum_s = 0, sum_c = 0, sum_t = 0, sum_e = 0, sum_k = 0;
    double U = 0, over = 0;
    res->capacity_eff = c_eff;
    res->pain_morning = pain_of(sigma, I + dmg_i);

    if (plan->n > CALF_MAX_SESSIONS)
        return calf_error_set(err, CALF_EINPUT, "sessions = %d: allowed at most %d a day", plan->n,
                              CALF_MAX_SESSIONS);
    res->n = plan->n;
    for (int k = 0; k < plan->n; k++) {
        calf_session *s = plan->s[k];
        calf_session_result *r = &res->s[k];
        memset(r, 0, sizeof(*r));
        r->kind = s->kind;
        r->onset_km = NAN;
        r->pain_start = pain_of(sigma, I + dmg_i);
        double I_before = I;
        switch (s->kind) {
        case CALF_K_RUN:
        case CALF_K_WALK: {
            if (dyn < 0)
                dyn = dyn_factor(m, st);
            prepare_segments(m, st, s);
            double stop_i =
                isnan(s->stop_at_pain) ? INFINITY : sqrt(s->stop_at_pain / (2.0 * sigma)) - dmg_i;
            double done = 0;
            for (int i = 0; i < s->nseg; i++) {
                const calf_seg_cache *c = &s->cache[i];
                double km = s->seg[i].km;
                r->km_planned += km;
                if (r->stopped || km <= 0)
                    continue;
                double f = s->seg[i].walk ? c->f_base : c->f_base * dyn;
                double q_km = c->n_km * calf_model_powb(m, f * inv_c);
                if (!s->seg[i].walk)
                    q_km *= m->w_tc;
                double rate = kz * q_km;
                if (I >= stop_i) {
                    r->stopped = 1;
                    continue;
                }
                if (I + rate * km > stop_i) {
                    km = (stop_i - I) / rate;
                    r->stopped = 1;
                }
                if (isnan(r->onset_km) && I + rate * km >= onset_i)
                    r->onset_km = done + (I >= onset_i ? 0.0 : (onset_i - I) / rate);
                I += rate * km;
                double n = c->n_km * km;
                r->cycles += n;
                r->load += n * f;
                r->dose += q_km * km;
                if (km > 0 && f > r->peak_force)
                    r->peak_force = f;
                if (c->quality && km > 0)
                    r->quality = 1;
                done += km;
                if (s->seg[i].walk)
                    res->walk_km += km;
                else
                    res->run_km += km;
            }
            r->km_done = done;
            if (s->kind == CALF_K_RUN) {
                if (done > res->longest_run_km)
                    res->longest_run_km = done;
                res->quality_runs += r->quality;
                res->runs_stopped += r->stopped;
                if (r->peak_force > res->peak_force_bw)
                    res->peak_force_bw = r->peak_force;
            }
            if (isnan(res->onset_km) && !isnan(r->onset_km))
                res->onset_km = r->onset_km;
            break;
        }
        case CALF_K_STRENGTH:
        case CALF_K_ISOMETRIC: {
            const calf_exercise *ex = calf_session_exercise(s);
            if (!ex)
                return calf_error_set(err, CALF_EINPUT, "exercise: unknown");
            double force;
            double x = ex_intensity(m, st, ex, s, &force);
            double reps = s->sets * s->reps;
            double tr = ex->transfer_param >= 0 ? m->par.v[ex->transfer_param] : ex->transfer_value;
            double hs = reps * tr * h_stim(m, x, P(X_TH_S));
            switch (ex->quality) {
            case CALF_Q_CALF: {
                sum_s += hs;
                sum_c += reps * tr * h_stim(m, x, P(X_TH_C));
                double q = reps * calf_model_powb(m, force * inv_c);
                r->cycles = reps;
                r->load = reps * force;
                r->dose = q;
                r->peak_force = force;
                I += kz * q;
                break;
            }
            case CALF_Q_TOE:
                sum_t += hs;
                break;
            case CALF_Q_EVERTOR:
                sum_e += hs;
                break;
            default:
                sum_k += hs;
                break;
            }
            break;
        }
        case CALF_K_NEURAL: {
            double tol = P(U_TOL);
            double mins = s->minutes;
            U += s->bouts * mins;
            over += s->bouts * (mins > tol ? (mins - tol) / tol : 0);
            r->neural_irritation_min = P(NEU_BASE) + P(NEU_DOSE) * (mins < tol ? mins : tol) / tol +
                                       P(NEU_OVER) * (mins > tol ? (mins - tol) / tol : 0);
            break;
        }
        case CALF_K_CROSS: {
            double n = P(CROSS_CPM) * s->minutes;
            double q = n * calf_model_powb(m, P(F_CROSS) * inv_c);
            r->cycles = n;
            r->load = n * P(F_CROSS);
            r->dose = q;
            r->peak_force = P(F_CROSS);
            I += kz * q;
            break;
        }
        case CALF_K_GAIT:
            if (!isnan(s->gait_step_rate))
                st->step_rate = s->gait_step_rate;
            if (!isnan(s->gait_overstride))
                st->overstride = s->gait_overstride;
            if (s->gait_strike >= 0)
                st->strike = s->gait_strike;
            refresh_easy(m, st);
            break;
        default:
            break;
        }
        r->pain_end = pain_of(sigma, I + dmg_i);
        r->pain_max = r->pain_end; /* irritation only grows within a day */
        res->load += r->load;
        res->dose += r->dose;
        res->cycles += r->cycles;
        if (I > I_before || s->kind == CALF_K_RUN || s->kind == CALF_K_WALK ||
            s->kind == CALF_K_STRENGTH || s->kind == CALF_K_CROSS) {
            if (r->pain_max > res->pain_during)
                res->pain_during = r->pain_max;
        }
    }
    res->pain_max = pain_of(sigma, I + dmg_i);

    /* Overnight (section 4). */
    double L = res->load;
    res->A_S = stimulus(m, st, 0, sum_s);
    res->A_C = stimulus(m, st, 1, sum_c);
    double a_t = stimulus(m, st, 2, sum_t), a_e = stimulus(m, st, 3, sum_e),
           a_k = stimulus(m, st, 4, sum_k);
    res->A_run = m->eta_run * (L < m->l_hab ? L / m->l_hab : 1.0);
    double pm = res->pain_max > 5 ? (res->pain_max - 5) / 5 : 0;

    st->I = I * m->e_i;
    st->Z = 1.0 + (st->Z - 1.0) * m->e_z + P(K_Z) * pm;
    double D = (st->D + m->kappa_d * res->dose) * m->e_r;
    st->D = D < P(D_CAP) ? D : P(D_CAP);
    st->Fa = st->Fa * m->e_a + L / m->l_hab;
    double a_old = st->A_lag;
    st->A_lag = a_old * m->e_lag + res->A_C + res->A_run;
    double C = st->C + m->k_c * a_old * (m->c_max - st->C) - (st->C - m->c_floor) * (1.0 - m->e_cd);
    if (st->D > P(D_S))
        C *= exp(-P(KAPPA_DC) * (st->D - P(D_S)));
    st->C = C;
    double dsd = 1.0 - m->e_sd;
    st->S += m->k_s * res->A_S * (m->s_max - st->S) - (st->S - m->s0) * dsd;
    st->T += m->k_t * a_t * (P(T_MAX) - st->T) - (st->T - m->t0) * dsd;
    st->E += m->k_e * a_e * (P(E_MAX) - st->E) - (st->E - m->e0) * dsd;
    st->K += m->k_k * a_k * (P(K_MAX) - st->K) - (st->K - m->k0) * dsd;
    double u = U / P(U_DAY);
    double N = st->N + P(K_N) * (u < 1 ? u : 1) * (1.0 - st->N) - P(K_IRR) * over - P(K_NP) * pm;
    st->N = N < 0.5 ? 0.5 : (N > 1 ? 1 : N);
    st->G = st->G * m->e1 + L;
    st->H = st->H * m->e2 + L;
    if (!isfinite(st->C) || !isfinite(st->I) || !isfinite(st->D) || st->C <= 0)
        return calf_error_set(err, CALF_ENUMERIC,
                              "model state became invalid (C = %g, I = %g, D = %g)", st->C, st->I,
                              st->D);
    return CALF_OK;
}

/* ---- intake calibration (section 6) ---- */

static double irr_sigma(const calf_model *m)
{
    switch (m->pt.irritability) {
    case CALF_IRR_HIGH:
        return P(SIG_HIGH);
    case CALF_IRR_MODERATE:
        return P(SIG_MOD);
    default:
        return P(SIG_LOW);
    }
}

static double irr_tau(const calf_model *m)
{
    switch (m->pt.irritability) {
    case CALF_IRR_HIGH:
        return P(TAU_I_HIGH);
    case CALF_IRR_MODERATE:
        return P(TAU_I_MOD);
    default:
        return P(TAU_I_LOW);
    }
}

int calf_model_init(calf_model *m, const calf_params *par, const calf_patient *pt, calf_error *err)
{
    memset(m, 0, sizeof(*m));
    m->par = *par;
    m->pt = *pt;
    int rc = calf_patient_validate(pt, err);
    if (rc)
        return rc;
    double b = P(B_DAMAGE);
    m->b_int = (b == floor(b) && b >= 1 && b <= 16) ? (int)b : 0;
    m->e_i = e_of(irr_tau(m));
    m->e_z = e_of(P(TAU_Z));
    m->e_r = e_of(P(TAU_R));
    m->e_a = e_of(P(TAU_A));
    m->e_lag = e_of(P(TAU_LAG));
    m->e_cd = e_of(P(TAU_CD));
    m->e_sd = e_of(P(TAU_SD));
    m->e1 = e_of(P(TAU1));
    m->e2 = e_of(P(TAU2));
    m->e_ctl = e_of(P(TAU_CTL));
    m->e_atl = e_of(P(TAU_ATL));

    m->v_easy = pt->easy_kmh / 3.6;
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

    /* Intake state for the force factors (K, T, E at intake). */
    calf_state st0;
    memset(&st0, 0, sizeof(st0));
    st0.K = m->k0;
    st0.T = m->t0;
    st0.E = m->e0;
    double f_base, n_km;
    m->beta_v = 0; /* F_easy is independent of beta_v */
    run_base(m, pt->easy_kmh, 1.0, pt->strike, pt->overstride, &f_base, &n_km);
    m->f_easy = f_base * dyn_factor(m, &st0);
    m->c_h = P(C_MARGIN) * m->f_easy;
    m->c_floor = P(C_FLOOR_R) * m->c_h;
    m->c_max = P(C_MAX_R) * m->c_h;

    /* Healthy calf: pain onset after x_h km at easy speed (sigma = 1, Z = 1, N = 1). */
    double q_km_h = n_km * calf_model_powb(m, m->f_easy / m->c_h) * m->w_tc;
    double i_on_h = sqrt(P(PAIN_ONSET) / 2.0);
    m->kappa_i = i_on_h / (q_km_h * P(X_H));
    /* Habitual running holds D at D_eq and C at C_h. */
    m->l_hab = pt->km_per_week * n_km * m->f_easy / 7.0;
    double q_avg = pt->km_per_week / 7.0 * q_km_h;
    m->kappa_d = P(D_EQ) * (1.0 - m->e_r) / (m->e_r * q_avg);

    calf_gains g;
    rc = calf_calibrate_gains(&m->par, &g, err);
    if (rc)
        return rc;
    m->k_c = g.k_c;
    m->k_s = g.k_s;
    m->k_t = g.k_t;
    m->k_e = g.k_e;
    m->k_k = g.k_k;
    m->eta_run = (m->c_h - m->c_floor) * (1.0 - m->e_cd) * (1.0 - m->e_lag) /
                 (m->k_c * (m->c_max - m->c_h) * pt->runs_per_week / 7.0);

    /* Irritability and the onset: R = Z0 (C_h / C_eff0)^b. */
    m->sigma_irr = irr_sigma(m);
    m->tau_i = irr_tau(m);
    double sigma0 = m->sigma_irr * (1.0 + P(GAMMA_N) * (1.0 - pt->neural_mobility));
    double i0 = sqrt(pt->morning_pain / (2.0 * sigma0));
    double i_on = sqrt(P(PAIN_ONSET) / (2.0 * sigma0));
    m->i_onset = i_on;
    double d_on = NAN;
    const char *d_field = "symptoms.onset_km";
    if (!isnan(pt->onset_km)) {
        d_on = pt->onset_km;
    } else if (!isnan(pt->easy_free_km)) {
        d_on = P(ONSET_FREE) * pt->easy_free_km;
        d_field = "symptoms.easy_free_km";
    }
    double neural_f = 1.0 - P(RHO_N) * (1.0 - pt->neural_mobility);
    double c_eff0 = m->c_h;
    m->z0 = 1.0;
    if (!isnan(d_on) || !isnan(pt->fast_onset_km)) {
        if (i_on - i0 <= 0)
            return calf_error_set(err, CALF_EINPUT,
                                  "symptoms.morning_pain = %g: already at or above the onset pain "
                                  "(%g), so no onset distance can be reported; allowed below %g",
                                  pt->morning_pain, P(PAIN_ONSET), P(PAIN_ONSET));
    }
    if (!isnan(d_on)) {
        double R = (i_on - i0) * P(X_H) / (i_on_h * d_on);
        double z0 = pow(R, P(ZETA));
        m->z0 = z0 > 1 ? z0 : 1;
        c_eff0 = m->c_h * pow(m->z0 / R, 1.0 / b);
    }
    m->c0 = c_eff0 / neural_f;
    if (m->c0 > m->c_max) {
        m->c0 = m->c_max;
        c_eff0 = m->c0 * neural_f;
    }
    if (!isnan(pt->fast_onset_km)) {
        double fb, nk;
        run_base(m, pt->fast_kmh, 1.0, pt->strike, pt->overstride, &fb, &nk);
        double f = fb * dyn_factor(m, &st0);
        double denom =
            m->kappa_i * m->z0 * nk * pt->fast_onset_km * m->w_tc * calf_model_powb(m, f / c_eff0);
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
    } else {
        m->beta_v = P(BETA_V);
    }
    return CALF_OK;
}
