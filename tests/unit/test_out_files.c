/*
 * test_out_files.c: the output-file guarantees (docs/security.md): a name
 * planted at a temporary path is never written through (calf_afile_* and the
 * gnuplot images); a failed write is never renamed into place and says the
 * system's reason; an output folder is replaced as a whole under a lock, a
 * failed run leaves the previous one intact, leftovers of a killed run go,
 * and a folder calfsim did not write is refused.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include "check.h"
#include "figures.h"
#include "out_dir.h"
#include "util.h"

static char root[256];

static void put(const char *path, const char *text)
{
    FILE *fp = fopen(path, "w");
    if (fp) {
        fputs(text, fp);
        fclose(fp);
    }
}

/* the first line of path, or "" */
static const char *get(const char *path)
{
    static char buf[256];
    buf[0] = '\0';
    FILE *fp = fopen(path, "r");
    if (fp) {
        if (!fgets(buf, sizeof(buf), fp))
            buf[0] = '\0';
        fclose(fp);
    }
    buf[strcspn(buf, "\n")] = '\0';
    return buf;
}

static int exists(const char *path)
{
    struct stat st;
    return lstat(path, &st) == 0;
}

static void path_of(char *out, size_t n, const char *name)
{
    snprintf(out, n, "%s/%s", root, name);
}

/* Defect 6: a symbolic link planted at the temporary name is not followed. */
static void test_afile_symlink(void)
{
    char victim[512], out[512], tmp[512];
    path_of(victim, sizeof(victim), "victim.txt");
    path_of(out, sizeof(out), "out.csv");
    snprintf(tmp, sizeof(tmp), "%s/.out.csv.tmp.%ld", root, (long)getpid());
    put(victim, "precious\n");
    CHECK(symlink(victim, tmp) == 0);
    calf_afile af;
    calf_error err = {0};
    CHECK(calf_afile_open(&af, out, &err) == CALF_OK);
    if (af.fp) {
        fputs("new output\n", af.fp);
        CHECK(calf_afile_commit(&af, &err) == CALF_OK);
    }
    CHECK(strcmp(get(victim), "precious") == 0);
    CHECK(strcmp(get(out), "new output") == 0);
    struct stat st;
    CHECK(lstat(out, &st) == 0 && S_ISREG(st.st_mode));
    CHECK(lstat(tmp, &st) == 0 && S_ISLNK(st.st_mode)); /* left alone, not written */
    unlink(tmp);
}

/* A write that fails (here: over RLIMIT_FSIZE, as on a full disk) is removed,
 * never renamed into place, and the message gives the system's reason. */
static void test_afile_write_failure(void)
{
    char out[512];
    path_of(out, sizeof(out), "big.csv");
    put(out, "earlier\n");
    struct rlimit old, lim;
    getrlimit(RLIMIT_FSIZE, &old);
    lim = old;
    lim.rlim_cur = 4096;
    signal(SIGXFSZ, SIG_IGN);
    calf_afile af;
    calf_error err = {0};
    CHECK(calf_afile_open(&af, out, &err) == CALF_OK);
    CHECK(setrlimit(RLIMIT_FSIZE, &lim) == 0);
    int rc = CALF_OK;
    if (af.fp) {
        for (int i = 0; i < 20000; i++)
            fprintf(af.fp, "%d,%d\n", i, i * i);
        rc = calf_afile_commit(&af, &err);
    }
    setrlimit(RLIMIT_FSIZE, &old);
    CHECK(rc == CALF_EIO);
    CHECK(strstr(err.msg, "write failed: ") != NULL);
    CHECK(strstr(err.msg, strerror(EFBIG)) != NULL);
    if (!strstr(err.msg, strerror(EFBIG)))
        fprintf(stderr, "message: %s\n", err.msg);
    CHECK(strcmp(get(out), "earlier") == 0);
    char tmp[512];
    snprintf(tmp, sizeof(tmp), "%s/.big.csv.tmp.%ld", root, (long)getpid());
    CHECK(!exists(tmp));
}

