/*
 * sandbox.c: the Lua sandbox. A fresh lua_State per instance, made with
 * lua_newstate over an allocator that refuses growth beyond a cap (frees
 * and shrinks succeed, unless the system has no memory left) and serves small blocks from per-state
 * size-class lists; own panic and warning functions; the safe libraries opened from a short list
 * with luaL_requiref; the unsafe entries removed; strict globals; text-only loading with "@path"
 * chunk names; a count hook that enforces an instruction budget and re-arms itself every
 * instruction once spent, so a pcall in the script cannot swallow the kill
 * (new coroutine threads inherit the hook from the thread that makes them);
 * `require` limited to lib.NAME modules; math.random over a GSL mt19937
 * generator. Every C -> Lua call goes through calf_sandbox_pcall, which turns
 * any failure into "file:LINE: message".
 */
#include "sandbox_lua.h"
#include "util.h"

#include <errno.h>
#include <gsl/gsl_rng.h>
#include <lualib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define SB_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SB_ASAN 1
#endif
#endif
#ifdef SB_ASAN
#include <sanitizer/asan_interface.h>
#define SB_POISON(p, n)   ASAN_POISON_MEMORY_REGION((p), (n))
#define SB_UNPOISON(p, n) ASAN_UNPOISON_MEMORY_REGION((p), (n))
#else
#define SB_POISON(p, n)   ((void)(p), (void)(n))
#define SB_UNPOISON(p, n) ((void)(p), (void)(n))
#endif

#define HOOK_STEP 1000              /* instructions between budget checks */
#define OOM_GRACE ((size_t)1 << 20) /* room to raise the error once the cap is hit */

/* Small blocks (tables, closures, userdata, short strings: most of what a
 * protocol allocates each week) come from per-state free lists, one per
 * 16-byte size class up to POOL_MAX bytes, carved from POOL_SLAB-byte slabs
 * that are freed when the sandbox closes; larger blocks use malloc. Lua
 * passes a block's exact size back on every free and realloc, so the size
 * says which kind a block is: a block Lua knows as at most POOL_MAX bytes is
 * always a pool block. The cap counts the sizes Lua asks for, as before.
 * Under AddressSanitizer free blocks are poisoned, so the sanitizer still
 * sees use after free and overruns. */
#define POOL_MAX     256
#define POOL_CLASSES (POOL_MAX / 16)
#define POOL_SLAB    ((size_t)64 << 10)
typedef struct sb_slab {
    struct sb_slab *next;
} sb_slab;
typedef struct sb_pool {
    void *free[POOL_CLASSES + 1]; /* by class 1..POOL_CLASSES */
    sb_slab *slabs;
    char *bump, *end; /* the current slab's unused tail */
} sb_pool;

struct calf_sandbox {
    lua_State *L;
    sb_pool pool;
    size_t limit, used, peak;
    int oom;     /* growth refused for good during the current call (the retry after
                  * Lua's emergency collection failed too) */
    int refused; /* the last growth asked for was refused (refused_* say which) */
    void *refused_ptr;
    size_t refused_osize, refused_nsize;
    long budget, remaining;
    int killed; /* budget spent during the current call */
    int fatal;  /* calf_sandbox_fatal during the current call: fatal_err says why */
    calf_error fatal_err;
    int loading; /* > 0 while a file's top level runs: new globals allowed */
    int bare, verbose, warn_on, warn_cont;
    int hints; /* CALF_SANDBOX_HINT_*: the options messages may advise */
    gsl_rng *rng;
    uint64_t seed;
    char lib_dir[4096];
    char main_dir[4096];
    char file[4096];
    char where[320];       /* last file:line the hook noted (past half the cap) */
    char kill_where[320];  /* where the budget ran out */
    char oom_where[320];   /* where the cap was hit */
    char oom_detail[160];  /* what was refused, when more is known than "the cap" */
    char kill_detail[200]; /* what spent the budget, when more is known than "a loop" */
};

static calf_sandbox *sandbox_of(lua_State *L)
{
    return *(calf_sandbox **)lua_getextraspace(L);
}

static size_t pool_class(size_t n)
{
    return (n + 15) >> 4;
}

/* A block of class c, or NULL when no slab can be had. */
static void *pool_get(sb_pool *pl, size_t c)
{
    void *b = pl->free[c];
    if (b) {
        SB_UNPOISON(b, sizeof(void *));
        pl->free[c] = *(void **)b;
        return b;
    }
    size_t sz = c << 4;
    if ((size_t)(pl->end - pl->bump) < sz) {
        sb_slab *sl = malloc(POOL_SLAB);
        if (!sl)
            return NULL;
        sl->next = pl->slabs;
        pl->slabs = sl;
        pl->bump = (char *)sl + 16; /* keeps blocks 16-byte aligned */
        pl->end = (char *)sl + POOL_SLAB;
        SB_POISON(pl->bump, (size_t)(pl->end - pl->bump));
    }
    b = pl->bump;
    pl->bump += sz;
    return b;
}

static void pool_put(sb_pool *pl, void *b, size_t c)
{
    SB_UNPOISON(b, sizeof(void *));
    *(void **)b = pl->free[c];
    pl->free[c] = b;
    SB_POISON(b, c << 4);
}

static void pool_free_all(sb_pool *pl)
{
    while (pl->slabs) {
        sb_slab *next = pl->slabs->next;
        SB_UNPOISON(pl->slabs, POOL_SLAB);
        free(pl->slabs);
        pl->slabs = next;
    }
}

/* The pool's part of sb_alloc: ptr (old bytes as Lua knows it, 0 for a new
 * block) to nsize > 0 bytes where either side is a pool size. NULL when
 * no memory could be had (the old block is then untouched). */
static void *pool_realloc(sb_pool *pl, void *ptr, size_t old, size_t nsize)
{
    size_t oc = old && old <= POOL_MAX ? pool_class(old) : 0;
    size_t nc = nsize <= POOL_MAX ? pool_class(nsize) : 0;
    if (oc && oc == nc) { /* same class: the block stays */
        SB_POISON(ptr, oc << 4);
        SB_UNPOISON(ptr, nsize);
        return ptr;
    }
    void *b = nc ? pool_get(pl, nc) : malloc(nsize);
    if (!b)
        return NULL;
    SB_UNPOISON(b, nsize);
    if (old) {
        memcpy(b, ptr, old < nsize ? old : nsize);
        if (oc)
            pool_put(pl, ptr, oc);
        else
            free(ptr);
    }
    return b;
}

