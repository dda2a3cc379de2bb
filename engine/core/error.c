/*
 * error.c: filling the calf_error record.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* Control characters copied from inputs (a patient field, a Lua string)
 * would break the one-line rule or drive the terminal: they are written as
 * \n, \r, \t or \xNN. */
static void escape_controls(char *msg, size_t size)
{
    char tmp[sizeof(((calf_error *)0)->msg)];
    size_t o = 0;
    int changed = 0;
    for (const unsigned char *c = (const unsigned char *)msg; *c && o + 5 < sizeof(tmp); c++) {
        if (*c >= 0x20 && *c != 0x7f) {
            tmp[o++] = (char)*c;
            continue;
        }
        changed = 1;
        tmp[o++] = '\\';
        if (*c == '\n' || *c == '\r' || *c == '\t') {
            tmp[o++] = *c == '\n' ? 'n' : *c == '\r' ? 'r' : 't';
        } else {
            static const char hex[] = "0123456789abcdef";
            tmp[o++] = 'x';
            tmp[o++] = hex[*c >> 4];
            tmp[o++] = hex[*c & 15];
        }
    }
    if (!changed)
        return;
    tmp[o] = '\0';
    snprintf(msg, size, "%s", tmp);
}

int calf_error_set(calf_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
        escape_controls(err->msg, sizeof(err->msg));
    }
    return code;
}

int calf_error_prefix(calf_error *err, const char *prefix)
{
    if (!err)
        return CALF_OK;
    char tmp[sizeof(err->msg)];
    size_t n = strlen(prefix);
    if (n + 2 >= sizeof(tmp))
        return err->code;
    memcpy(tmp, prefix, n);
    memcpy(tmp + n, ": ", 2);
    size_t rest = sizeof(tmp) - n - 3;
    size_t m = strlen(err->msg);
    if (m > rest)
        m = rest;
    memcpy(tmp + n + 2, err->msg, m);
    tmp[n + 2 + m] = '\0';
    memcpy(err->msg, tmp, sizeof(err->msg));
    return err->code;
}
