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

#define P(id) (m->par.v[CALF_P_##id])

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
            c->cache_owner = NULL;
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

int calf_sim_run(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                 calf_trace *trace, calf_summary *sum, calf_error *err)
{
    calf_state st;
    calf_model_initial_state(m, &st);
    calf_metrics mt;
    calf_metrics_init(&mt, &m->par, m->l_hab);
    memset(sum, 0, sizeof(*sum));
    sum->days = opt->days;

    calf_obs obs;
    memset(&obs, 0, sizeof(obs));
    obs.last_onset_km = NAN;
    obs.last_run_pain = NAN;
    obs.neural_irritation_min = NAN;
    obs.model = m;
    obs.latent = opt->oracle ? &st : NULL;

    /* 7-day goal window */
    double w_km[7] = {0}, w_long[7] = {0}, w_pain[7] = {0};
    int w_q[7] = {0}, w_flare[7] = {0};
    double prev_morning = calf_model_pain(m, &st);
    double max_d = 0;
    /* a run stopped at the limit ends with pain at the limit up to rounding */
    const double limit = P(PAIN_LIMIT) + 1e-9;
    calf_session *local = malloc(sizeof(calf_session) * CALF_MAX_SESSIONS);
    if (!local)
        return calf_error_set(err, CALF_EIO, "simulation: out of memory");
    int rc = CALF_OK;

    for (int day = 1; day <= opt->days; day++) {
        obs.day = day;
        obs.week = (day - 1) / 7 + 1;
        obs.weekday = (day - 1) % 7 + 1;
        obs.morning_pain = prev_morning;
        obs.heel_raise_reps = calf_model_heel_raise_reps(m, &st);
        obs.toe_flexor = st.T;

        calf_day_plan planned = {0};
        rc = pl->plan_day(pl->ud, &obs, &planned, err);
        if (rc)
            break;
        if (planned.n < 0 || planned.n > CALF_MAX_SESSIONS) {
            rc = calf_error_set(err, CALF_EINPUT, "day %d: %d sessions; allowed 0 to %d", day,
                                planned.n, CALF_MAX_SESSIONS);
            break;
        }
        calf_day_plan eff;
        int skipped[CALF_MAX_SESSIONS] = {0}, shortened[CALF_MAX_SESSIONS] = {0};
        apply_rules(&planned, obs.morning_pain, &eff, local, skipped, shortened);

        calf_day_result res;
        rc = calf_model_day(m, &st, &eff, &res, err);
        if (rc) {
            calf_error_prefix(err, "simulation");
            break;
        }
        for (int k = 0; k < res.n; k++) {
            res.s[k].skipped = skipped[k];
            res.s[k].shortened = shortened[k];
        }
        calf_metrics_out mo;
        calf_metrics_update(&mt, res.load, &mo);
        double morning_next = calf_model_pain(m, &st);
        int flare = morning_next >= P(FLARE_MIN) && morning_next >= prev_morning + P(FLARE_RISE);
        prev_morning = morning_next;
        if (st.D > max_d)
            max_d = st.D; /* P(injury) rises with D: its maximum is taken at the end */

        /* observations for tomorrow */
        obs.yesterday_n = res.n;
        for (int k = 0; k < res.n; k++) {
            obs.yesterday[k] = res.s[k];
            const calf_session_result *r = &res.s[k];
            if (r->kind == CALF_K_RUN) {
                obs.last_run_km = r->km_done;
                obs.last_run_pain = r->pain_max;
                if (!isnan(r->onset_km))
                    obs.last_onset_km = r->onset_km;
            } else if (r->kind == CALF_K_NEURAL) {
                obs.neural_irritation_min = r->neural_irritation_min;
            }
        }

        /* summary */
        sum->total_km += res.run_km;
        if (res.pain_during > sum->peak_pain)
            sum->peak_pain = res.pain_during;
        if (res.pain_during > limit)
            sum->days_pain_over_limit++;
        sum->flare_count += flare;
        sum->runs_stopped_early += res.runs_stopped;
        if (mo.acwr_ewma > sum->max_acwr_ewma)
            sum->max_acwr_ewma = mo.acwr_ewma;
        if (!sum->injury_day && st.D >= P(D_50))
            sum->injury_day = day;
        int w = (day - 1) % 7;
        w_km[w] = res.run_km;
        w_long[w] = res.longest_run_km;
        w_pain[w] = res.pain_during;
        w_q[w] = res.quality_runs;
        w_flare[w] = flare;
        if (!sum->goal_reached_day && day >= 7) {
            double km = 0, lng = 0, pn = 0;
            int q = 0, fl = 0;
            for (int i = 0; i < 7; i++) {
                km += w_km[i];
                lng = w_long[i] > lng ? w_long[i] : lng;
                pn = w_pain[i] > pn ? w_pain[i] : pn;
                q += w_q[i];
                fl += w_flare[i];
            }
            if (km >= m->pt.goal_km_per_week - 1e-9 && q >= m->pt.goal_quality_sessions &&
                lng >= m->pt.goal_long_run_km - 1e-9 && pn <= limit && fl == 0)
                sum->goal_reached_day = day;
        }

        if (trace) {
            calf_trace_row r;
            r.day = day;
            r.week = obs.week;
            r.weekday = obs.weekday;
            r.run_km = res.run_km;
            r.walk_km = res.walk_km;
            r.onset_km = res.onset_km;
            r.onset_easy_km = calf_model_onset_easy_km(m, &st);
            r.cycles = res.cycles;
            r.peak_force_bw = res.peak_force_bw;
            r.load = res.load;
            r.dose = res.dose;
            r.pain_during_max = res.pain_during;
            r.pain_morning = morning_next;
            r.heel_raise_reps = calf_model_heel_raise_reps(m, &st);
            r.capacity = st.C;
            r.capacity_eff = res.capacity_eff;
            r.strength = st.S;
            r.irritation = st.I;
            r.sensitisation = st.Z;
            r.damage = st.D;
            r.fatigue_acute = st.Fa;
            r.neural = st.N;
            r.toe_flexor = st.T;
            r.toe_flexor_strength = st.T;
            r.kinetic_chain = st.K;
            r.evertor = st.E;
            r.ctl = mo.ctl;
            r.atl = mo.atl;
            r.tsb = mo.tsb;
            r.acwr_coupled = mo.acwr_coupled;
            r.acwr_uncoupled = mo.acwr_uncoupled;
            r.acwr_ewma = mo.acwr_ewma;
            r.monotony = mo.monotony;
            r.strain = mo.strain;
            r.p_injury = calf_p_injury(&m->par, st.D);
            r.banister_g = st.G;
            r.banister_h = st.H;
            r.runs_stopped = res.runs_stopped;
            r.quality_runs = res.quality_runs;
            r.flare = flare;
            r.sessions = res.n;
            r.neural_irritation_min = NAN;
            for (int k = 0; k < res.n; k++)
                if (res.s[k].kind == CALF_K_NEURAL &&
                    !(res.s[k].neural_irritation_min <= r.neural_irritation_min))
                    r.neural_irritation_min = res.s[k].neural_irritation_min;
            rc = trace_push(trace, &r, err);
            if (rc)
                break;
        }
    }
    free(local);
    if (rc)
        return rc;
    sum->max_p_injury = calf_p_injury(&m->par, max_d);
    sum->final_capacity_ratio = st.C / m->c_h;
    sum->final_heel_raise_reps = calf_model_heel_raise_reps(m, &st);
    sum->final_onset_easy_km = calf_model_onset_easy_km(m, &st);
    return CALF_OK;
}
