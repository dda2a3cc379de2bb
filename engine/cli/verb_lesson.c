/*
 * verb_lesson.c: `calfsim lesson [NAME] [--answers a,b,c] [--out DIR]`.
 * Without a name, lists the lessons of scripts/teaching/ with the one-line
 * summary each file gives on a "-- summary:" line. With a name (or a path to
 * a lesson file), runs the lesson in the study sandbox with the lesson API
 * (engine/lua/lesson.h): questions are answered from --answers or, when
 * stdin is a terminal, typed; figures and explanations go to DIR (default
 * calfsim-out/lesson-NAME).
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "cohort_out.h"
#include "lesson.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "study.h"
#include "out_dir.h"
#include "util.h"

#ifndef CALF_SHARE_DIR
#define CALF_SHARE_DIR "."
#endif

#define MAX_LESSONS 64

static const char *lesson_dir(void)
{
    static char dir[4096];
    const char *home = getenv("CALFSIM_HOME");
    snprintf(dir, sizeof(dir), "%s/scripts/teaching", home && *home ? home : CALF_SHARE_DIR);
    return dir;
}

static void usage(FILE *fp)
{
    fputs("usage: calfsim lesson                      list the lessons\n"
          "       calfsim lesson NAME [--answers a,b,c] [--out DIR]\n"
          "A lesson sets a scenario, asks for your prediction, runs the model with its\n"
          "hidden state visible, explains the outcome and ends with what to take away.\n"
          "Answers are letters, one per question; without --answers they are typed on\n"
          "the terminal.\n",
          fp);
}

/* The text after "-- summary:" in the first 40 lines of path. */
/* Create dir and write (then drop) a probe file in it: CALF_EIO naming the
 * folder when either fails. */
static int check_writable(const char *dir, calf_error *err)
{
    int rc = calf_mkdirs(dir, err);
    calf_afile af;
    if (!rc)
        rc = calf_afile_open_in(&af, dir, "lesson.probe", err);
    if (rc) {
        calf_error_prefix(err, "lesson: the output folder cannot take files");
        return CALF_EIO;
    }
    calf_afile_abort(&af);
    return CALF_OK;
}

static void summary_of(const char *path, char *out, size_t n)
{
    out[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (!fp)
        return;
    char line[1024];
    for (int i = 0; i < 40 && fgets(line, sizeof(line), fp); i++) {
        const char *p = strstr(line, "-- summary:");
        if (p != line)
            continue;
        p += strlen("-- summary:");
        while (*p == ' ')
            p++;
        size_t l = strlen(p);
        if (l >= n)
            l = n - 1;
        memcpy(out, p, l);
        out[l] = '\0';
        while (l && (out[l - 1] == '\n' || out[l - 1] == '\r'))
            out[--l] = '\0';
        break;
    }
    fclose(fp);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static int list_lessons(void)
{
    const char *dir = lesson_dir();
    DIR *d = opendir(dir);
    if (!d)
        return calf_cli_failf(4,
                              "lesson: %s: cannot open the lesson folder (set CALFSIM_HOME "
                              "to the calfsim folder)",
                              dir);
    char *names[MAX_LESSONS];
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d)) && n < MAX_LESSONS) {
        size_t l = strlen(e->d_name);
        if (l > 4 && e->d_name[0] != '.' && strcmp(e->d_name + l - 4, ".lua") == 0) {
            names[n] = malloc(l + 1);
            if (!names[n])
                break;
            memcpy(names[n], e->d_name, l + 1);
            names[n][l - 4] = '\0';
            n++;
        }
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof(names[0]), cmp_str);
    int w = 6;
    for (int i = 0; i < n; i++)
        if ((int)strlen(names[i]) > w)
            w = (int)strlen(names[i]);
    printf("lessons (calfsim lesson NAME; --answers a,b,... to answer without a terminal):\n");
    for (int i = 0; i < n; i++) {
        char path[4300], sum[512];
        snprintf(path, sizeof(path), "%s/%s.lua", dir, names[i]);
        summary_of(path, sum, sizeof(sum));
        printf("  %-*s  %s\n", w, names[i], sum[0] ? sum : "(no summary line)");
        free(names[i]);
    }
    return 0;
}

static int plot_hook(void *ud, const char *dir, const char *tmpl, const char *const args[],
                     calf_error *err)
{
    (void)ud;
    char usage_line[256];
    snprintf(usage_line, sizeof(usage_line), "gnuplot -c %s ARGS (see the comment at the top)",
             tmpl);
    return calf_cli_plot(dir, tmpl, usage_line, args, err);
}

