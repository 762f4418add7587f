#include "status.h"
#include "journal_read.h"
#include "objstore.h"
#include "path.h"
#include "plan.h"
#include "vec.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum state { DONE, FAILED, GONE };

struct line {
	char *input;
	char *output;    /* as journaled, for --failed */
	long long cost;  /* the input's size, 1 when unknown */
	enum state state;
	size_t seq;
};

struct journal_state {
	char name[256];
	long shard, shards;   /* from the latest run header; -1 unknown */
	long long tasks;
	char *cwd;            /* of the latest run, or NULL */
	struct line *l;
	size_t nr, alloc;
	size_t n[3];          /* inputs by state */
};

static int take_header(struct journal_state *j, const struct rp_journal_header *h)
{
	j->shard = h->shard;
	j->shards = h->shards;
	j->tasks = h->tasks;
	free(j->cwd);
	j->cwd = h->cwd ? strdup(h->cwd) : NULL;
	return h->cwd && !j->cwd ? -1 : 0;
}

static int take(void *cookie, const struct rp_journal_line *l)
{
	struct journal_state *j = cookie;
	if (l->kind == RP_JOURNAL_RUN)
		return take_header(j, &l->header);
	const char *s = l->task.status;
	if (!strcmp(s, "interrupted"))
		return 0;
	void *p = rp_vec_reserve(j->l, j->nr, &j->alloc, sizeof(*j->l), 256);
	if (!p)
		return -1;
	j->l = p;
	struct line *e = &j->l[j->nr];
	e->input = strdup(l->task.input);
	e->output = strdup(l->task.output);
	e->cost = l->task.input_size > 0 ? l->task.input_size : 1;
	e->state = strcmp(s, "ok") && strcmp(s, "skipped") ? FAILED : DONE;
	e->seq = j->nr++;
	return e->input && e->output ? 0 : -1;
}

static int by_input_seq(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	return c ? c : (x->seq < y->seq ? -1 : 1);
}

/* A failed input that is no longer there (deleted, renamed) is gone: there
 * is nothing left to retry. Only local paths can be gone; relative ones are
 * taken from the run's directory. */
static int vanished(const struct journal_state *j, const char *input)
{
	char path[PATH_MAX];
	struct stat st;
	if (!strncmp(input, "/vsi", 4) || strstr(input, "://"))
		return 0;
	if (input[0] != '/' && j->cwd)
		snprintf(path, sizeof(path), "%s/%s", j->cwd, input);
	else
		snprintf(path, sizeof(path), "%s", input);
	return lstat(path, &st) < 0 && (errno == ENOENT || errno == ENOTDIR);
}

static int last_of_input(const struct journal_state *j, size_t i)
{
	return i + 1 == j->nr || strcmp(j->l[i].input, j->l[i + 1].input);
}

static int load(struct journal_state *j, const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int rc = rp_journal_read(f, take, j);
	int e = errno;
	fclose(f);
	if (j->nr)
		qsort(j->l, j->nr, sizeof(*j->l), by_input_seq);
	for (size_t i = 0; i < j->nr; i++) {
		if (!last_of_input(j, i))
			continue;
		if (j->l[i].state == FAILED && vanished(j, j->l[i].input))
			j->l[i].state = GONE;
		j->n[j->l[i].state]++;
	}
	errno = e;
	return rc;
}

static void release(struct journal_state *j)
{
	for (size_t i = 0; i < j->nr; i++) {
		free(j->l[i].input);
		free(j->l[i].output);
	}
	free(j->l);
	free(j->cwd);
}

static size_t missing(const struct journal_state *j)
{
	long long m = j->tasks - (long long)(j->n[DONE] + j->n[FAILED] +
					     j->n[GONE]);
	return m > 0 ? (size_t)m : 0;
}

/* A path valid from anywhere: relative ones (older journals) taken from
 * the run's directory; GDAL's URLs as they are. */
static char *from_run_dir(const struct journal_state *j, const char *path)
{
	char buf[PATH_MAX];
	if (path[0] != '/' && !strstr(path, "://") && j->cwd)
		snprintf(buf, sizeof(buf), "%s/%s", j->cwd, path);
	else
		snprintf(buf, sizeof(buf), "%s", path);
	return strdup(buf);
}

