/*
 * verb_compare.c: `calfsim compare P1.lua P2.lua ... --patient P.lua
 * [--weeks N] [--set k=v]... [--out DIR]`, the main job: protocols (Lua) or
 * plans (CSV, also given as --plan A.csv --plan B.csv, e.g. logged against
 * planned) simulated side by side for one patient. Prints the outcome table
 * and writes everything a clinician needs into one folder, ending with
 * report.html. A progress line goes to stderr only when it is a terminal,
 * not in CI, and the job has taken over a second.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "compare_cohort.h"
#include "compare.h"
#include "figdata.h"
#include "figures.h"
#include "outcome.h"
#include "plan_csv.h"
#include "protocol_cli.h"
#include "report.h"
#include "run_inputs.h"
#include "out_dir.h"
#include "util.h"
#include "verdict.h"

#define MAX_TEXT (256 * 1024)

typedef struct contender {
    const char *path; /* as given: FILE.lua, FILE.lua:k=v,... or PLAN.csv */
    char file[1024];  /* the file itself */
    const char *own;  /* the k=v,... after FILE.lua:, or NULL */
    int is_plan;
    char name[160];
    char dir[96]; /* folder name inside the output folder */
    calf_plan plan;
    calf_protocol *proto;
    char *text;
    calf_trace trace;
    calf_summary sum;
    uint64_t hash;
    const char *pnames[CALF_PROTOCOL_MAX_PARAMS];
    double pvalues[CALF_PROTOCOL_MAX_PARAMS];
    int nparams;
} contender;

/* ---- progress line ---- */

typedef struct progress {
    int enabled, shown;
    struct timespec t0;
} progress;

static double elapsed(const progress *p)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)(t.tv_sec - p->t0.tv_sec) + 1e-9 * (double)(t.tv_nsec - p->t0.tv_nsec);
}

static void progress_init(progress *p)
{
    const char *ci = getenv("CI");
    p->enabled = isatty(2) && !(ci && *ci);
    p->shown = 0;
    clock_gettime(CLOCK_MONOTONIC, &p->t0);
}

static void progress_show(progress *p, const char *what, const char *name)
{
    if (!p->enabled || elapsed(p) < 1.0)
        return;
    char clean[48];
    size_t j = 0;
    for (const char *s = name; s && *s && j + 1 < sizeof(clean); s++)
        clean[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? '?' : *s;
    clean[j] = '\0';
    fprintf(stderr, "\rcalfsim compare: %-24s %-48s", what, clean);
    fflush(stderr);
    p->shown = 1;
}

static void progress_done(progress *p)
{
    if (p->shown)
        fprintf(stderr, "\r%-80s\r", "");
}

/* ---- helpers ---- */

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

/* Display text: control characters become spaces. */
static void clean_text(char *out, size_t n, const char *s)
{
    size_t j = 0;
    for (; s && *s && j + 1 < n; s++)
        out[j++] = ((unsigned char)*s < 0x20 || *s == 0x7f) ? ' ' : *s;
    out[j] = '\0';
}

static void folder_name(char *out, size_t n, int k, const char *path, const char *own)
{
    char stem[64], safe[64];
    calf_path_stem(path, stem, sizeof(stem));
    if (own) { /* FILE.lua:growth=0.05 -> k-FILE_growth_0_05 */
        size_t l = strlen(stem);
        snprintf(stem + l, sizeof(stem) - l, "_%s", own);
    }
    size_t j = 0;
    for (const char *s = stem; *s && j + 1 < sizeof(safe); s++) {
        char c = *s;
        int ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                 c == '-' || c == '_';
        safe[j++] = ok ? c : '_';
    }
    safe[j] = '\0';
    snprintf(out, n, "%d-%s", k + 1, j ? safe : "protocol");
}

static char *read_text(const char *path)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    char *buf = malloc(MAX_TEXT + 1);
    size_t n = buf ? fread(buf, 1, MAX_TEXT, fp) : 0;
    fclose(fp);
    if (buf)
        buf[n] = '\0';
    return buf;
}

/* --set target of compare: every protocol that declares the name takes it. */
typedef struct contenders {
    contender *c;
    int n;
} contenders;

static int contenders_target(void *ud, const char *name, double v, calf_error *err)
{
    const contenders *cs = ud;
    int used = 0;
    for (int k = 0; k < cs->n; k++) {
        if (!cs->c[k].proto)
            continue;
        int rc = calf_protocol_set_param(cs->c[k].proto, name, v, err);
        if (rc == CALF_OK)
            used++;
        else if (rc != CALF_PROTOCOL_NOPARAM)
            return rc;
    }
    return used ? CALF_OK : CALF_CLI_SET_UNCLAIMED;
}

