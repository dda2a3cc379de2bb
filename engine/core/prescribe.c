/*
 * prescribe.c: recording a protocol's programme along the model's expected
 * path and saying each session in plain words; prescription.csv and the
 * diary template (see prescribe.h).
 */
#include "prescribe.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"
#include "patient.h"
#include "plan_csv.h"
#include "util.h"

const char *const calf_weekday_names[8] = {"",         "Monday", "Tuesday",  "Wednesday",
                                           "Thursday", "Friday", "Saturday", "Sunday"};

/* ---- dates (days since 1970-01-01; the civil-from-days algorithm) ---- */

static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void calf_date_ymd(long z, int *y, int *m, int *d)
{
    z += 719468;
    const long era = (z >= 0 ? z : z - 146096) / 146097;
    const long doe = z - era * 146097;
    const long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const long mp = (5 * doy + 2) / 153;
    *d = (int)(doy - (153 * mp + 2) / 5 + 1);
    *m = (int)(mp < 10 ? mp + 3 : mp - 9);
    *y = (int)(yoe + era * 400 + (*m <= 2));
}

int calf_date_parse(const char *s, long *days)
{
    if (!s || strlen(s) != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    for (int i = 0; i < 10; i++)
        if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
            return -1;
    int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
    int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (y < 1970 || y > 2199 || m < 1 || m > 12 || d < 1 || d > mdays[m - 1] + (m == 2 && leap))
        return -1;
    *days = days_from_civil(y, m, d);
    return 0;
}

int calf_date_weekday(long days)
{
    return (int)((days % 7 + 7 + 3) % 7) + 1; /* 1970-01-01 was a Thursday */
}

void calf_date_format(long days, int basic, char *buf, size_t n)
{
    int y, m, d;
    calf_date_ymd(days, &y, &m, &d);
    snprintf(buf, n, basic ? "%04d%02d%02d" : "%04d-%02d-%02d", y, m, d);
}

/* ---- the record ---- */

int calf_rx_init(calf_rx *rx, int days, long start, calf_error *err)
{
    memset(rx, 0, sizeof(*rx));
    if (days < 7 || days % 7 || days > CALF_RX_MAX_WEEKS * 7)
        return calf_error_set(err, CALF_EUSAGE, "prescribe: %d days: allowed whole weeks, 1 to %d",
                              days, CALF_RX_MAX_WEEKS);
    rx->days = days;
    rx->start = start;
    rx->day = calloc((size_t)days, sizeof(*rx->day));
    rx->rule_on = calloc((size_t)days / 7, sizeof(*rx->rule_on));
    rx->rule = calloc((size_t)days / 7, sizeof(*rx->rule));
    if (!rx->day || !rx->rule_on || !rx->rule) {
        calf_rx_free(rx);
        return calf_error_set(err, CALF_EIO, "prescribe: out of memory");
    }
    return CALF_OK;
}

void calf_rx_free(calf_rx *rx)
{
    free(rx->day);
    free(rx->rule_on);
    free(rx->rule);
    memset(rx, 0, sizeof(*rx));
}

/* ---- plain words ---- */

/* Append a formatted piece to buf (size n), truncating safely. */
static void add(char *buf, size_t n, const char *fmt, ...) CALF_PRINTF(3, 4);
static void add(char *buf, size_t n, const char *fmt, ...)
{
    size_t at = strlen(buf);
    if (at + 1 >= n)
        return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf + at, n - at, fmt, ap);
    va_end(ap);
}

void calf_rx_pace(double kmh, char *buf, size_t n)
{
    long s = lround(3600.0 / kmh);
    snprintf(buf, n, "%ld:%02ld", s / 60, s % 60);
}

/* A distance: one decimal, two when it needs them. */
static void km_text(char *buf, size_t n, double km)
{
    double t = km * 10;
    snprintf(buf, n, fabs(t - round(t)) < 1e-6 ? "%.1f" : "%.2f", km);
}

static void num_text(char *buf, size_t n, double v)
{
    snprintf(buf, n, "%.3g", v);
}

static int seg_equal(const calf_segment *a, const calf_segment *b)
{
    return a->walk == b->walk && fabs(a->km - b->km) < 1e-9 && fabs(a->kmh - b->kmh) < 1e-9;
}

