/*
 * plot_cli.h: the one figure of a verb (banister, explain, fit patient):
 * its shipped gnuplot template installed next to its data and drawn when
 * gnuplot is present; without gnuplot a one-line warning names the files
 * written. (The research verbs' figures go through calf_cli_plot in
 * cohort_out.h, which warns once per run.)
 */
#ifndef CALF_PLOT_CLI_H
#define CALF_PLOT_CLI_H

#include "error.h"

/* Install plots/TMPL as DIR/DEST (usage: its command line, written into it)
 * and run it with args (NULL-terminated; args[0] is the data file). Without
 * gnuplot, "wrote DIR/ARGS[0] and DEST" on stderr, with how to install
 * gnuplot when hint is set, and CALF_OK. */
int calf_cli_plot_one(const char *dir, const char *tmpl, const char *dest, const char *usage,
                      const char *const args[], int hint, calf_error *err);

#endif
