/*
 * test_verdict.c: the verdict of a comparison (engine/core/verdict.c) on
 * traces built by hand: which goal criterion a run missed in its closest
 * week, the choice of the best protocol (earliest clean goal, ties to the
 * higher cohort P(goal), none when every one had pain over the limit, a
 * flare or an injury), and the single run against the cohort's ranking.
 */
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "verdict.h"

enum { DAYS = 28 };

static calf_model model(void)
{
    calf_model m;
    memset(&m, 0, sizeof(m));
    m.par.v[CALF_P_PAIN_LIMIT] = 3;
    m.pt.goal_km_per_week = 30;
    m.pt.goal_quality_sessions = 1;
    m.pt.goal_long_run_km = 12;
    return m;
}

/* A trace of DAYS days: every week runs 6 + 6 + long km, with one quality
 * run on the Thursday and pain 2 on run days. */
static void trace_fill(calf_trace *t, calf_trace_row *rows, double long_km, int quality)
{
    memset(rows, 0, sizeof(calf_trace_row) * DAYS);
    for (int d = 0; d < DAYS; d++) {
        calf_trace_row *r = &rows[d];
        r->day = d + 1;
        r->week = d / 7 + 1;
        r->weekday = d % 7 + 1;
        int wd = d % 7;
        r->run_km = wd == 1 ? 6 : wd == 3 ? 6 : wd == 5 ? long_km : 0;
        r->quality_runs = wd == 3 && quality;
        r->pain_during_max = r->run_km > 0 ? 2 : 0;
    }
    t->rows = rows;
    t->n = t->cap = DAYS;
}

static calf_summary summary(int goal_day)
{
    calf_summary s;
    memset(&s, 0, sizeof(s));
    s.days = DAYS;
    s.goal_reached_day = goal_day;
    return s;
}

static unsigned bit(int i)
{
    return 1u << i;
}

static void test_missed(void)
{
    calf_model m = model();
    calf_trace t;
    calf_trace_row rows[DAYS];
    calf_goal_check g;

    /* long run 18: every criterion holds; the goal (reached) leaves nothing */
    trace_fill(&t, rows, 18, 1);
    calf_summary s = summary(7);
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == 0);
    CHECK(g.closest_end_day == 0);

    /* long run 10: 22 km a week and no long run; not reached */
    trace_fill(&t, rows, 10, 1);
    s = summary(0);
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == (bit(CALF_MISS_VOLUME) | bit(CALF_MISS_LONG_RUN)));
    CHECK(g.closest_end_day == DAYS); /* the latest of equal windows */

    /* no quality run: only quality */
    trace_fill(&t, rows, 18, 0);
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == bit(CALF_MISS_QUALITY));

    /* pain 4 on every long run: the closest week fails on pain alone, and the
     * summary's day over the limit is listed too */
    trace_fill(&t, rows, 18, 1);
    for (int d = 5; d < DAYS; d += 7)
        rows[d].pain_during_max = 4;
    s.days_pain_over_limit = 4;
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == bit(CALF_MISS_PAIN_LIMIT));

    /* a flare in week 4 only: the closest window is the last clean one... but
     * a flare anywhere is listed */
    trace_fill(&t, rows, 18, 1);
    rows[24].flare = 1;
    s = summary(0);
    s.flare_count = 1;
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == bit(CALF_MISS_FLARE));
    CHECK(g.closest_end_day == 24); /* days 18-24: the last window without the flare's day */

    /* injury: from the summary's injury_day, on the way to the goal; one
     * after the goal day does not rule the protocol out */
    trace_fill(&t, rows, 18, 1);
    s = summary(7);
    s.injury_day = 5;
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == bit(CALF_MISS_INJURY));
    s.injury_day = 7;
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == bit(CALF_MISS_INJURY));
    s.injury_day = 20;
    calf_goal_check_run(&m, &t, &s, &g);
    CHECK(g.missed == 0);

    /* an empty run: nothing reached, no window read */
    calf_trace empty = {rows, 0, 0};
    s = summary(0);
    calf_goal_check_run(&m, &empty, &s, &g);
    CHECK(g.missed == (bit(CALF_MISS_VOLUME) | bit(CALF_MISS_QUALITY) | bit(CALF_MISS_LONG_RUN)));
    CHECK(g.closest_end_day == 0);

    char b[128];
    calf_verdict_missed_text(bit(CALF_MISS_QUALITY) | bit(CALF_MISS_INJURY), 0, b, sizeof(b));
    CHECK(strcmp(b, "quality, injury") == 0);
    calf_verdict_missed_text(0, 1, b, sizeof(b));
    CHECK(b[0] == '\0');
}