/* The allocator contract (lauxlib.c): nsize == 0 frees; ptr == NULL means
 * osize is a type tag, not a size. Only growth is refused. */
static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
    calf_sandbox *sb = ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (old && old <= POOL_MAX)
            pool_put(&sb->pool, ptr, pool_class(old));
        else
            free(ptr);
        sb->used -= old;
        return NULL;
    }
    if (nsize > old) {
        size_t cap = sb->limit + (sb->oom ? OOM_GRACE : 0);
        if (sb->used - old + nsize > cap) {
            /* Refused. Lua then runs an emergency full collection and asks
             * again for the same block: only when that retry is refused too
             * is the state out of memory for good (a first refusal that the
             * collection cures costs nothing). */
            int retry = sb->refused && sb->refused_ptr == ptr && sb->refused_osize == osize &&
                        sb->refused_nsize == nsize;
            sb->refused = 1;
            sb->refused_ptr = ptr;
            sb->refused_osize = osize;
            sb->refused_nsize = nsize;
            if (retry) {
                if (!sb->oom)
                    memcpy(sb->oom_where, sb->where, sizeof(sb->where));
                sb->oom = 1;
            }
            return NULL;
        }
        sb->refused = 0;
    }
    void *p = (old && old <= POOL_MAX) || nsize <= POOL_MAX
                  ? pool_realloc(&sb->pool, ptr, old, nsize)
                  : realloc(ptr, nsize);
    if (!p) {
        /* a failed shrink keeps the old block, except a large block that
         * could not move to a small one (no slab to be had): Lua would free
         * it as a small block, onto a list, and it would never be given
         * back, so that shrink fails (Lua then reports out of memory) */
        if (nsize <= old && !(old > POOL_MAX && nsize <= POOL_MAX)) {
            sb->used = sb->used - old + nsize;
            return ptr;
        }
        if (!sb->oom)
            memcpy(sb->oom_where, sb->where, sizeof(sb->where));
        sb->oom = 1;
        return NULL;
    }
    sb->used = sb->used - old + nsize;
    if (sb->used > sb->peak)
        sb->peak = sb->used;
    return p;
}

static int sb_panic(lua_State *L)
{
    const char *msg = lua_tostring(L, -1);
    fprintf(stderr, "calfsim: Lua panic (error outside a protected call): %s\n",
            msg ? msg : "(no message)");
    return 0;
}

static void sb_warn(void *ud, const char *msg, int tocont)
{
    calf_sandbox *sb = ud;
    if (!sb->warn_cont && !tocont && msg[0] == '@') {
        if (strcmp(msg, "@on") == 0)
            sb->warn_on = 1;
        else if (strcmp(msg, "@off") == 0)
            sb->warn_on = 0;
        return;
    }
    if (sb->warn_on || sb->verbose) {
        if (!sb->warn_cont)
            fputs("calfsim: Lua warning: ", stderr);
        fputs(msg, stderr);
        if (!tocont)
            fputc('\n', stderr);
    }
    sb->warn_cont = tocont;
}

static const char *stop_text(const calf_sandbox *sb)
{
    return sb->fatal    ? sb->fatal_err.msg
           : sb->killed ? "instruction budget exhausted"
                        : "out of memory";
}

static void sb_hook(lua_State *L, lua_Debug *ar);

int calf_sandbox_fatal(lua_State *L, const calf_error *e)
{
    calf_sandbox *sb = sandbox_of(L);
    if (!sb->fatal) {
        sb->fatal = 1;
        sb->fatal_err = *e;
    }
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    return luaL_error(L, "%s", e->msg);
}

/* "file:LINE" of the function the hook stopped in, into buf (left as it
 * was when the line is unknown). */
static void hook_where(lua_State *L, lua_Debug *ar, char *buf, size_t n)
{
    if (lua_getinfo(L, "Sl", ar) && ar->currentline > 0)
        snprintf(buf, n, "%s:%d", ar->short_src, ar->currentline);
}

/* The budget check, every HOOK_STEP instructions. Where the script is costs
 * a lua_getinfo and a format, so it is found only when needed: where the
 * budget ran out, when it kills; and, once the heap is past half the cap,
 * the last place seen, which an out-of-memory message names (the allocator
 * is not told which thread asks). A protocol far from the cap pays for
 * neither. */
static void sb_hook(lua_State *L, lua_Debug *ar)
{
    calf_sandbox *sb = sandbox_of(L);
    if (sb->used > sb->limit / 2)
        hook_where(L, ar, sb->where, sizeof(sb->where));
    if (sb->killed || sb->oom || sb->fatal) {
        /* already spent: fail on every instruction so no pcall can hide it */
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "%s", stop_text(sb));
        return;
    }
    sb->remaining -= HOOK_STEP;
    if (sb->remaining <= 0) {
        sb->killed = 1;
        memcpy(sb->kill_where, sb->where, sizeof(sb->where));
        hook_where(L, ar, sb->kill_where, sizeof(sb->kill_where));
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
        luaL_error(L, "instruction budget exhausted");
    }
}

/* Work done inside a C function, where the count hook cannot see it (a
 * pattern match, a table.move), charged to the budget before it starts:
 * `steps` counts as that many VM instructions. Once the budget is spent the
 * hook fails every instruction, as for a loop, so no pcall hides it. */
static void sb_charge(lua_State *L, double steps, const char *what)
{
    calf_sandbox *sb = sandbox_of(L);
    if (steps < (double)sb->remaining) {
        sb->remaining -= (long)steps;
        return;
    }
    if (!sb->killed) {
        sb->killed = 1;
        calf_sandbox_where(L, 1, sb->kill_where, sizeof(sb->kill_where));
        snprintf(sb->kill_detail, sizeof(sb->kill_detail), "%s", what);
    }
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
    luaL_error(L, "instruction budget exhausted: %s", what);
}

void calf_sandbox_where(lua_State *L, int level, char *buf, size_t n)
{
    lua_Debug ar;
    buf[0] = '\0';
    if (level < 0) {
        lua_pushvalue(L, -1);          /* [fn fn] */
        if (lua_getinfo(L, ">S", &ar)) /* [fn] */
            snprintf(buf, n, "%s:%d", ar.short_src, ar.linedefined);
        return;
    }
    for (int lv = level; lv < level + 20 && lua_getstack(L, lv, &ar); lv++) {
        if (lua_getinfo(L, "Sl", &ar) && ar.currentline > 0) {
            snprintf(buf, n, "%s:%d", ar.short_src, ar.currentline);
            return;
        }
    }
}

