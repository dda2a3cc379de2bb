/*
 * rules.c: the compiled weekly rules (rules.h). Expressions are parsed once,
 * by recursive descent with Lua's precedence, into a stack code that the
 * evaluator runs with no allocation; `and`, `or` and `if(c, a, b)` evaluate
 * lazily, so a branch that is not taken may name a state variable a patient
 * does not have. Values are doubles; a condition holds when its value is not
 * 0; true is 1 and false 0. The arithmetic is the same IEEE operations, in
 * the same order, as the Lua a protocol's twin runs, so both give the same
 * bits.
 */
#include "rules.h"

#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const calf_rules_override_names[] = {"km", "reps", "sets", "rm", "pack_kg", NULL};
const char *const calf_rules_block_names[] = {"progress", "hold",  "regress",
                                              "every",    "after", NULL};

enum {
    OP_K,
    OP_LOAD,
    OP_ADD,
    OP_SUB,
    OP_MUL,
    OP_DIV,
    OP_POW,
    OP_NEG,
    OP_NOT,
    OP_LT,
    OP_LE,
    OP_GT,
    OP_GE,
    OP_EQ,
    OP_NE,
    OP_AND, /* top == 0: keep 0 and jump to arg; else pop */
    OP_OR,  /* top != 0: make it 1 and jump to arg; else pop */
    OP_BOOL,
    OP_JF, /* pop; jump to arg when 0 */
    OP_JMP,
    OP_CALL, /* arg: function, argc: arguments */
    OP_END
};

enum { FN_MIN, FN_MAX, FN_CLAMP, FN_KM, FN_FLOOR, FN_PICK, FN_COUNT };
static const char *const fn_names[FN_COUNT] = {"min", "max", "clamp", "km", "floor", "pick"};
static const int fn_min_args[FN_COUNT] = {1, 1, 3, 1, 1, 2};
static const int fn_max_args[FN_COUNT] = {16, 16, 3, 1, 1, 16};

static const char *const last_fields[] = {
    "run_km",  "runs", "pain_max",     "morning_max",       "stopped",       "flare",
    "longest", "days", "morning_mean", "prev_morning_mean", "rest_pain_max", NULL};

#define STACK_MAX 32

/* jump targets and name indices live in calf_rules_op.arg, a short */
_Static_assert(CALF_RULES_MAX_CODE <= 32767 && CALF_RULES_MAX_NAMES <= 32767,
               "calf_rules_op.arg cannot hold a code index");

void calf_rules_init(calf_rules *r, const char *path)
{
    memset(r, 0, sizeof(*r));
    snprintf(r->path, sizeof(r->path), "%s", path);
    r->v_limit = r->v_morning = r->v_trend = r->v_trend_after = -1;
    for (int i = 0; i < CALF_RULES_MAX_NAMES; i++)
        r->lim_min[i] = r->lim_max[i] = -1;
}

static int ident_ok(const char *s)
{
    if (!*s || !(isalpha((unsigned char)*s) || *s == '_'))
        return 0;
    for (; *s; s++)
        if (!(isalnum((unsigned char)*s) || *s == '_'))
            return 0;
    return 1;
}

static int find_in(const char *const *list, const char *s)
{
    for (int i = 0; list[i]; i++)
        if (strcmp(list[i], s) == 0)
            return i;
    return -1;
}

/* The kind of a name's text, or -1 when it cannot be one. */
static int name_kind(const char *name)
{
    if (strncmp(name, "p.", 2) == 0)
        return ident_ok(name + 2) ? CALF_RN_PARAM : -1;
    if (strncmp(name, "last.", 5) == 0)
        return find_in(last_fields, name + 5) >= 0 ? CALF_RN_LAST : -1;
    if (!ident_ok(name))
        return -1;
    if (strcmp(name, "week") == 0)
        return CALF_RN_WEEK;
    if (strcmp(name, "day") == 0)
        return CALF_RN_DAY;
    if (strcmp(name, "morning_pain") == 0)
        return CALF_RN_MORNING;
    if (strcmp(name, "heel_raise_reps") == 0)
        return CALF_RN_HEEL;
    return CALF_RN_STATE;
}

