/*
 * verb_plan.c: `calfsim plan --patient P.lua --goal km_per_week=..,quality=..,
 * long_run=.. [--max-pain 3] [--max-injury X] [--weeks N] [--robust N]
 * [--seed S] [--starts K] [--out DIR]`. Searches the parameterised
 * progression (engine/core/planner_param.h) for the earliest goal week,
 * writes it as a protocol file (plan.lua), the plan's trace.csv and
 * summary.json, and a report (plan.txt, plan.json) comparing it with the
 * shipped symptom_guided and ten_percent protocols when they exist.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "planner_param.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "out_dir.h"
#include "util.h"

typedef struct popts {
    const char *patient, *goal, *out;
    double max_pain, max_injury;
    int weeks, robust, starts;
    uint64_t seed;
} popts;

static void usage(FILE *fp)
{
    fputs("usage: calfsim plan --patient P.lua --goal km_per_week=K,quality=Q,long_run=L\n"
          "                    [--max-pain 3] [--max-injury 0.05] [--weeks 26] [--robust N]\n"
          "                    [--seed S] [--starts 8] [--out DIR]\n"
          "Searches a parameterised progression for the earliest goal week without days over\n"
          "the pain limit, flares or model injury probability above the bound; writes it as\n"
          "a protocol file (plan.lua) that `calfsim run` accepts.\n",
          fp);
}

static int num_opt(const char *name, const char *v, double lo, double hi, double *out)
{
    double d;
    if (!v)
        return calf_cli_failf(2, "%s: missing value", name);
    if (calf_parse_double(v, &d) || d < lo || d > hi)
        return calf_cli_failf(2, "%s = %s: allowed %g to %g", name, v, lo, hi);
    *out = d;
    return 0;
}

static int parse(int argc, char **argv, popts *o)
{
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        double d = 0;
        int st = 0;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return -1;
        } else if (strcmp(a, "--patient") == 0) {
            if (!(o->patient = calf_cli_value(argc, argv, &i)))
                return calf_cli_failf(2, "--patient: missing value");
        } else if (strcmp(a, "--goal") == 0) {
            if (!(o->goal = calf_cli_value(argc, argv, &i)))
                return calf_cli_failf(2, "--goal: missing value");
        } else if (strcmp(a, "--out") == 0) {
            if (!(o->out = calf_cli_value(argc, argv, &i)))
                return calf_cli_failf(2, "--out: missing value");
        } else if (strcmp(a, "--max-pain") == 0) {
            st = num_opt(a, calf_cli_value(argc, argv, &i), 1, 7, &o->max_pain);
        } else if (strcmp(a, "--max-injury") == 0) {
            st = num_opt(a, calf_cli_value(argc, argv, &i), 0, 1, &o->max_injury);
        } else if (strcmp(a, "--weeks") == 0) {
            if (!(st = num_opt(a, calf_cli_value(argc, argv, &i), 2, 104, &d)))
                o->weeks = (int)d;
        } else if (strcmp(a, "--robust") == 0) {
            if (!(st = num_opt(a, calf_cli_value(argc, argv, &i), 0, 1000, &d)))
                o->robust = (int)d;
        } else if (strcmp(a, "--starts") == 0) {
            if (!(st = num_opt(a, calf_cli_value(argc, argv, &i), 1, 200, &d)))
                o->starts = (int)d;
        } else if (strcmp(a, "--seed") == 0) {
            if (!(st = num_opt(a, calf_cli_value(argc, argv, &i), 0, 4294967295.0, &d)))
                o->seed = (uint64_t)d;
        } else {
            return calf_cli_failf(2, "plan: unknown option \"%s\"%s", a, calf_cli_did_you_mean(a));
        }
        if (st)
            return st;
    }
    if (!o->patient)
        return calf_cli_failf(2, "plan: --patient P.lua is required");
    return 0;
}

/* km_per_week=..,quality=..,long_run=.. onto the patient's goal. */
static int parse_goal(const char *g, calf_patient *p)
{
    char buf[512];
    snprintf(buf, sizeof(buf), "%s", g);
    char *s = buf;
    while (s && *s) {
        char *e = strchr(s, ',');
        if (e)
            *e = 0;
        char *eq = strchr(s, '=');
        double v;
        if (!eq || calf_parse_double(eq + 1, &v))
            return calf_cli_failf(2, "--goal %s: expected km_per_week=K,quality=Q,long_run=L", g);
        *eq = 0;
        if (strcmp(s, "km_per_week") == 0 && v >= 1 && v <= 250)
            p->goal_km_per_week = v;
        else if (strcmp(s, "quality") == 0 && v >= 0 && v <= 7)
            p->goal_quality_sessions = v;
        else if (strcmp(s, "long_run") == 0 && v >= 0 && v <= 60)
            p->goal_long_run_km = v;
        else
            return calf_cli_failf(2,
                                  "--goal %s = %s: allowed km_per_week 1 to 250, quality 0 to 7, "
                                  "long_run 0 to 60",
                                  s, eq + 1);
        s = e ? e + 1 : NULL;
    }
    if (p->goal_long_run_km > p->goal_km_per_week)
        return calf_cli_failf(2, "--goal: long_run = %g km is more than km_per_week = %g",
                              p->goal_long_run_km, p->goal_km_per_week);
    return 0;
}

