/*
 * test_ics.c: prescription.ics against RFC 5545 (engine/core/ics.c) and the
 * prescription's dates and words (engine/core/prescribe.c). A checker reads
 * the written calendar: every physical line ends in CRLF and has at most 75
 * octets, continuation lines start with one space and never split a UTF-8
 * sequence, unfolding gives back the content lines, BEGIN/END balance, the
 * calendar has VERSION and PRODID, every VEVENT has a unique UID, DTSTAMP
 * and an all-day DTSTART; TEXT escaping round-trips; the same record gives
 * the same bytes. Also: strict dates, weekdays, paces and session words.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "ics.h"

/* Whether s[0..n) is valid UTF-8 (no sequence cut short). */
static int utf8_ok(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n;) {
        size_t k = s[i] < 0x80             ? 1
                   : (s[i] & 0xE0) == 0xC0 ? 2
                   : (s[i] & 0xF0) == 0xE0 ? 3
                   : (s[i] & 0xF8) == 0xF0 ? 4
                                           : 0;
        if (!k || i + k > n)
            return 0;
        for (size_t j = 1; j < k; j++)
            if ((s[i + j] & 0xC0) != 0x80)
                return 0;
        i += k;
    }
    return 1;
}

typedef struct ics_stats {
    int lines, events, depth_err, long_lines, bare_lf, bad_utf8, missing_props, dup_uid;
    int has_version, has_prodid;
} ics_stats;

/* Unfold buf (the whole file) into content lines and check them. */
static void ics_check(const char *buf, size_t len, ics_stats *st, char *unfolded, size_t ucap)
{
    memset(st, 0, sizeof(*st));
    size_t u = 0;
    int depth = 0, in_event = 0, ev_uid = 0, ev_stamp = 0, ev_start = 0;
    char uids[256][96];
    int nuid = 0;
    char line[20000];
    size_t ll = 0;
    for (size_t i = 0; i < len;) {
        const char *e = memchr(buf + i, '\n', len - i);
        size_t end = e ? (size_t)(e - buf) : len;
        if (end == i || buf[end - 1] != '\r')
            st->bare_lf++;
        size_t plen = end > i && buf[end - 1] == '\r' ? end - 1 - i : end - i;
        if (plen > 75)
            st->long_lines++;
        if (!utf8_ok((const unsigned char *)buf + i, plen))
            st->bad_utf8++;
        st->lines++;
        int cont = buf[i] == ' ';
        if (!cont && ll) { /* a content line is complete */
            line[ll] = '\0';
            if (u + ll + 1 < ucap) {
                memcpy(unfolded + u, line, ll);
                u += ll;
                unfolded[u++] = '\n';
            }
            if (strcmp(line, "BEGIN:VEVENT") == 0) {
                in_event = 1;
                ev_uid = ev_stamp = ev_start = 0;
                depth++;
            } else if (strncmp(line, "BEGIN:", 6) == 0) {
                depth++;
            } else if (strcmp(line, "END:VEVENT") == 0) {
                st->events++;
                st->missing_props += !ev_uid + !ev_stamp + !ev_start;
                in_event = 0;
                depth--;
            } else if (strncmp(line, "END:", 4) == 0) {
                depth--;
            } else if (strncmp(line, "VERSION:2.0", 11) == 0) {
                st->has_version = 1;
            } else if (strncmp(line, "PRODID:", 7) == 0) {
                st->has_prodid = 1;
            } else if (in_event && strncmp(line, "UID:", 4) == 0) {
                ev_uid = 1;
                for (int k = 0; k < nuid; k++)
                    st->dup_uid += strcmp(uids[k], line + 4) == 0;
                if (nuid < 256) {
                    size_t l = strnlen(line + 4, sizeof(uids[0]) - 1);
                    memcpy(uids[nuid], line + 4, l);
                    uids[nuid++][l] = '\0';
                }
            } else if (in_event && strncmp(line, "DTSTAMP:", 8) == 0) {
                ev_stamp = strlen(line) == 24 && line[16] == 'T' && line[23] == 'Z';
            } else if (in_event && strncmp(line, "DTSTART;VALUE=DATE:", 19) == 0) {
                ev_start = strlen(line) == 27;
            }
            if (depth < 0)
                st->depth_err++;
            ll = 0;
        }
        size_t from = i + (size_t)cont;
        size_t take = plen - (size_t)cont;
        if (ll + take < sizeof(line)) {
            memcpy(line + ll, buf + from, take);
            ll += take;
        }
        i = end + 1;
    }
    if (ll) { /* the last line */
        line[ll] = '\0';
        depth -= strcmp(line, "END:VCALENDAR") == 0;
        if (u + ll + 1 < ucap) {
            memcpy(unfolded + u, line, ll);
            u += ll;
            unfolded[u++] = '\n';
        }
    }
    st->depth_err += depth != 0;
    if (ucap)
        unfolded[u < ucap ? u : ucap - 1] = '\0';
}

