/*
 * model_day.c: one day of the model for any plan (MODEL.md sections 1-5):
 * the sessions in order, then the overnight update. The day is written once
 * (day_impl) from the kernel's equations (model_kernel.h) and compiled three
 * ways: calf_model_day_into (everything: the reference day, with the trace's
 * fields), calf_model_day_obs (the session results a planner observes) and
 * calf_model_day_lean (what the summary reads). The forms differ only in
 * which results they store, so the state and the fields they share are the
 * same doubles. Running loads, intensities, stimuli and the strength force
 * factor come through the engine's speed caches (model_cache.h).
 */
#include <math.h>

#include "model_cache.h"
#include "model_kernel.h"

/* This morning's constants and the day's running totals. */
typedef struct day_ctx {
    calf_memo *mc; /* the speed caches */
    double sigma, dmg_i, kz, S_now;
    double dyn;   /* the strength force factor; -1: computed on first use */
    double inv_c; /* 1 / C_eff, when have_c */
    int have_c;
    double I; /* irritation so far today */
    dose_sums sum;
    double U, over;
    double run_km, walk_km, load, dose, cycles, peak_bw, day_onset, longest;
    int quality_runs, runs_stopped;
} day_ctx;

/* What one session did. */
typedef struct sess_out {
    double load, dose, cycles, peak, km_planned, km_done, onset, neural_min;
    int stopped, quality;
} sess_out;

/* 1 / C_eff of st, computed on first use: C_eff's inputs do not change
 * during the day. */
static CALF_ALWAYS_INLINE double inv_c_now(const calf_model *m, const calf_state *st, day_ctx *c)
{
    if (!c->have_c) {
        c->inv_c = 1.0 / c_eff_of(m, st->C, st->Fa, st->N, st->D);
        c->have_c = 1;
    }
    return c->inv_c;
}

/* A run or walk session: its segments in order until a stop rule ends it. */
static CALF_ALWAYS_INLINE void run_session(const calf_model *m, calf_state *st, calf_session *s,
                                           day_ctx *c, sess_out *o, const int obs, const int tr)
{
    if (c->dyn < 0)
        c->dyn = dyn_cached_of(m, c->mc, st->T, st->E, st->K);
    const double sr = s->step_rate != 0 ? s->step_rate : st->step_rate;
    const int strike = s->strike >= 0 ? s->strike : st->strike;
    const double ic = inv_c_now(m, st, c);
    const double stop_i = stop_irritation(stop_pain_of(m, s->stop_at_pain), c->sigma, c->dmg_i);
    /* onset only for the observations and the trace */
    const double onset_i = obs ? irr_at_pain(P(PAIN_ONSET), c->sigma, c->dmg_i) : 0;
    seg_acc a = {0, 0, 0, NAN, 0, 0, 0, 0};
    const int nseg = s->nseg;
    for (int i = 0; i < nseg; i++) {
        const calf_segment *g = &s->seg[i];
        const double km = g->km;
        const int walk = g->walk;
        if (obs)
            o->km_planned += km;
        if (a.stopped || km <= 0)
            continue;
        double f_base, n_km;
        if (walk)
            walk_base(m, g->kmh, &f_base, &n_km);
        else
            calf_memo_run_base(m, c->mc, g->kmh, sr, strike, st->overstride, &f_base, &n_km);
        seg_run(m, &c->I, &c->run_km, &c->walk_km, &a, seg_force(f_base, walk, c->dyn), n_km, walk,
                !walk && is_quality(m, g->kmh), km, ic, c->kz, stop_i, 1, onset_i, obs, tr, 0);
    }
    o->load = a.load;
    o->dose = a.dose;
    o->cycles = a.cycles;
    o->peak = a.peak;
    o->onset = a.onset;
    o->stopped = a.stopped;
    o->quality = a.quality;
    o->km_done = a.done;
    if (s->kind == CALF_K_RUN) {
        run_tally(a.done, a.quality, a.stopped, &c->longest, &c->quality_runs, &c->runs_stopped);
        if (tr && a.peak > c->peak_bw)
            c->peak_bw = a.peak;
    }
    if (tr && isnan(c->day_onset))
        c->day_onset = a.onset;
}

/* A strength or isometric session: its dose adds to the day's sums, and a
 * calf exercise loads the calf now. */
