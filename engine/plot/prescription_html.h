/*
 * prescription_html.h: prescription.html, the programme a clinician hands to
 * the patient: printable (print CSS, a week per printed page), each day's
 * sessions in plain words with a box to tick, each session's symptom rule,
 * the protocol's weekly rules, and a diary column for pain during,
 * next-morning pain and the distance done.
 */
#ifndef CALF_PRESCRIPTION_HTML_H
#define CALF_PRESCRIPTION_HTML_H

#include "prescribe.h"

int calf_rx_write_html(const char *path, const calf_rx *rx, const calf_rx_meta *meta,
                       calf_error *err);

#endif
