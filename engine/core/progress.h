/*
 * progress.h: a declarative weekly progression, evaluated in C. A protocol's
 * week may carry one (the week table's `progress`, docs/protocols.md
 * "Weekly progression in C"): the engine then repeats that week, with every
 * running and walking distance scaled, and decides each Monday from the
 * week just run whether the scale grows or regresses. No protocol code runs
 * for those weeks. The rule is the percent rule of running rehab: grow by a
 * fraction a week while no run was stopped by its pain rule, regress by a
 * factor after a week with a stopped (short) run, hold after a week whose
 * next-morning pain went above a level, never above a weekly cap.
 */
#ifndef CALF_PROGRESS_H
#define CALF_PROGRESS_H

#include "error.h"
#include "session.h"

/* The rule as the protocol states it. */
typedef struct calf_progress_rule {
    double grow;                 /* weekly growth when no run was stopped, 0..1 */
    double regress;              /* factor after a week with a stopped run, 0.1..1 (1 = hold);
                                  * 0 = none: growth whatever the symptoms */
    double max_week_km;          /* cap on the week's planned running distance (as
                                  * the goal counts it); 0 = none */
    double round_km;             /* each scaled segment rounded to this step; 0 = not
                                  * rounded */
    double hold_if_morning_pain; /* hold after a week with a morning above this, 0.5..10;
                                  * 0 = none */
    int weeks;                   /* weeks the rule governs, counting its first; 0 = to the end */
} calf_progress_rule;

/* A rule in force over a set of sessions. The scale is kept as
 * c (1 + grow)^a regress^b, so a run of plain growth is one pow() and the
 * same number a protocol computes as start * (1 + grow)^(week - 1). */
typedef struct calf_progress {
    calf_progress_rule rule;
    int on;
    int weeks_left; /* Mondays still governed; -1 = no limit */
    double c;
    int a, b;
    double base_km;  /* the week's planned running distance at scale 1 (walking
                      * when the week holds no running) */
    int walk_scaled; /* 1: the week holds only walking, which is then scaled */
    int nsess;
    calf_session **sess; /* the run and walk sessions scaled (not owned) */
    double *km0;         /* their segments' distances at scale 1, in order */
    int nkm, cap;
} calf_progress;

/* Check a rule's ranges; names the field ("progress.grow = 2: allowed 0 to 1"). */
int calf_progress_validate(const calf_progress_rule *r, calf_error *err);
/* Check one field's value as given (0 included, which the rule reads as
 * "none" for the optional fields); the ranges are stated once, in progress.c. */
int calf_progress_check_field(const char *field, double v, calf_error *err);
/* The field names, NULL-terminated: grow, regress, max_week_km, round_km, weeks. */
extern const char *const calf_progress_fields[];

/* Start rule r over a week: sess[0..n) are the distinct sessions the week's
 * plans point to (any kind; `instead` sessions included), week the seven day
 * plans. Records the distances at scale 1 and applies scale 1 (cap and
 * rounding included). CALF_EINPUT for a rule out of range (validate) or
 * a scaled distance out of a session's range ("progress scaled a run to
 * km = 102: allowed 0 to 100"), CALF_EIO when out of memory. */
int calf_progress_start(calf_progress *pg, const calf_progress_rule *r, calf_session *const *sess,
                        int n, const calf_day_plan week[7], calf_error *err);

/* What the rule reads of the 7 days just run, as ctx.last_week has it. */
typedef struct calf_progress_week {
    int stopped;        /* days with a run stopped by its pain rule */
    double morning_max; /* the highest next-morning pain */
} calf_progress_week;

/* A Monday under the rule, after the week w: regress when a run was
 * stopped (and the rule regresses), else hold when a morning's pain went
 * above hold_if_morning_pain, else grow; then apply the scale. Returns 1
 * when the rule still governs this week, 0 when it has run its weeks (pg is
 * then off and the protocol's week is due), -1 when the scale took a
 * distance out of its session's range (err says which:
 * "progress scaled a run to km = 160: allowed 0 to 100"; pg is off). */
int calf_progress_monday(calf_progress *pg, const calf_progress_week *w, calf_error *err);

/* The scale in force (for reports and tests). */
double calf_progress_scale(const calf_progress *pg);

void calf_progress_free(calf_progress *pg);

#endif
