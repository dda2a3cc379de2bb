/*
 * util.c: strict parsing, edit distance, hashing and atomic files.
 */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int calf_parse_double(const char *s, double *out)
{
    if (!s || !*s || strpbrk(s, "xX")) /* decimal only: strtod also reads hex */
        return -1;
    char *end = NULL;
    errno = 0;
    double v = strtod(s, &end);
    if (errno != 0 || end == s)
        return -1;
    while (*end == ' ' || *end == '\t')
        end++;
    if (*end != '\0' || !isfinite(v))
        return -1;
    *out = v;
    return 0;
}

int calf_parse_long(const char *s, long lo, long hi, long *out)
{
    if (!s || !*s)
        return -1;
    char *end = NULL;
    errno = 0;
    long v = strtol(s, &end, 10);
    if (errno != 0 || end == s || *end != '\0' || v < lo || v > hi)
        return -1;
    *out = v;
    return 0;
}

int calf_edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 63 || lb > 63)
        return 255;
    int row[64];
    for (size_t j = 0; j <= lb; j++)
        row[j] = (int)j;
    for (size_t i = 1; i <= la; i++) {
        int prev = row[0];
        row[0] = (int)i;
        for (size_t j = 1; j <= lb; j++) {
            int cur = row[j];
            int sub = prev + (a[i - 1] != b[j - 1]);
            int del = row[j] + 1, ins = row[j - 1] + 1;
            int m = sub < del ? sub : del;
            row[j] = m < ins ? m : ins;
            prev = cur;
        }
    }
    return row[lb];
}

const char *calf_closest(const char *k, const char *const *keys, int maxd)
{
    const char *best = NULL;
    int bestd = maxd + 1;
    for (int i = 0; keys[i]; i++) {
        int d = calf_edit_distance(k, keys[i]);
        if (d < bestd) {
            bestd = d;
            best = keys[i];
        }
    }
    return best;
}

uint64_t calf_fnv1a(uint64_t h, const void *data, size_t n)
{
    const unsigned char *p = data;
    for (size_t i = 0; i < n; i++) {
        h ^= p[i];
        h *= 1099511628211ULL;
    }
    return h;
}

uint64_t calf_fnv1a_file(uint64_t h, const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return h;
    char buf[8192];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        h = calf_fnv1a(h, buf, n);
    fclose(fp);
    return h;
}

int calf_mkdirs(const char *path, calf_error *err)
{
    char buf[4096];
    size_t n = strlen(path);
    if (n == 0 || n >= sizeof(buf))
        return calf_error_set(err, CALF_EIO, "%s: output path is empty or too long", path);
    memcpy(buf, path, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0777) != 0 && errno != EEXIST)
                return calf_error_set(err, CALF_EIO, "%s: cannot create folder: %s", buf,
                                      strerror(errno));
            buf[i] = c;
        }
    }
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISDIR(st.st_mode))
        return calf_error_set(err, CALF_EIO, "%s: not a folder", path);
    return CALF_OK;
}

int calf_path_join(char *out, size_t n, const char *dir, const char *name, calf_error *err)
{
    int w = snprintf(out, n, "%s/%s", dir, name);
    if (w < 0 || (size_t)w >= n)
        return calf_error_set(err, CALF_EIO, "%s/%s: path too long", dir, name);
    return CALF_OK;
}

int calf_afile_open(calf_afile *af, const char *path, calf_error *err)
{
    memset(af, 0, sizeof(*af));
    size_t n = strlen(path);
    if (n >= sizeof(af->path))
        return calf_error_set(err, CALF_EIO, "%s: path too long", path);
    memcpy(af->path, path, n + 1);
    const char *slash = strrchr(path, '/');
    int w;
    if (slash)
        w = snprintf(af->tmp, sizeof(af->tmp), "%.*s/.%s.tmp.%ld", (int)(slash - path), path,
                     slash + 1, (long)getpid());
    else
        w = snprintf(af->tmp, sizeof(af->tmp), ".%s.tmp.%ld", path, (long)getpid());
    if (w < 0 || (size_t)w >= sizeof(af->tmp))
        return calf_error_set(err, CALF_EIO, "%s: path too long", path);
    /* O_EXCL|O_NOFOLLOW: a name planted at the temporary path (a symbolic
     * link to a file elsewhere) is never followed; another name is taken. */
    size_t base = (size_t)w;
    for (int k = 0;; k++) {
        if (k && (w = snprintf(af->tmp + base, sizeof(af->tmp) - base, ".%d", k)) < 0)
            return calf_error_set(err, CALF_EIO, "%s: path too long", path);
        if ((size_t)w >= sizeof(af->tmp) - base)
            return calf_error_set(err, CALF_EIO, "%s: path too long", path);
        int fd = open(af->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
        if (fd >= 0) {
            af->fp = fdopen(fd, "w");
            if (!af->fp) {
                int e = errno;
                close(fd);
                remove(af->tmp);
                return calf_error_set(err, CALF_EIO, "%s: cannot write: %s", path, strerror(e));
            }
            errno = 0;
            return CALF_OK;
        }
        if (errno != EEXIST || k >= 100)
            return calf_error_set(err, CALF_EIO, "%s: cannot write: %s", path, strerror(errno));
    }
}

int calf_afile_open_in(calf_afile *af, const char *dir, const char *name, calf_error *err)
{
    char path[sizeof(af->path)];
    int rc = calf_path_join(path, sizeof(path), dir, name, err);
    return rc ? rc : calf_afile_open(af, path, err);
}

int calf_afile_commit(calf_afile *af, calf_error *err)
{
    if (!af->fp)
        return calf_error_set(err, CALF_EIO, "%s: not open", af->path);
    /* the reason of a failed write: errno of the failing flush or close, or
     * else of the earlier write that set the stream's error flag */
    int e = errno, bad = ferror(af->fp);
    errno = 0;
    if (fflush(af->fp) != 0 || ferror(af->fp))
        bad = 1;
    if (errno)
        e = errno;
    if (fclose(af->fp) != 0) {
        bad = 1;
        e = errno;
    }
    af->fp = NULL;
    if (bad) {
        remove(af->tmp);
        return calf_error_set(err, CALF_EIO, "%s: write failed: %s", af->path,
                              e ? strerror(e) : "unknown reason");
    }
    if (rename(af->tmp, af->path) != 0) {
        e = errno;
        remove(af->tmp);
        return calf_error_set(err, CALF_EIO, "%s: cannot rename into place: %s", af->path,
                              strerror(e));
    }
    return CALF_OK;
}

void calf_afile_abort(calf_afile *af)
{
    if (af->fp) {
        fclose(af->fp);
        af->fp = NULL;
        remove(af->tmp);
    }
}

void calf_json_string(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; s && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            fprintf(fp, "\\%c", c);
        else if (c < 0x20)
            fprintf(fp, "\\u%04x", c);
        else
            fputc(c, fp);
    }
    fputc('"', fp);
}