/* Defect 6, gnuplot images: a fake gnuplot writes BASE.png/.svg with the
 * shell's >, which follows links as fopen("w") does. */
static void test_figure_symlink(void)
{
    char bin[512], gp[1024], dir[512], victim[512], link_png[1024], tmpl[512];
    path_of(bin, sizeof(bin), "bin");
    path_of(dir, sizeof(dir), "fig");
    path_of(victim, sizeof(victim), "victim_fig.txt");
    path_of(tmpl, sizeof(tmpl), "fig/t.gp");
    mkdir(bin, 0777);
    mkdir(dir, 0777);
    snprintf(gp, sizeof(gp), "%s/gnuplot", bin);
    put(gp, "#!/bin/sh\necho drawn >\"$4.png\"\necho drawn >\"$4.svg\"\n");
    chmod(gp, 0755);
    put(tmpl, "# template\n");
    put(victim, "precious\n");
    snprintf(link_png, sizeof(link_png), "%s/.f1.tmp.%ld.png", dir, (long)getpid());
    CHECK(symlink(victim, link_png) == 0);
    const char *path0 = getenv("PATH");
    char *saved = strdup(path0 ? path0 : "/usr/bin:/bin");
    char newpath[4096];
    snprintf(newpath, sizeof(newpath), "%s:%s", bin, saved);
    setenv("PATH", newpath, 1);
    const char *args[] = {"data.dat", "f1", NULL};
    calf_error err = {0};
    int rc = calf_figure_run_atomic(dir, tmpl, args, 1, &err);
    setenv("PATH", saved, 1);
    free(saved);
    if (rc)
        fprintf(stderr, "figure: %s\n", err.msg);
    CHECK(rc == CALF_OK);
    CHECK(strcmp(get(victim), "precious") == 0);
    char png[1024];
    snprintf(png, sizeof(png), "%s/f1.png", dir);
    CHECK(strcmp(get(png), "drawn") == 0);
    unlink(link_png);
}

static void write_in(const char *dir, const char *name, const char *text)
{
    char p[4096];
    snprintf(p, sizeof(p), "%s/%s", dir, name);
    put(p, text);
}

