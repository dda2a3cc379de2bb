/*
 * patient_load.c: the patient-profile loader. The file runs in a bare
 * sandbox; the returned table is then walked inside a protected call (so an
 * allocation failure cannot escape) in two passes: first every key is
 * checked against the field table (unknown keys are reported, the
 * alphabetically first one, with a suggestion), then every known field is
 * read in table order, so the first error reported never depends on Lua's
 * hash order.
 */
#include "patient_load.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "sandbox_lua.h"

typedef struct walk_ctx {
    const char *path;
    calf_patient *pt;
    calf_error *err;
    int rc;
    char unknown[256]; /* smallest unknown dotted key so far */
    int unknown_type;  /* CALF_PF_* expected when a key has the wrong shape */
} walk_ctx;

static int fail(walk_ctx *w, int code, const char *fmt, const char *a, const char *b)
{
    char msg[768];
    snprintf(msg, sizeof(msg), fmt, a, b);
    w->rc = calf_error_set(w->err, code, "%s: %s", w->path, msg);
    return w->rc;
}

/* Pass 1: every key of the table at idx (with dotted prefix) must be known. */
static void find_unknown(lua_State *L, int idx, const char *prefix, walk_ctx *w)
{
    lua_pushnil(L);                 /* [.. nil] */
    while (lua_next(L, idx) != 0) { /* [.. key value] */
        char full[256];
        if (lua_type(L, -2) != LUA_TSTRING) {
            snprintf(full, sizeof(full), "%s%s[%s key]", prefix, prefix[0] ? "" : "",
                     luaL_typename(L, -2));
        } else {
            snprintf(full, sizeof(full), "%s%s%s", prefix, prefix[0] ? "." : "",
                     lua_tostring(L, -2));
        }
        const calf_patient_field *f =
            lua_type(L, -2) == LUA_TSTRING ? calf_patient_field_find(full) : NULL;
        if (!f) {
            if (!w->unknown[0] || strcmp(full, w->unknown) < 0)
                snprintf(w->unknown, sizeof(w->unknown), "%s", full);
        } else if (f->type == CALF_PF_TABLE && lua_type(L, -1) == LUA_TTABLE) {
            find_unknown(L, lua_gettop(L), full, w);
        }
        lua_pop(L, 1); /* [.. key] */
    }
}

static const char *type_word(int t)
{
    switch (t) {
    case CALF_PF_NUMBER:
        return "a number";
    case CALF_PF_TABLE:
        return "a table";
    default:
        return "a string";
    }
}

/* Push the value at a dotted path below the table at idx (nil if absent). */
static void push_path(lua_State *L, int idx, const char *path)
{
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", path);
    lua_pushvalue(L, idx); /* [t] */
    char *part = buf;
    for (;;) {
        char *dot = strchr(part, '.');
        if (dot)
            *dot = '\0';
        if (lua_type(L, -1) != LUA_TTABLE) {
            lua_pop(L, 1);
            lua_pushnil(L);
            return;
        }
        lua_getfield(L, -1, part); /* [t v] */
        lua_remove(L, -2);         /* [v] */
        if (!dot)
            return;
        part = dot + 1;
    }
}

static int walk_k(lua_State *L)
{
    walk_ctx *w = lua_touserdata(L, 2);
    /* [root w] */
    if (lua_type(L, 1) != LUA_TTABLE)
        return fail(w, CALF_EINPUT, "a patient file must return a table (it returned %s%s)",
                    luaL_typename(L, 1), ""),
               0;
    find_unknown(L, 1, "", w);
    if (w->unknown[0]) {
        const char *s = calf_patient_suggest(w->unknown);
        char hint[300] = "";
        if (s)
            snprintf(hint, sizeof(hint), " (did you mean %s?)", s);
        fail(w, CALF_EINPUT, "unknown field '%s'%s", w->unknown, hint);
        return 0;
    }
    for (size_t i = 0; i < calf_patient_field_count; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        push_path(L, 1, f->path); /* [root w v] */
        int t = lua_type(L, -1);
        if (t == LUA_TNIL) {
            lua_pop(L, 1);
            if (!f->optional) {
                char what[300];
                snprintf(what, sizeof(what), "%s%s%s", f->meaning, f->unit[0] ? ", " : "", f->unit);
                return fail(w, CALF_EINPUT, "missing field '%s' (%s)", f->path, what), 0;
            }
            continue;
        }
        int want = f->type == CALF_PF_ENUM ? CALF_PF_STRING : f->type;
        int have = t == LUA_TNUMBER   ? CALF_PF_NUMBER
                   : t == LUA_TSTRING ? CALF_PF_STRING
                   : t == LUA_TTABLE  ? CALF_PF_TABLE
                                      : -1;
        if (have != want) {
            char expect[128];
            snprintf(expect, sizeof(expect), "%s, got a %s value", type_word(want),
                     luaL_typename(L, -1));
            return fail(w, CALF_EINPUT, "%s: expected %s", f->path, expect), 0;
        }
        int rc = CALF_OK;
        if (f->type == CALF_PF_NUMBER) {
            double v = lua_tonumber(L, -1);
            if (!isfinite(v)) {
                const char *val = isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
                return fail(w, CALF_EINPUT, "%s = %s: must be a finite number", f->path, val), 0;
            }
            rc = calf_patient_set_number(w->pt, f->path, v, w->err);
        } else if (want == CALF_PF_STRING) {
            rc = calf_patient_set_string(w->pt, f->path, lua_tostring(L, -1), w->err);
        }
        lua_pop(L, 1); /* [root w] */
        if (rc) {
            w->rc = calf_error_prefix(w->err, w->path);
            return 0;
        }
        if (i < CALF_PATIENT_MAX_FIELDS)
            w->pt->given[i] = 1;
    }
    calf_patient_derive_defaults(w->pt);
    return 0;
}

int calf_patient_load(const char *path, calf_patient *out, calf_error *err)
{
    calf_sandbox_opts o = {
        .mem_limit = CALF_PATIENT_MEM_LIMIT, .budget = CALF_PATIENT_BUDGET, .bare = 1};
    calf_sandbox *sb = NULL;
    int rc = calf_sandbox_open(&sb, &o, err);
    if (rc)
        return rc;
    calf_patient_defaults(out);
    rc = calf_sandbox_dofile(sb, path, err); /* [root] */
    if (rc == CALF_OK) {
        lua_State *L = calf_sandbox_state(sb);
        walk_ctx w = {.path = path, .pt = out, .err = err};
        lua_pushcfunction(L, walk_k); /* [root f] */
        lua_insert(L, -2);            /* [f root] */
        lua_pushlightuserdata(L, &w); /* [f root w] */
        rc = calf_sandbox_pcall(sb, 2, 0, err);
        if (rc == CALF_OK)
            rc = w.rc;
    }
    if (rc == CALF_OK && calf_patient_validate(out, err))
        rc = calf_error_prefix(err, path);
    calf_sandbox_close(sb);
    return rc;
}
