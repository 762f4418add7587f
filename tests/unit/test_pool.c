/* The pool against a fake worker that fails in every way a worker can. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "pool.h"

#define MAX_TASKS 16

/* Every test runs twice: workers exec'd, then forked by the zygote. */
static int forkserver;

struct run {
	const char *inputs[MAX_TASKS];
	size_t nr, next;
	int requeue_crashes;       /* hand a crashed task out once more */
	int attempts[MAX_TASKS];
	struct rp_pool_result results[MAX_TASKS];
	int done[MAX_TASKS];
	int messages;
};

static int next_task(void *cookie, void **task, char **payload, size_t *len)
{
	struct run *r = cookie;
	for (size_t i = 0; i < r->nr; i++) {
		int want = r->attempts[i] == 0 ||
			   (r->requeue_crashes && r->attempts[i] == 1 &&
			    r->done[i] && !r->results[i].got_result);
		if (!want)
			continue;
		r->attempts[i]++;
		r->done[i] = 0;
		*task = &r->inputs[i];
		char buf[512];
		snprintf(buf, sizeof(buf),
			 "{\"id\":%zu,\"input\":\"%s\",\"output\":"
			 "\"/nonexistent/out\",\"temp\":\"/nonexistent/t\"}",
			 i, r->inputs[i]);
		*payload = strdup(buf);
		*len = strlen(buf);
		return 1;
	}
	return 0;
}

static void task_done(void *cookie, void *task, const struct rp_pool_result *res)
{
	struct run *r = cookie;
	size_t i = (size_t)((const char **)task - r->inputs);
	assert_int_equal(r->done[i], 0); /* exactly once per hand-out */
	r->done[i] = 1;
	r->results[i] = *res;
	r->results[i].payload = NULL;
}

static void message(void *cookie, int worker_id, const char *p, size_t n)
{
	(void)worker_id;
	(void)p;
	(void)n;
	((struct run *)cookie)->messages++;
}

static enum rp_pool_status go(struct run *r, unsigned workers, double timeout,
			      unsigned max_tasks, struct rp_pool_outcome *out)
{
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = workers, .argv = argv, .config = "{}",
		.config_len = 2, .task_timeout = timeout, .kill_grace = 0.5,
		.max_tasks_per_worker = max_tasks, .next_task = next_task,
		.task_done = task_done, .message = message, .cookie = r,
		.forkserver = forkserver,
	};
	return rp_pool_run(&o, out);
}

static void fill(struct run *r, const char *const *inputs)
{
	memset(r, 0, sizeof(*r));
	while (inputs[r->nr]) {
		r->inputs[r->nr] = inputs[r->nr];
		r->nr++;
	}
}

static void no_children_left(void)
{
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
}

static void every_way_to_end(void **state)
{
	(void)state;
	const char *in[] = {"fail-1", "segv", "abort", "exit3", "noresult",
			    "garbage", "hang", "ok-2", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 3, 1.0, 0, &out), RP_POOL_DONE);
	for (size_t i = 0; i < r.nr; i++)
		assert_int_equal(r.done[i], 1);
	assert_int_equal(r.results[0].got_result, 1);
	assert_int_equal(r.results[1].got_result, 0);
	assert_int_equal(r.results[1].signo, SIGSEGV);
	assert_int_equal(r.results[2].signo, SIGABRT);
	assert_int_equal(r.results[3].exit_code, 3);
	assert_int_equal(r.results[3].signo, 0);
	assert_int_equal(r.results[4].exit_code, 0);
	assert_int_equal(r.results[4].got_result, 0);
	assert_int_equal(r.results[5].protocol_error, 1);
	assert_int_equal(r.results[6].timed_out, 1);
	assert_int_equal(r.results[6].signo, SIGTERM);
	assert_int_equal(r.results[7].got_result, 1);
	assert_true(r.results[6].finished - r.results[6].started >= 1.0);
	assert_true(r.messages >= 1);
	/* a worker that died never got another task after it */
	for (size_t i = 1; i <= 6; i++)
		for (size_t j = 0; j < r.nr; j++)
			if (j != i && r.results[i].worker_id ==
					      r.results[j].worker_id)
				assert_true(r.results[j].started <
					    r.results[i].started);
	assert_true(out.workers_started > 3);
	no_children_left();
}

