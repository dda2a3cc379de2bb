/*
 * plot_cli.c: drawing a verb's one figure from a shipped template
 * (plot_cli.h).
 */
#include "plot_cli.h"

#include <stdio.h>

#include "gnuplot.h"

int calf_cli_plot_one(const char *dir, const char *tmpl, const char *dest, const char *usage,
                      const char *const args[], int hint, calf_error *err)
{
    char src[4096];
    int rc;
    if ((rc = calf_gnuplot_template(tmpl, src, sizeof(src), err)) ||
        (rc = calf_gnuplot_install(src, dir, dest, usage, err)))
        return rc;
    if (!calf_gnuplot_available()) {
        fprintf(stderr, "calfsim: warning: gnuplot not found; wrote %s/%s and %s%s\n", dir, args[0],
                dest, hint ? " (apt-get install gnuplot-nox to draw them)" : "");
        return CALF_OK;
    }
    return calf_gnuplot_run(dest, dir, args, err);
}
