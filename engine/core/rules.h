/*
 * rules.h: a protocol's weekly rules in compiled form (docs/protocols.md,
 * "Rules evaluated in C"). A protocol declares state variables, updates to
 * them keyed to the pain-monitoring verdict, limits, and the week's layout
 * (sessions whose distance, repetitions, sets and RM are expressions of the
 * state, the week and the protocol's parameters, switched on thresholds); the
 * engine evaluates them each Monday with no Lua call.
 *
 * This module is the evaluator: expressions (a small language compiled to a
 * stack code), the update blocks, the verdict and the layouts. It knows
 * sessions only by name; the protocol runtime (engine/lua) binds the names
 * to a patient's sessions and turns each chosen item into a session.
 */
#ifndef CALF_RULES_H
#define CALF_RULES_H

#include "error.h"
#include "session.h"

#define CALF_RULES_MAX_NAMES   96  /* distinct names a protocol's rules use */
#define CALF_RULES_MAX_EXPRS   256 /* expressions */
#define CALF_RULES_MAX_CODE    4096
#define CALF_RULES_MAX_SETS    64 /* assignments over all update blocks */
#define CALF_RULES_MAX_LAYOUTS 8
#define CALF_RULES_MAX_ITEMS   192
#define CALF_RULES_NAME        48

/* What a name stands for. State variables and sessions are the protocol's
 * (ctx.state after init); the others are the engine's. */
enum calf_rules_name_kind {
    CALF_RN_STATE = 0, /* a number or boolean of ctx.state, or a session (a template) */
    CALF_RN_PARAM,     /* p.NAME */
    CALF_RN_WEEK,      /* week */
    CALF_RN_DAY,       /* day */
    CALF_RN_MORNING,   /* morning_pain (this Monday's) */
    CALF_RN_HEEL,      /* heel_raise_reps (this Monday's test) */
    CALF_RN_LAST       /* last.FIELD: ctx.last_week's summary (calf_rules_week) */
};

/* The overrides an item may give its session, in this order. */
enum { CALF_OV_KM, CALF_OV_REPS, CALF_OV_SETS, CALF_OV_RM, CALF_OV_PACK, CALF_OV_COUNT };
extern const char *const calf_rules_override_names[]; /* "km", ..., "rm", "pack_kg", NULL */

/* The update blocks, in the order they apply each Monday from week 2: the
 * verdict's block, then every, then after (which reads what every wrote). */
enum {
    CALF_UB_PROGRESS,
    CALF_UB_HOLD,
    CALF_UB_REGRESS,
    CALF_UB_EVERY,
    CALF_UB_AFTER,
    CALF_UB_COUNT
};
extern const char *const calf_rules_block_names[]; /* "progress", ..., "after", NULL */

/* The verdict, as rules.pain_monitor gives it. */
enum { CALF_VERDICT_PROGRESS, CALF_VERDICT_HOLD, CALF_VERDICT_REGRESS };

/* What the rules read each Monday: the observations and ctx.last_week's
 * summary of the 7 days before (the same numbers). */
typedef struct calf_rules_week {
    int day, week;
    double morning_pain, heel_raise_reps;
    double run_km, longest, pain_max, morning_max, morning_mean, prev_morning_mean;
    double rest_pain_max; /* the highest pain during on the days without running */
    int runs, stopped, days, flare;
} calf_rules_week;

typedef struct calf_rules_op {
    unsigned char op;
    unsigned char argc;
    short arg;
    double k;
} calf_rules_op;

typedef struct calf_rules_set {
    int var;  /* name index */
    int expr; /* expression index */
} calf_rules_set;

/* One session of a day: the template (a name), shown only when `when` holds
 * (-1: always), with its overrides (expression indices, -1 = none) and an
 * `instead` item (-1 = the template's own). */
typedef struct calf_rules_item {
    int tmpl, when, ov[CALF_OV_COUNT], instead;
    char where[80]; /* weeks[2].sat[1], for messages */
} calf_rules_item;

typedef struct calf_rules_layout {
    int when;               /* -1: always */
    int first[7], count[7]; /* the day's items: day_item[first .. first + count) */
} calf_rules_layout;

