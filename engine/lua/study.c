/*
 * study.c: the study runtime (study.h). The calfsim table's functions are C
 * closures sharing one study record; each does its work in C helpers that
 * free what they own before any Lua error is raised. Patients are
 * "calf.Patient" userdata; a simulation's trace is a "calf.Trace" userdata
 * indexed by column name (result.trace.capacity is an array over days).
 */
/* realpath (XSI) */
#define _XOPEN_SOURCE 700

#include "study.h"
#include "study_gsa.h"
#include "study_lua.h"

#include <lauxlib.h>
#include <limits.h>
#include <lua.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cohort.h"
#include "patient_load.h"
#include "sandbox_lua.h"
#include "source.h"
#include "sweep.h"
#include "util.h"

#define PATIENT_MT "calf.Patient"
#define TRACE_MT   "calf.Trace"

typedef struct study {
    calf_study_opts o;
    char dir[4096]; /* folder of the study file */
    char out[4096]; /* output folder ("" = writing refused) */
    int out_made;
    char prov[512];      /* first line of every file written: version, seed, hash */
    uint64_t seed, hash; /* the seed and param_hash of prov */
    calf_sandbox *sb;
} study;

/* The study in the Lua registry, for extensions (calf_study_prov). */
#define STUDY_KEY "calf.study"

const char *calf_study_prov(lua_State *L, uint64_t *seed, uint64_t *hash)
{
    lua_getfield(L, LUA_REGISTRYINDEX, STUDY_KEY);
    const study *s = lua_touserdata(L, -1);
    lua_pop(L, 1);
    if (!s)
        return NULL;
    *seed = s->seed;
    *hash = s->hash;
    return s->prov;
}

static study *get_study(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* A failed call: a Lua error, except that an I/O failure (a file that
 * cannot be read or written, a full disk) stops the study with exit code 4,
 * which no pcall in the script can swallow. */
static int fail_err(lua_State *L, const calf_error *e)
{
    if (e->code == CALF_EIO)
        return calf_sandbox_fatal(L, e);
    return luaL_error(L, "%s", e->msg);
}

/* ---- resources held across Lua calls ------------------------------------ */

/* What a call owns while it still reads Lua values (any of which may raise
 * an error): the cohort's sources and result, an output file being written.
 * It lives in a to-be-closed userdata, so an error in the middle closes the
 * sources and removes the temporary file (the __gc is a second net). */
#define HOLD_MT "calf.StudyHold"
typedef struct study_hold {
    calf_source *srcs[CALF_COHORT_MAX_PROTOCOLS];
    calf_cohort_result r;
    calf_trace tr;
    calf_afile af;
    int af_open;
} study_hold;

static int hold_release(lua_State *L)
{
    study_hold *h = luaL_checkudata(L, 1, HOLD_MT);
    for (int k = 0; k < CALF_COHORT_MAX_PROTOCOLS; k++) {
        calf_source_close(h->srcs[k]);
        h->srcs[k] = NULL;
    }
    calf_cohort_result_free(&h->r);
    memset(&h->r, 0, sizeof(h->r));
    calf_trace_free(&h->tr);
    memset(&h->tr, 0, sizeof(h->tr));
    if (h->af_open)
        calf_afile_abort(&h->af);
    h->af_open = 0;
    return 0;
}

/* A new, empty hold on top of the stack, closed when the calling C
 * function returns or raises. */
static study_hold *push_hold(lua_State *L)
{
    study_hold *h = lua_newuserdatauv(L, sizeof(*h), 0); /* [.. h] */
    memset(h, 0, sizeof(*h));
    luaL_setmetatable(L, HOLD_MT);
    lua_toclose(L, -1);
    return h;
}

/* ---- names and files ---------------------------------------------------- */

int calf_study_name_ok(const char *name, calf_error *err)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > 120)
        return calf_error_set(err, CALF_ESCRIPT, "file name \"%.130s\": 1 to 120 characters",
                              name ? name : ""),
               0;
    if (name[0] == '.')
        return calf_error_set(err, CALF_ESCRIPT,
                              "file name \"%s\": refused (starts with '.': hidden or '..')", name),
               0;
    if (strstr(name, ".."))
        return calf_error_set(err, CALF_ESCRIPT, "file name \"%s\": refused (contains '..')", name),
               0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '.' || c == '_' || c == '-';
        if (!ok)
            return calf_error_set(err, CALF_ESCRIPT,
                                  "file name \"%s\": refused (only letters, digits, '.', '_' and "
                                  "'-'; no folders, no absolute paths)",
                                  name),
                   0;
    }
    return 1;
}

int calf_study_lua_name_ok(lua_State *L, int idx, calf_error *err)
{
    size_t len = 0;
    const char *name = lua_tolstring(L, idx, &len);
    if (name && strlen(name) != len) { /* the C checks would stop at the NUL */
        const char *rest = name + strlen(name) + 1;
        return calf_error_set(err, CALF_ESCRIPT,
                              "file name \"%.60s\\0%.60s\": refused (contains a NUL byte)", name,
                              rest),
               0;
    }
    return calf_study_name_ok(name, err);
}

int calf_study_out_path(const char *out_dir, int *made, const char *name, char *path, size_t n,
                        calf_error *err)
{
    if (!calf_study_name_ok(name, err))
        return CALF_ESCRIPT;
    if (!out_dir || !out_dir[0])
        return calf_error_set(err, CALF_ESCRIPT, "writing \"%s\": no output folder (--out DIR)",
                              name);
    if (!*made) {
        int rc = calf_mkdirs(out_dir, err);
        if (rc)
            return rc;
        *made = 1;
    }
    return calf_path_join(path, n, out_dir, name, err);
}

static int out_path(study *s, const char *name, char *path, size_t n, calf_error *err)
{
    return calf_study_out_path(s->out, &s->out_made, name, path, n, err);
}

/* ---- where inputs may be read from --------------------------------------- */

static int add_root(calf_read_roots *r, const char *dir)
{
    if (r->n >= CALF_READ_ROOTS_MAX)
        return -1;
    char real[PATH_MAX];
    if (!realpath(dir, real))
        return -1;
    snprintf(r->dir[r->n++], sizeof(r->dir[0]), "%s", real);
    return 0;
}

int calf_read_roots_init(calf_read_roots *r, const char *script_dir, const char *lib_dir,
                         const char *const *allow, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    add_root(r, script_dir && script_dir[0] ? script_dir : ".");
    if (lib_dir) {
        char d[4096 + 32];
        snprintf(d, sizeof(d), "%s/..", lib_dir); /* protocols/ */
        add_root(r, d);
        snprintf(d, sizeof(d), "%s/../../scripts", lib_dir);
        add_root(r, d);
    }
    for (int i = 0; allow && allow[i]; i++)
        if (add_root(r, allow[i]))
            return calf_error_set(err, CALF_EUSAGE,
                                  "--allow-read \"%s\": not a folder that can be read", allow[i]);
    return CALF_OK;
}

