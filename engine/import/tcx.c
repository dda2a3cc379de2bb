/*
 * tcx.c: Training Center XML (TCX) activities. Each <Activity Sport="...">
 * gives one activity: start from <Id> (or the first lap's StartTime), distance
 * and time summed over its <Lap>s (TotalTimeSeconds, DistanceMeters), cadence
 * the time-weighted mean of the laps' cadence (<Cadence>, or the extension
 * <AvgRunCadence>) or else the mean of the track points' (<Cadence> or
 * <RunCadence>). Sport "Running" is a run, "Biking" a ride, anything else
 * other. TCX cadence on a run counts strides per minute, as FIT's does
 * (assumption: Garmin's exports; see docs/import.md): it is doubled to steps.
 */
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "import.h"
#include "import_xml.h"

static int sport_of(const xmlChar *s)
{
    if (!s)
        return CALF_SPORT_OTHER;
    if (strcmp((const char *)s, "Running") == 0)
        return CALF_SPORT_RUN;
    if (strcmp((const char *)s, "Biking") == 0)
        return CALF_SPORT_CYCLE;
    return CALF_SPORT_OTHER;
}

/* Mean cadence of a lap's track points (cadence > 0 only), NAN if none. */
static double track_cadence(const xmlNode *lap)
{
    double sum = 0;
    int n = 0;
    for (xmlNodePtr tr = lap->children; tr; tr = tr->next) {
        if (!calf_xml_is(tr, "Track"))
            continue;
        for (xmlNodePtr tp = tr->children; tp; tp = tp->next) {
            if (!calf_xml_is(tp, "Trackpoint"))
                continue;
            double c = calf_xml_number(calf_xml_child(tp, "Cadence"));
            if (!isfinite(c))
                c = calf_xml_number(calf_xml_find(tp, "RunCadence"));
            if (isfinite(c) && c > 0) {
                sum += c;
                n++;
            }
        }
    }
    return n ? sum / n : NAN;
}

static int read_activity(const char *path, const xmlNode *act, int index, calf_activity *a,
                         calf_error *err)
{
    memset(a, 0, sizeof(*a));
    xmlChar *sp = xmlGetProp(act, (const xmlChar *)"Sport");
    a->sport = sport_of(sp);
    xmlFree(sp);
    int64_t t;
    int off;
    int have_start = calf_xml_time(calf_xml_child(act, "Id"), &t, &off) == 0;
    double secs = 0, m = 0, cad = 0, cad_s = 0;
    int laps = 0;
    for (xmlNodePtr lap = act->children; lap; lap = lap->next) {
        if (!calf_xml_is(lap, "Lap"))
            continue;
        laps++;
        if (!have_start) {
            xmlChar *st = xmlGetProp(lap, (const xmlChar *)"StartTime");
            have_start = st && calf_time_parse_iso((const char *)st, &t, &off) == 0;
            xmlFree(st);
        }
        const double s = calf_xml_number(calf_xml_child(lap, "TotalTimeSeconds"));
        const double d = calf_xml_number(calf_xml_child(lap, "DistanceMeters"));
        if (!isfinite(s) || s < 0 || !isfinite(d) || d < 0)
            return calf_error_set(err, CALF_EINPUT,
                                  "%s:%ld: Lap needs TotalTimeSeconds and DistanceMeters, numbers "
                                  ">= 0",
                                  path, calf_xml_line(lap));
        secs += s;
        m += d;
        double c = calf_xml_number(calf_xml_child(lap, "Cadence"));
        if (!isfinite(c))
            c = calf_xml_number(calf_xml_find(lap, "AvgRunCadence"));
        if (!isfinite(c))
            c = track_cadence(lap);
        if (isfinite(c) && c > 0 && s > 0) {
            cad += c * s;
            cad_s += s;
        }
    }
    if (!laps || !have_start)
        return calf_error_set(err, CALF_EINPUT, "%s:%ld: Activity without %s", path,
                              calf_xml_line(act), laps ? "a start time (Id)" : "any Lap");
    a->start = t;
    a->utc_offset_s = off;
    a->km = m / 1000.0;
    a->minutes = secs / 60.0;
    a->cadence_spm = a->sport == CALF_SPORT_RUN && cad_s > 0 ? 2.0 * cad / cad_s : NAN;
    calf_activity_source(a, path, index);
    return CALF_OK;
}

int calf_tcx_read(const char *path, calf_activity_list *out, calf_error *err)
{
    return calf_xml_activities(path, "TrainingCenterDatabase", "Activities", "Activity",
                               read_activity, out, err);
}