static void crashed_task_runs_again_on_a_fresh_worker(void **state)
{
	(void)state;
	char dir[] = "/tmp/rp-pool-XXXXXX";
	assert_non_null(mkdtemp(dir));
	setenv("RP_FAKE_STATE", dir, 1);
	const char *in[] = {"a-crashonce", "b", NULL};
	struct run r;
	fill(&r, in);
	r.requeue_crashes = 1;
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 1, 0, 0, &out), RP_POOL_DONE);
	assert_int_equal(r.attempts[0], 2);
	assert_int_equal(r.results[0].got_result, 1);
	assert_int_equal(r.results[1].got_result, 1);
	assert_int_equal(out.workers_started, 2);
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
}

static void workers_are_retired_after_max_tasks(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", "c", "d", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 2, 0, 1, &out), RP_POOL_DONE);
	assert_int_equal(out.workers_started, 4);
	int ids = 0;
	for (size_t i = 0; i < 4; i++)
		ids |= 1 << r.results[i].worker_id;
	assert_int_equal(ids, 0x1e); /* ids 1..4, one task each */
	no_children_left();
}

static void no_more_workers_than_tasks(void **state)
{
	(void)state;
	const char *in[] = {"only", NULL};
	struct run r;
	fill(&r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = 4, .tasks_hint = 1, .argv = argv, .config = "{}",
		.config_len = 2, .next_task = next_task, .task_done = task_done,
		.cookie = &r, .forkserver = forkserver,
	};
	struct rp_pool_outcome out;
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_DONE);
	assert_int_equal(out.workers_started, 1);
	assert_int_equal(r.results[0].got_result, 1);
}

static void refused_config_runs_nothing(void **state)
{
	(void)state;
	const char *in[] = {"a", NULL};
	struct run r;
	fill(&r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = 2, .argv = argv, .config = "{\"args\":[\"REFUSE\"]}",
		.config_len = 20, .next_task = next_task, .task_done = task_done,
		.cookie = &r, .forkserver = forkserver,
	};
	struct rp_pool_outcome out;
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_REFUSED);
	assert_string_equal(out.error, "fake refusal");
	assert_int_equal(r.attempts[0], 0);
	no_children_left();
}

static void broken_workers_stop_the_run(void **state)
{
	(void)state;
	const char *in[] = {"a", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	setenv("RP_FAKE_DIE_AT_START", "1", 1);
	assert_int_equal(go(&r, 2, 0, 0, &out), RP_POOL_START_FAILED);
	unsetenv("RP_FAKE_DIE_AT_START");
	assert_non_null(strstr(out.error, "exited with status 7"));
	assert_int_equal(r.attempts[0], 0);
	char *argv[] = {"/nonexistent/worker", NULL};
	struct rp_pool_options o = {.argv = argv, .next_task = next_task,
				    .task_done = task_done, .cookie = &r,
				    .forkserver = forkserver};
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_START_FAILED);
	assert_non_null(strstr(out.error, "No such file"));
	no_children_left();
}

