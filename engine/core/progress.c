/*
 * progress.c: the declarative weekly progression (progress.h). All of it is
 * arithmetic on distances the protocol already validated; the scale only
 * multiplies them, but growth without a cap (or rounding up) can take a
 * distance past what a session allows, so each scaled session is checked
 * again as the constructors check it. A distance may round to 0, which a
 * session allows.
 */
#include "progress.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const calf_progress_fields[] = {
    "grow", "regress", "max_week_km", "round_km", "weeks", "hold_if_morning_pain", NULL};

/* The fields' ranges, in calf_progress_fields' order: the one place they
 * are stated. */
static const struct {
    double lo, hi;
    int whole;
} fields[] = {{0, 1, 0}, {0.1, 1, 0}, {0.1, 1000, 0}, {0.01, 10, 0}, {1, 520, 1}, {0.5, 10, 0}};

int calf_progress_check_field(const char *field, double v, calf_error *err)
{
    for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++) {
        if (strcmp(field, calf_progress_fields[i]) != 0)
            continue;
        if (isfinite(v) && v >= fields[i].lo && v <= fields[i].hi &&
            (!fields[i].whole || v == floor(v)))
            return CALF_OK;
        /* the value as given: the shortest form that reads back as v, so a
         * value just past a limit is not printed as the limit itself */
        char val[32] = "nan"; /* never "-nan" */
        for (int prec = 6; !isnan(v) && prec <= 17; prec++) {
            snprintf(val, sizeof val, "%.*g", prec, v);
            if (strtod(val, NULL) == v)
                break;
        }
        return calf_error_set(err, CALF_EINPUT, "progress.%s = %s: allowed %s%g to %g", field, val,
                              fields[i].whole ? "whole weeks " : "", fields[i].lo, fields[i].hi);
    }
    return calf_error_set(err, CALF_EINPUT, "progress: no field '%s'", field);
}

int calf_progress_validate(const calf_progress_rule *r, calf_error *err)
{
    if (calf_progress_check_field("grow", r->grow, err) ||
        (r->regress != 0 && calf_progress_check_field("regress", r->regress, err)) ||
        (r->max_week_km != 0 && calf_progress_check_field("max_week_km", r->max_week_km, err)) ||
        (r->round_km != 0 && calf_progress_check_field("round_km", r->round_km, err)) ||
        (r->weeks != 0 && calf_progress_check_field("weeks", r->weeks, err)) ||
        (r->hold_if_morning_pain != 0 &&
         calf_progress_check_field("hold_if_morning_pain", r->hold_if_morning_pain, err)))
        return CALF_EINPUT;
    return CALF_OK;
}

/* x^n as Lua 5.4's `^` computes it (x * x for n = 2, else pow), so the
 * scale equals a protocol's own (1 + growth)^(week - 1) bit for bit. */
static double lua_pow(double x, int n)
{
    return n == 2 ? x * x : pow(x, n);
}

double calf_progress_scale(const calf_progress *pg)
{
    double s = pg->c * lua_pow(1 + pg->rule.grow, pg->a);
    return pg->b > 0 ? s * lua_pow(pg->rule.regress, pg->b) : s;
}

static int scaled(const calf_session *s)
{
    return s->kind == CALF_K_RUN || s->kind == CALF_K_WALK;
}

/* Cap the scale (restarting the product at the cap) and write the distances.
 * At the cap each segment gets its share of the weekly cap, cap x (km0 /
 * base): for n equal runs that is exactly cap / n, as a protocol dividing
 * its capped weekly distance among its runs computes it. A scaled session
 * must still be one the constructors accept (growth without a cap, or
 * rounding, can take a distance past 100 km): CALF_EINPUT naming it, the
 * rule then off. */
