/*
 * rasterpool-worker: one GDAL worker process, started by the supervisor with
 * its socket on descriptor 3 (docs/PROTOCOL.md):
 *
 *   <- CONFIG   -> READY or REFUSED   (GDAL set up once, options checked)
 *   <- TASK     -> LOG* RESULT        (repeated)
 *   EOF: exit 0.
 *
 * It dies with the supervisor (PR_SET_PDEATHSIG) and ignores SIGINT, which a
 * terminal sends to the whole process group: stopping workers is the
 * supervisor's job. With --forkserver it is the zygote of forkserver.h and
 * each worker it forks goes on from here. `rasterpool-worker --version` prints GDAL's version,
 * `rasterpool-worker --extension FORMAT` the format's file extension.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <unistd.h>

#include <json.h>

#include <gdal.h>

#include "forkserver.h"
#include "gdal_ops.h"
#include "jsonutil.h"
#include "anchor.h"
#include "proto.h"
#include "vrt_raw.h"

#define FD 3

struct worker {
	struct rp_gdal gdal;
	struct rp_frame_reader reader;
	struct rp_gdal_job job;
	unsigned long memory_mb;
};

/* Blocks until a whole frame arrives; returns 0 at EOF or on a broken
 * stream, when the worker's only course is to exit. */
static int read_frame(struct worker *w, struct rp_frame *f)
{
	for (;;) {
		int rc = rp_frame_reader_next(&w->reader, f);
		if (rc)
			return rc > 0;
		if (rp_frame_reader_fill(&w->reader, FD) <= 0)
			return 0;
	}
}

/* A line for the supervisor's log, at DEBUG level (shown with -v). */
static void log_debug(const char *msg)
{
	struct json_object *m = json_object_new_object();
	json_object_object_add(m, "level", json_object_new_int(0));
	json_object_object_add(m, "msg", json_object_new_string(msg));
	rp_frame_write_json(FD, RP_FRAME_LOG, m);
	json_object_put(m);
}

static void forward_warning(void *cookie, const char *msg)
{
	(void)cookie;
	char line[4096];
	snprintf(line, sizeof(line), "GDAL warning: %s", msg);
	log_debug(line);
}

static void log_ready(const struct worker *w)
{
	char line[256], limit[64] = "none";
	if (w->memory_mb)
		snprintf(limit, sizeof(limit), "%lu MB", w->memory_mb);
	snprintf(line, sizeof(line),
		 "ready: pid %d, GDAL %s, block cache %lu MB, memory limit %s, "
		 "%d drivers registered", (int)getpid(), rp_gdal_version(),
		 w->job.cache_mb, limit, GDALGetDriverCount());
	log_debug(line);
}

static unsigned long get_count(struct json_object *o, const char *key)
{
	long long n = rp_json_int(o, key, 0);
	return n > 0 ? (unsigned long)n : 0;
}

static int parse_op(const char *name, enum rp_gdal_op *op)
{
	static const char *const names[] = {"warp", "translate", "overviews"};
	for (int i = 0; name && i < 3; i++)
		if (!strcmp(name, names[i])) {
			*op = (enum rp_gdal_op)i;
			return 0;
		}
	return -1;
}

static void parse_levels(struct rp_gdal_job *job, struct json_object *c)
{
	struct json_object *lv;
	if (!json_object_object_get_ex(c, "levels", &lv))
		return;
	size_t n = json_object_array_length(lv);
	for (size_t i = 0; i < n && job->nr_levels < 32; i++)
		job->levels[job->nr_levels++] =
			json_object_get_int(json_object_array_get_idx(lv, i));
}

