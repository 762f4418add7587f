#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "atomic.h"
#include "cli.h"
#include "log.h"
#include "plan.h"
#include "proto.h"

#define MAIN_PROCESS "MainProcess"

struct task {
	size_t index;
	unsigned attempts;
	char temp[PATH_MAX];
};

struct batch {
	const struct rp_cli *cli;
	const struct rp_plan *plan;
	struct rp_log *log;
	struct rp_batch_outcome *out;
	struct task *tasks;
	size_t *queue; /* indices into tasks, waiting to be handed out */
	size_t head, tail, queue_alloc;
	unsigned long seq;
};

struct json_object *rp_batch_gdal_args(const struct rp_cli *cli)
{
	struct json_object *a = json_object_new_array();
	char et[64];
	snprintf(et, sizeof(et), "%.17g", cli->error_threshold);
	const char *fixed[] = {"-t_srs", cli->crs, "-r", cli->resampling,
			       "-et", et, "-of", cli->format};
	for (size_t i = 0; i < sizeof(fixed) / sizeof(*fixed); i++)
		json_object_array_add(a, json_object_new_string(fixed[i]));
	static const char *const default_co[] = {"TILED=YES", "COMPRESS=LZW",
						 "BIGTIFF=YES"};
	size_t nr_co = cli->nr_co ? cli->nr_co : 3;
	for (size_t i = 0; i < nr_co; i++) {
		json_object_array_add(a, json_object_new_string("-co"));
		json_object_array_add(a, json_object_new_string(
			cli->nr_co ? cli->co[i] : default_co[i]));
	}
	json_object_array_add(a, json_object_new_string("-wo"));
	json_object_array_add(a, json_object_new_string("NUM_THREADS=1"));
	return a;
}

static char *config_payload(const struct rp_cli *cli, unsigned workers)
{
	struct json_object *c = json_object_new_object();
	json_object_object_add(c, "op", json_object_new_string("warp"));
	json_object_object_add(c, "args", rp_batch_gdal_args(cli));
	unsigned long cache = cli->cache_max_mb / workers;
	json_object_object_add(c, "cache_max_mb",
			       json_object_new_int64(cache ? (long)cache : 1));
	json_object_object_add(c, "memory_mb",
			       json_object_new_int64((long)cli->worker_memory_mb));
	char *s = strdup(json_object_to_json_string_ext(
		c, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(c);
	return s;
}

static int enqueue(struct batch *b, size_t task)
{
	if (b->tail == b->queue_alloc) {
		size_t n = b->queue_alloc ? b->queue_alloc * 2 : 64;
		size_t *q = realloc(b->queue, n * sizeof(*q));
		if (!q)
			return -1;
		b->queue = q;
		b->queue_alloc = n;
	}
	b->queue[b->tail++] = task;
	return 0;
}

/* mkdir -p for the directory part of path. */
static int make_parents(const char *path)
{
	char buf[PATH_MAX];
	if (strlen(path) >= sizeof(buf))
		return -ENAMETOOLONG;
	strcpy(buf, path);
	char *slash = strrchr(buf, '/');
	if (!slash || slash == buf)
		return 0;
	*slash = '\0';
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0777) < 0 && errno != EEXIST)
			return -errno;
		*p = '/';
	}
	if (mkdir(buf, 0777) < 0 && errno != EEXIST)
		return -errno;
	return 0;
}

