/*
 * outcome.c: the comparison's outcome columns and the shared number
 * formatter (see outcome.h).
 */
#include "outcome.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>

const calf_outcome_col calf_outcome_cols[CALF_OC_COUNT] = {
    {"goal_reached_week", "weeks to goal", "weeks until the goal week was reached", "weeks", 0},
    {"total_km", "total km", "total running distance", "km", 1},
    {"peak_pain", "peak pain", "highest pain during a session", "NRS 0-10", 1},
    {"days_pain_over_limit", "days > limit", "days with pain during above the pain limit", "days",
     0},
    {"flare_count", "flares", "morning-pain flares", "count", 0},
    {"runs_stopped_early", "stopped", "runs stopped early by a stop rule", "count", 0},
    {"final_capacity_pct", "capacity %", "final capacity as % of healthy", "% of healthy", 1},
    {"final_heel_raise_reps", "heel raises", "final single-leg heel-raise reps", "reps", 1},
    {"max_acwr_ewma", "max ACWR", "highest EWMA acute:chronic workload ratio", "ratio", 2},
    {"max_p_injury", "injury index", "highest model injury index (relative, not a risk)",
     "model index 0-1, not a risk", 3},
};

void calf_fmt_g(char *buf, size_t n, double v)
{
    if (!n)
        return;
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.6g", v == 0 ? 0.0 : v);
}

double calf_outcome_value(const calf_summary *s, int i)
{
    switch (i) {
    case CALF_OC_WEEKS_TO_GOAL:
        return s->goal_reached_day ? (double)((s->goal_reached_day + 6) / 7) : NAN;
    case CALF_OC_TOTAL_KM:
        return s->total_km;
    case CALF_OC_PEAK_PAIN:
        return s->peak_pain;
    case CALF_OC_DAYS_OVER_LIMIT:
        return s->days_pain_over_limit;
    case CALF_OC_FLARES:
        return s->flare_count;
    case CALF_OC_STOPPED:
        return s->runs_stopped_early;
    case CALF_OC_CAPACITY_PCT:
        return 100.0 * s->final_capacity_ratio;
    case CALF_OC_HEEL_RAISE:
        return s->final_heel_raise_reps;
    case CALF_OC_MAX_ACWR:
        return s->max_acwr_ewma;
    case CALF_OC_MAX_P_INJURY:
        return s->max_p_injury;
    default:
        return NAN;
    }
}

void calf_outcome_format(const calf_summary *s, int i, const char *empty_goal, char *buf, size_t n)
{
    if (i == CALF_OC_WEEKS_TO_GOAL && !s->goal_reached_day) {
        snprintf(buf, n, "%s", empty_goal ? empty_goal : "");
        return;
    }
    double v = calf_outcome_value(s, i);
    if (!isfinite(v))
        buf[0] = '\0';
    else
        snprintf(buf, n, "%.*f", calf_outcome_cols[i].decimals, v == 0 ? 0.0 : v);
}

void calf_outcome_display(const calf_summary *s, int i, char *buf, size_t n)
{
    if (i == CALF_OC_HEEL_RAISE && isfinite(s->final_heel_raise_reps)) {
        /* whole repetitions, rounded from the figure the data files show */
        char b[64];
        calf_outcome_format(s, i, NULL, b, sizeof(b));
        snprintf(buf, n, "%.0f", strtod(b, NULL));
    } else {
        calf_outcome_format(s, i, "not reached", buf, n);
    }
}
