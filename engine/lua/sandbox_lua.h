/*
 * sandbox_lua.h: the sandbox as seen by the rest of engine/lua (protocol
 * runtime, patient loader). It exposes the lua_State and the one protected
 * call helper through which every C -> Lua call goes. Not installed, not
 * included outside engine/lua.
 */
#ifndef CALF_SANDBOX_LUA_H
#define CALF_SANDBOX_LUA_H

#include <lauxlib.h>
#include <lua.h>

#include "sandbox.h"

lua_State *calf_sandbox_state(calf_sandbox *sb);
/* Call the function below nargs arguments on the stack, under the budget and
 * the memory cap, with a traceback handler. On error fills err with
 * "file:LINE: message" (CALF_ESCRIPT), leaves nothing of the call on the stack. */
int calf_sandbox_pcall(calf_sandbox *sb, int nargs, int nres, calf_error *err);
/* Load a file as text with "@path" as chunk name and run it; its first
 * result (or nil) is left on the stack. New globals are allowed only while a
 * file's top level runs. */
int calf_sandbox_dofile(calf_sandbox *sb, const char *path, calf_error *err);
/* A fresh module state for each run (cohort patients, sweep points):
 * calf_sandbox_snapshot records the global table, the libraries and the
 * string metatable (call it after the sandbox's own globals are set, before
 * the script file runs); calf_sandbox_rerun puts them back as recorded,
 * forgets the modules `require` loaded and runs the last file's compiled
 * chunk again (its module-level locals are new), leaving its first result
 * on the stack. calf_sandbox_reseed restarts math.random from seed. */
int calf_sandbox_snapshot(calf_sandbox *sb, calf_error *err);
int calf_sandbox_rerun(calf_sandbox *sb, calf_error *err);
void calf_sandbox_reseed(calf_sandbox *sb, uint64_t seed);
/* Stop the script with e (its code, e.g. CALF_EIO, and message): like the
 * budget, no pcall in the script can swallow it, and calf_sandbox_pcall
 * returns e. Raises a Lua error (does not return). */
int calf_sandbox_fatal(lua_State *L, const calf_error *e);
/* "file:LINE" of the Lua function at the given stack level of L, or of the
 * function value on top of the stack when level < 0 (its definition line). */
void calf_sandbox_where(lua_State *L, int level, char *buf, size_t n);
/* The script file currently (or last) loaded; for messages without a line. */
const char *calf_sandbox_file(const calf_sandbox *sb);
int calf_sandbox_verbose(const calf_sandbox *sb);

#endif