static char *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(1 << 20);
    *len = buf ? fread(buf, 1, (1 << 20) - 1, fp) : 0;
    fclose(fp);
    if (buf)
        buf[*len] = '\0';
    return buf;
}

static void test_escape_fold(void)
{
    char out[256];
    calf_ics_escape("a,b;c\\d\ne", out, sizeof(out));
    CHECK(strcmp(out, "a\\,b\\;c\\\\d\\ne") == 0);
    /* truncation never leaves half a character: "×" is 2 octets */
    calf_ics_escape("ab\xc3\x97", out, 4);
    CHECK(strcmp(out, "ab") == 0);
    calf_ics_escape("\xe2\x80\x94xyz", out, 3);
    CHECK(out[0] == '\0');

    /* folding: a long line of 3-octet characters at every offset */
    for (int shift = 0; shift < 3; shift++) {
        char line[600] = "DESCRIPTION:";
        size_t at = strlen(line);
        for (int i = 0; i < shift; i++)
            line[at++] = 'x';
        for (int i = 0; i < 60; i++) {
            memcpy(line + at, "\xe2\x80\x94", 3);
            at += 3;
        }
        line[at] = '\0';
        char path[] = "/tmp/calf_ics_fold.XXXXXX";
        int fd = mkstemp(path);
        CHECK(fd >= 0);
        FILE *fp = fdopen(fd, "wb");
        calf_ics_put_line(fp, line);
        fclose(fp);
        size_t len;
        char *buf = slurp(path, &len);
        remove(path);
        CHECK(buf != NULL);
        if (!buf)
            continue;
        ics_stats st;
        char un[1024];
        ics_check(buf, len, &st, un, sizeof(un));
        CHECK(st.long_lines == 0 && st.bare_lf == 0 && st.bad_utf8 == 0);
        CHECK(st.lines >= 3);
        un[strcspn(un, "\n")] = '\0';
        CHECK(strcmp(un, line) == 0); /* unfolding gives the line back */
        free(buf);
    }
}

static void test_dates(void)
{
    long d;
    CHECK(calf_date_parse("1970-01-01", &d) == 0 && d == 0);
    CHECK(calf_date_parse("2027-01-04", &d) == 0 && calf_date_weekday(d) == 1); /* a Monday */
    CHECK(calf_date_parse("2024-02-29", &d) == 0);
    CHECK(calf_date_parse("2023-02-29", &d) != 0);
    CHECK(calf_date_parse("2000-02-29", &d) == 0);
    CHECK(calf_date_parse("2100-02-29", &d) != 0);
    CHECK(calf_date_parse("2027-13-01", &d) != 0);
    CHECK(calf_date_parse("2027-1-04", &d) != 0);
    CHECK(calf_date_parse("2027-01-04x", &d) != 0);
    CHECK(calf_date_parse("", &d) != 0);
    char b[16];
    calf_date_parse("2027-12-31", &d);
    calf_date_format(d + 1, 1, b, sizeof(b));
    CHECK(strcmp(b, "20280101") == 0);
    for (long x = 0; x < 80000; x += 37) { /* format and parse agree */
        calf_date_format(x, 0, b, sizeof(b));
        long y = -1;
        CHECK(calf_date_parse(b, &y) == 0 && y == x);
        CHECK(calf_date_weekday(x + 7) == calf_date_weekday(x));
    }
    calf_rx_pace(10.8, b, sizeof(b));
    CHECK(strcmp(b, "5:33") == 0);
    calf_rx_pace(12, b, sizeof(b));
    CHECK(strcmp(b, "5:00") == 0);
}

