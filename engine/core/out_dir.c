/*
 * out_dir.c: output folders written as a whole, under an exclusive lock
 * (see out_dir.h for the protocol and its guarantees).
 */
#define _GNU_SOURCE /* renameat2, flock, nftw */
#include "out_dir.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

static int remove_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
    (void)sb;
    (void)flag;
    (void)ftw;
    return remove(path) != 0 && errno != ENOENT ? -1 : 0;
}

int calf_remove_tree(const char *path, calf_error *err)
{
    struct stat st;
    if (lstat(path, &st) != 0)
        return errno == ENOENT ? CALF_OK
                               : calf_error_set(err, CALF_EIO, "%s: %s", path, strerror(errno));
    if (nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS) != 0)
        return calf_error_set(err, CALF_EIO, "%s: cannot remove: %s", path, strerror(errno));
    return CALF_OK;
}

/* parent and name of dir (trailing slashes dropped); ".", ".." and symbolic
 * links are resolved first so that NAME is a real entry of PARENT. */
static int split_dir(const char *dir, char *parent, char *name, calf_error *err)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof(buf))
        return calf_error_set(err, CALF_EIO, "%s: output path is empty or too long", dir);
    memcpy(buf, dir, n + 1);
    while (n > 1 && buf[n - 1] == '/')
        buf[--n] = '\0';
    const char *slash = strrchr(buf, '/');
    const char *base = slash ? slash + 1 : buf;
    struct stat st;
    int is_link = lstat(buf, &st) == 0 && S_ISLNK(st.st_mode);
    if (is_link || strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
        char real[PATH_MAX];
        if (!realpath(buf, real))
            return calf_error_set(err, CALF_EIO, "%s: cannot resolve the output folder: %s", dir,
                                  strerror(errno));
        if (strlen(real) >= sizeof(buf))
            return calf_error_set(err, CALF_EIO, "%s: output path too long", dir);
        snprintf(buf, sizeof(buf), "%s", real);
        slash = strrchr(buf, '/');
        base = slash ? slash + 1 : buf;
    }
    if (!*base || strcmp(buf, "/") == 0)
        return calf_error_set(err, CALF_EIO, "%s: the root folder cannot be an output folder", dir);
    if (slash == buf)
        snprintf(parent, 4096, "/");
    else if (slash)
        snprintf(parent, 4096, "%.*s", (int)(slash - buf), buf);
    else
        snprintf(parent, 4096, ".");
    snprintf(name, 256, "%s", base);
    if (strlen(base) >= 200)
        return calf_error_set(err, CALF_EIO, "%s: output folder name too long", dir);
    return CALF_OK;
}

/* s is p followed by a run's tag: digits and dots only (PID or PID.K), so a
 * sibling such as .NAME.new.5.new.7 of another folder is never taken. */
static int has_prefix(const char *s, const char *p)
{
    size_t n = strlen(p);
    if (strncmp(s, p, n) != 0 || !s[n])
        return 0;
    return strspn(s + n, "0123456789.") == strlen(s + n);
}

/* What a killed run left: PARENT/.NAME.new.* and .NAME.old.* folders, and
 * .*.tmp.* files inside NAME itself. Called with the lock held. */
static void remove_leftovers(const char *parent, const char *name, const char *dir)
{
    char pnew[300], pold[300], path[4096];
    snprintf(pnew, sizeof(pnew), ".%s.new.", name);
    snprintf(pold, sizeof(pold), ".%s.old.", name);
    DIR *d = opendir(parent);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)))
            if ((has_prefix(e->d_name, pnew) || has_prefix(e->d_name, pold)) &&
                calf_path_join(path, sizeof(path), parent, e->d_name, NULL) == CALF_OK)
                calf_remove_tree(path, NULL);
        closedir(d);
    }
    d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d))) {
            struct stat st;
            if (e->d_name[0] == '.' && strstr(e->d_name + 1, ".tmp.") &&
                calf_path_join(path, sizeof(path), dir, e->d_name, NULL) == CALF_OK &&
                lstat(path, &st) == 0 && !S_ISDIR(st.st_mode))
                unlink(path);
        }
        closedir(d);
    }
}

