/*
 * protocol.c: the protocol runtime. Opens a protocol file in its own
 * sandbox, checks the returned table (name, source, summary, params, init,
 * week, day; unknown keys with a "did you mean"), keeps the callbacks in the
 * registry (absent ones are probed once and cost nothing), and implements the
 * calf_planner interface: each morning the one ctx table is updated in place
 * from the observations (never rebuilt), `week` is called on Mondays and its
 * table is turned once into seven C day plans, and `day`, when present, may
 * edit the day. The constructors' compact sessions are expanded into full
 * calf_session slots owned here (once a week, or once a day for `day`), so the
 * engine reads C structs; with `day`, the week's sessions stay alive through
 * anchor tables in the registry
 * while C holds pointers to them. Every call into Lua goes through
 * calf_sandbox_pcall.
 */
#include "protocol.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lsession.h"
#include "patient.h"
#include "progress.h"
#include "prules.h"
#include "sandbox_lua.h"
#include "util.h"

typedef struct proto_param {
    char name[64];
    double value, lo, hi;
} proto_param;

/* One day of the C history the ctx.history columns, ctx.last_week and
 * rules' summaries are made from: the morning pain of the day and the
 * outcomes of its sessions (summed). */
typedef struct hday {
    double morning, run_km, pain, onset;
    int quality, sessions, strength;
    unsigned char stopped;
} hday;

/* ctx.patient's shape (push_patient) */
#define PT_MAX_NODES  32
#define PT_MAX_FIELDS 128
typedef struct patient_shape_t {
    int ready, nnodes;
    int node_parent[PT_MAX_NODES];
    char node_key[PT_MAX_NODES][32];
    int field_parent[PT_MAX_FIELDS]; /* -1: a table field (a node) */
    char field_key[PT_MAX_FIELDS][32];
    int node_size[PT_MAX_NODES]; /* entries of each node's table (fields and nodes) */
} patient_shape_t;

#define CTX_HISTORY_PRESIZE 192

/* The full sessions the engine reads, expanded from the constructors'
 * compact userdata (lsession.c) once per week (the week's plan) or per day
 * (what `day` returns). Each slot remembers the compact session it came
 * from, so a session used on several days, or as several days' `instead`,
 * or returned unchanged by `day`, is expanded once and keeps one load cache.
 * Chunks are allocated when first needed and kept until the protocol closes. */
#define POOL_CHUNK      32
#define POOL_MAX_CHUNKS 32
typedef struct pool_slot {
    calf_session s;
    const lcalf_session *src;
    uint64_t serial; /* src's: an address alone may be a freed session's */
} pool_slot;
typedef struct spool {
    pool_slot *chunk[POOL_MAX_CHUNKS];
    int n;
} spool;

/* The keys the runtime writes into ctx, ctx.last_week and ctx.yesterday,
 * interned once per protocol instance and kept in a registry table (ref_keys),
 * so a field is set by a rawset with the key pushed from that table: no C
 * string is hashed and compared each morning. Index 1..7 are the day keys;
 * each name is the enum's in lower case. */
enum {
    K_MON = 1,
    K_SUN = 7,
    K_DAY,
    K_WEEK,
    K_WEEKDAY,
    K_MORNING_PAIN,
    K_HEEL_RAISE_REPS,
    K_TOE_FLEXOR,
    K_ONSET_KM,
    K_LAST_RUN_KM,
    K_LAST_RUN_PAIN,
    K_NEURAL_IRRITATION_MIN,
    K_YESTERDAY,
    K_LAST_WEEK,
    K_RUN_KM,
    K_RUNS,
    K_PAIN_MAX,
    K_MORNING_MAX,
    K_STOPPED,
    K_FLARE,
    K_LONGEST,
    K_DAYS,
    K_MORNING_MEAN,
    K_PREV_MORNING_MEAN,
    K_KIND,
    K_KM_PLANNED,
    K_KM,
    K_SKIPPED,
    K_SHORTENED,
    K_PAIN_START,
    K_PAIN_END,
    K_QUALITY,
    K_IRRITATION_MIN,
    K_PROGRESS,
    K_INJURED,
    K_DAYS_LOST_LEFT,
    K_COUNT
};
static const char *const key_names[K_COUNT] = {
    [K_MON + 0] = "mon",
    [K_MON + 1] = "tue",
    [K_MON + 2] = "wed",
    [K_MON + 3] = "thu",
    [K_MON + 4] = "fri",
    [K_MON + 5] = "sat",
    [K_MON + 6] = "sun",
    [K_DAY] = "day",
    [K_WEEK] = "week",
    [K_WEEKDAY] = "weekday",
    [K_MORNING_PAIN] = "morning_pain",
    [K_HEEL_RAISE_REPS] = "heel_raise_reps",
    [K_TOE_FLEXOR] = "toe_flexor",
    [K_ONSET_KM] = "onset_km",
    [K_LAST_RUN_KM] = "last_run_km",
    [K_LAST_RUN_PAIN] = "last_run_pain",
    [K_NEURAL_IRRITATION_MIN] = "neural_irritation_min",
    [K_YESTERDAY] = "yesterday",
    [K_LAST_WEEK] = "last_week",
    [K_RUN_KM] = "run_km",
    [K_RUNS] = "runs",
    [K_PAIN_MAX] = "pain_max",
    [K_MORNING_MAX] = "morning_max",
    [K_STOPPED] = "stopped",
    [K_FLARE] = "flare",
    [K_LONGEST] = "longest",
    [K_DAYS] = "days",
    [K_MORNING_MEAN] = "morning_mean",
    [K_PREV_MORNING_MEAN] = "prev_morning_mean",
    [K_KIND] = "kind",
    [K_KM_PLANNED] = "km_planned",
    [K_KM] = "km",
    [K_SKIPPED] = "skipped",
    [K_SHORTENED] = "shortened",
    [K_PAIN_START] = "pain_start",
    [K_PAIN_END] = "pain_end",
    [K_QUALITY] = "quality",
    [K_IRRITATION_MIN] = "irritation_min",
    [K_PROGRESS] = "progress",
    [K_INJURED] = "injured",
    [K_DAYS_LOST_LEFT] = "days_lost_left",
};

struct calf_protocol {
    calf_sandbox *sb;
    lua_State *L;
    char path[4096];
    char name[128], summary[1024], source[512];
    char adapt[CALF_ADAPT_COUNT][640]; /* the declared adaptation rules, "" when absent */
    int ref_proto, ref_week, ref_day, ref_init;
    /* each run after the first starts from a fresh module state and seed */
    int bound, seed_pending;
    uint64_t seed0, seed_next;
    char week_where[320], day_where[320];
    int nparams;
    proto_param params[CALF_PROTOCOL_MAX_PARAMS];
    /* problem reporting while opening */
    calf_problem_fn report;
    void *report_ud;
    calf_error *err;
    int problems, stop;
    /* bound run */
    const calf_model *model;
    int oracle;
    int ref_ctx, ref_p, ref_pool, ref_yest, ref_cols, ref_lw, ref_ctx_mt, ref_hist_mt, ref_keys,
        ref_lists, ref_pkeys;
    const char *key_ptr[K_COUNT]; /* the interned keys (ref_keys keeps them) */
    int have_week;
    /* ctx is refreshed only right before a Lua callback runs (DESIGN: ctx
     * reused and updated, never rebuilt), so a week-only protocol touches
     * Lua once a week; the history is kept here in C, one hday per day, and
     * the history columns, ctx.yesterday and ctx.last_week are made from it
     * only when a callback reads them */
    hday *h;
    int h_cap;
    int ctx_day;       /* the day ctx was last refreshed for (0: before day 1) */
    int yest_day;      /* the day ctx.yesterday was filled for */
    int lw_day;        /* the day of the ctx.last_week table in ref_lw */
    int col_filled[9]; /* one per ctx.history column (history_cols) */
    patient_shape_t pshape;
    calf_day_plan week[7];
    calf_day_plan today;
    spool wpool, dpool;  /* the week's sessions, the day callback's */
    calf_progress prog;  /* the week's `progress`, when it has one */
    const calf_obs *obs; /* during plan_k */
    prules *rules;       /* the weekly rules in C, for a protocol that declares `weeks` */
};

