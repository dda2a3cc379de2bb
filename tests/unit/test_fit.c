/*
 * test_fit.c: the FIT reader (fit.h) against files written by the test
 * encoder (tests/tools/fitenc.h) with known values: sessions in both byte
 * orders, developer fields, compressed timestamps, invalid values, field
 * sizes that differ from the profile, several sessions and sports, files
 * without a session (laps, records), chained files, a huge file, and bad
 * files (truncated at every length, bad CRCs, not an activity, undefined
 * local type), which must fail with the byte offset and leave the list as it
 * was.
 */
#include <math.h>
#include <string.h>

#include "check.h"
#include "fit.h"
#include "tools/fitenc.h"

#define T0 800000000u /* a FIT time: 2015-05-08 */

static int decode(const fitenc *e, calf_activity_list *l, calf_error *err)
{
    return calf_fit_decode(e->buf, e->n, "t.fit", l, err);
}

static const fitenc_session RUN = {T0, 3100000, 3000000, 1000000, 1, 85, 64};

static void one_session(fitenc *e, int hsize, int big, int dev, const fitenc_session *s)
{
    fitenc_begin(e, hsize);
    fitenc_file_id(e, 0, 4);
    fitenc_session_msg(e, 1, big, dev, s);
}

static void check_run(const calf_activity *a)
{
    CHECK(a->sport == CALF_SPORT_RUN);
    CHECK(a->start == (int64_t)T0 + CALF_FIT_EPOCH);
    CHECK_ABS(a->km, 10.0, 1e-9);
    CHECK_ABS(a->minutes, 50.0, 1e-9);      /* timer 3000 s, not elapsed 3100 */
    CHECK_ABS(a->cadence_spm, 171.0, 1e-9); /* 2 x (85 + 64/128) */
    CHECK(strcmp(a->source, "t.fit#1") == 0);
}

static void test_session_orders(void)
{
    for (int hsize = 12; hsize <= 14; hsize += 2)
        for (int big = 0; big <= 1; big++)
            for (int dev = 0; dev <= 5; dev += 5) {
                fitenc e = {0};
                one_session(&e, hsize, big, dev, &RUN);
                fitenc_end(&e);
                calf_activity_list l = {0};
                calf_error err = {0};
                CHECK(decode(&e, &l, &err) == CALF_OK);
                CHECK(l.n == 1);
                if (l.n == 1)
                    check_run(&l.a[0]);
                calf_activity_list_free(&l);
                fitenc_free(&e);
            }
}

static void test_crc(void)
{
    const unsigned char s[] = "123456789";
    CHECK(calf_fit_crc(0, s, 9) == 0xBB3D); /* CRC-16/ARC check value */
    CHECK(calf_fit_crc(0, s, 9) == fitenc_crc(0, s, 9));
    /* header CRC zero: not computed, accepted; wrong: refused */
    for (int hc = 0; hc <= 2; hc += 2) {
        fitenc e = {0};
        one_session(&e, 14, 0, 0, &RUN);
        fitenc_end_crc(&e, hc);
        calf_activity_list l = {0};
        calf_error err = {0};
        int rc = decode(&e, &l, &err);
        CHECK(hc == 0 ? rc == CALF_OK : rc == CALF_EINPUT);
        if (hc == 2)
            CHECK(strstr(err.msg, "t.fit: byte 12: header CRC") != NULL);
        calf_activity_list_free(&l);
        fitenc_free(&e);
    }
    /* a flipped bit anywhere in the records: the file CRC */
    fitenc e = {0};
    one_session(&e, 14, 0, 0, &RUN);
    fitenc_end(&e);
    e.buf[e.n - 6] ^= 0x10;
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(decode(&e, &l, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "file CRC") != NULL && strstr(err.msg, "byte ") != NULL);
    CHECK(l.n == 0);
    fitenc_free(&e);
}

/* Every prefix of a good file fails with a byte offset, and leaves the list
 * as it was. */
