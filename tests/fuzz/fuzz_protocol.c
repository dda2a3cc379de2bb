/*
 * fuzz_protocol.c: libFuzzer target for the protocol runtime: the bytes are a
 * protocol's Lua source (seeds: the shipped protocols; protocol.dict holds
 * the API's names), opened in the sandbox (16 MiB cap, 200,000 instructions
 * per callback) and, when it loads, run for two weeks on the distance-limited
 * patient through the whole daily loop (constructors, ctx, rules, model).
 * Every input must run or fail with one message: no crash, no hang, no
 * sanitizer report.
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "model.h"
#include "params.h"
#include "patient_load.h"
#include "protocol.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static calf_model model;
static int ready; /* 1 model loaded, -1 failed */
static char path[160];

static int setup(void)
{
    gsl_set_error_handler_off();
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof(path), "%.60s/calf_fuzz_protocol_%ld.lua", tmp ? tmp : "/tmp",
             (long)getpid());
    calf_patient pt;
    calf_params par;
    calf_error err = {0};
    calf_params_default(&par);
    if (calf_patient_load(CALF_SOURCE_DIR "/scripts/patients/distance_limited.lua", &pt, &err) ||
        calf_model_init(&model, &par, &pt, &err)) {
        fprintf(stderr, "fuzz_protocol: %s\n", err.msg);
        return -1;
    }
    return 1;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!ready)
        ready = setup();
    if (ready < 0)
        return 0;
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    calf_protocol_opts o = {.mem_limit = (size_t)16 << 20,
                            .budget = 200000,
                            .seed = 1,
                            .lib_dir = CALF_SOURCE_DIR "/protocols/lib"};
    calf_protocol *p = NULL;
    calf_error err = {0};
    if (calf_protocol_open(&p, path, &o, &err) == CALF_OK) {
        calf_planner pl;
        if (calf_protocol_planner(p, &model, &pl, &err) == CALF_OK) {
            calf_sim_opts so = {14, 0, 0, 0};
            calf_trace tr = {0};
            calf_summary sum;
            (void)calf_sim_run(&model, &pl, &so, &tr, &sum, &err);
            calf_trace_free(&tr);
        }
        calf_protocol_close(p);
    }
    remove(path);
    return 0;
}