static const char *const day_keys[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun", NULL};
static const char *const week_keys[] = {"mon", "tue", "wed",      "thu", "fri",
                                        "sat", "sun", "progress", NULL};
static const char *const top_keys[] = {"name",   "source", "summary", "params", "init",
                                       "week",   "day",    "notes",   "adapt",  "verdict",
                                       "update", "limits", "weeks",   NULL};
static const char *const adapt_keys[] = {"progress", "hold", "regress", "symptoms", NULL};

/* ---- problems while opening ------------------------------------------- */

static void problem(calf_protocol *p, const char *fmt, ...) CALF_PRINTF(2, 3);
static void problem(calf_protocol *p, const char *fmt, ...)
{
    calf_error e = {.code = CALF_ESCRIPT};
    va_list ap;
    va_start(ap, fmt);
    char msg[900];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    snprintf(e.msg, sizeof(e.msg), "%.300s: %.700s", p->path, msg);
    if (p->problems == 0 && p->err)
        *p->err = e;
    p->problems++;
    if (p->report)
        p->report(p->report_ud, &e);
    else
        p->stop = 1;
}

static void read_text(calf_protocol *p, lua_State *L, const char *key, char *out, size_t n)
{
    int t = lua_getfield(L, 1, key); /* [proto v] */
    if (t == LUA_TSTRING && lua_rawlen(L, -1) > 0)
        snprintf(out, n, "%s", lua_tostring(L, -1));
    else if (t == LUA_TNIL)
        problem(p, "the protocol table has no '%s' (a non-empty string)", key);
    else
        problem(p, "'%s' must be a non-empty string, not a %s value", key, luaL_typename(L, -1));
    lua_pop(L, 1);
}

static int read_fn(calf_protocol *p, lua_State *L, const char *key, int required, char *where,
                   size_t n)
{
    int t = lua_getfield(L, 1, key); /* [proto v] */
    if (t == LUA_TFUNCTION) {
        if (where)
            calf_sandbox_where(L, -1, where, n);
        return luaL_ref(L, LUA_REGISTRYINDEX); /* [proto] */
    }
    if (t == LUA_TNIL && required)
        problem(p, "the protocol table has no '%s' function (week = function(ctx, p) ... end)",
                key);
    else if (t != LUA_TNIL)
        problem(p, "'%s' must be a function, not a %s value", key, luaL_typename(L, -1));
    lua_pop(L, 1);
    return LUA_NOREF;
}

/* adapt = { progress = "...", hold = "...", regress = "...", symptoms = "..." }:
 * the protocol's rules for adapting the programme, in plain words, for the
 * prescription (optional; every field an optional non-empty string). */
static void read_adapt(calf_protocol *p, lua_State *L)
{
    int t = lua_getfield(L, 1, "adapt"); /* [proto adapt] */
    if (t != LUA_TNIL && t != LUA_TTABLE)
        problem(p, "'adapt' must be a table of strings, not a %s value", luaL_typename(L, -1));
    for (int i = 0; t == LUA_TTABLE && adapt_keys[i]; i++) {
        int ft = lua_getfield(L, -1, adapt_keys[i]); /* [proto adapt v] */
        if (ft == LUA_TSTRING && lua_rawlen(L, -1) > 0)
            snprintf(p->adapt[i], sizeof(p->adapt[i]), "%s", lua_tostring(L, -1));
        else if (ft != LUA_TNIL)
            problem(p, "adapt.%s must be a non-empty string, not a %s value", adapt_keys[i],
                    luaL_typename(L, -1));
        lua_pop(L, 1);
    }
    if (t == LUA_TTABLE) {
        lua_pushnil(L);
        while (lua_next(L, -2)) { /* [proto adapt k v] */
            lua_pop(L, 1);
            const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : "?";
            int known = 0;
            for (int i = 0; adapt_keys[i]; i++)
                known |= strcmp(k, adapt_keys[i]) == 0;
            const char *c = known ? NULL : calf_closest(k, adapt_keys, 2);
            if (!known)
                problem(p, "unknown field '%s' in adapt (%s%s%s)", k, c ? "did you mean " : "",
                        c ? c : "allowed: progress, hold, regress, symptoms", c ? "?" : "");
        }
    }
    lua_pop(L, 1);
}

static int param_cmp(const void *a, const void *b)
{
    return strcmp(((const proto_param *)a)->name, ((const proto_param *)b)->name);
}

/* params = { growth = 0.1, pain_limit = {3, min = 0, max = 10} } */
static void read_params(calf_protocol *p, lua_State *L)
{
    int t = lua_getfield(L, 1, "params"); /* [proto params] */
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return;
    }
    if (t != LUA_TTABLE) {
        problem(p, "'params' must be a table, not a %s value", luaL_typename(L, -1));
        lua_pop(L, 1);
        return;
    }
    int pi = lua_gettop(L);
    lua_pushnil(L);
    while (lua_next(L, pi)) { /* [.. k v] */
        if (lua_type(L, -2) != LUA_TSTRING) {
            problem(p, "params: keys must be names, not %s values", luaL_typename(L, -2));
            lua_pop(L, 1);
            continue;
        }
        const char *k = lua_tostring(L, -2);
        proto_param pp = {.lo = -INFINITY, .hi = INFINITY, .value = NAN};
        snprintf(pp.name, sizeof(pp.name), "%s", k);
        int ok = 1;
        if (lua_type(L, -1) == LUA_TNUMBER) {
            pp.value = lua_tonumber(L, -1);
        } else if (lua_type(L, -1) == LUA_TTABLE) {
            int vi = lua_gettop(L);
            if (lua_geti(L, vi, 1) == LUA_TNUMBER)
                pp.value = lua_tonumber(L, -1);
            else
                ok = 0;
            if (lua_getfield(L, vi, "min") == LUA_TNUMBER)
                pp.lo = lua_tonumber(L, -1);
            else if (!lua_isnil(L, -1))
                ok = 0;
            if (lua_getfield(L, vi, "max") == LUA_TNUMBER)
                pp.hi = lua_tonumber(L, -1);
            else if (!lua_isnil(L, -1))
                ok = 0;
            lua_pop(L, 3);
        } else {
            ok = 0;
        }
        if (!ok) {
            problem(p,
                    "params.%s: expected a number or {default, min = lo, max = hi}, e.g. "
                    "%s = {0.1, min = 0, max = 0.3}",
                    k, k);
        } else if (!isfinite(pp.value) || isnan(pp.lo) || isnan(pp.hi) || pp.lo > pp.hi) {
            problem(p, "params.%s: default and range must be finite numbers with min <= max", k);
        } else if (pp.value < pp.lo || pp.value > pp.hi) {
            problem(p, "params.%s = %g: outside its own declared range %g to %g", k, pp.value,
                    pp.lo, pp.hi);
        } else if (p->nparams >= CALF_PROTOCOL_MAX_PARAMS) {
            problem(p, "params: more than %d parameters", CALF_PROTOCOL_MAX_PARAMS);
        } else {
            p->params[p->nparams++] = pp;
        }
        lua_pop(L, 1); /* [.. k] */
    }
    lua_pop(L, 1); /* [proto] */
    qsort(p->params, (size_t)p->nparams, sizeof(p->params[0]), param_cmp);
}

/* The rules evaluated in C (verdict, update, limits, weeks): read once; a
 * protocol has them or a `week` callback, and no `day` with them. */
static void read_rules(calf_protocol *p, lua_State *L)
{
    const char *names[CALF_PROTOCOL_MAX_PARAMS + 1];
    for (int i = 0; i < p->nparams; i++)
        names[i] = p->params[i].name;
    names[p->nparams] = NULL;
    calf_error e = {0};
    if (prules_read(&p->rules, L, 1, p->path, names, &e)) {
        size_t n = strlen(p->path); /* problem() names the file itself */
        int own = strncmp(e.msg, p->path, n) == 0 && e.msg[n] == ':';
        problem(p, "%s", e.msg + (own ? n + 2 : 0));
    }
    static const char *const callbacks[] = {"week", "day"};
    for (int i = 0; i < 2; i++) {
        if (lua_getfield(L, 1, callbacks[i]) != LUA_TNIL)
            problem(p,
                    "'%s' and 'weeks' cannot both be given: a protocol's weeks come from Lua "
                    "callbacks or from rules evaluated in C (docs/protocols.md)",
                    callbacks[i]);
        lua_pop(L, 1);
    }
}

