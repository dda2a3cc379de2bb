/*
 * cohort.c: virtual cohorts (cohort.h). Priors of the model constants and
 * spreads of the patient fields, per-patient random streams (GSL taus2
 * seeded by splitmix64 of the cohort seed and the patient index),
 * fixed-resolution histograms for the daily bands, and the pthreads work
 * queue: workers take fixed chunks of patients in order, each with its own
 * planner instances, keep integer counts per thread (order does not matter
 * for integers) and write the floating-point sums of a chunk into that
 * chunk's slot; the slots are added in chunk order at the end, so results are
 * byte-identical for any thread count. Chunks are at least N / 4096
 * patients, so the slots stay a few megabytes whatever N is.
 */
#include "cohort.h"
#include "util.h"

#include "cohort_rows.h"
#include "population.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

const char *const calf_band_names[CALF_BAND_COUNT] = {"capacity", "pain", "weekly_km", "onset_km"};
const char *const calf_pair_names[CALF_PAIR_COUNT] = {
    "goal", "flare", "injury_event", "total_km", "days_pain_over_limit", "final_capacity_ratio"};
const char *const calf_conc_names[CALF_CONC_COUNT] = {"only_protocol", "only_reference", "both",
                                                      "neither"};

_Static_assert(CALF_PAIR_GOAL == 0 && CALF_PAIR_FLARE == 1 && CALF_PAIR_INJURY == 2 &&
                   CALF_PAIR_BINARY == 3,
               "the 0/1 paired outcomes come first");

#define MAX_CHUNKS 4096
#define MIN_CHUNK  16
#define MAX_REDRAW 20
/* Protocols' math.random streams: patient i's, apart from its draw stream. */
#define PROTOCOL_SEED_MIX 0x9e3779b97f4a7c15ULL
/* Per-thread accumulators and per-chunk sums start on their own cache lines
 * (threads write them for every patient). */
#define CACHE_LINE 64

/* ---- histograms --------------------------------------------------------- */

int calf_hist_init(calf_hist *h, double lo, double hi, int nbins, calf_error *err)
{
    memset(h, 0, sizeof(*h));
    if (!(hi > lo) || nbins < 1)
        return calf_error_set(err, CALF_EINPUT, "histogram: needs lo < hi and bins >= 1");
    h->count = calloc((size_t)nbins, sizeof(uint32_t));
    if (!h->count)
        return calf_error_set(err, CALF_EIO, "histogram: out of memory");
    h->lo = lo;
    h->hi = hi;
    h->nbins = nbins;
    h->scale = nbins / (hi - lo);
    h->min = INFINITY;
    h->max = -INFINITY;
    return CALF_OK;
}

void calf_hist_free(calf_hist *h)
{
    free(h->count);
    h->count = NULL;
}

/* calf_hist_add with h's lo, scale and nbins - 1 given (the cohort's bands
 * keep them in registers). The bin is (x - lo) scale clamped to
 * [0, nbins - 1]: x <= lo gives at most 0 and x >= hi at least nbins - 1 (so
 * infinities land in the edge bins), with min and max instead of branches. */
static inline void hist_add(calf_hist *h, double x, double lo, double scale, double top)
{
    if (isnan(x))
        return;
    double t = (x - lo) * scale;
    t = t > 0 ? t : 0;
    t = t < top ? t : top;
    h->count[(int)t]++;
    h->n++;
    h->min = x < h->min ? x : h->min;
    h->max = x > h->max ? x : h->max;
}

void calf_hist_add(calf_hist *h, double x)
{
    hist_add(h, x, h->lo, h->scale, h->nbins - 1);
}

void calf_hist_merge(calf_hist *a, const calf_hist *b)
{
    for (int i = 0; i < a->nbins; i++)
        a->count[i] += b->count[i];
    a->n += b->n;
    if (b->min < a->min)
        a->min = b->min;
    if (b->max > a->max)
        a->max = b->max;
}

double calf_hist_quantile(const calf_hist *h, double q)
{
    if (h->n == 0)
        return NAN;
    if (q <= 0)
        return h->min;
    if (q >= 1)
        return h->max;
    double target = q * (double)h->n;
    if (target < 1)
        target = 1;
    double w = (h->hi - h->lo) / h->nbins, cum = 0, x = h->max;
    for (int i = 0; i < h->nbins; i++) {
        double c = h->count[i];
        if (c > 0 && cum + c >= target) {
            x = h->lo + w * (i + (target - cum) / c);
            break;
        }
        cum += c;
    }
    if (x < h->min)
        x = h->min;
    if (x > h->max)
        x = h->max;
    return x;
}

double calf_quantile_sorted(const double *x, size_t n, double q)
{
    if (n == 0)
        return NAN;
    double t = ceil(q * (double)n);
    size_t k = t < 1 ? 0 : (size_t)t - 1;
    if (k >= n)
        k = n - 1;
    return x[k];
}

void calf_band_layout(int band, double *lo, double *hi, int *nbins)
{
    switch (band) {
    case CALF_BAND_CAPACITY: /* capacity over healthy capacity, step 0.005 */
        *lo = 0, *hi = 2, *nbins = 400;
        break;
    case CALF_BAND_PAIN: /* morning pain 0-10, step 0.025 */
        *lo = 0, *hi = 10, *nbins = 400;
        break;
    case CALF_BAND_WEEKLY_KM: /* km run in the last 7 days, step 0.25 km */
        *lo = 0, *hi = 200, *nbins = 800;
        break;
    default: /* model onset distance at easy speed, step 0.1 km, 60 = "60 or more" */
        *lo = 0, *hi = 60, *nbins = 600;
        break;
    }
}

