/*
 * model_cache.h: the daily step's speed caches (private to engine/core). They
 * hold values of the kernel's equations (model_kernel.h) so that the daily
 * step calls no pow() or exp() for numbers it has computed before: running
 * loads by speed and gait, strength intensities by exercise and load, the
 * saturating stimuli and the strength force factor. Every entry is keyed by
 * everything its value depends on (the model's id and the equation's inputs,
 * compared exactly), so a hit and a miss give the same bits and the caches
 * are invisible in the results.
 *
 * The caches belong to the engine, not to sessions or states: one set per
 * thread (a cohort's threads never share one), for the model last used on
 * that thread and emptied when another model comes (memo_for). The public
 * types calf_session and calf_state carry none of them.
 */
#ifndef CALF_MODEL_CACHE_H
#define CALF_MODEL_CACHE_H

#include <stdint.h>
#include <string.h>

#include "model_kernel.h"

#define CALF_RUN_MEMO 16 /* running loads remembered */
#define CALF_EX_MEMO  8  /* strength intensities remembered */

typedef struct calf_memo {
    unsigned long uid; /* the model the entries are for (0: none) */
    /* saturating stimuli by slot (0-4: S, C, T, E, K): the last value and
     * three before it */
    double memo_in[5], memo_out[5];
    double memo_old_in[5][3], memo_old_out[5][3];
    int memo_next[5];
    /* running-segment loads by (speed, step rate, strike, overstride) */
    double rb_kmh[CALF_RUN_MEMO], rb_sr[CALF_RUN_MEMO], rb_os[CALF_RUN_MEMO];
    double rb_f[CALF_RUN_MEMO], rb_n[CALF_RUN_MEMO];
    int rb_strike[CALF_RUN_MEMO], rb_len, rb_next;
    /* a registry exercise's numbers by (exercise, pct_1rm, rm), the last two
     * compared bit for bit (NAN = unset) */
    int ex_id[CALF_EX_MEMO], ex_len, ex_next;
    double ex_pct[CALF_EX_MEMO], ex_rm[CALF_EX_MEMO];
    ex_nums ex_val[CALF_EX_MEMO];
    /* the strength-dependent force factor for (T, E, K) = dyn_key */
    double dyn_key[3], dyn_val;
} calf_memo;

/* This thread's caches (one call a day or span; the thread-local object is
 * reached only inside model_cache.c). */
calf_memo *calf_memo_here(void);

/* Empty c for the model with id uid. */
void calf_memo_reset(calf_memo *c, unsigned long uid);

/* This thread's caches, for model m. */
static CALF_ALWAYS_INLINE calf_memo *memo_for(const calf_model *m)
{
    calf_memo *c = calf_memo_here();
    if (c->uid != m->uid)
        calf_memo_reset(c, m->uid);
    return c;
}

/* run_base through the memo: a session at a speed and gait seen before calls
 * no pow(). */
void calf_memo_run_base(const calf_model *m, calf_memo *c, double kmh, double sr, int strike,
                        double os, double *f_base, double *n_km);

/* ex_numbers through the memo (custom exercises are not remembered). */
ex_nums calf_memo_ex(const calf_model *m, calf_memo *c, const calf_exercise *ex,
                     const calf_session *s);

/* stimulus_sat of sum through the memo of slot, past its last value. */
double calf_memo_stimulus(const calf_model *m, calf_memo *c, int slot, double sum);

static inline double stimulus(const calf_model *m, calf_memo *c, int slot, double sum)
{
    if (sum <= 0)
        return 0;
    if (sum == c->memo_in[slot])
        return c->memo_out[slot];
    return calf_memo_stimulus(m, c, slot, sum);
}

/* The day's gains (gains_from) with the stimuli through the memo. */
static CALF_ALWAYS_INLINE day_gains gains_memo(const calf_model *m, calf_memo *c,
                                               const dose_sums *d, const int tek)
{
    const double a_s = stimulus(m, c, 0, d->s), a_c = stimulus(m, c, 1, d->c);
    const double a_t = tek ? stimulus(m, c, 2, d->t) : 0, a_e = tek ? stimulus(m, c, 3, d->e) : 0,
                 a_k = tek ? stimulus(m, c, 4, d->k) : 0;
    return gains_from(m, a_s, a_c, a_t, a_e, a_k, tek);
}

/* The strength-dependent force factor for T, E and K, recomputed only when
 * they moved since it was last computed. */
static CALF_ALWAYS_INLINE double dyn_cached_of(const calf_model *m, calf_memo *c, double T,
                                               double E, double K)
{
    if (c->dyn_key[0] == T && c->dyn_key[1] == E && c->dyn_key[2] == K)
        return c->dyn_val;
    c->dyn_key[0] = T;
    c->dyn_key[1] = E;
    c->dyn_key[2] = K;
    return c->dyn_val = dyn_factor_of(m, T, E, K);
}

#endif
