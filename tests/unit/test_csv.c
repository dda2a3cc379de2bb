/*
 * test_csv.c: the strict CSV reader: dialect (quotes, "" escapes, CRLF,
 * blank and comment lines, BOM, trimming), cell positions, column lookup,
 * number parsing, and every error with its FILE:LINE:COL.
 */
#include <gsl/gsl_errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "csv.h"

static calf_csv *parse(const char *text, calf_error *err)
{
    calf_csv *csv = NULL;
    memset(err, 0, sizeof(*err));
    int st = calf_csv_parse(text, strlen(text), "t.csv", &csv, err);
    if (st != CALF_OK)
        return NULL;
    return csv;
}

/* Parse text that must fail; check code and message prefix. */
static void expect_error(const char *text, const char *prefix, const char *fragment)
{
    calf_csv *csv = NULL;
    calf_error err = {0};
    int st = calf_csv_parse(text, strlen(text), "t.csv", &csv, &err);
    CHECK(st == CALF_EINPUT);
    CHECK(csv == NULL);
    if (strncmp(err.msg, prefix, strlen(prefix)) != 0 || !strstr(err.msg, fragment)) {
        fprintf(stderr, "message \"%s\" lacks prefix \"%s\" or \"%s\"\n", err.msg, prefix,
                fragment);
        check_failures++;
    }
}