static void interrupted_run_stops_every_worker(void **state)
{
	(void)state;
	const char *in[] = {"hang-1", "hang-2", "c", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	pid_t me = getpid();
	pid_t killer = fork();
	if (killer == 0) {
		usleep(300000);
		kill(me, SIGINT);
		_exit(0);
	}
	assert_int_equal(go(&r, 2, 0, 0, &out), RP_POOL_INTERRUPTED);
	assert_int_equal(out.signo, SIGINT);
	assert_int_equal(r.results[0].interrupted, 1);
	assert_int_equal(r.results[1].interrupted, 1);
	assert_int_equal(r.attempts[2], 0);
	waitpid(killer, NULL, 0);
	no_children_left();
}

/* The zygote: our oldest child started with --forkserver. */
static pid_t find_zygote(pid_t parent)
{
	pid_t best = 0;
	DIR *d = opendir("/proc");
	struct dirent *e;
	while (d && (e = readdir(d))) {
		pid_t pid = (pid_t)atoi(e->d_name);
		char path[64], buf[512] = "";
		snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
		FILE *f = pid > 0 ? fopen(path, "r") : NULL;
		int ppid = 0;
		if (f) {
			if (fscanf(f, "%*d %*s %*c %d", &ppid) != 1)
				ppid = 0;
			fclose(f);
		}
		if (ppid != parent)
			continue;
		snprintf(path, sizeof(path), "/proc/%d/cmdline", (int)pid);
		if ((f = fopen(path, "r"))) {
			size_t n = fread(buf, 1, sizeof(buf) - 1, f);
			fclose(f);
			size_t first = strlen(buf);
			if (first + 1 < n && !strcmp(buf + first + 1, "--forkserver") &&
			    (!best || pid < best))
				best = pid;
		}
	}
	if (d)
		closedir(d);
	return best;
}

/* While the pool runs: after `delay` microseconds a helper sends signo to
 * the zygote and tells, through a pipe, whether it found one to signal. */
struct signaller {
	pid_t pid;
	int said;
};

static struct signaller signal_zygote_later(int signo, useconds_t delay)
{
	pid_t me = getpid();
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	if (pid == 0) {
		usleep(delay);
		pid_t z = find_zygote(me);
		char ok = z > 0 && kill(z, signo) == 0 ? 'y' : 'n';
		_exit(write(fds[1], &ok, 1) == 1 ? 0 : 1);
	}
	close(fds[1]);
	return (struct signaller){pid, fds[0]};
}

static void assert_zygote_signalled(struct signaller s)
{
	char done = 0;
	assert_int_equal(read(s.said, &done, 1), 1);
	close(s.said);
	waitpid(s.pid, NULL, 0); /* unless the pool reaped it */
	assert_int_equal(done, 'y');
}

/* A zygote killed mid-run is started again: the run goes on. */
static void dead_zygote_is_replaced(void **state)
{
	(void)state;
	if (!forkserver)
		skip();
	const char *in[] = {"slow-1", "slow-2", "slow-3", "slow-4", "slow-5",
			    NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	struct signaller killer = signal_zygote_later(SIGKILL, 450000);
	assert_int_equal(go(&r, 1, 0, 1, &out), RP_POOL_DONE);
	assert_zygote_signalled(killer);
	for (size_t i = 0; i < r.nr; i++)
		assert_int_equal(r.results[i].got_result, 1);
	assert_int_equal(out.workers_started, 5);
	no_children_left();
}

/* A zygote that stops answering (SIGSTOP) does not hang the end of a run:
 * it is killed after a grace period. A hang fails by ctest's timeout; no
 * test here asserts on the clock, which a loaded machine stretches. */
static void stopped_zygote_does_not_hang_the_end(void **state)
{
	(void)state;
	if (!forkserver)
		skip();
	const char *in[] = {"slow-1", "slow-2", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	struct signaller stopper = signal_zygote_later(SIGSTOP, 150000);
	assert_int_equal(go(&r, 1, 0, 0, &out), RP_POOL_DONE);
	assert_zygote_signalled(stopper);
	assert_int_equal(r.results[0].got_result, 1);
	assert_int_equal(r.results[1].got_result, 1);
	no_children_left();
}

/* A fresh $RP_FAKE_STATE for the fake worker's counted starts. */
static void fresh_state(char *dir)
{
	strcpy(dir, "/tmp/rp-pool-XXXXXX");
	assert_non_null(mkdtemp(dir));
	setenv("RP_FAKE_STATE", dir, 1);
}

static void drop_state(const char *dir)
{
	char cmd[64];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	assert_int_equal(system(cmd), 0);
	unsetenv("RP_FAKE_STATE");
}

/* The zygote dies on its first request, and so does the next one: the
 * third serves, after the backoff's delays, and every task completes. */
static void zygote_dead_twice_in_a_row_is_replaced(void **state)
{
	(void)state;
	if (!forkserver)
		skip();
	char dir[32];
	fresh_state(dir);
	setenv("RP_FAKE_ZYGOTE_DEATHS", "2", 1);
	const char *in[] = {"a", "b", "c", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 2, 0, 1, &out), RP_POOL_DONE);
	unsetenv("RP_FAKE_ZYGOTE_DEATHS");
	for (size_t i = 0; i < r.nr; i++)
		assert_int_equal(r.results[i].got_result, 1);
	assert_int_equal(out.workers_started, 3);
	struct stat st;
	char marker[64];
	snprintf(marker, sizeof(marker), "%s/zygote-2", dir);
	assert_int_equal(stat(marker, &st), 0); /* the second one did die */
	drop_state(dir);
	no_children_left();
}

/* A zygote that always dies: the run gives up after the backoff's limit
 * instead of looping, and says why. */
static void zygote_that_always_dies_stops_the_run(void **state)
{
	(void)state;
	if (!forkserver)
		skip();
	setenv("RP_FAKE_ZYGOTE_DEATHS", "1", 1); /* no state: every zygote */
	const char *in[] = {"a", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 2, 0, 0, &out), RP_POOL_START_FAILED);
	unsetenv("RP_FAKE_ZYGOTE_DEATHS");
	assert_non_null(strstr(out.error, "fork server cannot start a worker"));
	assert_non_null(strstr(out.error, "6 failed starts in a row"));
	assert_int_equal(r.attempts[0], 0);
	no_children_left();
}

static enum rp_pool_status go_start_timeout(struct run *r, double start_timeout,
					    struct rp_pool_outcome *out)
{
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = 1, .argv = argv, .config = "{}", .config_len = 2,
		.start_timeout = start_timeout, .kill_grace = 0.5,
		.next_task = next_task, .task_done = task_done, .cookie = r,
		.forkserver = forkserver,
	};
	return rp_pool_run(&o, out);
}

