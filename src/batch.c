#include "batch.h"

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "atomic.h"
#include "commit.h"
#include "cpugate.h"
#include "fdbudget.h"
#include "iowatch.h"
#include "jobconfig.h"
#include "cli.h"
#include "journal.h"
#include "jsonutil.h"
#include "log.h"
#include "objstore.h"
#include "outdir.h"
#include "plan.h"
#include "progress.h"
#include "proto.h"
#include "report.h"
#include "selection.h"
#include "shard.h"
#include "tail.h"
#include "tier.h"
#include "tierqueue.h"
#include "timeutil.h"

#define MAIN_PROCESS "MainProcess"
/* Descriptors a task holds: its private directory while it runs, and
 * another task's while that one waits for the commit thread. */
#define TASK_FDS 2

/* One input of the plan (tasks[i] is plan->items[i]) while it runs. */
struct task {
	size_t index;
	size_t tier; /* in the queue */
	unsigned attempts;
	unsigned threads;
	struct rp_atomic_tmp temp; /* its private directory while it runs */
	double t_commit;
	int running;
	double started; /* rp_now() at dispatch */
};

/* A task whose output the commit thread has: its ending waits for it. */
struct committing {
	struct task *task;
	struct rp_pool_result result; /* without its payload */
	struct json_object *res;      /* the worker's RESULT */
	char who[32];
};

struct batch {
	const struct rp_cli *cli;
	const struct rp_plan *plan;
	struct rp_log *log;
	struct rp_batch_outcome *out;
	struct task *tasks;
	struct rp_selected *sel; /* what this run does of each input */
	struct rp_tierq queue;   /* tasks to hand out, by storage tier */
	struct rp_tail tail;     /* the batch's last tasks */
	unsigned target;     /* tasks at once: --workers, or the controller's,
			      * + extra */
	unsigned extra;      /* remote tasks in flight beyond the cores */
	struct rp_cpugate gate; /* the cores, when extra > 0 (cpugate.h) */
	struct rp_iowatch iowatch; /* --workers auto */
	/* Outputs with the commit thread, each holding its private
	 * directory's descriptor: no more than there are workers, so that
	 * a run needs at most TASK_FDS descriptors a worker. */
	unsigned committing;
	struct json_object *config;
	struct json_object *header; /* the journal's run header */
	char options_key[17];
	char journal_path[PATH_MAX];
	struct rp_journal journal;
	struct rp_report report;
	struct rp_progress progress;
	struct rp_committer *committer;
	struct rp_outdir outdir; /* OUT_DIR, held open */
	int out_dir_lost;
	double mono0, wall0; /* to turn the pool's monotonic times to wall */
};

static const char *plain(struct json_object *o)
{
	return json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE);
}

static int enqueue(struct batch *b, size_t task)
{
	return rp_tierq_add(&b->queue, b->tasks[task].tier, task);
}

static size_t tier_of(struct batch *b, const char *input)
{
	char name[128];
	enum rp_tier_class cls;
	rp_tier_of(input, name, sizeof(name), &cls);
	return rp_tierq_tier(&b->queue, name, cls,
			     rp_tier_limit(&b->cli->io_limits, name, cls,
					   b->cli->workers));
}

/* The next task to hand out: tiers take turns, each up to its limit. */
static struct task *pop(struct batch *b)
{
	size_t task, tier;
	if (!rp_tierq_pop(&b->queue, &task, &tier))
		return NULL;
	return &b->tasks[task];
}

static char *task_payload(struct batch *b, size_t id, unsigned threads)
{
	const struct rp_plan_item *it = &b->plan->items[b->tasks[id].index];
	struct json_object *t = json_object_new_object();
	json_object_object_add(t, "id", json_object_new_int64((long)id));
	json_object_object_add(t, "input", json_object_new_string(it->input));
	json_object_object_add(t, "output", json_object_new_string(it->output));
	json_object_object_add(t, "temp",
			       json_object_new_string(b->tasks[id].temp.path));
	json_object_object_add(t, "temp_dev", json_object_new_int64(
		(int64_t)b->tasks[id].temp.dev));
	json_object_object_add(t, "temp_ino", json_object_new_int64(
		(int64_t)b->tasks[id].temp.ino));
	json_object_object_add(t, "threads", json_object_new_int((int)threads));
	const struct rp_selected *sel = &b->sel[b->tasks[id].index];
	if (sel->resume == RP_RESUME_VERIFY && it->size < 0) {
		rp_json_set_int(t, "unless_size", sel->was_size);
		rp_json_set_int(t, "unless_mtime_ns", sel->was_mtime_ns);
	}
	if (sel->resume == RP_RESUME_VERIFY && rp_objstore_path(it->output))
		rp_json_set_int(t, "unless_output_size", sel->was_output_size);
	char *s = strdup(plain(t));
	json_object_put(t);
	return s;
}

