/*
 * model_cache.c: filling the daily step's speed caches (model_cache.h) with
 * the kernel's equations (model_kernel.h): a session's segment loads, a
 * strength session's intensity numbers, the state's memo of running loads by
 * speed and gait, and the memo of the saturating stimuli.
 */
#include "model_cache.h"

void calf_cache_state_init(calf_state *st)
{
    st->dyn_key[0] = st->dyn_key[1] = st->dyn_key[2] = NAN; /* none yet */
    for (int i = 0; i < 5; i++) {
        st->memo_in[i] = 0;
        st->memo_out[i] = 0;
    }
}

double calf_cache_stimulus(const calf_model *m, calf_state *st, int slot, double sum)
{
    double v;
    int j = 0;
    while (j < 3 && st->memo_old_in[slot][j] != sum)
        j++;
    if (j < 3) {
        v = st->memo_old_out[slot][j];
    } else {
        v = stimulus_sat(&m->par, sum);
        j = st->memo_next[slot];
        st->memo_next[slot] = (j + 1) % 3;
    }
    st->memo_old_in[slot][j] = st->memo_in[slot];
    st->memo_old_out[slot][j] = st->memo_out[slot];
    st->memo_in[slot] = sum;
    st->memo_out[slot] = v;
    return v;
}

/* run_base through the state's memo: a plan's new sessions at speeds and gaits
 * already seen in this run reuse those loads (no pow()). */
static void run_base_memo(const calf_model *m, calf_state *st, double kmh, double sr, int strike,
                          double *f_base, double *n_km)
{
    const double os = st->overstride;
    for (int j = 0; j < st->rb_len; j++)
        if (st->rb_kmh[j] == kmh && st->rb_sr[j] == sr && st->rb_strike[j] == strike &&
            st->rb_os[j] == os) {
            *f_base = st->rb_f[j];
            *n_km = st->rb_n[j];
            return;
        }
    run_base(m, kmh, sr, strike, os, f_base, n_km);
    int j = st->rb_next;
    st->rb_next = (j + 1) % CALF_RUN_MEMO;
    if (st->rb_len < CALF_RUN_MEMO)
        st->rb_len++;
    st->rb_kmh[j] = kmh;
    st->rb_sr[j] = sr;
    st->rb_strike[j] = strike;
    st->rb_os[j] = os;
    st->rb_f[j] = *f_base;
    st->rb_n[j] = *n_km;
}

/* A segment's cache key: its speed, negated for a walking segment. */
static inline double seg_key(const calf_segment *g)
{
    return g->walk ? -g->kmh : g->kmh;
}

/* Make s's cache current for tag and the keys k0, k1, k2 (cache_owner and
 * cache_key). */
static void cache_current(calf_session *s, const void *tag, double k0, double k1, double k2)
{
    s->cache_owner = tag;
    s->cache_key[0] = k0;
    s->cache_key[1] = k1;
    s->cache_key[2] = k2;
}

/* Record what s's cache was filled for: tag, the keys k0, k1, k2 and fill_n
 * segments. */
static void fill_record(calf_session *s, const void *tag, double k0, double k1, double k2,
                        int fill_n)
{
    s->fill_owner = tag;
    s->fill_key[0] = k0;
    s->fill_key[1] = k1;
    s->fill_key[2] = k2;
    s->fill_n = fill_n;
}

/* Whether s's segment cache holds what calf_cache_fill_segments would write
 * for tag and the gait keys sr, strike and os, though cache_owner was
 * cleared: it was filled for them and for s's segments (their speeds and
 * kinds, kept as the segment keys, which tell walking from running by their
 * sign, so only positive speeds are recognised). */
static int segments_filled(const calf_session *s, const void *tag, double sr, double strike,
                           double os)
{
    const int nseg = s->nseg;
    if (s->fill_owner != tag || s->fill_key[0] != sr || s->fill_key[1] != strike ||
        s->fill_key[2] != os || nseg > s->fill_n)
        return 0;
    for (int i = 0; i < nseg; i++)
        if (!(s->seg[i].kmh > 0) || s->cache[i].key != seg_key(&s->seg[i]))
            return 0;
    return 1;
}

void calf_cache_fill_segments(const calf_model *m, calf_state *st, calf_session *s, double sr,
                              int strike, const void *tag)
{
    const double k1 = (double)strike, os = st->overstride;
    if (!segments_filled(s, tag, sr, k1, os)) {
        for (int i = 0; i < s->nseg; i++) {
            calf_seg_cache *c = &s->cache[i];
            const calf_segment *g = &s->seg[i];
            if (g->walk)
                walk_base(m, g->kmh, &c->f_base, &c->n_km);
            else
                run_base_memo(m, st, g->kmh, sr, strike, &c->f_base, &c->n_km);
            c->key = seg_key(g);
        }
        fill_record(s, tag, sr, k1, os, s->nseg);
    }
    cache_current(s, tag, sr, k1, os);
}

ex_nums calf_cache_fill_ex(const calf_model *m, const calf_exercise *ex, calf_session *s,
                           const void *tag)
{
    const ex_nums e = ex_numbers(m, ex, s);
    if (s->exercise >= 0) { /* custom exercises belong to the protocol: not cached */
        s->cache[0].f_base = e.x;
        s->cache[0].n_km = e.tr;
        s->cache[0].key = e.h_s;
        s->cache[1].f_base = e.h_c;
        s->cache_owner = NULL; /* no segments' numbers */
        fill_record(s, tag, s->pct_1rm, s->rm, (double)s->exercise, 0);
    }
    return e;
}
