/*
 * activity.c: the activity list and the three import outputs (activity.h).
 * Dates are computed from day numbers with the proleptic Gregorian calendar
 * (no time-zone database: the file's own UTC offset, when it has one, gives
 * the local day).
 */
#include "activity.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"
#include "patient.h"
#include "util.h"

const char *const calf_sport_names[] = {"other", "run", "walk", "cycle", "swim", NULL};

int calf_activity_push(calf_activity_list *l, const calf_activity *act, calf_error *err)
{
    if (l->n == l->cap) {
        size_t cap = l->cap ? 2 * l->cap : 16;
        calf_activity *na = realloc(l->a, cap * sizeof(*na));
        if (!na)
            return calf_error_set(err, CALF_EIO, "activities: out of memory");
        l->a = na;
        l->cap = cap;
    }
    l->a[l->n++] = *act;
    return CALF_OK;
}

void calf_activity_list_free(calf_activity_list *l)
{
    free(l->a);
    memset(l, 0, sizeof(*l));
}

static int by_start(const void *pa, const void *pb)
{
    const calf_activity *a = pa, *b = pb;
    if (a->start != b->start)
        return a->start < b->start ? -1 : 1;
    return strcmp(a->source, b->source);
}

void calf_activity_sort(calf_activity_list *l)
{
    if (l->n > 1)
        qsort(l->a, l->n, sizeof(*l->a), by_start);
}

void calf_activity_source(calf_activity *act, const char *path, int index)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    snprintf(act->source, sizeof(act->source), "%.200s#%d", b, index);
}

static long floor_div(int64_t a, int64_t b)
{
    int64_t q = a / b;
    return (long)(a % b != 0 && (a < 0) != (b < 0) ? q - 1 : q);
}

long calf_activity_day(const calf_activity *act)
{
    return floor_div(act->start + act->utc_offset_s, 86400);
}

/* Year, month, day of a day number (days since 1970-01-01). */
static void civil(long z, int *y, int *m, int *d)
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

/* Days since 1970-01-01 of a civil date. */
static long days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    const long era = (y >= 0 ? y : y - 399) / 400;
    const long yoe = y - era * 400;
    const long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int calf_time_parse_iso(const char *s, int64_t *unix_s, int *utc_offset_s)
{
    int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
    while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
        s++;
    if (digits(s, 4, &y) || s[4] != '-' || digits(s + 5, 2, &mo) || s[7] != '-' ||
        digits(s + 8, 2, &d) || (s[10] != 'T' && s[10] != ' ') || digits(s + 11, 2, &h) ||
        s[13] != ':' || digits(s + 14, 2, &mi) || s[16] != ':' || digits(s + 17, 2, &se))
        return -1;
    const char *p = s + 19;
    if (*p == '.')
        for (p++; *p >= '0' && *p <= '9'; p++)
            ;
    if (*p == 'Z') {
        p++;
    } else if (*p == '+' || *p == '-') {
        sign = *p == '-' ? -1 : 1;
        if (digits(p + 1, 2, &oh) || p[3] != ':' || digits(p + 4, 2, &om))
            return -1;
        p += 6;
    }
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p || mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 60 || oh > 14 ||
        om > 59)
        return -1;
    const int off = sign * (oh * 3600 + om * 60);
    *unix_s = (int64_t)days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se - off;
    *utc_offset_s = off;
    return 0;
}

