/*
 * error.h: calfsim's status codes and the error record every core function
 * fills. A status equals the CLI exit code it maps to, so the command line
 * can return it as is. Messages have the shape "FILE:LINE: what and why"
 * (or "FIELD: ..." when there is no file); the CLI adds "calfsim: ".
 */
#ifndef CALF_ERROR_H
#define CALF_ERROR_H

enum {
    CALF_OK = 0,
    CALF_ESCRIPT = 1,    /* protocol or study script error */
    CALF_EUSAGE = 2,     /* bad command line */
    CALF_ENUMERIC = 3,   /* numerical failure (root finder, fit, non-finite state) */
    CALF_EIO = 4,        /* file system, memory */
    CALF_EINPUT = 5,     /* invalid input data (patient, plan CSV, diary, --set) */
    CALF_EVALIDATION = 6 /* calfsim validate: a row outside its tolerance */
};

typedef struct calf_error {
    int code;
    char msg[1024];
} calf_error;

#if defined(__GNUC__)
#define CALF_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define CALF_PRINTF(a, b)
#endif

/* Record code and a formatted message in err (which may be NULL); returns code.
 * Control characters in the result are escaped (\n, \xNN): one line always. */
int calf_error_set(calf_error *err, int code, const char *fmt, ...) CALF_PRINTF(3, 4);
/* Prefix an existing message with "prefix: " (e.g. a file name); returns err->code. */
int calf_error_prefix(calf_error *err, const char *prefix);

#endif
