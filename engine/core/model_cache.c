/*
 * model_cache.c: the daily step's speed caches (model_cache.h), one set per
 * thread: filling them with the kernel's equations (model_kernel.h) on a
 * miss, emptying them when another model comes.
 */
#include "model_cache.h"

static _Thread_local calf_memo memo_thread;

calf_memo *calf_memo_here(void)
{
    return &memo_thread;
}

void calf_memo_reset(calf_memo *c, unsigned long uid)
{
    memset(c, 0, sizeof(*c));
    c->uid = uid;
    c->dyn_key[0] = c->dyn_key[1] = c->dyn_key[2] = NAN; /* none yet */
}

double calf_memo_stimulus(const calf_model *m, calf_memo *c, int slot, double sum)
{
    double v;
    int j = 0;
    while (j < 3 && c->memo_old_in[slot][j] != sum)
        j++;
    if (j < 3) {
        v = c->memo_old_out[slot][j];
    } else {
        v = stimulus_sat(&m->par, sum);
        j = c->memo_next[slot];
        c->memo_next[slot] = (j + 1) % 3;
    }
    c->memo_old_in[slot][j] = c->memo_in[slot];
    c->memo_old_out[slot][j] = c->memo_out[slot];
    c->memo_in[slot] = sum;
    c->memo_out[slot] = v;
    return v;
}

void calf_memo_run_base(const calf_model *m, calf_memo *c, double kmh, double sr, int strike,
                        double os, double *f_base, double *n_km)
{
    for (int j = 0; j < c->rb_len; j++)
        if (c->rb_kmh[j] == kmh && c->rb_sr[j] == sr && c->rb_strike[j] == strike &&
            c->rb_os[j] == os) {
            *f_base = c->rb_f[j];
            *n_km = c->rb_n[j];
            return;
        }
    run_base(m, kmh, sr, strike, os, f_base, n_km);
    int j = c->rb_next;
    c->rb_next = (j + 1) % CALF_RUN_MEMO;
    if (c->rb_len < CALF_RUN_MEMO)
        c->rb_len++;
    c->rb_kmh[j] = kmh;
    c->rb_sr[j] = sr;
    c->rb_strike[j] = strike;
    c->rb_os[j] = os;
    c->rb_f[j] = *f_base;
    c->rb_n[j] = *n_km;
}

/* Whether a and b have the same bits (NAN included). */
static int same_bits(double a, double b)
{
    uint64_t x, y;
    memcpy(&x, &a, sizeof x);
    memcpy(&y, &b, sizeof y);
    return x == y;
}

ex_nums calf_memo_ex(const calf_model *m, calf_memo *c, const calf_exercise *ex,
                     const calf_session *s)
{
    const int id = s->exercise;
    if (id < 0 || id >= calf_exercise_count) /* a custom exercise (the protocol's) */
        return ex_numbers(m, ex, s);
    for (int j = 0; j < c->ex_len; j++)
        if (c->ex_id[j] == id && same_bits(c->ex_pct[j], s->pct_1rm) &&
            same_bits(c->ex_rm[j], s->rm))
            return c->ex_val[j];
    const ex_nums e = ex_numbers(m, ex, s);
    int j = c->ex_next;
    c->ex_next = (j + 1) % CALF_EX_MEMO;
    if (c->ex_len < CALF_EX_MEMO)
        c->ex_len++;
    c->ex_id[j] = id;
    c->ex_pct[j] = s->pct_1rm;
    c->ex_rm[j] = s->rm;
    c->ex_val[j] = e;
    return e;
}
