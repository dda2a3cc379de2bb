/*
 * cohort_out.c: figures, progress and the cohort's output files
 * (cohort_out.h). Numbers are printed with %.6g and missing values as empty
 * CSV cells, "NaN" in .dat files and null in JSON. Nothing here depends on
 * the thread count, so the files are byte-identical for any --threads.
 */
#include "cohort_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gnuplot.h"
#include "util.h"

int calf_cli_plot(const char *dir, const char *tmpl, const char *usage, const char *const args[],
                  calf_error *err)
{
    char src[4096];
    int rc = calf_gnuplot_template(tmpl, src, sizeof(src), err);
    if (!rc)
        rc = calf_gnuplot_install(src, dir, tmpl, usage, err);
    if (rc)
        return rc;
    if (!calf_gnuplot_available()) {
        static int warned;
        if (!warned++)
            fprintf(stderr,
                    "calfsim: warning: gnuplot not found; wrote the .dat and .gp files in %s "
                    "(apt-get install gnuplot-nox to draw them)\n",
                    dir);
        return CALF_OK;
    }
    return calf_gnuplot_run(tmpl, dir, args, err);
}

static int bar_on = -1;

void calf_cli_progress(void *ud, long done, long total)
{
    (void)ud;
    if (bar_on < 0)
        bar_on = isatty(2);
    if (!bar_on || total < 2000)
        return;
    int w = 40, f = (int)((double)done / (double)total * w);
    char bar[41];
    for (int i = 0; i < w; i++)
        bar[i] = i < f ? '#' : '.';
    bar[w] = '\0';
    fprintf(stderr, "\r[%s] %ld/%ld", bar, done, total);
}

void calf_cli_progress_end(void)
{
    if (bar_on > 0)
        fprintf(stderr, "\r%60s\r", "");
}

static const double qs[3] = {0.1, 0.5, 0.9};

static int write_csv(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                     calf_error *err)
{
    char path[4096];
    calf_afile af;
    int rc = calf_path_join(path, sizeof(path), dir, "cohort.csv", err);
    if (!rc)
        rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "# calfsim %s; cohort n: %ld; seed: %llu; param_hash: %016llx\n", CALF_VERSION,
            r->n, (unsigned long long)m->seed, (unsigned long long)m->param_hash);
    fputs("protocol,day,week", fp);
    for (int b = 0; b < CALF_BAND_COUNT; b++)
        fprintf(fp, ",%s_p10,%s_p50,%s_p90", calf_band_names[b], calf_band_names[b],
                calf_band_names[b]);
    fputs(",p_goal_by_day\n", fp);
    for (int k = 0; k < r->nprotocols; k++)
        for (int d = 1; d <= r->days; d++) {
            fputc('"', fp);
            for (const char *s = m->names[k]; *s; s++) {
                if (*s == '"')
                    fputc('"', fp);
                fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
            }
            fprintf(fp, "\",%d,%d", d, (d - 1) / 7 + 1);
            for (int b = 0; b < CALF_BAND_COUNT; b++)
                for (int q = 0; q < 3; q++)
                    calf_csv_put_number(fp, calf_cohort_band(r, k, d, b, qs[q]));
            fprintf(fp, ",%.6g\n", calf_cohort_p_goal_by(r, k, d));
        }
    return calf_afile_commit(&af, err);
}

static int write_json(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                      calf_error *err)
{
    char path[4096];
    calf_afile af;
    int rc = calf_path_join(path, sizeof(path), dir, "cohort.json", err);
    if (!rc)
        rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "{\n  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
            CALF_VERSION, (unsigned long long)m->seed, (unsigned long long)m->param_hash);
    fputs("  \"patient\": ", fp);
    calf_json_string(fp, m->patient);
    fprintf(fp, ",\n  \"n\": %ld,\n  \"days\": %d,\n  \"vary_params\": ", r->n, r->days);
    calf_json_number(fp, m->vary_params, 6);
    fputs(",\n  \"vary_patient\": ", fp);
    calf_json_number(fp, m->vary_patient, 6);
    fprintf(fp,
            ",\n  \"rejected_draws\": %ld,\n  \"numeric_redraws\": %ld,\n  \"injury_threshold\": ",
            r->rejected_draws, r->numeric_redraws);
    calf_json_number(fp, r->injury_threshold, 6);
    fputs(",\n  \"band_resolution\": {", fp);
    for (int b = 0; b < CALF_BAND_COUNT; b++) {
        double lo, hi;
        int nb;
        calf_band_layout(b, &lo, &hi, &nb);
        fprintf(fp, "%s\"%s\": %.6g", b ? ", " : "", calf_band_names[b], (hi - lo) / nb);
    }
    fputs("},\n  \"interval\": \"paired mean difference to the first protocol, normal "
          "approximation, 95%\",\n",
          fp);
    fputs("  \"note\": \"model outcomes under stated assumptions; not a patient's real risk\",\n",
          fp);
    fputs("  \"protocols\": [\n", fp);
    for (int k = 0; k < r->nprotocols; k++) {
        const calf_cohort_protocol *p = &r->proto[k];
        double n = (double)r->n;
        fputs("    {\"name\": ", fp);
        calf_json_string(fp, m->names[k]);
        fputs(", \"source\": ", fp);
        calf_json_string(fp, m->paths[k]);
        fputs(",\n     \"p_goal\": ", fp);
        calf_json_number(fp, (double)p->goal_n / n, 6);
        fputs(", \"p_flare\": ", fp);
        calf_json_number(fp, (double)p->flare_n / n, 6);
        fputs(", \"p_injury_above_threshold\": ", fp);
        calf_json_number(fp, (double)p->injury_n / n, 6);
        fputs(",\n     \"p_goal_by_week\": [", fp);
        for (int w = 1; w * 7 <= r->days; w++) {
            if (w > 1)
                fputs(", ", fp);
            calf_json_number(fp, calf_cohort_p_goal_by(r, k, w * 7), 6);
        }
        fputs("],\n     \"time_to_goal_days\": {\"q25\": ", fp);
        calf_json_number(fp, calf_cohort_goal_quantile(r, k, 0.25), 6);
        fputs(", \"median\": ", fp);
        calf_json_number(fp, calf_cohort_goal_quantile(r, k, 0.5), 6);
        fputs(", \"q75\": ", fp);
        calf_json_number(fp, calf_cohort_goal_quantile(r, k, 0.75), 6);
        fputs("},\n     \"mean\": {", fp);
        for (int j = 0; j < CALF_PAIR_COUNT; j++) {
            fprintf(fp, "%s\"%s\": ", j ? ", " : "", calf_pair_names[j]);
            calf_json_number(fp, p->mean[j], 6);
        }
        fputs("}", fp);
        if (k > 0) {
            fputs(",\n     \"paired_difference\": {", fp);
            for (int j = 0; j < CALF_PAIR_COUNT; j++) {
                fprintf(fp, "%s\n       \"%s\": {\"mean\": ", j ? "," : "", calf_pair_names[j]);
                calf_json_number(fp, p->diff[j].mean, 6);
                fputs(", \"lo\": ", fp);
                calf_json_number(fp, p->diff[j].lo, 6);
                fputs(", \"hi\": ", fp);
                calf_json_number(fp, p->diff[j].hi, 6);
                fputs("}", fp);
            }
            fputs("}", fp);
        }
        fprintf(fp, "}%s\n", k + 1 < r->nprotocols ? "," : "");
    }
    fputs("  ]\n}\n", fp);
    return calf_afile_commit(&af, err);
}

