/*
 * gsa.c: Sobol indices (Saltelli 2010 design, Saltelli and Jansen
 * estimators, bootstrap intervals) and PRCC (gsa.h).
 */
#include "gsa.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_matrix.h>
#include <gsl/gsl_qrng.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cohort.h"

/* ---- design -------------------------------------------------------------- */

int calf_sobol_base(long n, int d, uint64_t seed, double *ab, const char **sequence,
                    calf_error *err)
{
    int dim = 2 * d;
    if (n < 2 || d < 1 || d > CALF_GSA_MAX_INPUTS)
        return calf_error_set(err, CALF_EUSAGE,
                              "sobol: needs n >= 2 and 1 to %d inputs (got n = "
                              "%ld, %d inputs)",
                              CALF_GSA_MAX_INPUTS, n, d);
    /* GSL's Sobol sequence has at most 40 dimensions; beyond, its Halton
     * sequences are strongly correlated between dimensions for the first
     * thousands of points, so plain pseudo-random points are used */
    int qmc = dim <= 40;
    if (sequence)
        *sequence = qmc ? "sobol" : "random";
    gsl_qrng *q = gsl_qrng_alloc(gsl_qrng_sobol, (unsigned)(qmc ? dim : 1));
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    double *pt = malloc((size_t)dim * sizeof(double)),
           *shift = malloc((size_t)dim * sizeof(double));
    if (!q || !r || !pt || !shift) {
        if (q)
            gsl_qrng_free(q);
        if (r)
            gsl_rng_free(r);
        free(pt);
        free(shift);
        return calf_error_set(err, CALF_EIO, "sobol: out of memory");
    }
    /* one Cranley-Patterson shift per seed (randomised quasi-Monte Carlo) */
    gsl_rng_set(r, (unsigned long)calf_splitmix64(seed ^ 0x5A17E11ULL));
    for (int k = 0; k < dim; k++)
        shift[k] = gsl_rng_uniform(r);
    gsl_qrng_get(q, pt); /* the sequence's first point is the origin: skipped */
    for (long j = 0; j < n; j++) {
        if (qmc)
            gsl_qrng_get(q, pt);
        else
            for (int k = 0; k < dim; k++)
                pt[k] = gsl_rng_uniform(r);
        for (int k = 0; k < dim; k++) {
            double u = pt[k] + shift[k];
            u -= floor(u);
            pt[k] = u < 1e-12 ? 1e-12 : (u > 1 - 1e-12 ? 1 - 1e-12 : u);
        }
        memcpy(ab + (size_t)j * (size_t)dim, pt, (size_t)dim * sizeof(double));
    }
    gsl_qrng_free(q);
    gsl_rng_free(r);
    free(pt);
    free(shift);
    return CALF_OK;
}

int calf_sobol_design(long n, int d, uint64_t seed, double *x, const char **sequence,
                      calf_error *err)
{
    if (n < 2 || d < 1 || d > CALF_GSA_MAX_INPUTS)
        return calf_error_set(err, CALF_EUSAGE,
                              "sobol: needs n >= 2 and 1 to %d inputs (got n = "
                              "%ld, %d inputs)",
                              CALF_GSA_MAX_INPUTS, n, d);
    double *ab = malloc((size_t)n * 2 * (size_t)d * sizeof(double));
    if (!ab)
        return calf_error_set(err, CALF_EIO, "sobol: out of memory");
    int rc = calf_sobol_base(n, d, seed, ab, sequence, err);
    for (long j = 0; !rc && j < n; j++) {
        const double *pt = ab + (size_t)j * 2 * (size_t)d;
        double *blk = x + (size_t)j * (size_t)(d + 2) * (size_t)d;
        memcpy(blk, pt, (size_t)d * sizeof(double));         /* A */
        memcpy(blk + d, pt + d, (size_t)d * sizeof(double)); /* B */
        for (int i = 0; i < d; i++) {                        /* AB^i */
            double *row = blk + (size_t)(2 + i) * (size_t)d;
            memcpy(row, pt, (size_t)d * sizeof(double));
            row[i] = pt[d + i];
        }
    }
    free(ab);
    return rc;
}

/* ---- Sobol indices --------------------------------------------------------- */

