#include "pool.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "backoff.h"
#include "check.h"
#include "fdbudget.h"
#include "forkserver.h"
#include "proto.h"
#include "sig.h"
#include "spawn.h"
#include "timeutil.h"

/* A worker has this long to answer CONFIG, unless the caller or
 * RASTERPOOL_START_TIMEOUT (seconds) says otherwise (pool.h). */
#define START_TIMEOUT 60.0
/* A retired worker exits at EOF; it gets this long (a worker under
 * valgrind spends seconds on its leak report) before it is killed. */
#define RETIRE_GRACE 10.0

enum worker_state {
	W_FREE,     /* slot unused */
	W_STARTING, /* CONFIG sent, waiting for READY */
	W_IDLE,
	W_BUSY,
	W_STOPPING, /* retired or killed, waiting to reap */
};

struct worker {
	enum worker_state state;
	int id;
	struct rp_child child; /* child.fd is -1 once closed */
	struct rp_frame_reader reader;
	unsigned tasks_done;
	void *task;
	struct rp_pool_result result;
	double deadline; /* TERM at this time, if > 0: the task's deadline,
			    or the start-up's while W_STARTING */
	int start_timed_out;
	double kill_at;  /* KILL at this time, if > 0 */
};

struct pool {
	const struct rp_pool_options *o;
	struct rp_pool_outcome *outcome;
	struct worker *w;
	unsigned nr;
	unsigned cap;           /* at most this many at once (<= nr): fewer
				   when descriptors ran out */
	int sigfd;
	int next_id;
	unsigned start_failures; /* in a row (backoff.h) */
	double next_start;      /* no start before this time */
	double start_timeout;
	void *pending;          /* a task taken from next_task, not yet sent */
	char *pending_payload;
	size_t pending_len;
	int stopping;           /* no more dispatch */
	int any_ready;          /* some worker accepted CONFIG: tasks may go */
	int waiting;            /* next_task holds tasks back for now */
	int signals;            /* SIGINT/SIGTERM received */
	double next_tick;
	struct rp_forkserver fs; /* with o->forkserver */
	struct pollfd *fds;     /* poll's set, one per worker and the signals */
	struct worker **owner;  /* the worker of each fds entry */
	enum rp_pool_status status;
};

static void fail(struct pool *p, enum rp_pool_status status, const char *fmt,
		 ...) __attribute__((format(printf, 3, 4)));

static void fail(struct pool *p, enum rp_pool_status status, const char *fmt,
		 ...)
{
	if (p->status != RP_POOL_DONE)
		return;
	p->status = status;
	p->stopping = 1;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(p->outcome->error, sizeof(p->outcome->error), fmt, ap);
	va_end(ap);
}

static unsigned count_state(struct pool *p, enum worker_state s)
{
	unsigned n = 0;
	for (unsigned i = 0; i < p->nr; i++)
		n += p->w[i].state == s;
	return n;
}

static unsigned live_workers(struct pool *p)
{
	return p->nr - count_state(p, W_FREE);
}

static void close_channel(struct worker *w)
{
	if (w->child.fd >= 0)
		close(w->child.fd);
	w->child.fd = -1;
}

/* Retiring closes the socket; the worker exits on EOF, and is killed if it
 * does not within the grace period. */
static void retire(struct pool *p, struct worker *w)
{
	close_channel(w);
	w->state = W_STOPPING;
	w->deadline = 0;
	if (!w->kill_at)
		w->kill_at = rp_now() + (p->o->kill_grace > RETIRE_GRACE
						 ? p->o->kill_grace
						 : RETIRE_GRACE);
}

static void terminate(struct pool *p, struct worker *w)
{
	kill(w->child.pid, SIGTERM);
	w->deadline = 0;
	w->kill_at = rp_now() + p->o->kill_grace;
}

/* A new worker process: exec'd, or forked by the zygote. A zygote that
 * fails to fork one (killed, out of memory) is stopped, and the next start
 * begins a new one: start failures in a row back off (backoff.h). */
static int spawn(struct pool *p, struct rp_child *child, char *err,
		 size_t errlen)
{
	if (!p->o->forkserver)
		return rp_spawn(p->o->argv, child, err, errlen);
	int rc = 0;
	if (p->fs.zygote.fd < 0)
		rc = rp_forkserver_start(&p->fs, p->o->argv, err, errlen);
	if (!rc)
		rc = rp_forkserver_spawn(&p->fs, child, err, errlen);
	if (rc)
		rp_forkserver_stop(&p->fs);
	return rc;
}

