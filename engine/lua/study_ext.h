/*
 * study_ext.h: extra functions for study scripts and lessons, added to the
 * `calfsim` table through the study runtime's extension hook
 * (calf_study_opts.extra):
 *   calfsim.explain{...}  why one day went the way it did: the Shapley split
 *                         of the engine's counterfactuals (engine/core/explain.h);
 *   calfsim.oracle{...}   a simulation in oracle (teaching) mode whose trace
 *                         comes back as plain Lua arrays, hidden state included;
 *   calfsim.reveal{...}   the hidden-state figure (capacity, sensitisation,
 *                         damage, fatigue) of one or more oracle runs.
 * See docs/teaching.md. Names of files written are checked like every study
 * output (calf_study_name_ok); figures go through the study plot callback.
 * No lua.h here.
 */
#ifndef CALF_STUDY_EXT_H
#define CALF_STUDY_EXT_H

#include <stddef.h>
#include <stdint.h>

#include "study.h"

struct lua_State;

typedef struct calf_study_ext {
    const char *script_dir;       /* relative patient/protocol paths are tried here */
    const char *out_dir;          /* named outputs go here; NULL or "" = writing refused */
    const char *lib_dir;          /* protocols/lib for protocols the script runs */
    const calf_read_roots *roots; /* folders inputs may come from; NULL = anywhere */
    uint64_t seed;                /* protocol math.random seed */
    size_t mem_limit;             /* Lua heap of each protocol; 0 = default */
    long budget;                  /* instructions per protocol callback; 0 = default */
    int verbose;
    calf_study_plot_fn plot; /* NULL: data and no figure */
    void *plot_ud;
    int out_made; /* internal: output folder created */
} calf_study_ext;

/* The extension hook: adds explain, oracle and reveal to the calfsim table
 * on top of L's stack. ud is a calf_study_ext that outlives the run. */
int calf_study_ext_register(struct lua_State *L, void *ud);

#endif