/* Estimates over the rows rows[0..m-1] (with repeats in a bootstrap). The
 * outputs are centred on their mean first: the expectations are unchanged
 * (E f(AB^i) = E f(A)) and the first-order estimator's variance, which
 * grows with the square of the mean, drops (as SALib does). */
static void sobol_estimate(const double *y, int d, const long *rows, long m, double *first,
                           double *total, double *mean, double *var)
{
    double sa = 0, sa2 = 0;
    for (long k = 0; k < m; k++) {
        const double *b = y + (size_t)rows[k] * (size_t)(d + 2);
        sa += b[0] + b[1];
        sa2 += b[0] * b[0] + b[1] * b[1];
    }
    double mu = sa / (2.0 * (double)m), v = sa2 / (2.0 * (double)m) - mu * mu;
    if (mean)
        *mean = mu;
    if (var)
        *var = v;
    for (int i = 0; i < d; i++) {
        double s1 = 0, st = 0;
        for (long k = 0; k < m; k++) {
            const double *b = y + (size_t)rows[k] * (size_t)(d + 2);
            double fa = b[0] - mu, fb = b[1] - mu, fab = b[2 + i] - mu;
            s1 += fb * (fab - fa);
            st += (fa - fab) * (fa - fab);
        }
        first[i] = v > 0 ? s1 / (double)m / v : NAN;
        total[i] = v > 0 ? st / (2.0 * (double)m) / v : NAN;
    }
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void calf_sobol_result_free(calf_sobol_result *r)
{
    free(r->first);
    memset(r, 0, sizeof(*r));
}

int calf_sobol_indices(long n, int d, const double *y, int nboot, uint64_t seed,
                       calf_sobol_result *r, calf_error *err)
{
    memset(r, 0, sizeof(*r));
    if (n < 2 || d < 1 || d > CALF_GSA_MAX_INPUTS || nboot < 0)
        return calf_error_set(err, CALF_EUSAGE, "sobol: needs n >= 2, 1 to %d inputs",
                              CALF_GSA_MAX_INPUTS);
    r->d = d;
    r->first = calloc((size_t)d * 6, sizeof(double)); /* the six arrays in one block */
    long *rows = malloc((size_t)n * sizeof(long)), *rs = malloc((size_t)n * sizeof(long));
    double *bf = malloc(((size_t)nboot + 1) * (size_t)d * 2 * sizeof(double));
    gsl_rng *g = gsl_rng_alloc(gsl_rng_taus2);
    int rc = CALF_OK;
    if (!r->first || !rows || !rs || !bf || !g) {
        rc = calf_error_set(err, CALF_EIO, "sobol: out of memory");
        goto done;
    }
    r->total = r->first + d;
    r->first_lo = r->first + 2 * d;
    r->first_hi = r->first + 3 * d;
    r->total_lo = r->first + 4 * d;
    r->total_hi = r->first + 5 * d;
    long m = 0;
    for (long j = 0; j < n; j++) {
        const double *b = y + (size_t)j * (size_t)(d + 2);
        int ok = 1;
        for (int k = 0; k < d + 2 && ok; k++)
            ok = isfinite(b[k]);
        if (ok)
            rows[m++] = j;
    }
    r->n_used = m;
    if (m < 2) {
        rc = calf_error_set(err, CALF_ENUMERIC,
                            "sobol: %ld of %ld rows could be evaluated; at least 2 needed", m, n);
        goto done;
    }
    sobol_estimate(y, d, rows, m, r->first, r->total, &r->mean, &r->var);
    double *bs1 = bf, *bst = bf + (size_t)nboot * (size_t)d;
    gsl_rng_set(g, (unsigned long)calf_splitmix64(seed ^ 0xB007ULL));
    for (int b = 0; b < nboot; b++) {
        for (long k = 0; k < m; k++)
            rs[k] = rows[gsl_rng_uniform_int(g, (unsigned long)m)];
        double f1[CALF_GSA_MAX_INPUTS], ft[CALF_GSA_MAX_INPUTS];
        sobol_estimate(y, d, rs, m, f1, ft, NULL, NULL);
        for (int i = 0; i < d; i++) {
            bs1[(size_t)i * (size_t)nboot + (size_t)b] = f1[i];
            bst[(size_t)i * (size_t)nboot + (size_t)b] = ft[i];
        }
    }
    for (int i = 0; i < d; i++) {
        if (nboot == 0) {
            r->first_lo[i] = r->first_hi[i] = r->first[i];
            r->total_lo[i] = r->total_hi[i] = r->total[i];
            continue;
        }
        double *a1 = bs1 + (size_t)i * (size_t)nboot, *at = bst + (size_t)i * (size_t)nboot;
        qsort(a1, (size_t)nboot, sizeof(double), cmp_double);
        qsort(at, (size_t)nboot, sizeof(double), cmp_double);
        r->first_lo[i] = calf_quantile_sorted(a1, (size_t)nboot, 0.025);
        r->first_hi[i] = calf_quantile_sorted(a1, (size_t)nboot, 0.975);
        r->total_lo[i] = calf_quantile_sorted(at, (size_t)nboot, 0.025);
        r->total_hi[i] = calf_quantile_sorted(at, (size_t)nboot, 0.975);
    }
done:
    free(rows);
    free(rs);
    free(bf);
    if (g)
        gsl_rng_free(g);
    if (rc)
        calf_sobol_result_free(r);
    return rc;
}

int calf_lhs_design(long n, int d, uint64_t seed, double *x, calf_error *err)
{
    if (n < 1 || d < 1 || d > CALF_GSA_MAX_INPUTS)
        return calf_error_set(err, CALF_EUSAGE, "lhs: needs n >= 1 and 1 to %d inputs",
                              CALF_GSA_MAX_INPUTS);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_taus2);
    long *perm = malloc((size_t)n * sizeof(long));
    if (!r || !perm) {
        if (r)
            gsl_rng_free(r);
        free(perm);
        return calf_error_set(err, CALF_EIO, "lhs: out of memory");
    }
    gsl_rng_set(r, (unsigned long)calf_splitmix64(seed ^ 0x1A5ULL));
    for (int i = 0; i < d; i++) {
        for (long j = 0; j < n; j++)
            perm[j] = j;
        for (long j = n - 1; j > 0; j--) { /* Fisher-Yates */
            long k = (long)gsl_rng_uniform_int(r, (unsigned long)j + 1);
            long t = perm[j];
            perm[j] = perm[k];
            perm[k] = t;
        }
        for (long j = 0; j < n; j++)
            x[(size_t)j * (size_t)d + (size_t)i] =
                ((double)perm[j] + gsl_rng_uniform_pos(r)) / (double)n;
    }
    gsl_rng_free(r);
    free(perm);
    return CALF_OK;
}

