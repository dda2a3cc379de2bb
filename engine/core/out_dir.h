/*
 * out_dir.h: an output folder written as a whole. Every verb that writes a
 * folder (run, compare, cohort, sweep, explain, fit, plan, banister, lesson,
 * script, prescribe, import, forecast) goes through it:
 *
 *   calf_outdir od;
 *   rc = calf_outdir_open(&od, "calfsim-out/x", err);   // lock, tidy, od.work
 *   ... write every file under od.work ...
 *   if (!rc) rc = calf_outdir_commit(&od, err);           // swap into place
 *   calf_outdir_close(&od);                               // unlock; drop work
 *
 * open takes an exclusive lock (PARENT/.NAME.lock, flock) so a second writer
 * into the same folder is refused with one line; removes what a killed run
 * left behind (PARENT/.NAME.new.* and .NAME.old.* folders, .*.tmp.* files
 * inside NAME); and creates the empty sibling PARENT/.NAME.new.PID where the
 * run writes. commit replaces NAME by that folder in one rename (Linux
 * renameat2 RENAME_EXCHANGE, else two renames), then removes the previous
 * outputs, so none of them survive next to the new ones. A run that fails
 * before commit leaves the previous folder exactly as it was.
 *
 * A folder is replaced only when it is empty, carries the stamp file
 * .calfsim-out that every committed folder holds, or holds the outputs of a
 * calfsim from before the stamp (trace.csv, compare.csv, ... opening with
 * calfsim's provenance): a non-empty folder that calfsim did not write (a
 * home folder named by mistake) is refused.
 */
#ifndef CALF_OUT_DIR_H
#define CALF_OUT_DIR_H

#include "error.h"

#define CALF_OUTDIR_STAMP ".calfsim-out"

typedef struct calf_outdir {
    char dir[4096];  /* the folder the user named, as it will be after commit */
    char work[4096]; /* where this run writes until commit */
    int lock_fd;     /* valid while locked */
    int locked;
    int committed;
} calf_outdir;

int calf_outdir_open(calf_outdir *od, const char *dir, calf_error *err);
int calf_outdir_commit(calf_outdir *od, calf_error *err);
/* Removes the work folder when not committed, releases the lock; safe to
 * call on a zeroed or failed-to-open calf_outdir, and twice. */
void calf_outdir_close(calf_outdir *od);
/* Remove a folder tree without following symbolic links (CALF_OK, or
 * CALF_EIO naming the first entry that could not be removed). */
int calf_remove_tree(const char *path, calf_error *err);

#endif
