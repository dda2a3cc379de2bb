/*
 * protocol.h: a rehab protocol written in Lua (DESIGN.md "Protocol API") as a
 * calf_planner for the daily loop. A protocol file returns a table with name,
 * source, summary, optional params, optional init, week and optional day;
 * it runs in its own sandbox (engine/lua/sandbox.h). Sessions made by the
 * constructors (run{}, strength{}, ...) are validated at the call and held
 * as calf_session values that the engine reads directly. The struct is
 * opaque; this header does not include lua.h.
 */
#ifndef CALF_PROTOCOL_H
#define CALF_PROTOCOL_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "progress.h"
#include "sim.h"

/* calf_protocol_set_param: the name is not a parameter of this protocol
 * (err filled too); callers may then try the model registry. */
#define CALF_PROTOCOL_NOPARAM    (-1)
#define CALF_PROTOCOL_MAX_PARAMS 64

typedef struct calf_protocol calf_protocol;

/* Called once per problem found while opening (calfsim check lists them all). */
typedef void (*calf_problem_fn)(void *ud, const calf_error *problem);

typedef struct calf_protocol_opts {
    size_t mem_limit;    /* Lua heap cap in bytes; 0 = 64 MiB */
    long budget;         /* instructions per callback; 0 = default */
    uint64_t seed;       /* math.random seed */
    int oracle;          /* expose ctx.latent */
    int verbose;         /* tracebacks in messages */
    int no_hints;        /* CALF_SANDBOX_HINT_* messages must not advise (sandbox.h) */
    const char *lib_dir; /* protocols/lib, for require "lib.x" */
    /* If report is set, open reports every problem through it, not only the
     * first, and returns the protocol (CALF_OK) whenever it loaded and has a
     * week function, so a dry run can look for more. */
    calf_problem_fn report;
    void *report_ud;
} calf_protocol_opts;

/* Load the file and check the returned table's shape and params. */
int calf_protocol_open(calf_protocol **out, const char *path, const calf_protocol_opts *opts,
                       calf_error *err);
void calf_protocol_close(calf_protocol *p);
/* Override a declared parameter (range-checked); CALF_PROTOCOL_NOPARAM if unknown. */
int calf_protocol_set_param(calf_protocol *p, const char *name, double value, calf_error *err);
/* Bind to a calibrated patient model, build ctx, run init; out plans each day.
 * p and m must outlive the simulation. Calling it again starts a fresh ctx
 * and a fresh module state (the file's chunk runs again over the globals and
 * libraries as they were before it first ran) with math.random restarted
 * from the open's seed or the one given to calf_protocol_reseed. */
int calf_protocol_planner(calf_protocol *p, const calf_model *m, calf_planner *out,
                          calf_error *err);

/* The math.random seed of the next calf_protocol_planner call (a cohort's
 * per-patient seed). */
void calf_protocol_reseed(calf_protocol *p, uint64_t seed);

const char *calf_protocol_name(const calf_protocol *p);
const char *calf_protocol_summary(const calf_protocol *p);
const char *calf_protocol_source(const calf_protocol *p);
const char *calf_protocol_path(const calf_protocol *p);
/* The protocol's declared adaptation rules (its `adapt` table), in plain
 * words: NULL when not declared. */
enum {
    CALF_ADAPT_PROGRESS,
    CALF_ADAPT_HOLD,
    CALF_ADAPT_REGRESS,
    CALF_ADAPT_SYMPTOMS,
    CALF_ADAPT_COUNT
};
const char *calf_protocol_adapt(const calf_protocol *p, int which);
/* Which path the protocol's weeks take, in words, into buf: rules
 * evaluated in C (verdict, update, limits, weeks) or Lua callbacks, and
 * why (`calfsim check` prints it). After a run, says whether a weekly
 * `progress` table governed its last week. */
const char *calf_protocol_route(const calf_protocol *p, char *buf, size_t n);
/* Whether a weekly `progress` rule governs the current week (during a run,
 * after the day's planning); its fields into *rule when it does. */
int calf_protocol_progress_rule(const calf_protocol *p, calf_progress_rule *rule);
int calf_protocol_param_count(const calf_protocol *p);
/* Parameter i: name, value, and range (-inf/inf when undeclared). */
void calf_protocol_param(const calf_protocol *p, int i, const char **name, double *value,
                         double *lo, double *hi);
/* FNV-1a over the parameter names and values, continuing from h. */
uint64_t calf_protocol_param_hash(const calf_protocol *p, uint64_t h);

#endif