/* The first journal failure is logged and makes the exit status 3. */
static void journal(struct batch *b, const struct rp_journal_record *rec)
{
	char err[sizeof(b->out->error)];
	int was_broken = b->journal.broken;
	if (rp_journal_append(&b->journal, rec, err, sizeof(err)) < 0 &&
	    !was_broken) {
		rp_log(b->log, RP_LOG_ERROR, MAIN_PROCESS, "%s", err);
		if (!b->out_dir_lost) /* the cause, not its consequence */
			snprintf(b->out->error, sizeof(b->out->error), "%s",
				 err);
	}
	rp_report_task(&b->report, rec);
}

/* Journals, reports and counts one ending; res is the RESULT, if any. */
static void task_ended(struct batch *b, struct task *t, const char *status,
		       const char *error, const struct rp_pool_result *r,
		       struct json_object *res)
{
	const struct rp_plan_item *it = &b->plan->items[t->index];
	struct json_object *stages = NULL;
	if (res)
		json_object_object_get_ex(res, "stages", &stages);
	struct rp_journal_record rec = {
		.input = it->input, .output = it->output, .status = status,
		.error = error, .options = b->options_key,
		.attempts = t->attempts, .threads = t->threads,
		.worker = r ? r->worker_id : 0, .pid = r ? r->pid : 0,
		.start = r ? b->wall0 + (r->started - b->mono0) : rp_wall(),
		.end = r ? b->wall0 + (r->finished - b->mono0) : rp_wall(),
		.t_open = rp_json_num(stages, "open", 0),
		.t_warp = rp_json_num(stages, "warp", 0),
		.t_write = rp_json_num(stages, "write", 0),
		.t_total = rp_json_num(stages, "total", 0),
		.t_commit = t->t_commit,
		.bytes_in = res ? rp_json_int(res, "bytes_in", 0) : it->size,
		.bytes_out = rp_json_int(res, "bytes_out", 0),
		.pixels_in = rp_json_int(res, "pixels_in", 0),
		.pixels_out = rp_json_int(res, "pixels_out", 0),
		.input_size = it->size, .input_mtime_ns = it->mtime_ns,
		.cpl_errno = (int)rp_json_int(res, "cpl_errno", 0),
	};
	if (it->size < 0 && res) { /* remote: what the worker's stat saw */
		rec.input_size = rp_json_int(res, "bytes_in", -1);
		rec.input_mtime_ns = rp_json_int(res, "input_mtime", 0) *
				     1000000000LL;
	}
	journal(b, &rec);
	rp_tierq_count(&b->queue, t->tier, rec.bytes_in);
	b->progress.done++;
	b->progress.bytes_in += rec.bytes_in > 0 ? rec.bytes_in : 0;
	if (strcmp(status, "ok")) {
		b->progress.failed++;
		b->out->failed++;
	} else {
		b->out->ok++;
	}
}

static void task_failed(struct batch *b, struct task *t, const char *who,
			const char *status, const char *why,
			const struct rp_pool_result *r, struct json_object *res)
{
	task_ended(b, t, status, why, r, res);
	rp_log(b->log, RP_LOG_ERROR, who, "Failed %s: %s",
	       b->plan->items[t->index].input, why);
}

/* Remote tasks wait on the network most of their time: up to their tiers'
 * limits they are in flight on workers of their own, beyond the cores, and
 * take a core (the gate, cpugate.h) only once their input is fetched. */
static unsigned remote_in_flight(const struct batch *b)
{
	unsigned n = 0;
	for (size_t i = 0; i < b->queue.nr; i++) {
		const struct rp_tierq_tier *t = &b->queue.tiers[i];
		size_t want = t->tail - t->head;
		if (t->cls == RP_TIER_REMOTE)
			n += (unsigned)(want < t->limit ? want : t->limit);
	}
	return n;
}

