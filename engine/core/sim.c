/*
 * sim.c: the daily loop. Each morning the planner sees this morning's
 * observations and returns the day's sessions; the engine applies the
 * declarative symptom rules (skip or shorten on morning pain, instead, stop at
 * pain), runs the day through the model, updates the metrics, detects flares,
 * injury and the goal, and fills the trace and the summary.
 */
#include "sim.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"
#include "plan_csv.h"
#include "util.h"
#include "warmup.h"

#define P(id) (m->par.v[CALF_P_##id])

/* The injury hazard's constants for one model: h = k run_km (D / d_eq)^w
 * with k = injury_rate_all x calf_share / 1000 / easy km/h (hours = km /
 * easy km/h) and w = weibull_m (docs/model.md section 5). */
typedef struct hazard_k {
    double k, inv_deq, w;
} hazard_k;

static hazard_k hazard_of_model(const calf_model *m)
{
    const hazard_k c = {P(INJ_RATE_ALL) * P(INJ_SHARE) * 1e-3 / m->pt.easy_kmh, 1.0 / P(D_EQ),
                        P(WEIBULL_M)};
    return c;
}

/* The hazard exponent h of a day, fast for the integral Weibull shape of the
 * defaults. */
static inline double injury_hazard(const hazard_k *c, double run_km, double D)
{
    const double x = D * c->inv_deq;
    const double xm = c->w == 3 ? x * x * x : pow(x, c->w);
    return c->k * run_km * xm;
}

double calf_injury_prob(const calf_model *m, double run_km, double D)
{
    const hazard_k c = hazard_of_model(m);
    return -expm1(-injury_hazard(&c, run_km, D));
}

/* The stream of injury draws of a seed, and its k-th uniform number. */
static inline uint64_t draw_stream(uint64_t seed)
{
    return calf_mix64(seed ^ 0x696E6A7572790000ULL);
}

static inline double draw_of(uint64_t stream, int k)
{
    return (double)(calf_mix64(stream ^ (uint64_t)k) >> 11) * 0x1.0p-53;
}

double calf_injury_draw(uint64_t seed, int k)
{
    return draw_of(draw_stream(seed), k);
}

/* The cumulative hazard at which the k-th event falls: an Exp(1) number,
 * -ln(1 - u_k). Summing each day's h until it is reached gives an event on a
 * day with probability 1 - exp(-h) given none before, as a draw a day would,
 * for one logarithm an event instead of a draw a day. */
static inline double threshold_of(uint64_t stream, int k)
{
    return -log1p(-draw_of(stream, k));
}

/* What happens between one morning and the next besides the model: flares,
 * injury events and the time lost after them. */
typedef struct day_events {
    uint64_t stream;     /* draw_stream(seed) */
    hazard_k hz;         /* the model's hazard constants */
    double H, E;         /* cumulative hazard since the last event; the next event's threshold */
    int events;          /* tissue events so far */
    double prev_morning; /* this morning's pain */
    int lost_left;       /* days from today on that running is impossible */
    int ceiling_runs;    /* consecutive running days stopped at the pain ceiling */
    int no_draws;        /* no tissue events (calf_sim_opts.no_tissue_events) */
} day_events;

/* Running days in a row stopped by pain at the ceiling that make an injury
 * event (the consensus definition: 3 consecutive sessions; Yamato 2015). */
#define CEILING_RUNS 3

/* Whether today is lost to an injury (no running), before the day runs. */
static inline int events_lost_today(const day_events *ev)
{
    return ev->lost_left > 0;
}

/* Whether a day's running (run_km, ending with damage D) brings the
 * cumulative hazard to the next event's threshold; an event starts the sum
 * again towards the next threshold. */
static inline int injury_on(day_events *ev, double run_km, double D)
{
    if (!(run_km > 0))
        return 0;
    ev->H += injury_hazard(&ev->hz, run_km, D);
    if (ev->H < ev->E)
        return 0;
    ev->H = 0;
    ev->E = threshold_of(ev->stream, ++ev->events + 1);
    return 1;
}

/* After a day ran run_km (runs_stopped of its runs stopped, the highest
 * pain during pain_during) and ended with damage D and tomorrow's morning
 * pain: today's flare and injury event (docs/model.md section 5): a tissue
 * event drawn from the damage hazard, or the third running day in a row
 * stopped by pain at the ceiling. An event costs injury_days_lost running
 * days from tomorrow. */
