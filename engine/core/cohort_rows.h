/*
 * cohort_rows.h: patients.csv, one row per virtual patient and protocol (and
 * one per rejected draw), so a researcher can regress, screen or decompose
 * outcomes over the drawn inputs. The columns are the patient's index, its
 * stream seed and draw number, every drawn input under its registry name
 * (patient fields as "patient.PATH"), the outcomes read through the summary
 * fields table (sim.h), and a reason for rejected draws. The cohort run
 * formats rows per chunk on its worker threads and writes the chunks in
 * index order (cohort.c), so the file is the same for any thread count.
 */
#ifndef CALF_COHORT_ROWS_H
#define CALF_COHORT_ROWS_H

#include <stdint.h>
#include <stdio.h>

#include "cohort.h"

#define CALF_COHORT_MAX_INPUTS 256

/* A drawn input: a registry constant (param >= 0) or a patient field. */
typedef struct calf_cohort_input {
    char name[96]; /* registry name, or "patient." + field path */
    int param;     /* registry index, or -1 */
    const calf_patient_field *field;
} calf_cohort_input;

/* The inputs the cohort spec draws, in column order (registry order, then
 * patient fields); returns how many (at most max). */
int calf_cohort_inputs(const calf_cohort_spec *s, calf_cohort_input *in, int max);
/* Input k's value in a drawn patient (enums as their index; NAN when a
 * field is not reported). */
double calf_cohort_input_value(const calf_cohort_input *in, const calf_params *par,
                               const calf_patient *pt);

/* The prior's quantile u (0 < u < 1) of input in, for the spec's priors
 * and spreads (the inverse of the cohort's draw, each input on its own):
 * what a sensitivity design maps its unit-cube points through. */
double calf_cohort_input_quantile(const calf_cohort_spec *s, const calf_cohort_input *in, double u);

/* The outcome columns of patients.csv: a 0/1 indicator (field > 0) or the
 * field's value, read from the summary fields table. */
typedef struct calf_patients_col {
    const char *name;
    const char *field; /* calf_summary_fields name */
    int indicator;     /* 1: 1 when the field is > 0, else 0 */
} calf_patients_col;
extern const calf_patients_col calf_patients_cols[];

/* A metric by name: a patients.csv outcome column (goal, flare, injury,
 * ...) or any summary field (calf_summary_fields). */
typedef struct calf_metric_ref {
    const calf_summary_field *field;
    int indicator;
} calf_metric_ref;
int calf_metric_ref_find(const char *name, calf_metric_ref *out);
double calf_metric_ref_value(const calf_metric_ref *r, const calf_summary *s);

/* The header row: protocol,index,seed,draw,status,INPUTS...,OUTCOMES...,reason */
void calf_patients_header(FILE *fp, const calf_cohort_input *in, int nin);
/* One row. protocol NULL writes an empty cell; sum NULL (a rejected draw)
 * leaves the outcomes empty; reason NULL an empty cell. */
void calf_patients_row(FILE *fp, const char *protocol, long index, uint64_t seed, int draw,
                       const char *status, const calf_cohort_input *in, int nin,
                       const calf_params *par, const calf_patient *pt, const calf_summary *sum,
                       const char *reason);

#endif
