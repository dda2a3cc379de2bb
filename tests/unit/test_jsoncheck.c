/*
 * test_jsoncheck.c: the strict JSON checker the shell tests rely on. Valid
 * samples must pass, each invalid sample must fail at the stated line and
 * column, and path lookup, counting and string decoding must return the
 * stated values. A checker that let bad JSON through would make every JSON
 * test in calfsim meaningless, so the invalid list covers each rule.
 */
#include <gsl/gsl_errno.h>
#include <string.h>

#include "check.h"
#include "json.h"

static int valid(const char *s)
{
    tj_error e = {0};
    int rc = tj_validate(s, strlen(s), &e);
    if (rc != TJ_OK)
        fprintf(stderr, "  rejected valid sample %s: %d:%d: %s\n", s, e.line, e.col, e.msg);
    return rc == TJ_OK;
}

/* Invalid at line:col, with msg containing want. */
static int invalid_at(const char *s, size_t len, int line, int col, const char *want)
{
    tj_error e = {0};
    int rc = tj_validate(s, len, &e);
    int ok = rc == TJ_INVALID && e.line == line && e.col == col && strstr(e.msg, want) != NULL;
    if (!ok)
        fprintf(stderr, "  sample \"%s\": rc %d at %d:%d \"%s\", want %d:%d \"%s\"\n", s, rc,
                e.line, e.col, e.msg, line, col, want);
    return ok;
}
#define INVALID(s, l, c, w) invalid_at(s, sizeof(s) - 1, l, c, w)

/* The raw text at path, or "<rc>" when not found. */
static const char *find(const char *doc, const char *path, char *out, size_t cap)
{
    size_t off, n;
    tj_error e = {0};
    int rc = tj_find(doc, strlen(doc), path, &off, &n, &e);
    if (rc != TJ_OK) {
        snprintf(out, cap, "<%d>", rc);
        return out;
    }
    snprintf(out, cap, "%.*s", (int)n, doc + off);
    return out;
}

