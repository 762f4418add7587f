#include "plan.h"
#include "jsonutil.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <json.h>

struct walk {
	struct rp_plan *plan;
	const struct rp_plan_options *o;
	dev_t out_dev;
	ino_t out_ino;
	int out_exists;
	char *err;
	size_t errlen;
};

void rp_plan_init(struct rp_plan *plan)
{
	memset(plan, 0, sizeof(*plan));
}

void rp_plan_release(struct rp_plan *plan)
{
	for (size_t i = 0; i < plan->nr; i++) {
		free(plan->items[i].input);
		free(plan->items[i].output);
		free(plan->items[i].error);
	}
	free(plan->items);
	rp_plan_init(plan);
}

size_t rp_plan_stem_len(const char *name)
{
	const char *dot = strrchr(name, '.');
	if (!dot || dot == name)
		return strlen(name);
	return (size_t)(dot - name);
}

static char *join(const char *a, const char *b)
{
	size_t la = strlen(a);
	while (la > 1 && a[la - 1] == '/')
		la--;
	char *s = malloc(la + 1 + strlen(b) + 1);
	if (s)
		sprintf(s, "%.*s/%s", (int)la, a, b);
	return s;
}

static char *output_named(const struct rp_plan_options *o, const char *dir,
			  size_t dirlen, const char *stem, size_t stemlen);

static const char *unusable(const char *path, struct rp_plan_item *it);
static int by_input(const void *a, const void *b);

static int safe_byte(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80 || strchr("._-+,@=", c);
}

int rp_plan_safe_stem(const char *input, char *out, size_t outlen)
{
	size_t end = strcspn(input, "?#");
	while (end > 0 && input[end - 1] == '/')
		end--;
	size_t start = end;
	while (start > 0 && input[start - 1] != '/')
		start--;
	size_t n = 0;
	for (size_t i = start; i < end && n + 2 < outlen; i++)
		out[n++] = safe_byte((unsigned char)input[i]) ? input[i] : '_';
	out[n] = '\0';
	out[rp_plan_stem_len(out)] = '\0';
	if (!out[0] || !strcmp(out, ".") || !strcmp(out, ".."))
		return -1;
	if (out[0] == '.') { /* no hidden outputs */
		memmove(out + 1, out, strlen(out) + 1);
		out[0] = '_';
	}
	return 0;
}

static int is_gdal_path(const char *s)
{
	return !strncmp(s, "/vsi", 4) || strstr(s, "://") != NULL;
}

static struct rp_plan_item *new_item(struct rp_plan *plan);

static int add_listed(struct rp_plan *plan, const struct rp_plan_options *o,
		      const char *input)
{
	struct rp_plan_item *it = new_item(plan);
	char stem[1024];
	if (!it)
		return -1;
	int bad = rp_plan_safe_stem(input, stem, sizeof(stem) - 16);
	it->input = strdup(input);
	it->output = output_named(o, "", 0, stem, bad ? 0 : strlen(stem));
	if (!it->input || !it->output) {
		free(it->input);
		free(it->output);
		return -1;
	}
	const char *why = bad ? "cannot derive a safe output name from it"
		: is_gdal_path(input) ? NULL : unusable(input, it);
	if (is_gdal_path(input))
		it->size = -1;
	if (it->cost <= 0)
		it->cost = 1;
	if (why && !(it->error = strdup(why)))
		return -1;
	plan->nr++;
	return 0;
}