typedef struct calf_rules {
    char path[256]; /* the protocol, for messages */
    int nnames;
    char name[CALF_RULES_MAX_NAMES][CALF_RULES_NAME];
    unsigned char kind[CALF_RULES_MAX_NAMES];
    unsigned char is_tmpl[CALF_RULES_MAX_NAMES]; /* used as a session */
    unsigned char is_num[CALF_RULES_MAX_NAMES];  /* used as a number */
    unsigned char field[CALF_RULES_MAX_NAMES];   /* last.FIELD: FIELD's index, found once */
    int ncode, nexpr;
    calf_rules_op code[CALF_RULES_MAX_CODE];
    int expr_at[CALF_RULES_MAX_EXPRS];
    char expr_where[CALF_RULES_MAX_EXPRS][80];
    /* the verdict: limit (pain during), morning (highest next-morning
     * pain), trend (weekly rise in mean morning pain), trend_after (the day
     * after which the trend is read); -1 = no verdict */
    int v_limit, v_morning, v_trend, v_trend_after;
    int nsets;
    calf_rules_set set[CALF_RULES_MAX_SETS];
    int block_first[CALF_UB_COUNT], block_count[CALF_UB_COUNT];
    /* limits: per state name, min and max expressions (-1 = none) */
    int lim_min[CALF_RULES_MAX_NAMES], lim_max[CALF_RULES_MAX_NAMES];
    int nlayouts, nitems;
    calf_rules_layout layout[CALF_RULES_MAX_LAYOUTS];
    calf_rules_item item[CALF_RULES_MAX_ITEMS];
    int nday;
    int day_item[CALF_RULES_MAX_ITEMS]; /* the days' own items (not `instead` ones), by day */
    int nbuiltin;                       /* the names set each Monday (calf_rules_finish) */
    int builtin[CALF_RULES_MAX_NAMES];
} calf_rules;

/* An empty rule set for the protocol at path. */
void calf_rules_init(calf_rules *r, const char *path);
/* The index of name (a state name, p.NAME, last.FIELD or a built-in),
 * added if new; where names the field for messages. -1 and err on a bad name. */
int calf_rules_name(calf_rules *r, const char *name, const char *where, calf_error *err);
/* Compile the expression src (a number or text), found at where (e.g.
 * "update.progress.longest"); its index, or -1 and err naming where, the
 * text and what went wrong. */
int calf_rules_expr(calf_rules *r, const char *src, const char *where, calf_error *err);
/* A number as an expression. */
int calf_rules_const(calf_rules *r, double v, const char *where, calf_error *err);
/* Add an assignment NAME = expr to block b (update blocks are declared one
 * after the other, in block order). */
int calf_rules_add_set(calf_rules *r, int block, const char *var, int expr, const char *where,
                       calf_error *err);
/* Declare the end of the rule set; checks names used both as a session and
 * a number, and the layouts. */
int calf_rules_finish(calf_rules *r, calf_error *err);

/* A patient's values: one double per name. State names are set by the
 * runtime from ctx.state after init (NAN and have = 0 when absent), params
 * once per bind; the built-ins each Monday. */
typedef struct calf_rules_env {
    double val[CALF_RULES_MAX_NAMES];
    unsigned char have[CALF_RULES_MAX_NAMES];
} calf_rules_env;

/* Evaluate expression e in env: 0 and *out, or CALF_ESCRIPT and err naming
 * the expression's place, week and the name that is missing or the value
 * that is not finite. */
int calf_rules_eval(const calf_rules *r, const calf_rules_env *env, int e, int week, double *out,
                    calf_error *err);
/* Apply the limits to every state variable (after init and after each
 * week's updates). */
int calf_rules_limit(const calf_rules *r, calf_rules_env *env, int week, calf_error *err);
/* The pain-monitoring verdict for the week w (Silbernagel et al. 2007, as
 * protocols/lib/rules.lua states it). */
int calf_rules_verdict(const calf_rules *r, const calf_rules_env *env, const calf_rules_week *w,
                       int *verdict, calf_error *err);
/* A Monday: the built-ins from w, then (from week 2) the verdict's block,
 * `every` and `after`, then the limits. *verdict gets the verdict (-1 without one). */
int calf_rules_monday(const calf_rules *r, calf_rules_env *env, const calf_rules_week *w,
                      int *verdict, calf_error *err);
/* The layout for this week (the first whose `when` holds), -1 if none. */
int calf_rules_layout_for(const calf_rules *r, const calf_rules_env *env, int week, int *layout,
                          calf_error *err);

#endif
