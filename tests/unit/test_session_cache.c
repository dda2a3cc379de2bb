/*
 * test_session_cache.c: the engine's speed caches (model_cache.h) are the
 * engine's own and invisible in the results. calf_session and calf_state
 * carry no cache: a session is its content (nothing after `instead`), a
 * state is its values. A session rebuilt in place with other content (a
 * speed, a walking segment turned into running, more segments, another gait,
 * another strength intensity or exercise), or run for another model, gives
 * bit for bit what it gives with the caches emptied; so do more running
 * speeds than the memo holds and two models alternating on one thread. The
 * caches are used: a poisoned entry shows through, until another model
 * empties them.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stddef.h>
#include <string.h>

#include "check.h"
#include "exercise.h"
#include "model.h"
#include "model_cache.h"

/* A session is its content; a state holds the latent state, the gait and
 * the gait's easy-speed load, and nothing else. */
_Static_assert(offsetof(calf_session, instead) + sizeof(calf_session *) == sizeof(calf_session),
               "calf_session: nothing after instead");
_Static_assert(sizeof(calf_state) <= 20 * sizeof(double), "calf_state: no caches");

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

/* The same day with this thread's caches emptied first. */
static outcome fresh(const calf_model *m, calf_session *s, double overstride)
{
    calf_memo_reset(calf_memo_here(), 0);
    return day_of(m, s, overstride);
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
    const outcome ref = fresh(m, &s, m->pt.overstride);
    CHECK(ref.quality == 1 && ref.run_km > 3);
    CHECK(same(day_of(m, &s, m->pt.overstride), ref)); /* warm caches */

    /* the caches are used: a poisoned running load shows through */
    calf_memo *c = calf_memo_here();
    CHECK(c->uid == m->uid && c->rb_len == 2);
    const double f0 = c->rb_f[1];
    c->rb_f[1] *= 2;
    CHECK(!same(day_of(m, &s, m->pt.overstride), ref));
    c->rb_f[1] = f0;
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));

    /* rebuilt with other content: as with empty caches */
    s.seg[0].km = 3; /* a distance */
    const outcome longer = day_of(m, &s, m->pt.overstride);
    CHECK(same(longer, fresh(m, &s, m->pt.overstride)) && longer.load > ref.load);
    s.seg[0].km = 2;
    s.seg[1].kmh = 14; /* a speed */
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    s.seg[2].walk = 0; /* 5 km/h running: the same speed, another kind */
    const outcome ran = day_of(m, &s, m->pt.overstride);
    CHECK(same(ran, fresh(m, &s, m->pt.overstride)) && ran.run_km > ref.run_km);

    /* fewer, then more segments, another overstride, another step rate */
    calf_session g;
    interval_run(&g);
    g.nseg = 2;
    (void)day_of(m, &g, 0.9);
    g.nseg = 6;
    CHECK(same(day_of(m, &g, m->pt.overstride), ref));
    const outcome os = day_of(m, &g, 0.9);
    CHECK(same(os, fresh(m, &g, 0.9)) && !same(os, ref));
    g.step_rate = 1.05;
    CHECK(same(day_of(m, &g, 0.9), fresh(m, &g, 0.9)));

    /* more running speeds than the memo holds: each as with empty caches */
    calf_session v;
    calf_session_init(&v, CALF_K_RUN);
    v.nseg = 1;
    v.seg[0].km = 2;
    for (int k = 0; k < 2 * CALF_RUN_MEMO + 3; k++) {
        v.seg[0].kmh = 8 + 0.25 * k;
        const outcome warm = day_of(m, &v, m->pt.overstride);
        CHECK(same(warm, fresh(m, &v, m->pt.overstride)));
    }

    /* another model: its own numbers, and the poison of the first is gone */
    (void)day_of(m, &s, m->pt.overstride);
    calf_memo_here()->rb_f[0] *= 2;
    const outcome o2 = day_of(m2, &s, m2->pt.overstride);
    CHECK(same(o2, fresh(m2, &s, m2->pt.overstride)) && !same(o2, ran));
    CHECK(same(day_of(m, &s, m->pt.overstride), ran));
    /* two models alternating on one thread */
    for (int k = 0; k < 3; k++) {
        CHECK(same(day_of(m2, &s, m2->pt.overstride), o2));
        CHECK(same(day_of(m, &s, m->pt.overstride), ran));
    }
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
    const outcome ref = fresh(m, &s, m->pt.overstride);
    CHECK(ref.load > 0 && ref.S != m->s0);
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));
    /* the intensity is remembered: a poisoned one shows through */
    calf_memo *c = calf_memo_here();
    CHECK(c->ex_len == 1 && c->ex_id[0] == s.exercise);
    c->ex_val[0].x *= 1.5;
    CHECK(!same(day_of(m, &s, m->pt.overstride), ref));
    c->ex_val[0].x /= 1.5;
    CHECK(same(day_of(m, &s, m->pt.overstride), ref));
    s.rm = 10; /* another intensity */
    const outcome heavier = day_of(m, &s, m->pt.overstride);
    CHECK(same(heavier, fresh(m, &s, m->pt.overstride)) && heavier.load > ref.load);
    s.rm = NAN;
    s.pct_1rm = 0.7;
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    s.exercise = calf_exercise_find("bent_knee_calf_raise"); /* another exercise */
    CHECK(same(day_of(m, &s, m->pt.overstride), fresh(m, &s, m->pt.overstride)));
    /* a run rebuilt where the strength session was */
    calf_session r;
    interval_run(&r);
    const outcome run_ref = fresh(m, &r, m->pt.overstride);
    (void)day_of(m, &s, m->pt.overstride);
    s = r;
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