int calf_verb_lesson(int argc, char **argv)
{
    const char *name = NULL, *answers = NULL, *out = NULL;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        }
        if (strcmp(a, "--verbose") == 0)
            continue;
        if (a[0] != '-') {
            if (name)
                return calf_cli_failf(2, "lesson: one lesson at a time (\"%s\" and \"%s\")", name,
                                      a);
            name = a;
            continue;
        }
        static const char *const with_value[] = {"--answers", "--out", NULL};
        if (!calf_cli_is_option(a, with_value))
            return calf_cli_failf(2, "lesson: unknown option \"%s\"%s (allowed --answers, --out)",
                                  a, calf_cli_did_you_mean(a));
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_cli_failf(2, "lesson %s: needs a value", a);
        if (strcmp(a, "--answers") == 0)
            answers = v;
        else if (strcmp(a, "--out") == 0)
            out = v;
        else
            return calf_cli_failf(2, "lesson: unknown option \"%s\"%s (allowed --answers, --out)",
                                  a, calf_cli_did_you_mean(a));
    }
    if (!name)
        return list_lessons();
    char path[4300];
    size_t nl = strlen(name);
    if (strchr(name, '/') || (nl > 4 && strcmp(name + nl - 4, ".lua") == 0))
        snprintf(path, sizeof(path), "%s", name);
    else
        snprintf(path, sizeof(path), "%s/%s.lua", lesson_dir(), name);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return calf_cli_failf(2, "lesson: no lesson \"%s\" (%s); `calfsim lesson` lists them", name,
                              path);
    fclose(fp);
    int tty = isatty(0);
    if (!answers && !tty)
        return calf_cli_failf(2,
                              "lesson %s: stdin is not a terminal, so the questions cannot "
                              "be typed; give --answers with one letter per question, e.g. "
                              "--answers a,b,c",
                              name);
    char shown[4096], script_dir[4300];
    calf_cli_out_dir(shown, sizeof(shown), out, "lesson", path);
    /* the lesson writes into od.work, which replaces the folder as a whole
     * when it ends; a folder that cannot be written fails here, before any
     * text is printed */
    calf_outdir od;
    calf_error err = {0};
    if (calf_outdir_open(&od, shown, &err))
        return calf_cli_fail(&err);
    const char *dir = od.work;
    const char *sl = strrchr(path, '/');
    if (sl)
        snprintf(script_dir, sizeof(script_dir), "%.*s", (int)(sl - path), path);
    else
        snprintf(script_dir, sizeof(script_dir), ".");

    calf_lesson ls;
    memset(&ls, 0, sizeof(ls));
    ls.ext.script_dir = script_dir;
    ls.ext.out_dir = dir;
    ls.ext.lib_dir = calf_cli_protocol_lib_dir();
    ls.ext.verbose = calf_cli_verbose;
    ls.ext.plot = plot_hook;
    ls.answers = answers;
    ls.interactive = tty;
    ls.in = stdin;
    ls.out = stdout;

    /* the output folder must take files before the lesson prints a word:
     * a lesson that cannot save its figures stops here with exit 4 */
    calf_error werr = {0};
    if (check_writable(dir, &werr))
        return calf_cli_fail(&werr);

    calf_study_opts o;
    memset(&o, 0, sizeof(o));
    o.out_dir = dir;
    o.out_shown = shown;
    o.threads = 1;
    o.lib_dir = calf_cli_protocol_lib_dir();
    o.verbose = calf_cli_verbose;
    o.plot = plot_hook;
    o.extra = calf_lesson_register;
    o.extra_ud = &ls;
    int rc = calf_study_run(path, &o, &err);
    if (!rc)
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    fflush(stdout);
    if (rc && ls.usage_error)
        return calf_cli_failf(2, "%s", ls.usage_msg);
    if (rc)
        return calf_cli_fail(&err);
    if (answers) {
        /* more answers than questions: say so, the class list may be off */
        size_t given = 1;
        for (const char *s = answers; *s; s++)
            given += *s == ',';
        if ((int)given > ls.asked)
            fprintf(stderr, "calfsim: warning: %zu answers given, the lesson asked %d\n", given,
                    ls.asked);
    }
    if (ls.asked)
        printf("You predicted %d of %d as the model did. Figures and explanations: %s/\n", ls.right,
               ls.asked, shown);
    return 0;
}
