/*
 * report.h: report.html of a protocol comparison: one self-contained file
 * (inline CSS and SVG, no script, no external reference) holding the patient
 * profile, each protocol's summary, source and outcomes, every figure with
 * its caption, the parameters that differ from defaults, the model version,
 * seed and parameter hash, and the caveat. Every string goes through
 * calf_html_escape.
 */
#ifndef CALF_REPORT_H
#define CALF_REPORT_H

#include <stdint.h>

#include "figdata.h"
#include "model.h"
#include "sim.h"
#include "verdict.h"

typedef struct calf_report_protocol {
    const char *name;    /* display name */
    const char *summary; /* protocol summary text, may be NULL */
    const char *source;  /* the protocol's cited source, may be NULL */
    const char *path;    /* file as given on the command line */
    const char *text;    /* the file's text, may be NULL */
    const char *dir;     /* its output folder, relative to the report */
    const char *kind;    /* "protocol" or "plan" */
    const calf_summary *sum;
    uint64_t param_hash;
    int nparams;
    const char *const *param_names;
    const double *param_values;
} calf_report_protocol;

/* A table of preformatted cells (row-major), e.g. the virtual-cohort
 * uncertainty of a comparison. */
typedef struct calf_report_table {
    int ncols, nrows;
    const char *const *head;  /* ncols */
    const char *const *cells; /* nrows * ncols */
    long size;                /* virtual patients */
} calf_report_table;

typedef struct calf_report {
    const calf_model *m;
    const char *patient_path;
    uint64_t seed, param_hash;
    int days;
    int n;
    const calf_report_protocol *p;
    const char *out_dir; /* where the figures' SVG files are */
    int figures_drawn;   /* 0: gnuplot was missing */
    const calf_interaction *ix;
    const char *command;          /* how it was made, e.g. "calfsim demo" */
    int oracle;                   /* --oracle: add the hidden-state figure (model internals) */
    int hidden_drawn;             /* fig_hidden_state.svg was drawn */
    const calf_report_table *unc; /* cohort uncertainty, or NULL */
    const calf_verdict *verdict;  /* shown at the top, or NULL */
    const calf_verdict_in *verdict_in;
} calf_report;

int calf_report_write(const char *path, const calf_report *r, calf_error *err);

#endif
