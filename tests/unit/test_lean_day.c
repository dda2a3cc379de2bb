/*
 * test_lean_day.c: the lean daily step (a run without a trace whose planner
 * reads only the day number) gives the same doubles as the full step. The
 * plan CSV replay is recognised as such a planner and a wrapper around it is
 * not; the summary of a lean run equals, bit for bit, that of the same plan
 * run through the wrapper (full step, observations filled) and with a trace;
 * calf_model_day_lean leaves the same state and the same shared day fields
 * as calf_model_day on a day with every session kind. The plan compiled per
 * model (calf_plan_compiled) gives, day by day, the same state and fields as
 * the lean step, and whole runs the same summaries as the full step and a
 * traced run: the benchmark plan (no T/E/K training), a recalibrated model,
 * and a progression that reaches its goal with stops, walk breaks, toe and
 * isometric work and uncompiled neural and cross days; a plan that changes
 * the gait is not compiled. Spans of compiled days (calf_model_prog_run)
 * give, day by day, the state and figures of calf_model_day_prog, stop
 * before a day that is not compiled and do not count a failing day.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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
    CHECK(a->injury_day == b->injury_day && a->injury_count == b->injury_count);
    CHECK(a->days_lost == b->days_lost);
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

/* calf_sim_run_values with planner pl: the same summary as ref and, day by
 * day, the trace row's capacity, morning pain, run km and onset distance. */
static void values_match(const calf_model *m, const calf_planner *pl, int days, const calf_trace *t,
                         const calf_summary *ref)
{
    calf_error err = {0};
    calf_sim_opts o = {days, 0, 0, 0};
    calf_summary s;
    double *v = malloc((size_t)days * CALF_DAY_VALUE_COUNT * sizeof(double));
    CHECK(v != NULL && t->n == days);
    for (int i = 0; i < days * CALF_DAY_VALUE_COUNT; i++)
        v[i] = -1;
    CHECK(calf_sim_run_values(m, pl, &o, v, &s, &err) == 0);
    same_summary(&s, ref);
    int bad = 0;
    for (int d = 0; d < days; d++) {
        const double *r = &v[d * CALF_DAY_VALUE_COUNT];
        const calf_trace_row *row = &t->rows[d];
        bad += !same_bits(r[CALF_DAY_CAPACITY], row->capacity);
        bad += !same_bits(r[CALF_DAY_PAIN_MORNING], row->pain_morning);
        bad += !same_bits(r[CALF_DAY_RUN_KM], row->run_km);
        bad += !same_bits(r[CALF_DAY_ONSET_EASY_KM], row->onset_easy_km);
    }
    CHECK(bad == 0);
    free(v);
}

/* Summary of plan text for model m: lean (compiled days), through the
 * observing wrapper (full step) and with a trace; all three bit for bit. The
 * day values of calf_sim_run_values, lean and through the wrapper, are the
 * trace's. */
static void three_ways(const calf_model *m, const char *text, int days, calf_summary *out)
{
    calf_error err = {0};
    calf_csv *csv = NULL;
    calf_plan plan;
    CHECK(calf_csv_parse(text, strlen(text), "prog", &csv, &err) == 0);
    CHECK(calf_plan_from_csv(csv, m, &plan, &err) == 0);
    calf_planner pl = calf_plan_planner(&plan);
    wrap w = {pl, 0};
    calf_planner wp = {wrap_day, &w};
    calf_sim_opts o = {days, 0, 0, 0};
    calf_summary lean, lean2, full, traced;
    calf_trace t = {0};
    CHECK(calf_sim_run(m, &pl, &o, NULL, &lean, &err) == 0);
    CHECK(calf_sim_run(m, &pl, &o, NULL, &lean2, &err) == 0); /* compiled days reused */
    CHECK(calf_sim_run(m, &wp, &o, NULL, &full, &err) == 0);
    CHECK(calf_sim_run(m, &pl, &o, &t, &traced, &err) == 0);
    same_summary(&lean, &full);
    same_summary(&lean2, &full);
    same_summary(&lean, &traced);
    values_match(m, &pl, days, &t, &traced);
    values_match(m, &wp, days, &t, &traced);
    *out = lean;
    calf_trace_free(&t);
    calf_plan_free(&plan);
    calf_csv_free(csv);
}