static void date_str(char *out, size_t n, long day)
{
    int y, m, d;
    civil(day, &y, &m, &d);
    snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static void head(FILE *fp, const char *what, const calf_import_meta *meta)
{
    fprintf(fp, "# calfsim %s; import: %s; seed: %llu; param_hash: %016llx\n", CALF_VERSION, what,
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
}

/* A CSV cell: quoted when it holds a comma, quote or line end. */
static void csv_text(FILE *fp, const char *s)
{
    if (!strpbrk(s, ",\"\r\n")) {
        fputs(s, fp);
        return;
    }
    fputc('"', fp);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', fp);
        fputc(*s, fp);
    }
    fputc('"', fp);
}

static double kmh_of(const calf_activity *a)
{
    return a->minutes > 0 ? a->km / (a->minutes / 60.0) : NAN;
}

int calf_activities_write_csv(const char *path, const calf_activity_list *l,
                              const calf_import_meta *meta, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    head(fp, "activities (local date and start time)", meta);
    fputs("date,start,sport,km,minutes,kmh,cadence_spm,source\n", fp);
    for (size_t i = 0; i < l->n; i++) {
        const calf_activity *a = &l->a[i];
        char date[32];
        date_str(date, sizeof(date), calf_activity_day(a));
        const long sec =
            (long)((a->start + a->utc_offset_s) - 86400 * (int64_t)calf_activity_day(a));
        fprintf(fp, "%s,%02ld:%02ld:%02ld,%s,%.3f,%.2f,", date, sec / 3600, sec / 60 % 60, sec % 60,
                calf_sport_names[a->sport], a->km, a->minutes);
        const double kmh = kmh_of(a);
        if (isfinite(kmh))
            fprintf(fp, "%.2f", kmh);
        fputc(',', fp);
        if (isfinite(a->cadence_spm))
            fprintf(fp, "%.1f", a->cadence_spm);
        fputc(',', fp);
        csv_text(fp, a->source);
        fputc('\n', fp);
    }
    return calf_afile_commit(&af, err);
}

static double clampd(double x, double lo, double hi)
{
    return x < lo ? lo : x > hi ? hi : x;
}

/* The plan CSV allows at most this many days and km per segment. */
#define HISTORY_MAX_DAYS 3640
#define SEGMENT_MAX_KM   100.0

static void history_row(FILE *fp, long day, const calf_activity *a)
{
    const double kmh = kmh_of(a);
    if (a->sport == CALF_SPORT_RUN || a->sport == CALF_SPORT_WALK) {
        const int walk = a->sport == CALF_SPORT_WALK;
        for (double left = a->km; left > 0.0005; left -= SEGMENT_MAX_KM) {
            fprintf(fp, "%ld,%s,%.3f,", day, walk ? "walk" : "run",
                    left > SEGMENT_MAX_KM ? SEGMENT_MAX_KM : left);
            if (isfinite(kmh))
                fprintf(fp, "%.2f", walk ? clampd(kmh, 2, 8) : clampd(kmh, 3, 30));
            fputs(",\n", fp);
        }
    } else if ((a->sport == CALF_SPORT_CYCLE || a->sport == CALF_SPORT_SWIM) && a->minutes >= 0.5) {
        fprintf(fp, "%ld,cross,,,%.1f\n", day, clampd(a->minutes, 0.5, 300));
    }
}

int calf_history_write_csv(const char *path, const calf_activity_list *l,
                           const calf_import_meta *meta, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    head(fp, "history (runs, walks and rides or swims as cross-training)", meta);
    long first = 0;
    if (l->n) {
        first = calf_activity_day(&l->a[0]);
        const long last = calf_activity_day(&l->a[l->n - 1]);
        if (last - first + 1 > HISTORY_MAX_DAYS)
            first = last - HISTORY_MAX_DAYS + 1;
        char date[32];
        date_str(date, sizeof(date), first);
        fprintf(fp, "# day 1 = %s\n", date);
    }
    fputs("day,kind,km,kmh,minutes\n", fp);
    for (size_t i = 0; i < l->n; i++) {
        const long d = calf_activity_day(&l->a[i]);
        if (d >= first)
            history_row(fp, d - first + 1, &l->a[i]);
    }
    return calf_afile_commit(&af, err);
}

static int cmp_double(const void *pa, const void *pb)
{
    const double a = *(const double *)pa, b = *(const double *)pb;
    return a < b ? -1 : a > b;
}

void calf_habitual_from(const calf_activity_list *l, int weeks, calf_habitual *h)
{
    memset(h, 0, sizeof(*h));
    h->easy_kmh = h->cadence_spm = NAN;
    if (l->n == 0 || weeks < 1)
        return;
    h->last_day = calf_activity_day(&l->a[l->n - 1]);
    h->first_day = h->last_day - 7L * weeks + 1;
    const long have = calf_activity_day(&l->a[0]);
    if (have > h->first_day) /* a shorter history: its whole weeks, at least one */
        h->first_day = h->last_day - 7 * ((h->last_day - have) / 7 + 1) + 1;
    const double nweeks = (double)(h->last_day - h->first_day + 1) / 7.0;
    double *kmh = malloc(l->n * sizeof(*kmh));
    double km = 0, cad = 0, cad_min = 0;
    for (size_t i = 0; i < l->n; i++) {
        const calf_activity *a = &l->a[i];
        if (a->sport != CALF_SPORT_RUN || calf_activity_day(a) < h->first_day)
            continue;
        km += a->km;
        const double v = kmh_of(a);
        if (kmh && isfinite(v) && a->km > 0)
            kmh[h->runs] = v;
        else if (kmh)
            kmh[h->runs] = NAN;
        h->runs++;
        if (isfinite(a->cadence_spm) && a->minutes > 0) {
            cad += a->cadence_spm * a->minutes;
            cad_min += a->minutes;
        }
    }
    h->km_per_week = km / nweeks;
    h->runs_per_week = h->runs / nweeks;
    h->cadence_spm = cad_min > 0 ? cad / cad_min : NAN;
    if (kmh) {
        int n = 0; /* speeds known, sorted; the slower half's median */
        for (int i = 0; i < h->runs; i++)
            if (isfinite(kmh[i]))
                kmh[n++] = kmh[i];
        if (n > 0) {
            qsort(kmh, (size_t)n, sizeof(*kmh), cmp_double);
            const int slow = (n + 1) / 2;
            h->easy_kmh = slow % 2 ? kmh[slow / 2] : 0.5 * (kmh[slow / 2 - 1] + kmh[slow / 2]);
        }
        free(kmh);
    }
}

/* name = value, or a comment when the value is unknown or outside the
 * profile's range for path. */
static void lua_field(FILE *fp, const char *path, const char *name, double v, const char *fmt)
{
    const calf_patient_field *f = calf_patient_field_find(path);
    if (!isfinite(v)) {
        fprintf(fp, "    -- %s: not known from these files\n", name);
        return;
    }
    char num[64];
    snprintf(num, sizeof(num), fmt, v);
    if (f && (v < f->min || v > f->max)) {
        fprintf(fp, "    -- %s = %s: outside the profile's range %g to %g, left out\n", name, num,
                f->min, f->max);
        return;
    }
    fprintf(fp, "    %s = %s,\n", name, num);
}

int calf_habitual_write_lua(const char *path, const calf_habitual *h, const calf_import_meta *meta,
                            calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    char d0[32] = "-", d1[32] = "-";
    if (h->last_day || h->first_day) {
        date_str(d0, sizeof(d0), h->first_day);
        date_str(d1, sizeof(d1), h->last_day);
    }
    fprintf(fp,
            "-- calfsim %s import: habitual running from %d run%s, %s to %s (--weeks %d)\n"
            "-- seed: %llu; param_hash: %016llx\n"
            "-- Copy these tables into a patient profile (see docs/import.md); easy_kmh is the\n"
            "-- median speed of the slower half of the runs, cadence the time-weighted mean.\n"
            "return {\n  habitual = {\n",
            CALF_VERSION, h->runs, h->runs == 1 ? "" : "s", d0, d1, meta->weeks,
            (unsigned long long)meta->seed, (unsigned long long)meta->param_hash);
    const double none = h->runs ? 0 : NAN;
    lua_field(fp, "habitual.km_per_week", "km_per_week", h->km_per_week + none, "%.1f");
    lua_field(fp, "habitual.runs_per_week", "runs_per_week", h->runs_per_week + none, "%.2f");
    lua_field(fp, "habitual.easy_kmh", "easy_kmh", h->easy_kmh, "%.2f");
    fputs("  },\n  gait = {\n", fp);
    lua_field(fp, "gait.cadence_spm", "cadence_spm", h->cadence_spm, "%.0f");
    fputs("  },\n}\n", fp);
    return calf_afile_commit(&af, err);
}
