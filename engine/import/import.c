/*
 * import.c: choosing the reader by extension, and the libxml2 helpers the TCX
 * and GPX readers share (import_xml.h).
 */
#include "import.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "fit.h"
#include "import_xml.h"
#include "util.h"

int calf_import_file(const char *path, calf_activity_list *out, calf_error *err)
{
    const char *dot = strrchr(path, '.');
    const char *slash = strrchr(path, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcasecmp(dot, ".fit") == 0)
            return calf_fit_read(path, out, err);
        if (strcasecmp(dot, ".tcx") == 0)
            return calf_tcx_read(path, out, err);
        if (strcasecmp(dot, ".gpx") == 0)
            return calf_gpx_read(path, out, err);
    }
    return calf_error_set(err, CALF_EUSAGE,
                          "%s: unknown kind of file; allowed extensions .fit, .tcx, .gpx", path);
}

xmlDocPtr calf_xml_load(const char *path, calf_error *err)
{
    if (calf_input_file_ok(path, err))
        return NULL;
    xmlResetLastError();
    /* no network, no DTD loading, no entity substitution; errors kept quiet
     * and reported as one line below */
    xmlDocPtr doc = xmlReadFile(
        path, NULL, XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING | XML_PARSE_NOBLANKS);
    if (!doc) {
        const xmlError *e = xmlGetLastError();
        char msg[256] = "not well-formed XML";
        int line = 0;
        if (e && e->message) {
            snprintf(msg, sizeof(msg), "%s", e->message);
            size_t n = strlen(msg);
            while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' '))
                msg[--n] = '\0';
            line = e->line;
        }
        calf_error_set(err, CALF_EINPUT, "%s:%d: not a readable XML file: %s", path, line, msg);
    }
    return doc;
}

int calf_xml_is(const xmlNode *n, const char *name)
{
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

xmlNodePtr calf_xml_child(const xmlNode *n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (calf_xml_is(c, name))
            return c;
    return NULL;
}

xmlNodePtr calf_xml_find(const xmlNode *n, const char *name)
{
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next) {
        if (calf_xml_is(c, name))
            return c;
        xmlNodePtr f = c->type == XML_ELEMENT_NODE ? calf_xml_find(c, name) : NULL;
        if (f)
            return f;
    }
    return NULL;
}

double calf_xml_number(const xmlNode *n)
{
    if (!n)
        return NAN;
    xmlChar *t = xmlNodeGetContent(n);
    double v = NAN;
    if (t) {
        char *s = (char *)t, *e = s + strlen(s);
        while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
            s++;
        while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\n' || e[-1] == '\r'))
            *--e = '\0';
        if (calf_parse_double(s, &v) != 0)
            v = NAN;
        xmlFree(t);
    }
    return v;
}

int calf_xml_time(const xmlNode *n, int64_t *t, int *off)
{
    if (!n)
        return -1;
    xmlChar *s = xmlNodeGetContent(n);
    int rc = s ? calf_time_parse_iso((const char *)s, t, off) : -1;
    xmlFree(s);
    return rc;
}

long calf_xml_line(const xmlNode *n)
{
    return n ? xmlGetLineNo(n) : 0;
}

int calf_xml_activities(const char *path, const char *root, const char *container, const char *item,
                        calf_xml_activity_fn fn, calf_activity_list *out, calf_error *err)
{
    xmlDocPtr doc = calf_xml_load(path, err);
    if (!doc)
        return err ? err->code : CALF_EINPUT;
    xmlNodePtr r = xmlDocGetRootElement(doc);
    int rc = CALF_OK, index = 0;
    const size_t n0 = out->n;
    if (!calf_xml_is(r, root)) {
        rc = calf_error_set(err, CALF_EINPUT, "%s:%ld: root element is not %s", path,
                            calf_xml_line(r), root);
    } else {
        xmlNodePtr c = container ? calf_xml_child(r, container) : r;
        for (xmlNodePtr n = c ? c->children : NULL; !rc && n; n = n->next) {
            if (!calf_xml_is(n, item))
                continue;
            calf_activity act;
            rc = fn(path, n, ++index, &act, err);
            if (!rc)
                rc = calf_activity_push(out, &act, err);
        }
        if (!rc && index == 0)
            rc = calf_error_set(err, CALF_EINPUT, "%s:%ld: no %s: not an activity file", path,
                                calf_xml_line(r), item);
    }
    if (rc)
        out->n = n0;
    xmlFreeDoc(doc);
    return rc;
}