int calf_rules_name(calf_rules *r, const char *name, const char *where, calf_error *err)
{
    for (int i = 0; i < r->nnames; i++)
        if (strcmp(r->name[i], name) == 0)
            return i;
    int kind = name_kind(name);
    if (kind < 0) {
        if (strncmp(name, "last.", 5) == 0)
            calf_error_set(err, CALF_ESCRIPT,
                           "%s: %s: unknown name \"%s\" (last. reads run_km, runs, pain_max, "
                           "morning_max, stopped, flare, longest, days, morning_mean, "
                           "prev_morning_mean, rest_pain_max)",
                           r->path, where, name);
        else
            calf_error_set(err, CALF_ESCRIPT,
                           "%s: %s: \"%s\" is not a name (a state variable, p.NAME, last.FIELD, "
                           "week, day, morning_pain or heel_raise_reps)",
                           r->path, where, name);
        return -1;
    }
    if (r->nnames >= CALF_RULES_MAX_NAMES || strlen(name) >= CALF_RULES_NAME) {
        calf_error_set(err, CALF_ESCRIPT, "%s: %s: more than %d names, or \"%s\" longer than %d",
                       r->path, where, CALF_RULES_MAX_NAMES, name, CALF_RULES_NAME - 1);
        return -1;
    }
    snprintf(r->name[r->nnames], CALF_RULES_NAME, "%s", name);
    r->kind[r->nnames] = (unsigned char)kind;
    if (kind == CALF_RN_LAST)
        r->field[r->nnames] = (unsigned char)find_in(last_fields, name + 5);
    return r->nnames++;
}

/* ---- the parser -------------------------------------------------------- */

#define NEST_MAX 48 /* parentheses, unary operators and powers, one inside another */

typedef struct parser {
    calf_rules *r;
    const char *src, *s, *where;
    calf_error *err;
    int failed, depth;
} parser;

static void perr(parser *P, const char *what)
{
    if (P->failed)
        return;
    P->failed = 1;
    calf_error_set(P->err, CALF_ESCRIPT, "%s: %s: \"%.80s%s\": %s at \"%.20s\"", P->r->path,
                   P->where, P->src, strlen(P->src) > 80 ? "..." : "", what,
                   *P->s ? P->s : "the end");
}

static int emit(parser *P, int op, int arg, int argc, double k)
{
    calf_rules *r = P->r;
    if (r->ncode >= CALF_RULES_MAX_CODE) {
        perr(P, "the rules are too long");
        return -1; /* nothing to patch (see patch) */
    }
    r->code[r->ncode] = (calf_rules_op){(unsigned char)op, (unsigned char)argc, (short)arg, k};
    return r->ncode++;
}

/* Point the jump emitted at `at` (-1: it was not emitted) to the next operation. */
static void patch(parser *P, int at)
{
    if (at >= 0)
        P->r->code[at].arg = (short)P->r->ncode;
}

static void skip_space(parser *P)
{
    while (isspace((unsigned char)*P->s))
        P->s++;
}

static int accept(parser *P, const char *tok)
{
    skip_space(P);
    size_t n = strlen(tok);
    if (strncmp(P->s, tok, n) != 0)
        return 0;
    if (isalpha((unsigned char)tok[0]) && (isalnum((unsigned char)P->s[n]) || P->s[n] == '_'))
        return 0; /* a keyword, not the start of a longer name */
    P->s += n;
    return 1;
}

static void expect(parser *P, const char *tok)
{
    if (!accept(P, tok)) {
        char m[48];
        snprintf(m, sizeof m, "expected \"%s\"", tok);
        perr(P, m);
    }
}

static void parse_or(parser *P);

static void parse_call(parser *P, const char *fname)
{
    int fn = -1;
    for (int i = 0; i < FN_COUNT; i++)
        if (strcmp(fn_names[i], fname) == 0)
            fn = i;
    if (strcmp(fname, "if") == 0) { /* if(c, a, b), lazily */
        parse_or(P);
        expect(P, ",");
        int jf = emit(P, OP_JF, 0, 0, 0);
        parse_or(P);
        expect(P, ",");
        int jmp = emit(P, OP_JMP, 0, 0, 0);
        patch(P, jf);
        parse_or(P);
        expect(P, ")");
        patch(P, jmp);
        return;
    }
    if (fn < 0) {
        perr(P, "unknown function (min, max, clamp, km, floor, pick, if)");
        return;
    }
    int argc = 0;
    do {
        parse_or(P);
        argc++;
    } while (!P->failed && accept(P, ","));
    expect(P, ")");
    if (!P->failed && (argc < fn_min_args[fn] || argc > fn_max_args[fn]))
        perr(P, "wrong number of arguments");
    emit(P, OP_CALL, fn, argc, 0);
}

