/*
 * metrics.c: CTL/ATL/TSB, the three ACWR variants, Foster monotony and
 * strain, and the Weibull injury probability (MODEL.md section 7). These are
 * reported for comparison with the literature and never drive the model.
 * ACWR is flagged as criticised (Lolli 2019; Impellizzeri 2020).
 */
#include "metrics.h"

#include <math.h>

static void resum(calf_metrics *mt)
{
    double s7 = 0, s28 = 0, q7 = 0;
    for (unsigned k = 1; k <= 28; k++) {
        double x = mt->ring[(mt->pos - k) & 31u];
        s28 += x;
        if (k <= 7) {
            s7 += x;
            q7 += x * x;
        }
    }
    mt->sum7 = s7;
    mt->sum28 = s28;
    mt->sq7 = q7;
}

void calf_metrics_init_ewma(calf_metrics *mt, const calf_params *p, double l_hab)
{
    mt->ewma_a = mt->ewma_c = l_hab;
    mt->lam_a = 2.0 / (p->v[CALF_P_EWMA_ACUTE] + 1.0);
    mt->lam_c = 2.0 / (p->v[CALF_P_EWMA_CHRON] + 1.0);
    mt->one_lam_a = 1.0 - mt->lam_a;
    mt->one_lam_c = 1.0 - mt->lam_c;
}

void calf_metrics_init(calf_metrics *mt, const calf_params *p, double l_hab)
{
    for (int i = 0; i < 32; i++)
        mt->ring[i] = l_hab;
    mt->pos = 0;
    resum(mt);
    mt->ctl = mt->atl = l_hab;
    mt->e_ctl = exp(-1.0 / p->v[CALF_P_TAU_CTL]);
    mt->e_atl = exp(-1.0 / p->v[CALF_P_TAU_ATL]);
    mt->one_e_ctl = 1.0 - mt->e_ctl;
    mt->one_e_atl = 1.0 - mt->e_atl;
    calf_metrics_init_ewma(mt, p, l_hab);
}

void calf_metrics_update(calf_metrics *mt, double load, calf_metrics_out *out)
{
    out->tsb = mt->ctl - mt->atl; /* form going into the day */
    double old7 = mt->ring[(mt->pos - 7) & 31u], old28 = mt->ring[(mt->pos - 28) & 31u];
    mt->ring[mt->pos & 31u] = load;
    mt->pos++;
    if (mt->pos % 28u == 0) {
        resum(mt);
    } else {
        mt->sum7 += load - old7;
        mt->sum28 += load - old28;
        mt->sq7 += load * load - old7 * old7;
    }
    double s7 = mt->sum7, s28 = mt->sum28;
    double mean7 = s7 / 7.0;
    double var = mt->sq7 / 7.0 - mean7 * mean7;
    mt->ctl += mt->one_e_ctl * (load - mt->ctl);
    mt->atl += mt->one_e_atl * (load - mt->atl);
    mt->ewma_a = mt->lam_a * load + mt->one_lam_a * mt->ewma_a;
    mt->ewma_c = mt->lam_c * load + mt->one_lam_c * mt->ewma_c;
    out->ctl = mt->ctl;
    out->atl = mt->atl;
    double chronic4 = s28 / 4.0;
    out->acwr_coupled = chronic4 > 0 ? s7 / chronic4 : NAN;
    double unc_mean = (s28 - s7) / 21.0;
    out->acwr_uncoupled = unc_mean > 0 ? mean7 / unc_mean : NAN;
    out->acwr_ewma = mt->ewma_c > 0 ? mt->ewma_a / mt->ewma_c : NAN;
    /* Monotony is empty when SD = 0; a variance that is rounding noise of the
     * running sums (relative 1e-9 of the mean square) counts as 0. */
    if (var > 1e-9 * (mean7 * mean7 + 1.0)) {
        out->monotony = mean7 / sqrt(var);
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
    double x = D / p->v[CALF_P_D_50], m = p->v[CALF_P_WEIBULL_M];
    double xm = m == 3.0 ? x * x * x : pow(x, m);
    return 1.0 - exp(-0.69314718055994530942 * xm);
}
