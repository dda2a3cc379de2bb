/*
 * validate.c: the validation suite (validate.h, docs/validation.md): the
 * weekly planner, the virtual experiments on one calibrated patient, the
 * row table, the threaded loop over cohort draws and the intervals.
 *
 * Every experiment runs through calf_sim_run with a trace (D, pain and
 * distances of each day) and frees it. Per-draw results land in an array
 * indexed by the draw and are reduced in index order, so no number depends
 * on the thread count.
 */
#include "validate.h"

#include <gsl/gsl_cdf.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calibrate.h"
#include "exercise.h"
#include "model.h"
#include "sim.h"

#define PM(m, id) ((m)->par.v[CALF_P_##id])
#define WEEKS_MAX 52
#define Z95       1.959963984540054

/* ---- the weekly planner -------------------------------------------------- */

typedef void (*strength_week_fn)(int week, double *rm, double *sets);

/* km[w] km in week w + 1 in `runs` evenly spaced runs at easy speed (run k
 * on weekday floor((k + 1/2) 7 / runs), as the model's habitual week), and
 * optionally a seated-calf-raise session on Monday, Wednesday and Friday
 * whose RM and sets the strength function gives for each week. Past nweeks:
 * rest. The planner owns its two sessions and clears a session's
 * cache_owner whenever it changes it (session.h). */
typedef struct wplan {
    double km[WEEKS_MAX];
    int nweeks, runs;
    strength_week_fn strength;
    calf_session run, str;
} wplan;

static int run_day(int weekday0, int n)
{
    for (int k = 0; k < n; k++)
        if ((int)floor((k + 0.5) * 7.0 / n) == weekday0)
            return 1;
    return 0;
}

static int wplan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)err;
    wplan *p = ud;
    out->n = 0;
    if (obs->week > p->nweeks)
        return CALF_OK;
    const int wd = obs->weekday - 1;
    const double km = p->km[obs->week - 1] / p->runs;
    if (km > 0 && run_day(wd, p->runs)) {
        if (p->run.seg[0].km != km) {
            p->run.seg[0].km = km;
        }
        out->s[out->n++] = &p->run;
    }
    if (p->strength && (wd == 0 || wd == 2 || wd == 4)) {
        double rm, sets;
        p->strength(obs->week, &rm, &sets);
        if (rm != p->str.rm || sets != p->str.sets) {
            p->str.rm = rm;
            p->str.reps = rm;
            p->str.sets = sets;
        }
        out->s[out->n++] = &p->str;
    }
    return CALF_OK;
}

/* A plan of nweeks weeks of constant km (changed by the caller), runs of the
 * patient's habitual number at its easy speed, stopped at stop_at_pain (NAN:
 * only the pain ceiling). */
static void wplan_init(wplan *p, const calf_model *m, int nweeks, double km, double stop_at_pain)
{
    memset(p, 0, sizeof(*p));
    p->nweeks = nweeks;
    p->runs = (int)lround(m->pt.runs_per_week);
    if (p->runs < 1)
        p->runs = 1;
    for (int w = 0; w < nweeks; w++)
        p->km[w] = km;
    calf_session_init(&p->run, CALF_K_RUN);
    p->run.nseg = 1;
    p->run.seg[0].kmh = m->pt.easy_kmh;
    p->run.stop_at_pain = stop_at_pain;
    calf_session_init(&p->str, CALF_K_STRENGTH);
    p->str.exercise = calf_exercise_find("seated_calf_raise");
    p->str.sets = 3;
    p->str.reps = p->str.rm = 15;
}

static int simulate(const calf_model *m, wplan *p, uint64_t seed, int events, calf_trace *tr,
                    calf_error *err)
{
    calf_planner pl = {wplan_day, p};
    calf_sim_opts o;
    memset(&o, 0, sizeof(o));
    o.days = p->nweeks * 7;
    o.seed = seed;
    o.no_tissue_events = !events;
    calf_summary sm;
    memset(tr, 0, sizeof(*tr));
    int rc = calf_sim_run(m, &pl, &o, tr, &sm, err);
    if (!rc && tr->n != o.days)
        rc = calf_error_set(err, CALF_ENUMERIC, "validate: %d of %d days simulated", tr->n, o.days);
    if (rc)
        calf_trace_free(tr);
    return rc;
}

/* Mean of a trace field (a double at offset off) over week w (from 1). */
static double week_mean(const calf_trace *t, int w, size_t off)
{
    double s = 0;
    for (int d = (w - 1) * 7; d < w * 7; d++)
        s += *(const double *)((const char *)&t->rows[d] + off);
    return s / 7;
}

#define F_D     offsetof(calf_trace_row, damage)
#define F_ONSET offsetof(calf_trace_row, onset_easy_km)

/* Expected injury events (summed daily probabilities) and hours of running
 * over days [d0, d1) (from 0). */
static void exposure(const calf_model *m, const calf_trace *t, int d0, int d1, double *events,
                     double *hours)
{
    double e = 0, km = 0;
    for (int d = d0; d < d1 && d < t->n; d++) {
        const calf_trace_row *r = &t->rows[d];
        if (r->run_km > 0)
            e += calf_injury_prob(m, r->run_km, r->damage);
        km += r->run_km;
    }
    *events = e;
    *hours = km / m->pt.easy_kmh;
}

/* ---- the row logic --------------------------------------------------------- */

int calf_valid_in_band(double v, double lo, double hi)
{
    return v >= lo && v <= hi;
}

int calf_valid_homeostasis_ok(double d_ratio, double onset_ratio, double max_pain)
{
    return max_pain < 2 && fabs(d_ratio - 1) <= 0.1 && fabs(onset_ratio - 1) <= 0.1;
}

int calf_valid_tolerated_ok(double max_pain, double max_d, double d_s)
{
    return max_pain < 2 && max_d < d_s;
}

int calf_valid_adaptation_ok(double d_ratio, double max_pain)
{
    return fabs(d_ratio - 1) <= 0.1 && max_pain < 2;
}

