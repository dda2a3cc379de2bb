/*
 * test_validate.c: the validation suite's row logic (engine/core/validate.h).
 * The criteria and intervals on constructed numbers with known answers; the
 * rows on the model with bugs planted through the registry (each must turn
 * its row from pass to fail): a running stimulus capped at the habitual load
 * (no adaptation above it), a healthy onset distance shorter than the
 * habitual run (pain during a habitual run), a capacity threshold below
 * 15RM's intensity; and the same rows for 1 and 3 threads.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <string.h>

#include "check.h"
#include "validate.h"

static void criteria(void)
{
    CHECK(calf_valid_homeostasis_ok(1.0, 1.0, 0.5));
    CHECK(calf_valid_homeostasis_ok(1.09, 0.91, 1.9));
    CHECK(!calf_valid_homeostasis_ok(1.11, 1.0, 0.5)); /* damage drifts up */
    CHECK(!calf_valid_homeostasis_ok(0.89, 1.0, 0.5)); /* or down */
    CHECK(!calf_valid_homeostasis_ok(1.0, 0.89, 0.5)); /* pain-free distance shrinks */
    CHECK(!calf_valid_homeostasis_ok(1.0, 1.0, 2.0));  /* pain during reaches 2 */
    CHECK(!calf_valid_homeostasis_ok(NAN, 1.0, 0.5));
    /* a patient's intake week: tolerated while pain and damage stay low */
    CHECK(calf_valid_tolerated_ok(1.0, 0.30, 0.35));
    CHECK(!calf_valid_tolerated_ok(2.0, 0.30, 0.35));
    CHECK(!calf_valid_tolerated_ok(1.0, 0.36, 0.35));
    CHECK(!calf_valid_tolerated_ok(NAN, 0.30, 0.35));
    CHECK(calf_valid_adaptation_ok(1.05, 1.0));
    CHECK(!calf_valid_adaptation_ok(1.2, 1.0));
    CHECK(!calf_valid_adaptation_ok(1.0, 2.5));
    CHECK(calf_valid_in_band(1, 1, 1));
    CHECK(!calf_valid_in_band(NAN, -INFINITY, INFINITY));
    /* margins: 1 at a closed band's centre, 0 at its edges, negative outside */
    CHECK_ABS(calf_valid_margin(1.0, 0.9, 1.1), 1, 1e-12);
    CHECK_ABS(calf_valid_margin(0.9, 0.9, 1.1), 0, 1e-12);
    CHECK_ABS(calf_valid_margin(1.2, 0.9, 1.1), -1, 1e-12);
    CHECK_ABS(calf_valid_margin(0.5, -INFINITY, 1), 0.5, 1e-12);
    CHECK_ABS(calf_valid_margin(3, 1, INFINITY), 2, 1e-12);
    CHECK_ABS(calf_valid_margin(0.9, 1, 1), -0.1, 1e-12); /* a share that must be 1 */
}

static void intervals(void)
{
    double m, lo, hi;
    const double x[3] = {1, 2, 3}, y[3] = {1, 1, 1}, x2[3] = {2, 4, 6};
    calf_valid_mean_ci(x, 3, &m, &lo, &hi); /* sd 1 */
    CHECK_ABS(m, 2, 1e-12);
    CHECK_ABS(hi - m, 1.959963984540054 / sqrt(3), 1e-9);
    CHECK_ABS(m - lo, hi - m, 1e-12);
    calf_valid_ratio_ci(x, y, 3, &m, &lo, &hi); /* var = var x / (n ybar^2) = 1/3 */
    CHECK_ABS(m, 2, 1e-12);
    CHECK_ABS(hi - m, 1.959963984540054 * sqrt(1.0 / 3), 1e-9);
    calf_valid_ratio_ci(x2, x, 3, &m, &lo, &hi); /* exactly proportional: no spread */
    CHECK_ABS(m, 2, 1e-12);
    CHECK_ABS(hi - lo, 0, 1e-9);
    /* Garwood's exact Poisson limits (standard tables) */
    calf_valid_poisson_ci(0, &lo, &hi);
    CHECK_ABS(lo, 0, 0);
    CHECK_ABS(hi, 3.6889, 1e-4);
    calf_valid_poisson_ci(10, &lo, &hi);
    CHECK_ABS(lo, 4.7954, 1e-4);
    CHECK_ABS(hi, 18.3904, 1e-4);
}

