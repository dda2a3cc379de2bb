/*
 * bench_clock.h: the wall clock of the benchmark programs (bench_*.c):
 * seconds on the monotonic clock, for the patient-days per second they print.
 * Speed is judged by callgrind counts (scripts/bench.sh); this is the
 * wall-clock figure beside them.
 */
#ifndef CALF_BENCH_CLOCK_H
#define CALF_BENCH_CLOCK_H

#include <time.h>

static inline double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

#endif
