/*
 * sweep.h: parameter sweeps shared by `calfsim sweep` and the study API. A
 * sweep variable is "name=lo:hi:step" where name is a protocol parameter, a
 * registry constant or a patient field ("patient.habitual.easy_kmh"). Each
 * grid point is one ordinary simulation (the same as `calfsim run` with
 * those settings), summarised by the summary metrics listed here.
 */
#ifndef CALF_SWEEP_H
#define CALF_SWEEP_H

#include <stdio.h>

#include "model.h"
#include "sim.h"
#include "source.h"

#define CALF_SWEEP_MAX_VARS   3
#define CALF_SWEEP_MAX_POINTS 100000

enum { CALF_VAR_PROTOCOL, CALF_VAR_REGISTRY, CALF_VAR_PATIENT };

typedef struct calf_sweep_var {
    char name[128]; /* as given (patient fields keep the "patient." prefix) */
    int kind;
    double lo, hi, step;
    int n; /* grid values */
} calf_sweep_var;

/* The summary metrics are calf_summary_fields (sim.h), in the order of the
 * grid CSV. */
#define calf_metric_count calf_summary_field_count
/* Metric k of a summary; goal_reached_day and injury_day are NAN when never. */
double calf_metric(const calf_summary *s, int k);
/* Index of a metric by name, or -1. */
int calf_metric_find(const char *name);

/* Parse "name=lo:hi:step" (or "name=v" for one value), resolving the kind;
 * a name that is neither registry constant nor patient field is taken as a
 * protocol parameter (checked when first set). */
int calf_sweep_parse_var(const char *spec, calf_sweep_var *v, calf_error *err);
/* Value j of a variable's grid. */
double calf_sweep_value(const calf_sweep_var *v, int j);
/* Set one variable on par, pt or the source. */
int calf_sweep_apply(const calf_sweep_var *v, double x, calf_params *par, calf_patient *pt,
                     calf_source *src, calf_error *err);
/* After grid point p (first variable fastest) of a gnuplot grid file: a
 * blank line after each scan of the first variable (heatmaps) and another
 * after each panel of the third. */
void calf_sweep_dat_breaks(FILE *fp, const calf_sweep_var *vars, int nvars, long p);
/* One grid point: copies of par and pt with the values applied, calibrated
 * and simulated for days. trace may be NULL. */
int calf_sweep_point(calf_source *src, const calf_params *par, const calf_patient *pt,
                     const calf_sweep_var *vars, int nvars, const double *x, int days,
                     calf_trace *trace, calf_summary *out, calf_error *err);

#endif
