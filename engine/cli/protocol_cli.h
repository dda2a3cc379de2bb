/*
 * protocol_cli.h: what the verbs that run Lua protocols share: the folder of
 * shipped protocols and their library, opening a protocol with the run's
 * options, and routing --set values between protocol (or source) params and the
 * model registry.
 */
#ifndef CALF_PROTOCOL_CLI_H
#define CALF_PROTOCOL_CLI_H

#include "protocol.h"
#include "source.h"
#include "run_common.h"

/* protocols/ of this calfsim (CALFSIM_HOME/protocols when set). */
const char *calf_cli_protocol_dir(void);
/* Its lib/ folder, where `require` resolves shared protocol modules. */
const char *calf_cli_protocol_lib_dir(void);
/* Open path with --lua-mem, --lua-budget, --seed, --oracle and --verbose. */
/* A protocol given as FILE.lua:k=v[,k=v...] (e.g. compare A.lua
 * A.lua:growth=0.05): FILE.lua into file and the settings into *own (NULL
 * for a plain path). Returns 1 for such a spec, 0 for a plain path, -1 when
 * file is too small. calf_cli_open_protocol and calf_cli_open_sources open
 * such specs with the protocol's own parameters set. */
int calf_cli_spec_split(const char *spec, char *file, size_t nfile, const char **own);
int calf_cli_open_protocol(const char *path, const calf_run_args *a, calf_problem_fn report,
                           void *report_ud, calf_protocol **out, calf_error *err);
/* Apply every --set: protocol params first, then the registry (which names
 * the closest parameter when neither knows the name). */
int calf_cli_apply_protocol_sets(const calf_run_args *a, calf_protocol *p, calf_params *par,
                                 calf_error *err);
/* The research verbs' (cohort, sweep, compare --cohort) --set, where every
 * value must be a number: registry constants to par (when par is given), the
 * rest to every source that declares the parameter (when srcs is given; an
 * error when none does). */
int calf_cli_apply_research_sets(const char *verb, const char *const *sets, int nsets,
                                 calf_params *par, calf_source *const *srcs, int nsrc,
                                 calf_error *err);
/* Open each file as a source (protocol or plan CSV) on base and give the
 * sources their --set params. srcs starts NULL-filled; the caller closes it,
 * also after an error. */
int calf_cli_open_sources(const char *verb, const char *const *files, int nfiles,
                          const calf_model *base, const calf_source_opts *so,
                          const char *const *sets, int nsets, calf_source **srcs, calf_error *err);

/* --population POP.lua of cohort and sensitivity: load it into a new
 * *pop (freed by the caller) and, when no --patient was given, take its
 * base profile as *patient (a usage error when it has none). */
struct calf_population;
int calf_cli_population(const char *verb, const char *path, const char **patient,
                        struct calf_population **pop, calf_error *err);

/* What cohort and sweep do before they run: par from the defaults and the
 * registry --set values, the patient and the model calibrated to it, then
 * each file opened as a source on that model (with seed and --verbose) and
 * given its --set params. srcs starts NULL-filled; the caller closes it, also
 * after an error. */
int calf_cli_research_setup(const char *verb, const char *patient, const char *const *files,
                            int nfiles, uint64_t seed, const char *const *sets, int nsets,
                            calf_params *par, calf_patient *pt, calf_model *base,
                            calf_source **srcs, calf_error *err);

/* The protocol path of `calfsim run` (verb_run_protocol.c). */
int calf_run_protocol(const calf_run_args *a);

#endif