static int parse_config(struct worker *w, const struct rp_frame *f)
{
	struct rp_gdal_job *job = &w->job;
	struct json_object *c = rp_frame_json(f), *args;
	if (!c || !json_object_object_get_ex(c, "args", &args) ||
	    !json_object_is_type(args, json_type_array) ||
	    parse_op(rp_json_str(c, "op"), &job->op) < 0) {
		json_object_put(c);
		return -1;
	}
	/* Every argument or none: a NULL would end GDAL's argv early. */
	size_t n = json_object_array_length(args);
	int complete = (job->args = calloc(n + 1, sizeof(*job->args))) != NULL;
	for (size_t i = 0; complete && i < n; i++)
		complete = (job->args[i] = strdup(json_object_get_string(
				    json_object_array_get_idx(args, i)))) != NULL;
	parse_levels(job, c);
	const char *r = rp_json_str(c, "resampling");
	snprintf(job->resampling, sizeof(job->resampling), "%s",
		 r ? r : "nearest");
	job->cache_mb = get_count(c, "cache_max_mb");
	job->allow_vrt_raw = rp_json_int(c, "allow_vrt_raw", 0) ||
			     rp_vrt_raw_allowed();
	job->gate.id = (int)rp_json_int(c, "cpugate", -1);
	job->gate.units = (unsigned)get_count(c, "cores");
	const char *out_dir = rp_json_str(c, "out_dir");
	job->out_dir = out_dir ? strdup(out_dir) : NULL;
	w->memory_mb = get_count(c, "memory_mb");
	json_object_put(c);
	return complete ? 0 : -ENOMEM;
}

/* --worker-memory: a limit that cannot be set must not pass silently. */
static int limit_memory(unsigned long mb, char *err, size_t errlen)
{
	if (!mb)
		return 0;
	struct rlimit rl = {.rlim_cur = (rlim_t)mb << 20,
			    .rlim_max = (rlim_t)mb << 20};
	if (setrlimit(RLIMIT_AS, &rl) == 0)
		return 0;
	int e = errno;
	struct rlimit now = {0};
	char had[64] = "unknown";
	if (getrlimit(RLIMIT_AS, &now) == 0)
		snprintf(had, sizeof(had), now.rlim_max == RLIM_INFINITY
			 ? "unlimited" : "%llu MB",
			 (unsigned long long)(now.rlim_max >> 20));
	snprintf(err, errlen, "--worker-memory %lu: cannot set the worker's "
		 "address-space limit: %s (hard limit: %s)", mb, strerror(e),
		 had);
	return -1;
}

static int refuse(const char *msg)
{
	rp_frame_write(FD, RP_FRAME_REFUSED, msg, strlen(msg));
	return -1;
}

static int configure(struct worker *w)
{
	struct rp_frame f;
	if (!read_frame(w, &f) || f.type != RP_FRAME_CONFIG)
		return refuse("worker got no CONFIG frame");
	int rc = parse_config(w, &f);
	if (rc < 0)
		return refuse(rc == -ENOMEM ? "worker out of memory reading "
			      "CONFIG" : "worker got no valid CONFIG frame");
	rp_gdal_init(&w->gdal, &w->job);
	w->gdal.warn = forward_warning;
	if (rp_gdal_check(&w->gdal, &w->job) < 0)
		return refuse(w->gdal.error);
	char err[256];
	if (limit_memory(w->memory_mb, err, sizeof(err)) < 0)
		return refuse(err);
	log_ready(w);
	struct json_object *ready = json_object_new_object();
	json_object_object_add(ready, "gdal",
			       json_object_new_string(rp_gdal_version()));
	json_object_object_add(ready, "pid", json_object_new_int(getpid()));
	json_object_object_add(ready, "gdal_drivers",
			       json_object_new_int(GDALGetDriverCount()));
	rc = rp_frame_write_json(FD, RP_FRAME_READY, ready);
	json_object_put(ready);
	return rc;
}

static struct json_object *stages(const struct rp_gdal_report *r)
{
	struct json_object *s = json_object_new_object();
	json_object_object_add(s, "open", json_object_new_double(r->t_open));
	json_object_object_add(s, "warp", json_object_new_double(r->t_warp));
	json_object_object_add(s, "write", json_object_new_double(r->t_write));
	json_object_object_add(s, "total", json_object_new_double(r->t_total));
	return s;
}