double calf_valid_margin(double v, double lo, double hi)
{
    if (isnan(v))
        return NAN;
    if (isfinite(lo) && isfinite(hi)) {
        const double half = hi > lo ? (hi - lo) / 2 : 1;
        return fmin(v - lo, hi - v) / half;
    }
    if (isfinite(lo))
        return (v - lo) / (lo != 0 ? fabs(lo) : 1);
    return (hi - v) / (hi != 0 ? fabs(hi) : 1);
}

void calf_valid_mean_ci(const double *x, long n, double *mean, double *lo, double *hi)
{
    double s = 0, s2 = 0;
    for (long i = 0; i < n; i++)
        s += x[i];
    const double mu = s / (double)n;
    for (long i = 0; i < n; i++)
        s2 += (x[i] - mu) * (x[i] - mu);
    const double half = n > 1 ? Z95 * sqrt(s2 / (double)(n - 1) / (double)n) : 0;
    *mean = mu;
    *lo = mu - half;
    *hi = mu + half;
}

void calf_valid_ratio_ci(const double *x, const double *y, long n, double *r, double *lo,
                         double *hi)
{
    double sx = 0, sy = 0;
    for (long i = 0; i < n; i++)
        sx += x[i], sy += y[i];
    const double mx = sx / (double)n, my = sy / (double)n, R = sx / sy;
    double vx = 0, vy = 0, cxy = 0;
    for (long i = 0; i < n; i++) {
        vx += (x[i] - mx) * (x[i] - mx);
        vy += (y[i] - my) * (y[i] - my);
        cxy += (x[i] - mx) * (y[i] - my);
    }
    const double dn = n > 1 ? (double)(n - 1) : 1;
    const double var = (vx - 2 * R * cxy + R * R * vy) / dn / ((double)n * my * my);
    const double half = Z95 * sqrt(var > 0 ? var : 0);
    *r = R;
    *lo = R - half;
    *hi = R + half;
}

void calf_valid_poisson_ci(long k, double *lo, double *hi)
{
    *lo = k > 0 ? gsl_cdf_chisq_Pinv(0.025, 2.0 * (double)k) / 2 : 0;
    *hi = gsl_cdf_chisq_Pinv(0.975, 2.0 * (double)k + 2) / 2;
}

/* ---- the profiles -------------------------------------------------------- */

void calf_valid_healthy(calf_patient *pt, double km_per_week)
{
    calf_patient_defaults(pt);
    snprintf(pt->name, sizeof(pt->name), "%s", "healthy recreational runner");
    pt->mass_kg = 72;
    pt->km_per_week = km_per_week;
    pt->runs_per_week = 4;
    pt->easy_kmh = 10.8;
    pt->heel_raise_reps = 25;
    pt->goal_km_per_week = km_per_week;
}

void calf_valid_novice(calf_patient *pt)
{
    calf_valid_healthy(pt, 5);
    snprintf(pt->name, sizeof(pt->name), "%s", "novice runner");
    pt->runs_per_week = 3;
    pt->easy_kmh = 8.5;
    pt->heel_raise_reps = 20;
    pt->goal_km_per_week = 15;
    pt->goal_long_run_km = 6;
}

/* ---- the experiments on one calibrated patient ----------------------------- */

/* An experiment writes its numbers to out; seed is the patient's injury
 * stream. */
typedef int (*exp_fn)(const calf_model *m, uint64_t seed, double *out, calf_error *err);

/* Holding week_km every week for 52 weeks without tissue events: D of week
 * 52 over week 4's, the pain-free distance likewise, the highest pain during
 * (from week 2 on when one_sided: a patient's first week may still settle)
 * and the verdict. */
/* What homeostasis() writes: D ratio, pain-free distance ratio, highest pain
 * during, the verdict, highest D over d_s. */
#define HOMEO_K 5

static int homeostasis(const calf_model *m, double week_km, uint64_t seed, int one_sided,
                       double *out, calf_error *err)
{
    wplan p;
    wplan_init(&p, m, WEEKS_MAX, week_km, NAN);
    calf_trace t;
    int rc = simulate(m, &p, seed, 0, &t, err);
    if (rc)
        return rc;
    double max_pain = 0, max_d = 0;
    for (int d = one_sided ? 7 : 0; d < t.n; d++) {
        max_pain = fmax(max_pain, t.rows[d].pain_during_max);
        max_d = fmax(max_d, t.rows[d].damage);
    }
    out[0] = week_mean(&t, WEEKS_MAX, F_D) / week_mean(&t, 4, F_D);
    out[1] = week_mean(&t, WEEKS_MAX, F_ONSET) / week_mean(&t, 4, F_ONSET);
    out[2] = max_pain;
    out[3] = one_sided ? calf_valid_tolerated_ok(max_pain, max_d, PM(m, D_S))
                       : calf_valid_homeostasis_ok(out[0], out[1], out[2]);
    out[4] = max_d / PM(m, D_S);
    calf_trace_free(&t);
    return CALF_OK;
}

static int exp_homeostasis(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    return homeostasis(m, m->pt.km_per_week, seed, 0, out, err);
}

/* From the habitual 20 km/week, x 1.1 a week up to 40, then 40 to week 52
 * without tissue events: mean D of week 52 over week 44's, the highest D of
 * weeks 45 to 52, and the verdict against the patient's d_s. */
static int exp_adaptation(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    wplan p;
    wplan_init(&p, m, WEEKS_MAX, 40, NAN);
    for (int w = 1; w <= WEEKS_MAX; w++)
        p.km[w - 1] = fmin(40, m->pt.km_per_week * pow(1.1, w));
    calf_trace t;
    int rc = simulate(m, &p, seed, 0, &t, err);
    if (rc)
        return rc;
    double max_d = 0, max_pain = 0;
    for (int d = (WEEKS_MAX - 8) * 7; d < t.n; d++) {
        max_d = fmax(max_d, t.rows[d].damage);
        max_pain = fmax(max_pain, t.rows[d].pain_during_max);
    }
    out[0] = week_mean(&t, WEEKS_MAX, F_D) / week_mean(&t, WEEKS_MAX - 8, F_D);
    out[1] = max_d;
    out[2] = calf_valid_adaptation_ok(out[0], max_pain);
    calf_trace_free(&t);
    return CALF_OK;
}

