/*
 * test_cohort.c: the cohort layer. Histogram quantiles against exact sample
 * quantiles within one bin width, and the bin of every value (edges,
 * infinities, NaN) as the bin formula gives it; virtual-patient draws
 * inside the registry ranges and reproducible per (seed, index); results identical for 1, 2 and
 * 3 threads (every histogram count and every floating-point sum compared
 * bit for bit); with all variability off the bands collapse onto the single
 * deterministic run; the paired difference has the right sign on a
 * constructed case (running every day vs. resting). Planners here are plain
 * C (engine/core has no Lua); the Lua path is covered by tests/e2e/cohort.sh.
 */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "cohort.h"

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void check_sample(double *x, size_t n, double lo, double hi, int bins)
{
    calf_hist h;
    CHECK(calf_hist_init(&h, lo, hi, bins, NULL) == CALF_OK);
    for (size_t i = 0; i < n; i++)
        calf_hist_add(&h, x[i]);
    qsort(x, n, sizeof(double), cmp_double);
    double w = (hi - lo) / bins;
    const double qs[] = {0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99};
    for (size_t k = 0; k < sizeof(qs) / sizeof(qs[0]); k++)
        CHECK_ABS(calf_hist_quantile(&h, qs[k]), calf_quantile_sorted(x, n, qs[k]), w);
    CHECK_ABS(calf_hist_quantile(&h, 0), x[0], 0);
    CHECK_ABS(calf_hist_quantile(&h, 1), x[n - 1], 0);
    calf_hist_free(&h);
}

static void test_hist(void)
{
    /* known samples: a grid, normal and log-normal draws */
    size_t n = 10001;
    double *x = malloc(n * sizeof(double));
    for (size_t i = 0; i < n; i++)
        x[i] = 10.0 * (double)i / (double)(n - 1);
    check_sample(x, n, 0, 10, 400);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(r, 7);
    for (size_t i = 0; i < n; i++)
        x[i] = 1.0 + gsl_ran_gaussian(r, 0.2);
    check_sample(x, n, 0, 2, 400);
    for (size_t i = 0; i < n; i++)
        x[i] = gsl_ran_lognormal(r, 1.5, 0.8);
    check_sample(x, n, 0, 200, 800); /* a few above hi: clamped to the top bin */
    gsl_rng_free(r);
    free(x);
    /* equal values: every quantile exact */
    calf_hist h;
    calf_hist_init(&h, 0, 10, 7, NULL);
    for (int i = 0; i < 100; i++)
        calf_hist_add(&h, 3.14159);
    CHECK(calf_hist_quantile(&h, 0.1) == 3.14159);
    CHECK(calf_hist_quantile(&h, 0.9) == 3.14159);
    /* merge adds counts */
    calf_hist g;
    calf_hist_init(&g, 0, 10, 7, NULL);
    calf_hist_add(&g, 9);
    calf_hist_merge(&h, &g);
    CHECK(h.n == 101);
    CHECK(h.max == 9);
    calf_hist_free(&g);
    calf_hist_free(&h);
    /* the bins: (int)((x - lo) scale), x <= lo in the first and x >= hi in
     * the last, for every band layout, the bin edges and their neighbours,
     * infinities and NaN (not counted) */
    for (int b = 0; b < CALF_BAND_COUNT; b++) {
        double lo, hi;
        int nb;
        calf_band_layout(b, &lo, &hi, &nb);
        calf_hist e;
        CHECK(calf_hist_init(&e, lo, hi, nb, NULL) == CALF_OK);
        uint32_t *want = calloc((size_t)nb, sizeof(uint32_t));
        int added = 0, bad = 0;
        for (int i = -3; i <= nb + 3; i++) {
            double edge = lo + (hi - lo) * i / nb;
            double xs[5] = {edge, nextafter(edge, -INFINITY), nextafter(edge, INFINITY),
                            edge + 0.5 * (hi - lo) / nb, -edge};
            for (int k = 0; k < 5; k++) {
                double v = xs[k];
                int w = v <= lo ? 0 : (v >= hi ? nb - 1 : (int)((v - lo) * e.scale));
                if (w >= nb)
                    w = nb - 1;
                want[w]++;
                added++;
                calf_hist_add(&e, v);
            }
        }
        double odd[3] = {INFINITY, -INFINITY, NAN};
        for (int k = 0; k < 3; k++)
            calf_hist_add(&e, odd[k]);
        want[nb - 1]++;
        want[0]++;
        added += 2;
        for (int i = 0; i < nb; i++)
            bad += e.count[i] != want[i];
        CHECK(bad == 0 && e.n == (uint64_t)added);
        CHECK(e.min == -INFINITY && e.max == INFINITY);
        free(want);
        calf_hist_free(&e);
    }
}

