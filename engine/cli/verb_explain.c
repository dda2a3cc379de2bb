/*
 * verb_explain.c: `calfsim explain`, why one day of a run went the way it
 * did. The run is given as a run folder (re-simulated from its inputs.txt
 * and checked against its trace.csv) or directly as a plan CSV and patient.
 * Prints the plain-language paragraph (or the JSON object with --json) and
 * writes explain.json, explain.dat, explain.gp and the bar chart
 * explain.png/.svg into the output folder.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "csv.h"
#include "explain.h"
#include "gnuplot.h"
#include "plot_cli.h"
#include "plan_csv.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "run_inputs.h"
#include "out_dir.h"
#include "util.h"

#define DEFAULT_WEEKS 26 /* as `calfsim run PROTOCOL.lua` */

static void usage(FILE *fp)
{
    fputs("usage: calfsim explain RUN_DIR [--day N | --worst] [--json] [--out DIR] [--ref-km X]\n"
          "       calfsim explain PROTOCOL.lua --patient P.lua [--weeks N] [--set k=v]... ...\n"
          "       calfsim explain --plan PLAN.csv --patient P.lua [--days N] [--set k=v]...\n"
          "                       [--day N | --worst] [--json] [--out DIR] [--ref-km X]\n"
          "Splits the day's pain during, next-morning pain and damage dose into the\n"
          "contributions of eight factors (exact Shapley values over engine\n"
          "counterfactuals). Without --day, explains the day with the highest pain.\n",
          fp);
}

typedef struct xopts {
    int worst, json;
    const char *day; /* --day as given; checked against the run's days */
    double ref_km;
    const char *out;
} xopts;

/* Take explain's own options out of argv; the rest goes to the run parser. */
static int split_args(int argc, char **argv, xopts *o, char **rest, int *nrest, calf_error *err)
{
    *nrest = 0;
    o->ref_km = NAN;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--worst") == 0) {
            o->worst = 1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--day") == 0 || strcmp(a, "--ref-km") == 0 ||
                   strcmp(a, "--out") == 0) {
            const char *v = calf_cli_value(argc, argv, &i);
            if (!v)
                return calf_error_set(err, CALF_EUSAGE, "explain %s: needs a value", a);
            if (a[2] == 'd') {
                o->day = v;
            } else if (a[2] == 'r') {
                double d;
                if (calf_parse_double(v, &d) != 0 || d < 0 || d > 100)
                    return calf_error_set(err, CALF_EUSAGE,
                                          "explain --ref-km = \"%s\": allowed 0 to 100", v);
                o->ref_km = d;
            } else {
                o->out = v;
            }
        } else {
            rest[(*nrest)++] = argv[i];
        }
    }
    if (o->day && o->worst)
        return calf_error_set(err, CALF_EUSAGE, "explain: give --day N or --worst, not both");
    return CALF_OK;
}

/* The day's pain during as trace.csv recorded it; NAN when there is no
 * trace or no such row. */
static int trace_pain(const char *dir, int day, double *pain, calf_error *err)
{
    *pain = NAN;
    char path[4096];
    int rc = calf_path_join(path, sizeof(path), dir, "trace.csv", err);
    if (rc)
        return rc;
    struct stat sb;
    if (stat(path, &sb) != 0)
        return CALF_OK;
    calf_csv *csv = NULL;
    if ((rc = calf_csv_read(path, &csv, err)))
        return rc;
    int cd, cp;
    if (!(rc = calf_csv_require(csv, "day", &cd, err)) &&
        !(rc = calf_csv_require(csv, "pain_during_max", &cp, err))) {
        for (size_t r = 0; r < csv->nrows; r++) {
            long d;
            if ((rc = calf_csv_long(csv, r, (size_t)cd, 1, 100000, &d, NULL, err)))
                break;
            if (d == day) {
                rc = calf_csv_number(csv, r, (size_t)cp, pain, NULL, err);
                break;
            }
        }
    }
    calf_csv_free(csv);
    return rc;
}