/* A message that already says where: "chunk:LINE: ..." or "FILE.lua: ...". */
static int has_location(const char *msg)
{
    const char *colon = strchr(msg, ':');
    if (!colon || colon == msg)
        return 0;
    for (const char *c = msg; c < colon; c++)
        if (*c == ' ' || *c == '\n')
            return 0;
    if (colon - msg >= 4 && strncmp(colon - 4, ".lua", 4) == 0)
        return 1;
    const char *d = colon + 1;
    while (*d >= '0' && *d <= '9')
        d++;
    return d > colon + 1 && *d == ':';
}

/* The function at stack level 1 is the global error (error(msg, 0) asks for
 * a message without a position: keep it so; sb_error gives every other
 * level a position). */
static int raised_by_error(lua_State *L)
{
    lua_Debug ar;
    if (!lua_getstack(L, 1, &ar) || !lua_getinfo(L, "f", &ar))
        return 0;                                        /* [.. f] */
    lua_rawgeti(L, LUA_REGISTRYINDEX, LUA_RIDX_GLOBALS); /* [.. f G] */
    lua_pushliteral(L, "error");                         /* [.. f G k] */
    lua_rawget(L, -2);                                   /* [.. f G error] */
    int same = lua_rawequal(L, -1, -3);
    lua_pop(L, 3);
    return same;
}

/* Message handler: any error object becomes "file:LINE: message" plus a
 * traceback (shape of lua.c's msghandler). */
static int sb_msghandler(lua_State *L)
{
    const char *msg = NULL;
    if (lua_type(L, 1) == LUA_TSTRING || lua_type(L, 1) == LUA_TNUMBER) {
        msg = lua_tostring(L, 1);
        if (lua_type(L, 1) == LUA_TSTRING && !has_location(msg) && !raised_by_error(L)) {
            /* raised by a C function (e.g. coroutine.yield outside a coroutine) */
            char where[320];
            calf_sandbox_where(L, 1, where, sizeof(where));
            if (!where[0])
                snprintf(where, sizeof(where), "%.300s", sandbox_of(L)->file);
            if (where[0])
                msg = lua_pushfstring(L, "%s: %s", where, msg);
        }
    } else {
        char where[320];
        calf_sandbox_where(L, 1, where, sizeof(where));
        if (!where[0])
            snprintf(where, sizeof(where), "%.300s", sandbox_of(L)->file);
        if (luaL_callmeta(L, 1, "__tostring") && lua_type(L, -1) == LUA_TSTRING) {
            msg = lua_pushfstring(L, "%s: %s", where, lua_tostring(L, -1));
        } else if (lua_type(L, 1) == LUA_TTABLE && lua_getfield(L, 1, "message") == LUA_TSTRING) {
            msg = lua_pushfstring(L, "%s: error object is a table; its message: %s", where,
                                  lua_tostring(L, -1));
        } else if (lua_isnil(L, 1)) {
            msg = lua_pushfstring(L, "%s: error raised with a nil value (no message)", where);
        } else {
            msg = lua_pushfstring(L, "%s: error object is a %s value (not a message)", where,
                                  luaL_typename(L, 1));
        }
    }
    luaL_traceback(L, L, msg, 1);
    return 1;
}

/* The remedies a message may advise: only the options the verb running
 * this sandbox takes (patient files take neither). */
static const char *budget_hint(const calf_sandbox *sb)
{
    return sb->hints & CALF_SANDBOX_HINT_BUDGET ? "; raise it with --lua-budget" : "";
}

static const char *mem_hint(const calf_sandbox *sb)
{
    return sb->hints & CALF_SANDBOX_HINT_MEM ? "; raise it with --lua-mem" : "";
}

static void mib_text(size_t bytes, char *buf, size_t n)
{
    snprintf(buf, n, "%g MiB", (double)bytes / (1024.0 * 1024.0));
}

int calf_sandbox_pcall(calf_sandbox *sb, int nargs, int nres, calf_error *err)
{
    lua_State *L = sb->L;
    int base = lua_gettop(L) - nargs;
    int loading = sb->loading;
    lua_pushcfunction(L, sb_msghandler); /* [.. fn args handler] */
    lua_insert(L, base);                 /* [.. handler fn args] */
    sb->remaining = sb->budget;
    sb->killed = 0;
    sb->oom = 0;
    sb->refused = 0;
    sb->fatal = 0;
    sb->kill_detail[0] = '\0';
    sb->where[0] = '\0'; /* no place from an earlier call (sb->file stands in) */
    lua_sethook(L, sb_hook, LUA_MASKCOUNT, HOOK_STEP);
    int st = lua_pcall(L, nargs, nres, base);
    lua_sethook(L, NULL, 0, 0);
    sb->loading = loading;
    lua_remove(L, base); /* [.. results or message] */
    if (st == LUA_OK && !sb->killed && !sb->oom && !sb->fatal)
        return CALF_OK;
    if (st == LUA_OK) {
        lua_pop(L, nres);
    } else {
        if (!sb->killed && !sb->oom && st != LUA_ERRMEM) {
            const char *msg = lua_tostring(L, -1);
            if (!msg)
                msg = "error object is not a message";
            size_t len = strlen(msg);
            const char *tb = strstr(msg, "\nstack traceback:");
            if (tb && !sb->verbose)
                len = (size_t)(tb - msg);
            if (st == LUA_ERRERR)
                calf_error_set(err, CALF_ESCRIPT, "%s: error while handling an error: %.*s",
                               sb->file, (int)len, msg);
            else
                calf_error_set(err, CALF_ESCRIPT, "%.*s", (int)(tb ? tb - msg : (long)len), msg);
            if (tb && sb->verbose && err) { /* --verbose: the traceback's lines as they are */
                size_t used = strlen(err->msg);
                snprintf(err->msg + used, sizeof(err->msg) - used, "%s", tb);
            }
        }
        lua_pop(L, 1);
    }
    if (sb->fatal) {
        sb->fatal = 0;
        if (err)
            *err = sb->fatal_err;
        return sb->fatal_err.code;
    }
    const char *where = sb->file[0] ? sb->file : "lua";
    if (sb->killed) {
        if (sb->kill_where[0])
            where = sb->kill_where;
        sb->killed = 0;
        if (sb->kill_detail[0])
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: instruction budget of %ld exhausted: %s%s", where,
                                  sb->budget, sb->kill_detail, budget_hint(sb));
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: instruction budget of %ld exhausted (an endless loop?)%s", where,
                              sb->budget, budget_hint(sb));
    }
    if (sb->oom || st == LUA_ERRMEM) {
        char cap[64];
        mib_text(sb->limit, cap, sizeof(cap));
        if (sb->oom_where[0])
            where = sb->oom_where;
        sb->oom = 0;
        lua_gc(L, LUA_GCCOLLECT);
        if (sb->oom_detail[0]) {
            calf_error_set(err, CALF_ESCRIPT, "%s: out of memory: %s%s", where, sb->oom_detail,
                           mem_hint(sb));
            sb->oom_detail[0] = '\0';
            return CALF_ESCRIPT;
        }
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: out of memory: the Lua memory cap of %s was reached%s", where,
                              cap, mem_hint(sb));
    }
    return CALF_ESCRIPT; /* message set above */
}