/* ---- C planners ---------------------------------------------------------- */

typedef struct cplan {
    int kind; /* 0 rest, 1 easy run every day (stop at pain 6), 2 long run */
    calf_session s;
} cplan;

static int cplan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)obs;
    (void)err;
    cplan *p = ud;
    out->n = p->kind ? 1 : 0;
    out->s[0] = &p->s;
    return CALF_OK;
}

static int f_create(void *ud, int k, void **inst, calf_error *err)
{
    int *kinds = ud;
    cplan *p = calloc(1, sizeof(*p));
    if (!p)
        return calf_error_set(err, CALF_EIO, "oom");
    p->kind = kinds[k];
    calf_session_init(&p->s, CALF_K_RUN);
    p->s.nseg = 1;
    p->s.seg[0].km = p->kind == 2 ? 10 : 3;
    p->s.seg[0].kmh = 10;
    p->s.stop_at_pain = 6;
    *inst = p;
    return CALF_OK;
}

static int f_bind(void *ud, void *inst, const calf_model *m, calf_planner *out, calf_error *err)
{
    (void)ud;
    (void)m;
    (void)err;
    cplan *p = inst;
    out->plan_day = cplan_day;
    out->ud = p;
    return CALF_OK;
}

static void f_destroy(void *ud, void *inst)
{
    (void)ud;
    free(inst);
}

static void spec_init(calf_cohort_spec *s, int *kinds, int nprot, long n, int days)
{
    memset(s, 0, sizeof(*s));
    calf_params_default(&s->par);
    calf_patient_defaults(&s->pt);
    s->pt.onset_km = 4;
    s->pt.irritability = CALF_IRR_MODERATE;
    s->pt.cadence_spm = 168;
    s->n = n;
    s->days = days;
    s->nprotocols = nprot;
    s->threads = 1;
    s->seed = 42;
    s->vary_params = s->vary_patient = 1;
    calf_planner_factory f = {f_create, f_bind, f_destroy, kinds, NULL};
    s->factory = f;
}

static void test_draws(void)
{
    int kinds[1] = {1};
    calf_cohort_spec s;
    spec_init(&s, kinds, 1, 10, 7);
    calf_params a, b;
    calf_patient pa, pb;
    int differ = 0;
    for (long i = 0; i < 200; i++) {
        calf_cohort_draw(&s, i, &a, &pa, NULL);
        calf_cohort_draw(&s, i, &b, &pb, NULL);
        CHECK(memcmp(&a, &b, sizeof(a)) == 0); /* reproducible per (seed, i) */
        for (int id = 0; id < CALF_P_COUNT; id++) {
            CHECK(a.v[id] >= calf_param_infos[id].min && a.v[id] <= calf_param_infos[id].max);
            if (calf_cohort_prior_kind(id) == 0)
                CHECK(a.v[id] == s.par.v[id]);
            if (a.v[id] != s.par.v[id])
                differ = 1;
        }
        CHECK(a.v[CALF_P_B_DAMAGE] == (double)(int)a.v[CALF_P_B_DAMAGE]);
        CHECK(pa.onset_km >= 0.1 && pa.onset_km <= 60);
        CHECK(pa.irritability >= CALF_IRR_LOW && pa.irritability <= CALF_IRR_HIGH);
    }
    CHECK(differ);
    calf_cohort_draw(&s, 0, &a, &pa, NULL);
    calf_cohort_draw(&s, 1, &b, &pb, NULL);
    CHECK(memcmp(&a, &b, sizeof(a)) != 0); /* different patients differ */
    CHECK(calf_cohort_stream_seed(42, 0) != calf_cohort_stream_seed(42, 1));
    CHECK(calf_cohort_stream_seed(42, 5) != calf_cohort_stream_seed(43, 5));
    /* variability off: the profile itself */
    s.vary_params = s.vary_patient = 0;
    calf_cohort_draw(&s, 3, &a, &pa, NULL);
    CHECK(memcmp(&a, &s.par, sizeof(a)) == 0);
    CHECK(pa.onset_km == s.pt.onset_km);
}

