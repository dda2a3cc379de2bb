/*
 * test_explain.c: the explanation of a day (explain.h). The Shapley parts add
 * up to the whole within 1e-6 on every day of a mixed plan; the captured day
 * matches the simulation; on constructed days the factor that was made
 * dominant is blamed (a speed-only change blames speed, a removed recovery
 * day blames acute fatigue); a factor that cannot matter gets exactly 0; the
 * paragraph names the top factor.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "exercise.h"
#include "explain.h"
#include "model.h"
#include "sim.h"

#define MAXD 28

/* A tiny plan: up to 3 sessions on each of MAXD days. */
typedef struct tplan {
    int n[MAXD + 1];
    calf_session s[MAXD + 1][3];
} tplan;

static int tplan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)err;
    tplan *p = ud;
    out->n = 0;
    if (obs->day > MAXD)
        return CALF_OK;
    for (int k = 0; k < p->n[obs->day]; k++)
        out->s[out->n++] = &p->s[obs->day][k];
    return CALF_OK;
}

static calf_session *add(tplan *p, int day, int kind)
{
    calf_session *s = &p->s[day][p->n[day]++];
    calf_session_init(s, kind);
    return s;
}

static void run(tplan *p, int day, double km, double kmh)
{
    calf_session *s = add(p, day, CALF_K_RUN);
    s->nseg = 1;
    s->seg[0].km = km;
    s->seg[0].kmh = kmh;
}

static void intervals(tplan *p, int day, double kmh)
{
    calf_session *s = add(p, day, CALF_K_RUN);
    s->seg[s->nseg++] = (calf_segment){1.0, 10.8, 0};
    for (int i = 0; i < 6; i++) {
        s->seg[s->nseg++] = (calf_segment){0.4, kmh, 0};
        s->seg[s->nseg++] = (calf_segment){0.3, 5.0, 1};
    }
}

static calf_model model_of(const calf_patient *pt)
{
    calf_params par;
    calf_params_default(&par);
    calf_model m;
    calf_error err = {0};
    int rc = calf_model_init(&m, &par, pt, &err);
    if (rc)
        fprintf(stderr, "init: %s\n", err.msg);
    CHECK(rc == 0);
    return m;
}

/* The distance-limited example patient (scripts/patients). */
static calf_patient distance_limited(void)
{
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 3;
    pt.morning_pain = 1;
    pt.heel_raise_reps = 17;
    pt.neural_mobility = 0.95;
    pt.toe_flexor = 0.24;
    pt.kinetic_chain = 0.95;
    pt.invertor_evertor = 0.95;
    pt.cadence_spm = 166;
    pt.overstride = 0.3;
    pt.vertical_oscillation_cm = 9;
    pt.contact_ms = 255;
    pt.rearfoot_eversion = 0.2;
    return pt;
}

static calf_explanation explain(const calf_model *m, tplan *p, int day, double ref_km)
{
    calf_planner pl = {tplan_day, p};
    calf_explain_input in;
    calf_explanation x;
    calf_error err = {0};
    int rc = calf_explain_capture(m, &pl, 0, 0, day, &in, &err);
    if (rc)
        fprintf(stderr, "capture: %s\n", err.msg);
    CHECK(rc == 0);
    calf_explain_opts o = {ref_km};
    rc = calf_explain_compute(m, &in, &o, &x, &err);
    if (rc)
        fprintf(stderr, "compute: %s\n", err.msg);
    CHECK(rc == 0);
    return x;
}

static int top(const calf_explanation *x, int q)
{
    int ord[CALF_XF_COUNT];
    calf_explain_rank(x, q, ord);
    return ord[0];
}

/* Every day of a mixed two-week plan: parts add up, the day matches the
 * simulation's trace, and the all-actual / all-reference counterfactuals are
 * the value and the reference. */
