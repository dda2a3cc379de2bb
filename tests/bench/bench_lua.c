/*
 * bench_lua.c: Lua-protocol-driven daily step throughput. One patient-day is
 * one morning of the protocol (its week/day callbacks when due, the ctx
 * update, the declarative rules in C) plus the day's model step and metrics,
 * no trace. The protocol is opened once; each patient gets a fresh ctx
 * (calf_protocol_planner), as a cohort would. Prints patient-days per second;
 * scripts/bench.sh runs it under callgrind for the stable instruction count.
 *
 * usage: bench_lua [patients] [days] [protocol] [patient]
 *   protocol: a name under protocols/ (default symptom_guided), or a path to
 *             a protocol file when it contains a '/'
 *   patient:  a name under scripts/patients/ (default distance_limited), or a
 *             path when it contains a '/'
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patient_load.h"
#include "protocol.h"
#include "util.h"

#include "bench_clock.h"

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    long patients = 2000, days = 182;
    const char *proto = "symptom_guided", *patient = "distance_limited";
    if (argc > 1 && calf_parse_long(argv[1], 1, 100000000L, &patients) != 0)
        return 2;
    if (argc > 2 && calf_parse_long(argv[2], 1, 3640, &days) != 0)
        return 2;
    if (argc > 3)
        proto = argv[3];
    if (argc > 4)
        patient = argv[4];
    char ppath[4096], patpath[4096];
    if (strchr(proto, '/'))
        snprintf(ppath, sizeof(ppath), "%s", proto);
    else
        snprintf(ppath, sizeof(ppath), "%s/protocols/%s.lua", CALF_SOURCE_DIR, proto);
    if (strchr(patient, '/'))
        snprintf(patpath, sizeof(patpath), "%s", patient);
    else
        snprintf(patpath, sizeof(patpath), "%s/scripts/patients/%s.lua", CALF_SOURCE_DIR, patient);

    calf_error err = {0};
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_model m;
    if (calf_patient_load(patpath, &pt, &err) || calf_model_init(&m, &par, &pt, &err)) {
        fprintf(stderr, "bench_lua: %s\n", err.msg);
        return 1;
    }
    calf_protocol_opts po = {0};
    po.lib_dir = CALF_SOURCE_DIR "/protocols/lib";
    calf_protocol *p = NULL;
    if (calf_protocol_open(&p, ppath, &po, &err)) {
        fprintf(stderr, "bench_lua: %s\n", err.msg);
        return 1;
    }
    calf_sim_opts opt = {(int)days, 0, 0, 0};
    calf_summary sum;
    double sink = 0, t0 = now();
    for (long i = 0; i < patients; i++) {
        calf_planner pl;
        if (calf_protocol_planner(p, &m, &pl, &err) ||
            calf_sim_run(&m, &pl, &opt, NULL, &sum, &err)) {
            fprintf(stderr, "bench_lua: %s\n", err.msg);
            calf_protocol_close(p);
            return 1;
        }
        sink += sum.total_km;
    }
    double dt = now() - t0;
    double pd = (double)patients * (double)days;
    printf("bench_lua: Lua protocol %s, patient %s (fresh ctx per patient)\n", proto, patient);
    printf("  patient-days: %.0f in %.3f s\n", pd, dt);
    printf("  patient-days/s (one core): %.2f M\n", pd / dt / 1e6);
    printf("  ns per patient-day: %.1f\n", dt / pd * 1e9);
    printf("  (checksum %.3f)\n", sink / (double)patients);
    calf_protocol_close(p);
    return 0;
}
