/*
 * html.h: the one HTML escaping function of calfsim. Every string that goes
 * into report.html (names, summaries, protocol source, numbers, paths) passes
 * through it: markup characters become entities, control characters and
 * invalid UTF-8 become U+FFFD, so no input can open a tag or a script.
 */
#ifndef CALF_HTML_H
#define CALF_HTML_H

#include <stddef.h>
#include <stdio.h>

/* Write s escaped for HTML text and quoted attribute values. Newlines and
 * tabs are kept (for <pre>); carriage returns are dropped. NULL writes
 * nothing. */
void calf_html_escape(FILE *fp, const char *s);
/* The same into a buffer; returns the length the full result needs (like
 * snprintf), writing at most n - 1 bytes and a terminating NUL. */
size_t calf_html_escape_buf(char *out, size_t n, const char *s);

#endif