int rp_plan_from_list(struct rp_plan *plan, const struct rp_plan_options *o,
		      FILE *list, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int rc = 0;
	while (!rc && (n = getline(&line, &cap, list)) >= 0) {
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (n > 0 && line[0] != '#')
			rc = add_listed(plan, o, line);
	}
	free(line);
	if (rc || ferror(list)) {
		snprintf(err, errlen, "%s", rc ? "out of memory"
					      : "cannot read the input list");
		return -1;
	}
	if (plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return 0;
}

/* OUT_DIR/{dir}{stem}{suffix}{ext}, the dir and stem given by length. */
static char *output_named(const struct rp_plan_options *o, const char *dir,
			  size_t dirlen, const char *stem, size_t stemlen)
{
	size_t n = dirlen + stemlen + strlen(o->suffix) + strlen(o->ext) + 1;
	char *name = malloc(n);
	if (!name)
		return NULL;
	snprintf(name, n, "%.*s%.*s%s%s", (int)dirlen, dir, (int)stemlen, stem,
		 o->suffix, o->ext);
	char *out = join(o->out_dir, name);
	free(name);
	return out;
}

static char *output_for(const struct rp_plan_options *o, const char *rel)
{
	const char *base = strrchr(rel, '/');
	base = base ? base + 1 : rel;
	return output_named(o, rel, (size_t)(base - rel), base,
			    rp_plan_stem_len(base));
}

static int matches(const struct rp_plan_options *o, const char *name)
{
	if (o->nr_includes == 0)
		return fnmatch("*.tif", name, FNM_PERIOD) == 0;
	for (size_t i = 0; i < o->nr_includes; i++)
		if (fnmatch(o->includes[i], name, FNM_PERIOD) == 0)
			return 1;
	return 0;
}

static const char *unusable(const char *path, struct rp_plan_item *it)
{
	struct stat st, lst;
	if (stat(path, &st) < 0) {
		if (errno == ENOENT && lstat(path, &lst) == 0 &&
		    S_ISLNK(lst.st_mode))
			return "dangling symbolic link";
		if (errno == ELOOP)
			return "symbolic link loop";
		return strerror(errno);
	}
	if (S_ISDIR(st.st_mode))
		return "is a directory, not a raster file";
	if (!S_ISREG(st.st_mode))
		return "not a regular file";
	it->size = st.st_size;
	it->cost = st.st_size > 0 ? st.st_size : 1;
	it->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
		       st.st_mtim.tv_nsec;
	return NULL;
}

static int add_item(struct walk *w, const char *rel)
{
	struct rp_plan *plan = w->plan;
	struct rp_plan_item *it = new_item(plan);
	if (!it)
		return -1;
	it->input = join(w->o->in_dir, rel);
	it->output = output_for(w->o, rel);
	if (!it->input || !it->output) {
		free(it->input);
		free(it->output);
		return -1;
	}
	const char *why = unusable(it->input, it);
	if (why && !(it->error = strdup(why)))
		return -1;
	plan->nr++;
	return 0;
}

static int walk_dir(struct walk *w, const char *rel);

static int descend(const struct walk *w, const struct stat *st)
{
	return w->o->recursive &&
	       !(w->out_exists && st->st_dev == w->out_dev &&
		 st->st_ino == w->out_ino);
}

static int visit(struct walk *w, const char *dir_path, const char *rel,
		 const char *name)
{
	if (name[0] == '.')
		return 0;
	char *child_rel = rel ? join(rel, name) : strdup(name);
	char *path = join(dir_path, name);
	int rc = child_rel && path ? 0 : -1;
	struct stat lst;
	int is_dir = !rc && lstat(path, &lst) == 0 && S_ISDIR(lst.st_mode);
	if (!rc && is_dir && w->o->recursive) {
		if (descend(w, &lst))
			rc = walk_dir(w, child_rel);
	} else if (!rc && matches(w->o, name)) {
		rc = add_item(w, child_rel);
	}
	free(child_rel);
	free(path);
	return rc;
}

static int walk_dir(struct walk *w, const char *rel)
{
	char *dir_path = rel ? join(w->o->in_dir, rel) : strdup(w->o->in_dir);
	DIR *d = dir_path ? opendir(dir_path) : NULL;
	if (!d) {
		snprintf(w->err, w->errlen, "cannot read directory %s: %s",
			 dir_path ? dir_path : rel, strerror(errno));
		free(dir_path);
		return -1;
	}
	int rc = 0;
	struct dirent *e;
	while (!rc && (errno = 0, e = readdir(d)))
		rc = visit(w, dir_path, rel, e->d_name);
	if (!rc && errno) {
		snprintf(w->err, w->errlen, "cannot read directory %s: %s",
			 dir_path, strerror(errno));
		rc = -1;
	} else if (rc && !w->err[0]) {
		snprintf(w->err, w->errlen, "out of memory");
	}
	closedir(d);
	free(dir_path);
	return rc;
}

static int by_input(const void *a, const void *b)
{
	const struct rp_plan_item *x = a, *y = b;
	return strcmp(x->input, y->input);
}

int rp_plan_build(struct rp_plan *plan, const struct rp_plan_options *o,
		  char *err, size_t errlen)
{
	struct walk w = {.plan = plan, .o = o, .err = err, .errlen = errlen};
	struct stat st;
	err[0] = '\0';
	if (stat(o->out_dir, &st) == 0) {
		w.out_exists = 1;
		w.out_dev = st.st_dev;
		w.out_ino = st.st_ino;
	}
	if (walk_dir(&w, NULL) < 0)
		return -1;
	if (plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return 0;
}

static int by_output(const void *a, const void *b)
{
	const struct rp_plan_item *const *x = a, *const *y = b;
	int c = strcmp((*x)->output, (*y)->output);
	return c ? c : strcmp((*x)->input, (*y)->input);
}

int rp_plan_check_collisions(const struct rp_plan *plan, char *err,
			     size_t errlen)
{
	if (plan->nr < 2)
		return 0;
	const struct rp_plan_item **v = malloc(plan->nr * sizeof(*v));
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < plan->nr; i++)
		v[i] = &plan->items[i];
	qsort(v, plan->nr, sizeof(*v), by_output);
	int rc = 0;
	for (size_t i = 1; i < plan->nr && !rc; i++) {
		if (strcmp(v[i - 1]->output, v[i]->output))
			continue;
		snprintf(err, errlen, "%s and %s would both write %s",
			 v[i - 1]->input, v[i]->input, v[i]->output);
		rc = -1;
	}
	free(v);
	return rc;
}

/* Room for one more item, zeroed; plan->nr is the caller's to raise. */
static struct rp_plan_item *new_item(struct rp_plan *plan)
{
	if (plan->nr == plan->alloc) {
		size_t n = plan->alloc ? plan->alloc * 2 : 64;
		struct rp_plan_item *p = realloc(plan->items, n * sizeof(*p));
		if (!p)
			return NULL;
		plan->items = p;
		plan->alloc = n;
	}
	struct rp_plan_item *it = &plan->items[plan->nr];
	memset(it, 0, sizeof(*it));
	return it;
}

static int read_item(struct rp_plan *plan, struct json_object *o)
{
	const char *in = rp_json_str(o, "input"), *out = rp_json_str(o, "output");
	const char *error = rp_json_str(o, "error");
	long long cost = rp_json_int(o, "cost", -1);
	if (!in || !out || cost < 0)
		return 1;
	struct rp_plan_item *it = new_item(plan);
	if (!it || !(it->input = strdup(in)) || !(it->output = strdup(out)))
		return -1;
	const char *why = error ? error : is_gdal_path(in) ? NULL
					: unusable(in, it);
	if (is_gdal_path(in))
		it->size = -1;
	it->cost = cost; /* the planner's, not ours */
	plan->nr++;
	return why && !(it->error = strdup(why)) ? -1 : 0;
}

struct plan_reader {
	struct rp_plan *plan;
	size_t line; /* the last line read */
};

static int read_line(void *cookie, struct json_object *o, size_t line)
{
	struct plan_reader *r = cookie;
	r->line = line;
	return o ? read_item(r->plan, o) : 1;
}

int rp_plan_read(struct rp_plan *plan, FILE *f, char *err, size_t errlen)
{
	struct plan_reader r = {plan, 0};
	int rc = rp_json_lines(f, read_line, &r);
	size_t n = r.line;
	if (rc)
		snprintf(err, errlen, rc < 0 ? "out of memory"
			 : "plan line %zu is not a task of `rasterpool plan`", n);
	else if (plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return rc ? -1 : 0;
}

int rp_plan_write(const struct rp_plan *plan, FILE *out)
{
	for (size_t i = 0; i < plan->nr; i++) {
		const struct rp_plan_item *it = &plan->items[i];
		struct json_object *o = json_object_new_object();
		json_object_object_add(o, "input", json_object_new_string(it->input));
		json_object_object_add(o, "output",
				       json_object_new_string(it->output));
		json_object_object_add(o, "cost", json_object_new_int64(it->cost));
		if (it->error)
			json_object_object_add(o, "error",
					       json_object_new_string(it->error));
		fprintf(out, "%s\n", json_object_to_json_string_ext(
			o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(o);
	}
	return ferror(out) || fflush(out) ? -1 : 0;
}