/* Weeks of the spike experiment: 16 weeks at the chronic load, the spike
 * week, 4 weeks at the chronic load; the excess counts the spike week and
 * the 3 after it. */
#define SPIKE_WEEK  17
#define SPIKE_WEEKS 21
#define SPIKE_KM    50

/* Expected injury events of the spike week and the 3 weeks after it, with
 * the spike (or without it), on a chronic load of base km a week. */
static int spike_events(const calf_model *m, double base, int spike, double *events,
                        calf_error *err)
{
    wplan p;
    wplan_init(&p, m, SPIKE_WEEKS, base, NAN);
    if (spike)
        p.km[SPIKE_WEEK - 1] = SPIKE_KM;
    calf_trace t;
    int rc = simulate(m, &p, 0, 0, &t, err);
    if (rc)
        return rc;
    double hours;
    exposure(m, &t, (SPIKE_WEEK - 1) * 7, (SPIKE_WEEK + 3) * 7, events, &hours);
    calf_trace_free(&t);
    return CALF_OK;
}

/* The spike's excess expected events on a low (20 km) and a high (40 km)
 * chronic load. */
static int exp_spike(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    (void)seed;
    const double base[2] = {20, 40};
    for (int k = 0; k < 2; k++) {
        double with, without;
        int rc = spike_events(m, base[k], 1, &with, err);
        if (!rc)
            rc = spike_events(m, base[k], 0, &without, err);
        if (rc)
            return rc;
        out[k] = with - without;
    }
    return CALF_OK;
}

#define PROG_WEEKS 16
#define PROG_KM    15

/* Expected injury events per 1000 h of running over 16 weeks from 5 km/week
 * towards 15: arm A x 1.1 every week, arm B x 1.3 every second week. */
static int exp_progression(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    (void)seed;
    for (int arm = 0; arm < 2; arm++) {
        wplan p;
        wplan_init(&p, m, PROG_WEEKS, PROG_KM, NAN);
        for (int w = 1; w <= PROG_WEEKS; w++)
            p.km[w - 1] = fmin(PROG_KM, m->pt.km_per_week *
                                            (arm == 0 ? pow(1.1, w) : pow(1.3, (double)(w / 2))));
        calf_trace t;
        int rc = simulate(m, &p, 0, 0, &t, err);
        if (rc)
            return rc;
        double e, h;
        exposure(m, &t, 0, t.n, &e, &h);
        out[arm] = 1000 * e / h;
        calf_trace_free(&t);
    }
    return CALF_OK;
}

/* A run with injury events on: expected events (summed daily
 * probabilities), hours of running, the events that happened and those of
 * them on a day whose run was stopped at the pain ceiling (the third such
 * running day in a row; sim.c). */
static int incidence(const calf_model *m, wplan *p, uint64_t seed, double *out, calf_error *err)
{
    calf_trace t;
    int rc = simulate(m, p, seed, 1, &t, err);
    if (rc)
        return rc;
    exposure(m, &t, 0, t.n, &out[0], &out[1]);
    long k = 0, ceiling = 0;
    for (int d = 0; d < t.n; d++) {
        const calf_trace_row *r = &t.rows[d];
        k += r->injury;
        ceiling +=
            r->injury && r->runs_stopped > 0 && r->pain_during_max >= PM(m, PAIN_STOP) - 1e-9;
    }
    out[2] = (double)k;
    out[3] = (double)ceiling;
    calf_trace_free(&t);
    return CALF_OK;
}

/* The habitual week held for 52 weeks. */
static int exp_incidence(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    wplan p;
    wplan_init(&p, m, WEEKS_MAX, m->pt.km_per_week, NAN);
    return incidence(m, &p, seed, out, err);
}

#define NOVICE_WEEKS 26

/* A beginner programme: 5 km/week rising linearly to 15 over 10 weeks, then
 * 15 to week 26. */
static int exp_incidence_novice(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    wplan p;
    wplan_init(&p, m, NOVICE_WEEKS, PROG_KM, NAN);
    for (int w = 1; w <= 10; w++)
        p.km[w - 1] = m->pt.km_per_week + (PROG_KM - m->pt.km_per_week) * w / 10.0;
    return incidence(m, &p, seed, out, err);
}

#define SILB_WEEKS 26
#define SILB_REST  6
#define SILB_STOP  5

/* The pain-free distance at week 26: arm A runs its intake week growing 10%
 * a week (at most its habitual km) with runs stopped at pain 5; arm B rests
 * 6 weeks, then the same. Without tissue events. */
static int exp_silbernagel(const calf_model *m, uint64_t seed, double *out, calf_error *err)
{
    for (int arm = 0; arm < 2; arm++) {
        wplan p;
        wplan_init(&p, m, SILB_WEEKS, 0, SILB_STOP);
        const int start = arm == 0 ? 1 : SILB_REST + 1;
        for (int w = start; w <= SILB_WEEKS; w++)
            p.km[w - 1] = fmin(m->pt.km_per_week, m->intake_week_km * pow(1.1, w - start));
        calf_trace t;
        int rc = simulate(m, &p, seed, 0, &t, err);
        if (rc)
            return rc;
        out[arm] = t.rows[t.n - 1].onset_easy_km;
        calf_trace_free(&t);
    }
    out[2] = out[0] >= 0.9 * out[1];
    return CALF_OK;
}

/* 12 weeks of seated calf raises 3 x a week from C_floor, no running: the
 * gain of capacity over C_floor and of strength over S0. */
