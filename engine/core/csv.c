/*
 * csv.c: the strict CSV reader (see csv.h for the accepted dialect). One pass
 * over the bytes with a small state machine; cell texts are copied into one
 * arena, and every cell keeps the line and column where it starts.
 *
 * Memory: a first scan counts the separators, an upper bound on the cells,
 * so an absurd file (millions of commas) is refused before anything is
 * allocated, and the cell array and the arena are allocated once at their
 * final size (no doubling slack, no second copy). Peak memory is the file,
 * the arena (at most the file plus one byte per cell) and 16 bytes per cell.
 */
#include "csv.h"

#include <errno.h>
#include <stdint.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define CSV_MAX_BYTES ((size_t)256 * 1024 * 1024)
#define CSV_MAX_CELLS ((size_t)1 << 24) /* 16.7 million: a 1M-day plan has 13 million */
#define CSV_MAX_COLS  1024

/* While parsing, a cell's text holds its offset in the arena (which may
 * move); the offsets become pointers once the arena is final. */
typedef calf_csv_cell pcell;
#define PCELL_OFF(c) ((size_t)(uintptr_t)(c)->text)

typedef struct parser {
    const char *s;
    size_t len, pos;
    int line, col;
    const char *name;
    char *arena;
    size_t alen, acap;
    pcell *cells;
    size_t ncells, ccap;
} parser;

static int grow(void **buf, size_t *cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return 0;
    size_t n = *cap ? *cap : 64;
    while (n < need)
        n *= 2;
    void *p = realloc(*buf, n * elem);
    if (!p)
        return -1;
    *buf = p;
    *cap = n;
    return 0;
}

static int put_char(parser *p, char c)
{
    if (grow((void **)&p->arena, &p->acap, p->alen + 1, 1))
        return -1;
    p->arena[p->alen++] = c;
    return 0;
}

static int peek(const parser *p)
{
    return p->pos < p->len ? (unsigned char)p->s[p->pos] : -1;
}

/* Advance one byte, keeping line and column. */
static void step(parser *p)
{
    if (p->s[p->pos] == '\n') {
        p->line++;
        p->col = 1;
    } else {
        p->col++;
    }
    p->pos++;
}

/* At a line end (LF, CRLF) or the end of the text? */
static int at_eol(const parser *p)
{
    int c = peek(p);
    if (c == -1 || c == '\n')
        return 1;
    return c == '\r' && p->pos + 1 < p->len && p->s[p->pos + 1] == '\n';
}

static void skip_eol(parser *p)
{
    if (peek(p) == '\r')
        step(p);
    if (peek(p) == '\n')
        step(p);
}

static int fail(parser *p, calf_error *err, int line, int col, const char *what)
{
    return calf_error_set(err, CALF_EINPUT, "%s:%d:%d: %s", p->name, line, col, what);
}

static void skip_blanks(parser *p)
{
    while (peek(p) == ' ' || peek(p) == '\t')
        step(p);
}

