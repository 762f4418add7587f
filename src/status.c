#include "status.h"
#include "jsonutil.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

struct line {
	char *input;
	int state; /* 0 done, 1 failed */
	size_t seq;
};

struct journal_state {
	char name[256];
	long shard, shards, tasks; /* from the latest run header; -1 unknown */
	struct line *l;
	size_t nr, alloc;
	size_t done, failed;
};


static int take(void *cookie, struct json_object *o, size_t line)
{
	struct journal_state *j = cookie;
	struct json_object *type, *input, *status;
	(void)line;
	if (!o)
		return 0;
	if (json_object_object_get_ex(o, "type", &type)) {
		j->shard = rp_json_int(o, "shard", -1);
		j->shards = rp_json_int(o, "shards", -1);
		j->tasks = rp_json_int(o, "tasks", -1);
		return 0;
	}
	if (!json_object_object_get_ex(o, "input", &input) ||
	    !json_object_object_get_ex(o, "status", &status))
		return 0;
	const char *s = json_object_get_string(status);
	if (!strcmp(s, "interrupted"))
		return 0;
	if (j->nr == j->alloc) {
		size_t n = j->alloc ? j->alloc * 2 : 256;
		void *p = realloc(j->l, n * sizeof(*j->l));
		if (!p)
			return -1;
		j->l = p;
		j->alloc = n;
	}
	struct line *l = &j->l[j->nr];
	l->input = strdup(json_object_get_string(input));
	l->state = strcmp(s, "ok") && strcmp(s, "skipped");
	l->seq = j->nr++;
	return l->input ? 0 : -1;
}

static int by_input_seq(const void *a, const void *b)
{
	const struct line *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	return c ? c : (x->seq < y->seq ? -1 : 1);
}

static int load(struct journal_state *j, const char *path)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	int rc = rp_json_lines(f, take, j);
	fclose(f);
	if (j->nr)
		qsort(j->l, j->nr, sizeof(*j->l), by_input_seq);
	for (size_t i = 0; i < j->nr; i++) {
		int last = i + 1 == j->nr || strcmp(j->l[i].input, j->l[i + 1].input);
		if (last && j->l[i].state)
			j->failed++;
		else if (last)
			j->done++;
	}
	return rc;
}

static void release(struct journal_state *j)
{
	for (size_t i = 0; i < j->nr; i++)
		free(j->l[i].input);
	free(j->l);
}

static size_t missing(const struct journal_state *j)
{
	long m = j->tasks - (long)(j->done + j->failed);
	return m > 0 ? (size_t)m : 0;
}

static void print_failed(const struct journal_state *j, FILE *out)
{
	for (size_t i = 0; i < j->nr; i++)
		if ((i + 1 == j->nr || strcmp(j->l[i].input, j->l[i + 1].input)) &&
		    j->l[i].state)
			fprintf(out, "%s\n", j->l[i].input);
}

static void print_shard(const struct journal_state *j, FILE *out)
{
	if (j->shards > 0)
		fprintf(out, "shard %ld/%ld: ", j->shard, j->shards);
	else
		fprintf(out, "batch: ");
	fprintf(out, "%zu done, %zu failed, %zu missing (%s)\n", j->done,
		j->failed, missing(j), j->name);
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
	snprintf(dir, sizeof(dir), "%s/.rasterpool", out_dir);
	struct dirent **list;
	int nr = scandir(dir, &list, is_journal, versionsort);
	if (nr < 0) {
		snprintf(err, errlen, "no journal in %s: %s", dir, strerror(errno));
		return -1;
	}
	size_t done = 0, failed = 0, miss = 0, journals = 0;
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
			snprintf(err, errlen, "cannot read %s", path);
			rc = -1;
		} else if (list_failed) {
			print_failed(&j, out);
		} else {
			print_shard(&j, out);
		}
		done += j.done;
		failed += j.failed;
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
	if (!list_failed)
		fprintf(out, "total: %zu done, %zu failed, %zu missing, %zu of %ld "
			"shard%s started\n", done, failed, miss, journals, expected,
			expected == 1 ? "" : "s");
	return failed || miss || (long)journals < expected ? 1 : 0;
}