/* ---- random streams and priors ----------------------------------------- */

uint64_t calf_splitmix64(uint64_t x)
{
    return calf_mix64(x);
}

uint64_t calf_cohort_stream_seed(uint64_t seed, long i)
{
    return calf_splitmix64(calf_splitmix64(seed) ^ (uint64_t)i);
}

/* Constants that are definitions (of pain onset, a flare, a quality run,
 * the load metrics), numerical settings, Banister reporting, the per-patient
 * calibrated beta_v, and the cohort's own spreads: never drawn. */
static const char *const fixed_names[] = {
    "beta_v",    "d_cap",        "tau1",           "tau2",          "tau_ctl",
    "tau_atl",   "ewma_acute_n", "ewma_chronic_n", "pain_onset",    "pain_limit",
    "flare_min", "flare_rise",   "quality_ratio",  "d_s_min_ratio", NULL};

int calf_cohort_prior_kind(int id)
{
    const calf_param_info *pi = &calf_param_infos[id];
    if (strncmp(pi->name, "banister_", 9) == 0 || strncmp(pi->name, "cohort_", 7) == 0)
        return 0;
    for (int i = 0; fixed_names[i]; i++)
        if (strcmp(pi->name, fixed_names[i]) == 0)
            return 0;
    if (id == CALF_P_B_DAMAGE)
        return 3;
    if (strcmp(pi->unit, "d") == 0 && pi->min > 0)
        return 2;
    return 1;
}

/* Normal draw truncated to [lo, hi] by rejection (clamped after 100 tries). */
static double trunc_normal(gsl_rng *r, double mu, double sd, double lo, double hi)
{
    if (!(sd > 0))
        return mu < lo ? lo : (mu > hi ? hi : mu);
    for (int k = 0; k < 100; k++) {
        double x = mu + gsl_ran_gaussian_ziggurat(r, sd);
        if (x >= lo && x <= hi)
            return x;
    }
    return mu < lo ? lo : (mu > hi ? hi : mu);
}

/* Looked up once: prior kinds and the spread fields. */
enum { F_ONSET, F_FREE, F_FAST_ONSET, F_HEEL, F_CADENCE, F_EASY, F_COUNT };
static const char *const spread_paths[F_COUNT] = {"symptoms.onset_km",      "symptoms.easy_free_km",
                                                  "symptoms.fast.onset_km", "heel_raise_reps",
                                                  "gait.cadence_spm",       "habitual.easy_kmh"};
static const calf_patient_field *spread_field[F_COUNT];
static int prior_kind[CALF_P_COUNT];
static pthread_once_t tables_once = PTHREAD_ONCE_INIT;

static void tables_init(void)
{
    for (int id = 0; id < CALF_P_COUNT; id++)
        prior_kind[id] = calf_cohort_prior_kind(id);
    for (int i = 0; i < F_COUNT; i++)
        spread_field[i] = calf_patient_field_find(spread_paths[i]);
}

static double field_clamp(int which, double v)
{
    const calf_patient_field *f = spread_field[which];
    if (f) {
        if (v < f->min)
            v = f->min;
        if (v > f->max)
            v = f->max;
    }
    return v;
}

int calf_cohort_inputs(const calf_cohort_spec *s, calf_cohort_input *in, int max)
{
    pthread_once(&tables_once, tables_init);
    int n = 0;
    if (s->par.v[CALF_P_CO_PRIOR_SD] * s->vary_params > 0)
        for (int id = 0; id < CALF_P_COUNT && n < max; id++)
            if (prior_kind[id] &&
                !(s->pop && calf_population_find(s->pop, calf_param_infos[id].name) >= 0)) {
                snprintf(in[n].name, sizeof(in[n].name), "%s", calf_param_infos[id].name);
                in[n].param = id;
                in[n++].field = NULL;
            }
    for (int k = 0; s->pop && k < s->pop->n && n < max; k++)
        in[n++] = s->pop->v[k].target;
    if (s->vary_patient > 0 && !s->pop)
        for (int f = 0; f <= F_COUNT && n < max; f++) {
            const calf_patient_field *pf =
                f < F_COUNT ? spread_field[f] : calf_patient_field_find("symptoms.irritability");
            snprintf(in[n].name, sizeof(in[n].name), "patient.%s", pf->path);
            in[n].param = -1;
            in[n++].field = pf;
        }
    return n;
}

