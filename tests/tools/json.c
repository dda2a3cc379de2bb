/*
 * json.c: the strict JSON validator behind the jsoncheck test tool. One
 * recursive-descent parser serves validation, path lookup and counting; it
 * decodes strings (escapes, surrogate pairs, UTF-8 checks) into an optional
 * growable buffer so object keys can be compared for duplicates and matched
 * against a path.
 */
#include "json.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *p;
    size_t n, cap;
} buf;

typedef struct parser {
    const char *s;
    size_t n, i;
    int depth;
    int nomem;
    tj_error *err;
} parser;

static int buf_put(buf *b, const char *src, size_t n)
{
    if (b->n + n + 1 > b->cap) {
        size_t cap = b->cap ? b->cap : 32;
        while (cap < b->n + n + 1)
            cap *= 2;
        char *p = realloc(b->p, cap);
        if (!p)
            return -1;
        b->p = p;
        b->cap = cap;
    }
    memcpy(b->p + b->n, src, n);
    b->n += n;
    b->p[b->n] = '\0';
    return 0;
}

static void position(const char *s, size_t at, int *line, int *col)
{
    int l = 1, c = 1;
    for (size_t k = 0; k < at; k++) {
        unsigned char ch = (unsigned char)s[k];
        if (ch == '\n') {
            l++;
            c = 1;
        } else if ((ch & 0xC0) != 0x80) {
            c++;
        }
    }
    *line = l;
    *col = c;
}