/* Whether the last task waits for busy cores to come free (tail.h). */
static int hold_last_task(struct batch *b)
{
	struct rp_tail_busy busy[RP_TAIL_MAX_BUSY];
	struct rp_tail_state s = {
		.now = rp_now(),
		.queued = b->queue.queued,
		.target = b->target,
		.busy = busy,
	};
	size_t last;
	if (s.queued != 1 || b->extra || !rp_tierq_peek(&b->queue, &last))
		return 0;
	s.last = last;
	s.last_attempt = b->tasks[last].attempts;
	s.last_bytes = b->plan->items[b->tasks[last].index].size;
	for (size_t i = 0; i < b->plan->nr && s.nr_busy < RP_TAIL_MAX_BUSY; i++)
		if (b->tasks[i].running)
			busy[s.nr_busy++] = (struct rp_tail_busy){
				b->tasks[i].started,
				b->plan->items[b->tasks[i].index].size,
				b->tasks[i].threads};
	return rp_tail_hold(&b->tail, &s);
}

/* OUT_DIR is gone or replaced: the run stops handing out tasks and exits 3
 * (rp_outdir_check). */
static int out_dir_lost(struct batch *b)
{
	char err[sizeof(b->out->error)];
	if (b->out_dir_lost || !rp_outdir_check(&b->outdir, err, sizeof(err)))
		return b->out_dir_lost;
	b->out_dir_lost = 1;
	rp_log(b->log, RP_LOG_ERROR, MAIN_PROCESS, "%s", err);
	snprintf(b->out->error, sizeof(b->out->error), "%s", err);
	return 1;
}

/* The task's private directory beside its output (atomic.h). */
static int start_output(struct batch *b, struct task *t, char *why,
			size_t whylen)
{
	char output[PATH_MAX];
	if (rp_objstore_local(b->cli->out_dir, b->plan->items[t->index].output,
			      output, sizeof(output))) {
		snprintf(why, whylen, "output name too long");
		return -1;
	}
	int fd = rp_outdir_parent(&b->outdir, output, why, whylen);
	int rc = fd < 0 ? -1 : rp_atomic_begin(fd, output, &t->temp);
	if (rc < -1)
		snprintf(why, whylen, "cannot create a directory beside %s: %s",
			 output, strerror(-rc));
	if (fd >= 0)
		close(fd);
	return rc;
}

