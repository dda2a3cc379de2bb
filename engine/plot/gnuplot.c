/*
 * gnuplot.c: finding gnuplot on PATH, installing templates next to their
 * data, and running gnuplot with fork/execvp (no shell is ever involved).
 */
#include "gnuplot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif
#define GP_MAX_ARGS 32
#define GP_MSG_MAX  8192

int calf_gnuplot_available(void)
{
    const char *path = getenv("PATH");
    if (!path || !*path)
        return 0;
    const char *p = path;
    while (*p) {
        const char *colon = strchr(p, ':');
        size_t len = colon ? (size_t)(colon - p) : strlen(p);
        char cand[4096];
        int w = len ? snprintf(cand, sizeof(cand), "%.*s/gnuplot", (int)len, p)
                    : snprintf(cand, sizeof(cand), "./gnuplot");
        if (w > 0 && (size_t)w < sizeof(cand) && access(cand, X_OK) == 0)
            return 1;
        if (!colon)
            break;
        p = colon + 1;
    }
    return 0;
}

int calf_gnuplot_template(const char *name, char *out, size_t n, calf_error *err)
{
    const char *share = getenv("CALF_SHARE");
    if (!share || !*share)
        share = CALF_SHARE_DIR;
    int w = snprintf(out, n, "%s/plots/%s", share, name);
    if (w < 0 || (size_t)w >= n)
        return calf_error_set(err, CALF_EIO, "%s/plots/%s: path too long", share, name);
    return CALF_OK;
}

int calf_gnuplot_install(const char *src, const char *dir, const char *name, const char *usage,
                         calf_error *err)
{
    char dst[4096];
    int st = calf_path_join(dst, sizeof(dst), dir, name, err);
    if (st)
        return st;
    FILE *in = fopen(src, "r");
    if (!in)
        return calf_error_set(err, CALF_EIO, "%s: cannot read the plot template: %s", src,
                              strerror(errno));
    calf_afile af;
    if ((st = calf_afile_open(&af, dst, err))) {
        fclose(in);
        return st;
    }
    fprintf(af.fp, "# written by calfsim %s from plots/%s; redraw with:\n#   %s\n", CALF_VERSION,
            name, usage);
    char buf[8192];
    size_t got;
    while ((got = fread(buf, 1, sizeof(buf), in)) > 0)
        fwrite(buf, 1, got, af.fp);
    int bad = ferror(in);
    fclose(in);
    if (bad) {
        calf_afile_abort(&af);
        return calf_error_set(err, CALF_EIO, "%s: read failed", src);
    }
    return calf_afile_commit(&af, err);
}

/* The images in a folder before gnuplot runs (name, inode, size, mtime):
 * after a failure, every .png/.svg that is new or rewritten is gnuplot's
 * partial output and is removed. */
typedef struct gp_image {
    char name[256];
    struct stat st;
} gp_image;

static int is_image(const char *name)
{
    size_t n = strlen(name);
    return (n > 4 && (strcmp(name + n - 4, ".png") == 0 || strcmp(name + n - 4, ".svg") == 0));
}

static size_t list_images(const char *dir, gp_image **out)
{
    *out = NULL;
    DIR *d = opendir(dir);
    if (!d)
        return 0;
    size_t n = 0, cap = 0;
    gp_image *v = NULL;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!is_image(e->d_name) || strlen(e->d_name) >= sizeof(v->name))
            continue;
        if (n == cap) {
            size_t nc = cap ? 2 * cap : 16;
            gp_image *g = realloc(v, nc * sizeof(*v));
            if (!g)
                break;
            v = g;
            cap = nc;
        }
        char path[4096];
        int w = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
        if (w < 0 || (size_t)w >= sizeof(path) || stat(path, &v[n].st) != 0)
            continue;
        snprintf(v[n].name, sizeof(v[n].name), "%s", e->d_name);
        n++;
    }
    closedir(d);
    *out = v;
    return n;
}

static int same_file(const struct stat *a, const struct stat *b)
{
    return a->st_ino == b->st_ino && a->st_size == b->st_size &&
           a->st_mtim.tv_sec == b->st_mtim.tv_sec && a->st_mtim.tv_nsec == b->st_mtim.tv_nsec;
}

/* Remove the images written since the snapshot `before`; the first one's
 * name without its extension (the figure) goes to fig. */
static void remove_new_images(const char *dir, const gp_image *before, size_t nb, char *fig,
                              size_t nfig)
{
    gp_image *after;
    size_t na = list_images(dir, &after);
    for (size_t i = 0; i < na; i++) {
        size_t j = 0;
        while (j < nb && strcmp(before[j].name, after[i].name) != 0)
            j++;
        if (j < nb && same_file(&before[j].st, &after[i].st))
            continue;
        char path[4096];
        int w = snprintf(path, sizeof(path), "%s/%s", dir, after[i].name);
        if (w > 0 && (size_t)w < sizeof(path))
            unlink(path);
        if (!fig[0]) {
            /* the figure: NAME of NAME.png, or of a temporary .NAME.tmp.PID.png */
            const char *nm = after[i].name;
            size_t len = strlen(nm) - 4;
            const char *tmp = strstr(nm, ".tmp.");
            if (nm[0] == '.' && tmp && tmp > nm + 1) {
                len = (size_t)(tmp - nm - 1);
                nm++;
            }
            snprintf(fig, nfig, "%.*s", (int)len, nm);
        }
    }
    free(after);
}

