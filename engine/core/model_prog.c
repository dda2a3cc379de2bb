/*
 * model_prog.c: plan days compiled for one model (the lean plan-replay
 * kernel). A plan day of run/walk segments and loaded or isometric registry
 * exercises, without skip/shorten rules, is compiled once per model: its
 * segment loads with the intake gait, its exercises' intensity and reps, and
 * the day's stimuli and strength gains. Running a compiled day calls the same
 * kernel functions (model_kernel.h) in the same order as the day of
 * model_day.c, so its state and figures are the doubles of
 * calf_model_day_lean; spans of compiled days keep the latent state in
 * locals (calf_model_prog_run).
 */
#include <math.h>

#include "model_cache.h"
#include "model_kernel.h"

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

/* Compile a run or walk session into p: the segment loads the session cache
 * would hold for the intake gait, with the intake strength factor dyn0. */
static void compile_run(const calf_model *m, const calf_state *st0, const calf_session *s,
                        double dyn0, calf_prog_step *p)
{
    const double sr = s->step_rate != 0 ? s->step_rate : st0->step_rate;
    const int strike = s->strike >= 0 ? s->strike : st0->strike;
    p->kind = s->kind;
    p->nseg = 0;
    p->stop_at_pain = s->stop_at_pain;
    for (int i = 0; i < s->nseg; i++) {
        const calf_segment *seg = &s->seg[i];
        if (!(seg->km > 0))
            continue; /* the day step skips it before anything else */
        calf_prog_seg *g = &p->seg[p->nseg++];
        g->km = seg->km;
        g->walk = seg->walk != 0;
        if (g->walk)
            walk_base(m, seg->kmh, &g->f_base, &g->n_km);
        else
            run_base(m, seg->kmh, sr, strike, st0->overstride, &g->f_base, &g->n_km);
        g->quality = !g->walk && is_quality(m, seg->kmh);
        /* the force and load with the intake strength factor (the day step's
         * while T, E and K stay) */
        g->f0 = seg_force(g->f_base, g->walk, dyn0);
        g->load0 = 0.0 + g->n_km * g->km * g->f0;
    }
    p->op = s->kind == CALF_K_RUN && p->nseg == 1 && !p->seg[0].walk && isnan(s->stop_at_pain)
                ? CALF_PROG_RUN1
                : CALF_PROG_RUN;
}

/* Compile a strength or isometric session into p, adding its dose to sum.
 * Gives 1 when p is a step, 0 when the session changes nothing during the
 * day, -1 when the day cannot be compiled. */