static void sums_add_up(void)
{
    calf_patient pt = distance_limited();
    calf_model m = model_of(&pt);
    static tplan p;
    memset(&p, 0, sizeof(p));
    run(&p, 1, 2, 10.8);
    calf_session *s = add(&p, 2, CALF_K_STRENGTH);
    s->exercise = calf_exercise_find("seated_calf_raise");
    s->sets = 3;
    s->reps = 15;
    s->rm = 15;
    run(&p, 3, 3, 11.5);
    s = add(&p, 3, CALF_K_NEURAL);
    s->bouts = 2;
    s->minutes = 14; /* over the tolerance: irritates, lowers N */
    intervals(&p, 5, 13.5);
    s = add(&p, 6, CALF_K_CROSS);
    s->minutes = 40;
    s = add(&p, 7, CALF_K_GAIT);
    s->gait_step_rate = 1.07;
    run(&p, 7, 4, 10.8);
    run(&p, 8, 5, 12);
    p.s[8][0].step_rate = 1.1;
    run(&p, 9, 6, 10.8);
    p.s[9][0].stop_at_pain = 2.5;
    run(&p, 10, 8, 13);
    run(&p, 11, 8, 13);
    run(&p, 12, 8, 13);
    intervals(&p, 13, 15);
    run(&p, 14, 10, 12);

    calf_planner pl = {tplan_day, &p};
    calf_trace t = {0};
    calf_summary sum;
    calf_sim_opts opt = {14, 0, 0, 0};
    calf_error err = {0};
    CHECK(calf_sim_run(&m, &pl, &opt, &t, &sum, &err) == 0);
    double worst_sum = 0;
    for (int day = 1; day <= 14; day++) {
        calf_explanation x = explain(&m, &p, day, NAN);
        for (int q = 0; q < CALF_XQ_COUNT; q++) {
            double tot = 0;
            for (int i = 0; i < CALF_XF_COUNT; i++)
                tot += x.contrib[q][i];
            double gap = fabs(x.reference[q] + tot - x.value[q]);
            if (gap > worst_sum)
                worst_sum = gap;
            CHECK_ABS(x.reference[q] + tot, x.value[q], 1e-6);
        }
        const calf_trace_row *r = &t.rows[day - 1];
        CHECK_ABS(x.value[CALF_XQ_PAIN_DURING], r->pain_during_max, 1e-12);
        CHECK_ABS(x.value[CALF_XQ_PAIN_MORNING], r->pain_morning, 1e-12);
        CHECK_ABS(x.value[CALF_XQ_DOSE], r->dose, 1e-9 * (1 + r->dose));
        /* sensitisation cannot change the dose (except where a stop rule ends a
         * run on pain, day 9): a null player gets 0 */
        if (day != 9)
            CHECK_ABS(x.contrib[CALF_XQ_DOSE][CALF_XF_SENSITISATION], 0, 1e-9 * (1 + r->dose));
    }
    printf("largest |reference + sum of parts - value| over 14 days x 3 quantities: %.3g\n",
           worst_sum);
    CHECK(sum.peak_pain > 3); /* the plan is hard enough to explain something */
    /* counterfactual endpoints */
    calf_explain_input in;
    CHECK(calf_explain_capture(&m, &pl, 0, 0, 13, &in, &err) == 0);
    calf_explanation x = explain(&m, &p, 13, NAN);
    double all[CALF_XQ_COUNT], none[CALF_XQ_COUNT];
    CHECK(calf_explain_counterfactual(&m, &in, NULL, 0xff, all, &err) == 0);
    CHECK(calf_explain_counterfactual(&m, &in, NULL, 0, none, &err) == 0);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        CHECK_ABS(all[q], x.value[q], 1e-12);
        CHECK_ABS(none[q], x.reference[q], 1e-12);
    }
    /* worst day = highest pain during in the trace */
    int wd = 0;
    double wp = 0;
    CHECK(calf_explain_worst_day(&m, &pl, 0, 0, 14, &wd, &wp, &err) == 0);
    for (int i = 0; i < t.n; i++)
        CHECK(t.rows[i].pain_during_max <= wp);
    CHECK_ABS(t.rows[wd - 1].pain_during_max, wp, 0);
    /* a rest day: nothing moved pain during */
    static tplan r;
    memset(&r, 0, sizeof(r));
    run(&r, 1, 3, 10.8);
    calf_explanation xr = explain(&m, &r, 2, NAN);
    for (int i = 0; i < CALF_XF_COUNT; i++)
        CHECK_ABS(xr.contrib[CALF_XQ_PAIN_DURING][i], 0, 0);
    calf_trace_free(&t);
}

/* A healthy calf after a rested week, running the reference distance fast:
 * every factor but speed is at (or within a week's rest of) its reference,
 * so speed takes most (over 80%) of it. */
static void speed_only_healthy(void)
{
    calf_patient pt;
    calf_patient_defaults(&pt);
    calf_model m = model_of(&pt);
    static tplan p;
    memset(&p, 0, sizeof(p));
    double ref = calf_explain_ref_km(&m);
    CHECK_ABS(ref, 10, 1e-12); /* habitual run: 40 km / 4 runs */
    run(&p, 8, ref, 14);
    calf_explanation x = explain(&m, &p, 8, NAN);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        double d = x.value[q] - x.reference[q];
        CHECK(d > 0);
        CHECK(top(&x, q) == CALF_XF_SPEED);
        CHECK(x.contrib[q][CALF_XF_SPEED] > 0.8 * d);
    }
    char text[4096];
    calf_explain_text(&m, &x, text, sizeof(text));
    CHECK(strstr(text, "came from speed (running at 14.0 km/h") != NULL);
    printf("healthy, 10 km at 14 km/h: pain %.2f vs reference %.2f, speed %.2f\n", x.value[0],
           x.reference[0], x.contrib[0][CALF_XF_SPEED]);
}