/* ---- PRCC ------------------------------------------------------------------ */

typedef struct rank_item {
    double v;
    long i;
} rank_item;

static int cmp_item(const void *a, const void *b)
{
    const rank_item *x = a, *y = b;
    if (x->v != y->v)
        return (x->v > y->v) - (x->v < y->v);
    return (x->i > y->i) - (x->i < y->i);
}

/* Ranks (1..m, ties averaged) of v[0..m-1] into out; tmp has room for m. */
static void ranks(const double *v, long m, double *out, rank_item *tmp)
{
    for (long k = 0; k < m; k++)
        tmp[k].v = v[k], tmp[k].i = k;
    qsort(tmp, (size_t)m, sizeof(rank_item), cmp_item);
    for (long a = 0; a < m;) {
        long b = a;
        while (b + 1 < m && tmp[b + 1].v == tmp[a].v)
            b++;
        double rk = 0.5 * (double)(a + b) + 1;
        for (long k = a; k <= b; k++)
            out[tmp[k].i] = rk;
        a = b + 1;
    }
}

/* Centre and scale column c of z (m rows, w columns) to unit length;
 * returns 0 when the column is constant. */
static int standardise(double *z, long m, int w, int c)
{
    double s = 0, s2 = 0;
    for (long k = 0; k < m; k++)
        s += z[(size_t)k * (size_t)w + (size_t)c];
    double mu = s / (double)m;
    for (long k = 0; k < m; k++) {
        double t = z[(size_t)k * (size_t)w + (size_t)c] - mu;
        z[(size_t)k * (size_t)w + (size_t)c] = t;
        s2 += t * t;
    }
    if (!(s2 > 1e-300))
        return 0;
    double f = 1 / sqrt(s2);
    for (long k = 0; k < m; k++)
        z[(size_t)k * (size_t)w + (size_t)c] *= f;
    return 1;
}

