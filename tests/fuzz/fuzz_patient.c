/*
 * fuzz_patient.c: libFuzzer target for the patient loader (patient_load.h):
 * the bytes are written to a scratch file and loaded as a patient profile in
 * its sandbox; every input must load or fail with one message, within the
 * loader's memory cap and instruction budget.
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "patient_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    gsl_set_error_handler_off();
    static char path[128];
    if (!path[0]) {
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof(path), "%.40s/calf_fuzz_%ld.lua", tmp ? tmp : "/tmp", (long)getpid());
    }
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    calf_patient pt;
    calf_error err = {0};
    (void)calf_patient_load(path, &pt, &err);
    remove(path);
    return 0;
}
