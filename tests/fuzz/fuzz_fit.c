/*
 * fuzz_fit.c: libFuzzer target for the FIT activity reader (fit.h): any bytes
 * must decode or fail with a message naming a byte offset, never crash, read
 * out of bounds or leak; a failed decode leaves the list as it was.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fit.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    int rc = calf_fit_decode(data, size, "fuzz.fit", &l, &err);
    if (rc != CALF_OK && (l.n != 0 || strncmp(err.msg, "fuzz.fit: byte ", 15) != 0))
        abort(); /* a failure must name the byte and add nothing */
    if (rc == CALF_OK && l.n == 0)
        abort(); /* an accepted file holds an activity */
    calf_activity_list_free(&l);
    return 0;
}