int calf_prcc(long n, int d, const double *x, const double *y, double *prcc, double *lo, double *hi,
              long *n_used, calf_error *err)
{
    if (n < 3 || d < 1 || d > CALF_GSA_MAX_INPUTS)
        return calf_error_set(err, CALF_EUSAGE, "prcc: needs n >= 3 and 1 to %d inputs",
                              CALF_GSA_MAX_INPUTS);
    for (int i = 0; i < d; i++)
        prcc[i] = lo[i] = hi[i] = NAN;
    long m = 0;
    for (long j = 0; j < n; j++)
        m += isfinite(y[j]) != 0;
    if (n_used)
        *n_used = m;
    int w = d + 1; /* the inputs, then the output */
    double *z = malloc((size_t)m * (size_t)w * sizeof(double));
    double *col = malloc((size_t)m * sizeof(double)), *rk = malloc((size_t)m * sizeof(double));
    rank_item *tmp = malloc((size_t)m * sizeof(rank_item));
    int *use = malloc((size_t)w * sizeof(int));
    gsl_matrix *c = NULL;
    int rc = CALF_OK;
    if (!z || !col || !rk || !tmp || !use) {
        rc = calf_error_set(err, CALF_EIO, "prcc: out of memory");
        goto done;
    }
    if (m < 3) {
        rc = calf_error_set(err, CALF_ENUMERIC, "prcc: %ld of %ld points could be evaluated", m, n);
        goto done;
    }
    for (int c0 = 0; c0 < w; c0++) {
        long k = 0;
        for (long j = 0; j < n; j++)
            if (isfinite(y[j]))
                col[k++] = c0 < d ? x[(size_t)j * (size_t)d + (size_t)c0] : y[j];
        ranks(col, m, rk, tmp);
        for (k = 0; k < m; k++)
            z[(size_t)k * (size_t)w + (size_t)c0] = rk[k];
        use[c0] = standardise(z, m, w, c0);
    }
    if (!use[d])
        goto done; /* a constant output: every PRCC is undefined */
    int p = 0;
    for (int c0 = 0; c0 < w; c0++)
        if (use[c0])
            use[c0] = ++p; /* 1-based position in the reduced matrix */
    c = gsl_matrix_alloc((size_t)p, (size_t)p);
    if (!c) {
        rc = calf_error_set(err, CALF_EIO, "prcc: out of memory");
        goto done;
    }
    for (int a = 0; a < w; a++)
        for (int b = a; b < w; b++) {
            if (!use[a] || !use[b])
                continue;
            double s = 0;
            for (long k = 0; k < m; k++)
                s += z[(size_t)k * (size_t)w + (size_t)a] * z[(size_t)k * (size_t)w + (size_t)b];
            gsl_matrix_set(c, (size_t)use[a] - 1, (size_t)use[b] - 1, s);
            gsl_matrix_set(c, (size_t)use[b] - 1, (size_t)use[a] - 1, s);
        }
    if (gsl_linalg_cholesky_decomp1(c) != GSL_SUCCESS ||
        gsl_linalg_cholesky_invert(c) != GSL_SUCCESS) {
        rc = calf_error_set(err, CALF_ENUMERIC,
                            "prcc: the inputs' rank correlation matrix is singular (an input is "
                            "a function of the others, or too few points: %ld for %d inputs)",
                            m, p - 1);
        goto done;
    }
    size_t iy = (size_t)use[d] - 1;
    double pyy = gsl_matrix_get(c, iy, iy);
    double dof = (double)m - 3 - (double)(p - 2); /* m - 3 - (inputs held out) */
    for (int i = 0; i < d; i++) {
        if (!use[i])
            continue;
        size_t ii = (size_t)use[i] - 1;
        double r = -gsl_matrix_get(c, ii, iy) / sqrt(gsl_matrix_get(c, ii, ii) * pyy);
        prcc[i] = r;
        if (dof > 0 && fabs(r) < 1) {
            double zz = atanh(r), h = 1.959963984540054 / sqrt(dof);
            lo[i] = tanh(zz - h);
            hi[i] = tanh(zz + h);
        }
    }
done:
    if (c)
        gsl_matrix_free(c);
    free(z);
    free(col);
    free(rk);
    free(tmp);
    free(use);
    return rc;
}