static int next_task(void *cookie, void **task, char **payload, size_t *len)
{
	struct batch *b = cookie;
	struct task *t;
	while (b->queue.queued && !out_dir_lost(b)) {
		if (b->progress.busy >= b->target ||
		    b->committing >= b->out->workers || hold_last_task(b) ||
		    !(t = pop(b)))
			return RP_POOL_WAIT;
		char why[PATH_MAX + 160];
		if (start_output(b, t, why, sizeof(why))) {
			rp_tierq_finished(&b->queue, t->tier);
			task_failed(b, t, MAIN_PROCESS, "failed", why, NULL,
				    NULL);
			continue;
		}
		unsigned threads = rp_tail_threads(b->queue.queued,
						   b->progress.busy,
						   b->target - b->extra);
		if (!(*payload = task_payload(b, (size_t)(t - b->tasks),
					      threads))) {
			rp_atomic_discard(&t->temp);
			rp_tierq_finished(&b->queue, t->tier);
			task_failed(b, t, MAIN_PROCESS, "failed",
				    "out of memory", NULL, NULL);
			continue;
		}
		*len = strlen(*payload);
		*task = t;
		t->attempts++;
		t->threads = threads;
		t->running = 1;
		t->started = rp_now();
		b->progress.busy++;
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
	rp_atomic_discard(&t->temp);
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
	task_failed(b, t, who, r->timed_out ? "timeout" : "crashed", why, r,
		    NULL);
}

/* The worker closed the output in its private directory: the commit thread
 * fsyncs and renames it while the worker goes on; committed() ends it. */
static void commit_output(struct batch *b, struct task *t,
			  const struct rp_pool_result *r,
			  struct json_object *res, const char *who)
{
	const char *output = b->plan->items[t->index].output;
	struct committing *c = calloc(1, sizeof(*c));
	int rc = c ? rp_committer_submit(b->committer, c, &t->temp, output)
		   : -ENOMEM;
	if (rc) {
		free(c);
		rp_atomic_discard(&t->temp);
		char why[PATH_MAX + 64];
		snprintf(why, sizeof(why), "cannot commit %s: %s", output,
			 strerror(-rc));
		task_failed(b, t, who, "failed", why, r, res);
		return;
	}
	b->committing++;
	c->task = t;
	c->result = *r;
	c->result.payload = NULL;
	c->result.length = 0;
	c->res = json_object_get(res);
	snprintf(c->who, sizeof(c->who), "%s", who);
}

static void committed(struct batch *b, struct rp_commit_job *jobs)
{
	for (struct rp_commit_job *j = jobs; j; j = j->next) {
		struct committing *c = j->cookie;
		struct task *t = c->task;
		b->committing--;
		t->t_commit = j->seconds;
		/* renamed into an OUT_DIR that is gone is lost */
		const char *why = j->rc ? j->error
			: out_dir_lost(b) ? b->out->error : NULL;
		if (why) {
			task_failed(b, t, c->who, "failed", why, &c->result,
				    c->res);
		} else {
			task_ended(b, t, "ok", NULL, &c->result, c->res);
			rp_log(b->log, RP_LOG_INFO, c->who, "Completed: %s",
			       j->final);
		}
		json_object_put(c->res);
		free(c);
	}
	rp_commit_job_free(jobs);
	rp_progress_draw(&b->progress, 0);
}

static void on_commits(void *cookie)
{
	struct batch *b = cookie;
	committed(b, rp_committer_take(b->committer, 0));
}

static void skip_done(struct batch *b, struct task *t);

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
	if (json_object_get_boolean(v) &&
	    json_object_object_get_ex(res, "unchanged", NULL)) {
		skip_done(b, t); /* what the worker saw is what was journaled */
		b->progress.done++;
		rp_log(b->log, RP_LOG_INFO, who, "Unchanged since it was done, "
		       "skipped: %s", b->plan->items[t->index].input);
	} else if (json_object_get_boolean(v) &&
		   rp_objstore_path(b->plan->items[t->index].output)) {
		task_ended(b, t, "ok", NULL, r, res); /* uploaded by the worker */
		rp_log(b->log, RP_LOG_INFO, who, "Completed: %s",
		       b->plan->items[t->index].output);
	} else if (json_object_get_boolean(v)) {
		if (t->threads == 1)
			rp_tail_learn(&b->tail, r->finished - r->started,
				      b->plan->items[t->index].size);
		commit_output(b, t, r, res, who);
	} else {
		rp_atomic_discard(&t->temp);
		const char *why = json_object_object_get_ex(res, "error", &v)
			? json_object_get_string(v) : "unknown error";
		task_failed(b, t, who, "failed", why, r, res);
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
	if (b->progress.busy)
		b->progress.busy--;
	struct task *t = task;
	t->running = 0;
	rp_tierq_finished(&b->queue, t->tier);
	if (r->got_result)
		on_result(b, task, r, who);
	else
		on_worker_lost(b, task, r, who);
	rp_atomic_discard(&t->temp); /* a retry gets a new directory */
	rp_progress_draw(&b->progress, 0);
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

static void worker_ready(void *cookie, int worker_id, const char *payload,
			 size_t len)
{
	struct batch *b = cookie;
	struct rp_frame f = {RP_FRAME_READY, (uint32_t)len, payload};
	struct json_object *m = rp_frame_json(&f), *v;
	if (m && json_object_object_get_ex(m, "gdal", &v))
		snprintf(b->report.gdal, sizeof(b->report.gdal), "%s",
			 json_object_get_string(v));
	char who[32];
	snprintf(who, sizeof(who), "Worker-%d", worker_id);
	const char *gdal = rp_json_str(m, "gdal");
	rp_log(b->log, RP_LOG_DEBUG, who, "Ready: GDAL %s, %lld drivers "
	       "registered", gdal ? gdal : "?",
	       rp_json_int(m, "gdal_drivers", -1));
	json_object_put(m);
}

static void worker_exit(void *cookie, int worker_id, pid_t pid, int status,
			const struct rusage *usage)
{
	struct batch *b = cookie;
	rp_report_worker(&b->report, worker_id, pid, usage);
	(void)status;
}

/* --workers auto: the disks' controller (iowatch.h) watches the tiers'
 * devices and the output's. */
static void setup_io_control(struct batch *b)
{
	rp_iowatch_init(&b->iowatch, b->cli->workers_auto ? b->cli->workers : 0,
			b->log, b->mono0);
	for (size_t i = 0; i < b->queue.nr; i++)
		rp_iowatch_add_tier(&b->iowatch, b->queue.tiers[i].name);
	rp_iowatch_add_path(&b->iowatch, b->cli->out_dir);
}

static void on_tick(void *cookie)
{
	struct batch *b = cookie;
	unsigned cores = b->target - b->extra;
	rp_iowatch_tick(&b->iowatch, rp_now(), &cores);
	b->target = cores + b->extra;
	rp_progress_draw(&b->progress, 0);
}

/* Temporary files of a run that was killed (SIGKILL leaves no chance to
 * clean up) are removed from every output directory before new work. */
/* The local directory outputs are written in: OUT_DIR, or for object
 * storage its staging directory (objstore.h, made by main.c). */
static const char *local_out_dir(const struct batch *b, char *buf)
{
	if (!rp_objstore_path(b->cli->out_dir))
		return b->cli->out_dir;
	char state[PATH_MAX - 16];
	rp_objstore_state_dir(b->cli->out_dir, state, sizeof(state));
	snprintf(buf, PATH_MAX, "%s/staging", state);
	return buf;
}

static void sweep_stale_temps(struct batch *b)
{
	char dir[PATH_MAX], last[PATH_MAX] = "", out[PATH_MAX];
	for (size_t i = 0; i < b->plan->nr; i++) {
		if (rp_objstore_local(b->cli->out_dir, b->plan->items[i].output,
				      out, sizeof(out)))
			continue;
		const char *slash = strrchr(out, '/');
		int len = slash ? (int)(slash - out) : 1;
		snprintf(dir, sizeof(dir), "%.*s", len, slash ? out : ".");
		if (!strcmp(dir, last))
			continue;
		strcpy(last, dir);
		int n = rp_atomic_sweep(dir);
		if (n > 0)
			rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
			       "Removed %d temporary director%s left in %s by "
			       "an interrupted run", n, n == 1 ? "y" : "ies",
			       dir);
	}
}

static struct rp_selection_options selection_options(const struct batch *b)
{
	return (struct rp_selection_options){
		.journal = b->journal_path,
		.options_key = b->options_key,
		.overwrite = b->cli->overwrite,
		.retry_failed = b->cli->retry_failed,
		.shard_k = b->cli->shard_k,
		.shard_n = b->cli->shard_n,
	};
}

static void skip_done(struct batch *b, struct task *t)
{
	const struct rp_plan_item *it = &b->plan->items[t->index];
	struct stat st;
	struct rp_journal_record rec = {
		.input = it->input, .output = it->output, .status = "skipped",
		.options = b->options_key, .start = rp_wall(), .end = rp_wall(),
		.bytes_in = it->size,
		.bytes_out = stat(it->output, &st) == 0 ? st.st_size : 0,
		.input_size = it->size, .input_mtime_ns = it->mtime_ns,
	};
	rp_report_task(&b->report, &rec); /* not journaled: nothing changed */
	b->out->skipped++;
	b->out->ok++;
}

/* Largest input first, so that the batch does not end on one big file
 * running alone; ties in plan (name) order, so runs are reproducible. */
static int largest_first(const void *x, const void *y, void *plan)
{
	const struct rp_plan_item *items = ((const struct rp_plan *)plan)->items;
	const struct rp_plan_item *a = &items[*(const size_t *)x];
	const struct rp_plan_item *b = &items[*(const size_t *)y];
	if (a->size != b->size)
		return a->size > b->size ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* Queues what this run does; reports the unusable and the skipped. */
static int queue_tasks(struct batch *b)
{
	for (size_t i = 0; i < b->plan->nr; i++) {
		struct task *t = &b->tasks[i];
		const struct rp_plan_item *it = &b->plan->items[i];
		t->index = i;
		if (!b->sel[i].selected)
			continue;
		b->out->total++;
		if ((t->tier = tier_of(b, it->input)) == SIZE_MAX)
			return -1;
		if (it->error)
			task_failed(b, t, MAIN_PROCESS, "failed", it->error,
				    NULL, NULL);
		else if (b->sel[i].resume == RP_RESUME_DONE)
			skip_done(b, t);
		else if (enqueue(b, i))
			return -1;
	}
	rp_tierq_sort(&b->queue, largest_first, (void *)b->plan);
	return 0;
}

static void log_plan(struct batch *b)
{
	size_t left_out = b->plan->nr - b->out->total;
	if (b->out->skipped)
		rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
		       "Skipping %zu rasters done by an earlier run (journal %s)",
		       b->out->skipped, b->journal_path);
	if (b->cli->shard_n)
		rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
		       "Shard %u/%u (from %s): %zu of %zu rasters",
		       b->cli->shard_k, b->cli->shard_n, b->cli->shard_how,
		       b->out->total, b->plan->nr);
	if (left_out && b->cli->retry_failed)
		rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
		       "Leaving out %zu rasters that did not fail before "
		       "(--retry-failed)", left_out);
	for (size_t i = 0; b->queue.nr > 1 && i < b->queue.nr; i++) {
		const struct rp_tierq_tier *t = &b->queue.tiers[i];
		rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
		       "Storage tier %s (%s): %zu rasters, at most %u at once",
		       t->name, rp_tier_class_name(t->cls), t->tail - t->head,
		       t->limit);
	}
	rp_log(b->log, RP_LOG_INFO, MAIN_PROCESS,
	       "Processing %zu rasters with %u workers...", b->queue.queued,
	       b->out->workers);
}

