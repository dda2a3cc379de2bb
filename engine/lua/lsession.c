/*
 * lsession.c: session constructors. Each takes a table of fields, checks
 * every key against its own list (unknown keys get a "did you mean"), fills
 * a calf_session, validates it with calf_session_validate (the same rules
 * the plan CSV obeys) and returns it as a "calf.Session" userdata. Errors are
 * raised with luaL_error, so they carry the line of the constructor call:
 * "protocols/x.lua:12: run: km = -1: allowed 0 to 100". The session an
 * `instead` refers to is kept alive as the userdata's user value.
 */
#include "lsession.h"

#include <lauxlib.h>
#include <math.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "exercise.h"
#include "patient.h"
#include "util.h"

/* Every field name any constructor takes, as an id (KEY_km, ...): a
 * constructor's arguments are recorded by id and read back by id, and each
 * constructor's key list is a list of ids in the order its messages name them. */
/* clang-format off */
#define KEY_NAMES(X)                                                                        \
    X(km) X(kmh) X(pace) X(segments) X(intervals) X(step_rate) X(strike) X(stop_at_pain)    \
    X(skip_if_morning_pain) X(shorten_if_morning_pain) X(instead) X(reps) X(run_min)        \
    X(walk_min) X(run_km) X(walk_km) X(run_kmh) X(walk_kmh) X(exercise) X(sets) X(rm)       \
    X(pct_1rm) X(tempo_s) X(effort) X(hold_s) X(kind) X(bouts) X(minutes) X(overstride)     \
    X(name) X(trains) X(intensity) X(kappa) X(transfer) X(default_rm) X(bw_factor) X(walk)  \
    X(recovery_km) X(recovery_kmh) X(walk_recovery) X(cooldown_km) X(pack_kg)
/* clang-format on */
#define KEY_ENUM(n) KEY_##n,
enum { KEY_NAMES(KEY_ENUM) NKEYS };
#define KEY_STR(n) #n,
static const char *const key_names[NKEYS] = {KEY_NAMES(KEY_STR)};
_Static_assert(NKEYS <= 64, "key ids: one bit each in a 64-bit mask");
#define KEND 0xff /* the end of a key list */
typedef unsigned char key_id;

#define COMMON_KEYS                                                                                \
    KEY_stop_at_pain, KEY_skip_if_morning_pain, KEY_shorten_if_morning_pain, KEY_instead

static const key_id run_keys[] = {KEY_km,       KEY_kmh,       KEY_pace,
                                  KEY_segments, KEY_intervals, KEY_step_rate,
                                  KEY_strike,   COMMON_KEYS,   KEND};
static const key_id walk_run_keys[] = {KEY_reps,    KEY_run_min, KEY_walk_min, KEY_run_km,
                                       KEY_walk_km, KEY_run_kmh, KEY_walk_kmh, KEY_step_rate,
                                       KEY_strike,  COMMON_KEYS, KEND};
static const key_id walk_keys[] = {KEY_km, KEY_kmh, COMMON_KEYS, KEND};
static const key_id strength_keys[] = {KEY_exercise, KEY_sets,    KEY_reps,    KEY_rm, KEY_pct_1rm,
                                       KEY_tempo_s,  KEY_pack_kg, COMMON_KEYS, KEND};
static const key_id isometric_keys[] = {KEY_exercise, KEY_sets,    KEY_reps, KEY_effort,
                                        KEY_hold_s,   COMMON_KEYS, KEND};
static const key_id neural_keys[] = {KEY_kind, KEY_bouts, KEY_minutes, COMMON_KEYS, KEND};
static const key_id cross_keys[] = {KEY_kind, KEY_minutes, COMMON_KEYS, KEND};
static const key_id gait_keys[] = {KEY_step_rate, KEY_overstride, KEY_strike, KEND};
static const key_id exercise_keys[] = {KEY_name,       KEY_trains,    KEY_intensity,
                                       KEY_kappa,      KEY_transfer,  KEY_tempo_s,
                                       KEY_default_rm, KEY_bw_factor, KEND};
static const key_id segment_keys[] = {KEY_km, KEY_kmh, KEY_pace, KEY_walk, KEND};
static const key_id interval_keys[] = {KEY_reps,          KEY_km,          KEY_kmh,
                                       KEY_pace,          KEY_recovery_km, KEY_recovery_kmh,
                                       KEY_walk_recovery, KEY_cooldown_km, KEND};
#define LIST_LEN(a) (sizeof(a) / sizeof((a)[0]) - 1)
/* [t slot], the kept values, k and v, the positional exercise name
 * (exercise_field) and two pushed later (common_attrs) */
_Static_assert(
    LIST_LEN(run_keys) + 7 <= LUA_MINSTACK && LIST_LEN(walk_run_keys) + 7 <= LUA_MINSTACK &&
        LIST_LEN(walk_keys) + 7 <= LUA_MINSTACK && LIST_LEN(strength_keys) + 7 <= LUA_MINSTACK &&
        LIST_LEN(isometric_keys) + 7 <= LUA_MINSTACK && LIST_LEN(neural_keys) + 7 <= LUA_MINSTACK &&
        LIST_LEN(cross_keys) + 7 <= LUA_MINSTACK && LIST_LEN(gait_keys) + 7 <= LUA_MINSTACK &&
        LIST_LEN(exercise_keys) + 7 <= LUA_MINSTACK,
    "a constructor's argument table is checked within LUA_MINSTACK slots");

/* The key lists by number, for the per-interpreter masks below. */
enum {
    LIST_RUN,
    LIST_WALK_RUN,
    LIST_WALK,
    LIST_STRENGTH,
    LIST_ISOMETRIC,
    LIST_NEURAL,
    LIST_CROSS,
    LIST_GAIT,
    LIST_EXERCISE,
    LIST_SEGMENT,
    LIST_INTERVAL,
    NLISTS
};
static const key_id *const key_lists[NLISTS] = {[LIST_RUN] = run_keys,
                                                [LIST_WALK_RUN] = walk_run_keys,
                                                [LIST_WALK] = walk_keys,
                                                [LIST_STRENGTH] = strength_keys,
                                                [LIST_ISOMETRIC] = isometric_keys,
                                                [LIST_NEURAL] = neural_keys,
                                                [LIST_CROSS] = cross_keys,
                                                [LIST_GAIT] = gait_keys,
                                                [LIST_EXERCISE] = exercise_keys,
                                                [LIST_SEGMENT] = segment_keys,
                                                [LIST_INTERVAL] = interval_keys};
static const char *const *const cross_kinds = calf_cross_kinds;
static const char *const neural_kinds[] = {"slider", "tensioner", NULL};

/* A protocol's own exercise, kept alive in the registry table below. */
#define CUSTOM_EXERCISES "calf.exercises"
typedef struct lcalf_custom_ex {
    calf_exercise ex;
    char name[48];
} lcalf_custom_ex;

