/*
 * cohort_rows.c: the rows of patients.csv (cohort_rows.h). Numbers are
 * written with %.6g like every calfsim CSV, empty cells for "no value"
 * (a goal never reached, a symptom not reported, the outcomes of a rejected
 * draw); text cells are quoted with doubled quotes.
 */
#include "cohort_rows.h"

#include <math.h>
#include <string.h>

#include "util.h"

/* The outcome columns. `injury` reads the summary's first injury event
 * (injury_day: docs/model.md section 5). */
const calf_patients_col calf_patients_cols[] = {
    {"goal", "goal_reached_day", 1},     {"goal_day", "goal_reached_day", 0},
    {"flare", "flare_count", 1},         {"injury", "injury_day", 1},
    {"peak_pain", "peak_pain", 0},       {"days_over_limit", "days_pain_over_limit", 0},
    {"total_km", "total_km", 0},         {"final_capacity_ratio", "final_capacity_ratio", 0},
    {"max_p_injury", "max_p_injury", 0}, {NULL, NULL, 0}};

double calf_cohort_input_value(const calf_cohort_input *in, const calf_params *par,
                               const calf_patient *pt)
{
    if (in->param >= 0)
        return par->v[in->param];
    const char *p = (const char *)pt + in->field->offset;
    return in->field->type == CALF_PF_ENUM ? (double)*(const int *)p : *(const double *)p;
}

int calf_metric_ref_find(const char *name, calf_metric_ref *out)
{
    for (int c = 0; calf_patients_cols[c].name; c++)
        if (strcmp(calf_patients_cols[c].name, name) == 0) {
            out->field = calf_summary_field_find(calf_patients_cols[c].field);
            out->indicator = calf_patients_cols[c].indicator;
            return out->field ? 0 : -1;
        }
    out->field = calf_summary_field_find(name);
    out->indicator = 0;
    return out->field ? 0 : -1;
}

double calf_metric_ref_value(const calf_metric_ref *r, const calf_summary *s)
{
    double v = calf_summary_value(s, r->field);
    return r->indicator ? (double)(v > 0) : v;
}

static void quoted(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; s && *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
    }
    fputc('"', fp);
}

void calf_patients_header(FILE *fp, const calf_cohort_input *in, int nin)
{
    fputs("protocol,index,seed,draw,status", fp);
    for (int k = 0; k < nin; k++)
        fprintf(fp, ",%s", in[k].name);
    for (int c = 0; calf_patients_cols[c].name; c++)
        fprintf(fp, ",%s", calf_patients_cols[c].name);
    fputs(",reason\n", fp);
}

void calf_patients_row(FILE *fp, const char *protocol, long index, uint64_t seed, int draw,
                       const char *status, const calf_cohort_input *in, int nin,
                       const calf_params *par, const calf_patient *pt, const calf_summary *sum,
                       const char *reason)
{
    if (protocol)
        quoted(fp, protocol);
    fprintf(fp, ",%ld,%llu,%d,%s", index, (unsigned long long)seed, draw, status);
    for (int k = 0; k < nin; k++)
        calf_csv_put_number(fp, calf_cohort_input_value(&in[k], par, pt));
    for (int c = 0; calf_patients_cols[c].name; c++) {
        const calf_patients_col *pc = &calf_patients_cols[c];
        calf_metric_ref ref;
        if (!sum || calf_metric_ref_find(pc->name, &ref)) {
            fputc(',', fp);
            continue;
        }
        double v = calf_metric_ref_value(&ref, sum);
        if (pc->indicator)
            fprintf(fp, ",%d", (int)v);
        else
            calf_csv_put_number(fp, v);
    }
    fputc(',', fp);
    if (reason)
        quoted(fp, reason);
    fputc('\n', fp);
}