double calf_cohort_input_quantile(const calf_cohort_spec *s, const calf_cohort_input *in, double u)
{
    pthread_once(&tables_once, tables_init);
    const calf_params *c = &s->par;
    int pv = s->pop ? calf_population_find(s->pop, in->name) : -1;
    if (pv >= 0)
        return calf_pop_quantile(&s->pop->v[pv], u);
    if (in->param >= 0) {
        int id = in->param;
        const calf_param_info *pi = &calf_param_infos[id];
        double frac = c->v[CALF_P_CO_PRIOR_SD] * s->vary_params, mu = c->v[id];
        if (prior_kind[id] == 2)
            return exp(calf_trunc_normal_q(u, log(mu), frac * log(pi->max / pi->min), log(pi->min),
                                           log(pi->max)));
        double x = calf_trunc_normal_q(u, mu, frac * (pi->max - pi->min), pi->min, pi->max);
        return prior_kind[id] == 3 ? floor(x + 0.5) : x;
    }
    const calf_patient_field *f = in->field;
    double base = calf_cohort_input_value(in, &s->par, &s->pt), sp = s->vary_patient;
    int which = F_COUNT;
    for (int k = 0; k < F_COUNT; k++)
        if (spread_field[k] == f)
            which = k;
    switch (which) {
    case F_ONSET:
    case F_FREE:
    case F_FAST_ONSET:
        return exp(calf_trunc_normal_q(u, log(base), sp * c->v[CALF_P_CO_ONSET_SD], log(f->min),
                                       log(f->max)));
    case F_HEEL:
        return floor(calf_trunc_normal_q(u, base, sp * c->v[CALF_P_CO_HEEL_SD], f->min, f->max) +
                     0.5);
    case F_CADENCE:
        return calf_trunc_normal_q(u, base, sp * c->v[CALF_P_CO_CAD_SD], f->min, f->max);
    case F_EASY:
        return calf_trunc_normal_q(u, base, sp * c->v[CALF_P_CO_EASY_SD], f->min, f->max);
    default: { /* irritability: one level up or down, as the draw */
        double p = sp * c->v[CALF_P_CO_IRR_SHIFT];
        p = p > 0.5 ? 0.5 : p;
        int lvl = (int)base;
        if (u < p && lvl < CALF_IRR_HIGH)
            lvl++;
        else if (u >= 1 - p && lvl > CALF_IRR_LOW)
            lvl--;
        return lvl;
    }
    }
}

static void draw(const calf_cohort_spec *s, gsl_rng *r, calf_params *par, calf_patient *pt)
{
    pthread_once(&tables_once, tables_init);
    const calf_params *c = &s->par;
    *par = *c;
    *pt = s->pt;
    double frac = c->v[CALF_P_CO_PRIOR_SD] * s->vary_params;
    if (frac > 0) {
        for (int id = 0; id < CALF_P_COUNT; id++) {
            const calf_param_info *pi = &calf_param_infos[id];
            int kind = prior_kind[id];
            double mu = c->v[id];
            if (kind == 1) {
                par->v[id] = trunc_normal(r, mu, frac * (pi->max - pi->min), pi->min, pi->max);
            } else if (kind == 2) {
                double l = trunc_normal(r, log(mu), frac * log(pi->max / pi->min), log(pi->min),
                                        log(pi->max));
                par->v[id] = exp(l);
                if (par->v[id] < pi->min)
                    par->v[id] = pi->min;
                if (par->v[id] > pi->max)
                    par->v[id] = pi->max;
            } else if (kind == 3) {
                par->v[id] =
                    floor(trunc_normal(r, mu, frac * (pi->max - pi->min), pi->min, pi->max) + 0.5);
            }
        }
    }
    if (s->pop) { /* a described population replaces the spreads */
        calf_population_draw(s->pop, r, par, pt);
        return;
    }
    double sp = s->vary_patient;
    if (sp > 0) {
        double f = exp(gsl_ran_gaussian_ziggurat(r, sp * c->v[CALF_P_CO_ONSET_SD]));
        if (isfinite(pt->onset_km))
            pt->onset_km = field_clamp(F_ONSET, pt->onset_km * f);
        if (isfinite(pt->easy_free_km))
            pt->easy_free_km = field_clamp(F_FREE, pt->easy_free_km * f);
        if (isfinite(pt->fast_onset_km))
            pt->fast_onset_km = field_clamp(F_FAST_ONSET, pt->fast_onset_km * f);
        double hr =
            pt->heel_raise_reps + gsl_ran_gaussian_ziggurat(r, sp * c->v[CALF_P_CO_HEEL_SD]);
        pt->heel_raise_reps = field_clamp(F_HEEL, floor(hr + 0.5));
        double cad = gsl_ran_gaussian_ziggurat(r, sp * c->v[CALF_P_CO_CAD_SD]);
        if (isfinite(pt->cadence_spm))
            pt->cadence_spm = field_clamp(F_CADENCE, pt->cadence_spm + cad);
        double ek = gsl_ran_gaussian_ziggurat(r, sp * c->v[CALF_P_CO_EASY_SD]);
        pt->easy_kmh = field_clamp(F_EASY, pt->easy_kmh + ek);
        /* irritability classifies symptoms: a runner without any keeps the
         * healthy reference (the draw is made either way, so the stream is
         * the same) */
        const int symptoms = !isnan(pt->onset_km) || !isnan(pt->easy_free_km) ||
                             !isnan(pt->fast_onset_km) || pt->morning_pain > 0;
        double u = gsl_rng_uniform(r), p = symptoms ? sp * c->v[CALF_P_CO_IRR_SHIFT] : 0;
        if (p > 0.5)
            p = 0.5;
        if (u < p && pt->irritability < CALF_IRR_HIGH)
            pt->irritability++;
        else if (u >= 1 - p && pt->irritability > CALF_IRR_LOW)
            pt->irritability--;
    }
}

/* Where a worker writes patients.csv rows: the chunk's text and the
 * columns' inputs; draws counts the patient's draws so far. */
typedef struct row_out {
    FILE *fp; /* NULL: no patients.csv */
    const calf_cohort_input *in;
    int nin;
    int draws;
} row_out;

