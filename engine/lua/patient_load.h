/*
 * patient_load.h: reading a patient profile (a Lua data file that returns a
 * table, DESIGN.md) into a calf_patient. The file runs in a sandbox that
 * opens no library at all, under a small memory cap and instruction budget;
 * every field is checked against the patient field table (engine/core/
 * patient.h): unknown names with a "did you mean", wrong types, non-finite
 * numbers and out-of-range values are errors naming the file and the field.
 */
#ifndef CALF_PATIENT_LOAD_H
#define CALF_PATIENT_LOAD_H

#include "error.h"
#include "patient.h"

#define CALF_PATIENT_MEM_LIMIT ((size_t)4 << 20) /* 4 MiB of Lua heap */
#define CALF_PATIENT_BUDGET    1000000L          /* VM instructions */

/* Load path into out (defaults for absent optional fields). CALF_ESCRIPT for
 * a file that does not run, CALF_EINPUT for a bad profile. */
int calf_patient_load(const char *path, calf_patient *out, calf_error *err);

#endif
