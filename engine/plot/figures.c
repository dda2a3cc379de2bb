/*
 * figures.c: the comparison figures' table (template, data, caption) and
 * the loop that installs and draws them (see figures.h).
 */
#include "figures.h"

#include <stdint.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "gnuplot.h"
#include "util.h"

const calf_figure calf_figures[CALF_FIG_COUNT] = {
    {"fig1_capacity", "compare_capacity.gp", "compare_daily.dat", 1,
     "Capacity against the demand of each day",
     "The thick line is the calf complex's load capacity: the peak force per step it tolerates, "
     "in body weights. The thin line is the capacity available on the day, lowered by fatigue, "
     "neural sensitivity and micro-damage. Points are the peak force per step of each day's run "
     "or walk. Where points sit close to or above the thin line, that day's running is a large "
     "share of what the tissue can take. The dotted grey line is this patient's estimated "
     "healthy capacity. Each protocol has its own marker, and its points are shifted sideways by "
     "a fraction of a day so that days with the same demand stay visible. When the comparison ran "
     "a virtual cohort, a shaded band in each protocol's colour spans the middle 80% (10th to "
     "90th percentile) of the cohort's capacity, expressed in this patient's body weights."},
    {"fig2_weekly", "compare_weekly.gp", "compare_weekly.dat", 1, "Weekly running distance",
     "Bars are the running kilometres of each week, one bar per protocol. A triangle above a bar "
     "marks a week with at least one intensity (quality) session, a run with a segment at 1.2 "
     "times easy speed or faster. The dashed line is the patient's goal volume. Runs longer than "
     "26 "
     "weeks are shown in periods of 4, 13 or 26 weeks: a bar is then the mean running kilometres "
     "per week over its period, and a triangle marks a period with an intensity session."},
    {"fig3_pain", "compare_pain.gp", "compare_daily.dat", 1, "Pain during and the next morning",
     "Top: the highest pain during each day's sessions (0 to 10), shown only on days with a "
     "session. Bottom: pain the next morning. The dashed line is the pain limit the protocols "
     "aim to stay under. Pain that settles by the next morning is the usual sign that the load "
     "was tolerated. With a virtual cohort, the shaded bands behind the bottom panel span the "
     "10th to 90th percentile of the cohort's morning pain."},
    {"fig4_load", "compare_load.gp", "compare_daily.dat", 1, "Training-load metrics",
     "Top: the running in familiar units, kilometres in the last 7 days (thick) and the mean "
     "kilometres per week over the last 42 days (thin), with the same volume as minutes per week "
     "at the patient's easy pace on the right axis (and, with a virtual cohort, the 10th to 90th "
     "percentile of its 7-day kilometres shaded). Below: chronic (42-day, CTL) and acute (7-day, "
     "ATL) training load, their difference (form, TSB), "
     "and the acute:chronic workload ratio (ACWR, exponentially weighted). Load is in body "
     "weights times loading cycles per day. These are derived from the simulated load and do "
     "not drive the model. The ACWR and its 0.8 to 1.3 band are widely used but have been "
     "criticised as a risk measure (Lolli 2019; Impellizzeri 2020): read them as descriptions "
     "of how fast load changed, not as injury predictions."},
    {"fig5_onset", "compare_onset.gp", "compare_daily.dat", 1, "Distance before symptoms",
     "Lines: the model's estimate of how far the patient could run at easy pace before pain "
     "reaches 2 out of 10, day by day. Points: the distance at which symptoms began during a "
     "run, when they began at all. A rising line means the calf tolerates more running before "
     "symptoms. Gaps mean no symptoms were expected at any distance. With a virtual cohort, the "
     "shaded bands span the 10th to 90th percentile of the cohort's distance before symptoms."},
    {"fig6_interaction", "compare_interaction.gp", "compare_interaction.dat", 0,
     "How distance, speed and recovery days interact",
     "Each panel is one run of a given distance (across) at a given speed (up), done 0, 1 or 2 "
     "rest days after a standard preceding run at easy pace (see below). Colour is the highest "
     "pain during that run (0 to 10); the solid white line is pain 2 (symptom onset), the "
     "dashed one the pain limit. Longer and faster runs provoke more; rest days before the run "
     "move the lines outwards, so the same run is better tolerated. This is the patient at "
     "intake, before any protocol. Next-morning pain after each run is in column 3 of "
     "compare_interaction.dat."},
};

