#include "plan.h"
#include "jsonutil.h"
#include "path.h"
#include "remote.h"

#include <dirent.h>
#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

#include <json.h>

#include "vec.h"

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
	return rp_remote_kind(s) != RP_REMOTE_NONE ||
	       rp_remote_innermost(s) != s;
}

/* Size and mtime of what an input reads: the file, or for a GDAL path
 * the local archive it names (none for a remote one); "why" for a local
 * file that cannot be read. */
static const char *measure(const char *input, struct rp_plan_item *it)
{
	struct stat st;
	if (!is_gdal_path(input))
		return unusable(input, it);
	it->size = -1;
	if (rp_remote_kind(input) == RP_REMOTE_NONE &&
	    rp_path_stat_prefix(rp_remote_innermost(input), &st) >= 0) {
		it->size = st.st_size;
		it->mtime_ns = (long long)st.st_mtim.tv_sec * 1000000000LL +
			       st.st_mtim.tv_nsec;
		it->cost = st.st_size > 0 ? st.st_size : 1;
	}
	return NULL;
}

/* A local input as the journal keys it: its directory canonical, its name
 * as listed (a link to a file stays the link). GDAL paths as they are. */
static char *input_key(const char *input)
{
	return is_gdal_path(input) ? strdup(input)
				   : rp_path_canonical_parent(input);
}

static struct rp_plan_item *new_item(struct rp_plan *plan);

/* The options with IN_DIR and OUT_DIR canonical (path.h), so that every
 * spelling of them gives the same inputs and outputs, hence journal keys. */
struct canonical {
	struct rp_plan_options o;
	char *in_dir, *out_dir;
};

static int canonicalize(struct canonical *c, const struct rp_plan_options *o,
			char *err, size_t errlen)
{
	c->o = *o;
	c->in_dir = o->in_dir ? rp_path_canonical(o->in_dir) : NULL;
	c->out_dir = rp_path_canonical(o->out_dir);
	if ((o->in_dir && !c->in_dir) || !c->out_dir) {
		const char *which = c->out_dir ? o->in_dir : o->out_dir;
		snprintf(err, errlen, "cannot resolve %s: %s", which,
			 strerror(errno));
		free(c->in_dir);
		free(c->out_dir);
		return -1;
	}
	c->o.in_dir = c->in_dir;
	c->o.out_dir = c->out_dir;
	return 0;
}

static void canonical_release(struct canonical *c)
{
	free(c->in_dir);
	free(c->out_dir);
}

static int add_listed(struct rp_plan *plan, const struct rp_plan_options *o,
		      const char *input)
{
	struct rp_plan_item *it = new_item(plan);
	char stem[1024];
	if (!it)
		return -1;
	int bad = rp_plan_safe_stem(input, stem, sizeof(stem) - 16);
	it->input = bad ? strdup(input) : input_key(input);
	it->output = output_named(o, "", 0, stem, bad ? 0 : strlen(stem));
	if (!it->input || !it->output) {
		free(it->input);
		free(it->output);
		return -1;
	}
	const char *why = bad ? "cannot derive a safe output name from it"
			      : measure(it->input, it);
	if (it->cost <= 0)
		it->cost = 1;
	if (why && !(it->error = strdup(why)))
		return -1;
	plan->nr++;
	return 0;
}

static int read_list(struct rp_plan *plan, const struct rp_plan_options *o,
		     FILE *list, char *err, size_t errlen)
{
	char *line = NULL;
	size_t cap = 0, nr = 0;
	ssize_t n;
	int rc = 0;
	while (!rc && (n = getline(&line, &cap, list)) >= 0) {
		nr++;
		while (n > 0 && (line[n - 1] == '\n' || line[n - 1] == '\r'))
			line[--n] = '\0';
		if (line[0] == '{') /* `rasterpool plan`, `status --failed` */
			rc = 1;
		else if (n > 0 && line[0] != '#')
			rc = add_listed(plan, o, line);
	}
	free(line);
	if (rc > 0)
		snprintf(err, errlen, "input list line %zu is a task of a plan "
			 "(`rasterpool plan`, `status --failed`): read it with "
			 "--plan", nr);
	else if (rc || ferror(list))
		snprintf(err, errlen, "%s", rc ? "out of memory"
					      : "cannot read the input list");
	return rc || ferror(list) ? -1 : 0;
}

