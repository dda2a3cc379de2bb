/*
 * test_prob_format.c: calf_fmt_prob and calf_fmt_prob_ci, the probability
 * text of the cohort tables and figure labels: two decimals in the middle of
 * the range, enough digits near 0 and 1 that a small probability never
 * reads as 0.00 (0.0012 stays 0.0012), signs on paired differences.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "outcome.h"

static void prob_is(double p, int sign, const char *want)
{
    char out[64];
    calf_fmt_prob(out, sizeof(out), p, sign);
    if (strcmp(out, want) != 0) {
        fprintf(stderr, "calf_fmt_prob(%g, %d) = \"%s\", want \"%s\"\n", p, sign, out, want);
        check_failures++;
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    prob_is(0.5, 0, "0.50");
    prob_is(0.83, 0, "0.83");
    prob_is(0, 0, "0.00");
    prob_is(1, 0, "1.00");
    prob_is(0.0012, 0, "0.0012"); /* 1 in about 800 */
    prob_is(0.00012, 0, "0.00012");
    prob_is(0.005, 0, "0.0050");
    prob_is(0.01, 0, "0.01");
    prob_is(0.9988, 0, "0.9988"); /* 1 - p small: not "1.00" */
    prob_is(0.0012, 1, "+0.0012");
    prob_is(-0.0012, 1, "-0.0012");
    prob_is(0.25, 1, "+0.25");
    prob_is(NAN, 0, "-");
    char ci[128];
    calf_fmt_prob_ci(ci, sizeof(ci), 0.0012, 0.00021, 0.0068, 0);
    CHECK(strcmp(ci, "0.0012 [0.00021, 0.0068]") == 0);
    /* no nonzero probability reads as zero, over six decades */
    for (double p = 1e-6; p < 0.01; p *= 1.37) {
        char b[64];
        double back;
        calf_fmt_prob(b, sizeof(b), p, 0);
        CHECK(sscanf(b, "%lf", &back) == 1 && back > 0 && fabs(back - p) <= 0.1 * p);
    }
    CHECK_DONE();
}
