/*
 * verdict.c: the verdict of a protocol comparison and compare.json (see
 * verdict.h). The goal criteria are those of the simulation's goal window
 * (sim.c): over 7 consecutive days, the goal's weekly km, quality sessions
 * and long run, with no day's pain during above the limit and no flare.
 */
#include "verdict.h"

#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "outcome.h"
#include "util.h"

const char *const calf_miss_names[CALF_MISS_COUNT] = {"volume",     "quality", "long_run",
                                                      "pain_limit", "flare",   "injury"};
const char *const calf_miss_words[CALF_MISS_COUNT] = {
    "weekly distance",           "quality sessions", "long run",
    "a day over the pain limit", "a flare",          "an injury"};

static int popcount(unsigned x)
{
    int c = 0;
    for (; x; x &= x - 1)
        c++;
    return c;
}

/* The goal criteria failing in the 7 days ending at row end (inclusive);
 * rows before the first count as days without running. */
static unsigned window_fails(const calf_model *m, const calf_trace *t, int end)
{
    const double limit = m->par.v[CALF_P_PAIN_LIMIT] + 1e-9; /* as sim.c */
    double km = 0;
    int q = 0, long_ok = 0, over = 0, flare = 0;
    for (int i = end - 6; i <= end; i++) {
        if (i < 0)
            continue;
        const calf_trace_row *r = &t->rows[i];
        km += r->run_km;
        q += r->quality_runs;
        long_ok |= r->run_km >= m->pt.goal_long_run_km - 1e-9;
        over |= r->pain_during_max > limit;
        flare |= r->flare != 0;
    }
    unsigned f = 0;
    if (!(km >= m->pt.goal_km_per_week - 1e-9))
        f |= 1u << CALF_MISS_VOLUME;
    if (!(q >= m->pt.goal_quality_sessions))
        f |= 1u << CALF_MISS_QUALITY;
    if (!long_ok)
        f |= 1u << CALF_MISS_LONG_RUN;
    if (over)
        f |= 1u << CALF_MISS_PAIN_LIMIT;
    if (flare)
        f |= 1u << CALF_MISS_FLARE;
    return f;
}

void calf_goal_check_run(const calf_model *m, const calf_trace *t, const calf_summary *s,
                         calf_goal_check *out)
{
    memset(out, 0, sizeof(*out));
    if (!s->goal_reached_day) {
        /* no day run: no volume, quality or long run */
        unsigned best = 1u << CALF_MISS_VOLUME | 1u << CALF_MISS_QUALITY | 1u << CALF_MISS_LONG_RUN;
        int best_n = INT_MAX;
        for (int end = t->n < 7 ? t->n - 1 : 6; end >= 0 && end < t->n; end++) {
            unsigned f = window_fails(m, t, end);
            if (popcount(f) <= best_n) { /* the latest of equals */
                best_n = popcount(f);
                best = f;
                out->closest_end_day = t->rows[end].day;
            }
        }
        out->missed = best;
    }
    if (s->days_pain_over_limit > 0)
        out->missed |= 1u << CALF_MISS_PAIN_LIMIT;
    if (s->flare_count > 0)
        out->missed |= 1u << CALF_MISS_FLARE;
    /* an injury event on the way to the goal (or anywhere when it is not
     * reached); one drawn after the goal is the risk of the goal's own
     * running, which the cohort's P(injury event) shows */
    if (s->injury_day > 0 && (!s->goal_reached_day || s->injury_day <= s->goal_reached_day))
        out->missed |= 1u << CALF_MISS_INJURY;
}

