/*
 * plan_csv.h: plans given as CSV (DESIGN.md "Plan CSV"): what was done or is
 * prescribed, one row per session or run/walk segment. Parsing is strict:
 * a bad cell names file, line, column, value and what is allowed. A parsed
 * plan acts as a calf_planner for the simulation.
 */
#ifndef CALF_PLAN_CSV_H
#define CALF_PLAN_CSV_H

#include "csv.h"
#include "model.h"
#include "sim.h"

typedef struct calf_plan_day {
    int n;
    calf_session s[CALF_MAX_SESSIONS];
} calf_plan_day;

/* The plan compiled for one model (calf_model_prog_compile), for runs without
 * a trace: filled on first use by calf_plan_compiled, kept for the next run of
 * the same model. Like the session caches, it is written by a run: a plan is
 * used by one thread at a time. */
typedef struct calf_plan_prog {
    unsigned long uid;  /* model the days are compiled for; 0 = none yet */
    int tek;            /* some day trains T, E or K (or changes the gait) */
    int goal_possible;  /* the planned run km can reach the weekly goal km */
    calf_prog_day *day; /* room for one per plan day; plan day d runs day[rep[d - 1]] */
    /* What does not depend on the model, found at the first compile: for
     * each plan day the first day with the same sessions (only those first
     * days, uniq[0 .. nuniq - 1], are compiled), whether any day changes the
     * gait, and the planned run km over any 7 consecutive days. */
    int *rep, *uniq; /* uniq points into rep's allocation */
    int nuniq, prepared, gait;
    double max_week;
} calf_plan_prog;

typedef struct calf_plan {
    int days;             /* highest day in the file */
    calf_plan_day *day;   /* day[0] is day 1 */
    calf_plan_prog *prog; /* NULL when it could not be allocated */
} calf_plan;

/* Columns of the plan CSV, in their documented order (NULL-terminated). */
extern const char *const calf_plan_columns[];

/* Parse a plan; blank run speeds take the patient's easy speed (m). */
int calf_plan_read(const char *path, const calf_model *m, calf_plan *out, calf_error *err);
/* Parse rows of an already-read CSV (used by the pain-diary reader too).
 * Columns other than the plan's are ignored; missing plan columns are blank. */
int calf_plan_from_csv(const calf_csv *csv, const calf_model *m, calf_plan *out, calf_error *err);
void calf_plan_free(calf_plan *p);
/* Give p (p->prog NULL, p->days set) its own storage for the compiled plan,
 * as calf_plan_read does; a copy of a plan's days needs it to be compiled.
 * Out of memory leaves p->prog NULL (the plan is then replayed day by day). */
void calf_plan_prog_alloc(calf_plan *p);
/* A planner that replays the plan; days past its end are rest. */
calf_planner calf_plan_planner(calf_plan *p);
/* The plan behind a plan planner, NULL for any other planner. */
calf_plan *calf_planner_plan(const calf_planner *pl);
/* The plan compiled for m (compiled now if it was for another model), or NULL
 * when the plan changes the gait (later loads depend on it) or has no
 * compiled storage: replay it day by day. */
const calf_plan_prog *calf_plan_compiled(calf_plan *p, const calf_model *m);

#endif
