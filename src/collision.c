#include "collision.h"
#include "path.h"
#include "remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

struct ident {
	dev_t dev;
	ino_t ino;
	const char *input;
};

struct name {
	char *path; /* canonical */
	const char *input;
};

struct inputs {
	struct ident *ids;
	size_t nr_ids;
	struct name *names;
	size_t nr_names;
};

static int by_output_ci(const void *a, const void *b)
{
	const struct rp_plan_item *const *x = a, *const *y = b;
	int c = strcasecmp((*x)->output, (*y)->output);
	return c ? c : strcmp((*x)->input, (*y)->input);
}

static int same_output(const struct rp_plan_item *a,
		       const struct rp_plan_item *b, char *err, size_t errlen)
{
	if (strcasecmp(a->output, b->output))
		return 0;
	if (!strcmp(a->input, b->input))
		snprintf(err, errlen, "%s is listed twice (output %s)", a->input,
			 a->output);
	else if (!strcmp(a->output, b->output))
		snprintf(err, errlen, "%s and %s would both write %s", a->input,
			 b->input, a->output);
	else
		snprintf(err, errlen, "%s and %s would write %s and %s, names "
			 "that differ only in case (one file on a "
			 "case-insensitive filesystem)", a->input, b->input,
			 a->output, b->output);
	return 1;
}

static int by_output_key(const void *key, const void *elem)
{
	return strcasecmp(key, (*(const struct rp_plan_item *const *)elem)->output);
}

/* An output that is a directory another output goes into (a.tif and a
 * directory a_warped.tif/ of inputs, under --recursive). */
static int output_is_a_dir(const struct rp_plan_item *const *v, size_t nr,
			   const struct rp_plan_item *it, char *err,
			   size_t errlen)
{
	char *dir = strdup(it->output);
	const struct rp_plan_item *const *hit = NULL;
	for (char *slash; dir && !hit && (slash = strrchr(dir, '/'));) {
		*slash = '\0';
		hit = bsearch(dir, v, nr, sizeof(*v), by_output_key);
	}
	free(dir);
	if (hit)
		snprintf(err, errlen, "the output of %s, %s, is the directory "
			 "of the output of %s, %s", (*hit)->input,
			 (*hit)->output, it->input, it->output);
	return hit != NULL;
}

static int outputs_collide(const struct rp_plan *plan, char *err,
			   size_t errlen)
{
	const struct rp_plan_item **v = malloc(plan->nr * sizeof(*v));
	if (!v) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	for (size_t i = 0; i < plan->nr; i++)
		v[i] = &plan->items[i];
	qsort(v, plan->nr, sizeof(*v), by_output_ci);
	int rc = 0;
	for (size_t i = 1; i < plan->nr && !rc; i++)
		rc = same_output(v[i - 1], v[i], err, errlen) ? -1 : 0;
	for (size_t i = 0; i < plan->nr && !rc; i++)
		rc = output_is_a_dir(v, plan->nr, v[i], err, errlen) ? -1 : 0;
	free(v);
	return rc;
}

static int by_ident(const void *a, const void *b)
{
	const struct ident *x = a, *y = b;
	if (x->dev != y->dev)
		return x->dev < y->dev ? -1 : 1;
	return x->ino < y->ino ? -1 : x->ino > y->ino;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct name *)a)->path,
		      ((const struct name *)b)->path);
}

static void inputs_release(struct inputs *in)
{
	for (size_t i = 0; i < in->nr_names; i++)
		free(in->names[i].path);
	free(in->names);
	free(in->ids);
}

