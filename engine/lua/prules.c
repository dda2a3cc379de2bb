/*
 * prules.c: compiled protocol rules, the Lua side (prules.h). Reading turns
 * the declared tables into engine/core/rules.h's program once; binding reads
 * a patient's ctx.state; each Monday the week is built in C: the rules pick
 * the layout, each item's `when` is evaluated, and its session is made from
 * the template (a constructor's session from ctx.state) with the item's
 * overrides applied, then validated as the constructors validate. Sessions
 * are interned per patient: an item whose template, overrides and `instead`
 * were made before gets the same full session back, so a protocol needs no
 * memo tables of its own.
 */
#include "prules.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"
#include "lsession.h"
#include "model.h"
#include "util.h"

const char *const prules_keys[] = {"verdict", "update", "limits", "weeks", NULL};
static const char *const day_names[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
static const char *const layout_keys[] = {"when", "mon", "tue", "wed", "thu",
                                          "fri",  "sat", "sun", NULL};
static const char *const item_keys[] = {"when", "km",      "reps",    "sets",
                                        "rm",   "pack_kg", "instead", NULL};
static const char *const verdict_keys[] = {"limit", "morning", "trend", "trend_after", NULL};
static const char *const limit_keys[] = {"min", "max", NULL};

#define ISLOT_CHUNK  64
#define ISLOT_CHUNKS 64
#define IHASH        8192 /* a power of two, above ISLOT_CHUNK * ISLOT_CHUNKS: never full */

/* An interned session and its key. */
typedef struct islot {
    calf_session s;
    const lcalf_session *src;
    uint64_t serial;
    double ov[CALF_OV_COUNT]; /* NAN: not overridden */
    const calf_session *instead;
} islot;

/* An item's last session, reused while its values and `instead` stay the
 * same (most weeks repeat most items): no hash lookup. */
typedef struct item_memo {
    uint32_t gen; /* the interned sessions' generation it belongs to */
    double ov[CALF_OV_COUNT];
    const calf_session *instead;
    calf_session *s;
} item_memo;

struct prules {
    calf_rules r;
    item_memo memo[CALF_RULES_MAX_ITEMS];
    int nparams;
    int param_of[CALF_RULES_MAX_NAMES]; /* p.NAME: the index into the values */
    calf_rules_env env;
    const lcalf_session *tmpl[CALF_RULES_MAX_NAMES];
    int week;
    islot *chunk[ISLOT_CHUNKS];
    int n;
    uint32_t gen;
    uint32_t hgen[IHASH];
    int hslot[IHASH];
};

int prules_declared(lua_State *L, int idx)
{
    int t = lua_getfield(L, idx, "weeks");
    lua_pop(L, 1);
    return t != LUA_TNIL;
}

const calf_rules *prules_rules(const prules *r)
{
    return &r->r;
}

void prules_free(prules *r)
{
    if (!r)
        return;
    for (int i = 0; i < ISLOT_CHUNKS; i++)
        free(r->chunk[i]);
    free(r);
}

/* ---- reading ------------------------------------------------------------ */

typedef struct reader {
    prules *pr;
    lua_State *L;
    const char *const *pnames;
    calf_error *err;
} reader;

/* err: "PATH: " and the formatted message; CALF_ESCRIPT. */
static int bad(reader *R, const char *fmt, ...) CALF_PRINTF(2, 3);
static int bad(reader *R, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return calf_error_set(R->err, CALF_ESCRIPT, "%s: %s", R->pr->r.path, msg);
}

/* The key at idx as text for names and messages: a string as it is, a
 * number as [3], any other as [a boolean key] (none is a name). */
static const char *key_text(lua_State *L, int idx, char *buf, size_t n)
{
    if (lua_type(L, idx) == LUA_TSTRING)
        return lua_tostring(L, idx);
    if (lua_type(L, idx) == LUA_TNUMBER)
        snprintf(buf, n, "[%.14g]", lua_tonumber(L, idx));
    else
        snprintf(buf, n, "[a %s key]", luaL_typename(L, idx));
    return buf;
}

/* Every string key of the table at idx is one of keys (integer keys are
 * allowed when list is set). */
static int check_keys(reader *R, int idx, const char *where, const char *const *keys, int list)
{
    lua_pushnil(R->L);
    while (lua_next(R->L, idx)) {
        lua_pop(R->L, 1);
        if (list && lua_isinteger(R->L, -1))
            continue;
        char kb[40];
        const char *k = key_text(R->L, -1, kb, sizeof kb);
        int ok = 0;
        for (int i = 0; keys[i] && !ok; i++)
            ok = strcmp(k, keys[i]) == 0;
        if (!ok) {
            const char *c = calf_closest(k, keys, 2);
            calf_error_set(R->err, CALF_ESCRIPT, "%s: %s has an unknown field %s%s%s%s",
                           R->pr->r.path, where, k, c ? " (did you mean " : "", c ? c : "",
                           c ? "?)" : "");
            lua_pop(R->L, 1);
            return CALF_ESCRIPT;
        }
    }
    return CALF_OK;
}

/* The value at idx as an expression: a number, a boolean or the text of
 * one. Its index, or -1 and err. */
static int expr_at(reader *R, int idx, const char *where)
{
    calf_rules *r = &R->pr->r;
    switch (lua_type(R->L, idx)) {
    case LUA_TNUMBER:
        return calf_rules_const(r, lua_tonumber(R->L, idx), where, R->err);
    case LUA_TBOOLEAN:
        return calf_rules_const(r, lua_toboolean(R->L, idx), where, R->err);
    case LUA_TSTRING:
        break;
    default:
        bad(R, "%s: expected a number or an expression in a string, e.g. \"0.8 * longest\"", where);
        return -1;
    }
    int e = calf_rules_expr(r, lua_tostring(R->L, idx), where, R->err);
    if (e < 0)
        return -1;
    for (int i = 0; i < r->nnames; i++) { /* p.NAME must be a parameter */
        if (r->kind[i] != CALF_RN_PARAM)
            continue;
        int found = -1;
        for (int k = 0; R->pnames[k] && found < 0; k++)
            if (strcmp(R->pnames[k], r->name[i] + 2) == 0)
                found = k;
        if (found < 0) {
            const char *c = calf_closest(r->name[i] + 2, R->pnames, 2);
            calf_error_set(R->err, CALF_ESCRIPT,
                           "%s: %s: %s is not one of the protocol's params%s%s%s", r->path, where,
                           r->name[i], c ? " (did you mean p." : "", c ? c : "", c ? "?)" : "");
            return -1;
        }
        R->pr->param_of[i] = found;
    }
    return e;
}

/* The field key of the table at t as an expression into *e (absent: -1). */
static int field_expr(reader *R, int t, const char *key, const char *where, int *e)
{
    char w[160];
    snprintf(w, sizeof w, "%.110s.%.40s", where, key);
    *e = -1;
    int rc = CALF_OK;
    if (lua_getfield(R->L, t, key) != LUA_TNIL && (*e = expr_at(R, lua_gettop(R->L), w)) < 0)
        rc = CALF_ESCRIPT;
    lua_pop(R->L, 1);
    return rc;
}

static int read_verdict(reader *R, int proto)
{
    calf_rules *r = &R->pr->r;
    int t = lua_getfield(R->L, proto, "verdict");
    int v = lua_gettop(R->L), rc = CALF_OK;
    if (t == LUA_TTABLE) {
        int *slot[] = {&r->v_limit, &r->v_morning, &r->v_trend, &r->v_trend_after};
        rc = check_keys(R, v, "verdict", verdict_keys, 0);
        for (int i = 0; i < 4 && !rc; i++) {
            rc = field_expr(R, v, verdict_keys[i], "verdict", slot[i]);
            if (!rc && *slot[i] < 0)
                rc = bad(R, "verdict.%s: missing (rules.verdict(limit) fills every field)",
                         verdict_keys[i]);
        }
    } else if (t != LUA_TNIL) {
        rc = bad(R, "verdict: expected a table, e.g. rules.verdict(\"p.pain_limit\")");
    }
    lua_pop(R->L, 1);
    return rc;
}

static int read_update(reader *R, int proto)
{
    int t = lua_getfield(R->L, proto, "update");
    int u = lua_gettop(R->L), rc = CALF_OK;
    if (t == LUA_TTABLE)
        rc = check_keys(R, u, "update", calf_rules_block_names, 0);
    else if (t != LUA_TNIL)
        rc = bad(R, "update: expected a table { progress = {...}, regress = {...}, ... }");
    for (int b = 0; t == LUA_TTABLE && !rc && b < CALF_UB_COUNT; b++) {
        int bt = lua_getfield(R->L, u, calf_rules_block_names[b]);
        int bi = lua_gettop(R->L);
        char where[64];
        snprintf(where, sizeof where, "update.%s", calf_rules_block_names[b]);
        if (bt != LUA_TNIL && bt != LUA_TTABLE)
            rc = bad(R, "%s: expected a table { name = expression, ... }", where);
        if (bt == LUA_TTABLE) /* the first key, which lua_next pops at the end */
            lua_pushnil(R->L);
        while (!rc && bt == LUA_TTABLE && lua_next(R->L, bi)) {
            char w[160];
            char kb[40];
            const char *k = key_text(R->L, -2, kb, sizeof kb);
            snprintf(w, sizeof w, "%s.%s", where, k);
            int e = expr_at(R, lua_gettop(R->L), w);
            rc = e < 0 ? CALF_ESCRIPT : calf_rules_add_set(&R->pr->r, b, k, e, w, R->err);
            lua_pop(R->L, rc ? 2 : 1);
        }
        lua_pop(R->L, 1);
    }
    lua_pop(R->L, 1);
    return rc;
}

static int read_limits(reader *R, int proto)
{
    calf_rules *r = &R->pr->r;
    int t = lua_getfield(R->L, proto, "limits");
    int li = lua_gettop(R->L), rc = CALF_OK;
    if (t != LUA_TNIL && t != LUA_TTABLE)
        rc = bad(R, "limits: expected a table { longest = { min = 1, max = \"goal_km\" } }");
    if (t == LUA_TTABLE) /* the first key, which lua_next pops at the end */
        lua_pushnil(R->L);
    while (!rc && t == LUA_TTABLE && lua_next(R->L, li)) {
        char w[160];
        char kb[40];
        const char *k = key_text(R->L, -2, kb, sizeof kb);
        snprintf(w, sizeof w, "limits.%s", k);
        int id = calf_rules_name(r, k, w, R->err);
        if (id < 0 || r->kind[id] != CALF_RN_STATE)
            rc = id < 0 ? CALF_ESCRIPT : bad(R, "%s: only state variables have limits", w);
        else if (!lua_istable(R->L, -1))
            rc = bad(R, "%s: expected { min = ..., max = ... }", w);
        else if (!(rc = check_keys(R, lua_gettop(R->L), w, limit_keys, 0)) &&
                 !(rc = field_expr(R, lua_gettop(R->L), "min", w, &r->lim_min[id])))
            rc = field_expr(R, lua_gettop(R->L), "max", w, &r->lim_max[id]);
        if (id >= 0)
            r->is_num[id] = 1;
        lua_pop(R->L, rc ? 2 : 1);
    }
    lua_pop(R->L, 1);
    return rc;
}

static int read_item(reader *R, int idx, const char *where, int *out);

/* An item: "name", or { "name", when = , km = , reps = , sets = , rm = ,
 * instead = item }. */
static int read_item_table(reader *R, int t, const char *where, calf_rules_item *it)
{
    calf_rules *r = &R->pr->r;
    int t1 = lua_geti(R->L, t, 1), t2 = lua_geti(R->L, t, 2); /* both pushed */
    if (t1 != LUA_TSTRING || t2 != LUA_TNIL) {
        lua_pop(R->L, 2);
        return bad(R, "%s: expected \"session\" or { \"session\", km = ..., when = ... }", where);
    }
    int rc = check_keys(R, t, where, item_keys, 1);
    if (!rc && (it->tmpl = calf_rules_name(r, lua_tostring(R->L, -2), where, R->err)) < 0)
        rc = CALF_ESCRIPT;
    lua_pop(R->L, 2);
    if (!rc && r->kind[it->tmpl] != CALF_RN_STATE)
        rc = bad(R, "%s: a session is named by its field in ctx.state", where);
    if (!rc)
        rc = field_expr(R, t, "when", where, &it->when);
    for (int o = 0; o < CALF_OV_COUNT && !rc; o++)
        rc = field_expr(R, t, calf_rules_override_names[o], where, &it->ov[o]);
    if (!rc && lua_getfield(R->L, t, "instead") != LUA_TNIL) {
        char w[160];
        snprintf(w, sizeof w, "%.70s.instead", where);
        rc = read_item(R, lua_gettop(R->L), w, &it->instead);
        lua_pop(R->L, 1);
    } else if (!rc) {
        lua_pop(R->L, 1);
    }
    return rc;
}

static int read_item(reader *R, int idx, const char *where, int *out)
{
    calf_rules *r = &R->pr->r;
    if (r->nitems >= CALF_RULES_MAX_ITEMS)
        return bad(R, "%s: more than %d sessions in the layouts", where, CALF_RULES_MAX_ITEMS);
    luaL_checkstack(R->L, 8, "weeks: `instead` items nested too deeply"); /* one level's values */
    int i = r->nitems++;
    calf_rules_item *it = &r->item[i];
    *it = (calf_rules_item){.tmpl = -1, .when = -1, .instead = -1};
    for (int o = 0; o < CALF_OV_COUNT; o++)
        it->ov[o] = -1;
    snprintf(it->where, sizeof it->where, "%s", where);
    int rc = CALF_OK;
    if (lua_type(R->L, idx) == LUA_TSTRING) {
        if ((it->tmpl = calf_rules_name(r, lua_tostring(R->L, idx), where, R->err)) < 0)
            rc = CALF_ESCRIPT;
        else if (r->kind[it->tmpl] != CALF_RN_STATE)
            rc = bad(R, "%s: a session is named by its field in ctx.state", where);
    } else if (lua_istable(R->L, idx)) {
        rc = read_item_table(R, idx, where, it);
    } else {
        rc = bad(R, "%s: expected \"session\" or { \"session\", km = ... }", where);
    }
    if (!rc)
        r->is_tmpl[it->tmpl] = 1;
    *out = i;
    return rc;
}

/* A day: an item, or a list of up to CALF_MAX_SESSIONS items. */
static int read_day(reader *R, int idx, const char *where, int *first, int *count)
{
    *first = R->pr->r.nday;
    *count = 0;
    int t = lua_type(R->L, idx), one;
    if (t == LUA_TNIL)
        return CALF_OK;
    int list = 0;
    if (t == LUA_TTABLE) { /* a list: { {...}, ... } or { "a", "b" } (an item has no [2]) */
        int t1 = lua_geti(R->L, idx, 1), t2 = lua_geti(R->L, idx, 2);
        lua_pop(R->L, 2);
        list = t1 == LUA_TTABLE || t2 != LUA_TNIL;
    }
    if (list) {
        lua_Integer n = luaL_len(R->L, idx);
        if (n > 2 * CALF_MAX_SESSIONS) /* at most 6 of them in any one week */
            return bad(R, "%s: more than %d sessions", where, 2 * CALF_MAX_SESSIONS);
        int rc = check_keys(R, idx, where, day_names + 7, 1); /* a list only */
        for (lua_Integer k = 1; k <= n && !rc; k++) {
            char w[160];
            snprintf(w, sizeof w, "%.70s[%d]", where, (int)k);
            lua_geti(R->L, idx, k);
            rc = read_item(R, lua_gettop(R->L), w, &one);
            lua_pop(R->L, 1);
            if (!rc)
                R->pr->r.day_item[R->pr->r.nday++] = one;
            *count += !rc;
        }
        return rc;
    }
    int rc = read_item(R, idx, where, &one);
    if (!rc) /* a failed item has no index, and may have found the items full */
        R->pr->r.day_item[R->pr->r.nday++] = one;
    *count = !rc;
    return rc;
}

static int read_layout(reader *R, int t, int l)
{
    calf_rules *r = &R->pr->r;
    char where[24];
    snprintf(where, sizeof where, "weeks[%d]", l + 1);
    calf_rules_layout *ly = &r->layout[l];
    int rc = check_keys(R, t, where, layout_keys, 0);
    if (!rc)
        rc = field_expr(R, t, "when", where, &ly->when);
    for (int d = 0; d < 7 && !rc; d++) {
        char w[160];
        snprintf(w, sizeof w, "%s.%s", where, day_names[d]);
        lua_getfield(R->L, t, day_names[d]);
        rc = read_day(R, lua_gettop(R->L), w, &ly->first[d], &ly->count[d]);
        lua_pop(R->L, 1);
    }
    return rc;
}

static int read_weeks(reader *R, int proto)
{
    calf_rules *r = &R->pr->r;
    if (lua_getfield(R->L, proto, "weeks") != LUA_TTABLE) {
        lua_pop(R->L, 1);
        return bad(R, "weeks: expected a list of week layouts { { when = ..., mon = ... }, ... }");
    }
    int w = lua_gettop(R->L);
    lua_Integer n = luaL_len(R->L, w);
    int rc = n < 1 || n > CALF_RULES_MAX_LAYOUTS
                 ? bad(R, "weeks: expected 1 to %d week layouts", CALF_RULES_MAX_LAYOUTS)
                 : CALF_OK;
    for (lua_Integer l = 1; l <= n && !rc; l++) {
        if (lua_geti(R->L, w, l) != LUA_TTABLE)
            rc = bad(R, "weeks[%d]: expected a table { when = ..., mon = ..., ... }", (int)l);
        else
            rc = read_layout(R, lua_gettop(R->L), (int)l - 1);
        lua_pop(R->L, 1);
        r->nlayouts = (int)l;
    }
    lua_pop(R->L, 1);
    return rc;
}

int prules_read(prules **out, lua_State *L, int idx, const char *path, const char *const *pnames,
                calf_error *err)
{
    *out = NULL;
    idx = lua_absindex(L, idx);
    prules *pr = calloc(1, sizeof(*pr));
    if (!pr)
        return calf_error_set(err, CALF_EIO, "%s: out of memory for the protocol's rules", path);
    calf_rules_init(&pr->r, path);
    *out = pr; /* the caller's to free if Lua raises an error while reading */
    for (int i = 0; pnames[i]; i++)
        pr->nparams++;
    reader R = {pr, L, pnames, err};
    int rc = read_verdict(&R, idx);
    if (!rc)
        rc = read_update(&R, idx);
    if (!rc)
        rc = read_limits(&R, idx);
    if (!rc)
        rc = read_weeks(&R, idx);
    if (!rc &&
        pr->r.block_count[CALF_UB_PROGRESS] + pr->r.block_count[CALF_UB_HOLD] +
                pr->r.block_count[CALF_UB_REGRESS] >
            0 &&
        pr->r.v_limit < 0)
        rc = calf_error_set(err, CALF_ESCRIPT,
                            "%s: update: progress, hold and regress need a verdict (verdict = "
                            "rules.verdict(\"p.pain_limit\"))",
                            path);
    if (!rc)
        rc = calf_rules_finish(&pr->r, err);
    if (rc) {
        prules_free(pr);
        *out = NULL;
    }
    return rc;
}

/* ---- a patient ---------------------------------------------------------- */

int prules_bind(prules *pr, lua_State *L, int idx, const double *pvalues, calf_error *err)
{
    calf_rules *r = &pr->r;
    idx = lua_absindex(L, idx);
    for (int i = 0; i < r->nnames; i++) {
        pr->env.have[i] = 0;
        pr->env.val[i] = NAN;
        pr->tmpl[i] = NULL;
        if (r->kind[i] == CALF_RN_PARAM) {
            pr->env.val[i] = pvalues[pr->param_of[i]];
            pr->env.have[i] = 1;
        }
        if (r->kind[i] != CALF_RN_STATE)
            continue;
        int t = lua_getfield(L, idx, r->name[i]);
        if (t == LUA_TNUMBER || t == LUA_TBOOLEAN) {
            pr->env.val[i] = t == LUA_TNUMBER ? lua_tonumber(L, -1) : lua_toboolean(L, -1);
            pr->env.have[i] = isfinite(pr->env.val[i]);
        } else if (t == LUA_TUSERDATA) {
            pr->tmpl[i] = lcalf_tosession(L, -1);
        }
        lua_pop(L, 1);
        if (t == LUA_TNUMBER && !pr->env.have[i])
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: ctx.state.%s after init = %g; the rules read finite "
                                  "numbers",
                                  r->path, r->name[i], pr->env.val[i]);
        if (t != LUA_TNIL && !pr->env.have[i] && !pr->tmpl[i])
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: ctx.state.%s after init is a %s value; the rules read "
                                  "finite numbers, booleans and sessions",
                                  r->path, r->name[i], lua_typename(L, t));
    }
    pr->week = 1;
    pr->n = 0;
    pr->gen++;
    return CALF_OK;
}