const char *const lcalf_constructor_names[] = {"run",       "walk_run", "walk",  "strength",
                                               "isometric", "neural",   "cross", "rest",
                                               "gait",      "exercise", NULL};

static int fail(lua_State *L, const char *fmt, ...) CALF_PRINTF(2, 3);
static int fail(lua_State *L, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return luaL_error(L, "%s", msg);
}

/* The compact form: calf_session's fields from kind to instead, the used
 * segments only (about 170 bytes for a one-segment run instead of the 1 KB
 * of a full calf_session, which the garbage collector
 * would otherwise have to pay for on every constructor call). The bytes from
 * step_rate to instead are copied as they lie in calf_session; the asserts
 * below fail the build if calf_session's layout ever puts a field where this
 * copy would miss it. In the compact form, instead points to the compact
 * alternative (kept alive as the userdata's user value). */
#define MID_OFF offsetof(calf_session, step_rate)
#define MID_END sizeof(calf_session)
struct lcalf_session {
    int kind, nseg;
    uint64_t serial; /* this interpreter's count of sessions made, at this one */
    /* an interval run's repetitions (lcalf_intervals): the first repetition's
     * segment, the repetitions, 1 when recoveries lie between them */
    short iv_first, iv_reps, iv_rec;
    unsigned char mid[MID_END - MID_OFF];
    calf_segment seg[];
};
_Static_assert(offsetof(calf_session, kind) == 0 && offsetof(calf_session, nseg) == sizeof(int),
               "calf_session: kind and nseg first");
_Static_assert(offsetof(calf_session, seg) + sizeof(((calf_session *)0)->seg) == MID_OFF,
               "calf_session: step_rate right after the segments");
_Static_assert(offsetof(calf_session, instead) + sizeof(calf_session *) == MID_END,
               "calf_session: nothing after instead");

/* Per-interpreter constructor state (upvalue 2 of every constructor): every
 * field name as the interpreter's own interned string (kept alive by the
 * state's user value), found by its address (lua_topointer) in a small
 * open-addressing table, so a key is matched without reading its text (Lua
 * interns every short string: equal keys are the same string); each key
 * list as a mask of key ids; and the fields of a new session before any
 * argument (calf_session_init's, up to `instead`). Upvalue 3 is the session
 * metatable. */
#define KEY_SLOTS 128 /* a power of two, well above NKEYS */
typedef struct lsess_state {
    const void *kptr[NKEYS];
    unsigned char slot[KEY_SLOTS]; /* key id + 1; 0 when free */
    uint64_t mask[NLISTS];
    unsigned char mid[MID_END - MID_OFF];
    uint64_t made; /* sessions made so far (their serials) */
} lsess_state;

static unsigned key_hash(const void *p)
{
    return (unsigned)(((uint32_t)((uintptr_t)p >> 4) * 0x9E3779B1u) >> 25) & (KEY_SLOTS - 1);
}

/* The id of the interned key string at address p, or -1. */
static int key_of(const lsess_state *st, const void *p)
{
    for (unsigned h = key_hash(p);; h = (h + 1) & (KEY_SLOTS - 1)) {
        int s = st->slot[h];
        if (!s)
            return -1;
        if (st->kptr[s - 1] == p)
            return s - 1;
    }
}

static const lsess_state *lstate(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(2));
}

/* The session metatable holds this address as a light userdata at [1]: a
 * value's metatable is the session one when its [1] is this mark, checked
 * without a string lookup. No Lua code can make that light userdata, nor
 * reach the (locked) metatable to copy it. */
static const char session_mark = 0;

lcalf_session *lcalf_tosession(lua_State *L, int idx)
{
    /* a light userdata has no metatable of its own (nor one from Lua code) */
    void *p = lua_touserdata(L, idx);
    if (!p || !lua_getmetatable(L, idx)) /* [.. mt] */
        return NULL;
    lua_rawgeti(L, -1, 1); /* [.. mt mark] */
    int ours = lua_touserdata(L, -1) == (const void *)&session_mark;
    lua_pop(L, 2);
    return ours ? p : NULL;
}

uint64_t lcalf_serial(const lcalf_session *c)
{
    return c->serial;
}

int lcalf_intervals(const lcalf_session *c, int *first, int *rec)
{
    *first = c->iv_first;
    *rec = c->iv_rec;
    return c->iv_reps;
}

const lcalf_session *lcalf_unpack(const lcalf_session *c, calf_session *out)
{
    out->kind = c->kind;
    out->nseg = c->nseg;
    memcpy((unsigned char *)out + MID_OFF, c->mid, sizeof(c->mid));
    if (c->nseg > 0)
        memcpy(out->seg, c->seg, (size_t)c->nseg * sizeof(calf_segment));
    const lcalf_session *alt = (const lcalf_session *)(const void *)out->instead;
    out->instead = NULL;
    return alt;
}

/* Push s (validated) as a compact userdata; alt, when s->instead is set, is
 * the compact alternative at index alt_idx. */
static void push_compact(lua_State *L, const calf_session *s, int alt_idx)
{
    size_t size = sizeof(lcalf_session) + (size_t)s->nseg * sizeof(calf_segment);
    lcalf_session *c = lua_newuserdatauv(L, size, s->instead ? 1 : 0); /* [.. ud] */
    lsess_state *st = lua_touserdata(L, lua_upvalueindex(2));
    c->serial = ++st->made;
    c->iv_first = c->iv_reps = c->iv_rec = 0;
    c->kind = s->kind;
    c->nseg = s->nseg;
    memcpy(c->mid, (const unsigned char *)s + MID_OFF, sizeof(c->mid));
    if (s->nseg > 0)
        memcpy(c->seg, s->seg, (size_t)s->nseg * sizeof(calf_segment));
    lua_pushvalue(L, lua_upvalueindex(3)); /* [.. ud mt] */
    lua_setmetatable(L, -2);               /* [.. ud] */
    if (s->instead) {
        lua_pushvalue(L, alt_idx);   /* [.. ud alt] */
        lua_setiuservalue(L, -2, 1); /* [.. ud] keeps alt alive */
    }
}

/* The fields of one argument table, read in the single pass that checks its
 * keys and indexed by key id: each present field's type and, for numbers,
 * strings and booleans, its value; a string and any other value that is not
 * a number or boolean (a table, a session, ...) stays on the stack, at
 * stk[id], until the constructor returns, so a string's text stays valid even
 * if Lua code run meanwhile (a nested table's __len or __index) removes it
 * from the table. */