/* Every 2x2 table adds up to N, its margins are the protocols' counts, and
 * the paired difference of a 0/1 outcome is (only_k - only_ref) / N. */
static void check_pair_counts(const calf_cohort_result *r)
{
    for (int k = 0; k < r->nprotocols; k++) {
        const calf_cohort_protocol *p = &r->proto[k], *p0 = &r->proto[0];
        const long n_k[CALF_PAIR_BINARY] = {p->goal_n, p->flare_n, p->injury_n};
        const long n_0[CALF_PAIR_BINARY] = {p0->goal_n, p0->flare_n, p0->injury_n};
        for (int j = 0; j < CALF_PAIR_BINARY; j++) {
            const long *t = p->pair_n[j];
            CHECK(t[0] >= 0 && t[1] >= 0 && t[2] >= 0 && t[3] >= 0);
            CHECK(t[CALF_CONC_ONLY_K] + t[CALF_CONC_ONLY_REF] + t[CALF_CONC_BOTH] +
                      t[CALF_CONC_NEITHER] ==
                  r->n);
            CHECK(t[CALF_CONC_ONLY_K] + t[CALF_CONC_BOTH] == n_k[j]);
            CHECK(t[CALF_CONC_ONLY_REF] + t[CALF_CONC_BOTH] == n_0[j]);
            CHECK(p->diff[j].mean ==
                  (double)(t[CALF_CONC_ONLY_K] - t[CALF_CONC_ONLY_REF]) / (double)r->n);
            if (k == 0)
                CHECK(t[CALF_CONC_ONLY_K] == 0 && t[CALF_CONC_ONLY_REF] == 0);
        }
    }
}

static int same_result(const calf_cohort_result *a, const calf_cohort_result *b)
{
    if (a->n != b->n || a->rejected_draws != b->rejected_draws)
        return 0;
    for (int k = 0; k < a->nprotocols; k++) {
        const calf_cohort_protocol *p = &a->proto[k], *q = &b->proto[k];
        if (p->goal_n != q->goal_n || p->flare_n != q->flare_n || p->injury_n != q->injury_n)
            return 0;
        if (memcmp(p->mean, q->mean, sizeof(p->mean)) ||
            memcmp(p->diff, q->diff, sizeof(p->diff)) ||
            memcmp(p->pair_n, q->pair_n, sizeof(p->pair_n)))
            return 0;
        if (memcmp(p->goal_day_count, q->goal_day_count, (size_t)(a->days + 1) * sizeof(uint32_t)))
            return 0;
        for (int i = 0; i < a->days * CALF_BAND_COUNT; i++) {
            const calf_hist *h = &p->band[i], *g = &q->band[i];
            if (h->n != g->n || memcmp(&h->min, &g->min, sizeof(double)) ||
                memcmp(&h->max, &g->max, sizeof(double)) ||
                memcmp(h->count, g->count, (size_t)h->nbins * sizeof(uint32_t)))
                return 0;
        }
    }
    return 1;
}

