#include "journal_read.h"
#include "jsonutil.h"

#include <limits.h>
#include <math.h>
#include <string.h>

#include <json.h>

#define NUM_LIMIT 1e15

static struct json_object *member(struct json_object *o, const char *key)
{
	struct json_object *v;
	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

static int is_number(struct json_object *v)
{
	return v && (json_object_is_type(v, json_type_int) ||
		     json_object_is_type(v, json_type_double));
}

static double num(struct json_object *o, const char *key)
{
	struct json_object *v = member(o, key);
	double d = is_number(v) ? json_object_get_double(v) : 0;
	return isfinite(d) && fabs(d) <= NUM_LIMIT ? d : 0;
}

/* An integer member clamped to [lo, hi]; a fraction is cut. */
static long long integer(struct json_object *o, const char *key,
			 long long fallback, long long lo, long long hi)
{
	struct json_object *v = member(o, key);
	if (!is_number(v))
		return fallback;
	if (json_object_is_type(v, json_type_double)) {
		double d = json_object_get_double(v);
		if (isnan(d))
			return fallback;
		return d <= (double)lo ? lo : d >= (double)hi ? hi : (long long)d;
	}
	long long n = json_object_get_int64(v);
	return n < lo ? lo : n > hi ? hi : n;
}

static const char *str(struct json_object *o, const char *key,
		       const char *fallback)
{
	const char *s = rp_json_str(o, key);
	return s ? s : fallback;
}

static void read_task(struct json_object *o, struct rp_journal_record *t)
{
	struct json_object *st = member(o, "stages");
	t->input = str(o, "input", "");
	t->output = str(o, "output", "");
	t->status = str(o, "status", "");
	t->error = str(o, "error", NULL);
	t->options = str(o, "options", "");
	t->attempts = (unsigned)integer(o, "attempts", 0, 0, UINT_MAX);
	t->threads = (unsigned)integer(o, "threads", 0, 0, UINT_MAX);
	t->worker = (int)integer(o, "worker", 0, 0, INT_MAX);
	t->pid = (long)integer(o, "pid", 0, 0, LONG_MAX);
	t->start = num(o, "start");
	t->end = num(o, "end");
	t->t_open = num(st, "open");
	t->t_warp = num(st, "warp");
	t->t_write = num(st, "write");
	t->t_total = num(st, "total");
	t->t_commit = num(st, "commit");
	t->bytes_in = integer(o, "bytes_in", 0, LLONG_MIN, LLONG_MAX);
	t->bytes_out = integer(o, "bytes_out", -1, LLONG_MIN, LLONG_MAX);
	t->pixels_in = integer(o, "pixels_in", 0, LLONG_MIN, LLONG_MAX);
	t->pixels_out = integer(o, "pixels_out", 0, LLONG_MIN, LLONG_MAX);
	t->input_size = integer(o, "input_size", -1, LLONG_MIN, LLONG_MAX);
	t->input_mtime_ns = integer(o, "input_mtime_ns", -1, LLONG_MIN,
				    LLONG_MAX);
	t->cpl_errno = (int)integer(o, "cpl_errno", 0, INT_MIN, INT_MAX);
}

static void read_header(struct json_object *o, struct rp_journal_header *h)
{
	h->shard = (long)integer(o, "shard", -1, -1, LONG_MAX);
	h->shards = (long)integer(o, "shards", -1, -1, LONG_MAX);
	h->tasks = integer(o, "tasks", -1, -1, LLONG_MAX);
	h->skipped = integer(o, "skipped", -1, -1, LLONG_MAX);
	h->cwd = str(o, "cwd", NULL);
	h->json = o;
}

/* What a line is: 1 a record (l filled), 0 none of ours. */
static int classify(struct json_object *o, struct rp_journal_line *l)
{
	const char *type = rp_json_str(o, "type");
	memset(l, 0, sizeof(*l));
	l->run = str(o, "run", "");
	if (type && !strcmp(type, "run")) {
		l->kind = RP_JOURNAL_RUN;
		read_header(o, &l->header);
		return 1;
	}
	const char *input = rp_json_str(o, "input");
	const char *status = rp_json_str(o, "status");
	if (member(o, "type") || !input || !*input || !status || !*status)
		return 0;
	l->kind = RP_JOURNAL_TASK;
	read_task(o, &l->task);
	return 1;
}

struct reading {
	int (*fn)(void *cookie, const struct rp_journal_line *l);
	void *cookie;
};

static int take(void *cookie, struct json_object *o, size_t number)
{
	struct reading *r = cookie;
	struct rp_journal_line l;
	if (!o || !classify(o, &l))
		return 0;
	l.number = number;
	return r->fn(r->cookie, &l);
}

int rp_journal_read(FILE *f,
		    int (*fn)(void *cookie, const struct rp_journal_line *l),
		    void *cookie)
{
	struct reading r = {fn, cookie};
	return rp_json_lines(f, take, &r);
}