typedef struct fieldset {
    const lsess_state *st;
    int idx;
    int meta;         /* the table has a metatable: read fields with lua_getfield */
    uint64_t present; /* bit id: the field is in the table */
    unsigned char type[NKEYS];
    int stk[NKEYS];
    double num[NKEYS];      /* a number's value; a boolean's as 0 or 1 */
    const char *str[NKEYS]; /* anchored on the stack (stk) */
} fieldset;

#define KEY_BIT(id) ((uint64_t)1 << (id))

static void unknown_key(lua_State *L, const char *who, const char *k, const key_id *keys)
{
    /* only now look for the closest allowed key */
    const char *best = NULL;
    int bestd = 99;
    for (int i = 0; keys[i] != KEND; i++) {
        int d = calf_edit_distance(k, key_names[keys[i]]);
        if (d < bestd) {
            bestd = d;
            best = key_names[keys[i]];
        }
    }
    if (best && bestd <= 3)
        fail(L, "%s: unknown field '%s' (did you mean %s?)", who, k, best);
    char list[400] = "";
    size_t used = 0;
    for (int i = 0; keys[i] != KEND; i++) {
        int w =
            snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", key_names[keys[i]]);
        if (w > 0 && (size_t)w < sizeof(list) - used)
            used += (size_t)w;
    }
    fail(L, "%s: unknown field '%s' (allowed: %s)", who, k, list);
}

/* Every key of the table at idx (an absolute index) must be in key list li
 * (integer key 1 allowed when positional is set); fills fs with the present
 * fields, leaving the values that are not numbers or booleans on the stack. Needs room for one
 * value per key of the list plus two: a constructor's own argument table has it within the
 * LUA_MINSTACK slots a C function starts with (asserted below); a nested table's caller makes it.
 */
static void check_keys(lua_State *L, const lsess_state *st, int idx, const char *who, int li,
                       int positional, fieldset *fs)
{
    uint64_t mask = st->mask[li];
    fs->st = st;
    fs->idx = idx;
    fs->present = 0;
    fs->meta = lua_getmetatable(L, idx);
    if (fs->meta)
        lua_pop(L, 1);
    int kept = lua_gettop(L);  /* the last kept value's index */
    lua_pushnil(L);            /* [.. nil] */
    while (lua_next(L, idx)) { /* [.. k v] */
        /* a string key's address; NULL for numbers and booleans */
        const void *kp = lua_topointer(L, -2);
        int id = kp ? key_of(st, kp) : -1;
        if (id < 0 || !(mask & KEY_BIT(id))) {
            int tk = lua_type(L, -2);
            if (tk == LUA_TSTRING) {
                const char *k = lua_tostring(L, -2);
                lua_pop(L, 1); /* [.. k] */
                unknown_key(L, who, k, key_lists[li]);
            }
            if (tk == LUA_TNUMBER && positional && lua_tointeger(L, -2) == 1) {
                lua_pop(L, 1);
                continue;
            }
            fail(L, "%s: unexpected %s key; fields are named (%s = ...)", who, lua_typename(L, tk),
                 key_names[key_lists[li][0]]);
        }
        int t = lua_type(L, -1);
        fs->present |= KEY_BIT(id);
        fs->type[id] = (unsigned char)t;
        if (t == LUA_TNUMBER) {
            fs->num[id] = lua_tonumber(L, -1);
        } else if (t == LUA_TBOOLEAN) {
            fs->num[id] = lua_toboolean(L, -1);
        } else { /* keep it below the key: [.. v k] */
            if (t == LUA_TSTRING)
                fs->str[id] = lua_tostring(L, -1);
            lua_insert(L, -2);
            fs->stk[id] = ++kept;
            continue;
        }
        lua_pop(L, 1); /* [.. k] */
    }
}

/* Field id of fs: its type, and its number, string and truth value. */
typedef struct fval {
    int type, truthy;
    double num;
    const char *str;
} fval;

/* With a metatable, a string field (which __index may have made afresh)
 * is left on the stack, so its text stays valid until the constructor
 * returns. */
static int getf(lua_State *L, const fieldset *fs, int id, fval *v)
{
    if (fs->meta) { /* __index may supply fields: ask the table */
        luaL_checkstack(L, 2, NULL);
        v->type = lua_getfield(L, fs->idx, key_names[id]);
        v->truthy = lua_toboolean(L, -1);
        v->num = v->type == LUA_TNUMBER ? lua_tonumber(L, -1) : 0;
        v->str = v->type == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
        if (v->type != LUA_TSTRING)
            lua_pop(L, 1);
        return v->type;
    }
    if (!(fs->present & KEY_BIT(id))) {
        *v = (fval){.type = LUA_TNIL};
        return LUA_TNIL;
    }
    int t = fs->type[id];
    v->type = t;
    v->truthy = t != LUA_TBOOLEAN || fs->num[id] != 0;
    v->num = t == LUA_TNUMBER ? fs->num[id] : 0;
    v->str = t == LUA_TSTRING ? fs->str[id] : NULL;
    return t;
}

/* Push field id of fs (nil when absent); returns its type. */
static int pushf(lua_State *L, const fieldset *fs, int id)
{
    if (fs->meta) {
        luaL_checkstack(L, 2, NULL);
        return lua_getfield(L, fs->idx, key_names[id]);
    }
    if (!(fs->present & KEY_BIT(id))) {
        lua_pushnil(L);
        return LUA_TNIL;
    }
    int t = fs->type[id];
    if (t != LUA_TNUMBER && t != LUA_TBOOLEAN)
        lua_pushvalue(L, fs->stk[id]);
    else if (t == LUA_TNUMBER)
        lua_pushnumber(L, fs->num[id]);
    else
        lua_pushboolean(L, fs->num[id] != 0);
    return t;
}

/* Number field: returns 1 and sets *v when present; 0 when absent. */
static int opt_num_slow(lua_State *L, const fieldset *fs, const char *who, int id, double *v)
{
    fval f;
    int t = getf(L, fs, id, &f);
    if (t == LUA_TNIL)
        return 0;
    const char *key = key_names[id];
    if (t != LUA_TNUMBER)
        fail(L, "%s: %s: expected a number, got a %s value", who, key, lua_typename(L, t));
    *v = f.num;
    if (isnan(*v))
        fail(L, "%s: %s = nan: must be a finite number", who, key);
    if (!isfinite(*v))
        fail(L, "%s: %s = %g: must be a finite number", who, key, *v);
    return 1;
}

/* opt_num: the common cases (no metatable; absent, or a finite number)
 * inline, the rest (metatable, errors) in opt_num_slow. */
static inline int opt_num(lua_State *L, const fieldset *fs, const char *who, int id, double *v)
{
    if (!fs->meta) {
        if (!(fs->present & KEY_BIT(id)))
            return 0;
        if (fs->type[id] == LUA_TNUMBER && isfinite(fs->num[id])) {
            *v = fs->num[id];
            return 1;
        }
    }
    return opt_num_slow(L, fs, who, id, v);
}

