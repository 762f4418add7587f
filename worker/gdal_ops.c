#include "gdal_ops.h"
#include "remote.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_error.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_frmts.h>
#include <gdal_utils.h>
#include <ogr_srs_api.h>

#include "fetch.h"
#include "gdalargs.h"
#include "objstore.h"
#include "timeutil.h"
#include "vrt_raw.h"
#include "upload.h"

/* Masks the values of the credential options wherever they occur. */
static void mask_secrets(char *text)
{
	static const char *const names[] = {
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN",
		"GS_SECRET_ACCESS_KEY", "GS_OAUTH2_REFRESH_TOKEN",
		"AZURE_STORAGE_ACCESS_KEY", "AZURE_STORAGE_SAS_TOKEN",
		"AZURE_STORAGE_CONNECTION_STRING", "OSS_SECRET_ACCESS_KEY",
		"SWIFT_KEY", NULL};
	for (const char *const *n = names; *n; n++) {
		const char *v = CPLGetConfigOption(*n, NULL);
		size_t len = v ? strlen(v) : 0;
		char *p;
		if (len < 4)
			continue;
		while ((p = strstr(text, v))) {
			memset(p, '*', 3);
			memmove(p + 3, p + len, strlen(p + len) + 1);
		}
	}
}

static void CPL_STDCALL on_gdal_error(CPLErr cls, CPLErrorNum no,
				      const char *msg)
{
	int os_errno = errno; /* before anything here can change it */
	struct rp_gdal *g = CPLGetErrorHandlerUserData();
	if (cls == CE_Warning && g->warn) {
		char line[2048];
		snprintf(line, sizeof(line), "%s", msg);
		mask_secrets(line);
		g->warn(g->cookie, line);
		return;
	}
	if (cls != CE_Failure && cls != CE_Fatal)
		return;
	size_t used = strlen(g->error);
	if (!g->failed) {
		g->error_no = no;
		g->os_errno = os_errno;
	} else if (strstr(g->error, msg))
		return; /* GDAL often repeats a failure once per block */
	snprintf(g->error + used, sizeof(g->error) - used, "%s%s",
		 g->failed ? "; " : "", msg);
	for (char *p = g->error + used; *p; p++)
		if (*p == '\n' || *p == '\r')
			*p = ' '; /* one log line per message */
	mask_secrets(g->error + used);
	g->failed = 1;
}

static void reset_errors(struct rp_gdal *g)
{
	g->error[0] = '\0';
	g->failed = 0;
	g->error_no = 0;
	g->os_errno = 0;
	CPLErrorReset();
}

static void fail_with(struct rp_gdal *g, const char *fmt, const char *arg)
{
	if (!g->failed)
		snprintf(g->error, sizeof(g->error), fmt, arg);
	g->failed = 1;
}

static enum rp_gdal_utility utility(const struct rp_gdal_job *job)
{
	return job->op == RP_GDAL_WARP ? RP_UTIL_WARP : RP_UTIL_TRANSLATE;
}

/* A warp to GTiff whose arguments open no other file needs no driver but
 * GTiff, HFA and MEM (and the input's, registered when it is opened). */
static int needs_all_drivers(const struct rp_gdal_job *job)
{
	return job->op != RP_GDAL_WARP ||
	       !EQUAL(rp_gdalargs_format(RP_UTIL_WARP, job->args), "GTiff") ||
	       !rp_gdalargs_plain_warp(job->args);
}

static void register_all_drivers(struct rp_gdal *g)
{
	if (!g->all_drivers)
		GDALAllRegister();
	g->all_drivers = 1;
}

static void register_drivers(struct rp_gdal *g, const struct rp_gdal_job *job)
{
	if (needs_all_drivers(job)) {
		register_all_drivers(g);
		return;
	}
	GDALRegister_GTiff();
	GDALRegister_HFA();
	GDALRegister_MEM();
}

