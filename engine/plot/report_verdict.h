/*
 * report_verdict.h: the parts of report.html that tell a clinician what the
 * comparison means: the verdict at the top (which protocol and why, what each
 * protocol missed, whether the single run and the virtual cohort agree) and
 * the definition of every column of the report's tables, in the report
 * itself.
 */
#ifndef CALF_REPORT_VERDICT_H
#define CALF_REPORT_VERDICT_H

#include <stdio.h>

#include "report.h"

/* The verdict section (nothing when r->verdict is NULL). */
void calf_report_verdict_section(FILE *fp, const calf_report *r);
/* Definitions of the outcome table's columns. */
void calf_report_outcome_defs(FILE *fp, const calf_report *r);
/* Definitions of the cohort table's columns (nothing without a cohort). */
void calf_report_cohort_defs(FILE *fp, const calf_report *r);

#endif