/* A speed-sensitive runner: the same day at 14 km/h and at easy pace. The
 * fast day blames speed, and the speed part carries most of the difference. */
static void speed_only_change(void)
{
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.easy_kmh = 10.5;
    pt.easy_free_km = 8;
    pt.fast_kmh = 14;
    pt.fast_onset_km = 1.2;
    pt.heel_raise_reps = 18;
    pt.neural_mobility = 0.85;
    calf_model m = model_of(&pt);
    CHECK(m.beta_v > 0.5);
    static tplan fast, slow;
    memset(&fast, 0, sizeof(fast));
    memset(&slow, 0, sizeof(slow));
    for (int d = 1; d <= 3; d += 2) {
        run(&fast, d, 4, 10.5);
        run(&slow, d, 4, 10.5);
    }
    run(&fast, 5, 3, 14); /* 3 km: below the pain ceiling, so the run is not stopped */
    run(&slow, 5, 3, 10.5);
    calf_explanation xf = explain(&m, &fast, 5, NAN), xs = explain(&m, &slow, 5, NAN);
    double dp = xf.value[0] - xs.value[0];
    CHECK(dp > 0.5);
    CHECK(top(&xf, CALF_XQ_PAIN_DURING) == CALF_XF_SPEED);
    CHECK(top(&xf, CALF_XQ_DOSE) == CALF_XF_SPEED);
    double dspeed = xf.contrib[0][CALF_XF_SPEED] - xs.contrib[0][CALF_XF_SPEED];
    CHECK(dspeed > 0.8 * dp);
    for (int i = 0; i < CALF_XF_COUNT; i++)
        if (i != CALF_XF_SPEED)
            CHECK(fabs(xf.contrib[0][i] - xs.contrib[0][i]) < dspeed);
    char text[4096];
    calf_explain_text(&m, &xf, text, sizeof(text));
    CHECK(strstr(text, "came from speed (running at 14.0 km/h") != NULL);
    printf("speed-sensitive day 5, 3 km: 14 km/h pain %.2f, easy %.2f; speed part %.2f vs %.2f\n",
           xf.value[0], xs.value[0], xf.contrib[0][CALF_XF_SPEED], xs.contrib[0][CALF_XF_SPEED]);
    printf("  %s\n", text);
}

/* Intervals on day 5 after a rest day (day 4) or after an easy run: removing
 * the recovery day raises the pain, and acute fatigue carries most of it. */
static void recovery_day(void)
{
    calf_patient pt = distance_limited();
    calf_model m = model_of(&pt);
    static tplan rest, norest;
    memset(&rest, 0, sizeof(rest));
    memset(&norest, 0, sizeof(norest));
    run(&rest, 1, 2, 10.8);
    run(&rest, 3, 2, 10.8);
    norest = rest;
    run(&norest, 4, 2.5, 10.8);
    intervals(&rest, 5, 13.5);
    intervals(&norest, 5, 13.5);
    calf_explanation xr = explain(&m, &rest, 5, NAN), xn = explain(&m, &norest, 5, NAN);
    double dp = xn.value[0] - xr.value[0];
    CHECK(dp > 0);
    /* Only Fa differs between the two start states; through the interactions
     * (fatigue scales the effect of every other factor) the other parts grow
     * too, but fatigue's grows most. */
    int best = 0;
    double bd = -1e300, second = -1e300;
    for (int i = 0; i < CALF_XF_COUNT; i++) {
        double d = xn.contrib[0][i] - xr.contrib[0][i];
        if (d > bd) {
            second = bd;
            bd = d;
            best = i;
        } else if (d > second) {
            second = d;
        }
    }
    CHECK(best == CALF_XF_FATIGUE);
    CHECK(bd > second);
    CHECK(xn.contrib[0][CALF_XF_FATIGUE] > 2 * xr.contrib[0][CALF_XF_FATIGUE]);
    CHECK(xn.actual[CALF_XF_FATIGUE] > xr.actual[CALF_XF_FATIGUE]);
    char text[4096];
    calf_explain_text(&m, &xn, text, sizeof(text));
    CHECK(strstr(text, "acute fatigue (") != NULL);
    printf("intervals after a rest day: pain %.3f (fatigue %.3f); after a run: %.3f (fatigue "
           "%.3f); next largest rise of a part %.3f\n",
           xr.value[0], xr.contrib[0][CALF_XF_FATIGUE], xn.value[0], xn.contrib[0][CALF_XF_FATIGUE],
           second);

    /* constructed: a healthy calf after four days of running runs the
     * reference distance at easy pace; only fatigue is off its reference
     * (capacity and damage stay near theirs), so fatigue is blamed. */
    calf_patient h;
    calf_patient_defaults(&h);
    calf_model mh = model_of(&h);
    static tplan p;
    memset(&p, 0, sizeof(p));
    for (int d = 1; d <= 4; d++)
        run(&p, d, 8, 10.8);
    run(&p, 5, calf_explain_ref_km(&mh), 10.8);
    calf_explanation x = explain(&mh, &p, 5, NAN);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        if (q == CALF_XQ_PAIN_MORNING)
            continue; /* damage, not fatigue, carries into the next morning */
        CHECK(top(&x, q) == CALF_XF_FATIGUE);
        CHECK(x.contrib[q][CALF_XF_FATIGUE] > 0.8 * (x.value[q] - x.reference[q]));
    }
    calf_explain_text(&mh, &x, text, sizeof(text));
    CHECK(strstr(text, "most (") != NULL && strstr(text, "came from acute fatigue (") != NULL);
    CHECK(strstr(text, "no running-free day so far") != NULL);
}

