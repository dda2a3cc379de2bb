/*
 * cli_args.h: conventions shared by every verb's options (cli_args.c).
 */
#ifndef CALF_CLI_ARGS_H
#define CALF_CLI_ARGS_H

#include <stddef.h>

#include "error.h"

/* Split every "--opt=value" into "--opt" "value" and refuse an option that
 * names one input or output (--patient, --out, --diary) given twice. *out is a
 * new NULL-terminated vector (free it; its strings are argv's, the "=" of a
 * split option overwritten by a terminator) of *nout entries. Returns
 * CALF_EUSAGE with the reason in why. */
int calf_cli_normalize(int argc, char **argv, char ***out, int *nout, char *why, size_t nwhy);
/* " (did you mean --patient?)" for an option close to one calfsim knows,
 * else "". */
void calf_cli_option_hint(const char *o, char *hint, size_t n);
/* The same hint in a static buffer (for one error message). */
const char *calf_cli_did_you_mean(const char *o);

#endif