lua_State *calf_sandbox_state(calf_sandbox *sb)
{
    return sb->L;
}

const char *calf_sandbox_file(const calf_sandbox *sb)
{
    return sb->file;
}

int calf_sandbox_verbose(const calf_sandbox *sb)
{
    return sb->verbose;
}

size_t calf_sandbox_mem_used(const calf_sandbox *sb)
{
    return sb->used;
}

size_t calf_sandbox_mem_peak(const calf_sandbox *sb)
{
    return sb->peak;
}

/* ---- strict globals ---------------------------------------------------- */

static int strict_index(lua_State *L)
{
    /* [G key] */
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L, "undefined global '%s'", lua_tostring(L, 2));
    return luaL_error(L, "undefined global (a %s key)", luaL_typename(L, 2));
}

static int strict_newindex(lua_State *L)
{
    /* [G key value] */
    calf_sandbox *sb = sandbox_of(L);
    if (sb->loading > 0) {
        lua_rawset(L, 1);
        return 0;
    }
    if (lua_type(L, 2) == LUA_TSTRING)
        return luaL_error(L,
                          "assignment to undeclared global '%s' (globals may only be defined at "
                          "a file's top level; use a local)",
                          lua_tostring(L, 2));
    return luaL_error(L, "assignment to an undeclared global");
}

static void set_strict(lua_State *L)
{
    lua_pushglobaltable(L);                /* [G] */
    lua_createtable(L, 0, 3);              /* [G mt] */
    lua_pushcfunction(L, strict_index);    /* [G mt f] */
    lua_setfield(L, -2, "__index");        /* [G mt] */
    lua_pushcfunction(L, strict_newindex); /* [G mt f] */
    lua_setfield(L, -2, "__newindex");     /* [G mt] */
    lua_pushliteral(L, "locked");          /* [G mt s] */
    lua_setfield(L, -2, "__metatable");    /* [G mt] */
    lua_setmetatable(L, -2);               /* [G] */
    lua_pop(L, 1);                         /* [] */
}

/* ---- loading ----------------------------------------------------------- */

/* Push the chunk of a text file, or an error message; returns a Lua status. */
static int load_text(lua_State *L, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp) {
        lua_pushfstring(L, "%s: cannot open: %s", path, strerror(errno));
        return LUA_ERRFILE;
    }
    int c = getc(fp);
    fclose(fp);
    if (c == LUA_SIGNATURE[0]) {
        lua_pushfstring(L,
                        "%s:1: precompiled (binary) chunk refused: calfsim loads Lua source text "
                        "only",
                        path);
        return LUA_ERRSYNTAX;
    }
    int st = luaL_loadfilex(L, path, "t");
    size_t len = strlen(path);
    if (st == LUA_ERRSYNTAX && !(len > 4 && strcmp(path + len - 4, ".lua") == 0)) {
        /* not Lua source of the user's: the parser's "near ..." would quote it */
        lua_pop(L, 1);
        lua_pushfstring(L, "%s: not a Lua file (it does not parse; its content is not shown)",
                        path);
    }
    return st;
}

static int dofile_k(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    const char *path = lua_touserdata(L, 1);
    lua_settop(L, 0);
    if (load_text(L, path) != LUA_OK) /* [chunk] or [msg] */
        return lua_error(L);
    lua_pushvalue(L, -1);                            /* [chunk chunk] */
    lua_setfield(L, LUA_REGISTRYINDEX, "calf.main"); /* [chunk] kept for rerun */
    sb->loading++;
    lua_call(L, 0, 1); /* [result] */
    sb->loading--;
    return 1;
}

/* ---- a fresh module state for each run ----------------------------------- */

/* The tables a script can change and whose changes would outlive a run:
 * the global table, the libraries and the string metatable. */
static const char *const snap_libs[] = {LUA_STRLIBNAME,  LUA_TABLIBNAME, LUA_MATHLIBNAME,
                                        LUA_UTF8LIBNAME, LUA_COLIBNAME,  NULL};

/* Push the tables snapshot_k copies, in a fixed order; returns how many. */
static int push_snap_tables(lua_State *L)
{
    int n = 0;
    lua_pushglobaltable(L);
    n++;
    for (int i = 0; snap_libs[i]; i++) {
        lua_pushglobaltable(L);
        lua_getfield(L, -1, snap_libs[i]);
        lua_remove(L, -2);
        n++;
    }
    lua_pushliteral(L, "");
    if (!lua_getmetatable(L, -1))
        lua_pushnil(L);
    lua_remove(L, -2);
    return n + 1;
}

/* registry["calf.snap"] = {copy of each table, in push_snap_tables order} */
static int snapshot_k(lua_State *L)
{
    lua_settop(L, 0);
    int n = push_snap_tables(L); /* [t1 .. tn] */
    lua_createtable(L, n, 0);    /* [t.. snap] */
    for (int i = 1; i <= n; i++) {
        lua_newtable(L); /* [t.. snap copy] */
        if (lua_istable(L, i)) {
            lua_pushnil(L);
            while (lua_next(L, i)) {  /* [.. copy k v] */
                lua_pushvalue(L, -2); /* [.. copy k v k] */
                lua_insert(L, -2);    /* [.. copy k k v] */
                lua_rawset(L, -4);    /* [.. copy k] */
            }
        }
        lua_rawseti(L, n + 1, i); /* [t.. snap] */
    }
    lua_setfield(L, LUA_REGISTRYINDEX, "calf.snap");
    return 0;
}

int calf_sandbox_snapshot(calf_sandbox *sb, calf_error *err)
{
    lua_pushcfunction(sb->L, snapshot_k);
    return calf_sandbox_pcall(sb, 0, 0, err);
}

/* Put each snapshot table back as it was: keys added since are removed,
 * changed values restored; the libraries lose any metatable given them. */