static void test_truncated(void)
{
    fitenc e = {0};
    one_session(&e, 14, 1, 3, &RUN);
    fitenc_end(&e);
    calf_activity_list l = {0};
    calf_activity keep = {.sport = CALF_SPORT_SWIM};
    calf_error err = {0};
    CHECK(calf_activity_push(&l, &keep, &err) == CALF_OK);
    int bad = 0;
    for (size_t n = 0; n < e.n; n++) {
        err.msg[0] = '\0';
        int rc = calf_fit_decode(e.buf, n, "cut.fit", &l, &err);
        if (rc != CALF_EINPUT || strncmp(err.msg, "cut.fit: byte ", 14) != 0 || l.n != 1)
            bad++;
    }
    CHECK(bad == 0);
    /* a file cut after its header: "ends early" */
    calf_fit_decode(e.buf, e.n - 10, "cut.fit", &l, &err);
    CHECK(strstr(err.msg, "ends early") != NULL);
    calf_activity_list_free(&l);
    fitenc_free(&e);
}

static void test_invalid_and_sizes(void)
{
    /* invalid cadence (0xFF), invalid timer (0xFFFFFFFF): no cadence, elapsed
     * time instead */
    fitenc e = {0};
    fitenc_session s = RUN;
    s.cadence = 0xFF;
    s.frac = 0xFF;
    s.timer_ms = 0xFFFFFFFFu;
    one_session(&e, 12, 0, 0, &s);
    fitenc_end(&e);
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 1);
    if (l.n == 1) {
        CHECK(isnan(l.a[0].cadence_spm));
        CHECK_ABS(l.a[0].minutes, 3100.0 / 60.0, 1e-9);
    }
    calf_activity_list_free(&l);
    fitenc_free(&e);

    /* sizes unlike the profile's: distance as uint16 (size 2), cadence as a
     * 3-element array, the timer 3 bytes long (not a multiple of uint32: no
     * value), an unknown field 77 as a string */
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4);
    const fitenc_field f[] = {{2, 4, FE_UINT32}, {5, 1, FE_ENUM},   {9, 2, FE_UINT16},
                              {18, 3, FE_UINT8}, {8, 3, FE_UINT32}, {7, 4, FE_UINT32},
                              {77, 6, FE_STRING}};
    fitenc_def(&e, 2, 18, 1, f, 7, 0);
    const uint64_t v[] = {T0, 11, 54321, 60, 0, 1200000, 'x'};
    fitenc_data(&e, 2, v);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 1);
    if (l.n == 1) {
        CHECK(l.a[0].sport == CALF_SPORT_WALK);
        CHECK_ABS(l.a[0].km, 0.54321, 1e-12);
        CHECK_ABS(l.a[0].cadence_spm, 120.0, 1e-12);
        CHECK_ABS(l.a[0].minutes, 20.0, 1e-12); /* elapsed: the timer had no value */
    }
    calf_activity_list_free(&l);
    fitenc_free(&e);
}

