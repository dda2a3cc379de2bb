/*
 * planner_param.c: the parameterised progression (weekly sessions from
 * seven numbers), its planner, its protocol-file writer, the virtual
 * patients of the robust check and the Nelder-Mead search.
 */
#include "planner_param.h"

#include "cohort.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_vector.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"

/* Search settings (numerical, not model constants). */
#define PP_ITER         120  /* Nelder-Mead iterations per start */
#define PP_STEP         0.25 /* initial simplex step in the unit cube */
#define PP_SIZE_TOL     1e-3
#define PP_NEVER        30.0   /* cost days added when the goal is never reached */
#define PP_PEN_DAY      30.0   /* per day with pain during above the limit */
#define PP_PEN_FLARE    30.0   /* per flare */
#define PP_PEN_INJ      1000.0 /* per unit of injury probability above the bound */
#define PP_PEN_ROBUST   200.0  /* per virtual patient missing from the 80% */
#define PP_ROBUST_SHARE 0.8
#define PP_QUALITY_KM   1.5  /* km of the fast segment of a quality run */
#define PP_QUALITY_X    1.25 /* its speed over easy speed */

const char *const calf_pp_names[CALF_PP_COUNT] = {
    "start", "growth", "sets", "rm_weeks", "runs_per_week", "quality_week", "gait_step_rate"};
const double calf_pp_lo[CALF_PP_COUNT] = {0.1, 0.0, 2, 1, 3, 1, 0.0};
const double calf_pp_hi[CALF_PP_COUNT] = {0.8, 0.4, 5, 4, 6, 16, 0.10};

static const int run_days[4][6] = {{1, 3, 6}, {1, 3, 5, 7}, {1, 2, 4, 5, 7}, {1, 2, 3, 5, 6, 7}};
static const double rm_steps[5] = {15, 12, 10, 8, 6};

static double round_to(double x, double q)
{
    return floor(x / q + 0.5) * q;
}

int calf_pp_day(const calf_pp *pp, const calf_model *m, int week, int weekday, calf_session *s)
{
    const calf_patient *pt = &m->pt;
    const double *v = pp->v;
    int n = 0;
    /* gait retraining: three equal steps on Mondays of weeks 1, 3 and 5 */
    if (v[CALF_PP_GAIT] > 0.005 && weekday == 1 && (week == 1 || week == 3 || week == 5)) {
        calf_session_init(&s[n], CALF_K_GAIT);
        s[n].gait_step_rate = round_to(1.0 + v[CALF_PP_GAIT] * ((week + 1) / 2) / 3.0, 0.001);
        n++;
    }
    int nr = (int)lround(v[CALF_PP_RUNS]);
    nr = nr < 3 ? 3 : (nr > 6 ? 6 : nr);
    int slot = -1;
    for (int i = 0; i < nr; i++)
        if (run_days[nr - 3][i] == weekday)
            slot = i;
    if (slot >= 0) {
        double G = pt->goal_km_per_week, Lg = pt->goal_long_run_km;
        double K = G * v[CALF_PP_START] * pow(1.0 + v[CALF_PP_GROWTH], week - 1);
        if (K > G)
            K = G;
        double share = G > 0 ? Lg / G : 0;
        if (share < 1.0 / nr)
            share = 1.0 / nr;
        double lng = share * K < Lg ? share * K : Lg;
        if (lng > K)
            lng = K;
        double km = slot == nr - 1 ? lng : (K - lng) / (nr - 1);
        km = round_to(km, 0.01);
        if (km >= 0.1) {
            calf_session *r = &s[n++];
            calf_session_init(r, CALF_K_RUN);
            int nq = (int)lround(pt->goal_quality_sessions);
            if (nq > nr - 1)
                nq = nr - 1;
            int quality = week >= (int)floor(v[CALF_PP_QUALITY]) && slot < nq;
            double qk = km / 2 < PP_QUALITY_KM ? round_to(km / 2, 0.01) : PP_QUALITY_KM;
            if (quality && qk >= 0.1) {
                r->nseg = 2;
                r->seg[0].km = round_to(km - qk, 0.01);
                r->seg[0].kmh = pt->easy_kmh;
                r->seg[1].km = qk;
                r->seg[1].kmh = round_to(PP_QUALITY_X * pt->easy_kmh, 0.01);
            } else {
                r->nseg = 1;
                r->seg[0].km = km;
                r->seg[0].kmh = pt->easy_kmh;
            }
            r->stop_at_pain = pp->max_pain;
        }
    }
    if (weekday == 2 || weekday == 4 || weekday == 6) {
        calf_session *t = &s[n++];
        calf_session_init(t, CALF_K_STRENGTH);
        t->exercise = calf_exercise_find("seated_calf_raise");
        int step = (int)floor((week - 1) / floor(v[CALF_PP_RM_WEEKS]));
        t->rm = rm_steps[step < 4 ? step : 4];
        t->reps = t->rm;
        t->sets = (double)lround(v[CALF_PP_SETS]);
    }
    if (n == 0)
        calf_session_init(&s[n++], CALF_K_REST); /* as rest() in the protocol file */
    return n;
}

