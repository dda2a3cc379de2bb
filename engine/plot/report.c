/*
 * report.c: writes report.html (see report.h). SVG figures are copied in
 * from the files gnuplot wrote, without their XML prolog and namespace
 * declarations, with every id prefixed per figure so that figures do not
 * share ids.
 */
#include "report.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "figures.h"
#include "html.h"
#include "outcome.h"
#include "params.h"
#include "patient.h"
#include "report_verdict.h"
#include "util.h"

#define E(s) calf_html_escape(fp, (s))

static void num(FILE *fp, double v)
{
    char b[64];
    calf_fmt_g(b, sizeof(b), v);
    E(b[0] ? b : "-");
}

static const char *css =
    "body{font-family:sans-serif;max-width:1240px;margin:1.5em auto;padding:0 1em;color:#222;"
    "line-height:1.45}\n"
    "h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:1.6em;border-bottom:1px solid "
    "#ccc;padding-bottom:.2em}\n"
    "table{border-collapse:collapse;margin:.6em 0}th,td{border:1px solid #bbb;padding:.25em "
    ".6em;text-align:right}\n"
    "th{background:#f0f0f0}td.l,th.l{text-align:left}td.nw{white-space:nowrap}\n"
    ".caveat{border-left:5px solid #D55E00;background:#fff4ec;padding:.6em 1em}\n"
    "figure{margin:1.2em 0}figcaption{max-width:60em;color:#333}\n"
    "svg{width:100%;height:auto}pre{background:#f6f6f6;padding:.6em;overflow-x:auto;"
    "font-size:.85em}\n"
    ".swatch{display:inline-block;width:2.2em;height:0;border-top-width:4px;vertical-align:"
    "middle;margin-right:.4em}\n"
    ".meta{color:#555;font-size:.9em}\n"
    ".verdict{border-left:5px solid #0072B2;background:#eef6fb;padding:.4em 1em}\n"
    "dl.defs{font-size:.9em;color:#333}dl.defs dt{font-weight:bold}dl.defs dd{margin:0 0 .3em "
    "1.5em}\n";

/* Must match the templates' per-protocol styles. */
static const char *const swatch_col[] = {"#0072B2", "#D55E00", "#009E73", "#CC79A7", "#000000"};
static const char *const swatch_dash[] = {"solid", "dashed", "dotted", "dashed", "dotted"};

static int slurp(const char *path, char **out, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return -1;
    size_t cap = 65536, n = 0;
    char *buf = malloc(cap);
    while (buf) {
        if (n + 4096 > cap) {
            char *nb = realloc(buf, cap * 2);
            if (!nb) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = nb;
            cap *= 2;
        }
        size_t got = fread(buf + n, 1, cap - n - 1, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp) || !buf;
    fclose(fp);
    if (bad) {
        free(buf);
        return -1;
    }
    buf[n] = '\0';
    *out = buf;
    *len = n;
    return 0;
}

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Copy gnuplot's SVG from <svg on, prefixing ids and references. */
static int embed_svg(FILE *fp, const char *path, int fig)
{
    char *buf;
    size_t len;
    if (slurp(path, &buf, &len))
        return -1;
    char *s = strstr(buf, "<svg");
    if (!s) {
        free(buf);
        return -1;
    }
    char pre[16];
    snprintf(pre, sizeof(pre), "f%d-", fig);
    static const char *const drop[] = {
        " xmlns=\"http://www.w3.org/2000/svg\"", " xmlns:xlink=\"http://www.w3.org/1999/xlink\"",
        " xmlns='http://www.w3.org/2000/svg'", " xmlns:xlink='http://www.w3.org/1999/xlink'"};
    while (*s) {
        int skipped = 0;
        for (size_t i = 0; i < sizeof(drop) / sizeof(drop[0]); i++)
            if (starts(s, drop[i])) {
                s += strlen(drop[i]);
                skipped = 1;
            }
        if (skipped)
            continue;
        static const char *const refs[] = {"id='", "id=\"", "href='#", "href=\"#", "url(#"};
        int done = 0;
        for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++) {
            size_t l = strlen(refs[i]);
            if (starts(s, refs[i]) && (s == buf || s[-1] == ' ' || s[-1] == ':' || s[-1] == '\t' ||
                                       s[-1] == '\n' || i == 4)) {
                fwrite(s, 1, l, fp);
                fputs(pre, fp);
                s += l;
                done = 1;
                break;
            }
        }
        if (done)
            continue;
        fputc(*s, fp);
        s++;
    }
    free(buf);
    return 0;
}

