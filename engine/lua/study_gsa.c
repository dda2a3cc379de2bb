/*
 * study_gsa.c: calfsim.sobol{...} and calfsim.prcc{...} for study scripts
 * (study_gsa.h): global sensitivity of any quantity a script computes. The
 * estimators are engine/core/gsa.c; here the inputs table is read, the
 * design's points are passed to the script's f as a table of named values,
 * and the indices come back as tables keyed by input name. Buffers are Lua
 * userdata, so an error raised inside f frees them with the stack.
 */
#include "study_gsa.h"
#include "study_lua.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <string.h>

#include "gsa.h"

#define MAX_EVALS 50000000L /* model evaluations in one call */

typedef struct gsa_input {
    char name[96]; /* a copy: f may change the argument table */
    double lo, hi;
} gsa_input;

static const char *const sobol_keys[] = {"inputs", "n", "seed", "f", "boot", NULL};
static const char *const prcc_keys[] = {"inputs", "n", "seed", "f", NULL};

/* inputs = {{name = "x1", lo = a, hi = b}, ...} of the table at 1, into a
 * userdata pushed on the stack; returns d. */
static gsa_input *read_inputs(lua_State *L, const char *fn, int *d)
{
    if (lua_getfield(L, 1, "inputs") != LUA_TTABLE)
        luaL_error(L, "%s: inputs = {{name = \"x1\", lo = A, hi = B}, ...} is required", fn);
    lua_Integer n = luaL_len(L, -1);
    if (n < 1 || n > CALF_GSA_MAX_INPUTS)
        luaL_error(L, "%s: inputs holds %d entries; allowed 1 to %d", fn, (int)n,
                   CALF_GSA_MAX_INPUTS);
    gsa_input *in = lua_newuserdatauv(L, (size_t)n * sizeof(gsa_input), 0); /* [inputs in] */
    for (lua_Integer i = 1; i <= n; i++) {
        if (lua_rawgeti(L, -2, i) != LUA_TTABLE) /* [inputs in e] */
            luaL_error(L, "%s: inputs[%d] is not a table {name =, lo =, hi =}", fn, (int)i);
        lua_getfield(L, -1, "name");
        size_t len = 0;
        const char *name = lua_type(L, -1) == LUA_TSTRING ? lua_tolstring(L, -1, &len) : NULL;
        if (!name || len == 0 || len >= sizeof(in[i - 1].name) || strlen(name) != len)
            luaL_error(L, "%s: inputs[%d].name must be a string of 1 to %d bytes", fn, (int)i,
                       (int)sizeof(in[i - 1].name) - 1);
        memcpy(in[i - 1].name, name, len + 1);
        lua_getfield(L, -2, "lo");
        lua_getfield(L, -3, "hi"); /* [inputs in e name lo hi] */
        int ok_lo, ok_hi;
        in[i - 1].lo = lua_tonumberx(L, -2, &ok_lo);
        in[i - 1].hi = lua_tonumberx(L, -1, &ok_hi);
        if (!ok_lo || !ok_hi || !isfinite(in[i - 1].lo) || !isfinite(in[i - 1].hi) ||
            !(in[i - 1].lo < in[i - 1].hi))
            luaL_error(L, "%s: inputs[%d] (%s): needs finite numbers lo < hi", fn, (int)i,
                       in[i - 1].name);
        for (lua_Integer k = 1; k < i; k++)
            if (strcmp(in[k - 1].name, in[i - 1].name) == 0)
                luaL_error(L, "%s: inputs[%d]: name \"%s\" given twice", fn, (int)i,
                           in[i - 1].name);
        lua_pop(L, 4); /* [inputs in] */
    }
    lua_remove(L, -2); /* [in] */
    *d = (int)n;
    return in;
}

