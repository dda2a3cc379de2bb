/*
 * cli.h: what the calfsim verbs share: the verb signature, error reporting
 * ("calfsim: message" on one line, exit code = status) and small option
 * helpers. Verbs live one per file (verb_<name>.c) and are wired in main.c.
 */
#ifndef CALF_CLI_H
#define CALF_CLI_H

#include "error.h"

typedef int (*calf_verb_fn)(int argc, char **argv);

/* Print "calfsim: <err->msg>" to stderr and return err->code. */
int calf_cli_fail(const calf_error *err);
/* Print "calfsim: <formatted>" to stderr and return code. */
int calf_cli_failf(int code, const char *fmt, ...) CALF_PRINTF(2, 3);
/* Fetch the value of option argv[*i] (advancing *i); usage error if missing. */
const char *calf_cli_value(int argc, char **argv, int *i);
/* Whether o is one of the NULL-terminated known options (checked before
 * fetching a value, so an unknown option is named as such). */
int calf_cli_is_option(const char *o, const char *const *known);
/* Whether --verbose was given anywhere (set by main). */
extern int calf_cli_verbose;

int calf_verb_params(int argc, char **argv);
int calf_verb_run(int argc, char **argv);
int calf_verb_check(int argc, char **argv);
int calf_verb_protocols(int argc, char **argv);
int calf_verb_banister(int argc, char **argv);
int calf_verb_explain(int argc, char **argv);
/* research verbs (cohort branch) */
int calf_verb_sweep(int argc, char **argv);
int calf_verb_cohort(int argc, char **argv);
int calf_verb_script(int argc, char **argv);
/* fit and plan (verb_fit.c, verb_plan.c) */
int calf_verb_fit(int argc, char **argv);
int calf_verb_plan(int argc, char **argv);
/* compare */
int calf_verb_compare(int argc, char **argv);
int calf_verb_demo(int argc, char **argv);
/* the patient's hand-out (verb_prescribe.c) */
int calf_verb_prescribe(int argc, char **argv);
/* teaching (verb_lesson.c) */
int calf_verb_lesson(int argc, char **argv);
/* real data (verb_import.c) */
int calf_verb_import(int argc, char **argv);
int calf_verb_forecast(int argc, char **argv);

#endif
