/*
 * collision: no task of a plan may write over a file that the plan reads
 * or that another task writes. Checked on the whole plan (every shard's
 * part), in every mode (directory, --recursive, --from-list, --plan,
 * `plan`, --dry-run), before any task runs; main() makes a refusal exit 2.
 *
 *   struct rp_collision_file files[] = {{"--journal", path}, ...};
 *   if (rp_collision_check(&plan, files, n, err, sizeof(err)) < 0) exit 2
 *
 * Refused:
 *   - an output that is an input: the same file by device and inode where
 *     it exists (hard links, symbolic links, case-insensitive filesystems
 *     included; for a GDAL path into a local archive, the archive), and
 *     the same canonical path (path.h) otherwise;
 *   - two outputs whose names are equal ignoring ASCII case (a.tif and
 *     a.TIF both give a_warped.tif; A_warped.tif and a_warped.tif are one
 *     file on a case-insensitive filesystem, and on any after a copy),
 *     or one that is the directory of another (a.tif and a directory
 *     a_warped.tif/ under --recursive); an input listed twice;
 *   - a file the run itself writes or reads besides the tasks' (the
 *     journal, the report, the input list or plan) that is an input or an
 *     output, the same way.
 * Remote inputs are never the same file as a local output.
 *
 * Returns 0, or -1 with a message naming both files (or "out of memory")
 * in err.
 */
#ifndef RP_COLLISION_H
#define RP_COLLISION_H

#include <stddef.h>

#include "plan.h"

struct rp_collision_file {
	const char *what; /* for the message: "--journal", "the plan"... */
	const char *path; /* NULL: none */
};

int rp_collision_check(const struct rp_plan *plan,
		       const struct rp_collision_file *files, size_t nr_files,
		       char *err, size_t errlen);

#endif
