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

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
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

/* The line of the file where the dotted field is written ("habitual.easy_kmh":
 * the first "easy_kmh =" after the first "habitual ="), outside comments;
 * for a field not written, the line of the deepest table that is, or of
 * "return"; 0 when nothing is found. A patient file is a data file, so finding
 * the key in its text is what a reader does too. */
static int field_line(const char *path, const char *dotted)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return 0;
    enum { MAX_TEXT = 1 << 18 };
    char *text = malloc(MAX_TEXT + 2);
    if (!text) {
        fclose(fp);
        return 0;
    }
    size_t n = fread(text, 1, MAX_TEXT, fp);
    fclose(fp);
    text[n] = text[n + 1] = '\0';
    char buf[256];
    snprintf(buf, sizeof(buf), "%s", dotted);
    size_t pos = 0;
    int line = 0;
    for (char *part = buf; part && *part;) {
        char *dot = strchr(part, '.');
        if (dot)
            *dot = '\0';
        size_t pl = strlen(part), found = (size_t)-1;
        int in_comment = 0;
        for (size_t i = 0; i < n; i++) {
            if (text[i] == '\n') {
                in_comment = 0;
                continue;
            }
            if (text[i] == '-' && text[i + 1] == '-')
                in_comment = 1;
            if (in_comment || i < pos || strncmp(text + i, part, pl) != 0)
                continue;
            char before = i ? text[i - 1] : ' ';
            if (isalnum((unsigned char)before) || before == '_')
                continue;
            size_t j = i + pl;
            while (text[j] == ' ' || text[j] == '\t')
                j++;
            if (text[j] == '=' && text[j + 1] != '=') {
                found = j;
                break;
            }
        }
        if (found == (size_t)-1)
            break;
        pos = found;
        line = 1;
        for (size_t i = 0; i < found; i++)
            line += text[i] == '\n';
        part = dot ? dot + 1 : NULL;
    }
    if (line == 0) { /* nothing written: the line that returns the profile */
        const char *r = strstr(text, "return");
        if (r) {
            line = 1;
            for (const char *c = text; c < r; c++)
                line += *c == '\n';
        }
    }
    free(text);
    return line;
}

/* "FILE:LINE" of a field (just FILE when its line is not found). */
static void where(const walk_ctx *w, const char *field, char *out, size_t n)
{
    int line = field ? field_line(w->path, field) : 0;
    if (line > 0)
        snprintf(out, n, "%s:%d", w->path, line);
    else
        snprintf(out, n, "%s", w->path);
}

static int fail_at(walk_ctx *w, const char *field, int code, const char *fmt, const char *a,
                   const char *b)
{
    char msg[768], at[600];
    snprintf(msg, sizeof(msg), fmt, a, b);
    where(w, field, at, sizeof(at));
    w->rc = calf_error_set(w->err, code, "%s: %s", at, msg);
    return w->rc;
}

static int fail(walk_ctx *w, int code, const char *fmt, const char *a, const char *b)
{
    return fail_at(w, NULL, code, fmt, a, b);
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
        fail_at(w, w->unknown, CALF_EINPUT, "unknown field '%s'%s", w->unknown, hint);
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
                return fail_at(w, f->path, CALF_EINPUT, "missing field '%s' (%s)", f->path, what),
                       0;
            }
            continue;
        }
        int want = f->type == CALF_PF_ENUM ? CALF_PF_STRING : f->type;
        int have = t == LUA_TNUMBER   ? CALF_PF_NUMBER
                   : t == LUA_TSTRING ? CALF_PF_STRING
                   : t == LUA_TTABLE  ? CALF_PF_TABLE
                                      : -1;
        if (have != want) {
            /* the value echoed back when it can be printed */
            char expect[300];
            if (t == LUA_TSTRING)
                snprintf(expect, sizeof(expect), " = \"%.60s\": expected %s", lua_tostring(L, -1),
                         type_word(want));
            else if (t == LUA_TNUMBER)
                snprintf(expect, sizeof(expect), " = %.6g: expected %s", lua_tonumber(L, -1),
                         type_word(want));
            else
                snprintf(expect, sizeof(expect), ": expected %s, got a %s value", type_word(want),
                         luaL_typename(L, -1));
            return fail_at(w, f->path, CALF_EINPUT, "%s%s", f->path, expect), 0;
        }
        int rc = CALF_OK;
        if (f->type == CALF_PF_NUMBER) {
            double v = lua_tonumber(L, -1);
            if (!isfinite(v)) {
                const char *val = isnan(v) ? "nan" : (v > 0 ? "inf" : "-inf");
                return fail_at(w, f->path, CALF_EINPUT, "%s = %s: must be a finite number", f->path,
                               val),
                       0;
            }
            rc = calf_patient_set_number(w->pt, f->path, v, w->err);
        } else if (want == CALF_PF_STRING) {
            rc = calf_patient_set_string(w->pt, f->path, lua_tostring(L, -1), w->err);
        }
        lua_pop(L, 1); /* [root w] */
        if (rc) {
            char at[600];
            where(w, f->path, at, sizeof(at));
            w->rc = calf_error_prefix(w->err, at);
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
