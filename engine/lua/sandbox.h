/*
 * sandbox.h: the Lua sandbox every protocol, library module and patient file
 * runs in. One fresh interpreter per instance, a memory cap on growth, an
 * instruction budget per call that a pcall inside the script cannot swallow,
 * only the safe standard libraries, strict globals, text-only loading,
 * `require` limited to protocol library folders, and math.random backed by a
 * seeded GSL generator. The struct is opaque: this header does not include
 * lua.h (engine/lua/sandbox_lua.h is the internal view).
 */
#ifndef CALF_SANDBOX_H
#define CALF_SANDBOX_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define CALF_SANDBOX_MEM_DEFAULT    ((size_t)64 << 20) /* 64 MiB */
#define CALF_SANDBOX_BUDGET_DEFAULT 20000000L          /* instructions per call */

typedef struct calf_sandbox calf_sandbox;

typedef struct calf_sandbox_opts {
    size_t mem_limit;    /* bytes of Lua heap; 0 = CALF_SANDBOX_MEM_DEFAULT */
    long budget;         /* VM instructions per call; 0 = CALF_SANDBOX_BUDGET_DEFAULT */
    uint64_t seed;       /* math.random seed */
    int bare;            /* 1 = open no library at all (data files such as patients) */
    const char *lib_dir; /* shared module folder (protocols/lib), or NULL */
    int verbose;         /* append a traceback to error messages */
    int no_hints;        /* CALF_SANDBOX_HINT_* a message must not advise (the verb
                          * rejects that option); a bare sandbox advises none */
} calf_sandbox_opts;

#define CALF_SANDBOX_HINT_MEM    1 /* "raise it with --lua-mem" */
#define CALF_SANDBOX_HINT_BUDGET 2 /* "raise it with --lua-budget" */

int calf_sandbox_open(calf_sandbox **out, const calf_sandbox_opts *opts, calf_error *err);
void calf_sandbox_close(calf_sandbox *sb);
/* Run a script file in the sandbox and discard its results (tests, tools). */
int calf_sandbox_run_file(calf_sandbox *sb, const char *path, calf_error *err);
/* Bytes of Lua heap in use now, and the most ever used. */
size_t calf_sandbox_mem_used(const calf_sandbox *sb);
size_t calf_sandbox_mem_peak(const calf_sandbox *sb);

#endif
