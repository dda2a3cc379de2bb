/*
 * test_patient_load.c: the patient-profile loader. Every shipped profile in
 * scripts/patients/ loads and validates; every error path of the loader
 * (unknown field with and without a suggestion, out of range, non-finite,
 * wrong type, bad choice, missing field, cross-field rule, runaway loop,
 * memory bomb, library calls in a library-free file, syntax error, a file
 * that returns no table) gives its status and a message naming the file and
 * the field.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "patient_load.h"

#define PDIR CALF_SOURCE_DIR "/scripts/patients/"
#define FDIR CALF_SOURCE_DIR "/tests/lua/fixtures/patients/"

static void expect_fail(const char *file, int code, const char *text)
{
    char path[1024];
    snprintf(path, sizeof(path), "%s%s", FDIR, file);
    calf_patient p;
    calf_error err = {0};
    int rc = calf_patient_load(path, &p, &err);
    if (rc != code || !strstr(err.msg, text) || !strstr(err.msg, file))
        fprintf(stderr, "%s: rc %d \"%s\", want rc %d with \"%s\"\n", file, rc, err.msg, code,
                text);
    CHECK(rc == code);
    CHECK(strstr(err.msg, text) != NULL);
    CHECK(strstr(err.msg, file) != NULL);
}

static void load_ok(const char *path, calf_patient *p)
{
    calf_error err = {0};
    int rc = calf_patient_load(path, p, &err);
    if (rc)
        fprintf(stderr, "%s: %s\n", path, err.msg);
    CHECK(rc == CALF_OK);
}

int main(void)
{
    gsl_set_error_handler_off();
    calf_patient p;

    load_ok(PDIR "distance_limited.lua", &p);
    CHECK_ABS(p.onset_km, 3, 0);
    CHECK_ABS(p.easy_kmh, 10.8, 0);
    CHECK_ABS(p.km_per_week, 40, 0);
    CHECK(p.irritability == CALF_IRR_LOW);
    CHECK(strcmp(p.name, "Distance-limited recreational runner") == 0);

    load_ok(PDIR "speed_sensitive.lua", &p);
    CHECK(isnan(p.onset_km));
    CHECK_ABS(p.easy_free_km, 8, 0);
    CHECK_ABS(p.fast_kmh, 14, 0);
    CHECK_ABS(p.fast_onset_km, 1.2, 0);
    CHECK_ABS(p.cadence_spm, 164, 0);
    CHECK(p.strike == CALF_STRIKE_REARFOOT);
    CHECK(isnan(p.invertor_evertor) || p.invertor_evertor == 1); /* absent: default */

    load_ok(PDIR "highly_irritable.lua", &p);
    CHECK(p.irritability == CALF_IRR_HIGH);
    CHECK(p.morning_pain >= 1 && p.morning_pain < 2);
    CHECK(p.onset_km <= 1.5);

    load_ok(PDIR "neural_toe.lua", &p);
    CHECK_ABS(p.neural_mobility, 0.8, 0);
    CHECK_ABS(p.toe_flexor, 0.16, 0);
    CHECK(p.kinetic_chain < 1);

    load_ok(PDIR "overstrider.lua", &p);
    CHECK_ABS(p.overstride, 0.8, 0);
    CHECK_ABS(p.cadence_spm, 158, 0);
    CHECK_ABS(p.contact_ms, 290, 0);

    load_ok(FDIR "computed.lua", &p);
    CHECK_REL(p.onset_km, 3.0, 1e-12);

    expect_fail("unknown_field.lua", CALF_EINPUT,
                "unknown_field.lua:2: unknown field 'habitual.km_per_wek' (did you mean "
                "habitual.km_per_week?)");
    expect_fail("unknown_top.lua", CALF_EINPUT,
                "unknown field 'toe_flexr' (did you mean toe_flexor?)");
    expect_fail("unknown_far.lua", CALF_EINPUT, "unknown field 'favourite_colour'");
    expect_fail("out_of_range.lua", CALF_EINPUT,
                "out_of_range.lua:2: habitual.easy_kmh = 45: allowed 6 to 20 km/h");
    expect_fail("non_finite.lua", CALF_EINPUT, "symptoms.onset_km = inf: must be a finite number");
    expect_fail("nan.lua", CALF_EINPUT, "heel_raise_reps = ");
    expect_fail("nan.lua", CALF_EINPUT, "must be a finite number");
    /* the bad value is echoed back, with the line it is on */
    expect_fail("wrong_type.lua", CALF_EINPUT,
                "wrong_type.lua:2: habitual.km_per_week = \"forty\": expected a number");
    expect_fail("wrong_table.lua", CALF_EINPUT,
                "wrong_table.lua:2: habitual = 40: expected a table");
    expect_fail("bad_enum.lua", CALF_EINPUT,
                "symptoms.irritability = \"severe\": allowed low, moderate, high");
    expect_fail("missing.lua", CALF_EINPUT, "missing.lua:1: missing field 'heel_raise_reps'");
    expect_fail("both_onsets.lua", CALF_EINPUT, "give onset_km (3) or easy_free_km (8), not both");
    expect_fail("returns_number.lua", CALF_EINPUT, "must return a table (it returned number)");
    expect_fail("loop.lua", CALF_ESCRIPT, "loop.lua:2: instruction budget");
    expect_fail("bomb.lua", CALF_ESCRIPT, "out of memory: the Lua memory cap of 4 MiB");
    expect_fail("calls_io.lua", CALF_ESCRIPT, "calls_io.lua:1: undefined global 'io'");
    expect_fail("calls_print.lua", CALF_ESCRIPT, "calls_print.lua:1: undefined global 'print'");
    expect_fail("syntax.lua", CALF_ESCRIPT, "syntax.lua:2: '}' expected");
    expect_fail("does_not_exist.lua", CALF_EIO, "cannot open");
    CHECK_DONE();
}
