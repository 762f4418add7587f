#include "cli.h"

#include "gdalargs.h"
#include "shard.h"

#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define MAX_WORKERS 1024

static const char *const resamplings[] = {
	"near", "bilinear", "cubic", "cubicspline", "lanczos", "average",
	"rms", "mode", "max", "min", "med", "q1", "q3", "sum", NULL};

static const char usage[] =
"usage: rasterpool [warp] IN_DIR OUT_DIR [options] [-- GDALWARP-ARGS]\n"
"       rasterpool translate IN_DIR OUT_DIR [options] [-- GDAL_TRANSLATE-ARGS]\n"
"       rasterpool overviews IN_DIR OUT_DIR [options] [-- GDAL_TRANSLATE-ARGS]\n"
"       rasterpool OP --from-list FILE|- OUT_DIR [options] [-- ...]\n"
"       rasterpool plan [OP] IN_DIR OUT_DIR [options] > plan.jsonl\n"
"       rasterpool OP --plan plan.jsonl OUT_DIR [--shard K/N] [options]\n"
"       rasterpool status OUT_DIR [--failed]\n"
"       rasterpool report JOURNAL [-o report.html]\n"
"\n"
"Runs one GDAL operation over every raster in IN_DIR on a pool of isolated\n"
"worker processes: warp (the default, reprojection, OUT_DIR/{stem}_warped.tif),\n"
"translate (format conversion, COG; {stem}_translated) or overviews (a copy\n"
"with internal overviews; {stem}_ovr). Arguments after -- go verbatim to\n"
"GDAL's parser for the operation, after rasterpool's own.\n"
"\n"
"  --crs CRS               target CRS (default EPSG:4326; warp only)\n"
"  --shard K/N             run part K (0-based) of N of the batch; by default\n"
"                          from Slurm's SLURM_ARRAY_TASK_* variables, or\n"
"                          JOB_COMPLETION_INDEX / AWS_BATCH_JOB_ARRAY_INDEX\n"
"                          with --shards N\n"
"  --shards N              how many parts, for Kubernetes and AWS Batch\n"
"  --plan FILE             the task list written by `rasterpool plan` or\n"
"                          `status --failed` (- for stdin); its outputs go\n"
"                          under this OUT_DIR\n"
"  --from-list FILE        inputs, one per line, from FILE (- for stdin):\n"
"                          local paths or GDAL paths (/vsicurl/..., /vsis3/...)\n"
"  --workers N|auto        worker processes (default: the CPUs this process\n"
"                          may use: affinity mask, cgroup quota,\n"
"                          SLURM_CPUS_PER_TASK); auto: as many, fewer while\n"
"                          the disks saturate\n"
"  --io-limit TIER=N       tasks reading from one storage tier at once,\n"
"                          repeatable; TIER: local, network, remote or a\n"
"                          tier's name (http:HOST, s3:BUCKET...); default\n"
"                          local: all workers, network: 4, remote: 8 per\n"
"                          worker, in flight beyond the cores\n"
"  --include GLOB          input pattern, repeatable (default *.tif)\n"
"  --recursive             descend into subdirectories, mirrored in OUT_DIR\n"
"  --suffix S              output name suffix (default _warped, _translated,\n"
"                          _ovr)\n"
"  --resampling NAME       near, bilinear (warp's default), cubic, cubicspline,\n"
"                          lanczos, average, rms, mode, max, min, med, q1,\n"
"                          q3, sum (overviews: nearest by default)\n"
"  --levels L1,L2,...      overview factors (default: halve until < 256 px)\n"
"  --error-threshold X     approximation error in pixels (default 0.125)\n"
"  --format NAME           GDAL output driver (default GTiff; COG, PNG, ...);\n"
"                          the output extension follows it\n"
"  --co KEY=VALUE          creation option, repeatable; replaces the default\n"
"                          TILED=YES COMPRESS=LZW BIGTIFF=YES (COG: COMPRESS=LZW\n"
"                          BIGTIFF=YES; other formats: none), as does any -co\n"
"                          after --\n"
"  --retries N             retries of a task whose worker crashed or timed\n"
"                          out (default 1)\n"
"  --timeout SECONDS       per-task time limit (default none)\n"
"  --max-tasks-per-worker N  replace a worker after N tasks (default none)\n"
"  --start-method METHOD   spawn (each worker exec'd), forkserver (workers\n"
"                          forked from a zygote that has GDAL loaded, not\n"
"                          initialised) or auto (default: forkserver with\n"
"                          --max-tasks-per-worker, else spawn)\n"
"  --cache-max MB          GDAL block cache of all workers together\n"
"                          (default 5%% of physical memory)\n"
"  --worker-memory MB      address-space limit of each worker (default none)\n"
"  --journal PATH          run journal (default OUT_DIR/.rasterpool/journal.jsonl)\n"
"  --overwrite             redo every input, even those the journal has as done\n"
"  --retry-failed          redo only the inputs whose last attempt failed\n"
"  --allow-vrt-raw         let inputs be VRTs with a VRTRawRasterBand, which\n"
"                          read any local file as pixels (refused by default)\n"
"  --dry-run               print the plan (what would run, what would be\n"
"                          skipped and why); start no worker, touch nothing\n"
"  --progress WHEN         auto (default: when stderr is a terminal), always,\n"
"                          never\n"
"  --report FILE.json|FILE.html\n"
"                          write totals, timings, failures at the end (.html:\n"
"                          the page of `rasterpool report`)\n"
"  --log-format FORMAT     text (default, the seed's) or json (one object a line)\n"
"  -q, --quiet             log warnings and errors only\n"
"  -v, --verbose           log debug lines too\n"
"  -h, --help              this text\n"
"  -V, --version           versions of rasterpool and of the worker's GDAL\n"
"\n"
"Exit status: 0 all tasks succeeded (or none to do), 1 some task failed,\n"
"2 usage error, 3 system error, 130/143 interrupted by SIGINT/SIGTERM.\n";

