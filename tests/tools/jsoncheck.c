/*
 * jsoncheck.c: the JSON checker the calfsim shell tests call (its path comes
 * in $CALF_JSONCHECK).
 *
 *   jsoncheck FILE             exit 0 if FILE is valid JSON (RFC 8259, strict),
 *                              else print "FILE:LINE:COL: why" and exit 1
 *   jsoncheck FILE PATH        also print the value at the dotted PATH
 *                              ("a.b.0.c"; array indices as numbers): strings
 *                              decoded without quotes, anything else as raw JSON
 *   jsoncheck -n FILE [PATH]   print the number of elements/members there
 *
 * FILE "-" reads standard input. Exit codes: 0 ok, 1 invalid JSON,
 * 2 usage, 3 path not found or not a container (-n), 4 I/O.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static int usage(void)
{
    fputs("usage: jsoncheck [-n] FILE [PATH]\n", stderr);
    return 2;
}

static char *slurp(const char *name, size_t *len)
{
    FILE *fp = strcmp(name, "-") == 0 ? stdin : fopen(name, "rb");
    if (!fp)
        return NULL;
    size_t cap = 4096, n = 0;
    char *s = malloc(cap);
    while (s) {
        if (n == cap) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
        size_t got = fread(s + n, 1, cap - n, fp);
        n += got;
        if (got == 0)
            break;
    }
    int bad = ferror(fp);
    if (fp != stdin)
        fclose(fp);
    if (bad) {
        free(s);
        return NULL;
    }
    *len = n;
    return s;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    int count = 0, a = 1;
    if (a < argc && strcmp(argv[a], "-n") == 0) {
        count = 1;
        a++;
    }
    if (argc - a < 1 || argc - a > 2)
        return usage();
    const char *file = argv[a], *path = argc - a == 2 ? argv[a + 1] : NULL;

    size_t len = 0;
    char *text = slurp(file, &len);
    if (!text) {
        fprintf(stderr, "jsoncheck: %s: cannot read\n", file);
        return 4;
    }
    tj_error err = {0};
    size_t off = 0, n = len;
    int rc = path || count ? tj_find(text, len, path ? path : "", &off, &n, &err)
                           : tj_validate(text, len, &err);
    if (rc == TJ_INVALID)
        fprintf(stderr, "%s:%d:%d: %s\n", file, err.line, err.col, err.msg);
    else if (rc == TJ_NOTFOUND)
        fprintf(stderr, "%s: %s\n", file, err.msg);
    else if (rc == TJ_NOMEM)
        fprintf(stderr, "jsoncheck: %s: out of memory\n", file);
    if (rc != TJ_OK) {
        free(text);
        return rc;
    }
    if (count) {
        long c = tj_count(text + off, n);
        if (c < 0) {
            fprintf(stderr, "%s: path %s: not an array or object\n", file, path ? path : "");
            rc = TJ_NOTFOUND;
        } else {
            printf("%ld\n", c);
        }
    } else if (path) {
        if (text[off] == '"') {
            char *out = malloc(n + 1);
            long k = out ? tj_decode_string(text + off, n, out, n + 1) : -1;
            if (k < 0) {
                fprintf(stderr, "jsoncheck: %s: out of memory\n", file);
                rc = TJ_NOMEM;
            } else {
                fwrite(out, 1, (size_t)k, stdout);
                putchar('\n');
            }
            free(out);
        } else {
            fwrite(text + off, 1, n, stdout);
            putchar('\n');
        }
    }
    free(text);
    if (fflush(stdout) != 0)
        return 4;
    return rc;
}