/* The header's counts, set before queue_tasks journals the first line
 * (an unusable input's). Skipped inputs get no line of their own. */
static void count_in_header(struct batch *b)
{
	long long tasks = 0, skipped = 0;
	for (size_t i = 0; i < b->plan->nr; i++) {
		const char *what = rp_selection_action(&b->plan->items[i],
						       &b->sel[i]);
		tasks += b->sel[i].selected;
		skipped += !strcmp(what, "skip");
	}
	json_object_object_add(b->header, "tasks", json_object_new_int64(tasks));
	json_object_object_add(b->header, "skipped",
			       json_object_new_int64(skipped));
	if (b->cli->shard_n) {
		json_object_object_add(b->header, "shard",
				       json_object_new_int((int)b->cli->shard_k));
		json_object_object_add(b->header, "shards",
				       json_object_new_int((int)b->cli->shard_n));
	}
}

/* A journal, or its own .rasterpool, planted as a link (or another user's
 * .rasterpool) refuses the run before the journal is read or any task
 * runs: it is never read or written through (journal.c). */
static int journal_place_refused(struct batch *b)
{
	struct stat st;
	int dir = b->journal.own_dir
		? rp_atomic_open_own_parent(b->journal_path, 0) : -ENOENT;
	if (dir >= 0)
		close(dir);
	if (lstat(b->journal_path, &st) == 0 && S_ISLNK(st.st_mode))
		dir = -ELOOP;
	if (dir >= 0 || dir == -ENOENT)
		return 0;
	snprintf(b->out->error, sizeof(b->out->error),
		 "cannot write journal %s: it or its directory %s",
		 b->journal_path, dir == -ELOOP ? "is a symbolic link"
		 : dir == -EPERM ? "belongs to another user" : strerror(-dir));
	return -1;
}

