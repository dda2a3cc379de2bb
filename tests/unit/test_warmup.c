/*
 * test_warmup.c: starting from a real history (warmup.h, pt.history). The
 * warm-up's metrics and fatigue equal those of simulating the history itself
 * (its last trace row); a simulation with the history attached starts from
 * them (a rest day 1 decays them exactly as the history run's next rest day
 * does), in the lean path (no trace) and the traced path alike; the tissue
 * state stays the intake's; a heavier history leaves more load memory; the
 * history plan is left untouched (threads share it); a diary since intake
 * (history_full) carries the whole state.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "csv.h"
#include "plan_csv.h"
#include "sim.h"
#include "warmup.h"

static calf_model model(void)
{
    calf_params p;
    calf_params_default(&p);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 4;
    pt.morning_pain = 0.5;
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &p, &pt, &err) == 0);
    return m;
}

static int plan_of(const calf_model *m, const char *csv, calf_plan *plan)
{
    calf_csv *c = NULL;
    calf_error err = {0};
    int rc = calf_csv_parse(csv, strlen(csv), "test", &c, &err);
    if (!rc)
        rc = calf_plan_from_csv(c, m, plan, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    calf_csv_free(c);
    return rc;
}

static int sim(const calf_model *m, calf_plan *plan, int days, calf_trace *t, calf_summary *s)
{
    calf_planner pl = calf_plan_planner(plan);
    calf_sim_opts o = {days, 0};
    calf_error err = {0};
    if (t) { /* reused: the previous run's rows go */
        calf_trace_free(t);
        memset(t, 0, sizeof(*t));
    }
    int rc = calf_sim_run(m, &pl, &o, t, s, &err);
    if (rc)
        fprintf(stderr, "%s\n", err.msg);
    return rc;
}

static const char HEAVY[] = "day,kind,km,kmh\n"
                            "1,run,10,11\n3,run,12,11\n5,run,8,12\n6,run,14,10\n"
                            "8,run,10,11\n10,run,12,11\n12,run,8,12\n13,run,14,10\n"
                            "15,run,10,11\n17,run,12,11\n19,run,8,12\n20,run,14,10\n";
static const char LIGHT[] = "day,kind,km,kmh\n1,run,3,9\n8,run,3,9\n20,run,3,9\n";

static void matches_history_run(void)
{
    calf_model m = model();
    calf_plan hist, run;
    CHECK(plan_of(&m, HEAVY, &hist) == 0);
    CHECK(plan_of(&m, HEAVY, &run) == 0);
    /* the history itself, simulated, then one rest day */
    calf_trace th = {0};
    calf_summary s;
    CHECK(sim(&m, &run, run.days + 1, &th, &s) == 0);
    const calf_trace_row *last = &th.rows[hist.days - 1], *next = &th.rows[hist.days];
    calf_state st;
    calf_model_initial_state(&m, &st);
    calf_metrics mt;
    calf_error err = {0};
    CHECK(calf_warmup(&m, &hist, &st, &mt, &err) == CALF_OK);
    CHECK_REL(mt.ctl, last->ctl, 1e-12);
    CHECK_REL(mt.atl, last->atl, 1e-12);
    CHECK_REL(st.Fa, last->fatigue_acute, 1e-12);
    /* tissue state: the intake's */
    calf_state st0;
    calf_model_initial_state(&m, &st0);
    CHECK(st.C == st0.C && st.I == st0.I && st.D == st0.D && st.S == st0.S);
    CHECK(st.Fa > 0.1);

    /* a simulation with the history attached, day 1 rest: the same load
     * memory as the history run's rest day after it */
    calf_model mh = m;
    mh.pt.history = &hist;
    calf_plan rest;
    CHECK(plan_of(&m, "day,kind\n1,rest\n", &rest) == 0);
    calf_trace t1 = {0};
    CHECK(sim(&mh, &rest, 3, &t1, &s) == 0);
    CHECK_REL(t1.rows[0].ctl, next->ctl, 1e-12);
    CHECK_REL(t1.rows[0].atl, next->atl, 1e-12);
    CHECK_REL(t1.rows[0].acwr_ewma, next->acwr_ewma, 1e-12);
    CHECK_REL(t1.rows[0].acwr_uncoupled, next->acwr_uncoupled, 1e-12);
    CHECK_REL(t1.rows[0].fatigue_acute, next->fatigue_acute, 1e-12);
    /* without the history, day 1 starts from the habitual baseline */
    calf_trace t0 = {0};
    CHECK(sim(&m, &rest, 3, &t0, &s) == 0);
    CHECK(t0.rows[0].fatigue_acute == 0);
    CHECK(t1.rows[0].fatigue_acute > 0.1);

    /* the lean path (no trace) sees the same start: a hard week after the
     * history peaks higher in ACWR than without it */
    calf_plan week;
    CHECK(plan_of(&m, "day,kind,km,kmh\n1,run,6,10\n2,run,6,10\n3,run,6,10\n", &week) == 0);
    calf_summary sh, s0, sht;
    CHECK(sim(&mh, &week, 7, NULL, &sh) == 0);
    CHECK(sim(&mh, &week, 7, &t1, &sht) == 0);
    CHECK(sim(&m, &week, 7, NULL, &s0) == 0);
    CHECK(sh.max_acwr_ewma == sht.max_acwr_ewma);
    CHECK(sh.peak_pain == sht.peak_pain);
    CHECK(sh.max_acwr_ewma != s0.max_acwr_ewma);

    /* heavier history, more load memory */
    calf_plan light;
    CHECK(plan_of(&m, LIGHT, &light) == 0);
    calf_state sl;
    calf_metrics ml;
    calf_model_initial_state(&m, &sl);
    CHECK(calf_warmup(&m, &light, &sl, &ml, &err) == CALF_OK);
    CHECK(ml.ctl < mt.ctl && ml.atl < mt.atl && sl.Fa < st.Fa);

    /* the history's sessions were copied, never run in place */
    for (int d = 0; d < hist.days; d++)
        for (int i = 0; i < hist.day[d].n; i++)
            CHECK(hist.day[d].s[i].cache_owner == NULL);

    /* a diary since intake (history_full): day 1 continues the whole state,
     * capacity and irritation included, as the history run's next day does */
    calf_model mf = m;
    mf.pt.history = &hist;
    mf.pt.history_full = 1;
    CHECK(sim(&mf, &rest, 3, &t1, &s) == 0);
    CHECK_REL(t1.rows[0].capacity, next->capacity, 1e-12);
    CHECK_REL(t1.rows[0].irritation, next->irritation, 1e-12);
    CHECK_REL(t1.rows[0].damage, next->damage, 1e-12);
    CHECK_REL(t1.rows[0].pain_morning, next->pain_morning, 1e-12);
    CHECK_REL(t1.rows[0].ctl, next->ctl, 1e-12);

    calf_trace_free(&th);
    calf_trace_free(&t0);
    calf_trace_free(&t1);
    calf_plan_free(&hist);
    calf_plan_free(&run);
    calf_plan_free(&light);
    calf_plan_free(&rest);
    calf_plan_free(&week);
}

int main(void)
{
    gsl_set_error_handler_off();
    matches_history_run();
    CHECK_DONE();
}
