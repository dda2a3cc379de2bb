/*
 * verb_forecast.c: `calfsim forecast PROTOCOL.lua... --patient P.lua --diary
 * D.csv [--weeks N | --days N] [--n N] [--seed S] [--threads T] [--no-plots]
 * [--out DIR]`. Fits the patient to the pain diary (fit_patient.h), then
 * projects each protocol from the day after the diary's last day: the fitted
 * model replays the diary from intake (warmup.h, pt.history_full) and runs on
 * (DIR/K-NAME/trace.csv, summary.json), and a virtual cohort drawn around the
 * fitted profile, each patient replaying the same diary, gives the 10-90%
 * bands of morning pain. forecast.dat and the figure forecast.png/svg show
 * the observed pains with the fitted model, and the projections from today.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cohort.h"
#include "cohort_out.h"
#include "fit_patient.h"
#include "plot_cli.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "source.h"
#include "out_dir.h"
#include "util.h"

typedef struct fc_args {
    const char *files[CALF_COHORT_MAX_PROTOCOLS];
    int nfiles;
    const char *patient, *diary, *out;
    long n;
    int days, threads, plots;
    uint64_t seed;
} fc_args;

static int parse(int argc, char **argv, fc_args *a, calf_error *err)
{
    memset(a, 0, sizeof(*a));
    a->n = 200;
    a->days = 56;
    a->threads = 1;
    a->plots = 1;
    static const char *const known[] = {"--patient", "--diary", "--out",     "--n", "--weeks",
                                        "--days",    "--seed",  "--threads", NULL};
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--verbose") == 0)
            continue;
        if (strcmp(o, "--no-plots") == 0) {
            a->plots = 0;
            continue;
        }
        if (strncmp(o, "--", 2) != 0) {
            if (a->nfiles >= CALF_COHORT_MAX_PROTOCOLS)
                return calf_error_set(err, CALF_EUSAGE, "forecast: at most %d protocols",
                                      CALF_COHORT_MAX_PROTOCOLS);
            a->files[a->nfiles++] = o;
            continue;
        }
        if (!calf_cli_is_option(o, known))
            return calf_error_set(err, CALF_EUSAGE, "forecast: unknown option \"%s\"", o);
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "forecast %s: needs a value", o);
        if (strcmp(o, "--patient") == 0) {
            a->patient = v;
        } else if (strcmp(o, "--diary") == 0) {
            a->diary = v;
        } else if (strcmp(o, "--out") == 0) {
            a->out = v;
        } else if (strcmp(o, "--n") == 0) {
            if (calf_parse_long(v, 10, 100000, &a->n) != 0)
                return calf_error_set(err, CALF_EUSAGE,
                                      "forecast --n = \"%s\": allowed 10 to 100000", v);
        } else if (strcmp(o, "--weeks") == 0 || strcmp(o, "--days") == 0) {
            if (calf_cli_opt_days("forecast", o, v, &a->days, err))
                return CALF_EUSAGE;
        } else if (strcmp(o, "--seed") == 0) {
            if (calf_cli_opt_seed("forecast", v, &a->seed, err))
                return CALF_EUSAGE;
        } else if (calf_cli_opt_threads("forecast", v, &a->threads, err)) {
            return CALF_EUSAGE;
        }
    }
    if (a->nfiles == 0)
        return calf_error_set(err, CALF_EUSAGE, "forecast: give one or more PROTOCOL.lua files");
    if (!a->patient || !a->diary)
        return calf_error_set(err, CALF_EUSAGE,
                              "forecast: --patient P.lua and --diary D.csv are required");
    return CALF_OK;
}

/* A protocol name as a quoted gnuplot data string (no quote, backslash or
 * control character survives). */
static void dat_name(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (int i = 0; s[i] && i < 60; i++)
        fputc(s[i] == '"' || s[i] == '\\' || (unsigned char)s[i] < 32 ? '_' : s[i], fp);
    fputc('"', fp);
}

/* forecast.dat: block 0 the diary (day relative to today = 0, observed and
 * fitted pain during and morning pain), then one block per protocol headed by
 * its name: day from today, morning pain p10 p50 p90 of the cohort, morning
 * pain and pain during of the fitted patient's projection. */
