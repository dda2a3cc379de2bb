/*
 * explain.h: why a day went the way it did. For one simulated day, the pain
 * during, the next-morning pain and the damage dose are split into the
 * contributions of eight factors (distance, speed, step rate and gait, acute
 * fatigue, sensitisation, accumulated damage, capacity against healthy,
 * neural mobility). Each factor has a reference value (docs/explain.md); the
 * engine re-runs the day from a copy of the start-of-day state for all
 * 2^8 = 256 combinations of "factor as it was" / "factor at its reference",
 * and exact Shapley values over the eight factors share the difference
 * between the day and the all-reference day, so the parts add up to the
 * whole. Only the public model API (calf_model_day on copies) is used.
 */
#ifndef CALF_EXPLAIN_H
#define CALF_EXPLAIN_H

#include <stdio.h>

#include "model.h"
#include "sim.h"

enum calf_explain_factor {
    CALF_XF_DISTANCE = 0,
    CALF_XF_SPEED,
    CALF_XF_GAIT,
    CALF_XF_FATIGUE,
    CALF_XF_SENSITISATION,
    CALF_XF_DAMAGE,
    CALF_XF_CAPACITY,
    CALF_XF_NEURAL,
    CALF_XF_COUNT
};
/* Machine names ("distance", "speed", "gait", "fatigue", "sensitisation",
 * "damage", "capacity", "neural") and plain-word labels. */
extern const char *const calf_explain_factor_names[CALF_XF_COUNT];
extern const char *const calf_explain_factor_labels[CALF_XF_COUNT];

enum calf_explain_quantity {
    CALF_XQ_PAIN_DURING = 0, /* highest pain during the day's sessions, 0-10 */
    CALF_XQ_PAIN_MORNING,    /* next-morning pain, 0-10 */
    CALF_XQ_DOSE,            /* the day's damage dose (Miner sum) */
    CALF_XQ_COUNT
};
extern const char *const calf_explain_quantity_names[CALF_XQ_COUNT];

/* One day to explain: the state at the start of the day and the sessions the
 * engine actually ran (after the skip/shorten rules), plus recent history for
 * the wording. Sessions may point at protocol-owned custom exercises, so an
 * input is valid while the planner that produced it lives. */
typedef struct calf_explain_input {
    int day;
    calf_state st;
    int n;
    calf_session s[CALF_MAX_SESSIONS];
    int days_since_rest;    /* days since the last day without running; 0 = none in the run */
    int days_since_quality; /* days since the last quality run; 0 = none in the run */
    int yesterday_quality;  /* yesterday held a quality run */
} calf_explain_input;

typedef struct calf_explain_opts {
    double ref_km; /* reference running distance; NAN = the default of calf_explain_ref_km */
} calf_explain_opts;

typedef struct calf_explanation {
    int day;
    double value[CALF_XQ_COUNT];     /* the day as simulated */
    double reference[CALF_XQ_COUNT]; /* every factor at its reference value */
    /* Shapley contributions: sum over factors = value - reference */
    double contrib[CALF_XQ_COUNT][CALF_XF_COUNT];
    /* the factors' values that day and their references (km, km/h, step-rate
     * multiplier, Fa, Z, D, C/C_h, N) */
    double actual[CALF_XF_COUNT], ref[CALF_XF_COUNT];
    /* context for the wording */
    double run_km, km_at_peak, top_kmh, walk_km;
    double pain_morning_before; /* this morning's pain, before the day */
    int runs, stopped, quality, sessions;
    int days_since_rest, days_since_quality, yesterday_quality;
} calf_explanation;

/* Default reference running distance: the intake onset distance at easy
 * speed (reported, or onset_free_factor x the symptom-free distance), else
 * the habitual run length (km per week / runs per week). */
double calf_explain_ref_km(const calf_model *m);

/* Re-run the simulation of planner pl up to `day` and capture that day
 * (state at its start, the sessions run, recent history). oracle says whether
 * the run was an oracle run (the planner then sees the latent state, as it
 * did); the capture itself reads the state through the oracle hook. seed is
 * the run's (its injury events fall on the same days). */
int calf_explain_capture(const calf_model *m, const calf_planner *pl, int oracle, uint64_t seed,
                         int day, calf_explain_input *in, calf_error *err);
/* The day of days 1..days with the highest pain during (earliest on ties);
 * its pain in *pain when pain is not NULL. */
int calf_explain_worst_day(const calf_model *m, const calf_planner *pl, int oracle, uint64_t seed,
                           int days, int *day, double *pain, calf_error *err);
/* The 256 counterfactual days and the Shapley split. */
int calf_explain_compute(const calf_model *m, const calf_explain_input *in,
                         const calf_explain_opts *o, calf_explanation *x, calf_error *err);
/* One counterfactual: the day with the factors whose bit is set in
 * `actual_mask` as they were and the others at their reference values.
 * out[CALF_XQ_*]. Exposed for tests. */
int calf_explain_counterfactual(const calf_model *m, const calf_explain_input *in,
                                const calf_explain_opts *o, unsigned actual_mask,
                                double out[CALF_XQ_COUNT], calf_error *err);
/* Factors of quantity q ordered by decreasing |contribution|. */
void calf_explain_rank(const calf_explanation *x, int q, int order[CALF_XF_COUNT]);
/* The plain-language paragraph into buf (always NUL-terminated). */
void calf_explain_text(const calf_model *m, const calf_explanation *x, char *buf, size_t n);
/* The explanation as one JSON object (text included); head, when not NULL,
 * is written first inside the object (members, each line ending ",\n"). */
void calf_explain_write_json(FILE *fp, const calf_model *m, const calf_explanation *x,
                             const char *source, const char *head);
/* Bar-chart data: one row per factor (label, pain during, next-morning pain). */
void calf_explain_write_dat(FILE *fp, const calf_explanation *x);

#endif
