/*
 * verb_banister.c: `calfsim banister predict|fit`. Reads the CSV, predicts
 * with given parameters or fits them, and prints a table or (--json) exactly
 * one JSON object. With --out DIR it also writes banister.json, banister.dat
 * and banister.gp and draws banister.png/.svg when gnuplot is present.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "banister.h"
#include "cli.h"
#include "cli_args.h"
#include "csv.h"
#include "plot_cli.h"
#include "out_dir.h"
#include "util.h"

typedef struct bopts {
    int fit;
    const char *csv, *load, *perf, *day, *out;
    int json;
    int have[CALF_BN_COUNT];
    double theta[CALF_BN_COUNT];
    calf_banister_fix fix;
} bopts;

static void usage(FILE *fp)
{
    fprintf(
        fp,
        "usage: calfsim banister predict --csv F --load COL --perf COL [--day COL]\n"
        "                         --p0 X --k1 X --k2 X [--tau1 X] [--tau2 X] [--json] [--out DIR]\n"
        "       calfsim banister fit --csv F --load COL --perf COL [--day COL]\n"
        "                         [--fix name=value]... [--json] [--out DIR]\n"
        "Model p = p0 + k1*G - k2*H, G and H the load impulses with time constants\n"
        "tau1 > tau2 (days); day t's load counts in day t. Names for --fix: p0 k1 k2 tau1 "
        "tau2.\n");
}

static int parse(int argc, char **argv, bopts *o)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--json") == 0) {
            o->json = 1;
            continue;
        }
        if (strcmp(a, "--verbose") == 0)
            continue;
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return -1;
        }
        const char **slot = NULL;
        if (strcmp(a, "--csv") == 0)
            slot = &o->csv;
        else if (strcmp(a, "--load") == 0)
            slot = &o->load;
        else if (strcmp(a, "--perf") == 0)
            slot = &o->perf;
        else if (strcmp(a, "--day") == 0)
            slot = &o->day;
        else if (strcmp(a, "--out") == 0)
            slot = &o->out;
        if (slot) {
            const char *v = calf_cli_value(argc, argv, &i);
            if (!v || !*v)
                return calf_cli_failf(2, "banister: %s needs a value", a);
            *slot = v;
            continue;
        }
        if (o->fit && strcmp(a, "--fix") == 0) {
            const char *v = calf_cli_value(argc, argv, &i);
            if (!v)
                return calf_cli_failf(2, "banister: --fix needs name=value");
            calf_error err = {0};
            if (calf_banister_fix_parse(&o->fix, v, &err))
                return calf_cli_fail(&err);
            continue;
        }
        int which = -1;
        for (int k = 0; k < CALF_BN_COUNT; k++)
            if (a[0] == '-' && a[1] == '-' && strcmp(a + 2, calf_banister_names[k]) == 0)
                which = k;
        if (which >= 0 && !o->fit) {
            const char *v = calf_cli_value(argc, argv, &i);
            if (!v || calf_parse_double(v, &o->theta[which]) != 0)
                return calf_cli_failf(2, "banister: %s needs a number", a);
            o->have[which] = 1;
            continue;
        }
        if (which >= 0)
            return calf_cli_failf(2, "banister fit: %s is fitted; hold it with --fix %s=VALUE", a,
                                  a + 2);
        return calf_cli_failf(2,
                              "banister %s: unknown option \"%s\"%s (see calfsim banister --help)",
                              o->fit ? "fit" : "predict", a, calf_cli_did_you_mean(a));
    }
    if (!o->csv || !o->load || !o->perf)
        return calf_cli_failf(2, "banister: --csv, --load and --perf are required");
    if (!o->fit) {
        calf_params def;
        calf_params_default(&def);
        if (!o->have[CALF_BN_TAU1])
            o->theta[CALF_BN_TAU1] = def.v[CALF_P_TAU1];
        if (!o->have[CALF_BN_TAU2])
            o->theta[CALF_BN_TAU2] = def.v[CALF_P_TAU2];
        for (int k = CALF_BN_P0; k <= CALF_BN_K2; k++)
            if (!o->have[k])
                return calf_cli_failf(2, "banister predict: --%s is required",
                                      calf_banister_names[k]);
        calf_error err = {0};
        if (calf_banister_check_theta(o->theta, &err))
            return calf_cli_fail(&err);
        if (!(o->theta[CALF_BN_TAU1] > o->theta[CALF_BN_TAU2]))
            return calf_cli_failf(
                2, "banister predict: tau1 = %g, tau2 = %g: tau1 must exceed tau2 (days)",
                o->theta[CALF_BN_TAU1], o->theta[CALF_BN_TAU2]);
    }
    return 0;
}

static void print_json(FILE *fp, const bopts *o, const calf_banister_data *d,
                       const calf_banister_result *r)
{
    fputs("{\"params\":", fp);
    calf_json_numbers(fp, calf_banister_names, r->theta, CALF_BN_COUNT, 10);
    fputs(",\"standard_errors\":", fp);
    if (!r->fitted)
        fputs("null", fp);
    else
        calf_json_numbers(fp, calf_banister_names, r->se, CALF_BN_COUNT, 10);
    fputs(",\"sse\":", fp);
    calf_json_number(fp, r->sse, 10);
    fputs(",\"r2\":", fp);
    calf_json_number(fp, r->r2, 10);
    fputs(",\"rmse\":", fp);
    calf_json_number(fp, r->rmse, 10);
    fprintf(fp, ",\"n_tests\":%zu,\"predictions\":[", r->n_tests);
    int first = 1;
    for (size_t t = 0; t < d->ndays; t++) {
        if (isnan(d->perf[t]))
            continue;
        fprintf(fp, "%s{\"day\":%zu,\"observed\":", first ? "" : ",", t + 1);
        calf_json_number(fp, d->perf[t], 10);
        fputs(",\"predicted\":", fp);
        calf_json_number(fp, r->pred[t], 10);
        fputc('}', fp);
        first = 0;
    }
    fputs("],\"warnings\":[", fp);
    for (int i = 0; i < r->n_warn; i++) {
        if (i)
            fputc(',', fp);
        calf_json_string(fp, r->warn[i]);
    }
    fprintf(fp, "],\"mode\":\"%s\",\"fixed\":[", o->fit ? "fit" : "predict");
    first = 1;
    for (int i = 0; i < CALF_BN_COUNT; i++)
        if (r->fitted && r->fixed[i]) {
            fprintf(fp, "%s\"%s\"", first ? "" : ",", calf_banister_names[i]);
            first = 0;
        }
    fprintf(fp, "],\"version\":\"%s\"}\n", CALF_VERSION);
}

static void print_table(FILE *fp, const bopts *o, const calf_banister_data *d,
                        const calf_banister_result *r)
{
    fprintf(fp, "calfsim %s banister %s: %s (load \"%s\", performance \"%s\"", CALF_VERSION,
            o->fit ? "fit" : "predict", o->csv, o->load, o->perf);
    if (o->day)
        fprintf(fp, ", day \"%s\"", o->day);
    fprintf(fp, ")\n%zu days, %zu tests\n\n", d->ndays, r->n_tests);
    fprintf(fp, "  %-5s %14s %14s\n", "param", "value", "std. error");
    for (int i = 0; i < CALF_BN_COUNT; i++) {
        char se[32];
        if (!r->fitted)
            snprintf(se, sizeof(se), "%s", "given");
        else if (r->fixed[i])
            snprintf(se, sizeof(se), "%s", "fixed");
        else if (isfinite(r->se[i]))
            snprintf(se, sizeof(se), "%.4g", r->se[i]);
        else
            snprintf(se, sizeof(se), "%s", "n/a");
        fprintf(fp, "  %-5s %14.6g %14s\n", calf_banister_names[i], r->theta[i], se);
    }
    fprintf(fp, "\n  SSE %.6g   R2 ", r->sse);
    if (isfinite(r->r2))
        fprintf(fp, "%.4f", r->r2);
    else
        fputs("n/a", fp);
    fputs("   RMSE ", fp);
    if (isfinite(r->rmse))
        fprintf(fp, "%.4g", r->rmse);
    else
        fputs("n/a", fp);
    fprintf(fp, "   tests %zu", r->n_tests);
    if (r->fitted)
        fprintf(fp, "   free parameters %d   starts %d/%d", r->n_free, r->starts_ok, r->starts);
    fputs("\n\n", fp);
    if (r->n_tests) {
        fprintf(fp, "  %6s %12s %12s %12s\n", "day", "observed", "predicted", "residual");
        for (size_t t = 0; t < d->ndays; t++)
            if (!isnan(d->perf[t]))
                fprintf(fp, "  %6zu %12.5g %12.5g %12.4g\n", t + 1, d->perf[t], r->pred[t],
                        r->pred[t] - d->perf[t]);
    }
    for (int i = 0; i < r->n_warn; i++)
        fprintf(fp, "%swarning: %s\n", i ? "" : "\n", r->warn[i]);
}

static int write_dat(const char *path, const bopts *o, const calf_banister_data *d,
                     const calf_banister_result *r, calf_error *err)
{
    calf_afile af;
    int st = calf_afile_open(&af, path, err);
    if (st)
        return st;
    FILE *fp = af.fp;
    fprintf(fp, "# calfsim %s banister %s\n# params", CALF_VERSION, o->fit ? "fit" : "predict");
    for (int i = 0; i < CALF_BN_COUNT; i++)
        fprintf(fp, " %s=%.10g%s", calf_banister_names[i], r->theta[i],
                r->fitted && r->fixed[i] ? "(fixed)" : "");
    fprintf(fp, "\n# sse=%.10g r2=%.10g rmse=%.10g n_tests=%zu\n", r->sse, r->r2, r->rmse,
            r->n_tests);
    fputs("# day load G H predicted observed\n", fp);
    for (size_t t = 0; t < d->ndays; t++) {
        fprintf(fp, "%zu %.10g %.10g %.10g %.10g ", t + 1, d->load[t], r->g[t], r->h[t],
                r->pred[t]);
        if (isnan(d->perf[t]))
            fputs("NaN\n", fp);
        else
            fprintf(fp, "%.10g\n", d->perf[t]);
    }
    return calf_afile_commit(&af, err);
}

static int write_files(const char *dir, const bopts *o, const calf_banister_data *d,
                       const calf_banister_result *r, calf_error *err)
{
    char path[4096];
    int st;
    if ((st = calf_path_join(path, sizeof(path), dir, "banister.json", err)))
        return st;
    calf_afile af;
    if ((st = calf_afile_open(&af, path, err)))
        return st;
    print_json(af.fp, o, d, r);
    if ((st = calf_afile_commit(&af, err)))
        return st;
    if ((st = calf_path_join(path, sizeof(path), dir, "banister.dat", err)) ||
        (st = write_dat(path, o, d, r, err)))
        return st;
    char title[512];
    snprintf(title, sizeof(title), "Banister %s: %s", o->fit ? "fit" : "prediction", o->csv);
    const char *args[] = {"banister.dat", title, "banister", NULL};
    return calf_cli_plot_one(dir, "banister.gp", "banister.gp",
                             "gnuplot -c banister.gp banister.dat TITLE banister", args, 1, err);
}

/* --out DIR replaced as a whole by this run's files */
static int write_outputs(const bopts *o, const calf_banister_data *d, const calf_banister_result *r,
                         calf_error *err)
{
    calf_outdir od;
    int st = calf_outdir_open(&od, o->out, err);
    if (!st)
        st = write_files(od.work, o, d, r, err);
    if (!st)
        st = calf_outdir_commit(&od, err);
    calf_outdir_close(&od);
    return st;
}