/* A worker that never answers CONFIG is killed at the start-up deadline
 * and counts as a failed start; the next one runs the task. No --timeout
 * (task_timeout) is needed for that. */
static void silent_worker_is_replaced(void **state)
{
	(void)state;
	char dir[32];
	fresh_state(dir);
	setenv("RP_FAKE_SILENT_AT_START", "1", 1);
	const char *in[] = {"a", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go_start_timeout(&r, 0.2, &out), RP_POOL_DONE);
	unsetenv("RP_FAKE_SILENT_AT_START");
	assert_int_equal(r.results[0].got_result, 1);
	assert_int_equal(out.workers_started, 2);
	drop_state(dir);
	no_children_left();
}

/* A refusal after some worker took CONFIG is one failed start, not a
 * usage error: the replacement of a retired worker refuses (a transient
 * bucket check, say) and the run still does every task. */
static void later_refusal_is_a_failed_start(void **state)
{
	(void)state;
	char dir[32];
	fresh_state(dir);
	setenv("RP_FAKE_REFUSE_NTH", "2", 1);
	const char *in[] = {"a", "b", "c", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go(&r, 1, 0, 1, &out), RP_POOL_DONE);
	unsetenv("RP_FAKE_REFUSE_NTH");
	for (int i = 0; i < 3; i++)
		assert_int_equal(r.results[i].got_result, 1);
	assert_int_equal(out.workers_started, 4);
	drop_state(dir);
	no_children_left();
}

static void always_silent_worker_stops_the_run(void **state)
{
	(void)state;
	setenv("RP_FAKE_SILENT_AT_START", "1", 1); /* no state: every start */
	const char *in[] = {"a", NULL};
	struct run r;
	fill(&r, in);
	struct rp_pool_outcome out;
	assert_int_equal(go_start_timeout(&r, 0.1, &out), RP_POOL_START_FAILED);
	unsetenv("RP_FAKE_SILENT_AT_START");
	assert_non_null(strstr(out.error, "did not answer CONFIG within 0.1 s"));
	assert_int_equal(out.workers_started, 6);
	assert_int_equal(r.attempts[0], 0);
	no_children_left();
}

