/*
 * figures.h: the six figures of a protocol comparison: which template draws
 * each from which data file, its caption, and drawing them all. Protocol
 * names and the title reach gnuplot only as script arguments.
 */
#ifndef CALF_FIGURES_H
#define CALF_FIGURES_H

#include <stddef.h>

#include "error.h"

#define CALF_FIG_COUNT      6
#define CALF_FIG_MAX_SERIES 5  /* protocols overlaid in one figure */
#define CALF_FIG_MAX_ARGS   16 /* script arguments of calf_figure_run_atomic */
#define CALF_FIG_KEY_CHARS  60 /* longest protocol name in a figure's key */

typedef struct calf_figure {
    const char *base;    /* output base name: BASE.png, BASE.svg */
    const char *tmpl;    /* plots/<tmpl> */
    const char *data;    /* data file in the output folder */
    int per_protocol;    /* 1: protocol names follow the title as arguments */
    const char *heading; /* short heading in report.html */
    const char *caption; /* plain-language caption */
} calf_figure;

extern const calf_figure calf_figures[CALF_FIG_COUNT];

/* The eight protocol styles of every figure and report (the templates set
 * the same gnuplot linetypes 1-8): an Okabe-Ito colour, a dash pattern in
 * gnuplot's units (dt (a,b,...); none for solid) and a point type. */
#define CALF_STYLE_COUNT 8
typedef struct calf_protocol_style {
    const char *colour;
    int ndash;
    int dash[6];
    int point;
} calf_protocol_style;
extern const calf_protocol_style calf_protocol_styles[CALF_STYLE_COUNT];
/* Style numbers (1-8) for n protocols given by file path: each protocol's
 * own style (the shipped protocols have fixed ones, others one from a hash
 * of the file's stem), the next free one when two would share it, so a
 * protocol looks the same in every report it appears in. */
void calf_protocol_style_assign(const char *const paths[], int n, int out[]);
/* "styles=S1 S2 ..." (the templates' optional fourth argument) into buf. */
void calf_protocol_style_arg(const int styles[], int n, char *buf, size_t len);

/* name as a figure's key shows it: at most CALF_FIG_KEY_CHARS bytes, cut at
 * a character boundary and ended with "..." when longer (the report's
 * tables keep the whole name), so a long name never crowds the key. */
void calf_figure_key_name(const char *name, char *out, size_t n);

/* Install every template into dir and, when gnuplot is present, draw each
 * figure (PNG and SVG, each written under a temporary name, then renamed).
 * *drawn is 1 when the figures were drawn, 0 when gnuplot is missing (the
 * caller prints the warning). names has n entries (n <= CALF_FIG_MAX_SERIES);
 * note is the fourth argument of the figures without protocol names (the
 * preceding run of figure 6). */
int calf_figures_draw(const char *dir, const char *title, const char *const names[], int n,
                      const char *note, int *drawn, calf_error *err);
/* The same with each protocol's style number (NULL: 1, 2, 3, ...). */
int calf_figures_draw_styled(const char *dir, const char *title, const char *const names[],
                             const int styles[], int n, const char *note, int *drawn,
                             calf_error *err);

/* Run the installed template DIR/TMPL with args (NULL-terminated, at most
 * CALF_FIG_MAX_ARGS), where args[base_arg] is the output base name BASE:
 * gnuplot writes PNG and SVG under a temporary base name (.BASE.tmp.PID),
 * both are then renamed to BASE.png and BASE.svg, so a reader never sees a
 * half-written figure; on failure the temporary files are removed. */
int calf_figure_run_atomic(const char *dir, const char *tmpl, const char *const args[],
                           int base_arg, calf_error *err);

/* The oracle figure of `calfsim compare --oracle` (hidden_state.gp over
 * compare_hidden.dat), drawn like the others. */
extern const calf_figure calf_figure_hidden;
int calf_figures_draw_hidden(const char *dir, const char *title, const char *const names[], int n,
                             int *drawn, calf_error *err);
int calf_figures_draw_hidden_styled(const char *dir, const char *title, const char *const names[],
                                    const int styles[], int n, int *drawn, calf_error *err);

#endif
