/*
 * test_import_xml.c: the TCX and GPX readers (engine/import) on files written
 * by hand with known values, the outputs built from them (activities.csv,
 * history.csv, habitual.lua), and bad files: malformed XML, a file with no
 * activity, a bad number, which fail with the file and line and leave the
 * list as it was.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "activity.h"
#include "check.h"
#include "import.h"

static char dir[64];

static const char *write_file(const char *name, const char *text)
{
    static char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *fp = fopen(path, "w");
    if (!fp)
        return path;
    fputs(text, fp);
    fclose(fp);
    return path;
}

static const char TCX[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<TrainingCenterDatabase xmlns=\"http://www.garmin.com/xmlschemas/TrainingCenterDatabase/v2\"\n"
    "  xmlns:ns3=\"http://www.garmin.com/xmlschemas/ActivityExtension/v2\">\n"
    " <Activities>\n"
    "  <Activity Sport=\"Running\">\n"
    "   <Id>2024-03-04T06:30:00+01:00</Id>\n"
    "   <Lap StartTime=\"2024-03-04T05:30:00Z\">\n"
    "    <TotalTimeSeconds>1200</TotalTimeSeconds><DistanceMeters>3000</DistanceMeters>\n"
    "    <Extensions><ns3:LX><ns3:AvgRunCadence>80</ns3:AvgRunCadence></ns3:LX></Extensions>\n"
    "   </Lap>\n"
    "   <Lap StartTime=\"2024-03-04T05:50:00Z\">\n"
    "    <TotalTimeSeconds>600.0</TotalTimeSeconds><DistanceMeters>1500.25</DistanceMeters>\n"
    "    <Track><Trackpoint><Time>2024-03-04T05:50:00Z</Time><Extensions><ns3:TPX>\n"
    "      <ns3:RunCadence>86</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>\n"
    "     <Trackpoint><Time>2024-03-04T05:55:00Z</Time><Extensions><ns3:TPX>\n"
    "      <ns3:RunCadence>90</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint></Track>\n"
    "   </Lap>\n"
    "  </Activity>\n"
    "  <Activity Sport=\"Biking\">\n"
    "   <Id>2024-03-05T17:00:00Z</Id>\n"
    "   <Lap StartTime=\"2024-03-05T17:00:00Z\"><TotalTimeSeconds>3600</TotalTimeSeconds>\n"
    "    <DistanceMeters>30000</DistanceMeters><Cadence>90</Cadence></Lap>\n"
    "  </Activity>\n"
    " </Activities>\n"
    "</TrainingCenterDatabase>\n";

/* Points 0.01 degrees of latitude apart on the equator's meridian: 1111.95 m
 * each on the mean Earth radius (6371008.8 m x 0.01 x pi / 180). */
static const char GPX[] =
    "<?xml version=\"1.0\"?>\n"
    "<gpx version=\"1.1\" creator=\"hand\" xmlns=\"http://www.topografix.com/GPX/1/1\"\n"
    " xmlns:gpxtpx=\"http://www.garmin.com/xmlschemas/TrackPointExtension/v1\">\n"
    " <trk><name>morning</name><type>running</type><trkseg>\n"
    "  <trkpt lat=\"0.00\" lon=\"10\"><time>2024-03-06T07:00:00Z</time>\n"
    "   <extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>84</gpxtpx:cad>"
    "</gpxtpx:TrackPointExtension></extensions></trkpt>\n"
    "  <trkpt lat=\"0.01\" lon=\"10\"><time>2024-03-06T07:06:00Z</time>\n"
    "   <extensions><gpxtpx:TrackPointExtension><gpxtpx:cad>86</gpxtpx:cad>"
    "</gpxtpx:TrackPointExtension></extensions></trkpt>\n"
    " </trkseg><trkseg>\n"
    "  <trkpt lat=\"0.50\" lon=\"10\"><time>2024-03-06T07:10:00Z</time></trkpt>\n"
    "  <trkpt lat=\"0.51\" lon=\"10\"><time>2024-03-06T07:16:00Z</time></trkpt>\n"
    " </trkseg></trk>\n"
    " <trk><type>hiking</type><trkseg>\n"
    "  <trkpt lat=\"45\" lon=\"7\"><time>2024-03-07T09:00:00Z</time></trkpt>\n"
    "  <trkpt lat=\"45.01\" lon=\"7\"><time>2024-03-07T09:15:00Z</time></trkpt>\n"
    " </trkseg></trk>\n"
    "</gpx>\n";

