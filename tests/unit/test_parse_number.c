/*
 * test_parse_number.c: the command-line and CSV number parsers of util.h
 * read decimal numbers only: calf_parse_double refuses hex ("0x1", which
 * strtod would read as 1), like calf_parse_long (base 10), and anything not
 * finite or with trailing text.
 */
#include <math.h>
#include <stdio.h>

#include "check.h"
#include "util.h"

static int parses(const char *s, double want)
{
    double v = -12345;
    return calf_parse_double(s, &v) == 0 && v == want;
}

static int refused(const char *s)
{
    double v = -12345;
    return calf_parse_double(s, &v) != 0 && v == -12345;
}

int main(void)
{
    CHECK(parses("12", 12));
    CHECK(parses("-0.5", -0.5));
    CHECK(parses("1e3", 1000));
    CHECK(parses("2.5E-1", 0.25));
    CHECK(parses("+3", 3));
    CHECK(parses("0.3 ", 0.3)); /* trailing blanks allowed */
    CHECK(refused("0x1"));
    CHECK(refused("0X1"));
    CHECK(refused("-0x1p3"));
    CHECK(refused("0x"));
    CHECK(refused(""));
    CHECK(refused("1e999"));
    CHECK(refused("inf"));
    CHECK(refused("nan"));
    CHECK(refused("1.5km"));
    long n = -1;
    CHECK(calf_parse_long("0x10", 0, 100, &n) != 0 && n == -1);
    CHECK(calf_parse_long("10", 0, 100, &n) == 0 && n == 10);
    CHECK_DONE();
}
