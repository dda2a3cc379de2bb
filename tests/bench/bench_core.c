/*
 * bench_core.c: plan-driven daily step throughput. One patient-day is one
 * call of the daily model with the planner, rules and metrics, no trace.
 * The plan holds one easy run and one strength session every day (the
 * benchmark case of the engine-core issue). Prints patient-days per second;
 * run under callgrind (scripts/bench.sh) for the stable instruction count.
 *
 * usage: bench_core [patients] [days]
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "plan_csv.h"
#include "util.h"

#include "bench_clock.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    long patients = 20000, days = 182;
    if (argc > 1 && calf_parse_long(argv[1], 1, 100000000L, &patients) != 0)
        return 2;
    if (argc > 2 && calf_parse_long(argv[2], 1, 3640, &days) != 0)
        return 2;
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_patient_defaults(&pt);
    pt.onset_km = 3;
    calf_model m;
    calf_error err = {0};
    if (calf_model_init(&m, &par, &pt, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    /* one run and one strength session a day */
    size_t cap = (size_t)days * 64 + 64, n = 0;
    char *text = malloc(cap);
    if (!text)
        return 1;
    n += (size_t)snprintf(text + n, cap - n, "day,kind,exercise,km,kmh,sets,reps,rm\n");
    for (long d = 1; d <= days; d++)
        n += (size_t)snprintf(text + n, cap - n,
                              "%ld,run,,2.5,10.8,,,\n%ld,strength,seated_calf_raise,,,3,12,12\n", d,
                              d);
    calf_csv *csv = NULL;
    calf_plan plan;
    if (calf_csv_parse(text, n, "bench", &csv, &err) || calf_plan_from_csv(csv, &m, &plan, &err)) {
        fprintf(stderr, "bench: %s\n", err.msg);
        return 1;
    }
    calf_planner pl = calf_plan_planner(&plan);
    calf_sim_opts opt = {(int)days, 0, 0, 0};
    calf_summary sum;
    double sink = 0, t0 = now();
    for (long i = 0; i < patients; i++) {
        if (calf_sim_run(&m, &pl, &opt, NULL, &sum, &err)) {
            fprintf(stderr, "bench: %s\n", err.msg);
            return 1;
        }
        sink += sum.total_km;
    }
    double dt = now() - t0;
    double pd = (double)patients * (double)days;
    printf("bench_core: plan-driven daily step (1 run + 1 strength session a day)\n");
    printf("  patient-days: %.0f in %.3f s\n", pd, dt);
    printf("  patient-days/s (one core): %.2f M\n", pd / dt / 1e6);
    printf("  ns per patient-day: %.1f\n", dt / pd * 1e9);
    printf("  (checksum %.3f)\n", sink / (double)patients);
    calf_plan_free(&plan);
    calf_csv_free(csv);
    free(text);
    return 0;
}
