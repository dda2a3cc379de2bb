/*
 * session.c: session defaults and range validation, shared by the plan CSV
 * reader and the Lua session constructors so both accept the same sessions.
 */
#include "session.h"

#include <math.h>

#include "exercise.h"
#include "patient.h"

const char *const calf_kind_names[] = {"rest",      "run",    "walk",  "strength",
                                       "isometric", "neural", "cross", "gait"};
const char *const calf_cross_kinds[] = {"bike", "swim", "elliptical", "pool_run", "row", NULL};

void calf_session_init(calf_session *s, int kind)
{
    *s = (calf_session){0};
    s->kind = kind;
    s->step_rate = 0;
    s->strike = -1;
    s->exercise = -1;
    s->rm = NAN;
    s->pct_1rm = NAN;
    s->gait_step_rate = NAN;
    s->gait_overstride = NAN;
    s->gait_strike = -1;
    s->stop_at_pain = NAN;
    s->skip_if_morning_pain = NAN;
    s->shorten_if_morning_pain = NAN;
    s->shorten_factor = NAN;
    s->tempo_s = NAN;
    s->hold_s = NAN;
    s->cross_kind = -1;
}

static int range(calf_error *err, const char *field, double v, double lo, double hi)
{
    if (!isfinite(v) || v < lo || v > hi)
        return calf_error_set(err, CALF_EINPUT, "%s = %g: allowed %g to %g", field, v, lo, hi);
    return CALF_OK;
}

#define RANGE(field, v, lo, hi)                                                                    \
    do {                                                                                           \
        int rc_ = range(err, field, v, lo, hi);                                                    \
        if (rc_)                                                                                   \
            return rc_;                                                                            \
    } while (0)

int calf_session_validate(const calf_session *s, calf_error *err)
{
    if (s->kind < 0 || s->kind >= CALF_K_COUNT)
        return calf_error_set(err, CALF_EINPUT, "kind = %d: unknown session kind", s->kind);
    switch (s->kind) {
    case CALF_K_RUN:
    case CALF_K_WALK:
        if (s->nseg < 1 || s->nseg > CALF_MAX_SEGMENTS)
            return calf_error_set(err, CALF_EINPUT, "segments = %d: allowed 1 to %d", s->nseg,
                                  CALF_MAX_SEGMENTS);
        for (int i = 0; i < s->nseg; i++) {
            RANGE("km", s->seg[i].km, 0, 100);
            if (s->seg[i].walk)
                RANGE("kmh", s->seg[i].kmh, 2, 8);
            else
                RANGE("kmh", s->seg[i].kmh, 3, 30);
        }
        if (s->step_rate != 0)
            RANGE("step_rate", s->step_rate, 0.8, 1.2);
        if (s->strike < -1 || s->strike > CALF_STRIKE_FOREFOOT)
            return calf_error_set(err, CALF_EINPUT, "strike = %d: unknown strike", s->strike);
        break;
    case CALF_K_STRENGTH:
    case CALF_K_ISOMETRIC:
        if (s->exercise < 0 && !s->custom)
            return calf_error_set(err, CALF_EINPUT, "exercise: missing");
        if (s->exercise >= calf_exercise_count)
            return calf_error_set(err, CALF_EINPUT, "exercise = %d: unknown", s->exercise);
        RANGE("sets", s->sets, 1, 20);
        RANGE("reps", s->reps, 1, 200);
        if (!isnan(s->rm))
            RANGE("rm", s->rm, 1, 30);
        if (!isnan(s->pct_1rm))
            RANGE("pct_1rm", s->pct_1rm, 0.05, 1.0);
        break;
    case CALF_K_NEURAL:
        RANGE("bouts", s->bouts, 1, 20);
        RANGE("minutes", s->minutes, 0.5, 60);
        break;
    case CALF_K_CROSS:
        RANGE("minutes", s->minutes, 1, 300);
        break;
    case CALF_K_GAIT:
        if (!isnan(s->gait_step_rate))
            RANGE("step_rate", s->gait_step_rate, 0.8, 1.2);
        if (!isnan(s->gait_overstride))
            RANGE("overstride", s->gait_overstride, 0, 1);
        break;
    default:
        break;
    }
    if (!isnan(s->stop_at_pain))
        RANGE("stop_at_pain", s->stop_at_pain, 0.5, 10);
    if (!isnan(s->skip_if_morning_pain))
        RANGE("skip_if_morning_pain", s->skip_if_morning_pain, 0, 10);
    if (!isnan(s->shorten_if_morning_pain)) {
        RANGE("shorten_if_morning_pain", s->shorten_if_morning_pain, 0, 10);
        RANGE("shorten_if_morning_pain factor", s->shorten_factor, 0, 1);
    }
    return CALF_OK;
}

double calf_session_km(const calf_session *s)
{
    double km = 0;
    if (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK)
        for (int i = 0; i < s->nseg; i++)
            km += s->seg[i].km;
    return km;
}
