/*
 * test_rules.c: the compiled protocol rules (engine/core/rules.c): the
 * expression language's precedence, laziness and functions against values
 * worked by hand; one-line errors for bad expressions and names; the
 * verdict's three outcomes; simultaneous assignment within an update block;
 * limits; the first layout whose `when` holds.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../check.h"
#include "rules.h"

static calf_rules R;
static calf_rules_env env;

/* Evaluate src with the state x = 2, y = 5 (flag missing); NAN on error. */
static double ev(const char *src)
{
    calf_error err = {0};
    int e = calf_rules_expr(&R, src, "test", &err);
    if (e < 0)
        return NAN;
    for (int i = 0; i < R.nnames; i++) {
        env.have[i] = strcmp(R.name[i], "x") == 0 || strcmp(R.name[i], "y") == 0;
        env.val[i] = R.name[i][0] == 'x' ? 2 : 5;
    }
    double v = NAN;
    if (calf_rules_eval(&R, &env, e, 1, &v, &err))
        return NAN;
    return v;
}

/* The error message compiling src gives ("" when it compiles). */
static const char *compile_err(const char *src)
{
    static calf_error err;
    memset(&err, 0, sizeof err);
    calf_rules_expr(&R, src, "update.progress.x", &err);
    return err.msg;
}

static void test_expressions(void)
{
    calf_rules_init(&R, "p.lua");
    CHECK_ABS(ev("1 + 2 * 3"), 7, 0);
    CHECK_ABS(ev("(1 + 2) * 3"), 9, 0);
    CHECK_ABS(ev("2 - 3 - 4"), -5, 0); /* left to right */
    CHECK_ABS(ev("8 / 4 / 2"), 1, 0);
    CHECK_ABS(ev("-x * y"), -10, 0);
    CHECK_ABS(ev("2 ^ 3 ^ 2"), 512, 0); /* right to left */
    CHECK_ABS(ev("-2 ^ 2"), -4, 0);     /* above unary minus */
    CHECK_ABS(ev("2 * x ^ 2"), 8, 0);
    CHECK_ABS(ev("(1 + 0.05) ^ 3"), pow(1.05, 3), 0);
    CHECK_ABS(ev("x * (1 + 0.1)"), 2 * (1 + 0.1), 0); /* the same double as Lua's */
    CHECK_ABS(ev("x < y"), 1, 0);
    CHECK_ABS(ev("x >= y"), 0, 0);
    CHECK_ABS(ev("x == 2 and y ~= 2"), 1, 0);
    CHECK_ABS(ev("not x == 2"), 0, 0); /* (not x) == 2, as Lua reads it */
    CHECK_ABS(ev("1 + 1 < 3 and 2 > 1"), 1, 0);
    CHECK_ABS(ev("true"), 1, 0);
    CHECK_ABS(ev("false or y"), 1, 0); /* and/or give 0 or 1 */
    /* laziness: the branch not taken may name a missing state variable */
    CHECK_ABS(ev("0 and flag"), 0, 0);
    CHECK_ABS(ev("1 or flag"), 1, 0);
    CHECK_ABS(ev("if(x < y, 7, flag)"), 7, 0);
    CHECK_ABS(ev("if(x > y, flag, 8)"), 8, 0);
    CHECK(isnan(ev("if(x < y, flag, 8)"))); /* taken: missing is an error */
    CHECK(isnan(ev("flag + 1")));
    CHECK_ABS(ev("min(3, 1, 2)"), 1, 0);
    CHECK_ABS(ev("max(x, y, 4)"), 5, 0);
    CHECK_ABS(ev("clamp(7, 1, 4)"), 4, 0);
    CHECK_ABS(ev("clamp(0.5, 1, 4)"), 1, 0);
    CHECK_ABS(ev("clamp(3, 1, 4)"), 3, 0);
    CHECK_ABS(ev("km(1.26)"), 1.3, 0);
    CHECK_ABS(ev("km(2.449)"), 2.4, 0);
    CHECK_ABS(ev("km(2.45)"), 2.5, 0); /* half up */
    CHECK_ABS(ev("floor(2.7)"), 2, 0);
    CHECK_ABS(ev("pick(2, 15, 12, 10, 8)"), 12, 0);
    CHECK_ABS(ev("pick(9, 15, 12, 10, 8)"), 8, 0); /* clamped to the list */
    CHECK_ABS(ev("pick(0, 15, 12, 10, 8)"), 15, 0);
    CHECK(isnan(ev("pick(0 / 0, 15, 12)"))); /* no element: an error, never an index */
    { /* 40 ifs in a row need two values at once, not one per if */
        char sum[40 * 16 + 1] = "";
        for (int i = 0; i < 40; i++)
            strncat(sum, i ? " + if(x, 1, 0)" : "if(x, 1, 0)", sizeof sum - strlen(sum) - 1);
        CHECK_ABS(ev(sum), 40, 0);
    }
    { /* what compiles runs: 31 values at once, the most an expression may hold */
        char most[31 * 5 + 31 + 1];
        size_t n = (size_t)snprintf(most, sizeof most, "1");
        for (int i = 1; i < 31; i++)
            n += (size_t)snprintf(most + n, sizeof most - n, " + (1");
        for (int i = 1; i < 31; i++)
            n += (size_t)snprintf(most + n, sizeof most - n, ")");
        CHECK_ABS(ev(most), 31, 0);
    }
    CHECK(isnan(ev("x / 0"))); /* not finite: an error, never a value */
}

