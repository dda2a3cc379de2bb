/*
 * sim.h: the daily simulation loop. A planner (a plan CSV, a Lua protocol, a
 * generated plan) is asked each morning for the day's sessions, seeing only
 * observations (MODEL.md section 5); the engine applies the declarative
 * symptom rules, runs the day, updates the derived metrics and collects the
 * trace and the summary outcomes.
 */
#ifndef CALF_SIM_H
#define CALF_SIM_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "metrics.h"
#include "model.h"

/* What the protocol sees each morning. */
typedef struct calf_obs {
    int day, week, weekday; /* day from 1; week from 1; weekday 1 = Monday .. 7 */
    double morning_pain;
    double heel_raise_reps, toe_flexor;
    double last_onset_km;         /* onset of the most recent run that reached it, NAN if none */
    double last_run_km;           /* km of the most recent run */
    double last_run_pain;         /* pain during of the most recent run */
    double neural_irritation_min; /* of the most recent neural session */
    int yesterday_n;              /* yesterday's sessions */
    int lost_days; /* days from today on that running is impossible after an injury, 0 = none */
    calf_session_result yesterday[CALF_MAX_SESSIONS];
    const calf_state *latent; /* only in oracle runs, else NULL */
    const calf_model *model;  /* patient profile and calibration; protocols read pt only */
} calf_obs;

typedef int (*calf_plan_fn)(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err);

typedef struct calf_planner {
    calf_plan_fn plan_day;
    void *ud;
} calf_planner;

/* Whether pl is known to read only obs->day, week and weekday (the plan CSV
 * replay): a run without a trace or oracle then skips filling the other
 * observations and the session results. Unknown planners: 0. */
int calf_planner_reads_day_only(const calf_planner *pl);

/* One row of trace.csv. */
typedef struct calf_trace_row {
    int day, week, weekday;
    double run_km, walk_km, onset_km, onset_easy_km, cycles, peak_force_bw, load, dose;
    double pain_during_max, pain_morning, heel_raise_reps, toe_flexor_strength;
    double capacity, capacity_eff, strength, irritation, sensitisation, damage, fatigue_acute;
    double neural, toe_flexor, kinetic_chain, evertor;
    double ctl, atl, tsb, acwr_coupled, acwr_uncoupled, acwr_ewma, monotony, strain, p_injury;
    double banister_g, banister_h;
    double neural_irritation_min; /* longest settling time of the day's neural work, NAN if none */
    int runs_stopped, quality_runs, flare, sessions;
    int injury;    /* 1 on the day of an injury event */
    int time_loss; /* 1 on a day running is impossible after an injury */
} calf_trace_row;

typedef struct calf_trace {
    calf_trace_row *rows;
    int n, cap;
} calf_trace;

typedef struct calf_summary {
    int days;
    int goal_reached_day; /* 0 = never */
    double total_km, peak_pain;
    int days_pain_over_limit, flare_count, runs_stopped_early;
    double final_capacity_ratio, final_heel_raise_reps, max_acwr_ewma, max_p_injury;
    int injury_day;   /* day of the first injury event, 0 = never */
    int injury_count; /* injury events */
    int days_lost;    /* days running was impossible after injuries */
    double final_onset_easy_km;
} calf_summary;

typedef struct calf_sim_opts {
    int days;
    int oracle;
    uint64_t seed;        /* the injury events' random stream (docs/model.md section 5) */
    int no_tissue_events; /* 1: no injury event is drawn from the damage hazard (the pain-ceiling
                           * events stay); for validating the deterministic state */
} calf_sim_opts;

/* A flare (docs/model.md section 5): a morning with pain >= flare_min and at
 * least flare_rise above the previous morning. The one definition, read by
 * the summary, the trace and the protocols' ctx.last_week. */
static inline int calf_flare(const calf_params *p, double prev_morning, double morning)
{
    return morning >= p->v[CALF_P_FLARE_MIN] && morning >= prev_morning + p->v[CALF_P_FLARE_RISE];
}

/* The probability of an injury event on a day that ran run_km at easy speed
 * and ended with damage D: 1 - exp(-h), h = the calf/Achilles injury rate
 * per hour of running (injury_rate_all x calf_share / 1000) x hours x
 * (D / d_eq)^weibull_m (docs/model.md section 5). */
double calf_injury_prob(const calf_model *m, double run_km, double D);
/* The k-th uniform number in [0, 1) of a run's injury stream: event k falls
 * when the summed daily hazard reaches -ln(1 - u_k) (counted from the event
 * before). A pure function of (seed, k): the same on every path and thread. */
double calf_injury_draw(uint64_t seed, int k);

/* Run the whole simulation. trace may be NULL (cohorts). */
int calf_sim_run(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                 calf_trace *trace, calf_summary *sum, calf_error *err);

/* The per-day values of calf_sim_run_values, in this order: the trace row's
 * capacity, pain_morning, run_km and onset_easy_km (the same doubles). */
enum {
    CALF_DAY_CAPACITY,
    CALF_DAY_PAIN_MORNING,
    CALF_DAY_RUN_KM,
    CALF_DAY_ONSET_EASY_KM,
    CALF_DAY_VALUE_COUNT
};
/* calf_sim_run without a trace that also writes, for each day d run (from 1),
 * day_values[(d - 1) * CALF_DAY_VALUE_COUNT + CALF_DAY_...] (room for
 * opt->days rows). Unlike a trace it keeps the run on the lean path, as
 * without one (cohorts). */
int calf_sim_run_values(const calf_model *m, const calf_planner *pl, const calf_sim_opts *opt,
                        double *day_values, calf_summary *sum, calf_error *err);
void calf_trace_free(calf_trace *t);

/* Output metadata recorded in every file. */
typedef struct calf_run_meta {
    const char *protocol; /* protocol or plan name */
    const char *source;   /* protocol file or plan path */
    uint64_t seed;
    uint64_t param_hash;
} calf_run_meta;

/* The columns of trace.csv, in order: name, offset into calf_trace_row, and
 * whether the field is an int (else a double). NULL-terminated. */
typedef struct calf_trace_field {
    const char *name;
    size_t offset;
    int is_int;
} calf_trace_field;
extern const calf_trace_field calf_trace_fields[];
/* The summary outcomes, in the order of sweep's grid.csv: name, offset into
 * calf_summary, whether it is an int, and whether 0 means "never" (read as
 * NAN: goal_reached_day, injury_day). The one table that sweep metrics, the
 * study API and the cohort's patients.csv read. NULL-terminated. */
typedef struct calf_summary_field {
    const char *name;
    size_t offset;
    int is_int;
    int zero_is_never;
} calf_summary_field;
extern const calf_summary_field calf_summary_fields[];
extern const int calf_summary_field_count;
/* Field f of s as a number (NAN for a "never" 0). */
double calf_summary_value(const calf_summary *s, const calf_summary_field *f);
/* The field named name, or NULL. */
const calf_summary_field *calf_summary_field_find(const char *name);
/* Field f of s as a JSON member `before"name": value after`: ints as
 * integers, doubles as calf_fmt_g writes them, null when never or not
 * finite. The summary.json writer and `calfsim plan`'s JSON read the table
 * through it. */
void calf_summary_json_member(FILE *fp, const calf_summary *s, const calf_summary_field *f,
                              const char *before, const char *after);

int calf_trace_write_csv(const char *path, const calf_trace *t, const calf_run_meta *meta,
                         calf_error *err);
int calf_summary_write_json(const char *path, const calf_summary *s, const calf_model *m,
                            const calf_run_meta *meta, calf_error *err);

#endif
