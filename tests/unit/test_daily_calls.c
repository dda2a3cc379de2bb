/*
 * test_daily_calls.c: the plan-driven daily step calls no pow() and no exp()
 * beyond the damage terms. This executable is linked with -Wl,--wrap=pow and
 * -Wl,--wrap=exp (tests/CMakeLists.txt), so every call the engine makes goes
 * through the counters below. A planner wrapper reads the counters each
 * morning, so each day's calls are known; after the first week (when each
 * speed, gait and strength dose of the plan has been seen once) a day may call
 * exp() only for the two damage terms (C_eff when D > D_eq, the overnight
 * capacity loss when D > D_s) and pow() never, with the default integer damage
 * exponent. The same wrapping counts malloc/calloc/realloc: a run without a
 * trace allocates nothing once it has started its first day (the plan and
 * its parsing allocate before). With a non-integer exponent pow() is the damage term itself. One
 * exception is the model's own: a body-weight exercise's intensity is
 * force / S, so on its days the saturating stimulus needs exp() (at most 2).
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "csv.h"
#include "plan_csv.h"

#include <stdlib.h>

double __real_pow(double x, double y);
double __real_exp(double x);
double __wrap_pow(double x, double y);
double __wrap_exp(double x);

static volatile long n_pow, n_exp; /* volatile: the compiler takes pow() for pure */
static volatile long n_alloc;

void *__real_malloc(size_t n);
void *__real_calloc(size_t k, size_t n);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t k, size_t n);
void *__wrap_realloc(void *p, size_t n);

void *__wrap_malloc(size_t n)
{
    n_alloc++;
    return __real_malloc(n);
}

void *__wrap_calloc(size_t k, size_t n)
{
    n_alloc++;
    return __real_calloc(k, n);
}

void *__wrap_realloc(void *p, size_t n)
{
    n_alloc++;
    return __real_realloc(p, n);
}

double __wrap_pow(double x, double y)
{
    n_pow++;
    return __real_pow(x, y);
}

double __wrap_exp(double x)
{
    n_exp++;
    return __real_exp(x);
}

#define DAYS 84

typedef struct counting {
    calf_planner inner;
    const calf_model *m;
    long pow_at[DAYS + 2], exp_at[DAYS + 2], alloc_at[DAYS + 2];
    double d_at[DAYS + 2];
} counting;

static int count_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    counting *c = ud;
    c->pow_at[obs->day] = n_pow;
    c->exp_at[obs->day] = n_exp;
    c->alloc_at[obs->day] = n_alloc;
    c->d_at[obs->day] = obs->latent->D;
    return c->inner.plan_day(c->inner.ud, obs, out, err);
}

/* A varied week: easy, faster and interval runs at two step rates and two
 * strikes, walk breaks, loaded and body-weight strength at several doses,
 * toe-flexor isometrics, neural work and cross-training. */
static size_t plan_text(char *buf, size_t cap)
{
    size_t n = 0;
    n += (size_t)snprintf(buf + n, cap - n,
                          "day,kind,exercise,km,kmh,sets,reps,rm,minutes,step_rate,strike\n");
    for (int d = 1; d <= DAYS; d++) {
        switch ((d - 1) % 7) {
        case 0:
            n += (size_t)snprintf(
                buf + n, cap - n,
                "%d,run,,3,10.5,,,,,,\n%d,strength,seated_calf_raise,,,3,12,12,,,\n", d, d);
            break;
        case 1:
            n += (size_t)snprintf(
                buf + n, cap - n,
                "%d,run,,1,10.5,,,,,1.05,midfoot\n%d,run,,0.4,13,,,,,1.05,midfoot\n"
                "%d,walk,,0.3,5,,,,,,\n%d,run,,0.4,13,,,,,1.05,midfoot\n",
                d, d, d, d);
            break;
        case 2:
            n += (size_t)snprintf(buf + n, cap - n,
                                  "%d,strength,single_leg_heel_raise,,,3,15,,,,\n"
                                  "%d,isometric,toe_flexor_isometric,,,3,10,,,,\n"
                                  "%d,neural,slider,,,2,,,4,,\n",
                                  d, d, d);
            break;
        case 3:
            n += (size_t)snprintf(
                buf + n, cap - n,
                "%d,run,,4,12,,,,,0.95,\n%d,strength,seated_calf_raise,,,4,8,8,,,\n", d, d);
            break;
        case 4:
            n += (size_t)snprintf(buf + n, cap - n, "%d,cross,,,,,,,40,,\n", d);
            break;
        case 5:
            n += (size_t)snprintf(buf + n, cap - n,
                                  "%d,run,,5,10.5,,,,,,\n%d,strength,quads_glutes,,,3,10,10,,,\n"
                                  "%d,strength,invertor_evertor_band,,,3,15,,,,\n%d,strength,"
                                  "eccentric_heel_drop,,,3,15,,,,\n",
                                  d, d, d, d);
            break;
        default:
            n += (size_t)snprintf(buf + n, cap - n, "%d,rest,,,,,,,,,\n", d);
            break;
        }
    }
    return n;
}