/* One more failed start in a row: try again after the backoff's delay, or
 * give up and stop the run. */
static void start_failed(struct pool *p, const char *why)
{
	double delay;
	if (rp_backoff_next(++p->start_failures, &delay) < 0) {
		fail(p, RP_POOL_START_FAILED, "%s (%u failed starts in a row)",
		     why, p->start_failures);
		return;
	}
	p->next_start = rp_now() + delay;
}

/* Out of descriptors with workers up: the run goes on with those. */
static int fewer_workers(struct pool *p, int rc, const char *why)
{
	unsigned live = live_workers(p);
	if ((rc != -EMFILE && rc != -ENFILE) || live == 0)
		return 0;
	p->cap = live;
	p->outcome->fewer_workers = live;
	snprintf(p->outcome->error, sizeof(p->outcome->error),
		 "cannot start more than %u workers: %s", live, why);
	return 1;
}

static void start_worker(struct pool *p)
{
	if (live_workers(p) >= p->cap || rp_now() < p->next_start)
		return;
	struct worker *w = NULL;
	for (unsigned i = 0; i < p->nr && !w; i++)
		if (p->w[i].state == W_FREE)
			w = &p->w[i];
	RP_CHECK(w, "a worker slot is free below the cap");
	char err[1024];
	int rc = spawn(p, &w->child, err, sizeof(err));
	if (rc < 0) {
		if (!fewer_workers(p, rc, err))
			start_failed(p, err);
		return;
	}
	memset(&w->result, 0, sizeof(w->result));
	rp_frame_reader_init(&w->reader);
	w->id = ++p->next_id;
	w->state = W_STARTING;
	w->tasks_done = 0;
	w->task = NULL;
	w->kill_at = 0;
	w->start_timed_out = 0;
	w->deadline = rp_now() + p->start_timeout;
	p->outcome->workers_started++;
	rc = rp_frame_write(w->child.fd, RP_FRAME_CONFIG, p->o->config,
			    p->o->config_len);
	if (rc < 0)
		retire(p, w); /* it died already: reaping tells how */
}

static void finish_task(struct pool *p, struct worker *w,
			const struct rp_frame *frame)
{
	struct rp_pool_result *r = &w->result;
	r->finished = rp_now();
	if (frame) {
		r->got_result = 1;
		r->payload = frame->payload;
		r->length = frame->length;
	}
	if (p->signals && !frame)
		r->interrupted = 1;
	void *task = w->task;
	w->task = NULL;
	w->deadline = 0;
	if (p->o->task_done)
		p->o->task_done(p->o->cookie, task, r);
	r->payload = NULL;
}

static void protocol_error(struct pool *p, struct worker *w)
{
	w->result.protocol_error = 1;
	kill(w->child.pid, SIGKILL);
	close_channel(w);
	if (w->state != W_BUSY)
		w->state = W_STOPPING;
	(void)p;
}

static void on_frame(struct pool *p, struct worker *w,
		     const struct rp_frame *f)
{
	if (f->type == RP_FRAME_LOG) {
		if (p->o->message)
			p->o->message(p->o->cookie, w->id, f->payload,
				      f->length);
	} else if (f->type == RP_FRAME_READY && w->state == W_STARTING) {
		w->state = W_IDLE;
		w->deadline = 0;
		p->start_failures = 0;
		p->any_ready = 1;
		if (p->o->worker_ready)
			p->o->worker_ready(p->o->cookie, w->id, f->payload,
					   f->length);
	} else if (f->type == RP_FRAME_REFUSED && w->state == W_STARTING) {
		/* Before any worker took CONFIG the arguments are wrong (a
		 * usage error); after, a refusal is one failed start (a
		 * transient bucket check, say): the run goes on. */
		if (p->any_ready)
			start_failed(p, f->payload);
		else
			fail(p, RP_POOL_REFUSED, "%s", f->payload);
		retire(p, w);
	} else if (f->type == RP_FRAME_RESULT && w->state == W_BUSY) {
		finish_task(p, w, f);
		w->tasks_done++;
		w->state = W_IDLE;
		if (w->kill_at || (p->o->max_tasks_per_worker &&
				   w->tasks_done >= p->o->max_tasks_per_worker))
			retire(p, w);
	} else {
		protocol_error(p, w);
	}
}

