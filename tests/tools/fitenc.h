/*
 * fitenc.h: a small FIT encoder for the tests (header only): it writes files
 * with known values, written from the protocol independently of the reader's
 * tables: 12- or 14-byte headers (header CRC given, zero or wrong),
 * definition messages in either byte order with developer fields, normal and
 * compressed-timestamp data messages, and the file CRC. Field values are
 * given raw (already scaled), as the encoder writes them.
 *
 *   fitenc e; fitenc_begin(&e, 14);
 *   fitenc_def(&e, 0, 18, big, fields, n, dev_bytes);
 *   fitenc_data(&e, 0, values, dev_bytes);     (values in field order)
 *   fitenc_end(&e);                            (e.buf, e.n: the file)
 */
#ifndef CALF_TEST_FITENC_H
#define CALF_TEST_FITENC_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Base types (the protocol's numbers, endian bit included). */
enum {
    FE_ENUM = 0x00,
    FE_UINT8 = 0x02,
    FE_SINT16 = 0x83,
    FE_UINT16 = 0x84,
    FE_UINT32 = 0x86,
    FE_UINT8Z = 0x0A,
    FE_STRING = 0x07,
    FE_FLOAT32 = 0x88,
};

typedef struct fitenc_field {
    uint8_t num, size, base;
} fitenc_field;

typedef struct fitenc {
    unsigned char *buf;
    size_t n, cap, start;
    int hsize;
    /* per local type: its fields and byte order, to write data in */
    fitenc_field f[16][32];
    int nf[16], big[16], dev[16];
} fitenc;

static void fitenc_put(fitenc *e, const void *p, size_t k)
{
    if (e->n + k > e->cap) {
        while (e->n + k > e->cap)
            e->cap = e->cap ? 2 * e->cap : 256;
        e->buf = realloc(e->buf, e->cap);
        if (!e->buf)
            abort();
    }
    memcpy(e->buf + e->n, p, k);
    e->n += k;
}

static void fitenc_byte(fitenc *e, unsigned v)
{
    unsigned char b = (unsigned char)v;
    fitenc_put(e, &b, 1);
}

/* v in size bytes, little- or big-endian. */
static void fitenc_uint(fitenc *e, uint64_t v, int size, int big)
{
    for (int i = 0; i < size; i++)
        fitenc_byte(e, (unsigned)(v >> (8 * (big ? size - 1 - i : i))) & 0xFF);
}

static uint16_t fitenc_crc(uint16_t crc, const unsigned char *p, size_t n)
{
    /* bitwise CRC-16 (polynomial 0xA001, reflected), the FIT CRC computed the
     * long way so the reader's nibble table is checked against it */
    for (size_t i = 0; i < n; i++) {
        crc ^= p[i];
        for (int b = 0; b < 8; b++)
            crc = (uint16_t)(crc & 1 ? (crc >> 1) ^ 0xA001 : crc >> 1);
    }
    return crc;
}

/* Start a file (another may be chained after fitenc_end). */
static void fitenc_begin(fitenc *e, int hsize)
{
    e->start = e->n;
    e->hsize = hsize;
    unsigned char h[14] = {(unsigned char)hsize, 0x20, 0x08, 0x08, 0, 0, 0, 0, '.', 'F', 'I', 'T'};
    fitenc_put(e, h, (size_t)hsize);
}

static void fitenc_def(fitenc *e, int local, uint16_t msg, int big, const fitenc_field *f, int nf,
                       int dev_bytes)
{
    fitenc_byte(e, 0x40 | (dev_bytes ? 0x20 : 0) | (unsigned)local);
    fitenc_byte(e, 0);
    fitenc_byte(e, (unsigned)big);
    fitenc_uint(e, msg, 2, big);
    fitenc_byte(e, (unsigned)nf);
    for (int i = 0; i < nf; i++) {
        fitenc_byte(e, f[i].num);
        fitenc_byte(e, f[i].size);
        fitenc_byte(e, f[i].base);
        e->f[local][i] = f[i];
    }
    if (dev_bytes) { /* one developer field of dev_bytes bytes */
        fitenc_byte(e, 1);
        fitenc_byte(e, 0);
        fitenc_byte(e, (unsigned)dev_bytes);
        fitenc_byte(e, 0);
    }
    e->nf[local] = nf;
    e->big[local] = big;
    e->dev[local] = dev_bytes;
}

