/*
 * compare_cohort.c: the virtual-cohort uncertainty of `calfsim compare`.
 */
#include "compare_cohort.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cohort.h"
#include "cohort_out.h"
#include "protocol_cli.h"
#include "source.h"
#include "util.h"

static const char *const unc_head[CALF_UNC_COLS] = {"protocol",
                                                    "P(goal by end) [95% CI]",
                                                    "weeks to goal: median (IQR)",
                                                    "P(flare) [95% CI]",
                                                    "P(injury index > %.2g)",
                                                    "P(goal) vs first: diff [95% CI]",
                                                    "final capacity %: mean"};

/* A goal-day quantile as a week, NAN when that share never reached it. */
static double goal_week(double day)
{
    return isnan(day) ? NAN : ceil(day / 7.0 - 1e-9);
}

/* A goal-day quantile as a week; ">W" when that share never reached it. */
static void weeks(char *buf, size_t n, double day, int days)
{
    if (isnan(day))
        snprintf(buf, n, ">%d", days / 7);
    else
        snprintf(buf, n, "%d", (int)goal_week(day));
}

/* The numbers behind protocol k's cells. */
static void cohort_numbers(const calf_cohort_result *res, int k, calf_cohort_num *c)
{
    const calf_cohort_protocol *p = &res->proto[k];
    const double n = (double)res->n;
    c->p_goal = (double)p->goal_n / n;
    calf_wilson(p->goal_n, res->n, &c->p_goal_lo, &c->p_goal_hi);
    c->weeks_q1 = goal_week(calf_cohort_goal_quantile(res, k, 0.25));
    c->weeks_median = goal_week(calf_cohort_goal_quantile(res, k, 0.5));
    c->weeks_q3 = goal_week(calf_cohort_goal_quantile(res, k, 0.75));
    c->p_flare = (double)p->flare_n / n;
    calf_wilson(p->flare_n, res->n, &c->p_flare_lo, &c->p_flare_hi);
    c->p_injury = (double)p->injury_n / n;
    calf_wilson(p->injury_n, res->n, &c->p_injury_lo, &c->p_injury_hi);
    const calf_interval *d = &p->diff[CALF_PAIR_GOAL];
    c->diff = k ? d->mean : NAN;
    c->diff_lo = k ? d->lo : NAN;
    c->diff_hi = k ? d->hi : NAN;
    c->final_capacity_pct = 100.0 * p->mean[CALF_PAIR_FINAL_CAP];
}