static void test_several_sessions_sports(void)
{
    static const struct {
        uint8_t fit;
        int sport;
        int cadence; /* steps kept */
    } sports[] = {{1, CALF_SPORT_RUN, 1},    {2, CALF_SPORT_CYCLE, 0}, {11, CALF_SPORT_WALK, 1},
                  {17, CALF_SPORT_WALK, 1},  {5, CALF_SPORT_SWIM, 0},  {0, CALF_SPORT_OTHER, 0},
                  {21, CALF_SPORT_CYCLE, 0}, {4, CALF_SPORT_OTHER, 0}};
    const int ns = (int)(sizeof(sports) / sizeof(sports[0]));
    fitenc e = {0};
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4);
    for (int i = 0; i < ns; i++) {
        fitenc_session s = RUN;
        s.sport = sports[i].fit;
        s.start = T0 + 3600u * (unsigned)i;
        s.dist_cm = 100000u * (unsigned)(i + 1);
        fitenc_session_msg(&e, 1 + i % 3, i % 2, i % 2 ? 7 : 0, &s);
    }
    /* an activity message: local time 2 hours ahead of UTC */
    const fitenc_field af[] = {{253, 4, FE_UINT32}, {5, 4, FE_UINT32}};
    fitenc_def(&e, 5, 34, 0, af, 2, 0);
    const uint64_t av[] = {T0 + 99999, T0 + 99999 + 7200};
    fitenc_data(&e, 5, av);
    fitenc_end(&e);
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(decode(&e, &l, &err) == CALF_OK);
    CHECK(l.n == (size_t)ns);
    for (int i = 0; i < ns && l.n == (size_t)ns; i++) {
        CHECK(l.a[i].sport == sports[i].sport);
        CHECK_ABS(l.a[i].km, i + 1.0, 1e-9);
        CHECK(l.a[i].utc_offset_s == 7200);
        CHECK(sports[i].cadence ? l.a[i].cadence_spm == 171.0 : isnan(l.a[i].cadence_spm));
        char want[32];
        snprintf(want, sizeof(want), "t.fit#%d", i + 1);
        CHECK(strcmp(l.a[i].source, want) == 0);
    }
    calf_activity_list_free(&l);
    fitenc_free(&e);
}

/* Records only, with compressed timestamps (rolling over the 5-bit offset),
 * a sport message and developer fields; and a file of laps only. */
static void test_fallbacks(void)
{
    fitenc e = {0};
    fitenc_begin(&e, 12);
    fitenc_file_id(&e, 0, 4);
    const fitenc_field sf[] = {{0, 1, FE_ENUM}};
    fitenc_def(&e, 4, 12, 0, sf, 1, 0);
    const uint64_t sv[] = {1};
    fitenc_data(&e, 4, sv);
    const fitenc_field full[] = {{253, 4, FE_UINT32}, {5, 4, FE_UINT32}, {4, 1, FE_UINT8}};
    const fitenc_field comp[] = {{5, 4, FE_UINT32}, {4, 1, FE_UINT8}, {53, 1, FE_UINT8}};
    fitenc_def(&e, 1, 20, 1, full, 3, 0);
    const uint32_t t0 = T0 + 27; /* low 5 bits 27: the offsets roll over */
    const uint64_t v0[] = {t0, 0, 80};
    fitenc_data(&e, 1, v0);
    fitenc_def(&e, 2, 20, 0, comp, 3, 2);
    uint32_t t = t0;
    for (int i = 1; i <= 100; i++) {
        t += 3;
        const uint64_t v[] = {(uint64_t)i * 1000, 90, 64};
        fitenc_data_ts(&e, 2, v, (int)(t & 0x1F));
    }
    fitenc_end(&e);
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 1);
    if (l.n == 1) {
        CHECK(l.a[0].sport == CALF_SPORT_RUN);
        CHECK(l.a[0].start == (int64_t)t0 + CALF_FIT_EPOCH);
        CHECK_ABS(l.a[0].minutes, 300.0 / 60.0, 1e-9); /* 100 steps of 3 s */
        CHECK_ABS(l.a[0].km, 1.0, 1e-9);
        /* mean of one 80 and a hundred 90.5 strides, doubled */
        CHECK_ABS(l.a[0].cadence_spm, 2 * (80 + 100 * 90.5) / 101, 1e-9);
    }
    calf_activity_list_free(&l);
    fitenc_free(&e);

    /* laps only: sums, time-weighted cadence */
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4);
    const fitenc_field lf[] = {{2, 4, FE_UINT32},
                               {8, 4, FE_UINT32},
                               {9, 4, FE_UINT32},
                               {17, 1, FE_UINT8},
                               {25, 1, FE_ENUM}};
    fitenc_def(&e, 3, 19, 0, lf, 5, 0);
    const uint64_t l1[] = {T0, 600000, 200000, 80, 1}, l2[] = {T0 + 600, 1200000, 300000, 86, 1};
    fitenc_data(&e, 3, l1);
    fitenc_data(&e, 3, l2);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 1);
    if (l.n == 1) {
        CHECK(l.a[0].start == (int64_t)T0 + CALF_FIT_EPOCH);
        CHECK_ABS(l.a[0].km, 5.0, 1e-9);
        CHECK_ABS(l.a[0].minutes, 30.0, 1e-9);
        CHECK_ABS(l.a[0].cadence_spm, 2 * (80 * 600 + 86 * 1200) / 1800.0, 1e-9);
    }
    calf_activity_list_free(&l);
    fitenc_free(&e);
}

