/*
 * test_sim.c: exact overnight decay, the inclusive convention (a day's load
 * counts in that day's state and metrics), TSB as form going into the day,
 * declarative symptom rules, and numerical safety on an absurd plan.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include <unistd.h>
#include <stdlib.h>
#include "check.h"
#include "csv.h"
#include "plan_csv.h"
#include "sim.h"

static calf_model model(double onset)
{
    calf_params p;
    calf_params_default(&p);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = onset;
    pt.morning_pain = 1;
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &p, &pt, &err) == 0);
    return m;
}

static void run(const calf_model *m, const char *csv, int days, calf_trace *t, calf_summary *s)
{
    calf_csv *c = NULL;
    calf_plan plan;
    calf_error err = {0};
    int rc = calf_csv_parse(csv, strlen(csv), "test", &c, &err);
    if (!rc)
        rc = calf_plan_from_csv(c, m, &plan, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(rc == 0);
    calf_planner pl = calf_plan_planner(&plan);
    calf_sim_opts o = {days, 0, 0, 0};
    memset(t, 0, sizeof(*t));
    rc = calf_sim_run(m, &pl, &o, t, s, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    CHECK(rc == 0);
    calf_plan_free(&plan);
    calf_csv_free(c);
}

static void exact_decay(void)
{
    calf_model m = model(3);
    calf_state st;
    calf_model_initial_state(&m, &st);
    st.D = 0.5;
    st.Fa = 2.0;
    st.Z = 3.0;
    st.I = 0.4;
    st.A_lag = 0.7;
    calf_state before = st;
    calf_day_plan rest = {0};
    calf_day_result r;
    calf_error err = {0};
    CHECK(calf_model_day(&m, &st, &rest, &r, &err) == 0);
    /* a day without load: each quantity decays by exactly exp(-1/tau) */
    CHECK_REL(st.I, before.I * exp(-1.0 / m.par.v[CALF_P_TAU_I_LOW]), 1e-15);
    CHECK_REL(st.D, before.D * exp(-1.0 / m.par.v[CALF_P_TAU_R]), 1e-15);
    CHECK_REL(st.Fa, before.Fa * exp(-1.0 / m.par.v[CALF_P_TAU_A]), 1e-15);
    CHECK_REL(st.Z - 1, (before.Z - 1) * exp(-1.0 / m.par.v[CALF_P_TAU_Z]), 1e-14);
    CHECK_REL(st.A_lag, before.A_lag * exp(-1.0 / m.par.v[CALF_P_TAU_LAG]), 1e-15);
    CHECK(r.load == 0 && r.dose == 0);
}

static void inclusive(void)
{
    calf_model m = model(3);
    calf_trace t;
    calf_summary s;
    run(&m, "day,kind,km\n1,run,2\n", 3, &t, &s);
    CHECK(t.n == 3);
    double L = t.rows[0].load;
    CHECK(L > 0);
    /* Banister sums start at 0 and day 1's load counts on day 1 */
    CHECK_REL(t.rows[0].banister_g, L, 1e-15);
    CHECK_REL(t.rows[1].banister_g, L * exp(-1.0 / 42), 1e-14);
    CHECK_REL(t.rows[1].banister_h, L * exp(-1.0 / 7), 1e-14);
    /* CTL/ATL start at L_hab and take day 1's load on day 1 */
    double e42 = exp(-1.0 / 42), e7 = exp(-1.0 / 7);
    double ctl1 = m.l_hab + (1 - e42) * (L - m.l_hab), atl1 = m.l_hab + (1 - e7) * (L - m.l_hab);
    CHECK_REL(t.rows[0].ctl, ctl1, 1e-12);
    CHECK_REL(t.rows[0].atl, atl1, 1e-12);
    /* TSB on day t is form going into the day: CTL - ATL at the end of day t-1 */
    CHECK_ABS(t.rows[0].tsb, 0, 1e-9);
    CHECK_REL(t.rows[1].tsb, ctl1 - atl1, 1e-12);
    /* the day's damage dose counts in that night's damage */
    CHECK(t.rows[0].damage > 0);
    calf_trace_free(&t);
}

static void rules(void)
{
    calf_model m = model(3);
    calf_trace t;
    calf_summary s;
    /* stop at pain 1.5: the run ends early, where pain reaches 1.5 */
    run(&m, "day,kind,km,stop_at_pain\n1,run,10,1.5\n", 1, &t, &s);
    CHECK(t.rows[0].runs_stopped == 1);
    CHECK(t.rows[0].run_km < 10 && t.rows[0].run_km > 0);
    CHECK_ABS(t.rows[0].pain_during_max, 1.5, 1e-9);
    CHECK(s.runs_stopped_early == 1);
    calf_trace_free(&t);
}

