/*
 * compare_cohort.h: the uncertainty behind a comparison. The same protocols
 * are run on a virtual cohort drawn around the patient (model constants from
 * their priors, patient fields from their spreads; docs/cohort.md), paired so
 * every protocol meets the same virtual patients. The result is what the
 * compare table cannot say on its own: how sure the ranking is, given how
 * uncertain the model's assumptions and the patient's measurements are.
 */
#ifndef CALF_COMPARE_COHORT_H
#define CALF_COMPARE_COHORT_H

#include "model.h"
#include "run_common.h"
#include "verdict.h"

#define CALF_UNC_COLS 7

typedef struct calf_compare_unc {
    int n;     /* protocols */
    long size; /* virtual patients */
    char cell[8][CALF_UNC_COLS][64];
    char head[CALF_UNC_COLS][48]; /* column headings (the injury threshold is in one) */
    const char *headp[CALF_UNC_COLS];
    long rejected_draws;
    calf_cohort_num num[8]; /* the cells' numbers (compare.json, the verdict) */
    double injury_threshold;
} calf_compare_unc;

/* Run the cohort for the compared files (protocols or plan CSVs) and format
 * the uncertainty table. */
int calf_compare_cohort(const calf_run_args *a, const calf_params *par, const calf_model *m,
                        int nfiles, const char *const *paths, const char *const *names, int days,
                        long n_patients, calf_compare_unc *out, calf_error *err);
/* Print the table (aligned) to stdout. */
void calf_compare_unc_print(const calf_compare_unc *u);
/* Write compare_uncertainty.csv. */
int calf_compare_unc_write_csv(const char *path, const calf_compare_unc *u, uint64_t seed,
                               uint64_t param_hash, calf_error *err);

#endif
