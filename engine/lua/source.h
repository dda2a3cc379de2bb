/*
 * source.h: where a simulation's daily plans come from, for the verbs and
 * the study API that run many simulations (sweep, cohort, script): a Lua
 * protocol file, a plan CSV file, or plan CSV text (a study's table of plan
 * rows). A calf_source is opened once (checked, parameters overridden); each
 * thread then makes its own instance (its own Lua state, or its own copy of
 * the plan, since sessions carry per-patient load caches) and binds it to a
 * calibrated patient for each run. calf_source_factory wraps an array of
 * sources as the cohort runner's planner factory. No lua.h here.
 */
#ifndef CALF_SOURCE_H
#define CALF_SOURCE_H

#include <stddef.h>
#include <stdint.h>

#include "cohort.h"
#include "error.h"
#include "sandbox.h"
#include "sim.h"

#define CALF_SOURCE_NOPARAM (-1)

typedef struct calf_source calf_source;
typedef struct calf_source_inst calf_source_inst;

typedef struct calf_source_opts {
    size_t mem_limit;    /* Lua heap per instance; 0 = default */
    long budget;         /* instructions per callback; 0 = default */
    uint64_t seed;       /* math.random seed of protocols */
    const char *lib_dir; /* protocols/lib; NULL = "lib" next to the protocol file */
    int verbose;
    int no_hints; /* CALF_SANDBOX_HINT_* messages must not advise (sandbox.h) */
} calf_source_opts;

/* Open a protocol (*.lua) or a plan CSV (any other name). base calibrates
 * blank plan speeds (a plan's blank speed is the base profile's easy speed). */
int calf_source_open(calf_source **out, const char *path, const calf_model *base,
                     const calf_source_opts *opts, calf_error *err);
/* A plan given as CSV text (name is used in messages). */
int calf_source_open_plan_text(calf_source **out, const char *name, const char *text, size_t len,
                               const calf_model *base, calf_error *err);
void calf_source_close(calf_source *s);
/* Override a protocol parameter; CALF_SOURCE_NOPARAM when the source has no
 * parameter of that name (plans have none). */
int calf_source_set(calf_source *s, const char *name, double v, calf_error *err);
/* Protocol or plan name, its path, and a hash of its parameters. */
const char *calf_source_name(const calf_source *s);
const char *calf_source_path(const calf_source *s);
uint64_t calf_source_hash(const calf_source *s, uint64_t h);
/* Days a plan covers (0 for protocols). */
int calf_source_days(const calf_source *s);

int calf_source_instance(const calf_source *s, calf_source_inst **out, calf_error *err);
/* A planner for one run of patient m (fresh protocol state; m outlives the run). */
int calf_source_bind(calf_source_inst *in, const calf_model *m, calf_planner *out, calf_error *err);
void calf_source_instance_free(calf_source_inst *in);
/* The math.random seed of the next bind (protocols; plans ignore it). */
void calf_source_reseed(calf_source_inst *in, uint64_t seed);

/* One simulation of m under s (a fresh instance). trace may be NULL. */
int calf_source_simulate(const calf_source *s, const calf_model *m, int days, calf_trace *trace,
                         calf_summary *sum, calf_error *err);

/* The cohort factory over srcs[0..n-1] (the array must outlive the run). */
calf_planner_factory calf_source_factory(calf_source *const *srcs);

#endif