/* Draw from r's current state until the patient calibrates (up to
 * MAX_REDRAW redraws, counted in *rejected; each a "rejected" row). */
static int calibrated_draw(const calf_cohort_spec *s, gsl_rng *r, long i, calf_model *m,
                           int *rejected, row_out *ro, calf_error *err)
{
    calf_error e = {0};
    if (s->point) { /* design mode: the point as given, no redraw */
        calf_params par = s->par;
        calf_patient pt = s->pt;
        s->point(s->point_ud, i, &par, &pt);
        int rc = calf_model_init(m, &par, &pt, &e);
        if (rc && err)
            *err = e;
        return rc;
    }
    for (int k = 0; k <= MAX_REDRAW; k++) {
        calf_params par;
        calf_patient pt;
        draw(s, r, &par, &pt);
        /* a described population can combine fields a profile may not
         * (e.g. more than 60 km a run): such a draw is rejected too */
        if ((!s->pop || calf_patient_validate(&pt, &e) == CALF_OK) &&
            calf_model_init(m, &par, &pt, &e) == CALF_OK)
            return CALF_OK;
        if (ro && ro->fp)
            calf_patients_row(ro->fp, NULL, i, calf_cohort_stream_seed(s->seed, i), ro->draws++,
                              "rejected", ro->in, ro->nin, &par, &pt, NULL, e.msg);
        if (rejected)
            (*rejected)++;
        if (s->vary_params <= 0 && s->vary_patient <= 0)
            break;
    }
    return calf_error_set(err, e.code ? e.code : CALF_ENUMERIC,
                          "virtual patient %ld: calibration failed %d times (last: %.800s)", i,
                          MAX_REDRAW + 1, e.msg);
}

static int patient_with(const calf_cohort_spec *s, gsl_rng *r, long i, calf_model *m, int *rejected,
                        calf_error *err)
{
    gsl_rng_set(r, (unsigned long)calf_cohort_stream_seed(s->seed, i));
    return calibrated_draw(s, r, i, m, rejected, NULL, err);
}

int calf_cohort_draw(const calf_cohort_spec *s, long i, calf_params *par, calf_patient *pt,
                     calf_error *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return calf_error_set(err, CALF_EIO, "cohort: out of memory");
    gsl_rng_set(r, (unsigned long)calf_cohort_stream_seed(s->seed, i));
    draw(s, r, par, pt);
    gsl_rng_free(r);
    return CALF_OK;
}

int calf_cohort_patient(const calf_cohort_spec *s, long i, calf_model *m, int *rejected,
                        calf_error *err)
{
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    if (!r)
        return calf_error_set(err, CALF_EIO, "cohort: out of memory");
    int rc = patient_with(s, r, i, m, rejected, err);
    gsl_rng_free(r);
    return rc;
}

/* ---- the run ------------------------------------------------------------ */

/* Floating-point sums of one chunk, per protocol: sum of each paired outcome,
 * and (protocols k > 0) sum and sum of squares of the difference to 0. */
typedef struct chunk_sums {
    _Alignas(CACHE_LINE) double v[CALF_COHORT_MAX_PROTOCOLS][CALF_PAIR_COUNT];
    double d[CALF_COHORT_MAX_PROTOCOLS][CALF_PAIR_COUNT];
    double d2[CALF_COHORT_MAX_PROTOCOLS][CALF_PAIR_COUNT];
} chunk_sums;

typedef struct thread_acc {
    _Alignas(CACHE_LINE) calf_hist *band[CALF_COHORT_MAX_PROTOCOLS];
    uint32_t *goal_day[CALF_COHORT_MAX_PROTOCOLS];
    long goal_n[CALF_COHORT_MAX_PROTOCOLS], flare_n[CALF_COHORT_MAX_PROTOCOLS],
        injury_n[CALF_COHORT_MAX_PROTOCOLS];
    long pair_n[CALF_COHORT_MAX_PROTOCOLS][CALF_PAIR_BINARY][CALF_CONC_COUNT];
    long rejected, numeric;
} thread_acc;

_Static_assert(_Alignof(chunk_sums) == CACHE_LINE && _Alignof(thread_acc) == CACHE_LINE,
               "per-thread and per-chunk data on their own cache lines");
_Static_assert(sizeof(chunk_sums) == CALF_COHORT_SUMS * sizeof(double),
               "chunk_sums is the result's chunk_sums layout");

typedef struct pool {
    const calf_cohort_spec *s;
    long chunk, nchunks;
    long lo, hi; /* the chunks this process runs */
    chunk_sums *sums;
    pthread_mutex_t mu;
    long next, done;
    int failed;
    long fail_chunk;
    calf_error err;
    thread_acc *acc;
    /* patients.csv: chunk texts wait in text[] until every earlier chunk is
     * written; a worker takes chunk c only when c < next_write + window, so
     * at most window chunks of text are held at once */
    pthread_cond_t cv;
    char **text;
    size_t *text_len;
    long next_write, window;
    calf_cohort_input in[CALF_COHORT_MAX_INPUTS];
    int nin;
} pool;