/* A segment in words; in a walk/run session (minutes) by its duration. */
static void seg_text(char *buf, size_t n, const calf_segment *g, int minutes)
{
    char km[32], v[32];
    km_text(km, sizeof(km), g->km);
    double min = round(g->km / g->kmh * 600) / 10; /* to 0.1 min */
    if (g->walk && minutes) {
        snprintf(buf, n, "walk %g min", min);
    } else if (g->walk) {
        num_text(v, sizeof(v), g->kmh);
        snprintf(buf, n, "walk %s km at %s km/h", km, v);
    } else if (minutes) {
        calf_rx_pace(g->kmh, v, sizeof(v));
        snprintf(buf, n, "run %g min at %s per km", min, v);
    } else {
        calf_rx_pace(g->kmh, v, sizeof(v));
        snprintf(buf, n, "%s km at %s per km", km, v);
    }
}

static void run_title(const calf_model *m, const calf_session *s, char *title, size_t n)
{
    int walk = 0, run = 0, fast = 0, speeds = 0;
    double v0 = -1;
    for (int i = 0; i < s->nseg; i++) {
        const calf_segment *g = &s->seg[i];
        if (g->walk) {
            walk = 1;
            continue;
        }
        run = 1;
        fast |= g->kmh >= m->q_kmh - 1e-9;
        if (fabs(g->kmh - v0) > 1e-9) {
            speeds++;
            v0 = g->kmh;
        }
    }
    const char *t = !run         ? "Walk"
                    : walk       ? "Walk/run"
                    : speeds > 1 ? (fast ? "Run with intervals" : "Run")
                    : fast       ? "Fast run"
                    : fabs(v0 - m->pt.easy_kmh) <= 0.05 * m->pt.easy_kmh ? "Easy run"
                                                                         : "Run";
    snprintf(title, n, "%s", t);
}

/* Segments as "2.0 km at 5:33 per km, then 4 × 0.2 km at 4:17 per km with
 * 0.2 km at 5:33 per km between, then ...": a repeated pair A B is written
 * as repetitions of A, with B between them (and after the last when the
 * pattern ends with B). Walk/run sessions go by minutes. */
static void run_details(const calf_session *s, char *buf, size_t n)
{
    buf[0] = '\0';
    double total = 0;
    int same = 1, walk = 0, run = 0;
    for (int i = 0; i < s->nseg; i++) {
        total += s->seg[i].km;
        same &= s->seg[i].walk == s->seg[0].walk && fabs(s->seg[i].kmh - s->seg[0].kmh) < 1e-9;
        walk |= s->seg[i].walk;
        run |= !s->seg[i].walk;
    }
    const int minutes = walk && run;
    char a[96], b[96], km[32];
    if (same) { /* one speed: the total */
        calf_segment g = s->seg[0];
        g.km = total;
        seg_text(a, sizeof(a), &g, 0);
        add(buf, n, "%s", a);
        return;
    }
    for (int i = 0; i < s->nseg;) {
        int r = 1; /* pairs A B from i */
        while (i + 2 * r + 1 < s->nseg && seg_equal(&s->seg[i + 2 * r], &s->seg[i]) &&
               seg_equal(&s->seg[i + 2 * r + 1], &s->seg[i + 1]))
            r++;
        int tail_a = i + 2 * r < s->nseg && seg_equal(&s->seg[i + 2 * r], &s->seg[i]);
        if (buf[0])
            add(buf, n, ", then ");
        seg_text(a, sizeof(a), &s->seg[i], minutes);
        if (i + 1 < s->nseg && (r >= 2 || (r == 1 && tail_a))) {
            seg_text(b, sizeof(b), &s->seg[i + 1], minutes);
            if (tail_a) /* A B A B ... A: r + 1 repetitions, B between */
                add(buf, n, "%d \xc3\x97 %s with %s between", r + 1, a, b);
            else
                add(buf, n, "%d \xc3\x97 (%s, %s)", r, a, b);
            i += 2 * r + tail_a;
        } else {
            add(buf, n, "%s", a);
            i++;
        }
    }
    km_text(km, sizeof(km), total);
    add(buf, n, " (%s km in all)", km);
}