static int fail(parser *p, size_t at, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(parser *p, size_t at, const char *fmt, ...)
{
    if (p->err) {
        position(p->s, at, &p->err->line, &p->err->col);
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(p->err->msg, sizeof(p->err->msg), fmt, ap);
        va_end(ap);
    }
    return TJ_INVALID;
}

/* A printable description of the byte at i for messages. */
static const char *what(const parser *p, size_t i, char *tmp, size_t n)
{
    if (i >= p->n)
        return "end of input";
    unsigned char c = (unsigned char)p->s[i];
    if (c >= 0x21 && c < 0x7F)
        snprintf(tmp, n, "'%c'", c);
    else
        snprintf(tmp, n, "byte 0x%02X", c);
    return tmp;
}

static void skip_ws(parser *p)
{
    while (p->i < p->n &&
           (p->s[p->i] == ' ' || p->s[p->i] == '\t' || p->s[p->i] == '\n' || p->s[p->i] == '\r'))
        p->i++;
}

static int hex4(const parser *p, size_t at, unsigned *out)
{
    unsigned v = 0;
    if (at + 4 > p->n)
        return -1;
    for (size_t k = at; k < at + 4; k++) {
        char c = p->s[k];
        v <<= 4;
        if (c >= '0' && c <= '9')
            v |= (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f')
            v |= (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F')
            v |= (unsigned)(c - 'A' + 10);
        else
            return -1;
    }
    *out = v;
    return 0;
}

static size_t utf8_encode(unsigned cp, char *o)
{
    if (cp < 0x80) {
        o[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (char)(0xC0 | (cp >> 6));
        o[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (char)(0xE0 | (cp >> 12));
        o[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (cp >> 18));
    o[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Length of the well-formed UTF-8 sequence at i (RFC 3629: no overlongs, no
 * surrogates, nothing above U+10FFFF), or 0. */
static size_t utf8_len(const parser *p, size_t i)
{
    const unsigned char *u = (const unsigned char *)p->s + i;
    size_t left = p->n - i;
    unsigned c = u[0];
    size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0)
            lo = 0xA0;
        if (c == 0xED)
            hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0)
            lo = 0x90;
        if (c == 0xF4)
            hi = 0x8F;
    } else
        return 0;
    if (left < len)
        return 0;
    if (u[1] < lo || u[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if (u[k] < 0x80 || u[k] > 0xBF)
            return 0;
    return len;
}

/* Parse the string token at p->i, appending its decoded text to out (if not NULL). */
static int parse_string(parser *p, buf *out)
{
    size_t start = p->i;
    p->i++; /* opening quote */
    for (;;) {
        if (p->i >= p->n)
            return fail(p, start, "unterminated string");
        unsigned char c = (unsigned char)p->s[p->i];
        if (c == '"') {
            p->i++;
            return TJ_OK;
        }
        if (c < 0x20)
            return fail(p, p->i, "control character 0x%02X inside a string (escape it)", c);
        if (c == '\\') {
            if (p->i + 1 >= p->n)
                return fail(p, start, "unterminated string");
            char e = p->s[p->i + 1], ch = 0;
            switch (e) {
            case '"':
            case '\\':
            case '/':
                ch = e;
                break;
            case 'b':
                ch = '\b';
                break;
            case 'f':
                ch = '\f';
                break;
            case 'n':
                ch = '\n';
                break;
            case 'r':
                ch = '\r';
                break;
            case 't':
                ch = '\t';
                break;
            case 'u': {
                unsigned cp, lo;
                if (hex4(p, p->i + 2, &cp))
                    return fail(p, p->i, "\\u must be followed by 4 hex digits");
                size_t esc = p->i;
                p->i += 6;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                    return fail(p, esc, "unpaired low surrogate \\u%04X", cp);
                if (cp >= 0xD800 && cp <= 0xDBFF) {
                    if (p->i + 1 >= p->n || p->s[p->i] != '\\' || p->s[p->i + 1] != 'u' ||
                        hex4(p, p->i + 2, &lo) || lo < 0xDC00 || lo > 0xDFFF)
                        return fail(p, esc, "unpaired high surrogate \\u%04X", cp);
                    p->i += 6;
                    cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                }
                char tmp[4];
                size_t k = utf8_encode(cp, tmp);
                if (out && buf_put(out, tmp, k)) {
                    p->nomem = 1;
                    return TJ_NOMEM;
                }
                continue;
            }
            default: {
                char t[16];
                return fail(p, p->i, "invalid escape \\%s", what(p, p->i + 1, t, sizeof(t)));
            }
            }
            if (out && buf_put(out, &ch, 1)) {
                p->nomem = 1;
                return TJ_NOMEM;
            }
            p->i += 2;
            continue;
        }
        size_t k = utf8_len(p, p->i);
        if (k == 0)
            return fail(p, p->i, "invalid UTF-8 byte 0x%02X", c);
        if (out && buf_put(out, p->s + p->i, k)) {
            p->nomem = 1;
            return TJ_NOMEM;
        }
        p->i += k;
    }
}

static int is_digit(const parser *p, size_t i)
{
    return i < p->n && p->s[i] >= '0' && p->s[i] <= '9';
}

static int parse_number(parser *p)
{
    size_t start = p->i;
    if (p->s[p->i] == '-')
        p->i++;
    if (!is_digit(p, p->i))
        return fail(p, start, "a number needs a digit after '-'");
    if (p->s[p->i] == '0') {
        p->i++;
        if (is_digit(p, p->i))
            return fail(p, start, "leading zeros are not allowed in numbers");
    } else {
        while (is_digit(p, p->i))
            p->i++;
    }
    if (p->i < p->n && p->s[p->i] == '.') {
        p->i++;
        if (!is_digit(p, p->i))
            return fail(p, p->i, "a digit must follow the decimal point");
        while (is_digit(p, p->i))
            p->i++;
    }
    if (p->i < p->n && (p->s[p->i] == 'e' || p->s[p->i] == 'E')) {
        p->i++;
        if (p->i < p->n && (p->s[p->i] == '+' || p->s[p->i] == '-'))
            p->i++;
        if (!is_digit(p, p->i))
            return fail(p, p->i, "a digit must follow the exponent");
        while (is_digit(p, p->i))
            p->i++;
    }
    return TJ_OK;
}

static int parse_value(parser *p);

static int parse_object(parser *p)
{
    size_t open = p->i;
    buf *keys = NULL; /* decoded keys seen so far, for the duplicate check */
    size_t nkeys = 0;
    int rc = TJ_OK;
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == '}') {
        p->i++;
        return TJ_OK;
    }
    for (;;) {
        char t[16];
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != '"') {
            int l, c;
            position(p->s, open, &l, &c);
            rc = fail(p, p->i, "expected a string key in the object opened at %d:%d, found %s", l,
                      c, what(p, p->i, t, sizeof(t)));
            goto done;
        }
        size_t keypos = p->i;
        buf *nk = realloc(keys, (nkeys + 1) * sizeof(*keys));
        if (!nk) {
            p->nomem = 1;
            rc = TJ_NOMEM;
            goto done;
        }
        keys = nk;
        keys[nkeys] = (buf){0};
        nkeys++;
        if ((rc = parse_string(p, &keys[nkeys - 1])) != TJ_OK)
            goto done;
        for (size_t k = 0; k + 1 < nkeys; k++)
            if (keys[k].n == keys[nkeys - 1].n &&
                (keys[k].n == 0 || memcmp(keys[k].p, keys[nkeys - 1].p, keys[k].n) == 0)) {
                rc = fail(p, keypos, "duplicate key \"%.*s\"",
                          (int)(keys[k].n > 80 ? 80 : keys[k].n), keys[k].n ? keys[k].p : "");
                goto done;
            }
        skip_ws(p);
        if (p->i >= p->n || p->s[p->i] != ':') {
            rc = fail(p, p->i, "expected ':' after the key, found %s", what(p, p->i, t, sizeof(t)));
            goto done;
        }
        p->i++;
        if ((rc = parse_value(p)) != TJ_OK)
            goto done;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == '}') {
            p->i++;
            goto done;
        }
        rc = fail(p, p->i, "expected ',' or '}' in the object, found %s",
                  what(p, p->i, t, sizeof(t)));
        goto done;
    }
done:
    for (size_t k = 0; k < nkeys; k++)
        free(keys[k].p);
    free(keys);
    return rc;
}

static int parse_array(parser *p)
{
    p->i++;
    skip_ws(p);
    if (p->i < p->n && p->s[p->i] == ']') {
        p->i++;
        return TJ_OK;
    }
    for (;;) {
        char t[16];
        int rc = parse_value(p);
        if (rc != TJ_OK)
            return rc;
        skip_ws(p);
        if (p->i < p->n && p->s[p->i] == ',') {
            p->i++;
            continue;
        }
        if (p->i < p->n && p->s[p->i] == ']') {
            p->i++;
            return TJ_OK;
        }
        return fail(p, p->i, "expected ',' or ']' in the array, found %s",
                    what(p, p->i, t, sizeof(t)));
    }
}

static int parse_literal(parser *p, const char *word)
{
    size_t n = strlen(word);
    if (p->n - p->i < n || memcmp(p->s + p->i, word, n) != 0)
        return fail(p, p->i, "invalid literal (expected %s)", word);
    p->i += n;
    return TJ_OK;
}

static int parse_value(parser *p)
{
    char t[16];
    int rc;
    skip_ws(p);
    if (p->i >= p->n)
        return fail(p, p->i, "expected a value, found end of input");
    char c = p->s[p->i];
    switch (c) {
    case '{':
    case '[':
        if (++p->depth > TJ_MAX_DEPTH)
            return fail(p, p->i, "nesting deeper than %d levels", TJ_MAX_DEPTH);
        rc = c == '{' ? parse_object(p) : parse_array(p);
        p->depth--;
        return rc;
    case '"':
        return parse_string(p, NULL);
    case 't':
        return parse_literal(p, "true");
    case 'f':
        return parse_literal(p, "false");
    case 'n':
        return parse_literal(p, "null");
    default:
        if (c == '-' || (c >= '0' && c <= '9'))
            return parse_number(p);
        return fail(p, p->i, "expected a value, found %s", what(p, p->i, t, sizeof(t)));
    }
}

int tj_validate(const char *text, size_t len, tj_error *err)
{
    parser p = {text, len, 0, 0, 0, err};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        return fail(&p, 0, "byte-order mark at the start (not allowed)");
    int rc = parse_value(&p);
    if (rc != TJ_OK)
        return p.nomem ? TJ_NOMEM : rc;
    skip_ws(&p);
    if (p.i != p.n) {
        char t[16];
        return fail(&p, p.i, "unexpected %s after the top-level value",
                    what(&p, p.i, t, sizeof(t)));
    }
    return TJ_OK;
}

/* Parse one step of a dotted path as an array index; -1 if it is not one. */
static long index_of(const char *step, size_t n)
{
    if (n == 0 || n > 9)
        return -1;
    long v = 0;
    for (size_t k = 0; k < n; k++) {
        if (step[k] < '0' || step[k] > '9')
            return -1;
        v = v * 10 + (step[k] - '0');
    }
    if (n > 1 && step[0] == '0')
        return -1;
    return v;
}

int tj_find(const char *text, size_t len, const char *path, size_t *off, size_t *n, tj_error *err)
{
    int rc = tj_validate(text, len, err);
    if (rc != TJ_OK)
        return rc;
    parser p = {text, len, 0, 0, 0, NULL};
    skip_ws(&p);
    const char *step = path;
    while (*step) {
        const char *dot = strchr(step, '.');
        size_t sn = dot ? (size_t)(dot - step) : strlen(step);
        int found = 0;
        if (p.s[p.i] == '{') {
            p.i++;
            skip_ws(&p);
            while (p.s[p.i] != '}') {
                buf key = {0};
                if (parse_string(&p, &key) != TJ_OK) {
                    free(key.p);
                    return TJ_NOMEM;
                }
                int match = key.n == sn && (sn == 0 || memcmp(key.p, step, sn) == 0);
                free(key.p);
                skip_ws(&p);
                p.i++; /* ':' */
                skip_ws(&p);
                if (match) {
                    found = 1;
                    break;
                }
                parse_value(&p);
                skip_ws(&p);
                if (p.s[p.i] == ',')
                    p.i++;
                skip_ws(&p);
            }
        } else if (p.s[p.i] == '[') {
            long want = index_of(step, sn);
            long at = 0;
            p.i++;
            skip_ws(&p);
            while (want >= 0 && p.s[p.i] != ']') {
                if (at == want) {
                    found = 1;
                    break;
                }
                parse_value(&p);
                skip_ws(&p);
                if (p.s[p.i] == ',')
                    p.i++;
                skip_ws(&p);
                at++;
            }
        }
        if (!found) {
            if (err) {
                err->line = err->col = 0;
                if (step == path)
                    snprintf(err->msg, sizeof(err->msg),
                             "path %s: no \"%.*s\" in the top-level value", path, (int)sn, step);
                else
                    snprintf(err->msg, sizeof(err->msg), "path %s: no \"%.*s\" in %.*s", path,
                             (int)sn, step, (int)(step - path - 1), path);
            }
            return TJ_NOTFOUND;
        }
        step += sn;
        if (*step == '.')
            step++;
    }
    size_t start = p.i;
    parse_value(&p);
    *off = start;
    *n = p.i - start;
    return TJ_OK;
}

long tj_count(const char *text, size_t n)
{
    parser p = {text, n, 0, 0, 0, NULL};
    skip_ws(&p);
    if (p.i >= n || (text[p.i] != '{' && text[p.i] != '['))
        return -1;
    char close = text[p.i] == '{' ? '}' : ']';
    long count = 0;
    p.i++;
    skip_ws(&p);
    while (p.i < n && text[p.i] != close) {
        if (close == '}') {
            parse_string(&p, NULL);
            skip_ws(&p);
            p.i++; /* ':' */
        }
        if (parse_value(&p) != TJ_OK)
            return -1;
        count++;
        skip_ws(&p);
        if (p.i < n && text[p.i] == ',')
            p.i++;
        skip_ws(&p);
    }
    return count;
}

long tj_decode_string(const char *text, size_t n, char *out, size_t cap)
{
    parser p = {text, n, 0, 0, 0, NULL};
    buf b = {0};
    if (n < 2 || text[0] != '"' || parse_string(&p, &b) != TJ_OK || p.i != n || b.n + 1 > cap) {
        free(b.p);
        return -1;
    }
    if (b.n)
        memcpy(out, b.p, b.n);
    out[b.n] = '\0';
    free(b.p);
    return (long)b.n;
}