/* calf_model_prog_run over spans of up to 7 days leaves the same state and
 * figures as calf_model_day_prog day by day, bit for bit, and stops before a
 * day that is not compiled; stride 0 repeats one day. Returns the days run. */
static int spans_vs_days(const calf_model *m, const calf_plan_prog *g, int days, int tek)
{
    calf_error err = {0};
    calf_state a, b;
    calf_model_initial_state(m, &a);
    calf_model_initial_state(m, &b);
    calf_model_prog_begin(m, &a);
    calf_model_prog_begin(m, &b);
    int d = 0;
    for (int span = 0; d < days; span++) {
        /* plan day d runs compiled day rep[d]: a stride-1 span goes only as
         * far as the compiled days follow the plan's (as in calf_sim_run) */
        const int r0 = g->rep[d], stride = span == 1 ? 0 : 1;
        int n = days - d < 7 ? days - d : 7;
        for (int k = 1; stride == 1 && k < n; k++)
            if (g->rep[d + k] != r0 + k)
                n = k;
        calf_prog_out out[7];
        int done = -1;
        CHECK(calf_model_prog_run(m, &b, &g->day[r0], stride, n, tek, out, &done, &err) == 0);
        CHECK(done >= 0 && done <= n);
        for (int k = 0; k < done; k++) {
            calf_day_result r;
            CHECK(calf_model_day_prog(m, &a, &g->day[r0 + k * stride], tek, &r, &err) == 0);
            CHECK(same_bits(r.run_km, out[k].run_km) && same_bits(r.load, out[k].load));
            CHECK(same_bits(r.pain_during, out[k].pain_during));
            CHECK(same_bits(r.longest_run_km, out[k].longest_run_km));
            CHECK(same_bits(r.pain_next_morning, out[k].pain_next_morning));
            CHECK(r.quality_runs == out[k].quality_runs && r.runs_stopped == out[k].runs_stopped);
            CHECK(same_bits(a.D, out[k].D));
        }
        same_state(&a, &b);
        if (stride == 0) { /* one compiled day n times: go on from the next day */
            CHECK(done == n);
            d++;
            continue;
        }
        if (done < n) { /* day d + done is not compiled */
            CHECK(g->day[r0 + done].fallback);
            return d + done;
        }
        d += n;
    }
    /* a state already invalid: the first day fails and is not counted */
    b.C = NAN;
    calf_prog_out o;
    int done = -1;
    CHECK(calf_model_prog_run(m, &b, &g->day[0], 1, 1, tek, &o, &done, &err) == CALF_ENUMERIC);
    CHECK(done == 0 && strstr(err.msg, "invalid") != NULL);
    return d;
}

