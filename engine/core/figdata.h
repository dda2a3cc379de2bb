/*
 * figdata.h: the data files behind the comparison figures (gnuplot .dat,
 * whitespace-separated, "NaN" where a value is missing) and the engine
 * computation behind figure 6, the distance x speed x recovery-days panel.
 * No protocol or patient text is written into these files: series are
 * numbered in the order of compare.csv and named by the figure's script
 * arguments.
 */
#ifndef CALF_FIGDATA_H
#define CALF_FIGDATA_H

#include "model.h"
#include "sim.h"

/* compare_daily.dat: one block per protocol (gnuplot `index k`), one row a
 * day. Columns: 1 day, 2 week, 3 capacity, 4 capacity_eff, 5 peak demand
 * (peak_force_bw on days with a session, else NaN), 6 run_km, 7 pain during
 * (pain_during_max on days with a session, else NaN), 8 pain_morning,
 * 9 onset_easy_km, 10 onset_km, 11 ctl, 12 atl, 13 tsb, 14 acwr_ewma,
 * 15 pain limit, 16 healthy capacity, 17 quality_runs, 18 goal long-run km. */
int calf_figdata_write_daily(const char *path, int n, const calf_trace *const traces[],
                             const calf_model *m, const calf_run_meta *meta, calf_error *err);
/* The cohort's 10-90% bands behind the daily figures (calfsim compare with
 * its virtual cohort): for protocol k and day i (0-based), CALF_FIGBAND_COLS
 * values at v[(k * days + i) * CALF_FIGBAND_COLS]: capacity (BW), morning
 * pain, km in the last 7 days and onset distance at easy pace, each p10 then
 * p90. */
#define CALF_FIGBAND_COLS 8
typedef struct calf_figdata_bands {
    int n, days;
    const double *v;
} calf_figdata_bands;
/* compare_daily.dat with 12 more columns: 19 km in the last 7 days, 20 mean
 * km per week over the last 42 days, 21 the patient's easy km/h, 22 1 when
 * the cohort bands follow (else 0 and NaN), 23-30 the bands (NULL: none). */
int calf_figdata_write_daily_bands(const char *path, int n, const calf_trace *const traces[],
                                   const calf_model *m, const calf_run_meta *meta,
                                   const calf_figdata_bands *bands, calf_error *err);
/* compare_weekly.dat: block 0, one row a week: week, then for each protocol
 * its run km and its number of quality (intensity) runs that week; last
 * column the goal km per week. Block 1 (gnuplot index 1), the bars of
 * figure 2: one row per period of calf_figdata_period_weeks(weeks) weeks:
 * first and last week, middle, then per protocol the mean km per week over
 * the period and the number of its weeks with a quality run, then goal km. */
int calf_figdata_period_weeks(int weeks);
int calf_figdata_write_weekly(const char *path, int n, const calf_trace *const traces[],
                              double goal_km, const calf_run_meta *meta, calf_error *err);

/* compare_hidden.dat (calfsim compare --oracle): one block per protocol,
 * one row a day with the state at the start of that day (the trace's end
 * of the day before; NaN on day 1): day, capacity and effective capacity
 * (available during the day) in % of healthy, sensitisation Z, damage D,
 * acute fatigue Fa, irritation I. Model internals
 * for teaching and checking; drawn by plots/hidden_state.gp. */
int calf_figdata_write_hidden(const char *path, int n, const calf_trace *const traces[],
                              const calf_model *m, const calf_run_meta *meta, calf_error *err);

/* Figure 6. From the intake state: day 1 a standard preceding run (easy
 * speed, the intake onset distance at easy speed, capped at the habitual
 * km per run, at least 0.5 km), then r rest days (r = 0, 1, 2), then one run
 * of km at kmh with no stop rule; recorded: pain during that run and the
 * next morning's pain. */
#define CALF_IX_REST 3
typedef struct calf_interaction {
    int n_km, n_kmh;
    double km0, dkm, kmh0, dkmh;
    double prec_km, prec_kmh;
    double pain_limit;
    double *pain_morning; /* [r][j_kmh][i_km] */
    double *pain_during;
} calf_interaction;

int calf_interaction_compute(const calf_model *m, calf_interaction *out, calf_error *err);
void calf_interaction_free(calf_interaction *x);
/* compare_interaction.dat: one block per recovery-day count r (index r),
 * scan lines per speed; columns km, kmh, next-morning pain, pain during,
 * pain limit. */
int calf_interaction_write(const char *path, const calf_interaction *x, const calf_run_meta *meta,
                           calf_error *err);

#endif