/* The absolute form of p with "." and ".." taken out, without asking the
 * file system (for a path that does not exist). */
static void lexical_abs(const char *p, char *out, size_t n)
{
    char buf[8192];
    char cwd[4096] = "/";
    if (p[0] != '/' && !getcwd(cwd, sizeof(cwd)))
        snprintf(cwd, sizeof(cwd), "/");
    snprintf(buf, sizeof(buf), "%s/%s", p[0] == '/' ? "" : cwd, p);
    size_t o = 0;
    out[0] = '\0';
    for (char *seg = buf; *seg;) {
        char *end = strchr(seg, '/');
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            while (o > 0 && out[o - 1] != '/')
                o--;
            if (o > 0)
                o--;
            out[o] = '\0';
        } else if (len > 0 && !(len == 1 && seg[0] == '.') && o + len + 2 < n) {
            out[o++] = '/';
            memcpy(out + o, seg, len);
            o += len;
            out[o] = '\0';
        }
        seg += len + (end ? 1 : 0);
    }
    if (o == 0)
        snprintf(out, n, "/");
}

static int under_root(const calf_read_roots *r, const char *path)
{
    char real[PATH_MAX], abs[4096];
    if (realpath(path, real)) /* symbolic links followed to where they lead */
        snprintf(abs, sizeof(abs), "%s", real);
    else
        lexical_abs(path, abs, sizeof(abs));
    for (int i = 0; i < r->n; i++) {
        size_t l = strlen(r->dir[i]);
        if (strncmp(abs, r->dir[i], l) == 0 && (abs[l] == '/' || abs[l] == '\0' || l == 1))
            return 1;
    }
    return 0;
}

int calf_read_path(const calf_read_roots *roots, const char *script_dir, const char *p, char *out,
                   size_t n, calf_error *err)
{
    snprintf(out, n, "%s", p);
    FILE *fp = fopen(p, "r");
    if (fp)
        fclose(fp);
    else if (p[0] != '/' && script_dir && script_dir[0]) {
        char rel[8192];
        snprintf(rel, sizeof(rel), "%s/%s", script_dir, p);
        fp = fopen(rel, "r");
        if (fp) {
            fclose(fp);
            snprintf(out, n, "%s", rel);
        }
    }
    if (roots && !under_root(roots, out))
        return calf_error_set(err, CALF_ESCRIPT,
                              "\"%.300s\": refused: a study reads inputs only from its own folder, "
                              "protocols/ and scripts/ (name another folder with --allow-read DIR)",
                              p);
    return CALF_OK;
}

/* A readable input path: as given, else relative to the study's folder;
 * a Lua error when it lies outside the folders a study may read. */
static void in_path(lua_State *L, study *s, const char *p, char *out, size_t n)
{
    calf_error e = {0};
    if (calf_read_path(s->o.roots, s->dir, p, out, n, &e))
        fail_err(L, &e);
}

/* ---- patients ----------------------------------------------------------- */

static calf_patient *push_patient(lua_State *L)
{
    calf_patient *p = lua_newuserdatauv(L, sizeof(calf_patient), 0);
    calf_patient_defaults(p);
    luaL_setmetatable(L, PATIENT_MT);
    return p;
}

/* Patient fields nest at most this deep (symptoms.fast.kmh is 3). */
#define PATIENT_MAX_DEPTH 4

static void fill_table(lua_State *L, int idx, const char *prefix, calf_patient *p, int depth)
{
    if (depth > PATIENT_MAX_DEPTH)
        luaL_error(L,
                   "calfsim.patient: '%s' nests tables more than %d deep (no patient field does)",
                   prefix, PATIENT_MAX_DEPTH);
    luaL_checkstack(L, 4, "calfsim.patient: nested tables");
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* [.. k v] */
        if (lua_type(L, -2) != LUA_TSTRING)
            luaL_error(L, "calfsim.patient: keys must be field names");
        const char *k = lua_tostring(L, -2);
        char path[256];
        const int len = snprintf(path, sizeof(path), "%s%s%s", prefix, prefix[0] ? "." : "", k);
        if (len < 0 || (size_t)len >= sizeof(path))
            luaL_error(L,
                       "calfsim.patient: a field path longer than %d characters (no patient "
                       "field is)",
                       (int)sizeof(path) - 1);
        if (!prefix[0] && strcmp(k, "base") == 0) {
            lua_pop(L, 1);
            continue;
        }
        calf_error e = {0};
        int t = lua_type(L, -1);
        if (t == LUA_TTABLE) {
            fill_table(L, lua_gettop(L), path, p, depth + 1);
        } else {
            const calf_patient_field *f = calf_patient_field_find(path);
            if (!f) {
                const char *sg = calf_patient_suggest(path);
                luaL_error(L, "calfsim.patient: unknown field '%s'%s%s%s", path,
                           sg ? " (did you mean " : "", sg ? sg : "", sg ? "?)" : "");
            }
            int rc;
            if (t == LUA_TNUMBER)
                rc = calf_patient_set_number(p, path, lua_tonumber(L, -1), &e);
            else if (t == LUA_TSTRING)
                rc = calf_patient_set_string(p, path, lua_tostring(L, -1), &e);
            else
                rc = calf_error_set(&e, CALF_ESCRIPT, "calfsim.patient: field '%s' is a %s", path,
                                    luaL_typename(L, -1));
            if (rc)
                fail_err(L, &e);
        }
        lua_pop(L, 1);
    }
}

/* calfsim.patient(path | table): a table may start from base = path or patient. */
static int l_patient(lua_State *L)
{
    study *s = get_study(L);
    calf_error e = {0};
    char path[4096];
    if (lua_type(L, 1) == LUA_TSTRING) {
        calf_patient *p = push_patient(L);
        in_path(L, s, lua_tostring(L, 1), path, sizeof(path));
        if (calf_patient_load(path, p, &e))
            return fail_err(L, &e);
        return 1;
    }
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_patient *p = push_patient(L);   /* [t p] */
    int bt = lua_getfield(L, 1, "base"); /* [t p base] */
    if (bt == LUA_TSTRING) {
        in_path(L, s, lua_tostring(L, -1), path, sizeof(path));
        if (calf_patient_load(path, p, &e))
            return fail_err(L, &e);
    } else if (bt == LUA_TUSERDATA) {
        *p = *(calf_patient *)luaL_checkudata(L, -1, PATIENT_MT);
    } else if (bt != LUA_TNIL) {
        return luaL_error(L, "calfsim.patient: base must be a file name or a patient");
    }
    lua_pop(L, 1);
    fill_table(L, 1, "", p, 1);
    if (calf_patient_validate(p, &e))
        return fail_err(L, &e);
    return 1;
}