/* Each worker costs its socket and TASK_FDS of ours: no more workers
 * than the descriptor limit has room for (fdbudget.h). */
static void fit_descriptors(struct batch *b)
{
	unsigned fit = rp_fd_budget_now(b->out->workers, 1 + TASK_FDS);
	if (fit < b->out->workers)
		rp_log(b->log, RP_LOG_WARNING, MAIN_PROCESS,
		       "The descriptor limit (ulimit -n) leaves room for %u "
		       "of %u workers", fit, b->out->workers);
	b->out->workers = fit;
}

static int setup(struct batch *b)
{
	char err[PATH_MAX + 128];
	size_t nr = b->plan->nr ? b->plan->nr : 1;
	struct rp_selection_options so = selection_options(b);
	b->tasks = calloc(nr, sizeof(*b->tasks));
	b->sel = calloc(nr, sizeof(*b->sel));
	if (!b->tasks || !b->sel) {
		snprintf(b->out->error, sizeof(b->out->error), "out of memory");
		return -1;
	}
	if (journal_place_refused(b))
		return -1;
	if (rp_selection_make(b->plan, &so, b->sel, err, sizeof(err)) < 0) {
		snprintf(b->out->error, sizeof(b->out->error), "%s", err);
		return -1;
	}
	if (access(b->journal_path, F_OK) == 0 &&
	    access(b->journal_path, W_OK) < 0) {
		snprintf(b->out->error, sizeof(b->out->error),
			 "cannot write journal %s: %s", b->journal_path,
			 strerror(errno));
		return -1;
	}
	char staging[PATH_MAX];
	if (rp_outdir_open(&b->outdir, local_out_dir(b, staging), err,
			   sizeof(err)) < 0) {
		snprintf(b->out->error, sizeof(b->out->error), "%s", err);
		return -1;
	}
	sweep_stale_temps(b);
	count_in_header(b);
	if (queue_tasks(b)) {
		snprintf(b->out->error, sizeof(b->out->error), "out of memory");
		return -1;
	}
	size_t runnable = b->queue.queued;
	b->extra = remote_in_flight(b);
	b->target = b->cli->workers + b->extra;
	b->out->workers = b->target < runnable
		? b->target : (unsigned)(runnable ? runnable : 1);
	fit_descriptors(b);
	setup_io_control(b);
	return 0;
}

/* The gate that keeps GDAL's threads to the cores when there are more
 * workers than cores; its id goes to the workers in CONFIG. */
