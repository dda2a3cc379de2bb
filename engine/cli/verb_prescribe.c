/*
 * verb_prescribe.c: `calfsim prescribe PROTOCOL.lua --patient P.lua
 * [--weeks N] [--start YYYY-MM-DD] [--set k=v]... [--out DIR]`: the
 * protocol's expected programme for this patient, as the patient would
 * follow it, written as prescription.html (printable), prescription.csv,
 * prescription.ics (calendar) and diary.csv (a pain-diary template that
 * `calfsim fit patient --diary` reads). Wiring only: the record and the
 * words are in engine/core/prescribe.c, the calendar in ics.c, the page in
 * engine/plot/prescription_html.c.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "ics.h"
#include "prescribe.h"
#include "prescription_html.h"
#include "protocol_cli.h"
#include "out_dir.h"
#include "util.h"

#define DEFAULT_WEEKS 12

static int progress_rule(void *ud, calf_progress_rule *r)
{
    return calf_protocol_progress_rule(ud, r);
}

/* FNV-1a over a file's bytes (the patient file: part of the inputs' identity). */
static uint64_t file_hash(const char *path, uint64_t h)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return h;
    unsigned char buf[4096];
    size_t n;
    while ((n = fread(buf, 1, sizeof(buf), fp)) > 0)
        h = calf_fnv1a(h, buf, n);
    fclose(fp);
    return h;
}

/* --start's value out of argv (both "--start D" and "--start=D"); the rest
 * into args for the shared parser. */
static int take_start(int argc, char **argv, char **args, int *na, const char **start)
{
    *na = 0;
    *start = NULL;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--start") == 0) {
            if (i + 1 >= argc)
                return calf_cli_failf(2, "prescribe --start: needs a value (YYYY-MM-DD)");
            *start = argv[++i];
        } else if (strncmp(argv[i], "--start=", 8) == 0) {
            *start = argv[i] + 8;
        } else {
            args[(*na)++] = argv[i];
        }
    }
    args[*na] = NULL;
    return 0;
}

static int check_args(const calf_run_args *a, const char *start, long *day0)
{
    if (a->npositional != 1)
        return calf_cli_failf(2, "prescribe: give one PROTOCOL.lua (%d given)", a->npositional);
    if (a->plan)
        return calf_cli_failf(2, "prescribe: --plan is not taken: a plan CSV is already a "
                                 "day-by-day programme");
    if (a->oracle) /* the shared parser refuses --cohort and --threads here */
        return calf_cli_failf(2, "prescribe: --oracle is not taken (allowed: --patient, --weeks, "
                                 "--start, --set, --seed, --out)");
    if (!a->patient)
        return calf_cli_failf(2, "prescribe: --patient P.lua is required");
    if (a->days % 7 || a->days > CALF_RX_MAX_WEEKS * 7)
        return calf_cli_failf(2, "prescribe: %d days: allowed whole weeks, 1 to %d (use --weeks)",
                              a->days, CALF_RX_MAX_WEEKS);
    if (start && calf_date_parse(start, day0))
        return calf_cli_failf(2,
                              "prescribe: --start \"%.40s\": not a date; allowed YYYY-MM-DD "
                              "from 1970-01-01 to 2199-12-31, e.g. 2027-01-04",
                              start);
    if (!start) /* today (UTC) */
        *day0 = (long)(time(NULL) / 86400);
    return 0;
}

static int write_files(const char *dir, const calf_rx *rx, const calf_rx_meta *meta,
                       calf_error *err)
{
    char path[4096];
    int rc = CALF_OK;
    if (!(rc = calf_path_join(path, sizeof(path), dir, "prescription.csv", err)))
        rc = calf_rx_write_csv(path, rx, meta, err);
    if (!rc && !(rc = calf_path_join(path, sizeof(path), dir, "diary.csv", err)))
        rc = calf_rx_write_diary(path, rx, meta, err);
    if (!rc && !(rc = calf_path_join(path, sizeof(path), dir, "prescription.ics", err)))
        rc = calf_rx_write_ics(path, rx, meta, err);
    if (!rc && !(rc = calf_path_join(path, sizeof(path), dir, "prescription.html", err)))
        rc = calf_rx_write_html(path, rx, meta, err);
    return rc;
}

/* the folder is replaced as a whole (out_dir.h) */
static int write_all(const char *dir, const calf_rx *rx, const calf_rx_meta *meta, calf_error *err)
{
    calf_outdir od;
    int rc = calf_outdir_open(&od, dir, err);
    if (!rc)
        rc = write_files(od.work, rx, meta, err);
    if (!rc)
        rc = calf_outdir_commit(&od, err);
    calf_outdir_close(&od);
    return rc;
}

