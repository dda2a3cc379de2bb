/*
 * sweep.c: sweep variables, grid values and one grid point's simulation
 * (sweep.h).
 */
#include "sweep.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The metrics are the summary fields table (sim.h, output.c). */
double calf_metric(const calf_summary *s, int k)
{
    if (k < 0 || k >= calf_summary_field_count)
        return NAN;
    return calf_summary_value(s, &calf_summary_fields[k]);
}

int calf_metric_find(const char *name)
{
    const calf_summary_field *f = calf_summary_field_find(name);
    return f ? (int)(f - calf_summary_fields) : -1;
}

int calf_sweep_parse_var(const char *spec, calf_sweep_var *v, calf_error *err)
{
    memset(v, 0, sizeof(*v));
    const char *eq = strchr(spec, '=');
    size_t n = eq ? (size_t)(eq - spec) : 0;
    if (!eq || n == 0 || n >= sizeof(v->name))
        return calf_error_set(err, CALF_EUSAGE, "--vary %s: expected name=lo:hi:step", spec);
    memcpy(v->name, spec, n);
    v->name[n] = '\0';
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", eq + 1);
    char *c1 = strchr(buf, ':'), *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
    if (c1 && !c2)
        return calf_error_set(err, CALF_EUSAGE, "--vary %s: expected name=lo:hi:step", spec);
    if (c1) {
        *c1 = '\0';
        *c2 = '\0';
    }
    if (calf_parse_double(buf, &v->lo) ||
        (c1 && (calf_parse_double(c1 + 1, &v->hi) || calf_parse_double(c2 + 1, &v->step))))
        return calf_error_set(err, CALF_EUSAGE,
                              "--vary %s: lo, hi and step must be decimal numbers", spec);
    if (!c1) {
        v->hi = v->lo;
        v->step = 1;
    }
    if (!(v->step > 0) || v->hi < v->lo)
        return calf_error_set(err, CALF_EUSAGE, "--vary %s: needs lo <= hi and step > 0", spec);
    double cnt = floor((v->hi - v->lo) / v->step + 1e-9) + 1;
    if (cnt > CALF_SWEEP_MAX_POINTS)
        return calf_error_set(err, CALF_EUSAGE, "--vary %s: %.3g values; allowed 1 to %d", spec,
                              cnt, CALF_SWEEP_MAX_POINTS);
    v->n = (int)cnt;
    if (strncmp(v->name, "patient.", 8) == 0) {
        const calf_patient_field *f = calf_patient_field_find(v->name + 8);
        if (f && f->type != CALF_PF_NUMBER) {
            char what[256] = "a text field";
            if (f->type == CALF_PF_TABLE)
                snprintf(what, sizeof(what), "a table");
            if (f->type == CALF_PF_ENUM && f->choices) {
                int w = snprintf(what, sizeof(what), "a choice (");
                for (int k = 0; f->choices[k] && w >= 0 && (size_t)w < sizeof(what); k++)
                    w += snprintf(what + w, sizeof(what) - (size_t)w, "%s%s", k ? ", " : "",
                                  f->choices[k]);
                if (w >= 0 && (size_t)w < sizeof(what))
                    snprintf(what + w, sizeof(what) - (size_t)w, ")");
            }
            return calf_error_set(err, CALF_EUSAGE,
                                  "--vary %s: %s, not a number; only numeric patient fields can be "
                                  "swept",
                                  v->name, what);
        }
        if (!f) {
            const char *s = calf_patient_suggest(v->name + 8);
            return calf_error_set(
                err, CALF_EUSAGE, "--vary %s: no numeric patient field \"%s\"%s%s%s", spec,
                v->name + 8, s ? " (did you mean patient." : "", s ? s : "", s ? "?)" : "");
        }
        v->kind = CALF_VAR_PATIENT;
    } else if (calf_params_find(v->name) >= 0) {
        v->kind = CALF_VAR_REGISTRY;
    } else {
        v->kind = CALF_VAR_PROTOCOL;
    }
    return CALF_OK;
}

double calf_sweep_value(const calf_sweep_var *v, int j)
{
    double x = v->lo + j * v->step;
    char buf[64]; /* 12 significant digits, so 0.1 + 2 x 0.05 is 0.2 as typed */
    snprintf(buf, sizeof(buf), "%.12g", x);
    if (calf_parse_double(buf, &x) != 0)
        x = v->lo + j * v->step;
    return x > v->hi ? v->hi : x;
}

int calf_sweep_apply(const calf_sweep_var *v, double x, calf_params *par, calf_patient *pt,
                     calf_source *src, calf_error *err)
{
    if (v->kind == CALF_VAR_PATIENT)
        return calf_patient_set_number(pt, v->name + 8, x, err);
    if (v->kind == CALF_VAR_REGISTRY) {
        /* the registry's range, reported as --vary (calf_params_set speaks of --set) */
        const calf_param_info *in = &calf_param_infos[calf_params_find(v->name)];
        if (!isfinite(x) || x < in->min || x > in->max)
            return calf_error_set(err, CALF_EINPUT, "--vary %s = %g: allowed %g to %g%s%s", v->name,
                                  x, in->min, in->max, strcmp(in->unit, "-") ? " " : "",
                                  strcmp(in->unit, "-") ? in->unit : "");
        return calf_params_set(par, v->name, x, err);
    }
    int rc = src ? calf_source_set(src, v->name, x, err) : CALF_SOURCE_NOPARAM;
    if (rc == CALF_SOURCE_NOPARAM) {
        const char *s = calf_params_suggest(v->name);
        return calf_error_set(err, CALF_EUSAGE,
                              "--vary %s: not a protocol parameter, registry constant or "
                              "patient.FIELD%s%s%s",
                              v->name, s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
    }
    return rc;
}

int calf_sweep_point(calf_source *src, const calf_params *par, const calf_patient *pt,
                     const calf_sweep_var *vars, int nvars, const double *x, int days,
                     calf_trace *trace, calf_summary *out, calf_error *err)
{
    calf_params p = *par;
    calf_patient q = *pt;
    for (int i = 0; i < nvars; i++) {
        int rc = calf_sweep_apply(&vars[i], x[i], &p, &q, src, err);
        if (rc)
            return rc;
    }
    calf_model m;
    int rc = calf_model_init(&m, &p, &q, err);
    if (rc)
        return rc;
    if (days <= 0)
        days = calf_source_days(src) > 0 ? calf_source_days(src) : 182;
    return calf_source_simulate(src, &m, days, trace, out, err);
}

void calf_sweep_dat_breaks(FILE *fp, const calf_sweep_var *vars, int nvars, long p)
{
    long q = p / vars[0].n;
    if (nvars >= 2 && p % vars[0].n == vars[0].n - 1) {
        fputc('\n', fp);
        if (nvars == 3 && q % vars[1].n == vars[1].n - 1)
            fputc('\n', fp);
    }
}
