/*
 * session.h: one prescribed session in its compact, validated form. The plan
 * CSV reader and the Lua session constructors both produce calf_session
 * values; the daily step reads them directly. Declarative symptom rules
 * (stop_at_pain, skip/shorten on morning pain, instead) live here so the
 * engine applies them in C every day.
 */
#ifndef CALF_SESSION_H
#define CALF_SESSION_H

#include "error.h"

#define CALF_MAX_SEGMENTS 40
#define CALF_MAX_SESSIONS 6 /* per day */

enum calf_kind {
    CALF_K_REST = 0,
    CALF_K_RUN,      /* segments of running (walk segments allowed: walk/run) */
    CALF_K_WALK,     /* walking only */
    CALF_K_STRENGTH, /* a registry exercise by RM or %1RM */
    CALF_K_ISOMETRIC,
    CALF_K_NEURAL,
    CALF_K_CROSS,
    CALF_K_GAIT, /* retraining change that persists from this day */
    CALF_K_COUNT
};
extern const char *const calf_kind_names[];  /* "rest", "run", ... */
extern const char *const calf_cross_kinds[]; /* "bike", "swim", ..., NULL */

enum { CALF_NEURAL_SLIDER = 0, CALF_NEURAL_TENSIONER = 1 };

typedef struct calf_segment {
    double km, kmh;
    int walk; /* 1 = walking segment */
} calf_segment;

/* Per-segment numbers that depend only on the patient's calibration, the gait
 * in force and the segment's speed and kind; cached on first use so the daily
 * step calls no pow(). */
typedef struct calf_seg_cache {
    double f_base; /* peak force before the daily strength factors (BW) */
    double n_km;   /* loading cycles per km */
    double key;    /* the segment's kmh they are for, negated for a walking segment */
} calf_seg_cache;

typedef struct calf_session {
    int kind;
    /* run / walk */
    int nseg;
    calf_segment seg[CALF_MAX_SEGMENTS];
    double step_rate; /* multiplier on preferred cadence; 0 = gait in force */
    int strike;       /* CALF_STRIKE_*, -1 = gait in force */
    /* strength / isometric */
    int exercise;                       /* index into the exercise registry, -1 = custom below */
    const struct calf_exercise *custom; /* custom exercise (owned by the protocol) */
    double sets, reps, rm, pct_1rm;     /* rm or pct_1rm (NAN when unused) */
    /* neural / cross */
    int neural_kind;
    double bouts, minutes;
    /* gait retraining (kind GAIT): NAN = unchanged */
    double gait_step_rate, gait_overstride;
    int gait_strike; /* -1 unchanged */
    /* declarative symptom rules; NAN = none */
    double stop_at_pain;
    double skip_if_morning_pain;
    double shorten_if_morning_pain, shorten_factor;
    /* recorded for the prescription, not read by the model; NAN / -1 = not given */
    double tempo_s, hold_s;       /* seconds per repetition; seconds per isometric hold */
    int cross_kind;               /* index into calf_cross_kinds */
    struct calf_session *instead; /* used when a rule skips this session */
    /* cache (owned by whoever owns the session; filled and checked in model.c):
     * a run's segment numbers are current for the model tag cache_owner and
     * the gait cache_key while the session is unchanged; whoever changes a
     * session's content sets cache_owner = NULL */
    const void *cache_owner;
    double cache_key[3];
    /* what the cache was last filled for: the tag, keys (the gait, or a
     * strength session's pct_1rm, rm and exercise) and number of segments
     * (each segment's speed and kind are in its cache key), so that a copy or
     * a session rebuilt with the same content (cache_owner cleared, cache left
     * as it was) is recognised by its content and not refilled */
    const void *fill_owner;
    double fill_key[3];
    int fill_n;
    calf_seg_cache cache[CALF_MAX_SEGMENTS];
} calf_session;

/* A rest session with every optional field unset. */
void calf_session_init(calf_session *s, int kind);
/* Validate ranges (km >= 0, speeds 3-30 km/h, rm 1-30, ...). Names the field. */
int calf_session_validate(const calf_session *s, calf_error *err);
/* Total running/walking km of the session. */
double calf_session_km(const calf_session *s);

typedef struct calf_day_plan {
    int n;
    calf_session *s[CALF_MAX_SESSIONS]; /* not const: sessions carry a load cache */
} calf_day_plan;

#endif
