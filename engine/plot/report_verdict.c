/*
 * report_verdict.c: the verdict at the top of report.html and the
 * definitions of the report's columns (see report_verdict.h). Every string
 * goes through calf_html_escape.
 */
#include "report_verdict.h"

#include <stdio.h>

#include "html.h"
#include "outcome.h"
#include "verdict.h"

#define E(s) calf_html_escape(fp, (s))

/* One definition per outcome column (outcome.h order). */
static const char *const outcome_def[CALF_OC_COUNT] = {
    ("the week in which the goal was first met: 7 consecutive days holding the patient's goal "
     "weekly distance, at least the goal number of quality runs (a stretch at 1.2 times easy "
     "speed or faster), a run at least as long as the goal's long run, no day with pain during "
     "above the pain limit and no flare; \"not reached\" when that never happened"),
    "running distance over the whole comparison, in km",
    "the highest pain during a session, on the 0-10 numeric rating scale",
    "days whose pain during went above the pain limit",
    "mornings with pain of 3/10 or more and at least 1 point above the morning before",
    "runs ended early because pain reached the run's stop-at-pain level",
    "the load capacity at the end as a percentage of the patient's estimated healthy capacity",
    "single-leg heel raises to fatigue at the end, in whole repetitions",
    "the highest acute:chronic workload ratio (exponentially weighted averages of 7 and 28 days)",
    ("the model's injury index: the highest value over the run of a number between 0 and 1 that "
     "grows with the modelled tissue damage. It ranks protocols against each other under the "
     "model's assumptions; it is not this patient's risk of injury"),
};

/* The cohort table's columns (compare_cohort.c order). */
static const char *const cohort_def[] = {
    "the protocol",
    ("the share of virtual patients who reach the goal within the comparison, with its 95% "
     "(Wilson) interval"),
    ("weeks to goal of the virtual patients who reach it: the median and the middle half "
     "(quartiles); \"fewer than half reach the goal\" when the median patient never does"),
    "the share of virtual patients with at least one flare, with its 95% interval",
    ("the share of virtual patients whose injury index (see above) passes the stated level: a "
     "model index for comparing protocols, not a risk"),
    ("this protocol's share reaching the goal minus the first protocol's, over the same virtual "
     "patients, with its 95% interval; below 0 means fewer reach the goal than with the first"),
    "the average final load capacity as a percentage of healthy capacity",
};

static void def_list(FILE *fp, int n, const char *const *head, const char *const *def)
{
    fputs("<dl class=\"defs\">\n", fp);
    for (int i = 0; i < n; i++) {
        fputs("<dt>", fp);
        E(head[i]);
        fputs("</dt><dd>", fp);
        E(def[i]);
        fputs("</dd>\n", fp);
    }
    fputs("</dl>\n", fp);
}

void calf_report_outcome_defs(FILE *fp, const calf_report *r)
{
    const char *head[CALF_OC_COUNT + 1];
    const char *def[CALF_OC_COUNT + 1];
    char pain[160];
    snprintf(pain, sizeof(pain),
             "days whose pain during went above the pain limit (%.3g/10 in this comparison)",
             r->m->par.v[CALF_P_PAIN_LIMIT]);
    head[0] = "protocol";
    def[0] = "the protocol or plan; the line style is the one its series have in every figure";
    for (int i = 0; i < CALF_OC_COUNT; i++) {
        head[i + 1] = calf_outcome_cols[i].head;
        def[i + 1] = i == CALF_OC_DAYS_OVER_LIMIT ? pain : outcome_def[i];
    }
    fputs("<p class=\"meta\">What each column means:</p>\n", fp);
    def_list(fp, CALF_OC_COUNT + 1, head, def);
}

void calf_report_cohort_defs(FILE *fp, const calf_report *r)
{
    const calf_report_table *t = r->unc;
    if (!t)
        return;
    int n = t->ncols < (int)(sizeof(cohort_def) / sizeof(cohort_def[0]))
                ? t->ncols
                : (int)(sizeof(cohort_def) / sizeof(cohort_def[0]));
    fputs("<p class=\"meta\">What each column means:</p>\n", fp);
    def_list(fp, n, t->head, cohort_def);
}

static void verdict_row(FILE *fp, const calf_report *r, int k)
{
    const calf_verdict *v = r->verdict;
    const calf_verdict_row *w = &v->row[k];
    const calf_verdict_in *in = &r->verdict_in[k];
    char b[256];
    fputs("<tr><td class=\"l\">", fp);
    E(in->name);
    fputs(k == v->best ? " <strong>(chosen)</strong></td><td>" : "</td><td>", fp);
    if (w->goal_week)
        snprintf(b, sizeof(b), "week %d", w->goal_week);
    else
        snprintf(b, sizeof(b), "not reached");
    E(b);
    fputs("</td><td class=\"l\">", fp);
    calf_verdict_missed_text(w->check.missed, 1, b, sizeof(b));
    E(b[0] ? b : "nothing");
    fputs("</td>", fp);
    if (v->has_cohort) {
        snprintf(b, sizeof(b), "%.2f [%.2f, %.2f]", in->cohort->p_goal, in->cohort->p_goal_lo,
                 in->cohort->p_goal_hi);
        fputs("<td class=\"nw\">", fp);
        E(b);
        fputs("</td><td>", fp);
        E(w->agrees ? "yes" : "no");
        fputs("</td>", fp);
    }
    fputs("</tr>\n", fp);
}

void calf_report_verdict_section(FILE *fp, const calf_report *r)
{
    const calf_verdict *v = r->verdict;
    if (!v)
        return;
    fputs("<h2 id=\"verdict\">Verdict</h2>\n<div class=\"verdict\"><p><strong>", fp);
    E(v->best >= 0 ? r->verdict_in[v->best].name : "No protocol qualifies.");
    fputs("</strong></p>\n<p>", fp);
    E(v->why);
    fputs("</p>\n", fp);
    if (v->agreement[0]) {
        fputs("<p>", fp);
        E(v->agreement);
        fputs("</p>\n", fp);
    }
    fputs("</div>\n<table>\n<tr><th class=\"l\">protocol</th><th>goal reached</th>"
          "<th class=\"l\">missed or had</th>",
          fp);
    if (v->has_cohort)
        fputs("<th>virtual cohort: share reaching the goal [95% interval]</th><th>same rank in "
              "the cohort</th>",
              fp);
    fputs("</tr>\n", fp);
    for (int k = 0; k < v->n; k++)
        verdict_row(fp, r, k);
    fputs("</table>\n", fp);
    static const char *const head[] = {"goal reached", "missed or had",
                                       "virtual cohort: share reaching the goal",
                                       "same rank in the cohort"};
    static const char *const def[] = {
        "the week the goal was first met in the single modelled run (see the outcome table)",
        ("for a protocol that does not reach the goal, the goal criteria it missed in its closest "
         "week (weekly distance, quality sessions, long run, a day over the pain limit, a flare); "
         "for every protocol, a day over the pain limit, a flare or an injury (the model's damage "
         "reaching its injury level) anywhere in the run. A protocol qualifies as the choice only "
         "when it reaches the goal and this is \"nothing\"; the earliest goal week wins, and a tie "
         "goes to the protocol more virtual patients reach the goal with"),
        "the share of the virtual cohort (below) reaching the goal, with its 95% interval",
        ("yes when no other protocol is ahead of this one in the single run and behind it in the "
         "cohort, or the other way round")};
    fputs("<p class=\"meta\">What each column means:</p>\n", fp);
    def_list(fp, v->has_cohort ? 4 : 2, head, def);
}
