/*
 * explain.c: the counterfactual explanation of one day (explain.h). The day
 * is captured by re-running the simulation with a wrapping planner that
 * copies the start-of-day state (through the oracle hook) and the sessions
 * the engine ran. Each of the 256 coalitions of the eight factors is then one
 * call of calf_model_day on a copied state with copied, modified sessions;
 * exact Shapley values share the difference between the day and the
 * all-reference day among the factors. Also the wording of the paragraph,
 * the JSON object and the bar-chart data.
 */
#include "explain.h"
#include "util.h"

#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#define P(id) (m->par.v[CALF_P_##id])
#define NCOAL (1u << CALF_XF_COUNT)

const char *const calf_explain_factor_names[CALF_XF_COUNT] = {
    "distance", "speed", "gait", "fatigue", "sensitisation", "damage", "capacity", "neural"};
const char *const calf_explain_factor_labels[CALF_XF_COUNT] = {
    "distance",           "speed",    "step rate and gait", "acute fatigue", "sensitisation",
    "accumulated damage", "capacity", "neural mobility"};
const char *const calf_explain_quantity_names[CALF_XQ_COUNT] = {"pain_during", "pain_morning",
                                                                "dose"};

double calf_explain_ref_km(const calf_model *m)
{
    if (!isnan(m->pt.onset_km))
        return m->pt.onset_km;
    if (!isnan(m->pt.easy_free_km))
        return P(ONSET_FREE) * m->pt.easy_free_km;
    return m->pt.km_per_week / m->pt.runs_per_week;
}

/* ---- capture ---- */

typedef struct cap_ud {
    const calf_planner *inner;
    int oracle, day, captured;
    int last_rest, last_quality; /* day numbers, 0 = none */
    calf_explain_input *in;
} cap_ud;

/* The engine's declarative rules (skip with instead, shorten) on this
 * morning's pain, as the simulation applies them; the sessions are copied. */
static void rules_copy(const calf_day_plan *pl, double morning, int lost, calf_explain_input *in)
{
    in->n = 0;
    for (int k = 0; k < pl->n && in->n < CALF_MAX_SESSIONS; k++) {
        const calf_session *s = pl->s[k];
        int depth = 0;
        while (s && !isnan(s->skip_if_morning_pain) && morning > s->skip_if_morning_pain &&
               depth++ < 4)
            s = s->instead;
        if (!s || (lost && s->kind == CALF_K_RUN))
            continue; /* a day lost to an injury runs no run (sim.c) */
        calf_session *c = &in->s[in->n++];
        *c = *s;
        c->instead = NULL;
        if (!isnan(s->shorten_if_morning_pain) && morning > s->shorten_if_morning_pain &&
            (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK))
            for (int i = 0; i < c->nseg; i++)
                c->seg[i].km *= s->shorten_factor;
    }
}

static int cap_plan(void *ud, const calf_obs *obs, calf_day_plan *out, calf_error *err)
{
    cap_ud *c = ud;
    if (obs->day > 1) {
        double km = 0;
        int q = 0;
        for (int k = 0; k < obs->yesterday_n; k++)
            if (obs->yesterday[k].kind == CALF_K_RUN) {
                km += obs->yesterday[k].km_done;
                q += obs->yesterday[k].quality;
            }
        if (km <= 0)
            c->last_rest = obs->day - 1;
        if (q > 0)
            c->last_quality = obs->day - 1;
    }
    calf_obs o = *obs;
    if (!c->oracle)
        o.latent = NULL;
    int rc = c->inner->plan_day(c->inner->ud, &o, out, err);
    if (rc || obs->day != c->day)
        return rc;
    calf_explain_input *in = c->in;
    in->day = obs->day;
    in->st = *obs->latent;
    rules_copy(out, obs->morning_pain, obs->lost_days > 0, in);
    in->days_since_rest = c->last_rest ? obs->day - c->last_rest : 0;
    in->days_since_quality = c->last_quality ? obs->day - c->last_quality : 0;
    in->yesterday_quality = c->last_quality && c->last_quality == obs->day - 1;
    c->captured = 1;
    return CALF_OK;
}