static void restore_tables(lua_State *L)
{
    int base = lua_gettop(L);
    int n = push_snap_tables(L);                     /* [t1 .. tn] */
    lua_getfield(L, LUA_REGISTRYINDEX, "calf.snap"); /* [t.. snap] */
    int snap = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        int t = base + i;
        if (!lua_istable(L, t))
            continue;
        lua_rawgeti(L, snap, i); /* [.. copy] */
        int copy = lua_gettop(L);
        lua_pushnil(L);
        while (lua_next(L, t)) { /* [.. copy k v] */
            lua_pop(L, 1);
            lua_pushvalue(L, -1);                  /* [.. copy k k] */
            if (lua_rawget(L, copy) == LUA_TNIL) { /* [.. copy k old] */
                lua_pushvalue(L, -2);
                lua_pushnil(L);
                lua_rawset(L, t); /* clearing a field during traversal is allowed */
            }
            lua_pop(L, 1); /* [.. copy k] */
        }
        lua_pushnil(L);
        while (lua_next(L, copy)) { /* [.. copy k v] */
            lua_pushvalue(L, -2);
            lua_insert(L, -2);
            lua_rawset(L, t); /* [.. copy k] */
        }
        lua_pop(L, 1); /* [..] */
        if (i > 1 && i <= (int)(sizeof(snap_libs) / sizeof(snap_libs[0]))) {
            lua_pushnil(L);
            lua_setmetatable(L, t);
        }
    }
    lua_settop(L, base);
}

static int rerun_k(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    lua_settop(L, 0);
    restore_tables(L);
    lua_newtable(L); /* modules run again, on their first require */
    lua_setfield(L, LUA_REGISTRYINDEX, "calf.loaded");
    if (lua_getfield(L, LUA_REGISTRYINDEX, "calf.main") != LUA_TFUNCTION) /* [chunk] */
        return luaL_error(L, "%s: no chunk to run again", sb->file);
    sb->loading++;
    lua_call(L, 0, 1); /* [result] */
    sb->loading--;
    return 1;
}

int calf_sandbox_rerun(calf_sandbox *sb, calf_error *err)
{
    lua_pushcfunction(sb->L, rerun_k);
    return calf_sandbox_pcall(sb, 0, 1, err); /* [result] */
}

void calf_sandbox_reseed(calf_sandbox *sb, uint64_t seed)
{
    sb->seed = seed;
    gsl_rng_set(sb->rng, (unsigned long)seed);
}

int calf_sandbox_dofile(calf_sandbox *sb, const char *path, calf_error *err)
{
    int ok = calf_input_file_ok(path, err);
    if (ok != CALF_OK)
        return ok;
    lua_State *L = sb->L;
    snprintf(sb->file, sizeof(sb->file), "%s", path);
    snprintf(sb->where, sizeof(sb->where), "%.300s", path);
    if (!sb->main_dir[0]) {
        const char *slash = strrchr(path, '/');
        if (slash)
            snprintf(sb->main_dir, sizeof(sb->main_dir), "%.*s", (int)(slash - path), path);
        else
            snprintf(sb->main_dir, sizeof(sb->main_dir), ".");
    }
    lua_pushcfunction(L, dofile_k);           /* [f] */
    lua_pushlightuserdata(L, (void *)path);   /* [f path] */
    return calf_sandbox_pcall(sb, 1, 1, err); /* [result] */
}

int calf_sandbox_run_file(calf_sandbox *sb, const char *path, calf_error *err)
{
    int rc = calf_sandbox_dofile(sb, path, err);
    if (rc == CALF_OK)
        lua_pop(sb->L, 1);
    return rc;
}

/* ---- require ----------------------------------------------------------- */

static int module_name_ok(const char *name)
{
    if (strncmp(name, "lib.", 4) != 0)
        return 0;
    const char *p = name + 4;
    int start = 1;
    for (; *p; p++) {
        int alpha = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '_';
        int digit = *p >= '0' && *p <= '9';
        if (*p == '.') {
            if (start)
                return 0;
            start = 1;
        } else if (alpha || (digit && !start)) {
            start = 0;
        } else {
            return 0;
        }
    }
    return !start;
}

static int file_exists(const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return 0;
    fclose(fp);
    return 1;
}

static int sb_require(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    const char *name = luaL_checkstring(L, 1);
    if (strstr(name, "..") || strchr(name, '/') || strchr(name, '\\'))
        return luaL_error(L,
                          "require \"%s\": refused: paths and '..' are not allowed; name a "
                          "module as lib.NAME",
                          name);
    if (!module_name_ok(name))
        return luaL_error(L,
                          "require \"%s\": refused: only modules named lib.NAME (files in "
                          "protocols/lib/ or in a lib/ folder beside the protocol) can be loaded",
                          name);
    lua_settop(L, 1);
    lua_getfield(L, LUA_REGISTRYINDEX, "calf.loaded"); /* [name loaded] */
    if (lua_getfield(L, 2, name) != LUA_TNIL)          /* [name loaded mod] */
        return 1;
    lua_pop(L, 1); /* [name loaded] */
    char rel[512];
    snprintf(rel, sizeof(rel), "%s.lua", name + 4);
    for (char *p = rel; *p && strcmp(p, ".lua") != 0; p++)
        if (*p == '.')
            *p = '/';
    char path[4096 + 600] = "";
    char cand[4096 + 600];
    snprintf(cand, sizeof(cand), "%s/lib/%s", sb->main_dir[0] ? sb->main_dir : ".", rel);
    if (file_exists(cand))
        snprintf(path, sizeof(path), "%s", cand);
    if (!path[0] && sb->lib_dir[0]) {
        snprintf(cand, sizeof(cand), "%s/%s", sb->lib_dir, rel);
        if (file_exists(cand))
            snprintf(path, sizeof(path), "%s", cand);
    }
    if (!path[0])
        return luaL_error(L,
                          "require \"%s\": module not found (looked for lib/%s beside the "
                          "protocol and in protocols/lib/)",
                          name, rel);
    /* the compiled chunk is kept by path, so a rerun does not parse again */
    lua_getfield(L, LUA_REGISTRYINDEX, "calf.modchunks"); /* [name loaded chunks] */
    if (!lua_istable(L, -1)) {
        lua_pop(L, 1);
        lua_newtable(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, LUA_REGISTRYINDEX, "calf.modchunks");
    }
    if (lua_getfield(L, -1, path) != LUA_TFUNCTION) { /* [name loaded chunks chunk?] */
        lua_pop(L, 1);
        if (load_text(L, path) != LUA_OK) /* [.. chunks chunk] or [.. msg] */
            return lua_error(L);
        lua_pushvalue(L, -1);
        lua_setfield(L, -3, path);
    }
    lua_remove(L, -2); /* [name loaded chunk] */
    sb->loading++;
    int st = lua_pcall(L, 0, 1, 0); /* [name loaded mod] */
    sb->loading--;
    if (st != LUA_OK)
        return lua_error(L);
    if (lua_isnil(L, -1)) {
        lua_pop(L, 1);
        lua_pushboolean(L, 1);
    }
    lua_pushvalue(L, -1);     /* [name loaded mod mod] */
    lua_setfield(L, 2, name); /* [name loaded mod] */
    return 1;
}