/* "Seated calf raise" from seated_calf_raise. */
static void exercise_title(const char *name, char *buf, size_t n)
{
    static const char *const nice[][2] = {
        {"quads_glutes", "Quadriceps and gluteal strength"},
        {"invertor_evertor_band", "Invertor and evertor band work"},
        {"toe_flexor_isometric", "Toe-flexor isometric"},
        {"single_leg_heel_raise", "Single-leg heel raise"},
        {"straight_leg_calf_raise", "Straight-leg calf raise"},
        {"bent_knee_calf_raise", "Bent-knee calf raise"},
    };
    for (size_t i = 0; i < sizeof(nice) / sizeof(nice[0]); i++)
        if (strcmp(name, nice[i][0]) == 0) {
            snprintf(buf, n, "%s", nice[i][1]);
            return;
        }
    snprintf(buf, n, "%s", name);
    for (char *c = buf; *c; c++)
        if (*c == '_')
            *c = ' ';
    if (buf[0] >= 'a' && buf[0] <= 'z')
        buf[0] = (char)(buf[0] - 'a' + 'A');
}

static void strength_text(const calf_session *s, calf_rx_session *o)
{
    const calf_exercise *ex = calf_session_exercise(s);
    snprintf(o->exercise, sizeof(o->exercise), "%s", ex->name);
    exercise_title(ex->name, o->title, sizeof(o->title));
    char sets[16], reps[16], v[16];
    num_text(sets, sizeof(sets), s->sets);
    num_text(reps, sizeof(reps), s->reps);
    if (s->kind == CALF_K_ISOMETRIC) {
        snprintf(o->details, sizeof(o->details), "%s \xc3\x97 %s holds", sets, reps);
        if (isfinite(s->hold_s))
            add(o->details, sizeof(o->details), " of %g s", s->hold_s);
        if (isfinite(s->pct_1rm))
            add(o->details, sizeof(o->details), " at %.0f%% of a maximal effort", 100 * s->pct_1rm);
        return;
    }
    if (isfinite(s->rm) && fabs(s->rm - s->reps) < 1e-9) {
        num_text(v, sizeof(v), s->rm);
        snprintf(o->details, sizeof(o->details), "%s \xc3\x97 %sRM", sets, v);
    } else if (isfinite(s->rm)) {
        num_text(v, sizeof(v), s->rm);
        snprintf(o->details, sizeof(o->details), "%s \xc3\x97 %s at a %sRM load", sets, reps, v);
    } else if (isfinite(s->pct_1rm)) {
        snprintf(o->details, sizeof(o->details), "%s \xc3\x97 %s at %.0f%% of 1RM", sets, reps,
                 100 * s->pct_1rm);
    } else {
        snprintf(o->details, sizeof(o->details), "%s \xc3\x97 %s", sets, reps);
    }
    double tempo = isfinite(s->tempo_s) ? s->tempo_s : ex->tempo_s;
    if (tempo > 0)
        add(o->details, sizeof(o->details), ", %g s up, %g s down", tempo / 2, tempo / 2);
}

static void gait_text(const calf_model *m, const calf_session *s, calf_rx_session *o)
{
    snprintf(o->title, sizeof(o->title), "Running technique change");
    snprintf(o->details, sizeof(o->details), "from today on, on every run:");
    if (isfinite(s->gait_step_rate)) {
        double pct = 100 * (s->gait_step_rate - 1);
        add(o->details, sizeof(o->details), " step rate %+.0f%%", pct);
        if (m->pt.cadence_spm > 0)
            add(o->details, sizeof(o->details), " (about %.0f steps a minute)",
                m->pt.cadence_spm * s->gait_step_rate);
    }
    if (isfinite(s->gait_overstride))
        add(o->details, sizeof(o->details), "%s shorter stride, landing closer under the body",
            isfinite(s->gait_step_rate) ? ";" : "");
    if (s->gait_strike >= 0)
        add(o->details, sizeof(o->details), "%s %s strike",
            isfinite(s->gait_step_rate) || isfinite(s->gait_overstride) ? ";" : "",
            calf_strike_names[s->gait_strike]);
}