static int shape_k(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, 2);
    lua_settop(L, 1); /* [proto] */
    if (!lua_istable(L, 1)) {
        problem(p, "a protocol file must return a table (it returned %s)", luaL_typename(L, 1));
        return 0;
    }
    lua_pushnil(L);
    while (lua_next(L, 1)) { /* [proto k v] */
        lua_pop(L, 1);
        if (lua_type(L, -1) != LUA_TSTRING) {
            problem(p, "the protocol table has a %s key; its fields are named",
                    luaL_typename(L, -1));
            continue;
        }
        const char *k = lua_tostring(L, -1);
        int known = 0;
        for (int i = 0; top_keys[i]; i++)
            known |= strcmp(k, top_keys[i]) == 0;
        if (!known) {
            const char *s = calf_closest(k, top_keys, 2);
            if (s)
                problem(p, "unknown field '%s' in the protocol table (did you mean %s?)", k, s);
            else
                problem(p,
                        "unknown field '%s' in the protocol table (allowed: name, source, "
                        "summary, params, init, week, day, notes, adapt; or verdict, update, "
                        "limits, weeks)",
                        k);
        }
    }
    read_text(p, L, "name", p->name, sizeof(p->name));
    read_text(p, L, "summary", p->summary, sizeof(p->summary));
    read_text(p, L, "source", p->source, sizeof(p->source));
    read_params(p, L);
    read_adapt(p, L);
    if (prules_declared(L, 1))
        read_rules(p, L);
    else
        for (int i = 0; prules_keys[i]; i++)
            if (lua_getfield(L, 1, prules_keys[i]) != LUA_TNIL && (lua_pop(L, 1), 1))
                problem(p,
                        "'%s' belongs to rules evaluated in C, which need 'weeks' (the week "
                        "layouts)",
                        prules_keys[i]);
            else
                lua_pop(L, 1);
    p->ref_week = read_fn(p, L, "week", !p->rules, p->week_where, sizeof(p->week_where));
    p->ref_day = read_fn(p, L, "day", 0, p->day_where, sizeof(p->day_where));
    p->ref_init = read_fn(p, L, "init", 0, NULL, 0);
    lua_pushvalue(L, 1);
    p->ref_proto = luaL_ref(L, LUA_REGISTRYINDEX);
    return 0;
}

static int sessions_k(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, 1);
    lcalf_open_sessions(L, &p->model);
    return 0;
}

int calf_protocol_open(calf_protocol **out, const char *path, const calf_protocol_opts *opts,
                       calf_error *err)
{
    *out = NULL;
    calf_protocol_opts def = {0};
    if (!opts)
        opts = &def;
    calf_protocol *p = calloc(1, sizeof(*p));
    if (!p)
        return calf_error_set(err, CALF_EIO, "%s: out of memory", path);
    p->ref_proto = p->ref_week = p->ref_day = p->ref_init = LUA_NOREF;
    p->ref_ctx = p->ref_p = p->ref_pool = p->ref_yest = p->ref_cols = p->ref_lw = LUA_NOREF;
    p->ref_ctx_mt = p->ref_hist_mt = p->ref_keys = p->ref_lists = p->ref_pkeys = LUA_NOREF;
    snprintf(p->path, sizeof(p->path), "%s", path);
    p->oracle = opts->oracle;
    p->seed0 = opts->seed;
    calf_sandbox_opts so = {.mem_limit = opts->mem_limit,
                            .budget = opts->budget,
                            .seed = opts->seed,
                            .lib_dir = opts->lib_dir,
                            .verbose = opts->verbose,
                            .no_hints = opts->no_hints};
    int rc = calf_sandbox_open(&p->sb, &so, err);
    if (rc) {
        free(p);
        return rc;
    }
    p->L = calf_sandbox_state(p->sb);
    lua_pushcfunction(p->L, sessions_k);
    lua_pushlightuserdata(p->L, p);
    rc = calf_sandbox_pcall(p->sb, 1, 0, err);
    if (!rc)
        rc = calf_sandbox_snapshot(p->sb, err);
    if (!rc)
        rc = calf_sandbox_dofile(p->sb, path, err); /* [proto] */
    if (rc) {
        if (opts->report)
            opts->report(opts->report_ud, err);
        calf_protocol_close(p);
        return rc;
    }
    p->report = opts->report;
    p->report_ud = opts->report_ud;
    p->err = err;
    lua_pushcfunction(p->L, shape_k); /* [proto f] */
    lua_insert(p->L, -2);             /* [f proto] */
    lua_pushlightuserdata(p->L, p);   /* [f proto p] */
    rc = calf_sandbox_pcall(p->sb, 2, 0, err);
    p->err = NULL;
    if (!rc && p->problems) {
        /* with a reporter (calfsim check), a protocol that can still run is
         * returned so its dry run can find further problems */
        if (!(p->report && (p->ref_week != LUA_NOREF || p->rules)))
            rc = CALF_ESCRIPT;
    }
    if (rc) {
        calf_protocol_close(p);
        return rc;
    }
    *out = p;
    return CALF_OK;
}

void calf_protocol_close(calf_protocol *p)
{
    if (!p)
        return;
    free(p->h);
    calf_progress_free(&p->prog);
    prules_free(p->rules);
    for (int i = 0; i < POOL_MAX_CHUNKS; i++) {
        free(p->wpool.chunk[i]);
        free(p->dpool.chunk[i]);
    }
    calf_sandbox_close(p->sb);
    free(p);
}

const char *calf_protocol_name(const calf_protocol *p)
{
    return p->name;
}
const char *calf_protocol_summary(const calf_protocol *p)
{
    return p->summary;
}
const char *calf_protocol_source(const calf_protocol *p)
{
    return p->source;
}
const char *calf_protocol_path(const calf_protocol *p)
{
    return p->path;
}
const char *calf_protocol_adapt(const calf_protocol *p, int which)
{
    return which >= 0 && which < CALF_ADAPT_COUNT && p->adapt[which][0] ? p->adapt[which] : NULL;
}
const char *calf_protocol_route(const calf_protocol *p, char *buf, size_t n)
{
    if (p->rules) {
        const calf_rules *r = prules_rules(p->rules);
        snprintf(buf, n,
                 "rules in C: %d week layout%s, %d update%s%s; Lua runs only %s, once per "
                 "patient",
                 r->nlayouts, r->nlayouts == 1 ? "" : "s", r->nsets, r->nsets == 1 ? "" : "s",
                 r->v_limit >= 0 ? " keyed to the pain-monitoring verdict" : "",
                 p->ref_init != LUA_NOREF ? "init" : "its chunk");
    } else if (p->ref_day != LUA_NOREF) {
        snprintf(buf, n,
                 "Lua: week is called every Monday and day every day (callbacks; "
                 "declare weeks layouts to have the weeks built in C)");
    } else {
        snprintf(buf, n,
                 "Lua: week is called every Monday%s (a callback; declare weeks layouts "
                 "to have the weeks built in C)",
                 p->prog.on ? ", and while its progress table governs the engine rescales the "
                              "week in C"
                            : "");
    }
    return buf;
}

int calf_protocol_progress_rule(const calf_protocol *p, calf_progress_rule *rule)
{
    if (!p->prog.on)
        return 0;
    *rule = p->prog.rule;
    return 1;
}
int calf_protocol_param_count(const calf_protocol *p)
{
    return p->nparams;
}
void calf_protocol_param(const calf_protocol *p, int i, const char **name, double *value,
                         double *lo, double *hi)
{
    *name = p->params[i].name;
    *value = p->params[i].value;
    *lo = p->params[i].lo;
    *hi = p->params[i].hi;
}

uint64_t calf_protocol_param_hash(const calf_protocol *p, uint64_t h)
{
    for (int i = 0; i < p->nparams; i++) {
        h = calf_fnv1a(h, p->params[i].name, strlen(p->params[i].name));
        h = calf_fnv1a(h, &p->params[i].value, sizeof(double));
    }
    return h;
}

int calf_protocol_set_param(calf_protocol *p, const char *name, double value, calf_error *err)
{
    for (int i = 0; i < p->nparams; i++) {
        proto_param *pp = &p->params[i];
        if (strcmp(pp->name, name) != 0)
            continue;
        if (!isfinite(value) || value < pp->lo || value > pp->hi)
            return calf_error_set(err, CALF_EINPUT,
                                  "%s = %g: allowed %g to %g (parameter of protocol %s)", name,
                                  value, pp->lo, pp->hi, p->path);
        pp->value = value;
        return CALF_OK;
    }
    calf_error_set(err, CALF_EINPUT, "%s: not a parameter of protocol %s", name, p->path);
    return CALF_PROTOCOL_NOPARAM;
}

/* ---- ctx ---------------------------------------------------------------- */

