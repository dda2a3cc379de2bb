/*
 * gnuplot.c: finding gnuplot on PATH, installing templates next to their
 * data, and running gnuplot with fork/execvp (no shell is ever involved).
 */
#include "gnuplot.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "util.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif
#define GP_MAX_ARGS 32

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
    fflush(stdout);
    fflush(stderr);
    pid_t pid = fork();
    if (pid < 0)
        return calf_error_set(err, CALF_EIO, "gnuplot: cannot fork: %s", strerror(errno));
    if (pid == 0) {
        if (chdir(out_dir) != 0)
            _exit(126);
        /* execvp takes char *const[]; the strings are not modified. */
        execvp("gnuplot", (char *const *)argv);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            return calf_error_set(err, CALF_EIO, "gnuplot: wait failed: %s", strerror(errno));
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
        return CALF_OK;
    if (WIFEXITED(status) && WEXITSTATUS(status) == 126)
        return calf_error_set(err, CALF_EIO, "%s: cannot enter the output folder", out_dir);
    if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
        return calf_error_set(err, CALF_EIO, "gnuplot: cannot run (apt-get install gnuplot-nox)");
    return calf_error_set(err, CALF_EIO, "%s: gnuplot failed (status %d) in %s", template_path,
                          WIFEXITED(status) ? WEXITSTATUS(status) : -1, out_dir);
}