int calf_explain_capture(const calf_model *m, const calf_planner *pl, int oracle, uint64_t seed,
                         int day, calf_explain_input *in, calf_error *err)
{
    if (day < 1)
        return calf_error_set(err, CALF_EUSAGE, "day = %d: allowed 1 or more", day);
    memset(in, 0, sizeof(*in));
    cap_ud c = {pl, oracle, day, 0, 0, 0, in};
    calf_planner w = {cap_plan, &c};
    calf_sim_opts opt = {day, 1, seed, 0};
    calf_summary sum;
    int rc = calf_sim_run(m, &w, &opt, NULL, &sum, err);
    if (rc)
        return rc;
    if (!c.captured)
        return calf_error_set(err, CALF_ENUMERIC, "day %d: the simulation did not reach it", day);
    return CALF_OK;
}

int calf_explain_worst_day(const calf_model *m, const calf_planner *pl, int oracle, uint64_t seed,
                           int days, int *day, double *pain, calf_error *err)
{
    calf_trace t = {0};
    calf_summary sum;
    calf_sim_opts opt = {days, oracle, seed, 0};
    int rc = calf_sim_run(m, pl, &opt, &t, &sum, err);
    if (rc) {
        calf_trace_free(&t);
        return rc;
    }
    int best = 1;
    double bp = -1;
    for (int i = 0; i < t.n; i++)
        if (t.rows[i].pain_during_max > bp) {
            bp = t.rows[i].pain_during_max;
            best = t.rows[i].day;
        }
    calf_trace_free(&t);
    *day = best;
    if (pain)
        *pain = bp;
    return CALF_OK;
}

/* ---- counterfactuals ---- */

static int is_running_seg(const calf_session *s, int i)
{
    return (s->kind == CALF_K_RUN || s->kind == CALF_K_WALK) && !s->seg[i].walk;
}

static double running_km(const calf_explain_input *in)
{
    double d = 0;
    for (int k = 0; k < in->n; k++)
        for (int i = 0; i < in->s[k].nseg; i++)
            if (is_running_seg(&in->s[k], i))
                d += in->s[k].seg[i].km;
    return d;
}

static double ref_km_of(const calf_model *m, const calf_explain_opts *o)
{
    return (o && !isnan(o->ref_km)) ? o->ref_km : calf_explain_ref_km(m);
}

#define HAS(mask, f) (((mask) >> (f)) & 1u)

/* The day with the factors not in actual_mask at their reference values. */
static int run_variant(const calf_model *m, const calf_explain_input *in, double ref_km,
                       unsigned mask, double out[CALF_XQ_COUNT], calf_day_result *res_out,
                       calf_error *err)
{
    calf_state st = in->st;
    calf_session s[CALF_MAX_SESSIONS];
    calf_day_plan plan;
    plan.n = in->n;
    double d_run = running_km(in);
    double scale = d_run > 0 ? ref_km / d_run : 1.0;
    const calf_patient *pt = &m->pt;
    for (int k = 0; k < in->n; k++) {
        s[k] = in->s[k];
        calf_session *c = &s[k];
        for (int i = 0; i < c->nseg; i++) {
            if (!is_running_seg(c, i))
                continue;
            if (!HAS(mask, CALF_XF_DISTANCE))
                c->seg[i].km *= scale;
            if (!HAS(mask, CALF_XF_SPEED))
                c->seg[i].kmh = pt->easy_kmh;
        }
        if (!HAS(mask, CALF_XF_GAIT)) {
            if (c->kind == CALF_K_RUN || c->kind == CALF_K_WALK) {
                c->step_rate = 1.0;
                c->strike = pt->strike;
            } else if (c->kind == CALF_K_GAIT) {
                if (!isnan(c->gait_step_rate))
                    c->gait_step_rate = 1.0;
                if (!isnan(c->gait_overstride))
                    c->gait_overstride = pt->overstride;
                if (c->gait_strike >= 0)
                    c->gait_strike = pt->strike;
            }
        }
        plan.s[k] = c;
    }
    if (!HAS(mask, CALF_XF_GAIT)) {
        st.step_rate = 1.0;
        st.overstride = pt->overstride;
        st.strike = pt->strike;
    }
    if (!HAS(mask, CALF_XF_FATIGUE))
        st.Fa = 0;
    if (!HAS(mask, CALF_XF_SENSITISATION))
        st.Z = 1;
    if (!HAS(mask, CALF_XF_DAMAGE))
        st.D = P(D_EQ);
    if (!HAS(mask, CALF_XF_CAPACITY))
        st.C = m->c_h;
    if (!HAS(mask, CALF_XF_NEURAL))
        st.N = 1;
    calf_day_result res;
    int rc = calf_model_day(m, &st, &plan, &res, err);
    if (rc)
        return rc;
    out[CALF_XQ_PAIN_DURING] = res.pain_during;
    out[CALF_XQ_PAIN_MORNING] = calf_model_pain(m, &st);
    out[CALF_XQ_DOSE] = res.dose;
    if (res_out)
        *res_out = res;
    return CALF_OK;
}