static int acc_init(thread_acc *a, const calf_cohort_spec *s, calf_error *err)
{
    memset(a, 0, sizeof(*a));
    for (int k = 0; k < s->nprotocols; k++) {
        a->band[k] = calloc((size_t)s->days * CALF_BAND_COUNT, sizeof(calf_hist));
        a->goal_day[k] = calloc((size_t)s->days + 1, sizeof(uint32_t));
        if (!a->band[k] || !a->goal_day[k])
            return calf_error_set(err, CALF_EIO, "cohort: out of memory");
        for (int d = 0; d < s->days; d++)
            for (int b = 0; b < CALF_BAND_COUNT; b++) {
                double lo, hi;
                int nb;
                calf_band_layout(b, &lo, &hi, &nb);
                int rc = calf_hist_init(&a->band[k][d * CALF_BAND_COUNT + b], lo, hi, nb, err);
                if (rc)
                    return rc;
            }
    }
    return CALF_OK;
}

static void acc_free(thread_acc *a, const calf_cohort_spec *s)
{
    for (int k = 0; k < s->nprotocols; k++) {
        if (a->band[k])
            for (int i = 0; i < s->days * CALF_BAND_COUNT; i++)
                calf_hist_free(&a->band[k][i]);
        free(a->band[k]);
        free(a->goal_day[k]);
        a->band[k] = NULL;
        a->goal_day[k] = NULL;
    }
}

static void fail(pool *p, long chunk, const calf_error *e)
{
    pthread_mutex_lock(&p->mu);
    if (!p->failed || chunk < p->fail_chunk) {
        p->err = *e;
        p->fail_chunk = chunk;
    }
    p->failed = 1;
    pthread_cond_broadcast(&p->cv);
    pthread_mutex_unlock(&p->mu);
}

/* Take the next chunk (p->nchunks when none is left or the run failed),
 * waiting while it is more than the window ahead of the written rows. */
static long take_chunk(pool *p)
{
    pthread_mutex_lock(&p->mu);
    long c = p->failed || p->next >= p->hi ? p->nchunks : p->next++;
    while (p->text && !p->failed && c < p->nchunks && c >= p->next_write + p->window)
        pthread_cond_wait(&p->cv, &p->mu);
    if (p->failed)
        c = p->nchunks;
    pthread_mutex_unlock(&p->mu);
    return c;
}

/* Hand over chunk c's rows (text of len bytes, owned from now on) and write
 * every chunk that is now next in index order. Call with p->mu held. */
static void put_rows(pool *p, long c, char *text, size_t len)
{
    p->text[c] = text;
    p->text_len[c] = len;
    while (p->next_write < p->hi && p->text[p->next_write]) {
        long w = p->next_write;
        size_t n = p->text_len[w];
        if (n && fwrite(p->text[w], 1, n, p->s->patients) != n && !p->failed) {
            calf_error_set(&p->err, CALF_EIO, "cohort: patients.csv: write failed");
            p->failed = 1;
        }
        free(p->text[w]);
        p->text[w] = NULL;
        p->next_write++;
    }
    pthread_cond_broadcast(&p->cv);
}

typedef struct worker_arg {
    pool *p;
    int t;
} worker_arg;

