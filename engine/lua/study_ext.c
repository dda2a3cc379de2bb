/*
 * study_ext.c: calfsim.explain, calfsim.oracle and calfsim.reveal for study
 * scripts and lessons (study_ext.h). Each call reads its argument table
 * first (Lua errors may be raised then, nothing is owned yet), then opens
 * the model and the day source and works with status codes only, freeing
 * everything before a Lua error is raised or results are pushed.
 */
#include "study_ext.h"
#include "study_lua.h"

#include <lauxlib.h>
#include <lua.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "explain.h"
#include "patient_load.h"
#include "protocol.h"
#include "source.h"
#include "sweep.h"
#include "util.h"

#define PATIENT_MT "calf.Patient" /* the study runtime's patient userdata */
#define MAX_PSETS  32
#define MAX_RUNS   5 /* runs in one reveal figure (as compare's figures) */

static calf_study_ext *get_ext(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* A readable input path: as given, else relative to the script's folder
 * (calf_read_path); a Lua error naming fn when it is refused. */
static void in_path(lua_State *L, const calf_study_ext *x, const char *fn, const char *p, char *out,
                    size_t n)
{
    calf_error e = {0};
    if (calf_read_path(x->roots, x->script_dir, p, out, n, &e))
        luaL_error(L, "%s: %s", fn, e.msg);
}

static int out_file(calf_study_ext *x, const char *name, char *path, size_t n, calf_error *err)
{
    return calf_study_out_path(x->out_dir, &x->out_made, name, path, n, err);
}

/* ---- one run's inputs ----------------------------------------------------- */

typedef struct xrun {
    calf_params par;
    calf_patient pt;
    calf_model m;
    int days, oracle;
    /* the day source: a protocol (.lua), a plan file, or plan rows as text */
    int is_proto;
    char path[4096];
    const char *rows_text; /* on the Lua stack while the call runs */
    size_t rows_len;
    calf_protocol *proto;
    calf_source *src;
    calf_source_inst *inst;
    char pname[MAX_PSETS][128];
    double pval[MAX_PSETS];
    int np;
} xrun;

static const char *const row_cols[] = {"day",       "kind",   "exercise",     "km",      "kmh",
                                       "sets",      "reps",   "rm",           "pct_1rm", "minutes",
                                       "step_rate", "strike", "stop_at_pain", NULL};

/* Plan rows {{day=1, kind="run", km=3}, ...} as plan CSV text, pushed. Each
 * row is formatted in C and added once the row table is popped, so the
 * buffer's stack use stays balanced. */
static void push_rows_csv(lua_State *L, int idx)
{
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int c = 0; row_cols[c]; c++) {
        luaL_addstring(&b, c ? "," : "");
        luaL_addstring(&b, row_cols[c]);
    }
    luaL_addchar(&b, '\n');
    lua_Integer n = luaL_len(L, idx);
    for (lua_Integer r = 1; r <= n; r++) {
        char line[2048];
        size_t len = 0;
        line[0] = '\0';
        if (lua_rawgeti(L, idx, r) != LUA_TTABLE)
            luaL_error(L, "protocol rows: row %d is not a table", (int)r);
        for (int c = 0; row_cols[c]; c++) {
            char cell[128] = "";
            int t = lua_getfield(L, -1, row_cols[c]);
            if (t == LUA_TNUMBER) {
                snprintf(cell, sizeof(cell), "%.17g", lua_tonumber(L, -1));
            } else if (t == LUA_TSTRING) {
                const char *v = lua_tostring(L, -1);
                if (strpbrk(v, ",\"\n\r") || strlen(v) >= sizeof(cell))
                    luaL_error(L,
                               "protocol rows: row %d, %s: at most 127 characters, no commas "
                               "or quotes",
                               (int)r, row_cols[c]);
                snprintf(cell, sizeof(cell), "%s", v);
            }
            lua_pop(L, 1);
            int w = snprintf(line + len, sizeof(line) - len, "%s%s", c ? "," : "", cell);
            if (w > 0 && (size_t)w < sizeof(line) - len)
                len += (size_t)w;
        }
        lua_pop(L, 1);
        luaL_addstring(&b, line);
        luaL_addchar(&b, '\n');
    }
    luaL_pushresult(&b);
}

