/*
 * patient.h: a runner's intake profile (what a clinician records at the first
 * visit) and the table of its fields. The table is the single description of
 * every field: its dotted path as written in a patient file, type, range and
 * meaning. Loaders (engine/lua) walk it; validation, "did you mean" and sweep
 * variables ("patient.habitual.easy_kmh") use it too.
 */
#ifndef CALF_PATIENT_H
#define CALF_PATIENT_H

#include <stddef.h>
#include <stdio.h>

#include "error.h"

enum { CALF_STRIKE_REARFOOT = 0, CALF_STRIKE_MIDFOOT = 1, CALF_STRIKE_FOREFOOT = 2 };
enum { CALF_IRR_LOW = 0, CALF_IRR_MODERATE = 1, CALF_IRR_HIGH = 2 };
enum { CALF_SURFACE_ROAD = 0, CALF_SURFACE_TREADMILL = 1 };

typedef struct calf_patient {
    char name[128];
    char sex[8];
    double mass_kg, age;
    /* habitual (pre-injury) running */
    double km_per_week, runs_per_week, easy_kmh;
    /* symptoms; NAN = not reported */
    double onset_km;     /* distance at easy pace before symptom onset */
    double easy_free_km; /* symptom-free at easy pace up to this distance */
    double fast_kmh, fast_onset_km;
    int irritability; /* CALF_IRR_* */
    double morning_pain;
    /* examination */
    double heel_raise_reps, neural_mobility, toe_flexor, kinetic_chain, invertor_evertor;
    /* gait; NAN = not measured */
    double cadence_spm;
    int strike; /* CALF_STRIKE_* */
    double overstride, vertical_oscillation_cm, contact_ms, rearfoot_eversion;
    int surface; /* CALF_SURFACE_* */
    /* goal */
    double goal_km_per_week, goal_quality_sessions, goal_long_run_km;
    /* recent load before day 1 (`--history`, warmup.h): replayed before the
     * simulation; NULL = none. Not owned; not a profile field. */
    const struct calf_plan *history;
    /* 1: the history is this patient's own since intake (a pain diary, for
     * `calfsim forecast`): day 1 continues from the whole state the replay
     * leaves, tissue state included */
    int history_full;
} calf_patient;

enum { CALF_PF_NUMBER, CALF_PF_STRING, CALF_PF_ENUM, CALF_PF_TABLE };

typedef struct calf_patient_field {
    const char *path; /* "habitual.easy_kmh"; tables have type CALF_PF_TABLE */
    int type;
    size_t offset;              /* into calf_patient (not for tables) */
    size_t size;                /* buffer size for strings */
    double min, max;            /* numbers */
    const char *const *choices; /* enums, NULL-terminated; value = index */
    int optional;               /* may be nil/absent */
    const char *unit, *meaning;
} calf_patient_field;

extern const calf_patient_field calf_patient_fields[];
extern const size_t calf_patient_field_count;

/* Defaults: a healthy 40 km/week runner; optional measurements NAN. */
void calf_patient_defaults(calf_patient *p);
const calf_patient_field *calf_patient_field_find(const char *path);
/* Closest known path to an unknown one, or NULL when nothing is close. */
const char *calf_patient_suggest(const char *path);
/* Set a number field by path with its range checked. */
int calf_patient_set_number(calf_patient *p, const char *path, double v, calf_error *err);
/* Set a string/enum field by path (enums by choice name). */
int calf_patient_set_string(calf_patient *p, const char *path, const char *s, calf_error *err);
/* Read a number field (enums read as their index). Returns 0, or -1 if unknown path. */
int calf_patient_get_number(const calf_patient *p, const char *path, double *out);
/* Print the field table as Markdown (docs/patient-fields.md). */
void calf_patient_fields_print_md(FILE *fp);
/* Cross-field checks after loading (e.g. fast onset needs fast speed). */
int calf_patient_validate(const calf_patient *p, calf_error *err);

extern const char *const calf_strike_names[];
extern const char *const calf_irritability_names[];

#endif