/* A folder written by a calfsim from before the stamp: one of the files
 * every verb writes opens with calfsim's provenance. */
static int legacy_output(const char *dir)
{
    static const char *const names[] = {"trace.csv", "compare.csv",  "cohort.csv",
                                        "grid.csv",  "explain.json", "fit.json",
                                        "plan.json", "banister.json"};
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
        char path[4096], head[256];
        if (calf_path_join(path, sizeof(path), dir, names[i], NULL) != CALF_OK)
            continue;
        int fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
        if (fd < 0)
            continue;
        ssize_t n = read(fd, head, sizeof(head) - 1);
        close(fd);
        if (n > 0) {
            head[n] = '\0';
            if (strstr(head, "# calfsim ") == head || strstr(head, "\"calfsim_version\"") ||
                strstr(head, "\"version\""))
                return 1;
        }
    }
    return 0;
}

/* CALF_OK when dir does not exist, is empty, carries the stamp, or holds the
 * outputs of an earlier calfsim (legacy_output). */
static int check_replaceable(const char *dir, const char *shown, calf_error *err)
{
    struct stat st;
    if (lstat(dir, &st) != 0)
        return errno == ENOENT ? CALF_OK
                               : calf_error_set(err, CALF_EIO, "%s: %s", shown, strerror(errno));
    if (!S_ISDIR(st.st_mode))
        return calf_error_set(err, CALF_EIO, "%s: exists and is not a folder", shown);
    char stamp[4096];
    if (calf_path_join(stamp, sizeof(stamp), dir, CALF_OUTDIR_STAMP, err))
        return CALF_EIO;
    if (lstat(stamp, &st) == 0 && S_ISREG(st.st_mode))
        return CALF_OK;
    DIR *d = opendir(dir);
    if (!d)
        return calf_error_set(err, CALF_EIO, "%s: cannot read: %s", shown, strerror(errno));
    int empty = 1;
    struct dirent *e;
    while (empty && (e = readdir(d)))
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            !(e->d_name[0] == '.' && strstr(e->d_name + 1, ".tmp.")))
            empty = 0;
    closedir(d);
    if (!empty && !legacy_output(dir))
        return calf_error_set(err, CALF_EIO,
                              "%s: not empty and not a calfsim output folder (no %s in it); "
                              "name a new or empty folder with --out",
                              shown, CALF_OUTDIR_STAMP);
    return CALF_OK;
}

static int write_stamp(const char *work, calf_error *err)
{
    char path[4096];
    if (calf_path_join(path, sizeof(path), work, CALF_OUTDIR_STAMP, err))
        return CALF_EIO;
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
    static const char text[] = "calfsim output folder: the next run into it replaces it whole\n";
    if (fd < 0 || write(fd, text, sizeof(text) - 1) != (ssize_t)(sizeof(text) - 1)) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        return calf_error_set(err, CALF_EIO, "%s: cannot write: %s", path, strerror(e));
    }
    if (close(fd) != 0)
        return calf_error_set(err, CALF_EIO, "%s: write failed: %s", path, strerror(errno));
    return CALF_OK;
}

static int take_lock(calf_outdir *od, const char *parent, const char *name, calf_error *err)
{
    char lock[4096];
    int w = snprintf(lock, sizeof(lock), "%s/.%s.lock", parent, name);
    if (w < 0 || (size_t)w >= sizeof(lock))
        return calf_error_set(err, CALF_EIO, "%s: path too long", od->dir);
    od->lock_fd = open(lock, O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0666);
    if (od->lock_fd < 0)
        return calf_error_set(err, CALF_EIO, "%s: cannot create the lock: %s", lock,
                              strerror(errno));
    if (flock(od->lock_fd, LOCK_EX | LOCK_NB) != 0) {
        int e = errno;
        close(od->lock_fd);
        od->lock_fd = -1;
        if (e == EWOULDBLOCK)
            return calf_error_set(err, CALF_EIO,
                                  "%s: another calfsim run is writing this folder; wait for it "
                                  "to finish or choose another --out",
                                  od->dir);
        return calf_error_set(err, CALF_EIO, "%s: cannot lock: %s", lock, strerror(e));
    }
    od->locked = 1;
    return CALF_OK;
}