char *calf_join_list(char *out, size_t n, const char *const *items, const char *quote)
{
    size_t used = 0;
    const char *q = quote ? quote : "";
    out[0] = '\0';
    for (int i = 0; items && items[i]; i++) {
        int w = snprintf(out + used, n - used, "%s%s%s%s", i ? ", " : "", q, items[i], q);
        if (w < 0 || (size_t)w >= n - used)
            break;
        used += (size_t)w;
    }
    return out;
}

void calf_json_number(FILE *fp, double v, int sig)
{
    if (isfinite(v))
        fprintf(fp, "%.*g", sig, v == 0 ? 0.0 : v);
    else
        fputs("null", fp);
}

void calf_json_numbers(FILE *fp, const char *const *names, const double *v, int n, int sig)
{
    fputc('{', fp);
    for (int i = 0; i < n; i++) {
        fprintf(fp, "%s\"%s\":", i ? "," : "", names[i]);
        calf_json_number(fp, v[i], sig);
    }
    fputc('}', fp);
}

void calf_csv_put_number(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, ",%.6g", v == 0 ? 0.0 : v);
    else
        fputc(',', fp);
}

void calf_dat_put_number(FILE *fp, double v)
{
    if (isfinite(v))
        fprintf(fp, " %.6g", v == 0 ? 0.0 : v);
    else
        fputs(" NaN", fp);
}

int calf_input_file_ok(const char *path, calf_error *err)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return calf_error_set(err, CALF_EIO, "%s: cannot open: %s", path, strerror(errno));
    struct stat sb;
    int isdir = fstat(fileno(fp), &sb) == 0 && S_ISDIR(sb.st_mode);
    fclose(fp);
    if (isdir)
        return calf_error_set(err, CALF_EIO, "%s: is a folder, not a file", path);
    return CALF_OK;
}

void calf_path_stem(const char *path, char *out, size_t n)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    size_t len = strlen(b);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b)
        len = (size_t)(dot - b);
    if (len >= n)
        len = n - 1;
    memcpy(out, b, len);
    out[len] = '\0';
}

int calf_read_file(const char *path, size_t max, const char *what, char **buf, size_t *len,
                   calf_error *err)
{
    *buf = NULL;
    *len = 0;
    int rc = calf_input_file_ok(path, err);
    if (rc)
        return rc;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return calf_error_set(err, CALF_EIO, "%s: cannot open: %s", path, strerror(errno));
    size_t cap = 0, n = 0;
    char *b = NULL;
    /* a regular file's size is known: refuse it at once when too large, else
     * read it into one buffer of its size (no doubling slack) */
    struct stat sb;
    if (fstat(fileno(fp), &sb) == 0 && S_ISREG(sb.st_mode)) {
        if ((size_t)sb.st_size > max) {
            fclose(fp);
            return calf_error_set(err, CALF_EINPUT, "%s: larger than %zu MiB, not %s", path,
                                  max >> 20, what);
        }
        if (sb.st_size > 0 && (b = malloc((size_t)sb.st_size + 2)) != NULL)
            cap = (size_t)sb.st_size + 2;
    }
    for (;;) {
        if (n + 1 >= cap) {
            size_t nc = cap ? 2 * cap : 65536;
            char *nb = realloc(b, nc);
            if (!nb) {
                rc = calf_error_set(err, CALF_EIO, "%s: out of memory", path);
                break;
            }
            b = nb;
            cap = nc;
        }
        size_t got = fread(b + n, 1, cap - n - 1, fp);
        n += got;
        if (n > max) {
            rc = calf_error_set(err, CALF_EINPUT, "%s: larger than %zu MiB, not %s", path,
                                max >> 20, what);
            break;
        }
        if (got == 0)
            break;
    }
    if (!rc && ferror(fp))
        rc = calf_error_set(err, CALF_EIO, "%s: read failed", path);
    fclose(fp);
    if (rc) {
        free(b);
        return rc;
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return CALF_OK;
}