static int write_dat(const char *dir, const calf_diary *d, const calf_fp_result *r,
                     const calf_cohort_result *res, const calf_trace *tr, const char *const *names,
                     uint64_t seed, uint64_t hash, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "forecast.dat", err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "# calfsim %s; forecast; cohort n: %ld; seed: %llu; param_hash: %016llx\n",
            CALF_VERSION, res->n, (unsigned long long)seed, (unsigned long long)hash);
    fputs("# day pain_during_obs pain_during_fit pain_morning_obs pain_morning_fit\n", fp);
    for (int t = 0; t < d->days; t++) {
        fprintf(fp, "%d", t + 1 - d->days);
        const int k[2] = {CALF_OBS_PAIN_DURING, CALF_OBS_PAIN_MORNING};
        for (int j = 0; j < 2; j++) {
            calf_dat_put_number(fp, d->obs[k[j]][t]);
            calf_dat_put_number(fp, r->pred[k[j]][t]);
        }
        fputc('\n', fp);
    }
    for (int p = 0; p < res->nprotocols; p++) {
        fputs("\n\n", fp);
        dat_name(fp, names[p]);
        fputs(" pain_p10 pain_p50 pain_p90 pain_morning_fit pain_during_fit\n", fp);
        /* today (day 0): the diary's last fitted morning pain joins the lines */
        for (int day = 1; day <= res->days; day++) {
            fprintf(fp, "%d", day);
            for (int q = 0; q < 3; q++)
                calf_dat_put_number(fp, calf_cohort_band(res, p, day, CALF_BAND_PAIN,
                                                         q == 0   ? 0.1
                                                         : q == 1 ? 0.5
                                                                  : 0.9));
            const calf_trace_row *row = day <= tr[p].n ? &tr[p].rows[day - 1] : NULL;
            calf_dat_put_number(fp, row ? row->pain_morning : NAN);
            calf_dat_put_number(fp, row ? row->pain_during_max : NAN);
            fputc('\n', fp);
        }
    }
    return calf_afile_commit(&af, err);
}

/* The fitted patient's projection of each protocol: DIR/K-NAME/ */
static int project(const char *dir, const fc_args *a, calf_source *const *srcs,
                   const calf_model *mf, calf_trace *tr, uint64_t hash, calf_error *err)
{
    for (int k = 0; k < a->nfiles; k++) {
        calf_summary sum;
        int rc = calf_source_simulate(srcs[k], mf, a->days, &tr[k], &sum, err);
        if (rc)
            return rc;
        char stem[256], sub[512], path[4096];
        calf_path_stem(a->files[k], stem, sizeof(stem));
        snprintf(sub, sizeof(sub), "%d-%s", k + 1, stem);
        if ((rc = calf_path_join(path, sizeof(path), dir, sub, err)))
            return rc;
        const calf_run_meta meta = {calf_source_name(srcs[k]), a->files[k], a->seed, hash};
        if ((rc = calf_cli_write_run(path, mf, &tr[k], &sum, &meta, err)))
            return rc;
    }
    return CALF_OK;
}

static int plot(const char *dir, const calf_patient *pt, int np, calf_error *err)
{
    char title[512], n[16];
    snprintf(title, sizeof(title),
             "Forecast from the diary: %.200s (model projections, not real "
             "risks)",
             pt->name);
    snprintf(n, sizeof(n), "%d", np);
    const char *args[] = {"forecast.dat", title, "forecast", n, NULL};
    return calf_cli_plot_one(dir, "forecast.gp", "forecast.gp",
                             "gnuplot -c forecast.gp forecast.dat TITLE forecast NPROTOCOLS", args,
                             0, err);
}

