/*
 * mpi_split.c: MPI for cohort, sensitivity and sweep --cohort (mpi_split.h). Every MPI
 * call of calfsim is in this file. Large arrays move in pieces of at most
 * 2^27 elements (MPI counts are ints).
 */
#include "mpi_split.h"

#include <stdlib.h>
#include <string.h>

#ifdef CALF_HAVE_MPI
#include <mpi.h>
#endif

static int g_rank = 0, g_size = 1, g_on = 0;

void calf_mpi_init(int *argc, char ***argv)
{
#ifdef CALF_HAVE_MPI
    /* only under a launcher: a plain run stays a plain process */
    if (!getenv("OMPI_COMM_WORLD_SIZE") && !getenv("PMI_SIZE") && !getenv("PMIX_RANK"))
        return;
    int provided = 0;
    if (MPI_Init_thread(argc, argv, MPI_THREAD_FUNNELED, &provided) != MPI_SUCCESS)
        return;
    g_on = 1;
    MPI_Comm_rank(MPI_COMM_WORLD, &g_rank);
    MPI_Comm_size(MPI_COMM_WORLD, &g_size);
#else
    (void)argc;
    (void)argv;
#endif
}

void calf_mpi_finalize(void)
{
#ifdef CALF_HAVE_MPI
    if (g_on)
        MPI_Finalize();
    g_on = 0;
#endif
}

int calf_mpi_rank(void)
{
    return g_rank;
}

int calf_mpi_size(void)
{
    return g_size;
}

void calf_mpi_block(long n, long *lo, long *hi)
{
    *lo = n * g_rank / g_size;
    *hi = n * (g_rank + 1) / g_size;
}

#ifdef CALF_HAVE_MPI
#define PIECE (1L << 27)

static int mpi_fail(calf_error *err, const char *what)
{
    return calf_error_set(err, CALF_EIO, "rank %d: MPI %s failed", g_rank, what);
}

/* In-place sum (or min, max) onto rank 0 of n items of type t, in pieces. */
static int reduce(void *v, size_t n, MPI_Datatype t, size_t width, MPI_Op op, calf_error *err)
{
    for (size_t o = 0; o < n; o += PIECE) {
        int k = (int)(n - o < (size_t)PIECE ? n - o : (size_t)PIECE);
        char *p = (char *)v + o * width;
        int rc = g_rank == 0 ? MPI_Reduce(MPI_IN_PLACE, p, k, t, op, 0, MPI_COMM_WORLD)
                             : MPI_Reduce(p, NULL, k, t, op, 0, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS)
            return mpi_fail(err, "reduce");
    }
    return CALF_OK;
}
#endif

#ifdef CALF_HAVE_MPI
/* Whether msg already names its rank ("rank N: ..."). */
static int agreed(const char *msg)
{
    if (strncmp(msg, "rank ", 5) != 0)
        return 0;
    const char *p = msg + 5;
    while (*p >= '0' && *p <= '9')
        p++;
    return p > msg + 5 && p[0] == ':' && p[1] == ' ';
}
#endif