typedef struct row {
    char name[64];
    int have;
    calf_summary s;
} row;

/* Run a shipped protocol for the comparison; have = 0 when it is absent. */
static int run_shipped(const char *name, const calf_model *m, int days, row *r, calf_error *err)
{
    snprintf(r->name, sizeof(r->name), "%s", name);
    r->have = 0;
    char path[4096], file[128];
    snprintf(file, sizeof(file), "%s.lua", name);
    if (calf_path_join(path, sizeof(path), calf_cli_protocol_dir(), file, err))
        return CALF_OK;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return CALF_OK;
    fclose(fp);
    calf_run_args a;
    memset(&a, 0, sizeof(a));
    calf_protocol *p = NULL;
    int st = calf_cli_open_protocol(path, &a, NULL, NULL, &p, err);
    calf_planner pl;
    if (!st)
        st = calf_protocol_planner(p, m, &pl, err);
    calf_sim_opts so = {.days = days, .oracle = 0};
    if (!st)
        st = calf_sim_run(m, &pl, &so, NULL, &r->s, err);
    if (p)
        calf_protocol_close(p);
    r->have = st == CALF_OK;
    return st;
}

static void report_row(FILE *fp, const row *r)
{
    if (!r->have) {
        fprintf(fp, "  %-22s (not available: protocols/%s.lua not found)\n", r->name, r->name);
        return;
    }
    const calf_summary *s = &r->s;
    char g[32];
    if (s->goal_reached_day)
        snprintf(g, sizeof(g), "week %d (day %d)", (s->goal_reached_day + 6) / 7,
                 s->goal_reached_day);
    else
        snprintf(g, sizeof(g), "not reached");
    fprintf(fp, "  %-22s %-18s %9.1f %6.2f %6d %6d %8.4f\n", r->name, g, s->total_km, s->peak_pain,
            s->days_pain_over_limit, s->flare_count, s->max_p_injury);
}

static void json_row(FILE *fp, const row *r, int last)
{
    const calf_summary *s = &r->s;
    fprintf(fp, "    {\"name\": \"%s\", \"available\": %s", r->name, r->have ? "true" : "false");
    if (r->have) {
        if (s->goal_reached_day)
            fprintf(fp, ", \"goal_reached_day\": %d, \"goal_week\": %d", s->goal_reached_day,
                    (s->goal_reached_day + 6) / 7);
        else
            fputs(", \"goal_reached_day\": null, \"goal_week\": null", fp);
        /* every summary field, from the one table (calf_summary_fields) */
        for (int k = 0; calf_summary_fields[k].name; k++)
            if (strcmp(calf_summary_fields[k].name, "goal_reached_day") != 0)
                calf_summary_json_member(fp, s, &calf_summary_fields[k], ", ", "");
    }
    fprintf(fp, "}%s\n", last ? "" : ",");
}

