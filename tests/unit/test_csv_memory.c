/*
 * test_csv_memory.c: the CSV reader's peak memory is a small multiple of the
 * file (issue 18 defect 12: a 250 MB file of commas once took 4.4 GB). Each
 * file is read in a forked child, which reports the growth of its peak
 * resident set (getrusage ru_maxrss) over the read; the figures are printed
 * and bounded: at most 24 times the file for the worst case (every cell
 * empty, one cell per byte) and 10 times for a 200,000-row plan. Not timed.
 * Under AddressSanitizer (redzones, quarantine) the figures are printed only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "csv.h"

#if defined(__SANITIZE_ADDRESS__)
#define CALF_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define CALF_ASAN 1
#endif
#endif

static long maxrss_kib(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* Peak growth in KiB while reading path, measured in a child; -1 on error. */
static long read_peak(const char *path, int want_ok)
{
    int fd[2];
    if (pipe(fd) != 0)
        return -1;
    pid_t pid = fork();
    if (pid == 0) {
        close(fd[0]);
        long before = maxrss_kib();
        calf_csv *csv = NULL;
        calf_error err = {0};
        int st = calf_csv_read(path, &csv, &err);
        long grow = maxrss_kib() - before;
        if ((st == CALF_OK) != want_ok) {
            fprintf(stderr, "%s: status %d: %s\n", path, st, err.msg);
            grow = -1;
        }
        calf_csv_free(csv);
        if (write(fd[1], &grow, sizeof(grow)) != (ssize_t)sizeof(grow))
            _exit(1);
        _exit(0);
    }
    close(fd[1]);
    long grow = -1;
    if (pid < 0 || read(fd[0], &grow, sizeof(grow)) != (ssize_t)sizeof(grow))
        grow = -1;
    close(fd[0]);
    if (pid > 0)
        waitpid(pid, NULL, 0);
    return grow;
}

static long file_kib(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 ? (long)(st.st_size / 1024) : -1;
}

static void measure(const char *what, const char *path, int want_ok, double bound)
{
    long peak = read_peak(path, want_ok), size = file_kib(path);
    double ratio = size > 0 ? (double)peak / (double)size : -1;
    printf("%s: file %ld KiB, peak growth %ld KiB (%.1f x the file; bound %.0f)\n", what, size,
           peak, ratio, bound);
    CHECK(peak >= 0);
#ifndef CALF_ASAN
    CHECK(ratio <= bound);
#endif
}

int main(void)
{
    char dir[] = "/tmp/calf_csv_mem.XXXXXX";
    if (!mkdtemp(dir))
        return 1;
    char empty[64], plan[64], absurd[64];
    snprintf(empty, sizeof(empty), "%s/empty.csv", dir);
    snprintf(plan, sizeof(plan), "%s/plan.csv", dir);
    snprintf(absurd, sizeof(absurd), "%s/absurd.csv", dir);

    /* worst case accepted: every cell empty, one cell per byte (8 MB) */
    FILE *fp = fopen(empty, "w");
    if (!fp)
        return 1;
    fputs("a,b\n", fp);
    for (long i = 0; i < 4000000; i++)
        fputs(",\n", fp);
    fclose(fp);
    measure("8 MB of empty cells", empty, 1, 24);

    /* a 200,000-row plan (about 5 MB) */
    fp = fopen(plan, "w");
    if (!fp)
        return 1;
    fputs("day,kind,exercise,km,kmh,sets,reps,rm,pct_1rm,minutes,step_rate,strike,stop_at_pain\n",
          fp);
    for (long d = 1; d <= 200000; d++)
        fprintf(fp,
                d % 2 ? "%ld,run,,%.1f,10,,,,,,,,4\n"
                      : "%ld,strength,seated_calf_raise,,,3,15,15,,,,,\n",
                d, 2 + (double)(d % 7));
    fclose(fp);
    measure("200,000-row plan", plan, 1, 10);

    /* refused early: 40 MB of commas (the cells are never stored) */
    fp = fopen(absurd, "w");
    if (!fp)
        return 1;
    fputs("a\n", fp);
    static char block[1 << 20];
    memset(block, ',', sizeof(block));
    for (int i = 0; i < 40; i++)
        fwrite(block, 1, sizeof(block), fp);
    fclose(fp);
    measure("40 MB of commas (refused)", absurd, 0, 2.5);

    remove(empty);
    remove(plan);
    remove(absurd);
    rmdir(dir);
    CHECK_DONE();
}
