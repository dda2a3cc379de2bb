/*
 * test_day_obs.c: calf_model_day_obs (the day step of a run without a trace
 * whose planner reads observations) gives, day after day, the same state
 * (the Banister G and H aside, which it leaves), the same session results
 * and the same summary fields of the day as calf_model_day_into, on days
 * with every session kind, stops, walk breaks and rest days. A day without
 * toe-flexor, evertor or kinetic-chain work leaves T, E and K at their intake
 * values bit for bit (the overnight update adds a zero to them), and such a
 * day after one with that work still moves them back towards intake.
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
    "1,run,,4,10.5,,,,,,,,2\n"
    "1,strength,seated_calf_raise,,,3,10,10,,,,,\n"
    "2,neural,tensioner,,,3,,,,14,,,\n"
    "2,strength,single_leg_heel_raise,,,3,15,,,,,,\n"
    "3,run,,1,10.8,,,,,,1.05,midfoot,\n"
    "3,walk,,0.3,5,,,,,,,,\n"
    "3,run,,0.4,13.5,,,,,,1.05,midfoot,\n"
    "3,cross,,,,,,,,40,,,\n"
    "5,run,,8,11,,,,,,,,\n"
    "6,strength,toe_flexor_isometric,,,3,10,,0.7,,,,\n"
    "6,strength,invertor_evertor_band,,,3,15,,,,,,\n"
    "6,strength,quads_glutes,,,3,8,8,,,,,\n"
    "7,run,,6,12,,,,,,0.95,forefoot,\n";

static int same_bits(double a, double b)
{
    return memcmp(&a, &b, sizeof a) == 0;
}

static int same_result(const calf_session_result *a, const calf_session_result *b)
{
    return a->kind == b->kind && same_bits(a->km_planned, b->km_planned) &&
           same_bits(a->km_done, b->km_done) && a->stopped == b->stopped &&
           a->skipped == b->skipped && a->shortened == b->shortened &&
           same_bits(a->pain_start, b->pain_start) && same_bits(a->pain_max, b->pain_max) &&
           same_bits(a->pain_end, b->pain_end) && same_bits(a->onset_km, b->onset_km) &&
           same_bits(a->load, b->load) && same_bits(a->dose, b->dose) &&
           same_bits(a->cycles, b->cycles) && same_bits(a->peak_force, b->peak_force) &&
           a->quality == b->quality &&
           same_bits(a->neural_irritation_min, b->neural_irritation_min);
}

static int same_state(const calf_state *a, const calf_state *b)
{
    return same_bits(a->C, b->C) && same_bits(a->S, b->S) && same_bits(a->A_lag, b->A_lag) &&
           same_bits(a->I, b->I) && same_bits(a->Z, b->Z) && same_bits(a->D, b->D) &&
           same_bits(a->Fa, b->Fa) && same_bits(a->N, b->N) && same_bits(a->T, b->T) &&
           same_bits(a->K, b->K) && same_bits(a->E, b->E) &&
           same_bits(a->step_rate, b->step_rate) && same_bits(a->overstride, b->overstride) &&
           a->strike == b->strike && same_bits(a->easy_f_base, b->easy_f_base);
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
    CHECK(m.tek_still);
    calf_csv *csv = NULL;
    calf_plan plan;
    CHECK(calf_csv_parse(plan_text, strlen(plan_text), "obs", &csv, &err) == 0);
    CHECK(calf_plan_from_csv(csv, &m, &plan, &err) == 0);

    /* three weeks of the plan (day 4 rests), then a week of rest */
    calf_state a, b;
    calf_model_initial_state(&m, &a);
    calf_model_initial_state(&m, &b);
    const double G0 = b.G, H0 = b.H;
    int bad = 0, stops = 0, onsets = 0;
    for (int day = 0; day < 28; day++) {
        const int d = day % 7;
        calf_day_plan dp = {0};
        if (day < 21 && d < plan.days) {
            dp.n = plan.day[d].n;
            for (int k = 0; k < dp.n; k++)
                dp.s[k] = &plan.day[d].s[k];
        }
        calf_day_result ra, rb;
        calf_session_result sa[CALF_MAX_SESSIONS], sb[CALF_MAX_SESSIONS];
        const double T_before = b.T;
        CHECK(calf_model_day_into(&m, &a, &dp, &ra, sa, &err) == 0);
        CHECK(calf_model_day_obs(&m, &b, &dp, &rb, sb, &err) == 0);
        bad += !same_state(&a, &b);
        bad += ra.n != rb.n || ra.quality_runs != rb.quality_runs;
        bad += ra.runs_stopped != rb.runs_stopped;
        bad += !same_bits(ra.run_km, rb.run_km) || !same_bits(ra.load, rb.load);
        bad += !same_bits(ra.pain_during, rb.pain_during);
        bad += !same_bits(ra.longest_run_km, rb.longest_run_km);
        bad += !same_bits(ra.pain_next_morning, rb.pain_next_morning);
        for (int k = 0; k < ra.n; k++) {
            bad += !same_result(&sa[k], &sb[k]);
            stops += sa[k].stopped;
            onsets += !isnan(sa[k].onset_km);
        }
        if (day < 5) /* before the first toe-flexor work: at intake, bit for bit */
            CHECK(same_bits(b.T, m.t0) && same_bits(b.E, m.e0) && same_bits(b.K, m.k0));
        if (day == 6 || day == 7) /* after it, towards intake on a day without it */
            CHECK(b.T != T_before && b.T != m.t0);
    }
    CHECK(bad == 0);
    CHECK(stops > 0 && onsets > 0); /* the stop rule and onsets were observed */
    CHECK(same_bits(b.G, G0) && same_bits(b.H, H0) && !same_bits(a.G, G0)); /* G, H: trace only */
    CHECK(a.N != m.pt.neural_mobility && a.E > m.e0 && a.K > m.k0);

    calf_plan_free(&plan);
    calf_csv_free(csv);
    CHECK_DONE();
}
