/*
 * gpx.c: GPS Exchange Format (GPX 1.1) tracks. Each <trk> with timed points
 * gives one activity: start at its first point's time, minutes from the first
 * to the last point (elapsed time: GPX has no timer), distance the sum of the
 * great-circle distances between consecutive points of each <trkseg>
 * (haversine on the mean Earth radius), cadence the mean of the points'
 * <cad> extension (Garmin's TrackPointExtension; strides per minute, doubled
 * to steps). The sport comes from <trk><type>: "running"/"run", "walking",
 * "hiking", "cycling"/"biking"/"ride", "swimming"; anything else is other.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <strings.h>

#include "import.h"
#include "import_xml.h"

#define EARTH_RADIUS_M 6371008.8 /* IUGG mean radius */
#define DEG            (3.14159265358979323846 / 180.0)

static int sport_of(const xmlNode *trk)
{
    xmlNodePtr ty = calf_xml_child(trk, "type");
    xmlChar *s = ty ? xmlNodeGetContent(ty) : NULL;
    int sport = CALF_SPORT_OTHER;
    if (s) {
        static const struct {
            const char *name;
            int sport;
        } names[] = {{"running", CALF_SPORT_RUN},  {"run", CALF_SPORT_RUN},
                     {"walking", CALF_SPORT_WALK}, {"walk", CALF_SPORT_WALK},
                     {"hiking", CALF_SPORT_WALK},  {"cycling", CALF_SPORT_CYCLE},
                     {"biking", CALF_SPORT_CYCLE}, {"ride", CALF_SPORT_CYCLE},
                     {"swimming", CALF_SPORT_SWIM}};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
            if (strcasecmp((const char *)s, names[i].name) == 0)
                sport = names[i].sport;
        xmlFree(s);
    }
    return sport;
}

static double prop_number(const xmlNode *n, const char *name)
{
    xmlChar *s = xmlGetProp(n, (const xmlChar *)name);
    double v = NAN;
    if (s) {
        char *e;
        v = strtod((const char *)s, &e);
        if (e == (char *)s || *e != '\0' || !isfinite(v))
            v = NAN;
        xmlFree(s);
    }
    return v;
}

static double haversine_m(double lat1, double lon1, double lat2, double lon2)
{
    const double dlat = (lat2 - lat1) * DEG, dlon = (lon2 - lon1) * DEG;
    const double h = sin(dlat / 2) * sin(dlat / 2) +
                     cos(lat1 * DEG) * cos(lat2 * DEG) * sin(dlon / 2) * sin(dlon / 2);
    return 2 * EARTH_RADIUS_M * asin(sqrt(h < 1 ? h : 1));
}

typedef struct track {
    int points, have_t, off;
    int64_t t0, t1;
    double m, cad, ncad;
} track;

static int read_point(const char *path, const xmlNode *pt, track *k, double *plat, double *plon,
                      calf_error *err)
{
    const double lat = prop_number(pt, "lat"), lon = prop_number(pt, "lon");
    if (!isfinite(lat) || fabs(lat) > 90 || !isfinite(lon) || fabs(lon) > 180)
        return calf_error_set(err, CALF_EINPUT,
                              "%s:%ld: trkpt needs lat in -90 to 90 and lon in -180 to 180", path,
                              calf_xml_line(pt));
    if (isfinite(*plat))
        k->m += haversine_m(*plat, *plon, lat, lon);
    *plat = lat;
    *plon = lon;
    xmlNodePtr tn = calf_xml_child(pt, "time");
    int64_t t;
    int off;
    if (tn) {
        if (calf_xml_time(tn, &t, &off) != 0)
            return calf_error_set(err, CALF_EINPUT, "%s:%ld: time is not an ISO 8601 time", path,
                                  calf_xml_line(tn));
        if (!k->have_t) {
            k->t0 = t;
            k->off = off;
            k->have_t = 1;
        }
        if (t < k->t1 && k->points)
            return calf_error_set(err, CALF_EINPUT, "%s:%ld: time goes back", path,
                                  calf_xml_line(tn));
        k->t1 = t;
    }
    const double c = calf_xml_number(calf_xml_find(pt, "cad"));
    if (isfinite(c) && c > 0) {
        k->cad += c;
        k->ncad++;
    }
    k->points++;
    return CALF_OK;
}

static int read_track(const char *path, const xmlNode *trk, int index, calf_activity *a,
                      calf_error *err)
{
    track k;
    memset(&k, 0, sizeof(k));
    for (xmlNodePtr seg = trk->children; seg; seg = seg->next) {
        if (!calf_xml_is(seg, "trkseg"))
            continue;
        double lat = NAN, lon = NAN; /* no distance across segment gaps */
        for (xmlNodePtr pt = seg->children; pt; pt = pt->next) {
            if (!calf_xml_is(pt, "trkpt"))
                continue;
            int rc = read_point(path, pt, &k, &lat, &lon, err);
            if (rc)
                return rc;
        }
    }
    if (!k.have_t)
        return calf_error_set(err, CALF_EINPUT, "%s:%ld: trk without timed points: not an activity",
                              path, calf_xml_line(trk));
    memset(a, 0, sizeof(*a));
    a->sport = sport_of(trk);
    a->start = k.t0;
    a->utc_offset_s = k.off;
    a->km = k.m / 1000.0;
    a->minutes = (double)(k.t1 - k.t0) / 60.0;
    a->cadence_spm = (a->sport == CALF_SPORT_RUN || a->sport == CALF_SPORT_WALK) && k.ncad > 0
                         ? 2.0 * k.cad / k.ncad
                         : NAN;
    calf_activity_source(a, path, index);
    return CALF_OK;
}

int calf_gpx_read(const char *path, calf_activity_list *out, calf_error *err)
{
    return calf_xml_activities(path, "gpx", NULL, "trk", read_track, out, err);
}
