/*
 * warmup.c: the history warm-up before day 1 (warmup.h).
 */
#include "warmup.h"

#include <stdio.h>
#include <string.h>

#include "plan_csv.h"

int calf_warmup(const calf_model *m, const struct calf_plan *hist, calf_state *st, calf_metrics *mt,
                calf_error *err)
{
    calf_state w;
    calf_model_initial_state(m, &w);
    calf_metrics_init(mt, &m->par, m->l_hab);
    for (int d = 0; d < hist->days; d++) {
        const calf_plan_day *pd = &hist->day[d];
        calf_session local[CALF_MAX_SESSIONS];
        calf_day_plan dp = {.n = pd->n};
        for (int i = 0; i < pd->n; i++) {
            local[i] = pd->s[i]; /* the plan stays untouched: its caches are not ours */
            local[i].cache_owner = NULL;
            dp.s[i] = &local[i];
        }
        calf_day_result res;
        int rc = calf_model_day(m, &w, &dp, &res, err);
        if (rc) {
            char where[64];
            snprintf(where, sizeof(where), "history day %d", d + 1);
            if (err)
                calf_error_prefix(err, where);
            return rc;
        }
        calf_metrics_out mo;
        calf_metrics_update(mt, res.load, &mo);
    }
    if (m->pt.history_full) {
        *st = w; /* the diary since intake: the state it leaves, whole */
    } else {
        st->Fa = w.Fa;
        st->A_lag = w.A_lag;
    }
    return CALF_OK;
}