static void set_num(lua_State *L, int t, const char *k, double v)
{
    if (isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
    lua_setfield(L, t, k);
}

/* t[key k] = v, the key pushed from the interned-key table at index keys
 * (absolute or pseudo indices); NaN is stored as nil. These tables have no
 * __newindex, so the rawset does what lua_setfield would. */
static void kset_num(lua_State *L, int t, int keys, int k, double v)
{
    lua_rawgeti(L, keys, k);
    if (isnan(v))
        lua_pushnil(L);
    else
        lua_pushnumber(L, v);
    lua_rawset(L, t);
}

static void kset_int(lua_State *L, int t, int keys, int k, lua_Integer v)
{
    lua_rawgeti(L, keys, k);
    lua_pushinteger(L, v);
    lua_rawset(L, t);
}

static void kset_bool(lua_State *L, int t, int keys, int k, int v)
{
    lua_rawgeti(L, keys, k);
    lua_pushboolean(L, v);
    lua_rawset(L, t);
}

/* Pop the value on top into the registry slot *ref: a new slot the first
 * time, the same slot afterwards (so a slot is reused across patients, and a
 * set-up redone after a failure does not leave stale slots behind). */
static void keep_ref(lua_State *L, int *ref)
{
    if (*ref == LUA_NOREF)
        *ref = luaL_ref(L, LUA_REGISTRYINDEX);
    else
        lua_rawseti(L, LUA_REGISTRYINDEX, *ref);
}

/* ctx.patient's shape, split once per protocol from the patient-field
 * registry: each nested table (node) with its parent, and each field's
 * parent node and leaf key, so a virtual patient's table is built with no
 * path parsing. */
static void patient_shape(calf_protocol *p)
{
    if (p->pshape.ready)
        return;
    patient_shape_t *ps = &p->pshape;
    ps->nnodes = 1; /* node 0: ctx.patient itself */
    for (size_t i = 0; i < calf_patient_field_count && i < PT_MAX_FIELDS; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        int parent = 0;
        const char *part = f->path;
        const char *dot;
        for (;;) {
            dot = strchr(part, '.');
            size_t len = dot ? (size_t)(dot - part) : strlen(part);
            if (len >= sizeof(ps->node_key[0]))
                len = sizeof(ps->node_key[0]) - 1;
            if (!dot && f->type != CALF_PF_TABLE) {
                ps->field_parent[i] = parent;
                ps->node_size[parent]++;
                memcpy(ps->field_key[i], part, len);
                ps->field_key[i][len] = '\0';
                break;
            }
            int found = -1;
            for (int n = 1; n < ps->nnodes && found < 0; n++)
                if (ps->node_parent[n] == parent && strncmp(ps->node_key[n], part, len) == 0 &&
                    ps->node_key[n][len] == '\0')
                    found = n;
            if (found < 0 && ps->nnodes < PT_MAX_NODES) {
                found = ps->nnodes++;
                ps->node_parent[found] = parent;
                ps->node_size[parent]++;
                memcpy(ps->node_key[found], part, len);
                ps->node_key[found][len] = '\0';
            }
            parent = found < 0 ? 0 : found;
            if (!dot) { /* a table field: its node is all it needs */
                ps->field_parent[i] = -1;
                break;
            }
            part = dot + 1;
        }
    }
    ps->ready = 1;
}

/* The patient's keys, interned once per protocol instance (registry slot
 * ref_pkeys): node n's key at n, field i's at PT_MAX_NODES + 1 + i. */
static void push_patient_keys(calf_protocol *p, lua_State *L)
{
    if (p->ref_pkeys != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_pkeys);
        return;
    }
    const patient_shape_t *ps = &p->pshape;
    lua_createtable(L, PT_MAX_NODES + 1 + (int)calf_patient_field_count, 0);
    for (int n = 1; n < ps->nnodes; n++) {
        lua_pushstring(L, ps->node_key[n]);
        lua_rawseti(L, -2, n);
    }
    for (size_t i = 0; i < calf_patient_field_count && i < PT_MAX_FIELDS; i++)
        if (ps->field_parent[i] >= 0) {
            lua_pushstring(L, ps->field_key[i]);
            lua_rawseti(L, -2, PT_MAX_NODES + 1 + (lua_Integer)i);
        }
    lua_pushvalue(L, -1);
    keep_ref(L, &p->ref_pkeys);
}

/* ctx.patient: the profile as nested tables, as written in a patient file;
 * each table made at its size, each key pushed from the interned keys. */
static void push_patient(calf_protocol *p, lua_State *L, const calf_patient *pt)
{
    patient_shape(p);
    const patient_shape_t *ps = &p->pshape;
    luaL_checkstack(L, ps->nnodes + 6, "ctx.patient");
    push_patient_keys(p, L); /* [.. keys] */
    const int keys = lua_gettop(L);
    const int base = keys + 1;
    lua_createtable(L, 0, ps->node_size[0]); /* [.. keys pt] node 0 at base */
    for (int n = 1; n < ps->nnodes; n++) {
        lua_createtable(L, 0, ps->node_size[n]); /* [.. nodes t] */
        lua_rawgeti(L, keys, n);
        lua_pushvalue(L, -2);                     /* [.. nodes t k t] */
        lua_rawset(L, base + ps->node_parent[n]); /* [.. nodes t] */
    }
    for (size_t i = 0; i < calf_patient_field_count && i < PT_MAX_FIELDS; i++) {
        const calf_patient_field *f = &calf_patient_fields[i];
        if (ps->field_parent[i] < 0)
            continue;
        const int t = base + ps->field_parent[i];
        const char *v = (const char *)pt + f->offset;
        switch (f->type) {
        case CALF_PF_NUMBER: {
            double x = *(const double *)v;
            if (isnan(x)) /* an unset field reads nil */
                continue;
            lua_rawgeti(L, keys, PT_MAX_NODES + 1 + (lua_Integer)i);
            lua_pushnumber(L, x);
            break;
        }
        case CALF_PF_STRING:
            lua_rawgeti(L, keys, PT_MAX_NODES + 1 + (lua_Integer)i);
            lua_pushstring(L, v);
            break;
        case CALF_PF_ENUM:
            lua_rawgeti(L, keys, PT_MAX_NODES + 1 + (lua_Integer)i);
            lua_pushstring(L, f->choices[*(const int *)v]);
            break;
        default:
            continue;
        }
        lua_rawset(L, t);
    }
    lua_settop(L, base); /* [.. keys pt] */
    lua_remove(L, keys); /* [.. pt] */
}

static const char *const history_cols[] = {"morning_pain", "run_km",  "pain_during", "onset_km",
                                           "stopped",      "quality", "sessions",    "strength",
                                           "flare",        NULL};
enum {
    H_MORNING,
    H_RUN,
    H_PAIN,
    H_ONSET,
    H_STOPPED,
    H_QUALITY,
    H_SESSIONS,
    H_STRENGTH,
    H_FLARE,
    H_COLS
};
_Static_assert(H_COLS <= (int)(sizeof(((calf_protocol *)0)->col_filled) / sizeof(int)),
               "one col_filled entry per ctx.history column");

/* ctx.history.<column>: the column table, brought up to the last refresh
 * from the C history on each read (the columns are filled only when a
 * protocol reads them). Upvalue 1: the protocol. */
static int history_index(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, lua_upvalueindex(1));
    const char *k = lua_tostring(L, 2);
    int c = -1;
    for (int i = 0; k && history_cols[i] && c < 0; i++)
        if (strcmp(k, history_cols[i]) == 0)
            c = i;
    if (c < 0)
        return 0;
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_cols); /* [h k cols] */
    int last = c == H_MORNING ? p->ctx_day : p->ctx_day - 1;
    if (lua_rawgeti(L, 3, c + 1) != LUA_TTABLE) { /* [h k cols col] */
        lua_pop(L, 1);
        lua_createtable(L, last > CTX_HISTORY_PRESIZE ? last : CTX_HISTORY_PRESIZE, 0);
        lua_pushvalue(L, -1);
        lua_rawseti(L, 3, c + 1);
        p->col_filled[c] = 0;
    }
    for (int d = p->col_filled[c] + 1; d <= last; d++) {
        const hday *r = &p->h[d];
        switch (c) {
        case H_MORNING:
            lua_pushnumber(L, r->morning);
            break;
        case H_RUN:
            lua_pushnumber(L, r->run_km);
            break;
        case H_PAIN:
            lua_pushnumber(L, r->pain);
            break;
        case H_ONSET:
            if (isnan(r->onset))
                lua_pushboolean(L, 0);
            else
                lua_pushnumber(L, r->onset);
            break;
        case H_STOPPED:
            lua_pushboolean(L, r->stopped);
            break;
        case H_QUALITY:
            lua_pushinteger(L, r->quality);
            break;
        case H_SESSIONS:
            lua_pushinteger(L, r->sessions);
            break;
        case H_STRENGTH:
            lua_pushinteger(L, r->strength);
            break;
        default: /* the morning after day d, by the one flare rule */
            lua_pushboolean(L, calf_flare(&p->model->par, r->morning, p->h[d + 1].morning));
            break;
        }
        lua_rawseti(L, 4, d);
    }
    if (last > p->col_filled[c])
        p->col_filled[c] = last;
    return 1;
}

/* ctx.yesterday: yesterday's sessions, as pooled tables refilled in place
 * (once per refresh, when first read). [..] unchanged but for the list
 * pushed; keys: the interned-key table. */