void rp_gdal_init(struct rp_gdal *g, const struct rp_gdal_job *job)
{
	unsigned long cache_mb = job->cache_mb;
	/* Remote inputs: the user's GDAL_DISABLE_READDIR_ON_OPEN, if any,
	 * else none of GDAL's sidecar probes (docs/REMOTE.md). */
	const char *readdir = CPLGetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN",
						 NULL);
	g->user_readdir = readdir != NULL;
	snprintf(g->remote_readdir, sizeof(g->remote_readdir), "%s",
		 readdir ? readdir : "EMPTY_DIR");
	/* The seed's initializer, in C, before any raster I/O. */
	CPLSetConfigOption("GDAL_NUM_THREADS", "1");
	CPLSetConfigOption("CPL_NUM_THREADS", "1");
	CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN", "YES");
	CPLSetConfigOption("VSI_CACHE", "FALSE");
	if (!CPLFindFile("gdal", "gdalvrt.xsd") &&
	    access("/usr/share/gdal/gdalvrt.xsd", R_OK) == 0)
		CPLSetConfigOption("GDAL_DATA", "/usr/share/gdal");
	/* GDAL's HTTP retries for remote inputs, unless the user set them. */
	if (!CPLGetConfigOption("GDAL_HTTP_MAX_RETRY", NULL))
		CPLSetConfigOption("GDAL_HTTP_MAX_RETRY", "3");
	if (!CPLGetConfigOption("GDAL_HTTP_RETRY_DELAY", NULL))
		CPLSetConfigOption("GDAL_HTTP_RETRY_DELAY", "1");
	if (!CPLGetConfigOption("GDAL_HTTP_TIMEOUT", NULL))
		CPLSetConfigOption("GDAL_HTTP_TIMEOUT", "60");
	if (!job->allow_vrt_raw)
		rp_vrt_raw_forbid();
	CPLSetErrorHandlerEx(on_gdal_error, g);
	register_drivers(g, job);
	if (cache_mb)
		GDALSetCacheMax64((GIntBig)cache_mb * 1024 * 1024);
	reset_errors(g);
}

const char *rp_gdal_version(void)
{
	return GDALVersionInfo("RELEASE_NAME");
}

/* The message names the CRS: GDAL >= 3.9 rejects it while parsing the
 * arguments with only "Invalid SRS for -t_srs", so this runs first. */
static int check_crs(struct rp_gdal *g, const char *crs)
{
	OGRSpatialReferenceH srs = OSRNewSpatialReference(NULL);
	OGRErr e = OSRSetFromUserInput(srs, crs);
	OSRDestroySpatialReference(srs);
	if (e == OGRERR_NONE)
		return 0;
	char cause[sizeof(g->error) / 2]; /* room for both, a WKT cut short */
	snprintf(cause, sizeof(cause), "%.2000s", g->failed ? g->error : "");
	snprintf(g->error, sizeof(g->error),
		 "GDAL cannot parse the CRS '%.1500s'%s%s", crs,
		 cause[0] ? ": " : "", cause);
	g->failed = 1;
	return -1;
}

static int check_format(struct rp_gdal *g, const char *format)
{
	GDALDriverH drv = GDALGetDriverByName(format);
	if (drv && (GDALGetMetadataItem(drv, GDAL_DCAP_CREATE, NULL) ||
		    GDALGetMetadataItem(drv, GDAL_DCAP_CREATECOPY, NULL)))
		return 0;
	snprintf(g->error, sizeof(g->error),
		 "GDAL has no driver that can write the format '%s'", format);
	return -1;
}

static int check_args(const struct rp_gdal_job *job)
{
	if (job->op == RP_GDAL_WARP) {
		GDALWarpAppOptions *o = GDALWarpAppOptionsNew(job->args, NULL);
		GDALWarpAppOptionsFree(o);
		return o ? 0 : -1;
	}
	GDALTranslateOptions *o = GDALTranslateOptionsNew(job->args, NULL);
	GDALTranslateOptionsFree(o);
	return o ? 0 : -1;
}

