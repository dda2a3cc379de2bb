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

typedef struct calf_plan {
    int days;           /* highest day in the file */
    calf_plan_day *day; /* day[0] is day 1 */
} calf_plan;

/* Columns of the plan CSV, in their documented order (NULL-terminated). */
extern const char *const calf_plan_columns[];

/* Parse a plan; blank run speeds take the patient's easy speed (m). */
int calf_plan_read(const char *path, const calf_model *m, calf_plan *out, calf_error *err);
/* Parse rows of an already-read CSV (used by the pain-diary reader too).
 * Columns other than the plan's are ignored; missing plan columns are blank. */
int calf_plan_from_csv(const calf_csv *csv, const calf_model *m, calf_plan *out, calf_error *err);
void calf_plan_free(calf_plan *p);
/* A planner that replays the plan; days past its end are rest. */
calf_planner calf_plan_planner(calf_plan *p);

#endif