static int send_result(struct json_object *id, const struct rp_gdal_report *r)
{
	struct json_object *res = json_object_new_object();
	json_object_object_add(res, "id", json_object_get(id));
	json_object_object_add(res, "ok", json_object_new_boolean(r->ok));
	if (r->unchanged)
		json_object_object_add(res, "unchanged",
				       json_object_new_boolean(1));
	if (!r->ok) {
		json_object_object_add(res, "error",
				       json_object_new_string(r->error));
		json_object_object_add(res, "cpl_errno",
				       json_object_new_int(r->error_no));
	}
	json_object_object_add(res, "stages", stages(r));
	json_object_object_add(res, "bytes_in",
			       json_object_new_int64(r->bytes_in));
	if (r->input_mtime)
		json_object_object_add(res, "input_mtime",
				       json_object_new_int64(r->input_mtime));
	json_object_object_add(res, "bytes_out",
			       json_object_new_int64(r->bytes_out));
	json_object_object_add(res, "pixels_in",
			       json_object_new_int64(r->pixels_in));
	json_object_object_add(res, "pixels_out",
			       json_object_new_int64(r->pixels_out));
	int rc = rp_frame_write_json(FD, RP_FRAME_RESULT, res);
	json_object_put(res);
	return rc;
}

static int run_task(struct worker *w, const struct rp_frame *f)
{
	struct json_object *t = rp_frame_json(f), *id = NULL;
	struct rp_gdal_task task = {
		.input = t ? rp_json_str(t, "input") : NULL,
		.output = t ? rp_json_str(t, "output") : NULL,
		.temp = t ? rp_json_str(t, "temp") : NULL,
		.threads = t ? (unsigned)get_count(t, "threads") : 1,
		.unless_size = t ? rp_json_int(t, "unless_size", -1) : -1,
		.unless_mtime_ns = t ? rp_json_int(t, "unless_mtime_ns", 0) : 0,
		.unless_output_size =
			t ? rp_json_int(t, "unless_output_size", -1) : -1,
	};
	if (!task.input || !task.output || !task.temp ||
	    !json_object_object_get_ex(t, "id", &id)) {
		json_object_put(t);
		return -1;
	}
	struct rp_gdal_report report = {0};
	struct rp_anchor anchor;
	char err[sizeof(w->gdal.error)];
	if (rp_anchor_open(&anchor, task.temp,
			   (unsigned long long)rp_json_int(t, "temp_dev", 0),
			   (unsigned long long)rp_json_int(t, "temp_ino", 0),
			   err, sizeof(err)) < 0) {
		report.error = err;
	} else {
		task.temp = anchor.path;
		rp_gdal_run(&w->gdal, &w->job, &task, &report);
		if (!report.ok) {
			rp_anchor_unmask(&anchor, report.error, err,
					 sizeof(err), task.output);
			report.error = err;
		}
		rp_anchor_close(&anchor);
	}
	int rc = send_result(id, &report);
	json_object_put(t);
	return rc;
}

static void release(struct worker *w)
{
	rp_gdal_release(&w->gdal);
	for (size_t i = 0; w->job.args && w->job.args[i]; i++)
		free(w->job.args[i]);
	free(w->job.args);
	free((char *)w->job.out_dir);
	rp_frame_reader_release(&w->reader);
	/* Nothing is left open at exit that a descriptor checker (valgrind
	 * --track-fds) could take for a leak. */
	close(RP_SPAWN_FD);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("%s\n", rp_gdal_version());
		return 0;
	}
	if (argc > 2 && !strcmp(argv[1], "--extension")) {
		GDALAllRegister();
		printf("%s\n", rp_gdal_extension(argv[2]));
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], RP_FORKSERVER_ARG))
		rp_forkserver_serve(); /* returns in a new worker */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() == 1)
		return 1; /* the supervisor is gone already */
	signal(SIGINT, SIG_IGN);
	/* Past RLIMIT_FSIZE a write fails with EFBIG, which GDAL reports and
	 * fails the task with, instead of killing the worker. */
	signal(SIGXFSZ, SIG_IGN);
	struct worker w = {0};
	rp_frame_reader_init(&w.reader);
	int rc = configure(&w);
	struct rp_frame f;
	while (!rc && read_frame(&w, &f)) {
		if (f.type != RP_FRAME_TASK || run_task(&w, &f) < 0)
			rc = -1;
	}
	release(&w);
	return rc ? 1 : 0;
}