static void test_errors(void)
{
    calf_rules_init(&R, "p.lua");
    CHECK(strstr(compile_err("1 +"), "p.lua: update.progress.x: \"1 +\": expected a number"));
    CHECK(strstr(compile_err("x y"), "unexpected text at \"y\""));
    CHECK(strstr(compile_err("grow(x)"), "unknown function"));
    CHECK(strstr(compile_err("clamp(1, 2)"), "wrong number of arguments"));
    CHECK(strstr(compile_err("(x + 1"), "expected \")\""));
    CHECK(strstr(compile_err("last.pains"), "unknown name \"last.pains\""));
    CHECK(strstr(compile_err("x $ 2"), "unexpected text"));
    /* nesting is bounded at compile time: a protocol cannot overflow the C
     * stack or the evaluator's */
    char deep[4096];
    memset(deep, '(', 3000);
    memcpy(deep + 3000, "1", 2);
    CHECK(strstr(compile_err(deep), "nested too deeply"));
    char wide[2048];
    size_t n = (size_t)snprintf(wide, sizeof wide, "1");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(wide + n, sizeof wide - n, " + (1");
    for (int i = 0; i < 40; i++)
        n += (size_t)snprintf(wide + n, sizeof wide - n, ")");
    CHECK(strstr(compile_err(wide), "too many values at once"));
    CHECK(strcmp(compile_err("1 + (1 + (1 + (1 + 1)))"), "") == 0);
    CHECK(strcmp(compile_err("p.growth * last.pain_max + last.rest_pain_max"), "") == 0);
    int names = R.nnames;
    compile_err("1 + zz +"); /* a failed expression leaves no name behind */
    CHECK(R.nnames == names);
}

static calf_rules_week week_of(int day, double pain_max, double morning_max, int stopped, int flare,
                               double mean, double prev)
{
    calf_rules_week w = {0};
    w.day = day;
    w.week = (day - 1) / 7 + 1;
    w.pain_max = pain_max;
    w.morning_max = morning_max;
    w.stopped = stopped;
    w.flare = flare;
    w.morning_mean = mean;
    w.prev_morning_mean = prev;
    return w;
}

static int verdict_of(calf_rules_week w)
{
    calf_error err = {0};
    int v = -9;
    if (calf_rules_verdict(&R, &env, &w, &v, &err))
        return -9;
    return v;
}

