#include "commit.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "atomic.h"
#include "timeutil.h"

/* A batch shares one data flush: it gathers jobs for up to 20 ms. */
#define BATCH_WINDOW_NS 20000000L
#define BATCH_MAX 64

struct list {
	struct rp_commit_job *head, *tail;
};

struct rp_committer {
	pthread_mutex_t lock;
	pthread_cond_t work;    /* todo gained a job, or stop */
	pthread_cond_t settled; /* a batch of jobs moved to done */
	struct list todo, done;
	unsigned long pending;  /* submitted, not yet in done */
	unsigned long waiting;  /* in todo */
	int flush;              /* take() waits: commit without delay */
	int stop;
	int threaded;
	pthread_t thread;
	int pipe[2];            /* one byte per settled batch */
};

static void append(struct list *l, struct rp_commit_job *j)
{
	j->next = NULL;
	if (l->tail)
		l->tail->next = j;
	else
		l->head = j;
	l->tail = j;
}

static struct rp_commit_job *take_all(struct list *l)
{
	struct rp_commit_job *j = l->head;
	l->head = l->tail = NULL;
	return j;
}

static int same_dir(const char *a, const char *b)
{
	const char *sa = strrchr(a, '/'), *sb = strrchr(b, '/');
	size_t la = sa ? (size_t)(sa - a) : 0, lb = sb ? (size_t)(sb - b) : 0;
	return la == lb && !memcmp(a, b, la);
}

/* Makes the data of every job's temporary file durable: one syncfs per
 * filesystem in the batch, or an fsync of each file the task wrote where
 * syncfs fails (it then names the output). */
static void sync_data(struct rp_commit_job *batch)
{
	dev_t synced[8];
	size_t nr_synced = 0;
	for (struct rp_commit_job *j = batch; j; j = j->next) {
		double t0 = rp_now();
		int fd = rp_atomic_open_output(&j->temp);
		struct stat st;
		if (fd < 0 || fstat(fd, &st) < 0) {
			j->rc = -errno;
			snprintf(j->error, sizeof(j->error), "open %s: %s",
				 j->temp.path, strerror(errno));
			if (fd >= 0)
				close(fd);
			continue;
		}
		int durable = 0; /* its filesystem synced in this batch */
		for (size_t i = 0; i < nr_synced; i++)
			durable |= synced[i] == st.st_dev;
		if (!durable && syncfs(fd) == 0) {
			durable = 1;
			if (nr_synced < sizeof(synced) / sizeof(synced[0]))
				synced[nr_synced++] = st.st_dev;
		}
		int rc = durable ? 0 : rp_atomic_sync_files(&j->temp);
		if (rc) {
			j->rc = rc;
			snprintf(j->error, sizeof(j->error), "fsync %s: %s",
				 j->temp.path, strerror(-rc));
		}
		close(fd);
		j->seconds = rp_now() - t0;
	}
}

/* Durable data, then the renames, then one fsync per directory: a job is
 * done when its rename is durable. */
static void commit_batch(struct rp_commit_job *batch)
{
	sync_data(batch);
	for (struct rp_commit_job *j = batch; j; j = j->next) {
		double t0 = rp_now();
		if (!j->rc)
			j->rc = rp_atomic_publish(&j->temp, j->final, j->error,
						  sizeof(j->error));
		else
			rp_atomic_discard(&j->temp);
		j->seconds += rp_now() - t0;
		j->dir_synced = j->rc != 0; /* nothing to sync for a failure */
	}
	for (struct rp_commit_job *j = batch; j; j = j->next) {
		if (j->dir_synced)
			continue;
		double t0 = rp_now();
		char err[sizeof(j->error)];
		int rc = rp_atomic_sync_dir(j->final, err, sizeof(err));
		unsigned n = 0;
		for (struct rp_commit_job *k = j; k; k = k->next)
			n += !k->dir_synced && same_dir(k->final, j->final);
		double share = (rp_now() - t0) / n;
		for (struct rp_commit_job *k = j; k; k = k->next) {
			if (k->dir_synced || !same_dir(k->final, j->final))
				continue;
			k->dir_synced = 1;
			k->seconds += share;
			if (rc) {
				k->rc = rc;
				memcpy(k->error, err, sizeof(err));
			}
		}
	}
}

static void settle(struct rp_committer *c, struct rp_commit_job *batch)
{
	unsigned long n = 0;
	pthread_mutex_lock(&c->lock);
	while (batch) {
		struct rp_commit_job *next = batch->next;
		append(&c->done, batch);
		batch = next;
		n++;
	}
	c->pending -= n;
	pthread_cond_broadcast(&c->settled);
	pthread_mutex_unlock(&c->lock);
	char byte = 1;
	ssize_t w = write(c->pipe[1], &byte, 1); /* full pipe: already woken */
	(void)w;
}