enum {
	OPT_CRS = 256, OPT_WORKERS, OPT_INCLUDE, OPT_RECURSIVE, OPT_SUFFIX,
	OPT_RESAMPLING, OPT_ET, OPT_FORMAT, OPT_CO, OPT_RETRIES, OPT_TIMEOUT,
	OPT_MAX_TASKS, OPT_CACHE_MAX, OPT_WORKER_MEMORY, OPT_JOURNAL,
	OPT_OVERWRITE, OPT_RETRY_FAILED, OPT_DRY_RUN, OPT_PROGRESS, OPT_REPORT,
	OPT_LOG_FORMAT, OPT_FROM_LIST, OPT_LEVELS, OPT_IO_LIMIT, OPT_SHARD,
	OPT_SHARDS, OPT_PLAN, OPT_START_METHOD, OPT_ALLOW_VRT_RAW,
};

static const struct option options[] = {
	{"crs", required_argument, NULL, OPT_CRS},
	{"workers", required_argument, NULL, OPT_WORKERS},
	{"include", required_argument, NULL, OPT_INCLUDE},
	{"recursive", no_argument, NULL, OPT_RECURSIVE},
	{"suffix", required_argument, NULL, OPT_SUFFIX},
	{"resampling", required_argument, NULL, OPT_RESAMPLING},
	{"error-threshold", required_argument, NULL, OPT_ET},
	{"format", required_argument, NULL, OPT_FORMAT},
	{"co", required_argument, NULL, OPT_CO},
	{"retries", required_argument, NULL, OPT_RETRIES},
	{"timeout", required_argument, NULL, OPT_TIMEOUT},
	{"max-tasks-per-worker", required_argument, NULL, OPT_MAX_TASKS},
	{"cache-max", required_argument, NULL, OPT_CACHE_MAX},
	{"worker-memory", required_argument, NULL, OPT_WORKER_MEMORY},
	{"journal", required_argument, NULL, OPT_JOURNAL},
	{"from-list", required_argument, NULL, OPT_FROM_LIST},
	{"levels", required_argument, NULL, OPT_LEVELS},
	{"io-limit", required_argument, NULL, OPT_IO_LIMIT},
	{"shard", required_argument, NULL, OPT_SHARD},
	{"shards", required_argument, NULL, OPT_SHARDS},
	{"plan", required_argument, NULL, OPT_PLAN},
	{"overwrite", no_argument, NULL, OPT_OVERWRITE},
	{"retry-failed", no_argument, NULL, OPT_RETRY_FAILED},
	{"allow-vrt-raw", no_argument, NULL, OPT_ALLOW_VRT_RAW},
	{"dry-run", no_argument, NULL, OPT_DRY_RUN},
	{"progress", required_argument, NULL, OPT_PROGRESS},
	{"start-method", required_argument, NULL, OPT_START_METHOD},
	{"report", required_argument, NULL, OPT_REPORT},
	{"log-format", required_argument, NULL, OPT_LOG_FORMAT},
	{"quiet", no_argument, NULL, 'q'},
	{"verbose", no_argument, NULL, 'v'},
	{"help", no_argument, NULL, 'h'},
	{"version", no_argument, NULL, 'V'},
	{NULL, 0, NULL, 0},
};