static int pp_plan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)err;
    calf_pp_planner *st = ud;
    out->n = calf_pp_day(&st->pp, st->m, obs->week, obs->weekday, st->s);
    for (int i = 0; i < out->n; i++)
        out->s[i] = &st->s[i];
    return CALF_OK;
}

calf_planner calf_pp_planner_make(calf_pp_planner *st, const calf_pp *pp, const calf_model *m)
{
    memset(st, 0, sizeof(*st));
    st->pp = *pp;
    st->m = m;
    calf_planner pl = {pp_plan_day, st};
    return pl;
}

static void lua_session(FILE *fp, const calf_session *s)
{
    switch (s->kind) {
    case CALF_K_GAIT:
        fprintf(fp, "gait{ step_rate = %.17g }", s->gait_step_rate);
        break;
    case CALF_K_RUN:
        if (s->nseg == 1) {
            fprintf(fp, "run{ km = %.17g, kmh = %.17g, stop_at_pain = %.17g }", s->seg[0].km,
                    s->seg[0].kmh, s->stop_at_pain);
        } else {
            fputs("run{ segments = { ", fp);
            for (int i = 0; i < s->nseg; i++)
                fprintf(fp, "%s{ km = %.17g, kmh = %.17g }", i ? ", " : "", s->seg[i].km,
                        s->seg[i].kmh);
            fprintf(fp, " }, stop_at_pain = %.17g }", s->stop_at_pain);
        }
        break;
    default:
        fprintf(fp, "strength{ \"%s\", sets = %.17g, reps = %.17g, rm = %.17g }",
                calf_exercises[s->exercise].name, s->sets, s->reps, s->rm);
        break;
    }
}

int calf_pp_write_lua(FILE *fp, const calf_pp *pp, const calf_model *m, int weeks)
{
    static const char *const dn[7] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
    fputs("-- A progression found by `calfsim plan` (a model search, not a prescription).\n"
          "-- Open-loop: the weeks below are fixed; every run stops at the pain limit.\n",
          fp);
    fprintf(fp, "-- Search parameters:");
    for (int i = 0; i < CALF_PP_COUNT; i++)
        fprintf(fp, " %s=%.6g", calf_pp_names[i], pp->v[i]);
    fprintf(fp, "\n-- max_pain=%g, weeks=%d. Later weeks repeat week %d.\n", pp->max_pain, weeks,
            weeks);
    fputs("-- Built on the first week call: session constructors need the bound patient.\n"
          "local W\nlocal function build()\n  return {\n",
          fp);
    calf_session s[CALF_MAX_SESSIONS];
    for (int w = 1; w <= weeks; w++) {
        fprintf(fp, "  [%d] = {\n", w);
        for (int d = 1; d <= 7; d++) {
            int n = calf_pp_day(pp, m, w, d, s);
            fprintf(fp, "    %s = ", dn[d - 1]);
            if (n == 1 && s[0].kind == CALF_K_REST) {
                fputs("rest(),\n", fp);
                continue;
            }
            fputs("{ ", fp);
            for (int i = 0; i < n; i++) {
                if (i)
                    fputs(", ", fp);
                lua_session(fp, &s[i]);
            }
            fputs(" },\n", fp);
        }
        fputs("  },\n", fp);
    }
    fprintf(fp,
            "  }\nend\n\nreturn {\n  name = \"Planned progression\",\n"
            "  source = \"calfsim plan (parameterised progression, Nelder-Mead search)\",\n"
            "  summary = \"Weekly distance from %.0f%% of the goal growing %.1f%% a week, "
            "%d runs a week, seated calf raises %d sets with RM steps every %d weeks, "
            "quality from week %d, step rate +%.1f%% in three steps.\",\n",
            100 * pp->v[CALF_PP_START], 100 * pp->v[CALF_PP_GROWTH],
            (int)lround(pp->v[CALF_PP_RUNS]), (int)lround(pp->v[CALF_PP_SETS]),
            (int)floor(pp->v[CALF_PP_RM_WEEKS]), (int)floor(pp->v[CALF_PP_QUALITY]),
            100 * pp->v[CALF_PP_GAIT]);
    fputs("  week = function(ctx, p)\n    W = W or build()\n    return W[ctx.week] or W[#W]\n  "
          "end,\n}\n",
          fp);
    return ferror(fp) ? CALF_EIO : CALF_OK;
}