static int patient_index(lua_State *L)
{
    calf_patient *p = luaL_checkudata(L, 1, PATIENT_MT);
    const char *k = luaL_checkstring(L, 2);
    const calf_patient_field *f = calf_patient_field_find(k);
    double v;
    if (f && f->type == CALF_PF_STRING) {
        lua_pushstring(L, (const char *)p + f->offset);
        return 1;
    }
    if (f && f->type == CALF_PF_ENUM) {
        int i = *(const int *)((const char *)p + f->offset);
        lua_pushstring(L, f->choices[i]);
        return 1;
    }
    if (calf_patient_get_number(p, k, &v) != 0)
        return luaL_error(L, "patient: unknown field '%s'", k);
    if (isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
    return 1;
}

/* The patient argument of simulate/sweep/cohort: userdata or a file name. */
static int arg_patient(lua_State *L, study *s, int t, calf_patient *out, calf_error *e)
{
    int ty = lua_getfield(L, t, "patient");
    int rc = CALF_OK;
    if (ty == LUA_TUSERDATA && luaL_testudata(L, -1, PATIENT_MT)) {
        *out = *(calf_patient *)lua_touserdata(L, -1);
    } else if (ty == LUA_TSTRING) {
        char path[4096];
        in_path(L, s, lua_tostring(L, -1), path, sizeof(path));
        rc = calf_patient_load(path, out, e);
    } else {
        rc = calf_error_set(e, CALF_ESCRIPT,
                            "patient = calfsim.patient(...) or a patient file name is required");
    }
    lua_pop(L, 1);
    return rc;
}

/* ---- arguments shared by simulate, sweep, cohort ------------------------ */

void calf_study_check_keys(lua_State *L, int t, const char *fn, const char *const allowed[])
{
    char list[512];
    calf_join_list(list, sizeof(list), allowed, NULL);
    int has_weeks = 0, has_days = 0;
    lua_pushnil(L);
    while (lua_next(L, t)) { /* [.. k v] */
        lua_pop(L, 1);       /* [.. k] */
        if (lua_type(L, -1) != LUA_TSTRING)
            luaL_error(L, "%s: keys are names; allowed: %s", fn, list);
        size_t len;
        const char *k = lua_tolstring(L, -1, &len);
        int i = 0;
        while (allowed[i] && (strlen(allowed[i]) != len || strcmp(allowed[i], k) != 0))
            i++;
        if (allowed[i]) {
            has_weeks |= strcmp(k, "weeks") == 0;
            has_days |= strcmp(k, "days") == 0;
            continue;
        }
        const char *best = NULL;
        int bestd = 1000;
        for (int j = 0; allowed[j]; j++) {
            int d = calf_edit_distance(k, allowed[j]);
            if (d < bestd) {
                bestd = d;
                best = allowed[j];
            }
        }
        if (len != strlen(k) || bestd > (len <= 4 ? 1 : (len <= 8 ? 2 : 3)))
            best = NULL;
        char key[64]; /* luaL_error has no precision: cut it here */
        snprintf(key, sizeof(key), "%s", k);
        luaL_error(L, "%s: unknown key '%s'%s%s%s; allowed: %s", fn, key,
                   best ? " (did you mean " : "", best ? best : "", best ? "?)" : "", list);
    }
    if (has_weeks && has_days)
        luaL_error(L, "%s: weeks and days given together; allowed one of them", fn);
}

int calf_study_vary_rename(calf_error *e, const char *word)
{
    size_t w = strlen(word);
    if (strncmp(e->msg, "--vary ", 7) == 0 && w < 7) { /* shorter: rewrite in place */
        size_t rest = strlen(e->msg + 7) + 1;
        memcpy(e->msg, word, w);
        e->msg[w] = ' ';
        memmove(e->msg + w + 1, e->msg + 7, rest);
    }
    return e->code;
}

int calf_study_arg_days(lua_State *L, int t, int def, int lo)
{
    int days = def, given = 0;
    if (lua_getfield(L, t, "weeks") != LUA_TNIL) {
        days = (int)luaL_checkinteger(L, -1) * 7;
        given = 1;
    }
    lua_pop(L, 1);
    if (lua_getfield(L, t, "days") != LUA_TNIL) {
        days = (int)luaL_checkinteger(L, -1);
        given = 1;
    }
    lua_pop(L, 1);
    if (given && (days < lo || days > 3640))
        luaL_error(L, "weeks/days = %d days: allowed 1 to 520 weeks (3640 days)", days);
    return days;
}

/* Apply set = {name = value}: registry constants and patient.FIELD to
 * par/pt; other names to the sources (an error when none has them). */
static int apply_set(lua_State *L, int t, calf_params *par, calf_patient *pt, calf_source **srcs,
                     int nsrc, calf_error *e)
{
    int rc = CALF_OK;
    if (lua_getfield(L, t, "set") == LUA_TTABLE) {
        int st = lua_gettop(L);
        lua_pushnil(L);
        while (!rc && lua_next(L, st)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || !lua_isnumber(L, -1)) {
                rc = calf_error_set(e, CALF_ESCRIPT, "set: expected name = number");
                lua_pop(L, 2);
                break;
            }
            char spec[256];
            snprintf(spec, sizeof(spec), "%s=%.17g", k, lua_tonumber(L, -1));
            calf_sweep_var v;
            rc = calf_sweep_parse_var(spec, &v, e);
            if (!rc) {
                if (v.kind != CALF_VAR_PROTOCOL) {
                    rc = calf_sweep_apply(&v, v.lo, par, pt, NULL, e);
                } else if (srcs) { /* protocol parameters: second pass, sources open */
                    int used = 0;
                    for (int i = 0; !rc && i < nsrc; i++) {
                        int r2 = calf_source_set(srcs[i], k, v.lo, e);
                        if (r2 == CALF_SOURCE_NOPARAM)
                            continue;
                        rc = r2;
                        used = 1;
                    }
                    if (!rc && !used)
                        rc = calf_sweep_apply(&v, v.lo, par, pt, NULL, e);
                }
            }
            lua_pop(L, 1);
        }
        if (rc) {
            lua_settop(L, st);
            calf_study_vary_rename(e, "set"); /* the key is set, not --vary */
        }
    }
    lua_pop(L, 1);
    return rc;
}