int calf_verb_banister(int argc, char **argv)
{
    if (argc < 1 || (strcmp(argv[0], "predict") != 0 && strcmp(argv[0], "fit") != 0)) {
        if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
            usage(stdout);
            return 0;
        }
        return calf_cli_failf(2, "banister: expected predict or fit%s%s%s", argc ? ", not \"" : "",
                              argc ? argv[0] : "", argc ? "\"" : "");
    }
    bopts o = {.fit = strcmp(argv[0], "fit") == 0};
    int st = parse(argc, argv, &o);
    if (st < 0)
        return 0;
    if (st)
        return st;

    calf_error err = {0};
    calf_csv *csv = NULL;
    calf_banister_data d = {0};
    calf_banister_result r = {0};
    int have_result = 0;
    if ((st = calf_csv_read(o.csv, &csv, &err)) ||
        (st = calf_banister_data_from_csv(csv, o.load, o.perf, o.day, &d, &err)))
        goto done;
    if (o.fit)
        st = calf_banister_fit(&d, &o.fix, NULL, &r, &err);
    else
        st = calf_banister_predict(&d, o.theta, &r, &err);
    if (st)
        goto done;
    have_result = 1;
    if (o.json)
        print_json(stdout, &o, &d, &r);
    else
        print_table(stdout, &o, &d, &r);
    if (o.out)
        st = write_outputs(&o, &d, &r, &err);
done:
    if (have_result)
        calf_banister_result_free(&r);
    calf_banister_data_free(&d);
    calf_csv_free(csv);
    return st ? calf_cli_fail(&err) : 0;
}