static void absurd_plan(void)
{
    /* An absurd plan: 15 km at 15 km/h six days a week for a year, for a
     * patient whose onset is 2 km at 10.8 km/h. A runner stops a run when
     * pain reaches the ceiling pain_stop (7), whatever the plan says; three
     * running days in a row stopped there are an injury event, and running is
     * then impossible for injury_days_lost days. */
    calf_model m = model(2);
    char buf[8192];
    size_t n = (size_t)snprintf(buf, sizeof(buf), "day,kind,km,kmh\n");
    for (int d = 1; d <= 364; d++)
        if (d % 7 != 0)
            n += (size_t)snprintf(buf + n, sizeof(buf) - n, "%d,run,15,15\n", d);
    calf_trace t;
    calf_summary s;
    run(&m, buf, 364, &t, &s);
    CHECK(t.n == 364);
    const double ceiling = m.par.v[CALF_P_PAIN_STOP];
    double maxd = 0, minc = 1e9, maxp = 0;
    int lost = 0, events = 0, ran_while_lost = 0, at_ceiling = 0;
    for (int i = 0; i < t.n; i++) {
        const calf_trace_row *r = &t.rows[i];
        CHECK(isfinite(r->capacity) && isfinite(r->damage));
        maxd = fmax(maxd, r->damage);
        minc = fmin(minc, r->capacity);
        maxp = fmax(maxp, r->pain_during_max);
        lost += r->time_loss;
        events += r->injury;
        ran_while_lost += r->time_loss && r->run_km > 0;
        at_ceiling += r->runs_stopped > 0 && fabs(r->pain_during_max - ceiling) < 1e-9;
    }
    CHECK_ABS(maxp, ceiling, 1e-9); /* every run stops at the ceiling */
    CHECK(at_ceiling > 0);
    CHECK(maxd < m.par.v[CALF_P_D_50]); /* stopping keeps damage below median failure */
    CHECK(minc > 0);                    /* capacity never turns negative */
    CHECK(s.injury_day > 0 && s.injury_day <= 21);
    CHECK(events == s.injury_count && events >= 2);
    CHECK(lost == s.days_lost && lost >= 21 * (events - 1));
    CHECK(ran_while_lost == 0);
    /* the third day in a row at the ceiling is the event: days 1 to 3 run at
     * 15 km/h from an onset of 2 km, each stopped at the ceiling */
    CHECK(t.rows[0].runs_stopped == 1 && t.rows[2].injury == 1 && t.rows[1].injury == 0);
    CHECK(t.rows[3].time_loss == 1 && t.rows[3].run_km == 0);
    calf_trace_free(&t);

    /* without the ceiling (pain_stop = 10), the same plan saturates pain */
    m.par.v[CALF_P_PAIN_STOP] = 10;
    run(&m, buf, 364, &t, &s);
    maxp = 0;
    for (int i = 0; i < t.n; i++)
        maxp = fmax(maxp, t.rows[i].pain_during_max);
    CHECK(maxp > ceiling + 1);
    calf_trace_free(&t);
}

static void gain_step_bounded(void)
{
    /* An extreme gain (as a cohort's prior draw can produce) must not make a
     * quality overshoot its ceiling and oscillate below zero. */
    calf_model m = model(3);
    m.k_c = 50;
    m.k_s = 50;
    calf_state st;
    calf_model_initial_state(&m, &st);
    st.A_lag = 2.0;
    calf_day_plan rest = {0};
    calf_day_result r;
    calf_error err = {0};
    for (int d = 0; d < 10; d++) {
        CHECK(calf_model_day(&m, &st, &rest, &r, &err) == 0);
        CHECK(st.C > 0 && st.C <= m.c_max * (1 + 1e-12));
    }
}

/* summary.json carries every field of the one summary table
 * (calf_summary_fields), each once, with its value. */
static void summary_json_fields(void)
{
    calf_model m = model(3);
    calf_trace t;
    calf_summary s;
    run(&m, "day,kind,km\n1,run,2\n3,run,2\n", 7, &t, &s);
    s.injury_count = 2; /* a value to find */
    char path[] = "/tmp/calf_test_sim_XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0);
    close(fd);
    calf_run_meta meta = {"t", "t", 0, 0};
    calf_error err = {0};
    CHECK(calf_summary_write_json(path, &s, &m, &meta, &err) == 0);
    FILE *fp = fopen(path, "r");
    char text[8192] = "";
    size_t n = fp ? fread(text, 1, sizeof(text) - 1, fp) : 0;
    text[n] = 0;
    if (fp)
        fclose(fp);
    remove(path);
    for (int k = 0; calf_summary_fields[k].name; k++) {
        char key[64];
        snprintf(key, sizeof(key), "\"%s\": ", calf_summary_fields[k].name);
        const char *at = strstr(text, key);
        CHECK(at != NULL);
        if (at)
            CHECK(strstr(at + 1, key) == NULL); /* once */
    }
    CHECK(strstr(text, "\"injury_count\": 2,") != NULL);
    calf_trace_free(&t);
}

int main(void)
{
    summary_json_fields();
    gain_step_bounded();
    gsl_set_error_handler_off();
    exact_decay();
    inclusive();
    rules();
    absurd_plan();
    CHECK_DONE();
}
