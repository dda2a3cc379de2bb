/*
 * test_model_v2.c: the behaviours model v2 was changed for (docs/model.md,
 * "Model v2"): a runner holding the habitual week stays where it is (a healthy
 * 40 km/week profile, 1,000 virtual runners drawn around it, a 5 km/week
 * novice); a runner who builds from 20 to 40 km/week by 10% a week can hold
 * 40 in steady state; the same spike week costs less on a higher chronic
 * load; injury events are reproducible from the seed and the same for any
 * thread count.
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cohort.h"
#include "csv.h"
#include "model.h"
#include "plan_csv.h"
#include "sim.h"

#define P(m, id) ((m)->par.v[CALF_P_##id])

static calf_patient healthy(double km_per_week, int runs, double kmh, double reps)
{
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.km_per_week = km_per_week;
    pt.runs_per_week = runs;
    pt.easy_kmh = kmh;
    pt.heel_raise_reps = reps;
    pt.goal_km_per_week = km_per_week;
    return pt;
}

/* A plan CSV of `weeks` weeks of `runs` evenly spaced easy runs (run k on
 * weekday floor((k + 1/2) 7 / runs), as the intake calibration spaces the
 * habitual week), week w of km_of(w) km. */
static char *weekly_plan(int weeks, int runs, double (*km_of)(int, const void *), const void *ud)
{
    size_t cap = (size_t)weeks * (size_t)runs * 32 + 32, n = 0;
    char *buf = malloc(cap);
    if (!buf)
        return NULL;
    n += (size_t)snprintf(buf, cap, "day,kind,km\n");
    for (int w = 0; w < weeks; w++)
        for (int k = 0; k < runs; k++) {
            int d = (int)floor((k + 0.5) * 7.0 / runs);
            n += (size_t)snprintf(buf + n, cap - n, "%d,run,%.4f\n", w * 7 + d + 1,
                                  km_of(w, ud) / runs);
        }
    return buf;
}

static double km_const(int w, const void *ud)
{
    (void)w;
    return *(const double *)ud;
}

static int run_text(const calf_model *m, const char *text, int days, uint64_t seed, int no_events,
                    calf_trace *t, calf_summary *s)
{
    calf_error err = {0};
    calf_csv *csv = NULL;
    calf_plan plan;
    int rc = calf_csv_parse(text, strlen(text), "plan", &csv, &err);
    if (!rc)
        rc = calf_plan_from_csv(csv, m, &plan, &err);
    if (!rc) {
        calf_planner pl = calf_plan_planner(&plan);
        calf_sim_opts o = {days, 0, seed, no_events};
        memset(t, 0, sizeof(*t));
        rc = calf_sim_run(m, &pl, &o, t, s, &err);
        calf_plan_free(&plan);
    }
    calf_csv_free(csv);
    if (rc)
        fprintf(stderr, "run: %s\n", err.msg);
    return rc;
}

static double week_mean(const calf_trace *t, size_t off, int week)
{
    double s = 0;
    for (int d = (week - 1) * 7; d < week * 7; d++)
        s += *(const double *)((const char *)&t->rows[d] + off);
    return s / 7;
}

/* The homeostasis criteria of docs/validation.md: week 52's mean damage and
 * pain-free distance within 10% of week 4's, pain during below 2. */
static int homeostatic(const calf_trace *t, double *d_ratio, double *o_ratio, double *pmax)
{
    *d_ratio = week_mean(t, offsetof(calf_trace_row, damage), 52) /
               week_mean(t, offsetof(calf_trace_row, damage), 4);
    *o_ratio = week_mean(t, offsetof(calf_trace_row, onset_easy_km), 52) /
               week_mean(t, offsetof(calf_trace_row, onset_easy_km), 4);
    *pmax = 0;
    for (int i = 0; i < t->n; i++)
        *pmax = fmax(*pmax, t->rows[i].pain_during_max);
    return fabs(*d_ratio - 1) <= 0.10 && fabs(*o_ratio - 1) <= 0.10 && *pmax < 2;
}

