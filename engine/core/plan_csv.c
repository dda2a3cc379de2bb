/*
 * plan_csv.c: reading plan CSV files into per-day sessions.
 */
#include "plan_csv.h"

#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "exercise.h"
#include "util.h"

const char *const calf_plan_columns[] = {
    "day", "kind",    "exercise", "km",        "kmh",    "sets",         "reps",
    "rm",  "pct_1rm", "minutes",  "step_rate", "strike", "stop_at_pain", NULL};
enum {
    C_DAY,
    C_KIND,
    C_EX,
    C_KM,
    C_KMH,
    C_SETS,
    C_REPS,
    C_RM,
    C_PCT,
    C_MIN,
    C_SR,
    C_STRIKE,
    C_STOP,
    C_N
};

#define MAX_PLAN_DAYS 3640 /* as run --days */

typedef struct rowctx {
    const calf_csv *csv;
    size_t r;
    int col[C_N];
} rowctx;

static const char *cell(const rowctx *x, int c)
{
    return x->col[c] < 0 ? "" : calf_csv_at(x->csv, x->r, (size_t)x->col[c])->text;
}

/* Optional number: NAN when blank or the column is absent. */
static int num(const rowctx *x, int c, double lo, double hi, double *out, calf_error *err)
{
    *out = NAN;
    if (x->col[c] < 0)
        return CALF_OK;
    int present = 0;
    double v;
    int rc = calf_csv_number(x->csv, x->r, (size_t)x->col[c], &v, &present, err);
    if (rc)
        return rc;
    if (!present)
        return CALF_OK;
    if (v < lo || v > hi)
        return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[c], err, CALF_EINPUT,
                                   "%.60s: allowed %g to %g",
                                   calf_csv_at(x->csv, x->r, (size_t)x->col[c])->text, lo, hi);
    *out = v;
    return CALF_OK;
}

static int need(const rowctx *x, int c, const char *kind, calf_error *err)
{
    const calf_csv_cell *k = calf_csv_at(x->csv, x->r, (size_t)x->col[C_KIND]);
    return calf_error_set(err, CALF_EINPUT, "%s:%d: column \"%s\": required for kind %s",
                          x->csv->name, k->line, calf_plan_columns[c], kind);
}

static int enum_cell(const rowctx *x, int c, const char *const *choices, int *out, calf_error *err)
{
    const char *t = cell(x, c);
    for (int i = 0; choices[i]; i++)
        if (strcmp(t, choices[i]) == 0) {
            *out = i;
            return CALF_OK;
        }
    char allowed[256];
    calf_join_list(allowed, sizeof(allowed), choices, NULL);
    return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[c], err, CALF_EINPUT,
                               "\"%s\": allowed %s", t, allowed);
}

static const char *const kinds[] = {"rest",      "run",    "walk",  "strength",
                                    "isometric", "neural", "cross", NULL};
static const int kind_codes[] = {CALF_K_REST,      CALF_K_RUN,    CALF_K_WALK, CALF_K_STRENGTH,
                                 CALF_K_ISOMETRIC, CALF_K_NEURAL, CALF_K_CROSS};
static const char *const neural_kinds[] = {"slider", "tensioner", NULL};

static int add_session(calf_plan_day *d, const rowctx *x, calf_session **out, calf_error *err)
{
    if (d->n >= CALF_MAX_SESSIONS) {
        const calf_csv_cell *k = calf_csv_at(x->csv, x->r, 0);
        return calf_error_set(err, CALF_EINPUT, "%s:%d: more than %d sessions on day %s",
                              x->csv->name, k->line, CALF_MAX_SESSIONS, cell(x, C_DAY));
    }
    *out = &d->s[d->n++];
    return CALF_OK;
}