static int open_gate(struct batch *b)
{
	b->gate.id = -1;
	if (!b->extra)
		return 0;
	int rc = rp_cpugate_create(&b->gate, b->cli->workers);
	if (rc < 0) {
		snprintf(b->out->pool.error, sizeof(b->out->pool.error),
			 "cannot create the CPU gate: %s", strerror(-rc));
		return -1;
	}
	json_object_object_add(b->config, "cpugate",
			       json_object_new_int(b->gate.id));
	json_object_object_add(b->config, "cores",
			       json_object_new_int((int)b->cli->workers));
	return 0;
}

/* --start-method auto: forkserver also when remote tasks add workers
 * beyond the cores (a forked worker starts on less CPU: 200 small COGs
 * over HTTP, 18 workers on 2 cores, 2.7 s user instead of 3.2 s). */
static int forkserver(const struct batch *b)
{
	return rp_cli_forkserver(b->cli) ||
	       (b->extra && b->cli->start_method == RP_START_AUTO);
}

static int progress_wanted(const struct rp_cli *cli)
{
	if (cli->quiet || cli->progress == RP_PROGRESS_NEVER)
		return 0;
	return cli->progress == RP_PROGRESS_ALWAYS || isatty(STDERR_FILENO);
}

static void run_pool(struct batch *b, const char *worker_path)
{
	if (open_gate(b) < 0) {
		b->out->status = RP_POOL_START_FAILED;
		return;
	}
	if (!(b->committer = rp_committer_new())) {
		rp_cpugate_remove(&b->gate);
		b->out->status = RP_POOL_START_FAILED;
		snprintf(b->out->pool.error, sizeof(b->out->pool.error),
			 "cannot start the commit thread: %s", strerror(errno));
		return;
	}
	char *argv[] = {(char *)worker_path, NULL};
	unsigned long cache = b->cli->cache_max_mb / b->out->workers;
	if (rp_objstore_path(b->cli->out_dir))
		json_object_object_add(b->config, "out_dir",
				       json_object_new_string(b->cli->out_dir));
	json_object_object_add(b->config, "cache_max_mb",
			       json_object_new_int64(cache ? (long)cache : 1));
	json_object_object_add(b->config, "start_method",
			       json_object_new_string(forkserver(b)
						      ? "forkserver" : "spawn"));
	const char *config = plain(b->config);
	size_t runnable = b->queue.queued;
	struct rp_pool_options o = {
		.workers = b->out->workers,
		.tasks_hint = (unsigned)(runnable < UINT_MAX ? runnable : UINT_MAX),
		.argv = argv,
		.config = config,
		.config_len = strlen(config),
		.task_timeout = b->cli->timeout,
		.max_tasks_per_worker = b->cli->max_tasks_per_worker,
		.task_fds = TASK_FDS,
		.forkserver = forkserver(b),
		.next_task = next_task,
		.task_done = task_done,
		.message = message,
		.worker_ready = worker_ready,
		.worker_exit = worker_exit,
		.tick = RP_PROGRESS_INTERVAL,
		.on_tick = on_tick,
		.watch_fd = rp_committer_fd(b->committer),
		.on_watch = on_commits,
		.cookie = b,
	};
	rp_progress_init(&b->progress, STDERR_FILENO, progress_wanted(b->cli),
			 runnable, b->out->workers);
	b->log->around = rp_progress_around_log;
	b->log->around_cookie = &b->progress;
	b->out->status = rp_pool_run(&o, &b->out->pool);
	if (b->out->pool.fewer_workers)
		rp_log(b->log, RP_LOG_WARNING, MAIN_PROCESS,
		       "Ran with at most %u of %u workers: %s",
		       b->out->pool.fewer_workers, b->out->workers,
		       b->out->pool.error);
	committed(b, rp_committer_take(b->committer, 1)); /* even interrupted */
	rp_progress_finish(&b->progress);
	b->log->around = NULL;
	rp_committer_free(b->committer);
	rp_cpugate_remove(&b->gate);
}

static struct json_object *storage_json(const struct batch *b, double wall)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "tiers", rp_tierq_json(&b->queue, wall));
	json_object_object_add(o, "workers_auto",
			       json_object_new_boolean(b->cli->workers_auto));
	json_object_object_add(o, "concurrency_changes",
			       json_object_get(rp_iowatch_timeline(&b->iowatch)));
	return o;
}