/* A required number field: raises "WHO: KEY: missing" (plus hint) when absent. */
static void need_num(lua_State *L, const fieldset *fs, const char *who, int id, double *v,
                     const char *hint)
{
    if (!opt_num(L, fs, who, id, v))
        fail(L, "%s: %s: missing%s", who, key_names[id], hint);
}

static const char *opt_str(lua_State *L, const fieldset *fs, const char *who, int id)
{
    fval f;
    int t = getf(L, fs, id, &f);
    if (t != LUA_TSTRING && t != LUA_TNIL)
        fail(L, "%s: %s: expected a string, got a %s value", who, key_names[id],
             lua_typename(L, t));
    return f.str; /* anchored on the stack (see getf) */
}

static int choice(lua_State *L, const char *who, const char *key, const char *s,
                  const char *const *names)
{
    char list[200] = "";
    size_t used = 0;
    for (int i = 0; names[i]; i++) {
        if (strcmp(names[i], s) == 0)
            return i;
        int w = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", names[i]);
        if (w > 0 && (size_t)w < sizeof(list) - used)
            used += (size_t)w;
    }
    return fail(L, "%s: %s = \"%s\": allowed %s", who, key, s, list);
}

static double easy_kmh(lua_State *L, const char *who)
{
    const calf_model *const *slot = lua_touserdata(L, lua_upvalueindex(1));
    if (!*slot)
        fail(L,
             "%s: kmh: give kmh or pace (the patient's easy speed is known only inside "
             "init, week and day)",
             who);
    return (*slot)->pt.easy_kmh;
}

/* Speed from kmh or pace ("5:30" or minutes per km); dflt when neither. */
static double speed(lua_State *L, const fieldset *fs, const char *who, double dflt, int *given)
{
    double kmh = NAN, pace = NAN;
    int has_kmh = opt_num(L, fs, who, KEY_kmh, &kmh);
    fval pv;
    int t = getf(L, fs, KEY_pace, &pv);
    if (t == LUA_TSTRING) {
        int mi = 0, se = 0;
        char extra;
        if (sscanf(pv.str, "%d:%d%c", &mi, &se, &extra) != 2 || se < 0 || se > 59)
            fail(L, "%s: pace = \"%s\": write minutes:seconds per km, e.g. \"5:30\"", who, pv.str);
        pace = mi + se / 60.0;
    } else if (t == LUA_TNUMBER) {
        pace = pv.num;
    } else if (t != LUA_TNIL) {
        fail(L, "%s: pace: expected \"m:ss\" or minutes per km, got a %s value", who,
             lua_typename(L, t));
    }
    if (has_kmh && !isnan(pace))
        fail(L, "%s: give kmh or pace, not both", who);
    if (given)
        *given = has_kmh || !isnan(pace);
    if (!isnan(pace)) {
        if (!isfinite(pace) || pace <= 0)
            fail(L, "%s: pace = %g: must be a positive number of minutes per km", who, pace);
        return 60.0 / pace;
    }
    if (has_kmh)
        return kmh;
    return dflt;
}

/* The stack slot, just above the argument table, that holds the `instead`
 * session while a session is built. */
#define SLOT 2

/* The stack index of field id (for a value that is not a number or boolean:
 * where check_keys left it; else pushed), or 0 when the table has
 * no such field and no metatable. Sets *type to its type (LUA_TNIL when
 * absent). */
static int fieldidx(lua_State *L, const fieldset *fs, int id, int *type)
{
    if (!fs->meta) {
        if (!(fs->present & KEY_BIT(id))) {
            *type = LUA_TNIL;
            return 0;
        }
        if (fs->type[id] != LUA_TNUMBER && fs->type[id] != LUA_TBOOLEAN) {
            *type = fs->type[id];
            return fs->stk[id];
        }
    }
    *type = pushf(L, fs, id);
    return lua_gettop(L);
}

/* The declarative rules shared by every kind. */
static void common_attrs(lua_State *L, const fieldset *fs, const char *who, calf_session *s)
{
    int top = lua_gettop(L), t;
    opt_num(L, fs, who, KEY_stop_at_pain, &s->stop_at_pain);
    opt_num(L, fs, who, KEY_skip_if_morning_pain, &s->skip_if_morning_pain);
    int i = fieldidx(L, fs, KEY_shorten_if_morning_pain, &t);
    if (t == LUA_TTABLE) {
        lua_geti(L, i, 1);
        lua_geti(L, i, 2); /* [.. y f] */
        int ok_y = 0, ok_f = 0;
        double y = lua_tonumberx(L, -2, &ok_y);
        double f = ok_y ? lua_tonumberx(L, -1, &ok_f) : 0;
        if (!ok_y || !ok_f)
            fail(L, "%s: shorten_if_morning_pain: expected {pain, factor}, e.g. {2, 0.5}", who);
        s->shorten_if_morning_pain = y;
        s->shorten_factor = f;
    } else if (t != LUA_TNIL) {
        fail(L, "%s: shorten_if_morning_pain: expected {pain, factor}, e.g. {2, 0.5}", who);
    }
    i = fieldidx(L, fs, KEY_instead, &t);
    if (t != LUA_TNIL) {
        lcalf_session *alt = lcalf_tosession(L, i);
        if (!alt)
            fail(L,
                 "%s: instead: expected a session (e.g. instead = cross{minutes = 30}), got a "
                 "%s value",
                 who, luaL_typename(L, i));
        /* the compact alternative; lcalf_unpack hands it back */
        s->instead = (calf_session *)(void *)alt;
        lua_copy(L, i, SLOT); /* alt in the slot */
    }
    lua_settop(L, top);
    if (isnan(s->skip_if_morning_pain) && s->instead)
        fail(L, "%s: instead is used only with skip_if_morning_pain", who);
}

static int finish(lua_State *L, const char *who, calf_session *s)
{
    calf_error err; /* calf_error_set fills it on failure: no 1 KB clear per call */
    err.code = 0;
    err.msg[0] = '\0';
    if (calf_session_validate(s, &err))
        fail(L, "%s: %s", who, err.msg);
    lua_settop(L, SLOT);      /* [t slot] */
    push_compact(L, s, SLOT); /* [t slot ud] */
    return 1;
}

static int table_arg(lua_State *L, const char *who)
{
    if (lua_type(L, 1) != LUA_TTABLE)
        fail(L, "%s: expected a table of fields, e.g. %s{ ... }, got a %s value", who, who,
             luaL_typename(L, 1));
    return 1;
}

static int strike_field(lua_State *L, const fieldset *fs, const char *who)
{
    const char *s = opt_str(L, fs, who, KEY_strike);
    return s ? choice(L, who, "strike", s, calf_strike_names) : -1;
}