int main(void)
{
    gsl_set_error_handler_off();
    char b[256];

    /* Valid: every value kind, nesting, whitespace, escapes, UTF-8. */
    CHECK(valid("0"));
    CHECK(valid(" \t\r\n-0.5e+10 "));
    CHECK(valid("\"\""));
    CHECK(valid("[]"));
    CHECK(valid("{}"));
    CHECK(valid("[true, false, null, 1, -1.25, 2E-3, \"x\"]"));
    CHECK(valid("{\"a\": {\"b\": [1, {\"c\": \"d\"}]}, \"e\": []}"));
    CHECK(valid("\"\\\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\uD83D\\uDE00\""));
    CHECK(valid("\"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\""));
    CHECK(valid("{\"a\": 1, \"A\": 2}")); /* keys are case-sensitive */

    /* Invalid, with the position a user would look at. */
    CHECK(INVALID("", 1, 1, "expected a value"));
    CHECK(INVALID("[1, 2,]", 1, 7, "expected a value"));
    CHECK(INVALID("{\"a\": 1,}", 1, 9, "expected a string key"));
    CHECK(INVALID("{\"a\" 1}", 1, 6, "expected ':'"));
    CHECK(INVALID("{\"a\": 1 \"b\": 2}", 1, 9, "expected ',' or '}'"));
    CHECK(INVALID("[1 2]", 1, 4, "expected ',' or ']'"));
    CHECK(INVALID("{'a': 1}", 1, 2, "expected a string key"));
    CHECK(INVALID("{\n  \"a\": 01\n}", 2, 8, "leading zeros"));
    CHECK(INVALID("[1.]", 1, 4, "decimal point"));
    CHECK(INVALID("[.5]", 1, 2, "expected a value"));
    CHECK(INVALID("[1e]", 1, 4, "exponent"));
    CHECK(INVALID("[+1]", 1, 2, "expected a value"));
    CHECK(INVALID("[-]", 1, 2, "digit after '-'"));
    CHECK(INVALID("[NaN]", 1, 2, "expected a value"));
    CHECK(INVALID("[Infinity]", 1, 2, "expected a value"));
    CHECK(INVALID("[tru]", 1, 2, "expected true"));
    CHECK(INVALID("[nul]", 1, 2, "expected null"));
    CHECK(INVALID("\"abc", 1, 1, "unterminated string"));
    CHECK(INVALID("\"a\tb\"", 1, 3, "control character 0x09"));
    CHECK(INVALID("\"a\\xb\"", 1, 3, "invalid escape"));
    CHECK(INVALID("\"\\u12G4\"", 1, 2, "4 hex digits"));
    CHECK(INVALID("\"\\uD83D\"", 1, 2, "unpaired high surrogate"));
    CHECK(INVALID("\"\\uDE00\"", 1, 2, "unpaired low surrogate"));
    CHECK(INVALID("\"\xC3\"", 1, 2, "invalid UTF-8"));
    CHECK(INVALID("\"\xC0\xAF\"", 1, 2, "invalid UTF-8"));         /* overlong '/' */
    CHECK(INVALID("\"\xED\xA0\x80\"", 1, 2, "invalid UTF-8"));     /* encoded surrogate */
    CHECK(INVALID("\"\xF4\x90\x80\x80\"", 1, 2, "invalid UTF-8")); /* above U+10FFFF */
    CHECK(INVALID("{\"a\": 1, \"a\": 2}", 1, 10, "duplicate key \"a\""));
    CHECK(INVALID("{\"\\u0061\": 1, \"a\": 2}", 1, 15, "duplicate key")); /* same after decoding */
    CHECK(INVALID("[1] [2]", 1, 5, "after the top-level value"));
    CHECK(INVALID("\xEF\xBB\xBF[]", 1, 1, "byte-order mark"));
    CHECK(INVALID("[1,\n 2,\n\xC3\xA9]", 3, 1, "expected a value"));
    CHECK(INVALID("[\"\xC3\xA9\", x]", 1, 7, "found 'x'")); /* columns count characters */
    CHECK(INVALID("[1\x00]", 1, 3, "byte 0x00"));
    CHECK(INVALID("// c\n1", 1, 1, "expected a value"));

    /* Nesting cap: TJ_MAX_DEPTH levels are fine, one more is an error. */
    char deep[2 * TJ_MAX_DEPTH + 4];
    size_t k = 0;
    for (int d = 0; d < TJ_MAX_DEPTH; d++)
        deep[k++] = '[';
    for (int d = 0; d < TJ_MAX_DEPTH; d++)
        deep[k++] = ']';
    deep[k] = '\0';
    CHECK(valid(deep));
    memmove(deep + 1, deep, k + 1);
    deep[0] = '[';
    deep[k + 1] = ']';
    deep[k + 2] = '\0';
    tj_error e = {0};
    CHECK(tj_validate(deep, k + 2, &e) == TJ_INVALID && strstr(e.msg, "nesting deeper") != NULL);

    /* Path lookup: object keys, array indices, escaped keys, misses. */
    const char *doc = "{\"version\": \"0.1.0\", \"runs\": [{\"km\": 5}, {\"km\": 7.5, \"tags\": "
                      "[\"a\", \"b\"]}], \"n\\u00e9\": null, \"a.b\": 1, \"empty\": {}}";
    CHECK(strcmp(find(doc, "", b, sizeof(b)), doc) == 0);
    CHECK(strcmp(find(doc, "version", b, sizeof(b)), "\"0.1.0\"") == 0);
    CHECK(strcmp(find(doc, "runs.0.km", b, sizeof(b)), "5") == 0);
    CHECK(strcmp(find(doc, "runs.1.km", b, sizeof(b)), "7.5") == 0);
    CHECK(strcmp(find(doc, "runs.1.tags.1", b, sizeof(b)), "\"b\"") == 0);
    CHECK(strcmp(find(doc, "runs.1.tags", b, sizeof(b)), "[\"a\", \"b\"]") == 0);
    CHECK(strcmp(find(doc, "n\xC3\xA9", b, sizeof(b)), "null") == 0);
    CHECK(strcmp(find(doc, "runs.2", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find(doc, "runs.01", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find(doc, "runs.x", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find(doc, "version.x", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find(doc, "missing", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find(doc, "a.b", b, sizeof(b)), "<3>") == 0); /* dots always split */
    CHECK(strcmp(find(doc, "empty.x", b, sizeof(b)), "<3>") == 0);
    CHECK(strcmp(find("[1,", "0", b, sizeof(b)), "<1>") == 0); /* invalid input */
    size_t off, n;
    CHECK(tj_find(doc, strlen(doc), "runs.1.speed", &off, &n, &e) == TJ_NOTFOUND &&
          strstr(e.msg, "no \"speed\" in runs.1") != NULL);

    /* Counting. */
    CHECK(tj_count("[]", 2) == 0);
    CHECK(tj_count("[1, [2, 3], {\"a\": [4]}]", 23) == 3);
    CHECK(tj_count("{\"a\": 1, \"b\": {\"c\": 2}}", 23) == 2);
    CHECK(tj_count("\"x\"", 3) == -1);

    /* String decoding: escapes and surrogate pairs to UTF-8. */
    const char *s = "\"a\\n\\u00e9\\uD83D\\uDE00\\\"\"";
    CHECK(tj_decode_string(s, strlen(s), b, sizeof(b)) == 9);
    CHECK(memcmp(b, "a\n\xC3\xA9\xF0\x9F\x98\x80\"", 10) == 0); /* 9 + NUL */
    CHECK(tj_decode_string(s, strlen(s), b, 5) == -1);          /* too small */
    CHECK(tj_decode_string("\"x", 2, b, sizeof(b)) == -1);

    CHECK_DONE();
}
