/*
 * fit.h: a reader of FIT activity files (the binary format of Garmin and
 * most sports watches), written from the published protocol: the 12- or
 * 14-byte file header and its optional CRC, definition and data messages in
 * either byte order, compressed-timestamp record headers, developer fields
 * (skipped by their declared size), invalid values per base type, scale and
 * offset, fields whose size differs from the profile (arrays, shorter or longer
 * fields), chained files and the file CRC. It reads file_id (must be an
 * activity), session, lap, record, sport and activity messages into
 * calf_activity rows: one per session, or one built from the laps or, lacking
 * those, the records when a file has no session message.
 */
#ifndef CALF_FIT_H
#define CALF_FIT_H

#include <stddef.h>
#include <stdint.h>

#include "activity.h"
#include "error.h"

/* FIT time is seconds since 1989-12-31 00:00:00 UTC. */
#define CALF_FIT_EPOCH 631065600LL
/* Largest file the reader takes (a day-long recording is a few MiB). */
#define CALF_FIT_MAX_BYTES (256u << 20)

/* The FIT CRC-16 of n bytes, continuing from crc (start with 0). */
uint16_t calf_fit_crc(uint16_t crc, const unsigned char *p, size_t n);

/* Decode the FIT bytes buf[0 .. n) of the file named name (for messages),
 * appending its activities to out (source "BASE#k"). Errors are CALF_EINPUT
 * with "NAME: byte OFFSET: what and why", and leave out as it was. */
int calf_fit_decode(const unsigned char *buf, size_t n, const char *name, calf_activity_list *out,
                    calf_error *err);
/* Read the file at path and decode it (CALF_EIO when it cannot be read). */
int calf_fit_read(const char *path, calf_activity_list *out, calf_error *err);

#endif
