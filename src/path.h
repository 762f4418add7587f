/*
 * path: one spelling per file. "in", "./in/", "/abs/in" and a symbolic
 * link to it name the same directory; the journal, resume, collision
 * checks and plans compare paths, so they compare canonical ones.
 *
 *   char *c = rp_path_canonical("./out/");     "/abs/out", even if missing
 *   char *p = rp_path_canonical_parent("l/a.tif")  "/abs/real/a.tif"
 *   rel = rp_path_under("/abs/out/s/a.tif", "/abs/out")   "s/a.tif"
 *   rp_path_stat_prefix("/d/x.zip/a.tif", &st)   stats "/d/x.zip"
 *
 * rp_path_canonical() resolves every symbolic link, "." and ".." of the
 * part of the path that exists (realpath(3)) and appends the rest with "."
 * and ".." applied lexically (a missing directory cannot be a link).
 * rp_path_canonical_parent() does so for the directory and keeps the last
 * name as spelled, so that a symbolic link to a file stays that link (its
 * name gives the output's). Both return a malloc'd string the caller
 * frees, or NULL with errno set (ENOMEM, or the error of getcwd(3) or
 * realpath(3) other than a missing component).
 */
#ifndef RP_PATH_H
#define RP_PATH_H

#include <sys/stat.h>

char *rp_path_canonical(const char *path);
char *rp_path_canonical_parent(const char *path);

/* The part of path below dir ("" for dir itself), or NULL when path is not
 * dir or inside it. Both spelled alike (canonical). */
const char *rp_path_under(const char *path, const char *dir);

/* Stats the longest leading part of path, cut at a "/", that exists and
 * is no directory: the path itself for a file, the archive for a member
 * inside it. Returns that part's length, or -1 when none exists. */
long rp_path_stat_prefix(const char *path, struct stat *st);

#endif
