/*
 * lesson.c: section, say and ask for lessons (lesson.h), plus the study
 * extension functions. Answers are single letters: the list given with
 * --answers is consumed one per question; when it is used up the answer is
 * read from the terminal (only when the caller says stdin is one), else
 * the lesson stops with a usage error the CLI reports with exit 2.
 */
#include "lesson.h"

#include <ctype.h>
#include <lauxlib.h>
#include <lua.h>
#include <stdio.h>
#include <string.h>

#define MAX_CHOICES 8

static calf_lesson *get_lesson(lua_State *L)
{
    return lua_touserdata(L, lua_upvalueindex(1));
}

/* Print text wrapped at width; newlines in text are kept. */
static void wrap(FILE *fp, const char *s, int width, const char *indent)
{
    int col = 0;
    int ind = (int)strlen(indent);
    while (*s) {
        if (*s == '\n') {
            fputc('\n', fp);
            col = 0;
            s++;
            continue;
        }
        if (*s == ' ') {
            s++;
            continue;
        }
        const char *e = s;
        while (*e && *e != ' ' && *e != '\n')
            e++;
        int w = (int)(e - s);
        if (col > ind && col + 1 + w > width) {
            fputc('\n', fp);
            col = 0;
        }
        if (col == 0) {
            fputs(indent, fp);
            col = ind;
        } else {
            fputc(' ', fp);
            col++;
        }
        fwrite(s, 1, (size_t)w, fp);
        col += w;
        s = e;
    }
    if (col > 0)
        fputc('\n', fp);
}

static int l_say(lua_State *L)
{
    calf_lesson *ls = get_lesson(L);
    const char *t = luaL_checkstring(L, 1);
    wrap(ls->out, t, ls->width, "");
    fputc('\n', ls->out);
    fflush(ls->out);
    return 0;
}

static int l_section(lua_State *L)
{
    calf_lesson *ls = get_lesson(L);
    const char *t = luaL_checkstring(L, 1);
    size_t n = strlen(t);
    fprintf(ls->out, "%s\n", t);
    for (size_t i = 0; i < n && i < 78; i++)
        fputc('-', ls->out);
    fputs("\n\n", ls->out);
    fflush(ls->out);
    return 0;
}

/* Stop the lesson with a usage problem (exit 2 in the CLI). */
static int usage_stop(lua_State *L, calf_lesson *ls, const char *msg)
{
    ls->usage_error = 1;
    snprintf(ls->usage_msg, sizeof(ls->usage_msg), "%s", msg);
    return luaL_error(L, "%s", msg);
}

/* The next answer from the list into *c: 1 found, 0 list used up. */
static int next_listed(calf_lesson *ls, char *c, int *bad)
{
    *bad = 0;
    if (!ls->answers)
        return 0;
    const char *s = ls->answers + ls->pos;
    if (!*s)
        return 0;
    const char *e = strchr(s, ',');
    size_t len = e ? (size_t)(e - s) : strlen(s);
    ls->pos += len + (e ? 1 : 0);
    while (len && isspace((unsigned char)*s)) {
        s++;
        len--;
    }
    while (len && isspace((unsigned char)s[len - 1]))
        len--;
    if (len != 1 || !isalpha((unsigned char)*s)) {
        *bad = 1;
        *c = '?';
        return 1;
    }
    *c = (char)tolower((unsigned char)*s);
    return 1;
}