void rp_cli_usage(int fd)
{
	dprintf(fd, usage);
}

/* The cgroup's CPU quota in whole CPUs (rounded up), or 0 for none:
 * cgroup v2 cpu.max ("max 100000" or "200000 100000"), else v1. */
static unsigned cgroup_cpus(void)
{
	long long quota = -1, period = 0;
	char word[32];
	FILE *f = fopen("/sys/fs/cgroup/cpu.max", "re");
	if (f) {
		if (fscanf(f, "%31s %lld", word, &period) == 2 &&
		    strcmp(word, "max"))
			quota = atoll(word);
		fclose(f);
	} else if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_quota_us", "re"))) {
		if (fscanf(f, "%lld", &quota) != 1)
			quota = -1;
		fclose(f);
		if ((f = fopen("/sys/fs/cgroup/cpu/cpu.cfs_period_us", "re"))) {
			if (fscanf(f, "%lld", &period) != 1)
				period = 0;
			fclose(f);
		}
	}
	if (quota <= 0 || period <= 0)
		return 0;
	return (unsigned)((quota + period - 1) / period);
}

unsigned rp_cli_available_cpus(void)
{
	cpu_set_t set;
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	if (sched_getaffinity(0, sizeof(set), &set) == 0 && CPU_COUNT(&set) > 0)
		n = CPU_COUNT(&set);
	unsigned quota = cgroup_cpus();
	if (quota && quota < n)
		n = quota;
	const char *slurm = getenv("SLURM_CPUS_PER_TASK");
	if (slurm && atol(slurm) > 0 && atol(slurm) < n)
		n = atol(slurm);
	return n > 0 ? (unsigned)n : 1;
}

static unsigned long physical_mb(void)
{
	long pages = sysconf(_SC_PHYS_PAGES), size = sysconf(_SC_PAGESIZE);
	if (pages <= 0 || size <= 0)
		return 1024;
	return (unsigned long)pages / (1024 * 1024 / (unsigned long)size);
}

static int parse_count(const char *name, const char *s, unsigned long min,
		       unsigned long max, unsigned long *out, char *err,
		       size_t errlen)
{
	char *end;
	errno = 0;
	unsigned long v = strtoul(s, &end, 10);
	if (!*s || *end || errno || s[0] == '-' || v < min || v > max) {
		snprintf(err, errlen,
			 "--%s: '%s' is not a whole number from %lu to %lu",
			 name, s, min, max);
		return -1;
	}
	*out = v;
	return 0;
}

static int parse_real(const char *name, const char *s, double *out, char *err,
		      size_t errlen)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	if (!*s || *end || errno || !(v >= 0) || v > 1e9) {
		snprintf(err, errlen, "--%s: '%s' is not a number >= 0", name, s);
		return -1;
	}
	*out = v;
	return 0;
}

static int push(const char ***arr, size_t *nr, const char *s)
{
	const char **p = realloc(*arr, (*nr + 1) * sizeof(**arr));
	if (!p)
		return -1;
	p[(*nr)++] = s;
	*arr = p;
	return 0;
}

static int check_resampling(const char *name, char *err, size_t errlen)
{
	for (const char *const *r = resamplings; *r; r++)
		if (!strcmp(*r, name))
			return 0;
	snprintf(err, errlen, "--resampling: unknown method '%s'", name);
	return -1;
}

static int check_text(const char *opt, const char *v, char *err,
		      size_t errlen)
{
	if (!strcmp(opt, "suffix") ? strchr(v, '/') != NULL : !*v) {
		snprintf(err, errlen, "--%s: invalid value '%s'", opt, v);
		return -1;
	}
	if (!strcmp(opt, "co") && (!strchr(v, '=') || v[0] == '=')) {
		snprintf(err, errlen, "--co: '%s' is not KEY=VALUE", v);
		return -1;
	}
	return 0;
}

