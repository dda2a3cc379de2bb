/*
 * validate_out.c: the files and the stdout table of `calfsim validate`
 * (validate_out.h). Numbers are printed with %.4g in the tables, %.6g in
 * the JSON (null when not finite) and the figure's data; nothing depends on
 * the thread count, so the files are byte-identical for any --threads.
 */
#include "validate_out.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cohort_out.h"
#include "util.h"

#define MARGIN_CLIP 3.0 /* the figure's margins are clipped to +-3 */

/* The pass band in words: "0.9 to 1.1", "< 1", "> 1", "= 1". */
static void band_text(char *out, size_t n, double lo, double hi)
{
    if (isfinite(lo) && isfinite(hi))
        snprintf(out, n, lo == hi ? "= %.4g" : "%.4g to %.4g", lo, hi);
    else if (isfinite(hi))
        snprintf(out, n, "<= %.4g", hi);
    else
        snprintf(out, n, ">= %.4g", lo);
}

/* "v [lo, hi]", or "v" when the interval is a point. */
static void value_text(char *out, size_t n, const calf_valid_row *w)
{
    if (w->sim_lo == w->sim_hi)
        snprintf(out, n, "%.4g", w->sim);
    else
        snprintf(out, n, "%.4g [%.4g, %.4g]", w->sim, w->sim_lo, w->sim_hi);
}

static void published_text(char *out, size_t n, const calf_valid_row *w)
{
    if (isnan(w->pub))
        snprintf(out, n, "%s", w->published);
    else if (isnan(w->pub_lo))
        snprintf(out, n, "%.4g: %s", w->pub, w->published);
    else
        snprintf(out, n, "%.4g [%.4g, %.4g]: %s", w->pub, w->pub_lo, w->pub_hi, w->published);
}

void calf_cli_validate_print(FILE *fp, const calf_valid_result *r)
{
    fprintf(fp, "%-36s %-11s %-32s %-18s %s\n", "row", "role", "simulated [95%]", "pass band",
            "result");
    for (int k = 0; k < r->nrows; k++) {
        const calf_valid_row *w = &r->row[k];
        char v[96], b[64];
        value_text(v, sizeof(v), w);
        band_text(b, sizeof(b), w->band_lo, w->band_hi);
        fprintf(fp, "%-36s %-11s %-32s %-18s %s\n", w->id, w->role, v, b,
                w->pass ? "pass" : "FAIL");
    }
    fprintf(fp, "%d of %d rows pass (model outcomes under stated assumptions, not real risks)\n",
            r->nrows - r->failed, r->nrows);
}

static void write_md(FILE *fp, const calf_valid_result *r, const calf_valid_meta *m)
{
    fprintf(fp,
            "# calfsim validation\n\ncalfsim %s; n = %ld virtual patients per cohort row; seed "
            "%llu; param_hash %016llx\n\n",
            CALF_VERSION, m->n, (unsigned long long)m->seed, (unsigned long long)m->param_hash);
    fprintf(fp, "| row | role | what is tested | published (source) | simulated [95%%] "
                "(interval) | tolerance | result |\n|---|---|---|---|---|---|---|\n");
    for (int k = 0; k < r->nrows; k++) {
        const calf_valid_row *w = &r->row[k];
        char v[96], p[512];
        value_text(v, sizeof(v), w);
        published_text(p, sizeof(p), w);
        fprintf(fp, "| %s | %s | %s | %s (%s) | %s (%s; n = %ld; %s) | %s | %s |\n", w->id, w->role,
                w->what, p, w->source, v, w->interval, w->n, w->detail, w->tolerance,
                w->pass ? "pass" : "**fail**");
    }
    fprintf(fp,
            "\n%d of %d rows pass.\n\nCaveat: these are virtual experiments on a model. A "
            "passing row shows the model is consistent with one published result under its "
            "stated assumptions; it is not evidence about any real runner, and no number here is "
            "a patient's real risk. Calibration rows check that a constant set from a published "
            "result still reproduces it; validation rows were only checked afterwards, and no "
            "constant is tuned to them. Figures marked recalled were not verified against the "
            "paper.\n",
            r->nrows - r->failed, r->nrows);
}