static void homeostasis_one(const char *what, const calf_patient *pt)
{
    calf_params par;
    calf_params_default(&par);
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &par, pt, &err) == 0);
    double km = pt->km_per_week;
    char *text = weekly_plan(52, (int)pt->runs_per_week, km_const, &km);
    calf_trace t;
    calf_summary s;
    CHECK(text && run_text(&m, text, 364, 0, 1, &t, &s) == 0);
    double dr, orr, pm;
    CHECK(homeostatic(&t, &dr, &orr, &pm));
    printf("homeostasis %s: D week 52 / week 4 %.4f, onset %.4f, pain during max %.3f\n", what, dr,
           orr, pm);
    calf_trace_free(&t);
    free(text);
}

static void homeostasis_cohort(long n)
{
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    s.pt = healthy(40, 4, 10.8, 25);
    s.n = n;
    s.days = 364;
    s.nprotocols = 1;
    s.threads = 1;
    s.seed = 11;
    s.vary_params = s.vary_patient = 1;
    long ok = 0;
    double worst_d = 1, worst_o = 1;
    double km = 40;
    for (long i = 0; i < n; i++) {
        calf_model m;
        int rej = 0;
        calf_error err = {0};
        if (calf_cohort_patient(&s, i, &m, &rej, &err) != CALF_OK) {
            fprintf(stderr, "draw %ld: %s\n", i, err.msg);
            continue;
        }
        char *text = weekly_plan(52, 4, km_const, &km);
        calf_trace t;
        calf_summary su;
        if (text && run_text(&m, text, 364, 0, 1, &t, &su) == 0) {
            double dr, orr, pm;
            ok += homeostatic(&t, &dr, &orr, &pm);
            if (fabs(dr - 1) > fabs(worst_d - 1))
                worst_d = dr;
            if (fabs(orr - 1) > fabs(worst_o - 1))
                worst_o = orr;
            calf_trace_free(&t);
        }
        free(text);
    }
    CHECK(ok == n); /* every draw */
    printf("homeostasis: %ld of %ld drawn runners; worst D ratio %.4f, onset ratio %.4f\n", ok, n,
           worst_d, worst_o);
}

/* 20 km/week, then 10% more each week up to 40, held to week 52. */
static double km_build(int w, const void *ud)
{
    (void)ud;
    double km = 20 * pow(1.1, w);
    return km < 40 ? km : 40;
}

static void adaptation(void)
{
    calf_params par;
    calf_params_default(&par);
    calf_patient pt = healthy(20, 4, 10.8, 25);
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &par, &pt, &err) == 0);
    char *text = weekly_plan(52, 4, km_build, NULL);
    calf_trace t;
    calf_summary s;
    CHECK(text && run_text(&m, text, 364, 0, 1, &t, &s) == 0);
    /* steady at 40: damage of the last week within 10% of 8 weeks before,
     * below the level where capacity erodes, no run stopped, pain under 2 */
    const size_t od = offsetof(calf_trace_row, damage);
    double d52 = week_mean(&t, od, 52), d44 = week_mean(&t, od, 44), dmax = 0, pmax = 0;
    int stopped = 0;
    for (int d = 44 * 7; d < 364; d++) {
        dmax = fmax(dmax, t.rows[d].damage);
        pmax = fmax(pmax, t.rows[d].pain_during_max);
        stopped += t.rows[d].runs_stopped;
    }
    CHECK(fabs(d52 / d44 - 1) <= 0.10);
    CHECK(dmax < P(&m, D_S));
    CHECK(stopped == 0 && pmax < 2);
    /* and it is adaptation that holds it: capacity rose above healthy */
    CHECK(t.rows[363].capacity > 1.05 * m.c_h);
    printf("adaptation 20 -> 40 km/week: D week 52 %.4f, week 44 %.4f (ratio %.4f), max %.4f < "
           "d_s %.2f; C %.3f of C_h\n",
           d52, d44, d52 / d44, dmax, P(&m, D_S), t.rows[363].capacity / m.c_h);
    calf_trace_free(&t);
    free(text);
}

