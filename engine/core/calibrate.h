/*
 * calibrate.h: gains defined by an outcome (MODEL.md section 6, step 8) are
 * solved with a GSL root finder (Brent), not hand-tuned:
 *   k_C  12 weeks of Beyer heavy slow resistance lift C from C_floor to
 *        calib_c_gain x C_floor;
 *   k_S  the same programme lifts S by calib_s_gain;
 *   k_T  560 toe-flexor isometrics in 7 weeks lift T from calib_t_from to calib_t_to;
 *   k_E, k_K  8 weeks of 3x/week band or chain work lift E or K by calib_ek_gain.
 * Results depend only on the parameter set and are cached (per thread).
 */
#ifndef CALF_CALIBRATE_H
#define CALF_CALIBRATE_H

#include "error.h"
#include "params.h"

typedef struct calf_gains {
    double k_c, k_s, k_t, k_e, k_k;
} calf_gains;

int calf_calibrate_gains(const calf_params *p, calf_gains *out, calf_error *err);

/* The Beyer 2015 heavy-slow-resistance programme: RM and sets for week w (1-12). */
void calf_beyer_week(int week, double *rm, double *sets);

/* Simulate a calibration programme with a given gain (exposed for tests):
 * which = 0 C, 1 S, 2 T, 3 E, 4 K; returns the quality's final value. */
double calf_calibrate_outcome(const calf_params *p, int which, double gain);

#endif