static void add_seg(lua_State *L, const char *who, calf_session *s, double km, double kmh, int walk)
{
    if (s->nseg >= CALF_MAX_SEGMENTS)
        fail(L, "%s: more than %d segments", who, CALF_MAX_SEGMENTS);
    s->seg[s->nseg].km = km;
    s->seg[s->nseg].kmh = kmh;
    s->seg[s->nseg].walk = walk;
    s->nseg++;
}

/* Every constructor's start: the argument table, a fresh session of the
 * given kind built in s (on the caller's C stack; it becomes a compact
 * userdata only once valid, in finish), the slot for its `instead` session,
 * and the table's keys checked once (one pass records each field). */
static calf_session *begin(lua_State *L, const char *who, int li, int positional, int kind,
                           fieldset *fs, calf_session *s)
{
    table_arg(L, who);
    const lsess_state *st = lstate(L);
    /* calf_session_init's values for the fields a compact session keeps
     * (the segments beyond nseg are never read here) */
    s->kind = kind;
    s->nseg = 0;
    memcpy((unsigned char *)s + MID_OFF, st->mid, sizeof(st->mid));
    lua_settop(L, 1); /* [t] */
    lua_pushnil(L);   /* [t slot] */
    check_keys(L, st, 1, who, li, positional, fs);
    return s; /* [t slot kept...] */
}

/* The end of run and walk_run: step rate, strike, the symptom rules. */
static int finish_run(lua_State *L, const fieldset *fs, const char *who, calf_session *s)
{
    double sr = 0;
    if (opt_num(L, fs, who, KEY_step_rate, &sr))
        s->step_rate = sr;
    s->strike = strike_field(L, fs, who);
    common_attrs(L, fs, who, s);
    return finish(L, who, s);
}

static int l_run(lua_State *L)
{
    const char *who = "run";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_RUN, 0, CALF_K_RUN, &fs, &sbuf); /* [t slot ..] */
    int given = 0, iv_first = 0, iv_reps = 0, iv_rec = 0;
    double kmh = speed(L, &fs, who, NAN, &given);
    double km = NAN;
    int has_km = opt_num(L, &fs, who, KEY_km, &km);
    int top = lua_gettop(L), tseg, tint;
    int segs = fieldidx(L, &fs, KEY_segments, &tseg);
    int ints = fieldidx(L, &fs, KEY_intervals, &tint);
    int has_seg = tseg != LUA_TNIL, has_int = tint != LUA_TNIL;
    if (isnan(kmh) && (has_km || has_int || has_seg)) {
        /* default speed: the patient's easy pace, needed for km and recoveries */
        if (has_km || has_int)
            kmh = easy_kmh(L, who);
    }
    if (has_seg && (has_km || has_int))
        fail(L, "%s: give segments, or km (with optional intervals), not both", who);
    if (!has_seg && !has_km && !has_int)
        fail(L, "%s: km: missing (or give segments or intervals)", who);
    if (has_seg) {
        if (tseg != LUA_TTABLE)
            fail(L, "%s: segments: expected a list of {km=, kmh=|pace=, walk=}", who);
        lua_Integer n = luaL_len(L, segs);
        if (n < 1 || n > CALF_MAX_SEGMENTS)
            fail(L, "%s: segments = %d: allowed 1 to %d", who, (int)n, CALF_MAX_SEGMENTS);
        for (lua_Integer i = 1; i <= n; i++) {
            luaL_checkstack(L, LIST_LEN(segment_keys) + 4, who);
            lua_geti(L, segs, i); /* [t slot .. seg] */
            int si = lua_gettop(L);
            char w[64];
            snprintf(w, sizeof(w), "run: segments[%d]", (int)i);
            if (!lua_istable(L, si))
                fail(L, "%s: expected a table {km=, kmh=}", w);
            fieldset sfs;
            check_keys(L, fs.st, si, w, LIST_SEGMENT, 0, &sfs);
            double skm = NAN;
            need_num(L, &sfs, w, KEY_km, &skm, "");
            fval wv;
            getf(L, &sfs, KEY_walk, &wv);
            int walk = wv.truthy;
            double dflt = kmh;
            if (isnan(dflt))
                dflt = walk ? 5.0 : easy_kmh(L, who);
            double skmh = speed(L, &sfs, w, dflt, NULL);
            add_seg(L, who, s, skm, skmh, walk);
            lua_settop(L, si - 1); /* [t slot ..] */
        }
    } else {
        if (has_km && (km != 0 || !has_int))
            add_seg(L, who, s, km, kmh, 0);
        if (has_int) {
            const char *w = "run: intervals";
            int ii = ints;
            if (tint != LUA_TTABLE)
                fail(L, "%s: expected {reps=, km=, kmh=|pace=, recovery_km=}", w);
            fieldset ifs;
            luaL_checkstack(L, LIST_LEN(interval_keys) + 4, w);
            check_keys(L, fs.st, ii, w, LIST_INTERVAL, 0, &ifs);
            double reps = NAN, ikm = NAN, rkm = 0, cool = 0;
            need_num(L, &ifs, w, KEY_reps, &reps, "");
            need_num(L, &ifs, w, KEY_km, &ikm, "");
            int ig = 0;
            double ikmh = speed(L, &ifs, w, NAN, &ig);
            if (!ig)
                fail(L, "%s: kmh: missing (the faster speed of each repetition)", w);
            opt_num(L, &ifs, w, KEY_recovery_km, &rkm);
            opt_num(L, &ifs, w, KEY_cooldown_km, &cool);
            fval wr;
            getf(L, &ifs, KEY_walk_recovery, &wr);
            int wrec = wr.truthy;
            double rkmh = wrec ? 5.0 : kmh;
            opt_num(L, &ifs, w, KEY_recovery_kmh, &rkmh);
            if (reps < 1 || reps > 19 || reps != floor(reps))
                fail(L, "%s: reps = %g: allowed 1 to 19 whole repetitions", w, reps);
            iv_first = s->nseg;
            iv_reps = (int)reps;
            iv_rec = rkm > 0;
            for (int r = 0; r < (int)reps; r++) {
                add_seg(L, who, s, ikm, ikmh, 0);
                if (rkm > 0 && r + 1 < (int)reps)
                    add_seg(L, who, s, rkm, rkmh, wrec);
            }
            if (cool > 0)
                add_seg(L, who, s, cool, kmh, 0);
        }
        if (s->nseg == 0)
            add_seg(L, who, s, 0, kmh, 0);
    }
    lua_settop(L, top);         /* [t slot ..] */
    finish_run(L, &fs, who, s); /* [.. ud] */
    lcalf_session *c = lua_touserdata(L, -1);
    c->iv_first = (short)iv_first;
    c->iv_reps = (short)iv_reps;
    c->iv_rec = (short)iv_rec;
    return 1;
}

