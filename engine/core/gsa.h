/*
 * gsa.h: global sensitivity analysis on the unit cube, for any model the
 * caller evaluates (a cohort of virtual patients, a study's Lua function).
 *
 * Sobol indices: the design of Saltelli et al. 2010 (Comput Phys Commun
 * 181:259) on GSL's Sobol sequence of dimension 2d (gsl_qrng_sobol, so
 * d <= 20 inputs), randomised by one Cranley-Patterson shift drawn from the
 * seed; with more inputs on pseudo-random points (GSL taus2; GSL's Halton
 * sequences in that many dimensions are too correlated for the first
 * thousands of points, checked in tests/unit/test_gsa.c); for each row j the
 * points A_j, B_j and AB_j^i (A_j with coordinate i from B_j), i = 1..d, so
 * N (d + 2) evaluations. First-order indices by Saltelli 2010's estimator
 * S_i = mean(f(B) (f(AB^i) - f(A))) / V, total indices by Jansen's
 * ST_i = mean((f(A) - f(AB^i))^2) / 2V, with V the variance of f over A
 * and B together and f centred on its mean; 95% intervals from a bootstrap over rows (percentiles).
 * Rows with a NAN output (a point the model cannot evaluate) are dropped
 * and counted.
 *
 * PRCC: partial rank correlation of each input with the output, the others
 * held out, from the inverse of the rank correlation matrix (GSL Cholesky),
 * with a Fisher z 95% interval.
 *
 * Everything is deterministic for a given seed.
 */
#ifndef CALF_GSA_H
#define CALF_GSA_H

#include <stdint.h>

#include "error.h"

#define CALF_GSA_MAX_INPUTS 600

/* The Saltelli design: x receives n * (d + 2) points of dimension d
 * (row-major), row j's block being A_j, B_j, AB_j^1 .. AB_j^d; coordinates
 * lie in (0, 1). *sequence is "sobol" or "random". */
int calf_sobol_design(long n, int d, uint64_t seed, double *x, const char **sequence,
                      calf_error *err);

/* The design's base: n rows of 2d coordinates, A_j then B_j (what
 * calf_sobol_design expands; a caller evaluating points one at a time
 * keeps only this). */
int calf_sobol_base(long n, int d, uint64_t seed, double *ab, const char **sequence,
                    calf_error *err);

typedef struct calf_sobol_result {
    int d;
    long n_used;      /* rows without a NAN output */
    double mean, var; /* of the output over A and B */
    double *first, *total;
    double *first_lo, *first_hi, *total_lo, *total_hi;
} calf_sobol_result;

/* Indices from the outputs y (n * (d + 2), in the design's order), with
 * nboot bootstrap resamples (0: intervals equal the estimate). */
int calf_sobol_indices(long n, int d, const double *y, int nboot, uint64_t seed,
                       calf_sobol_result *r, calf_error *err);
void calf_sobol_result_free(calf_sobol_result *r);

/* A Latin hypercube of n points in d dimensions (x: n rows of d), the
 * usual design for PRCC (Marino et al. 2008): each coordinate takes one
 * value in each of the n strata, in random order; deterministic per seed. */
int calf_lhs_design(long n, int d, uint64_t seed, double *x, calf_error *err);

/* PRCC of each of d inputs (x: n rows of d, row-major) with y; rows with a
 * NAN output are dropped. prcc, lo, hi: d values each. */
int calf_prcc(long n, int d, const double *x, const double *y, double *prcc, double *lo, double *hi,
              long *n_used, calf_error *err);

#endif