/* Plan rows {{day=1, kind="run", km=3}, ...} as plan CSV text. */
static int rows_to_csv(lua_State *L, int idx, luaL_Buffer *b)
{
    static const char *const cols[] = {"day",       "kind",   "exercise",     "km",      "kmh",
                                       "sets",      "reps",   "rm",           "pct_1rm", "minutes",
                                       "step_rate", "strike", "stop_at_pain", NULL};
    for (int c = 0; cols[c]; c++) {
        luaL_addstring(b, c ? "," : "");
        luaL_addstring(b, cols[c]);
    }
    luaL_addchar(b, '\n');
    lua_Integer n = luaL_len(L, idx);
    for (lua_Integer r = 1; r <= n; r++) {
        if (lua_rawgeti(L, idx, r) != LUA_TTABLE)
            return luaL_error(L, "protocol rows: row %d is not a table", (int)r);
        int rt = lua_gettop(L);
        for (int c = 0; cols[c]; c++) {
            if (c)
                luaL_addchar(b, ',');
            int t = lua_getfield(L, rt, cols[c]);
            if (t == LUA_TNUMBER) {
                char num[64];
                snprintf(num, sizeof(num), "%.17g", lua_tonumber(L, -1));
                lua_pop(L, 1);
                luaL_addstring(b, num);
            } else if (t == LUA_TSTRING) {
                const char *v = lua_tostring(L, -1);
                if (strpbrk(v, ",\"\n\r"))
                    return luaL_error(L, "protocol rows: row %d, %s: no commas or quotes", (int)r,
                                      cols[c]);
                char cell[128];
                snprintf(cell, sizeof(cell), "%s", v);
                lua_pop(L, 1);
                luaL_addstring(b, cell);
            } else {
                lua_pop(L, 1);
            }
        }
        luaL_addchar(b, '\n');
        lua_pop(L, 1);
    }
    return 0;
}

/* The protocol argument: a protocol file, a plan CSV file, or plan rows. */
static int arg_source(lua_State *L, study *s, int vidx, const calf_model *base, calf_source **out,
                      calf_error *e)
{
    *out = NULL;
    if (lua_type(L, vidx) == LUA_TSTRING) {
        char path[4096];
        in_path(L, s, lua_tostring(L, vidx), path, sizeof(path));
        calf_source_opts so = {0};
        so.mem_limit = s->o.proto_mem_limit;
        so.budget = s->o.proto_budget;
        so.seed = s->o.seed;
        so.lib_dir = s->o.lib_dir;
        so.verbose = s->o.verbose;
        return calf_source_open(out, path, base, &so, e);
    }
    if (lua_type(L, vidx) == LUA_TTABLE) {
        luaL_Buffer b;
        luaL_buffinit(L, &b);
        rows_to_csv(L, vidx, &b);
        luaL_pushresult(&b);
        size_t len;
        const char *text = lua_tolstring(L, -1, &len);
        int rc = calf_source_open_plan_text(out, "protocol rows", text, len, base, e);
        lua_pop(L, 1);
        return rc;
    }
    return calf_error_set(e, CALF_ESCRIPT,
                          "protocol = a protocol file, a plan CSV file or a list of plan rows");
}

/* ---- simulate ------------------------------------------------------------ */

typedef struct ltrace {
    int n;
    calf_trace_row rows[];
} ltrace;

void calf_study_push_column(lua_State *L, const calf_trace_row *rows, int n, int c)
{
    const calf_trace_field *f = &calf_trace_fields[c];
    lua_createtable(L, n, 0); /* [col] */
    for (int i = 0; i < n; i++) {
        const char *base = (const char *)&rows[i] + f->offset;
        if (f->is_int) {
            lua_pushinteger(L, *(const int *)base);
        } else {
            double v = *(const double *)base;
            if (isnan(v))
                lua_pushboolean(L, 0); /* placeholder keeps the array dense */
            else
                lua_pushnumber(L, v);
        }
        lua_rawseti(L, -2, i + 1);
    }
}

static int trace_index(lua_State *L)
{
    ltrace *t = luaL_checkudata(L, 1, TRACE_MT);
    const char *k = luaL_checkstring(L, 2);
    for (int c = 0; calf_trace_fields[c].name; c++) {
        if (strcmp(calf_trace_fields[c].name, k) == 0) {
            calf_study_push_column(L, t->rows, t->n, c); /* [ud k col] */
            return 1;
        }
    }
    return luaL_error(L, "trace: no column '%s' (see the columns of trace.csv)", k);
}

static int trace_len(lua_State *L)
{
    ltrace *t = luaL_checkudata(L, 1, TRACE_MT);
    lua_pushinteger(L, t->n);
    return 1;
}

static void push_metrics(lua_State *L, const calf_summary *sum)
{
    for (int k = 0; calf_summary_fields[k].name; k++) {
        double v = calf_metric(sum, k);
        if (isnan(v))
            continue; /* nil: never */
        lua_pushnumber(L, v);
        lua_setfield(L, -2, calf_summary_fields[k].name);
    }
}

/* What simulate and sweep share: the patient (arg 1's patient field), the
 * registry and patient --set values, a calibrated model, and the protocol or
 * plan source with its own set values. */
static int open_study_run(lua_State *L, study *s, calf_params *par, calf_patient *pt, calf_model *m,
                          calf_source **src, calf_error *e)
{
    int rc = arg_patient(L, s, 1, pt, e);
    if (!rc)
        rc = apply_set(L, 1, par, pt, NULL, 0, e);
    if (!rc)
        rc = calf_model_init(m, par, pt, e);
    if (!rc) {
        lua_getfield(L, 1, "protocol"); /* [.. protocol] */
        rc = arg_source(L, s, lua_gettop(L), m, src, e);
        lua_pop(L, 1); /* [..] */
    }
    if (!rc)
        rc = apply_set(L, 1, par, pt, src, 1, e);
    return rc;
}

static const char *const simulate_keys[] = {"patient", "protocol", "weeks", "days", "set", NULL};
static const char *const sweep_keys[] = {"patient", "protocol", "weeks", "days",
                                         "set",     "vary",     NULL};
static const char *const cohort_keys[] = {"patient",     "protocols",    "n",       "weeks",
                                          "days",        "seed",         "threads", "set",
                                          "vary_params", "vary_patient", NULL};

static int l_simulate(lua_State *L)
{
    study *s = get_study(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, "calfsim.simulate", simulate_keys);
    calf_error e = {0};
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_model m;
    calf_summary sum;
    int days = calf_study_arg_days(L, 1, 0, 1);
    study_hold *h = push_hold(L); /* the source and the trace, closed on any error */
    calf_trace *tr = &h->tr;
    int rc = open_study_run(L, s, &par, &pt, &m, &h->srcs[0], &e);
    calf_source *src = h->srcs[0];
    if (!rc)
        rc = calf_model_init(&m, &par, &pt, &e); /* after the protocol's own sets */
    if (!rc) {
        if (days <= 0)
            days = calf_source_days(src) > 0 ? calf_source_days(src) : 182;
        rc = calf_source_simulate(src, &m, days, tr, &sum, &e);
    }
    if (!rc) {
        lua_createtable(L, 0, 16);
        push_metrics(L, &sum);
        lua_pushinteger(L, days);
        lua_setfield(L, -2, "days");
        lua_pushstring(L, calf_source_name(src));
        lua_setfield(L, -2, "protocol");
        ltrace *t =
            lua_newuserdatauv(L, sizeof(ltrace) + (size_t)tr->n * sizeof(calf_trace_row), 0);
        t->n = tr->n;
        if (tr->n)
            memcpy(t->rows, tr->rows, (size_t)tr->n * sizeof(calf_trace_row));
        luaL_setmetatable(L, TRACE_MT);
        lua_setfield(L, -2, "trace");
    }
    if (rc)
        return fail_err(L, &e);
    return 1; /* the hold is closed on return */
}