/* The failed tasks as a plan (plan.h), each with the output it had
 * (canonical, written relative to OUT_DIR): `--plan -` redoes them in
 * place, whatever tree they came from. -1 when memory runs out; errors
 * writing out are the caller's (ferror). */
static int print_failed(const struct journal_state *j, const char *out_dir,
			FILE *out)
{
	struct rp_plan plan = {0};
	struct rp_plan_item *items = calloc(j->nr ? j->nr : 1, sizeof(*items));
	int rc = items ? 0 : -1;
	plan.items = items;
	for (size_t i = 0; i < j->nr && !rc; i++) {
		const struct line *l = &j->l[i];
		if (!last_of_input(j, i) || l->state != FAILED)
			continue;
		char *output = from_run_dir(j, l->output);
		struct rp_plan_item *it = &items[plan.nr++];
		it->input = from_run_dir(j, l->input);
		it->output = output ? rp_path_canonical_parent(output) : NULL;
		it->cost = l->cost;
		free(output);
		rc = it->input && it->output ? 0 : -1;
	}
	if (!rc)
		rp_plan_write(&plan, out_dir, out);
	rp_plan_release(&plan);
	return rc;
}

static void print_counts(FILE *out, size_t done, size_t failed, size_t miss,
			 size_t gone)
{
	fprintf(out, "%zu done, %zu failed, %zu missing", done, failed, miss);
	if (gone)
		fprintf(out, ", %zu gone", gone);
}

static void print_shard(const struct journal_state *j, FILE *out)
{
	if (j->shards > 0)
		fprintf(out, "shard %ld/%ld: ", j->shard, j->shards);
	else
		fprintf(out, "batch: ");
	print_counts(out, j->n[DONE], j->n[FAILED], missing(j), j->n[GONE]);
	fprintf(out, " (%s)\n", j->name);
}

static int is_journal(const struct dirent *e)
{
	const char *name = e->d_name;
	size_t n = strlen(name);
	return !strncmp(name, "journal", 7) && n > 6 &&
	       !strcmp(name + n - 6, ".jsonl");
}

int rp_status(const char *out_dir, int list_failed, FILE *out, char *err,
	      size_t errlen)
{
	char dir[PATH_MAX], path[PATH_MAX + 256];
	rp_objstore_state_dir(out_dir, dir, sizeof(dir));
	struct dirent **list;
	int nr = scandir(dir, &list, is_journal, versionsort);
	if (nr < 0) {
		snprintf(err, errlen, "no journal in %s: %s", dir, strerror(errno));
		return -1;
	}
	size_t n[3] = {0}, miss = 0, journals = 0;
	long shards = 0;
	int rc = 0;
	for (int i = 0; i < nr; i++) {
		struct dirent *e = list[i];
		if (rc < 0)
			continue;
		struct journal_state j = {.shard = -1, .shards = -1, .tasks = -1};
		snprintf(j.name, sizeof(j.name), "%s", e->d_name);
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (load(&j, path) < 0) {
			snprintf(err, errlen, "cannot read %s: %s", path,
				 strerror(errno));
			rc = -1;
		} else if (list_failed) {
			if (print_failed(&j, out_dir, out) < 0) {
				snprintf(err, errlen, "out of memory");
				rc = -1;
			}
		} else {
			print_shard(&j, out);
		}
		for (int s = 0; s < 3; s++)
			n[s] += j.n[s];
		miss += missing(&j);
		journals++;
		shards = j.shards > shards ? j.shards : shards;
		release(&j);
	}
	for (int i = 0; i < nr; i++)
		free(list[i]);
	free(list);
	if (rc < 0)
		return -1;
	long expected = shards > 0 ? shards : 1;
	if (!list_failed) {
		fprintf(out, "total: ");
		print_counts(out, n[DONE], n[FAILED], miss, n[GONE]);
		fprintf(out, ", %zu of %ld shard%s started\n", journals,
			expected, expected == 1 ? "" : "s");
	}
	return n[FAILED] || miss || (long)journals < expected ? 1 : 0;
}