static void write_report(struct batch *b)
{
	char err[PATH_MAX + 128];
	b->report.wall_end = rp_wall();
	b->report.workers = b->out->workers;
	struct json_object *config = json_object_get(b->config);
	json_object_object_add(config, "journal",
			       json_object_new_string(b->journal_path));
	json_object_object_add(config, "options_key",
			       json_object_new_string(b->options_key));
	b->report.storage = storage_json(b, b->report.wall_end -
						    b->report.wall_start);
	err[0] = '\0';
	rp_journal_close(&b->journal); /* every line out before it is read */
	int rc = rp_report_write_file(&b->report, b->cli->report,
				      b->journal_path, config, err,
				      sizeof(err));
	if (rc < 0) {
		rp_log(b->log, RP_LOG_ERROR, MAIN_PROCESS, "%s", err);
		snprintf(b->out->error, sizeof(b->out->error), "%s", err);
	}
	json_object_put(config);
}

/* The journal's run header: when, who, with what. */
static void name_run(struct batch *b)
{
	char run[64], host[64] = "";
	gethostname(host, sizeof(host) - 1);
	snprintf(run, sizeof(run), "%.0f-%d", b->wall0, (int)getpid());
	struct json_object *h = json_object_new_object();
	json_object_object_add(h, "type", json_object_new_string("run"));
	json_object_object_add(h, "started", json_object_new_double(b->wall0));
	json_object_object_add(h, "host", json_object_new_string(host));
	char cwd[PATH_MAX];
	if (getcwd(cwd, sizeof(cwd)))
		json_object_object_add(h, "cwd", json_object_new_string(cwd));
	json_object_object_add(h, "workers",
			       json_object_new_int((int)b->cli->workers));
	json_object_object_add(h, "config", json_object_get(b->config));
	rp_journal_set_run(&b->journal, run, h);
	b->header = h; /* the journal holds it; setup adds the counts */
	json_object_put(h);
}

int rp_batch_run(const struct rp_cli *cli, const struct rp_plan *plan,
		 const char *worker_path, struct rp_log *log,
		 struct rp_batch_outcome *out)
{
	struct batch b = {.cli = cli, .plan = plan, .log = log, .out = out,
			  .outdir.fd = -1};
	memset(out, 0, sizeof(*out));
	b.mono0 = rp_now();
	b.wall0 = rp_wall();
	rp_report_init(&b.report);
	b.report.wall_start = b.wall0;
	b.config = rp_jobconfig_make(cli, b.options_key);
	rp_jobconfig_journal(cli, b.journal_path, sizeof(b.journal_path));
	rp_journal_init(&b.journal, b.journal_path);
	b.journal.own_dir = !cli->journal;
	name_run(&b);
	int rc = setup(&b);
	if (rc == 0) {
		log_plan(&b);
		if (b.queue.queued)
			run_pool(&b, worker_path);
		out->not_done += b.queue.queued;
		if (cli->report && out->status != RP_POOL_REFUSED)
			write_report(&b);
	}
	rp_journal_close(&b.journal);
	rp_outdir_close(&b.outdir);
	rp_report_release(&b.report);
	json_object_put(b.config);
	free(b.tasks);
	free(b.sel);
	rp_tierq_release(&b.queue);
	rp_iowatch_release(&b.iowatch);
	return rc;
}

int rp_batch_dry_run(const struct rp_cli *cli, const struct rp_plan *plan,
		     char *err, size_t errlen)
{
	struct rp_batch_outcome out = {0};
	struct batch b = {.cli = cli, .plan = plan, .out = &out};
	b.config = rp_jobconfig_make(cli, b.options_key);
	rp_jobconfig_journal(cli, b.journal_path, sizeof(b.journal_path));
	struct rp_selection_options so = selection_options(&b);
	struct rp_selected *sel = calloc(plan->nr ? plan->nr : 1, sizeof(*sel));
	int rc = sel ? rp_selection_make(plan, &so, sel, err, errlen) : -1;
	if (!sel)
		snprintf(err, errlen, "out of memory");
	size_t run = 0, skip = 0, bad = 0;
	for (size_t i = 0; !rc && i < plan->nr; i++) {
		const struct rp_plan_item *it = &plan->items[i];
		const char *what = rp_selection_action(it, &sel[i]);
		run += !strcmp(what, "run");
		skip += !strcmp(what, "skip");
		bad += !strcmp(what, "fail");
		printf("%-5s %s -> %s (%s)\n", what, it->input, it->output,
		       rp_selection_why(it, &sel[i]));
	}
	if (!rc)
		printf("plan: %zu to run, %zu to skip, %zu unusable, "
		       "%zu left out; journal %s\n", run, skip, bad,
		       plan->nr - run - skip - bad, b.journal_path);
	json_object_put(b.config);
	free(sel);
	return rc;
}