/* ---- sweep --------------------------------------------------------------- */

static int l_sweep(lua_State *L)
{
    study *s = get_study(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, "calfsim.sweep", sweep_keys);
    calf_error e = {0};
    calf_params par;
    calf_params_default(&par);
    calf_patient pt;
    calf_model m;
    calf_sweep_var vars[CALF_SWEEP_MAX_VARS];
    int nvars = 0;
    int days = calf_study_arg_days(L, 1, 0, 1);
    if (lua_getfield(L, 1, "vary") != LUA_TTABLE)
        return luaL_error(L, "calfsim.sweep: vary = {\"name=lo:hi:step\", ...} (1 to 3)");
    lua_Integer nv = luaL_len(L, -1);
    if (nv < 1 || nv > CALF_SWEEP_MAX_VARS)
        return luaL_error(L, "calfsim.sweep: vary holds 1 to 3 \"name=lo:hi:step\" strings");
    for (lua_Integer i = 1; i <= nv; i++) {
        lua_rawgeti(L, -1, i);
        const char *spec = lua_tostring(L, -1);
        if (!spec || calf_sweep_parse_var(spec, &vars[nvars++], &e)) {
            if (!spec)
                return luaL_error(L, "calfsim.sweep: vary entries are strings");
            calf_study_vary_rename(&e, "vary");
            return fail_err(L, &e);
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    long total = 1;
    for (int i = 0; i < nvars; i++)
        total *= vars[i].n;
    if (total > CALF_SWEEP_MAX_POINTS)
        return luaL_error(L, "calfsim.sweep: %d grid points; allowed at most %d", (int)total,
                          CALF_SWEEP_MAX_POINTS);
    study_hold *h = push_hold(L); /* the source, closed on any error */
    int rc = open_study_run(L, s, &par, &pt, &m, &h->srcs[0], &e);
    if (rc)
        return fail_err(L, &e);
    calf_source *src = h->srcs[0];
    lua_createtable(L, (int)total, 0);
    for (long p = 0; p < total && !rc; p++) {
        long q = p;
        double x[CALF_SWEEP_MAX_VARS];
        for (int i = 0; i < nvars; i++) {
            x[i] = calf_sweep_value(&vars[i], (int)(q % vars[i].n));
            q /= vars[i].n;
        }
        calf_summary sum;
        rc = calf_sweep_point(src, &par, &pt, vars, nvars, x, days, NULL, &sum, &e);
        if (rc) {
            calf_study_vary_rename(&e, "vary");
            break;
        }
        lua_createtable(L, 0, 16);
        for (int i = 0; i < nvars; i++) {
            lua_pushnumber(L, x[i]);
            lua_setfield(L, -2, vars[i].name);
        }
        push_metrics(L, &sum);
        lua_rawseti(L, -2, p + 1);
    }
    if (rc)
        return fail_err(L, &e);
    return 1; /* the hold is closed on return */
}

/* ---- cohort -------------------------------------------------------------- */

static void push_band(lua_State *L, const calf_cohort_result *r, int k, int b)
{
    static const double qs[3] = {0.1, 0.5, 0.9};
    static const char *const qn[3] = {"p10", "p50", "p90"};
    lua_createtable(L, 0, 3);
    for (int q = 0; q < 3; q++) {
        lua_createtable(L, r->days, 0);
        for (int d = 1; d <= r->days; d++) {
            lua_pushnumber(L, calf_cohort_band(r, k, d, b, qs[q]));
            lua_rawseti(L, -2, d);
        }
        lua_setfield(L, -2, qn[q]);
    }
}

static void setnum(lua_State *L, const char *k, double v)
{
    if (isnan(v))
        return;
    lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

static int l_cohort(lua_State *L)
{
    study *s = get_study(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, "calfsim.cohort", cohort_keys);
    calf_error e = {0};
    calf_cohort_spec sp;
    memset(&sp, 0, sizeof(sp));
    calf_params_default(&sp.par);
    sp.days = calf_study_arg_days(L, 1, 182, 1);
    sp.n = 1000;
    sp.seed = s->o.seed;
    sp.threads = s->o.threads > 0 ? s->o.threads : 1;
    sp.vary_params = sp.vary_patient = 1;
    if (lua_getfield(L, 1, "n") != LUA_TNIL)
        sp.n = (long)luaL_checkinteger(L, -1);
    if (lua_getfield(L, 1, "seed") != LUA_TNIL) {
        lua_Integer sd = luaL_checkinteger(L, -1);
        if (sd < 0 || sd > 2147483647)
            return luaL_error(L, "calfsim.cohort: seed = %I: allowed 0 to 2147483647 (as --seed)",
                              sd);
        sp.seed = (uint64_t)sd;
    }
    if (lua_getfield(L, 1, "threads") != LUA_TNIL) {
        /* the range on the number, before it is made an int */
        lua_Number t = luaL_checknumber(L, -1);
        if (!(t >= 1 && t <= 256) || t != floor(t))
            return luaL_error(L, "calfsim.cohort: threads = %s: allowed 1 to 256 (as --threads)",
                              luaL_tolstring(L, -1, NULL));
        sp.threads = (int)t;
    }
    static const char *const vary[] = {"vary_params", "vary_patient"};
    double *vary_to[] = {&sp.vary_params, &sp.vary_patient};
    for (int i = 0; i < 2; i++) { /* as --vary-params and --vary-patient */
        if (lua_getfield(L, 1, vary[i]) == LUA_TNIL)
            continue;
        lua_Number v = luaL_checknumber(L, -1);
        if (!(v >= 0 && v <= CALF_COHORT_VARY_MAX))
            return luaL_error(L, "calfsim.cohort: %s = %s: allowed 0 to %d (as --%s)", vary[i],
                              luaL_tolstring(L, -1, NULL), CALF_COHORT_VARY_MAX,
                              i ? "vary-patient" : "vary-params");
        *vary_to[i] = v;
    }
    lua_pop(L, 5);
    if (sp.n < 1 || sp.n > 100000000L)
        return luaL_error(L, "calfsim.cohort: n allowed 1 to 100000000");
    if (lua_getfield(L, 1, "protocols") != LUA_TTABLE)
        return luaL_error(L, "calfsim.cohort: protocols = {file, ...} (1 to %d)",
                          CALF_COHORT_MAX_PROTOCOLS);
    int pt_idx = lua_gettop(L);
    lua_Integer np = luaL_len(L, pt_idx);
    if (np < 1 || np > CALF_COHORT_MAX_PROTOCOLS)
        return luaL_error(L, "calfsim.cohort: 1 to %d protocols", CALF_COHORT_MAX_PROTOCOLS);
    calf_model base;
    study_hold *h = push_hold(L);
    calf_source **srcs = h->srcs;
    int rc = arg_patient(L, s, 1, &sp.pt, &e);
    if (!rc)
        rc = apply_set(L, 1, &sp.par, &sp.pt, NULL, 0, &e);
    if (!rc)
        rc = calf_model_init(&base, &sp.par, &sp.pt, &e);
    for (int k = 0; !rc && k < np; k++) {
        lua_rawgeti(L, pt_idx, k + 1);
        rc = arg_source(L, s, lua_gettop(L), &base, &srcs[k], &e);
        lua_pop(L, 1);
    }
    if (!rc)
        rc = apply_set(L, 1, &sp.par, &sp.pt, srcs, (int)np, &e);
    calf_cohort_result *r = &h->r;
    if (!rc) {
        sp.nprotocols = (int)np;
        sp.factory = calf_source_factory(srcs);
        rc = calf_cohort_run(&sp, r, &e);
    }
    if (!rc) {
        lua_createtable(L, 0, 4);
        lua_pushinteger(L, r->n);
        lua_setfield(L, -2, "n");
        lua_pushinteger(L, r->days);
        lua_setfield(L, -2, "days");
        lua_pushinteger(L, r->rejected_draws);
        lua_setfield(L, -2, "rejected_draws");
        lua_pushinteger(L, r->numeric_redraws);
        lua_setfield(L, -2, "numeric_redraws");
        lua_createtable(L, r->nprotocols, 0);
        for (int k = 0; k < r->nprotocols; k++) {
            const calf_cohort_protocol *p = &r->proto[k];
            lua_createtable(L, 0, 12);
            lua_pushstring(L, calf_source_name(srcs[k]));
            lua_setfield(L, -2, "name");
            setnum(L, "p_goal", (double)p->goal_n / r->n);
            setnum(L, "p_flare", (double)p->flare_n / r->n);
            setnum(L, "p_injury_event", (double)p->injury_n / r->n);
            lua_createtable(L, r->days / 7, 0);
            for (int w = 1; w * 7 <= r->days; w++) {
                lua_pushnumber(L, calf_cohort_p_goal_by(r, k, w * 7));
                lua_rawseti(L, -2, w);
            }
            lua_setfield(L, -2, "p_goal_by_week");
            lua_createtable(L, 0, 3);
            setnum(L, "q25", calf_cohort_goal_quantile(r, k, 0.25));
            setnum(L, "median", calf_cohort_goal_quantile(r, k, 0.5));
            setnum(L, "q75", calf_cohort_goal_quantile(r, k, 0.75));
            lua_setfield(L, -2, "time_to_goal_days");
            lua_createtable(L, 0, CALF_PAIR_COUNT);
            for (int j = 0; j < CALF_PAIR_COUNT; j++)
                setnum(L, calf_pair_names[j], p->mean[j]);
            lua_setfield(L, -2, "mean");
            if (k > 0) {
                lua_createtable(L, 0, CALF_PAIR_COUNT);
                for (int j = 0; j < CALF_PAIR_COUNT; j++) {
                    lua_createtable(L, 0, 3);
                    setnum(L, "mean", p->diff[j].mean);
                    setnum(L, "lo", p->diff[j].lo);
                    setnum(L, "hi", p->diff[j].hi);
                    lua_setfield(L, -2, calf_pair_names[j]);
                }
                lua_setfield(L, -2, "paired_difference");
            }
            lua_createtable(L, 0, CALF_BAND_COUNT);
            for (int b = 0; b < CALF_BAND_COUNT; b++) {
                push_band(L, r, k, b);
                lua_setfield(L, -2, calf_band_names[b]);
            }
            lua_setfield(L, -2, "bands");
            lua_rawseti(L, -2, k + 1);
        }
        lua_setfield(L, -2, "protocols");
    }
    if (rc)
        return fail_err(L, &e); /* the hold closes the sources */
    return 1;                   /* the result table; the hold is closed on return */
}

/* ---- writing ------------------------------------------------------------- */

/* Column names: opts list, else the sorted string keys of the first row. */
static int columns(lua_State *L, int rows, int cols_idx)
{
    if (cols_idx && lua_istable(L, cols_idx)) {
        lua_pushvalue(L, cols_idx);
        return lua_gettop(L);
    }
    lua_newtable(L);
    int out = lua_gettop(L);
    if (lua_rawgeti(L, rows, 1) != LUA_TTABLE)
        luaL_error(L, "rows must be a non-empty list of tables");
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, -2)) {
        lua_pop(L, 1);
        if (lua_type(L, -1) == LUA_TSTRING) {
            lua_pushvalue(L, -1);
            lua_rawseti(L, out, ++n);
        }
    }
    lua_pop(L, 1);
    /* insertion sort by name (few columns) */
    for (int i = 2; i <= n; i++)
        for (int j = i; j > 1; j--) {
            lua_rawgeti(L, out, j - 1);
            lua_rawgeti(L, out, j);
            int gt = strcmp(lua_tostring(L, -2), lua_tostring(L, -1)) > 0;
            if (gt) {
                lua_rawseti(L, out, j - 1);
                lua_rawseti(L, out, j);
            } else {
                lua_pop(L, 2);
                break;
            }
        }
    return out;
}

static void put_cell(lua_State *L, FILE *fp, int csv)
{
    int t = lua_type(L, -1);
    if (t == LUA_TNUMBER) {
        double v = lua_tonumber(L, -1);
        if (lua_isinteger(L, -1))
            fprintf(fp, "%lld", (long long)lua_tointeger(L, -1));
        else if (isfinite(v))
            fprintf(fp, "%.6g", v);
        else if (!csv)
            fputs("NaN", fp);
    } else if (t == LUA_TSTRING) {
        const char *v = lua_tostring(L, -1);
        fputc('"', fp);
        for (; *v; v++) {
            if (*v == '"')
                fputc(csv ? '"' : '\'', fp);
            fputc((unsigned char)*v < 0x20 ? ' ' : *v, fp);
        }
        fputc('"', fp);
    } else if (t == LUA_TBOOLEAN) {
        fputs(lua_toboolean(L, -1) ? "1" : "0", fp);
    } else if (!csv) {
        fputs("NaN", fp);
    }
}

/* Write rows (a list of tables) with the given columns to name in out. */
static int write_rows(lua_State *L, study *s, const char *name, int rows, int cols, int csv,
                      const char *sep_key)
{
    calf_error e = {0};
    char path[4096];
    study_hold *h = push_hold(L); /* [.. hold] removes the temporary file on an error */
    int hold = lua_gettop(L);
    if (out_path(s, name, path, sizeof(path), &e) || calf_afile_open(&h->af, path, &e))
        return fail_err(L, &e);
    h->af_open = 1;
    lua_Integer nc = luaL_len(L, cols), nr = luaL_len(L, rows);
    fputs(s->prov, h->af.fp); /* "# calfsim VERSION; study: ...; seed: ...; param_hash: ..." */
    if (sep_key)
        fputs("# ", h->af.fp); /* heatmap data: the header is a comment */
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c);
        const char *cn = lua_tostring(L, -1);
        if (!cn || strpbrk(cn, "\",\n\r")) {
            return luaL_error(L, "column names are strings without commas or quotes");
        }
        fprintf(h->af.fp, "%s%s", c > 1 ? (csv ? "," : " ") : "", cn);
        lua_pop(L, 1);
    }
    fputc('\n', h->af.fp);
    double prev = NAN;
    for (lua_Integer r = 1; r <= nr; r++) {
        if (lua_rawgeti(L, rows, r) != LUA_TTABLE) {
            return luaL_error(L, "row %d is not a table", (int)r);
        }
        if (sep_key) { /* heatmap data: blank line when the slow column changes */
            lua_getfield(L, -1, sep_key);
            double y = lua_tonumber(L, -1);
            if (r > 1 && y != prev)
                fputc('\n', h->af.fp);
            prev = y;
            lua_pop(L, 1);
        }
        for (lua_Integer c = 1; c <= nc; c++) {
            if (c > 1)
                fputc(csv ? ',' : ' ', h->af.fp);
            lua_rawgeti(L, cols, c);
            lua_gettable(L, -2);
            put_cell(L, h->af.fp, csv);
            lua_pop(L, 1);
        }
        fputc('\n', h->af.fp);
        lua_pop(L, 1);
    }
    h->af_open = 0;
    if (calf_afile_commit(&h->af, &e))
        return fail_err(L, &e);
    lua_settop(L, hold - 1); /* closes the (now empty) hold */
    return 0;
}