static void test_threads(void)
{
    int kinds[2] = {1, 2};
    calf_cohort_spec s;
    spec_init(&s, kinds, 2, 500, 42);
    calf_cohort_result r[3];
    calf_error err = {0};
    for (int t = 0; t < 3; t++) {
        s.threads = t + 1;
        int rc = calf_cohort_run(&s, &r[t], &err);
        CHECK(rc == CALF_OK);
        if (rc)
            fprintf(stderr, "%s\n", err.msg);
    }
    CHECK(r[0].n == 500);
    CHECK(same_result(&r[0], &r[1]));
    CHECK(same_result(&r[0], &r[2]));
    check_pair_counts(&r[0]);
    /* and the patients really differ */
    CHECK(calf_cohort_band(&r[0], 0, 42, CALF_BAND_CAPACITY, 0.1) <
          calf_cohort_band(&r[0], 0, 42, CALF_BAND_CAPACITY, 0.9));
    for (int t = 0; t < 3; t++)
        calf_cohort_result_free(&r[t]);
}

static void test_collapse(void)
{
    int kinds[1] = {1};
    calf_cohort_spec s;
    spec_init(&s, kinds, 1, 40, 56);
    s.vary_params = s.vary_patient = 0;
    s.threads = 2;
    calf_cohort_result r;
    calf_error err = {0};
    CHECK(calf_cohort_run(&s, &r, &err) == CALF_OK);
    /* the single deterministic run */
    calf_model m;
    CHECK(calf_model_init(&m, &s.par, &s.pt, &err) == CALF_OK);
    void *inst;
    calf_planner pl;
    f_create(kinds, 0, &inst, &err);
    f_bind(kinds, inst, &m, &pl, &err);
    calf_trace tr = {0};
    calf_summary sum;
    calf_sim_opts opt = {56, 0, 0, 0};
    CHECK(calf_sim_run(&m, &pl, &opt, &tr, &sum, &err) == CALF_OK);
    double wk = 0;
    int bad = 0;
    for (int d = 1; d <= 56; d++) {
        const calf_trace_row *row = &tr.rows[d - 1];
        wk += row->run_km - (d > 7 ? tr.rows[d - 8].run_km : 0);
        double want[CALF_BAND_COUNT] = {row->capacity / m.c_h, row->pain_morning, wk,
                                        row->onset_easy_km};
        for (int b = 0; b < CALF_BAND_COUNT; b++)
            for (int q = 0; q < 3; q++) {
                double got = calf_cohort_band(&r, 0, d, b, q == 0 ? 0.1 : q == 1 ? 0.5 : 0.9);
                if (!(fabs(got - want[b]) <= 1e-12 * (1 + fabs(want[b])))) {
                    if (bad++ < 5)
                        fprintf(stderr, "day %d band %s q%d: %.15g vs %.15g\n", d,
                                calf_band_names[b], q, got, want[b]);
                }
            }
    }
    CHECK(bad == 0);
    CHECK(r.rejected_draws == 0);
    CHECK_ABS(r.proto[0].mean[CALF_PAIR_TOTAL_KM], sum.total_km, 1e-9 * sum.total_km);
    CHECK((r.proto[0].goal_n == r.n) == (sum.goal_reached_day > 0));
    calf_trace_free(&tr);
    f_destroy(kinds, inst);
    calf_cohort_result_free(&r);
}

