/*
 * test_json_string.c: calf_json_string escapes quotes, backslashes and every
 * control character (below 0x20), so a name or path taken from an input can
 * never break a JSON output or smuggle a raw control character into it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "util.h"

static void expect(const char *in, const char *want)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp) {
        check_failures++;
        return;
    }
    calf_json_string(fp, in);
    fclose(fp);
    if (strcmp(buf, want) != 0) {
        fprintf(stderr, "json of \"%s\": %s, want %s\n", in, buf, want);
        check_failures++;
    }
    free(buf);
}

int main(void)
{
    expect("plain", "\"plain\"");
    expect("a\"b\\c", "\"a\\\"b\\\\c\"");
    expect("\x01\x08\t\n\r\x1b[31m\x1f",
           "\"\\u0001\\u0008\\u0009\\u000a\\u000d\\u001b[31m\\u001f\"");
    expect(NULL, "\"\"");
    CHECK_DONE();
}