static void test_tcx(void)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(calf_import_file(write_file("a.TCX", TCX), &l, &err) == CALF_OK);
    CHECK(l.n == 2);
    if (l.n != 2)
        return;
    const calf_activity *r = &l.a[0], *b = &l.a[1];
    CHECK(r->sport == CALF_SPORT_RUN && b->sport == CALF_SPORT_CYCLE);
    CHECK(r->utc_offset_s == 3600);
    CHECK(r->start == 1709530200); /* 2024-03-04T05:30:00Z */
    CHECK(calf_activity_day(r) == 19786);
    CHECK_ABS(r->km, 4.50025, 1e-12);
    CHECK_ABS(r->minutes, 30.0, 1e-12);
    /* lap 1 AvgRunCadence 80 for 1200 s, lap 2 the points' mean 88 for 600 s */
    CHECK_ABS(r->cadence_spm, 2 * (80 * 1200 + 88 * 600) / 1800.0, 1e-9);
    CHECK(isnan(b->cadence_spm)); /* a ride's pedal cadence is no step rate */
    CHECK_ABS(b->km, 30.0, 1e-12);
    CHECK(strcmp(b->source, "a.TCX#2") == 0);
    calf_activity_list_free(&l);
}

static void test_gpx(void)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(calf_import_file(write_file("b.gpx", GPX), &l, &err) == CALF_OK);
    CHECK(l.n == 2);
    if (l.n != 2)
        return;
    const double leg = 6371008.8 * 0.01 * 3.14159265358979323846 / 180.0 / 1000.0;
    CHECK(l.a[0].sport == CALF_SPORT_RUN && l.a[1].sport == CALF_SPORT_WALK);
    CHECK_ABS(l.a[0].km, 2 * leg, 1e-9); /* no distance across the segment gap */
    CHECK_ABS(l.a[0].minutes, 16.0, 1e-12);
    CHECK_ABS(l.a[0].cadence_spm, 170.0, 1e-12);
    CHECK_ABS(l.a[1].km, leg, 1e-9); /* the same along any meridian */
    CHECK(isnan(l.a[1].cadence_spm));
    calf_activity_list_free(&l);
}

static void test_bad(void)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    calf_activity keep = {.sport = CALF_SPORT_SWIM};
    calf_activity_push(&l, &keep, &err);
    static const struct {
        const char *name, *text, *want;
    } cases[] = {
        {"cut.tcx", "<TrainingCenterDatabase><Activities>\n<Activity", "cut.tcx:2: not a readable"},
        {"none.tcx", "<TrainingCenterDatabase>\n</TrainingCenterDatabase>\n",
         "none.tcx:1: no Activity"},
        {"num.tcx",
         "<TrainingCenterDatabase><Activities><Activity Sport=\"Running\">\n"
         "<Id>2024-01-01T00:00:00Z</Id>\n<Lap><TotalTimeSeconds>ten</TotalTimeSeconds>"
         "<DistanceMeters>5</DistanceMeters></Lap></Activity></Activities>"
         "</TrainingCenterDatabase>",
         "num.tcx:3: Lap needs TotalTimeSeconds"},
        {"root.gpx", "<kml/>", "root.gpx:1: root element is not gpx"},
        {"time.gpx",
         "<gpx><trk><trkseg>\n<trkpt lat=\"1\" lon=\"2\">\n<time>yesterday</time></trkpt>"
         "</trkseg></trk></gpx>",
         "time.gpx:3: time is not an ISO 8601 time"},
        {"lat.gpx", "<gpx><trk><trkseg>\n\n<trkpt lat=\"91\" lon=\"2\"/></trkseg></trk></gpx>",
         "lat.gpx:3: trkpt needs lat"},
        {"untimed.gpx", "<gpx><trk><trkseg><trkpt lat=\"1\" lon=\"2\"/></trkseg></trk></gpx>",
         "untimed.gpx:1: trk without timed points"},
    };
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        err.msg[0] = '\0';
        int rc = calf_import_file(write_file(cases[i].name, cases[i].text), &l, &err);
        CHECK(rc == CALF_EINPUT);
        CHECK(l.n == 1);
        if (!strstr(err.msg, cases[i].want)) {
            fprintf(stderr, "%s: got \"%s\"\n", cases[i].name, err.msg);
            CHECK(0);
        }
    }
    CHECK(calf_import_file(write_file("x.kml", "<kml/>"), &l, &err) == CALF_EUSAGE);
    calf_activity_list_free(&l);
}

