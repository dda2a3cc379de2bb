/*
 * prules.h: a protocol's rules in compiled form, on the Lua side (internal
 * to engine/lua). prules_read turns the protocol table's `verdict`,
 * `update`, `limits` and `weeks` into a calf_rules (engine/core/rules.h)
 * once, when the protocol opens; prules_bind takes a patient's state and
 * sessions from ctx.state after init; prules_week then builds each week's
 * seven day plans in C, with no Lua call, interning the sessions it makes
 * (an item whose template and values were made before gets the same
 * session).
 */
#ifndef CALF_PRULES_H
#define CALF_PRULES_H

#include <lua.h>

#include "rules.h"
#include "session.h"

typedef struct prules prules;

/* The keys of the protocol table that make it a compiled protocol. */
extern const char *const prules_keys[]; /* "verdict", "update", "limits", "weeks", NULL */

/* Whether the protocol table at idx declares compiled rules (has `weeks`). */
int prules_declared(lua_State *L, int idx);
/* Read the rules of the protocol table at idx. pnames: the protocol's
 * parameter names (NULL-terminated), to check p.NAME at once. 0, or
 * CALF_ESCRIPT and err naming the field (*out NULL). May run Lua (a table's
 * metamethods): call inside a protected call; when Lua raises an error,
 * *out holds the rules half read, for the caller to prules_free. */
int prules_read(prules **out, lua_State *L, int idx, const char *path, const char *const *pnames,
                calf_error *err);
void prules_free(prules *r);
/* Bind a patient: the state variables and sessions of the ctx.state table
 * at idx, the parameter values (by the names given to prules_read). Starts
 * a fresh set of interned sessions. */
int prules_bind(prules *r, lua_State *L, int idx, const double *pvalues, calf_error *err);
/* Monday: updates, limits and the week's layout, into week[0..6]. */
int prules_week(prules *r, const calf_rules_week *w, calf_day_plan week[7], calf_error *err);
/* The rule set (for check and the docs' counts). */
const calf_rules *prules_rules(const prules *r);

#endif
