/*
 * sensitivity.h: which assumption drives an outcome. The inputs are the
 * cohort's drawn inputs (registry constants and patient fields, each with
 * its prior or spread as its marginal distribution, cohort_rows.h); the
 * design is Saltelli's (Sobol indices) or a Latin hypercube (PRCC) on the
 * unit cube (gsa.h), mapped through each input's quantile function; every
 * point is one virtual patient simulated by the cohort engine in design
 * mode (threads, and ranks under MPI, as a cohort), and each metric is read
 * from its summary. A point that cannot be calibrated or breaks down
 * numerically has no output and its Saltelli row (or PRCC point) is dropped.
 */
#ifndef CALF_SENSITIVITY_H
#define CALF_SENSITIVITY_H

#include "cohort.h"
#include "cohort_rows.h"
#include "gsa.h"

#define CALF_SENS_MAX_METRICS 8

enum { CALF_SENS_SOBOL, CALF_SENS_PRCC };

typedef struct calf_sens_spec {
    calf_cohort_spec cohort; /* par, pt, days, factory, threads, seed, priors; n is set here */
    calf_cohort_input in[CALF_GSA_MAX_INPUTS];
    int nin;
    calf_metric_ref metric[CALF_SENS_MAX_METRICS];
    int nmetrics;
    int method;
    long n;    /* Saltelli rows (evaluations n (d + 2)) or PRCC points */
    int nboot; /* bootstrap resamples (Sobol) */
    /* Several processes (MPI ranks): each evaluates the chunks
     * cohort.chunk_lo..hi; combine(ud, rc, y, ny, bad, nbad, err) then,
     * with this process's status rc (called also when it failed), agrees on
     * the status of all and adds their outputs onto the root (y and bad are
     * zero where this process evaluated nothing); a process with not_root
     * set stops there. NULL = one process. */
    int (*combine)(void *ud, int rc, double *y, size_t ny, unsigned char *bad, size_t nbad,
                   calf_error *err);
    void *combine_ud;
    int not_root;
} calf_sens_spec;

/* The model evaluations of the design: n (d + 2) for Sobol, n for PRCC. */
long calf_sens_points(const calf_sens_spec *s);

typedef struct calf_sens_metric {
    long n_used;
    double mean, var;
    /* per input: Sobol first, first_lo, first_hi, total, total_lo, total_hi,
     * or PRCC prcc, lo, hi (the rest NAN) */
    double (*v)[6];
} calf_sens_metric;

typedef struct calf_sens_result {
    int method, nin, nmetrics;
    long n, evaluations, failed_points;
    const char *sequence; /* "sobol", "random" or "lhs" */
    calf_sens_metric m[CALF_SENS_MAX_METRICS];
} calf_sens_result;

int calf_sens_run(const calf_sens_spec *s, calf_sens_result *r, calf_error *err);
void calf_sens_result_free(calf_sens_result *r);

#endif