static int strength_gain(const calf_model *m0, strength_week_fn fn, double *c_gain, double *s_gain,
                         calf_error *err)
{
    calf_model m = *m0;
    m.c0 = m.c_floor; /* the calibration programme's start (docs/model.md section 6) */
    m.fa0 = 0;
    m.alag0 = 0;
    wplan p;
    wplan_init(&p, &m, 12, 0, NAN);
    p.strength = fn;
    calf_trace t;
    int rc = simulate(&m, &p, 0, 0, &t, err);
    if (rc)
        return rc;
    *c_gain = t.rows[t.n - 1].capacity / m.c_floor - 1;
    *s_gain = t.rows[t.n - 1].strength / m.s0 - 1;
    calf_trace_free(&t);
    return CALF_OK;
}

static void week_15rm(int week, double *rm, double *sets)
{
    (void)week;
    *rm = 15, *sets = 3;
}

static void week_8rm(int week, double *rm, double *sets)
{
    (void)week;
    *rm = 8, *sets = 4;
}

/* ---- the rows ------------------------------------------------------------- */

typedef struct row_def {
    const char *id, *what, *published, *source;
    double pub, pub_lo, pub_hi;
    const char *role, *tolerance;
    double band_lo, band_hi;
} row_def;

#define HOMEO_TOL                                                                                  \
    "D ratio within 1 +- 0.10, pain-free distance (onset_easy_km) ratio within 1 +- 0.10, max "    \
    "pain during < 2"
#define HOMEO_PUB "a runner who keeps their habitual week stays in tissue homeostasis"
#define HOMEO_SRC "Magnusson & Kjaer 2019 (tendon homeostasis under habitual loading; recalled)"
#define BELOW_1   (1 - 1e-12) /* a strict "< 1" as a closed band */
#define ABOVE_1   (1 + 1e-12)

enum {
    R_HOMEO_H,
    R_HOMEO_H_COH,
    R_HOMEO_N,
    R_HOMEO_N_COH,
    R_HOMEO_P,
    R_ADAPT,
    R_ADAPT_COH,
    R_SPIKE,
    R_PROG,
    R_INC,
    R_INC_NOV,
    R_STEP,
    R_15RM,
    R_BEYER,
    R_SILB,
    R_SILB_COH,
    R_COUNT
};

static const row_def defs[R_COUNT] = {
    [R_HOMEO_H] =
        {"homeostasis_healthy",
         "healthy runner (72 kg, 40 km/week in 4 runs at 10.8 km/h, 25 heel raises) holds "
         "its habitual week 52 weeks, no tissue events: mean D of week 52 over week 4",
         HOMEO_PUB, HOMEO_SRC, 1, NAN, NAN, "validation", HOMEO_TOL, 0.9, 1.1},
    [R_HOMEO_H_COH] = {"homeostasis_healthy_cohort",
                       "share of virtual runners drawn around the healthy profile meeting all "
                       "three homeostasis criteria",
                       HOMEO_PUB, HOMEO_SRC, 1, NAN, NAN, "validation", "every draw (share = 1)", 1,
                       1},
    [R_HOMEO_N] = {"homeostasis_novice",
                   "novice (5 km/week in 3 runs at 8.5 km/h, 20 heel raises) holds its habitual "
                   "week 52 weeks, no tissue events: mean D of week 52 over week 4",
                   HOMEO_PUB, HOMEO_SRC, 1, NAN, NAN, "validation", HOMEO_TOL, 0.9, 1.1},
    [R_HOMEO_N_COH] = {"homeostasis_novice_cohort",
                       "share of virtual novices drawn around the novice profile meeting all three "
                       "homeostasis criteria",
                       HOMEO_PUB, HOMEO_SRC, 1, NAN, NAN, "validation", "every draw (share = 1)", 1,
                       1},
    [R_HOMEO_P] = {"homeostasis_patient_",
                   "holds its intake week (intake_week_km in its habitual number of runs, each the "
                   "symptom-free distance) 52 weeks, no tissue events: highest pain during after "
                   "week 1",
                   "activity within what the tendon currently tolerates does not make it worse",
                   "Silbernagel 2007 (pain-monitored activity; recalled)", NAN, NAN, NAN,
                   "validation",
                   "tolerated: pain during stays below the onset pain (2) after week 1 and damage "
                   "below d_s (no erosion)",
                   -INFINITY, 2},
    [R_ADAPT] = {"adaptation",
                 "healthy runner with habitual 20 km/week progresses x1.1 a week to 40 km/week and "
                 "holds 40 to week 52, no tissue events: mean D of week 52 over week 44",
                 "capacity adapts to a gradually raised running load over weeks to months",
                 "Magnusson & Kjaer 2019; Bohm 2015", NAN, NAN, NAN, "validation",
                 "abs(ratio - 1) <= 0.10 and pain during below 2 over weeks 45-52", 0.9, 1.1},
    [R_ADAPT_COH] = {"adaptation_cohort",
                     "share of virtual runners drawn around the 20 km/week profile meeting both "
                     "adaptation criteria",
                     "capacity adapts to a gradually raised running load over weeks to months",
                     "Magnusson & Kjaer 2019; Bohm 2015", NAN, NAN, NAN, "validation",
                     "at least 95% of draws", 0.95, 1},
    [R_SPIKE] = {"spike_chronic_load",
                 "runners drawn around a 30 km/week profile: excess expected injury events of one "
                 "50 km week (that week and the 3 after) on a chronic 40 km/week over the same on "
                 "20 km/week, no tissue events",
                 "a higher chronic load protects against the same spike", "Hulin 2016", NAN, NAN,
                 NAN, "validation", "ratio < 1", -INFINITY, BELOW_1},
    [R_PROG] = {"progression_rate",
                "novices drawn around the 5 km/week profile progressing to 15 km/week over 16 "
                "weeks: expected injury events per 1000 h, +30% every 2 weeks over +10% a week, no "
                "tissue events",
                ">30% progression in 2 weeks injured more than <10% (HR about 1.6, recalled)",
                "Nielsen 2014 (DANO-RUN)", 1.6, NAN, NAN, "validation",
                "ratio > 1 (direction only)", ABOVE_1, INFINITY},
    [R_INC] = {"incidence_recreational",
               "runners drawn around the healthy profile hold their habitual week 52 weeks, "
               "injury events on: expected calf/Achilles injury events per 1000 h of running",
               "7.7 running injuries per 1000 h x 0.15 calf/Achilles share = 1.16 (6.9-8.7 x "
               "0.10-0.20; interval recalled)",
               "Videbaek 2015; Kakouris 2021; Lopes 2012", 1.16, 0.69, 1.74, "calibration",
               "expected rate within the published interval 0.69-1.74", 0.69, 1.74},
    [R_INC_NOV] = {"incidence_novice",
                   "novices drawn around the 5 km/week profile in a beginner programme (5 to 15 "
                   "km/week over 10 weeks, then 15 to week 26), injury events on: expected "
                   "calf/Achilles injury events per 1000 h of running",
                   "17.8 running injuries per 1000 h x 0.15 = 2.67 (16.7-19.1 x 0.10-0.20; "
                   "interval recalled)",
                   "Videbaek 2015", 2.67, 1.67, 3.82, "validation",
                   "expected rate within the published interval 1.67-3.82", 1.67, 3.82},
    [R_STEP] = {"seed_step_rate",
                "+10% step rate at easy speed (healthy profile): change of the damage dose per km",
                "a higher step rate lowers calf load; the model's reference -31% "
                "(docs/model.md section 9)",
                "the seed (Goom, Physio Edge 066)", -0.31, NAN, NAN, "validation",
                "-31% +- 3 percentage points", -0.34, -0.28},
    [R_15RM] = {"seed_15rm_vs_heavy",
                "12 weeks of seated calf raises 3x a week from C_floor, no running: capacity gain "
                "of 4x8RM (3x15RM in the detail)",
                "the tendon adapts above a strain threshold: 15RM builds no capacity, heavy loads "
                "do",
                "Arampatzis 2007", NAN, NAN, NAN, "calibration",
                "4x8RM capacity gain > 5% and 3x15RM gain < 1%", 0.05 + 1e-12, INFINITY},
    [R_BEYER] = {"trial_beyer_hsr",
                 "Beyer 2015 heavy slow resistance (12 weeks, 3x a week, 15RM to 6RM) through the "
                 "daily loop from C_floor, no running: capacity gain over C_floor (strength gain "
                 "in the detail)",
                 "capacity +20% (calib_c_gain; gain assumed), strength +25% (calib_s_gain)",
                 "Beyer 2015", 0.2, NAN, NAN, "calibration",
                 "capacity gain within calib_c_gain - 1 +- 1 point and strength gain within "
                 "calib_s_gain - 1 +- 1 point",
                 0.19, 0.21},
    [R_SILB] = {"silbernagel_pain_monitoring",
                "distance-limited patient: pain-free distance at week 26, arm A (intake week +10% "
                "a week, runs stopped at pain 5) over arm B (6 weeks rest, then the same), no "
                "tissue events",
                "continued pain-monitored running was no worse than rest", "Silbernagel 2007", NAN,
                NAN, NAN, "validation", "A >= 0.9 x B", 0.9, INFINITY},
    [R_SILB_COH] = {"silbernagel_pain_monitoring_cohort",
                    "share of virtual patients drawn around the distance-limited patient with A "
                    ">= 0.9 x B",
                    "continued pain-monitored running was no worse than rest", "Silbernagel 2007",
                    NAN, NAN, NAN, "validation", "a majority of draws (share >= 0.5)", 0.5, 1},
};