/* ---- evaluation and search ------------------------------------------------- */

static int meets(const calf_summary *s, const calf_pp_opts *o)
{
    return s->days_pain_over_limit == 0 && s->flare_count == 0 && s->max_p_injury <= o->max_injury;
}

double calf_pp_cost(const calf_pp *pp, const calf_model *m, const calf_pp_opts *o,
                    calf_summary *sum)
{
    calf_pp_planner st;
    calf_planner pl = calf_pp_planner_make(&st, pp, m);
    calf_sim_opts so = {.days = 7 * o->weeks, .oracle = 0};
    calf_error err;
    if (calf_sim_run(m, &pl, &so, NULL, sum, &err) != CALF_OK)
        return 1e9;
    double c = sum->goal_reached_day ? sum->goal_reached_day : so.days + PP_NEVER;
    c += PP_PEN_DAY * sum->days_pain_over_limit + PP_PEN_FLARE * sum->flare_count;
    if (sum->max_p_injury > o->max_injury)
        c += PP_PEN_INJ * (sum->max_p_injury - o->max_injury);
    /* tie-break towards lower peak pain */
    return c + 0.01 * sum->peak_pain;
}

int calf_pp_virtual_patient(const calf_model *m, uint64_t seed, int i, calf_model *out,
                            calf_error *err)
{
    /* The cohort's virtual patients (docs/cohort.md): model constants from
     * their priors, the patient's measurements from their spreads, one
     * stream per (seed, i). Definitions such as the pain limit stay fixed. */
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    s.par = m->par;
    s.pt = m->pt;
    s.n = i + 1;
    s.days = 1;
    s.nprotocols = 1;
    s.threads = 1;
    s.seed = seed;
    s.vary_params = 1;
    s.vary_patient = 1;
    int rejected = 0;
    return calf_cohort_patient(&s, i, out, &rejected, err);
}

typedef struct searchctx {
    const calf_model *m;
    const calf_pp_opts *o;
    calf_model *virt;
    int nvirt, evals;
} searchctx;

static void x_to_pp(const gsl_vector *x, double max_pain, calf_pp *pp)
{
    pp->max_pain = max_pain;
    for (int i = 0; i < CALF_PP_COUNT; i++) {
        double u = gsl_vector_get(x, (size_t)i);
        u = u < 0 ? 0 : (u > 1 ? 1 : u);
        pp->v[i] = calf_pp_lo[i] + (calf_pp_hi[i] - calf_pp_lo[i]) * u;
    }
}

static double full_cost(const calf_pp *pp, searchctx *c, calf_summary *sum, int *nok)
{
    double cost = calf_pp_cost(pp, c->m, c->o, sum);
    int ok = 0;
    for (int i = 0; i < c->nvirt; i++) {
        calf_summary s;
        calf_pp_cost(pp, &c->virt[i], c->o, &s);
        ok += meets(&s, c->o);
    }
    if (nok)
        *nok = ok;
    int need = (int)ceil(PP_ROBUST_SHARE * c->nvirt - 1e-9);
    if (ok < need)
        cost += PP_PEN_ROBUST * (need - ok);
    c->evals++;
    return cost;
}