/* Parse one field starting at p->pos; appends it to the cell list. */
static int parse_field(parser *p, calf_error *err)
{
    skip_blanks(p);
    if (grow((void **)&p->cells, &p->ccap, p->ncells + 1, sizeof(pcell)))
        return calf_error_set(err, CALF_EIO, "%s: out of memory", p->name);
    pcell *cell = &p->cells[p->ncells++];
    cell->text = (const char *)(uintptr_t)p->alen;
    cell->line = p->line;
    cell->col = p->col;
    if (peek(p) == '"') {
        int qline = p->line, qcol = p->col;
        step(p);
        for (;;) {
            int c = peek(p);
            if (c == -1)
                return fail(p, err, qline, qcol, "quoted cell is never closed (missing '\"')");
            if (c == '\0')
                return fail(p, err, p->line, p->col, "NUL byte in the file (not a text CSV)");
            if (c == '"') {
                if (p->pos + 1 < p->len && p->s[p->pos + 1] == '"') {
                    if (put_char(p, '"'))
                        goto oom;
                    step(p);
                    step(p);
                    continue;
                }
                step(p);
                break;
            }
            if (c == '\r' && p->pos + 1 < p->len && p->s[p->pos + 1] == '\n') {
                step(p); /* CRLF inside a quoted cell becomes LF */
                continue;
            }
            if (put_char(p, (char)c))
                goto oom;
            step(p);
        }
        skip_blanks(p);
        if (!at_eol(p) && peek(p) != ',')
            return fail(p, err, p->line, p->col,
                        "unexpected text after a closing quote (expected ',' or a line end)");
    } else {
        size_t start = p->alen;
        while (!at_eol(p) && peek(p) != ',') {
            int c = peek(p);
            if (c == '"')
                return fail(p, err, p->line, p->col,
                            "quote inside an unquoted cell (quote the whole cell and "
                            "double inner quotes)");
            if (c == '\0')
                return fail(p, err, p->line, p->col, "NUL byte in the file (not a text CSV)");
            if (c == '\r')
                return fail(p, err, p->line, p->col, "carriage return without a line feed");
            if (put_char(p, (char)c))
                goto oom;
            step(p);
        }
        while (p->alen > start && (p->arena[p->alen - 1] == ' ' || p->arena[p->alen - 1] == '\t'))
            p->alen--;
    }
    if (put_char(p, '\0'))
        goto oom;
    return CALF_OK;
oom:
    return calf_error_set(err, CALF_EIO, "%s: out of memory", p->name);
}

/* Skip blank and comment lines; returns 1 when a record starts at p->pos. */
static int next_record(parser *p)
{
    for (;;) {
        if (p->pos >= p->len)
            return 0;
        size_t save = p->pos;
        int sline = p->line, scol = p->col;
        skip_blanks(p);
        if (at_eol(p)) {
            if (p->pos >= p->len)
                return 0;
            skip_eol(p);
            continue;
        }
        if (peek(p) == '#') {
            while (!at_eol(p))
                step(p);
            skip_eol(p);
            continue;
        }
        p->pos = save;
        p->line = sline;
        p->col = scol;
        return 1;
    }
}

/* Parse one record; *nfields receives its field count. Fields past the
 * first max + 1 are counted but not kept, so a row of a million commas
 * holds at most max + 1 cells. */
static int parse_record(parser *p, size_t max, size_t *nfields, calf_error *err)
{
    size_t first = p->ncells, count = 0;
    for (;;) {
        int st = parse_field(p, err);
        if (st)
            return st;
        if (++count > max + 1) {
            p->ncells--;
            p->alen = PCELL_OFF(&p->cells[p->ncells]);
        }
        if (peek(p) == ',') {
            step(p);
            continue;
        }
        break;
    }
    skip_eol(p);
    (void)first;
    *nfields = count;
    return CALF_OK;
}