static void check_columns(lua_State *L, int rows, int cols, const char *fn);

/* calfsim.write_csv(name, rows [, columns]): a column named in columns
 * must hold a value in at least one row (as calfsim.plot) */
static int l_write_csv(lua_State *L)
{
    study *s = get_study(L);
    const char *name = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    calf_error e = {0};
    if (!calf_study_lua_name_ok(L, 1, &e))
        return fail_err(L, &e);
    int cols = columns(L, 2, lua_istable(L, 3) ? 3 : 0);
    if (lua_istable(L, 3) && luaL_len(L, 2) > 0)
        check_columns(L, 2, cols, "calfsim.write_csv");
    write_rows(L, s, name, 2, cols, 1, NULL);
    return 0;
}

/* Every column named in cols must hold a value in at least one row: else a
 * Lua error naming the column and the columns the rows have. */
static void check_columns(lua_State *L, int rows, int cols, const char *fn)
{
    lua_Integer nc = luaL_len(L, cols), nr = luaL_len(L, rows);
    if (nr < 1)
        luaL_error(L, "%s: rows must be a non-empty list of tables", fn);
    for (lua_Integer c = 1; c <= nc; c++) {
        lua_rawgeti(L, cols, c); /* [.. name] */
        int found = 0;
        for (lua_Integer r = 1; r <= nr && !found; r++) {
            if (lua_rawgeti(L, rows, r) != LUA_TTABLE) /* [.. name row] */
                luaL_error(L, "%s: row %d is not a table", fn, (int)r);
            lua_pushvalue(L, -2);
            found = lua_gettable(L, -2) != LUA_TNIL; /* [.. name row v] */
            lua_pop(L, 2);                           /* [.. name] */
        }
        if (found) {
            lua_pop(L, 1);
            continue;
        }
        /* the columns the rows have: the union of their string keys, sorted */
        lua_newtable(L); /* [.. name set] */
        int set = lua_gettop(L);
        const char *names[64];
        int n = 0, more = 0;
        for (lua_Integer r = 1; r <= nr; r++) {
            lua_rawgeti(L, rows, r); /* [.. name set row] */
            lua_pushnil(L);
            while (lua_next(L, -2)) { /* [.. row k v] */
                lua_pop(L, 1);
                if (lua_type(L, -1) != LUA_TSTRING)
                    continue;
                lua_pushvalue(L, -1);
                if (lua_rawget(L, set) == LUA_TNIL) { /* [.. row k seen] */
                    lua_pushvalue(L, -2);
                    lua_pushboolean(L, 1);
                    lua_rawset(L, set); /* the set keeps the name alive */
                    if (n < (int)(sizeof(names) / sizeof(names[0])))
                        names[n++] = lua_tostring(L, -2);
                    else
                        more = 1;
                }
                lua_pop(L, 1); /* [.. row k] */
            }
            lua_pop(L, 1); /* [.. name set] */
        }
        for (int i = 1; i < n; i++) /* insertion sort (few columns) */
            for (int j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
                const char *t = names[j];
                names[j] = names[j - 1];
                names[j - 1] = t;
            }
        char list[600];
        size_t used = 0;
        list[0] = '\0';
        for (int i = 0; i < n; i++) {
            int w = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", names[i]);
            if (w < 0 || (size_t)w >= sizeof(list) - used) {
                more = 1;
                break;
            }
            used += (size_t)w;
        }
        luaL_error(L, "%s: no column '%s' in the rows; columns: %s%s", fn, lua_tostring(L, set - 1),
                   n ? list : "none", more ? ", ..." : "");
    }
}