/* Harmless notes of a successful run: "Warning: empty y range [0:0],
 * adjusting to [-1:1]" (a metric constant over the grid). */
static int is_range_warning(const char *line, size_t n)
{
    static const char head[] = "Warning: empty ";
    if (n < sizeof(head) - 1 || memcmp(line, head, sizeof(head) - 1) != 0)
        return 0;
    for (size_t i = sizeof(head) - 1; i + 6 <= n; i++)
        if (memcmp(line + i, " range", 6) == 0)
            return 1;
    return 0;
}

/* gnuplot's first error line: the first line that is neither blank, a
 * warning, the echoed command nor its caret ("^") marker; else the first
 * non-blank line. */
static void first_error(const char *buf, size_t len, char *out, size_t n)
{
    const char *fallback = NULL;
    size_t fallback_n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < len;) {
        size_t j = i;
        while (j < len && buf[j] != '\n')
            j++;
        const char *l = buf + i;
        size_t ln = j - i;
        while (ln && (l[ln - 1] == '\r' || l[ln - 1] == ' ' || l[ln - 1] == '\t'))
            ln--;
        size_t k = 0;
        while (k < ln && (l[k] == ' ' || l[k] == '\t'))
            k++;
        int blank = k == ln, caret = !blank && l[k] == '^' && k + 1 == ln;
        int indented = k > 0; /* gnuplot echoes the failing command indented */
        int warning = 0;
        for (size_t m = 0; m + 8 <= ln && !warning; m++)
            warning = memcmp(l + m, "warning:", 8) == 0 || memcmp(l + m, "Warning:", 8) == 0;
        if (!blank && !fallback) {
            fallback = l + k;
            fallback_n = ln - k;
        }
        if (!blank && !caret && !indented && !warning) {
            snprintf(out, n, "%.*s", (int)ln, l);
            return;
        }
        i = j + 1;
    }
    if (fallback)
        snprintf(out, n, "%.*s", (int)fallback_n, fallback);
}

int calf_gnuplot_run(const char *template_path, const char *out_dir, const char *const args[],
                     calf_error *err)
{
    const char *argv[GP_MAX_ARGS + 4];
    size_t n = 0;
    argv[n++] = "gnuplot";
    argv[n++] = "-c";
    argv[n++] = template_path;
    for (size_t i = 0; args && args[i]; i++) {
        if (n >= GP_MAX_ARGS + 3)
            return calf_error_set(err, CALF_EUSAGE, "gnuplot: more than %d script arguments",
                                  GP_MAX_ARGS);
        argv[n++] = args[i];
    }
    argv[n] = NULL;
    int fd[2];
    if (pipe(fd) != 0)
        return calf_error_set(err, CALF_EIO, "gnuplot: cannot make a pipe: %s", strerror(errno));
    gp_image *before;
    size_t nbefore = list_images(out_dir, &before);
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0) {
        close(fd[0]);
        close(fd[1]);
        free(before);
        return calf_error_set(err, CALF_EIO, "gnuplot: cannot fork: %s", strerror(errno));
    }
    if (pid == 0) {
        /* gnuplot's messages are read back by calfsim (below) */
        close(fd[0]);
        if (dup2(fd[1], 2) < 0)
            _exit(126);
        close(fd[1]);
        if (chdir(out_dir) != 0)
            _exit(126);
        /* execvp takes char *const[]; the strings are not modified. */
        execvp("gnuplot", (char *const *)argv);
        _exit(127);
    }
    close(fd[1]);
    /* keep the first GP_MSG_MAX bytes of gnuplot's stderr, drain the rest */
    char msg[GP_MSG_MAX];
    size_t len = 0;
    for (;;) {
        char chunk[4096];
        ssize_t got = read(fd[0], chunk, sizeof(chunk));
        if (got < 0 && errno == EINTR)
            continue;
        if (got <= 0)
            break;
        size_t take = (size_t)got < sizeof(msg) - len ? (size_t)got : sizeof(msg) - len;
        memcpy(msg + len, chunk, take);
        len += take;
    }
    close(fd[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            free(before);
            return calf_error_set(err, CALF_EIO, "gnuplot: wait failed: %s", strerror(errno));
        }
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
        free(before);
        /* pass on what gnuplot said, except its notes on constant data */
        for (size_t i = 0; i < len;) {
            size_t j = i;
            while (j < len && msg[j] != '\n')
                j++;
            size_t ln = j - i;
            if (ln && !is_range_warning(msg + i, ln))
                fprintf(stderr, "%.*s\n", (int)ln, msg + i);
            i = j + 1;
        }
        return CALF_OK;
    }
    char fig[256] = "";
    remove_new_images(out_dir, before, nbefore, fig, sizeof(fig));
    free(before);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
        return calf_error_set(err, CALF_EIO, "%s: cannot enter the output folder", out_dir);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return calf_error_set(err, CALF_EIO, "gnuplot: cannot run (apt-get install gnuplot-nox)");
    char why[512];
    first_error(msg, len, why, sizeof(why));
    if (!why[0])
        snprintf(why, sizeof(why), "exit status %d", WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    if (fig[0])
        return calf_error_set(err, CALF_EIO, "figure %s not drawn (gnuplot failed in %s): %s", fig,
                              out_dir, why);
    return calf_error_set(err, CALF_EIO, "%s: gnuplot failed in %s, no figure drawn: %s",
                          template_path, out_dir, why);
}