static void parse_primary(parser *P)
{
    skip_space(P);
    const char *s = P->s;
    if (accept(P, "(")) {
        parse_or(P);
        expect(P, ")");
        return;
    }
    if (isdigit((unsigned char)*s) || (*s == '.' && isdigit((unsigned char)s[1]))) {
        char *end;
        double v = strtod(s, &end);
        P->s = end;
        emit(P, OP_K, 0, 0, v);
        return;
    }
    if (!(isalpha((unsigned char)*s) || *s == '_')) {
        perr(P, "expected a number, a name or \"(\"");
        return;
    }
    char name[CALF_RULES_NAME + 8];
    size_t n = 0;
    while ((isalnum((unsigned char)*s) || *s == '_' || *s == '.') && n + 1 < sizeof name)
        name[n++] = *s++;
    name[n] = '\0';
    P->s = s;
    if (strcmp(name, "true") == 0 || strcmp(name, "false") == 0) {
        emit(P, OP_K, 0, 0, name[0] == 't');
        return;
    }
    if (accept(P, "(")) {
        parse_call(P, name);
        return;
    }
    int id = calf_rules_name(P->r, name, P->where, P->err);
    if (id < 0) {
        P->failed = 1;
        return;
    }
    P->r->is_num[id] = 1;
    emit(P, OP_LOAD, id, 0, 0);
}

static void parse_unary(parser *P);

/* x ^ y, right to left and above the unary operators, as in Lua (-2 ^ 2 is
 * -4, 2 ^ 3 ^ 2 is 512) */
static void parse_pow(parser *P)
{
    parse_primary(P);
    if (!P->failed && accept(P, "^")) {
        parse_unary(P);
        emit(P, OP_POW, 0, 0, 0);
    }
}

static void parse_unary(parser *P)
{
    if (++P->depth > NEST_MAX) {
        perr(P, "nested too deeply");
        P->depth--;
        return;
    }
    if (accept(P, "not")) {
        parse_unary(P);
        emit(P, OP_NOT, 0, 0, 0);
    } else if (accept(P, "-")) {
        parse_unary(P);
        emit(P, OP_NEG, 0, 0, 0);
    } else {
        parse_pow(P);
    }
    P->depth--;
}

static void parse_mul(parser *P)
{
    parse_unary(P);
    for (;;) {
        int op = accept(P, "*") ? OP_MUL : accept(P, "/") ? OP_DIV : -1;
        if (op < 0 || P->failed)
            return;
        parse_unary(P);
        emit(P, op, 0, 0, 0);
    }
}

static void parse_add(parser *P)
{
    parse_mul(P);
    for (;;) {
        int op = accept(P, "+") ? OP_ADD : accept(P, "-") ? OP_SUB : -1;
        if (op < 0 || P->failed)
            return;
        parse_mul(P);
        emit(P, op, 0, 0, 0);
    }
}

static void parse_cmp(parser *P)
{
    parse_add(P);
    static const char *const toks[] = {"<=", ">=", "==", "~=", "<", ">"};
    static const int ops[] = {OP_LE, OP_GE, OP_EQ, OP_NE, OP_LT, OP_GT};
    for (;;) {
        int op = -1;
        for (int i = 0; i < 6 && op < 0; i++)
            if (accept(P, toks[i]))
                op = ops[i];
        if (op < 0 || P->failed)
            return;
        parse_add(P);
        emit(P, op, 0, 0, 0);
    }
}

static void parse_and(parser *P)
{
    parse_cmp(P);
    while (!P->failed && accept(P, "and")) {
        int j = emit(P, OP_AND, 0, 0, 0);
        parse_cmp(P);
        emit(P, OP_BOOL, 0, 0, 0);
        patch(P, j);
    }
}

static void parse_or(parser *P)
{
    parse_and(P);
    while (!P->failed && accept(P, "or")) {
        int j = emit(P, OP_OR, 0, 0, 0);
        parse_and(P);
        emit(P, OP_BOOL, 0, 0, 0);
        patch(P, j);
    }
}

static int new_expr(calf_rules *r, const char *where, calf_error *err)
{
    if (r->nexpr >= CALF_RULES_MAX_EXPRS) {
        calf_error_set(err, CALF_ESCRIPT, "%s: %s: more than %d expressions", r->path, where,
                       CALF_RULES_MAX_EXPRS);
        return -1;
    }
    r->expr_at[r->nexpr] = r->ncode;
    snprintf(r->expr_where[r->nexpr], sizeof r->expr_where[0], "%s", where);
    return r->nexpr++;
}