/* calfsim.plot(kind, rows, opts): kind "lines" (opts.x, opts.y = {cols}) or
 * "heatmap" (opts.x, opts.y, opts.z; rows sorted by y then x); opts.name is
 * the base file name, opts.title the title. Names and columns are checked
 * before anything is written. */
static int l_plot(lua_State *L)
{
    study *s = get_study(L);
    const char *kind = luaL_checkstring(L, 1);
    luaL_checktype(L, 2, LUA_TTABLE);
    luaL_checktype(L, 3, LUA_TTABLE);
    calf_error e = {0};
    lua_getfield(L, 3, "name");
    int base_idx = lua_gettop(L);
    const char *base = lua_tostring(L, -1);
    lua_getfield(L, 3, "title");
    const char *title = lua_tostring(L, -1);
    lua_getfield(L, 3, "x");
    const char *x = lua_tostring(L, -1);
    lua_getfield(L, 3, "y");
    int y = lua_gettop(L);
    if (!base || !x)
        return luaL_error(L, "calfsim.plot: opts needs name and x");
    if (!title)
        title = base;
    char dat[160], ncol[16];
    snprintf(dat, sizeof(dat), "%s.dat", base);
    if (!calf_study_lua_name_ok(L, base_idx, &e) || !calf_study_name_ok(dat, &e))
        return fail_err(L, &e);
    lua_newtable(L);
    int cols = lua_gettop(L);
    lua_pushstring(L, x);
    lua_rawseti(L, cols, 1);
    int rc = CALF_OK;
    if (strcmp(kind, "lines") == 0) {
        if (!lua_istable(L, y))
            return luaL_error(L, "calfsim.plot lines: opts.y = {column, ...}");
        lua_Integer ny = luaL_len(L, y);
        if (ny < 1 || ny > 16)
            return luaL_error(L, "calfsim.plot lines: 1 to 16 y columns");
        for (lua_Integer i = 1; i <= ny; i++) {
            if (lua_rawgeti(L, y, i) != LUA_TSTRING)
                return luaL_error(L, "calfsim.plot lines: opts.y = {column, ...} (names)");
            lua_rawseti(L, cols, (int)i + 1);
        }
        check_columns(L, 2, cols, "calfsim.plot");
        write_rows(L, s, dat, 2, cols, 0, NULL);
        snprintf(ncol, sizeof(ncol), "%d", (int)ny);
        const char *args[] = {dat, title, base, x, ncol, NULL};
        if (s->o.plot)
            rc = s->o.plot(s->o.plot_ud, s->out, "sweep_lines.gp", args, &e);
    } else if (strcmp(kind, "heatmap") == 0) {
        lua_getfield(L, 3, "z");
        const char *z = lua_tostring(L, -1);
        const char *yn = lua_tostring(L, y);
        if (!yn || !z)
            return luaL_error(L, "calfsim.plot heatmap: opts.x, opts.y and opts.z name columns");
        lua_pushvalue(L, y);
        lua_rawseti(L, cols, 2);
        lua_pushvalue(L, -1);
        lua_rawseti(L, cols, 3);
        check_columns(L, 2, cols, "calfsim.plot");
        /* header as a comment so the image reads numbers only */
        write_rows(L, s, dat, 2, cols, 0, yn);
        const char *args[] = {dat, title, base, x, yn, "3", NULL};
        if (s->o.plot)
            rc = s->o.plot(s->o.plot_ud, s->out, "sweep_heatmap.gp", args, &e);
    } else {
        return luaL_error(L, "calfsim.plot: kind \"%s\"; allowed lines, heatmap", kind);
    }
    if (rc)
        return fail_err(L, &e);
    return 0;
}

