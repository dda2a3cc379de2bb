/*
 * prescription_html.c: prescription.html, the patient's printable
 * programme (see prescription_html.h). One self-contained file: inline CSS
 * with print rules (a week per printed page, A4 landscape), no script, no
 * external reference; every string through calf_html_escape.
 */
#include "prescription_html.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "html.h"
#include "util.h"

#define E(s) calf_html_escape(fp, (s))

static const char *css =
    "body{font-family:sans-serif;max-width:1150px;margin:1.5em auto;padding:0 1em;color:#111;"
    "line-height:1.35}\n"
    "h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.15em;margin:.2em 0 .4em}\n"
    "table{border-collapse:collapse;width:100%;table-layout:fixed}th,td{border:1px solid #888;"
    "padding:.25em .4em;text-align:left;vertical-align:top;overflow-wrap:break-word}"
    "th{background:#eee;font-size:.85em}\n"
    ".week{break-inside:avoid;page-break-inside:avoid;margin:1.4em 0}\n"
    ".box{display:inline-block;width:1em;height:1em;border:1.5px solid #000;vertical-align:"
    "middle}\n"
    ".rule{font-size:.88em;color:#333}\n"
    ".rest{color:#555}.wrule{font-size:.9em;margin:.2em 0 .5em}\n"
    ".caveat{border-left:5px solid #D55E00;background:#fff4ec;padding:.5em 1em}\n"
    ".meta{color:#555;font-size:.85em}\n"
    "@media print{body{max-width:none;margin:0;padding:0;font-size:8.8pt;line-height:1.25}"
    "table{width:99.5%}th,td{padding:.12em .3em}h2{margin:0 0 .3em}"
    ".week{break-before:page;page-break-before:always;margin:0}"
    "th{background:#eee;-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "a{color:#111;text-decoration:none}}\n"
    "@page{size:A4 landscape;margin:11mm}\n";

static void date_text(char *buf, size_t n, long days)
{
    static const char *const mon[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                      "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    int y, m, d;
    calf_date_ymd(days, &y, &m, &d);
    snprintf(buf, n, "%.3s %d %s %d", calf_weekday_names[calf_date_weekday(days)], d, mon[m - 1],
             y);
}

static void intro(FILE *fp, const calf_rx *rx, const calf_rx_meta *meta)
{
    char a[64], b[64], req[64];
    date_text(a, sizeof(a), rx->start);
    date_text(b, sizeof(b), rx->start + rx->days - 1);
    fputs("<h1>Your programme: ", fp);
    E(meta->protocol);
    fputs("</h1>\n<p><strong>For:</strong> ", fp);
    E(meta->patient);
    fprintf(fp, "<br/><strong>From</strong> %s <strong>to</strong> %s (%d weeks)", a, b,
            rx->days / 7);
    if (meta->requested_start != rx->start) {
        date_text(req, sizeof(req), meta->requested_start);
        fprintf(fp, "; the programme's weeks start on a Monday, the first on or after %s", req);
    }
    fputs("</p>\n<p>", fp);
    E(meta->summary);
    fputs("</p>\n<h2>How to use this sheet</h2>\n<ul>\n"
          "<li>Tick the box when a session is done. Each session says what to do; the column "
          "\"if symptoms differ\" says what to do instead when pain says so.</li>\n"
          "<li>Pain is on a 0 to 10 scale: 0 is no pain, 10 the worst pain imaginable. Write "
          "down the highest pain during the day's sessions, the pain on waking the next morning, "
          "and the distance you actually ran or walked.</li>\n"
          "<li>Bring this sheet (or diary.csv filled in) to your next appointment: it is how the "
          "plan is adjusted to you.</li>\n</ul>\n",
          fp);
}

/* The protocol's weekly rules: its declared words, and the engine's
 * weekly progression in words when one governs some week. */
static void weekly_rules(FILE *fp, const calf_rx *rx, const calf_rx_meta *meta)
{
    static const char *const label[] = {"When it goes well", "When to hold", "When to step back",
                                        "When symptoms change"};
    fputs("<h2>When symptoms differ from what is expected</h2>\n<p>The sessions below are the "
          "expected path for you. The programme adapts to your symptoms by these rules:</p>\n"
          "<ul>\n",
          fp);
    int any = 0;
    for (int i = 0; i < 4; i++)
        if (meta->adapt[i]) {
            fprintf(fp, "<li><strong>%s:</strong> ", label[i]);
            E(meta->adapt[i]);
            fputs("</li>\n", fp);
            any = 1;
        }
    char prev[1024] = "", t[1024];
    for (int w = 0; w < rx->days / 7; w++) {
        if (!rx->rule_on[w])
            continue;
        calf_rx_rule_text(&rx->rule[w], t, sizeof(t));
        if (strcmp(t, prev) != 0) {
            fputs("<li><strong>Weekly progression:</strong> ", fp);
            E(t);
            fputs("</li>\n", fp);
            snprintf(prev, sizeof(prev), "%s", t);
            any = 1;
        }
    }
    fputs("<li><strong>Each session:</strong> its own rule is written next to it (stop at a "
          "pain level, shorten or skip after a painful morning, and what to do instead).</li>\n",
          fp);
    if (!any)
        fputs("<li>This protocol states no weekly rules in words; its summary above says how it "
              "progresses.</li>\n",
              fp);
    fputs("</ul>\n", fp);
}

static void session_cells(FILE *fp, const calf_rx_session *s)
{
    fputs("<td><span class=\"box\"></span></td><td><strong>", fp);
    E(s->title);
    fputs("</strong> ", fp);
    E(s->details);
    fputs("</td><td class=\"rule\">", fp);
    E(s->rule[0] ? s->rule : "");
    fputs("</td><td class=\"diary\"></td>", fp);
    fputs(s->kind == CALF_K_RUN || s->kind == CALF_K_WALK ? "<td class=\"diary\"></td>"
                                                          : "<td class=\"diary rest\">-</td>",
          fp);
}

static void week_block(FILE *fp, const calf_rx *rx, int w)
{
    char a[64], b[64];
    date_text(a, sizeof(a), rx->start + 7 * w);
    date_text(b, sizeof(b), rx->start + 7 * w + 6);
    fprintf(fp, "<section class=\"week\">\n<h2>Week %d: %s to %s</h2>\n", w + 1, a, b);
    if (rx->rule_on[w]) {
        char t[1024];
        calf_rx_rule_text(&rx->rule[w], t, sizeof(t));
        fputs("<p class=\"wrule\">This week's distances follow the weekly progression: ", fp);
        E(t);
        fputs("</p>\n", fp);
    }
    fputs("<table>\n<colgroup><col style=\"width:10%\"/><col style=\"width:4.5%\"/>"
          "<col style=\"width:33%\"/><col style=\"width:28.5%\"/><col style=\"width:8%\"/>"
          "<col style=\"width:8%\"/><col style=\"width:8%\"/></colgroup>\n"
          "<tr><th>day</th><th>done</th><th>session</th><th>if symptoms differ</th>"
          "<th>pain during (0-10)</th><th>distance done (km)</th><th>next-morning pain "
          "(0-10)</th></tr>\n",
          fp);
    for (int d = 7 * w; d < 7 * w + 7; d++) {
        const calf_rx_day *day = &rx->day[d];
        int rows = day->n ? day->n : 1;
        date_text(a, sizeof(a), rx->start + d);
        fprintf(fp, "<tr><td class=\"day\" rowspan=\"%d\">%s</td>", rows, a);
        if (!day->n)
            fputs("<td></td><td class=\"rest\">Rest day</td><td></td><td class=\"diary rest\">-"
                  "</td><td class=\"diary rest\">-</td>",
                  fp);
        for (int k = 0; k < day->n; k++) {
            if (k)
                fputs("<tr>", fp);
            session_cells(fp, &day->s[k]);
            if (!k)
                fprintf(fp, "<td class=\"diary\" rowspan=\"%d\"></td>", rows);
            fputs("</tr>\n", fp);
        }
        if (!day->n)
            fputs("<td class=\"diary\"></td></tr>\n", fp);
    }
    fputs("</table>\n</section>\n", fp);
}

int calf_rx_write_html(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                       calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n"
          "<meta name=\"viewport\" content=\"width=device-width\"/>\n<title>Programme: ",
          fp);
    E(meta->protocol);
    fputs(" for ", fp);
    E(meta->patient);
    fprintf(fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", css);
    intro(fp, rx, meta);
    weekly_rules(fp, rx, meta);
    fputs("<p class=\"caveat\">This is the programme a model expects for you, from the "
          "protocol's rules and your assessment. Your symptoms and your clinician decide: if "
          "pain is worse than the sheet allows, follow the rules above and tell your "
          "clinician.</p>\n",
          fp);
    for (int w = 0; w < rx->days / 7; w++)
        week_block(fp, rx, w);
    char b[256];
    snprintf(b, sizeof(b), "calfsim %s; seed %llu; parameter hash %016llx; protocol file ",
             CALF_VERSION, (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
    fputs("<p class=\"meta\">", fp);
    E(b);
    E(meta->protocol_path);
    fputs(". The same programme is in prescription.csv and prescription.ics; diary.csv is a "
          "diary to fill in for calfsim fit patient --diary.</p>\n</body>\n</html>\n",
          fp);
    return calf_afile_commit(&af, err);
}