static int l_walk_run(lua_State *L)
{
    const char *who = "walk_run";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_WALK_RUN, 0, CALF_K_RUN, &fs, &sbuf); /* [t slot] */
    double reps = NAN, run_min = NAN, walk_min = NAN, run_km = NAN, walk_km = NAN;
    double run_kmh = NAN, walk_kmh = 5.5;
    need_num(L, &fs, who, KEY_reps, &reps, "");
    if (reps < 1 || reps > 20 || reps != floor(reps))
        fail(L, "%s: reps = %g: allowed 1 to 20 whole repetitions", who, reps);
    if (!opt_num(L, &fs, who, KEY_run_kmh, &run_kmh))
        run_kmh = easy_kmh(L, who);
    opt_num(L, &fs, who, KEY_walk_kmh, &walk_kmh);
    int rt = opt_num(L, &fs, who, KEY_run_min, &run_min);
    int rd = opt_num(L, &fs, who, KEY_run_km, &run_km);
    int wt = opt_num(L, &fs, who, KEY_walk_min, &walk_min);
    int wd = opt_num(L, &fs, who, KEY_walk_km, &walk_km);
    if (rt == rd)
        fail(L, "%s: give run_min or run_km (one of them)", who);
    if (wt && wd)
        fail(L, "%s: give walk_min or walk_km, not both", who);
    if (rt) {
        if (run_min <= 0 || run_min > 60)
            fail(L, "%s: run_min = %g: allowed 0 to 60", who, run_min);
        run_km = run_kmh * run_min / 60.0;
    }
    if (wt) {
        if (walk_min < 0 || walk_min > 60)
            fail(L, "%s: walk_min = %g: allowed 0 to 60", who, walk_min);
        walk_km = walk_kmh * walk_min / 60.0;
    }
    if (!wt && !wd)
        walk_km = 0;
    for (int r = 0; r < (int)reps; r++) {
        if (walk_km > 0)
            add_seg(L, who, s, walk_km, walk_kmh, 1);
        add_seg(L, who, s, run_km, run_kmh, 0);
    }
    return finish_run(L, &fs, who, s);
}

static int l_walk(lua_State *L)
{
    const char *who = "walk";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_WALK, 0, CALF_K_WALK, &fs, &sbuf); /* [t slot] */
    double km = NAN, kmh = 5.0;
    need_num(L, &fs, who, KEY_km, &km, "");
    opt_num(L, &fs, who, KEY_kmh, &kmh);
    add_seg(L, who, s, km, kmh, 1);
    common_attrs(L, &fs, who, s);
    return finish(L, who, s);
}

static void exercise_field(lua_State *L, const fieldset *fs, const char *who, calf_session *s)
{
    const char *name = NULL;
    lua_geti(L, 1, 1); /* [.. x] */
    if (lua_type(L, -1) == LUA_TSTRING)
        name = lua_tostring(L, -1); /* x stays on the stack: __index may have made it */
    else if (!lua_isnil(L, -1))
        fail(L, "%s: the exercise name must be a string", who);
    else
        lua_pop(L, 1);
    const char *named = opt_str(L, fs, who, KEY_exercise);
    if (name && named)
        fail(L, "%s: exercise given twice", who);
    if (!name)
        name = named;
    if (!name)
        fail(L, "%s: exercise: missing, e.g. %s{\"seated_calf_raise\", sets = 3, reps = 15}", who,
             who);
    s->exercise = calf_exercise_find(name);
    s->custom = NULL;
    if (s->exercise < 0) {
        lcalf_custom_ex *cx = NULL;
        if (lua_getfield(L, LUA_REGISTRYINDEX, CUSTOM_EXERCISES) == LUA_TTABLE) { /* [.. reg] */
            if (lua_getfield(L, -1, name) == LUA_TUSERDATA)                       /* [.. reg ex] */
                cx = lua_touserdata(L, -1);
            lua_pop(L, 1); /* [.. reg] */
        }
        lua_pop(L, 1); /* [..] (the entry stays alive in the registry) */
        if (cx) {
            s->custom = &cx->ex;
            return;
        }
        const char *hint = calf_exercise_suggest(name);
        if (hint)
            fail(L, "%s: exercise = \"%s\": unknown (did you mean %s?)", who, name, hint);
        fail(L, "%s: exercise = \"%s\": unknown; see docs/protocols.md for the list", who, name);
    }
}

static int l_strength(lua_State *L)
{
    const char *who = "strength";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_STRENGTH, 1, CALF_K_STRENGTH, &fs, &sbuf); /* [t slot] */
    exercise_field(L, &fs, who, s);
    const calf_exercise *ex = calf_session_exercise(s);
    if (ex->mode == CALF_EXM_ISOMETRIC)
        fail(L, "%s: %s is an isometric exercise; use isometric{...}", who, ex->name);
    s->sets = 3;
    s->reps = NAN;
    opt_num(L, &fs, who, KEY_sets, &s->sets);
    int has_rm = opt_num(L, &fs, who, KEY_rm, &s->rm);
    int has_pct = opt_num(L, &fs, who, KEY_pct_1rm, &s->pct_1rm);
    if (has_rm && has_pct)
        fail(L, "%s: give rm or pct_1rm, not both", who);
    if (!opt_num(L, &fs, who, KEY_reps, &s->reps))
        s->reps = has_rm ? s->rm : ex->default_rm;
    double tempo = 0;
    if (opt_num(L, &fs, who, KEY_tempo_s, &tempo) && (tempo < 1 || tempo > 12))
        fail(L, "%s: tempo_s = %g: allowed 1 to 12 seconds per repetition", who, tempo);
    if (tempo > 0)
        s->tempo_s = tempo;
    if (has_rm && s->reps > s->rm)
        fail(L, "%s: reps = %g: more than the %g-repetition maximum", who, s->reps, s->rm);
    if (opt_num(L, &fs, who, KEY_pack_kg, &s->pack_kg)) {
        if (ex->mode != CALF_EXM_BODYWEIGHT)
            fail(L, "%s: pack_kg: only for body-weight exercises; %s takes rm or pct_1rm", who,
                 ex->name);
        if (!(s->pack_kg >= 0 && s->pack_kg <= 60))
            fail(L, "%s: pack_kg = %g: allowed 0 to 60 kg", who, s->pack_kg);
    }
    common_attrs(L, &fs, who, s);
    return finish(L, who, s);
}