static int check_job(struct rp_gdal *g, const struct rp_gdal_job *job)
{
	reset_errors(g);
	const char *crs = job->op == RP_GDAL_WARP
		? rp_gdalargs_value(RP_UTIL_WARP, job->args, "-t_srs") : NULL;
	if (crs && check_crs(g, crs))
		return -1;
	if (check_args(job) < 0) {
		if (!g->failed)
			snprintf(g->error, sizeof(g->error),
				 "GDAL rejected the arguments");
		return -1;
	}
	const char *format = rp_gdalargs_format(utility(job), job->args);
	if (format && check_format(g, format))
		return -1;
	return g->failed ? -1 : 0;
}

/* Creation options are the same for every task: GDAL validates them here,
 * once (its warnings go to the log), instead of in every GDALCreate. */
static void validate_creation_options(const struct rp_gdal_job *job)
{
	GDALDriverH drv = GDALGetDriverByName(
		rp_gdalargs_format(utility(job), job->args));
	char **co = NULL;
	for (int i = 0; job->args[i] && job->args[i + 1]; i++)
		if (!strcmp(job->args[i], "-co"))
			co = CSLAddString(co, job->args[++i]);
	if (drv)
		GDALValidateCreationOptions(drv, co);
	CSLDestroy(co);
	if (!CPLGetConfigOption("GDAL_VALIDATE_CREATION_OPTIONS", NULL))
		CPLSetConfigOption("GDAL_VALIDATE_CREATION_OPTIONS", "NO");
}

/* A CRS given as a file may need a driver the lean set lacks. */
int rp_gdal_check(struct rp_gdal *g, const struct rp_gdal_job *job)
{
	int rc = check_job(g, job);
	if (rc < 0 && !g->all_drivers) {
		register_all_drivers(g);
		rc = check_job(g, job);
	}
	if (rc == 0)
		validate_creation_options(job);
	if (rc == 0 && job->out_dir &&
	    rp_upload_check(job->out_dir, g->error, sizeof(g->error)) < 0)
		rc = -1;
	return rc;
}

const char *rp_gdal_extension(const char *format)
{
	GDALDriverH drv = GDALGetDriverByName(format);
	const char *ext = drv ? GDALGetMetadataItem(drv, GDAL_DMD_EXTENSION, NULL)
			      : NULL;
	if (drv && EQUAL(format, "COG"))
		return "tif";
	return ext ? ext : "";
}

static long long file_size(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0 ? (long long)st.st_size : -1;
}

static long long pixels(GDALDatasetH ds)
{
	return (long long)GDALGetRasterXSize(ds) * GDALGetRasterYSize(ds) *
	       GDALGetRasterCount(ds);
}

static GDALDatasetH warp(struct rp_gdal *g, char **args, GDALDatasetH src,
			 const struct rp_gdal_task *t)
{
	GDALWarpAppOptions *own = NULL, *o;
	if (t->threads > 1 && rp_gdalargs_threads_safe(args)) {
		/* The tail thread rule (gdalargs.h). No -multi: its extra I/O
		 * thread would exceed the cores the task was given (gdalwarp,
		 * one 6000x6000 warp on 2 cores: 1.52-1.73 s without it,
		 * 1.68-1.84 s with it, same bytes). */
		char n[16];
		struct rp_argv threaded = {0};
		snprintf(n, sizeof(n), "%u", t->threads);
		if (rp_remote_kind(t->input) == RP_REMOTE_NONE)
			CPLSetConfigOption("GDAL_NUM_THREADS", n);
		o = NULL;
		if (rp_gdalargs_threaded(args, t->threads, &threaded) == 0)
			o = own = GDALWarpAppOptionsNew(threaded.v, NULL);
		else
			fail_with(g, "out of memory%s", "");
		rp_argv_release(&threaded);
	} else {
		if (!g->warp_options)
			g->warp_options = GDALWarpAppOptionsNew(args, NULL);
		o = g->warp_options;
	}
	int usage_error = 0;
	GDALDatasetH dst = o ? GDALWarp(t->temp, NULL, 1, &src, o, &usage_error)
			     : NULL;
	GDALWarpAppOptionsFree(own);
	CPLSetConfigOption("GDAL_NUM_THREADS", "1");
	return dst;
}

