/*
 * study_gsa.h: calfsim.sobol{...} and calfsim.prcc{...}, the global
 * sensitivity estimators of engine/core/gsa.h for any function a study
 * script defines (docs/scripting.md). Internal to engine/lua.
 */
#ifndef CALF_STUDY_GSA_H
#define CALF_STUDY_GSA_H

#include <lua.h>

/* Add sobol and prcc to the calfsim table on top of L's stack. */
void calf_study_gsa_register(lua_State *L);

#endif
