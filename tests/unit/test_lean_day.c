/*
 * test_lean_day.c: the lean daily step (a run without a trace whose planner
 * reads only the day number) gives the same doubles as the full step. The
 * plan CSV replay is recognised as such a planner and a wrapper around it is
 * not; the summary of a lean run equals, bit for bit, that of the same plan
 * run through the wrapper (full step, observations filled) and with a trace;
 * calf_model_day_lean leaves the same state and the same shared day fields
 * as calf_model_day on a day with every session kind.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "csv.h"
#include "plan_csv.h"
#include "sim.h"

static const char *plan_text =
    "day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain\n"
    "1,run,,3,10.5,,,,,,,,4\n"
    "1,strength,seated_calf_raise,,,3,10,10,,,,,\n"
    "2,neural,tensioner,,,3,,,,14,,,\n"
    "2,strength,toe_flexor_isometric,,,3,10,,0.7,,,,\n"
    "2,strength,single_leg_heel_raise,,,3,15,,,,,,\n"
    "3,run,,1,10.8,,,,,,1.05,midfoot,\n"
    "3,walk,,0.3,5,,,,,,,,\n"
    "3,run,,0.4,13.5,,,,,,1.05,midfoot,\n"
    "3,cross,,,,,,,,40,,,\n"
    "3,strength,invertor_evertor_band,,,3,15,,,,,,\n"
    "4,strength,quads_glutes,,,3,8,8,,,,,\n"
    "4,run,,6,12,,,,,,0.95,forefoot,\n"
    "5,run,,8,11,,,,,,,,\n";

typedef struct wrap {
    calf_planner in;
    int calls;
} wrap;

/* A planner that reads observations (the full step must run for it). */
static int wrap_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    wrap *w = ud;
    w->calls += !isnan(obs->morning_pain);
    return w->in.plan_day(w->in.ud, obs, out, err);
}

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static void same_summary(const calf_summary *a, const calf_summary *b)
{
    CHECK(a->days == b->days && a->goal_reached_day == b->goal_reached_day);
    CHECK(a->days_pain_over_limit == b->days_pain_over_limit);
    CHECK(a->flare_count == b->flare_count && a->runs_stopped_early == b->runs_stopped_early);
    CHECK(a->injury_day == b->injury_day);
    CHECK(same_bits(a->total_km, b->total_km) && same_bits(a->peak_pain, b->peak_pain));
    CHECK(same_bits(a->final_capacity_ratio, b->final_capacity_ratio));
    CHECK(same_bits(a->final_heel_raise_reps, b->final_heel_raise_reps));
    CHECK(same_bits(a->max_acwr_ewma, b->max_acwr_ewma));
    CHECK(same_bits(a->max_p_injury, b->max_p_injury));
    CHECK(same_bits(a->final_onset_easy_km, b->final_onset_easy_km));
}

static void same_state(const calf_state *a, const calf_state *b)
{
    CHECK(same_bits(a->C, b->C) && same_bits(a->S, b->S) && same_bits(a->A_lag, b->A_lag));
    CHECK(same_bits(a->I, b->I) && same_bits(a->Z, b->Z) && same_bits(a->D, b->D));
    CHECK(same_bits(a->Fa, b->Fa) && same_bits(a->N, b->N) && same_bits(a->T, b->T));
    CHECK(same_bits(a->K, b->K) && same_bits(a->E, b->E) && same_bits(a->G, b->G));
    CHECK(same_bits(a->H, b->H));
}

int main(void)
{
    gsl_set_error_handler_off();
    calf_params p;
    calf_params_default(&p);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 3;
    pt.morning_pain = 1;
    calf_model m;
    calf_error err = {0};
    CHECK(calf_model_init(&m, &p, &pt, &err) == 0);
    calf_csv *csv = NULL;
    calf_plan plan;
    CHECK(calf_csv_parse(plan_text, strlen(plan_text), "lean", &csv, &err) == 0);
    CHECK(calf_plan_from_csv(csv, &m, &plan, &err) == 0);

    /* which planners read only the day */
    calf_planner pl = calf_plan_planner(&plan);
    wrap w = {pl, 0};
    calf_planner wp = {wrap_day, &w};
    CHECK(calf_planner_reads_day_only(&pl));
    CHECK(!calf_planner_reads_day_only(&wp));

    /* 60 days: the plan's 5 days (with a stop, past onset), then rest */
    calf_sim_opts o = {60, 0};
    calf_summary lean, full, traced;
    CHECK(calf_sim_run(&m, &pl, &o, NULL, &lean, &err) == 0);
    CHECK(calf_sim_run(&m, &wp, &o, NULL, &full, &err) == 0);
    CHECK(w.calls == 60); /* the wrapper saw filled observations every day */
    calf_trace t = {0};
    CHECK(calf_sim_run(&m, &pl, &o, &t, &traced, &err) == 0);
    CHECK(t.n == 60);
    same_summary(&lean, &full);
    same_summary(&lean, &traced);
    CHECK(lean.total_km > 10); /* the plan did run */
    calf_trace_free(&t);

    /* one day of every kind, lean against full, twice (warm caches) */
    calf_state a, b;
    calf_model_initial_state(&m, &a);
    calf_model_initial_state(&m, &b);
    for (int rep = 0; rep < 2; rep++)
        for (int d = 0; d < plan.days; d++) {
            calf_day_plan day = {0};
            day.n = plan.day[d].n;
            for (int k = 0; k < day.n; k++)
                day.s[k] = &plan.day[d].s[k];
            calf_day_result ra, rb;
            CHECK(calf_model_day(&m, &a, &day, &ra, &err) == 0);
            CHECK(calf_model_day_lean(&m, &b, &day, &rb, &err) == 0);
            same_state(&a, &b);
            CHECK(ra.n == rb.n && ra.quality_runs == rb.quality_runs);
            CHECK(ra.runs_stopped == rb.runs_stopped);
            CHECK(same_bits(ra.run_km, rb.run_km) && same_bits(ra.load, rb.load));
            CHECK(same_bits(ra.pain_during, rb.pain_during));
            CHECK(same_bits(ra.longest_run_km, rb.longest_run_km));
            CHECK(same_bits(ra.pain_next_morning, rb.pain_next_morning));
        }
    CHECK(a.T > m.t0 && a.E > m.e0 && a.N != m.pt.neural_mobility); /* all paths ran */

    calf_plan_free(&plan);
    calf_csv_free(csv);
    CHECK_DONE();
}
