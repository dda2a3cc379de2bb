/*
 * study_lua.h: Lua-side helpers the study runtime shares with its extensions
 * (lessons, explain, oracle). Internal to engine/lua: it includes lua.h.
 */
#ifndef CALF_STUDY_LUA_H
#define CALF_STUDY_LUA_H

#include <lua.h>
#include <stdint.h>

#include "error.h"
#include "sim.h"

/* Push trace column c (an index into calf_trace_fields) of rows[0..n-1] as a
 * Lua array; empty values (NaN) become false so the array stays dense. */
void calf_study_push_column(lua_State *L, const calf_trace_row *rows, int n, int c);

/* weeks = or days = of the argument table at t, def when neither; a given
 * value outside lo..3640 is a Lua error. (calf_study_check_keys refuses
 * both together.) */
int calf_study_arg_days(lua_State *L, int t, int def, int lo);

/* Raise a Lua error (file:line of the caller, fn, the key, the allowed keys
 * and a "did you mean") when the argument table at t holds a key not in
 * allowed (NULL-terminated), or holds both weeks and days. */
void calf_study_check_keys(lua_State *L, int t, const char *fn, const char *const allowed[]);

/* A message of the sweep parser names "--vary NAME"; in a script the key is
 * set or vary: rewrite the prefix to "word NAME". Returns e->code. */
int calf_study_vary_rename(calf_error *e, const char *word);

/* The string argument at idx as a checked output file name (as
 * calf_study_name_ok, and no NUL byte inside: a Lua string may hold one). */
int calf_study_lua_name_ok(lua_State *L, int idx, calf_error *err);

/* The running study's provenance line ("# calfsim VERSION; study: NAME;
 * seed: S; param_hash: H\n", as calfsim.write_csv writes it) with its seed
 * and hash, for files the extensions write; NULL outside a study. */
const char *calf_study_prov(lua_State *L, uint64_t *seed, uint64_t *hash);

#endif