static inline void events_after(const calf_model *m, day_events *ev, double run_km,
                                int runs_stopped, double pain_during, double D, double morning_next,
                                int *flare, int *injury)
{
    if (ev->lost_left > 0)
        ev->lost_left--;
    *flare = calf_flare(&m->par, ev->prev_morning, morning_next);
    ev->prev_morning = morning_next;
    if (runs_stopped > 0 && pain_during >= P(PAIN_STOP) - 1e-9)
        ev->ceiling_runs++;
    else if (run_km > 0)
        ev->ceiling_runs = 0;
    *injury = ev->ceiling_runs >= CEILING_RUNS || (!ev->no_draws && injury_on(ev, run_km, D));
    if (*injury) {
        ev->lost_left = (int)lround(P(INJ_DAYS));
        ev->ceiling_runs = 0;
    }
}

/* The sessions a day runs: the planned ones, or on a day lost to an injury
 * those without runs (into *kept). */
static const calf_day_plan *day_sessions(const day_events *ev, const calf_day_plan *in,
                                         calf_day_plan *kept)
{
    if (!events_lost_today(ev))
        return in;
    kept->n = 0;
    for (int k = 0; k < in->n; k++)
        if (in->s[k] && in->s[k]->kind != CALF_K_RUN)
            kept->s[kept->n++] = in->s[k];
    return kept;
}

void calf_trace_free(calf_trace *t)
{
    free(t->rows);
    t->rows = NULL;
    t->n = t->cap = 0;
}

static int trace_push(calf_trace *t, const calf_trace_row *r, calf_error *err)
{
    if (t->n == t->cap) {
        int cap = t->cap ? t->cap * 2 : 256;
        calf_trace_row *nr = realloc(t->rows, (size_t)cap * sizeof(*nr));
        if (!nr)
            return calf_error_set(err, CALF_EIO, "trace: out of memory");
        t->rows = nr;
        t->cap = cap;
    }
    t->rows[t->n++] = *r;
    return CALF_OK;
}

/* Apply the declarative rules of the day's sessions given this morning's pain.
 * Shortened sessions are copied into scratch so the protocol's own sessions
 * are never changed. */
static void apply_rules(const calf_day_plan *in, double morning, calf_day_plan *out,
                        calf_session *scratch, int *skipped, int *shortened)
{
    out->n = 0;
    for (int k = 0; k < in->n; k++) {
        calf_session *s = in->s[k];
        int depth = 0;
        int was_skipped = 0, was_short = 0;
        while (s && !isnan(s->skip_if_morning_pain) && morning > s->skip_if_morning_pain &&
               depth++ < 4) {
            s = s->instead;
            was_skipped = 1;
        }
        if (s && !isnan(s->shorten_if_morning_pain) && morning > s->shorten_if_morning_pain &&
            (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK)) {
            calf_session *c = &scratch[out->n];
            *c = *s;
            for (int i = 0; i < c->nseg; i++)
                c->seg[i].km *= s->shorten_factor;
            s = c;
            was_short = 1;
        }
        if (s) {
            skipped[out->n] = was_skipped;
            shortened[out->n] = was_short;
            out->s[out->n++] = s;
        }
    }
}