static int parse_levels(struct rp_cli *c, const char *arg, char *err,
			size_t errlen)
{
	char buf[256];
	snprintf(buf, sizeof(buf), "%s", arg);
	c->nr_levels = 0;
	for (char *save, *tok = strtok_r(buf, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long v;
		if (c->nr_levels == sizeof(c->levels) / sizeof(c->levels[0]) ||
		    parse_count("levels", tok, 2, 1 << 20, &v, err, errlen))
			return -1;
		c->levels[c->nr_levels++] = (unsigned)v;
	}
	if (c->nr_levels)
		return 0;
	snprintf(err, errlen, "--levels: expected factors like 2,4,8");
	return -1;
}

/* Index of arg in names (NULL-terminated), or -1 with a message. */
static int choose(const char *opt, const char *arg, const char *const *names,
		  char *err, size_t errlen)
{
	for (int i = 0; names[i]; i++)
		if (!strcmp(arg, names[i]))
			return i;
	snprintf(err, errlen, "--%s: unknown value '%s'", opt, arg);
	return -1;
}

static int parse_run_option(struct rp_cli *c, int opt, const char *arg,
			    char *err, size_t errlen)
{
	static const char *const whens[] = {"auto", "always", "never", NULL};
	static const char *const formats[] = {"text", "json", NULL};
	static const char *const methods[] = {"auto", "spawn", "forkserver",
					      NULL};
	int i;
	switch (opt) {
	case OPT_JOURNAL:
		c->journal = arg;
		return check_text("journal", arg, err, errlen);
	case OPT_OVERWRITE:
		c->overwrite = 1;
		return 0;
	case OPT_RETRY_FAILED:
		c->retry_failed = 1;
		return 0;
	case OPT_ALLOW_VRT_RAW:
		c->allow_vrt_raw = 1;
		return 0;
	case OPT_DRY_RUN:
		c->dry_run = 1;
		return 0;
	case OPT_PROGRESS:
		if ((i = choose("progress", arg, whens, err, errlen)) < 0)
			return -1;
		c->progress = (enum rp_progress_mode)i;
		return 0;
	case OPT_START_METHOD:
		if ((i = choose("start-method", arg, methods, err, errlen)) < 0)
			return -1;
		c->start_method = (enum rp_start_method)i;
		return 0;
	case OPT_REPORT:
		c->report = arg;
		return check_text("report", arg, err, errlen);
	case OPT_LOG_FORMAT:
		if ((i = choose("log-format", arg, formats, err, errlen)) < 0)
			return -1;
		c->log_json = i == 1;
		return 0;
	case OPT_FROM_LIST:
		c->from_list = arg;
		return check_text("from-list", arg, err, errlen);
	case OPT_LEVELS:
		return parse_levels(c, arg, err, errlen);
	case OPT_IO_LIMIT:
		return rp_tier_limit_parse(&c->io_limits, arg, err, errlen);
	case OPT_SHARD:
		snprintf(c->shard_how, sizeof(c->shard_how), "--shard %s", arg);
		return rp_shard_parse(arg, &c->shard_k, &c->shard_n, err, errlen);
	case OPT_SHARDS: {
		unsigned long v;
		if (parse_count("shards", arg, 1, 100000, &v, err, errlen))
			return -1;
		c->shards_opt = (unsigned)v;
		return 0;
	}
	case OPT_PLAN:
		c->plan_file = arg;
		return check_text("plan", arg, err, errlen);
	}
	snprintf(err, errlen, "unknown option (see --help)");
	return -1;
}

static int parse_option(struct rp_cli *c, int opt, const char *arg, char *err,
			size_t errlen)
{
	unsigned long v;
	switch (opt) {
	case OPT_CRS:
		c->crs = arg;
		c->crs_given = 1;
		return check_text("crs", arg, err, errlen);
	case OPT_WORKERS:
		c->workers_auto = !strcmp(arg, "auto");
		if (c->workers_auto) {
			c->workers = rp_cli_available_cpus();
			return 0;
		}
		if (parse_count("workers", arg, 1, MAX_WORKERS, &v, err, errlen))
			return -1;
		c->workers = (unsigned)v;
		return 0;
	case OPT_INCLUDE:
		return check_text("include", arg, err, errlen) ||
		       push(&c->includes, &c->nr_includes, arg);
	case OPT_RECURSIVE:
		c->recursive = 1;
		return 0;
	case OPT_SUFFIX:
		c->suffix = arg;
		return check_text("suffix", arg, err, errlen);
	case OPT_RESAMPLING:
		c->resampling = arg;
		c->resampling_given = 1;
		return check_resampling(arg, err, errlen);
	case OPT_ET:
		return parse_real("error-threshold", arg, &c->error_threshold,
				  err, errlen);
	case OPT_FORMAT:
		c->format = arg;
		return check_text("format", arg, err, errlen);
	case OPT_CO:
		return check_text("co", arg, err, errlen) ||
		       push(&c->co, &c->nr_co, arg);
	case OPT_RETRIES:
		if (parse_count("retries", arg, 0, 100, &v, err, errlen))
			return -1;
		c->retries = (unsigned)v;
		return 0;
	case OPT_TIMEOUT:
		if (parse_real("timeout", arg, &c->timeout, err, errlen))
			return -1;
		if (c->timeout > 0)
			return 0;
		snprintf(err, errlen, "--timeout: must be more than 0");
		return -1;
	case OPT_MAX_TASKS:
		if (parse_count("max-tasks-per-worker", arg, 1, UINT_MAX, &v,
				err, errlen))
			return -1;
		c->max_tasks_per_worker = (unsigned)v;
		return 0;
	case OPT_CACHE_MAX:
		return parse_count("cache-max", arg, 1, 1UL << 30,
				   &c->cache_max_mb, err, errlen);
	case OPT_WORKER_MEMORY:
		return parse_count("worker-memory", arg, 64, 1UL << 30,
				   &c->worker_memory_mb, err, errlen);
	case 'q':
		c->quiet = 1;
		return 0;
	case 'v':
		c->verbose = 1;
		return 0;
	case 'h':
		c->help = 1;
		return 0;
	case 'V':
		c->version = 1;
		return 0;
	}
	return parse_run_option(c, opt, arg, err, errlen);
}

static void set_defaults(struct rp_cli *c)
{
	memset(c, 0, sizeof(*c));
	c->crs = "EPSG:4326";
	c->resampling = "bilinear";
	c->format = "GTiff";
	c->suffix = NULL; /* by operation, in finish_options() */
	c->error_threshold = 0.125;
	c->workers = rp_cli_available_cpus();
	c->retries = 1;
	c->cache_max_mb = physical_mb() / 20;
}

static int take_directories(struct rp_cli *c, int argc, char **argv,
			    char *err, size_t errlen)
{
	int listed = c->from_list || c->plan_file;
	int left = argc - optind, want = listed ? 1 : 2;
	if (left != want) {
		snprintf(err, errlen, "%s (see --help)",
			 left > want ? "too many arguments"
			 : listed ? "expected OUT_DIR"
				  : "expected IN_DIR and OUT_DIR");
		return -1;
	}
	c->in_dir = listed ? NULL : argv[optind];
	c->out_dir = argv[optind + want - 1];
	return 0;
}

/* --shard, else what the scheduler's environment says. */
static int take_shard(struct rp_cli *c, char *err, size_t errlen)
{
	if (c->shard_n)
		return 0;
	int rc = rp_shard_from_env(c->shards_opt, &c->shard_k, &c->shard_n,
				   c->shard_how, sizeof(c->shard_how));
	if (rc < 0) {
		snprintf(err, errlen, "%s", c->shard_how);
		return -1;
	}
	if (rc == 0 && c->shards_opt) {
		snprintf(err, errlen, "--shards needs an array index in "
			 "JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX");
		return -1;
	}
	return 0;
}

/* Options that would be ignored are refused: with a list or a plan, the
 * inputs are given (no IN_DIR to search), and a plan names the outputs. */
static int check_list_modes(const struct rp_cli *c, char *err, size_t errlen)
{
	const char *mode = c->plan_file ? "--plan" : "--from-list";
	const char *what = c->nr_includes ? "--include" : "--recursive";
	if ((c->from_list || c->plan_file) && (c->nr_includes || c->recursive)) {
		snprintf(err, errlen, "%s searches IN_DIR; %s gives the inputs",
			 what, mode);
		return -1;
	}
	if (c->plan_file && c->suffix) {
		snprintf(err, errlen, "--suffix names outputs; with --plan the "
			 "plan names them");
		return -1;
	}
	return 0;
}

static int finish_options(struct rp_cli *c, char *err, size_t errlen)
{
	static const char *const suffixes[] = {"_warped", "_translated", "_ovr"};
	if (check_list_modes(c, err, errlen))
		return -1;
	if (!c->suffix)
		c->suffix = suffixes[c->op];
	if (c->overwrite && c->retry_failed) {
		snprintf(err, errlen, "--overwrite and --retry-failed exclude "
			 "each other");
		return -1;
	}
	if (c->op != RP_OP_WARP && c->crs_given) {
		snprintf(err, errlen, "--crs is for warp; to assign a CRS "
			 "without reprojecting, use -- -a_srs CRS");
		return -1;
	}
	if (c->op != RP_OP_OVERVIEWS && c->nr_levels) {
		snprintf(err, errlen, "--levels is for overviews");
		return -1;
	}
	if (c->from_list && c->plan_file) {
		snprintf(err, errlen, "--from-list and --plan exclude each other");
		return -1;
	}
	return c->plan_only ? 0 : take_shard(c, err, errlen);
}

const char *rp_cli_op_name(enum rp_op op)
{
	static const char *const names[] = {"warp", "translate", "overviews"};
	return names[op];
}

/* "rasterpool translate ..." names the operation; a directory called
 * "warp" is then "./warp". */
static int take_op(struct rp_cli *c, int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "plan")) {
		c->plan_only = 1;
		return 1 + take_op(c, argc - 1, argv + 1);
	}
	for (int op = RP_OP_WARP; argc > 1 && op <= RP_OP_OVERVIEWS; op++)
		if (!strcmp(argv[1], rp_cli_op_name((enum rp_op)op))) {
			c->op = (enum rp_op)op;
			return 1;
		}
	return 0;
}

