/*
 * test_protocol_obs.c: what a protocol reads from ctx, driven by synthetic
 * observations (no model run, so the model's numbers cannot hide a gap):
 *   - ctx.last_week.flare is a morning at pain 3 or more that rose by at
 *     least 1 over the morning before: a rise of exactly 1.1 counts, a rise
 *     of 0.9 does not, nor a rise of 1.5 to a morning below 3;
 *   - ctx.history.pain_during[d] is the highest pain during any session of
 *     day d, on a day of two sessions the later one's too, and the pain
 *     reached, not the pain at the session's start.
 * The probe protocols encode what they read in the distance of the run they
 * plan, which the test reads back from the day plan.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "model.h"
#include "params.h"
#include "patient_load.h"
#include "protocol.h"
#include "sim.h"

static const char flare_src[] =
    "return { name = 'flare probe', source = 'test', summary = 'km 5 after a flare week',\n"
    "  week = function(ctx, p)\n"
    "    local km = 2\n"
    "    if ctx.week > 1 then km = ctx.last_week.flare and 5 or 3 end\n"
    "    return { mon = run{ km = km, kmh = 9 } }\n"
    "  end }\n";

static const char history_src[] =
    "return { name = 'history probe', source = 'test', summary = 'km 1 + yesterday pain',\n"
    "  week = function(ctx, p) return {} end,\n"
    "  day = function(ctx, p, planned)\n"
    "    if ctx.day < 2 then return planned end\n"
    "    return run{ km = 1 + ctx.history.pain_during[ctx.day - 1], kmh = 9 }\n"
    "  end }\n";

static int open_probe(const char *src, calf_protocol **p)
{
    char dir[] = "/tmp/calf_probe_XXXXXX", path[64];
    if (!mkdtemp(dir))
        return -1;
    snprintf(path, sizeof(path), "%s/probe.lua", dir);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return -1;
    fputs(src, fp);
    fclose(fp);
    calf_protocol_opts o = {.lib_dir = CALF_SOURCE_DIR "/protocols/lib"};
    calf_error err = {0};
    int rc = calf_protocol_open(p, path, &o, &err);
    remove(path);
    rmdir(dir);
    if (rc)
        fprintf(stderr, "open: %s\n", err.msg);
    return rc;
}

static calf_model model;

static int load_model(void)
{
    calf_patient pt;
    calf_params par;
    calf_error err = {0};
    calf_params_default(&par);
    if (calf_patient_load(CALF_SOURCE_DIR "/scripts/patients/distance_limited.lua", &pt, &err) ||
        calf_model_init(&model, &par, &pt, &err)) {
        fprintf(stderr, "model: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static void obs_day(calf_obs *o, int day, double morning)
{
    memset(o, 0, sizeof(*o));
    o->day = day;
    o->week = (day - 1) / 7 + 1;
    o->weekday = (day - 1) % 7 + 1;
    o->morning_pain = morning;
    o->heel_raise_reps = 20;
    o->last_onset_km = NAN;
    o->model = &model;
}

/* km of the first run planned for the day, or -1 */
static double planned_km(const calf_day_plan *d)
{
    for (int k = 0; k < d->n; k++)
        if (d->s[k] && d->s[k]->kind == CALF_K_RUN)
            return d->s[k]->seg[0].km;
    return -1;
}

/* Mornings m[0..7] for days 1..8; the km planned on day 8 (Monday). */
static double flare_week(const double *m)
{
    calf_protocol *p = NULL;
    if (open_probe(flare_src, &p))
        return -2;
    calf_planner pl;
    calf_error err = {0};
    double km = -3;
    if (calf_protocol_planner(p, &model, &pl, &err) == CALF_OK) {
        for (int day = 1; day <= 8; day++) {
            calf_obs o;
            obs_day(&o, day, m[day - 1]);
            calf_day_plan d = {0};
            if (pl.plan_day(pl.ud, &o, &d, &err)) {
                fprintf(stderr, "day %d: %s\n", day, err.msg);
                break;
            }
            if (day == 8)
                km = planned_km(&d);
        }
    } else {
        fprintf(stderr, "planner: %s\n", err.msg);
    }
    calf_protocol_close(p);
    return km;
}

static void test_flare(void)
{
    const double rise_1_1[8] = {0, 0, 0, 0, 0, 0, 2.2, 3.3};
    const double rise_0_9[8] = {0, 0, 0, 0, 0, 0, 2.4, 3.3};
    const double low[8] = {0, 0, 0, 0, 0, 0, 1.0, 2.5};
    const double mid_week[8] = {0, 0, 1.9, 3.0, 3.0, 3.0, 3.0, 3.0};
    CHECK(flare_week(rise_1_1) == 5);
    CHECK(flare_week(rise_0_9) == 3);
    CHECK(flare_week(low) == 3);
    CHECK(flare_week(mid_week) == 5);
}

static void test_history_pain(void)
{
    calf_protocol *p = NULL;
    if (open_probe(history_src, &p)) {
        check_failures++;
        return;
    }
    calf_planner pl;
    calf_error err = {0};
    CHECK(calf_protocol_planner(p, &model, &pl, &err) == CALF_OK);
    double km[4] = {0};
    for (int day = 1; day <= 3; day++) {
        calf_obs o;
        obs_day(&o, day, 0);
        if (day == 2) { /* day 1: a morning run at pain 1, an evening strength session at 4 */
            o.yesterday_n = 2;
            o.yesterday[0] = (calf_session_result){.kind = CALF_K_RUN,
                                                   .km_planned = 3,
                                                   .km_done = 3,
                                                   .pain_start = 0.5,
                                                   .pain_max = 1,
                                                   .pain_end = 1,
                                                   .onset_km = NAN};
            o.yesterday[1] = (calf_session_result){.kind = CALF_K_STRENGTH,
                                                   .pain_start = 0.2,
                                                   .pain_max = 4,
                                                   .pain_end = 3,
                                                   .onset_km = NAN};
        } else if (day == 3) { /* day 2: one run, pain from 2 at the start to 2.5 */
            o.yesterday_n = 1;
            o.yesterday[0] = (calf_session_result){.kind = CALF_K_RUN,
                                                   .km_planned = 2,
                                                   .km_done = 2,
                                                   .pain_start = 2,
                                                   .pain_max = 2.5,
                                                   .pain_end = 2.5,
                                                   .onset_km = NAN};
        }
        calf_day_plan d = {0};
        if (pl.plan_day(pl.ud, &o, &d, &err)) {
            fprintf(stderr, "day %d: %s\n", day, err.msg);
            check_failures++;
            break;
        }
        km[day] = planned_km(&d);
    }
    CHECK_ABS(km[2], 1 + 4, 1e-12);   /* the later session's pain, its peak */
    CHECK_ABS(km[3], 1 + 2.5, 1e-12); /* the peak, not the start */
    calf_protocol_close(p);
}

int main(void)
{
    gsl_set_error_handler_off();
    if (load_model())
        return 1;
    test_flare();
    test_history_pain();
    CHECK_DONE();
}
