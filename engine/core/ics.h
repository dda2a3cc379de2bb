/*
 * ics.h: prescription.ics, the prescription as an iCalendar file (RFC 5545):
 * one all-day VEVENT per day with sessions, CRLF line ends, lines folded at
 * 75 octets without splitting a UTF-8 sequence, TEXT values escaped. The
 * UID of each event is made from the inputs' identity and the date, and
 * DTSTAMP from the requested start date, so rerunning the same inputs gives
 * the same bytes and a calendar updates the events instead of doubling them.
 */
#ifndef CALF_ICS_H
#define CALF_ICS_H

#include <stddef.h>
#include <stdio.h>

#include "prescribe.h"

/* Escape a TEXT value: backslash, semicolon, comma and newline (as \n);
 * other control characters become spaces. Truncates at a whole UTF-8
 * character. */
void calf_ics_escape(const char *in, char *out, size_t n);
/* Write one content line, folded at 75 octets (continuations start with a
 * space), each physical line ending in CRLF. */
void calf_ics_put_line(FILE *fp, const char *line);
int calf_rx_write_ics(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                      calf_error *err);

#endif