static void push_yesterday(calf_protocol *p, lua_State *L, int keys)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_yest); /* [.. y] */
    if (p->yest_day == p->ctx_day)
        return;
    p->yest_day = p->ctx_day;
    int y = lua_gettop(L);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_pool); /* [.. y pool] */
    int pool = y + 1;
    const calf_obs *o = p->obs;
    int n = o && o->day > 1 ? o->yesterday_n : 0;
    for (int k = 0; k < CALF_MAX_SESSIONS; k++) {
        if (k >= n) {
            lua_pushnil(L);
            lua_rawseti(L, y, k + 1);
            continue;
        }
        const calf_session_result *r = &o->yesterday[k];
        lua_rawgeti(L, pool, k + 1); /* [.. y pool s] */
        int s = lua_gettop(L);
        lua_rawgeti(L, keys, K_KIND);
        lua_pushstring(L, calf_kind_names[r->kind]);
        lua_rawset(L, s);
        kset_num(L, s, keys, K_KM_PLANNED, r->km_planned);
        kset_num(L, s, keys, K_KM, r->km_done);
        kset_bool(L, s, keys, K_STOPPED, r->stopped);
        kset_bool(L, s, keys, K_SKIPPED, r->skipped);
        kset_bool(L, s, keys, K_SHORTENED, r->shortened);
        kset_num(L, s, keys, K_PAIN_START, r->pain_start);
        kset_num(L, s, keys, K_PAIN_MAX, r->pain_max);
        kset_num(L, s, keys, K_PAIN_END, r->pain_end);
        kset_num(L, s, keys, K_ONSET_KM, r->onset_km);
        kset_bool(L, s, keys, K_QUALITY, r->quality);
        kset_num(L, s, keys, K_IRRITATION_MIN,
                 r->kind == CALF_K_NEURAL ? r->neural_irritation_min : NAN);
        lua_rawseti(L, y, k + 1); /* [.. y pool] */
    }
    lua_pop(L, 1); /* [.. y] */
}

/* Push v as Lua would hold it after `x = 0; if v > x then x = v end`: the
 * integer 0 when no value beat the start, else the float. */
static void push_max(lua_State *L, double v, int beaten)
{
    if (beaten)
        lua_pushnumber(L, v);
    else
        lua_pushinteger(L, 0);
}

/* Mean morning pain over days from..to (clamped to day 1), as
 * rules.morning_mean computes it: 0 (an integer) when no day is in range. */
static double morning_mean(const calf_protocol *p, int from, int to, int *n)
{
    double sum = 0;
    *n = 0;
    for (int d = from < 1 ? 1 : from; d <= to; d++) {
        (*n)++;
        sum = sum + p->h[d].morning;
    }
    return *n > 0 ? sum / *n : 0;
}

/* A mean over n days as rules.morning_mean returns it: 0 (an integer) when
 * no day is in range. */
static void push_mean(lua_State *L, double v, int n)
{
    if (n > 0)
        lua_pushnumber(L, v);
    else
        lua_pushinteger(L, 0);
}

/* ctx.last_week: one table per protocol instance, refilled in place (when
 * first read after a refresh, every field written each time, so no garbage
 * is made), holding the summary rules.last_week computes over the last 7 completed days (its
 * fields, with the same operations in the same order, so the values are the
 * same to the bit), plus the morning-pain means of this week and the week
 * before that rules.pain_monitor compares. */
/* The 7 days before day from the C history, as rules.last_week sums them:
 * what ctx.last_week holds and what a weekly progression and the rules read
 * (one calf_rules_week). The *_b flags say
 * whether a maximum was beaten (Lua's 0 stays an integer otherwise). */
typedef struct week_sum {
    calf_rules_week s; /* the summary (day, week and the morning's fields unset) */
    int longest_b, pain_b, morning_b;
    int mean_n, prev_n; /* the days the two morning means are over */
} week_sum;

static week_sum sum_week(const calf_protocol *p, int day)
{
    week_sum w = {0};
    calf_rules_week *s = &w.s;
    for (int d = day - 7 < 1 ? 1 : day - 7; d <= day - 1; d++) {
        const hday *r = &p->h[d];
        s->days++;
        s->run_km = s->run_km + r->run_km;
        s->runs += r->run_km > 0;
        if (r->run_km > s->longest) {
            s->longest = r->run_km;
            w.longest_b = 1;
        }
        if (r->pain > s->pain_max) {
            s->pain_max = r->pain;
            w.pain_b = 1;
        }
        s->stopped += r->stopped;
        if (r->run_km == 0 && r->pain > s->rest_pain_max)
            s->rest_pain_max = r->pain;
        double m0 = r->morning, m1 = p->h[d + 1].morning;
        if (m1 > s->morning_max) {
            s->morning_max = m1;
            w.morning_b = 1;
        }
        if (calf_flare(&p->model->par, m0, m1))
            s->flare = 1;
    }
    /* rules.pain_monitor's week and the week before */
    s->morning_mean = morning_mean(p, day - 6, day, &w.mean_n);
    s->prev_morning_mean = morning_mean(p, day - 13, day - 7, &w.prev_n);
    return w;
}

static void push_last_week(calf_protocol *p, lua_State *L, int keys)
{
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_lw); /* [.. s] */
    if (p->lw_day == p->ctx_day)
        return;
    int day = p->ctx_day;
    const week_sum w = sum_week(p, day);
    int s = lua_gettop(L);
    kset_int(L, s, keys, K_DAY, day);
    lua_rawgeti(L, keys, K_RUN_KM);
    push_max(L, w.s.run_km, w.s.days > 0); /* 0 + a float is a float in Lua */
    lua_rawset(L, s);
    kset_int(L, s, keys, K_RUNS, w.s.runs);
    lua_rawgeti(L, keys, K_PAIN_MAX);
    push_max(L, w.s.pain_max, w.pain_b);
    lua_rawset(L, s);
    lua_rawgeti(L, keys, K_MORNING_MAX);
    push_max(L, w.s.morning_max, w.morning_b);
    lua_rawset(L, s);
    kset_int(L, s, keys, K_STOPPED, w.s.stopped);
    kset_bool(L, s, keys, K_FLARE, w.s.flare);
    lua_rawgeti(L, keys, K_LONGEST);
    push_max(L, w.s.longest, w.longest_b);
    lua_rawset(L, s);
    kset_int(L, s, keys, K_DAYS, w.s.days);
    lua_rawgeti(L, keys, K_MORNING_MEAN);
    push_mean(L, w.s.morning_mean, w.mean_n);
    lua_rawset(L, s);
    lua_rawgeti(L, keys, K_PREV_MORNING_MEAN);
    push_mean(L, w.s.prev_morning_mean, w.prev_n);
    lua_rawset(L, s);
    p->lw_day = day;
}

/* ctx's __index: the fields made only when read (yesterday, last_week).
 * Upvalue 1: the protocol; upvalue 2: the interned-key table. Keys are
 * matched by their interned string. */
static int ctx_index(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, lua_upvalueindex(1));
    if (lua_type(L, 2) != LUA_TSTRING)
        return 0;
    const char *k = lua_tostring(L, 2);
    if (k == p->key_ptr[K_LAST_WEEK])
        push_last_week(p, L, lua_upvalueindex(2));
    else if (k == p->key_ptr[K_YESTERDAY])
        push_yesterday(p, L, lua_upvalueindex(2));
    else
        return 0;
    return 1;
}

static int setup_k(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, 1);
    lua_settop(L, 0);
    /* once per protocol instance; the last slot made says it is done (a
     * set-up cut short, out of memory, is redone into the same slots) */
    if (p->ref_lists == LUA_NOREF) {
        lua_createtable(L, K_COUNT, 0); /* [keys] interned and kept */
        for (int k = 1; k < K_COUNT; k++) {
            lua_pushstring(L, key_names[k]);
            p->key_ptr[k] = lua_tostring(L, -1);
            lua_rawseti(L, 1, k);
        }
        lua_pushvalue(L, 1);
        keep_ref(L, &p->ref_keys); /* [keys] */
        lua_createtable(L, 0, 1);  /* [keys mt] */
        lua_pushlightuserdata(L, p);
        lua_pushvalue(L, 1);
        lua_pushcclosure(L, ctx_index, 2);
        lua_setfield(L, 2, "__index");
        keep_ref(L, &p->ref_ctx_mt); /* [keys] */
        lua_pop(L, 1);
        lua_createtable(L, 0, 1); /* [mt] */
        lua_pushlightuserdata(L, p);
        lua_pushcclosure(L, history_index, 1);
        lua_setfield(L, 1, "__index");
        keep_ref(L, &p->ref_hist_mt);
        lua_createtable(L, CALF_MAX_SESSIONS, 0); /* [pool] */
        for (int k = 1; k <= CALF_MAX_SESSIONS; k++) {
            lua_createtable(L, 0, 14);
            lua_rawseti(L, 1, k);
        }
        keep_ref(L, &p->ref_pool);
        lua_createtable(L, CALF_MAX_SESSIONS, 0);
        keep_ref(L, &p->ref_yest);
        lua_createtable(L, 0, 12); /* ctx.last_week, refilled in place */
        keep_ref(L, &p->ref_lw);
        lua_pushboolean(L, 0); /* the week's session lists, with `day` */
        keep_ref(L, &p->ref_lists);
    }
    p->ctx_day = 0;
    p->yest_day = -1;
    p->lw_day = -1;
    lua_createtable(L, 0, 16); /* [ctx] */
    push_patient(p, L, &p->model->pt);
    lua_setfield(L, 1, "patient");
    lua_createtable(L, 0, 0); /* [ctx hist] */
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_hist_mt);
    lua_setmetatable(L, 2);
    lua_setfield(L, 1, "history");
    lua_createtable(L, H_COLS, 0); /* this patient's history columns */
    keep_ref(L, &p->ref_cols);
    lua_newtable(L);
    lua_setfield(L, 1, "state");
    if (p->oracle) {
        lua_newtable(L);
        lua_setfield(L, 1, "latent");
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_ctx_mt);
    lua_setmetatable(L, 1);
    lua_pushvalue(L, 1);
    keep_ref(L, &p->ref_ctx);
    lua_createtable(L, 0, p->nparams); /* [ctx p] */
    for (int i = 0; i < p->nparams; i++) {
        lua_pushnumber(L, p->params[i].value);
        lua_setfield(L, 2, p->params[i].name);
    }
    lua_pushvalue(L, 2);
    keep_ref(L, &p->ref_p);
    if (p->ref_init != LUA_NOREF) {
        lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_init); /* [ctx p init] */
        lua_pushvalue(L, 1);
        lua_pushvalue(L, 2);
        lua_call(L, 2, 0);
    }
    if (p->rules) { /* the patient's state variables and sessions, from ctx.state */
        double v[CALF_PROTOCOL_MAX_PARAMS];
        for (int i = 0; i < p->nparams; i++)
            v[i] = p->params[i].value;
        calf_error e = {0};
        lua_getfield(L, 1, "state");
        if (prules_bind(p->rules, L, -1, v, &e))
            return luaL_error(L, "%s", e.msg);
        lua_pop(L, 1);
    }
    return 0;
}