static long int_arg(lua_State *L, const char *fn, const char *key, long def, long lo, long hi)
{
    int t = lua_getfield(L, 1, key);
    long v = def;
    if (t != LUA_TNIL) {
        int isnum;
        lua_Integer x = lua_tointegerx(L, -1, &isnum);
        if (!isnum || x < lo || x > hi)
            luaL_error(L, "%s: %s = %s; allowed an integer %d to %d", fn, key,
                       luaL_tolstring(L, -1, NULL), (int)lo, (int)hi);
        v = (long)x;
    }
    lua_pop(L, 1);
    return v;
}

/* Call f (at stack index fi) on each of np points of x (d columns, unit
 * cube) mapped onto the inputs' ranges; outputs into y. f returning nil or
 * a NaN marks a point that cannot be evaluated. */
static void eval_points(lua_State *L, const char *fn, int fi, const gsa_input *in, int d,
                        const double *x, long np, double *y)
{
    for (long k = 0; k < np; k++) {
        lua_pushvalue(L, fi);
        lua_createtable(L, 0, d); /* [f x] */
        for (int i = 0; i < d; i++) {
            double u = x[(size_t)k * (size_t)d + (size_t)i];
            lua_pushnumber(L, in[i].lo + u * (in[i].hi - in[i].lo));
            lua_setfield(L, -2, in[i].name);
        }
        lua_call(L, 1, 1); /* [y] */
        int isnum;
        double v = lua_tonumberx(L, -1, &isnum);
        if (!isnum && !lua_isnil(L, -1))
            luaL_error(L,
                       "%s: f returned a %s; it must return a number (or nil when the point "
                       "cannot be evaluated)",
                       fn, luaL_typename(L, -1));
        y[k] = isnum ? v : NAN;
        lua_pop(L, 1);
    }
}

/* t[name_i] = v[i] for every input, into a new table. */
static void push_by_name(lua_State *L, const gsa_input *in, int d, const double *v)
{
    lua_createtable(L, 0, d);
    for (int i = 0; i < d; i++) {
        lua_pushnumber(L, v[i]);
        lua_setfield(L, -2, in[i].name);
    }
}

/* t[name_i] = {lo[i], hi[i]}, into a new table. */
static void push_ci(lua_State *L, const gsa_input *in, int d, const double *lo, const double *hi)
{
    lua_createtable(L, 0, d);
    for (int i = 0; i < d; i++) {
        lua_createtable(L, 2, 0);
        lua_pushnumber(L, lo[i]);
        lua_rawseti(L, -2, 1);
        lua_pushnumber(L, hi[i]);
        lua_rawseti(L, -2, 2);
        lua_setfield(L, -2, in[i].name);
    }
}

static uint64_t seed_arg(lua_State *L, const char *fn)
{
    uint64_t sseed = 0, hash;
    calf_study_prov(L, &sseed, &hash);
    return (uint64_t)int_arg(L, fn, "seed", (long)sseed, 0, 2147483647L);
}

