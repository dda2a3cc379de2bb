/*
 * ics.c: prescription.ics (see ics.h).
 */
#include "ics.h"

#include <string.h>

#include "util.h"

#define ICS_OCTETS 75 /* RFC 5545 3.1: lines SHOULD NOT be longer, CRLF excluded */

void calf_ics_escape(const char *in, char *out, size_t n)
{
    size_t j = 0;
    for (const unsigned char *s = (const unsigned char *)in; s && *s; s++) {
        char esc[3] = {0};
        if (*s == '\\' || *s == ';' || *s == ',') {
            esc[0] = '\\';
            esc[1] = (char)*s;
        } else if (*s == '\n') {
            esc[0] = '\\';
            esc[1] = 'n';
        } else {
            esc[0] = *s < 0x20 || *s == 0x7f ? ' ' : (char)*s;
        }
        size_t l = strlen(esc);
        if (j + l + 1 > n) {
            /* out of room inside a character: drop its first bytes too */
            if ((*s & 0xC0) == 0x80) {
                while (j > 0 && ((unsigned char)out[j - 1] & 0xC0) == 0x80)
                    j--;
                if (j > 0)
                    j--;
            }
            break;
        }
        memcpy(out + j, esc, l);
        j += l;
    }
    if (n)
        out[j] = '\0';
}

void calf_ics_put_line(FILE *fp, const char *line)
{
    size_t len = strlen(line), at = 0;
    int first = 1;
    while (at < len || first) {
        size_t room = first ? ICS_OCTETS : ICS_OCTETS - 1; /* the leading space counts */
        size_t take = len - at < room ? len - at : room;
        /* never split a UTF-8 sequence: end before a continuation byte */
        while (take > 0 && at + take < len && ((unsigned char)line[at + take] & 0xC0) == 0x80)
            take--;
        if (!first)
            fputc(' ', fp);
        fwrite(line + at, 1, take, fp);
        fputs("\r\n", fp);
        at += take;
        first = 0;
    }
}

/* "NAME:value" with the value escaped. */
static void text_prop(FILE *fp, const char *name, const char *value)
{
    char esc[12288], line[12400];
    calf_ics_escape(value, esc, sizeof(esc));
    snprintf(line, sizeof(line), "%s:%s", name, esc);
    calf_ics_put_line(fp, line);
}

static void day_event(FILE *fp, const calf_rx *rx, const calf_rx_meta *meta, int d)
{
    const calf_rx_day *day = &rx->day[d];
    char date[16], next[16], stamp[16], line[256];
    calf_date_format(rx->start + d, 1, date, sizeof(date));
    calf_date_format(rx->start + d + 1, 1, next, sizeof(next));
    calf_date_format(meta->requested_start, 1, stamp, sizeof(stamp));
    calf_ics_put_line(fp, "BEGIN:VEVENT");
    snprintf(line, sizeof(line), "UID:calfsim-%016llx-%s@calfsim.invalid",
             (unsigned long long)meta->input_hash, date);
    calf_ics_put_line(fp, line);
    snprintf(line, sizeof(line), "DTSTAMP:%sT000000Z", stamp);
    calf_ics_put_line(fp, line);
    snprintf(line, sizeof(line), "DTSTART;VALUE=DATE:%s", date);
    calf_ics_put_line(fp, line);
    snprintf(line, sizeof(line), "DTEND;VALUE=DATE:%s", next);
    calf_ics_put_line(fp, line);
    char summary[512] = "";
    for (int k = 0; k < day->n; k++) {
        size_t at = strlen(summary);
        snprintf(summary + at, sizeof(summary) - at, "%s%s", k ? ", " : "Rehab: ", day->s[k].title);
    }
    text_prop(fp, "SUMMARY", summary);
    char desc[8192] = "";
    for (int k = 0; k < day->n; k++) {
        char s[1200];
        calf_rx_sentence(&day->s[k], s, sizeof(s));
        size_t at = strlen(desc);
        snprintf(desc + at, sizeof(desc) - at, "%s%s", k ? "\n" : "", s);
    }
    size_t at = strlen(desc);
    snprintf(desc + at, sizeof(desc) - at,
             "\nDiary: pain during (0-10), next-morning pain (0-10), distance done (km).\n%s "
             "(calfsim %s; a model's expected programme: your clinician and your symptoms "
             "decide)",
             meta->protocol, CALF_VERSION);
    text_prop(fp, "DESCRIPTION", desc);
    calf_ics_put_line(fp, "TRANSP:TRANSPARENT");
    calf_ics_put_line(fp, "END:VEVENT");
}

int calf_rx_write_ics(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                      calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    char line[512];
    calf_ics_put_line(fp, "BEGIN:VCALENDAR");
    calf_ics_put_line(fp, "VERSION:2.0");
    snprintf(line, sizeof(line), "PRODID:-//calfsim//calfsim %s//EN", CALF_VERSION);
    calf_ics_put_line(fp, line);
    calf_ics_put_line(fp, "CALSCALE:GREGORIAN");
    calf_ics_put_line(fp, "METHOD:PUBLISH");
    snprintf(line, sizeof(line), "%s: %s", meta->protocol, meta->patient);
    text_prop(fp, "X-WR-CALNAME", line);
    snprintf(line, sizeof(line), "calfsim %s; seed %llu; param_hash %016llx", CALF_VERSION,
             (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
    text_prop(fp, "X-CALFSIM-PROVENANCE", line);
    for (int d = 0; d < rx->days; d++)
        if (rx->day[d].n > 0)
            day_event(fp, rx, meta, d);
    calf_ics_put_line(fp, "END:VCALENDAR");
    return calf_afile_commit(&af, err);
}