/* An upper bound on the evaluation stack the code from pc to its OP_END
 * needs: each operation's effect summed in code order. An `if`'s jump over
 * its else branch drops the then branch's value, which the else branch
 * pushes again. */
static int stack_need(const calf_rules *r, int pc)
{
    int sp = 0, need = 0;
    for (;; pc++) {
        const calf_rules_op *o = &r->code[pc];
        switch (o->op) {
        case OP_K:
        case OP_LOAD:
            sp++;
            break;
        case OP_NEG:
        case OP_NOT:
        case OP_BOOL:
            break;
        case OP_CALL:
            sp -= o->argc - 1;
            break;
        case OP_END:
            return need;
        default:
            sp--;
            break; /* binary operators, and, or, jf, jmp */
        }
        if (sp > need)
            need = sp;
    }
}

int calf_rules_expr(calf_rules *r, const char *src, const char *where, calf_error *err)
{
    int code0 = r->ncode, names0 = r->nnames;
    int e = new_expr(r, where, err);
    if (e < 0)
        return -1;
    parser P = {r, src, src, where, err, 0, 0};
    parse_or(&P);
    skip_space(&P);
    if (!P.failed && *P.s)
        perr(&P, "unexpected text");
    emit(&P, OP_END, 0, 0, 0);
    if (!P.failed && stack_need(r, r->expr_at[e]) > STACK_MAX - 1)
        perr(&P, "too many values at once (nested too deeply)");
    if (P.failed) { /* nothing of it stays */
        r->ncode = code0;
        r->nnames = names0;
        r->nexpr--;
        return -1;
    }
    return e;
}

int calf_rules_const(calf_rules *r, double v, const char *where, calf_error *err)
{
    if (!isfinite(v)) {
        calf_error_set(err, CALF_ESCRIPT, "%s: %s = %g: expected a finite number", r->path, where,
                       v);
        return -1;
    }
    int e = new_expr(r, where, err);
    if (e < 0)
        return -1;
    parser P = {r, "", "", where, err, 0, 0};
    emit(&P, OP_K, 0, 0, v);
    emit(&P, OP_END, 0, 0, 0);
    return P.failed ? -1 : e;
}

int calf_rules_add_set(calf_rules *r, int block, const char *var, int expr, const char *where,
                       calf_error *err)
{
    int id = calf_rules_name(r, var, where, err);
    if (id < 0)
        return -1;
    if (r->kind[id] != CALF_RN_STATE)
        return calf_error_set(err, CALF_ESCRIPT,
                              "%s: %s: only state variables can be updated, not %s", r->path, where,
                              var);
    if (r->nsets >= CALF_RULES_MAX_SETS)
        return calf_error_set(err, CALF_ESCRIPT, "%s: %s: more than %d updates", r->path, where,
                              CALF_RULES_MAX_SETS);
    if (r->block_count[block] == 0)
        r->block_first[block] = r->nsets;
    r->is_num[id] = 1;
    r->set[r->nsets++] = (calf_rules_set){id, expr};
    r->block_count[block]++;
    return CALF_OK;
}

int calf_rules_finish(calf_rules *r, calf_error *err)
{
    for (int i = 0; i < r->nnames; i++)
        if (r->is_tmpl[i] && r->is_num[i])
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: %s is used both as a session and as a number", r->path,
                                  r->name[i]);
    if (r->nlayouts == 0)
        return calf_error_set(err, CALF_ESCRIPT, "%s: weeks: expected at least one week layout",
                              r->path);
    r->nbuiltin = 0;
    for (int i = 0; i < r->nnames; i++)
        if (r->kind[i] != CALF_RN_STATE && r->kind[i] != CALF_RN_PARAM)
            r->builtin[r->nbuiltin++] = i;
    return CALF_OK;
}

/* ---- the evaluator ----------------------------------------------------- */

