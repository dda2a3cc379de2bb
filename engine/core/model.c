/*
 * model.c: the calf-complex model (MODEL.md sections 1-6). Turning a session
 * into load and dose, the within-session symptom and stop rules, the
 * overnight update of capacity, strength, irritation, sensitisation, damage,
 * fatigue and neural mobility, and the intake calibration that maps a patient
 * profile onto the initial state. The daily step calls no exp() or pow()
 * beyond the damage terms: decay factors are precomputed, the integer damage
 * exponent is raised by multiplication, per-segment loads are cached on the
 * session and the saturating stimuli are memoised (compiled plan days have
 * theirs computed when the plan is compiled). Compiled plan days also run in
 * spans with the latent state in locals (calf_model_prog_run).
 */
#include "model.h"

#include <float.h>
#include <math.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "calibrate.h"
#include "exercise.h"

#define P(id) (m->par.v[CALF_P_##id])

/* The daily step's hot helpers are inlined into it, their rare paths not. */
#if defined(__GNUC__)
#define CALF_ALWAYS_INLINE inline __attribute__((always_inline))
#define CALF_NOINLINE      __attribute__((noinline))
#else
#define CALF_ALWAYS_INLINE inline
#define CALF_NOINLINE
#endif

/* Ids of initialised models, for the session caches. */
static atomic_ulong next_model_uid;

static double unit_step(double g)
{
    return g < 1.0 ? g : 1.0;
}

static double e_of(double tau)
{
    return exp(-1.0 / tau);
}

/* x^7: powb_fast's b = 7 case, and the compiled days' for the registry default. */
static inline double pow7(double x)
{
    double x2 = x * x, x4 = x2 * x2;
    return x4 * x2 * x;
}

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

double calf_model_powb(const calf_model *m, double x)
{
    return powb_fast(m, x);
}

/* Tag a session cache with its model: a per-model id (not the address, which
 * a caller may reuse for another patient), even for run/walk segment caches,
 * odd for strength caches. */