/* The row `id` of a run of the rows starting with `only` (n = 10). */
static int row_pass(const calf_params *par, const char *only, const char *id, int threads,
                    calf_valid_row *out)
{
    calf_valid_spec s;
    memset(&s, 0, sizeof(s));
    s.par = *par;
    s.n = 10;
    s.threads = threads;
    s.seed = 5;
    s.only = only;
    static calf_valid_result r;
    calf_error err = {0};
    int rc = calf_validate_run(&s, &r, &err);
    if (rc)
        fprintf(stderr, "validate %s: %s\n", only, err.msg);
    CHECK(rc == 0);
    for (int k = 0; k < r.nrows; k++)
        if (strcmp(r.row[k].id, id) == 0) {
            if (out)
                *out = r.row[k];
            return r.row[k].pass;
        }
    CHECK(!"row not found");
    return -1;
}

static void planted_bugs(void)
{
    calf_params def, bug;
    calf_params_default(&def);
    /* adaptation: a running stimulus that saturates at the habitual load
     * (model v1) cannot build the capacity 40 km/week needs */
    CHECK(row_pass(&def, "adaptation", "adaptation", 1, NULL) == 1);
    bug = def;
    bug.v[CALF_P_RUN_STIM_MAX] = 1;
    CHECK(row_pass(&bug, "adaptation", "adaptation", 1, NULL) == 0);
    /* homeostasis: a healthy calf that hurts within its habitual run */
    CHECK(row_pass(&def, "homeostasis_healthy", "homeostasis_healthy", 1, NULL) == 1);
    bug = def;
    bug.v[CALF_P_X_H] = 5;
    CHECK(row_pass(&bug, "homeostasis_healthy", "homeostasis_healthy", 1, NULL) == 0);
    /* every draw counts in a share: with the running stimulus saturating at
     * the habitual load (v1), few virtual runners can hold 40 km/week */
    bug = def;
    bug.v[CALF_P_RUN_STIM_MAX] = 1;
    calf_valid_row w;
    CHECK(row_pass(&bug, "adaptation", "adaptation_cohort", 1, &w) == 0);
    CHECK(w.sim < 1 && w.n == 10);
    /* 15RM must build no capacity: a threshold below its intensity breaks it */
    CHECK(row_pass(&def, "seed_15rm", "seed_15rm_vs_heavy", 1, NULL) == 1);
    bug = def;
    bug.v[CALF_P_X_TH_C] = 0.5;
    CHECK(row_pass(&bug, "seed_15rm", "seed_15rm_vs_heavy", 1, NULL) == 0);
}

static void threads(void)
{
    calf_params def;
    calf_params_default(&def);
    calf_valid_row a, b;
    row_pass(&def, "spike", "spike_chronic_load", 1, &a);
    row_pass(&def, "spike", "spike_chronic_load", 3, &b);
    CHECK(a.n == 10 && a.sim_lo < a.sim && a.sim < a.sim_hi);
    CHECK(a.sim == b.sim && a.sim_lo == b.sim_lo && a.sim_hi == b.sim_hi);
    CHECK(strcmp(a.detail, b.detail) == 0);
    row_pass(&def, "incidence_rec", "incidence_recreational", 1, &a);
    row_pass(&def, "incidence_rec", "incidence_recreational", 3, &b);
    CHECK(a.sim == b.sim && strcmp(a.detail, b.detail) == 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    criteria();
    intervals();
    planted_bugs();
    threads();
    CHECK_DONE();
}
