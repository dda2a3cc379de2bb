/*
 * sweep_cohort.h: `calfsim sweep ... --cohort N`: a cohort of N virtual
 * patients at every grid point, the same patients (seed and index) at every
 * point, so neighbouring points differ by the swept values only (paired).
 * Writes grid_cohort.csv and grid_cohort.dat (P(goal), P(injury above the
 * threshold), P(flare) with 95% Wilson intervals and the cohort means) and
 * the figures with their uncertainty (docs/cohort.md).
 */
#ifndef CALF_SWEEP_COHORT_H
#define CALF_SWEEP_COHORT_H

#include <stdint.h>

#include "source.h"
#include "sweep.h"

typedef struct calf_sweep_cohort {
    const char *dir, *stem, *name; /* output folder, file stem, protocol name */
    const calf_sweep_var *vars;
    int nvars;
    long total;       /* grid points */
    const double *xs; /* total x nvars swept values */
    const calf_params *par;
    const calf_patient *pt;
    calf_source *src;
    int days, threads, plots;
    long n;
    uint64_t seed, hash;
} calf_sweep_cohort;

/* Run every point's cohort, then write the files (nothing is written when a
 * point fails). */
int calf_cli_sweep_cohort(const calf_sweep_cohort *c, calf_error *err);

#endif
