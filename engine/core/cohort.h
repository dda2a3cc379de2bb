/*
 * cohort.h: virtual cohorts. N virtual patients are drawn around one intake
 * profile (model constants from priors built on the registry ranges, patient
 * fields from documented spreads; docs/cohort.md lists every distribution),
 * each is simulated under one or more protocols (the same virtual patients
 * for every protocol, so comparisons are paired), and the results are kept
 * as streaming statistics whose memory does not grow with N:
 * fixed-resolution histograms per day for the 10/50/90% bands, counts for the
 * outcome probabilities and time to goal, and chunk-wise sums for means and
 * paired differences.
 *
 * Patient i draws from its own random stream seeded from (seed, i), patients
 * are simulated in fixed chunks by a pthreads work queue, and chunk results
 * are reduced in chunk order, so every number is identical for any thread
 * count. engine/core knows nothing of Lua: planners come from a factory the
 * caller provides (a Lua protocol runtime, a plan CSV).
 */
#ifndef CALF_COHORT_H
#define CALF_COHORT_H

/* the largest width scale of --vary-params and --vary-patient (and the study API's) */
#define CALF_COHORT_VARY_MAX 3

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "sim.h"

#define CALF_COHORT_MAX_PROTOCOLS 8

/* Banded daily quantities. */
enum { CALF_BAND_CAPACITY, CALF_BAND_PAIN, CALF_BAND_WEEKLY_KM, CALF_BAND_ONSET, CALF_BAND_COUNT };
extern const char *const calf_band_names[CALF_BAND_COUNT]; /* "capacity", "pain", ... */

/* A fixed-resolution histogram on [lo, hi] with nbins equal bins; values
 * outside are counted in the edge bins, and the exact minimum and maximum
 * are kept, so a quantile is within one bin width (hi - lo) / nbins of the
 * exact sample quantile (clamped to [min, max], hence exact when all values
 * are equal). */
typedef struct calf_hist {
    double lo, hi, scale; /* scale = nbins / (hi - lo) */
    int nbins;
    uint32_t *count; /* nbins counters */
    uint64_t n;
    double min, max;
} calf_hist;

int calf_hist_init(calf_hist *h, double lo, double hi, int nbins, calf_error *err);
void calf_hist_free(calf_hist *h);
void calf_hist_add(calf_hist *h, double x);
/* Add b's counts into a (same layout). */
void calf_hist_merge(calf_hist *a, const calf_hist *b);
/* The q-quantile (0 <= q <= 1) by linear interpolation inside the bin where
 * the cumulative count reaches q * n; NAN for an empty histogram. */
double calf_hist_quantile(const calf_hist *h, double q);
/* Exact q-quantile of a sorted sample with the same convention
 * (x[k] with k = ceil(q n) - 1, clamped), for tests. */
double calf_quantile_sorted(const double *x, size_t n, double q);

/* Per-thread planner source. create makes one planner instance for protocol
 * k on a worker thread; bind points it at a freshly calibrated virtual
 * patient (a fresh protocol state each call); destroy frees it. */
typedef struct calf_planner_factory {
    int (*create)(void *ud, int protocol, void **inst, calf_error *err);
    int (*bind)(void *ud, void *inst, const calf_model *m, calf_planner *out, calf_error *err);
    void (*destroy)(void *ud, void *inst);
    void *ud;
    /* optional: the seed of the next bind's random stream (a protocol's
     * math.random), from the cohort seed and the patient's index, so a
     * patient's run does not depend on the thread or on earlier patients */
    void (*reseed)(void *ud, void *inst, uint64_t seed);
} calf_planner_factory;

typedef void (*calf_progress_fn)(void *ud, long done, long total);

typedef struct calf_cohort_spec {
    calf_params par;     /* the registry values the priors centre on */
    calf_patient pt;     /* the intake profile the spreads centre on */
    long n;              /* virtual patients */
    int days;            /* simulated days */
    int nprotocols;      /* 1 to CALF_COHORT_MAX_PROTOCOLS; protocol 0 is the reference */
    int threads;         /* worker threads, >= 1 */
    uint64_t seed;       /* cohort seed */
    double vary_params;  /* prior width scale for the constants: 1 = documented, 0 = off,
                          * at most CALF_COHORT_VARY_MAX */
    double vary_patient; /* spread scale for the patient fields: 1 = documented, 0 = off */
    calf_planner_factory factory;
    calf_progress_fn progress; /* may be NULL; called from worker threads, serialised */
    void *progress_ud;
    /* patients.csv (cohort_rows.h): when not NULL, the rows of every patient
     * (after a header the caller wrote) are streamed to it in index order;
     * names[k] is protocol k's name in the rows. */
    FILE *patients;
    const char *names[CALF_COHORT_MAX_PROTOCOLS];
    /* Design mode (sensitivity analysis): when point is set, patient i is
     * not drawn but set by point(point_ud, i, par, pt) on copies of par and
     * pt, with no redraws; outcome(point_ud, i, sums) then receives the
     * summaries of every protocol, or NULL when the patient does not
     * calibrate or a simulation breaks down numerically. Called from worker
     * threads, for distinct i. */
    void (*point)(void *ud, long i, calf_params *par, calf_patient *pt);
    void (*outcome)(void *ud, long i, const calf_summary *sums);
    void *point_ud;
    /* A described population (population.h) instead of the spreads around
     * pt: its variables are drawn (after the constants' priors, which it
     * overrides where it names a constant); NULL = draws around pt. */
    const struct calf_population *pop;
    /* The chunks of patients this process runs, [chunk_lo, chunk_hi) of
     * calf_cohort_chunking's; both 0 = all (MPI ranks each run a block) */
    long chunk_lo, chunk_hi;
} calf_cohort_spec;

