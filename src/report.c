#include "report.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <json.h>

#include "htmlreport.h"
#include "journal.h"
#include "jsonutil.h"
#include "vec.h"

void rp_report_init(struct rp_report *r)
{
	memset(r, 0, sizeof(*r));
}

static void free_task(struct rp_report_task *t)
{
	free(t->input);
	free(t->status);
	free(t->error);
}

void rp_report_release(struct rp_report *r)
{
	for (size_t i = 0; i < r->nr_slowest; i++)
		free_task(&r->slowest[i]);
	for (size_t i = 0; i < r->nr_failures; i++)
		free_task(&r->failures[i]);
	free(r->failures);
	free(r->w);
	json_object_put(r->storage);
	rp_report_init(r);
}

static struct rp_report_task copy_task(const struct rp_journal_record *t)
{
	struct rp_report_task c = {
		.input = strdup(t->input),
		.status = strdup(t->status),
		.error = t->error ? strdup(t->error) : NULL,
		.total = t->t_total,
		.worker = t->worker,
	};
	return c;
}

/* Keeps the RP_REPORT_SLOWEST longest tasks, longest first. */
static void consider_slowest(struct rp_report *r,
			     const struct rp_journal_record *t)
{
	size_t n = r->nr_slowest, pos = n;
	while (pos > 0 && r->slowest[pos - 1].total < t->t_total)
		pos--;
	if (pos >= RP_REPORT_SLOWEST)
		return;
	if (n == RP_REPORT_SLOWEST)
		free_task(&r->slowest[--n]);
	memmove(&r->slowest[pos + 1], &r->slowest[pos],
		(n - pos) * sizeof(r->slowest[0]));
	r->slowest[pos] = copy_task(t);
	r->nr_slowest = n + 1;
}

static void count_status(struct rp_report *r, const char *s)
{
	size_t *c = !strcmp(s, "ok")          ? &r->ok
		    : !strcmp(s, "skipped")     ? &r->skipped
		    : !strcmp(s, "crashed")     ? &r->crashed
		    : !strcmp(s, "timeout")     ? &r->timeout
		    : !strcmp(s, "interrupted") ? &r->interrupted
						: &r->failed;
	(*c)++;
}

static void add_failure(struct rp_report *r, const struct rp_journal_record *t)
{
	void *p = rp_vec_reserve(r->failures, r->nr_failures,
				 &r->alloc_failures, sizeof(*r->failures), 16);
	if (!p)
		return;
	r->failures = p;
	r->failures[r->nr_failures++] = copy_task(t);
}

void rp_report_task(struct rp_report *r, const struct rp_journal_record *t)
{
	count_status(r, t->status);
	if (!strcmp(t->status, "skipped") || !strcmp(t->status, "interrupted"))
		return;
	if (strcmp(t->status, "ok"))
		add_failure(r, t);
	r->bytes_in += t->bytes_in > 0 ? t->bytes_in : 0;
	r->bytes_out += t->bytes_out > 0 ? t->bytes_out : 0;
	r->pixels_in += t->pixels_in;
	r->pixels_out += t->pixels_out;
	r->sum_open += t->t_open;
	r->sum_warp += t->t_warp;
	r->sum_write += t->t_write;
	r->sum_total += t->t_total;
	r->sum_commit += t->t_commit;
	consider_slowest(r, t);
}

void rp_report_worker(struct rp_report *r, int id, pid_t pid,
		      const struct rusage *u)
{
	void *p = rp_vec_reserve(r->w, r->nr_w, &r->alloc_w, sizeof(*r->w), 8);
	if (!p)
		return;
	r->w = p;
	struct rp_report_worker *w = &r->w[r->nr_w++];
	w->id = id;
	w->pid = pid;
	w->max_rss_kb = u->ru_maxrss;
	w->cpu = (double)u->ru_utime.tv_sec + (double)u->ru_utime.tv_usec / 1e6 +
		 (double)u->ru_stime.tv_sec + (double)u->ru_stime.tv_usec / 1e6;
}

static struct json_object *task_json(const struct rp_report_task *t)
{
	struct json_object *o = json_object_new_object();
	rp_json_set_str(o, "input", t->input); /* NULL (no memory): null */
	rp_json_set_str(o, "status", t->status);
	json_object_object_add(o, "seconds", json_object_new_double(t->total));
	json_object_object_add(o, "worker", json_object_new_int(t->worker));
	if (t->error)
		json_object_object_add(o, "error",
				       json_object_new_string(t->error));
	return o;
}

static struct json_object *totals(const struct rp_report *r)
{
	struct json_object *t = json_object_new_object();
	rp_json_set_int(t, "ok", (long long)r->ok);
	rp_json_set_int(t, "failed", (long long)r->failed);
	rp_json_set_int(t, "crashed", (long long)r->crashed);
	rp_json_set_int(t, "timeout", (long long)r->timeout);
	rp_json_set_int(t, "skipped", (long long)r->skipped);
	rp_json_set_int(t, "interrupted", (long long)r->interrupted);
	return t;
}