int calf_explain_counterfactual(const calf_model *m, const calf_explain_input *in,
                                const calf_explain_opts *o, unsigned actual_mask,
                                double out[CALF_XQ_COUNT], calf_error *err)
{
    return run_variant(m, in, ref_km_of(m, o), actual_mask & (NCOAL - 1), out, NULL, err);
}

static int popcount8(unsigned x)
{
    int n = 0;
    for (; x; x >>= 1)
        n += (int)(x & 1u);
    return n;
}

int calf_explain_compute(const calf_model *m, const calf_explain_input *in,
                         const calf_explain_opts *o, calf_explanation *x, calf_error *err)
{
    memset(x, 0, sizeof(*x));
    double ref_km = ref_km_of(m, o);
    if (!(ref_km >= 0) || !isfinite(ref_km))
        return calf_error_set(err, CALF_EUSAGE, "reference km = %g: allowed 0 or more", ref_km);
    double(*f)[CALF_XQ_COUNT] = malloc(sizeof(double[CALF_XQ_COUNT]) * NCOAL);
    if (!f)
        return calf_error_set(err, CALF_EIO, "explain: out of memory");
    calf_day_result res;
    int rc = CALF_OK;
    for (unsigned s = 0; s < NCOAL && !rc; s++)
        rc = run_variant(m, in, ref_km, s, f[s], s == NCOAL - 1 ? &res : NULL, err);
    if (rc) {
        free(f);
        calf_error_prefix(err, "explain");
        return rc;
    }
    /* Shapley weight of a coalition of size k among n players: k!(n-k-1)!/n! */
    const int n = CALF_XF_COUNT;
    double w[CALF_XF_COUNT];
    for (int k = 0; k < n; k++) {
        double num = 1;
        for (int i = 2; i <= k; i++)
            num *= i;
        for (int i = 2; i <= n - k - 1; i++)
            num *= i;
        double den = 1;
        for (int i = 2; i <= n; i++)
            den *= i;
        w[k] = num / den;
    }
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        x->value[q] = f[NCOAL - 1][q];
        x->reference[q] = f[0][q];
        for (int i = 0; i < n; i++) {
            double phi = 0;
            for (unsigned s = 0; s < NCOAL; s++) {
                if (HAS(s, i))
                    continue;
                phi += w[popcount8(s)] * (f[s | (1u << i)][q] - f[s][q]);
            }
            x->contrib[q][i] = phi;
        }
    }
    free(f);

    /* the factors' values */
    x->day = in->day;
    double d_run = running_km(in), top = 0, sr = NAN;
    for (int k = 0; k < in->n; k++) {
        const calf_session *s = &in->s[k];
        for (int i = 0; i < s->nseg; i++)
            if (is_running_seg(s, i) && s->seg[i].km > 0) {
                if (s->seg[i].kmh > top)
                    top = s->seg[i].kmh;
                if (isnan(sr))
                    sr = s->step_rate != 0 ? s->step_rate : in->st.step_rate;
            }
    }
    x->actual[CALF_XF_DISTANCE] = d_run;
    x->ref[CALF_XF_DISTANCE] = d_run > 0 ? ref_km : 0;
    x->actual[CALF_XF_SPEED] = d_run > 0 ? top : NAN;
    x->ref[CALF_XF_SPEED] = m->pt.easy_kmh;
    x->actual[CALF_XF_GAIT] = isnan(sr) ? in->st.step_rate : sr;
    x->ref[CALF_XF_GAIT] = 1.0;
    x->actual[CALF_XF_FATIGUE] = in->st.Fa;
    x->ref[CALF_XF_FATIGUE] = 0;
    x->actual[CALF_XF_SENSITISATION] = in->st.Z;
    x->ref[CALF_XF_SENSITISATION] = 1;
    x->actual[CALF_XF_DAMAGE] = in->st.D;
    x->ref[CALF_XF_DAMAGE] = P(D_EQ);
    x->actual[CALF_XF_CAPACITY] = in->st.C / m->c_h;
    x->ref[CALF_XF_CAPACITY] = 1;
    x->actual[CALF_XF_NEURAL] = in->st.N;
    x->ref[CALF_XF_NEURAL] = 1;

    /* context */
    x->run_km = res.run_km;
    x->walk_km = res.walk_km;
    x->top_kmh = top;
    x->sessions = in->n;
    double peak = -1;
    for (int k = 0; k < res.n; k++) {
        const calf_session_result *r = &res.s[k];
        if (r->kind == CALF_K_RUN) {
            x->runs++;
            x->stopped += r->stopped;
            x->quality += r->quality;
            if (r->pain_max > peak) {
                peak = r->pain_max;
                x->km_at_peak = r->km_done;
            }
        }
    }
    x->pain_morning_before = calf_model_pain(m, &in->st);
    x->days_since_rest = in->days_since_rest;
    x->days_since_quality = in->days_since_quality;
    x->yesterday_quality = in->yesterday_quality;
    return CALF_OK;
}

