/*
 * validate.h: the validation suite (docs/validation.md). Each row is one
 * virtual experiment set against a published result: what is tested, the
 * published value with its source and interval, whether that result set a
 * model constant (role "calibration") or was only checked afterwards
 * ("validation"), the simulated value with a 95% interval, the pass band
 * and the verdict. Experiments run on the profile itself (deterministic
 * rows) and on N virtual patients drawn around it (calf_cohort_patient,
 * patient i with the injury stream calf_cohort_stream_seed(seed, i)).
 * Planners are simple weekly plans: n evenly spaced runs a week at the
 * patient's easy speed, optionally with strength sessions on Monday,
 * Wednesday and Friday. Draws are shared out among threads but every
 * number is reduced in draw order, so results do not depend on the thread
 * count. engine/core: no Lua, no gnuplot; the patients come in as structs.
 */
#ifndef CALF_VALIDATE_H
#define CALF_VALIDATE_H

#include <stdint.h>

#include "cohort.h"
#include "params.h"
#include "patient.h"

#define CALF_VALID_MAX_PATIENTS 16
#define CALF_VALID_MAX_ROWS     (16 + CALF_VALID_MAX_PATIENTS)
#define CALF_VALID_MIN_N        10
#define CALF_VALID_MAX_N        100000L

typedef struct calf_valid_row {
    char id[64];
    const char *what;           /* what is tested, in words */
    const char *published;      /* the published result, in words */
    const char *source;         /* author year */
    double pub, pub_lo, pub_hi; /* published value and interval; NAN = none (qualitative) */
    const char *role;           /* "calibration" or "validation" */
    double sim, sim_lo, sim_hi; /* simulated value and its 95% interval */
    const char *interval;       /* how the interval was computed */
    const char *tolerance;      /* the pass band in words */
    double band_lo, band_hi;    /* the pass band on sim (-INFINITY / INFINITY = open) */
    char detail[320];           /* the other numbers the verdict reads */
    long n;                     /* virtual patients behind the value (1 = the profile alone) */
    int pass;
} calf_valid_row;

typedef struct calf_valid_spec {
    calf_params par; /* the registry values (the priors centre on them) */
    long n;          /* virtual patients per cohort row */
    int threads;     /* >= 1; the results do not depend on it */
    uint64_t seed;
    /* the shipped patients (homeostasis at their intake week; the
     * distance-limited one for the pain-monitoring row), with short names */
    const calf_patient *patients;
    const char *const *patient_names;
    int npatients;
    const char *only; /* run only the rows whose id starts with this; NULL = all */
    calf_progress_fn progress;
    void *progress_ud;
} calf_valid_spec;

typedef struct calf_valid_result {
    calf_valid_row row[CALF_VALID_MAX_ROWS];
    int nrows, failed;
} calf_valid_result;

/* Run every row. A failing row is a result (pass = 0), not an error; errors
 * are calibration or numerical failures and a missing distance-limited
 * patient. */
int calf_validate_run(const calf_valid_spec *s, calf_valid_result *r, calf_error *err);

/* The two profiles of the suite: the healthy runner (72 kg, 40 km/week in 4
 * runs at 10.8 km/h, 25 heel raises, no symptoms) and the novice (5 km/week in
 * 3 runs at 8.5 km/h, 20 heel raises), habitual km changed to km_per_week. */
void calf_valid_healthy(calf_patient *pt, double km_per_week);
void calf_valid_novice(calf_patient *pt);

/* Row logic, exposed for the tests. */
/* Homeostasis of one run: D of the last week over week 4's, the pain-free
 * distance likewise, the highest pain during below 2 (within 10%). */
int calf_valid_homeostasis_ok(double d_ratio, double onset_ratio, double max_pain);
/* A patient's intake week is tolerated: pain during below 2 after week 1 and
 * damage below d_s (capacity may detrain towards what that load holds). */
int calf_valid_tolerated_ok(double max_pain, double max_d, double d_s);
/* Adaptation: |D last week / D 8 weeks before - 1| <= 10% and pain during
 * below 2 over those weeks. */
int calf_valid_adaptation_ok(double d_ratio, double max_pain);
/* Whether v lies in [lo, hi] (ends NAN-safe: a NAN value fails). */
int calf_valid_in_band(double v, double lo, double hi);
/* mean and 95% normal interval of x[0..n-1] */
void calf_valid_mean_ci(const double *x, long n, double *mean, double *lo, double *hi);
/* The ratio of means sum(x) / sum(y) of paired draws and its 95% interval by
 * the delta method: var = (var x - 2 R cov + R^2 var y) / (n ybar^2). */
void calf_valid_ratio_ci(const double *x, const double *y, long n, double *r, double *lo,
                         double *hi);
/* Exact 95% Poisson interval of a count k (Garwood, through chi-square
 * quantiles). */
void calf_valid_poisson_ci(long k, double *lo, double *hi);
/* The signed distance of v from the nearest edge of the pass band, positive
 * inside: over the half-width for a closed band, over |limit| (or 1 for a
 * limit of 0) for an open one. The figure plots it. */
double calf_valid_margin(double v, double lo, double hi);

#endif