/* Note this morning's history entries in C (no Lua): yesterday's outcomes,
 * summed over its sessions, at day - 1, and today's morning pain. */
static int note_day(calf_protocol *p, const calf_obs *o, calf_error *err)
{
    if (o->day + 1 >= p->h_cap) {
        int cap = p->h_cap ? p->h_cap : CTX_HISTORY_PRESIZE;
        while (cap <= o->day + 1)
            cap *= 2;
        hday *h = realloc(p->h, (size_t)cap * sizeof(hday));
        if (!h)
            return calf_error_set(err, CALF_EIO, "%s: out of memory for the history of day %d",
                                  p->path, o->day);
        p->h = h;
        p->h_cap = cap;
    }
    p->h[o->day].morning = o->morning_pain;
    if (o->day <= 1)
        return CALF_OK;
    double run_km = 0, pain = 0, onset = NAN;
    int stopped = 0, quality = 0, strength = 0;
    for (int k = 0; k < o->yesterday_n && k < CALF_MAX_SESSIONS; k++) {
        const calf_session_result *sr = &o->yesterday[k];
        if (sr->kind == CALF_K_RUN || sr->kind == CALF_K_WALK) {
            if (sr->kind == CALF_K_RUN)
                run_km += sr->km_done;
            if (isnan(onset) && !isnan(sr->onset_km))
                onset = sr->onset_km;
        }
        if (sr->kind != CALF_K_REST && sr->pain_max > pain)
            pain = sr->pain_max;
        stopped |= sr->stopped;
        quality += sr->quality;
        strength += sr->kind == CALF_K_STRENGTH || sr->kind == CALF_K_ISOMETRIC;
    }
    hday *r = &p->h[o->day - 1];
    r->run_km = run_km;
    r->pain = pain;
    r->onset = onset;
    r->stopped = stopped != 0;
    r->quality = quality;
    r->sessions = o->yesterday_n;
    r->strength = strength;
    return CALF_OK;
}

/* Bring ctx up to date with this morning's observations, in place. [ctx] at
 * index 1, the interned-key table at 2. The scalars are written; the
 * history, yesterday and last_week are made from the C history when a
 * callback first reads them, so ctx reads exactly as a daily refresh would
 * leave it. */
static void update_ctx(calf_protocol *p, lua_State *L, const calf_obs *o)
{
    const int ctx = 1, keys = 2; /* [ctx keys] */
    p->ctx_day = o->day;
    kset_int(L, ctx, keys, K_DAY, o->day);
    kset_int(L, ctx, keys, K_WEEK, o->week);
    kset_int(L, ctx, keys, K_WEEKDAY, o->weekday);
    kset_num(L, ctx, keys, K_MORNING_PAIN, o->morning_pain);
    kset_num(L, ctx, keys, K_HEEL_RAISE_REPS, o->heel_raise_reps);
    kset_num(L, ctx, keys, K_TOE_FLEXOR, o->toe_flexor);
    kset_num(L, ctx, keys, K_ONSET_KM, o->last_onset_km);
    kset_num(L, ctx, keys, K_LAST_RUN_KM, o->day > 1 ? o->last_run_km : NAN);
    kset_num(L, ctx, keys, K_LAST_RUN_PAIN, o->last_run_pain);
    kset_num(L, ctx, keys, K_NEURAL_IRRITATION_MIN, o->neural_irritation_min);
    kset_bool(L, ctx, keys, K_INJURED, o->lost_days > 0);
    kset_int(L, ctx, keys, K_DAYS_LOST_LEFT, o->lost_days);

    if (p->oracle && o->latent) {
        const calf_state *st = o->latent;
        lua_getfield(L, ctx, "latent"); /* [ctx lat] */
        int lt = lua_gettop(L);
        set_num(L, lt, "C", st->C);
        set_num(L, lt, "C_eff", calf_model_c_eff(p->model, st));
        set_num(L, lt, "S", st->S);
        set_num(L, lt, "I", st->I);
        set_num(L, lt, "Z", st->Z);
        set_num(L, lt, "D", st->D);
        set_num(L, lt, "Fa", st->Fa);
        set_num(L, lt, "N", st->N);
        set_num(L, lt, "T", st->T);
        set_num(L, lt, "K", st->K);
        set_num(L, lt, "E", st->E);
        lua_pop(L, 1);
    }
}

static pool_slot *pool_find(const spool *pool, const lcalf_session *c)
{
    for (int i = 0; i < pool->n; i++) {
        pool_slot *sl = &pool->chunk[i / POOL_CHUNK][i % POOL_CHUNK];
        if (sl->src == c && sl->serial == lcalf_serial(c))
            return sl;
    }
    return NULL;
}

/* The full session for compact c: found in pool (or, for the day's pool, in
 * the week's), else expanded into a new slot with its `instead` chain. */
static calf_session *expand(calf_protocol *p, lua_State *L, spool *pool, const lcalf_session *c,
                            const char *where)
{
    pool_slot *sl = pool_find(pool, c);
    if (!sl && pool == &p->dpool)
        sl = pool_find(&p->wpool, c);
    if (sl)
        return &sl->s;
    int i = pool->n;
    if (i >= POOL_CHUNK * POOL_MAX_CHUNKS)
        luaL_error(L, "%s: more than %d different sessions in one plan", where,
                   POOL_CHUNK * POOL_MAX_CHUNKS);
    if (!pool->chunk[i / POOL_CHUNK]) {
        pool->chunk[i / POOL_CHUNK] = calloc(POOL_CHUNK, sizeof(pool_slot));
        if (!pool->chunk[i / POOL_CHUNK])
            luaL_error(L, "%s: out of memory for the plan's sessions", where);
    }
    sl = &pool->chunk[i / POOL_CHUNK][i % POOL_CHUNK];
    pool->n++;
    sl->src = c;
    sl->serial = lcalf_serial(c);
    const lcalf_session *alt = lcalf_unpack(c, &sl->s);
    if (alt)
        sl->s.instead = expand(p, L, pool, alt, where);
    return &sl->s;
}

/* A list of n sessions at idx, a plain table (no metatable), read in one
 * pass: each key must be an integer 1..n and each value a session. The
 * problems are reported as the two-pass reading below would: a bad key
 * first (in iteration order), else the first index, in order, whose value
 * is not a session or is missing (a hole before a bad value is the one
 * reported). */
static void parse_list(calf_protocol *p, lua_State *L, int idx, int n, calf_day_plan *plan,
                       spool *pool, const char *where, const char *who, const char *day)
{
    lcalf_session *got[CALF_MAX_SESSIONS] = {0};
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* [.. k v] */
        lua_Integer i = lua_isinteger(L, -2) ? lua_tointeger(L, -2) : 0;
        if (i < 1 || i > n) {
            lua_pop(L, 1);
            luaL_error(L, "%s: %s: %s must be a list of sessions (found key %s)", where, who, day,
                       luaL_tolstring(L, -1, NULL));
        }
        got[i - 1] = lcalf_tosession(L, -1);
        lua_pop(L, 1); /* [.. k] */
    }
    int bad = 0; /* the first index whose value is not a session or is nil, 0 if none */
    for (int i = 1; i <= n && !bad; i++)
        if (!got[i - 1])
            bad = i;
    if (bad) {
        lua_rawgeti(L, idx, bad);
        luaL_error(L,
                   "%s: %s: %s[%d] is a %s value; expected a session (run{...}, "
                   "strength{...}, rest(), ...)",
                   where, who, day, bad, luaL_typename(L, -1));
    }
    for (int i = 0; i < n; i++)
        plan->s[plan->n++] = expand(p, L, pool, got[i], where);
}