static int parse_row(const rowctx *x, const calf_model *m, calf_plan *plan, calf_error *err)
{
    long dayl;
    int rc = calf_csv_long(x->csv, x->r, (size_t)x->col[C_DAY], 1, MAX_PLAN_DAYS, &dayl, NULL, err);
    if (rc)
        return rc;
    int ki;
    rc = enum_cell(x, C_KIND, kinds, &ki, err);
    if (rc)
        return rc;
    int kind = kind_codes[ki];
    if (dayl > plan->days) {
        calf_plan_day *nd = realloc(plan->day, (size_t)dayl * sizeof(*nd));
        if (!nd)
            return calf_error_set(err, CALF_EIO, "%s: out of memory", x->csv->name);
        memset(nd + plan->days, 0, (size_t)(dayl - plan->days) * sizeof(*nd));
        plan->day = nd;
        plan->days = (int)dayl;
    }
    calf_plan_day *d = &plan->day[dayl - 1];
    double km, kmh, sets, reps, rm, pct, mins, sr, stop;
    if ((rc = num(x, C_KM, 0, 100, &km, err)) || (rc = num(x, C_KMH, 2, 30, &kmh, err)) ||
        (rc = num(x, C_SETS, 1, 20, &sets, err)) || (rc = num(x, C_REPS, 1, 200, &reps, err)) ||
        (rc = num(x, C_RM, 1, 30, &rm, err)) || (rc = num(x, C_PCT, 0.05, 1, &pct, err)) ||
        (rc = num(x, C_MIN, 0.5, 300, &mins, err)) || (rc = num(x, C_SR, 0.8, 1.2, &sr, err)) ||
        (rc = num(x, C_STOP, 0.5, 10, &stop, err)))
        return rc;
    calf_session *s = NULL;
    switch (kind) {
    case CALF_K_RUN:
    case CALF_K_WALK: {
        if (isnan(km))
            return need(x, C_KM, kinds[ki], err);
        int walk = kind == CALF_K_WALK;
        if (isnan(kmh))
            kmh = walk ? m->par.v[CALF_P_WALK_KMH] : m->pt.easy_kmh;
        if (walk && kmh > 8)
            return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[C_KMH], err, CALF_EINPUT,
                                       "%g: walking allowed 2 to 8 km/h", kmh);
        if (!walk && kmh < 3)
            return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[C_KMH], err, CALF_EINPUT,
                                       "%g: running allowed 3 to 30 km/h", kmh);
        /* join the day's run/walk session if there is one */
        for (int i = 0; i < d->n; i++)
            if (d->s[i].kind == CALF_K_RUN || d->s[i].kind == CALF_K_WALK)
                s = &d->s[i];
        if (!s) {
            if ((rc = add_session(d, x, &s, err)))
                return rc;
            calf_session_init(s, kind);
        }
        if (s->nseg >= CALF_MAX_SEGMENTS)
            return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[C_KIND], err, CALF_EINPUT,
                                       "more than %d run/walk segments on one day",
                                       CALF_MAX_SEGMENTS);
        if (!walk)
            s->kind = CALF_K_RUN;
        s->seg[s->nseg].km = km;
        s->seg[s->nseg].kmh = kmh;
        s->seg[s->nseg].walk = walk;
        s->nseg++;
        if (!isnan(sr))
            s->step_rate = sr;
        if (!isnan(stop))
            s->stop_at_pain = stop;
        if (x->col[C_STRIKE] >= 0 && cell(x, C_STRIKE)[0]) {
            int strike;
            if ((rc = enum_cell(x, C_STRIKE, calf_strike_names, &strike, err)))
                return rc;
            s->strike = strike;
        }
        return CALF_OK;
    }
    case CALF_K_STRENGTH:
    case CALF_K_ISOMETRIC: {
        const char *name = cell(x, C_EX);
        if (!name[0] && kind == CALF_K_ISOMETRIC)
            name = "toe_flexor_isometric";
        int ex = calf_exercise_find(name);
        if (ex < 0) {
            const char *sug = calf_exercise_suggest(name);
            if (x->col[C_EX] < 0)
                return need(x, C_EX, kinds[ki], err);
            return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[C_EX], err, CALF_EINPUT,
                                       "unknown exercise \"%s\"%s%s%s; see docs/inputs.md", name,
                                       sug ? " (did you mean " : "", sug ? sug : "",
                                       sug ? "?)" : "");
        }
        if ((rc = add_session(d, x, &s, err)))
            return rc;
        calf_session_init(s, kind);
        s->exercise = ex;
        s->rm = rm;
        s->pct_1rm = pct;
        double drm = !isnan(rm) ? rm : calf_exercises[ex].default_rm;
        s->sets = isnan(sets) ? 3 : sets;
        s->reps = isnan(reps) ? drm : reps;
        if (!isnan(rm) && !isnan(reps) && reps > rm)
            return calf_csv_cell_error(x->csv, x->r, (size_t)x->col[C_REPS], err, CALF_EINPUT,
                                       "%g reps at a %gRM: allowed at most %g", reps, rm, rm);
        return CALF_OK;
    }
    case CALF_K_NEURAL: {
        if (isnan(mins))
            return need(x, C_MIN, kinds[ki], err);
        int nk = 0;
        if (x->col[C_EX] >= 0 && cell(x, C_EX)[0] &&
            (rc = enum_cell(x, C_EX, neural_kinds, &nk, err)))
            return rc;
        if ((rc = add_session(d, x, &s, err)))
            return rc;
        calf_session_init(s, kind);
        s->neural_kind = nk;
        s->bouts = isnan(sets) ? 1 : sets;
        s->minutes = mins;
        return CALF_OK;
    }
    case CALF_K_CROSS:
        if (isnan(mins))
            return need(x, C_MIN, kinds[ki], err);
        if ((rc = add_session(d, x, &s, err)))
            return rc;
        calf_session_init(s, kind);
        s->minutes = mins;
        return CALF_OK;
    default:
        if ((rc = add_session(d, x, &s, err)))
            return rc;
        calf_session_init(s, CALF_K_REST);
        return CALF_OK;
    }
}