typedef struct spike {
    double chronic;
    int spike; /* week index of the 50 km week, -1 none */
} spike;

static double km_spike(int w, const void *ud)
{
    const spike *s = ud;
    return w == s->spike ? 50 : s->chronic;
}

/* Expected injury events over days from..to (1-based) of a trace. */
static double expected_events(const calf_model *m, const calf_trace *t, int from, int to)
{
    double e = 0;
    for (int d = from; d <= to; d++)
        e += calf_injury_prob(m, t->rows[d - 1].run_km, t->rows[d - 1].damage);
    return e;
}

static void chronic_load(void)
{
    calf_params par;
    calf_params_default(&par);
    calf_patient pt = healthy(30, 4, 10.8, 25);
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &par, &pt, &err) == 0);
    double excess[2];
    const double chronic[2] = {20, 40};
    for (int a = 0; a < 2; a++) {
        double e[2];
        for (int with = 0; with < 2; with++) {
            spike sp = {chronic[a], with ? 16 : -1};
            char *text = weekly_plan(21, 4, km_spike, &sp);
            calf_trace t;
            calf_summary s;
            CHECK(text && run_text(&m, text, 147, 0, 1, &t, &s) == 0);
            e[with] = expected_events(&m, &t, 113, 140); /* the spike week and 3 after */
            calf_trace_free(&t);
            free(text);
        }
        excess[a] = e[1] - e[0];
        CHECK(excess[a] > 0);
    }
    /* Hulin 2016: a higher chronic load protects against the same spike */
    CHECK(excess[1] < 0.8 * excess[0]);
    printf("spike of 50 km: excess expected injury events %.5f on 20 km/week, %.5f on 40 "
           "(ratio %.3f)\n",
           excess[0], excess[1], excess[1] / excess[0]);
}

/* Injury events: the same seed gives the same events; seeds differ; the
 * injury column, the summary and the time lost agree. */
static void events(void)
{
    calf_params par;
    calf_params_default(&par);
    calf_patient pt = healthy(40, 4, 10.8, 25);
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &par, &pt, &err) == 0);
    m.par.v[CALF_P_INJ_RATE_ALL] *= 100; /* events often enough to compare */
    double km = 40;
    char *text = weekly_plan(52, 4, km_const, &km);
    int days_of[2][3], differ = 0;
    for (int r = 0; r < 3; r++) {
        const uint64_t seed = r == 2 ? 8 : 7;
        calf_trace t;
        calf_summary s;
        CHECK(text && run_text(&m, text, 364, seed, 0, &t, &s) == 0);
        int ev = 0, lost = 0, ran_lost = 0;
        for (int i = 0; i < t.n; i++) {
            ev += t.rows[i].injury;
            lost += t.rows[i].time_loss;
            ran_lost += t.rows[i].time_loss && t.rows[i].run_km > 0;
        }
        CHECK(ev == s.injury_count && lost == s.days_lost && ran_lost == 0 && ev >= 2);
        if (r < 2) {
            days_of[r][0] = s.injury_day;
            days_of[r][1] = s.injury_count;
            days_of[r][2] = s.days_lost;
        } else {
            differ = s.injury_day != days_of[0][0] || s.injury_count != days_of[0][1];
        }
        calf_trace_free(&t);
    }
    CHECK(memcmp(days_of[0], days_of[1], sizeof(days_of[0])) == 0);
    CHECK(differ);
    /* the stream itself: uniform in [0, 1), a pure function of (seed, k) */
    double mean = 0;
    for (int d = 1; d <= 10000; d++) {
        double u = calf_injury_draw(3, d);
        CHECK(u >= 0 && u < 1);
        mean += u / 10000;
    }
    CHECK_ABS(mean, 0.5, 0.01); /* sd of the mean 0.0029 */
    CHECK(calf_injury_draw(3, 5) == calf_injury_draw(3, 5));
    CHECK(calf_injury_draw(3, 5) != calf_injury_draw(4, 5));
    /* hazard: at D = d_eq, an hour of running is injury_rate_all x calf_share
     * per 1000 h; it grows as (D / d_eq)^weibull_m */
    double h1 = calf_injury_prob(&m, 10.8, P(&m, D_EQ)),
           h2 = calf_injury_prob(&m, 10.8, 2 * P(&m, D_EQ));
    CHECK_REL(h1, -expm1(-P(&m, INJ_RATE_ALL) * P(&m, INJ_SHARE) / 1000), 1e-12);
    CHECK_REL(-log1p(-h2), 8 * -log1p(-h1), 1e-9);
    CHECK(calf_injury_prob(&m, 0, 1.0) == 0);
    free(text);
}