int calf_csv_parse(const char *text, size_t len, const char *name, calf_csv **out, calf_error *err)
{
    *out = NULL;
    parser p = {.s = text, .len = len, .line = 1, .col = 1, .name = name ? name : "(csv)"};
    calf_csv *csv = NULL;
    int st = CALF_OK;
    if (len >= 3 && (unsigned char)text[0] == 0xEF && (unsigned char)text[1] == 0xBB &&
        (unsigned char)text[2] == 0xBF)
        p.pos = 3;
    /* an upper bound on the cells: every cell ends at a comma, a line end or
     * the end of the text */
    size_t bound = 1;
    for (const char *q = text, *end = text + len; q < end; q++)
        bound += *q == ',' || *q == '\n';
    if (bound > CSV_MAX_CELLS) {
        st = calf_error_set(err, CALF_EINPUT,
                            "%s: up to %zu cells (commas and lines); allowed at most %zu, not a "
                            "calfsim CSV",
                            p.name, bound, CSV_MAX_CELLS);
        goto cleanup;
    }
    p.cells = malloc(bound * sizeof(pcell));
    p.arena = malloc(len + bound + 1);
    if (!p.cells || !p.arena)
        goto oom;
    p.ccap = bound;
    p.acap = len + bound + 1;
    if (!next_record(&p)) {
        st = calf_error_set(err, CALF_EINPUT, "%s:%d: no header row (the file has no data)", p.name,
                            p.line);
        goto cleanup;
    }
    size_t ncols = 0;
    if ((st = parse_record(&p, CSV_MAX_COLS, &ncols, err)))
        goto cleanup;
    if (ncols > CSV_MAX_COLS) {
        st =
            calf_error_set(err, CALF_EINPUT, "%s:%d: %zu columns in the header; allowed at most %d",
                           p.name, p.cells[0].line, ncols, CSV_MAX_COLS);
        goto cleanup;
    }
    for (size_t i = 0; i < ncols; i++) {
        const pcell *h = &p.cells[i];
        if (p.arena[PCELL_OFF(h)] == '\0') {
            st = fail(&p, err, h->line, h->col, "empty column name in the header");
            goto cleanup;
        }
        for (size_t j = 0; j < i; j++) {
            if (strcmp(p.arena + PCELL_OFF(&p.cells[j]), p.arena + PCELL_OFF(h)) == 0) {
                char what[256];
                snprintf(what, sizeof(what), "column \"%.100s\" appears twice in the header",
                         p.arena + PCELL_OFF(h));
                st = fail(&p, err, h->line, h->col, what);
                goto cleanup;
            }
        }
    }
    size_t nrows = 0;
    while (next_record(&p)) {
        int rline = p.line, rcol = p.col;
        size_t first = p.ncells, n = 0;
        if ((st = parse_record(&p, ncols, &n, err)))
            goto cleanup;
        if (n != ncols) {
            char what[160];
            snprintf(what, sizeof(what), "%zu field%s, but the header has %zu", n,
                     n == 1 ? "" : "s", ncols);
            const pcell *at = n > ncols ? &p.cells[first + ncols] : NULL;
            st = fail(&p, err, at ? at->line : rline, at ? at->col : rcol, what);
            goto cleanup;
        }
        nrows++;
    }
    csv = calloc(1, sizeof(*csv));
    if (!csv)
        goto oom;
    csv->name = malloc(strlen(p.name) + 1);
    if (!csv->name)
        goto oom;
    memcpy(csv->name, p.name, strlen(p.name) + 1);
    /* give back the bound's slack, then turn offsets into pointers */
    char *arena = realloc(p.arena, p.alen ? p.alen : 1);
    if (arena)
        p.arena = arena;
    pcell *cells = realloc(p.cells, (p.ncells ? p.ncells : 1) * sizeof(pcell));
    if (cells)
        p.cells = cells;
    csv->arena = p.arena;
    p.arena = NULL;
    csv->cells = p.cells;
    p.cells = NULL;
    csv->ncols = ncols;
    csv->nrows = nrows;
    for (size_t i = 0; i < p.ncells; i++)
        csv->cells[i].text = csv->arena + PCELL_OFF(&csv->cells[i]);
    *out = csv;
    csv = NULL;
    goto cleanup;
oom:
    st = calf_error_set(err, CALF_EIO, "%s: out of memory", p.name);
cleanup:
    calf_csv_free(csv);
    free(p.arena);
    free(p.cells);
    return st;
}

int calf_csv_read(const char *path, calf_csv **out, calf_error *err)
{
    *out = NULL;
    char *buf;
    size_t len;
    int st = calf_read_file(path, CSV_MAX_BYTES, "a calfsim CSV", &buf, &len, err);
    if (st == CALF_OK)
        st = calf_csv_parse(buf, len, path, out, err);
    free(buf);
    return st;
}

void calf_csv_free(calf_csv *csv)
{
    if (!csv)
        return;
    free(csv->name);
    free(csv->cells);
    free(csv->arena);
    free(csv);
}

const calf_csv_cell *calf_csv_header(const calf_csv *csv, size_t c)
{
    return &csv->cells[c];
}