static int read_all(const char *path, char *buf, size_t n)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    size_t k = fread(buf, 1, n - 1, fp);
    buf[k] = '\0';
    fclose(fp);
    return 0;
}

/* The outputs of the TCX and GPX activities above. */
static void test_outputs(void)
{
    calf_activity_list l = {0};
    calf_error err = {0};
    CHECK(calf_import_file(write_file("b.gpx", GPX), &l, &err) == CALF_OK);
    CHECK(calf_import_file(write_file("a.tcx", TCX), &l, &err) == CALF_OK);
    calf_activity_sort(&l);
    CHECK(l.n == 4 && strcmp(l.a[0].source, "a.tcx#1") == 0);
    const calf_import_meta meta = {0, 0x1234, 1};
    char path[256], buf[4096];
    snprintf(path, sizeof(path), "%s/activities.csv", dir);
    CHECK(calf_activities_write_csv(path, &l, &meta, &err) == CALF_OK);
    CHECK(read_all(path, buf, sizeof(buf)) == 0);
    CHECK(strstr(buf, "param_hash: 0000000000001234") != NULL);
    CHECK(strstr(buf, "\ndate,start,sport,km,minutes,kmh,cadence_spm,source\n"
                      "2024-03-04,06:30:00,run,4.500,30.00,9.00,165.3,a.tcx#1\n"
                      "2024-03-05,17:00:00,cycle,30.000,60.00,30.00,,a.tcx#2\n") != NULL);
    snprintf(path, sizeof(path), "%s/history.csv", dir);
    CHECK(calf_history_write_csv(path, &l, &meta, &err) == CALF_OK);
    CHECK(read_all(path, buf, sizeof(buf)) == 0);
    CHECK(strstr(buf, "# day 1 = 2024-03-04\nday,kind,km,kmh,minutes\n1,run,4.500,9.00,\n"
                      "2,cross,,,60.0\n3,run,2.224,8.34,\n4,walk,1.112,4.45,\n") != NULL);
    calf_habitual h;
    calf_habitual_from(&l, 1, &h);
    CHECK(h.runs == 2);
    CHECK_ABS(h.km_per_week, 4.50025 + 2.2239, 1e-3);
    CHECK_ABS(h.runs_per_week, 2, 1e-12);
    CHECK_ABS(h.easy_kmh, 8.3396, 1e-3); /* the slower of two: the GPX run */
    CHECK_ABS(h.cadence_spm, (2 * (80 * 1200 + 88 * 600) / 1800.0 * 30 + 170 * 16) / 46.0, 1e-9);
    snprintf(path, sizeof(path), "%s/habitual.lua", dir);
    CHECK(calf_habitual_write_lua(path, &h, &meta, &err) == CALF_OK);
    CHECK(read_all(path, buf, sizeof(buf)) == 0);
    CHECK(strstr(buf, "    km_per_week = 6.7,\n    runs_per_week = 2.00,\n    easy_kmh = 8.34,\n"
                      "  },\n  gait = {\n    cadence_spm = 167,\n") != NULL);
    /* a window of one week ending on the last day holds both runs; the
     * clinic's range check: 6.7 km/week is inside 5 to 250 */
    calf_activity_list_free(&l);
}

static void test_iso(void)
{
    int64_t t;
    int off;
    CHECK(calf_time_parse_iso("1970-01-01T00:00:00Z", &t, &off) == 0 && t == 0 && off == 0);
    CHECK(calf_time_parse_iso("2000-03-01T12:00:00.250-05:30", &t, &off) == 0);
    CHECK(t == 951868800 + 12 * 3600 + 5 * 3600 + 1800 && off == -(5 * 3600 + 1800));
    CHECK(calf_time_parse_iso("2000-13-01T00:00:00Z", &t, &off) == -1);
    CHECK(calf_time_parse_iso("2000-01-01", &t, &off) == -1);
    CHECK(calf_time_parse_iso("2000-01-01T00:00:00Zjunk", &t, &off) == -1);
}

int main(void)
{
    snprintf(dir, sizeof(dir), "/tmp/calf_import_XXXXXX");
    if (!mkdtemp(dir))
        return 1;
    test_iso();
    test_tcx();
    test_gpx();
    test_bad();
    test_outputs();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", dir);
    CHECK_DONE();
}
