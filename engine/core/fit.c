/*
 * fit.c: the FIT activity reader (fit.h). One pass over the bytes: the file
 * header, then records until the header's data size, then the file CRC; a
 * chained file (another header after the CRC) is read the same way. Data
 * messages are decoded only for the fields calfsim reads (the table `wanted`);
 * every other field, and every developer field, is skipped by its declared
 * size. A field's value is read by the base type its definition declares (not
 * the profile's), the first element of an array, with the base type's
 * invalid value meaning "not recorded"; scale and offset come from the
 * profile. Sessions become activities as they are read; laps and records are
 * tallied so a file without a session still gives one.
 */
#include "fit.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

uint16_t calf_fit_crc(uint16_t crc, const unsigned char *p, size_t n)
{
    static const uint16_t tab[16] = {0x0000, 0xCC01, 0xD801, 0x1400, 0xF001, 0x3C00,
                                     0x2800, 0xE401, 0xA001, 0x6C00, 0x7800, 0xB401,
                                     0x5000, 0x9C01, 0x8801, 0x4400};
    for (size_t i = 0; i < n; i++) {
        uint16_t t = tab[crc & 0xF];
        crc = (uint16_t)(((crc >> 4) & 0x0FFF) ^ t ^ tab[p[i] & 0xF]);
        t = tab[crc & 0xF];
        crc = (uint16_t)(((crc >> 4) & 0x0FFF) ^ t ^ tab[(p[i] >> 4) & 0xF]);
    }
    return crc;
}

/* Global message numbers read. */
enum { M_FILE_ID = 0, M_SPORT = 12, M_SESSION = 18, M_LAP = 19, M_RECORD = 20, M_ACTIVITY = 34 };
/* The values kept of one message. */
enum { V_TS, V_START, V_SPORT, V_ELAPSED, V_TIMER, V_DIST, V_CAD, V_FRAC, V_TYPE, V_LOCAL, NV };

/* Profile fields read: message, field number, slot, scale (value = raw /
 * scale - offset; none of these has an offset in the profile). */
static const struct {
    uint16_t msg;
    uint8_t num, slot;
    double scale;
} wanted[] = {
    {M_FILE_ID, 0, V_TYPE, 1},   {M_SPORT, 0, V_SPORT, 1},        {M_SESSION, 2, V_START, 1},
    {M_SESSION, 5, V_SPORT, 1},  {M_SESSION, 7, V_ELAPSED, 1000}, {M_SESSION, 8, V_TIMER, 1000},
    {M_SESSION, 9, V_DIST, 100}, {M_SESSION, 18, V_CAD, 1},       {M_SESSION, 92, V_FRAC, 128},
    {M_LAP, 2, V_START, 1},      {M_LAP, 7, V_ELAPSED, 1000},     {M_LAP, 8, V_TIMER, 1000},
    {M_LAP, 9, V_DIST, 100},     {M_LAP, 17, V_CAD, 1},           {M_LAP, 25, V_SPORT, 1},
    {M_LAP, 80, V_FRAC, 128},    {M_RECORD, 4, V_CAD, 1},         {M_RECORD, 5, V_DIST, 100},
    {M_RECORD, 53, V_FRAC, 128}, {M_ACTIVITY, 5, V_LOCAL, 1},
};

typedef struct fdef {
    int defined, big;
    uint16_t msg;
    int nf;
    uint8_t num[255], size[255], base[255], slot[255]; /* slot 255: skip */
    double scale[255];
    size_t bytes; /* of a data message, developer fields included */
} fdef;

/* Totals of a run of laps or records, for a file without a session. */
typedef struct tally {
    int n;
    double first_ts, last_ts, dist, timer, elapsed, cad_sum, cad_w;
    int sport;
} tally;

typedef struct fitrd {
    const unsigned char *b;
    size_t n, pos;
    const char *name;
    fdef def[16];
    double last_ts; /* for compressed timestamps; NAN before the first */
    int file_type, sport_msg, sessions;
    double local_offset; /* local - UTC seconds, from the activity message */
    tally laps, recs;
    calf_activity_list out;
    calf_error *err;
} fitrd;

static int bad(fitrd *r, size_t at, const char *fmt, const char *what)
{
    return calf_error_set(r->err, CALF_EINPUT, "%s: byte %zu: %s%s", r->name, at, fmt, what);
}

