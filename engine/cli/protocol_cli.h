/*
 * protocol_cli.h: what the verbs that run Lua protocols share: the folder of
 * shipped protocols and their library, opening a protocol with the run's
 * options, and routing --set values between the protocol's params and the
 * model registry.
 */
#ifndef CALF_PROTOCOL_CLI_H
#define CALF_PROTOCOL_CLI_H

#include "protocol.h"
#include "run_common.h"

/* protocols/ of this calfsim (CALFSIM_HOME/protocols when set). */
const char *calf_cli_protocol_dir(void);
/* Its lib/ folder, where `require` resolves shared protocol modules. */
const char *calf_cli_protocol_lib_dir(void);
/* Open path with --lua-mem, --lua-budget, --seed, --oracle and --verbose. */
int calf_cli_open_protocol(const char *path, const calf_run_args *a, calf_problem_fn report,
                           void *report_ud, calf_protocol **out, calf_error *err);
/* Apply every --set: protocol params first, then the registry (which names
 * the closest parameter when neither knows the name). */
int calf_cli_apply_protocol_sets(const calf_run_args *a, calf_protocol *p, calf_params *par,
                                 calf_error *err);
/* The protocol path of `calfsim run` (verb_run_protocol.c). */
int calf_run_protocol(const calf_run_args *a);

#endif