static void test_paired_sign(void)
{
    int kinds[2] = {0, 2}; /* reference: rest; then a 10 km run every day */
    calf_cohort_spec s;
    spec_init(&s, kinds, 2, 300, 28);
    s.threads = 2;
    /* flares at a low bar (runs stop at the pain ceiling, so mornings rarely
     * reach the default 3) */
    s.par.v[CALF_P_FLARE_MIN] = 1;
    s.par.v[CALF_P_FLARE_RISE] = 0.5;
    calf_cohort_result r;
    calf_error err = {0};
    CHECK(calf_cohort_run(&s, &r, &err) == CALF_OK);
    const calf_interval *km = &r.proto[1].diff[CALF_PAIR_TOTAL_KM];
    CHECK(km->lo > 0 && km->mean > km->lo && km->hi > km->mean);
    const calf_interval *pd = &r.proto[1].diff[CALF_PAIR_PAIN_DAYS];
    CHECK(pd->mean > 0 && pd->lo > 0);
    const calf_interval *inj = &r.proto[1].diff[CALF_PAIR_INJURY];
    CHECK(inj->mean >= 0);
    CHECK(r.proto[0].diff[CALF_PAIR_TOTAL_KM].mean == 0);
    CHECK(r.proto[0].mean[CALF_PAIR_TOTAL_KM] == 0);
    /* the difference of means equals the mean of differences */
    CHECK_ABS(km->mean, r.proto[1].mean[CALF_PAIR_TOTAL_KM] - r.proto[0].mean[CALF_PAIR_TOTAL_KM],
              1e-9 * km->mean);
    check_pair_counts(&r);
    /* direction: resting never flares nor has an injury event (it never
     * runs), so no patient has either only under the reference, and some
     * have it only under the daily 10 km run */
    const long(*t)[CALF_CONC_COUNT] = r.proto[1].pair_n;
    CHECK(t[CALF_PAIR_FLARE][CALF_CONC_ONLY_REF] == 0 && t[CALF_PAIR_FLARE][CALF_CONC_ONLY_K] > 0);
    CHECK(t[CALF_PAIR_INJURY][CALF_CONC_ONLY_REF] == 0 &&
          t[CALF_PAIR_INJURY][CALF_CONC_ONLY_K] > 0);
    CHECK(inj->mean > 0 && inj->lo > 0);
    /* swapped order: the counts swap sides and the differences change sign */
    int swapped[2] = {2, 0};
    spec_init(&s, swapped, 2, 300, 28);
    s.par.v[CALF_P_FLARE_MIN] = 1;
    s.par.v[CALF_P_FLARE_RISE] = 0.5;
    calf_cohort_result q;
    CHECK(calf_cohort_run(&s, &q, &err) == CALF_OK);
    check_pair_counts(&q);
    for (int j = 0; j < CALF_PAIR_BINARY; j++) {
        const long *a = r.proto[1].pair_n[j], *b = q.proto[1].pair_n[j];
        CHECK(a[CALF_CONC_ONLY_K] == b[CALF_CONC_ONLY_REF] &&
              a[CALF_CONC_ONLY_REF] == b[CALF_CONC_ONLY_K] &&
              a[CALF_CONC_BOTH] == b[CALF_CONC_BOTH] &&
              a[CALF_CONC_NEITHER] == b[CALF_CONC_NEITHER]);
        CHECK(r.proto[1].diff[j].mean == -q.proto[1].diff[j].mean);
    }
    calf_cohort_result_free(&q);
    calf_cohort_result_free(&r);
}

static void test_wilson(void)
{
    double lo, hi;
    calf_wilson(81, 263, &lo, &hi); /* reference values from the closed form */
    CHECK_ABS(lo, 0.2552885198782742, 1e-12);
    CHECK_ABS(hi, 0.36620957698280004, 1e-12);
    calf_wilson(0, 300, &lo, &hi);
    CHECK(lo == 0);
    CHECK_ABS(hi, 0.012642971224546034, 1e-12);
    calf_wilson(300, 300, &lo, &hi);
    CHECK_ABS(lo, 0.9873570287754538, 1e-12);
    CHECK(hi == 1);
    calf_wilson(1, 10, &lo, &hi);
    CHECK_ABS(lo, 0.017876213095072896, 1e-12);
    CHECK_ABS(hi, 0.4041500267952385, 1e-12);
}

static void test_errors(void)
{
    int kinds[1] = {1};
    calf_cohort_spec s;
    spec_init(&s, kinds, 1, 10, 7);
    calf_cohort_result r;
    calf_error err = {0};
    s.threads = 0;
    CHECK(calf_cohort_run(&s, &r, &err) == CALF_EUSAGE);
    s.threads = 1;
    s.nprotocols = CALF_COHORT_MAX_PROTOCOLS + 1;
    CHECK(calf_cohort_run(&s, &r, &err) == CALF_EUSAGE);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_hist();
    test_draws();
    test_threads();
    test_collapse();
    test_paired_sign();
    test_wilson();
    test_errors();
    CHECK_DONE();
}
