/*
 * population.h: a described population of patients (a clinic's caseload, a
 * trial arm's inclusion criteria) instead of draws around one profile. Each
 * variable is a patient field or a registry constant, named as in
 * patients.csv ("patient.habitual.km_per_week", "tau_lag"), with a marginal
 * distribution: normal, log-normal, uniform, truncated normal, or
 * categorical; normal and log-normal may be truncated to [min, max], and
 * every variable is kept inside its field's or constant's range. Variables
 * may be correlated through a Gaussian copula: z = L e with e standard
 * normal and L the Cholesky factor (GSL) of the given correlation matrix,
 * then x_k = F_k^-1(Phi(z_k)); the correlation is that of the latent normal
 * scores (for two untruncated normal variables it is their correlation).
 * Loaded from a Lua file by engine/lua/population_load.c; sampled here
 * from the cohort's per-patient stream, so draws depend only on (seed,
 * index).
 */
#ifndef CALF_POPULATION_H
#define CALF_POPULATION_H

#include <gsl/gsl_rng.h>

#include "cohort_rows.h"

#define CALF_POP_MAX_VARS 64
#define CALF_POP_MAX_CATS 16

enum { CALF_DIST_NORMAL, CALF_DIST_LOGNORMAL, CALF_DIST_UNIFORM, CALF_DIST_CATEGORICAL };
extern const char *const calf_dist_names[]; /* "normal", "lognormal", "uniform", "categorical" */

typedef struct calf_pop_var {
    calf_cohort_input target;
    int dist;
    double a, b;   /* normal: mean, sd; lognormal: log of the median, sd of the log */
    double lo, hi; /* support (truncation); uniform: its bounds */
    int round;     /* round to the nearest integer */
    int ncat;
    double cum[CALF_POP_MAX_CATS];   /* categorical: cumulative probabilities */
    double value[CALF_POP_MAX_CATS]; /* the categories' values (enum index or number) */
} calf_pop_var;

typedef struct calf_population {
    char name[128];
    char base[4096]; /* base profile for the fields not described ("" = none) */
    int n;
    calf_pop_var v[CALF_POP_MAX_VARS];
    int correlated;
    double corr[CALF_POP_MAX_VARS * CALF_POP_MAX_VARS]; /* row-major, identity by default */
    double chol[CALF_POP_MAX_VARS * CALF_POP_MAX_VARS]; /* lower factor (prepare) */
} calf_population;

/* Start an empty population (identity correlation). */
void calf_population_init(calf_population *p);
/* Check the correlation matrix (symmetric, unit diagonal, |r| < 1, positive
 * definite) and factor it. CALF_EINPUT with the reason. */
int calf_population_prepare(calf_population *p, calf_error *err);
/* Quantile u (0 < u < 1) of variable v's marginal. */
double calf_pop_quantile(const calf_pop_var *v, double u);
/* Set variable v's value on par or pt. */
void calf_pop_set(const calf_pop_var *v, double x, calf_params *par, calf_patient *pt);
/* Draw every variable from r onto par and pt. */
void calf_population_draw(const calf_population *p, gsl_rng *r, calf_params *par, calf_patient *pt);
/* Index of the variable named name, or -1. */
int calf_population_find(const calf_population *p, const char *name);

/* Quantile u of a normal(mu, sd) truncated to [lo, hi] (infinite bounds
 * allowed). */
double calf_trunc_normal_q(double u, double mu, double sd, double lo, double hi);

#endif