int calf_plan_from_csv(const calf_csv *csv, const calf_model *m, calf_plan *out, calf_error *err)
{
    memset(out, 0, sizeof(*out));
    rowctx x = {csv, 0, {0}};
    for (int c = 0; c < C_N; c++)
        x.col[c] = calf_csv_find(csv, calf_plan_columns[c]);
    int rc;
    if ((rc = calf_csv_require(csv, "day", &x.col[C_DAY], err)) ||
        (rc = calf_csv_require(csv, "kind", &x.col[C_KIND], err)))
        return rc;
    for (size_t r = 0; r < csv->nrows; r++) {
        x.r = r;
        rc = parse_row(&x, m, out, err);
        if (rc) {
            calf_plan_free(out);
            return rc;
        }
    }
    for (int d = 0; d < out->days; d++)
        for (int i = 0; i < out->day[d].n; i++) {
            rc = calf_session_validate(&out->day[d].s[i], err);
            if (rc) {
                calf_error_prefix(err, csv->name);
                calf_plan_free(out);
                return rc;
            }
        }
    calf_plan_prog_alloc(out);
    return CALF_OK;
}

void calf_plan_prog_alloc(calf_plan *p)
{
    /* without this storage the plan is replayed day by day */
    p->prog = p->days > 0 ? calloc(1, sizeof(*p->prog)) : NULL;
    if (p->prog) {
        p->prog->day = calloc((size_t)p->days, sizeof(*p->prog->day));
        p->prog->rep = calloc(2 * (size_t)p->days, sizeof(*p->prog->rep));
        if (!p->prog->day || !p->prog->rep) {
            free(p->prog->day);
            free(p->prog->rep);
            free(p->prog);
            p->prog = NULL;
        }
    }
}

