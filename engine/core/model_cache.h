/*
 * model_cache.h: the daily step's speed caches (private to engine/core). They
 * hold values of the kernel's equations (model_kernel.h) so that the daily
 * step calls no pow() or exp() for numbers it has computed before: a run's
 * segment loads and a strength session's intensity (cached on the session,
 * recognised by content), running loads by speed and gait, the saturating
 * stimuli and the strength force factor (memoised on the state). Every cached
 * value is the double the equation gives, so a hit and a miss give the same
 * bits. The hit tests are inline here, the fills in model_cache.c.
 */
#ifndef CALF_MODEL_CACHE_H
#define CALF_MODEL_CACHE_H

#include <stdint.h>
#include <string.h>

#include "model_kernel.h"

/* Tag a session cache with its model: a per-model id (not the address, which
 * a caller may reuse for another patient), even for run/walk segment caches,
 * odd for strength caches. */
static inline const void *cache_tag(const calf_model *m, unsigned kind)
{
    return (const void *)(uintptr_t)(m->uid * 2u + kind);
}

/* Fill s's segment cache for tag and the gait (sr, strike, st's overstride),
 * unless it already holds those numbers. */
void calf_cache_fill_segments(const calf_model *m, calf_state *st, calf_session *s, double sr,
                              int strike, const void *tag);

/* Make a run or walk session's segment cache current for m and st's gait. */
static CALF_ALWAYS_INLINE void prepare_segments(const calf_model *m, calf_state *st,
                                                calf_session *s)
{
    double sr = s->step_rate != 0 ? s->step_rate : st->step_rate;
    int strike = s->strike >= 0 ? s->strike : st->strike;
    const void *tag = cache_tag(m, 0);
    if (s->cache_owner == tag && s->cache_key[0] == sr && s->cache_key[1] == (double)strike &&
        s->cache_key[2] == st->overstride)
        return;
    calf_cache_fill_segments(m, st, s, sr, strike, tag);
}

/* Whether a and b have the same bits (NAN included). */
static inline int same_bits(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

/* A strength session has no segments, so its numbers live in its segment
 * cache slots: cache[0] = {x, transfer, h_s}, cache[1].f_base = h_c. */
static inline ex_nums ex_read(const calf_session *s)
{
    ex_nums e;
    e.x = s->cache[0].f_base;
    e.tr = s->cache[0].n_km;
    e.h_s = s->cache[0].key;
    e.h_c = s->cache[1].f_base;
    return e;
}

/* ex_numbers, stored in s's cache for tag (custom exercises are not). */
ex_nums calf_cache_fill_ex(const calf_model *m, const calf_exercise *ex, calf_session *s,
                           const void *tag);

/* A loaded or isometric session's numbers, from its cache when that was
 * filled for this model and the session's exercise, pct_1rm and rm (the
 * fill record, compared bit for bit: the numbers depend on nothing else), so
 * that a session rebuilt with the same content finds them. */
static CALF_ALWAYS_INLINE ex_nums ex_cached(const calf_model *m, const calf_exercise *ex,
                                            calf_session *s)
{
    const void *tag = cache_tag(m, 1);
    if (s->fill_owner == tag && s->exercise >= 0 && s->fill_key[2] == (double)s->exercise &&
        same_bits(s->fill_key[0], s->pct_1rm) && same_bits(s->fill_key[1], s->rm))
        return ex_read(s);
    return calf_cache_fill_ex(m, ex, s, tag);
}

/* stimulus_sat of sum through st's memo of slot (0-4: S, C, T, E, K): the
 * last value, and three before it, so a week that alternates a few different
 * strength days calls no exp(). */
double calf_cache_stimulus(const calf_model *m, calf_state *st, int slot, double sum);

static inline double stimulus(const calf_model *m, calf_state *st, int slot, double sum)
{
    if (sum <= 0)
        return 0;
    if (sum == st->memo_in[slot])
        return st->memo_out[slot];
    return calf_cache_stimulus(m, st, slot, sum);
}

/* The day's gains (gains_from) with the stimuli through st's memos. */
static CALF_ALWAYS_INLINE day_gains gains_memo(const calf_model *m, calf_state *st,
                                               const dose_sums *d, const int tek)
{
    const double a_s = stimulus(m, st, 0, d->s), a_c = stimulus(m, st, 1, d->c);
    const double a_t = tek ? stimulus(m, st, 2, d->t) : 0, a_e = tek ? stimulus(m, st, 3, d->e) : 0,
                 a_k = tek ? stimulus(m, st, 4, d->k) : 0;
    return gains_from(m, a_s, a_c, a_t, a_e, a_k, tek);
}

/* The strength-dependent force factor of today, recomputed only when T, E or
 * K moved since it was last computed for this state. */
static CALF_ALWAYS_INLINE double dyn_cached_of(const calf_model *m, calf_state *st, double T,
                                               double E, double K)
{
    if (st->dyn_key[0] == T && st->dyn_key[1] == E && st->dyn_key[2] == K)
        return st->dyn_val;
    st->dyn_key[0] = T;
    st->dyn_key[1] = E;
    st->dyn_key[2] = K;
    return st->dyn_val = dyn_factor_of(m, T, E, K);
}

static CALF_ALWAYS_INLINE double dyn_cached(const calf_model *m, calf_state *st)
{
    return dyn_cached_of(m, st, st->T, st->E, st->K);
}

/* Clear st's memos (a new state). */
void calf_cache_state_init(calf_state *st);

#endif
