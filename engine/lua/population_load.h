/*
 * population_load.h: reading a population file (POP.lua, a Lua data file
 * returning a table, docs/cohort.md) into a calf_population:
 *   return { name = "...", base = "../patients/x.lua",
 *            inputs = { ["patient.habitual.km_per_week"] = { dist = "lognormal",
 *                         median = 30, sd_log = 0.4, min = 10, max = 80 }, ... },
 *            correlation = { { "patient.habitual.km_per_week", "patient.habitual.easy_kmh", 0.5 } }
 * } The file runs in a bare sandbox like a patient profile; every key, name, distribution parameter
 * and range is checked, and an error names the file, the key, the value and what is allowed.
 */
#ifndef CALF_POPULATION_LOAD_H
#define CALF_POPULATION_LOAD_H

#include "population.h"

/* Load path into out (prepared: correlations factored). base is resolved
 * relative to the population file's folder. CALF_ESCRIPT for a file that
 * does not run, CALF_EINPUT for a bad population. */
int calf_population_load(const char *path, calf_population *out, calf_error *err);

#endif