/* Defect 10 and issue 14 4.5: replaced as a whole, locked, leftovers removed. */
static void test_outdir(void)
{
    char dir[512], p[8300];
    path_of(dir, sizeof(dir), "run");
    calf_outdir od;
    calf_error err = {0};
    /* first run: A and a protocol folder */
    CHECK(calf_outdir_open(&od, dir, &err) == CALF_OK);
    write_in(od.work, "a.csv", "first\n");
    snprintf(p, sizeof(p), "%s/1-old_protocol", od.work);
    mkdir(p, 0777);
    write_in(p, "trace.csv", "old\n");
    CHECK(calf_outdir_commit(&od, &err) == CALF_OK);
    calf_outdir_close(&od);
    snprintf(p, sizeof(p), "%s/a.csv", dir);
    CHECK(strcmp(get(p), "first") == 0);

    /* a second writer is refused while the first holds the lock */
    CHECK(calf_outdir_open(&od, dir, &err) == CALF_OK);
    calf_outdir od2;
    calf_error err2 = {0};
    CHECK(calf_outdir_open(&od2, dir, &err2) == CALF_EIO);
    CHECK(strstr(err2.msg, "another calfsim run is writing this folder") != NULL);
    calf_outdir_close(&od2);
    /* a run that fails (no commit) leaves the previous folder as it was */
    write_in(od.work, "a.csv", "failed run\n");
    char work[8300];
    snprintf(work, sizeof(work), "%s", od.work);
    calf_outdir_close(&od);
    CHECK(strcmp(get(p), "first") == 0);
    CHECK(!exists(work));

    /* leftovers of a killed run: a work folder beside, a temporary inside */
    char stale[512], stale_tmp[1024];
    path_of(stale, sizeof(stale), ".run.new.99999");
    mkdir(stale, 0777);
    write_in(stale, "half.csv", "half\n");
    snprintf(stale_tmp, sizeof(stale_tmp), "%s/.a.csv.tmp.99999", dir);
    put(stale_tmp, "half\n");
    char other[512]; /* a sibling of another folder's name is not taken */
    path_of(other, sizeof(other), ".run.new.5x");
    mkdir(other, 0777);
    CHECK(calf_outdir_open(&od, dir, &err) == CALF_OK);
    CHECK(!exists(stale));
    CHECK(!exists(stale_tmp));
    CHECK(exists(other));
    /* second run: only B; nothing of the first survives beside it */
    write_in(od.work, "b.csv", "second\n");
    CHECK(calf_outdir_commit(&od, &err) == CALF_OK);
    calf_outdir_close(&od);
    CHECK(!exists(p));
    snprintf(p, sizeof(p), "%s/1-old_protocol", dir);
    CHECK(!exists(p));
    snprintf(p, sizeof(p), "%s/b.csv", dir);
    CHECK(strcmp(get(p), "second") == 0);
    snprintf(p, sizeof(p), "%s/%s", dir, CALF_OUTDIR_STAMP);
    CHECK(exists(p));
    /* the previous outputs are gone after the swap, not parked beside */
    DIR *d = opendir(root);
    struct dirent *e;
    while (d && (e = readdir(d)))
        if ((strncmp(e->d_name, ".run.new.", 9) == 0 || strncmp(e->d_name, ".run.old.", 9) == 0) &&
            strcmp(e->d_name, ".run.new.5x") != 0) {
            fprintf(stderr, "left beside the folder: %s\n", e->d_name);
            check_failures++;
        }
    if (d)
        closedir(d);

    /* the previous outputs are removed without following links out of them */
    char outside[512];
    path_of(outside, sizeof(outside), "outside.txt");
    put(outside, "keep\n");
    snprintf(p, sizeof(p), "%s/link", dir);
    CHECK(symlink(outside, p) == 0);
    CHECK(calf_outdir_open(&od, dir, &err) == CALF_OK);
    CHECK(calf_outdir_commit(&od, &err) == CALF_OK);
    calf_outdir_close(&od);
    CHECK(strcmp(get(outside), "keep") == 0);
    CHECK(!exists(p));

    /* a non-empty folder calfsim did not write is refused, and left alone */
    char home[512];
    path_of(home, sizeof(home), "home");
    mkdir(home, 0777);
    write_in(home, "thesis.txt", "mine\n");
    CHECK(calf_outdir_open(&od, home, &err) == CALF_EIO);
    CHECK(strstr(err.msg, "not a calfsim output folder") != NULL);
    calf_outdir_close(&od);
    snprintf(p, sizeof(p), "%s/thesis.txt", home);
    CHECK(strcmp(get(p), "mine") == 0);
    /* a data file of the user's with a calfsim name is not taken for one */
    write_in(home, "trace.csv", "day,km\n1,3\n");
    CHECK(calf_outdir_open(&od, home, &err) == CALF_EIO);
    calf_outdir_close(&od);
    /* an earlier calfsim's outputs, from before the stamp, are replaced */
    char legacy[512];
    path_of(legacy, sizeof(legacy), "legacy");
    mkdir(legacy, 0777);
    write_in(legacy, "trace.csv", "# calfsim 0.1.0; protocol: x; seed: 0; param_hash: 0\n");
    write_in(legacy, "old.png", "png\n");
    CHECK(calf_outdir_open(&od, legacy, &err) == CALF_OK);
    CHECK(calf_outdir_commit(&od, &err) == CALF_OK);
    calf_outdir_close(&od);
    snprintf(p, sizeof(p), "%s/old.png", legacy);
    CHECK(!exists(p));
}

int main(void)
{
    snprintf(root, sizeof(root), "%s/calf_out_files.XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(root)) {
        perror("mkdtemp");
        return 1;
    }
    test_afile_symlink();
    test_afile_write_failure();
    test_figure_symlink();
    test_outdir();
    calf_remove_tree(root, NULL);
    return check_failures ? 1 : 0;
}
