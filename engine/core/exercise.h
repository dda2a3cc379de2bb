/*
 * exercise.h: the exercise registry. Each exercise names the quality it
 * trains, how its force is set (by RM/%1RM relative to current strength, or
 * a body-weight force), its kappa and transfer (registry parameters), and a
 * default tempo. Protocols may add exercises at run time (they carry their own
 * numbers); the built-ins are listed here.
 */
#ifndef CALF_EXERCISE_H
#define CALF_EXERCISE_H

#include "params.h"

enum calf_quality {
    CALF_Q_CALF = 0, /* plantarflexor strength S and capacity C */
    CALF_Q_TOE,      /* toe-flexor strength T */
    CALF_Q_EVERTOR,  /* invertor/evertor strength E */
    CALF_Q_CHAIN     /* kinetic chain (quadriceps/gluteal) K */
};

enum calf_ex_mode {
    CALF_EXM_LOADED = 0, /* intensity from RM or %1RM: x = %1RM * kappa */
    CALF_EXM_BODYWEIGHT, /* force = f_heel_raise * factor; x = force / S */
    CALF_EXM_ISOMETRIC   /* x = effort (fraction of MVC) */
};

typedef struct calf_exercise {
    const char *name;
    int quality;         /* calf_quality */
    int mode;            /* calf_ex_mode */
    int kappa_param;     /* registry index of kappa (LOADED) */
    int transfer_param;  /* registry index of the transfer weight */
    double bw_factor;    /* BODYWEIGHT: multiple of f_heel_raise (1 or eccentric_factor) */
    int bw_factor_param; /* registry index of the factor, or -1 for 1 */
    double tempo_s;      /* default seconds per rep (recorded) */
    double default_rm;   /* when a session names neither rm nor pct */
    /* custom exercises (added from Lua) set the *_param indices to -1 and
     * carry their own values here */
    double kappa_value, transfer_value;
} calf_exercise;

extern const calf_exercise calf_exercises[];
extern const int calf_exercise_count;

/* Index by snake_case name, or -1. */
int calf_exercise_find(const char *name);
/* Closest name for "did you mean", or NULL. */
const char *calf_exercise_suggest(const char *name);
/* %1RM for an r-repetition maximum: mean of Epley and Brzycki. */
double calf_pct_1rm(double rm);

#endif