/* ---- replaced library functions --------------------------------------- */

static int sb_random(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    lua_Integer lo, hi;
    switch (lua_gettop(L)) {
    case 0:
        lua_pushnumber(L, gsl_rng_uniform(sb->rng));
        return 1;
    case 1:
        lo = 1;
        hi = luaL_checkinteger(L, 1);
        break;
    case 2:
        lo = luaL_checkinteger(L, 1);
        hi = luaL_checkinteger(L, 2);
        break;
    default:
        return luaL_error(L, "math.random: wrong number of arguments");
    }
    luaL_argcheck(L, lo <= hi, lua_gettop(L), "interval is empty");
    lua_Unsigned span = (lua_Unsigned)hi - (lua_Unsigned)lo;
    luaL_argcheck(L, span < 0xffffffffu, lua_gettop(L), "interval is too large");
    unsigned long k = gsl_rng_uniform_int(sb->rng, (unsigned long)span + 1);
    lua_pushinteger(L, lo + (lua_Integer)k);
    return 1;
}

static int sb_randomseed(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    if (lua_isnone(L, 1))
        gsl_rng_set(sb->rng, (unsigned long)sb->seed);
    else
        gsl_rng_set(sb->rng, (unsigned long)luaL_checkinteger(L, 1));
    return 0;
}

static int sb_print(lua_State *L)
{
    int n = lua_gettop(L);
    for (int i = 1; i <= n; i++) {
        size_t len;
        const char *s = luaL_tolstring(L, i, &len); /* [.. s] */
        if (i > 1)
            fputc('\t', stderr);
        fwrite(s, 1, len, stderr);
        lua_pop(L, 1);
    }
    fputc('\n', stderr);
    return 0;
}

/* string.rep that refuses a result larger than the memory left, so the error
 * carries the caller's line, and makes an empty result at once (Lua's own
 * loop would run n times in C, beyond the budget's reach, for
 * string.rep("", 1 << 62)). Upvalue 1: the original string.rep. */