/* A two-week record with a run whose rules hold commas and semicolons. */
static void fill(calf_rx *rx)
{
    for (int d = 0; d < rx->days; d++) {
        if (d % 7 == 4)
            continue; /* Fridays off */
        calf_rx_day *day = &rx->day[d];
        day->n = 2;
        calf_rx_session *s = &day->s[0];
        s->kind = CALF_K_RUN;
        snprintf(s->title, sizeof(s->title), "Easy run");
        snprintf(s->details, sizeof(s->details), "3.2 km at 5:33 per km \xe2\x80\x94 day %d", d);
        snprintf(s->rule, sizeof(s->rule),
                 "stop if pain reaches 3/10; if morning pain is above 2/10, do 50%% of the "
                 "distance; back\\slash");
        s = &day->s[1];
        s->kind = CALF_K_STRENGTH;
        snprintf(s->title, sizeof(s->title), "Seated calf raise");
        snprintf(s->details, sizeof(s->details), "3 \xc3\x97 15RM, 3 s up, 3 s down");
    }
}

static void test_calendar(void)
{
    calf_rx rx;
    long start;
    calf_date_parse("2027-01-04", &start);
    CHECK(calf_rx_init(&rx, 14, start, NULL) == CALF_OK);
    fill(&rx);
    calf_rx_meta meta = {.protocol = "Symptom-guided, return; test",
                         .patient = "P\xc3\xa4tient",
                         .seed = 1,
                         .param_hash = 0x1234,
                         .input_hash = 0xabcdef,
                         .requested_start = start};
    char p1[] = "/tmp/calf_ics_a.XXXXXX", p2[] = "/tmp/calf_ics_b.XXXXXX";
    int f1 = mkstemp(p1), f2 = mkstemp(p2);
    CHECK(f1 >= 0 && f2 >= 0);
    CHECK(calf_rx_write_ics(p1, &rx, &meta, NULL) == CALF_OK);
    CHECK(calf_rx_write_ics(p2, &rx, &meta, NULL) == CALF_OK);
    size_t l1, l2;
    char *a = slurp(p1, &l1), *b = slurp(p2, &l2);
    CHECK(a && b && l1 == l2 && memcmp(a, b, l1) == 0); /* same record, same bytes */
    if (a) {
        ics_stats st;
        char *un = malloc(1 << 20);
        ics_check(a, l1, &st, un, 1 << 20);
        CHECK(st.long_lines == 0);
        CHECK(st.bare_lf == 0);
        CHECK(st.bad_utf8 == 0);
        CHECK(st.depth_err == 0);
        CHECK(st.events == 12); /* 14 days, 2 Fridays off */
        CHECK(st.missing_props == 0);
        CHECK(st.dup_uid == 0);
        CHECK(st.has_version && st.has_prodid);
        CHECK(strstr(un, "DTSTART;VALUE=DATE:20270104\nDTEND;VALUE=DATE:20270105\n") != NULL);
        CHECK(strstr(un, "stop if pain reaches 3/10\\; if morning pain is above 2/10\\, do") !=
              NULL);
        CHECK(strstr(un, "back\\\\slash") != NULL);
        CHECK(strstr(un, "UID:calfsim-0000000000abcdef-20270104@calfsim.invalid") != NULL);
        CHECK(strstr(un, "DTSTAMP:20270104T000000Z") != NULL);
        CHECK(strstr(un, "\\nSeated calf raise 3 \xc3\x97 15RM\\, 3 s up\\, 3 s down") != NULL);
        free(un);
    }
    free(a);
    free(b);
    remove(p1);
    remove(p2);
    calf_rx_free(&rx);
    /* a record must be whole weeks */
    calf_error err = {0};
    CHECK(calf_rx_init(&rx, 10, start, &err) == CALF_EUSAGE);
    CHECK(calf_rx_init(&rx, 7 * (CALF_RX_MAX_WEEKS + 1), start, &err) == CALF_EUSAGE);
}

int main(void)
{
    test_escape_fold();
    test_dates();
    test_calendar();
    CHECK_DONE();
}