int calf_verb_forecast(int argc, char **argv)
{
    fc_args a;
    calf_error err = {0};
    calf_outdir od = {0};
    if (parse(argc, argv, &a, &err))
        return calf_cli_fail(&err);
    calf_params par;
    calf_params_default(&par);
    calf_model m0, mf;
    calf_csv *csv = NULL;
    calf_diary d = {0};
    calf_fp_result r;
    calf_fp_opts fix = {{0}};
    calf_patient prof;
    calf_source *srcs[CALF_COHORT_MAX_PROTOCOLS] = {0};
    calf_trace tr[CALF_COHORT_MAX_PROTOCOLS];
    memset(tr, 0, sizeof(tr));
    calf_cohort_result res;
    memset(&res, 0, sizeof(res));
    int have_fit = 0, rc;
    if ((rc = calf_cli_load_model(a.patient, &par, &m0, &err)) ||
        (rc = calf_csv_read(a.diary, &csv, &err)) ||
        (rc = calf_diary_from_csv(csv, &m0, &d, &err)) ||
        (rc = calf_fit_patient(&m0, &d, &fix, &r, &err)))
        goto done;
    have_fit = 1;
    if ((rc = calf_fp_apply(&m0, &r, &mf, &err)) || (rc = calf_fp_profile(&m0, &r, &prof, &err)))
        goto done;
    /* both start from the diary: replayed from intake, the whole state kept */
    mf.pt.history = prof.history = &d.plan;
    mf.pt.history_full = prof.history_full = 1;
    calf_source_opts so = {0};
    so.seed = a.seed;
    so.verbose = calf_cli_verbose;
    so.lib_dir = calf_cli_protocol_lib_dir();
    if ((rc = calf_cli_open_sources("forecast", a.files, a.nfiles, &mf, &so, NULL, 0, srcs, &err)))
        goto done;
    uint64_t hash = calf_params_hash(&par);
    const char *names[CALF_COHORT_MAX_PROTOCOLS];
    for (int k = 0; k < a.nfiles; k++) {
        hash = calf_source_hash(srcs[k], hash);
        names[k] = calf_source_name(srcs[k]);
    }
    char shown[4096];
    calf_cli_out_dir(shown, sizeof(shown), a.out, "forecast", a.diary);
    /* everything goes to od.work, which replaces the folder as a whole */
    if ((rc = calf_outdir_open(&od, shown, &err)))
        goto done;
    const char *dir = od.work;
    if ((rc = project(dir, &a, srcs, &mf, tr, hash, &err)))
        goto done;
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    s.par = par;
    s.pt = prof;
    s.n = a.n;
    s.days = a.days;
    s.nprotocols = a.nfiles;
    s.threads = a.threads;
    s.seed = a.seed;
    s.vary_params = s.vary_patient = 1;
    s.factory = calf_source_factory(srcs);
    s.progress = calf_cli_progress;
    rc = calf_cohort_run(&s, &res, &err);
    calf_cli_progress_end();
    if (rc || (rc = write_dat(dir, &d, &r, &res, tr, names, a.seed, hash, &err)) ||
        (a.plots && (rc = plot(dir, &prof, a.nfiles, &err))) ||
        (rc = calf_outdir_commit(&od, &err)))
        goto done;
    printf("forecast: diary of %d days fitted (scaled SSE %.4g, intake %.4g); %d days projected "
           "from today\n",
           d.days, r.sse, r.sse_start, a.days);
    for (int k = 0; k < a.nfiles; k++) {
        const int last = a.days;
        printf("  %-28s morning pain on day %d: fitted %.2f, cohort 10-90%% %.2f to %.2f\n",
               names[k], last, tr[k].rows[last - 1].pain_morning,
               calf_cohort_band(&res, k, last, CALF_BAND_PAIN, 0.1),
               calf_cohort_band(&res, k, last, CALF_BAND_PAIN, 0.9));
    }
    printf("wrote %s/forecast.dat (model projections, not real risks)\n", shown);
done:
    calf_outdir_close(&od);
    for (int k = 0; k < CALF_COHORT_MAX_PROTOCOLS; k++) {
        calf_trace_free(&tr[k]);
        if (srcs[k])
            calf_source_close(srcs[k]);
    }
    calf_cohort_result_free(&res);
    if (have_fit)
        calf_fp_result_free(&r);
    calf_diary_free(&d);
    calf_csv_free(csv);
    return rc ? calf_cli_fail(&err) : 0;
}