/* The session's own words, without its rules. */
static void describe_plain(const calf_model *m, const calf_session *s, double gait_sr,
                           calf_rx_session *o)
{
    static const char *const cross_title[] = {"Bike", "Swimming", "Elliptical trainer",
                                              "Pool running", "Rowing"};
    o->kind = s->kind;
    o->title[0] = o->details[0] = o->exercise[0] = '\0';
    switch (s->kind) {
    case CALF_K_RUN:
    case CALF_K_WALK:
        run_title(m, s, o->title, sizeof(o->title));
        run_details(s, o->details, sizeof(o->details));
        if (s->step_rate > 0 && fabs(s->step_rate - 1) > 1e-9)
            add(o->details, sizeof(o->details), ", step rate %+.0f%%", 100 * (s->step_rate - 1));
        else if (s->kind == CALF_K_RUN && fabs(gait_sr - 1) > 1e-9)
            add(o->details, sizeof(o->details), ", at the new step rate (%+.0f%%)",
                100 * (gait_sr - 1));
        if (s->strike >= 0)
            add(o->details, sizeof(o->details), ", %s strike", calf_strike_names[s->strike]);
        break;
    case CALF_K_STRENGTH:
    case CALF_K_ISOMETRIC:
        strength_text(s, o);
        break;
    case CALF_K_NEURAL:
        snprintf(o->title, sizeof(o->title), "Nerve %s",
                 s->neural_kind == CALF_NEURAL_TENSIONER ? "tensioner" : "slider");
        snprintf(o->exercise, sizeof(o->exercise), "%s",
                 s->neural_kind == CALF_NEURAL_TENSIONER ? "tensioner" : "slider");
        snprintf(o->details, sizeof(o->details), "%g bouts of %g min", s->bouts, s->minutes);
        break;
    case CALF_K_CROSS:
        snprintf(o->title, sizeof(o->title), "%s",
                 s->cross_kind >= 0 && s->cross_kind < 5 ? cross_title[s->cross_kind]
                                                         : "Cross-training");
        snprintf(o->details, sizeof(o->details), "%g min, easy", s->minutes);
        break;
    case CALF_K_GAIT:
        gait_text(m, s, o);
        break;
    default:
        snprintf(o->title, sizeof(o->title), "Rest");
        snprintf(o->details, sizeof(o->details), "a day off");
        break;
    }
}

static void rule_words(const calf_model *m, const calf_session *s, double gait_sr, char *buf,
                       size_t n)
{
    buf[0] = '\0';
    if (isfinite(s->stop_at_pain))
        add(buf, n, "stop if pain reaches %g/10", s->stop_at_pain);
    if (isfinite(s->shorten_if_morning_pain))
        add(buf, n, "%sif morning pain is above %g/10, do %.0f%% of the distance",
            buf[0] ? "; " : "", s->shorten_if_morning_pain, 100 * s->shorten_factor);
    if (isfinite(s->skip_if_morning_pain)) {
        add(buf, n, "%sif morning pain is above %g/10, skip it", buf[0] ? "; " : "",
            s->skip_if_morning_pain);
        if (s->instead) {
            calf_rx_session alt;
            describe_plain(m, s->instead, gait_sr, &alt);
            if (alt.title[0] >= 'A' && alt.title[0] <= 'Z')
                alt.title[0] = (char)(alt.title[0] - 'A' + 'a');
            add(buf, n, " and do instead: %s %s", alt.title, alt.details);
        }
    }
}

void calf_rx_describe(const calf_model *m, const calf_session *s, double gait_step_rate,
                      calf_rx_session *o)
{
    describe_plain(m, s, gait_step_rate, o);
    rule_words(m, s, gait_step_rate, o->rule, sizeof(o->rule));
    o->nseg = s->kind == CALF_K_RUN || s->kind == CALF_K_WALK ? s->nseg : 0;
    memcpy(o->seg, s->seg, sizeof(calf_segment) * (size_t)o->nseg);
    o->sets = s->sets;
    o->reps = s->reps;
    o->rm = s->rm;
    o->pct_1rm = s->pct_1rm;
    o->minutes = s->kind == CALF_K_NEURAL || s->kind == CALF_K_CROSS ? s->minutes : NAN;
    if (s->kind == CALF_K_NEURAL)
        o->sets = s->bouts;
    o->step_rate = s->step_rate > 0 ? s->step_rate : gait_step_rate;
    o->strike = s->strike;
    o->stop_at_pain = s->stop_at_pain;
}

