/*
 * patient.c: the patient field table, defaults and range-checked setters.
 */
#include "patient.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

const char *const calf_strike_names[] = {"rearfoot", "midfoot", "forefoot", NULL};
const char *const calf_irritability_names[] = {"low", "moderate", "high", NULL};
static const char *const surface_names[] = {"road", "treadmill", NULL};
static const char *const sex_names[] = {"F", "M", "X", NULL};

#define NUM(path, field, lo, hi, opt, unit, meaning)                                               \
    {                                                                                              \
        path, CALF_PF_NUMBER, offsetof(calf_patient, field), 0, lo, hi, NULL, opt, unit, meaning   \
    }
#define ENUM(path, field, choices, meaning)                                                        \
    {                                                                                              \
        path, CALF_PF_ENUM, offsetof(calf_patient, field), 0, 0, 0, choices, 1, "", meaning        \
    }
#define TABLE(path, meaning)                                                                       \
    {                                                                                              \
        path, CALF_PF_TABLE, 0, 0, 0, 0, NULL, 1, "", meaning                                      \
    }

const calf_patient_field calf_patient_fields[] = {
    {"name", CALF_PF_STRING, offsetof(calf_patient, name), sizeof(((calf_patient *)0)->name), 0, 0,
     NULL, 0, "", "display name of the profile"},
    {"sex", CALF_PF_STRING, offsetof(calf_patient, sex), sizeof(((calf_patient *)0)->sex), 0, 0,
     sex_names, 1, "", "F, M or X (recorded, not used by the model)"},
    NUM("mass_kg", mass_kg, 30, 200, 1, "kg", "body mass (recorded; forces are in body weights)"),
    NUM("age", age, 10, 100, 1, "years", "age (recorded, not used by the model)"),
    TABLE("habitual", "pre-injury running"),
    NUM("habitual.km_per_week", km_per_week, 5, 250, 0, "km", "habitual weekly distance"),
    NUM("habitual.runs_per_week", runs_per_week, 1, 14, 0, "runs", "habitual runs per week"),
    NUM("habitual.easy_kmh", easy_kmh, 6, 20, 0, "km/h", "habitual easy speed"),
    TABLE("symptoms", "symptoms at intake"),
    NUM("symptoms.onset_km", onset_km, 0.1, 60, 1, "km",
        "distance at easy pace before symptom onset"),
    NUM("symptoms.easy_free_km", easy_free_km, 0.1, 60, 1, "km",
        "symptom-free at easy pace up to this distance (symptoms only at speed)"),
    TABLE("symptoms.fast", "onset at a faster speed"),
    NUM("symptoms.fast.kmh", fast_kmh, 6, 30, 1, "km/h", "the faster speed"),
    NUM("symptoms.fast.onset_km", fast_onset_km, 0.1, 60, 1, "km", "onset distance at that speed"),
    ENUM("symptoms.irritability", irritability, calf_irritability_names,
         "low, moderate or high irritability"),
    NUM("symptoms.morning_pain", morning_pain, 0, 10, 1, "NRS 0-10", "morning pain at intake"),
    NUM("heel_raise_reps", heel_raise_reps, 0, 60, 0, "reps", "single-leg heel raises to fatigue"),
    NUM("neural_mobility", neural_mobility, 0.5, 1, 1, "1 = normal", "neural mobility"),
    NUM("toe_flexor", toe_flexor, 0.05, 0.6, 1, "N m/kg", "toe-flexor strength"),
    NUM("kinetic_chain", kinetic_chain, 0.5, 1.2, 1, "1 = normal", "quadriceps/gluteal strength"),
    NUM("invertor_evertor", invertor_evertor, 0.5, 1.3, 1, "1 = normal",
        "ankle invertor/evertor strength"),
    TABLE("gait", "running gait at easy speed"),
    NUM("gait.cadence_spm", cadence_spm, 130, 210, 1, "steps/min", "cadence at easy speed"),
    ENUM("gait.strike", strike, calf_strike_names, "rearfoot, midfoot or forefoot"),
    NUM("gait.overstride", overstride, 0, 1, 1, "0-1", "overstride score (0 none, 1 marked)"),
    NUM("gait.vertical_oscillation_cm", vertical_oscillation_cm, 4, 16, 1, "cm",
        "vertical oscillation"),
    NUM("gait.contact_ms", contact_ms, 150, 400, 1, "ms", "ground contact time at easy speed"),
    NUM("gait.rearfoot_eversion", rearfoot_eversion, 0, 1, 1, "0-1",
        "rear-foot eversion score (0 none, 1 marked)"),
    ENUM("gait.surface", surface, surface_names, "road or treadmill"),
    TABLE("goal", "the return-to-running goal"),
    NUM("goal.km_per_week", goal_km_per_week, 1, 250, 1, "km", "weekly distance"),
    NUM("goal.quality_sessions", goal_quality_sessions, 0, 7, 1, "runs",
        "quality runs per week (a segment at >= 1.2 x easy speed)"),
    NUM("goal.long_run_km", goal_long_run_km, 0, 60, 1, "km", "longest run of the week"),
};
const size_t calf_patient_field_count =
    sizeof(calf_patient_fields) / sizeof(calf_patient_fields[0]);