/* ---- the run ------------------------------------------------------------- */

static const luaL_Reg api[] = {
    {"patient", l_patient},     {"simulate", l_simulate}, {"sweep", l_sweep}, {"cohort", l_cohort},
    {"write_csv", l_write_csv}, {"plot", l_plot},         {NULL, NULL}};

typedef struct setup_arg {
    study *s;
    int extra_rc;
} setup_arg;

/* A metatable named name with the metamethods fns, hidden from
 * getmetatable (scripts cannot change it). */
static void new_locked_mt(lua_State *L, const char *name, const luaL_Reg *fns)
{
    luaL_newmetatable(L, name); /* [mt] */
    luaL_setfuncs(L, fns, 0);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1); /* [] */
}

static int setup_k(lua_State *L)
{
    setup_arg *a = lua_touserdata(L, 1);
    lua_pushlightuserdata(L, a->s);
    lua_setfield(L, LUA_REGISTRYINDEX, STUDY_KEY);
    static const luaL_Reg patient_mt[] = {{"__index", patient_index}, {NULL, NULL}};
    static const luaL_Reg hold_mt[] = {
        {"__close", hold_release}, {"__gc", hold_release}, {NULL, NULL}};
    static const luaL_Reg trace_mt[] = {
        {"__index", trace_index}, {"__len", trace_len}, {NULL, NULL}};
    new_locked_mt(L, PATIENT_MT, patient_mt);
    new_locked_mt(L, HOLD_MT, hold_mt);
    new_locked_mt(L, TRACE_MT, trace_mt);
    lua_createtable(L, 0, 8); /* calfsim */
    lua_pushlightuserdata(L, a->s);
    luaL_setfuncs(L, api, 1);
    calf_study_gsa_register(L);
    lua_pushstring(L, CALF_VERSION);
    lua_setfield(L, -2, "version");
    lua_pushstring(L, a->s->o.out_shown ? a->s->o.out_shown : a->s->out);
    lua_setfield(L, -2, "out");
    if (a->s->o.extra)
        a->extra_rc = a->s->o.extra(L, a->s->o.extra_ud);
    lua_pushglobaltable(L);
    lua_pushliteral(L, "calfsim");
    lua_pushvalue(L, -3);
    lua_rawset(L, -3);
    lua_pop(L, 2);
    return 0;
}

/* The study's hash: the registry defaults' hash continued over the bytes of
 * the study file (0 bytes when it cannot be read: the run then fails). */
static uint64_t study_hash(const char *path)
{
    calf_params par;
    calf_params_default(&par);
    return calf_fnv1a_file(calf_params_hash(&par), path);
}

int calf_study_run(const char *path, const calf_study_opts *opts, calf_error *err)
{
    study *s = calloc(1, sizeof(*s));
    if (!s)
        return calf_error_set(err, CALF_EIO, "study: out of memory");
    s->o = *opts;
    const char *leaf = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
    s->seed = opts->seed;
    s->hash = study_hash(path);
    snprintf(s->prov, sizeof(s->prov),
             "# calfsim %s; study: %.300s; seed: %llu; param_hash: %016llx\n", CALF_VERSION, leaf,
             (unsigned long long)s->seed, (unsigned long long)s->hash);
    snprintf(s->out, sizeof(s->out), "%s", opts->out_dir ? opts->out_dir : "");
    const char *sl = strrchr(path, '/');
    if (sl)
        snprintf(s->dir, sizeof(s->dir), "%.*s", (int)(sl - path), path);
    else
        snprintf(s->dir, sizeof(s->dir), ".");
    calf_sandbox_opts so = {0};
    so.mem_limit = opts->mem_limit ? opts->mem_limit : ((size_t)512 << 20);
    so.budget = opts->budget ? opts->budget : 2000000000L;
    so.seed = opts->seed;
    so.verbose = opts->verbose;
    int rc = calf_sandbox_open(&s->sb, &so, err);
    if (rc) {
        free(s);
        return rc;
    }
    lua_State *L = calf_sandbox_state(s->sb);
    setup_arg a = {s, 0};
    lua_pushcfunction(L, setup_k);
    lua_pushlightuserdata(L, &a);
    rc = calf_sandbox_pcall(s->sb, 1, 0, err);
    if (!rc && a.extra_rc)
        rc = calf_error_set(err, CALF_ESCRIPT, "study: registering extra functions failed");
    if (!rc) {
        rc = calf_sandbox_dofile(s->sb, path, err);
        if (!rc)
            lua_pop(L, 1);
    }
    calf_sandbox_close(s->sb);
    free(s);
    return rc;
}