static int compile_strength(const calf_model *m, const calf_session *s, dose_sums *sum,
                            calf_prog_step *p)
{
    const calf_exercise *ex = calf_session_exercise(s);
    if (!ex || ex->mode == CALF_EXM_BODYWEIGHT)
        return -1; /* body-weight intensity moves with S every day */
    const ex_nums e = ex_numbers(m, ex, s);
    const double reps = s->sets * s->reps;
    (void)dose_add(sum, ex->quality, reps, e.tr, e.h_s, e.h_c);
    /* other qualities load nothing during the day: an isometric session of
     * theirs changes nothing then, a strength session only has its pain
     * counted */
    if (ex->quality != CALF_Q_CALF && s->kind == CALF_K_ISOMETRIC)
        return 0;
    p->op = ex->quality == CALF_Q_CALF ? CALF_PROG_CALF : CALF_PROG_MARK;
    p->kind = s->kind;
    p->nseg = 0;
    p->x = e.x;
    p->reps = reps;
    return 1;
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
    /* the strength force factor of st0 (the model's dyn0 for the intake state) */
    const double dyn0 = dyn_factor_of(m, st0->T, st0->E, st0->K);
    for (int k = 0; k < plan->n; k++) {
        const calf_session *s = plan->s[k];
        if (!s || !isnan(s->skip_if_morning_pain) || !isnan(s->shorten_if_morning_pain))
            return 0;
        calf_prog_step *p = &pd->s[pd->nstep];
        int step = 1;
        switch (s->kind) {
        case CALF_K_REST:
            continue; /* the day step does nothing for it */
        case CALF_K_RUN:
        case CALF_K_WALK:
            compile_run(m, st0, s, dyn0, p);
            break;
        case CALF_K_STRENGTH:
        case CALF_K_ISOMETRIC:
            step = compile_strength(m, s, &sum, p);
            if (step < 0)
                return 0;
            break;
        default:
            return 0; /* neural, cross, gait: the general step */
        }
        pd->nstep += step;
    }
    const calf_params *par = &m->par;
    const day_gains g =
        gains_from(m, stimulus_sat(par, sum.s), stimulus_sat(par, sum.c), stimulus_sat(par, sum.t),
                   stimulus_sat(par, sum.e), stimulus_sat(par, sum.k), 1);
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

/* This morning's constants of a compiled day. */
typedef struct morning {
    double inv_c, sigma, dmg_i, kz, S_now;
} morning;

/* A RUN1 step (one running segment, no stop rule of its own: only the pain
 * ceiling stops it), at the intake force f0 when tek = 0. */
static CALF_ALWAYS_INLINE void prog_run1(const calf_model *m, calf_memo *mc, const latent *x,
                                         const calf_prog_step *s, day_acc *a, const morning *mo,
                                         double *r_load, double *r_dose, const int tek,
                                         const int b7)
{
    seg_acc r = {0, 0, 0, NAN, 0, 0, 0, 0};
    const calf_prog_seg *c = &s->seg[0];
    const double f = tek ? c->f_base * dyn_cached_of(m, mc, x->T, x->E, x->K) : c->f0;
    seg_run(m, &a->I, &a->run_km, NULL, &r, f, c->n_km, 0, c->quality, c->km, mo->inv_c, mo->kz,
            stop_irritation(P(PAIN_STOP), mo->sigma, mo->dmg_i), 1, 0, 0, 0, b7);
    *r_load = r.load;
    *r_dose = r.dose;
    run_tally(r.done, r.quality, r.stopped, &a->longest, &a->quality_runs, &a->runs_stopped);
}

/* A run or walk step: its segments until a stop rule ends it. */
static CALF_ALWAYS_INLINE void prog_runs(const calf_model *m, calf_memo *mc, const latent *x,
                                         const calf_prog_step *s, day_acc *a, const morning *mo,
                                         double *r_load, double *r_dose, const int tek,
                                         const int b7)
{
    seg_acc r = {0, 0, 0, NAN, 0, 0, 0, 0};
    if (a->dyn < 0)
        a->dyn = tek ? dyn_cached_of(m, mc, x->T, x->E, x->K) : m->dyn0;
    const double stop_i = stop_irritation(stop_pain_of(m, s->stop_at_pain), mo->sigma, mo->dmg_i);
    const int nseg = s->nseg;
    for (int i = 0; i < nseg && !r.stopped; i++) {
        const calf_prog_seg *c = &s->seg[i];
        seg_run(m, &a->I, &a->run_km, NULL, &r, seg_force(c->f_base, c->walk, a->dyn), c->n_km,
                c->walk, c->quality, c->km /* > 0 */, mo->inv_c, mo->kz, stop_i, 1, 0, 0, 0, b7);
    }
    *r_load = r.load;
    *r_dose = r.dose;
    if (s->kind == CALF_K_RUN)
        run_tally(r.done, r.quality, r.stopped, &a->longest, &a->quality_runs, &a->runs_stopped);
}

/* One step of a compiled day (the body of the day step's session loop). */
static CALF_ALWAYS_INLINE void prog_step(const calf_model *m, calf_memo *mc, const latent *x,
                                         const calf_prog_step *s, day_acc *a, const morning *mo,
                                         const int tek, const int b7)
{
    double r_load = 0, r_dose = 0;
    const double I_before = a->I;
    switch (s->op) {
    case CALF_PROG_RUN1:
        prog_run1(m, mc, x, s, a, mo, &r_load, &r_dose, tek, b7);
        break;
    case CALF_PROG_RUN:
        prog_runs(m, mc, x, s, a, mo, &r_load, &r_dose, tek, b7);
        break;
    case CALF_PROG_CALF:
        r_dose = bout(m, s->reps, s->x * mo->S_now, mo->inv_c, mo->kz, &a->I, &r_load, b7);
        break;
    default: /* CALF_PROG_MARK */
        break;
    }
    const double pain_end = pain_of(mo->sigma, a->I + mo->dmg_i);
    a->pain_now = pain_end;
    a->load += r_load;
    a->dose += r_dose;
    if (pain_counts(kind_loads(s->kind), a->I, I_before) && pain_end > a->pain_during)
        a->pain_during = pain_end;
}

/* The lean day of calf_model_day_lean for a compiled day: the same kernel
 * calls in the same order, the session caches and the kind dispatch replaced
 * by the compiled numbers. x is the latent state; *sigma_io, *dmg_io and
 * *pain_io are this morning's sigma, damage irritation and pain on entry and
 * tomorrow's on return (the same expressions of the same state, so the same
 * doubles). */
static CALF_ALWAYS_INLINE int prog_day(const calf_model *m, calf_memo *mc, latent *x,
                                       const calf_prog_day *pd, double *sigma_io, double *dmg_io,
                                       double *pain_io, calf_prog_out *o, calf_error *err,
                                       const int tek, const int b7)
{
    const morning mo = {1.0 / c_eff_nf(m, x->C, x->Fa, x->nf, x->D), *sigma_io, *dmg_io,
                        m->kappa_i * x->Z, x->S};
    day_acc a = {x->I, -1, 0, 0, 0, 0, 0, *pain_io, 0, 0};
    /* the first two steps peeled off the loop (most days have at most two) */
    const calf_prog_step *s = pd->s, *const end = pd->s + pd->nstep;
    if (s < end) {
        prog_step(m, mc, x, s++, &a, &mo, tek, b7);
        if (s < end) {
            prog_step(m, mc, x, s++, &a, &mo, tek, b7);
            for (; s < end; s++)
                prog_step(m, mc, x, s, &a, &mo, tek, b7);
        }
    }
    o->run_km = a.run_km;
    o->load = a.load;
    o->pain_during = a.pain_during;
    o->longest_run_km = a.longest;
    o->quality_runs = a.quality_runs;
    o->runs_stopped = a.runs_stopped;
    const day_end de = {a.I, a.load, a.dose, a.pain_now, 0, 0};
    const day_gains g = {0, pd->a_c, pd->g_s, pd->g_t, pd->g_e, pd->g_k};
    const int rc = night(m, x, &de, &g, sigma_io, dmg_io, pain_io, err, tek, 1);
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
    (void)m; /* nothing to prime: the intake force factor is the model's dyn0 */
    (void)st;
}

static CALF_ALWAYS_INLINE int day_prog_impl(const calf_model *m, calf_state *st,
                                            const calf_prog_day *pd, calf_day_result *res,
                                            calf_error *err, const int tek, const int b7)
{
    latent x;
    double sigma, dmg_i, pain;
    prog_morning(m, st, &x, &sigma, &dmg_i, &pain);
    calf_prog_out o;
    const int rc =
        prog_day(m, tek ? memo_for(m) : NULL, &x, pd, &sigma, &dmg_i, &pain, &o, err, tek, b7);
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
    calf_memo *mc = tek ? memo_for(m) : NULL;
    int rc = CALF_OK, d = 0;
    for (; d < n && !pd->fallback; d++, pd += stride) {
        rc = prog_day(m, mc, &x, pd, &sigma, &dmg_i, &pain, &out[d], err, tek, b7);
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