/* Read the argument table at t into r (may raise Lua errors; owns nothing).
 * Plan rows leave their CSV text on the stack. */
static void parse_run(lua_State *L, calf_study_ext *x, int t, xrun *r, const char *fn,
                      const char *const keys[])
{
    calf_error e = {0};
    calf_study_check_keys(L, t, fn, keys);
    memset(r, 0, sizeof(*r));
    calf_params_default(&r->par);
    r->days = calf_study_arg_days(L, t, 0, 0); /* 0: not given */
    if (lua_getfield(L, t, "oracle") != LUA_TNIL)
        r->oracle = lua_toboolean(L, -1);
    lua_pop(L, 1);
    int ty = lua_getfield(L, t, "patient");
    if (ty == LUA_TUSERDATA && luaL_testudata(L, -1, PATIENT_MT)) {
        r->pt = *(calf_patient *)lua_touserdata(L, -1);
    } else if (ty == LUA_TSTRING) {
        char path[4096];
        in_path(L, x, fn, lua_tostring(L, -1), path, sizeof(path));
        if (calf_patient_load(path, &r->pt, &e))
            luaL_error(L, "%s: %s", fn, e.msg);
    } else {
        luaL_error(L, "%s: patient = calfsim.patient(...) or a patient file name is required", fn);
    }
    lua_pop(L, 1);
    if (lua_getfield(L, t, "set") == LUA_TTABLE) {
        int st = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, st)) {
            const char *k = lua_type(L, -2) == LUA_TSTRING ? lua_tostring(L, -2) : NULL;
            if (!k || !lua_isnumber(L, -1))
                luaL_error(L, "%s: set = {name = number, ...}", fn);
            double v = lua_tonumber(L, -1);
            char spec[256];
            snprintf(spec, sizeof(spec), "%s=%.17g", k, v);
            calf_sweep_var sv;
            if (calf_sweep_parse_var(spec, &sv, &e) && calf_study_vary_rename(&e, "set"))
                luaL_error(L, "%s: %s", fn, e.msg);
            if (sv.kind == CALF_VAR_PROTOCOL) {
                if (r->np >= MAX_PSETS)
                    luaL_error(L, "%s: at most %d protocol parameters in set", fn, MAX_PSETS);
                snprintf(r->pname[r->np], sizeof(r->pname[0]), "%s", k);
                r->pval[r->np++] = v;
            } else if (calf_sweep_apply(&sv, v, &r->par, &r->pt, NULL, &e)) {
                calf_study_vary_rename(&e, "set");
                luaL_error(L, "%s: %s", fn, e.msg);
            }
            lua_pop(L, 1);
        }
    }
    lua_pop(L, 1);
    ty = lua_getfield(L, t, "protocol");
    if (ty == LUA_TSTRING) {
        const char *p = lua_tostring(L, -1);
        size_t len = strlen(p);
        in_path(L, x, fn, p, r->path, sizeof(r->path));
        r->is_proto = len > 4 && strcmp(p + len - 4, ".lua") == 0;
        lua_pop(L, 1);
    } else if (ty == LUA_TTABLE) {
        push_rows_csv(L, lua_gettop(L));
        lua_remove(L, -2);
        r->rows_text = lua_tolstring(L, -1, &r->rows_len);
        snprintf(r->path, sizeof(r->path), "protocol rows");
    } else {
        luaL_error(L, "%s: protocol = a protocol file, a plan CSV file or a list of plan rows", fn);
    }
}

