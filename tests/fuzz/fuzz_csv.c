/*
 * fuzz_csv.c: libFuzzer target for calfsim's strict CSV reader (csv.h): any
 * bytes must parse or fail with a message, never crash or leak; every cell of
 * a parsed table is read back, numbers included.
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>

#include "csv.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    calf_csv *csv = NULL;
    calf_error err = {0};
    if (calf_csv_parse((const char *)data, size, "fuzz.csv", &csv, &err) == CALF_OK) {
        for (size_t r = 0; r < csv->nrows; r++)
            for (size_t c = 0; c < csv->ncols; c++) {
                double v;
                int present;
                long n;
                (void)calf_csv_number(csv, r, c, &v, &present, &err);
                (void)calf_csv_long(csv, r, c, -5, 5, &n, &present, &err);
            }
        int col;
        (void)calf_csv_require(csv, "day", &col, &err);
        calf_csv_free(csv);
    }
    return 0;
}
