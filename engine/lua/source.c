/*
 * source.c: protocol and plan sources for sweeps, cohorts and studies
 * (source.h). A protocol source keeps the path, options and parameter
 * overrides and opens one sandboxed protocol per instance; a plan source
 * keeps the parsed plan and gives each instance its own copy.
 */
#include "source.h"

#include <stdlib.h>
#include <string.h>

#include "plan_csv.h"
#include "protocol.h"
#include "util.h"

#define MAX_OVERRIDES CALF_PROTOCOL_MAX_PARAMS

struct calf_source {
    int is_plan;
    char path[4096], name[128], lib_dir[4096];
    calf_source_opts opts;
    calf_protocol *proto; /* opened once: checks and metadata */
    int nset;
    char set_name[MAX_OVERRIDES][64];
    double set_value[MAX_OVERRIDES];
    calf_plan plan;
};

struct calf_source_inst {
    const calf_source *src;
    calf_protocol *proto;
    calf_plan plan;
};

static int ends_with(const char *s, const char *suf)
{
    size_t a = strlen(s), b = strlen(suf);
    return a >= b && strcmp(s + a - b, suf) == 0;
}

static int open_proto(const calf_source *s, calf_protocol **out, calf_error *err)
{
    calf_protocol_opts po = {0};
    po.mem_limit = s->opts.mem_limit;
    po.budget = s->opts.budget;
    po.seed = s->opts.seed;
    po.verbose = s->opts.verbose;
    po.no_hints = s->opts.no_hints;
    po.lib_dir = s->lib_dir[0] ? s->lib_dir : NULL;
    int rc = calf_protocol_open(out, s->path, &po, err);
    for (int i = 0; !rc && i < s->nset; i++)
        rc = calf_protocol_set_param(*out, s->set_name[i], s->set_value[i], err);
    if (rc && *out) {
        calf_protocol_close(*out);
        *out = NULL;
    }
    return rc;
}

int calf_source_open(calf_source **out, const char *path, const calf_model *base,
                     const calf_source_opts *opts, calf_error *err)
{
    *out = NULL;
    calf_source *s = calloc(1, sizeof(*s));
    if (!s)
        return calf_error_set(err, CALF_EIO, "source: out of memory");
    if (opts)
        s->opts = *opts;
    snprintf(s->path, sizeof(s->path), "%s", path);
    calf_path_stem(path, s->name, sizeof(s->name));
    int rc;
    if (ends_with(path, ".lua")) {
        if (s->opts.lib_dir) {
            snprintf(s->lib_dir, sizeof(s->lib_dir), "%s", s->opts.lib_dir);
        } else {
            const char *sl = strrchr(path, '/');
            int dl = sl ? (int)(sl - path) : 1;
            snprintf(s->lib_dir, sizeof(s->lib_dir), "%.*s/lib", dl, sl ? path : ".");
        }
        rc = open_proto(s, &s->proto, err);
        if (!rc)
            snprintf(s->name, sizeof(s->name), "%s", calf_protocol_name(s->proto));
    } else {
        s->is_plan = 1;
        rc = calf_plan_read(path, base, &s->plan, err);
    }
    if (rc) {
        calf_source_close(s);
        return rc;
    }
    *out = s;
    return CALF_OK;
}

int calf_source_open_plan_text(calf_source **out, const char *name, const char *text, size_t len,
                               const calf_model *base, calf_error *err)
{
    *out = NULL;
    calf_source *s = calloc(1, sizeof(*s));
    if (!s)
        return calf_error_set(err, CALF_EIO, "source: out of memory");
    s->is_plan = 1;
    snprintf(s->path, sizeof(s->path), "%s", name);
    snprintf(s->name, sizeof(s->name), "%s", name);
    calf_csv *csv = NULL;
    int rc = calf_csv_parse(text, len, name, &csv, err);
    if (!rc)
        rc = calf_plan_from_csv(csv, base, &s->plan, err);
    calf_csv_free(csv);
    if (rc) {
        calf_source_close(s);
        return rc;
    }
    *out = s;
    return CALF_OK;
}

void calf_source_close(calf_source *s)
{
    if (!s)
        return;
    if (s->proto)
        calf_protocol_close(s->proto);
    calf_plan_free(&s->plan);
    free(s);
}

