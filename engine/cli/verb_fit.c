/*
 * verb_fit.c: `calfsim fit patient --diary D.csv --patient P.lua [--out DIR]
 * [--fix NAME]... [--json]`. Fits the patient constants to a pain diary
 * (engine/core/fit_patient.h) and writes the calibrated profile
 * (profile.lua), the report (fit.txt, fit.json) and the observed-vs-fitted
 * figure (fit.dat, fit.gp, fit.png/svg when gnuplot is present).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "fit_patient.h"
#include "plot_cli.h"
#include "run_common.h"
#include "out_dir.h"
#include "util.h"

typedef struct fopts {
    const char *diary, *patient, *out;
    int json;
    calf_fp_opts fix;
} fopts;

static void usage(FILE *fp)
{
    fputs("usage: calfsim fit patient --diary D.csv --patient P.lua [--out DIR] [--json]\n"
          "                           [--fix c0_ratio|z0|sigma_irr|tau_i|k_c|k_s]...\n"
          "The diary is a plan CSV plus pain_during, pain_morning, onset_km, heel_raise_reps\n"
          "columns (blank = not measured).\n",
          fp);
}

static int parse(int argc, char **argv, fopts *o)
{
    if (argc < 1 || strcmp(argv[0], "patient") != 0) {
        if (argc >= 1 && (strcmp(argv[0], "--help") == 0 || strcmp(argv[0], "-h") == 0)) {
            usage(stdout);
            return -1;
        }
        return calf_cli_failf(2, "fit: expected \"patient\"");
    }
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return -1;
        } else if (strcmp(a, "--json") == 0) {
            o->json = 1;
        } else if (strcmp(a, "--diary") == 0 || strcmp(a, "--patient") == 0 ||
                   strcmp(a, "--out") == 0 || strcmp(a, "--fix") == 0) {
            const char *v = calf_cli_value(argc, argv, &i);
            if (!v)
                return calf_cli_failf(2, "%s: missing value", a);
            if (a[2] == 'd')
                o->diary = v;
            else if (a[2] == 'p')
                o->patient = v;
            else if (a[2] == 'o')
                o->out = v;
            else {
                int k = -1;
                for (int j = 0; j < CALF_FP_COUNT; j++)
                    if (strcmp(v, calf_fp_names[j]) == 0)
                        k = j;
                if (k < 0)
                    return calf_cli_failf(2,
                                          "--fix %s: unknown; one of c0_ratio z0 sigma_irr "
                                          "tau_i k_c k_s",
                                          v);
                o->fix.fixed[k] = 1;
            }
        } else {
            return calf_cli_failf(2, "fit patient: unknown option \"%s\"%s", a,
                                  calf_cli_did_you_mean(a));
        }
    }
    if (!o->diary || !o->patient)
        return calf_cli_failf(2, "fit patient: --diary D.csv and --patient P.lua are required");
    return 0;
}

static void print_json(FILE *fp, const calf_diary *d, const calf_fp_result *r,
                       const calf_patient *prof)
{
    fputs("{\"params\":", fp);
    calf_json_numbers(fp, calf_fp_names, r->theta, CALF_FP_COUNT, 10);
    fputs(",\"standard_errors\":", fp);
    calf_json_numbers(fp, calf_fp_names, r->se, CALF_FP_COUNT, 10);
    fputs(",\"intake\":", fp);
    calf_json_numbers(fp, calf_fp_names, r->start, CALF_FP_COUNT, 10);
    fputs(",\"fixed\":[", fp);
    int first = 1;
    for (int i = 0; i < CALF_FP_COUNT; i++)
        if (r->fixed[i]) {
            fprintf(fp, "%s\"%s\"", first ? "" : ",", calf_fp_names[i]);
            first = 0;
        }
    fputs("],\"zeta\":", fp);
    calf_json_number(fp, r->zeta, 10);
    fputs(",\"zeta_se\":", fp);
    calf_json_number(fp, r->zeta_se, 10);
    fputs(",\"onset_reduction\":", fp);
    calf_json_number(fp, r->deficit_r, 10);
    fprintf(fp, ",\"n_obs\":%d,\"n_free\":%d,\"sse_scaled\":", r->n_obs, r->n_free);
    calf_json_number(fp, r->sse, 10);
    fputs(",\"sse_scaled_intake\":", fp);
    calf_json_number(fp, r->sse_start, 10);
    fputs(",\"scales\":{", fp);
    for (int k = 0; k < CALF_OBS_COUNT; k++)
        fprintf(fp, "%s\"%s\":%g", k ? "," : "", calf_obs_names[k], calf_obs_scale[k]);
    fputs("},\"rmse\":{", fp);
    for (int k = 0; k < CALF_OBS_COUNT; k++) {
        fprintf(fp, "%s\"%s\":", k ? "," : "", calf_obs_names[k]);
        calf_json_number(fp, r->rmse[k], 10);
    }
    fputs("},\"profile\":{\"irritability\":", fp);
    calf_json_string(fp, calf_irritability_names[prof->irritability]);
    fputs(",\"onset_km\":", fp);
    calf_json_number(fp, prof->onset_km, 10);
    fputs("},\"observations\":[", fp);
    first = 1;
    for (int t = 0; t < d->days; t++)
        for (int k = 0; k < CALF_OBS_COUNT; k++)
            if (!isnan(d->obs[k][t])) {
                fprintf(fp, "%s{\"day\":%d,\"type\":\"%s\",\"observed\":", first ? "" : ",", t + 1,
                        calf_obs_names[k]);
                calf_json_number(fp, d->obs[k][t], 10);
                fputs(",\"fitted\":", fp);
                calf_json_number(fp, r->pred[k][t], 10);
                fputc('}', fp);
                first = 0;
            }
    fputs("],\"warnings\":[", fp);
    for (int i = 0; i < r->n_warn; i++) {
        if (i)
            fputc(',', fp);
        calf_json_string(fp, r->warn[i]);
    }
    fputs("]}\n", fp);
}

static void print_text(FILE *fp, const fopts *o, const calf_fp_result *r, const calf_patient *prof)
{
    fprintf(fp, "calfsim fit patient: %s on %s (%d days, %d observations, %d free constants)\n\n",
            o->patient, o->diary, r->days, r->n_obs, r->n_free);
    fprintf(fp, "  %-10s %12s %12s %12s   %s\n", "constant", "intake", "fitted", "std.err",
            "range");
    for (int i = 0; i < CALF_FP_COUNT; i++) {
        fprintf(fp, "  %-10s %12.5g %12.5g ", calf_fp_names[i], r->start[i], r->theta[i]);
        if (r->fixed[i])
            fprintf(fp, "%12s ", "(held)");
        else
            fprintf(fp, "%12.3g ", r->se[i]);
        fprintf(fp, "  %g to %g\n", r->lo[i], r->hi[i]);
    }
    fprintf(fp, "\n  sensitisation split zeta = %.3g (se %.3g); onset reduction R = %.4g\n",
            r->zeta, r->zeta_se, r->deficit_r);
    fprintf(fp, "  scaled SSE %.4g (intake calibration %.4g); residual scales:", r->sse,
            r->sse_start);
    for (int k = 0; k < CALF_OBS_COUNT; k++)
        fprintf(fp, " %s %g", calf_obs_names[k], calf_obs_scale[k]);
    fputs("\n  RMSE by type:", fp);
    for (int k = 0; k < CALF_OBS_COUNT; k++)
        fprintf(fp, " %s %.3g (n=%d)", calf_obs_names[k], r->rmse[k], r->n_type[k]);
    fprintf(fp,
            "\n\n  profile: irritability = %s, onset_km = %.3g (equivalent onset; the z0/C0 "
            "split, exact sigma/tau and the gains are comments in profile.lua)\n",
            calf_irritability_names[prof->irritability], prof->onset_km);
    for (int i = 0; i < r->n_warn; i++)
        fprintf(fp, "%swarning: %s\n", i ? "" : "\n", r->warn[i]);
}

static int write_files(const char *dir, const fopts *o, const calf_model *m0, const calf_diary *d,
                       const calf_fp_result *r, const calf_patient *prof, calf_error *err);

/* the output folder (--out, else calfsim-out/fit-STEM) replaced as a whole */
static int write_outputs(const fopts *o, const calf_model *m0, const calf_diary *d,
                         const calf_fp_result *r, const calf_patient *prof, calf_error *err)
{
    char dir[4096], stem[256];
    calf_path_stem(o->patient, stem, sizeof(stem));
    snprintf(dir, sizeof(dir), "%s", o->out ? o->out : "calfsim-out");
    if (!o->out) {
        size_t l = strlen(dir);
        snprintf(dir + l, sizeof(dir) - l, "/fit-%s", stem);
    }
    calf_outdir od;
    int st = calf_outdir_open(&od, dir, err);
    if (!st)
        st = write_files(od.work, o, m0, d, r, prof, err);
    if (!st)
        st = calf_outdir_commit(&od, err);
    calf_outdir_close(&od);
    return st;
}