/* Reads what the worker sent; returns 0 on EOF or a broken stream. */
static int read_worker(struct pool *p, struct worker *w)
{
	while (w->child.fd >= 0) {
		ssize_t n = rp_frame_reader_fill(&w->reader, w->child.fd);
		if (n == -EAGAIN)
			return 1;
		struct rp_frame f;
		int rc = 0;
		while (w->child.fd >= 0 &&
		       (rc = rp_frame_reader_next(&w->reader, &f)) == 1)
			on_frame(p, w, &f);
		if (w->child.fd >= 0 && rc < 0)
			protocol_error(p, w);
		if (n <= 0) {
			close_channel(w);
			return 0;
		}
	}
	return 0;
}

static void record_exit(struct rp_pool_result *r, int status)
{
	r->exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
	r->signo = WIFSIGNALED(status) ? WTERMSIG(status) : 0;
}

static void describe_status(char *out, size_t outlen, int status)
{
	if (WIFSIGNALED(status))
		snprintf(out, outlen, "was killed by signal %d (%s)",
			 WTERMSIG(status), strsignal(WTERMSIG(status)));
	else
		snprintf(out, outlen, "exited with status %d",
			 WEXITSTATUS(status));
}

static void on_exit_of(struct pool *p, struct worker *w, int status,
		       const struct rusage *usage)
{
	read_worker(p, w);
	close_channel(w);
	if (p->o->worker_exit)
		p->o->worker_exit(p->o->cookie, w->id, w->child.pid, status,
				  usage);
	if (w->state == W_BUSY) {
		record_exit(&w->result, status);
		finish_task(p, w, NULL);
	} else if (w->state == W_STARTING && !p->stopping) {
		char how[256], why[512];
		if (w->start_timed_out)
			snprintf(how, sizeof(how), "did not answer CONFIG "
				 "within %g s", p->start_timeout);
		else
			describe_status(how, sizeof(how), status);
		snprintf(why, sizeof(why), "worker %s %s before it was ready",
			 p->o->argv[0], how);
		start_failed(p, why);
	}
	rp_frame_reader_release(&w->reader);
	w->state = W_FREE;
}

static void reap(struct pool *p)
{
	int status;
	pid_t pid;
	struct rusage usage;
	while ((pid = wait4(-1, &status, WNOHANG, &usage)) > 0) {
		if (p->o->forkserver && pid == p->fs.zygote.pid) {
			rp_forkserver_reaped(&p->fs);
			continue;
		}
		for (unsigned i = 0; i < p->nr; i++) {
			struct worker *w = &p->w[i];
			if (w->state != W_FREE && w->child.pid == pid) {
				on_exit_of(p, w, status, &usage);
				break;
			}
		}
	}
}

static int take_task(struct pool *p)
{
	if (p->pending || p->stopping || !p->any_ready)
		return p->pending != NULL;
	int rc = p->o->next_task(p->o->cookie, &p->pending, &p->pending_payload,
				 &p->pending_len);
	RP_CHECK(rc == 0 || rc == RP_POOL_WAIT || (rc == 1 && p->pending_payload),
		 "next_task returns 0, RP_POOL_WAIT, or 1 with a payload");
	p->waiting = rc == RP_POOL_WAIT;
	if (rc != 1)
		p->pending = NULL;
	return p->pending != NULL;
}

static void send_task(struct pool *p, struct worker *w)
{
	struct rp_pool_result *r = &w->result;
	memset(r, 0, sizeof(*r));
	r->worker_id = w->id;
	r->pid = w->child.pid;
	r->exit_code = -1;
	r->started = rp_now();
	w->task = p->pending;
	w->state = W_BUSY;
	if (p->o->task_timeout > 0)
		w->deadline = r->started + p->o->task_timeout;
	int rc = rp_frame_write(w->child.fd, RP_FRAME_TASK, p->pending_payload,
				p->pending_len);
	free(p->pending_payload);
	p->pending = NULL;
	p->pending_payload = NULL;
	if (rc < 0)
		close_channel(w); /* it died: reaping reports the task */
}