static void patient_section(FILE *fp, const calf_report *r)
{
    const calf_patient *pt = &r->m->pt;
    fputs("<h2>Patient</h2>\n<p>", fp);
    E(pt->name);
    fputs(" (file <code>", fp);
    E(r->patient_path);
    fputs("</code>)</p>\n<table>\n<tr><th class=\"l\">field</th><th>value</th><th "
          "class=\"l\">unit</th><th class=\"l\">meaning</th></tr>\n",
          fp);
    for (size_t i = 0; i < calf_patient_field_count; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        if (f->type == CALF_PF_TABLE || strcmp(f->path, "name") == 0)
            continue;
        fputs("<tr><td class=\"l\">", fp);
        E(f->path);
        fputs("</td><td>", fp);
        if (f->type == CALF_PF_STRING) {
            E((const char *)pt + f->offset);
        } else {
            double v;
            if (calf_patient_get_number(pt, f->path, &v) != 0 || isnan(v))
                E("not given");
            else if (f->type == CALF_PF_ENUM && f->choices)
                E(f->choices[(int)v]);
            else
                num(fp, v);
        }
        fputs("</td><td class=\"l\">", fp);
        E(f->unit ? f->unit : "");
        fputs("</td><td class=\"l\">", fp);
        E(f->meaning ? f->meaning : "");
        fputs("</td></tr>\n", fp);
    }
    fputs("</table>\n", fp);
}