void calf_rx_sentence(const calf_rx_session *s, char *buf, size_t n)
{
    snprintf(buf, n, "%s %s", s->title, s->details);
    if (s->rule[0])
        add(buf, n, " \xe2\x80\x94 %s", s->rule);
}

void calf_rx_rule_text(const calf_progress_rule *r, char *buf, size_t n)
{
    buf[0] = '\0';
    add(buf, n,
        "Each Monday, after a week in which no run was stopped by its pain rule, every run and "
        "walk grows by %.0f%%",
        100 * r->grow);
    if (r->regress > 0 && r->regress < 1)
        add(buf, n, "; after a week with a stopped run, they shrink to %.0f%% of their length",
            100 * r->regress);
    else if (r->regress >= 1)
        add(buf, n, "; after a week with a stopped run, they stay as they are");
    else
        add(buf, n, ", whatever the symptoms");
    if (r->hold_if_morning_pain > 0)
        add(buf, n, "; after a week with a morning's pain above %g/10, they stay as they are",
            r->hold_if_morning_pain);
    if (r->max_week_km > 0)
        add(buf, n, "; never more than %g km in a week", r->max_week_km);
    add(buf, n, ".");
}

/* ---- the recording planner ---- */

static int capture_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    calf_rx_capture *cap = ud;
    int rc = cap->inner.plan_day(cap->inner.ud, obs, out, err);
    if (rc || obs->day < 1 || obs->day > cap->rx->days)
        return rc;
    calf_rx_day *d = &cap->rx->day[obs->day - 1];
    d->n = 0;
    for (int k = 0; k < out->n && k < CALF_MAX_SESSIONS; k++) {
        const calf_session *s = out->s[k];
        if (!s || s->kind == CALF_K_REST)
            continue;
        if (s->kind == CALF_K_GAIT) {
            if (isfinite(s->gait_step_rate))
                cap->gait_step_rate = s->gait_step_rate;
            if (s->gait_strike >= 0)
                cap->gait_strike = s->gait_strike;
        }
        calf_rx_describe(cap->m, s, cap->gait_step_rate, &d->s[d->n]);
        if (s->kind == CALF_K_RUN && s->strike < 0)
            d->s[d->n].strike = cap->gait_strike;
        d->n++;
    }
    int w = (obs->day - 1) / 7;
    if (obs->weekday == 1 && cap->rule_fn)
        cap->rx->rule_on[w] = cap->rule_fn(cap->rule_ud, &cap->rx->rule[w]);
    return CALF_OK;
}

calf_planner calf_rx_planner(calf_rx_capture *cap)
{
    cap->gait_step_rate = 1;
    cap->gait_strike = -1;
    return (calf_planner){capture_day, cap};
}

/* ---- prescription.csv and diary.csv ---- */

static void csv_cell(FILE *fp, const char *s)
{
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
    }
    fputc('"', fp);
}

