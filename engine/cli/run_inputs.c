/*
 * run_inputs.c: writing and reading inputs.txt (run_inputs.h). Paths are
 * made absolute (prefixed with the working folder) when written so a run folder can be explained
 * from any working folder.
 */
#include "run_inputs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

static void put_value(FILE *fp, const char *key, const char *v)
{
    fprintf(fp, "%s ", key);
    for (; v && *v; v++) {
        if (*v == '\\')
            fputs("\\\\", fp);
        else if (*v == '\n')
            fputs("\\n", fp);
        else if (*v == '\r')
            fputs("\\r", fp);
        else
            fputc(*v, fp);
    }
    fputc('\n', fp);
}

static void put_path(FILE *fp, const char *key, const char *path)
{
    char cwd[4096], abs[8192];
    if (path && path[0] != '/' && getcwd(cwd, sizeof(cwd))) {
        snprintf(abs, sizeof(abs), "%s/%s", cwd, path);
        put_value(fp, key, abs);
    } else {
        put_value(fp, key, path);
    }
}

int calf_run_inputs_write(const char *dir, const char *kind, const char *source,
                          const calf_run_args *a, int days, calf_error *err)
{
    char path[4096];
    int rc = calf_path_join(path, sizeof(path), dir, "inputs.txt", err);
    if (rc)
        return rc;
    calf_afile af;
    if ((rc = calf_afile_open(&af, path, err)))
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "# calfsim %s run inputs: what `calfsim explain` needs to re-run this folder\n",
            CALF_VERSION);
    fputs("format 1\n", fp);
    put_value(fp, "kind", kind);
    put_path(fp, "source", source);
    put_path(fp, "patient", a->patient);
    if (calf_cli_history())
        put_path(fp, "history", calf_cli_history());
    fprintf(fp, "days %d\nseed %llu\noracle %d\n", days, (unsigned long long)a->seed, a->oracle);
    fprintf(fp, "lua_mem %.17g\nlua_budget %ld\n", a->lua_mem_mib, a->lua_budget);
    for (int i = 0; i < a->nsets; i++)
        put_value(fp, "set", a->sets[i]);
    return calf_afile_commit(&af, err);
}

/* Undo the escapes of put_value in place. */
static void unescape(char *s)
{
    char *o = s;
    for (; *s; s++) {
        if (*s == '\\' && s[1]) {
            s++;
            *o++ = *s == 'n' ? '\n' : *s == 'r' ? '\r' : *s;
        } else {
            *o++ = *s;
        }
    }
    *o = '\0';
}

static int copy_to(char *dst, size_t n, const char *v, const char *file, int line, calf_error *err)
{
    size_t len = strlen(v);
    if (len >= n)
        return calf_error_set(err, CALF_EINPUT, "%s:%d: value too long (%zu bytes)", file, line,
                              len);
    memcpy(dst, v, len + 1);
    return CALF_OK;
}

int calf_run_inputs_read(const char *dir, calf_run_inputs *in, calf_error *err)
{
    memset(in, 0, sizeof(*in));
    char path[4096];
    int rc = calf_path_join(path, sizeof(path), dir, "inputs.txt", err);
    if (rc)
        return rc;
    FILE *fp = fopen(path, "r");
    if (!fp)
        return calf_error_set(err, CALF_EIO,
                              "%s: cannot open; a folder written by `calfsim run` holds it "
                              "(or give --plan P.csv --patient P.lua --day N)",
                              path);
    char line[8192];
    int ln = 0, have_format = 0;
    in->days = 0;
    while (!rc && fgets(line, sizeof(line), fp)) {
        ln++;
        size_t len = strlen(line);
        if (len && line[len - 1] == '\n')
            line[--len] = '\0';
        if (line[0] == '#' || line[0] == '\0')
            continue;
        char *sp = strchr(line, ' ');
        if (!sp) {
            rc = calf_error_set(err, CALF_EINPUT, "%s:%d: expected \"key value\"", path, ln);
            break;
        }
        *sp = '\0';
        char *v = sp + 1;
        unescape(v);
        long n;
        if (strcmp(line, "format") == 0) {
            if (calf_parse_long(v, 1, 1, &n) != 0)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: format = %s: this calfsim reads 1",
                                    path, ln, v);
            have_format = 1;
        } else if (strcmp(line, "kind") == 0) {
            rc = copy_to(in->kind, sizeof(in->kind), v, path, ln, err);
        } else if (strcmp(line, "source") == 0) {
            rc = copy_to(in->source, sizeof(in->source), v, path, ln, err);
        } else if (strcmp(line, "patient") == 0) {
            rc = copy_to(in->patient, sizeof(in->patient), v, path, ln, err);
        } else if (strcmp(line, "history") == 0) {
            rc = copy_to(in->history, sizeof(in->history), v, path, ln, err);
        } else if (strcmp(line, "days") == 0) {
            if (calf_parse_long(v, 1, 3640, &n) != 0)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: days = %s: allowed 1 to 3640", path,
                                    ln, v);
            in->days = (int)n;
        } else if (strcmp(line, "seed") == 0) {
            if (calf_parse_long(v, 0, 2147483647L, &n) != 0)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: seed = %s: allowed 0 to 2147483647",
                                    path, ln, v);
            in->seed = (uint64_t)n;
        } else if (strcmp(line, "oracle") == 0) {
            if (calf_parse_long(v, 0, 1, &n) != 0)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: oracle = %s: allowed 0 or 1", path,
                                    ln, v);
            in->oracle = (int)n;
        } else if (strcmp(line, "lua_mem") == 0) {
            double d;
            if (calf_parse_double(v, &d) != 0 || d < 1 || d > 4096)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: lua_mem = %s: allowed 1 to 4096",
                                    path, ln, v);
            in->lua_mem_mib = d;
        } else if (strcmp(line, "lua_budget") == 0) {
            if (calf_parse_long(v, 0, 2000000000L, &n) != 0)
                rc = calf_error_set(err, CALF_EINPUT,
                                    "%s:%d: lua_budget = %s: allowed 0 to 2000000000", path, ln, v);
            in->lua_budget = n;
        } else if (strcmp(line, "set") == 0) {
            if (in->nsets >= CALF_MAX_SETS)
                rc = calf_error_set(err, CALF_EINPUT, "%s:%d: more than %d set lines", path, ln,
                                    CALF_MAX_SETS);
            else
                rc = copy_to(in->sets[in->nsets++], sizeof(in->sets[0]), v, path, ln, err);
        } /* unknown keys: written by a newer calfsim; ignored */
    }
    fclose(fp);
    if (!rc && (!have_format || !in->kind[0] || !in->source[0] || !in->patient[0] || !in->days))
        rc = calf_error_set(err, CALF_EINPUT,
                            "%s: incomplete (needs format, kind, source, patient and days)", path);
    return rc;
}
