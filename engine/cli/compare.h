/*
 * compare.h: the protocol comparison shared by `calfsim compare` and
 * `calfsim demo`: simulate each protocol (Lua) or plan (CSV) for one
 * patient, then write per-protocol trace.csv and summary.json, compare.csv,
 * the figures' data, templates and drawings, and report.html, and print the
 * outcome table.
 */
#ifndef CALF_COMPARE_H
#define CALF_COMPARE_H

#include "run_common.h"

#define CALF_COMPARE_MAX    5   /* protocols in one comparison (figures stay legible) */
#define CALF_COMPARE_COHORT 200 /* default virtual patients behind a comparison */
#define CALF_COMPARE_WEEKS  26

/* a->positional lists the protocols (.lua) and plans (.csv); default_out is
 * used when --out is absent; command is recorded in the report. */
int calf_compare_run(const calf_run_args *a, const char *default_out, const char *command);

#endif
