/*
 * test_session_cache.c: a session's load cache is recognised by its content.
 * A session rebuilt in place with the same content (as a Lua protocol's week
 * plan is each week: cache_owner and cache_key cleared, the cache left as it
 * was) or copied keeps its cached numbers: poisoned numbers show through. A
 * session rebuilt with other content (a speed, a walking segment turned into
 * running, more segments than were filled, another gait, another strength
 * intensity, or another model) gives, bit for bit, what a new session gives.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "exercise.h"
#include "model.h"

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

/* What one day of session s from the intake state gives. */
typedef struct outcome {
    double load, dose, run_km, pain, I, S, C, peak;
    int quality;
} outcome;

static outcome day_of(const calf_model *m, calf_session *s, double overstride)
{
    calf_state st;
    calf_model_initial_state(m, &st);
    st.overstride = overstride;
    calf_day_plan plan = {0};
    plan.n = 1;
    plan.s[0] = s;
    calf_day_result r;
    calf_error err = {0};
    CHECK(calf_model_day(m, &st, &plan, &r, &err) == 0);
    outcome o = {r.load, r.dose, r.run_km,        r.pain_next_morning, st.I,
                 st.S,   st.C,   r.peak_force_bw, r.quality_runs};
    return o;
}

static int same(outcome a, outcome b)
{
    return same_bits(a.load, b.load) && same_bits(a.dose, b.dose) &&
           same_bits(a.run_km, b.run_km) && same_bits(a.pain, b.pain) && same_bits(a.I, b.I) &&
           same_bits(a.S, b.S) && same_bits(a.C, b.C) && same_bits(a.peak, b.peak) &&
           a.quality == b.quality;
}

/* What rebuilding a session in place leaves of its cache (lcalf_unpack). */
static void rebuilt(calf_session *s)
{
    s->cache_owner = NULL;
    memset(s->cache_key, 0, sizeof(s->cache_key));
}

/* A fresh copy of s's content (no cache). */
static outcome fresh(const calf_model *m, const calf_session *s, double overstride)
{
    calf_session f;
    calf_session_init(&f, s->kind);
    memcpy(&f, s, offsetof(calf_session, cache_owner));
    return day_of(m, &f, overstride);
}

static void interval_run(calf_session *s)
{
    calf_session_init(s, CALF_K_RUN);
    s->nseg = 6;
    const double km[] = {2, 0.4, 0.2, 0.4, 0.2, 1};
    const double kmh[] = {10.5, 13.5, 5, 13.5, 5, 10.5};
    for (int i = 0; i < s->nseg; i++) {
        s->seg[i].km = km[i];
        s->seg[i].kmh = kmh[i];
        s->seg[i].walk = kmh[i] < 6;
    }
}

static void runs(const calf_model *m, const calf_model *m2)
{
    calf_session s;
    interval_run(&s);
    const outcome ref = day_of(m, &s, m->pt.overstride);
    CHECK(ref.quality == 1 && ref.run_km > 3);

    /* rebuilt with the same content, or copied: the cached numbers are used */
    rebuilt(&s);
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));
    rebuilt(&s);
    s.seg[0].km = 3; /* distances are not cached */
    const outcome longer = day_of(m, &s, m->pt.overstride);
    CHECK(same(longer, fresh(m, &s, m->pt.overstride)) && longer.load > ref.load);
    s.seg[0].km = 2;
    rebuilt(&s);
    s.cache[1].f_base *= 2; /* poisoned: shows through when the cache is reused */
    const outcome poisoned = day_of(m, &s, m->pt.overstride);
    CHECK(!same(poisoned, ref));
    calf_session c = s; /* a copy keeps the (poisoned) cache */
    c.cache_owner = NULL;
    CHECK(same(day_of(m, &c, m->pt.overstride), poisoned));
    s.fill_owner = NULL; /* not known what it was filled for: refilled */
    rebuilt(&s);
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));

    /* rebuilt with other content: as a new session */
    rebuilt(&s);
    s.seg[1].kmh = 14;
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    rebuilt(&s);
    s.seg[2].walk = 0; /* 5 km/h running: the same speed, another kind */
    const outcome ran = day_of(m, &s, m->pt.overstride);
    CHECK(same(ran, fresh(m, &s, m->pt.overstride)) && ran.run_km > ref.run_km);

    /* more segments than the last fill: the cache beyond them is older, for
     * another gait, and is not used */
    calf_session g;
    interval_run(&g);
    (void)day_of(m, &g, 0.9); /* every segment filled for overstride 0.9 */
    rebuilt(&g);
    g.nseg = 2;
    (void)day_of(m, &g, m->pt.overstride); /* two refilled for the patient's */
    rebuilt(&g);
    g.nseg = 6;
    CHECK(same(day_of(m, &g, m->pt.overstride), ref));
    rebuilt(&g);
    const outcome os = day_of(m, &g, 0.9); /* another gait */
    CHECK(same(os, fresh(m, &g, 0.9)) && !same(os, ref));
    rebuilt(&g);
    g.step_rate = 1.05;
    CHECK(same(day_of(m, &g, 0.9), fresh(m, &g, 0.9)));

    /* another model (a new tag): refilled */
    rebuilt(&s);
    const outcome o2 = day_of(m2, &s, m2->pt.overstride);
    CHECK(same(o2, fresh(m2, &s, m2->pt.overstride)) && !same(o2, ran));
}

static void strength(const calf_model *m)
{
    calf_session s;
    calf_session_init(&s, CALF_K_STRENGTH);
    s.exercise = calf_exercise_find("seated_calf_raise");
    CHECK(s.exercise >= 0);
    s.sets = 3;
    s.reps = 15;
    s.rm = 15;
    const outcome ref = day_of(m, &s, m->pt.overstride);
    CHECK(ref.load > 0 && ref.S != m->s0);
    rebuilt(&s);
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));
    rebuilt(&s);
    s.cache[0].f_base *= 1.5; /* poisoned intensity: shows through */
    CHECK(!same(day_of(m, &s, m->pt.overstride), ref));
    rebuilt(&s);
    s.rm = 10; /* another intensity: recomputed */
    const outcome heavier = day_of(m, &s, m->pt.overstride);
    CHECK(same(heavier, fresh(m, &s, m->pt.overstride)) && heavier.load > ref.load);
    rebuilt(&s);
    s.rm = NAN;
    s.pct_1rm = 0.7;
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    rebuilt(&s);
    s.exercise = calf_exercise_find("bent_knee_calf_raise");
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    /* a run rebuilt where the strength session was, with its tag: refilled */
    calf_session r;
    interval_run(&r);
    const outcome run_ref = day_of(m, &r, m->pt.overstride);
    memcpy(&s, &r, offsetof(calf_session, cache_owner));
    rebuilt(&s);
    CHECK(same(day_of(m, &s, m->pt.overstride), run_ref));
}

int main(void)
{
    gsl_set_error_handler_off();
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 4;
    calf_model m, m2;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &par, &pt, &err) == 0);
    pt.easy_kmh = 9.5;
    CHECK(calf_model_init(&m2, &par, &pt, &err) == 0);
    runs(&m, &m2);
    strength(&m);
    CHECK_DONE();
}
