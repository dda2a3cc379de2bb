/*
 * verb_script.c: `calfsim script STUDY.lua [--out DIR] [--seed S]
 * [--threads T] [--lua-mem MIB] [--lua-budget N]`: runs a what-if study in
 * the study sandbox (engine/lua/study.h). Files the study writes go to DIR
 * only (default calfsim-out/script-NAME); figures are drawn through the plot
 * templates. --lua-mem and --lua-budget, parsed as `calfsim run` parses
 * them, set the caps of the study's sandbox and of every protocol it runs.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli_args.h"
#include "cohort_out.h"
#include "protocol_cli.h"
#include "run_common.h"
#include "study.h"
#include "study_ext.h"
#include "out_dir.h"
#include "util.h"

static int plot_hook(void *ud, const char *dir, const char *tmpl, const char *const args[],
                     calf_error *err)
{
    (void)ud;
    char usage[256];
    snprintf(usage, sizeof(usage), "gnuplot -c %s ARGS (see the comment at the top)", tmpl);
    return calf_cli_plot(dir, tmpl, usage, args, err);
}

int calf_verb_script(int argc, char **argv)
{
    const char *file = NULL, *out = NULL;
    const char *allow[CALF_READ_ROOTS_MAX] = {0};
    int nallow = 0;
    calf_study_opts o;
    memset(&o, 0, sizeof(o));
    long nc = sysconf(_SC_NPROCESSORS_ONLN);
    o.threads = nc > 0 ? (int)(nc > 256 ? 256 : nc) : 1;
    o.verbose = calf_cli_verbose;
    o.lib_dir = calf_cli_protocol_lib_dir();
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        long n;
        double d;
        if (strcmp(a, "--verbose") == 0)
            continue;
        if (a[0] != '-' || a[1] != '-') {
            if (file)
                return calf_cli_failf(2, "script: one STUDY.lua");
            file = a;
            continue;
        }
        static const char *const with_value[] = {
            "--out", "--seed", "--threads", "--lua-mem", "--lua-budget", "--allow-read", NULL};
        if (!calf_cli_is_option(a, with_value))
            return calf_cli_failf(2, "script: unknown option \"%s\"%s", a,
                                  calf_cli_did_you_mean(a));
        const char *v = calf_cli_value(argc, argv, &i);
        if (!v)
            return calf_cli_failf(2, "script %s: needs a value", a);
        if (strcmp(a, "--out") == 0)
            out = v;
        else if (strcmp(a, "--allow-read") == 0) {
            if (nallow >= CALF_READ_ROOTS_MAX - 4)
                return calf_cli_failf(2, "script --allow-read: at most %d folders",
                                      CALF_READ_ROOTS_MAX - 4);
            allow[nallow++] = v;
        } else if (strcmp(a, "--seed") == 0) {
            if (calf_parse_long(v, 0, 2147483647L, &n))
                return calf_cli_failf(2, "script --seed = \"%s\": allowed 0 to 2147483647", v);
            o.seed = (uint64_t)n;
        } else if (strcmp(a, "--threads") == 0) {
            if (calf_parse_long(v, 1, 256, &n))
                return calf_cli_failf(2, "script --threads = \"%s\": allowed 1 to 256", v);
            o.threads = (int)n;
        } else if (strcmp(a, "--lua-mem") == 0) {
            if (calf_parse_double(v, &d) != 0 || d < 1 || d > 4096)
                return calf_cli_failf(2, "script --lua-mem = \"%s\": allowed 1 to 4096 MiB", v);
            o.mem_limit = o.proto_mem_limit = (size_t)(d * 1024.0 * 1024.0);
        } else if (strcmp(a, "--lua-budget") == 0) {
            if (calf_parse_long(v, 1000, 2000000000L, &n) != 0)
                return calf_cli_failf(2, "script --lua-budget = \"%s\": allowed 1000 to 2000000000",
                                      v);
            o.budget = o.proto_budget = n;
        } else
            return calf_cli_failf(2, "script: unknown option \"%s\"%s", a,
                                  calf_cli_did_you_mean(a));
    }
    if (!file)
        return calf_cli_failf(2, "script: give a STUDY.lua");
    char shown[4096];
    calf_cli_out_dir(shown, sizeof(shown), out, "script", file);
    /* the study writes into od.work, which replaces the folder as a whole
     * when the study ends without an error */
    calf_outdir od;
    calf_error err = {0};
    if (calf_outdir_open(&od, shown, &err))
        return calf_cli_fail(&err);
    const char *dir = od.work;
    o.out_dir = dir;
    o.out_shown = shown;
    o.plot = plot_hook;
    /* calfsim.explain, .oracle and .reveal (engine/lua/study_ext.h) */
    char sdir[4096];
    const char *sl = strrchr(file, '/');
    if (sl)
        snprintf(sdir, sizeof(sdir), "%.*s", (int)(sl - file), file);
    else
        snprintf(sdir, sizeof(sdir), ".");
    /* inputs come from the study's folder, protocols/, scripts/ and --allow-read */
    static calf_read_roots roots;
    calf_error rerr = {0};
    if (calf_read_roots_init(&roots, sdir, o.lib_dir, allow, &rerr))
        return calf_cli_fail(&rerr);
    o.roots = &roots;
    calf_study_ext ext;
    memset(&ext, 0, sizeof(ext));
    ext.roots = &roots;
    ext.script_dir = sdir;
    ext.out_dir = dir;
    ext.lib_dir = o.lib_dir;
    ext.seed = o.seed;
    ext.mem_limit = o.proto_mem_limit;
    ext.budget = o.proto_budget;
    ext.verbose = o.verbose;
    ext.plot = plot_hook;
    o.extra = calf_study_ext_register;
    o.extra_ud = &ext;
    int rc = calf_study_run(file, &o, &err);
    if (!rc)
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    if (rc)
        return calf_cli_fail(&err);
    return 0;
}
