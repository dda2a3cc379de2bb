/*
 * verb_validate.c: `calfsim validate [--n N] [--out DIR] [--seed S]
 * [--threads T]`: the validation suite (engine/core/validate.h,
 * docs/validation.md) on the shipped patients (every .lua in scripts/patients, in
 * name order) and the registry values. Writes validation.md,
 * validation.json and the figure into --out (default
 * calfsim-out/validate), prints the table, and exits 0 when every row
 * passes, else CALF_EVALIDATION with one line naming the failing rows.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cohort_out.h"
#include "patient_load.h"
#include "run_common.h"
#include "util.h"
#include "validate.h"
#include "validate_out.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif

typedef struct validate_args {
    long n;
    int threads;
    uint64_t seed;
    const char *out;
} validate_args;

static int parse(int argc, char **argv, validate_args *a, calf_error *err)
{
    a->n = 200;
    a->seed = 0;
    a->out = "calfsim-out/validate";
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    a->threads = nc > 0 ? (int)(nc > 256 ? 256 : nc) : 1;
    for (int i = 0; i < argc; i++) {
        const char *o = argv[i];
        if (strcmp(o, "--verbose") == 0)
            continue;
        static const char *const with_value[] = {"--n", "--out", "--seed", "--threads", NULL};
        if (!calf_cli_is_option(o, with_value))
            return calf_error_set(err, CALF_EUSAGE, "validate: unknown option \"%s\"", o);
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_error_set(err, CALF_EUSAGE, "validate %s: needs a value", o);
        if (strcmp(o, "--n") == 0) {
            if (calf_parse_long(v, CALF_VALID_MIN_N, CALF_VALID_MAX_N, &a->n))
                return calf_error_set(err, CALF_EUSAGE,
                                      "validate --n = \"%s\": allowed %d to %ld virtual patients",
                                      v, CALF_VALID_MIN_N, CALF_VALID_MAX_N);
        } else if (strcmp(o, "--out") == 0) {
            a->out = v;
        } else if (strcmp(o, "--seed") == 0) {
            if (calf_cli_opt_seed("validate", v, &a->seed, err))
                return CALF_EUSAGE;
        } else if (calf_cli_opt_threads("validate", v, &a->threads, err)) {
            return CALF_EUSAGE;
        }
    }
    return CALF_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The shipped patients: every .lua in scripts/patients in name order, loaded
 * through the patient loader; names are the file stems. */
typedef struct shipped {
    calf_patient pt[CALF_VALID_MAX_PATIENTS];
    char name[CALF_VALID_MAX_PATIENTS][64];
    const char *names[CALF_VALID_MAX_PATIENTS];
    int n;
} shipped;

static int load_patients(shipped *sp, calf_error *err)
{
    char dir[4096], path[4400];
    const char *home = getenv("CALFSIM_HOME");
    snprintf(dir, sizeof(dir), "%s/scripts/patients", home && *home ? home : CALF_SHARE_DIR);
    DIR *d = opendir(dir);
    if (!d)
        return calf_error_set(err, CALF_EIO, "%s: cannot open the shipped patients", dir);
    char *files[CALF_VALID_MAX_PATIENTS];
    int nf = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        const size_t len = strlen(e->d_name);
        if (len > 4 && strcmp(e->d_name + len - 4, ".lua") == 0 && e->d_name[0] != '.' &&
            nf < CALF_VALID_MAX_PATIENTS && (files[nf] = strdup(e->d_name)) != NULL)
            nf++;
    }
    closedir(d);
    qsort(files, (size_t)nf, sizeof(files[0]), by_name);
    int rc = CALF_OK;
    sp->n = 0;
    for (int k = 0; k < nf; k++) {
        snprintf(path, sizeof(path), "%s/%s", dir, files[k]);
        if (!rc)
            rc = calf_patient_load(path, &sp->pt[k], err);
        calf_path_stem(files[k], sp->name[k], sizeof(sp->name[k]));
        sp->names[k] = sp->name[k];
        free(files[k]);
    }
    sp->n = rc ? 0 : nf;
    return rc;
}

int calf_verb_validate(int argc, char **argv)
{
    validate_args a;
    calf_error err = {0};
    if (parse(argc, argv, &a, &err))
        return calf_cli_fail(&err);
    static shipped sp;
    int rc = load_patients(&sp, &err);
    if (rc)
        return calf_cli_fail(&err);
    calf_valid_spec s;
    memset(&s, 0, sizeof(s));
    calf_params_default(&s.par);
    s.n = a.n;
    s.threads = a.threads;
    s.seed = a.seed;
    s.patients = sp.pt;
    s.patient_names = sp.names;
    s.npatients = sp.n;
    s.progress = calf_cli_progress;
    static calf_valid_result res;
    rc = calf_validate_run(&s, &res, &err);
    calf_cli_progress_end();
    if (rc)
        return calf_cli_fail(&err);
    uint64_t h = calf_params_hash(&s.par);
    for (int k = 0; k < sp.n; k++)
        h = calf_fnv1a(h, &sp.pt[k], sizeof(sp.pt[k]));
    const calf_valid_meta meta = {a.seed, h, a.n};
    rc = calf_cli_validate_write(a.out, &res, &meta, &err);
    if (rc)
        return calf_cli_fail(&err);
    calf_cli_validate_print(stdout, &res);
    printf("wrote %s/validation.md, %s/validation.json and %s/validation.png\n", a.out, a.out,
           a.out);
    if (!res.failed)
        return CALF_OK;
    char names[2048] = "";
    size_t used = 0;
    for (int k = 0; k < res.nrows && used < sizeof(names); k++)
        if (!res.row[k].pass)
            used += (size_t)snprintf(names + used, sizeof(names) - used, "%s%s", used ? ", " : "",
                                     res.row[k].id);
    return calf_cli_failf(CALF_EVALIDATION, "validate: %d of %d rows outside their tolerance: %s",
                          res.failed, res.nrows, names);
}
