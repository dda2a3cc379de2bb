/*
 * fuzz_study.c: libFuzzer target for the study API: the bytes are a study
 * script (seeds: small studies calling calfsim.patient, .simulate, .sweep,
 * .cohort, .write_csv and .plot), run with a 64 MiB cap and 2 million
 * instructions, protocols at 16 MiB and 200,000 instructions per callback,
 * writing into a scratch folder, without gnuplot. Every input must run or
 * fail with one message: no crash, no hang, no sanitizer report, no file
 * outside the scratch folder.
 */
#include <gsl/gsl_errno.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "out_dir.h"
#include "study.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static char dir[160], path[200], out[200];

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (!dir[0]) {
        gsl_set_error_handler_off();
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof(dir), "%.60s/calf_fuzz_study_XXXXXX", tmp ? tmp : "/tmp");
        if (!mkdtemp(dir))
            return 0;
        snprintf(path, sizeof(path), "%s/study.lua", dir);
        snprintf(out, sizeof(out), "%s/out", dir);
    }
    FILE *fp = fopen(path, "wb");
    if (!fp)
        return 0;
    fwrite(data, 1, size, fp);
    fclose(fp);
    calf_study_opts o = {.out_dir = out,
                         .seed = 1,
                         .threads = 1,
                         .mem_limit = (size_t)64 << 20,
                         .budget = 2000000,
                         .proto_mem_limit = (size_t)16 << 20,
                         .proto_budget = 200000,
                         .lib_dir = CALF_SOURCE_DIR "/protocols/lib"};
    calf_error err = {0};
    (void)calf_study_run(path, &o, &err);
    calf_remove_tree(out, NULL);
    remove(path);
    return 0;
}