/* Cuts argv at "--": what follows is GDAL's. Returns the new argc. */
static int take_extra(struct rp_cli *c, int argc, char **argv)
{
	for (int i = 1; i < argc; i++)
		if (!strcmp(argv[i], "--")) {
			c->extra = (const char *const *)argv + i + 1;
			c->nr_extra = (size_t)(argc - i - 1);
			return i;
		}
	return argc;
}

int rp_cli_parse(struct rp_cli *c, int argc, char **argv, char *err,
		 size_t errlen)
{
	set_defaults(c);
	argc = take_extra(c, argc, argv);
	int shift = take_op(c, argc, argv);
	argc -= shift;
	argv += shift;
	opterr = 0;
	optind = 0; /* 0 makes glibc's getopt start over */
	int opt;
	while ((opt = getopt_long(argc, argv, ":qvhV", options, NULL)) != -1) {
		if (opt == '?' || opt == ':') {
			snprintf(err, errlen, "%s option '%s' (see --help)",
				 opt == ':' ? "missing value for" : "unknown",
				 argv[optind - 1]);
			return -1;
		}
		if (parse_option(c, opt, optarg, err, errlen))
			return -1;
	}
	if (c->help || c->version)
		return 0;
	return take_directories(c, argc, argv, err, errlen) ||
	       finish_options(c, err, errlen) ? -1 : 0;
}

