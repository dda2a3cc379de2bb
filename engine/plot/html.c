/*
 * html.c: HTML escaping with UTF-8 validation (see html.h).
 */
#include "html.h"

#include <string.h>

typedef struct sink {
    FILE *fp;
    char *out;
    size_t n, len;
} sink;

static void put(sink *k, const char *s, size_t len)
{
    if (k->fp) {
        fwrite(s, 1, len, k->fp);
    } else if (k->out && k->n) {
        size_t room = k->len < k->n - 1 ? k->n - 1 - k->len : 0;
        if (room)
            memcpy(k->out + k->len, s, len < room ? len : room);
    }
    k->len += len;
}

/* Length of the valid UTF-8 sequence at s (1-4), or 0 when invalid. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned char c = s[0];
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        return (s[1] & 0xC0) == 0x80 ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 ? 3 : 0;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
        return s[1] >= lo && s[1] <= hi && (s[2] & 0xC0) == 0x80 && (s[3] & 0xC0) == 0x80 ? 4 : 0;
    }
    return 0;
}

static void escape(sink *k, const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    if (!s)
        return;
    while (*s) {
        unsigned char c = *s;
        const char *rep = NULL;
        switch (c) {
        case '&':
            rep = "&amp;";
            break;
        case '<':
            rep = "&lt;";
            break;
        case '>':
            rep = "&gt;";
            break;
        case '"':
            rep = "&quot;";
            break;
        case '\'':
            rep = "&#39;";
            break;
        case '\r':
            rep = "";
            break;
        case '\n':
        case '\t':
            break;
        default:
            if (c < 0x20 || c == 0x7F)
                rep = "&#xFFFD;";
        }
        if (rep) {
            put(k, rep, strlen(rep));
            s++;
            continue;
        }
        size_t len = utf8_len(s);
        if (!len) {
            put(k, "&#xFFFD;", 8);
            s++;
            continue;
        }
        put(k, (const char *)s, len);
        s += len;
    }
}

void calf_html_escape(FILE *fp, const char *s)
{
    sink k = {fp, NULL, 0, 0};
    escape(&k, s);
}

size_t calf_html_escape_buf(char *out, size_t n, const char *s)
{
    sink k = {NULL, out, n, 0};
    escape(&k, s);
    if (out && n)
        out[k.len < n - 1 ? k.len : n - 1] = '\0';
    return k.len;
}
