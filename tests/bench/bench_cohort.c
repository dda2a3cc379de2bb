/*
 * bench_cohort.c: cohort throughput and memory (figures, not timed tests).
 * Runs one protocol (a Lua protocol file, or the built-in plan of one easy
 * run and one strength session a day) on N virtual patients of the
 * distance-limited example profile, full priors and spreads, and prints wall
 * time, patient-days per second, per core, the share spent drawing and
 * calibrating patients, and the peak resident set (getrusage ru_maxrss).
 *
 * usage: bench_cohort PROTOCOL.lua|plan N WEEKS THREADS [noinit] [patients=FILE]
 *   e.g. bench_cohort protocols/symptom_guided.lua 100000 26 2
 * "noinit" skips the separate draw-and-calibrate timing (for callgrind
 * counts taken as the difference of two sizes); "patients=FILE" streams
 * patients.csv rows to FILE as `calfsim cohort` does (the peak RSS then
 * shows that the rows are not held in memory).
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "cohort.h"
#include "cohort_rows.h"
#include "patient_load.h"
#include "source.h"
#include "util.h"

#include "bench_clock.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    long n = 2000, weeks = 26, threads = 1;
    const char *what = argc > 1 ? argv[1] : "plan";
    if ((argc > 2 && calf_parse_long(argv[2], 1, 100000000L, &n)) ||
        (argc > 3 && calf_parse_long(argv[3], 1, 520, &weeks)) ||
        (argc > 4 && calf_parse_long(argv[4], 1, 256, &threads))) {
        fprintf(stderr, "usage: bench_cohort PROTOCOL.lua|plan N WEEKS THREADS\n");
        return 2;
    }
    calf_error err = {0};
    calf_cohort_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    if (calf_patient_load(CALF_SOURCE_DIR "/scripts/patients/distance_limited.lua", &s.pt, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    calf_model base;
    if (calf_model_init(&base, &s.par, &s.pt, &err))
        return 1;
    calf_source *src = NULL;
    calf_source_opts so = {0};
    so.lib_dir = CALF_SOURCE_DIR "/protocols/lib";
    int rc;
    if (strcmp(what, "plan") == 0) {
        char text[64 * 400];
        size_t k = (size_t)snprintf(text, sizeof(text), "day,kind,exercise,km,kmh,sets,reps,rm\n");
        for (int d = 1; d <= 7 * weeks && k < sizeof(text) - 100; d++)
            k += (size_t)snprintf(text + k, sizeof(text) - k,
                                  "%d,run,,2.5,10.8,,,\n%d,strength,seated_calf_raise,,,3,12,12\n",
                                  d, d);
        rc = calf_source_open_plan_text(&src, "bench plan", text, k, &base, &err);
    } else {
        rc = calf_source_open(&src, what, &base, &so, &err);
    }
    if (rc) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    /* the cohort layer's own cost: drawing and calibrating patients */
    long ni = n < 2000 ? n : 2000;
    const char *rows = NULL;
    for (int a = 5; a < argc; a++) {
        if (strcmp(argv[a], "noinit") == 0)
            ni = 1;
        else if (strncmp(argv[a], "patients=", 9) == 0)
            rows = argv[a] + 9;
    }
    int rej = 0;
    calf_model m;
    s.vary_params = s.vary_patient = 1;
    s.seed = 1;
    double t0 = now();
    for (long i = 0; i < ni; i++)
        if (calf_cohort_patient(&s, i, &m, &rej, &err))
            return 1;
    double t_init = (now() - t0) / ni;

    calf_source *srcs[1] = {src};
    s.n = n;
    s.days = (int)weeks * 7;
    s.nprotocols = 1;
    s.threads = (int)threads;
    s.factory = calf_source_factory(srcs);
    s.names[0] = calf_source_name(src);
    FILE *fp = NULL;
    if (rows) {
        calf_cohort_input in[CALF_COHORT_MAX_INPUTS];
        fp = fopen(rows, "w");
        if (!fp) {
            fprintf(stderr, "bench: cannot open %s\n", rows);
            return 1;
        }
        calf_patients_header(fp, in, calf_cohort_inputs(&s, in, CALF_COHORT_MAX_INPUTS));
        s.patients = fp;
    }
    calf_cohort_result r;
    t0 = now();
    if (calf_cohort_run(&s, &r, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    if (fp) {
        long bytes = ftell(fp);
        if (fclose(fp) != 0) {
            fprintf(stderr, "bench: writing %s failed\n", rows);
            return 1;
        }
        printf("  patients.csv: %s, %.1f MiB\n", rows, (double)bytes / 1048576.0);
    }
    double wall = now() - t0;
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    double cpu = (double)ru.ru_utime.tv_sec + 1e-6 * (double)ru.ru_utime.tv_usec;
    double pd = (double)n * (double)s.days;
    printf("cohort bench: %s, N = %ld, %ld weeks, %ld thread(s)\n", what, n, weeks, threads);
    printf("  wall %.2f s; %.2f M patient-days/s; %.2f M per thread\n", wall, pd / wall / 1e6,
           pd / wall / 1e6 / (double)threads);
    /* t_init is per patient with its redraws (calf_cohort_patient redraws) */
    printf("  draw + calibrate: %.1f us per patient (%.0f%% redraws), %.1f%% of one-thread time\n",
           t_init * 1e6, 100.0 * rej / (double)ni,
           100.0 * t_init * (double)n / (wall * (double)threads));
    printf("  peak RSS %.1f MiB (user CPU %.1f s)\n", (double)ru.ru_maxrss / 1024.0, cpu);
    printf("  P(flare) %.3f, median onset day %d: %.2f km (checksum)\n",
           (double)r.proto[0].flare_n / (double)n, s.days,
           calf_cohort_band(&r, 0, s.days, CALF_BAND_ONSET, 0.5));
    calf_cohort_result_free(&r);
    calf_source_close(src);
    return 0;
}