static void print_wrapped(FILE *fp, const char *s, int width)
{
    int col = 0;
    while (*s) {
        const char *e = s;
        while (*e && *e != ' ')
            e++;
        int w = (int)(e - s);
        if (col > 0 && col + 1 + w > width) {
            fputc('\n', fp);
            col = 0;
        } else if (col > 0) {
            fputc(' ', fp);
            col++;
        }
        fwrite(s, 1, (size_t)w, fp);
        col += w;
        s = *e ? e + 1 : e;
    }
    fputc('\n', fp);
}

/* The provenance of an explanation (the run it re-simulates): as JSON
 * members for calf_explain_write_json, and as the .dat's first line. */
static void prov_json(char *out, size_t n, uint64_t seed, uint64_t hash)
{
    snprintf(out, n, "  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
             CALF_VERSION, (unsigned long long)seed, (unsigned long long)hash);
}

static int write_outputs(const char *dir, const calf_model *m, const calf_explanation *x,
                         const char *source, uint64_t seed, uint64_t hash, int *drew,
                         calf_error *err)
{
    char head[160];
    int rc;
    *drew = 0;
    calf_afile af;
    if ((rc = calf_afile_open_in(&af, dir, "explain.json", err)))
        return rc;
    prov_json(head, sizeof(head), seed, hash);
    calf_explain_write_json(af.fp, m, x, source, head);
    if ((rc = calf_afile_commit(&af, err)))
        return rc;
    if ((rc = calf_afile_open_in(&af, dir, "explain.dat", err)))
        return rc;
    fprintf(af.fp, "# calfsim %s; explain of %s, day %d; seed: %llu; param_hash: %016llx\n",
            CALF_VERSION, source, x->day, (unsigned long long)seed, (unsigned long long)hash);
    calf_explain_write_dat(af.fp, x);
    if ((rc = calf_afile_commit(&af, err)))
        return rc;
    char title[600];
    if (snprintf(title, sizeof(title), "Why day %d hurt: %s (%s)", x->day, m->pt.name, source) >=
        (int)sizeof(title))
        title[sizeof(title) - 1] = '\0'; /* a long title is shortened, never overrun */
    const char *args[] = {"explain.dat", title, "explain", NULL};
    rc = calf_cli_plot_one(dir, "explain.gp", "explain.gp",
                           "gnuplot -c explain.gp explain.dat TITLE explain", args, 1, err);
    if (!rc && calf_gnuplot_available())
        *drew = 1;
    return rc;
}

/* Where the days come from: a plan CSV or a Lua protocol. */
typedef struct xsrc {
    int have_plan;
    calf_plan plan;
    calf_protocol *proto;
    const char *proto_path;
    uint64_t hash; /* param_hash, as the run recorded it */
} xsrc;

static void src_close(xsrc *s)
{
    if (s->have_plan)
        calf_plan_free(&s->plan);
    s->have_plan = 0;
    calf_protocol_close(s->proto);
    s->proto = NULL;
}

/* Open the protocol again (fresh ctx and random stream) for a second run. */
static int src_reopen(xsrc *s, const calf_run_args *a, const calf_model *m, calf_planner *pl,
                      calf_error *err)
{
    calf_protocol_close(s->proto);
    s->proto = NULL;
    calf_params par;
    calf_params_default(&par);
    int rc = calf_cli_open_protocol(s->proto_path, a, NULL, NULL, &s->proto, err);
    if (!rc)
        rc = calf_cli_apply_protocol_sets(a, s->proto, &par, err);
    if (!rc)
        rc = calf_protocol_planner(s->proto, m, pl, err);
    return rc;
}