const calf_protocol_style calf_protocol_styles[CALF_STYLE_COUNT] = {
    {"#0072B2", 0, {0}, 7},      {"#D55E00", 2, {8, 4}, 5},
    {"#009E73", 2, {2, 3}, 9},   {"#CC79A7", 4, {8, 3, 2, 3}, 13},
    {"#000000", 2, {14, 4}, 11}, {"#E69F00", 6, {8, 3, 2, 3, 2, 3}, 6},
    {"#56B4E9", 2, {4, 3}, 4},   {"#882255", 4, {14, 3, 2, 3}, 8},
};

/* The shipped protocols' own styles (the demo's five take 1-5 in its order). */
static const char *const shipped_style[CALF_STYLE_COUNT] = {
    "symptom_guided",   "strength_first",  "ten_percent", "walk_run",
    "rest_then_return", "pain_monitoring", "alfredson",   "gait_retraining"};

static int is_shipped(const char *path)
{
    char stem[128];
    calf_path_stem(path ? path : "", stem, sizeof(stem));
    for (int s = 0; s < CALF_STYLE_COUNT; s++)
        if (strcmp(stem, shipped_style[s]) == 0)
            return 1;
    return 0;
}

static int preferred_style(const char *path)
{
    char stem[128];
    calf_path_stem(path ? path : "", stem, sizeof(stem));
    for (int s = 0; s < CALF_STYLE_COUNT; s++)
        if (strcmp(stem, shipped_style[s]) == 0)
            return s + 1;
    uint32_t h = 2166136261u; /* FNV-1a of the stem */
    for (const char *c = stem; *c; c++)
        h = (h ^ (unsigned char)*c) * 16777619u;
    return (int)(h % CALF_STYLE_COUNT) + 1;
}

void calf_protocol_style_assign(const char *const paths[], int n, int out[])
{
    /* shipped protocols first, so they always keep their own; then the
     * others, each at its hashed style or the next free one */
    int used[CALF_STYLE_COUNT + 1] = {0};
    for (int pass = 0; pass < 2; pass++)
        for (int k = 0; k < n; k++) {
            int shipped = is_shipped(paths[k]);
            if (shipped != (pass == 0))
                continue;
            int s = preferred_style(paths[k]);
            for (int tries = 0; used[s] && tries < CALF_STYLE_COUNT; tries++)
                s = s % CALF_STYLE_COUNT + 1;
            used[s] = 1;
            out[k] = s;
        }
}

void calf_protocol_style_arg(const int styles[], int n, char *buf, size_t len)
{
    size_t at = 0;
    int w = snprintf(buf, len, "styles=");
    at = w > 0 ? (size_t)w : 0;
    for (int k = 0; k < n && at < len; k++) {
        w = snprintf(buf + at, len - at, k ? " %d" : "%d", styles ? styles[k] : k + 1);
        if (w < 0)
            break;
        at += (size_t)w;
    }
}

void calf_figure_key_name(const char *name, char *out, size_t n)
{
    size_t len = strlen(name), cut = len;
    if (len > CALF_FIG_KEY_CHARS) {
        cut = CALF_FIG_KEY_CHARS - 3;
        while (cut > 0 &&
               ((unsigned char)name[cut] & 0xC0) == 0x80) /* not inside a UTF-8 character */
            cut--;
        while (cut > 0 && name[cut - 1] == ' ')
            cut--;
    }
    snprintf(out, n, "%.*s%s", (int)cut, name, cut < len ? "..." : "");
}