static void print_first_week(const calf_rx *rx)
{
    for (int d = 0; d < 7 && d < rx->days; d++) {
        char date[16], s[1400];
        calf_date_format(rx->start + d, 0, date, sizeof(date));
        printf("%s %-9s", date, calf_weekday_names[calf_date_weekday(rx->start + d)]);
        if (!rx->day[d].n)
            puts(" Rest day");
        for (int k = 0; k < rx->day[d].n; k++) {
            calf_rx_sentence(&rx->day[d].s[k], s, sizeof(s));
            printf("%s%s\n", k ? "                     " : " ", s);
        }
    }
}

int calf_verb_prescribe(int argc, char **argv)
{
    char **args = malloc(sizeof(char *) * (size_t)(argc + 1));
    if (!args)
        return calf_cli_failf(4, "prescribe: out of memory");
    int na;
    const char *start;
    int rc = take_start(argc, argv, args, &na, &start);
    calf_run_args a;
    calf_error err = {0};
    if (!rc && (rc = calf_cli_parse_run_args(na, args, "prescribe", &a, &err)))
        rc = calf_cli_fail(&err);
    long day0 = 0;
    if (!rc)
        rc = check_args(&a, start, &day0);
    if (rc) {
        free(args);
        return rc;
    }
    const char *path = a.positional[0];
    int days = a.days ? a.days : DEFAULT_WEEKS * 7;
    long monday = day0 + (8 - calf_date_weekday(day0)) % 7;
    calf_params par;
    calf_params_default(&par);
    calf_protocol *p = NULL;
    calf_model m;
    calf_rx rx = {0};
    calf_rx_capture cap = {0};
    rc = calf_cli_open_protocol(path, &a, NULL, NULL, &p, &err);
    if (!rc)
        rc = calf_cli_apply_protocol_sets(&a, p, &par, &err);
    if (!rc)
        rc = calf_cli_load_model(a.patient, &par, &m, &err);
    if (!rc)
        rc = calf_rx_init(&rx, days, monday, &err);
    if (!rc)
        rc = calf_protocol_planner(p, &m, &cap.inner, &err);
    if (!rc) {
        cap.rx = &rx;
        cap.m = &m;
        cap.rule_fn = progress_rule;
        cap.rule_ud = p;
        calf_planner pl = calf_rx_planner(&cap);
        calf_sim_opts opt = {days, 0, 0, 0};
        calf_summary sum;
        rc = calf_sim_run(&m, &pl, &opt, NULL, &sum, &err);
        if (rc)
            calf_error_prefix(&err, path);
    }
    char dir[4096];
    calf_cli_out_dir(dir, sizeof(dir), a.out, "prescribe", path);
    if (!rc) {
        uint64_t hash = calf_protocol_param_hash(p, calf_params_hash(&par));
        uint64_t id = file_hash(a.patient, calf_fnv1a(CALF_FNV_INIT, &hash, sizeof(hash)));
        id = calf_fnv1a(id, &day0, sizeof(day0));
        calf_rx_meta meta = {calf_protocol_name(p),
                             calf_protocol_summary(p),
                             calf_protocol_source(p),
                             m.pt.name,
                             path,
                             a.seed,
                             hash,
                             id,
                             {calf_protocol_adapt(p, CALF_ADAPT_PROGRESS),
                              calf_protocol_adapt(p, CALF_ADAPT_HOLD),
                              calf_protocol_adapt(p, CALF_ADAPT_REGRESS),
                              calf_protocol_adapt(p, CALF_ADAPT_SYMPTOMS)},
                             m.par.v[CALF_P_PAIN_LIMIT],
                             day0};
        rc = write_all(dir, &rx, &meta, &err);
    }
    if (!rc) {
        char d0[16];
        calf_date_format(rx.start, 0, d0, sizeof(d0));
        printf("%s for %s: %d week%s from Monday %s\n\n", calf_protocol_name(p), m.pt.name,
               days / 7, days == 7 ? "" : "s", d0);
        print_first_week(&rx);
        printf("...\n\nwrote %s/prescription.html, prescription.csv, prescription.ics and "
               "diary.csv\n",
               dir);
    }
    calf_rx_free(&rx);
    if (p)
        calf_protocol_close(p);
    free(args);
    return rc ? calf_cli_fail(&err) : 0;
}