/* Fill and append the trace row of a day that has just run. */
static int trace_day(const calf_model *m, const calf_state *st, const calf_day_result *res,
                     const calf_session_result *sres, const calf_metrics_out *mo,
                     double morning_next, int flare, int injury, int time_loss, const calf_obs *obs,
                     calf_trace *trace, calf_error *err)
{
    calf_trace_row r;
    r.day = obs->day;
    r.week = obs->week;
    r.weekday = obs->weekday;
    r.run_km = res->run_km;
    r.walk_km = res->walk_km;
    r.onset_km = res->onset_km;
    r.onset_easy_km = calf_model_onset_easy_km(m, st);
    r.cycles = res->cycles;
    r.peak_force_bw = res->peak_force_bw;
    r.load = res->load;
    r.dose = res->dose;
    r.pain_during_max = res->pain_during;
    r.pain_morning = morning_next;
    r.heel_raise_reps = calf_model_heel_raise_reps(m, st);
    r.capacity = st->C;
    r.capacity_eff = res->capacity_eff;
    r.strength = st->S;
    r.irritation = st->I;
    r.sensitisation = st->Z;
    r.damage = st->D;
    r.fatigue_acute = st->Fa;
    r.neural = st->N;
    r.toe_flexor = st->T;
    r.toe_flexor_strength = st->T;
    r.kinetic_chain = st->K;
    r.evertor = st->E;
    r.ctl = mo->ctl;
    r.atl = mo->atl;
    r.tsb = mo->tsb;
    r.acwr_coupled = mo->acwr_coupled;
    r.acwr_uncoupled = mo->acwr_uncoupled;
    r.acwr_ewma = mo->acwr_ewma;
    r.monotony = mo->monotony;
    r.strain = mo->strain;
    r.p_injury = calf_p_injury(&m->par, st->D);
    r.banister_g = st->G;
    r.banister_h = st->H;
    r.runs_stopped = res->runs_stopped;
    r.quality_runs = res->quality_runs;
    r.flare = flare;
    r.injury = injury;
    r.time_loss = time_loss;
    r.sessions = res->n;
    r.neural_irritation_min = NAN;
    for (int k = 0; k < res->n; k++)
        if (sres[k].kind == CALF_K_NEURAL &&
            !(sres[k].neural_irritation_min <= r.neural_irritation_min))
            r.neural_irritation_min = sres[k].neural_irritation_min;
    return trace_push(trace, &r, err);
}

/* Whether any declarative rule could change today's sessions (or a planner
 * left a slot empty); when not, the planned day runs as it is. */
static int rules_apply(const calf_day_plan *in, double morning)
{
    for (int k = 0; k < in->n; k++) {
        const calf_session *s = in->s[k];
        if (!s || morning > s->skip_if_morning_pain || morning > s->shorten_if_morning_pain)
            return 1;
    }
    return 0;
}

/* Record day `day`'s values for calf_sim_run_values. */
static inline void day_values(double *dv, int day, const calf_model *m, const calf_state *st,
                              double run_km, double morning_next)
{
    double *v = dv + (size_t)(day - 1) * CALF_DAY_VALUE_COUNT;
    v[CALF_DAY_CAPACITY] = st->C;
    v[CALF_DAY_PAIN_MORNING] = morning_next;
    v[CALF_DAY_RUN_KM] = run_km;
    v[CALF_DAY_ONSET_EASY_KM] = calf_model_onset_easy_km(m, st);
}

/* The goal (DESIGN.md): over the last 7 days, weekly km, quality sessions and
 * the long run reach the patient's goal with pain during at most the limit
 * and no flare. The window keeps each day's km and flags; the integer tests are
 * running counts, and the km sum (in slot order, as always) is only formed
 * when they all pass. Days are pushed in order from day 1. */
typedef struct goal_window {
    double km[7];
    int q[7], flare[7], long_ok[7], pain_over[7];
    int slot, q_sum, flare_sum, n_long_ok, n_pain_over; /* counts over the 7 slots */
    double long_thr, km_thr, limit, q_goal;
} goal_window;

static void goal_init(goal_window *g, const calf_model *m, double limit)
{
    memset(g, 0, sizeof(*g));
    g->long_thr = m->pt.goal_long_run_km - 1e-9;
    g->km_thr = m->pt.goal_km_per_week - 1e-9;
    g->limit = limit;
    g->q_goal = m->pt.goal_quality_sessions;
    /* empty slots hold a day of 0 km, no pain */
    int lo = 0.0 >= g->long_thr, po = 0.0 > limit;
    for (int i = 0; i < 7; i++) {
        g->long_ok[i] = lo;
        g->pain_over[i] = po;
    }
    g->n_long_ok = 7 * lo;
    g->n_pain_over = 7 * po;
}

/* Record day `day` and report whether the goal holds over the last 7 days. */
static int goal_push(goal_window *g, int day, double km, double lng, double pain, int q, int flare)
{
    const int w = g->slot;
    g->slot = w == 6 ? 0 : w + 1;
    const int lo = lng >= g->long_thr, po = pain > g->limit;
    g->q_sum += q - g->q[w];
    g->flare_sum += flare - g->flare[w];
    g->n_long_ok += lo - g->long_ok[w];
    g->n_pain_over += po - g->pain_over[w];
    g->km[w] = km;
    g->q[w] = q;
    g->flare[w] = flare;
    g->long_ok[w] = lo;
    g->pain_over[w] = po;
    if (day < 7 || !(g->q_sum >= g->q_goal) || g->flare_sum || !g->n_long_ok || g->n_pain_over)
        return 0;
    double sum = 0;
    for (int i = 0; i < 7; i++)
        sum += g->km[i];
    return sum >= g->km_thr;
}

