/*
 * exercise.c: the built-in exercises and the %1RM table.
 */
#include "exercise.h"

#include <string.h>

#include "util.h"

/* clang-format off */
const calf_exercise calf_exercises[] = {
    {"seated_calf_raise",       CALF_Q_CALF,    CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 4, 15, 0, 0},
    {"bent_knee_calf_raise",    CALF_Q_CALF,    CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 4, 15, 0, 0},
    {"straight_leg_calf_raise", CALF_Q_CALF,    CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_STRAIGHT, 1, -1, 4, 15, 0, 0},
    {"leg_press_calf_raise",    CALF_Q_CALF,    CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_LEGPRESS, 1, -1, 4, 15, 0, 0},
    {"soleus_squat",            CALF_Q_CALF,    CALF_EXM_LOADED,     CALF_P_KAPPA_SOL, CALF_P_TR_DEFAULT,  1, -1, 4, 15, 0, 0},
    {"single_leg_heel_raise",   CALF_Q_CALF,    CALF_EXM_BODYWEIGHT, CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 2, 15, 0, 0},
    {"eccentric_heel_drop",     CALF_Q_CALF,    CALF_EXM_BODYWEIGHT, CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, CALF_P_ECC_FACTOR, 3, 15, 0, 0},
    {"toe_flexor_isometric",    CALF_Q_TOE,     CALF_EXM_ISOMETRIC,  CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 3, 15, 0, 0},
    {"invertor_evertor_band",   CALF_Q_EVERTOR, CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 3, 15, 0, 0},
    {"quads_glutes",            CALF_Q_CHAIN,   CALF_EXM_LOADED,     CALF_P_KAPPA_EX,  CALF_P_TR_DEFAULT,  1, -1, 4, 10, 0, 0},
};
/* clang-format on */
const int calf_exercise_count = (int)(sizeof(calf_exercises) / sizeof(calf_exercises[0]));

int calf_exercise_find(const char *name)
{
    for (int i = 0; i < calf_exercise_count; i++)
        if (strcmp(calf_exercises[i].name, name) == 0)
            return i;
    return -1;
}

const char *calf_exercise_suggest(const char *name)
{
    const char *best = NULL;
    int bestd = 1000;
    for (int i = 0; i < calf_exercise_count; i++) {
        int d = calf_edit_distance(name, calf_exercises[i].name);
        if (d < bestd) {
            bestd = d;
            best = calf_exercises[i].name;
        }
    }
    return bestd <= 4 ? best : NULL;
}

double calf_pct_1rm(double rm)
{
    return 0.5 * (30.0 / (30.0 + rm) + (37.0 - rm) / 36.0);
}