static int sb_rep(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    size_t l, lsep = 0;
    luaL_checklstring(L, 1, &l);
    lua_Integer n = luaL_checkinteger(L, 2);
    luaL_optlstring(L, 3, "", &lsep);
    if (n <= 0 || (l == 0 && (lsep == 0 || n == 1))) {
        lua_pushliteral(L, "");
        return 1;
    }
    double total = (double)l * (double)n + (double)lsep * ((double)n - 1.0);
    double left = (double)sb->limit - (double)sb->used;
    if (total > left) {
        /* counts as running out of memory: a pcall cannot swallow it */
        char cap[32], size[32];
        mib_text(sb->limit, cap, sizeof(cap));
        snprintf(size, sizeof(size), "%.4g MiB", total / (1024.0 * 1024.0));
        if (!sb->oom) {
            calf_sandbox_where(L, 1, sb->oom_where, sizeof(sb->oom_where));
            if (total >= 1024.0 * 1024.0) /* else the cap itself is the news */
                snprintf(sb->oom_detail, sizeof(sb->oom_detail),
                         "string.rep would make %s, beyond the Lua memory cap of %s", size, cap);
        }
        sb->oom = 1;
        return luaL_error(
            L, "out of memory: string.rep would make %s, beyond the Lua memory cap of %s", size,
            cap);
    }
    /* a non-empty result of at most the memory left: the copying loop is bounded */
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* Elements in [i, j] (0 when empty), as a double: no overflow. */
static double range_count(lua_Integer i, lua_Integer j)
{
    return j < i ? 0.0 : (double)j - (double)i + 1.0;
}

/* table.move(a1, f, e, t [, a2]) and table.concat(t, sep, i, j) loop in C
 * over a range the script chooses, allocating nothing for table.move and
 * running no Lua instruction: each element is charged as one instruction.
 * Upvalue 1: the original; upvalue 2: the range's first argument. */
static int sb_ranged(lua_State *L)
{
    int at = (int)lua_tointeger(L, lua_upvalueindex(2));
    double count;
    if (at == 2) { /* table.move */
        count = range_count(luaL_checkinteger(L, 2), luaL_checkinteger(L, 3));
    } else { /* table.concat: i defaults to 1, j to #t */
        lua_Integer i = luaL_optinteger(L, 3, 1);
        lua_Integer j =
            lua_isnoneornil(L, 4) ? (lua_Integer)luaL_len(L, 1) : luaL_checkinteger(L, 4);
        count = range_count(i, j);
    }
    sb_charge(L, count,
              at == 2 ? "table.move over a range this long"
                      : "table.concat over a range this long");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* Lua patterns backtrack inside C, where the count hook cannot reach, so
 * every pattern function (find, match, gmatch, gsub) is charged, before it
 * runs, an upper bound on its matcher steps, as instructions: a pattern
 * whose worst case would outlast the budget is stopped at once by the
 * budget, whatever the subject holds. For a subject of n characters and a
 * pattern of m bytes with k repetition items (*, +, -, ?) and b items that
 * scan (%b, back-references %1-%9), the matcher visits at most
 * C(n + k + 1, k + 1) (position, repetition lengths) states over all start
 * positions (C(n + k, k) when anchored with ^), each costing at most m steps
 * and n steps per scanning item:
 *     steps <= (m + 1) * C(n + k + 1, k + 1) * (n + 1)^b
 * gmatch and gsub try each start once over the whole iteration, so they are
 * charged this once, when called. A pattern without special characters (or
 * a plain find) is a substring search: (n + 1) * (m + 1). Upvalue 1: the
 * original function; upvalue 2: 1 for find (plain finds allowed). */
static void pattern_shape(const char *p, size_t n, int *k, int *b, int *special)
{
    *k = *b = *special = 0;
    for (size_t i = 0; i < n; i++) {
        if (strchr("^$*+?.([%-", p[i]))
            *special = 1;
        if (p[i] == '%') {
            i++;
            if (i < n && (p[i] == 'b' || (p[i] >= '1' && p[i] <= '9')))
                (*b)++;
            if (i < n && p[i] == 'b')
                i += 2; /* its two delimiters */
            else if (i < n && p[i] == 'f' && i + 1 < n && p[i + 1] == '[')
                i++; /* the frontier's set follows */
        } else if (p[i] == '[') {
            i++;
            if (i < n && p[i] == '^')
                i++;
            if (i < n && p[i] == ']')
                i++;
            while (i < n && p[i] != ']')
                i += p[i] == '%' ? 2 : 1;
        } else if (p[i] == '*' || p[i] == '+' || p[i] == '-' || p[i] == '?') {
            (*k)++;
        }
    }
}

static double binomial(double n, int k)
{
    double c = 1.0;
    for (int i = 1; i <= k && c < 1e300; i++)
        c = c * (n - k + i) / i;
    return c;
}

static double pattern_steps(const char *pat, size_t lp, size_t ls, int plain)
{
    int k, b, special;
    pattern_shape(pat, lp, &k, &b, &special);
    double n = (double)ls, m = (double)lp;
    if (plain || !special)
        return (n + 1.0) * (m + 1.0);
    int anchored = lp > 0 && pat[0] == '^';
    double states = anchored ? binomial(n + k, k) : binomial(n + k + 1, k + 1);
    return (m + 1.0) * states * pow(n + 1.0, b);
}

static int sb_pattern(lua_State *L)
{
    size_t ls = 0, lp = 0;
    luaL_checklstring(L, 1, &ls);
    const char *pat = luaL_checklstring(L, 2, &lp);
    int plain = lua_tointeger(L, lua_upvalueindex(2)) && lua_toboolean(L, 4);
    double steps = pattern_steps(pat, lp, ls, plain);
    if (steps >= (double)sandbox_of(L)->remaining) {
        char what[200];
        snprintf(
            what, sizeof(what),
            "a pattern match on %zu characters may take up to %.3g steps (pattern \"%.40s\"%s)", ls,
            steps, pat, lp > 40 ? "..." : "");
        sb_charge(L, steps, what);
    }
    sb_charge(L, steps, "pattern match");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
    return lua_gettop(L);
}

/* setmetatable that refuses a __gc field: Lua runs finalizers with hooks
 * off (during any allocation, and at close), so a finalizer would run
 * outside the budget. A metatable given __gc later does not make Lua
 * finalize the objects it was set on, and any later setmetatable comes
 * here again. Upvalue 1: the original. */
static int sb_setmetatable(lua_State *L)
{
    if (lua_type(L, 2) == LUA_TTABLE) {
        lua_pushliteral(L, "__gc");
        if (lua_rawget(L, 2) != LUA_TNIL)
            return luaL_error(L, "setmetatable: a metatable with __gc is refused (finalizers "
                                 "would run outside the instruction budget)");
        lua_pop(L, 1);
    }
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* rawset that keeps strict globals: the global table is written only while
 * a file's top level runs, as through its __newindex. Upvalue 1: the original. */
static int sb_rawset(lua_State *L)
{
    lua_pushglobaltable(L);
    int is_g = lua_rawequal(L, 1, -1);
    lua_pop(L, 1);
    if (is_g && sandbox_of(L)->loading <= 0)
        return luaL_error(L, "rawset(_G, ...): refused; globals may only be defined at a file's "
                             "top level (use a local)");
    lua_pushvalue(L, lua_upvalueindex(1));
    lua_insert(L, 1);
    lua_call(L, lua_gettop(L) - 1, 1);
    return 1;
}

/* error(msg [, level]) whose string message always says where when level
 * is not 0: a level beyond the stack (error("x", 50)), which Lua leaves
 * without a position, gets the innermost Lua line. */
static int sb_error(lua_State *L)
{
    lua_Integer level = luaL_optinteger(L, 2, 1);
    lua_settop(L, 1);
    if (lua_type(L, 1) == LUA_TSTRING && level > 0) {
        luaL_where(L, (int)(level < 1000 ? level : 1000)); /* [msg where] */
        if (lua_rawlen(L, -1) == 0) {
            char where[320];
            calf_sandbox_where(L, 1, where, sizeof(where));
            lua_pop(L, 1);
            lua_pushfstring(L, "%s: ", where[0] ? where : sandbox_of(L)->file);
        }
        lua_insert(L, 1); /* [where msg] */
        lua_concat(L, 2);
    }
    return lua_error(L);
}

/* pcall, xpcall, coroutine.resume and coroutine.close return an error
 * instead of raising it; once the budget or the memory is spent for good,
 * these wrappers raise again as soon as the call returns, so no script code
 * runs after it (the count hook alone would let up to HOOK_STEP
 * instructions through). Upvalue 1: the original. */
static int guard_done(lua_State *L, int status, lua_KContext ctx)
{
    (void)status;
    (void)ctx;
    calf_sandbox *sb = sandbox_of(L);
    if (sb->killed || sb->oom || sb->fatal) {
        lua_sethook(L, sb_hook, LUA_MASKCOUNT, 1);
        return luaL_error(L, "%s", stop_text(sb));
    }
    return lua_gettop(L);
}

static int sb_guard(lua_State *L)
{
    lua_pushvalue(L, lua_upvalueindex(1)); /* [args fn] */
    lua_insert(L, 1);                      /* [fn args] */
    lua_callk(L, lua_gettop(L) - 1, LUA_MULTRET, 0, guard_done);
    return guard_done(L, LUA_OK, 0);
}

/* Wrap field `name` of the table on top of the stack with closure f, whose
 * upvalues are the original and the integer `arg`. */
static void wrap_field(lua_State *L, const char *name, lua_CFunction f, lua_Integer arg)
{
    lua_getfield(L, -1, name); /* [t fn] */
    lua_pushinteger(L, arg);   /* [t fn arg] */
    lua_pushcclosure(L, f, 2); /* [t fn'] */
    lua_setfield(L, -2, name); /* [t] */
}

static const luaL_Reg sandbox_libs[] = {
    {LUA_GNAME, luaopen_base},
    {LUA_TABLIBNAME, luaopen_table},
    {LUA_STRLIBNAME, luaopen_string},
    {LUA_MATHLIBNAME, luaopen_math},
    {LUA_UTF8LIBNAME, luaopen_utf8},
    {LUA_COLIBNAME, luaopen_coroutine},
    {NULL, NULL},
};

/* The globals a script starts with, as an allow-list kept as data (per
 * STYLE.md, as Redis does): after the libraries open, every other global
 * (load, loadfile, dofile, collectgarbage, and whatever a later Lua adds to
 * its base library) is removed. print and require are replaced below; the
 * protocol runtime and the study API add their own names after this. */
static const char *const allowed_globals[] = {"_G",
                                              "_VERSION",
                                              "assert",
                                              "error",
                                              "getmetatable",
                                              "ipairs",
                                              "next",
                                              "pairs",
                                              "pcall",
                                              "print",
                                              "rawequal",
                                              "rawget",
                                              "rawlen",
                                              "rawset",
                                              "select",
                                              "setmetatable",
                                              "tonumber",
                                              "tostring",
                                              "type",
                                              "warn",
                                              "xpcall",
                                              LUA_STRLIBNAME,
                                              LUA_TABLIBNAME,
                                              LUA_MATHLIBNAME,
                                              LUA_UTF8LIBNAME,
                                              LUA_COLIBNAME,
                                              NULL};

static int allowed_global(const char *name)
{
    for (int i = 0; allowed_globals[i]; i++)
        if (strcmp(name, allowed_globals[i]) == 0)
            return 1;
    return 0;
}

/* Remove every global not on the allow-list. [] -> [] */
static void keep_allowed_globals(lua_State *L)
{
    lua_pushglobaltable(L);   /* [G] */
    lua_pushnil(L);           /* [G nil] */
    while (lua_next(L, -2)) { /* [G k v] */
        lua_pop(L, 1);        /* [G k] */
        if (lua_type(L, -1) != LUA_TSTRING || !allowed_global(lua_tostring(L, -1))) {
            lua_pushvalue(L, -1); /* [G k k] */
            lua_pushnil(L);       /* [G k k nil] */
            lua_rawset(L, -4);    /* [G k] clearing a field during traversal is allowed */
        }
    }
    lua_pop(L, 1); /* [] */
}

static int open_k(lua_State *L)
{
    calf_sandbox *sb = sandbox_of(L);
    lua_newtable(L); /* [loaded] */
    lua_setfield(L, LUA_REGISTRYINDEX, "calf.loaded");
    if (!sb->bare) {
        for (const luaL_Reg *lib = sandbox_libs; lib->func; lib++) {
            luaL_requiref(L, lib->name, lib->func, 1); /* [lib] */
            lua_pop(L, 1);
        }
        keep_allowed_globals(L);
        lua_getglobal(L, LUA_STRLIBNAME); /* [string] */
        lua_pushnil(L);
        lua_setfield(L, -2, "dump");
        wrap_field(L, "rep", sb_rep, 0);
        static const char *const pattern_fns[] = {"find", "match", "gmatch", "gsub", NULL};
        for (int i = 0; pattern_fns[i]; i++)
            wrap_field(L, pattern_fns[i], sb_pattern, i == 0);
        lua_pop(L, 1);                     /* [] */
        lua_getglobal(L, LUA_MATHLIBNAME); /* [math] */
        lua_pushcfunction(L, sb_random);
        lua_setfield(L, -2, "random");
        lua_pushcfunction(L, sb_randomseed);
        lua_setfield(L, -2, "randomseed");
        lua_pop(L, 1);                   /* [] */
        lua_getglobal(L, LUA_COLIBNAME); /* [coroutine] */
        wrap_field(L, "resume", sb_guard, 0);
        wrap_field(L, "close", sb_guard, 0);
        lua_pop(L, 1);                    /* [] */
        lua_getglobal(L, LUA_TABLIBNAME); /* [table] */
        wrap_field(L, "move", sb_ranged, 2);
        wrap_field(L, "concat", sb_ranged, 3);
        lua_pop(L, 1);          /* [] */
        lua_pushglobaltable(L); /* [G] */
        wrap_field(L, "setmetatable", sb_setmetatable, 0);
        wrap_field(L, "rawset", sb_rawset, 0);
        wrap_field(L, "pcall", sb_guard, 0);
        wrap_field(L, "xpcall", sb_guard, 0);
        lua_pushcfunction(L, sb_error); /* [G error'] */
        lua_setfield(L, -2, "error");   /* [G] */
        lua_pop(L, 1);                  /* [] */
        lua_pushcfunction(L, sb_print);
        lua_setglobal(L, "print");
        lua_pushcfunction(L, sb_require);
        lua_setglobal(L, "require");
    }
    set_strict(L);
    return 0;
}

int calf_sandbox_open(calf_sandbox **out, const calf_sandbox_opts *opts, calf_error *err)
{
    *out = NULL;
    calf_sandbox *sb = calloc(1, sizeof(*sb));
    if (!sb)
        return calf_error_set(err, CALF_EIO, "out of memory creating the Lua sandbox");
    calf_sandbox_opts def = {0};
    if (!opts)
        opts = &def;
    sb->limit = opts->mem_limit ? opts->mem_limit : CALF_SANDBOX_MEM_DEFAULT;
    sb->budget = opts->budget > 0 ? opts->budget : CALF_SANDBOX_BUDGET_DEFAULT;
    sb->bare = opts->bare;
    sb->verbose = opts->verbose;
    sb->seed = opts->seed;
    sb->hints =
        opts->bare ? 0 : ~opts->no_hints & (CALF_SANDBOX_HINT_MEM | CALF_SANDBOX_HINT_BUDGET);
    if (opts->lib_dir)
        snprintf(sb->lib_dir, sizeof(sb->lib_dir), "%s", opts->lib_dir);
    sb->rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!sb->rng) {
        free(sb);
        return calf_error_set(err, CALF_EIO, "out of memory creating the Lua sandbox");
    }
    gsl_rng_set(sb->rng, (unsigned long)opts->seed);
    sb->L = lua_newstate(sb_alloc, sb);
    if (!sb->L) {
        char cap[64];
        mib_text(sb->limit, cap, sizeof(cap));
        pool_free_all(&sb->pool);
        gsl_rng_free(sb->rng);
        free(sb);
        return calf_error_set(err, CALF_EIO, "cannot create a Lua state within %s", cap);
    }
    *(calf_sandbox **)lua_getextraspace(sb->L) = sb;
    lua_atpanic(sb->L, sb_panic);
    lua_setwarnf(sb->L, sb_warn, sb);
    lua_pushcfunction(sb->L, open_k);
    int rc = calf_sandbox_pcall(sb, 0, 0, err);
    if (rc) {
        calf_sandbox_close(sb);
        return rc;
    }
    *out = sb;
    return CALF_OK;
}

void calf_sandbox_close(calf_sandbox *sb)
{
    if (!sb)
        return;
    if (sb->L)
        lua_close(sb->L);
    pool_free_all(&sb->pool);
    gsl_rng_free(sb->rng);
    free(sb);
}