static int base_size(int bt)
{
    static const int sz[17] = {1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8};
    return bt >= 0 && bt < 17 ? sz[bt] : 0;
}

static uint64_t read_uint(const unsigned char *p, int size, int big)
{
    uint64_t u = 0;
    for (int i = 0; i < size; i++)
        u |= (uint64_t)p[big ? size - 1 - i : i] << (8 * i);
    return u;
}

/* A decoded field as an int, -1 when out of int's range (a damaged or hostile
 * file may put any 64-bit or floating value in an enum field). */
static int field_int(double x)
{
    return x >= -2147483648.0 && x <= 2147483647.0 ? (int)x : -1;
}

/* The first element of a field, NAN when invalid, unknown or not a number. */
static double field_value(const unsigned char *p, int size, int base, int big)
{
    const int bt = base & 0x1F, es = base_size(bt);
    if (!es || size < es || size % es != 0 || bt == 7 || bt == 13)
        return NAN; /* strings, bytes and unknown types are never numbers here */
    uint64_t u = read_uint(p, es, big);
    const uint64_t all = es == 8 ? UINT64_MAX : ((uint64_t)1 << (8 * es)) - 1;
    switch (bt) {
    case 1:
    case 3:
    case 5:
    case 14: { /* signed: invalid is the largest positive */
        if (u == all >> 1)
            return NAN;
        if (u >> (8 * es - 1)) /* sign-extend */
            return (double)(int64_t)(u | ~all);
        return (double)u;
    }
    case 10:
    case 11:
    case 12:
    case 16: /* the z types: 0 is invalid */
        return u == 0 ? NAN : (double)u;
    case 8: {
        if (u == 0xFFFFFFFFu)
            return NAN;
        uint32_t w = (uint32_t)u;
        float f;
        memcpy(&f, &w, sizeof(f));
        return isfinite(f) ? (double)f : NAN;
    }
    case 9: {
        if (u == UINT64_MAX)
            return NAN;
        double d;
        memcpy(&d, &u, sizeof(d));
        return isfinite(d) ? d : NAN;
    }
    default: /* enum, uint8/16/32/64: all bits set is invalid */
        return u == all ? NAN : (double)u;
    }
}

static int need(fitrd *r, size_t k, size_t end, const char *what)
{
    if (r->pos + k <= end)
        return CALF_OK;
    return calf_error_set(r->err, CALF_EINPUT,
                          "%s: byte %zu: file ends early inside a %s (needs %zu more bytes, %zu "
                          "left before byte %zu)",
                          r->name, r->pos, what, k, end - r->pos, end);
}

static int read_definition(fitrd *r, int local, int dev, size_t end)
{
    const size_t at = r->pos - 1;
    int rc = need(r, 5, end, "definition message");
    if (rc)
        return rc;
    fdef *d = &r->def[local];
    const unsigned char *p = r->b + r->pos;
    if (p[1] > 1)
        return bad(r, at + 2, "architecture must be 0 (little-endian) or 1 (big-endian)", "");
    d->big = p[1];
    d->msg = (uint16_t)read_uint(p + 2, 2, d->big);
    d->nf = p[4];
    r->pos += 5;
    if ((rc = need(r, (size_t)d->nf * 3, end, "definition message")))
        return rc;
    d->bytes = 0;
    for (int i = 0; i < d->nf; i++, r->pos += 3) {
        p = r->b + r->pos;
        d->num[i] = p[0];
        d->size[i] = p[1];
        d->base[i] = p[2];
        d->slot[i] = 255;
        d->bytes += p[1];
        if (p[0] == 253) { /* timestamp, in every message */
            d->slot[i] = V_TS;
            d->scale[i] = 1;
        }
        for (size_t w = 0; w < sizeof(wanted) / sizeof(wanted[0]); w++)
            if (wanted[w].msg == d->msg && wanted[w].num == p[0]) {
                d->slot[i] = wanted[w].slot;
                d->scale[i] = wanted[w].scale;
            }
    }
    if (dev) {
        if ((rc = need(r, 1, end, "definition message")))
            return rc;
        const int nd = r->b[r->pos++];
        if ((rc = need(r, (size_t)nd * 3, end, "developer field definition")))
            return rc;
        for (int i = 0; i < nd; i++, r->pos += 3)
            d->bytes += r->b[r->pos + 1]; /* field number, size, developer index */
    }
    d->defined = 1;
    return CALF_OK;
}