static char *task_payload(struct batch *b, size_t id)
{
	const struct rp_plan_item *it = &b->plan->items[b->tasks[id].index];
	struct json_object *t = json_object_new_object();
	json_object_object_add(t, "id", json_object_new_int64((long)id));
	json_object_object_add(t, "input", json_object_new_string(it->input));
	json_object_object_add(t, "output", json_object_new_string(it->output));
	json_object_object_add(t, "temp",
			       json_object_new_string(b->tasks[id].temp));
	char *s = strdup(json_object_to_json_string_ext(
		t, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(t);
	return s;
}

static void task_failed(struct batch *b, struct task *t, const char *who,
			const char *why)
{
	rp_log(b->log, RP_LOG_ERROR, who, "Failed %s: %s",
	       b->plan->items[t->index].input, why);
	b->out->failed++;
}

static int next_task(void *cookie, void **task, char **payload, size_t *len)
{
	struct batch *b = cookie;
	while (b->head < b->tail) {
		struct task *t = &b->tasks[b->queue[b->head++]];
		const char *output = b->plan->items[t->index].output;
		int rc = make_parents(output);
		if (!rc)
			rc = rp_atomic_temp_name(output, (unsigned long)getpid(),
						 ++b->seq, t->temp,
						 sizeof(t->temp));
		if (rc) {
			char why[PATH_MAX + 64];
			snprintf(why, sizeof(why), "cannot create %s: %s",
				 output, strerror(-rc));
			task_failed(b, t, MAIN_PROCESS, why);
			continue;
		}
		t->attempts++;
		*task = t;
		*payload = task_payload(b, (size_t)(t - b->tasks));
		*len = strlen(*payload);
		return 1;
	}
	return 0;
}

static void describe_crash(const struct rp_pool_result *r, double timeout,
			   char *out, size_t outlen)
{
	if (r->timed_out)
		snprintf(out, outlen, "timed out after %g s", timeout);
	else if (r->protocol_error)
		snprintf(out, outlen, "sent a malformed message");
	else if (r->signo)
		snprintf(out, outlen, "crashed (SIG%s)",
			 sigabbrev_np(r->signo) ? sigabbrev_np(r->signo) : "?");
	else
		snprintf(out, outlen, "exited with status %d without a result",
			 r->exit_code);
}

static void on_worker_lost(struct batch *b, struct task *t,
			   const struct rp_pool_result *r, const char *who)
{
	const char *input = b->plan->items[t->index].input;
	rp_atomic_discard(t->temp);
	if (r->interrupted) {
		rp_log(b->log, RP_LOG_WARNING, who, "Interrupted: %s", input);
		b->out->not_done++;
		return;
	}
	char how[256];
	describe_crash(r, b->cli->timeout, how, sizeof(how));
	rp_log(b->log, RP_LOG_ERROR, who, "%s while processing %s", how, input);
	if (t->attempts <= b->cli->retries &&
	    enqueue(b, (size_t)(t - b->tasks)) == 0) {
		rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
		       "Retrying %s (attempt %u of %u)", input, t->attempts + 1,
		       b->cli->retries + 1);
		return;
	}
	char why[320];
	snprintf(why, sizeof(why), "%s (%u attempt%s)", how, t->attempts,
		 t->attempts == 1 ? "" : "s");
	task_failed(b, t, who, why);
}

static void on_result(struct batch *b, struct task *t,
		      const struct rp_pool_result *r, const char *who)
{
	struct rp_frame f = {RP_FRAME_RESULT, (uint32_t)r->length, r->payload};
	struct json_object *res = rp_frame_json(&f), *v;
	if (!res || !json_object_object_get_ex(res, "ok", &v)) {
		struct rp_pool_result broken = *r;
		broken.protocol_error = 1;
		json_object_put(res);
		on_worker_lost(b, t, &broken, who);
		return;
	}
	if (json_object_get_boolean(v)) {
		rp_log(b->log, RP_LOG_INFO, who, "Completed: %s",
		       b->plan->items[t->index].output);
		b->out->ok++;
	} else {
		rp_atomic_discard(t->temp);
		json_object_object_get_ex(res, "error", &v);
		task_failed(b, t, who,
			    v ? json_object_get_string(v) : "unknown error");
	}
	json_object_put(res);
}

static void task_done(void *cookie, void *task, const struct rp_pool_result *r)
{
	struct batch *b = cookie;
	char who[32];
	if (r->worker_id)
		snprintf(who, sizeof(who), "Worker-%d", r->worker_id);
	else
		snprintf(who, sizeof(who), MAIN_PROCESS);
	if (r->got_result)
		on_result(b, task, r, who);
	else
		on_worker_lost(b, task, r, who);
}

static void message(void *cookie, int worker_id, const char *payload,
		    size_t len)
{
	struct batch *b = cookie;
	struct rp_frame f = {RP_FRAME_LOG, (uint32_t)len, payload};
	struct json_object *m = rp_frame_json(&f), *level, *text;
	char who[32];
	snprintf(who, sizeof(who), "Worker-%d", worker_id);
	if (m && json_object_object_get_ex(m, "level", &level) &&
	    json_object_object_get_ex(m, "msg", &text)) {
		int lv = json_object_get_int(level);
		if (lv < RP_LOG_DEBUG || lv > RP_LOG_ERROR)
			lv = RP_LOG_WARNING;
		rp_log(b->log, (enum rp_log_level)lv, who, "%s",
		       json_object_get_string(text));
	}
	json_object_put(m);
}

/* Temporary files of a run that was killed (SIGKILL leaves no chance to
 * clean up) are removed from every output directory before new work. */
static void sweep_stale_temps(struct batch *b)
{
	char dir[PATH_MAX], last[PATH_MAX] = "";
	for (size_t i = 0; i < b->plan->nr; i++) {
		const char *out = b->plan->items[i].output;
		const char *slash = strrchr(out, '/');
		int len = slash ? (int)(slash - out) : 1;
		snprintf(dir, sizeof(dir), "%.*s", len, slash ? out : ".");
		if (!strcmp(dir, last))
			continue;
		strcpy(last, dir);
		int n = rp_atomic_sweep(dir);
		if (n > 0)
			rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
			       "Removed %d temporary file%s left in %s by an "
			       "interrupted run", n, n == 1 ? "" : "s", dir);
	}
}