static calf_valid_row *row_new(calf_valid_result *r, int which, const char *suffix)
{
    calf_valid_row *w = &r->row[r->nrows++];
    const row_def *d = &defs[which];
    memset(w, 0, sizeof(*w));
    snprintf(w->id, sizeof(w->id), "%s%s", d->id, suffix ? suffix : "");
    w->what = d->what;
    w->published = d->published;
    w->source = d->source;
    w->pub = d->pub;
    w->pub_lo = d->pub_lo;
    w->pub_hi = d->pub_hi;
    w->role = d->role;
    w->tolerance = d->tolerance;
    w->band_lo = d->band_lo;
    w->band_hi = d->band_hi;
    w->n = 1;
    return w;
}

/* A deterministic value: the profile at the registry values. */
static void row_value(calf_valid_row *w, double v, int pass)
{
    w->sim = w->sim_lo = w->sim_hi = v;
    w->interval = "deterministic (the profile at the registry values)";
    w->pass = pass && calf_valid_in_band(v, w->band_lo, w->band_hi);
}

/* A share of n draws with a Wilson interval. */
static void row_share(calf_valid_row *w, long x, long n)
{
    w->n = n;
    w->sim = (double)x / (double)n;
    calf_wilson(x, n, &w->sim_lo, &w->sim_hi);
    w->interval = "Wilson score (share of draws)";
    w->pass = calf_valid_in_band(w->sim, w->band_lo, w->band_hi);
    snprintf(w->detail, sizeof(w->detail), "%ld of %ld draws", x, n);
}

/* ---- the cohort draws ------------------------------------------------------- */

typedef struct run_ctx {
    const calf_valid_spec *s;
    long done, total;
    pthread_mutex_t mu;
} run_ctx;

typedef struct draw_job {
    run_ctx *c;
    const calf_cohort_spec *cs;
    exp_fn fn;
    int k, t, threads;
    double *out;
    long err_i; /* the draw that failed, -1 = none */
    calf_error err;
} draw_job;

static void tick(run_ctx *c)
{
    if (!c->s->progress)
        return;
    pthread_mutex_lock(&c->mu);
    c->done++;
    c->s->progress(c->s->progress_ud, c->done, c->total);
    pthread_mutex_unlock(&c->mu);
}