static CALF_ALWAYS_INLINE int strength_session(const calf_model *m, calf_state *st, calf_session *s,
                                               day_ctx *c, sess_out *o, calf_error *err)
{
    const calf_exercise *ex = calf_session_exercise(s);
    if (!ex)
        return calf_error_set(err, CALF_EINPUT, "exercise: unknown");
    double force, trw, h_s, h_c = 0;
    if (ex->mode == CALF_EXM_BODYWEIGHT) {
        force = ex_bw_force(m, ex, s->pack_kg);
        double x = force / c->S_now;
        trw = ex_transfer(m, ex);
        h_s = h_stim(m, x, P(X_TH_S));
        if (ex->quality == CALF_Q_CALF)
            h_c = h_stim(m, x, P(X_TH_C));
    } else {
        ex_nums e = calf_memo_ex(m, c->mc, ex, s);
        force = e.x * c->S_now;
        trw = e.tr;
        h_s = e.h_s;
        h_c = e.h_c;
    }
    const double reps = s->sets * s->reps;
    if (dose_add(&c->sum, ex->quality, reps, trw, h_s, h_c)) {
        o->dose = bout(m, reps, force, inv_c_now(m, st, c), c->kz, &c->I, &o->load, 0);
        o->cycles = reps;
        o->peak = force;
    }
    return CALF_OK;
}

/* A change of gait that persists from this session on. */
static void gait_session(const calf_model *m, calf_state *st, const calf_session *s)
{
    if (!isnan(s->gait_step_rate))
        st->step_rate = s->gait_step_rate;
    if (!isnan(s->gait_overstride))
        st->overstride = s->gait_overstride;
    if (s->gait_strike >= 0)
        st->strike = s->gait_strike;
    refresh_easy(m, st);
}

/* One session of any kind. */
static CALF_ALWAYS_INLINE int session(const calf_model *m, calf_state *st, calf_session *s,
                                      day_ctx *c, sess_out *o, calf_error *err, const int obs,
                                      const int tr)
{
    switch (s->kind) {
    case CALF_K_RUN:
    case CALF_K_WALK:
        run_session(m, st, s, c, o, obs, tr);
        return CALF_OK;
    case CALF_K_STRENGTH:
    case CALF_K_ISOMETRIC:
        return strength_session(m, st, s, c, o, err);
    case CALF_K_NEURAL:
        neural_dose(m, s->bouts, s->minutes, &c->U, &c->over);
        if (obs)
            o->neural_min = neural_irritation_min(m, s->minutes);
        return CALF_OK;
    case CALF_K_CROSS: {
        const double cyc = P(CROSS_CPM) * s->minutes;
        o->dose = bout(m, cyc, P(F_CROSS), inv_c_now(m, st, c), c->kz, &c->I, &o->load, 0);
        o->cycles = cyc;
        o->peak = P(F_CROSS);
        return CALF_OK;
    }
    case CALF_K_GAIT:
        gait_session(m, st, s);
        return CALF_OK;
    default:
        return CALF_OK;
    }
}

static void store_session(calf_session_result *r, int kind, const sess_out *o, double pain_start,
                          double pain_end)
{
    r->kind = kind;
    r->km_planned = o->km_planned;
    r->km_done = o->km_done;
    r->stopped = o->stopped;
    r->skipped = 0;
    r->shortened = 0;
    r->pain_start = pain_start;
    r->pain_max = pain_end; /* irritation only grows within a day */
    r->pain_end = pain_end;
    r->onset_km = o->onset;
    r->load = o->load;
    r->dose = o->dose;
    r->cycles = o->cycles;
    r->peak_force = o->peak;
    r->quality = o->quality;
    r->neural_irritation_min = o->neural_min;
}

/* The overnight update of st (night on its latent state, the stimuli through
 * the engine's caches mc); tr = 1: res's A_S, A_C and A_run (the trace's) are
 * filled; gh = 0: the Banister G and H, read only by the trace, are not
 * updated. */
static CALF_ALWAYS_INLINE int overnight(const calf_model *m, calf_state *st, calf_memo *mc,
                                        calf_day_result *res, const day_end *de,
                                        const dose_sums *sum, calf_error *err, const int tr,
                                        const int tek, const int gh)
{
    const day_gains g = gains_memo(m, mc, sum, tek);
    if (tr) {
        res->A_S = g.a_s;
        res->A_C = g.a_c;
        res->A_run = run_stimulus(m, de->load / m->l_hab);
    }
    latent x;
    latent_load(&x, st);
    double sig, dmg;
    const int rc = night(m, &x, de, &g, &sig, &dmg, &res->pain_next_morning, err, tek, 0);
    latent_store(st, &x, tek);
    if (gh) {
        st->G = st->G * m->e1 + de->load;
        st->H = st->H * m->e2 + de->load;
    }
    return rc;
}