static struct json_object *workers_json(const struct rp_report *r, double *cpu)
{
	struct json_object *a = json_object_new_array();
	*cpu = 0;
	for (size_t i = 0; i < r->nr_w; i++) {
		struct json_object *w = json_object_new_object();
		rp_json_set_int(w, "worker", r->w[i].id);
		rp_json_set_int(w, "pid", r->w[i].pid);
		rp_json_set_int(w, "peak_rss_kb", r->w[i].max_rss_kb);
		rp_json_set_num(w, "cpu_seconds", r->w[i].cpu);
		json_object_array_add(a, w);
		*cpu += r->w[i].cpu;
	}
	return a;
}

struct json_object *rp_report_json(const struct rp_report *r,
				   struct json_object *config)
{
	struct json_object *o = json_object_new_object(), *a, *s;
	double wall = r->wall_end - r->wall_start, cpu;
	size_t ran = r->ok + r->failed + r->crashed + r->timeout;
	json_object_object_add(o, "gdal", json_object_new_string(r->gdal));
	json_object_object_add(o, "config", json_object_get(config));
	json_object_object_add(o, "totals", totals(r));
	rp_json_set_num(o, "wall_seconds", wall);
	rp_json_set_int(o, "workers", r->workers);
	json_object_object_add(o, "worker_processes", workers_json(r, &cpu));
	rp_json_set_num(o, "worker_cpu_seconds", cpu);
	s = json_object_new_object();
	rp_json_set_num(s, "rasters_per_second", wall > 0 ? (double)ran / wall : 0);
	rp_json_set_num(s, "input_mb_per_second", wall > 0 ? r->bytes_in / 1e6 / wall : 0);
	rp_json_set_num(s, "megapixels_per_second",
	    wall > 0 ? r->pixels_in / 1e6 / wall : 0);
	json_object_object_add(o, "throughput", s);
	json_object_object_add(o, "stage_seconds",
			       rp_json_stages(r->sum_open, r->sum_warp,
					      r->sum_write, r->sum_total,
					      r->sum_commit));
	rp_json_set_num(o, "parallel_efficiency",
	    wall > 0 && r->workers ? r->sum_total / (r->workers * wall) : 0);
	rp_json_set_int(o, "bytes_in", r->bytes_in);
	rp_json_set_int(o, "bytes_out", r->bytes_out);
	rp_json_set_int(o, "pixels_in", r->pixels_in);
	rp_json_set_int(o, "pixels_out", r->pixels_out);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nr_slowest; i++)
		json_object_array_add(a, task_json(&r->slowest[i]));
	json_object_object_add(o, "slowest", a);
	a = json_object_new_array();
	for (size_t i = 0; i < r->nr_failures; i++)
		json_object_array_add(a, task_json(&r->failures[i]));
	json_object_object_add(o, "failures", a);
	if (r->storage)
		json_object_object_add(o, "storage", json_object_get(r->storage));
	return o;
}

int rp_report_write(const struct rp_report *r, const char *path,
		    struct json_object *config, char *err, size_t errlen)
{
	struct json_object *o = rp_report_json(r, config);
	int rc = json_object_to_file_ext(path, o, JSON_C_TO_STRING_PRETTY |
						  JSON_C_TO_STRING_NOSLASHESCAPE);
	json_object_put(o);
	if (rc < 0)
		snprintf(err, errlen, "cannot write report %s: %s", path,
			 strerror(errno));
	return rc < 0 ? -1 : 0;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), n = strlen(suffix);
	return a >= n && !strcasecmp(s + a - n, suffix);
}

/* FILE.html: the page of `rasterpool report`, from the journal. */
static int write_html(const char *path, const char *journal, char *err,
		      size_t errlen)
{
	struct rp_html_run run;
	FILE *f = NULL;
	int rc = rp_html_load(&run, journal, err, errlen);
	if (!rc && !(f = fopen(path, "we")))
		rc = -1;
	if (f && (rp_html_write(&run, f) < 0) + (fclose(f) != 0))
		rc = -1;
	if (rc && !err[0])
		snprintf(err, errlen, "cannot write report %s: %s", path,
			 strerror(errno));
	rp_html_release(&run);
	return rc;
}

int rp_report_write_file(const struct rp_report *r, const char *path,
			 const char *journal, struct json_object *config,
			 char *err, size_t errlen)
{
	err[0] = '\0';
	return ends_with(path, ".html")
		? write_html(path, journal, err, errlen)
		: rp_report_write(r, path, config, err, errlen);
}
