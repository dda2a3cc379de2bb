/*
 * cli_args.c: the command-line conventions every verb shares, applied once
 * in main before the verb sees its arguments: `--opt=value` is the same as
 * `--opt value`; an option that names one input or output (--patient,
 * --out, --diary) given twice is refused rather than one being silently
 * lost; a flag given a value is refused; and a misspelt option gets a "did
 * you mean" from the options calfsim knows.
 */
#include "cli_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* Every option some verb takes (for suggestions only: a verb still decides
 * which of them it accepts). */
static const char *const all_options[] = {"--answers",
                                          "--cohort",
                                          "--csv",
                                          "--day",
                                          "--days",
                                          "--diary",
                                          "--fix",
                                          "--format",
                                          "--goal",
                                          "--help",
                                          "--json",
                                          "--load",
                                          "--lua-budget",
                                          "--lua-mem",
                                          "--max-injury",
                                          "--max-pain",
                                          "--metric",
                                          "--n",
                                          "--no-plots",
                                          "--oracle",
                                          "--out",
                                          "--patient",
                                          "--patient-fields",
                                          "--perf",
                                          "--plan",
                                          "--ref-km",
                                          "--robust",
                                          "--seed",
                                          "--set",
                                          "--starts",
                                          "--threads",
                                          "--vary",
                                          "--vary-params",
                                          "--vary-patient",
                                          "--verbose",
                                          "--version",
                                          "--weeks",
                                          "--worst",
                                          "--p0",
                                          "--k1",
                                          "--k2",
                                          "--tau1",
                                          "--tau2",
                                          NULL};

/* Options that name the one input or output folder of a run: given twice,
 * one would be silently lost. (Repeating --weeks or --seed overrides, as
 * scripts that append options rely on.) */
static const char *const single[] = {"--patient", "--out", "--diary", NULL};

const char *calf_cli_did_you_mean(const char *o)
{
    static char hint[96];
    calf_cli_option_hint(o, hint, sizeof(hint));
    return hint;
}

void calf_cli_option_hint(const char *o, char *hint, size_t n)
{
    const char *best = NULL;
    int bestd = (int)(strlen(o) / 3) + 1; /* within about a third of its length */
    if (bestd > 3)
        bestd = 3;
    hint[0] = '\0';
    if (strncmp(o, "--", 2) != 0)
        return;
    for (int k = 0; all_options[k]; k++) {
        int d = calf_edit_distance(o, all_options[k]);
        if (d == 0)
            return;
        if (d <= bestd && (!best || d < bestd)) {
            bestd = d;
            best = all_options[k];
        }
    }
    if (best)
        snprintf(hint, n, " (did you mean %s?)", best);
}

/* Options that take no value: "--oracle=1" is refused, not split. */
static const char *const flags[] = {"--oracle",         "--worst",   "--json",
                                    "--no-plots",       "--verbose", "--help",
                                    "--patient-fields", "--version", NULL};

static int in_list(const char *const *list, const char *o, size_t len)
{
    for (int k = 0; list[k]; k++)
        if (strlen(list[k]) == len && strncmp(o, list[k], len) == 0)
            return 1;
    return 0;
}

int calf_cli_normalize(int argc, char **argv, char ***out, int *nout, char *why, size_t nwhy)
{
    *out = NULL;
    *nout = 0;
    char **v = calloc((size_t)(2 * argc + 1), sizeof(*v));
    if (!v) {
        snprintf(why, nwhy, "out of memory");
        return CALF_EIO;
    }
    int n = 0;
    for (int i = 0; i < argc; i++) {
        char *a = argv[i];
        char *eq = strncmp(a, "--", 2) == 0 ? strchr(a, '=') : NULL;
        size_t len = eq ? (size_t)(eq - a) : strlen(a);
        if (eq && in_list(flags, a, len)) {
            snprintf(why, nwhy, "%.*s takes no value (given \"%s\")", (int)len, a, eq + 1);
            free(v);
            return CALF_EUSAGE;
        }
        if (strncmp(a, "--", 2) == 0 && len > 2 && in_list(single, a, len)) {
            for (int j = 0; j < n; j++)
                if (strlen(v[j]) == len && strncmp(v[j], a, len) == 0) {
                    snprintf(why, nwhy, "%.*s given twice; give it once", (int)len, a);
                    free(v);
                    return CALF_EUSAGE;
                }
        }
        if (eq && len > 2) {
            /* "--opt=value": the option, then its value (argv stays as is) */
            *eq = '\0';
            v[n++] = a;
            v[n++] = eq + 1;
        } else {
            v[n++] = a;
        }
    }
    v[n] = NULL;
    *out = v;
    *nout = n;
    return CALF_OK;
}