static int rename_out(const char *dir, const char *tmp_base, const char *base, const char *ext,
                      calf_error *err)
{
    char from[4096], to[4096], a[512], b[512];
    snprintf(a, sizeof(a), "%s.%s", tmp_base, ext);
    snprintf(b, sizeof(b), "%s.%s", base, ext);
    int rc = calf_path_join(from, sizeof(from), dir, a, err);
    if (!rc)
        rc = calf_path_join(to, sizeof(to), dir, b, err);
    if (!rc && rename(from, to) != 0)
        rc = calf_error_set(err, CALF_EIO, "%s: gnuplot wrote no %s", to, ext);
    return rc;
}

static void remove_tmp(const char *dir, const char *tmp_base)
{
    const char *ext[] = {"png", "svg"};
    for (int i = 0; i < 2; i++) {
        char p[4096], a[512];
        snprintf(a, sizeof(a), "%s.%s", tmp_base, ext[i]);
        if (calf_path_join(p, sizeof(p), dir, a, NULL) == CALF_OK)
            remove(p);
    }
}

/* Create DIR/.BASE.tmp.PID[.K].png and .svg empty with O_EXCL|O_NOFOLLOW
 * before gnuplot opens them, so a name planted there (a symbolic link to a
 * file elsewhere) is never written through; the next K is tried instead. */