static int setup(struct batch *b)
{
	b->tasks = calloc(b->plan->nr ? b->plan->nr : 1, sizeof(*b->tasks));
	if (!b->tasks)
		return -1;
	sweep_stale_temps(b);
	for (size_t i = 0; i < b->plan->nr; i++) {
		b->tasks[i].index = i;
		if (b->plan->items[i].error)
			task_failed(b, &b->tasks[i], MAIN_PROCESS,
				    b->plan->items[i].error);
		else if (enqueue(b, i))
			return -1;
	}
	return 0;
}

void rp_batch_run(const struct rp_cli *cli, const struct rp_plan *plan,
		  const char *worker_path, struct rp_log *log,
		  struct rp_batch_outcome *out)
{
	struct batch b = {.cli = cli, .plan = plan, .log = log, .out = out};
	memset(out, 0, sizeof(*out));
	size_t runnable = 0;
	for (size_t i = 0; i < plan->nr; i++)
		runnable += !plan->items[i].error;
	out->workers = cli->workers < runnable ? cli->workers
					       : (unsigned)(runnable ? runnable : 1);
	rp_log(log, RP_LOG_INFO, MAIN_PROCESS,
	       "Processing %zu rasters with %u workers...", plan->nr,
	       out->workers);
	char *argv[] = {(char *)worker_path, NULL};
	char *config = config_payload(cli, out->workers);
	struct rp_pool_options o = {
		.workers = out->workers,
		.tasks_hint = (unsigned)(runnable < UINT_MAX ? runnable : UINT_MAX),
		.argv = argv,
		.config = config,
		.config_len = config ? strlen(config) : 0,
		.task_timeout = cli->timeout,
		.max_tasks_per_worker = cli->max_tasks_per_worker,
		.next_task = next_task,
		.task_done = task_done,
		.message = message,
		.cookie = &b,
	};
	if (!config || setup(&b)) {
		out->status = RP_POOL_START_FAILED;
		snprintf(out->pool.error, sizeof(out->pool.error),
			 "out of memory");
	} else if (b.head < b.tail) {
		out->status = rp_pool_run(&o, &out->pool);
	}
	out->not_done += b.tail - b.head;
	free(config);
	free(b.tasks);
	free(b.queue);
}