void calf_verdict_missed_text(unsigned missed, int words, char *buf, size_t n)
{
    size_t at = 0;
    if (n)
        buf[0] = '\0';
    for (int i = 0; i < CALF_MISS_COUNT && at < n; i++) {
        if (!(missed & (1u << i)))
            continue;
        int w = snprintf(buf + at, n - at, "%s%s", at ? ", " : "",
                         words ? calf_miss_words[i] : calf_miss_names[i]);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

/* Goal week as a sort key: never reached sorts last. */
static int week_key(const calf_verdict_row *r)
{
    return r->goal_week ? r->goal_week : INT_MAX;
}

static void ranks(calf_verdict *v, const calf_verdict_in *in)
{
    for (int k = 0; k < v->n; k++) {
        calf_verdict_row *r = &v->row[k];
        r->run_rank = 1;
        r->cohort_rank = v->has_cohort ? 1 : 0;
        r->agrees = v->has_cohort ? 1 : -1;
        for (int j = 0; j < v->n; j++) {
            int run = (week_key(&v->row[j]) > week_key(r)) - (week_key(&v->row[j]) < week_key(r));
            r->run_rank += run < 0;
            if (!v->has_cohort)
                continue;
            double pj = in[j].cohort->p_goal, pk = in[k].cohort->p_goal;
            int coh = (pj < pk) - (pj > pk); /* -1: j is ahead in the cohort */
            r->cohort_rank += coh < 0;
            if (run * coh < 0) /* ahead in one, behind in the other */
                r->agrees = 0;
        }
        if (r->agrees == 0)
            v->any_disagree = 1;
    }
}

static void ordinal(char *buf, size_t n, int k)
{
    static const char *const w[] = {"first", "second", "third",   "fourth",
                                    "fifth", "sixth",  "seventh", "eighth"};
    snprintf(buf, n, "%s", k >= 1 && k <= 8 ? w[k - 1] : "last");
}

static void why_best(calf_verdict *v, const calf_verdict_in *in, int tie)
{
    const calf_verdict_row *b = &v->row[v->best];
    int at = snprintf(v->why, sizeof(v->why),
                      "%s is the earliest to reach the goal (week %d) with no day over the pain "
                      "limit, no flare and no injury in the model",
                      in[v->best].name, b->goal_week);
    if (at < 0 || (size_t)at >= sizeof(v->why))
        return;
    int early = -1; /* the earliest goal that did not qualify, when before the chosen one */
    for (int k = 0; k < v->n; k++)
        if (v->row[k].goal_week && v->row[k].goal_week < b->goal_week &&
            (early < 0 || v->row[k].goal_week < v->row[early].goal_week))
            early = k;
    if (early >= 0) {
        char miss[256];
        calf_verdict_missed_text(v->row[early].check.missed, 1, miss, sizeof(miss));
        at += snprintf(v->why + at, sizeof(v->why) - (size_t)at,
                       "; %s reaches it earlier (week %d) but had %s", in[early].name,
                       v->row[early].goal_week, miss);
    } else if (tie >= 0 && v->has_cohort)
        at += snprintf(v->why + at, sizeof(v->why) - (size_t)at,
                       "; %s reaches it in the same week but fewer virtual patients reach the "
                       "goal with it (%.2f against %.2f)",
                       in[tie].name, in[tie].cohort->p_goal, in[v->best].cohort->p_goal);
    else if (tie >= 0)
        at +=
            snprintf(v->why + at, sizeof(v->why) - (size_t)at,
                     "; %s reaches it in the same week and comes later in the list", in[tie].name);
    if (at < 0 || (size_t)at >= sizeof(v->why))
        return;
    if (v->has_cohort)
        snprintf(v->why + at, sizeof(v->why) - (size_t)at,
                 ". In the virtual cohort drawn around this patient, %.0f%% reach the goal with it "
                 "(95%% interval %.0f%% to %.0f%%).",
                 100 * in[v->best].cohort->p_goal, 100 * in[v->best].cohort->p_goal_lo,
                 100 * in[v->best].cohort->p_goal_hi);
    else
        snprintf(v->why + at, sizeof(v->why) - (size_t)at, ".");
}

static void why_none(calf_verdict *v, int days)
{
    int reached = 0;
    for (int k = 0; k < v->n; k++)
        reached += v->row[k].goal_week > 0;
    if (!reached)
        snprintf(v->why, sizeof(v->why),
                 "No protocol qualifies: none reaches the goal within %d weeks in the model.",
                 days / 7);
    else
        snprintf(v->why, sizeof(v->why),
                 "No protocol qualifies: the %d that reach the goal within %d weeks all had a day "
                 "over the pain limit, a flare or an injury in the model.",
                 reached, days / 7);
}

static void agreement(calf_verdict *v, const calf_verdict_in *in)
{
    v->agreement[0] = '\0';
    if (!v->has_cohort)
        return;
    if (!v->any_disagree) {
        snprintf(v->agreement, sizeof(v->agreement),
                 "The single run and the virtual cohort rank the protocols alike.");
        return;
    }
    int k = -1, d = -1; /* the disagreeing protocol whose ranks differ most */
    for (int j = 0; j < v->n; j++) {
        int dj = abs(v->row[j].run_rank - v->row[j].cohort_rank);
        if (!v->row[j].agrees && dj > d) {
            d = dj;
            k = j;
        }
    }
    char r1[16], r2[16];
    ordinal(r1, sizeof(r1), v->row[k].run_rank);
    ordinal(r2, sizeof(r2), v->row[k].cohort_rank);
    snprintf(v->agreement, sizeof(v->agreement),
             "The single run and the virtual cohort rank the protocols differently (%s: %s in the "
             "single run, %s by the share of virtual patients reaching the goal). The single run "
             "is one plausible patient; the cohort shows how much that ranking depends on the "
             "model's assumptions and on the patient's measurements.",
             in[k].name, r1, r2);
}

void calf_verdict_make(const calf_model *m, const calf_verdict_in *in, int n, calf_verdict *v)
{
    memset(v, 0, sizeof(*v));
    v->n = n > CALF_VERDICT_MAX ? CALF_VERDICT_MAX : n;
    v->best = -1;
    v->has_cohort = v->n > 0;
    for (int k = 0; k < v->n; k++) {
        v->has_cohort &= in[k].cohort != NULL;
        calf_goal_check_run(m, in[k].trace, in[k].sum, &v->row[k].check);
        v->row[k].goal_week = (in[k].sum->goal_reached_day + 6) / 7;
    }
    ranks(v, in);
    int tie = -1, days = v->n ? in[0].sum->days : 0;
    for (int k = 0; k < v->n; k++) {
        const calf_verdict_row *r = &v->row[k];
        if (!r->goal_week || r->check.missed)
            continue;
        if (v->best < 0 || r->goal_week < v->row[v->best].goal_week) {
            v->best = k;
            tie = -1;
        } else if (r->goal_week == v->row[v->best].goal_week) {
            int ahead = v->has_cohort && in[k].cohort->p_goal > in[v->best].cohort->p_goal;
            tie = ahead ? v->best : k;
            if (ahead)
                v->best = k;
        }
    }
    if (v->best >= 0)
        why_best(v, in, tie);
    else
        why_none(v, days);
    agreement(v, in);
}

void calf_verdict_print(FILE *fp, const calf_verdict *v, const calf_verdict_in *in)
{
    fprintf(fp, "\nVerdict: %s\n", v->best >= 0 ? in[v->best].name : "none qualifies");
    fprintf(fp, "  %s\n", v->why);
    if (v->agreement[0])
        fprintf(fp, "  %s\n", v->agreement);
    for (int k = 0; k < v->n; k++) {
        const calf_verdict_row *r = &v->row[k];
        char miss[256];
        calf_verdict_missed_text(r->check.missed, 1, miss, sizeof(miss));
        fprintf(fp, "  - %s: ", in[k].name);
        if (r->goal_week)
            fprintf(fp, "goal in week %d", r->goal_week);
        else
            fputs("goal not reached", fp);
        if (miss[0])
            fprintf(fp, "; %s: %s", r->goal_week ? "had" : "missed", miss);
        if (in[k].cohort)
            fprintf(fp, "; cohort P(goal) %.2f [%.2f, %.2f]%s", in[k].cohort->p_goal,
                    in[k].cohort->p_goal_lo, in[k].cohort->p_goal_hi,
                    r->agrees == 0 ? " (ranked differently in the cohort)" : "");
        fputc('\n', fp);
    }
}

/* ---- compare.json ---- */

static void jkey(FILE *fp, const char *key, double v)
{
    fprintf(fp, ", \"%s\": ", key);
    calf_json_number(fp, v, 6);
}

static void jpair(FILE *fp, const char *key, double lo, double hi)
{
    fprintf(fp, ", \"%s\": [", key);
    calf_json_number(fp, lo, 6);
    fputs(", ", fp);
    calf_json_number(fp, hi, 6);
    fputc(']', fp);
}

static void verdict_json(FILE *fp, const calf_verdict *v, const calf_verdict_in *in)
{
    fputs("  \"verdict\": {\"best\": ", fp);
    if (v->best >= 0)
        calf_json_string(fp, in[v->best].name);
    else
        fputs("null", fp);
    fputs(", \"why\": ", fp);
    calf_json_string(fp, v->why);
    fputs(",\n    \"protocols\": [", fp);
    for (int k = 0; k < v->n; k++) {
        const calf_verdict_row *r = &v->row[k];
        fputs(k ? ",\n      {\"name\": " : "\n      {\"name\": ", fp);
        calf_json_string(fp, in[k].name);
        if (r->goal_week)
            fprintf(fp, ", \"goal_week\": %d", r->goal_week);
        else
            fputs(", \"goal_week\": null", fp);
        fputs(", \"missed\": [", fp);
        for (int i = 0, first = 1; i < CALF_MISS_COUNT; i++)
            if (r->check.missed & (1u << i)) {
                fprintf(fp, "%s\"%s\"", first ? "" : ", ", calf_miss_names[i]);
                first = 0;
            }
        fputc(']', fp);
        if (in[k].cohort) {
            jkey(fp, "cohort_p_goal", in[k].cohort->p_goal);
            jpair(fp, "cohort_p_goal_ci", in[k].cohort->p_goal_lo, in[k].cohort->p_goal_hi);
        } else {
            fputs(", \"cohort_p_goal\": null, \"cohort_p_goal_ci\": null", fp);
        }
        fprintf(fp, ", \"agrees_with_cohort\": %s}",
                r->agrees < 0 ? "null"
                : r->agrees   ? "true"
                              : "false");
    }
    fputs("]},\n  \"agreement\": ", fp);
    calf_json_string(fp, v->agreement);
    fputs(",\n", fp);
}

static void table_json(FILE *fp, const calf_compare_doc *d, const calf_verdict *v,
                       const calf_verdict_in *in)
{
    fputs("  \"table\": [", fp);
    for (int k = 0; k < v->n; k++) {
        fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        calf_json_string(fp, in[k].name);
        fputs(", \"folder\": ", fp);
        calf_json_string(fp, d->folders ? d->folders[k] : NULL);
        fprintf(fp, ", \"param_hash\": \"%016llx\"",
                (unsigned long long)(d->param_hashes ? d->param_hashes[k] : d->param_hash));
        for (int i = 0; i < CALF_OC_COUNT; i++)
            jkey(fp, calf_outcome_cols[i].key, calf_outcome_value(in[k].sum, i));
        if (in[k].sum->injury_day)
            fprintf(fp, ", \"injury_day\": %d", in[k].sum->injury_day);
        else
            fputs(", \"injury_day\": null", fp);
        if (v->row[k].check.closest_end_day)
            fprintf(fp, ", \"closest_week_last_day\": %d", v->row[k].check.closest_end_day);
        fputc('}', fp);
    }
    fputs("],\n", fp);
}

static void cohort_json(FILE *fp, const calf_compare_doc *d, const calf_verdict *v,
                        const calf_verdict_in *in)
{
    if (!v->has_cohort) {
        fputs("  \"cohort\": null,\n", fp);
        return;
    }
    fprintf(fp, "  \"cohort\": {\"virtual_patients\": %ld, \"protocols\": [", d->cohort_size);
    for (int k = 0; k < v->n; k++) {
        const calf_cohort_num *c = in[k].cohort;
        fputs(k ? ",\n    {\"name\": " : "\n    {\"name\": ", fp);
        calf_json_string(fp, in[k].name);
        jkey(fp, "p_goal", c->p_goal);
        jpair(fp, "p_goal_ci", c->p_goal_lo, c->p_goal_hi);
        jkey(fp, "weeks_to_goal_median", c->weeks_median);
        jpair(fp, "weeks_to_goal_iqr", c->weeks_q1, c->weeks_q3);
        jkey(fp, "p_flare", c->p_flare);
        jpair(fp, "p_flare_ci", c->p_flare_lo, c->p_flare_hi);
        jkey(fp, "p_injury_event", c->p_injury);
        jpair(fp, "p_injury_event_ci", c->p_injury_lo, c->p_injury_hi);
        jkey(fp, "p_goal_diff_vs_first", c->diff);
        jpair(fp, "p_goal_diff_vs_first_ci", c->diff_lo, c->diff_hi);
        jkey(fp, "final_capacity_pct_mean", c->final_capacity_pct);
        fprintf(fp, ", \"rank\": %d, \"single_run_rank\": %d}", v->row[k].cohort_rank,
                v->row[k].run_rank);
    }
    fputs("]},\n", fp);
}

int calf_compare_json_write(const char *path, const calf_compare_doc *d, const calf_verdict *v,
                            const calf_verdict_in *in, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fprintf(fp, "{\n  \"calfsim_version\": \"%s\",\n  \"patient\": ", CALF_VERSION);
    calf_json_string(fp, d->patient);
    fprintf(fp, ",\n  \"seed\": %llu,\n  \"param_hash\": \"%016llx\",\n  \"days\": %d,\n",
            (unsigned long long)d->seed, (unsigned long long)d->param_hash, d->days);
    verdict_json(fp, v, in);
    table_json(fp, d, v, in);
    cohort_json(fp, d, v, in);
    fputs("  \"caveat\": \"Model outputs compare protocols under stated assumptions; they are not "
          "a patient's real risk.\"\n}\n",
          fp);
    return calf_afile_commit(&af, err);
}