void rp_cli_release(struct rp_cli *c)
{
	free(c->includes);
	free(c->co);
	c->includes = c->co = NULL;
}

/* Measured (bench/, README): the two start the same number of workers
 * equally fast; forkserver replaces workers ~1.5x faster. */
int rp_cli_forkserver(const struct rp_cli *c)
{
	return c->start_method == RP_START_FORKSERVER ||
	       (c->start_method == RP_START_AUTO && c->max_tasks_per_worker);
}

static enum rp_gdal_utility utility(const struct rp_cli *c)
{
	return c->op == RP_OP_WARP ? RP_UTIL_WARP : RP_UTIL_TRANSLATE;
}

int rp_cli_gdal_args(const struct rp_cli *c, struct rp_argv *out)
{
	int warp = c->op == RP_OP_WARP;
	struct rp_gdalargs_defaults d = {
		.utility = utility(c),
		.crs = c->crs,
		.resampling = warp || (c->op == RP_OP_TRANSLATE &&
				       c->resampling_given)
			? c->resampling : NULL,
		.error_threshold = c->error_threshold,
		.format = c->format,
		.co = c->co,
		.nr_co = c->nr_co,
	};
	return rp_gdalargs_build(&d, (char *const *)c->extra, c->nr_extra, out);
}

const char *rp_cli_output_format(const struct rp_cli *c)
{
	const char *f = c->nr_extra ? rp_gdalargs_value(
		utility(c), (char *const *)c->extra, "-of") : NULL;
	return f ? f : c->format;
}
