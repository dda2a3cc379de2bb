/*
 * outcome.h: the outcomes a protocol comparison reports, one column each
 * (weeks to goal, total km, peak pain, ...), and the one number formatter
 * that summary.json, compare.csv, the stdout table and report.html all use,
 * so the same outcome reads the same everywhere.
 */
#ifndef CALF_OUTCOME_H
#define CALF_OUTCOME_H

#include <stddef.h>

#include "sim.h"

typedef struct calf_outcome_col {
    const char *key;  /* compare.csv column; the summary.json key it comes from */
    const char *head; /* short table heading */
    const char *long_head;
    const char *unit;
    int decimals; /* shown to this many decimals in every output */
} calf_outcome_col;

enum {
    CALF_OC_WEEKS_TO_GOAL = 0,
    CALF_OC_TOTAL_KM,
    CALF_OC_PEAK_PAIN,
    CALF_OC_DAYS_OVER_LIMIT,
    CALF_OC_FLARES,
    CALF_OC_STOPPED,
    CALF_OC_CAPACITY_PCT,
    CALF_OC_HEEL_RAISE,
    CALF_OC_MAX_ACWR,
    CALF_OC_MAX_P_INJURY,
    CALF_OC_COUNT
};

extern const calf_outcome_col calf_outcome_cols[CALF_OC_COUNT];

/* A number as calfsim writes it everywhere: "%.6g", -0 as 0, "" when not
 * finite. */
void calf_fmt_g(char *buf, size_t n, double v);
/* Outcome i of s as text. Weeks to goal is the goal week, or empty_goal
 * ("not reached" in tables, "" in CSV) when the goal was never reached. */
void calf_outcome_format(const calf_summary *s, int i, const char *empty_goal, char *buf, size_t n);
/* Outcome i as people read it in the terminal table and report.html: as
 * calf_outcome_format with "not reached", and heel raises in whole
 * repetitions (the data files keep the model's expected count to 0.1). */
void calf_outcome_display(const calf_summary *s, int i, char *buf, size_t n);
/* Outcome i as a number (NAN when the goal was never reached). */
double calf_outcome_value(const calf_summary *s, int i);

#endif
