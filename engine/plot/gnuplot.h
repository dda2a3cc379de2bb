/*
 * gnuplot.h: running gnuplot safely. Figures are gnuplot templates
 * (plots/NAME.gp) copied next to their data; gnuplot runs as
 * `gnuplot -c TEMPLATE ARG1 ARG2 ...` through fork/exec with an argument
 * vector (never a shell), inside the output folder. Paths and titles reach
 * gnuplot only as script arguments (ARG1...), never spliced into gnuplot
 * code, and templates print user text with `noenhanced`.
 */
#ifndef CALF_GNUPLOT_H
#define CALF_GNUPLOT_H

#include <stddef.h>

#include "error.h"

/* 1 when an executable "gnuplot" is on PATH, else 0. */
int calf_gnuplot_available(void);
/* Full path of the shipped template plots/NAME (e.g. "banister.gp") in out. */
int calf_gnuplot_template(const char *name, char *out, size_t n, calf_error *err);
/* Copy the template src to DIR/name atomically, after a header comment with
 * the calfsim version and the command that redraws the figure (usage names
 * the script arguments; it holds no user text). */
int calf_gnuplot_install(const char *src, const char *dir, const char *name, const char *usage,
                         calf_error *err);
/* Run `gnuplot -c template_path args...` with out_dir as working folder.
 * args is NULL-terminated. gnuplot's stderr is read back: after a success
 * its notes on constant data ("Warning: empty y range ...") are dropped and
 * anything else is passed on; after a failure every .png/.svg it wrote or
 * rewrote in out_dir is removed (no partial image is left) and the error is
 * one line naming the figure and gnuplot's first error line. Returns
 * CALF_EIO when gnuplot cannot start or fails. */
int calf_gnuplot_run(const char *template_path, const char *out_dir, const char *const args[],
                     calf_error *err);

#endif