static int l_sobol(lua_State *L)
{
    const char *fn = "calfsim.sobol";
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, fn, sobol_keys);
    int d;
    const gsa_input *in = read_inputs(L, fn, &d); /* [in] */
    long n = int_arg(L, fn, "n", 1024, 2, 10000000L);
    int nboot = (int)int_arg(L, fn, "boot", 1000, 0, 100000L);
    uint64_t seed = seed_arg(L, fn);
    if (lua_getfield(L, 1, "f") != LUA_TFUNCTION) /* [in f] */
        return luaL_error(L, "%s: f = function(x) return y end is required", fn);
    if ((double)n * (d + 2) > (double)MAX_EVALS)
        return luaL_error(L, "%s: n (d + 2) = %f evaluations; allowed at most %d", fn,
                          (double)n * (d + 2), (int)MAX_EVALS);
    long np = n * (d + 2);
    double *x = lua_newuserdatauv(L, (size_t)np * (size_t)d * sizeof(double), 0);
    double *y = lua_newuserdatauv(L, (size_t)np * sizeof(double), 0); /* [in f x y] */
    calf_error e = {0};
    const char *seq = NULL;
    if (calf_sobol_design(n, d, seed, x, &seq, &e))
        return luaL_error(L, "%s: %s", fn, e.msg);
    eval_points(L, fn, -3, in, d, x, np, y);
    calf_sobol_result r;
    if (calf_sobol_indices(n, d, y, nboot, seed, &r, &e))
        return luaL_error(L, "%s: %s", fn, e.msg);
    /* copy into Lua-owned memory before anything can raise */
    double *v = lua_newuserdatauv(L, (size_t)d * 6 * sizeof(double), 0);
    memcpy(v, r.first, (size_t)d * 6 * sizeof(double));
    long used = r.n_used;
    double mean = r.mean, var = r.var;
    calf_sobol_result_free(&r);
    lua_createtable(L, 0, 10);
    push_by_name(L, in, d, v);
    lua_setfield(L, -2, "first");
    push_by_name(L, in, d, v + d);
    lua_setfield(L, -2, "total");
    push_ci(L, in, d, v + 2 * d, v + 3 * d);
    lua_setfield(L, -2, "first_ci");
    push_ci(L, in, d, v + 4 * d, v + 5 * d);
    lua_setfield(L, -2, "total_ci");
    lua_pushinteger(L, used);
    lua_setfield(L, -2, "n_used");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    lua_pushinteger(L, np);
    lua_setfield(L, -2, "evaluations");
    lua_pushnumber(L, mean);
    lua_setfield(L, -2, "mean");
    lua_pushnumber(L, var);
    lua_setfield(L, -2, "variance");
    lua_pushstring(L, seq);
    lua_setfield(L, -2, "sequence");
    return 1;
}

static int l_prcc(lua_State *L)
{
    const char *fn = "calfsim.prcc";
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, fn, prcc_keys);
    int d;
    const gsa_input *in = read_inputs(L, fn, &d); /* [in] */
    long n = int_arg(L, fn, "n", 1000, 3, 10000000L);
    uint64_t seed = seed_arg(L, fn);
    if (lua_getfield(L, 1, "f") != LUA_TFUNCTION) /* [in f] */
        return luaL_error(L, "%s: f = function(x) return y end is required", fn);
    if ((double)n * d > (double)MAX_EVALS * 10)
        return luaL_error(L, "%s: n = %d points of %d inputs is too large", fn, (int)n, d);
    double *x = lua_newuserdatauv(L, (size_t)n * (size_t)d * sizeof(double), 0);
    double *y = lua_newuserdatauv(L, (size_t)n * sizeof(double), 0);     /* [in f x y] */
    double *v = lua_newuserdatauv(L, (size_t)d * 3 * sizeof(double), 0); /* [in f x y v] */
    calf_error e = {0};
    if (calf_lhs_design(n, d, seed, x, &e))
        return luaL_error(L, "%s: %s", fn, e.msg);
    eval_points(L, fn, -4, in, d, x, n, y);
    long used = 0;
    if (calf_prcc(n, d, x, y, v, v + d, v + 2 * d, &used, &e))
        return luaL_error(L, "%s: %s", fn, e.msg);
    lua_createtable(L, 0, 4);
    push_by_name(L, in, d, v);
    lua_setfield(L, -2, "prcc");
    push_ci(L, in, d, v + d, v + 2 * d);
    lua_setfield(L, -2, "ci");
    lua_pushinteger(L, used);
    lua_setfield(L, -2, "n_used");
    lua_pushinteger(L, n);
    lua_setfield(L, -2, "n");
    return 1;
}

void calf_study_gsa_register(lua_State *L)
{
    lua_pushcfunction(L, l_sobol);
    lua_setfield(L, -2, "sobol");
    lua_pushcfunction(L, l_prcc);
    lua_setfield(L, -2, "prcc");
}