static void tally_add(tally *t, const double *v, int laps)
{
    const double ts = !isnan(v[V_START]) ? v[V_START] : v[V_TS];
    if (!isnan(ts) && (t->n == 0 || isnan(t->first_ts) || ts < t->first_ts))
        t->first_ts = ts;
    if (!isnan(v[V_TS]) && (isnan(t->last_ts) || v[V_TS] > t->last_ts))
        t->last_ts = v[V_TS];
    double cad = v[V_CAD] + (isnan(v[V_FRAC]) ? 0 : v[V_FRAC]);
    if (laps) {
        if (!isnan(v[V_DIST]))
            t->dist += v[V_DIST];
        if (!isnan(v[V_TIMER]))
            t->timer += v[V_TIMER];
        if (!isnan(v[V_ELAPSED]))
            t->elapsed += v[V_ELAPSED];
        const double w = !isnan(v[V_TIMER]) ? v[V_TIMER] : v[V_ELAPSED];
        if (!isnan(cad) && cad > 0 && !isnan(w) && w > 0) {
            t->cad_sum += cad * w;
            t->cad_w += w;
        }
        if (!isnan(v[V_SPORT]))
            t->sport = field_int(v[V_SPORT]);
    } else {
        if (!isnan(v[V_DIST]) && v[V_DIST] > t->dist)
            t->dist = v[V_DIST];
        if (!isnan(cad) && cad > 0) { /* moving samples only */
            t->cad_sum += cad;
            t->cad_w += 1;
        }
    }
    t->n++;
}

/* FIT sport to calfsim's; walking 11, hiking 17, running 1, cycling 2 (and
 * e-biking 21), swimming 5. */
static int sport_of(double s)
{
    switch (field_int(s)) { /* NAN and values beyond int: none of these */
    case 1:
        return CALF_SPORT_RUN;
    case 11:
    case 17:
        return CALF_SPORT_WALK;
    case 2:
    case 21:
        return CALF_SPORT_CYCLE;
    case 5:
        return CALF_SPORT_SWIM;
    default:
        return CALF_SPORT_OTHER;
    }
}

/* Cadence in steps per minute: FIT counts strides (one foot) for running and
 * walking; rides and swims keep no step cadence. */
static double spm_of(int sport, double cad, double frac)
{
    if (sport != CALF_SPORT_RUN && sport != CALF_SPORT_WALK)
        return NAN;
    if (isnan(cad) || cad <= 0)
        return NAN;
    return 2.0 * (cad + (isnan(frac) ? 0 : frac));
}

static int add_activity(fitrd *r, int sport, double start_fit, double km, double timer_s,
                        double elapsed_s, double spm)
{
    calf_activity a;
    memset(&a, 0, sizeof(a));
    a.sport = sport;
    /* FIT timestamps are 32-bit; anything else is not a time */
    a.start =
        (start_fit >= 0 && start_fit <= 4294967295.0 ? (int64_t)start_fit : 0) + CALF_FIT_EPOCH;
    a.km = isnan(km) ? 0 : km;
    a.minutes = (!isnan(timer_s) ? timer_s : !isnan(elapsed_s) ? elapsed_s : 0) / 60.0;
    a.cadence_spm = spm;
    calf_activity_source(&a, r->name, ++r->sessions);
    return calf_activity_push(&r->out, &a, r->err);
}