/* The options are valid zeroed but for argv and next_task: no task_done,
 * message, observers or tick. */
static void zeroed_options_but_argv_and_next_task(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", NULL};
	struct run r;
	fill(&r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {0};
	o.argv = argv;
	o.next_task = next_task;
	o.cookie = &r;
	o.forkserver = forkserver;
	struct rp_pool_outcome out;
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_DONE);
	assert_int_equal(r.attempts[0], 1);
	assert_int_equal(r.attempts[1], 1);
	no_children_left();
}

struct ticks {
	struct run r;
	int ticks, ticks_at_first_task;
};

static int next_task_after_ticks(void *cookie, void **task, char **payload,
				 size_t *len)
{
	struct ticks *t = cookie;
	if (t->ticks_at_first_task < 0)
		t->ticks_at_first_task = t->ticks;
	return next_task(&t->r, task, payload, len);
}

static void tick(void *cookie)
{
	((struct ticks *)cookie)->ticks++;
}

static void task_done_ticks(void *cookie, void *task,
			    const struct rp_pool_result *res)
{
	task_done(&((struct ticks *)cookie)->r, task, res);
}

static void first_tick_before_first_task(void **state)
{
	(void)state;
	const char *in[] = {"a", NULL};
	struct ticks t = {.ticks_at_first_task = -1};
	fill(&t.r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.argv = argv, .next_task = next_task_after_ticks,
		.task_done = task_done_ticks, .on_tick = tick, .tick = 1000,
		.cookie = &t, .forkserver = forkserver,
	};
	struct rp_pool_outcome out;
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_DONE);
	assert_int_equal(t.ticks_at_first_task, 1);
	assert_int_equal(t.r.results[0].got_result, 1);
}

static int open_descriptors(void)
{
	int n = 0;
	DIR *d = opendir("/proc/self/fd");
	while (d && readdir(d))
		n++;
	if (d)
		closedir(d);
	return n - 3; /* ".", ".." and opendir's own */
}

/* Few descriptors: fewer workers start (fdbudget.h), every task is done. */
static void fewer_workers_when_descriptors_are_few(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", "c", "d", "e", "f", "g", "h", "i", "j",
			    "k", "l", "m", "n", "o", "p", NULL};
	struct run r;
	fill(&r, in);
	struct rlimit saved, low;
	assert_int_equal(getrlimit(RLIMIT_NOFILE, &saved), 0);
	low = saved;
	low.rlim_cur = (rlim_t)open_descriptors() + 14;
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	struct rp_pool_outcome out;
	enum rp_pool_status status = go(&r, 16, 0, 0, &out);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &saved), 0);
	assert_int_equal(status, RP_POOL_DONE);
	assert_true(out.fewer_workers >= 1 && out.fewer_workers < 16);
	assert_non_null(strstr(out.error, "(ulimit -n)"));
	for (size_t i = 0; i < r.nr; i++)
		assert_int_equal(r.results[i].got_result, 1);
	no_children_left();
}

/* Descriptors that run out once workers are up (another thread took
 * them): the run goes on with the workers it has. */
static struct rlimit squeezed_from;
static int squeezed;

static int next_task_squeezing(void *cookie, void **task, char **payload,
			       size_t *len)
{
	if (!squeezed++) {
		struct rlimit low;
		assert_int_equal(getrlimit(RLIMIT_NOFILE, &squeezed_from), 0);
		int lowest_free = dup(0); /* a new descriptor gets this one */
		close(lowest_free);
		low = squeezed_from;
		low.rlim_cur = (rlim_t)lowest_free;
		assert_int_equal(setrlimit(RLIMIT_NOFILE, &low), 0);
	}
	return next_task(cookie, task, payload, len);
}