static void test_basic(void)
{
    calf_error err;
    calf_csv *csv = parse("day,load,perf\n1,10,\n2,20,55.5\n", &err);
    CHECK(csv != NULL);
    if (!csv)
        return;
    CHECK(csv->ncols == 3);
    CHECK(csv->nrows == 2);
    CHECK(strcmp(calf_csv_header(csv, 1)->text, "load") == 0);
    CHECK(calf_csv_find(csv, "perf") == 2);
    CHECK(calf_csv_find(csv, "Perf") == -1);
    CHECK(strcmp(calf_csv_at(csv, 1, 2)->text, "55.5") == 0);
    CHECK(calf_csv_at(csv, 1, 2)->line == 3);
    CHECK(calf_csv_at(csv, 1, 2)->col == 6);
    CHECK(strcmp(calf_csv_at(csv, 0, 2)->text, "") == 0);
    double v = -1;
    int present = -1;
    CHECK(calf_csv_number(csv, 0, 2, &v, &present, &err) == CALF_OK);
    CHECK(present == 0);
    CHECK(calf_csv_number(csv, 1, 2, &v, &present, &err) == CALF_OK);
    CHECK(present == 1);
    CHECK_ABS(v, 55.5, 0);
    CHECK(calf_csv_number(csv, 0, 2, &v, NULL, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.csv:2:6: column \"perf\"") == err.msg);
    long d = 0;
    CHECK(calf_csv_long(csv, 1, 0, 1, 100, &d, NULL, &err) == CALF_OK);
    CHECK(d == 2);
    CHECK(calf_csv_long(csv, 1, 1, 1, 10, &d, NULL, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.csv:3:3:") == err.msg);
    int col = -1;
    CHECK(calf_csv_require(csv, "load", &col, &err) == CALF_OK);
    CHECK(col == 1);
    CHECK(calf_csv_require(csv, "lod", &col, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.csv:1: no column \"lod\" (did you mean \"load\"?)") == err.msg);
    CHECK(strstr(err.msg, "columns: day, load, perf") != NULL);
    calf_csv_free(csv);
}

static void test_dialect(void)
{
    calf_error err;
    /* BOM, comment lines, blank lines, CRLF, quotes with "" and commas and
     * newlines, trimming of unquoted cells, quoted spaces kept. */
    const char *text = "\xEF\xBB\xBF# a comment\r\n"
                       "\r\n"
                       "name , note\r\n"
                       "   \r\n"
                       "  # indented comment\n"
                       " plain ,\"a, \"\"quoted\"\" one\"\r\n"
                       "x,\"two\r\nlines\"\n"
                       "y,\"  kept  \"  \n"
                       "z,\n";
    calf_csv *csv = parse(text, &err);
    CHECK(csv != NULL);
    if (!csv) {
        fprintf(stderr, "%s\n", err.msg);
        return;
    }
    CHECK(csv->ncols == 2);
    CHECK(csv->nrows == 4);
    CHECK(strcmp(calf_csv_header(csv, 0)->text, "name") == 0);
    CHECK(calf_csv_header(csv, 0)->line == 3);
    CHECK(strcmp(calf_csv_at(csv, 0, 0)->text, "plain") == 0);
    CHECK(calf_csv_at(csv, 0, 0)->line == 6);
    CHECK(calf_csv_at(csv, 0, 0)->col == 2);
    CHECK(strcmp(calf_csv_at(csv, 0, 1)->text, "a, \"quoted\" one") == 0);
    CHECK(calf_csv_at(csv, 0, 1)->col == 9);
    CHECK(strcmp(calf_csv_at(csv, 1, 1)->text, "two\nlines") == 0);
    CHECK(calf_csv_at(csv, 2, 0)->line == 9);
    CHECK(strcmp(calf_csv_at(csv, 2, 1)->text, "  kept  ") == 0);
    CHECK(strcmp(calf_csv_at(csv, 3, 1)->text, "") == 0);
    calf_csv_free(csv);

    /* No final newline, header only. */
    csv = parse("a,b\n1,2", &err);
    CHECK(csv && csv->nrows == 1 && strcmp(calf_csv_at(csv, 0, 1)->text, "2") == 0);
    calf_csv_free(csv);
    csv = parse("a,b\n", &err);
    CHECK(csv && csv->nrows == 0);
    calf_csv_free(csv);
}

static void test_errors(void)
{
    expect_error("", "t.csv:1: no header row", "");
    expect_error("# only a comment\n\n", "t.csv:3: no header row", "");
    expect_error("a,,c\n", "t.csv:1:3: empty column name", "");
    expect_error(",b\n", "t.csv:1:1: empty column name", "");
    expect_error("a,b,a\n", "t.csv:1:5: column \"a\" appears twice", "");
    expect_error("day,kind,kind\n", "t.csv:1:10: column \"kind\" appears twice", "");
    expect_error("a,b\n1,2,3,4,5,6,7\n", "t.csv:2:5: 7 fields, but the header has 2", "");
    expect_error("a,b\n1,2\n3,4,5\n", "t.csv:3:5: 3 fields, but the header has 2", "");
    expect_error("a,b\n1,2\n\n  3\n", "t.csv:4:1: 1 field, but the header has 2", "");
    expect_error("a,b\n1,x\"y\n", "t.csv:2:4: quote inside an unquoted cell", "");
    expect_error("a,b\n1,\"xy\"z\n", "t.csv:2:7: unexpected text after a closing quote", "");
    expect_error("a,b\n1,\"never\nclosed\n", "t.csv:2:3: quoted cell is never closed", "");
    expect_error("a,b\n1,2\r3,4\n", "t.csv:2:4: carriage return without a line feed", "");
    const char nul[] = "a,b\n1,\0\n";
    calf_csv *csv = NULL;
    calf_error err = {0};
    CHECK(calf_csv_parse(nul, sizeof(nul) - 1, "t.csv", &csv, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.csv:2:3: NUL byte") == err.msg);

    csv = parse("a,b\n1, 2x \n", &err);
    CHECK(csv != NULL);
    double v;
    int present;
    CHECK(calf_csv_number(csv, 0, 1, &v, &present, &err) == CALF_EINPUT);
    CHECK(strcmp(err.msg, "t.csv:2:4: column \"b\": \"2x\" is not a number") == 0);
    calf_csv_free(csv);
}

/* Defect 12: an absurd cell count is refused before the cells are stored. */
static void test_limits(void)
{
    size_t n = (size_t)20 * 1000 * 1000;
    char *commas = malloc(n + 3);
    CHECK(commas != NULL);
    if (!commas)
        return;
    memcpy(commas, "a\n", 2);
    memset(commas + 2, ',', n);
    commas[n + 2] = '\0';
    calf_csv *csv = NULL;
    calf_error err = {0};
    CHECK(calf_csv_parse(commas, n + 2, "t.csv", &csv, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.csv: up to 20000002 cells") == err.msg);
    CHECK(strstr(err.msg, "allowed at most 16777216") != NULL);
    /* a header of 2000 columns */
    char *wide = malloc(2000 * 4 + 1);
    size_t w = 0;
    for (int i = 0; wide && i < 2000; i++)
        w += (size_t)snprintf(wide + w, 5, "%s%03d", i ? "," : "", i % 1000);
    if (wide) {
        CHECK(calf_csv_parse(wide, w, "t.csv", &csv, &err) == CALF_EINPUT);
        CHECK(strstr(err.msg, "t.csv:1: 2000 columns in the header; allowed at most 1024") ==
              err.msg);
    }
    free(wide);
    free(commas);
}

static void test_file(void)
{
    calf_csv *csv = NULL;
    calf_error err = {0};
    CHECK(calf_csv_read("/nonexistent/calfsim/x.csv", &csv, &err) == CALF_EIO);
    CHECK(strstr(err.msg, "/nonexistent/calfsim/x.csv: cannot open") == err.msg);
    char path[] = "/tmp/calfsim_test_csv_XXXXXX";
    FILE *fp = NULL;
    int fd = mkstemp(path);
    if (fd >= 0)
        fp = fdopen(fd, "w");
    CHECK(fp != NULL);
    if (!fp)
        return;
    fputs("day,perf\n1,2\n2,oops\n", fp);
    fclose(fp);
    CHECK(calf_csv_read(path, &csv, &err) == CALF_OK);
    if (csv) {
        double v;
        CHECK(calf_csv_number(csv, 1, 1, &v, NULL, &err) == CALF_EINPUT);
        char want[128];
        snprintf(want, sizeof(want), "%s:3:3: column \"perf\"", path);
        CHECK(strstr(err.msg, want) == err.msg);
    }
    calf_csv_free(csv);
    remove(path);
}

int main(void)
{
    gsl_set_error_handler_off();
    test_basic();
    test_dialect();
    test_errors();
    test_limits();
    test_file();
    CHECK_DONE();
}