static unsigned ihash(const lcalf_session *src, const double *ov, const calf_session *instead)
{
    uint64_t h = (uint64_t)(uintptr_t)src ^ ((uint64_t)(uintptr_t)instead << 1);
    for (int o = 0; o < CALF_OV_COUNT; o++) {
        uint64_t b;
        memcpy(&b, &ov[o], sizeof b);
        h = calf_mix64(h ^ b);
    }
    return (unsigned)(h ^ (h >> 32)) & (IHASH - 1);
}

static int same_key(const islot *s, const lcalf_session *src, const double *ov,
                    const calf_session *instead)
{
    return s->src == src && s->serial == lcalf_serial(src) && s->instead == instead &&
           memcmp(s->ov, ov, sizeof s->ov) == 0;
}

/* An interval run's repetitions made n: the segments before the first
 * repetition, n repetitions (with recoveries between), the segments after. */
static int set_reps(const lcalf_session *src, calf_session *s, double v, const char *where,
                    calf_error *err)
{
    int first, rec, reps = lcalf_intervals(src, &first, &rec);
    if (reps == 0)
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: reps: the session is not an interval run or strength", where);
    if (!(v >= 1 && v <= 19 && v == floor(v)))
        return calf_error_set(err, CALF_ESCRIPT, "%s: reps = %g: allowed 1 to 19 whole repetitions",
                              where, v);
    int n = (int)v, used = reps * (1 + rec) - rec, tail = s->nseg - first - used;
    int nseg = first + n * (1 + rec) - rec + tail;
    if (nseg > CALF_MAX_SEGMENTS)
        return calf_error_set(err, CALF_ESCRIPT, "%s: reps = %g: more than %d segments", where, v,
                              CALF_MAX_SEGMENTS);
    calf_segment rep = s->seg[first], rest = s->seg[first + (rec ? 1 : 0)];
    calf_segment after[CALF_MAX_SEGMENTS];
    memcpy(after, s->seg + first + used, (size_t)tail * sizeof(calf_segment));
    int k = first;
    for (int i = 0; i < n; i++) {
        s->seg[k++] = rep;
        if (rec && i + 1 < n)
            s->seg[k++] = rest;
    }
    memcpy(s->seg + k, after, (size_t)tail * sizeof(calf_segment));
    s->nseg = nseg;
    return CALF_OK;
}

