/*
 * population_load.c: the population-file loader (population_load.h). The
 * returned table is read inside a protected call; inputs are taken in the
 * order of their names (sorted), so errors and draws never depend on Lua's
 * hash order.
 */
#include "population_load.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "patient_load.h"
#include "sandbox_lua.h"
#include "util.h"

typedef struct pop_ctx {
    const char *path;
    calf_population *p;
    calf_error *err;
    int rc;
} pop_ctx;

static int bad(pop_ctx *c, const char *fmt, ...) CALF_PRINTF(2, 3);
static int bad(pop_ctx *c, const char *fmt, ...)
{
    char msg[700];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    c->rc = calf_error_set(c->err, CALF_EINPUT, "%s: %s", c->path, msg);
    return c->rc;
}

/* Every string key of the table at idx must be in allowed. */
static int keys_ok(lua_State *L, int idx, const char *where, const char *const *allowed, pop_ctx *c)
{
    lua_pushnil(L);
    while (lua_next(L, idx) != 0) { /* [.. k v] */
        const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
        int ok = 0;
        for (int i = 0; k && allowed[i] && !ok; i++)
            ok = strcmp(k, allowed[i]) == 0;
        if (!ok) {
            char list[256];
            calf_join_list(list, sizeof(list), allowed, NULL);
            lua_pop(L, 2);
            return bad(c, "%s: unknown key \"%s\" (allowed: %s)", where, k, list);
        }
        lua_pop(L, 1);
    }
    return CALF_OK;
}

/* Number field key of the table at idx: 1 and *v when present and finite,
 * 0 when absent, -1 (error set) otherwise. */
