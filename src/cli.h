/*
 * cli: the command line, parsed into a struct rp_cli and checked for
 * everything that can be checked without GDAL (numbers, names, counts).
 * What only GDAL can judge (a CRS, a creation option) is checked once by the
 * first worker, before any task runs (see batch.h).
 *
 *   struct rp_cli cli;
 *   rc = rp_cli_parse(&cli, argc, argv, err, sizeof(err));
 *   ... ; rp_cli_release(&cli);
 *
 * rp_cli_parse() returns 0, or -1 with a message in err (a usage error, exit
 * 2). Strings in the struct point into argv; the arrays are owned by it.
 *
 * The first argument may name the operation (warp, translate, overviews);
 * without one it is warp, the seed's command. Everything after "--" is kept
 * in `extra`, for GDAL's own parser.
 */
#ifndef RP_CLI_H
#define RP_CLI_H

#include <stddef.h>

#include "tier.h"

enum rp_progress_mode {
	RP_PROGRESS_AUTO,   /* when stderr is a terminal */
	RP_PROGRESS_ALWAYS,
	RP_PROGRESS_NEVER,
};

enum rp_start_method {
	RP_START_AUTO,       /* forkserver with --max-tasks-per-worker */
	RP_START_SPAWN,
	RP_START_FORKSERVER,
};

enum rp_op {
	RP_OP_WARP,      /* GDALWarp: the seed's reprojection */
	RP_OP_TRANSLATE, /* GDALTranslate: format conversion, COG */
	RP_OP_OVERVIEWS, /* GDALTranslate, then internal overviews */
};

struct rp_cli {
	enum rp_op op;
	const char *from_list;  /* --from-list FILE or "-", else NULL */
	const char *in_dir;     /* NULL with --from-list */
	const char *out_dir;
	const char *crs;
	const char *resampling;
	const char *format;
	const char *suffix;
	double error_threshold;
	unsigned workers;
	unsigned retries;
	unsigned max_tasks_per_worker;
	enum rp_start_method start_method;
	double timeout;
	unsigned long cache_max_mb;     /* all workers together */
	unsigned long worker_memory_mb; /* 0: no limit */
	const char *journal;    /* NULL: OUT_DIR/.rasterpool/journal.jsonl */
	const char *report;     /* --report FILE.json, or NULL */
	enum rp_progress_mode progress;
	int overwrite;
	int retry_failed;
	int allow_vrt_raw; /* inputs may be VRTs with raw bands */
	int dry_run;
	int log_json;
	int recursive;
	int quiet;
	int verbose;
	int help;
	int version;
	const char **includes;
	size_t nr_includes;
	const char **co;
	size_t nr_co;
	const char *const *extra; /* after "--": GDAL's own arguments, argv's
				   * tail, so NULL-terminated */
	size_t nr_extra;
	unsigned levels[32];      /* --levels; none: automatic */
	size_t nr_levels;
	int crs_given;
	int resampling_given;
	int workers_auto;               /* --workers auto */
	int plan_only;                  /* rasterpool plan ...: print the plan */
	const char *plan_file;          /* --plan FILE: the task list */
	unsigned shard_k, shard_n;      /* this run's part: K of N (N 0: all) */
	unsigned shards_opt;            /* --shards N, for index-only schedulers */
	char shard_how[256];            /* how the shard was known */
	struct rp_tier_limits io_limits; /* --io-limit TIER=N */
};

const char *rp_cli_op_name(enum rp_op op);

int rp_cli_parse(struct rp_cli *cli, int argc, char **argv, char *err,
		 size_t errlen);
void rp_cli_release(struct rp_cli *cli);
void rp_cli_usage(int fd);

/* CPUs this process may use: its affinity mask, bounded by the cgroup's
 * CPU quota and by SLURM_CPUS_PER_TASK when set; at least 1. */
unsigned rp_cli_available_cpus(void);

/* Whether workers come from the fork server (forkserver.h). */
int rp_cli_forkserver(const struct rp_cli *c);

/* The job's GDAL arguments: the options merged with those after "--"
 * (gdalargs.h says which win). 0, or -1 when out of memory; the caller
 * releases *out. */
struct rp_argv;
int rp_cli_gdal_args(const struct rp_cli *c, struct rp_argv *out);

/* The output format: the -of after "--" if any, else --format. */
const char *rp_cli_output_format(const struct rp_cli *c);

#endif
