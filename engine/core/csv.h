/*
 * csv.h: the one strict CSV reader of calfsim (plan CSV, pain diary, Banister
 * data). A file is a header row then data rows, comma separated. Quoted
 * fields may hold commas, newlines and "" (an escaped quote); CRLF line ends
 * and a UTF-8 byte-order mark are tolerated; blank lines and comment lines
 * (first non-blank character '#', outside quotes) are skipped. Unquoted cells
 * are trimmed of surrounding spaces and tabs; quoted cells are kept as is.
 *
 * Strict means: every data row has exactly as many fields as the header;
 * header names are non-empty and unique; a quote inside an unquoted cell, text
 * after a closing quote, an unterminated quote or a NUL byte is an error.
 *
 * Every cell remembers its 1-based line and column (column = character
 * position of the cell's first byte in that line, so editors can jump to it).
 * Errors read "FILE:LINE:COL: what and why" and carry CALF_EINPUT (CALF_EIO
 * when the file cannot be read).
 */
#ifndef CALF_CSV_H
#define CALF_CSV_H

#include <stddef.h>

#include "error.h"

typedef struct calf_csv_cell {
    const char *text; /* NUL-terminated, never NULL ("" for an empty cell) */
    int line;         /* 1-based line of the cell's first byte */
    int col;          /* 1-based character column of the cell's first byte */
} calf_csv_cell;

typedef struct calf_csv {
    char *name;           /* file name used in messages */
    size_t ncols;         /* header fields */
    size_t nrows;         /* data rows (header, blank and comment lines excluded) */
    calf_csv_cell *cells; /* header then rows, row-major: (1 + nrows) * ncols */
    char *arena;          /* storage of all cell texts */
} calf_csv;

/* Read and parse the file at path. On success *out owns a table (free with
 * calf_csv_free); on failure *out is NULL and err says where and why. */
int calf_csv_read(const char *path, calf_csv **out, calf_error *err);
/* Parse len bytes of text; name is used in messages (e.g. a file name). */
int calf_csv_parse(const char *text, size_t len, const char *name, calf_csv **out, calf_error *err);
void calf_csv_free(calf_csv *csv);

/* Header cell of column c (0-based). */
const calf_csv_cell *calf_csv_header(const calf_csv *csv, size_t c);
/* Cell of data row r and column c (both 0-based). */
const calf_csv_cell *calf_csv_at(const calf_csv *csv, size_t r, size_t c);
/* 0-based index of the column named name (exact match), or -1. */
int calf_csv_find(const calf_csv *csv, const char *name);
/* Like calf_csv_find, but a missing column is an error
 * "FILE:LINE: no column "x" (did you mean "y"?); columns: a, b, c". */
int calf_csv_require(const calf_csv *csv, const char *name, int *col, calf_error *err);

/* Parse cell (r, c) as a finite number. An empty cell sets *present = 0 and
 * returns CALF_OK (blank = not measured); present may be NULL, in which case
 * an empty cell is an error. A bad cell is "FILE:LINE:COL: column "x": "abc"
 * is not a number". */
int calf_csv_number(const calf_csv *csv, size_t r, size_t c, double *out, int *present,
                    calf_error *err);
/* Parse cell (r, c) as an integer in [lo, hi]; empty handled as above. */
int calf_csv_long(const calf_csv *csv, size_t r, size_t c, long lo, long hi, long *out,
                  int *present, calf_error *err);
/* Set err to "FILE:LINE:COL: column "x": <formatted>" for cell (r, c). */
int calf_csv_cell_error(const calf_csv *csv, size_t r, size_t c, calf_error *err, int code,
                        const char *fmt, ...) CALF_PRINTF(6, 7);

#endif