static void *draw_worker(void *vp)
{
    draw_job *j = vp;
    for (long i = j->t; i < j->cs->n; i += j->threads) {
        calf_model m;
        int rejected = 0;
        int rc = calf_cohort_patient(j->cs, i, &m, &rejected, &j->err);
        if (!rc)
            rc = j->fn(&m, calf_cohort_stream_seed(j->cs->seed, i), j->out + i * j->k, &j->err);
        if (rc) {
            j->err_i = i;
            return NULL;
        }
        tick(j->c);
    }
    return NULL;
}

/* Run fn (k numbers each) on draws i = 0..n-1 around pt into *out (n x k,
 * the caller frees it). Draw i goes to thread i mod T; the first failing
 * draw's error is reported, whatever the thread count. */
static int draws(run_ctx *c, const calf_patient *pt, exp_fn fn, int k, double **out,
                 calf_error *err)
{
    const calf_valid_spec *s = c->s;
    calf_cohort_spec cs;
    memset(&cs, 0, sizeof(cs));
    cs.par = s->par;
    cs.pt = *pt;
    cs.n = s->n;
    cs.seed = s->seed;
    cs.vary_params = cs.vary_patient = 1;
    cs.threads = 1;
    const int nt = s->threads < 1 ? 1 : (s->n < s->threads ? (int)s->n : s->threads);
    *out = calloc((size_t)s->n * (size_t)k, sizeof(double));
    draw_job *jobs = calloc((size_t)nt, sizeof(draw_job));
    pthread_t *tid = calloc((size_t)nt, sizeof(pthread_t));
    int *started = calloc((size_t)nt, sizeof(int));
    int rc = CALF_OK;
    if (!*out || !jobs || !tid || !started)
        rc = calf_error_set(err, CALF_EIO, "validate: out of memory for %ld draws", s->n);
    for (int t = 0; !rc && t < nt; t++) {
        jobs[t] = (draw_job){c, &cs, fn, k, t, nt, *out, -1, {0}};
        started[t] = t > 0 && pthread_create(&tid[t], NULL, draw_worker, &jobs[t]) == 0;
    }
    for (int t = 0; !rc && t < nt; t++)
        if (!started[t])
            draw_worker(&jobs[t]); /* this thread, also when a thread could not start */
    long first = -1;
    for (int t = 0; !rc && t < nt; t++) {
        if (started[t])
            pthread_join(tid[t], NULL);
        if (jobs[t].err_i >= 0 && (first < 0 || jobs[t].err_i < jobs[first].err_i))
            first = t;
    }
    if (!rc && first >= 0) {
        char pre[64];
        snprintf(pre, sizeof(pre), "validate: virtual patient %ld", jobs[first].err_i);
        *err = jobs[first].err;
        rc = calf_error_prefix(err, pre);
    }
    free(jobs);
    free(tid);
    free(started);
    if (rc) {
        free(*out);
        *out = NULL;
    }
    return rc;
}

static long count_ok(const double *x, long n, int k, int col)
{
    long c = 0;
    for (long i = 0; i < n; i++)
        c += x[i * k + col] != 0;
    return c;
}

/* Column col of an n x k array, copied to y. */
static void column(const double *x, long n, int k, int col, double *y)
{
    for (long i = 0; i < n; i++)
        y[i] = x[i * k + col];
}

/* ---- the row groups -------------------------------------------------------- */

static int wanted(const calf_valid_spec *s, int which)
{
    return !s->only || strncmp(defs[which].id, s->only, strlen(s->only)) == 0;
}

/* The lowest and highest of column col, for the details. */
static void col_range(const double *x, long n, int k, int col, double *lo, double *hi)
{
    *lo = INFINITY;
    *hi = -INFINITY;
    for (long i = 0; i < n; i++) {
        *lo = fmin(*lo, x[i * k + col]);
        *hi = fmax(*hi, x[i * k + col]);
    }
}

/* Homeostasis of a profile: the deterministic row and the share of draws. */
static int group_homeostasis(run_ctx *c, calf_valid_result *r, int which, const calf_patient *pt,
                             calf_error *err)
{
    calf_model m;
    double o[HOMEO_K], *x, lo, hi;
    int rc = calf_model_init(&m, &c->s->par, pt, err);
    if (!rc)
        rc = homeostasis(&m, pt->km_per_week, c->s->seed, 0, o, err);
    if (!rc)
        rc = draws(c, pt, exp_homeostasis, HOMEO_K, &x, err);
    if (rc)
        return rc;
    calf_valid_row *w = row_new(r, which, NULL);
    row_value(w, o[0], o[3] != 0);
    snprintf(w->detail, sizeof(w->detail), "pain-free distance ratio %.4g; max pain during %.3g",
             o[1], o[2]);
    w = row_new(r, which + 1, NULL);
    const long n = c->s->n;
    row_share(w, count_ok(x, n, HOMEO_K, 3), n);
    const size_t used = strlen(w->detail);
    col_range(x, n, HOMEO_K, 0, &lo, &hi);
    snprintf(w->detail + used, sizeof(w->detail) - used, "; D ratio %.4g to %.4g", lo, hi);
    free(x);
    return CALF_OK;
}

/* Every shipped patient at its intake week (deterministic rows). */
static int group_patients(run_ctx *c, calf_valid_result *r, calf_error *err)
{
    const calf_valid_spec *s = c->s;
    for (int k = 0; k < s->npatients && k < CALF_VALID_MAX_PATIENTS; k++) {
        calf_model m;
        double o[HOMEO_K];
        int rc = calf_model_init(&m, &s->par, &s->patients[k], err);
        if (!rc)
            rc = homeostasis(&m, m.intake_week_km, s->seed, 1, o, err);
        if (rc)
            return calf_error_prefix(err, s->patient_names[k]);
        calf_valid_row *w = row_new(r, R_HOMEO_P, s->patient_names[k]);
        row_value(w, o[2], o[3] != 0);
        snprintf(w->detail, sizeof(w->detail),
                 "intake week %.3g km; max D / d_s %.3g; reported, not judged: D week 52 / week 4 "
                 "%.4g, pain-free distance %.4g (capacity detrains towards what this load holds)",
                 m.intake_week_km, o[4], o[0], o[1]);
    }
    return CALF_OK;
}