static int apply(calf_progress *pg, calf_error *err)
{
    double s = calf_progress_scale(pg);
    double cap = pg->rule.max_week_km;
    /* at the cap (>=): a week held or regressed by 1 there keeps the capped
     * distances, cap x (km0 / base), not km0 x (cap / base), which may differ
     * in the last bit and round the other way */
    int capped = cap > 0 && pg->base_km > 0 && s >= cap / pg->base_km;
    if (capped) {
        pg->c = cap / pg->base_km;
        pg->a = pg->b = 0;
    }
    double q = pg->rule.round_km > 0 ? 1 / pg->rule.round_km : 0;
    int k = 0;
    for (int i = 0; i < pg->nsess; i++) {
        calf_session *ss = pg->sess[i];
        for (int j = 0; j < ss->nseg; j++) {
            double km0 = pg->km0[k++];
            /* walking breaks between runs keep their planned distance, not
             * scaled and not rounded (rounding each short break up to a
             * step could double the walking); only a week with no running
             * scales its walking */
            if (ss->seg[j].walk && !pg->walk_scaled) {
                ss->seg[j].km = km0;
                continue;
            }
            double km = capped ? cap * (km0 / pg->base_km) : km0 * s;
            ss->seg[j].km = q > 0 ? floor(km * q + 0.5) / q : km;
        }
        calf_error e; /* filled by validate when it fails (not cleared: 1 KiB a session a week) */
        if (calf_session_validate(ss, &e)) {
            pg->on = 0;
            return calf_error_set(err, CALF_EINPUT, "progress scaled a %s to %s",
                                  calf_kind_names[ss->kind], e.msg);
        }
    }
    return CALF_OK;
}

int calf_progress_start(calf_progress *pg, const calf_progress_rule *r, calf_session *const *sess,
                        int n, const calf_day_plan week[7], calf_error *err)
{
    pg->on = 0;
    if (calf_progress_validate(r, err))
        return CALF_EINPUT;
    int nkm = 0, ns = 0;
    for (int i = 0; i < n; i++)
        if (scaled(sess[i])) {
            nkm += sess[i]->nseg;
            ns++;
        }
    if (nkm + ns > pg->cap) {
        int cap = nkm + ns;
        double *km0 = realloc(pg->km0, (size_t)cap * sizeof(double));
        if (km0)
            pg->km0 = km0;
        calf_session **sv = realloc(pg->sess, (size_t)cap * sizeof(calf_session *));
        if (sv)
            pg->sess = sv;
        if (!km0 || !sv)
            return calf_error_set(err, CALF_EIO, "out of memory for a weekly progression");
        pg->cap = cap;
    }
    pg->rule = *r;
    pg->nsess = 0;
    pg->nkm = nkm;
    int k = 0;
    for (int i = 0; i < n; i++) {
        if (!scaled(sess[i]))
            continue;
        pg->sess[pg->nsess++] = sess[i];
        for (int j = 0; j < sess[i]->nseg; j++)
            pg->km0[k++] = sess[i]->seg[j].km;
    }
    /* the week's running, as the goal and max_week_km count it; walking
     * only when there is no running at all */
    double run_km = 0, walk_km = 0;
    for (int d = 0; d < 7; d++)
        for (int i = 0; i < week[d].n; i++) {
            const calf_session *ws = week[d].s[i];
            if (ws->kind != CALF_K_RUN && ws->kind != CALF_K_WALK)
                continue;
            for (int j = 0; j < ws->nseg; j++)
                *(ws->seg[j].walk ? &walk_km : &run_km) += ws->seg[j].km;
        }
    pg->walk_scaled = run_km <= 0;
    pg->base_km = pg->walk_scaled ? walk_km : run_km;
    pg->c = 1;
    pg->a = pg->b = 0;
    pg->weeks_left = r->weeks > 0 ? r->weeks - 1 : -1;
    pg->on = 1;
    return apply(pg, err);
}

int calf_progress_monday(calf_progress *pg, const calf_progress_week *w, calf_error *err)
{
    if (!pg->on)
        return 0;
    if (pg->weeks_left == 0) {
        pg->on = 0;
        return 0;
    }
    if (pg->weeks_left > 0)
        pg->weeks_left--;
    const double hold = pg->rule.hold_if_morning_pain;
    if (w->stopped > 0 && pg->rule.regress > 0)
        pg->b++;
    else if (!(hold > 0 && w->morning_max > hold))
        pg->a++;
    return apply(pg, err) ? -1 : 1;
}

void calf_progress_free(calf_progress *pg)
{
    free(pg->km0);
    free(pg->sess);
    *pg = (calf_progress){0};
}