static void *worker(void *arg)
{
    worker_arg *wa = arg;
    pool *p = wa->p;
    const calf_cohort_spec *s = p->s;
    thread_acc *a = &p->acc[wa->t];
    calf_error e = {0};
    void *inst[CALF_COHORT_MAX_PROTOCOLS] = {0};
    /* per protocol, the days' banded values (calf_sim_opts.day_values) */
    double *dv =
        malloc((size_t)s->nprotocols * (size_t)s->days * CALF_DAY_VALUE_COUNT * sizeof(double));
    calf_model *m = malloc(sizeof(*m));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    int ok = m && r && dv;
    if (!ok)
        calf_error_set(&e, CALF_EIO, "cohort: out of memory");
    for (int k = 0; ok && k < s->nprotocols; k++)
        if (s->factory.create(s->factory.ud, k, &inst[k], &e) != CALF_OK)
            ok = 0;
    if (!ok)
        fail(p, -1, &e);
    double lo[CALF_BAND_COUNT], scale[CALF_BAND_COUNT], top[CALF_BAND_COUNT];
    for (int b = 0; b < CALF_BAND_COUNT; b++) { /* as calf_hist_init sets them */
        double hi;
        int nb;
        calf_band_layout(b, &lo[b], &hi, &nb);
        scale[b] = nb / (hi - lo[b]);
        top[b] = nb - 1;
    }
    row_out ro = {NULL, p->in, p->nin, 0};
    char *text = NULL;
    size_t text_len = 0;
    while (ok) {
        long c = take_chunk(p);
        if (c >= p->nchunks)
            break;
        if (p->text && !(ro.fp = open_memstream(&text, &text_len))) {
            calf_error_set(&e, CALF_EIO, "cohort: patients.csv: out of memory");
            fail(p, c, &e);
            break;
        }
        chunk_sums *cs = &p->sums[c];
        memset(cs, 0, sizeof(*cs));
        long i0 = c * p->chunk, i1 = i0 + p->chunk < s->n ? i0 + p->chunk : s->n;
        for (long i = i0; ok && i < i1; i++) {
            int rej = 0, numeric = 0;
            calf_summary sum[CALF_COHORT_MAX_PROTOCOLS];
            const uint64_t seed_i = calf_cohort_stream_seed(s->seed, i);
            gsl_rng_set(r, (unsigned long)seed_i);
            ro.draws = 0;
            int skip = 0; /* design mode: a point that cannot be evaluated */
            for (;;) {
                if (calibrated_draw(s, r, i, m, &rej, &ro, &e) != CALF_OK) {
                    if (s->point && e.code != CALF_ESCRIPT && e.code != CALF_EIO)
                        skip = 1;
                    else
                        ok = 0;
                    break;
                }
                int rc = CALF_OK, k = 0;
                for (; k < s->nprotocols; k++) {
                    calf_planner pl;
                    calf_sim_opts opt = {s->days, 0, calf_cohort_stream_seed(s->seed, i), 0};
                    double *dvk = dv + (size_t)k * (size_t)s->days * CALF_DAY_VALUE_COUNT;
                    if (s->factory.reseed)
                        s->factory.reseed(s->factory.ud, inst[k],
                                          calf_cohort_stream_seed(s->seed ^ PROTOCOL_SEED_MIX, i));
                    rc = s->factory.bind(s->factory.ud, inst[k], m, &pl, &e);
                    if (!rc)
                        rc = calf_sim_run_values(m, &pl, &opt, dvk, &sum[k], &e);
                    if (rc)
                        break;
                }
                /* a drawn patient whose model state breaks down numerically
                 * is redrawn for every protocol (pairing kept), like one
                 * that does not calibrate */
                if (rc == CALF_ENUMERIC && s->point) {
                    skip = 1;
                    break;
                }
                if (rc == CALF_ENUMERIC && numeric < MAX_REDRAW &&
                    (s->vary_params > 0 || s->vary_patient > 0)) {
                    numeric++;
                    if (ro.fp)
                        calf_patients_row(ro.fp, s->names[k], i, seed_i, ro.draws++, "numeric",
                                          p->in, p->nin, &m->par, &m->pt, NULL, e.msg);
                    continue;
                }
                if (rc) {
                    calf_error_prefix(&e, "cohort");
                    char pre[64];
                    snprintf(pre, sizeof(pre), "virtual patient %ld", i);
                    calf_error_prefix(&e, pre);
                    ok = 0;
                }
                break;
            }
            if (!ok)
                break;
            if (s->outcome)
                s->outcome(s->point_ud, i, skip ? NULL : sum);
            if (skip)
                continue;
            a->rejected += rej;
            a->numeric += numeric;
            for (int k = 0; ro.fp && k < s->nprotocols; k++)
                calf_patients_row(ro.fp, s->names[k], i, seed_i, ro.draws, "ok", p->in, p->nin,
                                  &m->par, &m->pt, &sum[k], NULL);
            double v0[CALF_PAIR_COUNT] = {0};
            for (int k = 0; k < s->nprotocols; k++) {
                /* bands */
                calf_hist *hb = a->band[k];
                const double *v = dv + (size_t)k * (size_t)s->days * CALF_DAY_VALUE_COUNT;
                double wk = 0;
                for (int d = 0; d < s->days; d++, v += CALF_DAY_VALUE_COUNT) {
                    wk += v[CALF_DAY_RUN_KM];
                    if (d >= 7)
                        wk -= v[CALF_DAY_RUN_KM - 7 * CALF_DAY_VALUE_COUNT];
                    calf_hist *h = &hb[d * CALF_BAND_COUNT];
                    hist_add(&h[CALF_BAND_CAPACITY], v[CALF_DAY_CAPACITY] / m->c_h,
                             lo[CALF_BAND_CAPACITY], scale[CALF_BAND_CAPACITY],
                             top[CALF_BAND_CAPACITY]);
                    hist_add(&h[CALF_BAND_PAIN], v[CALF_DAY_PAIN_MORNING], lo[CALF_BAND_PAIN],
                             scale[CALF_BAND_PAIN], top[CALF_BAND_PAIN]);
                    hist_add(&h[CALF_BAND_WEEKLY_KM], wk < 0 ? 0 : wk, lo[CALF_BAND_WEEKLY_KM],
                             scale[CALF_BAND_WEEKLY_KM], top[CALF_BAND_WEEKLY_KM]);
                    hist_add(&h[CALF_BAND_ONSET], v[CALF_DAY_ONSET_EASY_KM], lo[CALF_BAND_ONSET],
                             scale[CALF_BAND_ONSET], top[CALF_BAND_ONSET]);
                }
                /* outcomes */
                const calf_summary *su = &sum[k];
                double o[CALF_PAIR_COUNT];
                o[CALF_PAIR_GOAL] = su->goal_reached_day > 0;
                o[CALF_PAIR_FLARE] = su->flare_count > 0;
                o[CALF_PAIR_INJURY] = su->injury_count > 0;
                o[CALF_PAIR_TOTAL_KM] = su->total_km;
                o[CALF_PAIR_PAIN_DAYS] = su->days_pain_over_limit;
                o[CALF_PAIR_FINAL_CAP] = su->final_capacity_ratio;
                if (su->goal_reached_day > 0) {
                    a->goal_n[k]++;
                    a->goal_day[k][su->goal_reached_day - 1]++;
                }
                a->flare_n[k] += su->flare_count > 0;
                a->injury_n[k] += su->injury_count > 0;
                for (int j = 0; j < CALF_PAIR_COUNT; j++) {
                    cs->v[k][j] += o[j];
                    if (k == 0) {
                        v0[j] = o[j];
                    } else {
                        double dd = o[j] - v0[j];
                        cs->d[k][j] += dd;
                        cs->d2[k][j] += dd * dd;
                    }
                }
                for (int j = 0; j < CALF_PAIR_BINARY; j++) { /* 2x2 against protocol 0 */
                    int x = o[j] != 0, x0 = v0[j] != 0;
                    a->pair_n[k][j][x ? (x0 ? CALF_CONC_BOTH : CALF_CONC_ONLY_K)
                                      : (x0 ? CALF_CONC_ONLY_REF : CALF_CONC_NEITHER)]++;
                }
            }
        }
        if (ro.fp) {
            int bad = fclose(ro.fp) != 0 || !text;
            ro.fp = NULL;
            if (bad && ok) {
                calf_error_set(&e, CALF_EIO, "cohort: patients.csv: out of memory");
                ok = 0;
            }
        }
        if (!ok) {
            free(text);
            text = NULL;
            fail(p, c, &e);
            break;
        }
        pthread_mutex_lock(&p->mu);
        if (p->text) {
            put_rows(p, c, text, text_len);
            text = NULL;
        }
        p->done += i1 - i0;
        if (s->progress)
            s->progress(s->progress_ud, p->done,
                        (p->hi - p->lo) * p->chunk < s->n ? (p->hi - p->lo) * p->chunk : s->n);
        pthread_mutex_unlock(&p->mu);
    }
    for (int k = 0; k < s->nprotocols; k++)
        if (inst[k])
            s->factory.destroy(s->factory.ud, inst[k]);
    free(dv);
    free(m);
    if (r)
        gsl_rng_free(r);
    return NULL;
}

