/*
 * main.c: the calfsim command line. Parses the verb, hands the rest of the
 * arguments to it, and returns its status as the exit code (0 ok, 1 script,
 * 2 usage, 3 numerical, 4 I/O, 5 invalid input, 6 a validation row failed).
 */
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "cli_args.h"
#include "mpi_split.h"

int calf_cli_verbose = 0;

int calf_cli_fail(const calf_error *err)
{
    const int code = err->code ? err->code : 1;
    if (calf_mpi_rank() != 0) /* under MPI, rank 0 reports (calf_mpi_agree) */
        return code;
    fprintf(stderr, "calfsim: %s\n", err->msg);
    return code;
}

int calf_cli_failf(int code, const char *fmt, ...)
{
    if (calf_mpi_rank() != 0)
        return code;
    va_list ap;
    va_start(ap, fmt);
    fputs("calfsim: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    return code;
}

const char *calf_cli_value(int argc, char **argv, int *i)
{
    /* "--plan --patient P": the next word is an option, not this one's value */
    if (*i + 1 >= argc || strncmp(argv[*i + 1], "--", 2) == 0)
        return NULL;
    *i += 1;
    return argv[*i];
}

/* usage: the verb's synopsis, printed by `calfsim VERB --help`; NULL for the
 * verbs that print their own (banister, explain, fit, plan, lesson). */
int calf_cli_is_option(const char *o, const char *const *known)
{
    for (; *known; known++)
        if (strcmp(o, *known) == 0)
            return 1;
    return 0;
}

static const struct {
    const char *name;
    calf_verb_fn fn;
    const char *help;
    const char *usage;
} verbs[] = {
    {"run", calf_verb_run, "simulate a protocol or a plan CSV for one patient",
     "calfsim run PROTOCOL.lua --patient P.lua [--weeks N | --days N] [--seed S] [--set k=v]...\n"
     "           [--oracle] [--lua-mem MIB] [--lua-budget N] [--out DIR]\n"
     "       calfsim run --plan PLAN.csv --patient P.lua [--weeks N | --days N] [--set k=v]...\n"
     "           [--out DIR]"},
    {"check", calf_verb_check, "validate protocols and dry-run 4 weeks, reporting every problem",
     "calfsim check PROTOCOL.lua... [--weeks N | --days N] [--set k=v]... [--oracle]\n"
     "           [--lua-mem MIB] [--lua-budget N]"},
    {"protocols", calf_verb_protocols, "list the shipped protocols (--format md|csv)",
     "calfsim protocols [--format md|csv] [FILE.lua...]"},
    {"params", calf_verb_params, "print the parameter registry (--format md|csv|json)",
     "calfsim params [--format md|csv|json]\n       calfsim params --patient-fields"},
    {"banister", calf_verb_banister, "predict or fit the Banister performance model to tests",
     NULL},
    /* explain (issue 7) */
    {"explain", calf_verb_explain,
     "why a day of a run hurt: factor contributions (--day N | --worst)", NULL},
    /* research verbs (cohort branch) */
    {"sweep", calf_verb_sweep, "vary up to 3 parameters over a grid and tabulate every outcome",
     "calfsim sweep PROTOCOL.lua|PLAN.csv --patient P.lua --vary name=lo:hi:step\n"
     "           [--vary ...] (up to 3) [--metric M]... [--weeks N | --days N] [--set k=v]...\n"
     "           [--cohort N [--seed S] [--threads T]] [--no-plots] [--out DIR]"},
    {"cohort", calf_verb_cohort,
     "simulate protocols on a virtual cohort: bands, outcomes, paired differences",
     "calfsim cohort PROTOCOL.lua|PLAN.csv... --patient P.lua|--population POP.lua [--n N]\n"
     "           [--weeks N | --days N] [--seed S] [--threads T] [--set k=v]...\n"
     "           [--vary-params X] [--vary-patient X] [--no-plots] [--out DIR]"},
    {"sensitivity", calf_verb_sensitivity,
     "global sensitivity (Sobol or PRCC) of outcomes to the cohort's drawn inputs",
     "calfsim sensitivity PROTOCOL.lua --patient P.lua|--population POP.lua --metric M...\n"
     "           [--inputs all|name,...] [--n N] [--method sobol|prcc] [--boot B] [--seed S]\n"
     "           [--threads T] [--weeks N | --days N] [--set k=v]... [--vary-params X]\n"
     "           [--vary-patient X] [--population POP.lua] [--no-plots] [--out DIR]"},
    {"script", calf_verb_script, "run a sandboxed what-if study script (STUDY.lua)",
     "calfsim script STUDY.lua [--out DIR] [--seed S] [--threads T] [--lua-mem MIB]\n"
     "           [--lua-budget N] [--allow-read DIR]..."},
    {"fit", calf_verb_fit, "fit patient constants to a pain diary (fit patient)", NULL},
    {"plan", calf_verb_plan, "search a progression for the earliest safe goal week", NULL},
    /* compare: protocol comparison and the built-in demo */
    {"compare", calf_verb_compare, "compare protocols or plans side by side for one patient",
     "calfsim compare P1.lua|A.csv P2.lua|B.csv... --patient P.lua [--plan A.csv]...\n"
     "           [--weeks N | --days N] [--seed S] [--set k=v]... [--cohort N] [--threads T]\n"
     "           [--oracle] [--lua-mem MIB] [--lua-budget N] [--out DIR]"},
    {"demo", calf_verb_demo, "the built-in comparison: shipped protocols, example patient",
     "calfsim demo [--weeks N | --days N] [--seed S] [--set k=v]... [--cohort N] [--threads T]\n"
     "           [--out DIR]"},
    {"prescribe", calf_verb_prescribe,
     "the patient's programme from a protocol: printable page, CSV, calendar, diary",
     "calfsim prescribe PROTOCOL.lua --patient P.lua [--weeks N] [--start YYYY-MM-DD]\n"
     "           [--set k=v]... [--seed S] [--lua-mem MIB] [--lua-budget N] [--out DIR]"},
    /* teaching (lessons branch) */
    {"lesson", calf_verb_lesson, "teaching lessons: predict, see the hidden state, explain", NULL},
    /* validation suite */
    {"validate", calf_verb_validate,
     "virtual experiments against published results (exit 6: a row fails)",
     "calfsim validate [--n N] [--out DIR] [--seed S] [--threads T]"},
    /* real data (import branch) */
    {"import", calf_verb_import,
     "read watch exports (FIT, TCX, GPX): activities, history, habitual",
     "calfsim import FILE.fit|FILE.tcx|FILE.gpx... [--weeks N] [--out DIR]"},
    {"forecast", calf_verb_forecast,
     "fit the patient to a pain diary, then project protocols from today with cohort bands",
     "calfsim forecast PROTOCOL.lua... --patient P.lua --diary D.csv [--weeks N | --days N]\n"
     "           [--n N] [--seed S] [--threads T] [--no-plots] [--out DIR]"},
};

static void usage(FILE *fp)
{
    fprintf(fp, "usage: calfsim VERB [options]\n\nverbs:\n");
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        fprintf(fp, "  %-10s %s\n", verbs[i].name, verbs[i].help);
    fprintf(fp,
            "\ncalfsim %s. Outputs compare protocols under stated model assumptions;\n"
            "they are not a patient's real risk.\n",
            CALF_VERSION);
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    if (strcmp(argv[1], "--version") == 0 || strcmp(argv[1], "-V") == 0) {
        printf("calfsim %s\n", CALF_VERSION);
        return 0;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--verbose") == 0)
            calf_cli_verbose = 1;
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++) {
        if (strcmp(argv[1], verbs[i].name) != 0)
            continue;
        if (verbs[i].usage && argc > 2 &&
            (strcmp(argv[2], "--help") == 0 || strcmp(argv[2], "-h") == 0)) {
            printf("usage: %s\n\n%s\n", verbs[i].usage, verbs[i].help);
            return 0;
        }
        /* the verbs that split their work over MPI ranks (mpi_split.h) */
        int mpi = strcmp(verbs[i].name, "cohort") == 0 ||
                  strcmp(verbs[i].name, "sensitivity") == 0 || strcmp(verbs[i].name, "sweep") == 0;
        if (mpi)
            calf_mpi_init(&argc, &argv);
        /* --opt=value, options given twice (cli_args.c) */
        char **args, why[256];
        int nargs;
        if (calf_cli_normalize(argc - 2, argv + 2, &args, &nargs, why, sizeof(why))) {
            if (mpi)
                calf_mpi_finalize();
            return calf_cli_failf(2, "%s: %s", verbs[i].name, why);
        }
        int rc = verbs[i].fn(nargs, args);
        free(args);
        if (mpi)
            calf_mpi_finalize();
        return rc;
    }
    fprintf(stderr, "calfsim: unknown verb \"%s\"; try calfsim --help\n", argv[1]);
    return 2;
}