/* The paragraph names the top factor of pain during, and a reference km
 * that is off-range is refused. */
static void text_and_errors(void)
{
    calf_patient pt = distance_limited();
    calf_model m = model_of(&pt);
    static tplan p;
    memset(&p, 0, sizeof(p));
    run(&p, 1, 6, 12);
    calf_explanation x = explain(&m, &p, 1, NAN);
    char text[4096];
    calf_explain_text(&m, &x, text, sizeof(text));
    const char *lab = calf_explain_factor_labels[top(&x, CALF_XQ_PAIN_DURING)];
    char want[128];
    snprintf(want, sizeof(want), "came from %s (", lab);
    CHECK(strstr(text, want) != NULL);
    CHECK(strstr(text, "Day 1: pain during reached") == text);
    /* a tiny buffer is still terminated */
    char tiny[16];
    calf_explain_text(&m, &x, tiny, sizeof(tiny));
    CHECK(strlen(tiny) == 15);
    /* errors */
    calf_planner pl = {tplan_day, &p};
    calf_explain_input in;
    calf_error err = {0};
    CHECK(calf_explain_capture(&m, &pl, 0, 0, 0, &in, &err) == CALF_EUSAGE);
    CHECK(calf_explain_capture(&m, &pl, 0, 0, 1, &in, &err) == 0);
    calf_explain_opts bad = {-1};
    CHECK(calf_explain_compute(&m, &in, &bad, &x, &err) == CALF_EUSAGE);
    CHECK(strstr(err.msg, "reference km") != NULL);
    /* reference distance: reported onset, then symptom-free x factor, then habitual */
    CHECK_ABS(calf_explain_ref_km(&m), 3, 0);
}

/* The capture re-runs the explained run with its seed: its injury events
 * (and the days without running after them) fall on the same days, so the
 * captured morning state is the run's own. */
static void seeded_capture(void)
{
    calf_patient pt;
    calf_patient_defaults(&pt);
    calf_model m = model_of(&pt);
    m.par.v[CALF_P_INJ_RATE_ALL] *= 200; /* an event within days */
    static tplan p;
    memset(&p, 0, sizeof(p));
    for (int d = 1; d <= MAXD; d++)
        run(&p, d, 10, 10.8);
    calf_planner pl = {tplan_day, &p};
    int first = 0, got = 0;
    for (uint64_t seed = 7; seed <= 8; seed++) {
        calf_sim_opts o = {MAXD, 0, seed, 0};
        calf_trace t = {0};
        calf_summary s;
        calf_error err = {0};
        CHECK(calf_sim_run(&m, &pl, &o, &t, &s, &err) == 0);
        CHECK(s.injury_day > 0);
        if (seed == 7)
            CHECK(s.injury_day > 1 && s.injury_day + 3 <= MAXD);
        if (seed == 7)
            first = s.injury_day;
        const int day = first + 3; /* inside seed 7's time lost */
        calf_explain_input in;
        CHECK(calf_explain_capture(&m, &pl, 0, seed, day, &in, &err) == 0);
        /* the captured morning is the end of the day before, in this seed's run */
        CHECK(memcmp(&in.st.D, &t.rows[day - 2].damage, sizeof(double)) == 0);
        if (seed == 7) {
            CHECK(t.rows[day - 1].time_loss == 1);
            got = in.n;
        }
        calf_trace_free(&t);
    }
    CHECK(got == 0); /* the run of a lost day is not among the day's sessions */
}

int main(void)
{
    seeded_capture();
    gsl_set_error_handler_off();
    sums_add_up();
    speed_only_healthy();
    speed_only_change();
    recovery_day();
    text_and_errors();
    CHECK_DONE();
}