static int use_message(fitrd *r, uint16_t msg, const double *v, size_t at)
{
    switch (msg) {
    case M_FILE_ID:
        if (!isnan(v[V_TYPE]))
            r->file_type = field_int(v[V_TYPE]);
        return CALF_OK;
    case M_SPORT:
        if (!isnan(v[V_SPORT]))
            r->sport_msg = field_int(v[V_SPORT]);
        return CALF_OK;
    case M_ACTIVITY:
        if (!isnan(v[V_LOCAL]) && !isnan(v[V_TS]) && fabs(v[V_LOCAL] - v[V_TS]) <= 15 * 3600)
            r->local_offset = v[V_LOCAL] - v[V_TS];
        return CALF_OK;
    case M_LAP:
        tally_add(&r->laps, v, 1);
        return CALF_OK;
    case M_RECORD:
        tally_add(&r->recs, v, 0);
        return CALF_OK;
    case M_SESSION: {
        double start = v[V_START];
        const double el = v[V_ELAPSED];
        if (isnan(start) && !isnan(v[V_TS]))
            start = v[V_TS] - (isnan(el) ? 0 : el);
        if (isnan(start))
            return bad(r, at, "session message without start_time or timestamp", "");
        const int sport = sport_of(v[V_SPORT]);
        return add_activity(r, sport, start, v[V_DIST] / 1000.0, v[V_TIMER], el,
                            spm_of(sport, v[V_CAD], v[V_FRAC]));
    }
    default:
        return CALF_OK;
    }
}

static int read_data(fitrd *r, int local, double ts_from_header, size_t end)
{
    const size_t at = r->pos - 1;
    fdef *d = &r->def[local];
    if (!d->defined) {
        char what[64];
        snprintf(what, sizeof(what), "%d", local);
        return bad(r, at, "data message of local type with no definition before it: ", what);
    }
    int rc = need(r, d->bytes, end, "data message");
    if (rc)
        return rc;
    double v[NV];
    for (int i = 0; i < NV; i++)
        v[i] = NAN;
    const unsigned char *p = r->b + r->pos;
    for (int i = 0; i < d->nf; i++) {
        if (d->slot[i] != 255) {
            double x = field_value(p, d->size[i], d->base[i], d->big);
            v[d->slot[i]] = x / d->scale[i];
        }
        p += d->size[i];
    }
    r->pos += d->bytes;
    if (!isnan(ts_from_header))
        v[V_TS] = ts_from_header;
    if (!isnan(v[V_TS]))
        r->last_ts = v[V_TS];
    return use_message(r, d->msg, v, at);
}

/* The 12- or 14-byte header at r->pos; sets *end to the end of its records. */
static int read_header(fitrd *r, size_t *end)
{
    const size_t at = r->pos;
    if (r->n - at < 12)
        return calf_error_set(r->err, CALF_EINPUT,
                              "%s: byte %zu: file ends early inside the FIT header (%zu bytes, a "
                              "header has 12 or 14)",
                              r->name, at, r->n - at);
    const unsigned char *h = r->b + at;
    if (memcmp(h + 8, ".FIT", 4) != 0)
        return bad(r, at + 8, "not a FIT file: the header lacks the \".FIT\" signature", "");
    const size_t hs = h[0];
    if (hs != 12 && hs != 14)
        return bad(r, at, "FIT header size must be 12 or 14", "");
    if (hs == 14) {
        if (r->n - at < 14)
            return bad(r, at, "file ends early inside the 14-byte FIT header", "");
        const uint16_t stored = (uint16_t)read_uint(h + 12, 2, 0);
        if (stored != 0 && stored != calf_fit_crc(0, h, 12))
            return bad(r, at + 12, "header CRC does not match the header's bytes", "");
    }
    const size_t size = (size_t)read_uint(h + 4, 4, 0);
    r->pos = at + hs;
    if (size > r->n - r->pos || r->n - r->pos - size < 2) {
        char what[96];
        snprintf(what, sizeof(what),
                 " (the header promises %zu bytes of records and a CRC, %zu follow)", size,
                 r->n - r->pos);
        return bad(r, r->n, "file ends early", what);
    }
    *end = r->pos + size;
    return CALF_OK;
}

