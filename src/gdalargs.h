/*
 * gdalargs: the arguments of GDAL's utilities for a job, without GDAL.
 *
 * Linked into both executables: the supervisor builds a job's arguments
 * once (rp_gdalargs_build) and sends them in CONFIG; the worker reads them
 * back with the same grammar (the option table below) to pick its drivers,
 * the output format and a tail task's threads. One place decides how
 * rasterpool's options and the user's arguments after "--" combine:
 *
 *   The user's arguments win. An option rasterpool sets by default (-t_srs,
 *   -r, -et, -of, -wo NUM_THREADS= for warp; -r, -of for translate) is left
 *   out when the user's arguments hold it, so that GDAL never sees a
 *   single-valued option twice (GDAL >= 3.9 refuses "Duplicate argument";
 *   older GDAL took the last one, which gave the same result). -co: --co
 *   replaces rasterpool's default creation options, and so does any -co
 *   after "--"; the defaults are those of the EFFECTIVE format (the user's
 *   -of if given, else --format).
 *
 * The order is rasterpool's arguments, then the user's, verbatim, so that
 * with no user arguments the list (and the journal's options key) is what
 * it always was.
 *
 * Calling sequence:
 *   struct rp_argv a = {0};
 *   if (rp_gdalargs_build(&defaults, extra, nr_extra, &a) < 0) -> ENOMEM
 *   ... a.v is NULL-terminated, a.n entries ...
 *   rp_argv_release(&a);
 *
 * Errors: functions that allocate return 0 or -1 (out of memory) and leave
 * the rp_argv valid to release. Nothing here prints.
 */
#ifndef RP_GDALARGS_H
#define RP_GDALARGS_H

#include <stddef.h>

/* A NULL-terminated, growable list of strings it owns. Valid when zeroed. */
struct rp_argv {
	char **v;
	size_t n, alloc;
};

int rp_argv_push(struct rp_argv *a, const char *s);
int rp_argv_push_all(struct rp_argv *a, char *const *v, size_t n);
void rp_argv_release(struct rp_argv *a);

/* Which utility's grammar: gdalwarp's or gdal_translate's. */
enum rp_gdal_utility { RP_UTIL_WARP, RP_UTIL_TRANSLATE };

struct rp_gdalargs_defaults {
	enum rp_gdal_utility utility;
	const char *crs;          /* warp: -t_srs */
	const char *resampling;   /* -r; NULL: none (translate's default) */
	double error_threshold;   /* warp: -et */
	const char *format;       /* -of */
	const char *const *co;    /* --co; none: the format's defaults */
	size_t nr_co;
};

/* rasterpool's defaults merged with the user's `extra` arguments. */
int rp_gdalargs_build(const struct rp_gdalargs_defaults *d,
		      char *const *extra, size_t nr_extra, struct rp_argv *out);

/* The value of the last occurrence of `opt` in a NULL-terminated list
 * read with `u`'s grammar, or NULL. */
const char *rp_gdalargs_value(enum rp_gdal_utility u, char *const *args,
			      const char *opt);

/* The output format the list names: its -of, else "GTiff" (GDAL's default
 * for both utilities since GDAL 2.3, with the extension-based guess that
 * rasterpool never relies on since it always passes -of). */
const char *rp_gdalargs_format(enum rp_gdal_utility u, char *const *args);

/* The number of values `opt` takes, at least *min and at most *max (the
 * extra ones only when they are numbers: -scale, -gcp, -tr square...);
 * returns -1 for an option the table does not know. */
int rp_gdalargs_arity(enum rp_gdal_utility u, const char *opt, int *min,
		      int *max);

/* Whether a gdalwarp list names no file but the input and output (so that
 * GTiff, HFA and MEM are all the drivers it needs besides the input's). */
int rp_gdalargs_plain_warp(char *const *args);

/* The thread rule of a tail task (docs/PROTOCOL.md): the list with every
 * -wo NUM_THREADS= set to `threads` (added when absent) and, unless the
 * user set one, -co NUM_THREADS=`threads` for compression threads. Only
 * for formats whose bytes threads do not change (rp_gdalargs_threads_safe). */
int rp_gdalargs_threaded(char *const *args, unsigned threads,
			 struct rp_argv *out);
int rp_gdalargs_threads_safe(char *const *args);

#endif
