/*
 * cohort_out.h: output of the research verbs (cohort, sweep, script):
 * drawing a figure from a shipped template (installed next to its data, run
 * only when gnuplot is present), a terminal progress bar, and the cohort's
 * files: cohort.csv (bands per protocol and day), cohort.json (outcomes,
 * paired differences and their 2x2 counts, provenance), bands_K.dat,
 * outcomes.dat, outcome_compare.dat and the fan, outcome and outcome
 * comparison figures.
 */
#ifndef CALF_COHORT_OUT_H
#define CALF_COHORT_OUT_H

#include <stdint.h>

#include "cohort.h"
#include "util.h"

/* Install plots/TEMPLATE as DIR/TEMPLATE and, when gnuplot exists, run it
 * with args (NULL-terminated; data files, titles, base names). Without
 * gnuplot a one-line warning says how to draw it later. */
int calf_cli_plot(const char *dir, const char *tmpl, const char *usage, const char *const args[],
                  calf_error *err);
/* calf_cli_plot drawn atomically: args[base_arg] is the output base name
 * (calf_figure_run_atomic). */
int calf_cli_plot_atomic(const char *dir, const char *tmpl, const char *usage,
                         const char *const args[], int base_arg, calf_error *err);

/* calf_cli_plot drawn atomically: args[base_arg] is the output base name
 * (drawn under a temporary name, then renamed). */
int calf_cli_plot_fig(const char *dir, const char *tmpl, const char *usage,
                      const char *const args[], int base_arg, calf_error *err);

/* Progress on stderr when it is a terminal (ud unused). */
void calf_cli_progress(void *ud, long done, long total);
void calf_cli_progress_end(void);

typedef struct calf_cohort_meta {
    const char *names[CALF_COHORT_MAX_PROTOCOLS];
    const char *paths[CALF_COHORT_MAX_PROTOCOLS];
    const char *patient;
    const char *population; /* --population file, or NULL */
    uint64_t seed, param_hash;
    double vary_params, vary_patient;
    int plots;
    int mpi_ranks; /* 0 or 1: one process */
} calf_cohort_meta;

/* Open DIR/patients.csv (atomic) and write its provenance line and header
 * for the cohort s; the run streams the rows into af->fp. */
int calf_cli_patients_open(calf_afile *af, const char *dir, const calf_cohort_spec *s,
                           const calf_cohort_meta *m, calf_error *err);

/* cohort.csv, cohort.json and the figures into work, the work folder of the
 * cohort's open out_dir (out_dir.h), which replaces the folder as a whole. */
int calf_cli_cohort_write(const char *work, const calf_cohort_result *r, const calf_cohort_meta *m,
                          calf_error *err);

#endif