const calf_csv_cell *calf_csv_at(const calf_csv *csv, size_t r, size_t c)
{
    return &csv->cells[(r + 1) * csv->ncols + c];
}

int calf_csv_find(const calf_csv *csv, const char *name)
{
    for (size_t c = 0; c < csv->ncols; c++)
        if (strcmp(csv->cells[c].text, name) == 0)
            return (int)c;
    return -1;
}

int calf_csv_require(const calf_csv *csv, const char *name, int *col, calf_error *err)
{
    int c = calf_csv_find(csv, name);
    if (c >= 0) {
        *col = c;
        return CALF_OK;
    }
    char list[512] = "";
    size_t used = 0;
    const char *best = NULL;
    int bestd = 3;
    for (size_t i = 0; i < csv->ncols; i++) {
        const char *h = csv->cells[i].text;
        int w = snprintf(list + used, sizeof(list) - used, "%s%s", i ? ", " : "", h);
        if (w > 0 && (size_t)w < sizeof(list) - used)
            used += (size_t)w;
        int d = calf_edit_distance(name, h);
        if (d < bestd) {
            bestd = d;
            best = h;
        }
    }
    char hint[160] = "";
    if (best)
        snprintf(hint, sizeof(hint), " (did you mean \"%.100s\"?)", best);
    /* the first line is quoted only when it looks like a header of the
     * expected kind (a near miss, every cell a short name): a file that is
     * not such an input keeps its content to itself */
    int names = best != NULL;
    for (size_t i = 0; names && i < csv->ncols; i++) {
        const char *h = csv->cells[i].text;
        names = strlen(h) <= 40 && strspn(h, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                                             "0123456789_ .-") == strlen(h);
    }
    if (!names)
        return calf_error_set(
            err, CALF_EINPUT,
            "%s:%d: no column \"%s\" (its first line has %zu columns, none close: "
            "is it the right kind of file?)",
            csv->name, csv->cells[0].line, name, csv->ncols);
    return calf_error_set(err, CALF_EINPUT, "%s:%d: no column \"%s\"%s; columns: %s", csv->name,
                          csv->cells[0].line, name, hint, list);
}

int calf_csv_cell_error(const calf_csv *csv, size_t r, size_t c, calf_error *err, int code,
                        const char *fmt, ...)
{
    if (!err)
        return code;
    const calf_csv_cell *cell = calf_csv_at(csv, r, c);
    char what[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return calf_error_set(err, code, "%s:%d:%d: column \"%.100s\": %s", csv->name, cell->line,
                          cell->col, csv->cells[c].text, what);
}

int calf_csv_number(const calf_csv *csv, size_t r, size_t c, double *out, int *present,
                    calf_error *err)
{
    const char *t = calf_csv_at(csv, r, c)->text;
    if (*t == '\0') {
        if (present) {
            *present = 0;
            return CALF_OK;
        }
        return calf_csv_cell_error(csv, r, c, err, CALF_EINPUT, "empty, a number is required");
    }
    if (calf_parse_double(t, out) != 0)
        return calf_csv_cell_error(csv, r, c, err, CALF_EINPUT, "\"%.100s\" is not a number", t);
    if (present)
        *present = 1;
    return CALF_OK;
}

int calf_csv_long(const calf_csv *csv, size_t r, size_t c, long lo, long hi, long *out,
                  int *present, calf_error *err)
{
    const char *t = calf_csv_at(csv, r, c)->text;
    if (*t == '\0') {
        if (present) {
            *present = 0;
            return CALF_OK;
        }
        return calf_csv_cell_error(csv, r, c, err, CALF_EINPUT,
                                   "empty, a whole number is required");
    }
    if (calf_parse_long(t, lo, hi, out) != 0)
        return calf_csv_cell_error(csv, r, c, err, CALF_EINPUT,
                                   "\"%.100s\" is not a whole number from %ld to %ld", t, lo, hi);
    if (present)
        *present = 1;
    return CALF_OK;
}
