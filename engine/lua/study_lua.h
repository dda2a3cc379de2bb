/*
 * study_lua.h: Lua-side helpers the study runtime shares with its extensions
 * (lessons, explain, oracle). Internal to engine/lua: it includes lua.h.
 */
#ifndef CALF_STUDY_LUA_H
#define CALF_STUDY_LUA_H

#include <lua.h>

#include "sim.h"

/* Push trace column c (an index into calf_trace_fields) of rows[0..n-1] as a
 * Lua array; empty values (NaN) become false so the array stays dense. */
void calf_study_push_column(lua_State *L, const calf_trace_row *rows, int n, int c);

/* weeks = or days = of the argument table at t (days wins when both are
 * given), def when neither; a given value outside lo..3640 is a Lua error. */
int calf_study_arg_days(lua_State *L, int t, int def, int lo);

#endif
