/*
 * test_html_escape.c: the one HTML escaping function of report.html, and
 * the shared number formatter of the outcome table: markup characters,
 * script-closing text, quotes of both kinds, control characters, invalid and
 * valid UTF-8, truncation, and the FILE and buffer forms agreeing.
 */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "html.h"
#include "outcome.h"

static void esc_is(const char *in, const char *want)
{
    char out[512];
    size_t need = calf_html_escape_buf(out, sizeof(out), in);
    if (strcmp(out, want) != 0 || need != strlen(want)) {
        fprintf(stderr, "escape(\"%s\") = \"%s\" (%zu), want \"%s\"\n", in, out, need, want);
        check_failures++;
    }
    /* the FILE form writes the same bytes */
    FILE *fp = tmpfile();
    CHECK(fp != NULL);
    if (!fp)
        return;
    calf_html_escape(fp, in);
    rewind(fp);
    char back[512] = {0};
    size_t got = fread(back, 1, sizeof(back) - 1, fp);
    fclose(fp);
    CHECK(got == strlen(want));
    CHECK(strcmp(back, want) == 0);
}

int main(void)
{
    gsl_set_error_handler_off();
    esc_is("plain text", "plain text");
    esc_is("a < b && c > d", "a &lt; b &amp;&amp; c &gt; d");
    esc_is("</script><script>alert(1)</script>",
           "&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    esc_is("say \"hi\" it's", "say &quot;hi&quot; it&#39;s");
    esc_is("`touch CANARY` system(\"touch CANARY\")",
           "`touch CANARY` system(&quot;touch CANARY&quot;)");
    esc_is("line1\nline2\tx\r\n", "line1\nline2\tx\n");
    esc_is("bell\x07"
           "esc\x1b[0m del\x7f",
           "bell&#xFFFD;esc&#xFFFD;[0m del&#xFFFD;");
    esc_is("&amp;", "&amp;amp;");
    /* valid UTF-8 passes, invalid bytes become U+FFFD */
    esc_is("caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8f\x83",
           "caf\xc3\xa9 \xe2\x80\x94 \xf0\x9f\x8f\x83");
    esc_is("bad \xff\xfe end", "bad &#xFFFD;&#xFFFD; end");
    esc_is("overlong \xc0\xaf", "overlong &#xFFFD;&#xFFFD;");
    esc_is("surrogate \xed\xa0\x80", "surrogate &#xFFFD;&#xFFFD;&#xFFFD;");
    esc_is("cut \xe2\x80", "cut &#xFFFD;&#xFFFD;");
    esc_is("", "");
    esc_is(NULL, "");

    /* truncation: the needed length is reported, the buffer stays terminated */
    char small[6];
    size_t need = calf_html_escape_buf(small, sizeof(small), "<<<<");
    CHECK(need == 16);
    CHECK(strcmp(small, "&lt;&") == 0);

    /* the number formatter shared by summary.json, compare.csv, the table, report */
    char b[64];
    calf_fmt_g(b, sizeof(b), 1.0 / 3.0);
    CHECK(strcmp(b, "0.333333") == 0);
    calf_fmt_g(b, sizeof(b), -0.0);
    CHECK(strcmp(b, "0") == 0);
    calf_fmt_g(b, sizeof(b), NAN);
    CHECK(strcmp(b, "") == 0);
    calf_fmt_g(b, sizeof(b), 714.9);
    CHECK(strcmp(b, "714.9") == 0);
    calf_summary s = {0};
    s.goal_reached_day = 0;
    calf_outcome_format(&s, CALF_OC_WEEKS_TO_GOAL, "not reached", b, sizeof(b));
    CHECK(strcmp(b, "not reached") == 0);
    s.goal_reached_day = 92; /* day 92 is in week 14 */
    calf_outcome_format(&s, CALF_OC_WEEKS_TO_GOAL, "not reached", b, sizeof(b));
    CHECK(strcmp(b, "14") == 0);
    s.final_capacity_ratio = 0.9173;
    calf_outcome_format(&s, CALF_OC_CAPACITY_PCT, "", b, sizeof(b));
    CHECK(strcmp(b, "91.7") == 0); /* capacity % to one decimal */
    s.max_p_injury = 0.00446562;
    calf_outcome_format(&s, CALF_OC_MAX_P_INJURY, "", b, sizeof(b));
    CHECK(strcmp(b, "0.004") == 0); /* injury index to three decimals */
    return check_failures ? 1 : 0;
}