static int open_proto(calf_study_ext *x, xrun *r, calf_error *e)
{
    calf_protocol_close(r->proto);
    r->proto = NULL;
    calf_protocol_opts po = {0};
    po.mem_limit = x->mem_limit;
    po.budget = x->budget;
    po.seed = x->seed;
    po.oracle = r->oracle;
    po.verbose = x->verbose;
    po.lib_dir = x->lib_dir;
    int rc = calf_protocol_open(&r->proto, r->path, &po, e);
    for (int i = 0; !rc && i < r->np; i++) {
        rc = calf_protocol_set_param(r->proto, r->pname[i], r->pval[i], e);
        if (rc == CALF_PROTOCOL_NOPARAM)
            rc = calf_error_set(e, CALF_ESCRIPT,
                                "set %s: neither a model constant, a patient field nor a "
                                "parameter of %s",
                                r->pname[i], r->path);
    }
    return rc;
}

static int open_run(calf_study_ext *x, xrun *r, calf_error *e)
{
    int rc = calf_model_init(&r->m, &r->par, &r->pt, e);
    if (rc)
        return rc;
    if (r->is_proto)
        return open_proto(x, r, e);
    if (r->np)
        return calf_error_set(e, CALF_ESCRIPT,
                              "set %s: neither a model constant nor a patient field (a plan has "
                              "no parameters)",
                              r->pname[0]);
    if (r->rows_text)
        rc = calf_source_open_plan_text(&r->src, "protocol rows", r->rows_text, r->rows_len, &r->m,
                                        e);
    else {
        calf_source_opts so = {0};
        so.mem_limit = x->mem_limit;
        so.budget = x->budget;
        so.seed = x->seed;
        so.lib_dir = x->lib_dir;
        so.verbose = x->verbose;
        rc = calf_source_open(&r->src, r->path, &r->m, &so, e);
    }
    if (!rc && r->days <= 0)
        r->days = calf_source_days(r->src);
    return rc;
}

/* A fresh planner (new protocol state and random stream) for one pass. */
static int fresh_planner(calf_study_ext *x, xrun *r, int *used, calf_planner *pl, calf_error *e)
{
    if (r->is_proto) {
        int rc = *used ? open_proto(x, r, e) : CALF_OK;
        *used = 1;
        return rc ? rc : calf_protocol_planner(r->proto, &r->m, pl, e);
    }
    calf_source_instance_free(r->inst);
    r->inst = NULL;
    int rc = calf_source_instance(r->src, &r->inst, e);
    return rc ? rc : calf_source_bind(r->inst, &r->m, pl, e);
}

static void close_run(xrun *r)
{
    calf_source_instance_free(r->inst);
    calf_source_close(r->src);
    calf_protocol_close(r->proto);
    r->inst = NULL;
    r->src = NULL;
    r->proto = NULL;
}

static const char *run_name(const xrun *r)
{
    if (r->proto)
        return calf_protocol_name(r->proto);
    if (r->src)
        return calf_source_name(r->src);
    return r->path;
}

/* ---- calfsim.oracle ------------------------------------------------------- */

static void setnum(lua_State *L, const char *k, double v)
{
    if (isnan(v))
        return;
    lua_pushnumber(L, v);
    lua_setfield(L, -2, k);
}

static void push_trace(lua_State *L, const calf_trace *tr)
{
    lua_createtable(L, 0, 48);
    for (int c = 0; calf_trace_fields[c].name; c++) {
        calf_study_push_column(L, tr->rows, tr->n, c);
        lua_setfield(L, -2, calf_trace_fields[c].name);
    }
}

/* calfsim.oracle{patient=, protocol=, weeks=|days=, set=}: the run with the
 * planner seeing the latent state (oracle mode); every trace column as an
 * array over days; the summary metrics; capacity_healthy (C_h, BW). */
