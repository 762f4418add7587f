#include "gdalargs.h"
#include "vec.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

int rp_argv_push(struct rp_argv *a, const char *s)
{
	/* room for s and the NULL after it */
	char **v = rp_vec_reserve(a->v, a->n + 1, &a->alloc, sizeof(*v), 16);
	if (!v)
		return -1;
	a->v = v;
	if (!(a->v[a->n] = strdup(s)))
		return -1;
	a->v[++a->n] = NULL;
	return 0;
}

int rp_argv_push_all(struct rp_argv *a, char *const *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (rp_argv_push(a, v[i]) < 0)
			return -1;
	return 0;
}

void rp_argv_release(struct rp_argv *a)
{
	for (size_t i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
	memset(a, 0, sizeof(*a));
}

struct option_spec {
	const char *name;
	signed char min, max; /* values; those past min only when numeric */
	char plain;           /* warp: opens no file but input and output */
};

/* gdalwarp's options, GDAL 3.6 to 3.13 (apps/gdalwarp_lib.cpp). */
static const struct option_spec warp_options[] = {
	{"-t_srs", 1, 1, 1}, {"-s_srs", 1, 1, 1}, {"-r", 1, 1, 1},
	{"-et", 1, 1, 1}, {"-of", 1, 1, 1}, {"-co", 1, 1, 1},
	{"-wo", 1, 1, 1}, {"-tr", 1, 2, 1}, {"-te", 4, 4, 1},
	{"-te_srs", 1, 1, 1}, {"-ts", 2, 2, 1}, {"-tap", 0, 0, 1},
	{"-srcnodata", 1, 1, 1}, {"-dstnodata", 1, 1, 1},
	{"-dstalpha", 0, 0, 1}, {"-ot", 1, 1, 1}, {"-wt", 1, 1, 1},
	{"-wm", 1, 1, 1}, {"-multi", 0, 0, 1}, {"-q", 0, 0, 1},
	{"-overwrite", 0, 0, 1},
	{"-b", 1, 1, 0}, {"-srcband", 1, 1, 0}, {"-dstband", 1, 1, 0},
	{"-ct", 1, 1, 0}, {"-to", 1, 1, 0}, {"-vshift", 0, 0, 0},
	{"-novshift", 0, 0, 0}, {"-s_coord_epoch", 1, 1, 0},
	{"-t_coord_epoch", 1, 1, 0}, {"-order", 1, 1, 0}, {"-tps", 0, 0, 0},
	{"-rpc", 0, 0, 0}, {"-geoloc", 0, 0, 0}, {"-refine_gcps", 1, 2, 0},
	{"-ovr", 1, 1, 0}, {"-srcalpha", 0, 0, 0}, {"-nosrcalpha", 0, 0, 0},
	{"-cutline", 1, 1, 0}, {"-cutline_srs", 1, 1, 0}, {"-cl", 1, 1, 0},
	{"-cwhere", 1, 1, 0}, {"-csql", 1, 1, 0}, {"-cblend", 1, 1, 0},
	{"-crop_to_cutline", 0, 0, 0}, {"-if", 1, 1, 0}, {"-nomd", 0, 0, 0},
	{"-cvmd", 1, 1, 0}, {"-setci", 0, 0, 0}, {"-oo", 1, 1, 0},
	{"-doo", 1, 1, 0}, {"--config", 2, 2, 0},
	{NULL, 0, 0, 0}};

/* gdal_translate's options (apps/gdal_translate_lib.cpp). */
static const struct option_spec translate_options[] = {
	{"-of", 1, 1, 0}, {"-ot", 1, 1, 0}, {"-b", 1, 1, 0},
	{"-mask", 1, 1, 0}, {"-expand", 1, 1, 0}, {"-strict", 0, 0, 0},
	{"-not_strict", 0, 0, 0}, {"-outsize", 2, 2, 0}, {"-tr", 2, 2, 0},
	{"-ovr", 1, 1, 0}, {"-r", 1, 1, 0}, {"-unscale", 0, 0, 0},
	{"-scale", 0, 4, 0}, {"-exponent", 1, 1, 0}, {"-srcwin", 4, 4, 0},
	{"-epo", 0, 0, 0}, {"-eco", 0, 0, 0}, {"-projwin", 4, 4, 0},
	{"-projwin_srs", 1, 1, 0}, {"-a_srs", 1, 1, 0},
	{"-a_coord_epoch", 1, 1, 0}, {"-a_ullr", 4, 4, 0},
	{"-a_nodata", 1, 1, 0}, {"-a_scale", 1, 1, 0}, {"-a_offset", 1, 1, 0},
	{"-a_gt", 6, 6, 0}, {"-mo", 1, 1, 0}, {"-dmo", 1, 1, 0},
	{"-co", 1, 1, 0}, {"-gcp", 4, 5, 0}, {"-q", 0, 0, 0},
	{"-sds", 0, 0, 0}, {"-stats", 0, 0, 0}, {"-approx_stats", 0, 0, 0},
	{"-norat", 0, 0, 0}, {"-noxmp", 0, 0, 0}, {"-oo", 1, 1, 0},
	{"-colorinterp", 1, 1, 0}, {"-nogcp", 0, 0, 0}, {"-if", 1, 1, 0},
	{"--config", 2, 2, 0},
	{NULL, 0, 0, 0}};

/* Per-band forms: -scale_2, -exponent_3, -colorinterp_1. */
static int band_form(const char *opt, const char *base)
{
	size_t n = strlen(base);
	if (strncmp(opt, base, n) || opt[n] != '_' || !opt[n + 1])
		return 0;
	return strspn(opt + n + 1, "0123456789") == strlen(opt + n + 1);
}

static const struct option_spec *find_spec(enum rp_gdal_utility u,
					   const char *opt)
{
	const struct option_spec *t =
		u == RP_UTIL_WARP ? warp_options : translate_options;
	for (; t->name; t++)
		if (!strcmp(opt, t->name))
			return t;
	if (u == RP_UTIL_TRANSLATE) {
		static const char *const banded[] = {"-scale", "-exponent",
						     "-colorinterp"};
		for (size_t i = 0; i < 3; i++)
			if (band_form(opt, banded[i]))
				return find_spec(u, banded[i]);
	}
	return NULL;
}

int rp_gdalargs_arity(enum rp_gdal_utility u, const char *opt, int *min,
		      int *max)
{
	const struct option_spec *s = find_spec(u, opt);
	if (!s)
		return -1;
	*min = s->min;
	*max = s->max;
	return 0;
}

static int is_number(const char *s)
{
	char *end;
	if (!*s)
		return 0;
	strtod(s, &end);
	return *end == '\0';
}

/* The index of the argument after option `i` and its values. Unknown
 * options and stray words count as flags. */
static size_t skip(enum rp_gdal_utility u, char *const *args, size_t i)
{
	const struct option_spec *s = find_spec(u, args[i]);
	size_t j = i + 1;
	if (!s)
		return j;
	for (int k = 0; k < s->max && args[j]; k++, j++)
		if (k >= s->min && !is_number(args[j]))
			break;
	return j;
}

/* Index of the last occurrence of `opt` whose value starts with `prefix`
 * (any value when NULL), or -1. */
static long find_last(enum rp_gdal_utility u, char *const *args,
		      const char *opt, const char *prefix)
{
	long found = -1;
	for (size_t i = 0; args && args[i]; i = skip(u, args, i))
		if (!strcmp(args[i], opt) &&
		    (!prefix || (args[i + 1] &&
				 !strncasecmp(args[i + 1], prefix,
					      strlen(prefix)))))
			found = (long)i;
	return found;
}

const char *rp_gdalargs_value(enum rp_gdal_utility u, char *const *args,
			      const char *opt)
{
	long i = find_last(u, args, opt, NULL);
	return i >= 0 ? args[i + 1] : NULL;
}

const char *rp_gdalargs_format(enum rp_gdal_utility u, char *const *args)
{
	const char *f = rp_gdalargs_value(u, args, "-of");
	return f ? f : "GTiff";
}

int rp_gdalargs_plain_warp(char *const *args)
{
	for (size_t i = 0; args[i]; i = skip(RP_UTIL_WARP, args, i)) {
		const struct option_spec *s = find_spec(RP_UTIL_WARP, args[i]);
		if (!s || !s->plain)
			return 0;
	}
	return 1;
}

/* A NULL-terminated copy of the user's arguments, for the grammar walk. */
static char **terminated(char *const *v, size_t n)
{
	char **t = calloc(n + 1, sizeof(*t));
	if (t && n) /* v is NULL without arguments after --: no memcpy(NULL) */
		memcpy(t, v, n * sizeof(*t));
	return t;
}

static int push_pair(struct rp_argv *a, const char *opt, const char *value)
{
	return rp_argv_push(a, opt) || rp_argv_push(a, value) ? -1 : 0;
}

/* rasterpool's -co: --co, else the effective format's defaults. */
static int push_creation_options(struct rp_argv *a,
				 const struct rp_gdalargs_defaults *d,
				 const char *format)
{
	static const char *const gtiff[] = {"TILED=YES", "COMPRESS=LZW",
					    "BIGTIFF=YES"};
	const char *const *co = d->co;
	size_t n = d->nr_co;
	if (!n && !strcasecmp(format, "COG")) {
		co = gtiff + 1;
		n = 2;
	} else if (!n && !strcasecmp(format, "GTiff")) {
		co = gtiff;
		n = 3;
	}
	for (size_t i = 0; i < n; i++)
		if (push_pair(a, "-co", co[i]) < 0)
			return -1;
	return 0;
}

/* Each default is pushed unless the user's arguments hold its option. */
static int push_defaults(struct rp_argv *a,
			 const struct rp_gdalargs_defaults *d, char **user)
{
	enum rp_gdal_utility u = d->utility;
	char et[64];
	snprintf(et, sizeof(et), "%.17g", d->error_threshold);
	const char *pairs[][2] = {
		{"-t_srs", u == RP_UTIL_WARP ? d->crs : NULL},
		{"-r", d->resampling},
		{"-et", u == RP_UTIL_WARP ? et : NULL},
		{"-of", d->format},
	};
	for (size_t i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (pairs[i][1] && find_last(u, user, pairs[i][0], NULL) < 0 &&
		    push_pair(a, pairs[i][0], pairs[i][1]) < 0)
			return -1;
	const char *user_format = rp_gdalargs_value(u, user, "-of");
	if ((d->nr_co || find_last(u, user, "-co", NULL) < 0) &&
	    push_creation_options(a, d, user_format ? user_format
						    : d->format) < 0)
		return -1;
	if (u == RP_UTIL_WARP &&
	    find_last(u, user, "-wo", "NUM_THREADS=") < 0 &&
	    push_pair(a, "-wo", "NUM_THREADS=1") < 0)
		return -1;
	return 0;
}

int rp_gdalargs_build(const struct rp_gdalargs_defaults *d,
		      char *const *extra, size_t nr_extra, struct rp_argv *out)
{
	char **user = terminated(extra, nr_extra);
	int rc = !user || push_defaults(out, d, user) < 0 ||
		 rp_argv_push_all(out, extra, nr_extra) < 0 ? -1 : 0;
	free(user);
	return rc;
}

int rp_gdalargs_threads_safe(char *const *args)
{
	const char *format = rp_gdalargs_format(RP_UTIL_WARP, args);
	return !strcasecmp(format, "GTiff") || !strcasecmp(format, "COG");
}

int rp_gdalargs_threaded(char *const *args, unsigned threads,
			 struct rp_argv *out)
{
	char n[32];
	int has_wo = 0;
	snprintf(n, sizeof(n), "NUM_THREADS=%u", threads);
	for (size_t i = 0; args[i];) {
		size_t next = skip(RP_UTIL_WARP, args, i);
		int wo = !strcmp(args[i], "-wo") && args[i + 1] &&
			 !strncasecmp(args[i + 1], "NUM_THREADS=", 12);
		if (wo) {
			has_wo = 1;
			if (push_pair(out, "-wo", n) < 0)
				return -1;
		} else if (rp_argv_push_all(out, args + i, next - i) < 0) {
			return -1;
		}
		i = next;
	}
	if (!has_wo && push_pair(out, "-wo", n) < 0)
		return -1;
	if (find_last(RP_UTIL_WARP, args, "-co", "NUM_THREADS=") < 0 &&
	    push_pair(out, "-co", n) < 0)
		return -1;
	return 0;
}
