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

#include "cohort_rows.h"
#include "figures.h"
#include "gnuplot.h"
#include "outcome.h"
#include "out_dir.h"
#include "util.h"

/* Install and draw; base_arg >= 0: args[base_arg] is the output base name,
 * drawn under a temporary name and renamed (calf_figure_run_atomic). */
static int plot(const char *dir, const char *tmpl, const char *usage, const char *const args[],
                int base_arg, calf_error *err)
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
    if (base_arg >= 0)
        return calf_figure_run_atomic(dir, tmpl, args, base_arg, err);
    return calf_gnuplot_run(tmpl, dir, args, err);
}

int calf_cli_plot_fig(const char *dir, const char *tmpl, const char *usage,
                      const char *const args[], int base_arg, calf_error *err)
{
    return plot(dir, tmpl, usage, args, base_arg, err);
}

int calf_cli_plot(const char *dir, const char *tmpl, const char *usage, const char *const args[],
                  calf_error *err)
{
    return plot(dir, tmpl, usage, args, -1, err);
}

int calf_cli_plot_atomic(const char *dir, const char *tmpl, const char *usage,
                         const char *const args[], int base_arg, calf_error *err)
{
    return plot(dir, tmpl, usage, args, base_arg, err);
}

static int bar_on = -1, bar_drawn;

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
    bar_drawn = 1;
}

void calf_cli_progress_end(void)
{
    if (bar_drawn)
        fprintf(stderr, "\r%60s\r", "");
    bar_drawn = 0;
}

static const double qs[3] = {0.1, 0.5, 0.9};

/* The provenance line every cohort output opens with (cohort.json has the
 * same as keys): version, cohort size, seed and parameter hash. */
static void prov_n(FILE *fp, long n, const calf_cohort_meta *m)
{
    fprintf(fp, "# calfsim %s; cohort n: %ld; seed: %llu; param_hash: %016llx\n", CALF_VERSION, n,
            (unsigned long long)m->seed, (unsigned long long)m->param_hash);
}

static void prov_line(FILE *fp, const calf_cohort_result *r, const calf_cohort_meta *m)
{
    prov_n(fp, r->n, m);
}

int calf_cli_patients_open(calf_afile *af, const char *dir, const calf_cohort_spec *s,
                           const calf_cohort_meta *m, calf_error *err)
{
    int rc = calf_afile_open_in(af, dir, "patients.csv", err);
    if (rc)
        return rc;
    calf_cohort_input in[CALF_COHORT_MAX_INPUTS];
    int nin = calf_cohort_inputs(s, in, CALF_COHORT_MAX_INPUTS);
    prov_n(af->fp, s->n, m);
    calf_patients_header(af->fp, in, nin);
    return CALF_OK;
}