static int l_oracle(lua_State *L)
{
    calf_study_ext *x = get_ext(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    /* userdata: collected even when parsing raises an error */
    xrun *r = lua_newuserdatauv(L, sizeof(xrun), 0);
    static const char *const keys[] = {"patient", "protocol", "weeks", "days",
                                       "set",     "oracle",   NULL};
    parse_run(L, x, 1, r, "calfsim.oracle", keys);
    r->oracle = 1;
    calf_error e = {0};
    calf_trace tr = {0};
    calf_summary sum;
    calf_planner pl;
    int used = 0;
    int rc = open_run(x, r, &e);
    if (!rc && r->days <= 0)
        r->days = 182;
    if (!rc)
        rc = fresh_planner(x, r, &used, &pl, &e);
    if (!rc) {
        calf_sim_opts so = {r->days, 1, 0, 0};
        rc = calf_sim_run(&r->m, &pl, &so, &tr, &sum, &e);
    }
    if (!rc) {
        lua_createtable(L, 0, 24);
        for (int k = 0; calf_summary_fields[k].name; k++)
            setnum(L, calf_summary_fields[k].name, calf_metric(&sum, k));
        lua_pushinteger(L, r->days);
        lua_setfield(L, -2, "days");
        lua_pushstring(L, run_name(r));
        lua_setfield(L, -2, "protocol");
        setnum(L, "capacity_healthy", r->m.c_h);
        setnum(L, "capacity_floor", r->m.c_floor);
        push_trace(L, &tr);
        lua_setfield(L, -2, "trace");
    }
    calf_trace_free(&tr);
    close_run(r);
    if (rc)
        return luaL_error(L, "calfsim.oracle: %s", e.msg);
    return 1;
}

/* ---- calfsim.explain ------------------------------------------------------ */

typedef struct xwork {
    calf_explain_input in;
    calf_explanation x;
    char text[4096];
} xwork;

/* NAME.json and NAME.dat carry the study's provenance: version, seed and
 * param_hash as the first JSON keys (as cohort.json), the line calfsim.write_csv
 * writes as the first line of the .dat. */
static int write_explain(calf_study_ext *x, const char *prov, uint64_t seed, uint64_t hash,
                         const char *name, const calf_model *m, const calf_explanation *ex,
                         const char *source, calf_error *e)
{
    char json[160], dat[160], path[4096], head[160];
    snprintf(json, sizeof(json), "%s.json", name);
    snprintf(dat, sizeof(dat), "%s.dat", name);
    snprintf(head, sizeof(head),
             "  \"version\": \"%s\",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n",
             CALF_VERSION, (unsigned long long)seed, (unsigned long long)hash);
    calf_afile af;
    int rc = out_file(x, json, path, sizeof(path), e);
    if (!rc)
        rc = calf_afile_open(&af, path, e);
    if (rc)
        return rc;
    calf_explain_write_json(af.fp, m, ex, source, prov ? head : NULL);
    if ((rc = calf_afile_commit(&af, e)))
        return rc;
    if ((rc = out_file(x, dat, path, sizeof(path), e)) || (rc = calf_afile_open(&af, path, e)))
        return rc;
    if (prov)
        fputs(prov, af.fp);
    calf_explain_write_dat(af.fp, ex);
    if ((rc = calf_afile_commit(&af, e)))
        return rc;
    if (!x->plot)
        return CALF_OK;
    char title[300];
    if (snprintf(title, sizeof(title), "Why day %d hurt: %s", ex->day, m->pt.name) >=
        (int)sizeof(title))
        title[sizeof(title) - 1] = '\0';
    const char *args[] = {dat, title, name, NULL};
    return x->plot(x->plot_ud, x->out_dir, "explain.gp", args, e);
}

static void push_by_factor(lua_State *L, const double *v)
{
    lua_createtable(L, 0, CALF_XF_COUNT);
    for (int f = 0; f < CALF_XF_COUNT; f++)
        setnum(L, calf_explain_factor_names[f], v[f]);
}

static void push_explanation(lua_State *L, const calf_explanation *ex, const char *text)
{
    lua_createtable(L, 0, 10);
    lua_pushinteger(L, ex->day);
    lua_setfield(L, -2, "day");
    lua_pushstring(L, text);
    lua_setfield(L, -2, "text");
    static const char *const part[] = {"value", "reference"};
    for (int p = 0; p < 2; p++) {
        lua_createtable(L, 0, CALF_XQ_COUNT);
        for (int q = 0; q < CALF_XQ_COUNT; q++)
            setnum(L, calf_explain_quantity_names[q], p ? ex->reference[q] : ex->value[q]);
        lua_setfield(L, -2, part[p]);
    }
    lua_createtable(L, 0, CALF_XQ_COUNT);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        push_by_factor(L, ex->contrib[q]);
        lua_setfield(L, -2, calf_explain_quantity_names[q]);
    }
    lua_setfield(L, -2, "contributions");
    lua_createtable(L, 0, CALF_XQ_COUNT);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        int order[CALF_XF_COUNT];
        calf_explain_rank(ex, q, order);
        lua_pushstring(L, calf_explain_factor_names[order[0]]);
        lua_setfield(L, -2, calf_explain_quantity_names[q]);
    }
    lua_setfield(L, -2, "top");
    push_by_factor(L, ex->actual);
    lua_setfield(L, -2, "actual");
    push_by_factor(L, ex->ref);
    lua_setfield(L, -2, "ref");
    lua_createtable(L, 0, CALF_XF_COUNT);
    for (int f = 0; f < CALF_XF_COUNT; f++) {
        lua_pushstring(L, calf_explain_factor_labels[f]);
        lua_setfield(L, -2, calf_explain_factor_names[f]);
    }
    lua_setfield(L, -2, "labels");
}