static int l_isometric(lua_State *L)
{
    const char *who = "isometric";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_ISOMETRIC, 1, CALF_K_ISOMETRIC, &fs, &sbuf); /* [t slot] */
    exercise_field(L, &fs, who, s);
    s->sets = 3;
    s->reps = 5;
    opt_num(L, &fs, who, KEY_sets, &s->sets);
    opt_num(L, &fs, who, KEY_reps, &s->reps);
    if (opt_num(L, &fs, who, KEY_effort, &s->pct_1rm) && (s->pct_1rm < 0.05 || s->pct_1rm > 1))
        fail(L, "%s: effort = %g: allowed 0.05 to 1 (fraction of a maximal contraction)", who,
             s->pct_1rm);
    double hold = 0;
    if (opt_num(L, &fs, who, KEY_hold_s, &hold) && (hold < 1 || hold > 60))
        fail(L, "%s: hold_s = %g: allowed 1 to 60 seconds", who, hold);
    if (hold > 0)
        s->hold_s = hold;
    common_attrs(L, &fs, who, s);
    return finish(L, who, s);
}

static int l_neural(lua_State *L)
{
    const char *who = "neural";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_NEURAL, 0, CALF_K_NEURAL, &fs, &sbuf); /* [t slot] */
    const char *kind = opt_str(L, &fs, who, KEY_kind);
    s->neural_kind = kind ? choice(L, who, "kind", kind, neural_kinds) : CALF_NEURAL_SLIDER;
    s->bouts = NAN;
    s->minutes = NAN;
    need_num(L, &fs, who, KEY_bouts, &s->bouts, "");
    need_num(L, &fs, who, KEY_minutes, &s->minutes, " (per bout)");
    common_attrs(L, &fs, who, s);
    return finish(L, who, s);
}

static int l_cross(lua_State *L)
{
    const char *who = "cross";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_CROSS, 0, CALF_K_CROSS, &fs, &sbuf); /* [t slot] */
    const char *kind = opt_str(L, &fs, who, KEY_kind);
    if (kind)
        s->cross_kind = choice(L, who, "kind", kind, cross_kinds);
    s->minutes = NAN;
    need_num(L, &fs, who, KEY_minutes, &s->minutes, "");
    common_attrs(L, &fs, who, s);
    return finish(L, who, s);
}

static int l_rest(lua_State *L)
{
    if (!lua_isnoneornil(L, 1) && !(lua_istable(L, 1) && (lua_pushnil(L), !lua_next(L, 1))))
        fail(L, "rest: takes no fields (write rest())");
    calf_session s;
    calf_session_init(&s, CALF_K_REST);
    push_compact(L, &s, 0);
    return 1;
}

static int l_gait(lua_State *L)
{
    const char *who = "gait";
    fieldset fs;
    calf_session sbuf;
    calf_session *s = begin(L, who, LIST_GAIT, 0, CALF_K_GAIT, &fs, &sbuf); /* [t slot] */
    opt_num(L, &fs, who, KEY_step_rate, &s->gait_step_rate);
    opt_num(L, &fs, who, KEY_overstride, &s->gait_overstride);
    s->gait_strike = strike_field(L, &fs, who);
    if (isnan(s->gait_step_rate) && isnan(s->gait_overstride) && s->gait_strike < 0)
        fail(L, "%s: give at least one of step_rate, overstride, strike", who);
    return finish(L, who, s);
}

/* The session at index 1 (raises the usual argument error when not one). */
static const lcalf_session *check_session(lua_State *L)
{
    const lcalf_session *c = lcalf_tosession(L, 1);
    return c ? c : luaL_checkudata(L, 1, CALF_SESSION_MT);
}

/* s.kind, s.km, ... read-only views for protocols and their helpers. */
static int session_index(lua_State *L)
{
    calf_session sbuf, *s = &sbuf;
    lcalf_unpack(check_session(L), s);
    const char *k = luaL_checkstring(L, 2);
    if (strcmp(k, "kind") == 0) {
        int kind = s->kind;
        if (kind == CALF_K_RUN) {
            int walks = 0;
            for (int i = 0; i < s->nseg; i++)
                walks += s->seg[i].walk;
            lua_pushstring(L, walks ? "walk_run" : "run");
        } else {
            lua_pushstring(L, calf_kind_names[kind]);
        }
    } else if (strcmp(k, "km") == 0) {
        lua_pushnumber(L, calf_session_km(s));
    } else if (strcmp(k, "run_km") == 0) {
        double km = 0;
        if (s->kind == CALF_K_RUN)
            for (int i = 0; i < s->nseg; i++)
                km += s->seg[i].walk ? 0 : s->seg[i].km;
        lua_pushnumber(L, km);
    } else if (strcmp(k, "max_kmh") == 0) {
        double v = 0;
        for (int i = 0; i < s->nseg; i++)
            if (!s->seg[i].walk && s->seg[i].kmh > v)
                v = s->seg[i].kmh;
        lua_pushnumber(L, v);
    } else if (strcmp(k, "continuous") == 0) {
        int walks = 0;
        for (int i = 0; i < s->nseg; i++)
            walks += s->seg[i].walk;
        lua_pushboolean(L, s->kind == CALF_K_RUN && walks == 0);
    } else if (strcmp(k, "exercise") == 0 && calf_session_exercise(s)) {
        lua_pushstring(L, calf_session_exercise(s)->name);
    } else if (strcmp(k, "sets") == 0 || strcmp(k, "reps") == 0 || strcmp(k, "rm") == 0 ||
               strcmp(k, "minutes") == 0 || strcmp(k, "bouts") == 0) {
        double v = k[0] == 's'   ? s->sets
                   : k[0] == 'r' ? (k[1] == 'e' ? s->reps : s->rm)
                   : k[0] == 'm' ? s->minutes
                                 : s->bouts;
        if (isnan(v))
            lua_pushnil(L);
        else
            lua_pushnumber(L, v);
    } else {
        lua_pushnil(L);
    }
    return 1;
}

static int session_tostring(lua_State *L)
{
    calf_session sbuf, *s = &sbuf;
    lcalf_unpack(check_session(L), s);
    char buf[128];
    if (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK)
        snprintf(buf, sizeof(buf), "%s{%.2f km, %d segments}", calf_kind_names[s->kind],
                 calf_session_km(s), s->nseg);
    else if (calf_session_exercise(s))
        snprintf(buf, sizeof(buf), "%s{%s, %gx%g}", calf_kind_names[s->kind],
                 calf_session_exercise(s)->name, s->sets, s->reps);
    else
        snprintf(buf, sizeof(buf), "%s{}", calf_kind_names[s->kind]);
    lua_pushstring(L, buf);
    return 1;
}

static const luaL_Reg session_meta[] = {
    {"__index", session_index}, {"__tostring", session_tostring}, {NULL, NULL}};

/* exercise{name=, trains=, intensity=, kappa=, transfer=, tempo_s=, default_rm=,
 * bw_factor=}: adds a protocol's own exercise to the registry (MODEL.md 1.2:
 * the registry is extensible from Lua) and returns its name, for strength{}
 * and isometric{}. The entry lives as long as the protocol's Lua state. */