static int group_adaptation(run_ctx *c, calf_valid_result *r, calf_error *err)
{
    calf_patient pt;
    calf_valid_healthy(&pt, 20);
    calf_model m;
    double o[3], *x, lo, hi;
    int rc = calf_model_init(&m, &c->s->par, &pt, err);
    if (!rc)
        rc = exp_adaptation(&m, c->s->seed, o, err);
    if (!rc)
        rc = draws(c, &pt, exp_adaptation, 3, &x, err);
    if (rc)
        return rc;
    calf_valid_row *w = row_new(r, R_ADAPT, NULL);
    row_value(w, o[0], o[2] != 0);
    snprintf(w->detail, sizeof(w->detail), "max D weeks 45-52 %.4g (d_s %.3g; reported)", o[1],
             PM(&m, D_S));
    w = row_new(r, R_ADAPT_COH, NULL);
    const long n = c->s->n;
    row_share(w, count_ok(x, n, 3, 2), n);
    const size_t used = strlen(w->detail);
    col_range(x, n, 3, 0, &lo, &hi);
    snprintf(w->detail + used, sizeof(w->detail) - used, "; D ratio %.4g to %.4g", lo, hi);
    free(x);
    return CALF_OK;
}

/* A ratio row over draws (columns num and den of x), with the profile's own
 * ratio in the detail. */
static void row_ratio(calf_valid_row *w, const double *x, long n, int k, int num, int den,
                      double det, const char *unit)
{
    double *a = malloc((size_t)n * 2 * sizeof(double));
    if (!a) {
        w->sim = w->sim_lo = w->sim_hi = NAN;
        w->interval = "not computed (out of memory)";
        return;
    }
    column(x, n, k, num, a);
    column(x, n, k, den, a + n);
    calf_valid_ratio_ci(a, a + n, n, &w->sim, &w->sim_lo, &w->sim_hi);
    free(a);
    w->n = n;
    w->interval = "delta method, ratio of the means over draws";
    w->pass = calf_valid_in_band(w->sim, w->band_lo, w->band_hi);
    snprintf(w->detail, sizeof(w->detail), "the profile itself: %.4g%s", det, unit);
}

/* A cohort ratio of two columns of one experiment on a profile. */
static int group_ratio(run_ctx *c, calf_valid_result *r, int which, const calf_patient *pt,
                       exp_fn fn, calf_error *err)
{
    calf_model m;
    double o[2], *x;
    int rc = calf_model_init(&m, &c->s->par, pt, err);
    if (!rc)
        rc = fn(&m, c->s->seed, o, err);
    if (!rc)
        rc = draws(c, pt, fn, 2, &x, err);
    if (rc)
        return rc;
    row_ratio(row_new(r, which, NULL), x, c->s->n, 2, 1, 0, o[1] / o[0], "");
    free(x);
    return CALF_OK;
}

/* Incidence per 1000 h: expected (delta-method interval); in the detail the
 * realised events, all and those not at the pain ceiling (drawn from the
 * damage hazard, comparable with the expected rate), with exact Poisson
 * intervals. */
static int group_incidence(run_ctx *c, calf_valid_result *r, int which, const calf_patient *pt,
                           exp_fn fn, calf_error *err)
{
    double *x;
    int rc = draws(c, pt, fn, 4, &x, err);
    if (rc)
        return rc;
    const long n = c->s->n;
    calf_valid_row *w = row_new(r, which, NULL);
    row_ratio(w, x, n, 4, 0, 1, 0, "");
    w->sim *= 1000, w->sim_lo *= 1000, w->sim_hi *= 1000;
    w->pass = calf_valid_in_band(w->sim, w->band_lo, w->band_hi);
    double h = 0, k = 0, kc = 0, lo, hi, lo2, hi2;
    for (long i = 0; i < n; i++)
        h += x[i * 4 + 1], k += x[i * 4 + 2], kc += x[i * 4 + 3];
    calf_valid_poisson_ci((long)k, &lo, &hi);
    calf_valid_poisson_ci((long)(k - kc), &lo2, &hi2);
    h /= 1000;
    snprintf(w->detail, sizeof(w->detail),
             "realised %.0f events in %.0f h: %.3g per 1000 h [%.3g, %.3g]; %.0f of them at the "
             "pain ceiling; the other %.0f: %.3g [%.3g, %.3g] (exact Poisson)",
             k, h * 1000, k / h, lo / h, hi / h, kc, k - kc, (k - kc) / h, lo2 / h, hi2 / h);
    free(x);
    return CALF_OK;
}

/* +10% step rate on the healthy profile: the change of dose per km. */
static int group_step_rate(const calf_valid_spec *s, calf_valid_result *r, calf_error *err)
{
    calf_patient pt;
    calf_valid_healthy(&pt, 40);
    calf_model m;
    int rc = calf_model_init(&m, &s->par, &pt, err);
    if (rc)
        return rc;
    calf_state st;
    calf_model_initial_state(&m, &st);
    const calf_seg_load a = calf_model_run_load(&m, &st, pt.easy_kmh, 1.0, pt.strike, 0);
    const calf_seg_load b = calf_model_run_load(&m, &st, pt.easy_kmh, 1.1, pt.strike, 0);
    const double dq = b.n_km * calf_model_powb(&m, b.f) / (a.n_km * calf_model_powb(&m, a.f)) - 1;
    calf_valid_row *w = row_new(r, R_STEP, NULL);
    row_value(w, dq, 1);
    snprintf(w->detail, sizeof(w->detail), "per-step force %+.4g, load per km %+.4g", b.f / a.f - 1,
             b.f * b.n_km / (a.f * a.n_km) - 1);
    return CALF_OK;
}