static int write_csv(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                     calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "cohort.csv", err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    prov_line(fp, r, m);
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
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "cohort.json", err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "{\n  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
            CALF_VERSION, (unsigned long long)m->seed, (unsigned long long)m->param_hash);
    fputs("  \"patient\": ", fp);
    calf_json_string(fp, m->patient);
    if (m->population) {
        fputs(",\n  \"population\": ", fp);
        calf_json_string(fp, m->population);
    }
    fprintf(fp, ",\n  \"n\": %ld,\n  \"days\": %d,\n  \"vary_params\": ", r->n, r->days);
    calf_json_number(fp, m->vary_params, 6);
    fputs(",\n  \"vary_patient\": ", fp);
    calf_json_number(fp, m->vary_patient, 6);
    fprintf(fp, ",\n  \"mpi_ranks\": %d", m->mpi_ranks > 1 ? m->mpi_ranks : 1);
    fprintf(fp, ",\n  \"rejected_draws\": %ld,\n  \"numeric_redraws\": %ld", r->rejected_draws,
            r->numeric_redraws);
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
        fputs(", \"p_injury_event\": ", fp);
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
            fputs("},\n     \"paired_counts\": {", fp);
            for (int j = 0; j < CALF_PAIR_BINARY; j++) {
                fprintf(fp, "%s\n       \"%s\": {", j ? "," : "", calf_pair_names[j]);
                for (int c = 0; c < CALF_CONC_COUNT; c++)
                    fprintf(fp, "%s\"%s\": %ld", c ? ", " : "", calf_conc_names[c],
                            p->pair_n[j][c]);
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
    char name[64];
    calf_afile af;
    int rc = CALF_OK;
    for (int k = 0; k < r->nprotocols && !rc; k++) {
        snprintf(name, sizeof(name), "bands_%d.dat", k + 1);
        rc = calf_afile_open_in(&af, dir, name, err);
        if (rc)
            return rc;
        prov_line(af.fp, r, m);
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
     * the protocol names (data, shown noenhanced; gnuplot's columnhead reads
     * the first line that is not a comment, so the provenance line comes
     * first) */
    rc = calf_afile_open_in(&af, dir, "outcomes.dat", err);
    if (rc)
        return rc;
    prov_line(af.fp, r, m);
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

/* A protocol name as an axis label, without the quotes: at most NAME_TICK
 * bytes (cut at a character boundary, then "..."). */
#define NAME_TICK 34
static void dat_tick(FILE *fp, const char *name)
{
    size_t n = strlen(name), cut = n;
    if (n > NAME_TICK) {
        cut = NAME_TICK - 3;
        while (cut > 0 && ((unsigned char)name[cut] & 0xC0) == 0x80)
            cut--;
    }
    for (size_t i = 0; i < cut; i++)
        fputc((name[i] == '"' || (unsigned char)name[i] < 0x20) ? '\'' : name[i], fp);
    if (cut < n)
        fputs("...", fp);
}

/* A proportion x / n with its Wilson interval: three columns, then (into
 * txt) the value label shown next to the point. */
static void dat_prop(FILE *fp, long x, long n, char *txt, size_t tn)
{
    double lo, hi, p = (double)x / (double)n;
    calf_wilson(x, n, &lo, &hi);
    calf_dat_put_number(fp, p);
    calf_dat_put_number(fp, lo);
    calf_dat_put_number(fp, hi);
    calf_fmt_prob_ci(txt, tn, p, lo, hi, 0);
}

/* outcome_compare.dat: the data of the outcome comparison figure, in two
 * blocks (gnuplot index 0 and 1, separated by two blank lines). Block 0, one
 * row per protocol: P(goal), P(flare), P(injury above the threshold) with
 * their Wilson intervals, time to goal in weeks (25%, median, 75%; NaN when
 * fewer reach it) and the labels. Block 1, one row per 0/1 outcome and
 * protocol after the first: the paired difference to the first protocol,
 * its interval and the discordant counts. */
static int write_outcome_compare(const char *dir, const calf_cohort_result *r,
                                 const calf_cohort_meta *m, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, "outcome_compare.dat", err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    static const char *const what[CALF_PAIR_BINARY] = {"P(goal)", "P(flare)", "P(injury)"};
    prov_line(fp, r, m);
    fprintf(fp,
            "# outcomes of %ld virtual patients over %d days (model outputs under stated "
            "assumptions, not a patient's risk)\n",
            r->n, r->days);
    fputs("# block 0, one row per protocol: row name p_goal goal_lo goal_hi p_flare flare_lo "
          "flare_hi p_injury injury_lo injury_hi (95% Wilson intervals) ttg_q25_wk "
          "ttg_median_wk ttg_q75_wk (time to goal, weeks), the labels of goal, flare, "
          "injury and time to goal, bar_end_wk (75% point or the horizon) bar_open (1: 75% not "
          "reached)\n",
          fp);
    for (int k = 0; k < r->nprotocols; k++) {
        const calf_cohort_protocol *p = &r->proto[k];
        char lab[CALF_PAIR_BINARY][64], tl[96];
        fprintf(fp, "%d \"", k);
        dat_tick(fp, m->names[k]);
        fputc('"', fp);
        dat_prop(fp, p->goal_n, r->n, lab[0], sizeof(lab[0]));
        dat_prop(fp, p->flare_n, r->n, lab[1], sizeof(lab[1]));
        dat_prop(fp, p->injury_n, r->n, lab[2], sizeof(lab[2]));
        double q[3];
        for (int i = 0; i < 3; i++) {
            q[i] = calf_cohort_goal_quantile(r, k, 0.25 * (i + 1)) / 7.0;
            calf_dat_put_number(fp, q[i]);
        }
        double wk = r->days / 7.0;
        if (isnan(q[0]))
            snprintf(tl, sizeof(tl), "fewer than 25%% reach it");
        else if (isnan(q[1]))
            snprintf(tl, sizeof(tl), "median >%.3g wk (25%%: %.3g)", wk, q[0]);
        else if (isnan(q[2]))
            snprintf(tl, sizeof(tl), "%.3g wk (%.3g to >%.3g)", q[1], q[0], wk);
        else
            snprintf(tl, sizeof(tl), "%.3g wk (%.3g to %.3g)", q[1], q[0], q[2]);
        for (int j = 0; j < CALF_PAIR_BINARY; j++)
            fprintf(fp, " \"%s\"", lab[j]);
        fprintf(fp, " \"%s\"", tl);
        /* the drawn 25-75% bar: its end (the horizon when 75% is not
         * reached) and whether it is open */
        int open = !isnan(q[0]) && isnan(q[2]);
        calf_dat_put_number(fp, open ? wk : q[2]);
        fprintf(fp, " %d\n", open);
    }
    fputs("\n\n# block 1, one row per outcome and protocol after the first: row outcome label "
          "diff lo hi (paired difference to the first protocol, 95% normal approximation) "
          "only_protocol only_reference (discordant patients) value_label\n",
          fp);
    int row = 0;
    for (int j = 0; j < CALF_PAIR_BINARY; j++)
        for (int k = 1; k < r->nprotocols; k++, row++) {
            const calf_cohort_protocol *p = &r->proto[k];
            const calf_interval *d = &p->diff[j];
            fprintf(fp, "%d %d \"%s ", row, j, what[j]);
            dat_tick(fp, m->names[k]);
            fputc('"', fp);
            calf_dat_put_number(fp, d->mean);
            calf_dat_put_number(fp, d->lo);
            calf_dat_put_number(fp, d->hi);
            char ci[128];
            calf_fmt_prob_ci(ci, sizeof(ci), d->mean, d->lo, d->hi, 1);
            fprintf(fp, " %ld %ld \"%s; discordant %ld vs %ld\"\n", p->pair_n[j][CALF_CONC_ONLY_K],
                    p->pair_n[j][CALF_CONC_ONLY_REF], ci, p->pair_n[j][CALF_CONC_ONLY_K],
                    p->pair_n[j][CALF_CONC_ONLY_REF]);
        }
    return calf_afile_commit(&af, err);
}

static int write_all(const char *dir, const calf_cohort_result *r, const calf_cohort_meta *m,
                     calf_error *err)
{
    int rc = write_csv(dir, r, m, err);
    if (!rc)
        rc = write_json(dir, r, m, err);
    if (!rc)
        rc = write_dat(dir, r, m, err);
    if (!rc)
        rc = write_outcome_compare(dir, r, m, err);
    if (rc || !m->plots)
        return rc;
    char dat[64], base[64], np[16];
    for (int k = 0; k < r->nprotocols && !rc; k++) {
        snprintf(dat, sizeof(dat), "bands_%d.dat", k + 1);
        snprintf(base, sizeof(base), "fan_%d", k + 1);
        const char *args[] = {dat, m->names[k], base, NULL};
        rc = plot(dir, "fan.gp", "gnuplot -c fan.gp bands_K.dat TITLE fan_K", args, 2, err);
    }
    snprintf(np, sizeof(np), "%d", r->nprotocols);
    const char *args[] = {"outcomes.dat", "P(goal reached by week)", "outcomes", np, NULL};
    if (!rc)
        rc = plot(dir, "outcomes.gp",
                  "gnuplot -c outcomes.gp outcomes.dat TITLE outcomes NPROTOCOLS", args, 2, err);
    if (rc)
        return rc;
    /* the outcome comparison: proportions, time to goal, paired differences */
    char title[160], weeks[32], horizon[64], thr[32], note[1024];
    snprintf(title, sizeof(title),
             "Outcomes of %ld virtual patients per protocol: model outputs under stated "
             "assumptions, not a patient's risk",
             r->n);
    snprintf(weeks, sizeof(weeks), "%.6g", r->days / 7.0);
    if (r->days % 7 == 0)
        snprintf(horizon, sizeof(horizon), "by week %d", r->days / 7);
    else
        snprintf(horizon, sizeof(horizon), "by day %d", r->days);
    snprintf(thr, sizeof(thr), "-"); /* ARG7 is unused */
    snprintf(note, sizeof(note),
             "Bars: 95%% Wilson intervals of the shares; time to goal: median and 25-75%% of the "
             "cohort (an arrow: beyond the horizon)%s%s%s",
             r->nprotocols > 1 ? ".\nDifferences: each protocol minus " : "",
             r->nprotocols > 1 ? m->names[0] : "",
             r->nprotocols > 1 ? " on the same virtual patients, 95% normal-approximation "
                                 "(Wald) intervals;\ndiscordant B vs C: B patients reached the "
                                 "outcome only under this protocol, C only under the reference; "
                                 "the difference is (B - C) / N."
                               : ".");
    const char *oc[] = {
        "outcome_compare.dat", title, "outcome_compare", np, weeks, horizon, thr, note, NULL};
    return plot(dir, "outcome_compare.gp",
                "gnuplot -c outcome_compare.gp outcome_compare.dat TITLE outcome_compare "
                "NPROTOCOLS WEEKS HORIZON THRESHOLD NOTE",
                oc, 2, err);
}

int calf_cli_cohort_write(const char *work, const calf_cohort_result *r, const calf_cohort_meta *m,
                          calf_error *err)
{
    return write_all(work, r, m, err);
}