/* The template's session with the item's overrides (NAN: none). */
static int apply(const lcalf_session *src, calf_session *s, const double *ov, const char *where,
                 calf_error *err)
{
    int str = s->kind == CALF_K_STRENGTH || s->kind == CALF_K_ISOMETRIC;
    int first, rec, reps = lcalf_intervals(src, &first, &rec);
    if (!isnan(ov[CALF_OV_KM])) {
        int one = (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK) &&
                  (s->nseg == 1 || (reps > 0 && first == 1));
        if (!one)
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: km: the session is not a one-segment run or walk, nor an "
                                  "interval run with a warm-up",
                                  where);
        s->seg[0].km = ov[CALF_OV_KM];
    }
    double rm0 = s->rm, reps0 = s->reps;
    if (!isnan(ov[CALF_OV_RM])) {
        if (s->kind != CALF_K_STRENGTH || isnan(s->rm))
            return calf_error_set(err, CALF_ESCRIPT, "%s: rm: the session is not strength by RM",
                                  where);
        s->rm = ov[CALF_OV_RM];
        if (reps0 == rm0 && isnan(ov[CALF_OV_REPS])) /* repetitions to the RM, as given */
            s->reps = s->rm;
    }
    if (!isnan(ov[CALF_OV_SETS])) {
        if (!str)
            return calf_error_set(err, CALF_ESCRIPT, "%s: sets: the session is not strength",
                                  where);
        s->sets = ov[CALF_OV_SETS];
    }
    if (!isnan(ov[CALF_OV_REPS])) {
        if (!str)
            return set_reps(src, s, ov[CALF_OV_REPS], where, err);
        s->reps = ov[CALF_OV_REPS];
    }
    if (!isnan(ov[CALF_OV_PACK])) {
        if (s->kind != CALF_K_STRENGTH || calf_session_exercise(s)->mode != CALF_EXM_BODYWEIGHT)
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: pack_kg: the session is not a body-weight exercise", where);
        s->pack_kg = ov[CALF_OV_PACK];
    }
    if (s->kind == CALF_K_STRENGTH && !isnan(s->rm) && s->reps > s->rm)
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: reps = %g: more than the %g-repetition maximum", where, s->reps,
                              s->rm);
    if (!calf_session_validate(s, err))
        return CALF_OK;
    err->code = CALF_ESCRIPT; /* the protocol's error, as a constructor's would be */
    return calf_error_prefix(err, where);
}