/* A plan file names only plan columns: a misspelt "stop_at_pian" would
 * otherwise drop the stop rule without a word. */
static int known_columns(const calf_csv *csv, calf_error *err)
{
    /* a first line with no plan column at all is not a plan's header: its
     * cells (perhaps another file's content) are not quoted */
    int any = 0;
    for (size_t c = 0; c < csv->ncols && !any; c++)
        for (int k = 0; calf_plan_columns[k] && !any; k++)
            any = strcmp(calf_csv_header(csv, c)->text, calf_plan_columns[k]) == 0;
    if (!any && csv->ncols > 0)
        return calf_error_set(err, CALF_EINPUT,
                              "%s:%d: no plan column in the first line (%zu columns, none of "
                              "day, kind, ...): is it the right kind of file?",
                              csv->name, calf_csv_header(csv, 0)->line, csv->ncols);
    for (size_t c = 0; c < csv->ncols; c++) {
        const calf_csv_cell *h = calf_csv_header(csv, c);
        const char *best = NULL;
        int bestd = (int)(strlen(h->text) / 3) + 2; /* suggest within about a third */
        for (int k = 0; calf_plan_columns[k]; k++) {
            int d = calf_edit_distance(h->text, calf_plan_columns[k]);
            if (d == 0) {
                best = NULL;
                bestd = -1;
                break;
            }
            if (d < bestd) {
                bestd = d;
                best = calf_plan_columns[k];
            }
        }
        if (bestd < 0)
            continue;
        char list[256];
        calf_join_list(list, sizeof(list), calf_plan_columns, NULL);
        return calf_error_set(err, CALF_EINPUT,
                              "%s:%d:%d: unknown column \"%.60s\"%s%s%s; allowed: %s", csv->name,
                              h->line, h->col, h->text, best ? " (did you mean " : "",
                              best ? best : "", best ? "?)" : "", list);
    }
    return CALF_OK;
}

int calf_plan_read(const char *path, const calf_model *m, calf_plan *out, calf_error *err)
{
    calf_csv *csv = NULL;
    int rc = calf_csv_read(path, &csv, err);
    if (rc)
        return rc;
    /* unknown columns first: a misspelt "kms" is named as such, not
     * reported as a missing "km" */
    rc = known_columns(csv, err);
    if (!rc)
        rc = calf_plan_from_csv(csv, m, out, err);
    if (!rc && out->days == 0) {
        rc = calf_error_set(err, CALF_EINPUT, "%s: the plan has no rows", path);
        calf_plan_free(out);
    }
    calf_csv_free(csv);
    return rc;
}

void calf_plan_free(calf_plan *p)
{
    if (p->prog) {
        free(p->prog->day);
        free(p->prog->rep);
        free(p->prog);
        p->prog = NULL;
    }
    free(p->day);
    p->day = NULL;
    p->days = 0;
}

static int plan_day(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    (void)err;
    calf_plan *p = ud;
    out->n = 0;
    if (obs->day < 1 || obs->day > p->days)
        return CALF_OK;
    calf_plan_day *d = &p->day[obs->day - 1];
    out->n = d->n;
    for (int i = 0; i < d->n; i++)
        out->s[i] = &d->s[i];
    return CALF_OK;
}

calf_planner calf_plan_planner(calf_plan *p)
{
    calf_planner pl = {plan_day, p};
    return pl;
}

int calf_planner_reads_day_only(const calf_planner *pl)
{
    return pl->plan_day == plan_day;
}

calf_plan *calf_planner_plan(const calf_planner *pl)
{
    return pl->plan_day == plan_day ? pl->ud : NULL;
}

static void day_plan_of(calf_plan *p, int d, calf_day_plan *out)
{
    out->n = p->day[d].n;
    for (int i = 0; i < out->n; i++)
        out->s[i] = &p->day[d].s[i];
}

/* Whether two plan days hold the same sessions as far as compiling reads
 * them (every field), byte for byte. */