/* Turn the value at idx (a session, a list of sessions, or nil) into plan,
 * expanding its sessions into pool. With anchor != 0, the sessions are also
 * appended to the list at index anchor (which keeps them alive, for `day`'s
 * planned argument). Raises with where. */
static void parse_day(calf_protocol *p, lua_State *L, int idx, calf_day_plan *plan, int anchor,
                      spool *pool, const char *where, const char *who, const char *day)
{
    plan->n = 0;
    int t = lua_type(L, idx);
    if (t == LUA_TNIL)
        return;
    lcalf_session *s = lcalf_tosession(L, idx);
    if (s) {
        plan->s[plan->n++] = expand(p, L, pool, s, where);
        if (anchor) {
            lua_pushvalue(L, idx);
            lua_rawseti(L, anchor, (lua_Integer)luaL_len(L, anchor) + 1);
        }
        return;
    }
    if (t != LUA_TTABLE)
        luaL_error(L,
                   "%s: %s: %s is a %s value; expected a session (run{...}, strength{...}, "
                   "rest(), ...) or a list of sessions",
                   where, who, day, luaL_typename(L, idx));
    lua_Integer n = luaL_len(L, idx);
    if (n > CALF_MAX_SESSIONS)
        luaL_error(L, "%s: %s: %s has %d sessions; allowed at most %d", where, who, day, (int)n,
                   CALF_MAX_SESSIONS);
    if (!anchor && !lua_getmetatable(L, idx)) {
        parse_list(p, L, idx, (int)n, plan, pool, where, who, day);
        return;
    }
    if (!anchor)
        lua_pop(L, 1); /* the metatable */
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* [.. k v] */
        lua_pop(L, 1);
        if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1 || lua_tointeger(L, -1) > n)
            luaL_error(L, "%s: %s: %s must be a list of sessions (found key %s)", where, who, day,
                       luaL_tolstring(L, -1, NULL));
    }
    for (lua_Integer i = 1; i <= n; i++) {
        lua_geti(L, idx, i); /* [.. v] */
        s = lcalf_tosession(L, -1);
        if (!s)
            luaL_error(L,
                       "%s: %s: %s[%d] is a %s value; expected a session (run{...}, "
                       "strength{...}, rest(), ...)",
                       where, who, day, (int)i, luaL_typename(L, -1));
        plan->s[plan->n++] = expand(p, L, pool, s, where);
        if (anchor)
            lua_rawseti(L, anchor, (lua_Integer)luaL_len(L, anchor) + 1);
        else
            lua_pop(L, 1);
    }
}

/* Call `week` and turn its table into the seven day plans. [ctx keys] on
 * entry and exit. The table's own fields are read in one pass: each key is
 * checked against the interned day keys and its value copied to its day's
 * stack slot; the days are then parsed Monday to Sunday. A week table with a
 * metatable has each day read through it (lua_getfield, so __index supplies
 * the days it does not hold), just before that day is parsed. */
/* Day d of the week table at w (which has a metatable) into stack slot. */
static void week_day_meta(lua_State *L, int w, int slot, int d)
{
    lua_getfield(L, w, day_keys[d]);
    lua_replace(L, slot);
}

/* One number field of the progress table at idx into *v (absent: *v
 * unchanged, 0 returned). */
static int progress_num(calf_protocol *p, lua_State *L, int idx, const char *key, double *v)
{
    int t = lua_getfield(L, idx, key);
    if (t == LUA_TNIL) {
        lua_pop(L, 1);
        return 0;
    }
    if (lua_type(L, -1) != LUA_TNUMBER) /* no "0.1" strings, as the constructors */
        luaL_error(L, "%s: week: progress.%s: expected a number, got a %s value", p->week_where,
                   key, luaL_typename(L, -1));
    *v = lua_tonumber(L, -1);
    lua_pop(L, 1);
    calf_error e = {0};
    if (calf_progress_check_field(key, *v, &e))
        luaL_error(L, "%s: week: %s", p->week_where, e.msg);
    return 1;
}

/* The week's `progress` table at idx: read, checked, and started over the
 * week's sessions (progress.h). Raises with week's location. */
static void start_progress(calf_protocol *p, lua_State *L, int idx)
{
    const char *const *fields = calf_progress_fields;
    if (!lua_istable(L, idx))
        luaL_error(L, "%s: week: progress is a %s value; expected a table {grow = ..., ...}",
                   p->week_where, luaL_typename(L, idx));
    lua_pushnil(L);
    while (lua_next(L, idx)) { /* [.. k v] */
        lua_pop(L, 1);
        const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        int known = 0;
        for (int i = 0; k && fields[i] && !known; i++)
            known = strcmp(k, fields[i]) == 0;
        if (!known) {
            const char *s = k ? calf_closest(k, fields, 3) : NULL;
            char list[160];
            size_t used = 0;
            for (int i = 0; fields[i] && used < sizeof list; i++)
                used += (size_t)snprintf(list + used, sizeof list - used, "%s%s", i ? ", " : "",
                                         fields[i]);
            luaL_error(L, "%s: week: progress has an unknown field %s%s%s%s (allowed: %s)",
                       p->week_where, k ? k : luaL_tolstring(L, -1, NULL),
                       s ? " (did you mean " : "", s ? s : "", s ? "?)" : "", list);
        }
    }
    calf_progress_rule r = {0};
    double weeks = 0;
    if (!progress_num(p, L, idx, "grow", &r.grow))
        luaL_error(L, "%s: week: progress.grow: missing (the weekly growth, 0 to 1)",
                   p->week_where);
    progress_num(p, L, idx, "regress", &r.regress); /* each checked as given */
    progress_num(p, L, idx, "max_week_km", &r.max_week_km);
    progress_num(p, L, idx, "round_km", &r.round_km);
    progress_num(p, L, idx, "hold_if_morning_pain", &r.hold_if_morning_pain);
    if (progress_num(p, L, idx, "weeks", &weeks))
        r.weeks = (int)weeks;
    calf_error e = {0};
    calf_session *sess[POOL_CHUNK * POOL_MAX_CHUNKS];
    for (int i = 0; i < p->wpool.n; i++)
        sess[i] = &p->wpool.chunk[i / POOL_CHUNK][i % POOL_CHUNK].s;
    if (calf_progress_start(&p->prog, &r, sess, p->wpool.n, p->week, &e))
        luaL_error(L, "%s: week: %s", p->week_where, e.msg);
}

static void call_week(calf_protocol *p, lua_State *L)
{
    enum { W = 3, SLOT = 4, PROG = SLOT + 7, LISTS = PROG + 1, LIST = LISTS + 1 };
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_week); /* [ctx keys week] */
    lua_pushvalue(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_p); /* [ctx keys week ctx p] */
    lua_call(L, 2, 1);                           /* [ctx keys w] */
    if (!lua_istable(L, W))
        luaL_error(L, "%s: week must return a table keyed mon..sun (it returned %s)", p->week_where,
                   luaL_typename(L, W));
    luaL_checkstack(L, 13, "week");
    for (int d = 0; d < 8; d++)
        lua_pushnil(L); /* [ctx keys w v1..v7 progress] */
    lua_pushnil(L);
    while (lua_next(L, W)) { /* [.. k v] */
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int d = -1;
        for (int i = 0; k && i < 7 && d < 0; i++) /* interned: equal keys are one string */
            if (k == p->key_ptr[K_MON + i])
                d = i;
        if (k && k == p->key_ptr[K_PROGRESS])
            d = 7;
        if (d < 0) {
            lua_pop(L, 1);
            const char *s = k ? calf_closest(k, week_keys, 3) : NULL;
            luaL_error(L,
                       "%s: week returned an unknown day %s%s%s (use mon, tue, wed, thu, fri, "
                       "sat, sun; or progress)%s%s%s",
                       p->week_where, k ? "'" : "", k ? k : luaL_typename(L, -1), k ? "'" : "",
                       s ? " (did you mean " : "", s ? s : "", s ? "?)" : "");
        }
        lua_replace(L, SLOT + d); /* [.. k] */
    }
    const int meta = lua_getmetatable(L, W);
    if (meta) /* progress is the table's own field, read raw above: an __index
               * that supplies the days (a default session) supplies no rule */
        lua_pop(L, 1);
    p->wpool.n = 0;
    p->prog.on = 0;
    if (p->ref_day == LUA_NOREF) { /* no `day`: the compact sessions may go */
        for (int d = 0; d < 7; d++) {
            if (meta)
                week_day_meta(L, W, SLOT + d, d);
            parse_day(p, L, SLOT + d, &p->week[d], 0, &p->wpool, p->week_where, "week",
                      day_keys[d]);
        }
        if (!lua_isnil(L, PROG))
            start_progress(p, L, PROG);
        lua_settop(L, 2); /* [ctx keys] */
        p->have_week = 1;
        return;
    }
    if (!lua_isnil(L, PROG))
        luaL_error(L,
                   "%s: week: progress cannot be used with a day callback (day edits the "
                   "week's sessions in Lua; keep one of them)",
                   p->week_where);
    lua_createtable(L, 7, 0); /* [.. lists] */
    for (int d = 0; d < 7; d++) {
        lua_createtable(L, 2, 0); /* [.. lists list] */
        if (meta)
            week_day_meta(L, W, SLOT + d, d);
        parse_day(p, L, SLOT + d, &p->week[d], LIST, &p->wpool, p->week_where, "week", day_keys[d]);
        lua_rawseti(L, LISTS, d + 1); /* [.. lists] */
    }
    lua_rawseti(L, LUA_REGISTRYINDEX, p->ref_lists);
    lua_settop(L, 2); /* [ctx keys] */
    p->have_week = 1;
}

