/*
 * error.c: filling the calf_error record.
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int calf_error_set(calf_error *err, int code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        err->code = code;
        vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
        va_end(ap);
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