/* A cohort's injury events are the same for 1 and 2 threads. */
typedef struct runner {
    calf_session s;
} runner;

static int runner_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)err;
    runner *r = ud;
    out->n = obs->weekday % 2 == 1 ? 1 : 0; /* Mon, Wed, Fri, Sun */
    out->s[0] = &r->s;
    return CALF_OK;
}

static int r_create(void *ud, int k, void **inst, calf_error *err)
{
    (void)ud;
    (void)k;
    runner *r = calloc(1, sizeof(*r));
    if (!r)
        return calf_error_set(err, CALF_EIO, "out of memory");
    calf_session_init(&r->s, CALF_K_RUN);
    r->s.nseg = 1;
    r->s.seg[0].km = 12;
    r->s.seg[0].kmh = 11;
    *inst = r;
    return CALF_OK;
}

static int r_bind(void *ud, void *inst, const calf_model *m, calf_planner *out, calf_error *err)
{
    (void)ud;
    (void)m;
    (void)err;
    runner *r = inst;
    out->plan_day = runner_day;
    out->ud = r;
    return CALF_OK;
}

static void r_destroy(void *ud, void *inst)
{
    (void)ud;
    free(inst);
}

static void cohort_threads(void)
{
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    s.par.v[CALF_P_INJ_RATE_ALL] = 8.7; /* the registry's top */
    s.pt = healthy(40, 4, 10.8, 25);
    s.n = 400;
    s.days = 182;
    s.nprotocols = 1;
    s.seed = 5;
    s.vary_params = s.vary_patient = 1;
    calf_planner_factory f = {r_create, r_bind, r_destroy, NULL, NULL};
    s.factory = f;
    calf_cohort_result r1, r2;
    calf_error err = {0};
    s.threads = 1;
    CHECK(calf_cohort_run(&s, &r1, &err) == 0);
    s.threads = 2;
    CHECK(calf_cohort_run(&s, &r2, &err) == 0);
    CHECK(r1.proto[0].injury_n == r2.proto[0].injury_n);
    CHECK(r1.proto[0].injury_n > 0 && r1.proto[0].injury_n < s.n);
    CHECK(r1.proto[0].mean[CALF_PAIR_INJURY] == r2.proto[0].mean[CALF_PAIR_INJURY]);
    printf("cohort: %ld of %ld runners with an injury event (1 and 2 threads)\n",
           r1.proto[0].injury_n, s.n);
    calf_cohort_result_free(&r1);
    calf_cohort_result_free(&r2);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    const long n = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
    const calf_patient h40 = healthy(40, 4, 10.8, 25), novice = healthy(5, 3, 8.5, 20);
    homeostasis_one("healthy 40 km/week", &h40);
    homeostasis_one("novice 5 km/week", &novice);
    homeostasis_cohort(n);
    adaptation();
    chronic_load();
    events();
    cohort_threads();
    CHECK_DONE();
}
