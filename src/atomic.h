/*
 * atomic: an output appears under its final name whole, or not at all, and
 * every file a task wrote is either committed beside it or removed.
 *
 * Each task gets a private directory in its output's directory, made by the
 * supervisor with rp_atomic_begin(): ".rasterpool-<host>_<pidns>-<pid>-<random>",
 * mode 0700, created with mkdirat (which never follows a link and fails on
 * any existing name), so that nobody else can plant a file or a link in it.
 * The worker writes the output there under its final basename (through a
 * descriptor of the directory it checked is this one: worker/anchor.h, with
 * `dev` and `ino`); whatever else GDAL writes beside it (.aux.xml, .msk, .ovr, a COG's .ovr.tmp, a
 * world file) lands there too, under the name it would have beside the
 * output. The host and pid let rp_atomic_sweep() tell a killed run's
 * directories from a live run's, and another machine's on a shared
 * filesystem; the random part makes the name unpredictable.
 *
 * Commit (commit.h): the data made durable, rp_atomic_publish() renames the
 * output from the private directory to its final name, then every other
 * regular file in it to the same name beside the output, and removes the
 * directory with whatever is left in it. When the output replaces an older
 * one, the older one's sidecars the new one does not have (.aux.xml, .ovr,
 * .msk, .aux, world files: names GDAL would read as the new output's) are
 * removed between the two steps; a crash there leaves the task not
 * journaled done, so the rerun redoes it and removes them; rp_atomic_sync_dir() then fsyncs
 * the output's directory. The output goes first: when its rename fails
 * nothing has changed (an existing output and its sidecars stay as they
 * were); a sidecar that fails after it is reported. The renames are made
 * relative to descriptors of the private directory (opened without
 * following a link) and of its parent (its ".."), so a directory renamed or
 * replaced by a link meanwhile cannot send a file elsewhere. rename()
 * replaces a link planted at a final name; it never writes through it.
 *
 * On a failure, and for a task whose worker died, timed out or was
 * interrupted (the pool reports it only once the worker is reaped),
 * rp_atomic_discard() removes the private directory with everything in it,
 * never following a link. rp_atomic_sweep() removes what a run killed with
 * SIGKILL left: private directories of this machine's name pattern, owned
 * by this user, whose supervisor is no longer alive.
 *
 * Functions return 0 or -errno; publish and sync_dir also write the
 * operating system's message, naming the file, into err.
 */
#ifndef RP_ATOMIC_H
#define RP_ATOMIC_H

#include <stddef.h>

#define RP_ATOMIC_PREFIX ".rasterpool-"

/* One task's private directory, from rp_atomic_begin() until publish or
 * discard ends it. The descriptor is what publish and discard act on, so
 * they reach the directory made for the task wherever its name leads by
 * then (OUT_DIR renamed, a link planted in a path). */
struct rp_atomic_tmp {
	char *path; /* where the worker writes (malloc'd):
		       "<final's dir>/<private dir>/<final's basename>" */
	int dir;    /* the private directory, open while path is set */
	unsigned long long dev, ino; /* its identity, for the worker's check */
};

/* Makes the private directory for `final` in dirfd (the directory final
 * lives in, open). */
int rp_atomic_begin(int dirfd, const char *final, struct rp_atomic_tmp *t);
/* Renames the files into place; the private directory is removed and t
 * ended, whatever the outcome. */
int rp_atomic_publish(struct rp_atomic_tmp *t, const char *final, char *err,
		      size_t errlen);
/* fsyncs every regular file in the private directory (where syncfs cannot
 * be used); rp_atomic_open_output() opens the output in it, read-only. */
int rp_atomic_sync_files(const struct rp_atomic_tmp *t);
int rp_atomic_open_output(const struct rp_atomic_tmp *t);
int rp_atomic_sync_dir(const char *final, char *err, size_t errlen);
/* Removes the private directory and everything in it, and ends t; nothing
 * when t has none (path NULL: a zeroed struct has none). */
void rp_atomic_discard(struct rp_atomic_tmp *t);

/* mkdir -p: creates dir and any missing parents; 0 when dir exists (then
 * *created, if given, says whether this call made it), -ENOTDIR when it is
 * something else, or -errno. The common case, an existing directory, costs
 * one mkdir and one stat. rp_atomic_make_parents() does it for the
 * directory a file path lives in. */
int rp_atomic_mkdirs(const char *dir, int *created);
int rp_atomic_make_parents(const char *path);

/* Opens the directory `path` lives in, which is rasterpool's own
 * (OUT_DIR/.rasterpool): made with mkdir when missing and `create` (its
 * parent is not made), never opened through a link, and refused with -ELOOP
 * when it is a symbolic link, -ENOTDIR when no directory, -EPERM when
 * another user owns it. Returns the descriptor, or -errno. */
int rp_atomic_open_own_parent(const char *path, int create);

/* Removes, in dir, the private directories of runs on this machine whose
 * supervisor is no longer alive. A live run's, another machine's, another
 * user's and anything not a directory are left alone. Returns how many it
 * removed, or -errno when dir cannot be read (a missing dir is 0). */
int rp_atomic_sweep(const char *dir);

#endif
