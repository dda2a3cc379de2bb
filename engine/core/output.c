/*
 * output.c: trace.csv and summary.json. Both are written atomically (temp
 * file, then rename) and both record the calfsim version, the seed and the
 * parameter hash, so a run can be reproduced and identical inputs give
 * identical bytes. Empty CSV cells mean "no value" (no onset, a ratio whose
 * denominator is zero).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "outcome.h"
#include "sim.h"
#include "util.h"

/* The columns of trace.csv, in order: the one table the writer and the study
 * API read (docs/outputs.md documents each). */
#define TF(n)                                                                                      \
    {                                                                                              \
#n, offsetof(calf_trace_row, n), 0                                                         \
    }
#define TI(n)                                                                                      \
    {                                                                                              \
#n, offsetof(calf_trace_row, n), 1                                                         \
    }
const calf_trace_field calf_trace_fields[] = {TI(day),
                                              TI(week),
                                              TI(weekday),
                                              TF(run_km),
                                              TF(walk_km),
                                              TF(onset_km),
                                              TF(onset_easy_km),
                                              TF(cycles),
                                              TF(peak_force_bw),
                                              TF(load),
                                              TF(dose),
                                              TF(pain_during_max),
                                              TF(pain_morning),
                                              TF(heel_raise_reps),
                                              TF(capacity),
                                              TF(capacity_eff),
                                              TF(strength),
                                              TF(irritation),
                                              TF(sensitisation),
                                              TF(damage),
                                              TF(fatigue_acute),
                                              TF(neural),
                                              TF(toe_flexor),
                                              TF(kinetic_chain),
                                              TF(evertor),
                                              TF(ctl),
                                              TF(atl),
                                              TF(tsb),
                                              TF(acwr_coupled),
                                              TF(acwr_uncoupled),
                                              TF(acwr_ewma),
                                              TF(monotony),
                                              TF(strain),
                                              TF(p_injury),
                                              TF(banister_g),
                                              TF(banister_h),
                                              TF(neural_irritation_min),
                                              TI(quality_runs),
                                              TI(runs_stopped),
                                              TI(flare),
                                              TI(sessions),
                                              TI(injury),
                                              TI(time_loss),
                                              {NULL, 0, 0}};
#undef TF
#undef TI

/* The summary outcomes (sim.h): one row each; new summary fields get a row
 * here and appear in sweep grids, the study API and patients.csv. */
#define SF(n, i, never)                                                                            \
    {                                                                                              \
#n, offsetof(calf_summary, n), i, never                                                    \
    }
const calf_summary_field calf_summary_fields[] = {SF(goal_reached_day, 1, 1),
                                                  SF(total_km, 0, 0),
                                                  SF(peak_pain, 0, 0),
                                                  SF(days_pain_over_limit, 1, 0),
                                                  SF(flare_count, 1, 0),
                                                  SF(runs_stopped_early, 1, 0),
                                                  SF(final_capacity_ratio, 0, 0),
                                                  SF(final_heel_raise_reps, 0, 0),
                                                  SF(max_acwr_ewma, 0, 0),
                                                  SF(max_p_injury, 0, 0),
                                                  SF(injury_day, 1, 1),
                                                  SF(injury_count, 1, 0),
                                                  SF(days_lost, 1, 0),
                                                  SF(final_onset_easy_km, 0, 0),
                                                  {NULL, 0, 0, 0}};
#undef SF
const int calf_summary_field_count =
    (int)(sizeof(calf_summary_fields) / sizeof(calf_summary_fields[0])) - 1;

void calf_summary_json_member(FILE *fp, const calf_summary *s, const calf_summary_field *f,
                              const char *before, const char *after)
{
    const double v = calf_summary_value(s, f);
    char buf[64];
    if (f->is_int && isfinite(v))
        snprintf(buf, sizeof(buf), "%d", (int)v);
    else
        calf_fmt_g(buf, sizeof(buf), v);
    fprintf(fp, "%s\"%s\": %s%s", before, f->name, buf[0] ? buf : "null", after);
}

double calf_summary_value(const calf_summary *s, const calf_summary_field *f)
{
    const char *p = (const char *)s + f->offset;
    double v = f->is_int ? (double)*(const int *)p : *(const double *)p;
    return f->zero_is_never && v == 0 ? NAN : v;
}

const calf_summary_field *calf_summary_field_find(const char *name)
{
    for (int k = 0; calf_summary_fields[k].name; k++)
        if (strcmp(calf_summary_fields[k].name, name) == 0)
            return &calf_summary_fields[k];
    return NULL;
}