static void test_verdict_and_blocks(void)
{
    calf_error err = {0};
    calf_rules_init(&R, "p.lua");
    R.v_limit = calf_rules_const(&R, 3, "verdict.limit", &err);
    R.v_morning = calf_rules_const(&R, 2, "verdict.morning", &err);
    R.v_trend = calf_rules_const(&R, 0.5, "verdict.trend", &err);
    R.v_trend_after = calf_rules_const(&R, 8, "verdict.trend_after", &err);
    CHECK(verdict_of(week_of(15, 1, 1, 0, 0, 1, 1)) == CALF_VERDICT_PROGRESS);
    CHECK(verdict_of(week_of(15, 3, 2, 0, 0, 1, 1)) == CALF_VERDICT_PROGRESS); /* at, not over */
    CHECK(verdict_of(week_of(15, 3.01, 1, 0, 0, 1, 1)) == CALF_VERDICT_REGRESS);
    CHECK(verdict_of(week_of(15, 1, 1, 0, 1, 1, 1)) == CALF_VERDICT_REGRESS);    /* a flare */
    CHECK(verdict_of(week_of(15, 1, 1, 0, 0, 1.51, 1)) == CALF_VERDICT_REGRESS); /* trend */
    CHECK(verdict_of(week_of(8, 1, 1, 0, 0, 1.51, 1)) == CALF_VERDICT_PROGRESS); /* too early */
    CHECK(verdict_of(week_of(15, 1, 2.01, 0, 0, 1, 1)) == CALF_VERDICT_HOLD);
    CHECK(verdict_of(week_of(15, 1, 1, 1, 0, 1, 1)) == CALF_VERDICT_HOLD); /* a stopped run */
    CHECK(verdict_of(week_of(1, 9, 9, 1, 1, 9, 0)) == CALF_VERDICT_HOLD);  /* day 1 */

    /* progress: a and b swap (both read before either is written); every:
     * c counts weeks; limits: a at most 4 */
    int ea = calf_rules_expr(&R, "b", "update.progress.a", &err);
    int eb = calf_rules_expr(&R, "a", "update.progress.b", &err);
    int ec = calf_rules_expr(&R, "c + 1", "update.every.c", &err);
    int ed = calf_rules_expr(&R, "c * 10", "update.after.d", &err);
    CHECK(calf_rules_add_set(&R, CALF_UB_PROGRESS, "a", ea, "update.progress.a", &err) == 0);
    CHECK(calf_rules_add_set(&R, CALF_UB_PROGRESS, "b", eb, "update.progress.b", &err) == 0);
    CHECK(calf_rules_add_set(&R, CALF_UB_EVERY, "c", ec, "update.every.c", &err) == 0);
    CHECK(calf_rules_add_set(&R, CALF_UB_AFTER, "d", ed, "update.after.d", &err) == 0);
    CHECK(calf_rules_add_set(&R, CALF_UB_EVERY, "week", ec, "update.every.week", &err) != 0);
    int a = calf_rules_name(&R, "a", "t", &err), b = calf_rules_name(&R, "b", "t", &err);
    int c = calf_rules_name(&R, "c", "t", &err), d = calf_rules_name(&R, "d", "t", &err);
    R.lim_max[a] = calf_rules_const(&R, 4, "limits.a.max", &err);
    memset(&env, 0, sizeof env);
    env.val[a] = 1, env.val[b] = 9, env.val[c] = 0;
    env.have[a] = env.have[b] = env.have[c] = env.have[d] = 1;
    int v;
    calf_rules_week w = week_of(8, 0, 0, 0, 0, 0, 0); /* week 2: a verdict of progress */
    CHECK(calf_rules_monday(&R, &env, &w, &v, &err) == 0);
    CHECK(v == CALF_VERDICT_PROGRESS);
    CHECK_ABS(env.val[a], 4, 0); /* 9, limited to 4 */
    CHECK_ABS(env.val[b], 1, 0);
    CHECK_ABS(env.val[c], 1, 0);
    CHECK_ABS(env.val[d], 10, 0);      /* after reads what every wrote */
    w = week_of(15, 0, 0, 1, 0, 0, 0); /* hold: only `every` and `after` */
    CHECK(calf_rules_monday(&R, &env, &w, &v, &err) == 0);
    CHECK(v == CALF_VERDICT_HOLD);
    CHECK_ABS(env.val[a], 4, 0);
    CHECK_ABS(env.val[c], 2, 0);
    w = week_of(1, 0, 0, 0, 0, 0, 0); /* week 1: no update, limits only */
    env.val[a] = 7;
    CHECK(calf_rules_monday(&R, &env, &w, &v, &err) == 0);
    CHECK(v == -1);
    CHECK_ABS(env.val[a], 4, 0);
    CHECK_ABS(env.val[c], 2, 0);

    /* the Monday's built-ins: last.* from the week's summary */
    int er = calf_rules_expr(&R, "last.rest_pain_max * 10 + last.runs", "t.rest", &err);
    calf_rules_finish(&R, &err); /* lists the built-ins (layouts: none yet, an error) */
    R.layout[0].when = -1;
    R.nlayouts = 1;
    CHECK(calf_rules_finish(&R, &err) == 0);
    w = week_of(22, 0, 0, 0, 0, 0, 0);
    w.rest_pain_max = 2.5;
    w.runs = 3;
    double rv = 0;
    CHECK(calf_rules_monday(&R, &env, &w, &v, &err) == 0);
    CHECK(calf_rules_eval(&R, &env, er, 4, &rv, &err) == 0);
    CHECK_ABS(rv, 28, 0);
    R.nlayouts = 0;
    /* layouts: the first whose `when` holds */
    R.layout[0].when = calf_rules_expr(&R, "c > 5", "weeks[1].when", &err);
    R.layout[1].when = calf_rules_expr(&R, "c >= 2", "weeks[2].when", &err);
    R.layout[2].when = -1;
    R.nlayouts = 3;
    int l = -9;
    CHECK(calf_rules_layout_for(&R, &env, 3, &l, &err) == 0 && l == 1);
    env.val[c] = 0;
    CHECK(calf_rules_layout_for(&R, &env, 3, &l, &err) == 0 && l == 2);
    env.val[c] = 6;
    CHECK(calf_rules_layout_for(&R, &env, 3, &l, &err) == 0 && l == 0);
}