/* Run the plan for a speed-sensitive patient (beta_v != 0, so off-easy speeds
 * need pow() in the force model) and check the calls day by day. */
static void run_case(const char *set, int want_no_pow)
{
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    if (set)
        CHECK(calf_params_set_kv(&par, set, &err) == 0);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.easy_kmh = 10.5;
    pt.easy_free_km = 8;
    pt.fast_kmh = 14;
    pt.fast_onset_km = 1.2;
    pt.neural_mobility = 0.85;
    calf_model m;
    int rc = calf_model_init(&m, &par, &pt, &err);
    if (rc)
        fprintf(stderr, "init: %s\n", err.msg);
    CHECK(rc == 0);
    CHECK(m.beta_v != 0);

    static char text[DAYS * 256];
    size_t len = plan_text(text, sizeof(text));
    CHECK(len < sizeof(text) - 1);
    calf_csv *csv = NULL;
    calf_plan plan;
    rc = calf_csv_parse(text, len, "calls", &csv, &err);
    if (!rc)
        rc = calf_plan_from_csv(csv, &m, &plan, &err);
    if (rc) {
        fprintf(stderr, "plan: %s\n", err.msg);
        CHECK(0);
        return;
    }
    static counting c;
    memset(&c, 0, sizeof(c));
    c.inner = calf_plan_planner(&plan);
    c.m = &m;
    calf_planner pl = {count_day, &c};
    calf_sim_opts opt = {DAYS, 1, 0, 0};
    calf_summary sum;
    rc = calf_sim_run(&m, &pl, &opt, NULL, &sum, &err);
    CHECK(rc == 0);
    long pow_end = n_pow, exp_end = n_exp, alloc_end = n_alloc;
    /* no allocation from the first morning to the end of the run */
    if (alloc_end != c.alloc_at[1])
        fprintf(stderr, "%s: %ld allocations during the daily loop\n", set ? set : "defaults",
                alloc_end - c.alloc_at[1]);
    CHECK(alloc_end == c.alloc_at[1]);
    /* day d's calls are those between its planner call and the next one's;
     * the last day ends at the summary, which calls neither for these
     * checks (counted up to the last morning only) */
    const double d_eq = par.v[CALF_P_D_EQ], d_s = par.v[CALF_P_D_S];
    long bad_exp = 0, bad_pow = 0, pow_days = 0;
    for (int d = 8; d < DAYS; d++) {
        long e = c.exp_at[d + 1] - c.exp_at[d], p = c.pow_at[d + 1] - c.pow_at[d];
        long allowed = (c.d_at[d] > d_eq) + (c.d_at[d + 1] > d_s);
        /* a body-weight exercise's intensity is force / S, so its saturating
         * stimulus (strength and capacity) changes with S every day */
        int bw = (d - 1) % 7 == 2 || (d - 1) % 7 == 5;
        if (bw ? e < allowed || e > allowed + 2 : e != allowed) {
            if (bad_exp < 5)
                fprintf(stderr, "%s: day %d: %ld exp() calls, damage terms allow %ld\n",
                        set ? set : "defaults", d, e, allowed);
            bad_exp++;
        }
        if (p)
            pow_days++;
        if (want_no_pow && p) {
            if (bad_pow < 5)
                fprintf(stderr, "%s: day %d: %ld pow() calls\n", set ? set : "defaults", d, p);
            bad_pow++;
        }
    }
    CHECK(bad_exp == 0);
    CHECK(bad_pow == 0);
    if (!want_no_pow)
        CHECK(pow_days > 0); /* the counter does see the engine's pow() */
    CHECK(pow_end >= c.pow_at[DAYS] && exp_end >= c.exp_at[DAYS]);
    printf("%s: week 2-12: %ld exp() calls (damage terms, body-weight stimuli), %ld pow() calls\n",
           set ? set : "defaults", c.exp_at[DAYS] - c.exp_at[8], c.pow_at[DAYS] - c.pow_at[8]);
    calf_plan_free(&plan);
    calf_csv_free(csv);
}

int main(void)
{
    gsl_set_error_handler_off();
    /* the wrappers are live: direct calls count */
    long before = n_pow, abefore = n_alloc;
    volatile double two = 2.0;
    CHECK(pow(two, 1.7) > 3.2 && n_pow == before + 1);
    void *volatile blk = malloc(16);
    CHECK(blk && n_alloc == abefore + 1);
    free(blk);
    run_case(NULL, 1);
    run_case("b=6.5", 0);
    CHECK_DONE();
}
