/*
 * run_common.h: what `run`, `compare` and the other simulation verbs share:
 * the common options (--patient, --weeks/--days, --set, --seed, --out, ...),
 * loading the patient and calibrating the model, and writing a run's
 * trace.csv and summary.json into an output folder.
 */
#ifndef CALF_RUN_COMMON_H
#define CALF_RUN_COMMON_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"
#include "sim.h"

#define CALF_MAX_SETS       64
#define CALF_MAX_POSITIONAL 32

typedef struct calf_run_args {
    const char *plan, *patient, *out;
    const char *positional[CALF_MAX_POSITIONAL];
    int npositional;
    int days; /* 0 = not given */
    uint64_t seed;
    int oracle;
    const char *sets[CALF_MAX_SETS];
    int nsets;
    double lua_mem_mib;
    long lua_budget;
    long cohort_n; /* compare --cohort N; -1 = not given */
    int threads;   /* compare --threads T; 0 = not given */
} calf_run_args;

/* The values of options several verbs take, checked alike, with a usage
 * error that names the verb: --weeks N or --days N (o says which) into
 * *days, --seed, --threads, and --set appended to sets (at most
 * CALF_MAX_SETS). Each leaves its output untouched on error. */
int calf_cli_opt_days(const char *verb, const char *o, const char *v, int *days, calf_error *err);
int calf_cli_opt_seed(const char *verb, const char *v, uint64_t *seed, calf_error *err);
int calf_cli_opt_threads(const char *verb, const char *v, int *threads, calf_error *err);
int calf_cli_opt_set(const char *verb, const char *v, const char **sets, int *nsets,
                     calf_error *err);
/* Parse the shared options; unknown options are usage errors. */
int calf_cli_parse_run_args(int argc, char **argv, const char *verb, calf_run_args *a,
                            calf_error *err);
/* Split a --set "name=value" into name (n bytes) and *value; -1 when there is
 * no '=', the name is empty or does not fit. */
int calf_cli_split_set(const char *kv, char *name, size_t n, const char **value);
/* Where a --set that names no registry constant may go (a protocol's params):
 * returns CALF_OK when it took name = value, CALF_CLI_SET_UNCLAIMED when it
 * does not know the name, or an error status. */
#define CALF_CLI_SET_UNCLAIMED (-1)
typedef int (*calf_cli_set_target)(void *ud, const char *name, double value, calf_error *err);
/* Apply every --set: registry names to par; with a target, the others to
 * target first. A name nobody takes goes to the registry, whose error names
 * the closest parameter ("did you mean"). */
int calf_cli_route_sets(const char *const *sets, int nsets, calf_params *par,
                        calf_cli_set_target target, void *ud, calf_error *err);
/* --history H.csv (the history.csv of `calfsim import`): every model loaded
 * by calf_cli_load_model after this starts from that recent load (warmup.h).
 * The path is kept; the file is read at the first load. */
void calf_cli_set_history(const char *path);
/* The --history path given, or NULL. */
const char *calf_cli_history(void);
/* Load the patient (--patient) and calibrate the model; with --history, the
 * model's patient carries the parsed history (pt.history). */
int calf_cli_load_model(const char *patient_path, const calf_params *par, calf_model *m,
                        calf_error *err);
/* Write trace.csv and summary.json into dir (created if needed). */
int calf_cli_write_run(const char *dir, const calf_model *m, const calf_trace *t,
                       const calf_summary *s, const calf_run_meta *meta, calf_error *err);
/* The output folder of a verb: --out when given, else calfsim-out/VERB-STEM
 * with STEM the base name of input. */
void calf_cli_out_dir(char *dir, size_t n, const char *out, const char *verb, const char *input);

#endif