static GDALDatasetH translate(struct rp_gdal *g, char **args,
			      GDALDatasetH src, const char *temp)
{
	if (!g->translate_options)
		g->translate_options = GDALTranslateOptionsNew(args, NULL);
	int usage_error = 0;
	return g->translate_options
		? GDALTranslate(temp, src, g->translate_options, &usage_error)
		: NULL;
}

void rp_gdal_release(struct rp_gdal *g)
{
	GDALWarpAppOptionsFree(g->warp_options);
	GDALTranslateOptionsFree(g->translate_options);
	g->warp_options = NULL;
	g->translate_options = NULL;
	rp_fetch_close();
}

/* gdaladdo's automatic levels: halve until the overview fits in 256 px. */
static int auto_levels(GDALDatasetH ds, int *levels, int max)
{
	int n = 0, f = 1, w = GDALGetRasterXSize(ds), h = GDALGetRasterYSize(ds);
	while (n < max && ((w + f - 1) / f > 256 || (h + f - 1) / f > 256)) {
		f *= 2;
		levels[n++] = f;
	}
	return n;
}

/* Overviews are built as gdaladdo does: on the closed copy, reopened for
 * update; the dataset returned is open for update, to be closed. */
static GDALDatasetH add_overviews(struct rp_gdal *g,
				  const struct rp_gdal_job *job,
				  GDALDatasetH dst, const char *temp)
{
	GDALClose(dst);
	if (g->failed)
		return NULL;
	dst = GDALOpenEx(temp, GDAL_OF_RASTER | GDAL_OF_UPDATE |
				       GDAL_OF_VERBOSE_ERROR, NULL, NULL, NULL);
	if (!dst)
		return NULL;
	int levels[32], n = job->nr_levels;
	memcpy(levels, job->levels, sizeof(levels));
	if (!n)
		n = auto_levels(dst, levels, 32);
	if (n && GDALBuildOverviews(dst, job->resampling, n, levels, 0, NULL,
				    NULL, NULL) != CE_None && !g->failed)
		snprintf(g->error, sizeof(g->error), "building overviews failed");
	return dst;
}

static GDALDatasetH produce(struct rp_gdal *g, const struct rp_gdal_job *job,
			    GDALDatasetH src, const struct rp_gdal_task *t)
{
	GDALDatasetH dst = job->op == RP_GDAL_WARP
		? warp(g, job->args, src, t)
		: translate(g, job->args, src, t->temp);
	if (dst && job->op == RP_GDAL_OVERVIEWS)
		dst = add_overviews(g, job, dst, t->temp);
	if (!dst && !g->failed)
		snprintf(g->error, sizeof(g->error), "%s failed",
			 job->op == RP_GDAL_WARP ? "warp" : "translate");
	return dst;
}

static void prefix_error(struct rp_gdal *g, const char *prefix)
{
	size_t n = strlen(prefix), len = strlen(g->error);
	if (len + n >= sizeof(g->error))
		len = sizeof(g->error) - n - 1;
	memmove(g->error + n, g->error, len);
	memcpy(g->error, prefix, n);
	g->error[len + n] = '\0';
}

/* GDAL >= 3.9 prints the system's reason for a failed write to stderr,
 * outside the error handler ("_tiffWriteProc: No space left on device"), and
 * raises only "Write error at scanline 0": the errno the write left is
 * added. Only the storage's errors (full, too large, quota, read-only,
 * I/O), so that a stale errno of some harmless earlier call cannot make up
 * a cause. */
static void add_write_cause(struct rp_gdal *g)
{
	switch (g->os_errno) {
	case ENOSPC: case EFBIG: case EDQUOT: case EROFS: case EIO:
		break;
	default:
		return;
	}
	const char *cause = strerror(g->os_errno);
	size_t len = strlen(g->error);
	if (!strstr(g->error, cause))
		snprintf(g->error + len, sizeof(g->error) - len, ": %s", cause);
}

/* The seed's remote settings, for one task, and no sidecar probes. */
static void remote_settings(const struct rp_gdal *g,
			    const struct rp_gdal_job *job, int on)
{
	unsigned long mb = job->cache_mb && job->cache_mb < 256 ? job->cache_mb
								 : 256;
	CPLSetConfigOption("GDAL_DISABLE_READDIR_ON_OPEN",
			   on ? g->remote_readdir : "YES");
	CPLSetConfigOption("VSI_CACHE", on ? "TRUE" : "FALSE");
	if (on || job->cache_mb)
		GDALSetCacheMax64((GIntBig)(on ? mb : job->cache_mb) << 20);
}

