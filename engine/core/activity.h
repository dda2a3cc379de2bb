/*
 * activity.h: activities read from a runner's watch exports (FIT, TCX, GPX)
 * and what calfsim makes of them: activities.csv (one row per activity),
 * history.csv (the runs, walks and other sports in the plan CSV format, day 1
 * = the day of the first activity) and habitual.lua (a patient fragment of the
 * habitual running over the last weeks). The readers live in fit.c (core) and
 * engine/import (TCX and GPX, with libxml2); this module only holds and writes.
 */
#ifndef CALF_ACTIVITY_H
#define CALF_ACTIVITY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* calfsim's sports: what the plan CSV can replay them as. */
enum {
    CALF_SPORT_OTHER = 0, /* generic or unknown: written, never replayed */
    CALF_SPORT_RUN,
    CALF_SPORT_WALK, /* walking and hiking */
    CALF_SPORT_CYCLE,
    CALF_SPORT_SWIM,
    CALF_SPORT_COUNT
};
extern const char *const calf_sport_names[]; /* "other", "run", "walk", "cycle", "swim" */

typedef struct calf_activity {
    int sport;          /* CALF_SPORT_* */
    int64_t start;      /* start time, seconds since 1970-01-01 UTC */
    int utc_offset_s;   /* local time = start + utc_offset_s (0 when the file does not say) */
    double km;          /* total distance */
    double minutes;     /* moving (timer) time; elapsed time when the file has no timer */
    double cadence_spm; /* steps per minute (runs and walks), NAN when not recorded */
    char source[256];   /* "file.fit#2": the file's base name and session index from 1 */
} calf_activity;

typedef struct calf_activity_list {
    calf_activity *a;
    size_t n, cap;
} calf_activity_list;

/* Append a copy of act; CALF_EIO when out of memory. */
int calf_activity_push(calf_activity_list *l, const calf_activity *act, calf_error *err);
void calf_activity_list_free(calf_activity_list *l);
/* Sort by start time (then source), so the outputs do not depend on the order
 * of the files on the command line. */
void calf_activity_sort(calf_activity_list *l);
/* Set source to "BASE#INDEX" with BASE the base name of path. */
void calf_activity_source(calf_activity *act, const char *path, int index);
/* The local calendar day of an activity, as days since 1970-01-01. */
long calf_activity_day(const calf_activity *act);

/* Parse an ISO 8601 time "YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm|-hh:mm]" into
 * seconds since 1970 UTC and the offset it states (0 for Z or none). Returns
 * 0, or -1 when s is not such a time. */
int calf_time_parse_iso(const char *s, int64_t *unix_s, int *utc_offset_s);

/* Provenance written at the top of every import output. */
typedef struct calf_import_meta {
    uint64_t seed;       /* import draws nothing: 0 */
    uint64_t param_hash; /* the registry's hash, as in every output */
    int weeks;           /* habitual.lua's window */
} calf_import_meta;

/* activities.csv: date,start,sport,km,minutes,kmh,cadence_spm,source. */
int calf_activities_write_csv(const char *path, const calf_activity_list *l,
                              const calf_import_meta *meta, calf_error *err);
/* history.csv in the plan CSV format (day 1 = the local day of the first
 * activity): runs as kind run, walks and hikes as walk, rides and swims as
 * cross (their minutes); speeds clamped into the plan's allowed ranges. */
int calf_history_write_csv(const char *path, const calf_activity_list *l,
                           const calf_import_meta *meta, calf_error *err);

/* The habitual running of the last weeks (ending on the last activity's day). */
typedef struct calf_habitual {
    int runs;                 /* runs in the window */
    long first_day, last_day; /* the window, days since 1970-01-01 */
    double km_per_week, runs_per_week;
    double easy_kmh;    /* median speed of the slower half of the runs; NAN without runs */
    double cadence_spm; /* time-weighted mean cadence of the runs that recorded one; NAN if none */
} calf_habitual;
void calf_habitual_from(const calf_activity_list *l, int weeks, calf_habitual *h);
/* habitual.lua: the habitual and gait fields of a patient profile. */
int calf_habitual_write_lua(const char *path, const calf_habitual *h, const calf_import_meta *meta,
                            calf_error *err);

#endif
