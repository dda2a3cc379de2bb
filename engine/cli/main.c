/*
 * main.c: the calfsim command line. Parses the verb, hands the rest of the
 * arguments to it, and returns its status as the exit code (0 ok, 1 script,
 * 2 usage, 3 numerical, 4 I/O, 5 invalid input).
 */
#include <gsl/gsl_errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"

int calf_cli_verbose = 0;

int calf_cli_fail(const calf_error *err)
{
    fprintf(stderr, "calfsim: %s\n", err->msg);
    return err->code ? err->code : 1;
}

int calf_cli_failf(int code, const char *fmt, ...)
{
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
    if (*i + 1 >= argc)
        return NULL;
    *i += 1;
    return argv[*i];
}

static const struct {
    const char *name;
    calf_verb_fn fn;
    const char *help;
} verbs[] = {
    {"run", calf_verb_run, "simulate a protocol or a plan CSV for one patient"},
    {"check", calf_verb_check, "validate protocols and dry-run 4 weeks, reporting every problem"},
    {"protocols", calf_verb_protocols, "list the shipped protocols (--format md|csv)"},
    {"params", calf_verb_params, "print the parameter registry (--format md|csv|json)"},
    {"banister", calf_verb_banister, "predict or fit the Banister performance model to tests"},
    /* explain (issue 7) */
    {"explain", calf_verb_explain,
     "why a day of a run hurt: factor contributions (--day N | --worst)"},
    /* research verbs (cohort branch) */
    {"sweep", calf_verb_sweep, "vary up to 3 parameters over a grid and tabulate every outcome"},
    {"cohort", calf_verb_cohort,
     "simulate protocols on a virtual cohort: bands, outcomes, paired differences"},
    {"script", calf_verb_script, "run a sandboxed what-if study script (STUDY.lua)"},
    {"fit", calf_verb_fit, "fit patient constants to a pain diary (fit patient)"},
    {"plan", calf_verb_plan, "search a progression for the earliest safe goal week"},
    /* compare: protocol comparison and the built-in demo */
    {"compare", calf_verb_compare, "compare protocols or plans side by side for one patient"},
    {"demo", calf_verb_demo, "the built-in comparison: shipped protocols, example patient"},
    /* teaching (lessons branch) */
    {"lesson", calf_verb_lesson, "teaching lessons: predict, see the hidden state, explain"},
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
    if (strcmp(argv[1], "--version") == 0) {
        printf("calfsim %s\n", CALF_VERSION);
        return 0;
    }
    for (int i = 2; i < argc; i++)
        if (strcmp(argv[i], "--verbose") == 0)
            calf_cli_verbose = 1;
    for (size_t i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
        if (strcmp(argv[1], verbs[i].name) == 0)
            return verbs[i].fn(argc - 2, argv + 2);
    fprintf(stderr, "calfsim: unknown verb \"%s\"; try calfsim --help\n", argv[1]);
    return 2;
}