static int plan_k(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, 1);
    lua_settop(L, 0);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_ctx);  /* [ctx] */
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_keys); /* [ctx keys] */
    const calf_obs *o = p->obs;
    update_ctx(p, L, o);
    if (o->weekday == 1 || !p->have_week)
        call_week(p, L);
    int wd = o->weekday - 1;
    if (p->ref_day == LUA_NOREF) {
        p->today = p->week[wd];
        return 0;
    }
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_day); /* [ctx keys day] */
    lua_pushvalue(L, 1);
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_p);     /* [ctx keys day ctx p] */
    lua_rawgeti(L, LUA_REGISTRYINDEX, p->ref_lists); /* [ctx keys day ctx p lists] */
    lua_rawgeti(L, -1, wd + 1);                      /* [ctx keys day ctx p lists planned] */
    lua_remove(L, -2);                               /* [ctx keys day ctx p planned] */
    lua_call(L, 3, 1);                               /* [ctx keys r] */
    if (lua_isnil(L, 3))
        luaL_error(L,
                   "%s: day must return the day's sessions (a session, a list of sessions, or "
                   "rest()); it returned nil (return planned to keep the week's plan)",
                   p->day_where);
    p->dpool.n = 0;
    parse_day(p, L, 3, &p->today, 0, &p->dpool, p->day_where, "day", "the returned day");
    return 0;
}

/* Say when a protocol callback failed after the first day: " (in week W,
 * day D)" at the end of the message's first line (a traceback, if any,
 * follows it). On day 1 there is no "when" to tell. */
static void note_when(calf_error *err, const calf_obs *obs)
{
    if (!err || !obs || obs->day <= 1)
        return;
    char when[64];
    snprintf(when, sizeof(when), " (in week %d, day %d)", obs->week, obs->day);
    size_t len = strlen(err->msg), cut = strcspn(err->msg, "\n");
    if (len + strlen(when) >= sizeof(err->msg))
        return;
    memmove(err->msg + cut + strlen(when), err->msg + cut, len - cut + 1);
    memcpy(err->msg + cut, when, strlen(when));
}

/* A Monday of a protocol with rules in C: what ctx.last_week would hold
 * this morning, and the week built from it (no Lua). */
static int rules_monday(calf_protocol *p, const calf_obs *obs, calf_error *err)
{
    week_sum ws = sum_week(p, obs->day);
    calf_rules_week *w = &ws.s;
    w->day = obs->day;
    w->week = obs->week;
    w->morning_pain = obs->morning_pain;
    w->heel_raise_reps = obs->heel_raise_reps;
    int rc = prules_week(p->rules, w, p->week, err);
    p->have_week = !rc;
    return rc;
}

static int plan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    calf_protocol *p = ud;
    if (note_day(p, obs, err))
        return CALF_EIO;
    if (p->rules) {
        if ((obs->weekday == 1 || !p->have_week) && rules_monday(p, obs, err))
            return err->code;
        *out = p->week[obs->weekday - 1];
        return CALF_OK;
    }
    /* no callback due today: the week's plan, and no Lua at all; on a
     * Monday under a weekly progression, the week rescaled in C */
    if (p->ref_day == LUA_NOREF && p->have_week) {
        int due = obs->weekday == 1;
        if (due && p->prog.on) {
            /* what ctx.last_week would hold this morning */
            const week_sum ws = sum_week(p, obs->day);
            const calf_progress_week w = {ws.s.stopped, ws.s.morning_max};
            int on = calf_progress_monday(&p->prog, &w, err);
            if (on < 0) { /* as a Lua error in week */
                char why[sizeof err->msg];
                snprintf(why, sizeof why, "%s", err->msg);
                return calf_error_set(err, CALF_ESCRIPT,
                                      "%s: week: in week %d, %s (cap it with "
                                      "progress.max_week_km)",
                                      p->week_where, obs->week, why);
            }
            due = !on;
        }
        if (!due) {
            *out = p->week[obs->weekday - 1];
            return CALF_OK;
        }
    }
    p->obs = obs;
    lua_pushcfunction(p->L, plan_k);
    lua_pushlightuserdata(p->L, p);
    int rc = calf_sandbox_pcall(p->sb, 1, 0, err);
    p->obs = NULL;
    if (rc) {
        note_when(err, obs);
        return rc;
    }
    *out = p->today;
    return CALF_OK;
}

/* [proto p]: the protocol table of a rerun takes the place of the first's
 * (same callbacks, same registry slots); open checked its shape. */
static int refresh_k(lua_State *L)
{
    calf_protocol *p = lua_touserdata(L, 2);
    lua_settop(L, 1);
    if (!lua_istable(L, 1))
        return luaL_error(L, "%s: the protocol returned %s when run again for another patient",
                          p->path, luaL_typename(L, 1));
    static const char *const keys[] = {"week", "day", "init"};
    int *refs[] = {&p->ref_week, &p->ref_day, &p->ref_init};
    for (int i = 0; i < 3; i++) {
        int fn = lua_getfield(L, 1, keys[i]) == LUA_TFUNCTION; /* [proto v] */
        if (fn != (*refs[i] != LUA_NOREF))
            return luaL_error(L,
                              "%s: '%s' %s when the protocol ran again for another patient "
                              "(a protocol's shape may not depend on state)",
                              p->path, keys[i], fn ? "appeared" : "disappeared");
        if (fn)
            lua_rawseti(L, LUA_REGISTRYINDEX, *refs[i]); /* [proto] */
        else
            lua_pop(L, 1);
    }
    lua_rawseti(L, LUA_REGISTRYINDEX, p->ref_proto); /* [] */
    return 0;
}

void calf_protocol_reseed(calf_protocol *p, uint64_t seed)
{
    p->seed_pending = 1;
    p->seed_next = seed;
}

/* Every run but an open's first starts as if the protocol were opened
 * afresh: module state put back (calf_sandbox_rerun) and math.random
 * restarted from the seed given (calf_protocol_reseed) or the open's. So a
 * virtual patient's run does not depend on what ran before on this
 * interpreter, nor on which thread runs it. */
static int fresh_state(calf_protocol *p, calf_error *err)
{
    int first = !p->bound;
    p->bound = 1;
    if (first && !p->seed_pending)
        return CALF_OK; /* as opened */
    calf_sandbox_reseed(p->sb, p->seed_pending ? p->seed_next : p->seed0);
    p->seed_pending = 0;
    int rc = calf_sandbox_rerun(p->sb, err); /* [proto] */
    if (rc)
        return rc;
    lua_pushcfunction(p->L, refresh_k); /* [proto f] */
    lua_insert(p->L, -2);               /* [f proto] */
    lua_pushlightuserdata(p->L, p);     /* [f proto p] */
    return calf_sandbox_pcall(p->sb, 2, 0, err);
}

int calf_protocol_planner(calf_protocol *p, const calf_model *m, calf_planner *out, calf_error *err)
{
    lua_State *L = p->L;
    int frc = fresh_state(p, err);
    if (frc)
        return frc;
    /* a second run reuses ctx's registry slots (setup_k replaces their
     * tables): nothing accumulates across virtual patients */
    p->model = m;
    p->have_week = 0;
    p->prog.on = 0;
    lua_pushcfunction(L, setup_k);
    lua_pushlightuserdata(L, p);
    int rc = calf_sandbox_pcall(p->sb, 1, 0, err);
    if (rc)
        return rc;
    out->plan_day = plan_day;
    out->ud = p;
    return CALF_OK;
}