/* calfsim.ask{question=, choices={...}, correct="b", right=, wrong=} */
static int l_ask(lua_State *L)
{
    calf_lesson *ls = get_lesson(L);
    luaL_checktype(L, 1, LUA_TTABLE);
    lua_getfield(L, 1, "question");
    const char *q = luaL_checkstring(L, -1);
    lua_getfield(L, 1, "correct");
    const char *corr = luaL_checkstring(L, -1);
    lua_getfield(L, 1, "right");
    const char *right = luaL_optstring(L, -1, "");
    lua_getfield(L, 1, "wrong");
    const char *wrong = luaL_optstring(L, -1, "");
    if (lua_getfield(L, 1, "choices") != LUA_TTABLE)
        return luaL_error(L, "calfsim.ask: choices = {\"...\", \"...\"} (2 to %d)", MAX_CHOICES);
    int ch = lua_gettop(L);
    lua_Integer n = luaL_len(L, ch);
    if (n < 2 || n > MAX_CHOICES)
        return luaL_error(L, "calfsim.ask: 2 to %d choices", MAX_CHOICES);
    char cc = (char)tolower((unsigned char)corr[0]);
    if (strlen(corr) != 1 || cc < 'a' || cc >= 'a' + n)
        return luaL_error(L, "calfsim.ask: correct = \"%s\": a letter from a to %c", corr,
                          (char)('a' + n - 1));
    ls->asked++;
    lua_pushfstring(L, "Question %d. %s", ls->asked, q);
    wrap(ls->out, lua_tostring(L, -1), ls->width, "");
    lua_pop(L, 1);
    for (lua_Integer i = 1; i <= n; i++) {
        lua_rawgeti(L, ch, i);
        const char *c = lua_tostring(L, -1);
        if (!c)
            return luaL_error(L, "calfsim.ask: choice %d is not text", (int)i);
        char ind[8];
        snprintf(ind, sizeof(ind), "  %c) ", (char)('a' + i - 1));
        fputs(ind, ls->out);
        wrap(ls->out, c, ls->width - 5, "");
        lua_pop(L, 1);
    }
    char a = 0;
    int bad = 0;
    char msg[256];
    if (next_listed(ls, &a, &bad)) {
        if (bad || a < 'a' || a >= 'a' + n) {
            snprintf(msg, sizeof(msg),
                     "lesson --answers: answer %d is not one of the letters a to %c", ls->asked,
                     (char)('a' + n - 1));
            return usage_stop(L, ls, msg);
        }
        fprintf(ls->out, "Your answer: %c\n", a);
    } else if (ls->interactive && ls->in) {
        for (;;) {
            fprintf(ls->out, "Your answer (a to %c): ", (char)('a' + n - 1));
            fflush(ls->out);
            char line[128];
            if (!fgets(line, sizeof(line), ls->in))
                return usage_stop(L, ls, "lesson: no answer (end of input)");
            char *s = line;
            while (isspace((unsigned char)*s))
                s++;
            char c = (char)tolower((unsigned char)*s);
            if (c >= 'a' && c < 'a' + n && (s[1] == '\0' || isspace((unsigned char)s[1]))) {
                a = c;
                break;
            }
            fprintf(ls->out, "Please type one letter, a to %c.\n", (char)('a' + n - 1));
        }
    } else {
        snprintf(msg, sizeof(msg),
                 "lesson: question %d needs an answer: give --answers with one letter per "
                 "question (e.g. --answers a,b,c) or run the lesson on a terminal",
                 ls->asked);
        return usage_stop(L, ls, msg);
    }
    int ok = a == cc;
    fputc('\n', ls->out);
    lua_rawgeti(L, ch, cc - 'a' + 1);
    if (ok) {
        ls->right++;
        wrap(ls->out, "Right.", ls->width, "");
        if (*right)
            wrap(ls->out, right, ls->width, "");
    } else {
        char head[160];
        snprintf(head, sizeof(head), "Not quite: the model's answer is %c) %.120s", cc,
                 lua_tostring(L, -1));
        wrap(ls->out, head, ls->width, "");
        if (*wrong)
            wrap(ls->out, wrong, ls->width, "");
    }
    lua_pop(L, 1);
    fputc('\n', ls->out);
    fflush(ls->out);
    lua_pushboolean(L, ok);
    char as[2] = {a, 0};
    lua_pushstring(L, as);
    return 2;
}

static const luaL_Reg lesson_api[] = {
    {"say", l_say}, {"section", l_section}, {"ask", l_ask}, {NULL, NULL}};

int calf_lesson_register(lua_State *L, void *ud)
{
    calf_lesson *ls = ud;
    if (!ls->width)
        ls->width = 78;
    if (!ls->out)
        ls->out = stdout;
    calf_study_ext_register(L, &ls->ext);
    lua_pushlightuserdata(L, ls);
    luaL_setfuncs(L, lesson_api, 1);
    return 0;
}