/* The summary's share of a day that has just run. */
static inline void tally(calf_summary *sm, goal_window *goal, int *goal_open, int day,
                         double run_km, double longest, double pain_during, int quality_runs,
                         int runs_stopped, double acwr, int flare, int injury, int time_loss,
                         double limit)
{
    sm->total_km += run_km;
    if (pain_during > sm->peak_pain)
        sm->peak_pain = pain_during;
    if (pain_during > limit)
        sm->days_pain_over_limit++;
    sm->flare_count += flare;
    sm->runs_stopped_early += runs_stopped;
    if (acwr > sm->max_acwr_ewma)
        sm->max_acwr_ewma = acwr;
    if (injury) {
        sm->injury_count++;
        if (!sm->injury_day)
            sm->injury_day = day;
    }
    sm->days_lost += time_loss;
    if (*goal_open && goal_push(goal, day, run_km, longest, pain_during, quality_runs, flare)) {
        sm->goal_reached_day = day;
        *goal_open = 0; /* reached: the window is not needed any more */
    }
}

static int sim_run(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                   calf_trace *trace, double *const dv, calf_summary *sum, calf_error *err)
{
    calf_state st;
    calf_model_initial_state(m, &st);
    calf_metrics mt;
    if (trace)
        calf_metrics_init(&mt, &m->par, m->l_hab);
    else /* only the EWMA pair is read (calf_metrics_update_ewma) */
        calf_metrics_init_ewma(&mt, &m->par, m->l_hab);
    if (m->pt.history) { /* real recent load: its metrics, fatigue and lag (warmup.h) */
        int wrc = calf_warmup(m, m->pt.history, &st, &mt, err);
        if (wrc)
            return wrc;
    }
    calf_summary sm;
    memset(&sm, 0, sizeof(sm));
    sm.days = opt->days;

    calf_obs obs;
    memset(&obs, 0, sizeof(obs));
    obs.last_onset_km = NAN;
    obs.last_run_pain = NAN;
    obs.neural_irritation_min = NAN;
    obs.model = m;
    obs.latent = opt->oracle ? &st : NULL;
    /* Today's session results go straight into obs.yesterday: the planner has
     * read yesterday's before the day runs, and reads today's tomorrow. */
    calf_session_result *const today = obs.yesterday;

    /* a run stopped at the limit ends with pain at the limit up to rounding */
    const double limit = P(PAIN_LIMIT) + 1e-9;
    goal_window goal;
    goal_init(&goal, m, limit);
    day_events ev = {draw_stream(opt->seed),
                     hazard_of_model(m),
                     0,
                     threshold_of(draw_stream(opt->seed), 1),
                     0,
                     calf_model_pain(m, &st),
                     0,
                     0,
                     opt->no_tissue_events};
    double max_d = 0;
    calf_session local[CALF_MAX_SESSIONS]; /* shortened copies */
    int rc = CALF_OK;
    int week = 1, weekday = 1;
    /* Without a trace, an oracle or a planner that reads observations, nothing
     * reads the session results or tomorrow's observations: the lean day. */
    const int lean = !trace && !opt->oracle && calf_planner_reads_day_only(pl);
    /* The trace reads the day's every field, an oracle planner the state's
     * Banister G and H too; else the observations and the summary's fields
     * are all the day step needs to fill. */
    const int watch = trace || opt->oracle;
    /* A lean plan replay runs the plan's days compiled for this model: no planner
     * call, no rules check (a plan CSV has no skip or shorten rules), no session
     * caches; days it could not compile take the general lean step. */
    calf_plan *const cplan = lean && !m->pt.history ? calf_planner_plan(pl) : NULL;
    const calf_plan_prog *const prog = cplan ? calf_plan_compiled(cplan, m) : NULL;
    static const calf_prog_day rest_day; /* days past the plan's end */
    /* a plan whose weeks stay below the goal km cannot reach the goal */
    int goal_open = !prog || prog->goal_possible;

    if (prog && !prog->tek)
        calf_model_prog_begin(m, &st);
    for (int day = 1; prog && day <= opt->days;) {
        const int past = day > cplan->days; /* rest days past the plan's end */
        const calf_prog_day *pd = past ? &rest_day : &prog->day[prog->rep[day - 1]];
        if (!pd->fallback && !events_lost_today(&ev)) {
            /* a run of compiled days, then their share of the summary */
            enum { SPAN = 64 }; /* days per call */
            calf_prog_out out[SPAN];
            int n = opt->days - day + 1, done;
            if (!past && n > cplan->days - day + 1)
                n = cplan->days - day + 1;
            if (n > SPAN)
                n = SPAN;
            if (dv) /* the banded values read the state after each day */
                n = 1;
            /* plan days share compiled days (rep): a span steps through the
             * compiled array with stride 1, or repeats one day (stride 0),
             * as far as the plan's days follow that pattern */
            int stride = !past;
            if (!past && n > 1) {
                const int r0 = prog->rep[day - 1];
                stride = prog->rep[day] == r0 ? 0 : 1;
                int k = 1;
                while (k < n && prog->rep[day - 1 + k] == r0 + k * stride)
                    k++;
                n = k;
            }
            const calf_state before = st;
            rc = calf_model_prog_run(m, &st, pd, stride, n, prog->tek, out, &done, err);
            for (int k = 0; k < done; k++) {
                const calf_prog_out *o = &out[k];
                const double acwr = calf_metrics_update_ewma(&mt, o->load);
                const double morning_next = o->pain_next_morning;
                int flare, injury;
                events_after(m, &ev, o->run_km, o->runs_stopped, o->pain_during, o->D, morning_next,
                             &flare, &injury);
                if (o->D > max_d)
                    max_d = o->D;
                tally(&sm, &goal, &goal_open, day, o->run_km, o->longest_run_km, o->pain_during,
                      o->quality_runs, o->runs_stopped, acwr, flare, injury, 0, limit);
                if (dv)
                    day_values(dv, day, m, &st, o->run_km, morning_next);
                day++;
                /* an injury ends the span on its day: the state goes back to
                 * that day's end (the same days again, the same doubles), and
                 * the days after it run without their runs (the general step) */
                if (injury && k + 1 < done && !rc) {
                    st = before;
                    int redone;
                    rc = calf_model_prog_run(m, &st, pd, stride, k + 1, prog->tek, out, &redone,
                                             err);
                    break;
                }
            }
            if (rc) {
                calf_error_prefix(err, "simulation");
                break;
            }
            continue;
        }
        obs.day = day;
        obs.week = (day - 1) / 7 + 1;
        obs.weekday = (day - 1) % 7 + 1;
        obs.lost_days = ev.lost_left;
        calf_day_plan planned = {0}, eff, kept;
        rc = pl->plan_day(pl->ud, &obs, &planned, err);
        if (rc)
            break;
        const calf_day_plan *run = &planned;
        int skipped[CALF_MAX_SESSIONS], shortened[CALF_MAX_SESSIONS];
        if (rules_apply(&planned, ev.prev_morning)) {
            apply_rules(&planned, ev.prev_morning, &eff, local, skipped, shortened);
            run = &eff;
        }
        const int time_loss = events_lost_today(&ev);
        run = day_sessions(&ev, run, &kept);
        calf_day_result res;
        rc = calf_model_day_lean(m, &st, run, &res, err);
        if (rc) {
            calf_error_prefix(err, "simulation");
            break;
        }
        const double acwr = calf_metrics_update_ewma(&mt, res.load);
        const double morning_next = res.pain_next_morning;
        int flare, injury;
        events_after(m, &ev, res.run_km, res.runs_stopped, res.pain_during, st.D, morning_next,
                     &flare, &injury);
        if (st.D > max_d)
            max_d = st.D;
        tally(&sm, &goal, &goal_open, day, res.run_km, res.longest_run_km, res.pain_during,
              res.quality_runs, res.runs_stopped, acwr, flare, injury, time_loss, limit);
        if (dv)
            day_values(dv, day, m, &st, res.run_km, morning_next);
        day++;
    }
    for (int day = 1; !prog && day <= opt->days; day++) {
        obs.day = day;
        obs.week = week;
        obs.weekday = weekday;
        obs.lost_days = ev.lost_left;
        if (!lean) {
            obs.morning_pain = ev.prev_morning;
            obs.heel_raise_reps = calf_model_heel_raise_reps(m, &st);
            obs.toe_flexor = st.T;
        }

        calf_day_plan planned = {0};
        rc = pl->plan_day(pl->ud, &obs, &planned, err);
        if (rc)
            break;
        if (planned.n < 0 || planned.n > CALF_MAX_SESSIONS) {
            rc = calf_error_set(err, CALF_EINPUT, "day %d: %d sessions; allowed 0 to %d", day,
                                planned.n, CALF_MAX_SESSIONS);
            break;
        }
        const calf_day_plan *run = &planned;
        calf_day_plan eff, kept;
        int skipped[CALF_MAX_SESSIONS], shortened[CALF_MAX_SESSIONS];
        int ruled = rules_apply(&planned, ev.prev_morning);
        if (ruled) {
            apply_rules(&planned, ev.prev_morning, &eff, local, skipped, shortened);
            run = &eff;
        }
        const int time_loss = events_lost_today(&ev);
        run = day_sessions(&ev, run, &kept);
        if (time_loss)
            ruled = 0; /* the session results no longer line up with the plan's */

        calf_day_result res;
        rc = lean    ? calf_model_day_lean(m, &st, run, &res, err)
             : watch ? calf_model_day_into(m, &st, run, &res, today, err)
                     : calf_model_day_obs(m, &st, run, &res, today, err);
        if (rc) {
            calf_error_prefix(err, "simulation");
            break;
        }
        if (ruled && !lean)
            for (int k = 0; k < res.n; k++) {
                today[k].skipped = skipped[k];
                today[k].shortened = shortened[k];
            }
        calf_metrics_out mo;
        if (trace)
            calf_metrics_update(&mt, res.load, &mo);
        else
            mo.acwr_ewma = calf_metrics_update_ewma(&mt, res.load);
        double morning_next = res.pain_next_morning;
        int flare, injury;
        events_after(m, &ev, res.run_km, res.runs_stopped, res.pain_during, st.D, morning_next,
                     &flare, &injury);
        if (st.D > max_d)
            max_d = st.D; /* P(injury) rises with D: its maximum is taken at the end */

        /* observations for tomorrow (the session results are in place) */
        obs.yesterday_n = res.n;
        for (int k = 0; k < (lean ? 0 : res.n); k++) { /* lean: nobody reads them */
            const calf_session_result *r = &today[k];
            if (r->kind == CALF_K_RUN) {
                obs.last_run_km = r->km_done;
                obs.last_run_pain = r->pain_max;
                if (!isnan(r->onset_km))
                    obs.last_onset_km = r->onset_km;
            } else if (r->kind == CALF_K_NEURAL) {
                obs.neural_irritation_min = r->neural_irritation_min;
            }
        }

        tally(&sm, &goal, &goal_open, day, res.run_km, res.longest_run_km, res.pain_during,
              res.quality_runs, res.runs_stopped, mo.acwr_ewma, flare, injury, time_loss, limit);
        if (dv)
            day_values(dv, day, m, &st, res.run_km, morning_next);

        if (trace) {
            rc = trace_day(m, &st, &res, today, &mo, morning_next, flare, injury, time_loss, &obs,
                           trace, err);
            if (rc)
                break;
        }
        if (++weekday > 7) {
            weekday = 1;
            week++;
        }
    }
    if (!rc) {
        sm.max_p_injury = calf_p_injury(&m->par, max_d);
        sm.final_capacity_ratio = st.C / m->c_h;
        sm.final_heel_raise_reps = calf_model_heel_raise_reps(m, &st);
        sm.final_onset_easy_km = calf_model_onset_easy_km(m, &st);
    }
    *sum = sm;
    return rc;
}

int calf_sim_run(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                 calf_trace *trace, calf_summary *sum, calf_error *err)
{
    return sim_run(m, pl, opt, trace, NULL, sum, err);
}

int calf_sim_run_values(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                        double *day_values, calf_summary *sum, calf_error *err)
{
    return sim_run(m, pl, opt, NULL, day_values, sum, err);
}