/* Data message fields from v (raw values; an array or string field writes v
 * in its first element and fills the rest with 0x7F). compressed_offset >= 0
 * writes a compressed-timestamp header (local types 0-3) with that offset. */
static void fitenc_data_ts(fitenc *e, int local, const uint64_t *v, int compressed_offset)
{
    if (compressed_offset >= 0)
        fitenc_byte(e, 0x80 | (unsigned)(local << 5) | (unsigned)(compressed_offset & 0x1F));
    else
        fitenc_byte(e, (unsigned)local);
    for (int i = 0; i < e->nf[local]; i++) {
        const fitenc_field *f = &e->f[local][i];
        static const int sz[17] = {1, 1, 1, 2, 2, 4, 4, 1, 4, 8, 1, 2, 4, 1, 8, 8, 8};
        int es = sz[f->base & 0x1F];
        if (f->size < es || f->size % es) { /* a malformed size: raw bytes */
            for (int b = 0; b < f->size; b++)
                fitenc_byte(e, 0x11);
            continue;
        }
        fitenc_uint(e, v[i], es, e->big[local]);
        for (int b = es; b < f->size; b++)
            fitenc_byte(e, 0x7F);
    }
    for (int b = 0; b < e->dev[local]; b++)
        fitenc_byte(e, 0xA5);
}

static void fitenc_data(fitenc *e, int local, const uint64_t *v)
{
    fitenc_data_ts(e, local, v, -1);
}

/* Finish the current file: data size in the header, header CRC (when
 * header_crc is 1; 0 writes zero, 2 a wrong one), file CRC. */
static void fitenc_end_crc(fitenc *e, int header_crc)
{
    unsigned char *h = e->buf + e->start;
    const uint32_t size = (uint32_t)(e->n - e->start - (size_t)e->hsize);
    for (int i = 0; i < 4; i++)
        h[4 + i] = (unsigned char)(size >> (8 * i));
    if (e->hsize == 14) {
        uint16_t c = header_crc == 1 ? fitenc_crc(0, h, 12) : header_crc == 2 ? 0x1234 : 0;
        h[12] = (unsigned char)(c & 0xFF);
        h[13] = (unsigned char)(c >> 8);
    }
    const uint16_t crc = fitenc_crc(0, e->buf + e->start, e->n - e->start);
    fitenc_uint(e, crc, 2, 0);
}

static void fitenc_end(fitenc *e)
{
    fitenc_end_crc(e, 1);
}

static void fitenc_free(fitenc *e)
{
    free(e->buf);
    memset(e, 0, sizeof(*e));
}

/* ---- the messages calfsim reads, as the tests write them ---- */

/* file_id with the given type (4 = activity). */
static void fitenc_file_id(fitenc *e, int local, unsigned type)
{
    const fitenc_field f[] = {{0, 1, FE_ENUM}, {1, 2, FE_UINT16}};
    fitenc_def(e, local, 0, 0, f, 2, 0);
    const uint64_t v[] = {type, 1};
    fitenc_data(e, local, v);
}

/* A session: start (FIT time), sport, elapsed and timer (ms), distance (cm),
 * avg_cadence, avg_fractional_cadence (1/128). */
typedef struct fitenc_session {
    uint32_t start, elapsed_ms, timer_ms, dist_cm;
    uint8_t sport, cadence, frac;
} fitenc_session;

static void fitenc_session_msg(fitenc *e, int local, int big, int dev_bytes,
                               const fitenc_session *s)
{
    const fitenc_field f[] = {{253, 4, FE_UINT32}, {2, 4, FE_UINT32}, {5, 1, FE_ENUM},
                              {7, 4, FE_UINT32},   {8, 4, FE_UINT32}, {9, 4, FE_UINT32},
                              {18, 1, FE_UINT8},   {92, 1, FE_UINT8}, {254, 2, FE_UINT16}};
    fitenc_def(e, local, 18, big, f, 9, dev_bytes);
    const uint64_t v[] = {s->start + s->elapsed_ms / 1000,
                          s->start,
                          s->sport,
                          s->elapsed_ms,
                          s->timer_ms,
                          s->dist_cm,
                          s->cadence,
                          s->frac,
                          0};
    fitenc_data(e, local, v);
}

#endif