static int intern(prules *pr, const lcalf_session *src, const double *ov,
                  const calf_session *instead, const char *where, calf_session **out,
                  calf_error *err);

/* A new slot for the key (reserved before its `instead` is made, which
 * takes the slots after it), its session made and entered in the table. */
static int make(prules *pr, const lcalf_session *src, const double *ov, const calf_session *instead,
                const char *where, calf_session **out, calf_error *err)
{
    if (pr->n >= ISLOT_CHUNK * ISLOT_CHUNKS)
        return calf_error_set(err, CALF_ESCRIPT, "%s: more than %d different sessions in one week",
                              where, ISLOT_CHUNK * ISLOT_CHUNKS);
    int i = pr->n;
    if (!pr->chunk[i / ISLOT_CHUNK] &&
        !(pr->chunk[i / ISLOT_CHUNK] = calloc(ISLOT_CHUNK, sizeof(islot))))
        return calf_error_set(err, CALF_EIO, "%s: out of memory for the week's sessions", where);
    pr->n++;
    islot *sl = &pr->chunk[i / ISLOT_CHUNK][i % ISLOT_CHUNK];
    const lcalf_session *alt = lcalf_unpack(src, &sl->s);
    int rc = apply(src, &sl->s, ov, where, err);
    if (rc)
        return rc;
    if (instead) {
        sl->s.instead = (calf_session *)instead;
    } else if (alt) {
        static const double none[CALF_OV_COUNT] = {NAN, NAN, NAN, NAN, NAN};
        calf_session *a;
        if ((rc = intern(pr, alt, none, NULL, where, &a, err)))
            return rc;
        sl->s.instead = a;
    }
    sl->src = src;
    sl->serial = lcalf_serial(src);
    memcpy(sl->ov, ov, sizeof sl->ov);
    sl->instead = instead;
    unsigned h = ihash(src, ov, instead);
    while (pr->hgen[h] == pr->gen)
        h = (h + 1) & (IHASH - 1);
    pr->hgen[h] = pr->gen;
    pr->hslot[h] = i;
    *out = &sl->s;
    return CALF_OK;
}