typedef struct fixture {
    calf_trace t[4];
    calf_trace_row rows[4][DAYS];
    calf_summary s[4];
    calf_cohort_num c[4];
    calf_verdict_in in[4];
} fixture;

/* Protocol k reaches the goal on day goal[k] (0 = never) with cohort P(goal) p[k]. */
static void fixture_make(fixture *f, int n, const int *goal, const double *p)
{
    static const char *const names[] = {"A", "B", "C", "D"};
    for (int k = 0; k < n; k++) {
        trace_fill(&f->t[k], f->rows[k], goal[k] ? 18 : 10, 1);
        f->s[k] = summary(goal[k]);
        memset(&f->c[k], 0, sizeof(f->c[k]));
        f->c[k].p_goal = p[k];
        f->c[k].p_goal_lo = p[k] - 0.05;
        f->c[k].p_goal_hi = p[k] + 0.05;
        f->in[k] = (calf_verdict_in){names[k], &f->t[k], &f->s[k], p[k] >= 0 ? &f->c[k] : NULL};
    }
}

static void test_best(void)
{
    calf_model m = model();
    fixture f;
    calf_verdict v;

    /* earliest goal wins; ranks agree */
    fixture_make(&f, 3, (const int[]){14, 7, 0}, (const double[]){0.5, 0.8, 0.1});
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(v.best == 1);
    CHECK(v.has_cohort && !v.any_disagree);
    CHECK(v.row[0].goal_week == 2 && v.row[2].goal_week == 0);
    CHECK(v.row[1].run_rank == 1 && v.row[0].run_rank == 2 && v.row[2].run_rank == 3);
    CHECK(strstr(v.why, "B is the earliest") != NULL);

    /* the earliest goal had a flare: the next clean one wins, and why says so */
    f.s[1].flare_count = 1;
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(v.best == 0);
    CHECK(v.row[1].check.missed == bit(CALF_MISS_FLARE));
    CHECK(strstr(v.why, "B reaches it earlier (week 1) but had a flare") != NULL);

    /* same goal week: the higher cohort P(goal) wins, whichever comes first */
    fixture_make(&f, 3, (const int[]){10, 12, 0}, (const double[]){0.6, 0.7, 0.1});
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(v.best == 1);
    fixture_make(&f, 3, (const int[]){12, 10, 0}, (const double[]){0.7, 0.6, 0.1});
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(v.best == 0);

    /* none qualifies: null best, and why says so */
    fixture_make(&f, 2, (const int[]){7, 0}, (const double[]){0.6, 0.2});
    f.s[0].days_pain_over_limit = 2;
    calf_verdict_make(&m, f.in, 2, &v);
    CHECK(v.best == -1);
    CHECK(strncmp(v.why, "No protocol qualifies", 21) == 0);
    CHECK(strstr(v.why, "the 1 that reach") != NULL);
}

static void test_agreement(void)
{
    calf_model m = model();
    fixture f;
    calf_verdict v;

    /* the case: first in the single run, last in the cohort */
    fixture_make(&f, 3, (const int[]){7, 14, 21}, (const double[]){0.57, 0.83, 0.90});
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(v.best == 0);
    CHECK(v.any_disagree);
    CHECK(v.row[0].agrees == 0 && v.row[0].run_rank == 1 && v.row[0].cohort_rank == 3);
    CHECK(v.row[2].agrees == 0);
    CHECK(strstr(v.agreement, "A: first in the single run, third") != NULL);
    CHECK(strstr(v.agreement, "one plausible patient") != NULL);

    /* ties in the single run (two never reach it) do not count as a reversal */
    fixture_make(&f, 3, (const int[]){7, 0, 0}, (const double[]){0.9, 0.1, 0.3});
    calf_verdict_make(&m, f.in, 3, &v);
    CHECK(!v.any_disagree);
    CHECK(v.row[1].agrees == 1 && v.row[2].agrees == 1);
    CHECK(v.row[1].cohort_rank == 3 && v.row[2].cohort_rank == 2);

    /* without a cohort: no ranks to compare, ties by order */
    fixture_make(&f, 2, (const int[]){8, 9}, (const double[]){-1, -1});
    calf_verdict_make(&m, f.in, 2, &v);
    CHECK(!v.has_cohort);
    CHECK(v.best == 0 && v.row[0].agrees == -1 && v.agreement[0] == '\0');
}

int main(void)
{
    test_missed();
    test_best();
    test_agreement();
    CHECK_DONE();
}