static double call_fn(int fn, const double *a, int n)
{
    double v = a[0];
    switch (fn) {
    case FN_MIN: /* as math.min: the first of equal values, compared with < */
        for (int i = 1; i < n; i++)
            if (a[i] < v)
                v = a[i];
        return v;
    case FN_MAX:
        for (int i = 1; i < n; i++)
            if (a[i] > v)
                v = a[i];
        return v;
    case FN_CLAMP: /* as rules.clamp */
        return a[0] < a[1] ? a[1] : a[0] > a[2] ? a[2] : a[0];
    case FN_KM: /* as rules.km: rounded to 0.1 km */
        return floor(a[0] * 10 + 0.5) / 10;
    case FN_FLOOR:
        return floor(a[0]);
    default: { /* FN_PICK: pick(i, a1, ..., an): a_i, i clamped to 1..n */
        double i = floor(a[0]);
        if (isnan(i)) /* no a_i: not finite, as the Lua twin's nil would fail */
            return NAN;
        int k = i < 1 ? 1 : i > n - 1 ? n - 1 : (int)i;
        return a[k];
    }
    }
}

static int missing(const calf_rules *r, int e, int id, int week, calf_error *err)
{
    return calf_error_set(err, CALF_ESCRIPT,
                          "%s: %s: %s is not a number in ctx.state after init (in week %d)",
                          r->path, r->expr_where[e], r->name[id], week);
}

/* a op b for the binary operators: arithmetic, and comparisons as 0 or 1 */
static double binary(int op, double a, double b)
{
    switch (op) {
    case OP_ADD:
        return a + b;
    case OP_SUB:
        return a - b;
    case OP_MUL:
        return a * b;
    case OP_DIV:
        return a / b;
    case OP_POW:
        return b == 2 ? a * a : pow(a, b); /* as Lua's luai_numpow */
    case OP_LT:
        return a < b;
    case OP_LE:
        return a <= b;
    case OP_GT:
        return a > b;
    case OP_GE:
        return a >= b;
    case OP_EQ:
        return a == b;
    default:
        return a != b; /* OP_NE */
    }
}

int calf_rules_eval(const calf_rules *r, const calf_rules_env *env, int e, int week, double *out,
                    calf_error *err)
{
    double st[STACK_MAX];
    int sp = 0;
    for (int pc = r->expr_at[e];; pc++) {
        const calf_rules_op *o = &r->code[pc];
        if (sp >= STACK_MAX) /* never, by stack_need: a guard */
            return calf_error_set(err, CALF_ESCRIPT, "%s: %s: nested too deeply", r->path,
                                  r->expr_where[e]);
        switch (o->op) {
        case OP_K:
            st[sp++] = o->k;
            break;
        case OP_LOAD:
            if (!env->have[o->arg])
                return missing(r, e, o->arg, week, err);
            st[sp++] = env->val[o->arg];
            break;
        case OP_NEG:
            st[sp - 1] = -st[sp - 1];
            break;
        case OP_NOT:
            st[sp - 1] = st[sp - 1] == 0;
            break;
        case OP_BOOL:
            st[sp - 1] = st[sp - 1] != 0;
            break;
        case OP_AND:
            if (st[sp - 1] == 0)
                pc = o->arg - 1;
            else
                sp--;
            break;
        case OP_OR:
            if (st[sp - 1] != 0) {
                st[sp - 1] = 1;
                pc = o->arg - 1;
            } else {
                sp--;
            }
            break;
        case OP_JF:
            if (st[--sp] == 0)
                pc = o->arg - 1;
            break;
        case OP_JMP:
            pc = o->arg - 1;
            break;
        case OP_CALL:
            sp -= o->argc;
            st[sp] = call_fn(o->arg, &st[sp], o->argc);
            sp++;
            break;
        case OP_END:
            *out = st[0];
            if (!isfinite(*out))
                return calf_error_set(err, CALF_ESCRIPT, "%s: %s = %g in week %d: not finite",
                                      r->path, r->expr_where[e], *out, week);
            return CALF_OK;
        default: /* the binary operators */
            sp--;
            st[sp - 1] = binary(o->op, st[sp - 1], st[sp]);
            break;
        }
    }
}

int calf_rules_limit(const calf_rules *r, calf_rules_env *env, int week, calf_error *err)
{
    for (int i = 0; i < r->nnames; i++) {
        if (r->lim_min[i] < 0 && r->lim_max[i] < 0)
            continue;
        if (!env->have[i])
            return calf_error_set(err, CALF_ESCRIPT,
                                  "%s: limits.%s: %s is not a number in ctx.state after init",
                                  r->path, r->name[i], r->name[i]);
        /* as rules.clamp(x, min, max): below the min gives the min, even
         * when the max is lower; both are evaluated, as its arguments are */
        double lo = -INFINITY, hi = INFINITY, x = env->val[i];
        if (r->lim_min[i] >= 0 && calf_rules_eval(r, env, r->lim_min[i], week, &lo, err))
            return err->code;
        if (r->lim_max[i] >= 0 && calf_rules_eval(r, env, r->lim_max[i], week, &hi, err))
            return err->code;
        env->val[i] = x < lo ? lo : x > hi ? hi : x;
    }
    return CALF_OK;
}

