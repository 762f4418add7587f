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
 */
#ifndef RP_CLI_H
#define RP_CLI_H

#include <stddef.h>

enum rp_progress_mode {
	RP_PROGRESS_AUTO,   /* when stderr is a terminal */
	RP_PROGRESS_ALWAYS,
	RP_PROGRESS_NEVER,
};

struct rp_cli {
	const char *in_dir;
	const char *out_dir;
	const char *crs;
	const char *resampling;
	const char *format;
	const char *suffix;
	double error_threshold;
	unsigned workers;
	unsigned retries;
	unsigned max_tasks_per_worker;
	double timeout;
	unsigned long cache_max_mb;     /* all workers together */
	unsigned long worker_memory_mb; /* 0: no limit */
	const char *journal;    /* NULL: OUT_DIR/.rasterpool/journal.jsonl */
	const char *report;     /* --report FILE.json, or NULL */
	enum rp_progress_mode progress;
	int overwrite;
	int retry_failed;
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
};

int rp_cli_parse(struct rp_cli *cli, int argc, char **argv, char *err,
		 size_t errlen);
void rp_cli_release(struct rp_cli *cli);
void rp_cli_usage(int fd);

/* CPUs this process may run on (its affinity mask), at least 1. */
unsigned rp_cli_available_cpus(void);

#endif
