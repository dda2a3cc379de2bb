/*
 * import.h: reading a runner's watch exports into activities (activity.h):
 * FIT through the core's decoder (fit.h), TCX and GPX through libxml2. This
 * library is the only code that includes libxml2's headers, so the core stays
 * C11 + GSL only.
 */
#ifndef CALF_IMPORT_H
#define CALF_IMPORT_H

#include "activity.h"
#include "error.h"

/* Read one export, chosen by its extension (.fit, .tcx, .gpx, any case),
 * appending its activities to out. A bad or non-activity file is CALF_EINPUT
 * with one line naming the file and the byte offset (FIT) or line (XML); out
 * is then left as it was. */
int calf_import_file(const char *path, calf_activity_list *out, calf_error *err);
/* Garmin Training Center XML: one activity per <Activity>. */
int calf_tcx_read(const char *path, calf_activity_list *out, calf_error *err);
/* GPS Exchange Format: one activity per <trk> with timed points. */
int calf_gpx_read(const char *path, calf_activity_list *out, calf_error *err);

#endif
