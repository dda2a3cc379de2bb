/*
 * verdict.h: the verdict of a protocol comparison (`calfsim compare`): which
 * protocol to choose and why, which goal criteria each protocol missed, and
 * whether the single modelled patient ranks the protocols as the virtual
 * cohort does. It reads only what the simulation already produced (the
 * trace, the summary and the cohort's numbers) and never changes the model.
 * Also writes compare.json: the verdict plus the numbers of both tables.
 */
#ifndef CALF_VERDICT_H
#define CALF_VERDICT_H

#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "sim.h"

#define CALF_VERDICT_MAX 8

/* The conditions of the verdict's `missed`, in the order they are listed. */
enum {
    CALF_MISS_VOLUME = 0, /* no week reached the goal's km */
    CALF_MISS_QUALITY,    /* ... the goal's quality sessions */
    CALF_MISS_LONG_RUN,   /* ... the goal's long run */
    CALF_MISS_PAIN_LIMIT, /* a day with pain during above the limit */
    CALF_MISS_FLARE,      /* a morning-pain flare */
    CALF_MISS_INJURY,     /* the model's injury event (summary injury_day) */
    CALF_MISS_COUNT
};
extern const char *const calf_miss_names[CALF_MISS_COUNT]; /* "volume", ... */
extern const char *const calf_miss_words[CALF_MISS_COUNT]; /* plain words */

/* The goal criteria of one run, read from its trace and summary.
 * missed: bit CALF_MISS_x set when that condition failed. When the goal was
 * never reached, the goal criteria (volume, quality, long run, pain limit,
 * flare) are those failing in the closest 7-day window: the one failing
 * the fewest criteria, the latest of equals (closest_end_day is its last
 * day). Whether or not the goal was reached, pain_limit, flare and injury
 * are also set when the run had a day over the pain limit, a flare or an
 * injury anywhere. The trace keeps each day's total running distance, so a
 * day's long run is its total (exact when a day has one run). */
typedef struct calf_goal_check {
    unsigned missed;
    int closest_end_day; /* 0 when the goal was reached */
} calf_goal_check;
void calf_goal_check_run(const calf_model *m, const calf_trace *t, const calf_summary *s,
                         calf_goal_check *out);

/* A virtual cohort's numbers for one protocol (compare --cohort). */
typedef struct calf_cohort_num {
    double p_goal, p_goal_lo, p_goal_hi;     /* share reaching the goal, 95% Wilson */
    double weeks_q1, weeks_median, weeks_q3; /* weeks to goal; NAN when not reached by that share */
    double p_flare, p_flare_lo, p_flare_hi;
    double p_injury, p_injury_lo, p_injury_hi; /* share with injury index above the threshold */
    double diff, diff_lo, diff_hi;             /* P(goal) minus the first's; NAN for the first */
    double final_capacity_pct;
} calf_cohort_num;

/* One compared protocol as the verdict reads it. */
typedef struct calf_verdict_in {
    const char *name;
    const calf_trace *trace;
    const calf_summary *sum;
    const calf_cohort_num *cohort; /* NULL without a cohort */
} calf_verdict_in;

typedef struct calf_verdict_row {
    calf_goal_check check;
    int goal_week;   /* 0 = not reached */
    int run_rank;    /* 1 + protocols reaching the goal in an earlier week */
    int cohort_rank; /* 1 + protocols with a higher cohort P(goal); 0 without a cohort */
    int agrees;      /* 1/0; -1 without a cohort */
} calf_verdict_row;

typedef struct calf_verdict {
    int n;
    int best; /* index of the chosen protocol, -1 when none qualifies */
    int has_cohort;
    int any_disagree;
    calf_verdict_row row[CALF_VERDICT_MAX];
    char why[1024];       /* one or two plain sentences (compare.json's "why") */
    char agreement[1024]; /* plain words on the single run against the cohort, "" without one */
} calf_verdict;

/* Make the verdict of n (at most CALF_VERDICT_MAX) protocols. */
void calf_verdict_make(const calf_model *m, const calf_verdict_in *in, int n, calf_verdict *v);
/* The missed list as "quality, flare" (plain words when words), "" when empty. */
void calf_verdict_missed_text(unsigned missed, int words, char *buf, size_t n);
/* Print the verdict for the terminal. */
void calf_verdict_print(FILE *fp, const calf_verdict *v, const calf_verdict_in *in);

/* compare.json: provenance, the verdict in the shape
 * {"verdict": {"best", "why", "protocols": [{name, goal_week, missed,
 * cohort_p_goal, cohort_p_goal_ci, agrees_with_cohort}]}}, the outcome
 * table's numbers and the cohort's. folders[k] is protocol k's output folder. */
typedef struct calf_compare_doc {
    const char *patient;
    uint64_t seed, param_hash;
    int days;
    long cohort_size; /* 0 without a cohort */
    double injury_threshold;
    const char *const *folders;
    const uint64_t *param_hashes;
} calf_compare_doc;
int calf_compare_json_write(const char *path, const calf_compare_doc *d, const calf_verdict *v,
                            const calf_verdict_in *in, calf_error *err);

#endif