static void provenance(FILE *fp, const char *what, const calf_rx *rx, const calf_rx_meta *meta)
{
    char start[16];
    calf_date_format(rx->start, 0, start, sizeof(start));
    fprintf(fp, "# calfsim %s; %s; protocol: ", CALF_VERSION, what);
    for (const char *s = meta->protocol; s && *s; s++)
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
    fputs("; patient: ", fp);
    for (const char *s = meta->patient; s && *s; s++)
        fputc((unsigned char)*s < 0x20 ? ' ' : *s, fp);
    fprintf(fp, "; day 1: %s; seed: %llu; param_hash: %016llx\n", start,
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
}

/* Open path atomically and write its provenance line. */
static int rx_open(calf_afile *af, const char *path, const char *what, const calf_rx *rx,
                   const calf_rx_meta *meta, calf_error *err)
{
    int rc = calf_afile_open(af, path, err);
    if (!rc)
        provenance(af->fp, what, rx, meta);
    return rc;
}

int calf_rx_write_csv(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                      calf_error *err)
{
    calf_afile af;
    int rc = rx_open(&af, path, "prescription", rx, meta, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fputs("date,weekday,day,session,details,rule\n", fp);
    for (int d = 0; d < rx->days; d++) {
        char date[16];
        calf_date_format(rx->start + d, 0, date, sizeof(date));
        for (int k = 0; k < rx->day[d].n; k++) {
            const calf_rx_session *s = &rx->day[d].s[k];
            fprintf(fp, "%s,%s,%d,", date, calf_weekday_names[calf_date_weekday(rx->start + d)],
                    d + 1);
            csv_cell(fp, s->title);
            fputc(',', fp);
            csv_cell(fp, s->details);
            fputc(',', fp);
            csv_cell(fp, s->rule);
            fputc('\n', fp);
        }
    }
    return calf_afile_commit(&af, err);
}

static void put(FILE *fp, double v)
{
    calf_csv_put_number(fp, v); /* ",v", or "," when not finite */
}

/* One plan CSV row: day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,
 * step_rate,strike,stop_at_pain, then the four empty observation cells. */
static void diary_row(FILE *fp, int day, const char *kind, const calf_rx_session *s,
                      const calf_segment *g)
{
    fprintf(fp, "%d,%s,%s", day, kind, s ? s->exercise : "");
    put(fp, g ? g->km : NAN);
    put(fp, g ? g->kmh : NAN);
    int run = g && !g->walk;
    int work = s && (s->kind == CALF_K_STRENGTH || s->kind == CALF_K_ISOMETRIC ||
                     s->kind == CALF_K_NEURAL);
    put(fp, work ? s->sets : NAN);
    put(fp, work && s->kind != CALF_K_NEURAL ? s->reps : NAN);
    put(fp, work && s->kind == CALF_K_STRENGTH ? s->rm : NAN);
    put(fp, work && s->kind != CALF_K_NEURAL ? s->pct_1rm : NAN);
    put(fp, s ? s->minutes : NAN);
    put(fp, run && fabs(s->step_rate - 1) > 1e-9 ? s->step_rate : NAN);
    fprintf(fp, ",%s", run && s->strike >= 0 ? calf_strike_names[s->strike] : "");
    put(fp, g ? s->stop_at_pain : NAN);
    fputs(",,,,\n", fp);
}

int calf_rx_write_diary(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                        calf_error *err)
{
    calf_afile af;
    int rc = rx_open(&af, path, "pain diary template", rx, meta, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    fputs("# Fill in pain_during (highest pain 0-10 during the day's sessions), pain_morning "
          "(pain on waking, 0-10), onset_km (km into a run when symptoms came on) and "
          "heel_raise_reps when tested; change km to the distance done; blank = not measured. "
          "Then: calfsim fit patient --diary diary.csv --patient P.lua\n",
          fp);
    fputs("day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain,"
          "pain_during,pain_morning,onset_km,heel_raise_reps\n",
          fp);
    for (int d = 0; d < rx->days; d++) {
        const calf_rx_day *day = &rx->day[d];
        int rows = 0;
        for (int k = 0; k < day->n; k++) {
            const calf_rx_session *s = &day->s[k];
            if (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK) {
                for (int i = 0; i < s->nseg; i++, rows++)
                    diary_row(fp, d + 1, s->seg[i].walk ? "walk" : "run", s, &s->seg[i]);
            } else if (s->kind == CALF_K_STRENGTH || s->kind == CALF_K_ISOMETRIC ||
                       s->kind == CALF_K_NEURAL || s->kind == CALF_K_CROSS) {
                if ((s->kind == CALF_K_STRENGTH || s->kind == CALF_K_ISOMETRIC) &&
                    calf_exercise_find(s->exercise) < 0)
                    continue; /* a protocol's own exercise: not in the plan CSV's registry */
                diary_row(fp, d + 1, calf_kind_names[s->kind], s, NULL);
                rows++;
            }
        }
        if (!rows) /* a row for the morning's pain */
            diary_row(fp, d + 1, "rest", NULL, NULL);
    }
    return calf_afile_commit(&af, err);
}
