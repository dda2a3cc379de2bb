/*
 * study.h: the study-scripting API behind `calfsim script STUDY.lua`. A
 * study runs in the same sandbox as protocols (safe libraries only, strict
 * globals, memory cap, instruction budget) with one extra global table,
 * `calfsim`: patient, simulate, sweep, cohort, write_csv, plot (see
 * docs/scripting.md). Files are written only inside the output folder, under
 * names that are checked (letters, digits, '.', '_', '-'; no separators, no
 * "..", not hidden, not absolute, no NUL byte), each opening with a
 * provenance line (version, study, seed, param_hash over the registry and
 * the script's bytes). Figures go through a callback the caller
 * provides (the CLI runs gnuplot templates), so engine/lua needs no plotting.
 * Other tools (lessons, explain) reuse the runtime and add functions to the
 * `calfsim` table through the `extra` callback. No lua.h here.
 */
#ifndef CALF_STUDY_H
#define CALF_STUDY_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

struct lua_State;

/* Draw a figure: install and run template tmpl in dir with args
 * (NULL-terminated). */
typedef int (*calf_study_plot_fn)(void *ud, const char *dir, const char *tmpl,
                                  const char *const args[], calf_error *err);
/* Add functions to the calfsim table, which is on top of L's stack; return 0. */
typedef int (*calf_study_extra_fn)(struct lua_State *L, void *ud);

/* The folders a study may read inputs from (patients, protocols, plans):
 * its own folder, the shipped protocols/ and scripts/, and the folders the
 * command line names (--allow-read DIR), each as its real path. */
#define CALF_READ_ROOTS_MAX 12
typedef struct calf_read_roots {
    int n;
    char dir[CALF_READ_ROOTS_MAX][4096];
} calf_read_roots;
/* Fill r from the study's folder, the protocol library folder (its parent
 * is protocols/, whose sibling is scripts/) and the extra folders (a
 * NULL-terminated list, may be NULL). A folder that does not exist is
 * skipped; an --allow-read folder that does not exist is an error. */
int calf_read_roots_init(calf_read_roots *r, const char *script_dir, const char *lib_dir,
                         const char *const *allow, calf_error *err);
/* The path to read for input p (as given, else relative to script_dir) in
 * out; refused (CALF_ESCRIPT, one line naming p as given) when it lies
 * outside every root, whether or not it exists. roots NULL: no check. */
int calf_read_path(const calf_read_roots *roots, const char *script_dir, const char *p, char *out,
                   size_t n, calf_error *err);

typedef struct calf_study_opts {
    const char *out_dir;          /* where write_csv and plot write (created on first write) */
    const char *out_shown;        /* calfsim.out: the folder as the user named it (else out_dir) */
    uint64_t seed;                /* default cohort seed and math.random seed */
    int threads;                  /* cohort threads; 0 = 1 */
    size_t mem_limit;             /* Lua heap of the study; 0 = 512 MiB */
    long budget;                  /* instructions of the study script; 0 = 2e9 */
    size_t proto_mem_limit;       /* Lua heap of each protocol the study runs; 0 = 64 MiB */
    long proto_budget;            /* instructions per protocol callback; 0 = 2e7 */
    const char *lib_dir;          /* protocol library folder for protocols the study runs */
    const calf_read_roots *roots; /* folders inputs may come from; NULL = anywhere */
    int verbose;
    calf_study_plot_fn plot;
    void *plot_ud;
    calf_study_extra_fn extra;
    void *extra_ud;
} calf_study_opts;

/* Run the study file. CALF_ESCRIPT for script errors and refused writes. */
int calf_study_run(const char *path, const calf_study_opts *opts, calf_error *err);
/* 1 when name is an acceptable output file name, else 0 (why in err). */
int calf_study_name_ok(const char *name, calf_error *err);
/* The path of an output file NAME under out_dir (created on first use,
 * *made remembers it): the one way study scripts and their extensions write. */
int calf_study_out_path(const char *out_dir, int *made, const char *name, char *path, size_t n,
                        calf_error *err);

#endif