/* The day's totals into res (tr: the trace's too). */
static CALF_ALWAYS_INLINE void store_day(calf_day_result *res, const day_ctx *c, double pain_during,
                                         double pain_max, const int tr)
{
    res->run_km = c->run_km;
    res->load = c->load;
    res->pain_during = pain_during;
    res->longest_run_km = c->longest;
    res->quality_runs = c->quality_runs;
    res->runs_stopped = c->runs_stopped;
    if (tr) {
        res->walk_km = c->walk_km;
        res->dose = c->dose;
        res->cycles = c->cycles;
        res->peak_force_bw = c->peak_bw;
        res->pain_max = pain_max;
        res->onset_km = c->day_onset;
    }
}

/* One day, written once and compiled three times: obs = 1 fills the session
 * results (the planner's observations), tr = 1 the trace's fields of res (and
 * A_S, A_C, A_run) besides those the summary reads, gh = 1 updates the
 * Banister G and H (read only by the trace): calf_model_day_into (all),
 * calf_model_day_obs (obs) and calf_model_day_lean (gh). */
static CALF_ALWAYS_INLINE int day_impl(const calf_model *m, calf_state *st,
                                       const calf_day_plan *plan, calf_day_result *res,
                                       calf_session_result *sres, calf_error *err, const int obs,
                                       const int tr, const int gh)
{
    day_ctx c = {0};
    c.mc = memo_for(m);
    c.sigma = sigma_of(m, st->N);
    c.dmg_i = dmg_of(m, st->D);
    c.kz = m->kappa_i * st->Z;
    c.S_now = st->S;
    c.I = st->I;
    c.dyn = -1;
    c.day_onset = NAN;
    /* 1 / C_eff: at once for the trace's capacity_eff, else on first use (a
     * day of rest, neural or gait work needs none) */
    if (tr) {
        const double c_eff = c_eff_of(m, st->C, st->Fa, st->N, st->D);
        c.inv_c = 1.0 / c_eff;
        c.have_c = 1;
        res->capacity_eff = c_eff;
    }
    double pain_during = 0;
    double pain_now = pain_of(c.sigma, c.I + c.dmg_i); /* with the irritation so far today */
    if (tr)
        res->pain_morning = pain_now;
    const int n = plan->n;
    if (n > CALF_MAX_SESSIONS)
        return calf_error_set(err, CALF_EINPUT, "sessions = %d: allowed at most %d a day", n,
                              CALF_MAX_SESSIONS);
    res->n = n;
    for (int k = 0; k < n; k++) {
        calf_session *s = plan->s[k];
        sess_out o = {0, 0, 0, 0, 0, 0, NAN, 0, 0, 0};
        const double pain_start = pain_now, I_before = c.I;
        const int rc = session(m, st, s, &c, &o, err, obs, tr);
        if (rc)
            return rc;
        const double pain_end = pain_of(c.sigma, c.I + c.dmg_i);
        pain_now = pain_end;
        if (obs)
            store_session(&sres[k], s->kind, &o, pain_start, pain_end);
        if (tr)
            c.cycles += o.cycles;
        c.load += o.load;
        c.dose += o.dose;
        if (pain_counts(kind_loads(s->kind), c.I, I_before) && pain_end > pain_during)
            pain_during = pain_end;
    }
    store_day(res, &c, pain_during, pain_now, tr);
    const day_end de = {c.I, c.load, c.dose, pain_now, c.U, c.over};
    /* T, E and K at their intake values with no dose today stay as they are:
     * their update would add a zero (0 x (max - q) - 0 x dsd) to them, which
     * changes no bit when m->tek_still holds; the overnight update then
     * leaves them out (tek = 0) */
    if (m->tek_still && c.sum.t == 0 && c.sum.e == 0 && c.sum.k == 0 && st->T == m->t0 &&
        st->E == m->e0 && st->K == m->k0)
        return overnight(m, st, c.mc, res, &de, &c.sum, err, tr, 0, gh);
    return overnight(m, st, c.mc, res, &de, &c.sum, err, tr, 1, gh);
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