static int intern(prules *pr, const lcalf_session *src, const double *ov,
                  const calf_session *instead, const char *where, calf_session **out,
                  calf_error *err)
{
    for (unsigned h = ihash(src, ov, instead);; h = (h + 1) & (IHASH - 1)) {
        if (pr->hgen[h] != pr->gen)
            return make(pr, src, ov, instead, where, out, err);
        islot *sl = &pr->chunk[pr->hslot[h] / ISLOT_CHUNK][pr->hslot[h] % ISLOT_CHUNK];
        if (same_key(sl, src, ov, instead)) {
            *out = &sl->s;
            return CALF_OK;
        }
    }
}

/* Item i's session this week into *out (NULL when its `when` fails). */
static int item_session(prules *pr, int i, calf_session **out, calf_error *err)
{
    const calf_rules *r = &pr->r;
    const calf_rules_item *it = &r->item[i];
    *out = NULL;
    double c = 1;
    if (it->when >= 0 && calf_rules_eval(r, &pr->env, it->when, pr->week, &c, err))
        return err->code;
    if (c == 0)
        return CALF_OK;
    const lcalf_session *src = pr->tmpl[it->tmpl];
    if (!src)
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: %s: %s is not a session in ctx.state after init (in week %d)",
                              r->path, it->where, r->name[it->tmpl], pr->week);
    double ov[CALF_OV_COUNT];
    for (int o = 0; o < CALF_OV_COUNT; o++) {
        ov[o] = NAN;
        if (it->ov[o] >= 0 && calf_rules_eval(r, &pr->env, it->ov[o], pr->week, &ov[o], err))
            return err->code;
    }
    calf_session *alt = NULL;
    if (it->instead >= 0) {
        int rc = item_session(pr, it->instead, &alt, err);
        if (rc)
            return rc;
    }
    item_memo *m = &pr->memo[i];
    if (m->gen == pr->gen && m->instead == alt && memcmp(m->ov, ov, sizeof ov) == 0) {
        *out = m->s;
        return CALF_OK;
    }
    int rc = intern(pr, src, ov, alt, it->where, out, err);
    if (!rc) {
        m->gen = pr->gen;
        memcpy(m->ov, ov, sizeof ov);
        m->instead = alt;
        m->s = *out;
    }
    if (rc) { /* "WHERE: why" as "FILE: WHERE (in week W): why" */
        char why[sizeof err->msg];
        size_t n = strlen(it->where);
        snprintf(why, sizeof why, "%s", strncmp(err->msg, it->where, n) ? err->msg : err->msg + n);
        calf_error_set(err, rc, "%s: %s (in week %d)%s%s", r->path, it->where, pr->week,
                       why[0] == ':' ? "" : ": ", why);
    }
    return rc;
}