/* calfsim.explain{patient=, protocol=, weeks=|days=, day=N | worst=true,
 * oracle=, set=, ref_km=, name=}: the Shapley split of one day (default:
 * the day with the highest pain during). With name, NAME.json, NAME.dat and
 * the bar chart NAME.png/.svg go to the output folder. */
static int l_explain(lua_State *L)
{
    static const char *const explain_keys[] = {"patient", "protocol", "weeks",  "days", "set",
                                               "oracle",  "day",      "ref_km", "name", NULL};
    calf_study_ext *x = get_ext(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, "calfsim.explain", explain_keys);
    xrun *r = lua_newuserdatauv(L, sizeof(xrun), 0);
    xwork *w = lua_newuserdatauv(L, sizeof(xwork), 0);
    int day = 0;
    if (lua_getfield(L, 1, "day") != LUA_TNIL)
        day = (int)luaL_checkinteger(L, -1);
    lua_pop(L, 1);
    calf_explain_opts eo = {NAN};
    if (lua_getfield(L, 1, "ref_km") != LUA_TNIL)
        eo.ref_km = luaL_checknumber(L, -1);
    lua_pop(L, 1);
    if (!isnan(eo.ref_km) && (eo.ref_km < 0 || eo.ref_km > 100))
        return luaL_error(L, "calfsim.explain: ref_km allowed 0 to 100");
    const char *name = NULL;
    if (lua_getfield(L, 1, "name") != LUA_TNIL)
        name = luaL_checkstring(L, -1);
    calf_error e = {0};
    if (name && !calf_study_lua_name_ok(L, -1, &e))
        return luaL_error(L, "calfsim.explain: %s", e.msg);
    uint64_t seed = 0, hash = 0;
    const char *prov = calf_study_prov(L, &seed, &hash); /* before anything is owned */
    parse_run(L, x, 1, r, "calfsim.explain", explain_keys);
    int rc = open_run(x, r, &e);
    if (!rc && r->days <= 0)
        r->days = day > 0 ? day : 182;
    if (!rc && (day < 0 || day > r->days))
        rc = calf_error_set(&e, CALF_ESCRIPT, "day = %d: allowed 1 to %d (the run's days)", day,
                            r->days);
    calf_planner pl;
    int used = 0;
    if (!rc)
        rc = fresh_planner(x, r, &used, &pl, &e);
    if (!rc && day == 0) {
        rc = calf_explain_worst_day(&r->m, &pl, r->oracle, 0, r->days, &day, NULL, &e);
        if (!rc)
            rc = fresh_planner(x, r, &used, &pl, &e);
    }
    if (!rc)
        rc = calf_explain_capture(&r->m, &pl, r->oracle, 0, day, &w->in, &e);
    if (!rc)
        rc = calf_explain_compute(&r->m, &w->in, &eo, &w->x, &e);
    if (!rc) {
        calf_explain_text(&r->m, &w->x, w->text, sizeof(w->text));
        if (name)
            rc = write_explain(x, prov, seed, hash, name, &r->m, &w->x, run_name(r), &e);
    }
    close_run(r);
    if (rc)
        return luaL_error(L, "calfsim.explain: %s", e.msg);
    push_explanation(L, &w->x, w->text);
    return 1;
}