static void fewer_workers_when_descriptors_run_out(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", "c", "d", "e", "f", "g", "h", NULL};
	struct run r;
	fill(&r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = 8, .tasks_hint = 1, /* one worker up at first */
		.argv = argv, .config = "{}", .config_len = 2,
		.next_task = next_task_squeezing, .task_done = task_done,
		.cookie = &r, .forkserver = forkserver,
	};
	struct rp_pool_outcome out;
	squeezed = 0;
	enum rp_pool_status status = rp_pool_run(&o, &out);
	assert_int_equal(setrlimit(RLIMIT_NOFILE, &squeezed_from), 0);
	assert_int_equal(status, RP_POOL_DONE);
	assert_true(out.fewer_workers >= 1 && out.fewer_workers < 8);
	assert_non_null(strstr(out.error, "Too many open files"));
	for (size_t i = 0; i < r.nr; i++)
		assert_int_equal(r.results[i].got_result, 1);
	no_children_left();
}

/* next_task holds the second task back until two ticks have passed, while
 * no worker is alive (the first retired after its task): the run waits
 * instead of ending with the task never handed out. */
struct held {
	struct run r;
	int ticks_then;
	int ticks;
};

static int next_task_held(void *cookie, void **task, char **payload,
			  size_t *len)
{
	struct held *h = cookie;
	if (h->r.done[0] && h->ticks_then < 0)
		h->ticks_then = h->ticks;
	if (h->r.attempts[0] && (!h->r.done[0] || h->ticks < h->ticks_then + 2))
		return RP_POOL_WAIT;
	return next_task(&h->r, task, payload, len);
}

static void tick_held(void *cookie)
{
	((struct held *)cookie)->ticks++;
}

static void task_done_held(void *cookie, void *task,
			   const struct rp_pool_result *res)
{
	task_done(&((struct held *)cookie)->r, task, res);
}

static void waits_while_tasks_are_held_back(void **state)
{
	(void)state;
	const char *in[] = {"a", "b", NULL};
	struct held h = {.ticks_then = -1};
	fill(&h.r, in);
	char *argv[] = {FAKE_WORKER, NULL};
	struct rp_pool_options o = {
		.workers = 1, .max_tasks_per_worker = 1, .argv = argv,
		.next_task = next_task_held, .task_done = task_done_held,
		.on_tick = tick_held, .tick = 0.01, .cookie = &h,
		.forkserver = forkserver,
	};
	struct rp_pool_outcome out;
	assert_int_equal(rp_pool_run(&o, &out), RP_POOL_DONE);
	assert_int_equal(h.r.attempts[1], 1);
	assert_int_equal(h.r.results[1].got_result, 1);
	assert_int_equal(out.workers_started, 2);
	no_children_left();
}

static int with_spawn(void **state)
{
	(void)state;
	forkserver = 0;
	return 0;
}

static int with_forkserver(void **state)
{
	(void)state;
	forkserver = 1;
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_way_to_end),
		cmocka_unit_test(crashed_task_runs_again_on_a_fresh_worker),
		cmocka_unit_test(workers_are_retired_after_max_tasks),
		cmocka_unit_test(no_more_workers_than_tasks),
		cmocka_unit_test(refused_config_runs_nothing),
		cmocka_unit_test(later_refusal_is_a_failed_start),
		cmocka_unit_test(broken_workers_stop_the_run),
		cmocka_unit_test(interrupted_run_stops_every_worker),
		cmocka_unit_test(dead_zygote_is_replaced),
		cmocka_unit_test(stopped_zygote_does_not_hang_the_end),
		cmocka_unit_test(zygote_dead_twice_in_a_row_is_replaced),
		cmocka_unit_test(zygote_that_always_dies_stops_the_run),
		cmocka_unit_test(silent_worker_is_replaced),
		cmocka_unit_test(always_silent_worker_stops_the_run),
		cmocka_unit_test(zeroed_options_but_argv_and_next_task),
		cmocka_unit_test(first_tick_before_first_task),
		cmocka_unit_test(fewer_workers_when_descriptors_are_few),
		cmocka_unit_test(waits_while_tasks_are_held_back),
		cmocka_unit_test(fewer_workers_when_descriptors_run_out),
	};
	int failed = cmocka_run_group_tests_name("spawn", tests, with_spawn,
						 NULL);
	return failed + cmocka_run_group_tests_name("forkserver", tests,
						    with_forkserver, NULL);
}