void calf_cohort_chunking(long n, long *chunk, long *nchunks)
{
    long c = (n + MAX_CHUNKS - 1) / MAX_CHUNKS;
    if (c < MIN_CHUNK)
        c = MIN_CHUNK;
    *chunk = c;
    *nchunks = (n + c - 1) / c;
}

void calf_cohort_finish(calf_cohort_result *r)
{
    const int P = CALF_COHORT_MAX_PROTOCOLS, J = CALF_PAIR_COUNT;
    double n = (double)r->n;
    for (int k = 0; k < r->nprotocols; k++) {
        calf_cohort_protocol *pr = &r->proto[k];
        double sv[CALF_PAIR_COUNT] = {0}, sd[CALF_PAIR_COUNT] = {0}, sd2[CALF_PAIR_COUNT] = {0};
        for (long c = 0; c < r->nchunks; c++) { /* in chunk order, for any threads or ranks */
            const double *cs = r->chunk_sums + (size_t)c * CALF_COHORT_SUMS;
            for (int j = 0; j < J; j++) {
                sv[j] += cs[(0 * P + k) * J + j];
                sd[j] += cs[(1 * P + k) * J + j];
                sd2[j] += cs[(2 * P + k) * J + j];
            }
        }
        for (int j = 0; j < J; j++) {
            pr->mean[j] = sv[j] / n;
            double md = sd[j] / n;
            double var = n > 1 ? (sd2[j] - n * md * md) / (n - 1) : 0;
            double half = var > 0 ? 1.959963984540054 * sqrt(var / n) : 0;
            pr->diff[j].mean = md;
            pr->diff[j].lo = md - half;
            pr->diff[j].hi = md + half;
        }
    }
}

void calf_cohort_result_free(calf_cohort_result *r)
{
    free(r->chunk_sums);
    r->chunk_sums = NULL;
    for (int k = 0; k < CALF_COHORT_MAX_PROTOCOLS; k++) {
        if (r->proto[k].band)
            for (int i = 0; i < r->days * CALF_BAND_COUNT; i++)
                calf_hist_free(&r->proto[k].band[i]);
        free(r->proto[k].band);
        free(r->proto[k].goal_day_count);
        r->proto[k].band = NULL;
        r->proto[k].goal_day_count = NULL;
    }
}

