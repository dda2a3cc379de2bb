/*
 * import_xml.h: what the TCX and GPX readers share (import.c): loading a
 * document safely (no network, no entity expansion, libxml2's size limits)
 * with a one-line error naming file and line, and small node helpers that
 * match elements by local name (any namespace).
 */
#ifndef CALF_IMPORT_XML_H
#define CALF_IMPORT_XML_H

#include <libxml/tree.h>

#include "activity.h"
#include "error.h"

xmlDocPtr calf_xml_load(const char *path, calf_error *err);
/* Whether n is an element with local name name. */
int calf_xml_is(const xmlNode *n, const char *name);
/* The first child element named name, or NULL. */
xmlNodePtr calf_xml_child(const xmlNode *n, const char *name);
/* The first element named name anywhere below n (depth first), or NULL. */
xmlNodePtr calf_xml_find(const xmlNode *n, const char *name);
/* The text of n as a finite number; NAN when absent or not a number. */
double calf_xml_number(const xmlNode *n);
/* The text of n as an ISO time (calf_time_parse_iso); -1 when not one. */
int calf_xml_time(const xmlNode *n, int64_t *t, int *off);
/* The line of n in its file (0 if unknown). */
long calf_xml_line(const xmlNode *n);

/* Read one activity from element n, the index-th (from 1) of its file. */
typedef int (*calf_xml_activity_fn)(const char *path, const xmlNode *n, int index, calf_activity *a,
                                    calf_error *err);
/* Load path; check the root element is root; read every element named item
 * among the children of the root's child container (NULL: the root's own
 * children) with fn, appending to out. No item: "PATH:LINE: no ITEM: not an
 * activity file". On error out is left as it was. */
int calf_xml_activities(const char *path, const char *root, const char *container, const char *item,
                        calf_xml_activity_fn fn, calf_activity_list *out, calf_error *err);

#endif
