/*
 * metrics.h: derived load metrics (MODEL.md section 7), reported and never
 * driving risk: CTL/ATL/TSB, three ACWR variants, Foster monotony and strain,
 * Weibull injury probability. Rolling windows are kept as ring buffers with
 * running sums so one update is a handful of operations.
 */
#ifndef CALF_METRICS_H
#define CALF_METRICS_H

#include <math.h>

#include "params.h"

typedef struct calf_metrics {
    double ring[32]; /* last 28 days of L, newest at (pos-1) & 31 */
    unsigned pos;
    double sum7, sum28, sq7; /* running sums, re-summed exactly every 28 days */
    double ctl, atl, ewma_a, ewma_c;
    double e_ctl, e_atl, lam_a, lam_c;
    double one_e_ctl, one_e_atl, one_lam_a, one_lam_c; /* 1 - each, precomputed */
} calf_metrics;

typedef struct calf_metrics_out {
    double ctl, atl, tsb, acwr_coupled, acwr_uncoupled, acwr_ewma, monotony, strain;
} calf_metrics_out;

/* History before day 1 is l_hab every day. */
void calf_metrics_init(calf_metrics *mt, const calf_params *p, double l_hab);
/* Only what calf_metrics_update_ewma reads (the same values). */
void calf_metrics_init_ewma(calf_metrics *mt, const calf_params *p, double l_hab);
/* Add day t's load; out gets day t's values (NAN where empty). */
void calf_metrics_update(calf_metrics *mt, double load, calf_metrics_out *out);
/* Only the EWMA pair, returning acwr_ewma (the simulation without a trace: the
 * rest of mt is not kept up to date, so do not mix the two on one mt). */
static inline double calf_metrics_update_ewma(calf_metrics *mt, double load)
{
    mt->ewma_a = mt->lam_a * load + mt->one_lam_a * mt->ewma_a;
    mt->ewma_c = mt->lam_c * load + mt->one_lam_c * mt->ewma_c;
    return mt->ewma_c > 0 ? mt->ewma_a / mt->ewma_c : NAN;
}
/* Weibull injury probability from damage. */
double calf_p_injury(const calf_params *p, double D);

#endif