static void refuse_vrt_raw(struct rp_gdal *g, const char *input)
{
	g->failed = 0;
	fail_with(g, "%s is a VRT with a VRTRawRasterBand, which reads local "
		  "files as pixels: refused (--allow-vrt-raw allows it)", input);
}

/* GDALs that honour GDAL_VRT_ENABLE_RAWRASTERBAND=NO (3.10 and later)
 * refuse such a band themselves, at open or at the first read of a nested
 * VRT, in words that do not say how to opt in: the task says it in ours. */
static void explain_vrt_raw(struct rp_gdal *g, const struct rp_gdal_job *job,
			    const char *input)
{
	if (g->failed && !job->allow_vrt_raw &&
	    strstr(g->error, "VRTRawRasterBand support has been disabled"))
		refuse_vrt_raw(g, input);
}

/* Opens input (a remote input's local copy, maybe), named `name` in errors. */
static GDALDatasetH open_input(struct rp_gdal *g, const struct rp_gdal_job *job,
			       const char *input, const char *name,
			       long long size)
{
	if (size == 0) {
		fail_with(g, "empty file (0 bytes)%s", "");
		return NULL;
	}
	unsigned flags = GDAL_OF_RASTER | GDAL_OF_VERBOSE_ERROR;
	GDALDatasetH src = GDALOpenEx(input, flags, NULL, NULL, NULL);
	if (!src && !g->all_drivers) {
		/* Not GTiff's: what GDALAllRegister() would have given. */
		reset_errors(g);
		register_all_drivers(g);
		src = GDALOpenEx(input, flags, NULL, NULL, NULL);
	}
	if (!src)
		fail_with(g, "cannot open %s", name);
	if (src && !job->allow_vrt_raw && rp_vrt_raw_used(src)) {
		refuse_vrt_raw(g, name);
		GDALClose(src);
		src = NULL;
	}
	return src;
}

/* Whether a remote input is read whole before the task takes its cores:
 * not when the user asked for GDAL's sidecar handling (the copy has no
 * siblings), nor for a VRT output, which would name the copy as its source. */
static int fetch_whole(const struct rp_gdal *g, const struct rp_gdal_job *job)
{
	return !g->user_readdir &&
	       !EQUAL(rp_gdalargs_format(utility(job), job->args), "VRT");
}

/* Resume: the object has the size and date the journal has for it (a
 * server that sends no Last-Modified never counts as unchanged). */
static int unchanged(const struct rp_gdal_task *t, const struct rp_fetch *f)
{
	return t->unless_size >= 0 && f->mtime > 0 &&
	       f->size == t->unless_size &&
	       f->mtime * 1000000000LL == t->unless_mtime_ns;
}

/* Resume of an output in object storage: present with the journal's size
 * (and the input unchanged: a remote one checked by unchanged(), a local
 * one by the supervisor). */
static int output_present(const struct rp_gdal_task *t, long long *size)
{
	VSIStatBufL st;
	if (t->unless_output_size < 0 || VSIStatL(t->output, &st) != 0 ||
	    (long long)st.st_size != t->unless_output_size)
		return 0;
	*size = (long long)st.st_size;
	return 1;
}

/* An output in object storage: uploaded from the task's temp, then its
 * sidecars, as a local commit renames them (atomic.h); the files go either
 * way (the supervisor removes the private directory they were in). */
static void upload_output(struct rp_gdal *g, const struct rp_gdal_task *t,
			  struct rp_gdal_report *r)
{
	char why[1024];
	if (!g->failed &&
	    (rp_upload(t->temp, t->output, why, sizeof(why)) < 0 ||
	     rp_upload_sidecars(t->temp, t->output, why, sizeof(why)) < 0)) {
		if (g->failed) /* GDAL said why */
			prefix_error(g, "upload failed: ");
		fail_with(g, "%s", why);
	}
	VSIUnlink(t->temp); /* the supervisor removes its directory */
	r->ok = !g->failed;
}

