/*
 * run_inputs.h: inputs.txt, the small file a simulation verb writes next to
 * trace.csv and summary.json so the run can be re-simulated later (`calfsim
 * explain RUN_DIR`). One "key value" pair a line: format 1, kind (plan or
 * protocol), source (absolute path of the plan CSV or protocol script),
 * patient (absolute path), history (absolute path, only with --history), days, seed, oracle,
 * lua_mem and lua_budget (the protocol sandbox limits), and one "set name=value" line per --set.
 * Backslash, newline and carriage return in values are written as \\, \n and \r. New keys may be
 * added; readers ignore unknown keys.
 */
#ifndef CALF_RUN_INPUTS_H
#define CALF_RUN_INPUTS_H

#include <stdint.h>

#include "error.h"
#include "run_common.h"

typedef struct calf_run_inputs {
    char kind[16];
    char source[4096], patient[4096];
    char history[4096]; /* --history of the run, "" = none */
    int days, oracle;
    double lua_mem_mib; /* 0 = not recorded */
    long lua_budget;
    uint64_t seed;
    char sets[CALF_MAX_SETS][256];
    int nsets;
} calf_run_inputs;

/* Write DIR/inputs.txt for a run of kind ("plan" or "protocol") from source. */
int calf_run_inputs_write(const char *dir, const char *kind, const char *source,
                          const calf_run_args *a, int days, calf_error *err);
/* Read DIR/inputs.txt. A missing file is CALF_EIO with a hint. */
int calf_run_inputs_read(const char *dir, calf_run_inputs *in, calf_error *err);

#endif