/* Patients per chunk and the number of chunks for n patients (at least 16
 * and at least n / 4096 patients a chunk: depends on n only). */
void calf_cohort_chunking(long n, long *chunk, long *nchunks);

/* A mean with a normal-approximation interval (mean +- 1.96 sd / sqrt(n)). */
typedef struct calf_interval {
    double mean, lo, hi;
} calf_interval;

/* Outcomes compared pairwise: per-patient values of protocol k minus protocol 0. */
enum {
    CALF_PAIR_GOAL,      /* goal reached (0/1) */
    CALF_PAIR_FLARE,     /* at least one flare (0/1) */
    CALF_PAIR_INJURY,    /* at least one injury event (0/1) */
    CALF_PAIR_TOTAL_KM,  /* km run */
    CALF_PAIR_PAIN_DAYS, /* days with pain during above the limit */
    CALF_PAIR_FINAL_CAP, /* final capacity over healthy capacity */
    CALF_PAIR_COUNT
};
extern const char *const calf_pair_names[CALF_PAIR_COUNT];
#define CALF_PAIR_BINARY 3 /* the 0/1 outcomes: CALF_PAIR_GOAL, _FLARE, _INJURY */

/* The 2x2 table of a paired 0/1 outcome, protocol k against protocol 0: the
 * patients where only k reached the outcome, only the reference did, both,
 * neither. The paired difference is (only_k - only_ref) / N, and the two
 * discordant counts say how many patients it rests on. */
enum { CALF_CONC_ONLY_K, CALF_CONC_ONLY_REF, CALF_CONC_BOTH, CALF_CONC_NEITHER, CALF_CONC_COUNT };
extern const char *const calf_conc_names[CALF_CONC_COUNT]; /* "only_protocol", ... */

typedef struct calf_cohort_protocol {
    calf_hist *band;          /* days * CALF_BAND_COUNT histograms: band[d * CALF_BAND_COUNT + b] */
    uint32_t *goal_day_count; /* goal_day_count[d - 1] = patients whose goal day is d */
    long goal_n, flare_n, injury_n;
    double mean[CALF_PAIR_COUNT];        /* cohort means of the paired outcomes */
    calf_interval diff[CALF_PAIR_COUNT]; /* paired difference to protocol 0 (zero for 0) */
    long pair_n[CALF_PAIR_BINARY][CALF_CONC_COUNT]; /* 2x2 tables against protocol 0 */
} calf_cohort_protocol;

typedef struct calf_cohort_result {
    long n;
    int days, nprotocols;
    long rejected_draws;  /* draws whose calibration failed and were redrawn */
    long numeric_redraws; /* draws redrawn because a simulation broke down numerically */
    calf_cohort_protocol proto[CALF_COHORT_MAX_PROTOCOLS];
    /* per chunk, the floating-point sums behind mean and diff:
     * chunk_sums[c * CALF_COHORT_SUMS + (w * CALF_COHORT_MAX_PROTOCOLS + k) * CALF_PAIR_COUNT + j]
     * with w = 0 the outcome, 1 the difference to protocol 0, 2 its square;
     * zero for chunks this process did not run */
    long nchunks;
    double *chunk_sums;
} calf_cohort_result;
#define CALF_COHORT_SUMS (3 * CALF_COHORT_MAX_PROTOCOLS * CALF_PAIR_COUNT)

/* mean and diff of every protocol from chunk_sums, added in chunk order
 * (calf_cohort_run does it; call again after adding other processes' sums). */
void calf_cohort_finish(calf_cohort_result *r);

/* Histogram layout of the bands (lo, hi, bins) and their resolution. */
void calf_band_layout(int band, double *lo, double *hi, int *nbins);

/* Draw virtual patient i: model constants and patient fields. */
int calf_cohort_draw(const calf_cohort_spec *s, long i, calf_params *par, calf_patient *pt,
                     calf_error *err);
/* Draw and calibrate patient i (redrawing, from the same stream, up to 20
 * times when calibration fails; *rejected counts the redraws). The cohort
 * run also redraws, up to 20 times and for every protocol, a patient whose
 * simulation fails numerically (reported as numeric_redraws). */
int calf_cohort_patient(const calf_cohort_spec *s, long i, calf_model *m, int *rejected,
                        calf_error *err);
/* Whether the registry constant at index id is drawn, and from what:
 * 0 = fixed (a definition or a numerical setting), 1 = truncated normal,
 * 2 = truncated log-normal, 3 = truncated normal rounded to an integer. */
int calf_cohort_prior_kind(int id);

int calf_cohort_run(const calf_cohort_spec *s, calf_cohort_result *r, calf_error *err);
void calf_cohort_result_free(calf_cohort_result *r);
/* P(goal reached by day d) for protocol k. */
double calf_cohort_p_goal_by(const calf_cohort_result *r, int k, int day);
/* Time to goal quantile q in days, NAN when fewer than q of the cohort reach it. */
double calf_cohort_goal_quantile(const calf_cohort_result *r, int k, double q);
/* Band quantile q of band b on day d (1-based) for protocol k. */
double calf_cohort_band(const calf_cohort_result *r, int k, int day, int b, double q);

/* Wilson score 95% interval [*lo, *hi] for x successes in n (n >= 1). */
void calf_wilson(long x, long n, double *lo, double *hi);

/* Splitmix64 step, and the seed of patient i's stream. */
uint64_t calf_splitmix64(uint64_t x);
uint64_t calf_cohort_stream_seed(uint64_t seed, long i);

#endif