static void print_table(const contender *c, int n)
{
    char cell[CALF_COMPARE_MAX][CALF_OC_COUNT][64];
    char names[CALF_COMPARE_MAX][40];
    int wname = (int)strlen("protocol"), w[CALF_OC_COUNT];
    for (int k = 0; k < n; k++) {
        char full[160];
        clean_text(full, sizeof(full), c[k].name);
        full[sizeof(names[k]) - 1] = '\0'; /* long names are cut for the table */
        memcpy(names[k], full, sizeof(names[k]));
        if ((int)strlen(names[k]) > wname)
            wname = (int)strlen(names[k]);
    }
    for (int i = 0; i < CALF_OC_COUNT; i++) {
        w[i] = (int)strlen(calf_outcome_cols[i].head);
        for (int k = 0; k < n; k++) {
            calf_outcome_display(&c[k].sum, i, cell[k][i], sizeof(cell[k][i]));
            if ((int)strlen(cell[k][i]) > w[i])
                w[i] = (int)strlen(cell[k][i]);
        }
    }
    printf("%-*s", wname, "protocol");
    for (int i = 0; i < CALF_OC_COUNT; i++)
        printf("  %*s", w[i], calf_outcome_cols[i].head);
    putchar('\n');
    for (int k = 0; k < n; k++) {
        printf("%-*s", wname, names[k]);
        for (int i = 0; i < CALF_OC_COUNT; i++)
            printf("  %*s", w[i], cell[k][i]);
        putchar('\n');
    }
}

static void csv_field(FILE *fp, const char *s)
{
    char buf[512];
    clean_text(buf, sizeof(buf), s);
    if (strpbrk(buf, ",\"")) {
        fputc('"', fp);
        for (const char *p = buf; *p; p++) {
            if (*p == '"')
                fputc('"', fp);
            fputc(*p, fp);
        }
        fputc('"', fp);
    } else {
        fputs(buf, fp);
    }
}

static int write_compare_csv(const char *path, const contender *c, int n, const calf_model *m,
                             const calf_run_args *a, uint64_t hash, calf_error *err)
{
    calf_afile af;
    int rc = calf_afile_open(&af, path, err);
    if (rc)
        return rc;
    FILE *fp = af.fp;
    char pt[160];
    clean_text(pt, sizeof(pt), m->pt.name);
    fprintf(fp, "# calfsim %s; compare; patient: %s; seed: %llu; param_hash: %016llx\n",
            CALF_VERSION, pt, (unsigned long long)a->seed, (unsigned long long)hash);
    fputs("protocol,folder,param_hash", fp);
    for (int i = 0; i < CALF_OC_COUNT; i++)
        fprintf(fp, ",%s", calf_outcome_cols[i].key);
    fputc('\n', fp);
    for (int k = 0; k < n; k++) {
        csv_field(fp, c[k].name);
        fprintf(fp, ",%s,%016llx", c[k].dir, (unsigned long long)c[k].hash);
        for (int i = 0; i < CALF_OC_COUNT; i++) {
            char b[64];
            calf_outcome_format(&c[k].sum, i, "", b, sizeof(b));
            fprintf(fp, ",%s", b);
        }
        fputc('\n', fp);
    }
    return calf_afile_commit(&af, err);
}

static int write_compare_json(const char *path, const contender *c, int n, const calf_model *m,
                              const calf_run_args *a, uint64_t hash, int days,
                              const calf_compare_unc *unc, const calf_verdict *v,
                              const calf_verdict_in *vin, calf_error *err)
{
    const char *folders[CALF_COMPARE_MAX];
    uint64_t hashes[CALF_COMPARE_MAX];
    for (int k = 0; k < n; k++) {
        folders[k] = c[k].dir;
        hashes[k] = c[k].hash;
    }
    calf_compare_doc d = {m->pt.name, a->seed, hash, days, unc->n ? unc->size : 0, folders, hashes};
    return calf_compare_json_write(path, &d, v, vin, err);
}

static int join(char *out, size_t n, const char *dir, const char *name, calf_error *err)
{
    return calf_path_join(out, n, dir, name, err);
}

