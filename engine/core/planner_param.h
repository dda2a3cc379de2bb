/*
 * planner_param.h: a parameterised return-to-running progression and the
 * search for its fastest safe setting. The progression is open-loop (each
 * week's sessions follow from the week number, the patient's easy speed and
 * goal, and seven numbers): starting weekly distance and weekly growth, the
 * strength dose (sets) and how many weeks each RM step lasts, runs per week
 * (which places the rest days), the week quality running returns, and the
 * total step-rate change of gait retraining (three equal steps). Every run
 * carries stop_at_pain = the pain limit. The same weeks are written as a
 * protocol .lua file (calf_pp_write_lua) that `calfsim run` replays exactly.
 *
 * The search (calf_pp_search) minimises, with gsl_multimin Nelder-Mead
 * (nmsimplex2) from deterministic seeded starts, the goal day plus
 * penalties for days with pain during above the limit, morning-pain flares
 * and a model injury probability above a bound; with robust > 0 the
 * constraints must hold for at least 80% of that many virtual patients
 * (the cohort's virtual patients drawn around the profile, docs/cohort.md).
 */
#ifndef CALF_PLANNER_PARAM_H
#define CALF_PLANNER_PARAM_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"
#include "model.h"
#include "sim.h"

enum {
    CALF_PP_START,    /* first week's distance as a share of the goal distance */
    CALF_PP_GROWTH,   /* weekly distance growth */
    CALF_PP_SETS,     /* strength sets (seated calf raise, reps = RM) */
    CALF_PP_RM_WEEKS, /* weeks per RM step (15, 12, 10, 8, 6) */
    CALF_PP_RUNS,     /* runs per week (3-6; places the rest days) */
    CALF_PP_QUALITY,  /* the week quality running returns */
    CALF_PP_GAIT,     /* total step-rate increase of gait retraining (3 steps) */
    CALF_PP_COUNT
};
extern const char *const calf_pp_names[CALF_PP_COUNT];
extern const double calf_pp_lo[CALF_PP_COUNT], calf_pp_hi[CALF_PP_COUNT];

typedef struct calf_pp {
    double v[CALF_PP_COUNT];
    double max_pain; /* stop_at_pain of every run */
} calf_pp;

/* The sessions of one day of the progression (week from 1, weekday 1..7);
 * s holds CALF_MAX_SESSIONS sessions. Returns the count. */
int calf_pp_day(const calf_pp *pp, const calf_model *m, int week, int weekday, calf_session *s);
/* A planner replaying the progression; state is caller storage. */
typedef struct calf_pp_planner {
    calf_pp pp;
    const calf_model *m;
    calf_session s[CALF_MAX_SESSIONS];
} calf_pp_planner;
calf_planner calf_pp_planner_make(calf_pp_planner *st, const calf_pp *pp, const calf_model *m);

/* Write the progression as a protocol file for weeks 1..weeks (later weeks
 * repeat the last). */
int calf_pp_write_lua(FILE *fp, const calf_pp *pp, const calf_model *m, int weeks);

typedef struct calf_pp_opts {
    int weeks;         /* horizon */
    double max_pain;   /* pain-during limit */
    double max_injury; /* bound on the model injury probability */
    int robust;        /* virtual patients (0 = off) */
    uint64_t seed;
    int starts; /* Nelder-Mead starts */
} calf_pp_opts;

typedef struct calf_pp_result {
    calf_pp best;
    double cost;
    calf_summary sum;        /* nominal patient */
    int robust_n, robust_ok; /* virtual patients meeting the constraints */
    int evals, starts;
} calf_pp_result;

/* Evaluate one setting: simulate and return the cost (sum filled). */
double calf_pp_cost(const calf_pp *pp, const calf_model *m, const calf_pp_opts *o,
                    calf_summary *sum);
/* m's patient goal fields and the registry pain_limit must already hold the goal. */
int calf_pp_search(const calf_model *m, const calf_pp_opts *o, calf_pp_result *r, calf_error *err);
/* Virtual patient i of the robust check (deterministic in seed, i). */
int calf_pp_virtual_patient(const calf_model *m, uint64_t seed, int i, calf_model *out,
                            calf_error *err);

#endif