int rp_plan_from_list(struct rp_plan *plan, const struct rp_plan_options *o,
		      FILE *list, char *err, size_t errlen)
{
	struct canonical c;
	if (canonicalize(&c, o, err, errlen))
		return -1;
	int rc = read_list(plan, &c.o, list, err, errlen);
	canonical_release(&c);
	if (!rc && plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return rc;
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
	struct canonical c;
	struct walk w = {.plan = plan, .o = &c.o, .err = err, .errlen = errlen};
	struct stat st;
	err[0] = '\0';
	if (canonicalize(&c, o, err, errlen))
		return -1;
	if (stat(c.o.out_dir, &st) == 0) {
		w.out_exists = 1;
		w.out_dev = st.st_dev;
		w.out_ino = st.st_ino;
	}
	int rc = walk_dir(&w, NULL);
	canonical_release(&c);
	if (rc < 0)
		return -1;
	if (plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return 0;
}

/* Room for one more item, zeroed; plan->nr is the caller's to raise. */
static struct rp_plan_item *new_item(struct rp_plan *plan)
{
	struct rp_plan_item *p = rp_vec_reserve(plan->items, plan->nr,
						&plan->alloc, sizeof(*p), 64);
	if (!p)
		return NULL;
	plan->items = p;
	struct rp_plan_item *it = &plan->items[plan->nr];
	memset(it, 0, sizeof(*it));
	return it;
}

/* A plan's output, relative to OUT_DIR: names only, none empty, "." or
 * "..", none hidden (hidden names are rasterpool's: .rasterpool/, its
 * temporary files). */
static int clean_relative(const char *rel)
{
	if (!*rel || rel[0] == '/')
		return 0;
	for (const char *p = rel; *p;) {
		size_t n = strcspn(p, "/");
		if (n == 0 || p[0] == '.')
			return 0;
		p += n;
		p += *p == '/';
		if (p[-1] == '/' && !*p)
			return 0;
	}
	return 1;
}

/* OUT_DIR/rel for a relative output; an absolute one (a plan of an
 * earlier rasterpool) only when it lies inside OUT_DIR. */
static char *rerooted(const char *out_dir, const char *output)
{
	char *canon = output[0] == '/' ? rp_path_canonical_parent(output) : NULL;
	const char *rel = canon ? rp_path_under(canon, out_dir) : output;
	char *s = rel && clean_relative(rel) ? join(out_dir, rel) : NULL;
	free(canon);
	return s;
}

/* Whether name ends in ext (ignoring case); any name for no ext. */
static int has_ext(const char *name, const char *ext)
{
	size_t n = strlen(name), e = ext ? strlen(ext) : 0;
	return n >= e && !strcasecmp(name + n - e, ext ? ext : "");
}

struct plan_reader {
	struct rp_plan *plan;
	const char *out_dir; /* canonical */
	const char *ext;     /* of the run's output format */
	size_t line;         /* the last line read */
	char *err;
	size_t errlen;
};

static int read_item(struct plan_reader *r, struct json_object *o)
{
	const char *in = rp_json_str(o, "input"), *out = rp_json_str(o, "output");
	const char *error = rp_json_str(o, "error");
	long long cost = rp_json_int(o, "cost", -1);
	if (!in || !*in || !out || cost < 0) {
		snprintf(r->err, r->errlen, "plan line %zu is not a task of "
			 "`rasterpool plan`", r->line);
		return 1;
	}
	struct rp_plan_item *it = new_item(r->plan);
	if (!it)
		return -1;
	it->output = rerooted(r->out_dir, out);
	if (!it->output || !has_ext(out, r->ext)) {
		if (it->output)
			snprintf(r->err, r->errlen, "plan line %zu: output %s does "
				 "not end in %s, the extension of this run's "
				 "output format", r->line, out, r->ext);
		else
			snprintf(r->err, r->errlen, "plan line %zu: output %s is "
				 "not a path inside OUT_DIR %s", r->line, out,
				 r->out_dir);
		free(it->output);
		return 1;
	}
	it->input = input_key(in);
	if (!it->input) {
		free(it->output);
		return -1;
	}
	r->plan->nr++;
	const char *why = error ? error : measure(it->input, it);
	it->cost = cost; /* the planner's, not ours */
	return why && !(it->error = strdup(why)) ? -1 : 0;
}

static int read_line(void *cookie, struct json_object *o, size_t line)
{
	struct plan_reader *r = cookie;
	r->line = line;
	if (o)
		return read_item(r, o);
	snprintf(r->err, r->errlen, "plan line %zu is not JSON", line);
	return 1;
}

int rp_plan_read(struct rp_plan *plan, const struct rp_plan_options *o,
		 FILE *f, char *err, size_t errlen)
{
	struct canonical c;
	if (canonicalize(&c, o, err, errlen))
		return -1;
	struct plan_reader r = {plan, c.o.out_dir, o->ext, 0, err, errlen};
	int rc = rp_json_lines(f, read_line, &r);
	canonical_release(&c);
	if (rc < 0)
		snprintf(err, errlen, "out of memory");
	else if (!rc && plan->nr)
		qsort(plan->items, plan->nr, sizeof(*plan->items), by_input);
	return rc ? -1 : 0;
}

static int write_item(const struct rp_plan_item *it, const char *out_dir,
		      FILE *out)
{
	const char *rel = out_dir ? rp_path_under(it->output, out_dir) : NULL;
	struct json_object *o = json_object_new_object();
	if (!o)
		return -1;
	json_object_object_add(o, "input", json_object_new_string(it->input));
	json_object_object_add(o, "output", json_object_new_string(
		rel && *rel ? rel : it->output));
	json_object_object_add(o, "cost", json_object_new_int64(it->cost));
	if (it->error)
		json_object_object_add(o, "error",
				       json_object_new_string(it->error));
	fprintf(out, "%s\n", json_object_to_json_string_ext(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	return 0;
}

int rp_plan_write(const struct rp_plan *plan, const char *out_dir, FILE *out)
{
	char *dir = rp_path_canonical(out_dir); /* NULL: outputs absolute */
	int rc = 0;
	for (size_t i = 0; i < plan->nr && !rc; i++)
		rc = write_item(&plan->items[i], dir, out);
	free(dir);
	return rc || ferror(out) || fflush(out) ? -1 : 0;
}