static int same_day(const calf_plan_day *a, const calf_plan_day *b)
{
    if (a->n != b->n)
        return 0;
    for (int i = 0; i < a->n; i++)
        if (memcmp(&a->s[i], &b->s[i], sizeof(calf_session)) != 0)
            return 0;
    return 1;
}

/* A hash of what same_day compares, a word at a time. */
static uint64_t day_hash(const calf_plan_day *d)
{
    const size_t len = sizeof(calf_session);
    uint64_t h = 1469598103934665603ULL ^ (uint64_t)d->n;
    for (int i = 0; i < d->n; i++) {
        const unsigned char *b = (const unsigned char *)&d->s[i];
        for (size_t k = 0; k < len; k += 8) {
            uint64_t w = 0;
            memcpy(&w, b + k, len - k < 8 ? len - k : 8);
            h = (h ^ w) * 1099511628211ULL;
            h ^= h >> 29;
        }
    }
    return h;
}

/* The model-independent part of compiling: rep, gait and max_week. */
static int prepare(calf_plan *p, calf_plan_prog *g)
{
    uint64_t *hash = malloc((size_t)p->days * sizeof(*hash));
    if (!hash)
        return 0;
    g->gait = 0;
    g->max_week = 0;
    g->uniq = g->rep + p->days;
    g->nuniq = 0;
    for (int d = 0; d < p->days; d++) {
        const calf_plan_day *pd = &p->day[d];
        hash[d] = day_hash(pd);
        g->rep[d] = d;
        for (int u = 0; u < g->nuniq; u++) {
            const int j = g->uniq[u];
            if (hash[j] == hash[d] && same_day(&p->day[j], pd)) {
                g->rep[d] = j;
                break;
            }
        }
        if (g->rep[d] == d)
            g->uniq[g->nuniq++] = d;
        for (int i = 0; i < pd->n; i++)
            if (pd->s[i].kind == CALF_K_GAIT)
                g->gait = 1; /* later loads depend on the gait: not compiled */
        double week = 0;
        for (int j = d; j >= 0 && j > d - 7; j--)
            for (int i = 0; i < p->day[j].n; i++) {
                const calf_session *s = &p->day[j].s[i];
                if (s->kind == CALF_K_RUN)
                    for (int k = 0; k < s->nseg; k++)
                        if (!s->seg[k].walk)
                            week += s->seg[k].km;
            }
        if (week > g->max_week)
            g->max_week = week;
    }
    free(hash);
    g->prepared = 1;
    return 1;
}

const calf_plan_prog *calf_plan_compiled(calf_plan *p, const calf_model *m)
{
    calf_plan_prog *g = p->prog;
    if (!g || (p->days > 0 && (!g->day || !g->rep)))
        return NULL;
    if (g->uid == m->uid)
        return g->tek < 0 ? NULL : g;
    if (!g->prepared && !prepare(p, g))
        return NULL;
    int tek = 0;
    if (g->gait) {
        tek = -1;
    } else {
        calf_state st0;
        calf_model_initial_state(m, &st0);
        for (int u = 0; u < g->nuniq; u++) { /* the other days repeat these */
            const int d = g->uniq[u];
            calf_day_plan dp;
            day_plan_of(p, d, &dp);
            if (!tek && calf_model_plan_trains_tek(&dp))
                tek = 1;
            (void)calf_model_prog_compile(m, &st0, &dp, &g->day[d]);
        }
    }
    g->tek = tek;
    /* The run km done never exceeds the planned km (a stop only shortens a
     * segment; a plan CSV has no skip or shorten rules): with a margin far
     * above rounding, a plan whose weeks stay below the goal cannot reach it. */
    g->goal_possible = g->max_week * (1.0 + 1e-6) + 1e-9 >= m->pt.goal_km_per_week - 1e-9;
    g->uid = m->uid;
    return tek < 0 ? NULL : g;
}
