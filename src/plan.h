/*
 * plan: the task list. Finds the inputs (files directly in IN_DIR whose
 * names match an include glob, or the whole tree with `recursive`), derives
 * each output name as the seed does (OUT_DIR/{stem}{suffix}{ext}, mirroring
 * subdirectories), and sorts the list by input path so that runs are
 * reproducible.
 *
 *   struct rp_plan plan;
 *   rp_plan_init(&plan);
 *   if (rp_plan_build(&plan, &opts, err, sizeof(err)) < 0) ... usage error
 *   if (rp_collision_check(&plan, files, n, err, sizeof(err)) < 0) exit 2
 *   ... plan.items[i] ...
 *   rp_plan_release(&plan);
 *
 * Hidden names (a leading dot: rasterpool's own temporary files among them)
 * are never inputs and hidden directories are not descended. A name that
 * matches but is no readable regular file (a directory, a dangling symbolic
 * link, a link loop) stays in the plan with `error` set, so that it is
 * reported as a failed task instead of vanishing. Symbolic links to files
 * are followed; links to directories are not descended (no loops). When
 * OUT_DIR lies inside IN_DIR it is never descended, so that outputs are not
 * taken for inputs.
 *
 * Paths are canonical (path.h): IN_DIR and OUT_DIR resolved, so that
 * "in", "./in/", "/abs/in" and a link to it give the same inputs and
 * outputs, which are what the journal keys resume on. A local input of a
 * list or a plan gets its directory resolved and keeps its name (a link to
 * a file stays the link); GDAL paths are kept as written.
 *
 * rp_plan_build() returns 0, or -1 with a message in err when IN_DIR cannot
 * be read or memory runs out. The plan owns every string in it.
 */
#ifndef RP_PLAN_H
#define RP_PLAN_H

#include <stddef.h>
#include <stdio.h>

struct rp_plan_item {
	char *input;  /* IN_DIR/relative path */
	char *output; /* OUT_DIR/relative dir/{stem}{suffix}{ext} */
	char *error;  /* why it cannot be processed, or NULL */
	long long size; /* -1: unknown (a remote input) */
	long long mtime_ns;
	long long cost; /* what sharding balances: bytes, or 1 when unknown */
};

struct rp_plan {
	struct rp_plan_item *items;
	size_t nr;
	size_t alloc;
};

struct rp_plan_options {
	const char *in_dir;
	const char *out_dir;
	const char *const *includes; /* NULL or empty: "*.tif" */
	size_t nr_includes;
	int recursive;
	const char *suffix; /* e.g. "_warped" */
	const char *ext;    /* e.g. ".tif" */
};

void rp_plan_init(struct rp_plan *plan);
int rp_plan_build(struct rp_plan *plan, const struct rp_plan_options *o,
		  char *err, size_t errlen);
/* The task list from a list of inputs, one per line ("#" starts a comment):
 * local paths or GDAL paths (/vsicurl/https://..., /vsis3/..., /vsizip/...).
 * Outputs go flat into OUT_DIR, named from the last path component of the
 * input (a URL's query and fragment cut, any byte outside a safe set made
 * "_"), so that no name from a list can point outside OUT_DIR; an input
 * with no usable name is kept with `error` set. A line that is a JSON
 * object (a plan's task) is refused: it belongs to rp_plan_read(). */
int rp_plan_from_list(struct rp_plan *plan, const struct rp_plan_options *o,
		      FILE *list, char *err, size_t errlen);

/* The task list written by `rasterpool plan` and `rasterpool status
 * --failed` (rp_plan_write): one JSON object a line with input, output,
 * cost and, if any, error. The output is relative to OUT_DIR, so that a
 * plan runs into the OUT_DIR of the command that reads it (o->out_dir);
 * rp_plan_read() refuses an output that is absolute outside OUT_DIR, has
 * an empty, ".", ".." or hidden component, or does not end in o->ext (a
 * plan made for another format: its bytes would be named wrongly). Costs come from
 * the file, so every node that reads it shards alike. */
int rp_plan_read(struct rp_plan *plan, const struct rp_plan_options *o,
		 FILE *f, char *err, size_t errlen);
/* Writes outputs relative to out_dir (those outside it as they are). */
int rp_plan_write(const struct rp_plan *plan, const char *out_dir, FILE *out);

/* The output stem for an input of a list, in out (never empty, "." or
 * ".."); -1 when none can be made. */
int rp_plan_safe_stem(const char *input, char *out, size_t outlen);

void rp_plan_release(struct rp_plan *plan);

/* Python's Path.stem: the name without its last ".suffix"; "a.b.tif" gives
 * "a.b", "a" gives "a". Returns the length of the stem within name. */
size_t rp_plan_stem_len(const char *name);

#endif