/* The network part of a remote task, before it takes a core: the stat
 * (size, mtime for the journal) and, for a small object, the whole of it. */
static const char *fetch_input(struct rp_gdal *g, const struct rp_gdal_job *job,
			       const struct rp_gdal_task *t, struct rp_fetch *f,
			       struct rp_gdal_report *r, long long *present)
{
	char why[1024];
	long long max = fetch_whole(g, job) ? RP_FETCH_MAX_BYTES : 0;
	/* A first run of an HTTP input: no journal record to compare with,
	 * so the HEAD would only tell what the GET's own headers tell. */
	if (t->unless_size < 0 && rp_fetch_get(f, t->input, max) == 1) {
		r->bytes_in = f->size;
		r->input_mtime = f->mtime;
		return f->path;
	}
	int rc = rp_fetch_stat(f, t->input, why, sizeof(why));
	r->bytes_in = f->size;
	r->input_mtime = f->mtime;
	if (rc == 0 && unchanged(t, f) &&
	    (!rp_objstore_path(t->output) || output_present(t, present)))
		return NULL;
	if (rc == 0)
		rc = rp_fetch_read(f, t->input, max, why, sizeof(why));
	if (rc < 0) {
		fail_with(g, "%s", why);
		return NULL;
	}
	return rc ? f->path : t->input;
}

void rp_gdal_run(struct rp_gdal *g, const struct rp_gdal_job *job,
		 const struct rp_gdal_task *task, struct rp_gdal_report *r)
{
	memset(r, 0, sizeof(*r));
	reset_errors(g);
	int remote = rp_remote_kind(task->input) != RP_REMOTE_NONE;
	struct rp_fetch fetch = {.size = -1};
	double t0 = rp_now();
	const char *input = task->input;
	int to_object = rp_objstore_path(task->output);
	long long present = 0;
	if (remote)
		input = fetch_input(g, job, task, &fetch, r, &present);
	else
		r->bytes_in = file_size(task->input);
	if (remote && !input && !g->failed) {
		r->ok = r->unchanged = 1;
		r->bytes_out = to_object ? present : file_size(task->output);
		return;
	}
	if (!remote && to_object && output_present(task, &present)) {
		r->ok = r->unchanged = 1;
		r->bytes_out = present;
		return;
	}
	if (remote)
		remote_settings(g, job, 1);
	/* Units not taken are not given back: a failed semop must not
	 * raise the gate above the cores for the rest of the run. */
	int held = rp_cpugate_acquire(&job->gate, task->threads) == 0;
	GDALDatasetH src = input ? open_input(g, job, input, task->input,
					      r->bytes_in)
				   : NULL;
	double t1 = rp_now();
	GDALDatasetH dst = NULL;
	if (src) {
		r->pixels_in = pixels(src);
		dst = produce(g, job, src, task);
	}
	double t2 = rp_now();
	if (dst) {
		r->pixels_out = pixels(dst);
		GDALClose(dst); /* flushes: failures land in the handler */
	}
	if (src)
		GDALClose(src);
	if (held)
		rp_cpugate_release(&job->gate, task->threads);
	rp_fetch_release(&fetch);
	if (remote)
		remote_settings(g, job, 0);
	if (!dst)
		g->failed = 1;
	explain_vrt_raw(g, job, task->input);
	if (!g->failed) /* else the supervisor removes what it wrote */
		r->bytes_out = file_size(task->temp); /* the supervisor commits */
	if (to_object)
		upload_output(g, task, r);
	double t3 = rp_now();
	r->ok = !g->failed;
	if (!r->ok)
		add_write_cause(g);
	if (!r->ok && g->error_no == CPLE_OutOfMemory)
		prefix_error(g, "out of memory: ");
	r->error = r->ok ? NULL : g->error;
	r->error_no = g->error_no;
	r->t_open = t1 - t0;
	r->t_warp = t2 - t1;
	r->t_write = t3 - t2; /* close: GDAL flushes the output */
	r->t_total = t3 - t0;
}