int prules_week(prules *pr, const calf_rules_week *w, calf_day_plan week[7], calf_error *err)
{
    const calf_rules *r = &pr->r;
    int verdict, layout;
    pr->week = w->week;
    if (pr->n > ISLOT_CHUNK * ISLOT_CHUNKS / 2) { /* last week's sessions are no longer read */
        pr->n = 0;
        pr->gen++;
    }
    if (calf_rules_monday(r, &pr->env, w, &verdict, err) ||
        calf_rules_layout_for(r, &pr->env, w->week, &layout, err))
        return err->code;
    for (int d = 0; d < 7; d++) {
        week[d].n = 0;
        if (layout < 0)
            continue;
        const calf_rules_layout *ly = &r->layout[layout];
        for (int k = 0; k < ly->count[d]; k++) {
            calf_session *s;
            int rc = item_session(pr, r->day_item[ly->first[d] + k], &s, err);
            if (rc)
                return rc;
            if (s && week[d].n == CALF_MAX_SESSIONS)
                return calf_error_set(err, CALF_ESCRIPT,
                                      "%s: weeks[%d].%s: more than %d sessions in week %d", r->path,
                                      layout + 1, day_names[d], CALF_MAX_SESSIONS, w->week);
            if (s)
                week[d].s[week[d].n++] = s;
        }
    }
    return CALF_OK;
}
