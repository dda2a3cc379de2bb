/*
 * warmup.h: starting a simulation from a patient's real recent load (the
 * history.csv of `calfsim import`, attached to the patient as pt.history).
 * The history is replayed through the model from the intake state, day by
 * day, before day 1; what the replay leaves in the load memory is carried
 * into day 1: the training-load metrics (CTL, ATL, the EWMA pair of the
 * ACWR and the 28-day window behind the rolling ACWR, monotony and strain),
 * the acute fatigue Fa and the lagged adaptation stimulus A_lag. The tissue
 * state (capacity, strength, irritation, sensitisation, damage, neural
 * mobility) stays as calibrated from the intake profile, which describes the
 * patient as they are today (see docs/import.md). With pt.history_full (a
 * diary kept since intake, `calfsim forecast`) the whole state the replay
 * leaves is carried instead.
 */
#ifndef CALF_WARMUP_H
#define CALF_WARMUP_H

#include "error.h"
#include "metrics.h"
#include "model.h"

struct calf_plan;

/* Replay hist through m from the intake state; set st's load memory and mt
 * (a calf_metrics_init'ed struct) from it. hist is only read (its sessions
 * are copied before they run), so threads may share it. */
int calf_warmup(const calf_model *m, const struct calf_plan *hist, calf_state *st, calf_metrics *mt,
                calf_error *err);

#endif