int calf_mpi_agree(int rc, calf_error *err)
{
#ifdef CALF_HAVE_MPI
    if (!g_on || g_size == 1)
        return rc;
    int first = rc ? g_rank : g_size, low = g_size;
    MPI_Allreduce(&first, &low, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (low == g_size)
        return CALF_OK;
    calf_error e = {0};
    if (g_rank == low) {
        e.code = rc;
        if (err && agreed(err->msg)) /* an error all ranks agreed on before */
            e = *err;
        else
            snprintf(e.msg, sizeof(e.msg), "rank %d: %.990s", low, err ? err->msg : "failed");
    }
    MPI_Bcast(&e, (int)sizeof(e), MPI_BYTE, low, MPI_COMM_WORLD);
    if (err)
        *err = e;
    return e.code ? e.code : CALF_ESCRIPT;
#else
    (void)err;
    return rc;
#endif
}

int calf_mpi_cohort_reduce(calf_cohort_result *r, calf_error *err)
{
#ifdef CALF_HAVE_MPI
    if (!g_on || g_size == 1)
        return CALF_OK;
    int rc = CALF_OK;
    long cnt[4 + CALF_COHORT_MAX_PROTOCOLS * (3 + CALF_PAIR_BINARY * CALF_CONC_COUNT)];
    size_t nc = 0;
    cnt[nc++] = r->rejected_draws;
    cnt[nc++] = r->numeric_redraws;
    for (int k = 0; k < r->nprotocols; k++) {
        calf_cohort_protocol *p = &r->proto[k];
        cnt[nc++] = p->goal_n, cnt[nc++] = p->flare_n, cnt[nc++] = p->injury_n;
        for (int j = 0; j < CALF_PAIR_BINARY; j++)
            for (int c = 0; c < CALF_CONC_COUNT; c++)
                cnt[nc++] = p->pair_n[j][c];
    }
    rc = reduce(cnt, nc, MPI_LONG, sizeof(long), MPI_SUM, err);
    nc = 0;
    r->rejected_draws = cnt[nc++];
    r->numeric_redraws = cnt[nc++];
    for (int k = 0; !rc && k < r->nprotocols; k++) {
        calf_cohort_protocol *p = &r->proto[k];
        p->goal_n = cnt[nc++], p->flare_n = cnt[nc++], p->injury_n = cnt[nc++];
        for (int j = 0; j < CALF_PAIR_BINARY; j++)
            for (int c = 0; c < CALF_CONC_COUNT; c++)
                p->pair_n[j][c] = cnt[nc++];
        rc = reduce(p->goal_day_count, (size_t)r->days + 1, MPI_UINT32_T, sizeof(uint32_t), MPI_SUM,
                    err);
        for (int i = 0; !rc && i < r->days * CALF_BAND_COUNT; i++) {
            calf_hist *h = &p->band[i];
            uint64_t hn = h->n;
            rc = reduce(h->count, (size_t)h->nbins, MPI_UINT32_T, sizeof(uint32_t), MPI_SUM, err);
            if (!rc)
                rc = reduce(&hn, 1, MPI_UINT64_T, sizeof(uint64_t), MPI_SUM, err);
            if (!rc)
                rc = reduce(&h->min, 1, MPI_DOUBLE, sizeof(double), MPI_MIN, err);
            if (!rc)
                rc = reduce(&h->max, 1, MPI_DOUBLE, sizeof(double), MPI_MAX, err);
            h->n = hn;
        }
    }
    if (!rc) /* each chunk's sums come from one rank: adding zeros is exact */
        rc = reduce(r->chunk_sums, (size_t)r->nchunks * CALF_COHORT_SUMS, MPI_DOUBLE,
                    sizeof(double), MPI_SUM, err);
    return rc;
#else
    (void)r;
    (void)err;
    return CALF_OK;
#endif
}

int calf_mpi_rows(FILE *fp, calf_error *err)
{
#ifdef CALF_HAVE_MPI
    if (!g_on || g_size == 1)
        return CALF_OK;
    enum { BUF = 1 << 20 };
    char *buf = malloc(BUF);
    int rc = buf ? CALF_OK : calf_error_set(err, CALF_EIO, "rank %d: out of memory", g_rank);
    int ok = rc == CALF_OK, all = 0;
    MPI_Allreduce(&ok, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    if (!all) {
        free(buf);
        return rc ? rc : calf_error_set(err, CALF_EIO, "an MPI rank ran out of memory");
    }
    if (g_rank == 0) { /* rank by rank, piece by piece, until an empty piece */
        for (int src = 1; src < g_size; src++)
            for (;;) {
                int n = 0;
                MPI_Status st;
                MPI_Recv(buf, BUF, MPI_BYTE, src, 7, MPI_COMM_WORLD, &st);
                MPI_Get_count(&st, MPI_BYTE, &n);
                if (n <= 0)
                    break;
                if (fwrite(buf, 1, (size_t)n, fp) != (size_t)n && !rc)
                    rc = calf_error_set(err, CALF_EIO, "patients.csv: write failed");
            }
    } else {
        rewind(fp);
        for (;;) {
            int n = (int)fread(buf, 1, BUF, fp);
            MPI_Send(buf, n, MPI_BYTE, 0, 7, MPI_COMM_WORLD); /* 0 bytes: the end */
            if (n <= 0)
                break;
        }
    }
    free(buf);
    return rc;
#else
    (void)fp;
    (void)err;
    return CALF_OK;
#endif
}

int calf_mpi_sum_to_root(double *v, size_t nv, unsigned char *b, size_t nb, calf_error *err)
{
#ifdef CALF_HAVE_MPI
    if (!g_on || g_size == 1)
        return CALF_OK;
    int rc = reduce(v, nv, MPI_DOUBLE, sizeof(double), MPI_SUM, err);
    if (!rc)
        rc = reduce(b, nb, MPI_UNSIGNED_CHAR, 1, MPI_SUM, err);
    return rc;
#else
    (void)v;
    (void)nv;
    (void)b;
    (void)nb;
    (void)err;
    return CALF_OK;
#endif
}
