/*
 * metrics.c: CTL/ATL/TSB, the three ACWR variants, Foster monotony and
 * strain, and the Weibull injury probability (MODEL.md section 7). These are
 * reported for comparison with the literature and never drive the model.
 * ACWR is flagged as criticised (Lolli 2019; Impellizzeri 2020).
 */
#include "metrics.h"

#include <math.h>

void calf_metrics_init(calf_metrics *mt, const calf_params *p, double l_hab)
{
    for (int i = 0; i < 28; i++)
        mt->ring[i] = l_hab;
    mt->pos = 0;
    mt->ctl = mt->atl = mt->ewma_a = mt->ewma_c = l_hab;
    mt->e_ctl = exp(-1.0 / p->v[CALF_P_TAU_CTL]);
    mt->e_atl = exp(-1.0 / p->v[CALF_P_TAU_ATL]);
    mt->lam_a = 2.0 / (p->v[CALF_P_EWMA_ACUTE] + 1.0);
    mt->lam_c = 2.0 / (p->v[CALF_P_EWMA_CHRON] + 1.0);
}

void calf_metrics_update(calf_metrics *mt, double load, calf_metrics_out *out)
{
    out->tsb = mt->ctl - mt->atl; /* form going into the day */
    mt->ring[mt->pos] = load;
    mt->pos = (mt->pos + 1) % 28;
    /* newest 7 are positions pos-1 .. pos-7 (mod 28) */
    double s7 = 0, s28 = 0, sq = 0;
    for (int i = 0; i < 28; i++)
        s28 += mt->ring[i];
    for (int k = 1; k <= 7; k++) {
        double x = mt->ring[(mt->pos - k + 28) % 28];
        s7 += x;
    }
    double mean7 = s7 / 7.0;
    for (int k = 1; k <= 7; k++) {
        double d = mt->ring[(mt->pos - k + 28) % 28] - mean7;
        sq += d * d;
    }
    double sd = sqrt(sq / 7.0);
    mt->ctl += (1.0 - mt->e_ctl) * (load - mt->ctl);
    mt->atl += (1.0 - mt->e_atl) * (load - mt->atl);
    mt->ewma_a = mt->lam_a * load + (1.0 - mt->lam_a) * mt->ewma_a;
    mt->ewma_c = mt->lam_c * load + (1.0 - mt->lam_c) * mt->ewma_c;
    out->ctl = mt->ctl;
    out->atl = mt->atl;
    double chronic4 = s28 / 4.0;
    out->acwr_coupled = chronic4 > 0 ? s7 / chronic4 : NAN;
    double unc_mean = (s28 - s7) / 21.0;
    out->acwr_uncoupled = unc_mean > 0 ? mean7 / unc_mean : NAN;
    out->acwr_ewma = mt->ewma_c > 0 ? mt->ewma_a / mt->ewma_c : NAN;
    /* Monotony is empty when SD = 0; tiny SDs from rounding count as 0. */
    if (sd > 1e-9 * (mean7 > 1 ? mean7 : 1)) {
        out->monotony = mean7 / sd;
        out->strain = s7 * out->monotony;
    } else {
        out->monotony = NAN;
        out->strain = NAN;
    }
}

double calf_p_injury(const calf_params *p, double D)
{
    if (D <= 0)
        return 0;
    return 1.0 - exp(-0.69314718055994530942 * pow(D / p->v[CALF_P_D_50], p->v[CALF_P_WEIBULL_M]));
}
