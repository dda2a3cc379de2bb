/*
 * test_number_write.c: the number writers of util.h that the output files
 * share: JSON numbers (significant digits, -0 as 0, null for NaN and
 * infinities), the compact object of named numbers of the fit and Banister
 * outputs, CSV cells (empty when not finite) and gnuplot columns (NaN).
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "util.h"

/* What write(fp) put in a temporary file, into out. */
static void captured(FILE *fp, char *out, size_t n)
{
    rewind(fp);
    size_t got = fread(out, 1, n - 1, fp);
    out[got] = '\0';
    fclose(fp);
}

static void number_is(double v, int sig, const char *want)
{
    char out[64];
    FILE *fp = tmpfile();
    CHECK(fp != NULL);
    if (!fp)
        return;
    calf_json_number(fp, v, sig);
    captured(fp, out, sizeof(out));
    if (strcmp(out, want) != 0) {
        fprintf(stderr, "json_number(%g, %d) = \"%s\", want \"%s\"\n", v, sig, out, want);
        check_failures++;
    }
}

int main(void)
{
    gsl_set_error_handler_off();
    number_is(1.0 / 3.0, 6, "0.333333");
    number_is(1.0 / 3.0, 10, "0.3333333333");
    number_is(-0.0, 6, "0");
    number_is(NAN, 6, "null");
    number_is(INFINITY, 6, "null");
    number_is(-INFINITY, 6, "null");

    const char *const names[] = {"p0", "k1", "tau1"};
    const double v[] = {50, NAN, 42.5};
    char out[128];
    FILE *fp = tmpfile();
    CHECK(fp != NULL);
    if (fp) {
        calf_json_numbers(fp, names, v, 3, 10);
        captured(fp, out, sizeof(out));
        CHECK(strcmp(out, "{\"p0\":50,\"k1\":null,\"tau1\":42.5}") == 0);
    }
    fp = tmpfile();
    CHECK(fp != NULL);
    if (fp) {
        calf_json_numbers(fp, names, v, 0, 10);
        captured(fp, out, sizeof(out));
        CHECK(strcmp(out, "{}") == 0);
    }
    char cells[128];
    fp = tmpfile();
    CHECK(fp != NULL);
    if (fp) {
        calf_csv_put_number(fp, 2.0 / 3.0);
        calf_csv_put_number(fp, -0.0);
        calf_csv_put_number(fp, NAN);
        calf_dat_put_number(fp, 1e-9);
        calf_dat_put_number(fp, -INFINITY);
        captured(fp, cells, sizeof(cells));
        CHECK(strcmp(cells, ",0.666667,0, 1e-09 NaN") == 0);
    }
    CHECK_DONE();
}