static double nm_f(const gsl_vector *x, void *params)
{
    searchctx *c = params;
    calf_pp pp;
    calf_summary sum;
    x_to_pp(x, c->o->max_pain, &pp);
    /* leaving the unit cube costs a little so the simplex stays inside */
    double out = 0;
    for (int i = 0; i < CALF_PP_COUNT; i++) {
        double u = gsl_vector_get(x, (size_t)i);
        out += u < 0 ? -u : (u > 1 ? u - 1 : 0);
    }
    return full_cost(&pp, c, &sum, NULL) + 10.0 * out;
}

int calf_pp_search(const calf_model *m, const calf_pp_opts *o, calf_pp_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    searchctx c = {.m = m, .o = o};
    int st = CALF_OK;
    if (o->robust > 0) {
        c.virt = malloc((size_t)o->robust * sizeof(calf_model));
        if (!c.virt)
            return calf_error_set(err, CALF_EIO, "plan: out of memory");
        for (int i = 0; i < o->robust; i++)
            if ((st = calf_pp_virtual_patient(m, o->seed, i, &c.virt[i], err))) {
                free(c.virt);
                return st;
            }
        c.nvirt = o->robust;
    }
    const size_t n = CALF_PP_COUNT;
    gsl_multimin_fminimizer *s =
        gsl_multimin_fminimizer_alloc(gsl_multimin_fminimizer_nmsimplex2, n);
    gsl_vector *x = gsl_vector_alloc(n), *step = gsl_vector_alloc(n);
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!s || !x || !step || !rng) {
        st = calf_error_set(err, CALF_EIO, "plan: out of memory");
        goto cleanup;
    }
    gsl_rng_set(rng, (unsigned long)(o->seed ^ 0x5eedULL));
    gsl_vector_set_all(step, PP_STEP);
    gsl_multimin_function F = {nm_f, n, &c};
    /* a conservative first start: 30% of the goal, +10%/week, 3 sets, RM step
     * every 2 weeks, 4 runs, quality from week 6, no gait change */
    static const double first[CALF_PP_COUNT] = {0.3, 0.1, 3, 2, 4, 6, 0};
    double best = INFINITY;
    int starts = o->starts > 0 ? o->starts : 8;
    for (int k = 0; k < starts; k++) {
        for (size_t i = 0; i < n; i++) {
            double u = k == 0 ? (first[i] - calf_pp_lo[i]) / (calf_pp_hi[i] - calf_pp_lo[i])
                              : gsl_rng_uniform(rng);
            gsl_vector_set(x, i, u);
        }
        int gs = gsl_multimin_fminimizer_set(s, &F, x, step);
        if (gs != GSL_SUCCESS) {
            st = calf_error_set(err, CALF_ENUMERIC, "plan: Nelder-Mead set-up failed (%s)",
                                gsl_strerror(gs));
            goto cleanup;
        }
        for (int it = 0; it < PP_ITER; it++) {
            gs = gsl_multimin_fminimizer_iterate(s);
            if (gs != GSL_SUCCESS)
                break;
            if (gsl_multimin_test_size(gsl_multimin_fminimizer_size(s), PP_SIZE_TOL) == GSL_SUCCESS)
                break;
        }
        double fv = gsl_multimin_fminimizer_minimum(s);
        if (fv < best) {
            best = fv;
            x_to_pp(gsl_multimin_fminimizer_x(s), o->max_pain, &r->best);
        }
        r->starts++;
    }
    r->cost = full_cost(&r->best, &c, &r->sum, &r->robust_ok);
    r->robust_n = c.nvirt;
    r->evals = c.evals;
cleanup:
    gsl_multimin_fminimizer_free(s);
    gsl_vector_free(x);
    gsl_vector_free(step);
    gsl_rng_free(rng);
    free(c.virt);
    return st;
}