/* Text for a comment line or JSON: control characters become spaces. */
static void clean(char *out, size_t n, const char *s)
{
    size_t j = 0;
    for (; s && *s && j + 1 < n; s++)
        out[j++] = ((unsigned char)*s < 0x20) ? ' ' : *s;
    out[j] = '\0';
}

int calf_trace_write_csv(const char *path, const calf_trace *t, const calf_run_meta *meta,
                         calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    char name[256];
    clean(name, sizeof(name), meta->protocol);
    fprintf(fp, "# calfsim %s; protocol: %s; seed: %llu; param_hash: %016llx\n", CALF_VERSION, name,
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
    for (int c = 0; calf_trace_fields[c].name; c++)
        fprintf(fp, "%s%s", c ? "," : "", calf_trace_fields[c].name);
    fputc('\n', fp);
    for (int i = 0; i < t->n; i++) {
        const char *row = (const char *)&t->rows[i];
        for (int c = 0; calf_trace_fields[c].name; c++) {
            const calf_trace_field *f = &calf_trace_fields[c];
            if (f->is_int)
                fprintf(fp, c ? ",%d" : "%d", *(const int *)(row + f->offset));
            else
                calf_csv_put_number(fp, *(const double *)(row + f->offset));
        }
        fputc('\n', fp);
    }
    return calf_afile_commit(&af, err);
}

int calf_summary_write_json(const char *path, const calf_summary *s, const calf_model *m,
                            const calf_run_meta *meta, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "{\n  \"calfsim_version\": \"%s\",\n  \"protocol\": ", CALF_VERSION);
    calf_json_string(fp, meta->protocol);
    fputs(",\n  \"source\": ", fp);
    calf_json_string(fp, meta->source);
    fputs(",\n  \"patient\": ", fp);
    calf_json_string(fp, m->pt.name);
    fprintf(fp, ",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
    fprintf(fp, "  \"days\": %d,\n", s->days);
    if (s->goal_reached_day)
        fprintf(fp, "  \"goal_reached_day\": %d,\n  \"goal_reached_week\": %d,\n",
                s->goal_reached_day, (s->goal_reached_day + 6) / 7);
    else
        fputs("  \"goal_reached_day\": null,\n  \"goal_reached_week\": null,\n", fp);
    /* The compare table's outcome columns, formatted exactly as the table and
     * compare.csv show them (one formatter, outcome.c). */
    for (int i = 0; i < CALF_OC_COUNT; i++) {
        if (i == CALF_OC_WEEKS_TO_GOAL)
            continue; /* written above with the goal day */
        char buf[64];
        calf_outcome_format(s, i, NULL, buf, sizeof(buf));
        fprintf(fp, "  \"%s\": %s,\n", calf_outcome_cols[i].key, buf[0] ? buf : "null");
    }
    /* then every summary field the outcome columns do not show, from the one
     * table (calf_summary_fields) */
    for (int k = 0; calf_summary_fields[k].name; k++) {
        const calf_summary_field *f = &calf_summary_fields[k];
        int shown = strcmp(f->name, "goal_reached_day") == 0;
        for (int i = 0; i < CALF_OC_COUNT && !shown; i++)
            shown = strcmp(f->name, calf_outcome_cols[i].key) == 0;
        if (!shown)
            calf_summary_json_member(fp, s, f, "  ", ",\n");
    }
    fprintf(fp, "  \"pain_limit\": %.6g,\n", m->par.v[CALF_P_PAIN_LIMIT]);
    fputs("  \"calibration\": {\n", fp);
    fprintf(fp,
            "    \"healthy_capacity_bw\": %.6g,\n    \"initial_capacity_ratio\": %.6g,\n"
            "    \"initial_sensitisation\": %.6g,\n    \"speed_sensitivity\": %.6g,\n"
            "    \"k_c\": %.6g,\n    \"k_s\": %.6g,\n    \"k_t\": %.6g,\n    \"eta_run\": %.6g,\n"
            "    \"habitual_fatigue_dose_factor\": %.6g,\n    \"intake_week_km\": %.6g\n",
            m->c_h, m->c0 / m->c_h, m->z0, m->beta_v, m->k_c, m->k_s, m->k_t, m->eta_run, m->mu_hab,
            m->intake_week_km);
    fputs("  },\n", fp);
    fputs("  \"caveat\": \"Model outputs compare protocols under stated assumptions; they are not "
          "a patient's real risk.\"\n}\n",
          fp);
    return calf_afile_commit(&af, err);
}