static int src_open(xsrc *s, const calf_run_args *a, const char *proto_path, calf_model *m,
                    calf_planner *pl, calf_error *err)
{
    calf_params par;
    calf_params_default(&par);
    int rc;
    if (proto_path) {
        s->proto_path = proto_path;
        if ((rc = calf_cli_open_protocol(proto_path, a, NULL, NULL, &s->proto, err)) ||
            (rc = calf_cli_apply_protocol_sets(a, s->proto, &par, err)) ||
            (rc = calf_cli_load_model(a->patient, &par, m, err)))
            return rc;
        s->hash = calf_protocol_param_hash(s->proto, calf_params_hash(&par));
        return calf_protocol_planner(s->proto, m, pl, err);
    }
    if ((rc = calf_cli_route_sets(a->sets, a->nsets, &par, NULL, NULL, err)) ||
        (rc = calf_cli_load_model(a->patient, &par, m, err)) ||
        (rc = calf_plan_read(a->plan, m, &s->plan, err)))
        return rc;
    s->have_plan = 1;
    s->hash = calf_params_hash(&par);
    *pl = calf_plan_planner(&s->plan);
    return CALF_OK;
}

int calf_verb_explain(int argc, char **argv)
{
    calf_error err = {0};
    if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
        usage(stdout);
        return 0;
    }
    xopts o = {0};
    char *rest[256];
    int nrest;
    if (argc > 256)
        return calf_cli_failf(2, "explain: too many arguments");
    if (split_args(argc, argv, &o, rest, &nrest, &err))
        return calf_cli_fail(&err);
    calf_run_args a;
    if (calf_cli_parse_run_args(nrest, rest, "explain", &a, &err))
        return calf_cli_fail(&err);
    if (a.out)
        o.out = a.out;

    const char *run_dir = NULL, *proto_path = NULL;
    calf_run_inputs ri;
    static char set_store[CALF_MAX_SETS][256];
    int days = a.days;
    if (a.npositional > 1)
        return calf_cli_failf(2, "explain: one RUN_DIR or PROTOCOL.lua at a time");
    if (a.npositional == 1 && a.plan)
        return calf_cli_failf(2, "explain: give a RUN_DIR, a PROTOCOL.lua or --plan PLAN.csv, "
                                 "not two of them");
    if (a.npositional == 1) {
        const char *pos = a.positional[0];
        size_t len = strlen(pos);
        struct stat sb;
        int is_dir = stat(pos, &sb) == 0 && S_ISDIR(sb.st_mode);
        if (!is_dir && len > 4 && strcmp(pos + len - 4, ".lua") == 0) {
            proto_path = pos;
        } else if (!is_dir) {
            return calf_cli_failf(4, "explain: %s: no such run folder", pos);
        } else {
            run_dir = pos;
            if (a.patient || a.nsets || a.days)
                return calf_cli_failf(2, "explain: a run folder carries its own inputs; give "
                                         "--patient/--set/--days only with --plan or a protocol");
            if (calf_run_inputs_read(run_dir, &ri, &err))
                return calf_cli_fail(&err);
            if (strcmp(ri.kind, "plan") == 0)
                a.plan = ri.source;
            else if (strcmp(ri.kind, "protocol") == 0)
                proto_path = ri.source;
            else
                return calf_cli_failf(5,
                                      "explain: %s/inputs.txt: kind \"%s\": allowed plan or "
                                      "protocol",
                                      run_dir, ri.kind);
            a.patient = ri.patient;
            if (ri.history[0]) /* the run started from a --history: so does its re-run */
                calf_cli_set_history(ri.history);
            a.oracle = ri.oracle;
            a.seed = ri.seed;
            if (ri.lua_mem_mib > 0)
                a.lua_mem_mib = ri.lua_mem_mib;
            a.lua_budget = ri.lua_budget;
            a.nsets = ri.nsets;
            for (int i = 0; i < ri.nsets; i++) {
                memcpy(set_store[i], ri.sets[i], sizeof(set_store[i]));
                a.sets[i] = set_store[i];
            }
            days = ri.days;
        }
    } else if (!a.plan) {
        return calf_cli_failf(2, "explain: needs a RUN_DIR, a PROTOCOL.lua --patient P.lua or "
                                 "--plan PLAN.csv --patient P.lua");
    }

    xsrc src = {0};
    calf_model m;
    calf_planner pl;
    int rc = src_open(&src, &a, proto_path, &m, &pl, &err);
    if (rc)
        goto done;
    if (!days)
        days = proto_path ? DEFAULT_WEEKS * 7 : src.plan.days;
    /* one message for every bad --day: the allowed range is the run's days */
    int day = 0;
    if (o.day) {
        long n;
        if (calf_parse_long(o.day, 1, days, &n) != 0) {
            rc = calf_error_set(&err, CALF_EUSAGE,
                                "explain --day = \"%s\": allowed 1 to %d (the run's days)", o.day,
                                days);
            goto done;
        }
        day = (int)n;
    }
    if (!day) {
        if ((rc = calf_explain_worst_day(&m, &pl, a.oracle, a.seed, days, &day, NULL, &err)))
            goto done;
        /* a fresh protocol for the capture: new ctx and random stream */
        if (proto_path && (rc = src_reopen(&src, &a, &m, &pl, &err)))
            goto done;
    }
    calf_explain_input in;
    if ((rc = calf_explain_capture(&m, &pl, a.oracle, a.seed, day, &in, &err)))
        goto done;
    calf_explain_opts eo = {o.ref_km};
    calf_explanation x;
    if ((rc = calf_explain_compute(&m, &in, &eo, &x, &err)))
        goto done;
    if (run_dir) {
        double tp;
        if ((rc = trace_pain(run_dir, day, &tp, &err)))
            goto done;
        double v = x.value[CALF_XQ_PAIN_DURING];
        if (!isnan(tp) && fabs(tp - v) > 1e-5 * (fabs(v) > 1 ? fabs(v) : 1)) {
            rc = calf_error_set(&err, CALF_EINPUT,
                                "%s: re-simulated day %d has pain during %.6g but trace.csv "
                                "holds %.6g; the plan, patient or calfsim changed since the run",
                                run_dir, day, v, tp);
            goto done;
        }
    }

    char stem[128], dir[4096];
    if (run_dir) {
        char tmp[4096];
        snprintf(tmp, sizeof(tmp), "%s", run_dir);
        size_t l = strlen(tmp);
        while (l > 1 && tmp[l - 1] == '/')
            tmp[--l] = '\0';
        calf_path_stem(tmp, stem, sizeof(stem));
    } else {
        calf_path_stem(proto_path ? proto_path : a.plan, stem, sizeof(stem));
    }
    if (o.out)
        snprintf(dir, sizeof(dir), "%s", o.out);
    else
        snprintf(dir, sizeof(dir), "calfsim-out/explain-%s-day%d", stem, day);
    const char *source = run_dir ? run_dir : proto_path ? proto_path : a.plan;
    if (o.json) {
        char head[160];
        prov_json(head, sizeof(head), a.seed, src.hash);
        calf_explain_write_json(stdout, &m, &x, source, head);
    } else {
        char text[4096];
        calf_explain_text(&m, &x, text, sizeof(text));
        print_wrapped(stdout, text, 78);
    }
    int drew = 0;
    calf_outdir od;
    if (!(rc = calf_outdir_open(&od, dir, &err)) &&
        !(rc = write_outputs(od.work, &m, &x, source, a.seed, src.hash, &drew, &err)))
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    if (rc)
        goto done;
    if (!o.json)
        printf("wrote %s/explain.json, explain.dat, explain.gp%s\n", dir,
               drew ? ", explain.png and explain.svg" : "");
done:
    src_close(&src);
    return rc ? calf_cli_fail(&err) : 0;
}
