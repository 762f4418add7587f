#include "journal.h"
#include "atomic.h"
#include "journal_read.h"
#include "jsonutil.h"
#include "objstore.h"
#include "vec.h"
#include "writeall.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

void rp_journal_init(struct rp_journal *j, const char *path)
{
	memset(j, 0, sizeof(*j));
	snprintf(j->path, sizeof(j->path), "%s", path);
	j->fd = -1;
}

/* A journal cut mid-line (a crash, a full disk) would glue the next record
 * to the fragment, and the reader would lose both: end the fragment's line
 * first. 0, or -errno. */
static int start_fresh_line(int fd)
{
	struct stat st;
	char c;
	if (fstat(fd, &st) < 0)
		return -errno;
	if (st.st_size == 0)
		return 0;
	if (pread(fd, &c, 1, st.st_size - 1) != 1)
		return -EIO;
	if (c == '\n')
		return 0;
	return rp_write_all(fd, "\n", 1);
}

static int open_journal(struct rp_journal *j, char *err, size_t errlen)
{
	const char *path = j->path;
	/* Never through a link planted at its name, or at its directory's
	 * when that is rasterpool's own. */
	int flags = O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW | O_CLOEXEC;
	const char *base = strrchr(path, '/');
	int dir = j->own_dir ? rp_atomic_open_own_parent(path, 1) : -1;
	int rc = j->own_dir ? (dir < 0 ? dir : 0) : rp_atomic_make_parents(path);
	j->fd = rc ? -1 : dir >= 0 ? openat(dir, base ? base + 1 : path, flags, 0644)
			  : open(path, flags, 0644);
	if (!rc && j->fd < 0)
		rc = -errno;
	if (dir >= 0)
		close(dir);
	if (j->fd >= 0 && (rc = start_fresh_line(j->fd)) < 0) {
		close(j->fd);
		j->fd = -1;
	}
	if (j->fd < 0) {
		snprintf(err, errlen, "cannot open journal %s: %s", path,
			 rc == -ELOOP ? "it or its directory is a symbolic link"
			 : rc == -EPERM ? "its directory belongs to another user"
			 : strerror(-rc));
		j->broken = 1;
		return -1;
	}
	return 0;
}

void rp_journal_close(struct rp_journal *j)
{
	if (j->fd >= 0)
		close(j->fd);
	j->fd = -1;
	json_object_put(j->header);
	j->header = NULL;
}

static struct json_object *to_json(const struct rp_journal_record *r)
{
	struct json_object *o = json_object_new_object();
	rp_json_set_str(o, "input", r->input);
	rp_json_set_str(o, "output", r->output);
	rp_json_set_str(o, "status", r->status);
	rp_json_set_int(o, "attempts", r->attempts);
	rp_json_set_int(o, "threads", r->threads);
	rp_json_set_int(o, "worker", r->worker);
	rp_json_set_int(o, "pid", r->pid);
	rp_json_set_num(o, "start", r->start);
	rp_json_set_num(o, "end", r->end);
	json_object_object_add(o, "stages",
			       rp_json_stages(r->t_open, r->t_warp, r->t_write,
					      r->t_total, r->t_commit));
	rp_json_set_int(o, "bytes_in", r->bytes_in);
	rp_json_set_int(o, "bytes_out", r->bytes_out);
	rp_json_set_int(o, "pixels_in", r->pixels_in);
	rp_json_set_int(o, "pixels_out", r->pixels_out);
	rp_json_set_str(o, "error", r->error);
	rp_json_set_int(o, "cpl_errno", r->cpl_errno);
	rp_json_set_int(o, "input_size", r->input_size);
	rp_json_set_int(o, "input_mtime_ns", r->input_mtime_ns);
	rp_json_set_str(o, "options", r->options);
	return o;
}

static int write_json_line(struct rp_journal *j, struct json_object *o,
			   char *err, size_t errlen)
{
	size_t len;
	const char *text = json_object_to_json_string_length(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, &len);
	char *line = malloc(len + 1);
	int rc = -1;
	if (line) {
		memcpy(line, text, len);
		line[len] = '\n';
		int wrc = rp_write_all(j->fd, line, len + 1);
		rc = wrc < 0 ? -1 : 0;
		j->broken = rc != 0;
		if (rc)
			snprintf(err, errlen, "cannot write journal %s: %s",
				 j->path, strerror(-wrc));
		free(line);
	}
	return rc;
}

void rp_journal_set_run(struct rp_journal *j, const char *run,
			struct json_object *header)
{
	snprintf(j->run, sizeof(j->run), "%s", run);
	json_object_put(j->header);
	j->header = json_object_get(header);
}