int calf_cohort_run(const calf_cohort_spec *s, calf_cohort_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    if (s->n < 1 || s->days < 1 || s->nprotocols < 1 || s->nprotocols > CALF_COHORT_MAX_PROTOCOLS ||
        s->threads < 1 || s->threads > 256)
        return calf_error_set(err, CALF_EUSAGE,
                              "cohort: needs n >= 1, days >= 1, 1 to %d protocols and 1 to 256 "
                              "threads",
                              CALF_COHORT_MAX_PROTOCOLS);
    if (!s->factory.create || !s->factory.bind || !s->factory.destroy)
        return calf_error_set(err, CALF_EUSAGE, "cohort: no planner factory");
    pool p;
    memset(&p, 0, sizeof(p));
    p.s = s;
    calf_cohort_chunking(s->n, &p.chunk, &p.nchunks);
    p.lo = s->chunk_hi > 0 ? s->chunk_lo : 0;
    p.hi = s->chunk_hi > 0 ? (s->chunk_hi < p.nchunks ? s->chunk_hi : p.nchunks) : p.nchunks;
    p.next = p.next_write = p.lo;
    int nt = s->threads;
    if (nt > p.nchunks)
        nt = (int)p.nchunks;
    p.sums = aligned_alloc(CACHE_LINE, (size_t)p.nchunks * sizeof(chunk_sums));
    if (p.sums)
        memset(p.sums, 0, (size_t)p.nchunks * sizeof(chunk_sums));
    if (s->patients) {
        p.nin = calf_cohort_inputs(s, p.in, CALF_COHORT_MAX_INPUTS);
        p.text = calloc((size_t)p.nchunks, sizeof(char *));
        p.text_len = calloc((size_t)p.nchunks, sizeof(size_t));
        p.window = 4L * nt + 4;
    }
    p.acc = aligned_alloc(CACHE_LINE, (size_t)nt * sizeof(thread_acc));
    if (p.acc)
        memset(p.acc, 0, (size_t)nt * sizeof(thread_acc));
    pthread_t *tid = calloc((size_t)nt, sizeof(pthread_t));
    worker_arg *wa = calloc((size_t)nt, sizeof(worker_arg));
    int rc = CALF_OK, started = 0;
    if (!p.sums || !p.acc || !tid || !wa || (s->patients && (!p.text || !p.text_len))) {
        rc = calf_error_set(err, CALF_EIO, "cohort: out of memory");
        goto cleanup;
    }
    for (int t = 0; t < nt && !rc; t++)
        rc = acc_init(&p.acc[t], s, err);
    if (rc)
        goto cleanup;
    pthread_mutex_init(&p.mu, NULL);
    pthread_cond_init(&p.cv, NULL);
    for (int t = 0; t < nt; t++) {
        wa[t].p = &p;
        wa[t].t = t;
        if (pthread_create(&tid[t], NULL, worker, &wa[t]) != 0) {
            calf_error e;
            calf_error_set(&e, CALF_EIO, "cohort: cannot start a thread");
            fail(&p, -2, &e);
            break;
        }
        started++;
    }
    for (int t = 0; t < started; t++)
        pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&p.mu);
    pthread_cond_destroy(&p.cv);
    if (p.failed) {
        if (err)
            *err = p.err;
        rc = p.err.code ? p.err.code : CALF_ESCRIPT;
        goto cleanup;
    }

    /* reduce: integers in any order, sums in chunk order */
    r->n = s->n;
    r->days = s->days;
    r->nprotocols = s->nprotocols;
    for (int t = 0; t < nt; t++)
        r->rejected_draws += p.acc[t].rejected, r->numeric_redraws += p.acc[t].numeric;
    for (int k = 0; k < s->nprotocols; k++) {
        calf_cohort_protocol *pr = &r->proto[k];
        /* take thread 0's arrays and merge the others in */
        pr->band = p.acc[0].band[k];
        pr->goal_day_count = p.acc[0].goal_day[k];
        p.acc[0].band[k] = NULL;
        p.acc[0].goal_day[k] = NULL;
        for (int t = 0; t < nt; t++) {
            thread_acc *a = &p.acc[t];
            if (t > 0) {
                for (int i = 0; i < s->days * CALF_BAND_COUNT; i++)
                    calf_hist_merge(&pr->band[i], &a->band[k][i]);
                for (int d = 0; d <= s->days; d++)
                    pr->goal_day_count[d] += a->goal_day[k][d];
            }
            pr->goal_n += a->goal_n[k];
            pr->flare_n += a->flare_n[k];
            pr->injury_n += a->injury_n[k];
            for (int j = 0; j < CALF_PAIR_BINARY; j++)
                for (int c = 0; c < CALF_CONC_COUNT; c++)
                    pr->pair_n[j][c] += a->pair_n[k][j][c];
        }
    }
    r->nchunks = p.nchunks;
    r->chunk_sums = malloc((size_t)p.nchunks * sizeof(chunk_sums));
    if (!r->chunk_sums) {
        rc = calf_error_set(err, CALF_EIO, "cohort: out of memory");
        goto cleanup;
    }
    memcpy(r->chunk_sums, p.sums, (size_t)p.nchunks * sizeof(chunk_sums));
    calf_cohort_finish(r);
cleanup:
    if (p.acc)
        for (int t = 0; t < nt; t++)
            acc_free(&p.acc[t], s);
    free(p.acc);
    free(p.sums);
    for (long c = 0; p.text && c < p.nchunks; c++)
        free(p.text[c]);
    free(p.text);
    free(p.text_len);
    free(tid);
    free(wa);
    if (rc)
        calf_cohort_result_free(r);
    return rc;
}

void calf_wilson(long x, long n, double *lo, double *hi)
{
    const double z = 1.959963984540054;
    double p = (double)x / (double)n, z2n = z * z / (double)n;
    double centre = (p + z2n / 2) / (1 + z2n);
    double half = z * sqrt(p * (1 - p) / (double)n + z2n / (4.0 * (double)n)) / (1 + z2n);
    *lo = x <= 0 || centre - half < 0 ? 0 : centre - half; /* exact ends at 0 and n */
    *hi = x >= n || centre + half > 1 ? 1 : centre + half;
}

double calf_cohort_p_goal_by(const calf_cohort_result *r, int k, int day)
{
    long c = 0;
    for (int d = 1; d <= day && d <= r->days; d++)
        c += r->proto[k].goal_day_count[d - 1];
    return (double)c / (double)r->n;
}

double calf_cohort_goal_quantile(const calf_cohort_result *r, int k, double q)
{
    double target = ceil(q * (double)r->n);
    if (target < 1)
        target = 1;
    double cum = 0;
    for (int d = 1; d <= r->days; d++) {
        cum += r->proto[k].goal_day_count[d - 1];
        if (cum >= target)
            return d;
    }
    return NAN;
}

double calf_cohort_band(const calf_cohort_result *r, int k, int day, int b, double q)
{
    if (day < 1 || day > r->days)
        return NAN;
    return calf_hist_quantile(&r->proto[k].band[(day - 1) * CALF_BAND_COUNT + b], q);
}