static void write_json(FILE *fp, const calf_valid_result *r, const calf_valid_meta *m)
{
    fprintf(fp,
            "{\n  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n  "
            "\"n\": %ld,\n  \"passed\": %d,\n  \"failed\": %d,\n  \"rows\": [",
            CALF_VERSION, (unsigned long long)m->seed, (unsigned long long)m->param_hash, m->n,
            r->nrows - r->failed, r->failed);
    static const char *const num_names[] = {"published_value", "published_lo", "published_hi",
                                            "simulated",       "simulated_lo", "simulated_hi",
                                            "band_lo",         "band_hi"};
    for (int k = 0; k < r->nrows; k++) {
        const calf_valid_row *w = &r->row[k];
        const char *keys[] = {"id",   "what",     "published", "source",
                              "role", "interval", "tolerance", "detail"};
        const char *vals[] = {w->id,   w->what,     w->published, w->source,
                              w->role, w->interval, w->tolerance, w->detail};
        fputs(k ? ",\n    {" : "\n    {", fp);
        for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
            fprintf(fp, "%s\"%s\": ", i ? ", " : "", keys[i]);
            calf_json_string(fp, vals[i]);
        }
        const double nums[] = {w->pub,    w->pub_lo, w->pub_hi,  w->sim,
                               w->sim_lo, w->sim_hi, w->band_lo, w->band_hi};
        for (size_t i = 0; i < sizeof(nums) / sizeof(nums[0]); i++) {
            fprintf(fp, ", \"%s\": ", num_names[i]);
            calf_json_number(fp, nums[i], 6);
        }
        fprintf(fp, ", \"n\": %ld, \"pass\": %s}", w->n, w->pass ? "true" : "false");
    }
    fputs("\n  ]\n}\n", fp);
}

/* Margins of the value and its interval (calf_valid_margin), clipped. */
static void margins(const calf_valid_row *w, double *mv, double *mlo, double *mhi)
{
    const double a = calf_valid_margin(w->sim_lo, w->band_lo, w->band_hi);
    const double b = calf_valid_margin(w->sim_hi, w->band_lo, w->band_hi);
    *mv = calf_valid_margin(w->sim, w->band_lo, w->band_hi);
    double lo = fmin(fmin(a, b), *mv), hi = fmax(fmax(a, b), *mv);
    const double centre = (w->band_lo + w->band_hi) / 2;
    if (isfinite(centre) && centre > w->sim_lo && centre < w->sim_hi)
        hi = 1; /* the interval spans the band's centre */
    *mv = fmax(-MARGIN_CLIP, fmin(MARGIN_CLIP, *mv));
    *mlo = fmax(-MARGIN_CLIP, fmin(MARGIN_CLIP, lo));
    *mhi = fmax(-MARGIN_CLIP, fmin(MARGIN_CLIP, hi));
}

static void write_dat(FILE *fp, const calf_valid_result *r, const calf_valid_meta *m)
{
    fprintf(fp,
            "# calfsim %s; validation n: %ld; seed: %llu; param_hash: %016llx\n"
            "# index margin margin_lo margin_hi pass id (margin: 0 at the pass band's edge, "
            "positive inside, clipped to +-%g)\n",
            CALF_VERSION, m->n, (unsigned long long)m->seed, (unsigned long long)m->param_hash,
            MARGIN_CLIP);
    for (int k = 0; k < r->nrows; k++) {
        double mv, lo, hi;
        margins(&r->row[k], &mv, &lo, &hi);
        fprintf(fp, "%d", r->nrows - k);
        calf_dat_put_number(fp, mv);
        calf_dat_put_number(fp, lo);
        calf_dat_put_number(fp, hi);
        fprintf(fp, " %d \"%s\"\n", r->row[k].pass, r->row[k].id);
    }
}

typedef void (*writer_fn)(FILE *fp, const calf_valid_result *r, const calf_valid_meta *m);

static int write_one(const char *dir, const char *name, writer_fn fn, const calf_valid_result *r,
                     const calf_valid_meta *m, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open_in(&af, dir, name, err);
    if (rc)
        return rc;
    fn(af.fp, r, m);
    return calf_afile_commit(&af, err);
}

int calf_cli_validate_write(const char *dir, const calf_valid_result *r, const calf_valid_meta *m,
                            calf_error *err)
{
    int rc = calf_mkdirs(dir, err);
    if (!rc)
        rc = write_one(dir, "validation.md", write_md, r, m, err);
    if (!rc)
        rc = write_one(dir, "validation.json", write_json, r, m, err);
    if (!rc)
        rc = write_one(dir, "validation.dat", write_dat, r, m, err);
    if (!rc) {
        const char *const args[] = {"validation.dat", "validation", NULL};
        rc = calf_cli_plot_atomic(dir, "validation.gp",
                                  "gnuplot -c validation.gp validation.dat BASE", args, 1, err);
    }
    return rc;
}