int calf_rules_verdict(const calf_rules *r, const calf_rules_env *env, const calf_rules_week *w,
                       int *verdict, calf_error *err)
{
    double limit, morning, trend, after;
    if (calf_rules_eval(r, env, r->v_limit, w->week, &limit, err) ||
        calf_rules_eval(r, env, r->v_morning, w->week, &morning, err) ||
        calf_rules_eval(r, env, r->v_trend, w->week, &trend, err) ||
        calf_rules_eval(r, env, r->v_trend_after, w->week, &after, err))
        return err->code;
    if (w->day <= 1)
        *verdict = CALF_VERDICT_HOLD;
    else if (w->flare || w->pain_max > limit ||
             (w->day > after && w->morning_mean > w->prev_morning_mean + trend))
        *verdict = CALF_VERDICT_REGRESS;
    else if (w->morning_max > morning || w->stopped > 0)
        *verdict = CALF_VERDICT_HOLD;
    else
        *verdict = CALF_VERDICT_PROGRESS;
    return CALF_OK;
}

/* last.FIELD's value, by FIELD's index in last_fields */
static double last_value(const calf_rules_week *w, int field)
{
    switch (field) {
    case 0:
        return w->run_km;
    case 1:
        return w->runs;
    case 2:
        return w->pain_max;
    case 3:
        return w->morning_max;
    case 4:
        return w->stopped;
    case 5:
        return w->flare;
    case 6:
        return w->longest;
    case 7:
        return w->days;
    case 8:
        return w->morning_mean;
    case 9:
        return w->prev_morning_mean;
    default:
        return w->rest_pain_max;
    }
}

/* The block's assignments, all read before any is written. */
static int apply_block(const calf_rules *r, calf_rules_env *env, int b, int week, calf_error *err)
{
    double v[CALF_RULES_MAX_SETS];
    int first = r->block_first[b], n = r->block_count[b];
    for (int i = 0; i < n; i++)
        if (calf_rules_eval(r, env, r->set[first + i].expr, week, &v[i], err))
            return err->code;
    for (int i = 0; i < n; i++) {
        env->val[r->set[first + i].var] = v[i];
        env->have[r->set[first + i].var] = 1;
    }
    return CALF_OK;
}

int calf_rules_monday(const calf_rules *r, calf_rules_env *env, const calf_rules_week *w,
                      int *verdict, calf_error *err)
{
    for (int b = 0; b < r->nbuiltin; b++) {
        const int i = r->builtin[b];
        switch (r->kind[i]) {
        case CALF_RN_WEEK:
            env->val[i] = w->week;
            break;
        case CALF_RN_DAY:
            env->val[i] = w->day;
            break;
        case CALF_RN_MORNING:
            env->val[i] = w->morning_pain;
            break;
        case CALF_RN_HEEL:
            env->val[i] = w->heel_raise_reps;
            break;
        default: /* CALF_RN_LAST */
            env->val[i] = last_value(w, r->field[i]);
            break;
        }
        env->have[i] = 1;
    }
    *verdict = -1;
    if (w->week > 1) {
        if (r->v_limit >= 0) {
            if (calf_rules_verdict(r, env, w, verdict, err))
                return err->code;
            if (apply_block(r, env, *verdict, w->week, err))
                return err->code;
        }
        if (apply_block(r, env, CALF_UB_EVERY, w->week, err) ||
            apply_block(r, env, CALF_UB_AFTER, w->week, err))
            return err->code;
    }
    return calf_rules_limit(r, env, w->week, err);
}

int calf_rules_layout_for(const calf_rules *r, const calf_rules_env *env, int week, int *layout,
                          calf_error *err)
{
    *layout = -1;
    for (int l = 0; l < r->nlayouts; l++) {
        double c = 1;
        if (r->layout[l].when >= 0 && calf_rules_eval(r, env, r->layout[l].when, week, &c, err))
            return err->code;
        if (c != 0) {
            *layout = l;
            return CALF_OK;
        }
    }
    return CALF_OK;
}
