/*
 * gdal_ops: everything the worker asks of GDAL, through its C API.
 *
 *   struct rp_gdal g;
 *   rp_gdal_init(&g, cache_mb);       once per worker: the seed's settings,
 *                                     the error handler, drivers registered
 *   rp_gdal_check(&g, args, err, n)   once: does GDAL accept these
 *                                     gdalwarp arguments (CRS included)?
 *   rp_gdal_warp(&g, args, &task, &report)   per task
 *
 * The error handler is the C form of the seed's gdal.UseExceptions(): every
 * CE_Failure or CE_Fatal raised while a task runs, including while the
 * output is closed and flushed, makes the task fail with GDAL's message.
 * Warnings are passed to `warn` (the worker forwards them to the log).
 * A task with threads > 1 warps with -multi -wo NUM_THREADS=k and, for
 * GTiff and COG, compresses with -co NUM_THREADS=k: GDAL writes the same
 * bytes as single-threaded, sooner.
 * A task writes only to task->temp; on success rp_gdal_warp() commits it to
 * task->output (atomic.h), on failure it removes it. The report says which.
 */
#ifndef RP_GDAL_OPS_H
#define RP_GDAL_OPS_H

#include <stddef.h>

struct rp_gdal {
	char error[4096]; /* failures raised during the current call */
	int failed;
	int error_no;     /* the first failure's CPLErrorNum */
	void (*warn)(void *cookie, const char *msg);
	void *cookie;
};

struct rp_gdal_task {
	const char *input;
	const char *output;
	const char *temp;
	unsigned threads; /* > 1: the spare cores of a batch's tail */
};

struct rp_gdal_report {
	int ok;
	const char *error; /* points into struct rp_gdal, when !ok */
	int error_no;
	double t_open, t_warp, t_write, t_total; /* seconds */
	long long bytes_in, bytes_out;
	long long pixels_in, pixels_out;
};

void rp_gdal_init(struct rp_gdal *g, unsigned long cache_mb);
const char *rp_gdal_version(void);
int rp_gdal_check(struct rp_gdal *g, char **args);
void rp_gdal_warp(struct rp_gdal *g, char **args,
		  const struct rp_gdal_task *task,
		  struct rp_gdal_report *report);

#endif