static void test_not_activity_and_bad_records(void)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    fitenc e = {0};
    /* a course file (type 6) */
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 6);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_EINPUT && strstr(err.msg, "not an activity") != NULL);
    fitenc_free(&e);
    /* an activity without session, lap or records */
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_EINPUT && strstr(err.msg, "not an activity") != NULL);
    fitenc_free(&e);
    /* a data message of an undefined local type at byte 14 + 12 */
    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4); /* 1 + 5 + 6 definition, 1 + 3 data = 16 bytes */
    fitenc_byte(&e, 0x07);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, "t.fit: byte 30: data message of local type with no definition") != NULL);
    fitenc_free(&e);
    /* a compressed timestamp before any timestamp */
    fitenc_begin(&e, 12);
    fitenc_file_id(&e, 0, 4);
    fitenc_byte(&e, 0x80 | 5);
    fitenc_end(&e);
    CHECK(decode(&e, &l, &err) == CALF_EINPUT && strstr(err.msg, "compressed") != NULL);
    fitenc_free(&e);
    /* not FIT at all */
    const unsigned char txt[] = "this is certainly not a FIT file, is it";
    CHECK(calf_fit_decode(txt, sizeof(txt), "x.fit", &l, &err) == CALF_EINPUT);
    CHECK(strstr(err.msg, ".FIT") != NULL);
    CHECK(l.n == 0);
}

/* Two files chained in one, and a huge file of 300,000 records. */
static void test_chained_huge(void)
{
    fitenc e = {0};
    one_session(&e, 14, 0, 0, &RUN);
    fitenc_end(&e);
    fitenc_session s2 = RUN;
    s2.start += 86400;
    one_session(&e, 12, 1, 0, &s2);
    fitenc_end(&e);
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 2);
    if (l.n == 2)
        CHECK(l.a[1].start - l.a[0].start == 86400);
    calf_activity_list_free(&l);
    fitenc_free(&e);

    fitenc_begin(&e, 14);
    fitenc_file_id(&e, 0, 4);
    const fitenc_field rf[] = {{253, 4, FE_UINT32}, {5, 4, FE_UINT32}, {4, 1, FE_UINT8}};
    fitenc_def(&e, 1, 20, 0, rf, 3, 0);
    for (uint32_t i = 0; i < 300000; i++) {
        const uint64_t v[] = {T0 + i, (uint64_t)i * 280, 88};
        fitenc_data(&e, 1, v);
    }
    fitenc_session s = RUN;
    s.dist_cm = 299999u * 280;
    s.elapsed_ms = s.timer_ms = 299999000u;
    fitenc_session_msg(&e, 2, 0, 0, &s);
    fitenc_end(&e);
    CHECK(e.n > 3000000);
    CHECK(decode(&e, &l, &err) == CALF_OK && l.n == 1);
    if (l.n == 1)
        CHECK_ABS(l.a[0].km, 299999 * 2.8 / 1000.0, 1e-9);
    calf_activity_list_free(&l);
    fitenc_free(&e);
}

int main(void)
{
    test_crc();
    test_session_orders();
    test_truncated();
    test_invalid_and_sizes();
    test_several_sessions_sports();
    test_fallbacks();
    test_not_activity_and_bad_records();
    test_chained_huge();
    CHECK_DONE();
}
