/*
 * json.h: a strict RFC 8259 JSON validator and dotted-path lookup used by the
 * calfsim tests to check summary.json, `params --format json` and the other
 * JSON files calfsim writes. Stricter than the RFC where it only says SHOULD:
 * duplicate object keys, unpaired UTF-16 surrogate escapes and a leading
 * byte-order mark are errors. Input must be UTF-8; nesting is capped at
 * TJ_MAX_DEPTH.
 */
#ifndef CALF_TEST_JSON_H
#define CALF_TEST_JSON_H

#include <stddef.h>

#define TJ_MAX_DEPTH 512

enum { TJ_OK = 0, TJ_INVALID = 1, TJ_NOTFOUND = 3, TJ_NOMEM = 4 };

typedef struct tj_error {
    int line, col; /* 1-based; col counts characters, not bytes */
    char msg[256];
} tj_error;

/* Validate text[0..len). Returns TJ_OK, or TJ_INVALID with err's position and message. */
int tj_validate(const char *text, size_t len, tj_error *err);

/* Locate the value at a dotted path ("a.b.0.c": object keys, array indices as
 * numbers; "" is the whole document) in valid JSON. On TJ_OK, [*off, *off + *n)
 * is the value's raw text. TJ_NOTFOUND names the missing step in err->msg;
 * TJ_INVALID if the text is not valid JSON. */
int tj_find(const char *text, size_t len, const char *path, size_t *off, size_t *n, tj_error *err);

/* Number of elements (array) or members (object) of the raw value text[0..n),
 * or -1 for a scalar. The value must be valid JSON. */
long tj_count(const char *text, size_t n);

/* Decode the JSON string token text[0..n) (quotes included) into out as UTF-8
 * with a terminating NUL. Returns the decoded length, or -1 when text is not a
 * valid string token or out (size cap) is too small. */
long tj_decode_string(const char *text, size_t n, char *out, size_t cap);

#endif
