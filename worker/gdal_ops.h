/*
 * gdal_ops: everything the worker asks of GDAL, through its C API.
 *
 *   struct rp_gdal g;
 *   rp_gdal_init(&g, &job);           once per worker: the seed's settings,
 *                                     the error handler, drivers registered
 *   rp_gdal_check(&g, &job)           once: does GDAL accept the job's
 *                                     arguments (CRS and format included)?
 *   rp_gdal_run(&g, &job, &task, &report)   per task
 *   rp_gdal_release(&g)               at exit
 *
 * Remote inputs (/vsicurl/, /vsis3/, http://, ...) get the seed's remote
 * settings for their task: VSI_CACHE=TRUE and a block cache bounded to
 * 256 MB; GDAL's HTTP retries are on for the whole worker unless the
 * environment sets them; GDAL_DISABLE_READDIR_ON_OPEN=EMPTY_DIR, so that
 * GDAL probes for no sidecar (.aux.xml, .ovr, .msk, RPC...) one request at
 * a time, unless the environment sets it (then the user's value holds:
 * NO lists the directory once and honours the sidecars in it).
 * A task first stats a remote input (its size and Last-Modified go to the
 * report) and, up to RP_FETCH_MAX_BYTES and unless the user set
 * GDAL_DISABLE_READDIR_ON_OPEN or the output is a VRT, reads it whole into
 * /vsimem/ (fetch.h): two requests in all. Only then does the task take its
 * cores from the run's gate (cpugate.h, job->gate), which it holds while
 * GDAL opens, warps and closes: more tasks than cores may be fetching, never
 * more threads than cores computing. The "open" stage includes the fetch.
 * Remote inputs read by GDAL itself (not fetched) decode single-threaded:
 * a dropped transfer must fail the task, and multi-threaded TIFF decoding
 * has been seen to swallow the error (OSGeo/gdal#11552).
 *
 * The error handler is the C form of the seed's gdal.UseExceptions(): every
 * CE_Failure or CE_Fatal raised while a task runs, including while the
 * output is closed and flushed, makes the task fail with GDAL's message.
 * Warnings are passed to `warn` (the worker forwards them to the log).
 * A task with threads > 1 warps with -wo NUM_THREADS=k (and decodes with
 * GDAL_NUM_THREADS=k) and
 * compresses with -co NUM_THREADS=k when the output is GTiff or COG: GDAL
 * writes the same bytes as single-threaded, sooner. Other formats run
 * single-threaded (a VRT would record the options in itself).
 * Drivers: GDALAllRegister() costs a worker ~8 MB resident and ~10 ms.
 * A warp to GTiff whose arguments name no other file (plain_warp_option)
 * registers GTiff, HFA (.aux sidecars) and MEM only, and everything else the
 * first time an input fails to open, which is then opened again: the result
 * is GDALAllRegister's, since each driver claims files by its own
 * signature and GTiff's is the first one tried either way. Other jobs
 * register every driver at once.
 * A task writes only to task->temp, in the private directory the supervisor
 * made for it (atomic.h), and closes it; the report says whether it
 * succeeded. The supervisor then commits the directory's files to the
 * output's name (commit.h), or removes the directory with all in it.
 * An output in object storage (job->out_dir set) is uploaded from
 * task->temp to its key by the task itself once it is closed (upload.h);
 * the supervisor then removes the private directory as after a failure.
 * rp_gdal_check then also checks that the bucket answers, so that bad
 * credentials or a missing bucket refuse the run once. Error texts never
 * hold the values of the credential options (AWS_SECRET_ACCESS_KEY,
 * AWS_SESSION_TOKEN, GS_SECRET_ACCESS_KEY, AZURE_STORAGE_ACCESS_KEY,
 * AZURE_STORAGE_SAS_TOKEN...): they are masked.
 */
#ifndef RP_GDAL_OPS_H
#define RP_GDAL_OPS_H

#include <stddef.h>

#include "cpugate.h"

/* Remote inputs up to this size are read whole before the task takes its
 * cores (fetch.h); larger ones are read by GDAL as it needs them. */
#define RP_FETCH_MAX_BYTES (64LL << 20)

struct rp_gdal {
	char error[4096]; /* failures raised during the current call */
	int failed;
	int error_no;     /* the first failure's CPLErrorNum */
	int os_errno;     /* errno when the first failure was raised */
	void (*warn)(void *cookie, const char *msg);
	void *cookie;
	int all_drivers;  /* GDALAllRegister() done */
	/* GDAL_DISABLE_READDIR_ON_OPEN for remote inputs: the environment's
	 * (user_readdir), else EMPTY_DIR. */
	char remote_readdir[32];
	int user_readdir;
	/* The job's options, parsed once (GDALWarp and GDALTranslate do not
	 * change them): a one-thread task reuses them. */
	struct GDALWarpAppOptions *warp_options;
	struct GDALTranslateOptions *translate_options;
};

enum rp_gdal_op {
	RP_GDAL_WARP,      /* GDALWarp */
	RP_GDAL_TRANSLATE, /* GDALTranslate */
	RP_GDAL_OVERVIEWS, /* GDALTranslate, then GDALBuildOverviews */
};

/* What CONFIG says, the same for every task of a run. */
struct rp_gdal_job {
	enum rp_gdal_op op;
	char **args;        /* the utility's arguments, NULL-terminated */
	int levels[32];     /* overviews: factors; none: halve to < 256 px */
	int nr_levels;
	char resampling[32]; /* overviews: GDALBuildOverviews' method */
	unsigned long cache_mb;
	int allow_vrt_raw; /* inputs may be VRTs with raw bands (vrt_raw.h) */
	struct rp_cpugate gate; /* the run's cores; id -1: none */
	const char *out_dir;    /* set when OUT_DIR is in object storage */
};

struct rp_gdal_task {
	const char *input;
	const char *output;
	const char *temp;
	unsigned threads; /* > 1: the spare cores of a batch's tail */
	/* Resume of a remote input: if the object still has this size (>= 0)
	 * and Last-Modified, the task does nothing and reports unchanged. */
	long long unless_size, unless_mtime_ns;
	/* and (>= 0) if the output object still has this size */
	long long unless_output_size;
};

struct rp_gdal_report {
	int ok;
	int unchanged; /* see unless_size: no output written */
	const char *error; /* points into struct rp_gdal, when !ok */
	int error_no;
	double t_open, t_warp, t_write, t_total; /* seconds */
	long long bytes_in, bytes_out;
	long long input_mtime; /* remote inputs: the server's Last-Modified */
	long long pixels_in, pixels_out;
};

struct rp_gdal_job;
void rp_gdal_init(struct rp_gdal *g, const struct rp_gdal_job *job);
void rp_gdal_release(struct rp_gdal *g);
const char *rp_gdal_version(void);
int rp_gdal_check(struct rp_gdal *g, const struct rp_gdal_job *job);
void rp_gdal_run(struct rp_gdal *g, const struct rp_gdal_job *job,
		 const struct rp_gdal_task *task, struct rp_gdal_report *report);

/* The usual file extension of a format's files ("tif", "png"), or "". */
const char *rp_gdal_extension(const char *format);

#endif