/* Limits clamp as the Lua twins' rules.clamp(x, min, max) does, also when
 * a patient's max is below the min (a goal long run under 1 km): below the
 * min gives the min. */
static void test_limits_as_clamp(void)
{
    calf_rules_init(&R, "p.lua");
    calf_error err = {0};
    int x = calf_rules_name(&R, "x", "t", &err);
    R.lim_min[x] = calf_rules_const(&R, 2, "limits.x.min", &err);
    R.lim_max[x] = calf_rules_const(&R, 1, "limits.x.max", &err);
    const double in[] = {0, 1.5, 5}, want[] = {2, 2, 1}; /* rules.clamp(in, 2, 1) */
    for (int i = 0; i < 3; i++) {
        memset(&env, 0, sizeof env);
        env.val[x] = in[i];
        env.have[x] = 1;
        CHECK(calf_rules_limit(&R, &env, 2, &err) == 0);
        CHECK_ABS(env.val[x], want[i], 0);
    }
}

/* An expression that does not fit leaves the code before it as it was:
 * the jump an `if` would have patched was never emitted. */
static void test_code_full(void)
{
    calf_rules_init(&R, "p.lua");
    calf_error err = {0};
    int e0 = calf_rules_expr(&R, "x", "first", &err);
    CHECK(e0 == 0);
    calf_rules_op op0 = R.code[R.expr_at[e0]];
    /* fill the code to one place short of full: "-1" takes 3, 1+1+... 2 a term */
    CHECK(calf_rules_expr(&R, "-1", "fill", &err) >= 0);
    int left = CALF_RULES_MAX_CODE - 1 - R.ncode, terms = left / 2;
    CHECK(left % 2 == 0);
    char *src = malloc((size_t)terms * 2 + 1);
    CHECK(src != NULL);
    size_t n = 0;
    for (int i = 0; i < terms; i++) {
        if (i)
            src[n++] = '+';
        src[n++] = '1';
    }
    src[n] = '\0';
    CHECK(calf_rules_expr(&R, src, "fill", &err) >= 0);
    free(src);
    CHECK(R.ncode == CALF_RULES_MAX_CODE - 1);
    memset(&err, 0, sizeof err);
    CHECK(calf_rules_expr(&R, "if(1, 2, 3)", "full", &err) < 0); /* its jump does not fit */
    CHECK(strstr(err.msg, "too long") != NULL);
    CHECK(R.code[R.expr_at[e0]].op == op0.op && R.code[R.expr_at[e0]].arg == op0.arg);
    env.have[0] = 1; /* x, the first name */
    env.val[0] = 2;
    double v = NAN;
    CHECK(calf_rules_eval(&R, &env, e0, 1, &v, &err) == 0);
    CHECK_ABS(v, 2, 0);
}

int main(void)
{
    test_expressions();
    test_errors();
    test_verdict_and_blocks();
    test_code_full();
    test_limits_as_clamp();
    CHECK_DONE();
}