/* Every local file the plan reads, by identity and by canonical path. */
static int inputs_load(struct inputs *in, const struct rp_plan *plan)
{
	memset(in, 0, sizeof(*in));
	in->ids = malloc(plan->nr * sizeof(*in->ids));
	in->names = malloc(plan->nr * sizeof(*in->names));
	if (!in->ids || !in->names)
		return -1;
	for (size_t i = 0; i < plan->nr; i++) {
		const char *input = plan->items[i].input;
		if (rp_remote_kind(input) != RP_REMOTE_NONE)
			continue;
		const char *local = rp_remote_innermost(input);
		struct stat st;
		if (rp_path_stat_prefix(local, &st) >= 0)
			in->ids[in->nr_ids++] =
				(struct ident){st.st_dev, st.st_ino, input};
		char *path = rp_path_canonical_parent(local);
		if (!path)
			return -1;
		in->names[in->nr_names++] = (struct name){path, input};
	}
	qsort(in->ids, in->nr_ids, sizeof(*in->ids), by_ident);
	qsort(in->names, in->nr_names, sizeof(*in->names), by_name);
	return 0;
}

/* The input that output is, or NULL. */
static const char *input_at(const struct inputs *in, const char *output)
{
	struct stat st;
	if (stat(output, &st) == 0) {
		struct ident key = {st.st_dev, st.st_ino, NULL};
		const struct ident *id = bsearch(&key, in->ids, in->nr_ids,
						 sizeof(key), by_ident);
		if (id)
			return id->input;
	}
	struct name key = {rp_path_canonical_parent(output), NULL};
	const struct name *n = key.path ? bsearch(&key, in->names,
		in->nr_names, sizeof(key), by_name) : NULL;
	free(key.path);
	return n ? n->input : NULL;
}

/* The item whose output path is, or NULL. */
static const struct rp_plan_item *output_at(const struct rp_plan *plan,
					    const char *path)
{
	struct stat st, o;
	int exists = stat(path, &st) == 0;
	char *canon = rp_path_canonical_parent(path);
	const struct rp_plan_item *hit = NULL;
	for (size_t i = 0; i < plan->nr && !hit; i++) {
		const char *out = plan->items[i].output;
		if ((canon && !strcasecmp(canon, out)) ||
		    (exists && stat(out, &o) == 0 && o.st_dev == st.st_dev &&
		     o.st_ino == st.st_ino))
			hit = &plan->items[i];
	}
	free(canon);
	return hit;
}

static int files_collide(const struct rp_plan *plan, const struct inputs *in,
			 const struct rp_collision_file *files, size_t nr,
			 char *err, size_t errlen)
{
	for (size_t i = 0; i < nr; i++) {
		const char *path = files[i].path, *input;
		const struct rp_plan_item *it;
		if (!path || !strcmp(path, "-"))
			continue;
		if ((input = input_at(in, path))) {
			snprintf(err, errlen, "%s %s is the input %s", files[i].what,
				 path, input);
			return -1;
		}
		if ((it = output_at(plan, path))) {
			snprintf(err, errlen, "%s %s is the output of %s, %s",
				 files[i].what, path, it->input, it->output);
			return -1;
		}
	}
	return 0;
}

static int outputs_overwrite_inputs(const struct rp_plan *plan,
				    const struct rp_collision_file *files,
				    size_t nr_files, char *err, size_t errlen)
{
	struct inputs in;
	if (inputs_load(&in, plan) < 0) {
		inputs_release(&in);
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; i < plan->nr && !rc; i++) {
		const char *input = input_at(&in, plan->items[i].output);
		if (!input)
			continue;
		snprintf(err, errlen, "the output of %s, %s, is the input %s: "
			 "refusing to write over an input",
			 plan->items[i].input, plan->items[i].output, input);
		rc = -1;
	}
	if (!rc)
		rc = files_collide(plan, &in, files, nr_files, err, errlen);
	inputs_release(&in);
	return rc;
}

int rp_collision_check(const struct rp_plan *plan,
		       const struct rp_collision_file *files, size_t nr_files,
		       char *err, size_t errlen)
{
	if (plan->nr == 0)
		return 0;
	return outputs_collide(plan, err, errlen) ||
	       outputs_overwrite_inputs(plan, files, nr_files, err, errlen)
		? -1 : 0;
}