static int read_one_file(fitrd *r)
{
    const size_t start = r->pos;
    size_t end = 0;
    int rc = read_header(r, &end);
    for (int i = 0; i < 16; i++)
        r->def[i].defined = 0; /* definitions do not cross files */
    while (!rc && r->pos < end) {
        const unsigned char h = r->b[r->pos++];
        if (h & 0x80) { /* compressed timestamp: local type 0-3, 5-bit offset */
            if (isnan(r->last_ts))
                return bad(r, r->pos - 1, "compressed timestamp before any full timestamp", "");
            if (!(r->last_ts >= 0 && r->last_ts <= 4294967295.0))
                return bad(r, r->pos - 1,
                           "compressed timestamp after a full timestamp outside 0 to 2^32 - 1 s",
                           "");
            const uint32_t last = (uint32_t)r->last_ts, off = h & 0x1F;
            uint32_t ts = (last & ~0x1Fu) + off;
            if (off < (last & 0x1F))
                ts += 0x20;
            rc = read_data(r, (h >> 5) & 3, (double)ts, end);
        } else if (h & 0x40) {
            rc = read_definition(r, h & 0x0F, (h & 0x20) != 0, end);
        } else {
            rc = read_data(r, h & 0x0F, NAN, end);
        }
    }
    if (rc)
        return rc;
    const uint16_t stored = (uint16_t)read_uint(r->b + end, 2, 0);
    if (stored != calf_fit_crc(0, r->b + start, end - start))
        return bad(r, end, "file CRC does not match the file's bytes (corrupted or cut)", "");
    r->pos = end + 2;
    return CALF_OK;
}

/* A file without a session: one activity from its laps, else its records. */
static int fallback_activity(fitrd *r)
{
    const int sport = sport_of(r->laps.n ? r->laps.sport : r->sport_msg);
    if (r->laps.n) {
        const tally *t = &r->laps;
        const double cad = t->cad_w > 0 ? t->cad_sum / t->cad_w : NAN;
        return add_activity(r, sport, t->first_ts, t->dist / 1000.0, t->timer ? t->timer : NAN,
                            t->elapsed ? t->elapsed : NAN, spm_of(sport, cad, NAN));
    }
    const tally *t = &r->recs;
    if (t->n == 0 || isnan(t->first_ts) || isnan(t->last_ts))
        return bad(r, r->n, "no session, lap or timed record message: not an activity", "");
    const double cad = t->cad_w > 0 ? t->cad_sum / t->cad_w : NAN;
    return add_activity(r, sport, t->first_ts, t->dist / 1000.0, NAN, t->last_ts - t->first_ts,
                        spm_of(sport, cad, NAN));
}

int calf_fit_decode(const unsigned char *buf, size_t n, const char *name, calf_activity_list *out,
                    calf_error *err)
{
    fitrd *r = calloc(1, sizeof(*r));
    if (!r)
        return calf_error_set(err, CALF_EIO, "%s: out of memory", name);
    r->b = buf;
    r->n = n;
    r->name = name;
    r->err = err;
    r->last_ts = NAN;
    r->file_type = -1;
    r->sport_msg = -1;
    r->laps.first_ts = r->laps.last_ts = NAN;
    r->recs.first_ts = r->recs.last_ts = NAN;
    int rc = CALF_OK;
    if (n > CALF_FIT_MAX_BYTES)
        rc = calf_error_set(err, CALF_EINPUT,
                            "%s: byte 0: %zu bytes, more than the %u MiB a FIT "
                            "activity file may have here",
                            name, n, CALF_FIT_MAX_BYTES >> 20);
    do {
        if (!rc)
            rc = read_one_file(r);
    } while (!rc && r->pos < n); /* chained FIT files */
    if (!rc && r->file_type < 0)
        rc = calf_error_set(err, CALF_EINPUT,
                            "%s: byte 0: no file_id message with a file type: not an activity file",
                            name);
    else if (!rc && r->file_type != 4)
        rc = calf_error_set(err, CALF_EINPUT,
                            "%s: byte 0: file_id type %d: not an activity file (activity files "
                            "have type 4)",
                            name, r->file_type);
    if (!rc && r->sessions == 0)
        rc = fallback_activity(r);
    const size_t n0 = out->n;
    for (size_t i = 0; !rc && i < r->out.n; i++) {
        r->out.a[i].utc_offset_s = (int)r->local_offset;
        rc = calf_activity_push(out, &r->out.a[i], err);
    }
    if (rc)
        out->n = n0; /* leave out as it was */
    calf_activity_list_free(&r->out);
    free(r);
    return rc;
}

int calf_fit_read(const char *path, calf_activity_list *out, calf_error *err)
{
    char *buf;
    size_t n;
    int rc = calf_read_file(path, CALF_FIT_MAX_BYTES, "a FIT activity file", &buf, &n, err);
    if (rc == CALF_OK)
        rc = calf_fit_decode((const unsigned char *)buf, n, path, out, err);
    free(buf);
    return rc;
}