static void outcome_table(FILE *fp, const calf_report *r)
{
    fputs("<h2>Outcomes</h2>\n<table>\n<tr><th class=\"l\">protocol</th>", fp);
    for (int i = 0; i < CALF_OC_COUNT; i++) {
        fputs("<th title=\"", fp);
        E(calf_outcome_cols[i].long_head);
        fputs("\">", fp);
        E(calf_outcome_cols[i].head);
        fputs("<br/><small>", fp);
        E(calf_outcome_cols[i].unit);
        fputs("</small></th>", fp);
    }
    fputs("</tr>\n", fp);
    for (int k = 0; k < r->n; k++) {
        fprintf(fp,
                "<tr><td class=\"l\"><span class=\"swatch\" style=\"border-top-style:%s;"
                "border-top-color:%s\"></span>",
                swatch_dash[k % 5], swatch_col[k % 5]);
        E(r->p[k].name);
        fputs("</td>", fp);
        for (int i = 0; i < CALF_OC_COUNT; i++) {
            char b[64];
            calf_outcome_display(r->p[k].sum, i, b, sizeof(b));
            fputs("<td>", fp);
            E(b);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n<p class=\"meta\">The same numbers are in compare.csv, compare.json and in "
          "each protocol's summary.json (heel raises there to 0.1: the model's expected "
          "count).</p>\n",
          fp);
    calf_report_outcome_defs(fp, r);
}

/* The uncertainty behind the outcome table: the same protocols on a paired
 * virtual cohort drawn around the patient. */
static void uncertainty_table(FILE *fp, const calf_report *r)
{
    const calf_report_table *t = r->unc;
    if (!t)
        return;
    fprintf(fp,
            "<h2>How sure is the comparison?</h2>\n<p>The same protocols were run on %ld virtual "
            "patients drawn around this profile: model constants from their priors and the "
            "patient's measurements from their spreads (docs/cohort.md), every protocol meeting "
            "the same virtual patients. Intervals are 95%% (Wilson for proportions, normal "
            "approximation for the paired difference). They show how much the ranking depends "
            "on the model's assumptions; they are not a prediction for this patient.</p>\n"
            "<table>\n<tr>",
            t->size);
    for (int j = 0; j < t->ncols; j++) {
        fputs(j ? "<th>" : "<th class=\"l\">", fp);
        E(t->head[j]);
        fputs("</th>", fp);
    }
    fputs("</tr>\n", fp);
    for (int k = 0; k < t->nrows; k++) {
        fputs("<tr>", fp);
        for (int j = 0; j < t->ncols; j++) {
            fputs(j ? "<td class=\"nw\">" : "<td class=\"l\">", fp);
            E(t->cells[k * t->ncols + j]);
            fputs("</td>", fp);
        }
        fputs("</tr>\n", fp);
    }
    fputs("</table>\n", fp);
    calf_report_cohort_defs(fp, r);
}

static void protocol_section(FILE *fp, const calf_report *r)
{
    fputs("<h2>Protocols</h2>\n", fp);
    for (int k = 0; k < r->n; k++) {
        const calf_report_protocol *p = &r->p[k];
        fprintf(fp,
                "<h3><span class=\"swatch\" style=\"border-top-style:%s;border-top-color:%s\">"
                "</span>",
                swatch_dash[k % 5], swatch_col[k % 5]);
        E(p->name);
        fputs("</h3>\n<p>", fp);
        E(p->summary && *p->summary ? p->summary : "(no summary)");
        fputs("</p>\n<p class=\"meta\">", fp);
        E(p->kind);
        fputs(" file <code>", fp);
        E(p->path);
        fputs("</code>", fp);
        if (p->source && *p->source) {
            fputs("; source: ", fp);
            E(p->source);
        }
        fputs("; outputs in <code>", fp);
        E(p->dir);
        fputs("/</code>; parameter hash ", fp);
        char h[32];
        snprintf(h, sizeof(h), "%016llx", (unsigned long long)p->param_hash);
        E(h);
        fputs("</p>\n", fp);
        if (p->nparams > 0) {
            fputs("<p class=\"meta\">protocol parameters: ", fp);
            for (int i = 0; i < p->nparams; i++) {
                if (i)
                    fputs(", ", fp);
                E(p->param_names[i]);
                fputs(" = ", fp);
                num(fp, p->param_values[i]);
            }
            fputs("</p>\n", fp);
        }
        if (p->text) {
            fputs("<details><summary>file text</summary>\n<pre>", fp);
            E(p->text);
            fputs("</pre></details>\n", fp);
        }
    }
}

/* The figure's SVG inline when it was drawn (number labels it), else where
 * its data and script are. */
static void figure_image(FILE *fp, const calf_report *r, const calf_figure *fg, int drawn,
                         int number)
{
    int ok = 0;
    if (drawn) {
        char name[256], path[4096];
        snprintf(name, sizeof(name), "%s.svg", fg->base);
        if (calf_path_join(path, sizeof(path), r->out_dir, name, NULL) == CALF_OK)
            ok = embed_svg(fp, path, number) == 0;
    }
    if (!ok) {
        fputs("<p>(figure not drawn; data in ", fp);
        E(fg->data);
        fputs(", script ", fp);
        E(fg->tmpl);
        fputs(")</p>\n", fp);
    }
}

static void figure_section(FILE *fp, const calf_report *r)
{
    fputs("<h2>Figures</h2>\n", fp);
    if (!r->figures_drawn)
        fputs("<p class=\"caveat\">gnuplot was not found, so the figures were not drawn. Their "
              "data (.dat) and gnuplot scripts (.gp) are in the output folder; install gnuplot "
              "(apt-get install gnuplot-nox) and run calfsim again to draw them.</p>\n",
              fp);
    for (int f = 0; f < CALF_FIG_COUNT; f++) {
        const calf_figure *fg = &calf_figures[f];
        fprintf(fp, "<figure id=\"%s\">\n<h3>Figure %d. ", fg->base, f + 1);
        E(fg->heading);
        fputs("</h3>\n", fp);
        figure_image(fp, r, fg, r->figures_drawn, f + 1);
        fputs("\n<figcaption>", fp);
        E(fg->caption);
        if (!fg->per_protocol && r->ix) {
            char b[256];
            snprintf(b, sizeof(b),
                     " The standard preceding run is %.3g km at the patient's easy speed of "
                     "%.3g km/h on day 1, from the state at intake; the run shown is then done "
                     "with no stop rule.",
                     r->ix->prec_km, r->ix->prec_kmh);
            E(b);
        }
        fputs("</figcaption>\n</figure>\n", fp);
    }
}

/* --oracle only: the hidden state, labelled as model internals. */
static void oracle_section(FILE *fp, const calf_report *r)
{
    const calf_figure *fg = &calf_figure_hidden;
    fputs("<h2 id=\"model-internals\">Model internals (oracle run)</h2>\n<p class=\"caveat\">"
          "This run was made with <code>--oracle</code>: the protocols could read the model's "
          "hidden state, and the figure below shows it. A clinician never observes these "
          "quantities in a patient; they are the model's internals under its assumptions, shown "
          "for teaching and for checking what drives the outcomes above.</p>\n",
          fp);
    fprintf(fp, "<figure id=\"%s\">\n<h3>", fg->base);
    E(fg->heading);
    fputs("</h3>\n", fp);
    figure_image(fp, r, fg, r->hidden_drawn, CALF_FIG_COUNT + 1);
    fputs("\n<figcaption>", fp);
    E(fg->caption);
    fputs("</figcaption>\n</figure>\n", fp);
}

static void params_section(FILE *fp, const calf_report *r)
{
    fputs("<h2>Model parameters that differ from the defaults</h2>\n", fp);
    int any = 0;
    for (int i = 0; i < CALF_P_COUNT; i++) {
        const calf_param_info *pi = &calf_param_infos[i];
        double v = r->m->par.v[i];
        if (v == pi->def)
            continue;
        if (!any)
            fputs("<table>\n<tr><th class=\"l\">parameter</th><th>value</th><th>default</th>"
                  "<th class=\"l\">unit</th><th class=\"l\">meaning</th></tr>\n",
                  fp);
        any = 1;
        fputs("<tr><td class=\"l\">", fp);
        E(pi->name);
        fputs("</td><td>", fp);
        num(fp, v);
        fputs("</td><td>", fp);
        num(fp, pi->def);
        fputs("</td><td class=\"l\">", fp);
        E(pi->unit);
        fputs("</td><td class=\"l\">", fp);
        E(pi->meaning);
        fputs("</td></tr>\n", fp);
    }
    if (any)
        fputs("</table>\n", fp);
    else
        fputs("<p>None: every model parameter has its default value (calfsim params lists "
              "them with their sources).</p>\n",
              fp);
}

int calf_report_write(const char *path, const calf_report *r, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    char hash[32], b[512];
    snprintf(hash, sizeof(hash), "%016llx", (unsigned long long)r->param_hash);
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>calfsim: protocol "
          "comparison for ",
          fp);
    E(r->m->pt.name);
    fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    fputs("<h1>Protocol comparison: ", fp);
    E(r->m->pt.name);
    fputs("</h1>\n<p class=\"meta\">", fp);
    snprintf(b, sizeof(b),
             "calfsim %s (model version 1); %d protocols over %d days (%d weeks); seed %llu; "
             "parameter hash %s; made by: ",
             CALF_VERSION, r->n, r->days, r->days / 7, (unsigned long long)r->seed, hash);
    E(b);
    E(r->command);
    fputs("</p>\n<p class=\"caveat\"><strong>Read this first.</strong> These figures compare "
          "protocols for one modelled patient under stated assumptions: a model of calf load, "
          "capacity and symptoms whose constants come partly from published measurements and "
          "partly from assumptions (calfsim params lists each with its source). They show how "
          "the protocols differ from one another, not what will happen to this patient, and "
          "no number here is a real injury risk. Clinical judgement and the patient's own "
          "response decide.</p>\n",
          fp);
    calf_report_verdict_section(fp, r);
    outcome_table(fp, r);
    uncertainty_table(fp, r);
    figure_section(fp, r);
    if (r->oracle)
        oracle_section(fp, r);
    protocol_section(fp, r);
    patient_section(fp, r);
    params_section(fp, r);
    fputs("<h2>Provenance</h2>\n<p class=\"meta\">", fp);
    snprintf(b, sizeof(b),
             "calfsim %s; seed %llu; parameter hash %s. Each protocol's folder holds its "
             "trace.csv (one row a day) and summary.json; compare.csv holds the outcome table; "
             "each figure's .dat and .gp files redraw it with gnuplot.",
             CALF_VERSION, (unsigned long long)r->seed, hash);
    E(b);
    fputs("</p>\n</body>\n</html>\n", fp);
    return calf_afile_commit(&af, err);
}