static int claim_tmp(const char *dir, const char *base, char *tmp_base, size_t n, calf_error *err)
{
    for (int k = 0; k < 100; k++) {
        int w = k ? snprintf(tmp_base, n, ".%s.tmp.%ld.%d", base, (long)getpid(), k)
                  : snprintf(tmp_base, n, ".%s.tmp.%ld", base, (long)getpid());
        if (w < 0 || (size_t)w >= n - 4)
            return calf_error_set(err, CALF_EIO, "%s/%s: name too long", dir, base);
        const char *ext[] = {"png", "svg"};
        int ok = 1, e = 0;
        for (int i = 0; i < 2 && ok; i++) {
            char p[4096], a[512];
            snprintf(a, sizeof(a), "%s.%s", tmp_base, ext[i]);
            int fd = -1;
            if (calf_path_join(p, sizeof(p), dir, a, err) == CALF_OK)
                fd = open(p, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
            if (fd < 0) {
                ok = 0;
                e = errno;
                if (i == 1) { /* the .png was ours */
                    snprintf(a, sizeof(a), "%s.png", tmp_base);
                    if (calf_path_join(p, sizeof(p), dir, a, NULL) == CALF_OK)
                        unlink(p);
                }
            } else {
                close(fd);
            }
        }
        if (ok)
            return CALF_OK;
        if (e != EEXIST)
            return calf_error_set(err, CALF_EIO, "%s/%s.png: cannot write: %s", dir, base,
                                  strerror(e));
    }
    return calf_error_set(err, CALF_EIO, "%s/%s.png: no free temporary name", dir, base);
}

const calf_figure calf_figure_hidden = {
    "fig_hidden_state",
    "hidden_state.gp",
    "compare_hidden.dat",
    1,
    "Model internals: the hidden state of each protocol",
    "What the model tracks but a clinician never sees: the calf complex's capacity and the "
    "capacity left on the day after fatigue (both in % of this patient's healthy capacity), "
    "sensitisation (how strongly the calf reacts to a given dose, 1 = like a healthy calf), "
    "structural micro-damage (a Miner fraction: 0.2 is what habitual running holds, 1 the "
    "median failure point) and acute fatigue (0 = fully rested). These are model internals "
    "under stated assumptions, shown with --oracle for teaching and checking; they are not "
    "measurements of the patient."};

static int draw_one(const calf_figure *fg, const char *dir, const char *title,
                    const char *const names[], const int styles[], int n, const char *note,
                    int have, calf_error *err);

int calf_figure_run_atomic(const char *dir, const char *tmpl, const char *const args[],
                           int base_arg, calf_error *err)
{
    const char *a[CALF_FIG_MAX_ARGS + 1];
    int na = 0;
    while (args[na])
        if (++na > CALF_FIG_MAX_ARGS)
            return calf_error_set(err, CALF_EUSAGE, "%s: more than %d arguments", tmpl,
                                  CALF_FIG_MAX_ARGS);
    if (base_arg < 0 || base_arg >= na)
        return calf_error_set(err, CALF_EUSAGE, "%s: no base name argument", tmpl);
    const char *base = args[base_arg];
    char tmp_base[256];
    int rc = claim_tmp(dir, base, tmp_base, sizeof(tmp_base), err);
    if (rc)
        return rc;
    for (int i = 0; i <= na; i++)
        a[i] = i == base_arg ? tmp_base : args[i];
    rc = calf_gnuplot_run(tmpl, dir, a, err);
    if (!rc)
        rc = rename_out(dir, tmp_base, base, "png", err);
    if (!rc)
        rc = rename_out(dir, tmp_base, base, "svg", err);
    if (rc)
        remove_tmp(dir, tmp_base);
    return rc;
}

int calf_figures_draw(const char *dir, const char *title, const char *const names[], int n,
                      const char *note, int *drawn, calf_error *err)
{
    return calf_figures_draw_styled(dir, title, names, NULL, n, note, drawn, err);
}

int calf_figures_draw_styled(const char *dir, const char *title, const char *const names[],
                             const int styles[], int n, const char *note, int *drawn,
                             calf_error *err)
{
    int have = calf_gnuplot_available();
    *drawn = 0;
    if (n > CALF_FIG_MAX_SERIES)
        return calf_error_set(err, CALF_EUSAGE, "figures: at most %d protocols, got %d",
                              CALF_FIG_MAX_SERIES, n);
    for (int f = 0; f < CALF_FIG_COUNT; f++) {
        int rc = draw_one(&calf_figures[f], dir, title, names, styles, n, note, have, err);
        if (rc)
            return rc;
    }
    *drawn = have;
    return CALF_OK;
}

int calf_figures_draw_hidden(const char *dir, const char *title, const char *const names[], int n,
                             int *drawn, calf_error *err)
{
    return calf_figures_draw_hidden_styled(dir, title, names, NULL, n, drawn, err);
}

int calf_figures_draw_hidden_styled(const char *dir, const char *title, const char *const names[],
                                    const int styles[], int n, int *drawn, calf_error *err)
{
    int have = calf_gnuplot_available();
    *drawn = 0;
    if (n > CALF_FIG_MAX_SERIES)
        return calf_error_set(err, CALF_EUSAGE, "figures: at most %d protocols, got %d",
                              CALF_FIG_MAX_SERIES, n);
    int rc = draw_one(&calf_figure_hidden, dir, title, names, styles, n, NULL, have, err);
    if (!rc)
        *drawn = have;
    return rc;
}

static int draw_one(const calf_figure *fg, const char *dir, const char *title,
                    const char *const names[], const int styles[], int n, const char *note,
                    int have, calf_error *err)
{
    {
        char tmpl[4096], usage[512];
        snprintf(usage, sizeof(usage), "gnuplot -c %s %s %s TITLE %s", fg->tmpl, fg->data, fg->base,
                 fg->per_protocol ? "[styles=S1 S2 ...] NAME1 [NAME2 ...]" : "NOTE");
        int rc = calf_gnuplot_template(fg->tmpl, tmpl, sizeof(tmpl), err);
        if (!rc)
            rc = calf_gnuplot_install(tmpl, dir, fg->tmpl, usage, err);
        if (rc)
            return rc;
        if (!have)
            return CALF_OK;
        const char *args[5 + CALF_FIG_MAX_SERIES + 1];
        int na = 0;
        args[na++] = fg->data;
        args[na++] = fg->base;
        args[na++] = title;
        char sty[64];
        if (fg->per_protocol) {
            calf_protocol_style_arg(styles, n, sty, sizeof(sty));
            args[na++] = sty;
        }
        char shortn[CALF_FIG_MAX_SERIES][CALF_FIG_KEY_CHARS + 8];
        for (int k = 0; fg->per_protocol && k < n; k++) {
            calf_figure_key_name(names[k], shortn[k], sizeof(shortn[k]));
            args[na++] = shortn[k];
        }
        if (!fg->per_protocol)
            args[na++] = note;
        args[na] = NULL;
        rc = calf_figure_run_atomic(dir, fg->tmpl, args, 1, err);
        if (rc)
            return rc;
    }
    return CALF_OK;
}
