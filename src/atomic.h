/*
 * atomic: an output appears under its final name whole, or not at all.
 *
 * The writer (a worker) creates the output under a temporary name in the
 * destination directory and closes it; then the supervisor's commit thread
 * (commit.h) makes its data durable, renames it over the final name with
 * rp_atomic_publish() and fsyncs the directory with rp_atomic_sync_dir().
 * On any failure the worker calls rp_atomic_discard(); so does the
 * supervisor for the temporary file of a worker that died mid-task, or of a
 * commit that failed. An existing file under the final name is replaced
 * only by a successful commit.
 *
 * Temporary names are ".rptmp-<host>-<pid>-<seq>-<final basename>" beside
 * the final file (host: the short host name, '-' made '_'): hidden, so that
 * no input or output glob matches them, and recognisable by
 * rp_atomic_is_temp(); the host keeps shards on other machines that share
 * the directory safe from rp_atomic_sweep(). GDAL sidecars of the temporary file
 * (the RP_ATOMIC_SIDECARS suffixes) follow it: renamed on commit, removed on
 * discard.
 *
 * rp_atomic_publish() renames the file and its sidecars; it must come after
 * the data is durable (fsync or syncfs), and rp_atomic_sync_dir(), the fsync
 * of the final name's directory, after it.
 *
 * Functions return 0 or -errno; publish and sync_dir also write the
 * operating system's message, naming the file, into err.
 */
#ifndef RP_ATOMIC_H
#define RP_ATOMIC_H

#include <stddef.h>

#define RP_ATOMIC_PREFIX ".rptmp-"

int rp_atomic_temp_name(const char *final, unsigned long pid,
			unsigned long seq, char *out, size_t outlen);
int rp_atomic_sync_dir(const char *final, char *err, size_t errlen);
int rp_atomic_publish(const char *temp, const char *final, char *err,
		      size_t errlen);
void rp_atomic_discard(const char *temp);
int rp_atomic_is_temp(const char *basename);

/* mkdir -p: creates dir and any missing parents; 0 when dir exists (then
 * *created, if given, says whether this call made it), -ENOTDIR when it is
 * something else, or -errno. The common case, an existing directory, costs
 * one mkdir and one stat. rp_atomic_make_parents() does it for the
 * directory a file path lives in. */
int rp_atomic_mkdirs(const char *dir, int *created);
int rp_atomic_make_parents(const char *path);

/* Removes, in dir, the temporary files (and sidecars) of runs on this
 * machine whose supervisor is no longer alive: what a run killed with
 * SIGKILL left. A live run's names, and other machines', are left alone. Returns how many files it
 * removed, or -errno when dir cannot be read (a missing dir is 0). */
int rp_atomic_sweep(const char *dir);

#endif