static const void *cache_tag(const calf_model *m, unsigned kind)
{
    return (const void *)(uintptr_t)(m->uid * 2u + kind);
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

/* x^b; b7 = 1: the caller knows b = 7 (the same multiplications). */
static CALF_ALWAYS_INLINE double powb_k(const calf_model *m, double x, const int b7)
{
    return b7 ? pow7(x) : powb_fast(m, x);
}

/* The irritation dose of n loading cycles at force f: n (f / C_eff)^b, with
 * inv_c = 1 / C_eff (section 2). */
static CALF_ALWAYS_INLINE double dose_of(const calf_model *m, double n, double f, double inv_c,
                                         const int b7)
{
    return n * powb_k(m, f * inv_c, b7);
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

/* The strength-dependent force factors of section 1.1, today. */
static inline double dyn_factor_of(const calf_model *m, double T, double E, double K)
{
    double toe_def = 1.0 - T / P(T_REF);
    return (1.0 + P(OMEGA_EV) * m->pt.rearfoot_eversion / E) * (1.0 + P(CHI_CHAIN) * (1.0 - K)) *
           (1.0 + P(PSI_TOE) * (toe_def > 0 ? toe_def : 0));
}

static double dyn_factor(const calf_model *m, const calf_state *st)
{
    return dyn_factor_of(m, st->T, st->E, st->K);
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

double calf_model_c_eff(const calf_model *m, const calf_state *st)
{
    return c_eff_of(m, st->C, st->Fa, st->N, st->D);
}

static double sigma_of(const calf_model *m, double N)
{
    return m->sigma_irr * (1.0 + P(GAMMA_N) * (1.0 - N));
}

static double sigma_now(const calf_model *m, const calf_state *st)
{
    return sigma_of(m, st->N);
}

static double dmg_of(const calf_model *m, double D)
{
    return D > P(D_EQ) ? P(LAMBDA_D) * (D - P(D_EQ)) : 0.0;
}

static double dmg_irritation(const calf_model *m, const calf_state *st)
{
    return dmg_of(m, st->D);
}

static double pain_of(double sigma, double itot)
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

/* The day's running stimulus of capacity: proportional to the day's load
 * over the habitual daily load, saturating at run_stim_max (section 4). */
static inline double run_stimulus(const calf_model *m, double load)
{
    const double r = load / m->l_hab, cap = P(RUN_STIM_MAX);
    return m->eta_run * (r < cap ? r : cap);
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
    double target = irr_at_pain(P(PAIN_ONSET), sigma, dmg_irritation(m, st));
    if (st->I >= target)
        return 0.0;
    double q_km = st->easy_n_km *
                  powb_fast(m, st->easy_f_base * dyn_factor(m, st) / calf_model_c_eff(m, st)) *
                  m->w_tc;
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
    st->A_lag = m->alag0;
    st->Z = m->z0;
    st->D = P(D_EQ);
    st->Fa = m->fa0;
    st->N = m->pt.neural_mobility;
    st->T = m->t0;
    st->K = m->k0;
    st->E = m->e0;
    double sigma = sigma_now(m, st);
    st->I = sqrt(m->pt.morning_pain / (2.0 * sigma));
    st->dyn_key[0] = st->dyn_key[1] = st->dyn_key[2] = NAN; /* none yet */
    st->step_rate = 1.0;
    st->overstride = m->pt.overstride;
    st->strike = m->pt.strike;
    for (int i = 0; i < 5; i++) {
        st->memo_in[i] = 0;
        st->memo_out[i] = 0;
    }
    refresh_easy(m, st);
}

/* Saturating daily stimulus A_max (1 - exp(-sum / A_sat)), memoised: the last
 * value in memo_in/memo_out, three before it in memo_old_*, so a week that
 * alternates a few different strength days calls no exp(). */
static double stimulus_of(const calf_model *m, double sum)
{
    return sum <= 0 ? 0 : P(A_MAX) * (1.0 - exp(-sum / P(A_SAT)));
}

static double stimulus(const calf_model *m, calf_state *st, int slot, double sum)
{
    if (sum <= 0)
        return 0;
    if (sum == st->memo_in[slot])
        return st->memo_out[slot];
    double v;
    int j = 0;
    while (j < 3 && st->memo_old_in[slot][j] != sum)
        j++;
    if (j < 3) {
        v = st->memo_old_out[slot][j];
    } else {
        v = stimulus_of(m, sum);
        j = st->memo_next[slot];
        st->memo_next[slot] = (j + 1) % 3;
    }
    st->memo_old_in[slot][j] = st->memo_in[slot];
    st->memo_old_out[slot][j] = st->memo_out[slot];
    st->memo_in[slot] = sum;
    st->memo_out[slot] = v;
    return v;
}

double calf_stimulus_h(double x, double th, double p)
{
    double r = (x - th) / (1.0 - th);
    if (r <= 0)
        return 0;
    if (r > 1)
        r = 1;
    return p == 1.0 ? r : pow(r, p); /* pow(r, 1) == r: the shortcut changes nothing */
}

static double h_stim(const calf_model *m, double x, double th)
{
    return calf_stimulus_h(x, th, P(P_STIM));
}

/* run_base through the state's memo: a plan's new sessions at speeds and gaits
 * already seen in this run reuse those loads (no pow()). */
static void run_base_memo(const calf_model *m, calf_state *st, double kmh, double sr, int strike,
                          double *f_base, double *n_km)
{
    const double os = st->overstride;
    for (int j = 0; j < st->rb_len; j++)
        if (st->rb_kmh[j] == kmh && st->rb_sr[j] == sr && st->rb_strike[j] == strike &&
            st->rb_os[j] == os) {
            *f_base = st->rb_f[j];
            *n_km = st->rb_n[j];
            return;
        }
    run_base(m, kmh, sr, strike, os, f_base, n_km);
    int j = st->rb_next;
    st->rb_next = (j + 1) % CALF_RUN_MEMO;
    if (st->rb_len < CALF_RUN_MEMO)
        st->rb_len++;
    st->rb_kmh[j] = kmh;
    st->rb_sr[j] = sr;
    st->rb_strike[j] = strike;
    st->rb_os[j] = os;
    st->rb_f[j] = *f_base;
    st->rb_n[j] = *n_km;
}

/* A segment's peak force without the strength factors and its cycles per km
 * (a run's through run_base, with memo's run_base_memo when memo is given;
 * its overstride is then memo's), and whether it is quality running (1 or 0). */
static int seg_base(const calf_model *m, calf_state *memo, const calf_segment *seg, double sr,
                    int strike, double overstride, double *f_base, double *n_km)
{
    const double kmh = seg->kmh;
    if (seg->walk) {
        *f_base = P(F_WALK);
        *n_km = P(WALK_SPM) * 60.0 / kmh / 2.0;
        return 0;
    }
    if (memo)
        run_base_memo(m, memo, kmh, sr, strike, f_base, n_km);
    else
        run_base(m, kmh, sr, strike, overstride, f_base, n_km);
    return kmh >= m->q_kmh;
}

/* A segment's cache key: its speed, negated for a walking segment. */
static inline double seg_key(const calf_segment *g)
{
    return g->walk ? -g->kmh : g->kmh;
}

/* Make s's cache current for tag and the keys k0, k1, k2 (cache_owner and
 * cache_key). */
static void cache_current(calf_session *s, const void *tag, double k0, double k1, double k2)
{
    s->cache_owner = tag;
    s->cache_key[0] = k0;
    s->cache_key[1] = k1;
    s->cache_key[2] = k2;
}

/* Record what s's cache was filled for: tag, the keys k0, k1, k2 and fill_n
 * segments. */
static void fill_record(calf_session *s, const void *tag, double k0, double k1, double k2,
                        int fill_n)
{
    s->fill_owner = tag;
    s->fill_key[0] = k0;
    s->fill_key[1] = k1;
    s->fill_key[2] = k2;
    s->fill_n = fill_n;
}

/* Whether s's segment cache holds what fill_segments would write for tag and
 * the gait keys sr, strike and os, though cache_owner was cleared: it was
 * filled for them and for s's segments (their speeds and kinds, kept as the
 * segment keys, which tell walking from running by their sign, so only
 * positive speeds are recognised). */
static int segments_filled(const calf_session *s, const void *tag, double sr, double strike,
                           double os)
{
    const int nseg = s->nseg;
    if (s->fill_owner != tag || s->fill_key[0] != sr || s->fill_key[1] != strike ||
        s->fill_key[2] != os || nseg > s->fill_n)
        return 0;
    for (int i = 0; i < nseg; i++)
        if (!(s->seg[i].kmh > 0) || s->cache[i].key != seg_key(&s->seg[i]))
            return 0;
    return 1;
}

static CALF_NOINLINE void fill_segments(const calf_model *m, calf_state *st, calf_session *s,
                                        double sr, int strike, const void *tag)
{
    const double k1 = (double)strike, os = st->overstride;
    if (!segments_filled(s, tag, sr, k1, os)) {
        for (int i = 0; i < s->nseg; i++) {
            calf_seg_cache *c = &s->cache[i];
            (void)seg_base(m, st, &s->seg[i], sr, strike, os, &c->f_base, &c->n_km);
            c->key = seg_key(&s->seg[i]);
        }
        fill_record(s, tag, sr, k1, os, s->nseg);
    }
    cache_current(s, tag, sr, k1, os);
}

static CALF_ALWAYS_INLINE void prepare_segments(const calf_model *m, calf_state *st,
                                                calf_session *s)
{
    double sr = s->step_rate != 0 ? s->step_rate : st->step_rate;
    int strike = s->strike >= 0 ? s->strike : st->strike;
    const void *tag = cache_tag(m, 0);
    if (s->cache_owner == tag && s->cache_key[0] == sr && s->cache_key[1] == (double)strike &&
        s->cache_key[2] == st->overstride)
        return;
    fill_segments(m, st, s, sr, strike, tag);
}

const calf_exercise *calf_session_exercise(const calf_session *s)
{
    if (s->exercise >= 0 && s->exercise < calf_exercise_count)
        return &calf_exercises[s->exercise];
    return s->custom;
}

/* Strength/isometric numbers that depend only on the session, its exercise and
 * the parameters: intensity x, transfer weight, and h(x) at the strength and
 * capacity thresholds. Body-weight exercises (x = force / S) are not among
 * them. A strength session has no segments, so the numbers live in its
 * segment cache slots: cache[0] = {x, transfer, h_s}, cache[1].f_base = h_c. */
typedef struct ex_nums {
    double x, tr, h_s, h_c;
} ex_nums;

static double ex_transfer(const calf_model *m, const calf_exercise *ex)
{
    return ex->transfer_param >= 0 ? m->par.v[ex->transfer_param] : ex->transfer_value;
}

/* Intensity x of a loaded or isometric session (section 3). */
static double ex_x(const calf_model *m, const calf_exercise *ex, const calf_session *s)
{
    if (ex->mode == CALF_EXM_ISOMETRIC)
        return !isnan(s->pct_1rm) ? s->pct_1rm : P(ISO_EFFORT);
    double kappa = ex->kappa_param >= 0 ? m->par.v[ex->kappa_param] : ex->kappa_value;
    double pct =
        !isnan(s->pct_1rm) ? s->pct_1rm : calf_pct_1rm(!isnan(s->rm) ? s->rm : ex->default_rm);
    return pct * kappa;
}

/* The numbers of ex_nums for a loaded or isometric session (the day step
 * caches them on the session, the plan-day compiler keeps x). */
static ex_nums ex_numbers(const calf_model *m, const calf_exercise *ex, const calf_session *s)
{
    ex_nums e;
    e.x = ex_x(m, ex, s);
    e.tr = ex_transfer(m, ex);
    e.h_s = h_stim(m, e.x, P(X_TH_S));
    e.h_c = h_stim(m, e.x, P(X_TH_C));
    return e;
}

/* Whether a and b have the same bits (NAN included). */
static inline int same_bits(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

/* The numbers of a strength session's cache. */
static inline ex_nums ex_read(const calf_session *s)
{
    ex_nums e;
    e.x = s->cache[0].f_base;
    e.tr = s->cache[0].n_km;
    e.h_s = s->cache[0].key;
    e.h_c = s->cache[1].f_base;
    return e;
}

static CALF_NOINLINE ex_nums ex_fill(const calf_model *m, const calf_exercise *ex, calf_session *s,
                                     const void *tag)
{
    const ex_nums e = ex_numbers(m, ex, s);
    if (s->exercise >= 0) { /* custom exercises belong to the protocol: not cached */
        s->cache[0].f_base = e.x;
        s->cache[0].n_km = e.tr;
        s->cache[0].key = e.h_s;
        s->cache[1].f_base = e.h_c;
        s->cache_owner = NULL; /* no segments' numbers */
        fill_record(s, tag, s->pct_1rm, s->rm, (double)s->exercise, 0);
    }
    return e;
}

/* A loaded or isometric session's numbers, from its cache when that was
 * filled for this model and the session's exercise, pct_1rm and rm (the
 * fill record, compared bit for bit: the numbers depend on nothing else), so
 * that a session rebuilt with the same content finds them. */
static CALF_ALWAYS_INLINE ex_nums ex_cached(const calf_model *m, const calf_exercise *ex,
                                            calf_session *s)
{
    const void *tag = cache_tag(m, 1);
    if (s->fill_owner == tag && s->exercise >= 0 && s->fill_key[2] == (double)s->exercise &&
        same_bits(s->fill_key[0], s->pct_1rm) && same_bits(s->fill_key[1], s->rm))
        return ex_read(s);
    return ex_fill(m, ex, s, tag);
}

/* The day's strength doses summed by quality (section 3), in session order:
 * S and C for the calf, T, E and K for the toe flexors, evertors and chain. */
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
 * unit_step(k A) of S, T, E and K (section 4), from its summed doses; memo =
 * 1: the stimuli through st's memos (the day step), else computed (the
 * plan-day compiler, st unused); tek = 0: T, E and K gain nothing. */
typedef struct day_gains {
    double a_s, a_c, g_s, g_t, g_e, g_k;
} day_gains;

static CALF_ALWAYS_INLINE day_gains gains_of(const calf_model *m, calf_state *st, const int memo,
                                             const dose_sums *d, const int tek)
{
    day_gains g;
    g.a_s = memo ? stimulus(m, st, 0, d->s) : stimulus_of(m, d->s);
    g.a_c = memo ? stimulus(m, st, 1, d->c) : stimulus_of(m, d->c);
    const double a_t = !tek   ? 0
                       : memo ? stimulus(m, st, 2, d->t)
                              : stimulus_of(m, d->t),
                 a_e = !tek   ? 0
                       : memo ? stimulus(m, st, 3, d->e)
                              : stimulus_of(m, d->e),
                 a_k = !tek   ? 0
                       : memo ? stimulus(m, st, 4, d->k)
                              : stimulus_of(m, d->k);
    g.g_s = unit_step(m->k_s * g.a_s);
    g.g_t = tek ? unit_step(m->k_t * a_t) : 0;
    g.g_e = tek ? unit_step(m->k_e * a_e) : 0;
    g.g_k = tek ? unit_step(m->k_k * a_k) : 0;
    return g;
}

/* The strength-dependent force factor of today, recomputed only when T, E or
 * K moved since it was last computed for this state. */
static CALF_ALWAYS_INLINE double dyn_cached_of(const calf_model *m, calf_state *st, double T,
                                               double E, double K)
{
    if (st->dyn_key[0] == T && st->dyn_key[1] == E && st->dyn_key[2] == K)
        return st->dyn_val;
    st->dyn_key[0] = T;
    st->dyn_key[1] = E;
    st->dyn_key[2] = K;
    return st->dyn_val = dyn_factor_of(m, T, E, K);
}

static CALF_ALWAYS_INLINE double dyn_cached(const calf_model *m, calf_state *st)
{
    return dyn_cached_of(m, st, st->T, st->E, st->K);
}

/* Pain is 2 sigma I^2, capped at 10 (section 5). */
#define PAIN(itot) pain_of(sigma, (itot))

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

/* Overnight (section 4), shared by every form of the day: x holds the state
 * of this morning and gets tomorrow's; I is the irritation after the day's
 * sessions; g_s, g_t, g_e and g_k are the day's strength gains
 * unit_step(k A) and A_C its capacity stimulus. tek = 0: T, E and K are known
 * to stay (no day of the run trains them and they are at their intake values,
 * so their update below is the identity: stimulus 0, T0 - t0 = 0).
 * known_n = 1: x->n_in tells whether N is within [0.5, 1] and is kept up to
 * date (a run of days carries it); else N is tested. Gives
 * tomorrow's sigma, damage irritation and morning pain (the same expressions
 * the next morning would evaluate). */
static CALF_ALWAYS_INLINE int
night(const calf_model *m, latent *x, const double I, const double load, const double dose,
      const double pain_max, const double g_s, const double A_C, const double g_t, const double g_e,
      const double g_k, const double U, const double over, double *sigma_next, double *dmg_next,
      double *pain_next, calf_error *err, const int tek, const int known_n)
{
    const double L = load;
    const double l_rel = L / m->l_hab;
    const double A_run = run_stimulus(m, L);
    const double pm = pain_max > 5 ? (pain_max - 5) / 5 : 0;

    const double I0 = I, Z0 = x->Z, D0 = x->D, Fa0 = x->Fa, a_old = x->A_lag, C0 = x->C;
    const double S0 = x->S, T0 = x->T, E0 = x->E, K0 = x->K, N0 = x->N;
    const double new_I = I0 * m->e_i;
    const double new_Z = 1.0 + (Z0 - 1.0) * m->e_z + P(K_Z) * pm;
    double D = (D0 + m->kappa_d * dose) * m->e_r;
    D = D < P(D_CAP) ? D : P(D_CAP);
    const double new_Fa = Fa0 * m->e_a + l_rel;
    const double new_A = a_old * m->e_lag + A_C + A_run;
    /* A day's gain moves a quality at most to its ceiling (step <= 1): with
     * extreme parameter draws an overshoot could otherwise oscillate and
     * turn capacity negative. Never binding at the registry defaults. */
    const double g_c = unit_step(m->k_c * a_old);
    double C = C0 + g_c * (m->c_max - C0) - (C0 - m->c_floor) * m->one_e_cd;
    if (D > P(D_S))
        C *= exp(-P(KAPPA_DC) * (D - P(D_S)));
    const double dsd = m->one_e_sd;
    const double new_S = S0 + (g_s * (m->s_max - S0) - (S0 - m->s0) * dsd);
    if (tek) {
        x->T = T0 + (g_t * (P(T_MAX) - T0) - (T0 - m->t0) * dsd);
        x->E = E0 + (g_e * (P(E_MAX) - E0) - (E0 - m->e0) * dsd);
        x->K = K0 + (g_k * (P(K_MAX) - K0) - (K0 - m->k0) * dsd);
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

/* The overnight update of st (night on its latent state, the stimuli through
 * the state's memos); tr = 1: res's A_S, A_C and A_run (the trace's) are
 * filled; gh = 0: the Banister G and H, read only by the trace, are not
 * updated. */
static CALF_ALWAYS_INLINE int overnight(const calf_model *m, calf_state *st, calf_day_result *res,
                                        const double I, const double load, const double dose,
                                        const double pain_max, const dose_sums *sum, const double U,
                                        const double over, calf_error *err, const int tr,
                                        const int tek, const int gh)
{
    const day_gains g = gains_of(m, st, 1, sum, tek);
    if (tr) {
        res->A_S = g.a_s;
        res->A_C = g.a_c;
        res->A_run = run_stimulus(m, load);
    }
    latent x;
    latent_load(&x, st);
    double sig, dmg;
    const int rc = night(m, &x, I, load, dose, pain_max, g.g_s, g.a_c, g.g_t, g.g_e, g.g_k, U, over,
                         &sig, &dmg, &res->pain_next_morning, err, tek, 0);
    latent_store(st, &x, tek);
    if (gh) {
        st->G = st->G * m->e1 + load;
        st->H = st->H * m->e2 + load;
    }
    return rc;
}

/* What a run or walk session sums over its segments: load, dose and km
 * done, whether it stopped and ran at quality speed; obs = 1 also the
 * session result's onset distance, cycles and peak force. */
typedef struct seg_acc {
    double load, dose, done;
    double onset, cycles, peak;
    int stopped, quality;
} seg_acc;

/* One segment (km > 0) of a session not yet stopped, at base force f_base
 * (times the strength factor dyn when running) and n_km cycles per km: it
 * raises the irritation *I and adds its km to the day's *run_km or (tr)
 * *walk_km; the stop rule ends the session when *I reaches stop_i (section
 * 5), before the segment or within it; onset_i is the irritation of the
 * onset pain (obs). */
static CALF_ALWAYS_INLINE void seg_run(const calf_model *m, double *I, double *run_km,
                                       double *walk_km, seg_acc *a, const double f_base,
                                       const double n_km, const int walk, const int quality,
                                       double km, const double dyn, const double inv_c,
                                       const double kz, const double stop_i, const double onset_i,
                                       const int obs, const int tr, const int b7)
{
    if (*I >= stop_i) {
        a->stopped = 1;
        return;
    }
    const double f = walk ? f_base : f_base * dyn;
    const double q_km = seg_q_km(m, n_km, f, inv_c, walk, b7);
    const double rate = kz * q_km;
    if (*I + rate * km > stop_i) {
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

/* 1 / C_eff of st, computed on first use (*have = 0 before): C_eff's inputs
 * do not change during the day. */
static CALF_ALWAYS_INLINE double inv_c_now(const calf_model *m, const calf_state *st, double *inv_c,
                                           int *have)
{
    if (!*have) {
        *inv_c = 1.0 / calf_model_c_eff(m, st);
        *have = 1;
    }
    return *inv_c;
}

/* One day, written once and compiled three times: obs = 1 fills the session
 * results (the planner's observations), tr = 1 the trace's fields of res (and
 * A_S, A_C, A_run) besides those the summary reads, gh = 1 updates the
 * Banister G and H (read only by the trace): calf_model_day_into (all),
 * calf_model_day_obs (obs) and calf_model_day_lean (gh). The shared
 * statements are the same operations in the same order in all, so the state
 * and the fields they fill are the same doubles. */
static CALF_ALWAYS_INLINE int day_impl(const calf_model *m, calf_state *st,
                                       const calf_day_plan *plan, calf_day_result *res,
                                       calf_session_result *sres, calf_error *err, const int obs,
                                       const int tr, const int gh)
{
    const double sigma = sigma_now(m, st);
    const double dmg_i = dmg_irritation(m, st);
    const double kz = m->kappa_i * st->Z;
    const double S_now = st->S;
    double I = st->I;
    double dyn = -1; /* computed on first use */
    /* 1 / C_eff: at once for the trace's capacity_eff, else on first use (a
     * day of rest, neural or gait work needs none) */
    double inv_c = 0;
    int have_c = 0;
    if (tr) {
        const double c_eff = calf_model_c_eff(m, st);
        inv_c = 1.0 / c_eff;
        have_c = 1;
        res->capacity_eff = c_eff;
    }
    dose_sums sum = {0, 0, 0, 0, 0};
    double U = 0, over = 0;
    /* day totals, kept in registers and stored once */
    double run_km = 0, walk_km = 0, load = 0, dose = 0, cycles = 0, peak_bw = 0;
    double pain_during = 0, day_onset = NAN, longest = 0;
    double pain_now; /* pain with the irritation so far today */
    int quality_runs = 0, runs_stopped = 0;
    pain_now = PAIN(I + dmg_i);
    if (tr)
        res->pain_morning = pain_now;

    const int n = plan->n;
    if (n > CALF_MAX_SESSIONS)
        return calf_error_set(err, CALF_EINPUT, "sessions = %d: allowed at most %d a day", n,
                              CALF_MAX_SESSIONS);
    res->n = n;
    for (int k = 0; k < n; k++) {
        calf_session *s = plan->s[k];
        const int kind = s->kind;
        double r_load = 0, r_dose = 0, r_cycles = 0, r_peak = 0, km_planned = 0, km_done = 0;
        double r_onset = NAN, neural_min = 0;
        int stopped = 0, quality = 0;
        const double pain_start = pain_now;
        const double I_before = I;
        switch (kind) {
        case CALF_K_RUN:
        case CALF_K_WALK: {
            if (dyn < 0)
                dyn = dyn_cached(m, st);
            prepare_segments(m, st, s);
            const double ic = inv_c_now(m, st, &inv_c, &have_c);
            const double stop_i = stop_irritation(stop_pain_of(m, s->stop_at_pain), sigma, dmg_i);
            /* onset only for the observations and the trace */
            const double onset_i = obs ? irr_at_pain(P(PAIN_ONSET), sigma, dmg_i) : 0;
            seg_acc a = {0, 0, 0, NAN, 0, 0, 0, 0};
            const int nseg = s->nseg;
            for (int i = 0; i < nseg; i++) {
                const calf_seg_cache *c = &s->cache[i];
                const double km = s->seg[i].km;
                if (obs)
                    km_planned += km;
                if (a.stopped || km <= 0)
                    continue;
                seg_run(m, &I, &run_km, &walk_km, &a, c->f_base, c->n_km, s->seg[i].walk,
                        !s->seg[i].walk && c->key >= m->q_kmh, km, dyn, ic, kz, stop_i, onset_i,
                        obs, tr, 0);
            }
            r_load = a.load;
            r_dose = a.dose;
            r_cycles = a.cycles;
            r_peak = a.peak;
            r_onset = a.onset;
            stopped = a.stopped;
            quality = a.quality;
            const double done = a.done;
            km_done = done;
            if (kind == CALF_K_RUN) {
                run_tally(done, quality, stopped, &longest, &quality_runs, &runs_stopped);
                if (tr && r_peak > peak_bw)
                    peak_bw = r_peak;
            }
            if (tr && isnan(day_onset))
                day_onset = r_onset;
            break;
        }
        case CALF_K_STRENGTH:
        case CALF_K_ISOMETRIC: {
            const calf_exercise *ex = calf_session_exercise(s);
            if (!ex)
                return calf_error_set(err, CALF_EINPUT, "exercise: unknown");
            double force, trw, h_s, h_c = 0;
            if (ex->mode == CALF_EXM_BODYWEIGHT) {
                double factor =
                    ex->bw_factor_param >= 0 ? m->par.v[ex->bw_factor_param] : ex->bw_factor;
                /* a pack adds its weight to the body's (Alfredson 1998) */
                force = P(F_HEEL) * factor * (1.0 + s->pack_kg / m->pt.mass_kg);
                double x = force / S_now;
                trw = ex_transfer(m, ex);
                h_s = h_stim(m, x, P(X_TH_S));
                if (ex->quality == CALF_Q_CALF)
                    h_c = h_stim(m, x, P(X_TH_C));
            } else {
                ex_nums e = ex_cached(m, ex, s);
                force = e.x * S_now;
                trw = e.tr;
                h_s = e.h_s;
                h_c = e.h_c;
            }
            const double reps = s->sets * s->reps;
            if (dose_add(&sum, ex->quality, reps, trw, h_s, h_c)) {
                double q = dose_of(m, reps, force, inv_c_now(m, st, &inv_c, &have_c), 0);
                r_cycles = reps;
                r_load = reps * force;
                r_dose = q;
                r_peak = force;
                I += kz * q;
            }
            break;
        }
        case CALF_K_NEURAL: {
            double tol = P(U_TOL);
            double mins = s->minutes;
            U += s->bouts * mins;
            over += s->bouts * (mins > tol ? (mins - tol) / tol : 0);
            if (obs)
                neural_min = P(NEU_BASE) + P(NEU_DOSE) * (mins < tol ? mins : tol) / tol +
                             P(NEU_OVER) * (mins > tol ? (mins - tol) / tol : 0);
            break;
        }
        case CALF_K_CROSS: {
            double cyc = P(CROSS_CPM) * s->minutes;
            double q = dose_of(m, cyc, P(F_CROSS), inv_c_now(m, st, &inv_c, &have_c), 0);
            r_cycles = cyc;
            r_load = cyc * P(F_CROSS);
            r_dose = q;
            r_peak = P(F_CROSS);
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
        const double pain_end = PAIN(I + dmg_i);
        pain_now = pain_end;
        if (obs) {
            calf_session_result *r = &sres[k];
            r->kind = kind;
            r->km_planned = km_planned;
            r->km_done = km_done;
            r->stopped = stopped;
            r->skipped = 0;
            r->shortened = 0;
            r->pain_start = pain_start;
            r->pain_max = pain_end; /* irritation only grows within a day */
            r->pain_end = pain_end;
            r->onset_km = r_onset;
            r->load = r_load;
            r->dose = r_dose;
            r->cycles = r_cycles;
            r->peak_force = r_peak;
            r->quality = quality;
            r->neural_irritation_min = neural_min;
        }
        if (tr)
            cycles += r_cycles;
        load += r_load;
        dose += r_dose;
        if (I > I_before || kind == CALF_K_RUN || kind == CALF_K_WALK || kind == CALF_K_STRENGTH ||
            kind == CALF_K_CROSS) {
            if (pain_end > pain_during)
                pain_during = pain_end;
        }
    }
    const double pain_max = pain_now;
    res->run_km = run_km;
    res->load = load;
    res->pain_during = pain_during;
    res->longest_run_km = longest;
    res->quality_runs = quality_runs;
    res->runs_stopped = runs_stopped;
    if (tr) {
        res->walk_km = walk_km;
        res->dose = dose;
        res->cycles = cycles;
        res->peak_force_bw = peak_bw;
        res->pain_max = pain_max;
        res->onset_km = day_onset;
    }

    /* T, E and K at their intake values with no dose today stay as they are:
     * their update would add a zero (0 x (max - q) - 0 x dsd) to them, which
     * changes no bit when m->tek_still holds; the overnight update then
     * leaves them out (tek = 0) */
    if (m->tek_still && sum.t == 0 && sum.e == 0 && sum.k == 0 && st->T == m->t0 &&
        st->E == m->e0 && st->K == m->k0)
        return overnight(m, st, res, I, load, dose, pain_max, &sum, U, over, err, tr, 0, gh);
    return overnight(m, st, res, I, load, dose, pain_max, &sum, U, over, err, tr, 1, gh);
}

int calf_model_day_into(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                        calf_day_result *res, calf_session_result *sres, calf_error *err)
{
    return day_impl(m, st, plan, res, sres, err, 1, 1, 1);
}

int calf_model_day_obs(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                       calf_day_result *res, calf_session_result *sres, calf_error *err)
{
    return day_impl(m, st, plan, res, sres, err, 1, 0, 0);
}

int calf_model_day_lean(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                        calf_day_result *res, calf_error *err)
{
    return day_impl(m, st, plan, res, NULL, err, 0, 0, 1);
}

int calf_model_day(const calf_model *m, calf_state *st, const calf_day_plan *plan,
                   calf_day_result *res, calf_error *err)
{
    return calf_model_day_into(m, st, plan, res, res->s, err);
}

/* ---- compiled plan days (the lean plan-replay kernel) ---- */

int calf_model_plan_trains_tek(const calf_day_plan *plan)
{
    for (int k = 0; k < plan->n; k++) {
        const calf_session *s = plan->s[k];
        if (!s || s->kind == CALF_K_GAIT)
            return 1;
        if (s->kind == CALF_K_STRENGTH || s->kind == CALF_K_ISOMETRIC) {
            const calf_exercise *ex = calf_session_exercise(s);
            if (!ex || ex->quality != CALF_Q_CALF)
                return 1;
        }
    }
    return 0;
}

int calf_model_prog_compile(const calf_model *m, const calf_state *st0, const calf_day_plan *plan,
                            calf_prog_day *pd)
{
    pd->n = plan->n;
    pd->nstep = 0;
    pd->fallback = 1;
    if (plan->n < 0 || plan->n > CALF_MAX_SESSIONS)
        return 0;
    /* the day's summed strength doses, in session order as the day step sums them */
    dose_sums sum = {0, 0, 0, 0, 0};
    /* the strength force factor at intake (that of calf_model_prog_begin) */
    const double dyn0 = dyn_factor_of(m, st0->T, st0->E, st0->K);
    for (int k = 0; k < plan->n; k++) {
        const calf_session *s = plan->s[k];
        if (!s || !isnan(s->skip_if_morning_pain) || !isnan(s->shorten_if_morning_pain))
            return 0;
        calf_prog_step *p = &pd->s[pd->nstep];
        switch (s->kind) {
        case CALF_K_REST:
            continue; /* the day step does nothing for it */
        case CALF_K_RUN:
        case CALF_K_WALK: {
            /* the segment loads fill_segments gives with the intake gait */
            const double sr = s->step_rate != 0 ? s->step_rate : st0->step_rate;
            const int strike = s->strike >= 0 ? s->strike : st0->strike;
            p->kind = s->kind;
            p->nseg = 0;
            p->stop_at_pain = s->stop_at_pain;
            for (int i = 0; i < s->nseg; i++) {
                if (!(s->seg[i].km > 0))
                    continue; /* the day step skips it before anything else */
                calf_prog_seg *g = &p->seg[p->nseg++];
                g->km = s->seg[i].km;
                g->walk = s->seg[i].walk != 0;
                g->quality = seg_base(m, NULL, &s->seg[i], sr, strike, st0->overstride, &g->f_base,
                                      &g->n_km);
                /* the force and load with the intake strength factor (the
                 * day step's f and r_load while T, E and K stay) */
                g->f0 = g->walk ? g->f_base : g->f_base * dyn0;
                g->load0 = 0.0 + g->n_km * g->km * g->f0;
            }
            p->op =
                s->kind == CALF_K_RUN && p->nseg == 1 && !p->seg[0].walk && isnan(s->stop_at_pain)
                    ? CALF_PROG_RUN1
                    : CALF_PROG_RUN;
            break;
        }
        case CALF_K_STRENGTH:
        case CALF_K_ISOMETRIC: {
            const calf_exercise *ex = calf_session_exercise(s);
            if (!ex || ex->mode == CALF_EXM_BODYWEIGHT)
                return 0; /* body-weight intensity moves with S every day */
            const ex_nums e = ex_numbers(m, ex, s);
            const double reps = s->sets * s->reps;
            (void)dose_add(&sum, ex->quality, reps, e.tr, e.h_s, e.h_c);
            /* other qualities load nothing during the day: an isometric
             * session of theirs changes nothing then, a strength session only
             * has its pain counted */
            if (ex->quality != CALF_Q_CALF && s->kind == CALF_K_ISOMETRIC)
                continue;
            p->op = ex->quality == CALF_Q_CALF ? CALF_PROG_CALF : CALF_PROG_MARK;
            p->kind = s->kind;
            p->nseg = 0;
            p->x = e.x;
            p->reps = reps;
            break;
        }
        default:
            return 0; /* neural, cross, gait: the general step */
        }
        pd->nstep++;
    }
    const day_gains g = gains_of(m, NULL, 0, &sum, 1);
    pd->g_s = g.g_s;
    pd->a_c = g.a_c;
    pd->g_t = g.g_t;
    pd->g_e = g.g_e;
    pd->g_k = g.g_k;
    pd->fallback = 0;
    return 1;
}

/* What a compiled day accumulates over its steps. */
typedef struct day_acc {
    double I, dyn, run_km, load, dose, pain_during, longest, pain_now;
    int quality_runs, runs_stopped;
} day_acc;

/* One step of a compiled day (the body of the day step's session loop). */
static CALF_ALWAYS_INLINE void prog_step(const calf_model *m, calf_state *st, const latent *x,
                                         const calf_prog_step *s, day_acc *a, const double inv_c,
                                         const double sigma, const double dmg_i, const double kz,
                                         const double S_now, const int tek, const int b7)
{
    const int kind = s->kind;
    double r_load = 0, r_dose = 0;
    const double I_before = a->I;
    switch (s->op) {
    case CALF_PROG_RUN1: {
        /* the general step below with one running segment of km > 0 whose
         * only stop is the pain ceiling: while the run stays below it (the
         * common case) it is run whole here; else the general step runs it */
        const calf_prog_seg *c = &s->seg[0];
        const double stop_i = stop_irritation(P(PAIN_STOP), sigma, dmg_i);
        const double km = c->km;
        const double f = tek ? c->f_base * dyn_cached_of(m, st, x->T, x->E, x->K) : c->f0;
        const double q_km = seg_q_km(m, c->n_km, f, inv_c, 0, b7);
        const double rate = kz * q_km;
        if (a->I >= stop_i || a->I + rate * km > stop_i) {
            if (a->dyn < 0)
                a->dyn = tek ? dyn_cached_of(m, st, x->T, x->E, x->K) : st->dyn_val;
            seg_acc r = {0, 0, 0, NAN, 0, 0, 0, 0};
            seg_run(m, &a->I, &a->run_km, NULL, &r, c->f_base, c->n_km, 0, c->quality, km, a->dyn,
                    inv_c, kz, stop_i, 0, 0, 0, b7);
            r_load = r.load;
            r_dose = r.dose;
            run_tally(r.done, r.quality, r.stopped, &a->longest, &a->quality_runs,
                      &a->runs_stopped);
            break;
        }
        a->I += rate * km;
        r_load = tek ? r_load + c->n_km * km * f : c->load0;
        r_dose += q_km * km;
        a->run_km += km;
        run_tally(km, c->quality, 0, &a->longest, &a->quality_runs, &a->runs_stopped);
        break;
    }
    case CALF_PROG_RUN: {
        if (a->dyn < 0)
            a->dyn = tek ? dyn_cached_of(m, st, x->T, x->E, x->K) : st->dyn_val;
        const double stop_i = stop_irritation(stop_pain_of(m, s->stop_at_pain), sigma, dmg_i);
        seg_acc r = {0, 0, 0, NAN, 0, 0, 0, 0};
        const int nseg = s->nseg;
        for (int i = 0; i < nseg; i++) {
            const calf_prog_seg *c = &s->seg[i];
            if (r.stopped)
                continue;
            seg_run(m, &a->I, &a->run_km, NULL, &r, c->f_base, c->n_km, c->walk, c->quality,
                    c->km /* > 0 */, a->dyn, inv_c, kz, stop_i, 0, 0, 0, b7);
        }
        r_load = r.load;
        r_dose = r.dose;
        const int stopped = r.stopped, quality = r.quality;
        const double done = r.done;
        if (kind == CALF_K_RUN)
            run_tally(done, quality, stopped, &a->longest, &a->quality_runs, &a->runs_stopped);
        break;
    }
    case CALF_PROG_CALF: {
        const double force = s->x * S_now;
        double q = dose_of(m, s->reps, force, inv_c, b7);
        r_load = s->reps * force;
        r_dose = q;
        a->I += kz * q;
        break;
    }
    default: /* CALF_PROG_MARK */
        break;
    }
    const double pain_end = PAIN(a->I + dmg_i);
    a->pain_now = pain_end;
    a->load += r_load;
    a->dose += r_dose;
    if (a->I > I_before || kind != CALF_K_ISOMETRIC) {
        if (pain_end > a->pain_during)
            a->pain_during = pain_end;
    }
}

/* The lean day of calf_model_day_lean for a compiled day: the same statements
 * in the same order, the session caches and the kind dispatch replaced by the
 * compiled numbers. x is the latent state; *sigma_io, *dmg_io and *pain_io
 * are this morning's sigma, damage irritation and pain on entry and
 * tomorrow's on return (the same expressions of the same state, so the same
 * doubles). */
static CALF_ALWAYS_INLINE int prog_day(const calf_model *m, calf_state *st, latent *x,
                                       const calf_prog_day *pd, double *sigma_io, double *dmg_io,
                                       double *pain_io, calf_prog_out *o, calf_error *err,
                                       const int tek, const int b7)
{
    const double c_eff = c_eff_nf(m, x->C, x->Fa, x->nf, x->D);
    const double inv_c = 1.0 / c_eff;
    const double sigma = *sigma_io;
    const double dmg_i = *dmg_io;
    const double kz = m->kappa_i * x->Z;
    const double S_now = x->S;
    day_acc a = {x->I, -1, 0, 0, 0, 0, 0, *pain_io, 0, 0};
    /* the first two steps peeled off the loop (most days have at most two) */
    const calf_prog_step *s = pd->s, *const end = pd->s + pd->nstep;
    if (s < end) {
        prog_step(m, st, x, s++, &a, inv_c, sigma, dmg_i, kz, S_now, tek, b7);
        if (s < end) {
            prog_step(m, st, x, s++, &a, inv_c, sigma, dmg_i, kz, S_now, tek, b7);
            for (; s < end; s++)
                prog_step(m, st, x, s, &a, inv_c, sigma, dmg_i, kz, S_now, tek, b7);
        }
    }
    const double I = a.I;
    o->run_km = a.run_km;
    o->load = a.load;
    o->pain_during = a.pain_during;
    o->longest_run_km = a.longest;
    o->quality_runs = a.quality_runs;
    o->runs_stopped = a.runs_stopped;
    const int rc = night(m, x, I, a.load, a.dose, a.pain_now, pd->g_s, pd->a_c, pd->g_t, pd->g_e,
                         pd->g_k, 0, 0, sigma_io, dmg_io, pain_io, err, tek, 1);
    o->pain_next_morning = *pain_io;
    o->D = x->D;
    return rc;
}

/* This morning for compiled days: st's latent state in x, with whether N is
 * within [0.5, 1] and its neural factor, and its sigma, damage irritation and
 * pain (those the day step computes from st). */
static CALF_ALWAYS_INLINE void prog_morning(const calf_model *m, const calf_state *st, latent *x,
                                            double *sigma, double *dmg_i, double *pain)
{
    latent_load(x, st);
    x->n_in = n_within(x->N);
    x->nf = neural_factor(m, x->N);
    *sigma = sigma_of(m, x->N);
    *dmg_i = dmg_of(m, x->D);
    *pain = pain_of(*sigma, x->I + *dmg_i);
}

void calf_model_prog_begin(const calf_model *m, calf_state *st)
{
    (void)dyn_cached(m, st);
}

static CALF_ALWAYS_INLINE int day_prog_impl(const calf_model *m, calf_state *st,
                                            const calf_prog_day *pd, calf_day_result *res,
                                            calf_error *err, const int tek, const int b7)
{
    latent x;
    double sigma, dmg_i, pain;
    prog_morning(m, st, &x, &sigma, &dmg_i, &pain);
    calf_prog_out o;
    const int rc = prog_day(m, st, &x, pd, &sigma, &dmg_i, &pain, &o, err, tek, b7);
    latent_store(st, &x, tek);
    res->n = pd->n;
    res->run_km = o.run_km;
    res->load = o.load;
    res->pain_during = o.pain_during;
    res->longest_run_km = o.longest_run_km;
    res->quality_runs = o.quality_runs;
    res->runs_stopped = o.runs_stopped;
    res->pain_next_morning = o.pain_next_morning;
    return rc;
}

int calf_model_day_prog(const calf_model *m, calf_state *st, const calf_prog_day *pd, int tek,
                        calf_day_result *res, calf_error *err)
{
    if (m->b_int == 7) /* the registry default, without the exponent dispatch */
        return tek ? day_prog_impl(m, st, pd, res, err, 1, 1)
                   : day_prog_impl(m, st, pd, res, err, 0, 1);
    return tek ? day_prog_impl(m, st, pd, res, err, 1, 0)
               : day_prog_impl(m, st, pd, res, err, 0, 0);
}

/* Consecutive compiled days with the latent state, sigma, the damage
 * irritation and the morning pain carried in locals from one day to the
 * next; the state is stored once at the end. */
static CALF_ALWAYS_INLINE int prog_run_impl(const calf_model *m, calf_state *st,
                                            const calf_prog_day *pd, const int stride, const int n,
                                            calf_prog_out *out, int *done, calf_error *err,
                                            const int tek, const int b7)
{
    latent x;
    double sigma, dmg_i, pain;
    prog_morning(m, st, &x, &sigma, &dmg_i, &pain);
    int rc = CALF_OK, d = 0;
    for (; d < n && !pd->fallback; d++, pd += stride) {
        rc = prog_day(m, st, &x, pd, &sigma, &dmg_i, &pain, &out[d], err, tek, b7);
        if (rc)
            break;
    }
    latent_store(st, &x, tek);
    *done = d;
    return rc;
}

/* One function per variant, so that each gets its own register allocation. */
#define PROG_RUN_VARIANT(name, tek, b7)                                                            \
    static CALF_NOINLINE int name(const calf_model *m, calf_state *st, const calf_prog_day *pd,    \
                                  int stride, int n, calf_prog_out *out, int *done,                \
                                  calf_error *err)                                                 \
    {                                                                                              \
        return prog_run_impl(m, st, pd, stride, n, out, done, err, tek, b7);                       \
    }
PROG_RUN_VARIANT(prog_run_b7, 0, 1)
PROG_RUN_VARIANT(prog_run_tek_b7, 1, 1)
PROG_RUN_VARIANT(prog_run_any, 0, 0)
PROG_RUN_VARIANT(prog_run_tek_any, 1, 0)
#undef PROG_RUN_VARIANT

int calf_model_prog_run(const calf_model *m, calf_state *st, const calf_prog_day *pd, int stride,
                        int n, int tek, calf_prog_out *out, int *done, calf_error *err)
{
    if (m->b_int == 7) /* the registry default, without the exponent dispatch */
        return tek ? prog_run_tek_b7(m, st, pd, stride, n, out, done, err)
                   : prog_run_b7(m, st, pd, stride, n, out, done, err);
    return tek ? prog_run_tek_any(m, st, pd, stride, n, out, done, err)
               : prog_run_any(m, st, pd, stride, n, out, done, err);
}

/* ---- intake calibration (section 6) ---- */

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
 * morning the fatigue Fa and the lagged stimulus per unit eta_run. */
typedef struct week_state {
    double dose_f, onset_u, stim, fa0, alag0_unit;
} week_state;

static week_state week_steady(const calf_model *m, int n, double l_run, double km_run)
{
    week_state w = {0, 0, 0, 0, 0};
    const double cap = P(RUN_STIM_MAX), b = P(B_DAMAGE), e_i = e_of(P(TAU_I_LOW));
    double Fa = 0, A = 0, I = 0;
    /* 20 weeks from rest: e_a^140, e_lag^140 and e_i^140 are far below rounding */
    for (int day = 0; day < 21 * 7; day++) {
        const int d = day % 7, runs = pattern_runs(d, n);
        const double load = runs * l_run, stim = load < cap ? load : cap;
        const double f = pow(1.0 - P(PHI_A) * Fa / (Fa + 1.0), -b);
        if (day >= 20 * 7) {
            if (d == 0) {
                w.fa0 = Fa;
                w.alag0_unit = A;
            }
            w.dose_f += runs * f / n;
            if (runs && I + f * P(X_H) > w.onset_u)
                w.onset_u = I + f * P(X_H);
            w.stim += stim / 7.0;
        }
        I = (I + runs * f * km_run) * e_i;
        Fa = Fa * m->e_a + load;
        A = A * m->e_lag + stim;
    }
    return w;
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
    double b = P(B_DAMAGE);
    m->b_int = (b == floor(b) && b >= 1 && b <= 16) ? (int)b : 0;
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

    /* damage must be able to sit at d_eq under habitual running without
     * eroding capacity: d_s a margin above it (within-week swings of D) */
    if (!(P(D_S) >= P(D_S_MIN_R) * P(D_EQ)))
        return calf_error_set(err, CALF_EINPUT,
                              "d_s = %g: allowed from d_s_min_ratio x d_eq = %g up (capacity would "
                              "erode at the habitual damage d_eq = %g)",
                              P(D_S), P(D_S_MIN_R) * P(D_EQ), P(D_EQ));
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

    /* The habitual week's steady state: its runs meet the capacity their
     * morning's acute fatigue leaves (mu_hab, the mean dose factor). */
    const int n_runs = pt->runs_per_week;
    const week_state hab = week_steady(m, n_runs, 7.0 / n_runs, pt->km_per_week / n_runs);
    m->mu_hab = hab.dose_f;
    m->onset_u = hab.onset_u;
    /* Healthy calf in its habitual week: pain onset after x_h km at easy
     * speed even on its most fatigued run day, with what earlier runs left
     * (Z = 1, N = 1, and the pain sensitivity of low irritability, sigma_low:
     * the healthy reference; 1 at the defaults). */
    double q_km_h = n_km * powb_fast(m, m->f_easy / m->c_h) * m->w_tc;
    double i_on_h = sqrt(P(PAIN_ONSET) / (2.0 * P(SIG_LOW)));
    m->kappa_i = i_on_h / (q_km_h * m->onset_u);
    /* Habitual running holds D at D_eq (the week's mean: D is linear in the
     * dose) and C at C_h. */
    m->l_hab = pt->km_per_week * n_km * m->f_easy / 7.0;
    double q_avg = pt->km_per_week / 7.0 * q_km_h * m->mu_hab;
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
    /* a day without T, E and K doses adds a zero to them while they are at
     * intake (see day_impl): their gains are then 0 x k (a zero for finite
     * k), and the zero changes no bit of a finite, non-zero value */
    m->tek_still = isfinite(m->t0) && m->t0 != 0 && isfinite(m->e0) && m->e0 != 0 &&
                   isfinite(m->k0) && m->k0 != 0 && isfinite(P(T_MAX)) && isfinite(P(E_MAX)) &&
                   isfinite(P(K_MAX)) && isfinite(m->k_t) && isfinite(m->k_e) && isfinite(m->k_k) &&
                   m->one_e_sd > 0 && m->one_e_sd < 1;
    m->eta_run = (m->c_h - m->c_floor) * (1.0 - m->e_cd) * (1.0 - m->e_lag) /
                 (m->k_c * (m->c_max - m->c_h) * hab.stim);

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
    /* The intake week: the habitual number of runs, each as long as the
     * symptom-free distance and at most the habitual run; its steady state
     * gives the first morning's fatigue and lagged stimulus. */
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
    if (!isnan(pt->fast_onset_km)) {
        double fb, nk;
        run_base(m, pt->fast_kmh, 1.0, pt->strike, pt->overstride, &fb, &nk);
        double f = fb * dyn_factor(m, &st0);
        double denom =
            m->kappa_i * m->z0 * nk * pt->fast_onset_km * m->w_tc * powb_fast(m, f / c_eff0);
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