/* ---- calfsim.reveal ------------------------------------------------------- */

/* The number at t[col][d] (NaN when absent or false). */
static double cell(lua_State *L, int tr, const char *col, int d)
{
    double v = NAN;
    if (lua_getfield(L, tr, col) == LUA_TTABLE) {
        if (lua_rawgeti(L, -1, d) == LUA_TNUMBER)
            v = lua_tonumber(L, -1);
        lua_pop(L, 1);
    }
    lua_pop(L, 1);
    return v;
}

/* calfsim.reveal{runs = {r1, ...}, labels = {...}, name=, title=}: the
 * hidden state of up to 5 results of calfsim.oracle over days, written as
 * NAME.dat (one block per run, a row per day with the state at the start of
 * the day: day, capacity and effective capacity in % of healthy,
 * sensitisation, damage, acute fatigue, irritation) and drawn by
 * hidden_state.gp as NAME.png/.svg. Labels reach gnuplot only as arguments. */
static int l_reveal(lua_State *L)
{
    static const char *const keys[] = {"runs", "labels", "name", "title", NULL};
    calf_study_ext *x = get_ext(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    calf_study_check_keys(L, 1, "calfsim.reveal", keys);
    lua_getfield(L, 1, "name");
    int name_idx = lua_gettop(L);
    const char *name = luaL_optstring(L, -1, NULL);
    lua_getfield(L, 1, "title");
    const char *title = luaL_optstring(L, -1, "Hidden state (model internals)");
    if (lua_getfield(L, 1, "runs") != LUA_TTABLE)
        return luaL_error(L, "calfsim.reveal: runs = {result of calfsim.oracle, ...}");
    int runs = lua_gettop(L);
    lua_getfield(L, 1, "labels");
    int labels = lua_gettop(L);
    if (!name)
        return luaL_error(L, "calfsim.reveal: name = \"file base name\" is required");
    lua_Integer n = luaL_len(L, runs);
    if (n < 1 || n > MAX_RUNS)
        return luaL_error(L, "calfsim.reveal: 1 to %d runs", MAX_RUNS);
    const char *lab[MAX_RUNS];
    for (int k = 0; k < n; k++) {
        if (lua_rawgeti(L, runs, k + 1) != LUA_TTABLE)
            return luaL_error(L, "calfsim.reveal: runs[%d] is not a result of calfsim.oracle",
                              k + 1);
        if (lua_getfield(L, -1, "trace") != LUA_TTABLE)
            return luaL_error(L, "calfsim.reveal: runs[%d] has no trace (use calfsim.oracle)",
                              k + 1);
        lua_pop(L, 2);
        lab[k] = NULL;
        if (lua_istable(L, labels)) {
            lua_rawgeti(L, labels, k + 1);
            lab[k] = lua_tostring(L, -1); /* kept alive by the labels table */
            lua_pop(L, 1);
        }
        if (!lab[k]) {
            lua_rawgeti(L, runs, k + 1);
            lua_getfield(L, -1, "protocol");
            lab[k] = lua_tostring(L, -1);
            lua_pop(L, 2);
        }
        if (!lab[k])
            lab[k] = "run";
    }
    calf_error e = {0};
    char dat[160], path[4096];
    snprintf(dat, sizeof(dat), "%s.dat", name);
    if (!calf_study_lua_name_ok(L, name_idx, &e) || out_file(x, dat, path, sizeof(path), &e))
        return luaL_error(L, "calfsim.reveal: %s", e.msg);
    /* write through a Lua-owned buffer so an error mid-way leaks nothing */
    uint64_t seed, hash;
    const char *prov = calf_study_prov(L, &seed, &hash);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    if (prov) /* the study's provenance line, as calfsim.write_csv writes it */
        luaL_addstring(&b, prov);
    luaL_addstring(&b, "# calfsim hidden state (model internals): one block per run; a row per "
                       "day, every column at the start of that day (the end of the day before; "
                       "the capacity available during the day for capacity_eff); the last row "
                       "is the end of the last day; columns:\n"
                       "# day capacity_pct_healthy capacity_eff_pct_healthy sensitisation "
                       "damage fatigue_acute irritation\n");
    for (int k = 0; k < n; k++) {
        lua_rawgeti(L, runs, k + 1);
        lua_getfield(L, -1, "capacity_healthy");
        double ch = lua_tonumber(L, -1);
        lua_pop(L, 1);
        lua_getfield(L, -1, "trace");
        int tr = lua_gettop(L);
        lua_getfield(L, tr, "day");
        lua_Integer days = luaL_len(L, -1);
        lua_pop(L, 1);
        char blk[64];
        snprintf(blk, sizeof(blk), "%s# run %d\n", k ? "\n\n" : "", k + 1);
        lua_pop(L, 2);
        luaL_addstring(&b, blk);
        /* row d: the state at the start of day d, which the trace holds as
         * the end of day d - 1 (NaN on day 1, before the trace starts), with
         * the capacity available during day d; row days + 1 is the end of
         * the last day. So the figure at day 3 shows what the text calls the
         * start of day 3. */
        for (lua_Integer d = 1; d <= days + 1; d++) {
            lua_rawgeti(L, runs, k + 1);
            lua_getfield(L, -1, "trace");
            int t2 = lua_gettop(L);
            int prev = (int)d - 1;
            double v[7] = {(double)d,
                           100.0 * cell(L, t2, "capacity", prev) / ch,
                           100.0 * cell(L, t2, "capacity_eff", (int)d) / ch,
                           cell(L, t2, "sensitisation", prev),
                           cell(L, t2, "damage", prev),
                           cell(L, t2, "fatigue_acute", prev),
                           cell(L, t2, "irritation", prev)};
            lua_pop(L, 2);
            char line[256];
            size_t len = 0;
            for (int c = 0; c < 7; c++) {
                int wr =
                    isfinite(v[c])
                        ? snprintf(line + len, sizeof(line) - len, "%s%.6g", c ? " " : "", v[c])
                        : snprintf(line + len, sizeof(line) - len, "%sNaN", c ? " " : "");
                if (wr > 0 && (size_t)wr < sizeof(line) - len)
                    len += (size_t)wr;
            }
            luaL_addstring(&b, line);
            luaL_addchar(&b, '\n');
        }
    }
    luaL_pushresult(&b);
    size_t len;
    const char *text = lua_tolstring(L, -1, &len);
    calf_afile af;
    int rc = calf_afile_open(&af, path, &e);
    if (!rc) {
        fwrite(text, 1, len, af.fp);
        rc = calf_afile_commit(&af, &e);
    }
    if (!rc && x->plot) {
        const char *args[4 + MAX_RUNS + 1];
        int na = 0;
        args[na++] = dat;
        args[na++] = name;
        args[na++] = title;
        for (int k = 0; k < n; k++)
            args[na++] = lab[k];
        args[na] = NULL;
        rc = x->plot(x->plot_ud, x->out_dir, "hidden_state.gp", args, &e);
    }
    if (rc)
        return luaL_error(L, "calfsim.reveal: %s", e.msg);
    return 0;
}

static const luaL_Reg ext_api[] = {
    {"explain", l_explain}, {"oracle", l_oracle}, {"reveal", l_reveal}, {NULL, NULL}};

int calf_study_ext_register(lua_State *L, void *ud)
{
    lua_pushlightuserdata(L, ud);
    luaL_setfuncs(L, ext_api, 1);
    return 0;
}