/* The compiled plan days (calf_plan_compiled, calf_model_day_prog). */
static void compiled_plans(const calf_params *p, const calf_patient *pt0)
{
    calf_error err = {0};
    calf_patient pt = *pt0;
    calf_model m;
    CHECK(calf_model_init(&m, p, &pt, &err) == 0);

    /* the benchmark day: a run and a calf raise every day; compiled, no T/E/K
     * training; 26 weeks well below the default weekly goal */
    char text[16384];
    size_t n = (size_t)snprintf(text, sizeof text, "day,kind,exercise,km,kmh,sets,reps,rm\n");
    for (int d = 1; d <= 120; d++)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              "%d,run,,2.5,10.8,,,\n%d,strength,seated_calf_raise,,,3,12,12\n", d,
                              d);
    calf_csv *csv = NULL;
    calf_plan plan;
    CHECK(calf_csv_parse(text, n, "bench", &csv, &err) == 0);
    CHECK(calf_plan_from_csv(csv, &m, &plan, &err) == 0);
    calf_planner pl = calf_plan_planner(&plan);
    CHECK(calf_planner_plan(&pl) == &plan);
    const calf_plan_prog *g = calf_plan_compiled(&plan, &m);
    CHECK(g != NULL && g->tek == 0 && !g->day[0].fallback && g->day[0].nstep == 2);
    /* the days hold the same sessions: each is day 1's, compiled once */
    int reps = 0;
    for (int d = 0; d < plan.days; d++)
        reps += g->rep[d] == 0;
    CHECK(reps == 120 && plan.days == 120 && g->nuniq == 1 && g->uniq[0] == 0);
    CHECK(pt.goal_km_per_week > 7 * 2.5 && !g->goal_possible);
    calf_summary s;
    three_ways(&m, text, 182, &s);
    CHECK(s.total_km > 100 && s.goal_reached_day == 0);

    /* day by day: the compiled day leaves the same state and fields as the lean
     * step, with and without T/E/K training, twice over (warm memos) */
    calf_state a, b;
    calf_model_initial_state(&m, &a);
    calf_model_initial_state(&m, &b);
    calf_model_prog_begin(&m, &b);
    for (int d = 0; d < 60; d++) {
        calf_day_plan day = {0};
        day.n = plan.day[d].n;
        for (int k = 0; k < day.n; k++)
            day.s[k] = &plan.day[d].s[k];
        calf_day_result ra, rb;
        CHECK(calf_model_day_lean(&m, &a, &day, &ra, &err) == 0);
        CHECK(calf_model_day_prog(&m, &b, &g->day[g->rep[d]], d % 2, &rb, &err) == 0);
        CHECK(same_bits(a.C, b.C) && same_bits(a.S, b.S) && same_bits(a.A_lag, b.A_lag));
        CHECK(same_bits(a.I, b.I) && same_bits(a.Z, b.Z) && same_bits(a.D, b.D));
        CHECK(same_bits(a.Fa, b.Fa) && same_bits(a.N, b.N) && same_bits(a.T, b.T));
        CHECK(same_bits(a.K, b.K) && same_bits(a.E, b.E));
        CHECK(ra.n == rb.n && ra.quality_runs == rb.quality_runs);
        CHECK(ra.runs_stopped == rb.runs_stopped);
        CHECK(same_bits(ra.run_km, rb.run_km) && same_bits(ra.load, rb.load));
        CHECK(same_bits(ra.pain_during, rb.pain_during));
        CHECK(same_bits(ra.longest_run_km, rb.longest_run_km));
        CHECK(same_bits(ra.pain_next_morning, rb.pain_next_morning));
    }

    /* spans of compiled days, with and without T/E/K */
    CHECK(spans_vs_days(&m, g, 120, 0) == 120);
    CHECK(spans_vs_days(&m, g, 120, 1) == 120);

    /* another model (a new calibration) recompiles the same plan */
    calf_model m2;
    pt.onset_km = 1.5;
    CHECK(calf_model_init(&m2, p, &pt, &err) == 0);
    const calf_plan_prog *g2 = calf_plan_compiled(&plan, &m2);
    CHECK(g2 == g && g2->uid == m2.uid);
    three_ways(&m2, text, 150, &s);
    /* a copy of the plan's days with its own compiled storage compiles */
    calf_plan copy = {plan.days, malloc((size_t)plan.days * sizeof(calf_plan_day)), NULL};
    CHECK(copy.day != NULL);
    memcpy(copy.day, plan.day, (size_t)plan.days * sizeof(calf_plan_day));
    calf_plan_prog_alloc(&copy);
    const calf_plan_prog *gc = calf_plan_compiled(&copy, &m2);
    CHECK(gc != NULL && gc != g && gc->rep[119] == 0 && gc->day[0].nstep == 2);
    calf_plan_free(&copy);
    calf_plan_free(&plan);
    /* a plan that changes the gait is not compiled (what does not depend on
     * the model is found at the first compile: a fresh plan) */
    calf_model m3;
    CHECK(calf_model_init(&m3, p, &pt, &err) == 0);
    CHECK(calf_plan_from_csv(csv, &m, &plan, &err) == 0);
    plan.day[5].s[1].kind = CALF_K_GAIT;
    CHECK(calf_plan_compiled(&plan, &m3) == NULL);
    calf_plan_free(&plan);
    calf_csv_free(csv);

    /* a progression that reaches a modest goal: the goal window still runs,
     * stops past pain, walk breaks, quality segments, isometric and toe work
     * (T/E/K trained), neural and cross days taking the general step */
    pt = *pt0;
    pt.goal_km_per_week = 15;
    pt.goal_long_run_km = 3;
    pt.goal_quality_sessions = 1;
    CHECK(calf_model_init(&m, p, &pt, &err) == 0);
    n = (size_t)snprintf(text, sizeof text,
                         "day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,stop_at_pain\n");
    for (int d = 1; d <= 140; d++) {
        double km = 1.0 + 0.05 * d;
        switch (d % 7) {
        case 1:
        case 3:
            n += (size_t)snprintf(text + n, sizeof text - n, "%d,run,,%.2f,10.5,,,,,,1.2\n", d, km);
            break;
        case 2:
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "%d,run,,1,10,,,,,,\n%d,run,,0.8,13.5,,,,,,\n"
                                  "%d,walk,,0.4,5.5,,,,,,\n%d,run,,0.8,13.5,,,,,,\n",
                                  d, d, d, d);
            break;
        case 4:
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "%d,strength,toe_flexor_isometric,,,3,10,,0.7,,\n"
                                  "%d,isometric,,,,5,1,,,,\n",
                                  d, d);
            break;
        case 5:
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "%d,neural,tensioner,,,3,,,,14,\n%d,run,,%.2f,11,,,,,,\n", d, d,
                                  km);
            break;
        case 6:
            n += (size_t)snprintf(text + n, sizeof text - n,
                                  "%d,cross,,,,,,,,40,\n%d,rest,,,,,,,,,\n", d, d);
            break;
        default:
            break;
        }
    }
    three_ways(&m, text, 182, &s);
    CHECK(s.goal_reached_day > 0 && s.runs_stopped_early > 0);
    /* injury events (a hazard 1000 times the registry's, so several fall on
     * compiled days): every path has them on the same days, and the days
     * after them run without their runs */
    {
        calf_model mi = m;
        mi.par.v[CALF_P_INJ_RATE_ALL] *= 1000;
        calf_summary si;
        three_ways(&mi, text, 182, &si);
        CHECK(si.injury_count >= 2 && si.days_lost > 0 && si.injury_day > 0);
        CHECK(si.total_km < s.total_km);
    }
    /* the runs of weekdays 1, 3 and 5 (their km grow) are compiled each (3 x
     * 20 days); the days of weekdays 2, 4 and 6 and the empty seventh days
     * repeat the first of their kind (4 days) */
    CHECK(calf_csv_parse(text, n, "prog", &csv, &err) == 0);
    CHECK(calf_plan_from_csv(csv, &m, &plan, &err) == 0);
    g = calf_plan_compiled(&plan, &m);
    CHECK(g != NULL && g->tek == 1);
    int own = 0, first_empty = -1, empty_ok = 1;
    for (int d = 0; d < plan.days; d++) {
        own += g->rep[d] == d;
        if (plan.day[d].n == 0) {
            if (first_empty < 0)
                first_empty = d;
            empty_ok &= g->rep[d] == first_empty;
        }
    }
    CHECK(plan.days == 139 && own == 64 && g->nuniq == 64 && first_empty == 6 && empty_ok);
    CHECK(spans_vs_days(&m, g, plan.days, 1) == 4);
    calf_plan_free(&plan);
    calf_csv_free(csv);
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
    calf_sim_opts o = {60, 0, 0, 0};
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

    compiled_plans(&p, &pt);

    calf_plan_free(&plan);
    calf_csv_free(csv);
    CHECK_DONE();
}