static const char *const trains_names[] = {"calf", "toe_flexor", "evertor", "kinetic_chain", NULL};
static const char *const intensity_names[] = {"rm", "bodyweight", "isometric", NULL};

static int l_exercise(lua_State *L)
{
    const char *who = "exercise";
    table_arg(L, who);
    fieldset fs;
    check_keys(L, lstate(L), 1, who, LIST_EXERCISE, 0, &fs);
    const char *name = opt_str(L, &fs, who, KEY_name);
    if (!name)
        return fail(L, "%s: name: missing", who);
    size_t n = strlen(name);
    int ok = n > 0 && n < sizeof(((lcalf_custom_ex *)0)->name);
    for (size_t i = 0; ok && i < n; i++)
        ok = (name[i] >= 'a' && name[i] <= 'z') || (name[i] >= '0' && name[i] <= '9') ||
             name[i] == '_';
    if (!ok)
        return fail(L, "%s: name = \"%s\": allowed 1 to 47 characters a-z, 0-9 and _", who, name);
    if (calf_exercise_find(name) >= 0)
        return fail(L, "%s: name = \"%s\": a built-in exercise has that name", who, name);
    const char *trains = opt_str(L, &fs, who, KEY_trains);
    const char *inten = opt_str(L, &fs, who, KEY_intensity);
    static const struct {
        int key;
        double def, lo, hi;
    } nums[] = {{KEY_kappa, 0.9, 0.3, 1},
                {KEY_transfer, 1, 0, 1},
                {KEY_tempo_s, 3, 0.5, 20},
                {KEY_default_rm, 15, 1, 30},
                {KEY_bw_factor, 1, 0.5, 2}};
    double v[5];
    int given[5];
    for (int i = 0; i < 5; i++) {
        v[i] = nums[i].def;
        given[i] = opt_num(L, &fs, who, nums[i].key, &v[i]);
        if (given[i] && (v[i] < nums[i].lo || v[i] > nums[i].hi))
            return fail(L, "%s: %s = %g: allowed %g to %g", who, key_names[nums[i].key], v[i],
                        nums[i].lo, nums[i].hi);
    }
    double kappa = v[0], transfer = v[1], tempo = v[2], rm = v[3], bw = v[4];
    lua_getfield(L, LUA_REGISTRYINDEX, CUSTOM_EXERCISES); /* [t reg] */
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);                                      /* [t reg] */
        lua_pushvalue(L, -1);                                 /* [t reg reg] */
        lua_setfield(L, LUA_REGISTRYINDEX, CUSTOM_EXERCISES); /* [t reg] */
    }
    if (lua_getfield(L, -1, name) != LUA_TNIL) /* [t reg old] */
        return fail(L, "%s: name = \"%s\": already defined", who, name);
    lua_pop(L, 1);                                              /* [t reg] */
    lcalf_custom_ex *cx = lua_newuserdatauv(L, sizeof(*cx), 0); /* [t reg ud] */
    memcpy(cx->name, name, n + 1);
    cx->ex = (calf_exercise){0};
    cx->ex.name = cx->name;
    cx->ex.quality = trains ? choice(L, who, "trains", trains, trains_names) : CALF_Q_CALF;
    cx->ex.mode = inten ? choice(L, who, "intensity", inten, intensity_names) : CALF_EXM_LOADED;
    /* kappa and transfer not given: the registry's defaults (kappa_ex,
     * transfer_default), so --set and cohort priors reach them too */
    cx->ex.kappa_param = given[0] ? -1 : CALF_P_KAPPA_EX;
    cx->ex.transfer_param = given[1] ? -1 : CALF_P_TR_DEFAULT;
    cx->ex.bw_factor_param = -1;
    cx->ex.kappa_value = kappa;
    cx->ex.transfer_value = transfer;
    cx->ex.bw_factor = bw;
    cx->ex.tempo_s = tempo;
    cx->ex.default_rm = rm;
    lua_setfield(L, -2, name); /* [t reg] */
    lua_pushstring(L, name);   /* [t reg name] */
    return 1;
}

static const luaL_Reg constructors[] = {{"run", l_run},
                                        {"walk_run", l_walk_run},
                                        {"walk", l_walk},
                                        {"strength", l_strength},
                                        {"isometric", l_isometric},
                                        {"neural", l_neural},
                                        {"cross", l_cross},
                                        {"rest", l_rest},
                                        {"gait", l_gait},
                                        {"exercise", l_exercise},
                                        {NULL, NULL}};

void lcalf_open_sessions(lua_State *L, const calf_model *const *model_slot)
{
    luaL_newmetatable(L, CALF_SESSION_MT); /* [mt] */
    luaL_setfuncs(L, session_meta, 0);
    lua_pushliteral(L, "locked");
    lua_setfield(L, -2, "__metatable");
    lua_pushlightuserdata(L, (void *)&session_mark);
    lua_rawseti(L, -2, 1);                                  /* [mt] lcalf_tosession's mark */
    lua_pop(L, 1);                                          /* [] */
    lsess_state *st = lua_newuserdatauv(L, sizeof(*st), 1); /* [st] */
    memset(st, 0, sizeof(*st));
    lua_createtable(L, NKEYS, 0); /* [st anchor] the interned keys stay alive */
    for (int id = 0; id < NKEYS; id++) {
        lua_pushstring(L, key_names[id]);
        st->kptr[id] = lua_topointer(L, -1);
        unsigned h = key_hash(st->kptr[id]);
        while (st->slot[h])
            h = (h + 1) & (KEY_SLOTS - 1);
        st->slot[h] = (unsigned char)(id + 1);
        lua_rawseti(L, -2, id + 1);
    }
    for (int li = 0; li < NLISTS; li++)
        for (const key_id *k = key_lists[li]; *k != KEND; k++)
            st->mask[li] |= KEY_BIT(*k);
    lua_setiuservalue(L, -2, 1); /* [st] */
    calf_session tmpl;
    calf_session_init(&tmpl, CALF_K_REST);
    memcpy(st->mid, (const unsigned char *)&tmpl + MID_OFF, sizeof(st->mid));
    lua_pushglobaltable(L); /* [st G] */
    for (const luaL_Reg *c = constructors; c->name; c++) {
        lua_pushlightuserdata(L, (void *)model_slot); /* [st G slot] */
        lua_pushvalue(L, -3);                         /* [st G slot st] */
        luaL_getmetatable(L, CALF_SESSION_MT);        /* [st G slot st mt] */
        lua_pushcclosure(L, c->func, 3);              /* [st G f] */
        lua_pushstring(L, c->name);                   /* [G f name] */
        lua_insert(L, -2);                            /* [G name f] */
        lua_rawset(L, -3);                            /* [st G] */
    }
    lua_pop(L, 2);
}
