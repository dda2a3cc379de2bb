/*
 * util.h: small helpers shared by the core: strict number parsing, edit
 * distance for "did you mean", FNV-1a hashing, and atomic file output
 * (write to a temporary name in the same folder, then rename).
 */
#ifndef CALF_UTIL_H
#define CALF_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "error.h"

/* Parse all of s as a finite decimal double ("12", "-0.5", "1e3"; hex such
 * as "0x1" is refused, as calf_parse_long reads base 10 only). Returns 0 on
 * success, -1 otherwise. */
int calf_parse_double(const char *s, double *out);
/* Parse all of s as a long in [lo, hi]. Returns 0 on success, -1 otherwise. */
int calf_parse_long(const char *s, long lo, long hi, long *out);
/* Levenshtein distance, capped at 255 for long strings. */
int calf_edit_distance(const char *a, const char *b);
/* The entry of the NULL-terminated keys closest to k, within maxd edits;
 * NULL if none is (for "did you mean"). */
const char *calf_closest(const char *k, const char *const *keys, int maxd);
/* FNV-1a 64-bit over bytes, continuing from h (start with CALF_FNV_INIT). */
#define CALF_FNV_INIT 1469598103934665603ULL
uint64_t calf_fnv1a(uint64_t h, const void *data, size_t n);
/* One splitmix64 step (Steele, Lea & Flood 2014): the mixer of every seeded
 * stream (cohort draws, injury events). */
static inline uint64_t calf_mix64(uint64_t x)
{
    x += 0x9E3779B97F4A7C15ULL;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ULL;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBULL;
    return x ^ (x >> 31);
}
/* calf_fnv1a continued over the bytes of the file at path (h unchanged when
 * it cannot be read). */
uint64_t calf_fnv1a_file(uint64_t h, const char *path);

/* Join a NULL-terminated list as "a, b, c" (each wrapped in quote when quote is
 * not NULL, e.g. "`") into out of size n, truncating safely. Returns out. */
char *calf_join_list(char *out, size_t n, const char *const *items, const char *quote);

/* Write s as a JSON string literal (quotes, backslashes and control characters
 * escaped). NULL writes an empty string. */
void calf_json_string(FILE *fp, const char *s);

/* Write v as a JSON number with sig significant digits (-0 as 0), or null
 * when it is not finite. */
void calf_json_number(FILE *fp, double v, int sig);

/* Write the compact JSON object {"names[0]":v[0],...} of n numbers (as
 * calf_json_number). */
void calf_json_numbers(FILE *fp, const char *const *names, const double *v, int n, int sig);

/* Write ",v" as a CSV cell with %.6g (-0 as 0); a value that is not finite
 * is an empty cell. */
void calf_csv_put_number(FILE *fp, double v);
/* Write " v" as a gnuplot data column with %.6g (-0 as 0); a value that is
 * not finite is NaN, which gnuplot skips. */
void calf_dat_put_number(FILE *fp, double v);

/* Atomic output: calf_afile_open creates DIR/.name.tmp.PID; commit renames it
 * over the final path; abort removes it. */
typedef struct calf_afile {
    FILE *fp;
    char path[4096];
    char tmp[4096];
} calf_afile;
int calf_afile_open(calf_afile *af, const char *path, calf_error *err);
/* calf_afile_open of DIR/NAME (calf_path_join, then open). */
int calf_afile_open_in(calf_afile *af, const char *dir, const char *name, calf_error *err);
int calf_afile_commit(calf_afile *af, calf_error *err);
void calf_afile_abort(calf_afile *af);
/* An input file that can be opened for reading and is not a folder: CALF_OK,
 * else CALF_EIO with "PATH: cannot open: why" or "PATH: is a folder, not a
 * file". Lets every reader fail with the I/O code before parsing. */
int calf_input_file_ok(const char *path, calf_error *err);
/* Read the whole file at path into a malloc'ed buffer (*buf, NUL-terminated
 * after *len bytes; free it). An unreadable file is CALF_EIO; one larger
 * than max bytes is CALF_EINPUT "PATH: larger than N MiB, not WHAT". */
int calf_read_file(const char *path, size_t max, const char *what, char **buf, size_t *len,
                   calf_error *err);
/* mkdir -p; returns CALF_OK or CALF_EIO. */
int calf_mkdirs(const char *path, calf_error *err);
/* The base name of path without folder and extension, into out (size n). */
void calf_path_stem(const char *path, char *out, size_t n);
/* Join dir and name into out (size n); returns CALF_EIO when it does not fit. */
int calf_path_join(char *out, size_t n, const char *dir, const char *name, calf_error *err);

#endif
