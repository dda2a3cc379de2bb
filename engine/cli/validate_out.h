/*
 * validate_out.h: the files of `calfsim validate`: validation.md (one table
 * line per row and the caveat), validation.json (every field of every row,
 * version, seed, parameter hash, n), validation.dat and the figure
 * validation.png/.svg (plots/validation.gp: each row's value and interval as
 * a margin to its pass band), all written atomically; and the short table
 * printed on stdout.
 */
#ifndef CALF_VALIDATE_OUT_H
#define CALF_VALIDATE_OUT_H

#include <stdint.h>
#include <stdio.h>

#include "validate.h"

typedef struct calf_valid_meta {
    uint64_t seed, param_hash;
    long n;
} calf_valid_meta;

/* Write every file into dir (created if needed). */
int calf_cli_validate_write(const char *dir, const calf_valid_result *r, const calf_valid_meta *m,
                            calf_error *err);
/* The short table: id, role, simulated [95% interval], pass band, verdict. */
void calf_cli_validate_print(FILE *fp, const calf_valid_result *r);

#endif
