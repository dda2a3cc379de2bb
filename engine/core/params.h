/*
 * params.h: the parameter registry's interface. A calf_params holds one value
 * per registry entry; calf_param_info describes each (params_table.h is the
 * single source). Overrides are range-checked; the hash identifies a
 * parameter set in every output.
 */
#ifndef CALF_PARAMS_H
#define CALF_PARAMS_H

#include <stdint.h>
#include <stdio.h>

#include "error.h"

#define CALF_PARAM(id, name, def, lo, hi, unit, tag, meaning, cite) CALF_P_##id,
enum calf_param_id {
#include "params_table.h"
    CALF_P_COUNT
};
#undef CALF_PARAM

typedef struct calf_param_info {
    const char *name;
    double def, min, max;
    const char *unit, *tag, *meaning, *citation;
} calf_param_info;

typedef struct calf_params {
    double v[CALF_P_COUNT];
} calf_params;

extern const calf_param_info calf_param_infos[CALF_P_COUNT];

void calf_params_default(calf_params *p);
/* Index of a parameter by name, or -1. */
int calf_params_find(const char *name);
/* Closest parameter name for "did you mean", or NULL. */
const char *calf_params_suggest(const char *name);
/* Set by name with the range checked. */
int calf_params_set(calf_params *p, const char *name, double v, calf_error *err);
/* Parse "name=value" and set it. */
int calf_params_set_kv(calf_params *p, const char *kv, calf_error *err);
/* FNV-1a hash of every name and value. */
uint64_t calf_params_hash(const calf_params *p);
/* Print the registry as "md", "csv" or "json". */
int calf_params_print(FILE *fp, const char *format, calf_error *err);

#endif
