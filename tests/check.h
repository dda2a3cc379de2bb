/*
 * check.h: the tiny assertion kit every C test uses. CHECK for truth,
 * CHECK_REL / CHECK_ABS for numbers with a stated tolerance (in the spirit of
 * gsl_test_rel). Failures print file:line and the values; the test's exit
 * status is the verdict.
 */
#ifndef CALF_TEST_CHECK_H
#define CALF_TEST_CHECK_H

#include <math.h>
#include <stdio.h>

static int check_failures = 0;

#define CHECK(cond)                                                                                \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);               \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_ABS(got, want, tol)                                                                  \
    do {                                                                                           \
        double g_ = (got), w_ = (want), t_ = (tol);                                                \
        if (!(fabs(g_ - w_) <= t_)) {                                                              \
            fprintf(stderr, "%s:%d: %s = %.10g, want %.10g (abs tol %g)\n", __FILE__, __LINE__,    \
                    #got, g_, w_, t_);                                                             \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_REL(got, want, tol)                                                                  \
    do {                                                                                           \
        double g_ = (got), w_ = (want), t_ = (tol);                                                \
        if (!(fabs(g_ - w_) <= t_ * fabs(w_))) {                                                   \
            fprintf(stderr, "%s:%d: %s = %.10g, want %.10g (rel tol %g)\n", __FILE__, __LINE__,    \
                    #got, g_, w_, t_);                                                             \
            check_failures++;                                                                      \
        }                                                                                          \
    } while (0)

#define CHECK_DONE()                                                                               \
    do {                                                                                           \
        if (check_failures)                                                                        \
            fprintf(stderr, "%d check(s) failed\n", check_failures);                               \
        return check_failures ? 1 : 0;                                                             \
    } while (0)

#endif