/* Waits, with the lock held, until the first waiting job is BATCH_WINDOW
 * old, BATCH_MAX jobs wait, or someone waits for them. */
static void gather(struct rp_committer *c)
{
	struct timespec until;
	clock_gettime(CLOCK_MONOTONIC, &until);
	until.tv_nsec += BATCH_WINDOW_NS;
	if (until.tv_nsec >= 1000000000L) {
		until.tv_sec++;
		until.tv_nsec -= 1000000000L;
	}
	while (c->waiting < BATCH_MAX && !c->flush && !c->stop &&
	       pthread_cond_timedwait(&c->work, &c->lock, &until) != ETIMEDOUT)
		;
}

static void *run(void *arg)
{
	struct rp_committer *c = arg;
	pthread_mutex_lock(&c->lock);
	for (;;) {
		while (!c->todo.head && !c->stop)
			pthread_cond_wait(&c->work, &c->lock);
		if (!c->todo.head)
			break;
		gather(c);
		c->waiting = 0;
		struct rp_commit_job *batch = take_all(&c->todo);
		pthread_mutex_unlock(&c->lock);
		commit_batch(batch);
		settle(c, batch);
		pthread_mutex_lock(&c->lock);
	}
	pthread_mutex_unlock(&c->lock);
	return NULL;
}

struct rp_committer *rp_committer_new(void)
{
	struct rp_committer *c = calloc(1, sizeof(*c));
	if (!c)
		return NULL;
	if (pipe2(c->pipe, O_CLOEXEC | O_NONBLOCK) < 0) {
		free(c);
		return NULL;
	}
	pthread_mutex_init(&c->lock, NULL);
	pthread_condattr_t attr;
	pthread_condattr_init(&attr);
	pthread_condattr_setclock(&attr, CLOCK_MONOTONIC);
	pthread_cond_init(&c->work, &attr);
	pthread_condattr_destroy(&attr);
	pthread_cond_init(&c->settled, NULL);
	sigset_t all, old;
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	c->threaded = pthread_create(&c->thread, NULL, run, c) == 0;
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return c;
}

int rp_committer_fd(const struct rp_committer *c)
{
	return c->pipe[0];
}

int rp_committer_submit(struct rp_committer *c, void *cookie,
			struct rp_atomic_tmp *temp, const char *final)
{
	struct rp_commit_job *j = calloc(1, sizeof(*j));
	if (j)
		j->final = strdup(final);
	if (!j || !j->final) {
		rp_commit_job_free(j);
		return -ENOMEM;
	}
	j->temp = *temp;
	temp->path = NULL;
	temp->dir = -1;
	j->cookie = cookie;
	if (!c->threaded) {
		pthread_mutex_lock(&c->lock);
		c->pending++;
		pthread_mutex_unlock(&c->lock);
		commit_batch(j);
		settle(c, j);
		return 0;
	}
	pthread_mutex_lock(&c->lock);
	append(&c->todo, j);
	c->pending++;
	c->waiting++;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	return 0;
}

struct rp_commit_job *rp_committer_take(struct rp_committer *c, int wait)
{
	char buf[256];
	while (read(c->pipe[0], buf, sizeof(buf)) > 0)
		;
	pthread_mutex_lock(&c->lock);
	if (wait && c->pending) {
		c->flush = 1;
		pthread_cond_signal(&c->work);
	}
	while (wait && c->pending)
		pthread_cond_wait(&c->settled, &c->lock);
	c->flush = 0;
	struct rp_commit_job *j = take_all(&c->done);
	pthread_mutex_unlock(&c->lock);
	return j;
}

void rp_commit_job_free(struct rp_commit_job *job)
{
	while (job) {
		struct rp_commit_job *next = job->next;
		rp_atomic_discard(&job->temp); /* one never committed */
		free(job->final);
		free(job);
		job = next;
	}
}

void rp_committer_free(struct rp_committer *c)
{
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	c->stop = 1;
	pthread_cond_signal(&c->work);
	pthread_mutex_unlock(&c->lock);
	if (c->threaded)
		pthread_join(c->thread, NULL);
	rp_commit_job_free(take_all(&c->done));
	rp_commit_job_free(take_all(&c->todo));
	close(c->pipe[0]);
	close(c->pipe[1]);
	pthread_mutex_destroy(&c->lock);
	pthread_cond_destroy(&c->work);
	pthread_cond_destroy(&c->settled);
	free(c);
}
