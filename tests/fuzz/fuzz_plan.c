/*
 * fuzz_plan.c: libFuzzer target for the plan CSV parser (plan_csv.h) on the
 * default patient's model: any bytes parse into a plan or fail with one
 * message; a parsed plan is simulated for its own length (at most 60 days).
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "model.h"
#include "params.h"
#include "patient.h"
#include "plan_csv.h"
#include "sim.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    static calf_model m;
    static int ready;
    calf_error err = {0};
    if (!ready) {
        calf_params par;
        calf_patient pt;
        calf_params_default(&par);
        calf_patient_defaults(&pt);
        if (calf_model_init(&m, &par, &pt, &err) != CALF_OK) {
            fprintf(stderr, "fuzz_plan: %s\n", err.msg);
            return 0;
        }
        ready = 1;
    }
    calf_csv *csv = NULL;
    if (calf_csv_parse((const char *)data, size, "fuzz.csv", &csv, &err) != CALF_OK)
        return 0;
    calf_plan plan;
    if (calf_plan_from_csv(csv, &m, &plan, &err) == CALF_OK) {
        calf_planner pl = calf_plan_planner(&plan);
        calf_sim_opts opt = {0};
        opt.days = plan.days < 60 ? plan.days : 60;
        calf_summary sum;
        if (opt.days > 0)
            (void)calf_sim_run(&m, &pl, &opt, NULL, &sum, &err);
        calf_plan_free(&plan);
    }
    calf_csv_free(csv);
    return 0;
}
