/*
 * lsession.h: the session constructors as Lua globals (run, walk_run, walk,
 * strength, isometric, neural, cross, rest, gait) and the "calf.Session"
 * userdata they return. Internal to engine/lua.
 */
#ifndef CALF_LSESSION_H
#define CALF_LSESSION_H

#include <lua.h>
#include <stdint.h>

#include "model.h"
#include "session.h"

#define CALF_SESSION_MT "calf.Session"

/* Register the constructors as globals. *model_slot is read at each call
 * (the patient's easy speed is the default kmh); it may be NULL until a
 * patient is bound. */
void lcalf_open_sessions(lua_State *L, const calf_model *const *model_slot);
/* A constructor's result: a compact, validated session (see lsession.c). */
typedef struct lcalf_session lcalf_session;

/* The session at idx, or NULL when the value is not a session. */
lcalf_session *lcalf_tosession(lua_State *L, int idx);
/* c's serial: unique among the sessions made by one interpreter, so a
 * session found again at an address is known from a newer one the collector
 * let take the place of a freed one. */
uint64_t lcalf_serial(const lcalf_session *c);
/* An interval run's repetitions, as run{intervals = ...} laid them out: the
 * count (0 when c is not an interval run), the index of the first
 * repetition's segment in *first, and in *rec 1 when a recovery segment
 * follows each repetition but the last. */
int lcalf_intervals(const lcalf_session *c, int *first, int *rec);
/* Expand c into the full session the engine reads, with an empty load cache
 * and instead = NULL; returns c's compact `instead` session, or NULL. */
const lcalf_session *lcalf_unpack(const lcalf_session *c, calf_session *out);

/* Names of the constructor fields, for the docs and `check`. */
extern const char *const lcalf_constructor_names[];

#endif