int calf_source_set(calf_source *s, const char *name, double v, calf_error *err)
{
    if (s->is_plan)
        return CALF_SOURCE_NOPARAM;
    calf_error e = {0};
    int rc = calf_protocol_set_param(s->proto, name, v, &e);
    if (rc == CALF_PROTOCOL_NOPARAM)
        return CALF_SOURCE_NOPARAM;
    if (rc) {
        if (err)
            *err = e;
        return rc;
    }
    for (int i = 0; i < s->nset; i++)
        if (strcmp(s->set_name[i], name) == 0) {
            s->set_value[i] = v;
            return CALF_OK;
        }
    if (s->nset >= MAX_OVERRIDES)
        return calf_error_set(err, CALF_EUSAGE, "%s: too many parameter overrides", s->path);
    snprintf(s->set_name[s->nset], sizeof(s->set_name[0]), "%s", name);
    s->set_value[s->nset++] = v;
    return CALF_OK;
}

const char *calf_source_name(const calf_source *s)
{
    return s->name;
}

const char *calf_source_path(const calf_source *s)
{
    return s->path;
}

uint64_t calf_source_hash(const calf_source *s, uint64_t h)
{
    h = calf_fnv1a(h, s->name, strlen(s->name));
    if (s->proto)
        h = calf_protocol_param_hash(s->proto, h);
    return h;
}

int calf_source_days(const calf_source *s)
{
    return s->is_plan ? s->plan.days : 0;
}

int calf_source_instance(const calf_source *s, calf_source_inst **out, calf_error *err)
{
    *out = NULL;
    calf_source_inst *in = calloc(1, sizeof(*in));
    if (!in)
        return calf_error_set(err, CALF_EIO, "source: out of memory");
    in->src = s;
    int rc = CALF_OK;
    if (s->is_plan) {
        in->plan.days = s->plan.days;
        if (s->plan.days > 0) {
            in->plan.day = malloc((size_t)s->plan.days * sizeof(calf_plan_day));
            if (!in->plan.day)
                rc = calf_error_set(err, CALF_EIO, "source: out of memory");
            else
                memcpy(in->plan.day, s->plan.day, (size_t)s->plan.days * sizeof(calf_plan_day));
            calf_plan_prog_alloc(&in->plan); /* this copy's own compiled days */
        }
    } else {
        rc = open_proto(s, &in->proto, err);
    }
    if (rc) {
        calf_source_instance_free(in);
        return rc;
    }
    *out = in;
    return CALF_OK;
}

int calf_source_bind(calf_source_inst *in, const calf_model *m, calf_planner *out, calf_error *err)
{
    if (in->proto)
        return calf_protocol_planner(in->proto, m, out, err);
    *out = calf_plan_planner(&in->plan);
    return CALF_OK;
}

void calf_source_reseed(calf_source_inst *in, uint64_t seed)
{
    if (in->proto)
        calf_protocol_reseed(in->proto, seed);
}

void calf_source_instance_free(calf_source_inst *in)
{
    if (!in)
        return;
    if (in->proto)
        calf_protocol_close(in->proto);
    calf_plan_free(&in->plan);
    free(in);
}

int calf_source_simulate(const calf_source *s, const calf_model *m, int days, calf_trace *trace,
                         calf_summary *sum, calf_error *err)
{
    calf_source_inst *in;
    int rc = calf_source_instance(s, &in, err);
    if (rc)
        return rc;
    calf_planner pl;
    calf_sim_opts opt = {days, 0, 0, 0};
    rc = calf_source_bind(in, m, &pl, err);
    if (!rc)
        rc = calf_sim_run(m, &pl, &opt, trace, sum, err);
    calf_source_instance_free(in);
    return rc;
}

/* ---- cohort factory ----------------------------------------------------- */

static int f_create(void *ud, int k, void **inst, calf_error *err)
{
    calf_source *const *srcs = ud;
    calf_source_inst *in;
    int rc = calf_source_instance(srcs[k], &in, err);
    *inst = rc ? NULL : in;
    return rc;
}

static int f_bind(void *ud, void *inst, const calf_model *m, calf_planner *out, calf_error *err)
{
    (void)ud;
    return calf_source_bind(inst, m, out, err);
}

static void f_reseed(void *ud, void *inst, uint64_t seed)
{
    (void)ud;
    calf_source_reseed(inst, seed);
}

static void f_destroy(void *ud, void *inst)
{
    (void)ud;
    calf_source_instance_free(inst);
}

calf_planner_factory calf_source_factory(calf_source *const *srcs)
{
    calf_planner_factory f = {f_create, f_bind, f_destroy, (void *)srcs, f_reseed};
    return f;
}