/* A task taken from next_task but never sent still gets its task_done. */
static void abandon_pending(struct pool *p)
{
	struct rp_pool_result r = {0};
	r.exit_code = -1;
	r.interrupted = 1;
	r.started = r.finished = rp_now();
	free(p->pending_payload);
	if (p->o->task_done)
		p->o->task_done(p->o->cookie, p->pending, &r);
	p->pending = NULL;
}

static struct worker *find_idle(struct pool *p)
{
	for (unsigned i = 0; i < p->nr; i++)
		if (p->w[i].state == W_IDLE)
			return &p->w[i];
	return NULL;
}

static void dispatch(struct pool *p)
{
	for (;;) {
		struct worker *idle = find_idle(p);
		/* Without an idle worker, a task is still taken when a slot
		 * is free, so that a worker gets started for it. */
		if (!idle && live_workers(p) >= p->cap)
			break;
		if (!take_task(p) || !idle)
			break;
		send_task(p, idle);
	}
	int starting = count_state(p, W_STARTING) > 0;
	if (p->stopping) {
		for (unsigned i = 0; i < p->nr; i++)
			if (p->w[i].state == W_IDLE || p->w[i].state == W_STARTING)
				retire(p, &p->w[i]);
	} else if (!p->any_ready || p->pending) {
		/* Nobody has accepted CONFIG yet, or a task waits for a
		 * worker: start one more (one at a time while none is ready,
		 * so a broken worker is not started N times at once). */
		if (!starting)
			start_worker(p);
	} else if (!p->waiting) {
		for (unsigned i = 0; i < p->nr; i++)
			if (p->w[i].state == W_IDLE)
				retire(p, &p->w[i]);
	}
}

static void on_deadlines(struct pool *p, double now)
{
	for (unsigned i = 0; i < p->nr; i++) {
		struct worker *w = &p->w[i];
		if (w->state == W_FREE)
			continue;
		if (w->kill_at > 0 && now >= w->kill_at) {
			kill(w->child.pid, SIGKILL);
			w->kill_at = 0;
		} else if (w->deadline > 0 && now >= w->deadline) {
			if (w->state == W_STARTING)
				w->start_timed_out = 1;
			else
				w->result.timed_out = 1;
			terminate(p, w);
		}
	}
}

static int poll_timeout(struct pool *p, double now)
{
	double next = p->o->on_tick ? p->next_tick : -1;
	if (p->next_start > now && (next < 0 || p->next_start < next))
		next = p->next_start;
	for (unsigned i = 0; i < p->nr; i++) {
		const struct worker *w = &p->w[i];
		double t[2] = {w->deadline, w->kill_at};
		for (int k = 0; k < 2; k++)
			if (w->state != W_FREE && t[k] > 0 &&
			    (next < 0 || t[k] < next))
				next = t[k];
	}
	if (next < 0)
		return -1;
	double ms = (next - now) * 1000.0 + 1;
	return ms < 0 ? 0 : ms > 60000 ? 60000 : (int)ms;
}

static void on_signal(struct pool *p, int signo)
{
	if (!p->signals)
		p->outcome->signo = signo;
	p->signals++;
	p->stopping = 1;
	for (unsigned i = 0; i < p->nr; i++) {
		struct worker *w = &p->w[i];
		if (w->state == W_FREE)
			continue;
		if (p->signals > 1)
			kill(w->child.pid, SIGKILL);
		else
			terminate(p, w);
	}
	if (p->status == RP_POOL_DONE)
		p->status = RP_POOL_INTERRUPTED;
}

static void wait_events(struct pool *p)
{
	struct pollfd *fds = p->fds;
	struct worker **owner = p->owner;
	nfds_t n = 0;
	fds[n].fd = p->sigfd;
	fds[n++].events = POLLIN;
	nfds_t watch = 0;
	if (p->o->on_watch) {
		watch = n;
		owner[n] = NULL;
		fds[n].fd = p->o->watch_fd;
		fds[n++].events = POLLIN;
	}
	for (unsigned i = 0; i < p->nr; i++) {
		if (p->w[i].state == W_FREE || p->w[i].child.fd < 0)
			continue;
		owner[n] = &p->w[i];
		fds[n].fd = p->w[i].child.fd;
		fds[n++].events = POLLIN;
	}
	int rc = poll(fds, n, poll_timeout(p, rp_now()));
	for (nfds_t i = 1; rc > 0 && i < n; i++)
		if (fds[i].revents && owner[i])
			read_worker(p, owner[i]);
	if (rc > 0 && watch && fds[watch].revents)
		p->o->on_watch(p->o->cookie);
	unsigned seen = 0;
	if (rc > 0 && fds[0].revents)
		rp_sig_drain(p->sigfd, &seen);
	if (seen & RP_SIG_INT)
		on_signal(p, SIGINT);
	if (seen & RP_SIG_TERM)
		on_signal(p, SIGTERM);
	reap(p);
	double now = rp_now();
	on_deadlines(p, now);
	if (p->o->on_tick && now >= p->next_tick) {
		p->o->on_tick(p->o->cookie);
		p->next_tick = now + p->o->tick;
	}
}

