/*
 * run_common.h: what `run`, `compare` and the other simulation verbs share:
 * the common options (--patient, --weeks/--days, --set, --seed, --out, ...),
 * loading the patient and calibrating the model, and writing a run's
 * trace.csv and summary.json into an output folder.
 */
#ifndef CALF_RUN_COMMON_H
#define CALF_RUN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sim.h"

#define CALF_MAX_SETS       64
#define CALF_MAX_POSITIONAL 32

typedef struct calf_run_args {
    const char *plan, *patient, *out;
    const char *positional[CALF_MAX_POSITIONAL];
    int npositional;
    int days; /* 0 = not given */
    uint64_t seed;
    int oracle;
    const char *sets[CALF_MAX_SETS];
    int nsets;
    double lua_mem_mib;
    long lua_budget;
    long cohort_n; /* compare --cohort N; -1 = not given */
    int threads;   /* compare --threads T; 0 = not given */
} calf_run_args;

/* Parse the shared options; unknown options are usage errors. */
int calf_cli_parse_run_args(int argc, char **argv, const char *verb, calf_run_args *a,
                            calf_error *err);
/* Apply every --set that names a registry parameter to par; the others are
 * returned in rest (for protocol params). With rest == NULL, unknown names are
 * errors with a "did you mean". */
int calf_cli_apply_sets(const calf_run_args *a, calf_params *par, const char **rest, int *nrest,
                        calf_error *err);
/* Load the patient (--patient) and calibrate the model. */
int calf_cli_load_model(const char *patient_path, const calf_params *par, calf_model *m,
                        calf_error *err);
/* Write trace.csv and summary.json into dir (created if needed). */
int calf_cli_write_run(const char *dir, const calf_model *m, const calf_trace *t,
                       const calf_summary *s, const calf_run_meta *meta, calf_error *err);
/* Base name of a path without folder and extension, into out. */
void calf_cli_stem(const char *path, char *out, size_t n);

#endif
