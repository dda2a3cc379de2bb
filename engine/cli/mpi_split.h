/*
 * mpi_split.h: calfsim over MPI ranks (docs/cluster.md). The only place
 * that knows MPI; built without it (or run without a launcher) every call
 * behaves as one process of rank 0. Work is split in contiguous blocks of
 * the cohort's chunks; partial results are reduced to rank 0 exactly (sums
 * of integers, min and max, and chunk-wise floating-point sums that only one
 * rank fills, added in chunk order afterwards), so rank 0 writes the same
 * files as one process.
 */
#ifndef CALF_MPI_SPLIT_H
#define CALF_MPI_SPLIT_H

#include <stddef.h>
#include <stdio.h>

#include "cohort.h"

/* MPI_Init when started by an MPI launcher (mpirun, srun), else nothing. */
void calf_mpi_init(int *argc, char ***argv);
void calf_mpi_finalize(void);
int calf_mpi_rank(void);
int calf_mpi_size(void);
/* This rank's block [*lo, *hi) of n items. */
void calf_mpi_block(long n, long *lo, long *hi);
/* Collective over all ranks: the status of the lowest rank whose rc is not
 * CALF_OK, with its message (prefixed "rank R: " on more than one rank) in
 * err on every rank; CALF_OK when all succeeded. */
int calf_mpi_agree(int rc, calf_error *err);
/* Reduce every rank's cohort result into rank 0's r (counts, histograms,
 * chunk sums); rank 0 then calls calf_cohort_finish. */
int calf_mpi_cohort_reduce(calf_cohort_result *r, calf_error *err);
/* patients.csv rows: ranks > 0 send their spool file (from its start) and
 * rank 0 appends them, in rank order, to fp. */
int calf_mpi_rows(FILE *fp, calf_error *err);
/* Element-wise sum onto rank 0 of nv doubles and nb bytes (each element
 * written by one rank, zero on the others: the sums are exact). */
int calf_mpi_sum_to_root(double *v, size_t nv, unsigned char *b, size_t nb, calf_error *err);

#endif