int rp_journal_append(struct rp_journal *j, const struct rp_journal_record *r,
		      char *err, size_t errlen)
{
	int first = j->fd < 0;
	if (j->broken || (first && open_journal(j, err, errlen) < 0))
		return -1;
	if (first && j->header) {
		struct json_object *h = json_object_get(j->header);
		json_object_object_add(h, "run", json_object_new_string(j->run));
		int rc = write_json_line(j, h, err, errlen);
		json_object_put(h);
		if (rc)
			return rc;
	}
	struct json_object *o = to_json(r);
	if (j->run[0])
		json_object_object_add(o, "run", json_object_new_string(j->run));
	int rc = write_json_line(j, o, err, errlen);
	json_object_put(o);
	return rc;
}

static void free_entry(struct rp_journal_entry *e)
{
	free(e->input);
	free(e->output);
	free(e->status);
	free(e->options);
}

/* One task line of the journal; later lines win. */
static int add_entry(void *index, const struct rp_journal_line *l)
{
	struct rp_journal_index *ix = index;
	if (l->kind != RP_JOURNAL_TASK)
		return 0;
	void *p = rp_vec_reserve(ix->e, ix->nr, &ix->alloc, sizeof(*ix->e),
				 256);
	if (!p)
		return -1;
	ix->e = p;
	const struct rp_journal_record *t = &l->task;
	struct rp_journal_entry *e = &ix->e[ix->nr];
	e->input = strdup(t->input);
	e->output = strdup(t->output);
	e->status = strdup(t->status);
	e->options = strdup(t->options);
	e->bytes_out = t->bytes_out;
	e->input_size = t->input_size;
	e->input_mtime_ns = t->input_mtime_ns;
	e->line = l->number;
	if (!e->input || !e->output || !e->status || !e->options) {
		free_entry(e);
		return -1;
	}
	ix->nr++;
	return 0;
}

static int by_input_then_line(const void *a, const void *b)
{
	const struct rp_journal_entry *x = a, *y = b;
	int c = strcmp(x->input, y->input);
	return c ? c : (x->line < y->line ? -1 : x->line > y->line);
}

int rp_journal_load(struct rp_journal_index *ix, const char *path, char *err,
		    size_t errlen)
{
	memset(ix, 0, sizeof(*ix));
	FILE *f = fopen(path, "re");
	if (!f) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errlen, "cannot read journal %s: %s", path,
			 strerror(errno));
		return -1;
	}
	int rc = rp_journal_read(f, add_entry, ix);
	int e = errno;
	fclose(f);
	if (rc) {
		snprintf(err, errlen, "cannot read journal %s: %s", path,
			 strerror(e));
		rp_journal_index_release(ix);
		return -1;
	}
	if (ix->nr)
		qsort(ix->e, ix->nr, sizeof(*ix->e), by_input_then_line);
	return 0;
}

const struct rp_journal_entry *rp_journal_find(const struct rp_journal_index *ix,
					       const char *input)
{
	size_t lo = 0, hi = ix->nr;
	while (lo < hi) { /* the last entry whose input is <= input */
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(ix->e[mid].input, input) <= 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo == 0 || strcmp(ix->e[lo - 1].input, input))
		return NULL;
	return &ix->e[lo - 1];
}

void rp_journal_index_release(struct rp_journal_index *ix)
{
	for (size_t i = 0; i < ix->nr; i++)
		free_entry(&ix->e[i]);
	free(ix->e);
	memset(ix, 0, sizeof(*ix));
}

static int same(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

enum rp_resume rp_journal_decide(const struct rp_journal_entry *e,
				 const char *output, const char *options,
				 long long input_size, long long input_mtime_ns)
{
	if (!e)
		return RP_RESUME_NEW;
	if (!same(e->status, "ok") && !same(e->status, "skipped"))
		return RP_RESUME_FAILED;
	if (!same(e->options, options) || !same(e->output, output))
		return RP_RESUME_OPTIONS;
	/* A remote input has no size here (-1); the line has the one the
	 * worker saw, and the worker compares. */
	int remote = input_size < 0 && e->input_size >= 0;
	if (!remote && (e->input_size != input_size ||
			e->input_mtime_ns != input_mtime_ns))
		return RP_RESUME_CHANGED;
	if (rp_objstore_path(output)) /* the worker stats the object */
		return RP_RESUME_VERIFY;
	struct stat st;
	if (stat(output, &st) < 0 || (long long)st.st_size != e->bytes_out)
		return RP_RESUME_OUTPUT;
	return remote ? RP_RESUME_VERIFY : RP_RESUME_DONE;
}

const char *rp_resume_reason(enum rp_resume r)
{
	static const char *const reasons[] = {
		"not done before", "failed before", "input changed",
		"options changed", "output missing or changed", "done, unchanged",
		"done; the worker checks the remote object is unchanged",
	};
	return reasons[r];
}

void rp_journal_options_key(const char *text, char out[17])
{
	uint64_t h = 1469598103934665603ULL;
	for (const unsigned char *p = (const unsigned char *)text; *p; p++) {
		h ^= *p;
		h *= 1099511628211ULL;
	}
	snprintf(out, 17, "%016" PRIx64, h);
}