void calf_explain_rank(const calf_explanation *x, int q, int order[CALF_XF_COUNT])
{
    for (int i = 0; i < CALF_XF_COUNT; i++)
        order[i] = i;
    for (int i = 1; i < CALF_XF_COUNT; i++) /* stable insertion sort */
        for (int j = i; j > 0 && fabs(x->contrib[q][order[j]]) > fabs(x->contrib[q][order[j - 1]]);
             j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

/* ---- wording ---- */

typedef struct tbuf {
    char *p;
    size_t n, len;
} tbuf;

static void add(tbuf *b, const char *fmt, ...) CALF_PRINTF(2, 3);
static void add(tbuf *b, const char *fmt, ...)
{
    if (b->len + 1 >= b->n)
        return;
    va_list ap;
    va_start(ap, fmt);
    int k = vsnprintf(b->p + b->len, b->n - b->len, fmt, ap);
    va_end(ap);
    if (k > 0)
        b->len = (b->len + (size_t)k < b->n) ? b->len + (size_t)k : b->n - 1;
}

static const char *small_number(int k)
{
    static const char *const w[] = {"zero", "one", "two", "three", "four", "five", "six"};
    return (k >= 0 && k <= 6) ? w[k] : NULL;
}

static void days_phrase(tbuf *b, int k)
{
    const char *w = small_number(k);
    if (w)
        add(b, "%s day%s", w, k == 1 ? "" : "s");
    else
        add(b, "%d days", k);
}

/* Factor f by its label, then what it was that day in plain words. */
static void factor_phrase(tbuf *b, const calf_model *m, const calf_explanation *x, int f)
{
    const double *a = x->actual, *r = x->ref;
    add(b, "%s (", calf_explain_factor_labels[f]);
    switch (f) {
    case CALF_XF_DISTANCE:
        add(b, "running %.1f km against the reference %.1f km", a[f], r[f]);
        break;
    case CALF_XF_SPEED:
        if (isnan(a[f]))
            add(b, "no running");
        else
            add(b, "running at %.1f km/h against the easy %.1f km/h", a[f], m->pt.easy_kmh);
        break;
    case CALF_XF_GAIT:
        if (fabs(a[f] - 1.0) > 1e-9)
            add(b, "step rate %+.0f%% of preferred", 100.0 * (a[f] - 1.0));
        else
            add(b, "foot strike and overstride against intake");
        break;
    case CALF_XF_FATIGUE:
        if (x->yesterday_quality)
            add(b, "the day after a quality session");
        else if (x->days_since_quality > 1 && x->days_since_quality <= 3) {
            days_phrase(b, x->days_since_quality);
            add(b, " after a quality session");
        } else if (x->days_since_rest == 1)
            add(b, "the day after a running-free day");
        else if (x->days_since_rest > 1) {
            add(b, "last running-free day ");
            days_phrase(b, x->days_since_rest);
            add(b, " before");
        } else
            add(b, "no running-free day so far");
        if (x->yesterday_quality || (x->days_since_quality > 1 && x->days_since_quality <= 3)) {
            if (x->days_since_rest == 1)
                add(b, ", after a running-free day");
            else if (x->days_since_rest > 1) {
                add(b, ", last running-free day ");
                days_phrase(b, x->days_since_rest);
                add(b, " before");
            }
        }
        break;
    case CALF_XF_SENSITISATION:
        add(b, "the calf reacting %.1f times as strongly as a healthy one", a[f]);
        break;
    case CALF_XF_DAMAGE:
        add(b, "%.2f against %.2f at equilibrium", a[f], r[f]);
        break;
    case CALF_XF_CAPACITY:
        add(b, "%.0f%% of healthy", 100.0 * a[f]);
        break;
    default:
        add(b, "%.0f%% of normal", 100.0 * a[f]);
        break;
    }
    add(b, ")");
}

/* Share of factor f in what moved quantity q away from the reference, in
 * percent: its contribution over the sum of the contributions pushing the
 * same way (those pulling the other way are told apart, in points). */
static double share_of(const calf_explanation *x, int q, int f)
{
    double diff = x->value[q] - x->reference[q], sgn = diff > 0 ? 1 : -1, tot = 0;
    for (int i = 0; i < CALF_XF_COUNT; i++)
        if (sgn * x->contrib[q][i] > 0)
            tot += sgn * x->contrib[q][i];
    return tot > 0 ? 100.0 * sgn * x->contrib[q][f] / tot : 0;
}

static int stands_out(const calf_explanation *x, int q)
{
    double diff = x->value[q] - x->reference[q];
    double eps = q == CALF_XQ_DOSE ? 1e-9 + 0.01 * fabs(x->reference[q]) : 0.05;
    return fabs(diff) >= eps;
}

/* "of what raised it, most (55%) came from X, then 25% from Y and 12% from
 * Z." plus, when detailed, the largest factor pulling the other way. */
static void split_sentence(tbuf *b, const calf_model *m, const calf_explanation *x, int q,
                           int detailed)
{
    if (!stands_out(x, q)) {
        add(b, "about what a reference day gives; no factor stands out.");
        return;
    }
    double diff = x->value[q] - x->reference[q];
    double sgn = diff > 0 ? 1 : -1;
    int ord[CALF_XF_COUNT];
    calf_explain_rank(x, q, ord);
    int shown = 0;
    for (int i = 0; i < CALF_XF_COUNT && shown < 3; i++) {
        int f = ord[i];
        if (sgn * x->contrib[q][f] <= 0)
            continue;
        double share = share_of(x, q, f);
        if (shown > 0 && share < 10)
            break;
        if (shown == 0)
            add(b, "of what %s it, %s (%.0f%%) came from ", sgn > 0 ? "raised" : "lowered",
                share > 50 ? "most" : "the largest part", share);
        else
            add(b, "%s%.0f%% from ", shown == 1 ? ", then " : " and ", share);
        if (detailed)
            factor_phrase(b, m, x, f);
        else
            add(b, "%s", calf_explain_factor_labels[f]);
        shown++;
    }
    add(b, ".");
    if (!detailed)
        return;
    for (int i = 0; i < CALF_XF_COUNT; i++) {
        int f = ord[i];
        double c = x->contrib[q][f];
        if (sgn * c < 0 && fabs(c) >= 0.05) {
            add(b, " Pulling the other way, ");
            factor_phrase(b, m, x, f);
            add(b, " %s it by %.1f point%s.", c < 0 ? "lowered" : "raised", fabs(c),
                fabs(c) >= 0.95 && fabs(c) < 1.05 ? "" : "s");
            break;
        }
    }
}

void calf_explain_text(const calf_model *m, const calf_explanation *x, char *buf, size_t n)
{
    tbuf b = {buf, n, 0};
    if (n == 0)
        return;
    buf[0] = '\0';
    const double *v = x->value, *r = x->reference;
    add(&b, "Day %d: ", x->day);
    if (x->sessions == 0 || (x->runs == 0 && v[CALF_XQ_PAIN_DURING] <= 0)) {
        add(&b, "no running that day (pain during %.1f/10; this morning %.1f/10). ",
            v[CALF_XQ_PAIN_DURING], x->pain_morning_before);
    } else {
        add(&b, "pain during reached %.1f/10", v[CALF_XQ_PAIN_DURING]);
        if (x->runs > 0)
            add(&b, " at %.1f km", x->km_at_peak);
        if (x->stopped)
            add(&b, " (the run was stopped by its pain rule)");
        add(&b, "; this morning it was %.1f/10. ", x->pain_morning_before);
        if (x->actual[CALF_XF_DISTANCE] > 0)
            add(&b,
                "A reference day (the same sessions with %.1f km of running at the easy "
                "%.1f km/h and preferred step rate, ",
                x->ref[CALF_XF_DISTANCE], m->pt.easy_kmh);
        else
            add(&b, "A reference day (the same sessions ");
        add(&b,
            "by a rested, unsensitised, undamaged calf of healthy capacity and normal neural "
            "mobility, with the same irritation carried over) would have reached %.1f/10. ",
            r[CALF_XQ_PAIN_DURING]);
        if (stands_out(x, CALF_XQ_PAIN_DURING)) {
            size_t at = b.len;
            split_sentence(&b, m, x, CALF_XQ_PAIN_DURING, 1);
            if (at < b.len && buf[at] == 'o')
                buf[at] = 'O'; /* the sentence starts here */
        } else {
            add(&b, "That is ");
            split_sentence(&b, m, x, CALF_XQ_PAIN_DURING, 1);
        }
        add(&b, " ");
    }
    add(&b, "Next-morning pain %.1f/10 (reference %.1f): ", v[CALF_XQ_PAIN_MORNING],
        r[CALF_XQ_PAIN_MORNING]);
    split_sentence(&b, m, x, CALF_XQ_PAIN_MORNING, 0);
    if (v[CALF_XQ_DOSE] > 0 || r[CALF_XQ_DOSE] > 0) {
        add(&b, " Damage dose %.3g (reference %.3g): ", v[CALF_XQ_DOSE], r[CALF_XQ_DOSE]);
        split_sentence(&b, m, x, CALF_XQ_DOSE, 0);
    }
    add(&b, " These are the model's contributions under its stated assumptions, not "
            "measurements.");
}

/* ---- JSON and chart data ---- */

void calf_explain_write_json(FILE *fp, const calf_model *m, const calf_explanation *x,
                             const char *source, const char *head)
{
    char text[4096];
    calf_explain_text(m, x, text, sizeof(text));
    fputs("{\n", fp);
    if (head)
        fputs(head, fp);
    fputs("  \"day\": ", fp);
    fprintf(fp, "%d,\n  \"source\": ", x->day);
    calf_json_string(fp, source);
    fputs(",\n  \"patient\": ", fp);
    calf_json_string(fp, m->pt.name);
    fputs(",\n  \"method\": \"exact Shapley values over 8 factors from 256 one-day "
          "counterfactuals\",\n",
          fp);
    fputs("  \"quantities\": {\n", fp);
    for (int q = 0; q < CALF_XQ_COUNT; q++) {
        int ord[CALF_XF_COUNT];
        calf_explain_rank(x, q, ord);
        fprintf(fp, "    \"%s\": {\"value\": ", calf_explain_quantity_names[q]);
        calf_json_number(fp, x->value[q], 10);
        fputs(", \"reference\": ", fp);
        calf_json_number(fp, x->reference[q], 10);
        fputs(", \"top_factor\": ", fp);
        if (x->value[q] != x->reference[q])
            calf_json_string(fp, calf_explain_factor_names[ord[0]]);
        else
            fputs("null", fp);
        fputs(", \"contributions\": {", fp);
        for (int i = 0; i < CALF_XF_COUNT; i++) {
            fprintf(fp, "%s\"%s\": ", i ? ", " : "", calf_explain_factor_names[i]);
            calf_json_number(fp, x->contrib[q][i], 10);
        }
        fprintf(fp, "}}%s\n", q + 1 < CALF_XQ_COUNT ? "," : "");
    }
    fputs("  },\n  \"factors\": {\n", fp);
    for (int i = 0; i < CALF_XF_COUNT; i++) {
        fprintf(fp, "    \"%s\": {\"label\": ", calf_explain_factor_names[i]);
        calf_json_string(fp, calf_explain_factor_labels[i]);
        fputs(", \"actual\": ", fp);
        calf_json_number(fp, x->actual[i], 10);
        fputs(", \"reference\": ", fp);
        calf_json_number(fp, x->ref[i], 10);
        fprintf(fp, "}%s\n", i + 1 < CALF_XF_COUNT ? "," : "");
    }
    fputs("  },\n  \"context\": {\"run_km\": ", fp);
    calf_json_number(fp, x->run_km, 10);
    fputs(", \"walk_km\": ", fp);
    calf_json_number(fp, x->walk_km, 10);
    fputs(", \"km_at_peak\": ", fp);
    calf_json_number(fp, x->km_at_peak, 10);
    fputs(", \"top_kmh\": ", fp);
    calf_json_number(fp, x->top_kmh, 10);
    fputs(", \"pain_this_morning\": ", fp);
    calf_json_number(fp, x->pain_morning_before, 10);
    fprintf(fp,
            ", \"sessions\": %d, \"runs\": %d, \"runs_stopped\": %d, \"quality_runs\": %d, "
            "\"days_since_rest\": %d, \"days_since_quality\": %d},\n",
            x->sessions, x->runs, x->stopped, x->quality, x->days_since_rest,
            x->days_since_quality);
    fputs("  \"text\": ", fp);
    calf_json_string(fp, text);
    fputs(",\n  \"caveat\": \"Model contributions under stated assumptions, not measurements or "
          "a patient's real risk.\"\n}\n",
          fp);
}

void calf_explain_write_dat(FILE *fp, const calf_explanation *x)
{
    fputs("# calfsim explain: Shapley contributions per factor\n", fp);
    fputs("# label pain_during pain_morning\n", fp);
    for (int i = 0; i < CALF_XF_COUNT; i++)
        fprintf(fp, "\"%s\" %.10g %.10g\n", calf_explain_factor_labels[i],
                x->contrib[CALF_XQ_PAIN_DURING][i], x->contrib[CALF_XQ_PAIN_MORNING][i]);
}