/* The strength rows: 15RM against 4x8RM, and Beyer's programme. */
static int group_strength(const calf_valid_spec *s, calf_valid_result *r, calf_error *err)
{
    calf_patient pt;
    calf_valid_healthy(&pt, 40);
    calf_model m;
    double c15, s15, c8, s8, cb, sb;
    int rc = calf_model_init(&m, &s->par, &pt, err);
    if (!rc)
        rc = strength_gain(&m, week_15rm, &c15, &s15, err);
    if (!rc)
        rc = strength_gain(&m, week_8rm, &c8, &s8, err);
    if (!rc)
        rc = strength_gain(&m, calf_beyer_week, &cb, &sb, err);
    if (rc)
        return rc;
    calf_valid_row *w = row_new(r, R_15RM, NULL);
    row_value(w, c8, c15 < 0.01);
    snprintf(w->detail, sizeof(w->detail),
             "3x15RM capacity gain %.4g; strength gain 3x15RM %.4g, 4x8RM %.4g", c15, s15, s8);
    w = row_new(r, R_BEYER, NULL);
    const double tc = PM(&m, CAL_C_GAIN) - 1, ts = PM(&m, CAL_S_GAIN) - 1;
    w->pub = tc;
    w->band_lo = tc - 0.01;
    w->band_hi = tc + 0.01;
    row_value(w, cb, fabs(sb - ts) <= 0.01);
    snprintf(w->detail, sizeof(w->detail), "strength gain %.4g (target %.3g)", sb, ts);
    return CALF_OK;
}

/* The pain-monitoring rows on the distance-limited patient. */
static int group_silbernagel(run_ctx *c, calf_valid_result *r, calf_error *err)
{
    const calf_valid_spec *s = c->s;
    int k = 0;
    while (k < s->npatients && strcmp(s->patient_names[k], "distance_limited") != 0)
        k++;
    if (k == s->npatients)
        return calf_error_set(err, CALF_EINPUT,
                              "validate: the shipped patient distance_limited is missing (the "
                              "pain-monitoring rows need it)");
    calf_model m;
    double o[3], *x, lo, hi;
    int rc = calf_model_init(&m, &s->par, &s->patients[k], err);
    if (!rc)
        rc = exp_silbernagel(&m, s->seed, o, err);
    if (!rc)
        rc = draws(c, &s->patients[k], exp_silbernagel, 3, &x, err);
    if (rc)
        return rc;
    calf_valid_row *w = row_new(r, R_SILB, NULL);
    row_value(w, o[0] / o[1], 1);
    snprintf(w->detail, sizeof(w->detail), "pain-free distance at week 26: A %.4g km, B %.4g km",
             o[0], o[1]);
    w = row_new(r, R_SILB_COH, NULL);
    row_share(w, count_ok(x, s->n, 3, 2), s->n);
    const size_t used = strlen(w->detail);
    double *ratio = malloc((size_t)s->n * sizeof(double));
    if (ratio) {
        for (long i = 0; i < s->n; i++)
            ratio[i] = x[i * 3] / x[i * 3 + 1];
        col_range(ratio, s->n, 1, 0, &lo, &hi);
        snprintf(w->detail + used, sizeof(w->detail) - used, "; A/B %.4g to %.4g", lo, hi);
        free(ratio);
    }
    free(x);
    return CALF_OK;
}

/* ---- the suite ------------------------------------------------------------- */

int calf_validate_run(const calf_valid_spec *s, calf_valid_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    if (s->n < CALF_VALID_MIN_N || s->n > CALF_VALID_MAX_N)
        return calf_error_set(err, CALF_EUSAGE, "validate: n = %ld; allowed %d to %ld", s->n,
                              CALF_VALID_MIN_N, CALF_VALID_MAX_N);
    run_ctx c = {s, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    static const int cohort_rows[] = {R_HOMEO_H, R_HOMEO_N, R_ADAPT,   R_SPIKE,
                                      R_PROG,    R_INC,     R_INC_NOV, R_SILB};
    for (size_t k = 0; k < sizeof(cohort_rows) / sizeof(cohort_rows[0]); k++)
        c.total += wanted(s, cohort_rows[k]) ? s->n : 0;
    calf_patient healthy, novice, mid;
    calf_valid_healthy(&healthy, 40);
    calf_valid_novice(&novice);
    calf_valid_healthy(&mid, 30);
    int rc = CALF_OK;
    if (!rc && wanted(s, R_HOMEO_H))
        rc = group_homeostasis(&c, r, R_HOMEO_H, &healthy, err);
    if (!rc && wanted(s, R_HOMEO_N))
        rc = group_homeostasis(&c, r, R_HOMEO_N, &novice, err);
    if (!rc && wanted(s, R_HOMEO_P))
        rc = group_patients(&c, r, err);
    if (!rc && wanted(s, R_ADAPT))
        rc = group_adaptation(&c, r, err);
    if (!rc && wanted(s, R_SPIKE))
        rc = group_ratio(&c, r, R_SPIKE, &mid, exp_spike, err);
    if (!rc && wanted(s, R_PROG))
        rc = group_ratio(&c, r, R_PROG, &novice, exp_progression, err);
    if (!rc && wanted(s, R_INC))
        rc = group_incidence(&c, r, R_INC, &healthy, exp_incidence, err);
    if (!rc && wanted(s, R_INC_NOV))
        rc = group_incidence(&c, r, R_INC_NOV, &novice, exp_incidence_novice, err);
    if (!rc && wanted(s, R_STEP))
        rc = group_step_rate(s, r, err);
    if (!rc && (wanted(s, R_15RM) || wanted(s, R_BEYER)))
        rc = group_strength(s, r, err);
    if (!rc && wanted(s, R_SILB))
        rc = group_silbernagel(&c, r, err);
    for (int k = 0; k < r->nrows; k++)
        r->failed += !r->row[k].pass;
    return rc;
}