int calf_outdir_open(calf_outdir *od, const char *dir, calf_error *err)
{
    memset(od, 0, sizeof(*od));
    od->lock_fd = -1;
    char parent[4096], name[256], real[4096];
    if (strlen(dir) >= sizeof(od->dir))
        return calf_error_set(err, CALF_EIO, "%s: output path too long", dir);
    snprintf(od->dir, sizeof(od->dir), "%s", dir);
    int rc = split_dir(dir, parent, name, err);
    if (!rc)
        rc = calf_mkdirs(parent, err);
    if (!rc)
        rc = take_lock(od, parent, name, err);
    if (!rc)
        rc = calf_path_join(real, sizeof(real), parent, name, err);
    if (rc)
        return rc;
    remove_leftovers(parent, name, real);
    if ((rc = check_replaceable(real, od->dir, err)))
        goto fail;
    for (int k = 0;; k++) {
        int w = k ? snprintf(od->work, sizeof(od->work), "%s/.%s.new.%ld.%d", parent, name,
                             (long)getpid(), k)
                  : snprintf(od->work, sizeof(od->work), "%s/.%s.new.%ld", parent, name,
                             (long)getpid());
        if (w < 0 || (size_t)w >= sizeof(od->work)) {
            rc = calf_error_set(err, CALF_EIO, "%s: output path too long", od->dir);
            goto fail;
        }
        if (mkdir(od->work, 0777) == 0)
            break;
        if (errno != EEXIST || k >= 100) {
            rc = calf_error_set(err, CALF_EIO, "%s: cannot create folder: %s", od->dir,
                                strerror(errno));
            od->work[0] = '\0';
            goto fail;
        }
    }
    if ((rc = write_stamp(od->work, err)))
        goto fail;
    snprintf(od->dir, sizeof(od->dir), "%s", real);
    return CALF_OK;
fail:
    calf_outdir_close(od);
    return rc;
}

int calf_outdir_commit(calf_outdir *od, calf_error *err)
{
    if (!od->locked || !od->work[0] || od->committed)
        return calf_error_set(err, CALF_EIO, "%s: output folder not open", od->dir);
    struct stat st;
    if (lstat(od->dir, &st) != 0) {
        if (rename(od->work, od->dir) != 0)
            return calf_error_set(err, CALF_EIO, "%s: cannot rename into place: %s", od->dir,
                                  strerror(errno));
        od->committed = 1;
        return CALF_OK;
    }
    if (renameat2(AT_FDCWD, od->work, AT_FDCWD, od->dir, RENAME_EXCHANGE) == 0) {
        od->committed = 1;
        calf_remove_tree(od->work, NULL); /* now the previous outputs */
        return CALF_OK;
    }
    /* no atomic exchange on this file system: move the old folder aside first */
    char old[4096];
    size_t n = strlen(od->work);
    const char *tag = strstr(od->work + (n > 64 ? n - 64 : 0), ".new.");
    if (!tag)
        return calf_error_set(err, CALF_EIO, "%s: bad work folder name", od->work);
    snprintf(old, sizeof(old), "%.*s.old.%s", (int)(tag - od->work), od->work, tag + 5);
    if (rename(od->dir, old) != 0)
        return calf_error_set(err, CALF_EIO, "%s: cannot move the previous outputs aside: %s",
                              od->dir, strerror(errno));
    if (rename(od->work, od->dir) != 0) {
        int e = errno;
        rename(old, od->dir);
        return calf_error_set(err, CALF_EIO, "%s: cannot rename into place: %s", od->dir,
                              strerror(e));
    }
    od->committed = 1;
    calf_remove_tree(old, NULL);
    return CALF_OK;
}

void calf_outdir_close(calf_outdir *od)
{
    if (od->work[0] && !od->committed)
        calf_remove_tree(od->work, NULL);
    od->work[0] = '\0';
    if (od->locked)
        close(od->lock_fd);
    od->locked = 0;
    od->lock_fd = -1;
}