static int write_files(const char *dir, const fopts *o, const calf_model *m0, const calf_diary *d,
                       const calf_fp_result *r, const calf_patient *prof, calf_error *err)
{
    char path[4096];
    int st;
    calf_afile af;
    /* profile */
    char comment[2048];
    int cu = snprintf(comment, sizeof(comment),
                      "Calibrated profile written by calfsim %s fit patient from %s.\n"
                      "Mapped onto patient fields: irritability (nearest class in sigma, tau_I) "
                      "and onset_km (the easy-pace\nonset distance giving the fitted onset "
                      "reduction R = %.4g under that class). Not expressible as\npatient "
                      "fields (use --set for the registry ones):\n",
                      CALF_VERSION, o->diary, r->deficit_r);
    for (int i = 0; i < CALF_FP_COUNT && cu > 0 && (size_t)cu < sizeof(comment); i++)
        cu += snprintf(comment + cu, sizeof(comment) - (size_t)cu, "  fitted %s = %.6g%s\n",
                       calf_fp_names[i], r->theta[i], r->fixed[i] ? " (held)" : "");
    if (cu > 0 && (size_t)cu < sizeof(comment) && isfinite(r->zeta))
        snprintf(comment + cu, sizeof(comment) - (size_t)cu,
                 "  sensitisation split: --set zeta=%.4g; irritability: --set sigma_%s=%.4g "
                 "--set tau_i_%s=%.4g",
                 r->zeta, calf_irritability_names[prof->irritability], r->theta[CALF_FP_SIGMA],
                 calf_irritability_names[prof->irritability], r->theta[CALF_FP_TAU_I]);
    if ((st = calf_path_join(path, sizeof(path), dir, "profile.lua", err)) ||
        (st = calf_afile_open(&af, path, err)))
        return st;
    calf_patient_write_lua(af.fp, prof, comment);
    if ((st = calf_afile_commit(&af, err)))
        return st;
    /* report */
    if ((st = calf_path_join(path, sizeof(path), dir, "fit.txt", err)) ||
        (st = calf_afile_open(&af, path, err)))
        return st;
    print_text(af.fp, o, r, prof);
    if ((st = calf_afile_commit(&af, err)))
        return st;
    if ((st = calf_path_join(path, sizeof(path), dir, "fit.json", err)) ||
        (st = calf_afile_open(&af, path, err)))
        return st;
    print_json(af.fp, d, r, prof);
    if ((st = calf_afile_commit(&af, err)))
        return st;
    /* figure data: day, then observed and fitted of each type */
    (void)m0;
    if ((st = calf_path_join(path, sizeof(path), dir, "fit.dat", err)) ||
        (st = calf_afile_open(&af, path, err)))
        return st;
    fputs("# day pain_during_obs pain_during_fit pain_morning_obs pain_morning_fit onset_km_obs "
          "onset_km_fit heel_raise_reps_obs heel_raise_reps_fit\n",
          af.fp);
    for (int t = 0; t < d->days; t++) {
        fprintf(af.fp, "%d", t + 1);
        for (int k = 0; k < CALF_OBS_COUNT; k++) {
            if (isnan(d->obs[k][t]))
                fputs(" NaN", af.fp);
            else
                fprintf(af.fp, " %.6g", d->obs[k][t]);
            fprintf(af.fp, " %.6g", r->pred[k][t]);
        }
        fputc('\n', af.fp);
    }
    if ((st = calf_afile_commit(&af, err)))
        return st;
    char title[512];
    snprintf(title, sizeof(title), "Diary fit: %s", prof->name);
    const char *args[] = {"fit.dat", title, "fit", NULL};
    return calf_cli_plot_one(dir, "fit_patient.gp", "fit.gp", "gnuplot -c fit.gp fit.dat TITLE fit",
                             args, 0, err);
}

int calf_verb_fit(int argc, char **argv)
{
    fopts o;
    memset(&o, 0, sizeof(o));
    int st = parse(argc, argv, &o);
    if (st < 0)
        return 0;
    if (st)
        return st;
    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    calf_model m0;
    calf_csv *csv = NULL;
    calf_diary d = {0};
    calf_fp_result r;
    int have = 0;
    calf_patient prof;
    if ((st = calf_cli_load_model(o.patient, &par, &m0, &err)) ||
        (st = calf_csv_read(o.diary, &csv, &err)) ||
        (st = calf_diary_from_csv(csv, &m0, &d, &err)) ||
        (st = calf_fit_patient(&m0, &d, &o.fix, &r, &err)))
        goto done;
    have = 1;
    if ((st = calf_fp_profile(&m0, &r, &prof, &err)))
        goto done;
    if (o.json)
        print_json(stdout, &d, &r, &prof);
    else
        print_text(stdout, &o, &r, &prof);
    st = write_outputs(&o, &m0, &d, &r, &prof, &err);
done:
    if (have)
        calf_fp_result_free(&r);
    calf_diary_free(&d);
    calf_csv_free(csv);
    return st ? calf_cli_fail(&err) : 0;
}