_Static_assert(sizeof(calf_patient_fields) / sizeof(calf_patient_fields[0]) <=
                   CALF_PATIENT_MAX_FIELDS,
               "calf_patient.given has a flag per field");

void calf_patient_defaults(calf_patient *p)
{
    memset(p, 0, sizeof(*p));
    snprintf(p->name, sizeof(p->name), "%s", "unnamed");
    snprintf(p->sex, sizeof(p->sex), "%s", "X");
    p->mass_kg = 70;
    p->age = 35;
    p->km_per_week = 40;
    p->runs_per_week = 4;
    p->easy_kmh = 10.8;
    p->onset_km = NAN;
    p->easy_free_km = NAN;
    p->fast_kmh = NAN;
    p->fast_onset_km = NAN;
    p->irritability = CALF_IRR_LOW;
    p->morning_pain = 0;
    p->heel_raise_reps = 25;
    p->neural_mobility = 1;
    p->toe_flexor = 0.30;
    p->kinetic_chain = 1;
    p->invertor_evertor = 1;
    p->cadence_spm = NAN;
    p->strike = CALF_STRIKE_REARFOOT;
    p->overstride = 0;
    p->vertical_oscillation_cm = NAN;
    p->contact_ms = NAN;
    p->rearfoot_eversion = 0;
    p->surface = CALF_SURFACE_ROAD;
    p->goal_km_per_week = 40;
    p->goal_quality_sessions = 1;
    p->goal_long_run_km = 14;
}

#define GOAL_LONG_SHARE 0.35 /* assumption: the goal's long run, share of the goal week */

static int field_index(const char *path)
{
    for (size_t i = 0; i < calf_patient_field_count; i++)
        if (strcmp(calf_patient_fields[i].path, path) == 0)
            return (int)i;
    return -1;
}

void calf_patient_derive_defaults(calf_patient *p)
{
    int g = field_index("goal.km_per_week"), l = field_index("goal.long_run_km");
    if (g >= 0 && !p->given[g])
        p->goal_km_per_week = p->km_per_week;
    if (l >= 0 && !p->given[l]) {
        double v = GOAL_LONG_SHARE * p->goal_km_per_week;
        p->goal_long_run_km = v > 60 ? 60 : v;
    }
}

const char *calf_patient_default_text(size_t i, char *buf, size_t n)
{
    if (i >= calf_patient_field_count)
        return NULL;
    const calf_patient_field *f = &calf_patient_fields[i];
    if (!f->optional || f->type == CALF_PF_TABLE)
        return NULL;
    if (strcmp(f->path, "goal.km_per_week") == 0) {
        snprintf(buf, n, "habitual.km_per_week");
        return buf;
    }
    if (strcmp(f->path, "goal.long_run_km") == 0) {
        snprintf(buf, n, "%g x goal.km_per_week", GOAL_LONG_SHARE);
        return buf;
    }
    calf_patient d;
    calf_patient_defaults(&d);
    if (f->type == CALF_PF_STRING) {
        snprintf(buf, n, "%s", (const char *)&d + f->offset);
    } else if (f->type == CALF_PF_ENUM) {
        snprintf(buf, n, "%s", f->choices[*(const int *)((const char *)&d + f->offset)]);
    } else {
        double v = *(const double *)((const char *)&d + f->offset);
        if (isnan(v))
            snprintf(buf, n, "not given");
        else
            snprintf(buf, n, "%g", v);
    }
    return buf;
}

const calf_patient_field *calf_patient_field_find(const char *path)
{
    for (size_t i = 0; i < calf_patient_field_count; i++)
        if (strcmp(calf_patient_fields[i].path, path) == 0)
            return &calf_patient_fields[i];
    return NULL;
}

const char *calf_patient_suggest(const char *path)
{
    const char *best = NULL;
    int bestd = 1000;
    const char *dot = strrchr(path, '.');
    const char *leaf = dot ? dot + 1 : path;
    for (size_t i = 0; i < calf_patient_field_count; i++) {
        const char *cand = calf_patient_fields[i].path;
        int d = calf_edit_distance(path, cand);
        const char *cdot = strrchr(cand, '.');
        int dl = calf_edit_distance(leaf, cdot ? cdot + 1 : cand);
        if (dl < d)
            d = dl;
        if (d < bestd) {
            bestd = d;
            best = cand;
        }
    }
    size_t n = strlen(leaf);
    int allowed = n <= 4 ? 1 : (n <= 8 ? 2 : 3);
    return bestd <= allowed ? best : NULL;
}

