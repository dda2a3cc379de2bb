/*
 * fit_patient.h: calibrating one patient to a pain diary. A diary is a plan
 * CSV (the sessions done) with per-day observation columns pain_during,
 * pain_morning, onset_km and heel_raise_reps (blank = not measured). The fit
 * adjusts six patient-specific model constants (injured capacity as a ratio
 * of healthy capacity, initial sensitisation z0, irritability gain and time
 * constant, capacity gain, strength gain) by nonlinear least squares
 * (gsl_multifit_nlinear) on scaled residuals, re-simulating the diary's plan
 * for every parameter vector, with bounds kept by a logistic
 * reparameterisation, multi-start, and delta-method standard errors.
 * calf_model_override is the small API that sets those constants on a
 * calibrated model.
 */
#ifndef CALF_FIT_PATIENT_H
#define CALF_FIT_PATIENT_H

#include <stdio.h>

#include "csv.h"
#include "error.h"
#include "model.h"
#include "plan_csv.h"

/* Model constants a diary fit adjusts (and calf_model_override sets). */
enum {
    CALF_FP_C0_RATIO, /* injured capacity C0 / C_h */
    CALF_FP_Z0,       /* sensitisation at intake (1 = none) */
    CALF_FP_SIGMA,    /* irritability gain sigma_irr (pain per irritation^2 / 2) */
    CALF_FP_TAU_I,    /* irritation time constant tau_I, days */
    CALF_FP_K_C,      /* capacity gain k_C */
    CALF_FP_K_S,      /* strength gain k_S */
    CALF_FP_COUNT
};
/* "c0_ratio", "z0", "sigma_irr", "tau_i", "k_c", "k_s" */
extern const char *const calf_fp_names[CALF_FP_COUNT];

/* Observation types of a diary (column names as in calf_obs_names). */
enum {
    CALF_OBS_PAIN_DURING,
    CALF_OBS_PAIN_MORNING,
    CALF_OBS_ONSET_KM,
    CALF_OBS_HEEL_RAISE,
    CALF_OBS_COUNT
};
extern const char *const calf_obs_names[CALF_OBS_COUNT];
/* Residual scale of each type (the residual is (model - observed) / scale). */
extern const double calf_obs_scale[CALF_OBS_COUNT];

/* Allowed range of a fitted constant for model m (gains: 1/10 to 10 times
 * the calibrated gain). */
void calf_model_override_range(const calf_model *m, int which, double *lo, double *hi);
/* Current value of a fitted constant. */
double calf_model_override_get(const calf_model *m, int which);
/* Set a fitted constant on a calibrated model (range-checked; tau_I also
 * sets its decay factor). Other calibrated values stay as they are. */
int calf_model_override(calf_model *m, int which, double value, calf_error *err);

typedef struct calf_diary {
    calf_plan plan;
    int days;                    /* = plan.days */
    double *obs[CALF_OBS_COUNT]; /* obs[k][d - 1]: day d's observation, NAN when none */
    int nobs[CALF_OBS_COUNT];
} calf_diary;

/* Read the diary from an already-read CSV: the plan via calf_plan_from_csv
 * and one observation per type and day, from the first row of that day that
 * has it. A bad cell names file, line and column. */
int calf_diary_from_csv(const calf_csv *csv, const calf_model *m, calf_diary *d, calf_error *err);
void calf_diary_free(calf_diary *d);

/* Model values of every observation type on every day (pred[k][d-1]):
 * pain_during = the day's highest pain during a session; pain_morning and
 * heel_raise_reps = at waking, before the day's sessions; onset_km = the
 * day's onset when a run reached it, else the model's easy-pace onset
 * distance at waking (capped at CALF_FP_ONSET_CAP). */
#define CALF_FP_ONSET_CAP 60.0
int calf_diary_predict(const calf_model *m, const calf_diary *d, double *pred[CALF_OBS_COUNT],
                       calf_error *err);

#define CALF_FP_MAX_WARN 12

typedef struct calf_fp_result {
    double theta[CALF_FP_COUNT]; /* fitted values */
    double start[CALF_FP_COUNT]; /* values of the intake calibration */
    double se[CALF_FP_COUNT];    /* standard errors, NAN when fixed or not estimable */
    double lo[CALF_FP_COUNT], hi[CALF_FP_COUNT];
    int fixed[CALF_FP_COUNT]; /* held at the intake value */
    int n_free, n_obs, n_type[CALF_OBS_COUNT];
    double sse;                  /* of the scaled residuals */
    double sse_start;            /* of the intake calibration */
    double rmse[CALF_OBS_COUNT]; /* unscaled, per type; NAN when the type is absent */
    double zeta, zeta_se;        /* sensitisation split ln z0 / ln R, NAN when R <= 1 */
    double deficit_r;            /* R = z0 (C_h / C_eff0)^b: onset reduction at intake */
    double max_corr;             /* largest |correlation| between two free estimates */
    int corr_i, corr_j;
    int starts, starts_ok;
    int days;
    double *pred[CALF_OBS_COUNT]; /* fitted model values per day */
    int n_warn;
    char warn[CALF_FP_MAX_WARN][256];
} calf_fp_result;

typedef struct calf_fp_opts {
    int fixed[CALF_FP_COUNT]; /* hold at the intake value */
} calf_fp_opts;

/* Fit the diary. m0 is the patient's intake calibration (start values). */
int calf_fit_patient(const calf_model *m0, const calf_diary *d, const calf_fp_opts *o,
                     calf_fp_result *r, calf_error *err);
void calf_fp_result_free(calf_fp_result *r);
/* Apply a result's fitted values to a copy of m0. */
int calf_fp_apply(const calf_model *m0, const calf_fp_result *r, calf_model *out, calf_error *err);

/* The calibrated profile: m0's patient with the fitted constants mapped back
 * onto patient fields: irritability = the class whose (sigma, tau_I) is
 * nearest in log scale; onset_km = the easy-pace onset distance that gives
 * the fitted onset reduction R under that class. The rest (z0/C0 split, the
 * exact sigma and tau, k_C, k_S) has no patient field. */
int calf_fp_profile(const calf_model *m0, const calf_fp_result *r, calf_patient *out,
                    calf_error *err);
/* Write a patient as a Lua profile that --patient accepts; comment (may be
 * NULL) is written first, each line prefixed with "-- ". */
int calf_patient_write_lua(FILE *fp, const calf_patient *p, const char *comment);

#endif