static void init_pool(struct pool *p, const struct rp_pool_options *o,
		      struct rp_pool_outcome *outcome)
{
	memset(p, 0, sizeof(*p));
	memset(outcome, 0, sizeof(*outcome));
	p->o = o;
	p->outcome = outcome;
	p->nr = o->workers ? o->workers : 1;
	p->cap = p->nr;
	p->start_timeout = o->start_timeout;
	const char *env = getenv("RASTERPOOL_START_TIMEOUT");
	if (p->start_timeout <= 0 && env)
		p->start_timeout = strtod(env, NULL);
	if (p->start_timeout <= 0)
		p->start_timeout = START_TIMEOUT;
	p->w = calloc(p->nr, sizeof(*p->w));
	p->fds = calloc(p->nr + 2, sizeof(*p->fds));
	p->owner = calloc(p->nr + 2, sizeof(*p->owner));
	for (unsigned i = 0; p->w && i < p->nr; i++)
		p->w[i].child.fd = -1;
}

/* As many workers as the descriptor limit leaves room for (fdbudget.h). */
static void fit_descriptors(struct pool *p)
{
	unsigned long open_now, limit;
	if (rp_fd_usage(&open_now, &limit) < 0)
		return;
	unsigned n = rp_fd_budget_workers(p->nr, limit, open_now,
					  1 + p->o->task_fds, RP_FD_HEADROOM);
	if (n >= p->nr)
		return;
	p->cap = n;
	p->outcome->fewer_workers = n;
	snprintf(p->outcome->error, sizeof(p->outcome->error),
		 "%lu descriptors (ulimit -n), %lu open: room for %u workers",
		 limit, open_now, n);
}

static void release_pool(struct pool *p)
{
	free(p->w);
	free(p->fds);
	free(p->owner);
}

enum rp_pool_status rp_pool_run(const struct rp_pool_options *opts,
				struct rp_pool_outcome *outcome)
{
	struct rp_pool_options o = *opts;
	RP_CHECK(o.argv && o.argv[0], "rp_pool_options.argv names the worker");
	RP_CHECK(o.next_task, "rp_pool_options.next_task is set");
	RP_CHECK(!o.on_watch || o.watch_fd >= 0, "on_watch comes with watch_fd");
	if (o.kill_grace <= 0)
		o.kill_grace = 2.0;
	if (o.tick <= 0)
		o.tick = 0.1;
	struct pool p;
	init_pool(&p, &o, outcome);
	p.sigfd = rp_sig_open();
	if (!p.w || !p.fds || !p.owner || p.sigfd < 0) {
		fail(&p, RP_POOL_START_FAILED, "cannot set up the pool: %s",
		     strerror(p.sigfd < 0 ? -p.sigfd : ENOMEM));
		if (p.sigfd >= 0)
			rp_sig_close();
		release_pool(&p);
		return p.status;
	}
	p.fs.zygote.fd = -1;
	fit_descriptors(&p);
	unsigned first = p.nr;
	if (o.tasks_hint && o.tasks_hint < first)
		first = o.tasks_hint;
	for (unsigned i = 0; i < first && !p.stopping; i++)
		start_worker(&p);
	for (;;) {
		dispatch(&p);
		if (live_workers(&p) == 0 &&
		    (p.stopping ||
		     (p.any_ready && !take_task(&p) && !p.waiting)))
			break;
		wait_events(&p);
	}
	if (p.pending)
		abandon_pending(&p);
	rp_forkserver_stop(&p.fs);
	rp_sig_close();
	release_pool(&p);
	return p.status;
}