static int write_dat(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                     calf_error *err)
{
    char path[4096], name[64];
    calf_afile af;
    int rc = CALF_OK;
    for (int k = 0; k < r->nprotocols && !rc; k++) {
        snprintf(name, sizeof(name), "bands_%d.dat", k + 1);
        rc = calf_path_join(path, sizeof(path), dir, name, err);
        if (!rc)
            rc = calf_afile_open(&af, path, err);
        if (rc)
            return rc;
        fputs("# day", af.fp);
        for (int b = 0; b < CALF_BAND_COUNT; b++)
            fprintf(af.fp, " %s_p10 %s_p50 %s_p90", calf_band_names[b], calf_band_names[b],
                    calf_band_names[b]);
        fputc('\n', af.fp);
        for (int d = 1; d <= r->days; d++) {
            fprintf(af.fp, "%d", d);
            for (int b = 0; b < CALF_BAND_COUNT; b++)
                for (int q = 0; q < 3; q++)
                    calf_dat_put_number(af.fp, calf_cohort_band(r, k, d, b, qs[q]));
            fputc('\n', af.fp);
        }
        rc = calf_afile_commit(&af, err);
    }
    if (rc)
        return rc;
    /* outcomes.dat: week then P(goal by week) per protocol; column heads are
     * the protocol names (data, shown noenhanced) */
    rc = calf_path_join(path, sizeof(path), dir, "outcomes.dat", err);
    if (!rc)
        rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    fputs("week", af.fp);
    for (int k = 0; k < r->nprotocols; k++) {
        fputs(" \"", af.fp);
        for (const char *s = m->names[k]; *s; s++)
            fputc((*s == '"' || (unsigned char)*s < 0x20) ? '\'' : *s, af.fp);
        fputc('"', af.fp);
    }
    fputc('\n', af.fp);
    for (int w = 0; w * 7 <= r->days; w++) {
        fprintf(af.fp, "%d", w);
        for (int k = 0; k < r->nprotocols; k++)
            calf_dat_put_number(af.fp, w == 0 ? 0.0 : calf_cohort_p_goal_by(r, k, w * 7));
        fputc('\n', af.fp);
    }
    return calf_afile_commit(&af, err);
}

int calf_cli_cohort_write(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                          calf_error *err)
{
    int rc = calf_mkdirs(dir, err);
    if (!rc)
        rc = write_csv(dir, r, m, err);
    if (!rc)
        rc = write_json(dir, r, m, err);
    if (!rc)
        rc = write_dat(dir, r, m, err);
    if (rc || !m->plots)
        return rc;
    char dat[64], base[64], np[16];
    for (int k = 0; k < r->nprotocols && !rc; k++) {
        snprintf(dat, sizeof(dat), "bands_%d.dat", k + 1);
        snprintf(base, sizeof(base), "fan_%d", k + 1);
        const char *args[] = {dat, m->names[k], base, NULL};
        rc = calf_cli_plot(dir, "fan.gp", "gnuplot -c fan.gp bands_K.dat TITLE fan_K", args, err);
    }
    snprintf(np, sizeof(np), "%d", r->nprotocols);
    const char *args[] = {"outcomes.dat", "P(goal reached by week)", "outcomes", np, NULL};
    if (!rc)
        rc = calf_cli_plot(dir, "outcomes.gp",
                           "gnuplot -c outcomes.gp outcomes.dat TITLE outcomes NPROTOCOLS", args,
                           err);
    return rc;
}