int calf_patient_set_number(calf_patient *p, const char *path, double v, calf_error *err)
{
    const calf_patient_field *f = calf_patient_field_find(path);
    if (!f || f->type != CALF_PF_NUMBER)
        return calf_error_set(err, CALF_EINPUT, "%s: not a numeric patient field", path);
    if (!isfinite(v) || v < f->min || v > f->max)
        return calf_error_set(err, CALF_EINPUT, "%s = %g: allowed %g to %g %s", path, v, f->min,
                              f->max, f->unit);
    *(double *)((char *)p + f->offset) = v;
    return CALF_OK;
}

int calf_patient_set_string(calf_patient *p, const char *path, const char *s, calf_error *err)
{
    const calf_patient_field *f = calf_patient_field_find(path);
    if (!f || (f->type != CALF_PF_STRING && f->type != CALF_PF_ENUM))
        return calf_error_set(err, CALF_EINPUT, "%s: not a text patient field", path);
    if (f->choices) {
        for (int i = 0; f->choices[i]; i++) {
            if (strcmp(f->choices[i], s) == 0) {
                if (f->type == CALF_PF_ENUM)
                    *(int *)((char *)p + f->offset) = i;
                else
                    snprintf((char *)p + f->offset, f->size, "%s", s);
                return CALF_OK;
            }
        }
        char allowed[256];
        calf_join_list(allowed, sizeof(allowed), f->choices, NULL);
        return calf_error_set(err, CALF_EINPUT, "%s = \"%s\": allowed %s", path, s, allowed);
    }
    size_t n = strlen(s);
    if (n == 0 || n >= f->size)
        return calf_error_set(err, CALF_EINPUT, "%s: text must be 1 to %zu characters", path,
                              f->size - 1);
    memcpy((char *)p + f->offset, s, n + 1);
    return CALF_OK;
}

int calf_patient_get_number(const calf_patient *p, const char *path, double *out)
{
    const calf_patient_field *f = calf_patient_field_find(path);
    if (!f)
        return -1;
    if (f->type == CALF_PF_NUMBER)
        *out = *(const double *)((const char *)p + f->offset);
    else if (f->type == CALF_PF_ENUM)
        *out = *(const int *)((const char *)p + f->offset);
    else
        return -1;
    return 0;
}

int calf_patient_validate(const calf_patient *p, calf_error *err)
{
    if (isnan(p->fast_kmh) != isnan(p->fast_onset_km))
        return calf_error_set(err, CALF_EINPUT,
                              "symptoms.fast: needs both kmh and onset_km (got kmh = %g, "
                              "onset_km = %g)",
                              p->fast_kmh, p->fast_onset_km);
    if (!isnan(p->fast_kmh) && p->fast_kmh <= p->easy_kmh)
        return calf_error_set(err, CALF_EINPUT,
                              "symptoms.fast.kmh = %g: must be faster than habitual.easy_kmh = %g",
                              p->fast_kmh, p->easy_kmh);
    if (!isnan(p->onset_km) && !isnan(p->easy_free_km))
        return calf_error_set(err, CALF_EINPUT,
                              "symptoms: give onset_km (%g) or easy_free_km (%g), not both",
                              p->onset_km, p->easy_free_km);
    if (p->runs_per_week > 0 && p->km_per_week / p->runs_per_week > 60)
        return calf_error_set(err, CALF_EINPUT,
                              "habitual: %g km over %g runs is more than 60 km a run",
                              p->km_per_week, p->runs_per_week);
    return CALF_OK;
}

void calf_patient_fields_print_md(FILE *fp)
{
    fprintf(fp, "# Patient profile fields\n\n"
                "Generated by `calfsim params --patient-fields`; do not edit by hand.\n"
                "A patient file is a Lua data file returning a table with these fields "
                "(see inputs.md). Optional fields may be left out: the model then uses the "
                "default in the last column, and report.html marks the value \"default\". "
                "\"not given\" means the model does without the measurement. The defaults are "
                "assumptions (a healthy recreational runner), not population norms; the goal's "
                "defaults assume a return to the habitual week.\n\n"
                "| field | type | allowed | unit | required | meaning | default |\n"
                "|---|---|---|---|---|---|---|\n");
    for (size_t i = 0; i < calf_patient_field_count; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        char allowed[256] = "";
        const char *type = "number";
        if (f->type == CALF_PF_NUMBER) {
            snprintf(allowed, sizeof(allowed), "%g to %g", f->min, f->max);
        } else if (f->type == CALF_PF_TABLE) {
            type = "table";
        } else {
            type = "text";
            calf_join_list(allowed, sizeof(allowed), f->choices, "`");
            if (!f->choices)
                snprintf(allowed, sizeof(allowed), "1 to %zu characters", f->size - 1);
        }
        char dbuf[64];
        const char *def = calf_patient_default_text(i, dbuf, sizeof(dbuf));
        fprintf(fp, "| `%s` | %s | %s | %s | %s | %s | %s |\n", f->path, type, allowed, f->unit,
                f->optional ? "no" : "yes", f->meaning, def ? def : "");
    }
}
