/*
 * prescribe.h: the prescription (`calfsim prescribe`): a protocol's expected
 * programme for one patient as the patient would follow it. A planner wraps
 * the protocol's and records, day by day along the model's expected path,
 * each session in plain words ("Easy run", "3.2 km at 5:33 per km"), the
 * symptom rules attached to it ("stop if pain reaches 3/10; ...") and the
 * weekly rule in force; the writers turn the record into prescription.csv
 * and diary.csv (a pain-diary template that `calfsim fit patient --diary`
 * reads once filled in). prescription.ics is in ics.h, prescription.html in
 * engine/plot/prescription_html.h.
 */
#ifndef CALF_PRESCRIBE_H
#define CALF_PRESCRIBE_H

#include <stdint.h>

#include "model.h"
#include "progress.h"
#include "session.h"
#include "sim.h"

#define CALF_RX_MAX_WEEKS 104

/* One session as prescribed, and what the diary template needs of it. */
typedef struct calf_rx_session {
    int kind;
    char title[64];    /* "Easy run", "Seated calf raise", "Bike" */
    char details[400]; /* "3.2 km at 5:33 per km" */
    char rule[640];    /* its symptom rules in plain words, "" when none */
    /* plan CSV columns (diary.csv) */
    int nseg;
    calf_segment seg[CALF_MAX_SEGMENTS];
    char exercise[48]; /* registry name, neural kind, or "" */
    double sets, reps, rm, pct_1rm, minutes, step_rate, stop_at_pain;
    int strike; /* -1: the patient's */
} calf_rx_session;

typedef struct calf_rx_day {
    int n;
    calf_rx_session s[CALF_MAX_SESSIONS];
} calf_rx_day;

/* The recorded programme. Day 1 is a Monday (the protocol's week starts on
 * Monday); start is its date as days since 1970-01-01. */
typedef struct calf_rx {
    int days;
    long start;
    calf_rx_day *day;
    int *rule_on;             /* per week: a `progress` rule governed it */
    calf_progress_rule *rule; /* per week: that rule */
} calf_rx;

/* Whether a weekly `progress` rule governs the planner's current week. */
typedef int (*calf_rx_rule_fn)(void *ud, calf_progress_rule *rule);

/* The recording planner: inner plans, the record keeps what it planned. */
typedef struct calf_rx_capture {
    calf_planner inner;
    calf_rx *rx;
    const calf_model *m;
    calf_rx_rule_fn rule_fn; /* may be NULL */
    void *rule_ud;
    double gait_step_rate; /* retraining in force: step-rate multiplier, 1 = preferred */
    int gait_strike;       /* -1: the patient's */
} calf_rx_capture;

/* Allocate a record of days days (whole weeks, at most CALF_RX_MAX_WEEKS). */
int calf_rx_init(calf_rx *rx, int days, long start, calf_error *err);
void calf_rx_free(calf_rx *rx);
/* The planner that records into cap->rx (fill cap first; gait fields are set here). */
calf_planner calf_rx_planner(calf_rx_capture *cap);

/* A session (and its `instead`) in plain words, for the model's patient. */
void calf_rx_describe(const calf_model *m, const calf_session *s, double gait_step_rate,
                      calf_rx_session *out);
/* "Easy run 3.2 km at 5:33 per km — stop if pain reaches 3/10". */
void calf_rx_sentence(const calf_rx_session *s, char *buf, size_t n);
/* A `progress` rule in plain words. */
void calf_rx_rule_text(const calf_progress_rule *r, char *buf, size_t n);
/* kmh as "5:33" (minutes:seconds per km). */
void calf_rx_pace(double kmh, char *buf, size_t n);

/* Dates: days since 1970-01-01. */
/* Parse a strict YYYY-MM-DD (1970 to 2199); 0 ok, -1 otherwise. */
int calf_date_parse(const char *s, long *days);
/* 1 = Monday .. 7 = Sunday. */
int calf_date_weekday(long days);
void calf_date_ymd(long days, int *y, int *m, int *d);
/* "2027-01-04" (iso) or "20270104" (basic). */
void calf_date_format(long days, int basic, char *buf, size_t n);
extern const char *const calf_weekday_names[8]; /* [1] = "Monday" */

/* Provenance and identity written into every prescription output. */
typedef struct calf_rx_meta {
    const char *protocol, *summary, *source, *patient, *protocol_path;
    uint64_t seed, param_hash;
    uint64_t input_hash;  /* identity of the inputs (calendar UIDs) */
    const char *adapt[4]; /* declared adaptation rules: progress, hold, regress, symptoms */
    double pain_limit;    /* the model's pain limit (NRS) */
    long requested_start; /* the --start date (start is the Monday on or after it) */
} calf_rx_meta;

/* prescription.csv: date,weekday,day,session,details,rule (one row per session). */
int calf_rx_write_csv(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                      calf_error *err);
/* diary.csv: the plan CSV of the programme with empty observation columns
 * (pain_during, pain_morning, onset_km, heel_raise_reps), one row per
 * session and a rest row on days without one, for `calfsim fit patient --diary`. */
int calf_rx_write_diary(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                        calf_error *err);

#endif