int calf_verb_plan(int argc, char **argv)
{
    popts o = {.max_pain = 3, .max_injury = 0.05, .weeks = 26, .starts = 8, .seed = 1};
    int st = parse(argc, argv, &o);
    if (st < 0)
        return 0;
    if (st)
        return st;
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    par.v[CALF_P_PAIN_LIMIT] = o.max_pain;
    calf_model m;
    if ((st = calf_cli_load_model(o.patient, &par, &m, &err)))
        return calf_cli_fail(&err);
    if (o.goal && (st = parse_goal(o.goal, &m.pt)))
        return st;

    calf_pp_opts po = {.weeks = o.weeks,
                       .max_pain = o.max_pain,
                       .max_injury = o.max_injury,
                       .robust = o.robust,
                       .seed = o.seed,
                       .starts = o.starts};
    calf_pp_result r;
    if ((st = calf_pp_search(&m, &po, &r, &err)))
        return calf_cli_fail(&err);

    char stem[256], shown[4096], path[4096], plan_path[4096];
    calf_path_stem(o.patient, stem, sizeof(stem));
    calf_cli_out_dir(shown, sizeof(shown), o.out, "plan", o.patient);
    calf_afile af;
    /* every file goes to od.work, which replaces the folder as a whole */
    calf_outdir od;
    if ((st = calf_outdir_open(&od, shown, &err)))
        goto fail;
    const char *dir = od.work;
    if ((st = calf_path_join(path, sizeof(path), dir, "plan.lua", &err)) ||
        (st = calf_path_join(plan_path, sizeof(plan_path), shown, "plan.lua", &err)) ||
        (st = calf_afile_open(&af, path, &err)))
        goto fail;
    fprintf(af.fp, "-- calfsim %s plan for %s; goal %g km/week, %g quality, long run %g km.\n",
            CALF_VERSION, stem, m.pt.goal_km_per_week, m.pt.goal_quality_sessions,
            m.pt.goal_long_run_km);
    calf_pp_write_lua(af.fp, &r.best, &m, o.weeks);
    if ((st = calf_afile_commit(&af, &err)))
        goto fail;

    /* trace and summary of the plan, through the C planner */
    calf_pp_planner pst;
    calf_planner pl = calf_pp_planner_make(&pst, &r.best, &m);
    calf_sim_opts so = {.days = 7 * o.weeks, .oracle = 0};
    calf_trace tr = {0};
    calf_summary sum;
    calf_run_meta meta = {"plan", plan_path, o.seed, 0};
    if ((st = calf_sim_run(&m, &pl, &so, &tr, &sum, &err)) ||
        (st = calf_cli_write_run(dir, &m, &tr, &sum, &meta, &err))) {
        calf_trace_free(&tr);
        goto fail;
    }
    calf_trace_free(&tr);

    row rows[3];
    snprintf(rows[0].name, sizeof(rows[0].name), "plan");
    rows[0].have = 1;
    rows[0].s = sum;
    if ((st = run_shipped("ten_percent", &m, so.days, &rows[1], &err)) ||
        (st = run_shipped("symptom_guided", &m, so.days, &rows[2], &err)))
        goto fail;

    for (int pass = 0; pass < 2; pass++) {
        FILE *fp = stdout;
        if (pass == 1) {
            if ((st = calf_path_join(path, sizeof(path), dir, "plan.txt", &err)) ||
                (st = calf_afile_open(&af, path, &err)))
                goto fail;
            fp = af.fp;
        }
        fprintf(fp, "calfsim plan: %s, goal %g km/week, %g quality run(s), long run %g km\n",
                m.pt.name, m.pt.goal_km_per_week, m.pt.goal_quality_sessions,
                m.pt.goal_long_run_km);
        fprintf(fp, "constraints: pain during <= %g, no flare, model injury probability <= %g%s\n",
                o.max_pain, o.max_injury,
                o.robust ? " (robust: for >= 80% of the virtual patients)" : "");
        fprintf(fp, "search: Nelder-Mead (nmsimplex2), %d starts, seed %llu, %d evaluations\n",
                r.starts, (unsigned long long)o.seed, r.evals);
        fputs("parameters:", fp);
        for (int i = 0; i < CALF_PP_COUNT; i++)
            fprintf(fp, " %s=%.4g", calf_pp_names[i], r.best.v[i]);
        fputc('\n', fp);
        if (o.robust)
            fprintf(fp, "robust: %d of %d virtual patients meet the constraints\n", r.robust_ok,
                    r.robust_n);
        fprintf(fp, "\n  %-22s %-18s %9s %6s %6s %6s %8s\n", "protocol", "goal", "total_km", "peak",
                "days>", "flares", "p_inj");
        for (int i = 0; i < 3; i++)
            report_row(fp, &rows[i]);
        fputs("\nModel outcomes under stated assumptions; not a patient's real risk.\n", fp);
        if (pass == 1 && (st = calf_afile_commit(&af, &err)))
            goto fail;
    }
    if ((st = calf_path_join(path, sizeof(path), dir, "plan.json", &err)) ||
        (st = calf_afile_open(&af, path, &err)))
        goto fail;
    fprintf(af.fp,
            "{\n  \"goal\": {\"km_per_week\": %.6g, \"quality\": %.6g, \"long_run\": %.6g},\n",
            m.pt.goal_km_per_week, m.pt.goal_quality_sessions, m.pt.goal_long_run_km);
    fprintf(af.fp, "  \"max_pain\": %.6g, \"max_injury\": %.6g, \"weeks\": %d, \"seed\": %llu,\n",
            o.max_pain, o.max_injury, o.weeks, (unsigned long long)o.seed);
    fprintf(af.fp, "  \"robust\": {\"n\": %d, \"ok\": %d},\n  \"params\": {", r.robust_n,
            r.robust_ok);
    for (int i = 0; i < CALF_PP_COUNT; i++)
        fprintf(af.fp, "%s\"%s\": %.10g", i ? ", " : "", calf_pp_names[i], r.best.v[i]);
    fputs("},\n  \"protocols\": [\n", af.fp);
    for (int i = 0; i < 3; i++)
        json_row(af.fp, &rows[i], i == 2);
    fputs("  ]\n}\n", af.fp);
    if ((st = calf_afile_commit(&af, &err)))
        goto fail;
    if ((st = calf_outdir_commit(&od, &err)))
        goto fail;
    calf_outdir_close(&od);
    fprintf(stdout, "wrote %s/plan.lua, plan.txt, plan.json, trace.csv, summary.json\n", shown);
    return 0;
fail:
    calf_outdir_close(&od);
    return calf_cli_fail(&err);
}