int calf_compare_cohort(const calf_run_args *a, const calf_params *par, const calf_model *m,
                        int nfiles, const char *const *paths, const char *const *names, int days,
                        long n_patients, calf_compare_unc *out, calf_error *err)
{
    memset(out, 0, sizeof(*out));
    if (nfiles > CALF_COHORT_MAX_PROTOCOLS || nfiles > 8)
        return calf_error_set(err, CALF_EUSAGE, "compare: at most %d protocols with --cohort",
                              CALF_COHORT_MAX_PROTOCOLS);
    calf_source *srcs[CALF_COHORT_MAX_PROTOCOLS] = {0};
    calf_source_opts so = {0};
    so.seed = a->seed;
    so.verbose = calf_cli_verbose;
    so.mem_limit = (size_t)(a->lua_mem_mib * 1024.0 * 1024.0);
    so.budget = a->lua_budget;
    so.lib_dir = calf_cli_protocol_lib_dir();
    int rc = calf_cli_open_sources("compare", paths, nfiles, m, &so, a->sets, a->nsets, srcs, err);
    calf_cohort_result res;
    memset(&res, 0, sizeof(res));
    if (!rc) {
        calf_cohort_spec s;
        memset(&s, 0, sizeof(s));
        s.par = *par;
        s.pt = m->pt;
        s.n = n_patients;
        s.days = days;
        s.nprotocols = nfiles;
        long nc = sysconf(_SC_NPROCESSORS_ONLN);
        s.threads = a->threads > 0 ? a->threads : (nc > 0 ? (int)(nc > 256 ? 256 : nc) : 1);
        s.seed = a->seed;
        s.vary_params = 1;
        s.vary_patient = 1;
        s.factory = calf_source_factory(srcs);
        s.progress = isatty(2) && !getenv("CI") ? calf_cli_progress : NULL;
        rc = calf_cohort_run(&s, &res, err);
        if (s.progress)
            calf_cli_progress_end();
    }
    if (!rc) {
        out->n = nfiles;
        out->size = res.n;
        out->rejected_draws = res.rejected_draws;
        out->injury_threshold = res.injury_threshold;
        for (int j = 0; j < CALF_UNC_COLS; j++) {
            if (j == 4)
                snprintf(out->head[j], sizeof(out->head[j]), unc_head[j], res.injury_threshold);
            else
                snprintf(out->head[j], sizeof(out->head[j]), "%s", unc_head[j]);
            out->headp[j] = out->head[j];
        }
        for (int k = 0; k < nfiles; k++) {
            const calf_cohort_protocol *p = &res.proto[k];
            cohort_numbers(&res, k, &out->num[k]);
            char(*c)[64] = out->cell[k];
            double lo, hi;
            snprintf(c[0], 64, "%s", names[k]);
            calf_wilson(p->goal_n, res.n, &lo, &hi);
            snprintf(c[1], 64, "%.2f [%.2f, %.2f]", (double)p->goal_n / (double)res.n, lo, hi);
            char q1[16], q2[16], q3[16];
            weeks(q1, sizeof(q1), calf_cohort_goal_quantile(&res, k, 0.25), days);
            weeks(q2, sizeof(q2), calf_cohort_goal_quantile(&res, k, 0.5), days);
            weeks(q3, sizeof(q3), calf_cohort_goal_quantile(&res, k, 0.75), days);
            if (q2[0] == '>')
                snprintf(c[2], 64, "fewer than half reach the goal");
            else
                snprintf(c[2], 64, "%s (%s to %s)", q2, q1, q3);
            calf_wilson(p->flare_n, res.n, &lo, &hi);
            snprintf(c[3], 64, "%.2f [%.2f, %.2f]", (double)p->flare_n / (double)res.n, lo, hi);
            calf_wilson(p->injury_n, res.n, &lo, &hi);
            snprintf(c[4], 64, "%.2f [%.2f, %.2f]", (double)p->injury_n / (double)res.n, lo, hi);
            const calf_interval *d = &p->diff[CALF_PAIR_GOAL];
            if (k == 0)
                snprintf(c[5], 64, "(reference)");
            else
                snprintf(c[5], 64, "%+.2f [%+.2f, %+.2f]", d->mean, d->lo, d->hi);
            snprintf(c[6], 64, "%.1f", 100.0 * p->mean[CALF_PAIR_FINAL_CAP]);
        }
    }
    calf_cohort_result_free(&res);
    for (int k = 0; k < nfiles; k++)
        calf_source_close(srcs[k]);
    return rc;
}

void calf_compare_unc_print(const calf_compare_unc *u)
{
    int w[CALF_UNC_COLS];
    for (int j = 0; j < CALF_UNC_COLS; j++) {
        w[j] = (int)strlen(u->head[j]);
        for (int k = 0; k < u->n; k++) {
            int l = (int)strlen(u->cell[k][j]);
            if (l > w[j])
                w[j] = l;
        }
    }
    printf("\nAcross %ld virtual patients drawn around this profile (model and measurement\n"
           "uncertainty; intervals are 95%%; not a prediction for this patient):\n",
           u->size);
    for (int j = 0; j < CALF_UNC_COLS; j++)
        printf(j ? "  %*s" : "%-*s", w[j], u->head[j]);
    putchar('\n');
    for (int k = 0; k < u->n; k++) {
        for (int j = 0; j < CALF_UNC_COLS; j++)
            printf(j ? "  %*s" : "%-*s", w[j], u->cell[k][j]);
        putchar('\n');
    }
}

int calf_compare_unc_write_csv(const char *path, const calf_compare_unc *u, uint64_t seed,
                               uint64_t param_hash, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    fprintf(af.fp, "# calfsim %s; virtual patients: %ld; seed: %llu; param_hash: %016llx\n",
            CALF_VERSION, u->size, (unsigned long long)seed, (unsigned long long)param_hash);
    for (int j = 0; j < CALF_UNC_COLS; j++)
        fprintf(af.fp, "%s\"%s\"", j ? "," : "", u->head[j]);
    fputc('\n', af.fp);
    for (int k = 0; k < u->n; k++) {
        for (int j = 0; j < CALF_UNC_COLS; j++) {
            fputs(j ? ",\"" : "\"", af.fp);
            for (const char *s = u->cell[k][j]; *s; s++) {
                if (*s == '"')
                    fputc('"', af.fp);
                fputc((unsigned char)*s < 0x20 ? ' ' : *s, af.fp);
            }
            fputc('"', af.fp);
        }
        fputc('\n', af.fp);
    }
    return calf_afile_commit(&af, err);
}