static int num(lua_State *L, int idx, const char *where, const char *key, double *v, pop_ctx *c)
{
    int t = lua_getfield(L, idx, key);
    int isnum = 0;
    double x = lua_tonumberx(L, -1, &isnum);
    lua_pop(L, 1);
    if (t == LUA_TNIL)
        return 0;
    *v = x;
    if (t != LUA_TNUMBER || !isnum || !isfinite(x)) {
        char w[300];
        snprintf(w, sizeof(w), "%s.%s", where, key);
        bad(c, "%s: must be a finite number", w);
        return -1;
    }
    return 1;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The target of an input name, with its allowed range. */
static int resolve(const char *name, calf_cohort_input *t, double *lo, double *hi, pop_ctx *c)
{
    memset(t, 0, sizeof(*t));
    snprintf(t->name, sizeof(t->name), "%s", name);
    t->param = -1;
    if (strncmp(name, "patient.", 8) == 0) {
        const calf_patient_field *f = calf_patient_field_find(name + 8);
        if (!f || (f->type != CALF_PF_NUMBER && f->type != CALF_PF_ENUM))
            return bad(c,
                       "inputs[\"%s\"]: not a numeric patient field (see docs/patient-fields.md)",
                       name);
        t->field = f;
        *lo = f->type == CALF_PF_ENUM ? 0 : f->min;
        *hi = f->max;
        if (f->type == CALF_PF_ENUM) {
            int n = 0;
            while (f->choices[n])
                n++;
            *hi = n - 1;
        }
        return CALF_OK;
    }
    int id = calf_params_find(name);
    if (id < 0)
        return bad(c, "inputs[\"%s\"]: neither a registry constant nor patient.FIELD", name);
    t->param = id;
    *lo = calf_param_infos[id].min;
    *hi = calf_param_infos[id].max;
    return CALF_OK;
}

/* A categorical input: p = {name = prob} for an enum field, or
 * values = {...} with p = {...} for a number. */
static int read_categorical(lua_State *L, int e, const char *where, calf_pop_var *v, double lo,
                            double hi, pop_ctx *c)
{
    const calf_patient_field *f = v->target.field;
    int isenum = f && f->type == CALF_PF_ENUM;
    if (lua_getfield(L, e, "p") != LUA_TTABLE) /* [.. p] */
        return bad(c, "%s.p: needs a table of probabilities", where);
    double sum = 0;
    if (isenum) {
        for (int k = 0; f->choices[k] && k < CALF_POP_MAX_CATS; k++) {
            lua_getfield(L, -1, f->choices[k]);
            double pk = lua_isnil(L, -1) ? 0 : lua_tonumber(L, -1);
            lua_pop(L, 1);
            if (!(pk >= 0 && pk <= 1))
                return bad(c, "%s.p.%s = %g: must be a probability 0 to 1", where, f->choices[k],
                           pk);
            v->value[v->ncat] = k;
            sum += pk;
            v->cum[v->ncat++] = sum;
        }
    } else {
        int n = (int)luaL_len(L, -1);
        if (lua_getfield(L, e, "values") != LUA_TTABLE || n < 1 || n > CALF_POP_MAX_CATS ||
            luaL_len(L, -1) != n)
            return bad(c, "%s: needs values = {...} and p = {...} of the same length, 1 to 16",
                       where);
        for (int k = 1; k <= n; k++) {
            lua_rawgeti(L, -2, k);
            lua_rawgeti(L, -2, k); /* [.. p values pk xk] */
            double pk = lua_tonumber(L, -2), xk = lua_tonumber(L, -1);
            lua_pop(L, 2);
            if (!(pk >= 0 && pk <= 1) || !(xk >= lo && xk <= hi))
                return bad(c,
                           "%s: category %d (value %g, p %g): p must be 0 to 1 and the value "
                           "within %g to %g",
                           where, k, xk, pk, lo, hi);
            v->value[v->ncat] = xk;
            sum += pk;
            v->cum[v->ncat++] = sum;
        }
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    if (fabs(sum - 1) > 1e-6)
        return bad(c, "%s.p: the probabilities add up to %g; they must add up to 1", where, sum);
    v->cum[v->ncat - 1] = 1;
    v->lo = lo, v->hi = hi;
    return CALF_OK;
}

/* One input: the entry table is at e. */
static int read_input(lua_State *L, int e, const char *name, calf_pop_var *v, pop_ctx *c)
{
    static const char *const keys[] = {"dist", "mean",   "sd", "median", "sd_log", "min",
                                       "max",  "values", "p",  "round",  NULL};
    char where[160];
    snprintf(where, sizeof(where), "inputs[\"%s\"]", name);
    double lo = 0, hi = 0;
    if (resolve(name, &v->target, &lo, &hi, c) || keys_ok(L, e, where, keys, c))
        return c->rc;
    lua_getfield(L, e, "dist");
    const char *d = lua_tostring(L, -1);
    static const char *const dists[] = {"normal",    "lognormal",   "uniform",
                                        "truncated", "categorical", NULL};
    int k = 0;
    while (d && dists[k] && strcmp(d, dists[k]) != 0)
        k++;
    lua_pop(L, 1);
    if (!d || !dists[k])
        return bad(c, "%s.dist = %s: allowed normal, lognormal, uniform, truncated, categorical",
                   where, d ? d : "nil");
    lua_getfield(L, e, "round");
    v->round = lua_toboolean(L, -1);
    lua_pop(L, 1);
    if (k == 4) {
        v->dist = CALF_DIST_CATEGORICAL;
        return read_categorical(L, e, where, v, lo, hi, c);
    }
    double mn = lo, mx = hi, a = 0, b = 0;
    int has_min = num(L, e, where, "min", &mn, c), has_max = num(L, e, where, "max", &mx, c);
    if (has_min < 0 || has_max < 0)
        return c->rc;
    if (mn < lo || mx > hi || !(mn < mx)) {
        return bad(c, "%s: min = %g, max = %g: needs min < max inside the input's range %g to %g",
                   where, mn, mx, lo, hi);
    }
    const char *ka = k == 1 ? "median" : "mean", *kb = k == 1 ? "sd_log" : "sd";
    if (k == 2) {
        if (has_min != 1 || has_max != 1)
            return bad(c, "%s: a uniform input needs min and max", where);
    } else {
        if (k == 3 && (has_min != 1 || has_max != 1))
            return bad(c, "%s: a truncated input needs min and max", where);
        if (num(L, e, where, ka, &a, c) != 1 || num(L, e, where, kb, &b, c) != 1)
            return c->rc ? c->rc : bad(c, "%s: needs %s and %s", where, ka, kb);
        if (!(b > 0) || (k == 1 && !(a > 0)))
            return bad(c, "%s: %s = %g, %s = %g: the spread must be > 0 (and a median too)", where,
                       ka, a, kb, b);
        if (k == 1 && !(mn > 0))
            mn = fmax(lo, 1e-12);
    }
    v->dist = k == 1 ? CALF_DIST_LOGNORMAL : (k == 2 ? CALF_DIST_UNIFORM : CALF_DIST_NORMAL);
    v->a = k == 1 ? log(a) : a;
    v->b = b;
    v->lo = mn;
    v->hi = mx;
    return CALF_OK;
}

/* correlation = {{a, b, r}, ...} of the table at idx. */
static int read_corr(lua_State *L, int idx, pop_ctx *c)
{
    calf_population *p = c->p;
    int t = lua_getfield(L, idx, "correlation"); /* [.. corr] */
    if (t == LUA_TNIL)
        return CALF_OK;
    if (t != LUA_TTABLE)
        return bad(c, "correlation: needs a list of {name_a, name_b, r}");
    int n = (int)luaL_len(L, -1);
    for (int k = 1; k <= n; k++) {
        lua_rawgeti(L, -1, k); /* [.. corr e] */
        lua_rawgeti(L, -1, 1);
        lua_rawgeti(L, -2, 2);
        lua_rawgeti(L, -3, 3); /* [.. corr e a b r] */
        const char *a = lua_tostring(L, -3), *b = lua_tostring(L, -2);
        int isnum = 0;
        double r = lua_tonumberx(L, -1, &isnum);
        int ia = a ? calf_population_find(p, a) : -1, ib = b ? calf_population_find(p, b) : -1;
        if (ia < 0 || ib < 0 || ia == ib)
            return bad(c, "correlation[%d]: {%s, %s, r}: both names must be different inputs", k,
                       a ? a : "nil", b ? b : "nil");
        if (!isnum || !(fabs(r) < 1))
            return bad(c, "correlation[%d] (%s, %s) = %g: allowed -1 < r < 1", k, a, b, r);
        double *x = &p->corr[ia * CALF_POP_MAX_VARS + ib],
               *y = &p->corr[ib * CALF_POP_MAX_VARS + ia];
        if (*x != 0)
            return bad(c, "correlation[%d]: %s and %s given twice", k, a, b);
        *x = *y = r;
        lua_pop(L, 4); /* [.. corr] */
    }
    lua_pop(L, 1);
    return CALF_OK;
}

static int walk_k(lua_State *L)
{
    pop_ctx *c = lua_touserdata(L, 2); /* [root c] */
    calf_population *p = c->p;
    if (lua_type(L, 1) != LUA_TTABLE)
        return bad(c, "must return a table {name =, inputs =, ...}"), 0;
    static const char *const top[] = {"name", "base", "inputs", "correlation", NULL};
    if (keys_ok(L, 1, "population", top, c))
        return 0;
    lua_getfield(L, 1, "name");
    snprintf(p->name, sizeof(p->name), "%s", lua_tostring(L, -1) ? lua_tostring(L, -1) : "");
    lua_getfield(L, 1, "base");
    const char *base = lua_tostring(L, -1);
    if (base && base[0] != '/' && strrchr(c->path, '/'))
        snprintf(p->base, sizeof(p->base), "%.*s/%s", (int)(strrchr(c->path, '/') - c->path),
                 c->path, base);
    else if (base)
        snprintf(p->base, sizeof(p->base), "%s", base);
    lua_pop(L, 2);
    if (lua_getfield(L, 1, "inputs") != LUA_TTABLE) /* [root c inputs] */
        return bad(c, "inputs: needs a table {[\"name\"] = {dist = ...}, ...}"), 0;
    const char *names[CALF_POP_MAX_VARS];
    int n = 0;
    lua_pushnil(L);
    while (lua_next(L, 3) != 0) { /* keys stay alive in the inputs table */
        if (lua_type(L, -2) != LUA_TSTRING || lua_type(L, -1) != LUA_TTABLE)
            return bad(c, "inputs: keys are input names and values tables"), 0;
        if (n >= CALF_POP_MAX_VARS)
            return bad(c, "inputs: at most %d", CALF_POP_MAX_VARS), 0;
        names[n++] = lua_tostring(L, -2);
        lua_pop(L, 1);
    }
    if (n == 0)
        return bad(c, "inputs: needs at least one input"), 0;
    qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
    for (int k = 0; k < n; k++) {
        lua_getfield(L, 3, names[k]); /* [root c inputs e] */
        if (read_input(L, lua_gettop(L), names[k], &p->v[k], c))
            return 0;
        lua_pop(L, 1);
        p->n = k + 1;
    }
    if (read_corr(L, 1, c))
        return 0;
    if (calf_population_prepare(p, c->err))
        c->rc = calf_error_prefix(c->err, c->path);
    return 0;
}

int calf_population_load(const char *path, calf_population *out, calf_error *err)
{
    calf_sandbox_opts o = {
        .mem_limit = CALF_PATIENT_MEM_LIMIT, .budget = CALF_PATIENT_BUDGET, .bare = 1};
    calf_sandbox *sb = NULL;
    int rc = calf_input_file_ok(path, err);
    if (!rc)
        rc = calf_sandbox_open(&sb, &o, err);
    if (rc)
        return rc;
    calf_population_init(out);
    rc = calf_sandbox_dofile(sb, path, err); /* [root] */
    if (rc == CALF_OK) {
        lua_State *L = calf_sandbox_state(sb);
        pop_ctx c = {.path = path, .p = out, .err = err};
        lua_pushcfunction(L, walk_k); /* [root f] */
        lua_insert(L, -2);            /* [f root] */
        lua_pushlightuserdata(L, &c); /* [f root c] */
        rc = calf_sandbox_pcall(sb, 2, 0, err);
        if (rc == CALF_OK)
            rc = c.rc;
    }
    calf_sandbox_close(sb);
    return rc;
}