int calf_compare_run(const calf_run_args *a, const char *default_out, const char *command)
{
    calf_error err = {0};
    int n = a->npositional;
    if (n < 1)
        return calf_cli_failf(2, "compare: give at least one PROTOCOL.lua or PLAN.csv");
    if (n > CALF_COMPARE_MAX)
        return calf_cli_failf(2,
                              "compare: at most %d protocols at once (%d given); more lines "
                              "than that are not legible in one figure",
                              CALF_COMPARE_MAX, n);
    if (!a->patient)
        return calf_cli_failf(2, "compare: --patient P.lua is required");
    contender *c = calloc((size_t)n, sizeof(*c));
    if (!c)
        return calf_cli_failf(4, "compare: out of memory");
    progress prog;
    progress_init(&prog);
    calf_params par;
    calf_params_default(&par);
    calf_model m;
    calf_interaction ix = {0};
    int rc = CALF_OK, plan_days = 0;

    for (int k = 0; k < n && !rc; k++) {
        c[k].path = a->positional[k];
        if (calf_cli_spec_split(c[k].path, c[k].file, sizeof(c[k].file), &c[k].own) < 0)
            rc = calf_error_set(&err, CALF_EUSAGE, "compare: %.200s: path too long", c[k].path);
        c[k].is_plan = ends_with(c[k].path, ".csv") || ends_with(c[k].path, ".CSV");
        folder_name(c[k].dir, sizeof(c[k].dir), k, c[k].file, c[k].own);
        if (rc) {
        } else if (!c[k].is_plan) {
            /* FILE.lua:k=v,... opens with its own parameter values; its row
             * is labelled with them, so the same protocol can be compared at
             * two settings */
            rc = calf_cli_open_protocol(c[k].path, a, NULL, NULL, &c[k].proto, &err);
            if (!rc && c[k].own)
                snprintf(c[k].name, sizeof(c[k].name), "%.100s (%.50s)",
                         calf_protocol_name(c[k].proto), c[k].own);
            else if (!rc)
                snprintf(c[k].name, sizeof(c[k].name), "%s", calf_protocol_name(c[k].proto));
        } else {
            calf_path_stem(c[k].path, c[k].name, sizeof(c[k].name));
        }
    }
    contenders cs = {c, n};
    if (!rc)
        rc = calf_cli_route_sets(a->sets, a->nsets, &par, contenders_target, &cs, &err);
    if (!rc)
        rc = calf_cli_load_model(a->patient, &par, &m, &err);
    uint64_t hash = calf_params_hash(&par);
    for (int k = 0; k < n && !rc; k++) {
        if (c[k].is_plan) {
            rc = calf_plan_read(c[k].path, &m, &c[k].plan, &err);
            if (!rc && c[k].plan.days > plan_days)
                plan_days = c[k].plan.days;
        }
    }
    int days = a->days ? a->days : CALF_COMPARE_WEEKS * 7;
    if (!a->days && plan_days > 0) {
        int all_plans = 1;
        for (int k = 0; k < n; k++)
            all_plans &= c[k].is_plan;
        if (all_plans)
            days = (plan_days + 6) / 7 * 7;
    }
    for (int k = 0; k < n && !rc; k++) {
        progress_show(&prog, "simulating", c[k].name);
        calf_planner pl;
        if (c[k].is_plan) {
            pl = calf_plan_planner(&c[k].plan);
            c[k].hash = hash;
        } else {
            rc = calf_protocol_planner(c[k].proto, &m, &pl, &err);
            c[k].hash = calf_protocol_param_hash(c[k].proto, hash);
            c[k].nparams = calf_protocol_param_count(c[k].proto);
            for (int i = 0; i < c[k].nparams && i < CALF_PROTOCOL_MAX_PARAMS; i++) {
                double lo, hi;
                calf_protocol_param(c[k].proto, i, &c[k].pnames[i], &c[k].pvalues[i], &lo, &hi);
            }
        }
        if (!rc) {
            calf_sim_opts opt = {days, a->oracle, a->seed, 0};
            rc = calf_sim_run(&m, &pl, &opt, &c[k].trace, &c[k].sum, &err);
            if (rc)
                calf_error_prefix(&err, c[k].path);
        }
        c[k].text = read_text(c[k].file);
    }
    /* The uncertainty behind the table: the same protocols on a paired virtual
     * cohort around this patient (--cohort 0 turns it off). */
    calf_compare_unc unc;
    memset(&unc, 0, sizeof(unc));
    long cohort_n = a->cohort_n < 0 ? CALF_COMPARE_COHORT : a->cohort_n;
    if (!rc && cohort_n > 0) {
        progress_show(&prog, "virtual cohort", "");
        const char *paths[CALF_COMPARE_MAX], *pnames[CALF_COMPARE_MAX];
        for (int k = 0; k < n; k++) {
            paths[k] = c[k].path;
            pnames[k] = c[k].name;
        }
        rc = calf_compare_cohort(a, &par, &m, n, paths, pnames, days, cohort_n, &unc, &err);
    }
    if (!rc) {
        progress_show(&prog, "distance x speed grid", "");
        rc = calf_interaction_compute(&m, &ix, &err);
    }

    /* the verdict: which protocol, what each missed, single run against cohort */
    calf_verdict_in vin[CALF_COMPARE_MAX];
    calf_verdict verdict;
    for (int k = 0; k < n; k++)
        vin[k] = (calf_verdict_in){c[k].name, &c[k].trace, &c[k].sum, unc.n ? &unc.num[k] : NULL};
    if (!rc)
        calf_verdict_make(&m, vin, n, &verdict);

    char dir[4096], path[4096];
    snprintf(dir, sizeof(dir), "%s", a->out ? a->out : default_out);
    /* everything goes to od.work, which replaces dir as a whole at the end */
    calf_outdir od = {0};
    if (!rc)
        rc = calf_outdir_open(&od, dir, &err);
    const char *wd = od.work;
    for (int k = 0; k < n && !rc; k++) {
        calf_run_meta meta = {c[k].name, c[k].path, a->seed, c[k].hash};
        rc = join(path, sizeof(path), wd, c[k].dir, &err);
        if (!rc)
            rc = calf_cli_write_run(path, &m, &c[k].trace, &c[k].sum, &meta, &err);
        /* inputs.txt: `calfsim explain DIR/k-NAME` re-runs this protocol */
        if (!rc)
            rc = calf_run_inputs_write(path, c[k].is_plan ? "plan" : "protocol", c[k].path, a, days,
                                       &err);
    }
    calf_run_meta cmeta = {"compare", a->patient, a->seed, hash};
    const calf_trace *traces[CALF_COMPARE_MAX];
    const char *names[CALF_COMPARE_MAX];
    const char *spaths[CALF_COMPARE_MAX];
    int styles[CALF_COMPARE_MAX];
    for (int k = 0; k < n; k++) {
        traces[k] = &c[k].trace;
        names[k] = c[k].name;
        spaths[k] = c[k].file;
    }
    calf_protocol_style_assign(spaths, n, styles); /* keyed to each protocol */
    if (!rc && !(rc = join(path, sizeof(path), wd, "compare.csv", &err)))
        rc = write_compare_csv(path, c, n, &m, a, hash, &err);
    if (!rc && !(rc = join(path, sizeof(path), wd, "compare.json", &err)))
        rc = write_compare_json(path, c, n, &m, a, hash, days, &unc, &verdict, vin, &err);
    if (!rc && unc.n && !(rc = join(path, sizeof(path), wd, "compare_uncertainty.csv", &err)))
        rc = calf_compare_unc_write_csv(path, &unc, a->seed, hash, &err);
    if (!rc && !(rc = join(path, sizeof(path), wd, "compare_daily.dat", &err))) {
        calf_figdata_bands fb = {n, unc.band_days, unc.band}; /* the cohort's 10-90% bands */
        rc = calf_figdata_write_daily_bands(path, n, traces, &m, &cmeta, unc.band ? &fb : NULL,
                                            &err);
    }
    if (!rc && !(rc = join(path, sizeof(path), wd, "compare_weekly.dat", &err)))
        rc = calf_figdata_write_weekly(path, n, traces, m.pt.goal_km_per_week, &cmeta, &err);
    if (!rc && !(rc = join(path, sizeof(path), wd, "compare_interaction.dat", &err)))
        rc = calf_interaction_write(path, &ix, &cmeta, &err);
    int drawn = 0;
    if (!rc) {
        progress_show(&prog, "drawing figures", "");
        char note[160];
        snprintf(note, sizeof(note), "after %.3g km at %.3g km/h, then 0, 1 or 2 rest days",
                 ix.prec_km, ix.prec_kmh);
        rc = calf_figures_draw_styled(wd, m.pt.name, names, styles, n, note, &drawn, &err);
    }
    int hidden_drawn = 0;
    if (!rc && a->oracle) {
        if (!(rc = join(path, sizeof(path), wd, "compare_hidden.dat", &err)))
            rc = calf_figdata_write_hidden(path, n, traces, &m, &cmeta, &err);
        if (!rc)
            rc = calf_figures_draw_hidden_styled(wd, m.pt.name, names, styles, n, &hidden_drawn,
                                                 &err);
    }
    if (!rc) {
        calf_report_protocol rp[CALF_COMPARE_MAX];
        for (int k = 0; k < n; k++) {
            rp[k] = (calf_report_protocol){
                .name = c[k].name,
                .summary = c[k].proto ? calf_protocol_summary(c[k].proto)
                                      : "A plan CSV: the sessions it lists, day by day.",
                .source = c[k].proto ? calf_protocol_source(c[k].proto) : NULL,
                .path = c[k].path,
                .text = c[k].text,
                .dir = c[k].dir,
                .kind = c[k].is_plan ? "plan" : "protocol",
                .sum = &c[k].sum,
                .param_hash = c[k].hash,
                .nparams = c[k].nparams,
                .param_names = c[k].pnames,
                .param_values = c[k].pvalues,
                .style = styles[k],
            };
        }
        const char *ucells[CALF_COMPARE_MAX * CALF_UNC_COLS];
        for (int k = 0; k < unc.n; k++)
            for (int j = 0; j < CALF_UNC_COLS; j++)
                ucells[k * CALF_UNC_COLS + j] = unc.cell[k][j];
        calf_report_table utab = {CALF_UNC_COLS, unc.n, unc.headp, ucells, unc.size};
        calf_report r = {.m = &m,
                         .patient_path = a->patient,
                         .seed = a->seed,
                         .param_hash = hash,
                         .days = days,
                         .n = n,
                         .p = rp,
                         .out_dir = wd,
                         .figures_drawn = drawn,
                         .ix = &ix,
                         .command = command,
                         .oracle = a->oracle,
                         .hidden_drawn = hidden_drawn,
                         .unc = unc.n ? &utab : NULL,
                         .verdict = &verdict,
                         .verdict_in = vin};
        if (!(rc = join(path, sizeof(path), wd, "report.html", &err)))
            rc = calf_report_write(path, &r, &err);
    }
    if (!rc)
        rc = calf_outdir_commit(&od, &err);
    calf_outdir_close(&od);
    progress_done(&prog);
    if (!rc) {
        print_table(c, n);
        if (unc.n)
            calf_compare_unc_print(&unc);
        calf_verdict_print(stdout, &verdict, vin);
        if (!drawn)
            fprintf(stderr,
                    "calfsim: warning: gnuplot not found; wrote the figures' .dat and .gp files "
                    "in %s without drawing them (install gnuplot: apt-get install gnuplot-nox)\n",
                    dir);
        printf("\nreport: %s/report.html\n", dir);
    }
    for (int k = 0; k < n; k++) {
        calf_trace_free(&c[k].trace);
        if (c[k].is_plan && c[k].plan.day)
            calf_plan_free(&c[k].plan);
        if (c[k].proto)
            calf_protocol_close(c[k].proto);
        free(c[k].text);
    }
    free(c);
    calf_compare_unc_free(&unc);
    calf_interaction_free(&ix);
    if (rc)
        return calf_cli_fail(&err);
    return 0;
}

int calf_verb_compare(int argc, char **argv)
{
    /* --plan may be repeated here: turn each into a positional */
    char **args = malloc(sizeof(char *) * (size_t)(argc + 1));
    if (!args)
        return calf_cli_failf(4, "compare: out of memory");
    int na = 0;
    for (int i = 0; i < argc; i++) {
        if (strcmp(argv[i], "--plan") == 0) {
            if (i + 1 >= argc) {
                free(args);
                return calf_cli_failf(2, "compare --plan: needs a value");
            }
            args[na++] = argv[++i];
            continue;
        }
        args[na++] = argv[i];
    }
    args[na] = NULL;
    calf_run_args a;
    calf_error err = {0};
    int rc = calf_cli_parse_run_args(na, args, "compare", &a, &err);
    if (rc) {
        free(args);
        return calf_cli_fail(&err);
    }
    char stem[128], out[256];
    calf_path_stem(a.patient ? a.patient : "patient", stem, sizeof(stem));
    snprintf(out, sizeof(out), "calfsim-out/compare-%s", stem);
    rc = calf_compare_run(&a, out, "calfsim compare");
    free(args);
    return rc;
}
