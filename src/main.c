/*
 * rasterpool: the supervisor. It never loads GDAL; it plans the batch,
 * starts rasterpool-worker processes and decides the exit status:
 *   0 every task succeeded, or there was nothing to do
 *   1 some task failed
 *   2 usage error (bad option, missing IN_DIR, options GDAL rejects,
 *     colliding outputs)
 *   3 system error (cannot create OUT_DIR, cannot start workers)
 *   128 + signal when interrupted (130 SIGINT, 143 SIGTERM)
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"
#include "batch.h"
#include "cli.h"
#include "collision.h"
#include "htmlreport.h"
#include "status.h"
#include "log.h"
#include "objstore.h"
#include "plan.h"
#include "spawn.h"

#define WORKER_NAME "rasterpool-worker"

enum {
	EXIT_OK = 0,
	EXIT_FAILED_TASKS = 1,
	EXIT_USAGE = 2,
	EXIT_SYSTEM = 3,
};

/* Sets out to dir/name; 0 if that is an executable file. */
static int try_worker(char *out, size_t outlen, const char *dir,
		      const char *name)
{
	int n = snprintf(out, outlen, "%s/%s", dir, name);
	return n > 0 && (size_t)n < outlen && access(out, X_OK) == 0 ? 0 : -1;
}

/* RASTERPOOL_WORKER, else beside this executable (the build tree), else
 * ../libexec/rasterpool relative to it, else the configured libexec. */
static int find_worker(char *out, size_t outlen)
{
	const char *env = getenv("RASTERPOOL_WORKER");
	if (env && *env) {
		snprintf(out, outlen, "%s", env);
		return access(out, X_OK);
	}
	char self[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		self[n] = '\0';
		*strrchr(self, '/') = '\0';
		if (try_worker(out, outlen, self, WORKER_NAME) == 0 ||
		    try_worker(out, outlen, self,
			       "../libexec/rasterpool/" WORKER_NAME) == 0)
			return 0;
	}
	return try_worker(out, outlen, RP_LIBEXECDIR, WORKER_NAME);
}

static int print_version(char *worker)
{
	char *argv[] = {worker, "--version", NULL};
	char gdal[256];
	int rc = rp_spawn_read(argv, gdal, sizeof(gdal));
	gdal[strcspn(gdal, "\n")] = '\0';
	printf("rasterpool %s\nworker %s: GDAL %s\n", RP_VERSION, worker,
	       rc == 0 ? gdal : "cannot run");
	return rc == 0 ? EXIT_OK : EXIT_SYSTEM;
}

static int same_file(const char *a, const char *b)
{
	struct stat sa, sb;
	return stat(a, &sa) == 0 && stat(b, &sb) == 0 &&
	       sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
}

/* Usage errors about IN_DIR and OUT_DIR, before anything is read: every
 * mode needs OUT_DIR to be a directory or missing. */
static int check_dirs(const struct rp_cli *cli)
{
	struct stat st;
	if (stat(cli->out_dir, &st) == 0 && !S_ISDIR(st.st_mode)) {
		fprintf(stderr, "rasterpool: OUT_DIR %s is not a directory\n",
			cli->out_dir);
		return -1;
	}
	if (cli->from_list || cli->plan_file)
		return 0;
	if (stat(cli->in_dir, &st) < 0) {
		fprintf(stderr, "rasterpool: input directory %s: %s\n",
			cli->in_dir, strerror(errno));
		return -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		fprintf(stderr, "rasterpool: %s is not a directory\n",
			cli->in_dir);
		return -1;
	}
	if (same_file(cli->in_dir, cli->out_dir)) {
		fprintf(stderr, "rasterpool: OUT_DIR %s is IN_DIR: outputs "
			"would be taken for inputs on the next run\n",
			cli->out_dir);
		return -1;
	}
	return 0;
}

/* ".tif" for GTiff and COG; otherwise what GDAL, asked through the
 * worker, says is the format's extension. */
static void output_extension(const char *format, char *worker, char *out,
			     size_t outlen)
{
	char ext[64] = "";
	char *argv[] = {worker, "--extension", (char *)format, NULL};
	if (!strcasecmp(format, "GTiff") || !strcasecmp(format, "COG"))
		strcpy(ext, "tif");
	else if (rp_spawn_read(argv, ext, sizeof(ext)) != 0)
		ext[0] = '\0';
	ext[strcspn(ext, "\n")] = '\0';
	snprintf(out, outlen, "%s%s", ext[0] ? "." : "", ext);
}

static int read_list(const struct rp_cli *cli, struct rp_plan *plan,
		     const struct rp_plan_options *po, char *err, size_t errlen)
{
	const char *name = cli->plan_file ? cli->plan_file : cli->from_list;
	int from_stdin = !strcmp(name, "-");
	FILE *f = from_stdin ? stdin : fopen(name, "re");
	if (!f) {
		snprintf(err, errlen, "%s %s: %s",
			 cli->plan_file ? "plan" : "input list", name,
			 strerror(errno));
		return -1;
	}
	int rc = cli->plan_file ? rp_plan_read(plan, po, f, err, errlen)
				: rp_plan_from_list(plan, po, f, err, errlen);
	if (!from_stdin)
		fclose(f);
	return rc;
}

static int plan_batch(const struct rp_cli *cli, char *worker,
		      struct rp_plan *plan)
{
	char ext[80];
	output_extension(rp_cli_output_format(cli), worker, ext, sizeof(ext));
	struct rp_plan_options po = {
		.in_dir = cli->in_dir,
		.out_dir = cli->out_dir,
		.includes = cli->includes,
		.nr_includes = cli->nr_includes,
		.recursive = cli->recursive,
		.suffix = cli->suffix,
		.ext = ext,
	};
	char err[4096];
	const struct rp_collision_file files[] = {
		{"--journal", cli->journal},
		{"--report", cli->report},
		{"the input list", cli->from_list},
		{"the plan", cli->plan_file},
	};
	int rc = cli->from_list || cli->plan_file
		? read_list(cli, plan, &po, err, sizeof(err))
		: rp_plan_build(plan, &po, err, sizeof(err));
	if (rc < 0 || rp_collision_check(plan, files, sizeof(files) /
					 sizeof(*files), err, sizeof(err)) < 0) {
		fprintf(stderr, "rasterpool: %s\n", err);
		return -1;
	}
	return 0;
}

/* OUT_DIR, or for object storage the local directory outputs are staged
 * in (objstore.h); the bucket is the workers' to check. */
static int prepare_out_dir(const struct rp_cli *cli, int *created)
{
	char staging[PATH_MAX];
	const char *dir = cli->out_dir;
	if (rp_objstore_path(cli->out_dir)) {
		if (rp_objstore_state_dir(cli->out_dir, staging,
					  sizeof(staging) - 8) < 0) {
			fprintf(stderr, "rasterpool: OUT_DIR too long\n");
			return -1;
		}
		strcat(staging, "/staging");
		dir = staging;
	}
	int rc = rp_atomic_mkdirs(dir, created);
	if (!rc && access(dir, W_OK | X_OK) < 0)
		rc = -errno;
	if (rc)
		fprintf(stderr, "rasterpool: cannot write output directory "
			"%s: %s\n", dir, strerror(-rc));
	if (dir != cli->out_dir)
		*created = 0;
	return rc;
}

static int finish(const struct rp_batch_outcome *out, struct rp_log *log)
{
	if (out->status == RP_POOL_INTERRUPTED) {
		rp_log(log, RP_LOG_WARNING, "MainProcess",
		       "Interrupted by SIG%s: %zu/%zu successful, %zu failed, "
		       "%zu not done.", sigabbrev_np(out->pool.signo), out->ok,
		       out->total, out->failed, out->not_done);
		return 128 + out->pool.signo;
	}
	if (out->status == RP_POOL_START_FAILED) {
		fprintf(stderr, "rasterpool: cannot start workers: %s\n",
			out->pool.error);
		return EXIT_SYSTEM;
	}
	rp_log(log, RP_LOG_INFO, "MainProcess", "Finished: %zu/%zu successful.",
	       out->ok, out->total);
	if (out->error[0]) {
		fprintf(stderr, "rasterpool: %s\n", out->error);
		return EXIT_SYSTEM;
	}
	return out->ok == out->total ? EXIT_OK : EXIT_FAILED_TASKS;
}

static int run(const struct rp_cli *cli, char *worker, struct rp_log *log)
{
	struct rp_plan plan;
	rp_plan_init(&plan);
	int created = 0, code = EXIT_USAGE;
	if (check_dirs(cli) || plan_batch(cli, worker, &plan))
		goto out;
	if (cli->plan_only) {
		code = rp_plan_write(&plan, cli->out_dir, stdout) ? EXIT_SYSTEM
								  : EXIT_OK;
		goto out;
	}
	if (cli->dry_run) {
		/* Its allocation failing, rp_batch_dry_run says nothing. */
		char err[PATH_MAX + 128] = "out of memory";
		code = rp_batch_dry_run(cli, &plan, err, sizeof(err));
		if (code)
			fprintf(stderr, "rasterpool: %s\n", err);
		code = code ? EXIT_SYSTEM : EXIT_OK;
		goto out;
	}
	code = EXIT_SYSTEM;
	if (prepare_out_dir(cli, &created))
		goto out;
	code = EXIT_OK;
	if (plan.nr == 0) {
		rp_log(log, RP_LOG_WARNING, "MainProcess",
		       cli->from_list ? "No inputs in the list."
				      : "No .tif files found in input directory.");
		goto out;
	}
	struct rp_batch_outcome out;
	if (rp_batch_run(cli, &plan, worker, log, &out) < 0) {
		fprintf(stderr, "rasterpool: %s\n", out.error);
		code = EXIT_SYSTEM;
		goto out;
	}
	if (out.status == RP_POOL_REFUSED) {
		fprintf(stderr, "rasterpool: invalid options: %s\n",
			out.pool.error);
		if (created)
			rmdir(cli->out_dir); /* leave nothing behind */
		code = EXIT_USAGE;
		goto out;
	}
	code = finish(&out, log);
out:
	rp_plan_release(&plan);
	return code;
}

/* rasterpool report JOURNAL [-o FILE.html]: the journal's latest run as a
 * self-contained HTML page, on stdout without -o. */
static int html_report(int argc, char **argv)
{
	const char *journal = NULL, *out = NULL;
	for (int i = 2; i < argc; i++) {
		if (!strcmp(argv[i], "-o") && i + 1 < argc)
			out = argv[++i];
		else if (!journal && argv[i][0] != '-')
			journal = argv[i];
		else
			journal = NULL, argc = 0;
	}
	if (!journal) {
		fprintf(stderr, "usage: rasterpool report JOURNAL [-o FILE.html]\n");
		return EXIT_USAGE;
	}
	struct rp_html_run run;
	char err[4096 + 64];
	FILE *f = NULL;
	int rc = rp_html_load(&run, journal, err, sizeof(err));
	if (!rc && !(f = out ? fopen(out, "we") : stdout)) {
		snprintf(err, sizeof(err), "cannot write %s: %s", out,
			 strerror(errno));
		rc = -1;
	}
	if (!rc && (rp_html_write(&run, f) < 0 || (out && fclose(f) != 0)) &&
	    out) { /* standard output: close_stdout() reports it */
		snprintf(err, sizeof(err), "cannot write %s: %s", out,
			 strerror(errno));
		rc = -1;
	}
	rp_html_release(&run);
	if (rc)
		fprintf(stderr, "rasterpool: %s\n", err);
	return rc ? EXIT_SYSTEM : EXIT_OK;
}

/* rasterpool status OUT_DIR [--failed] */
static int status(int argc, char **argv)
{
	int failed = argc == 4 && !strcmp(argv[3], "--failed");
	if (argc != 3 && !failed) {
		fprintf(stderr, "usage: rasterpool status OUT_DIR [--failed]\n");
		return EXIT_USAGE;
	}
	char err[PATH_MAX + 128];
	int rc = rp_status(argv[2], failed, stdout, err, sizeof(err));
	if (rc < 0)
		fprintf(stderr, "rasterpool: %s\n", err);
	return rc < 0 ? EXIT_SYSTEM : rc;
}

/* What goes to standard output through stdio (--dry-run, plan, status,
 * report, --version) is the command's product: if it could not all be
 * written (a full disk, a closed pipe), the command failed. The log is
 * written with write(2) and is not checked here: a closed log does not end
 * a run. */
static int close_stdout(int code)
{
	int flushed = fflush(stdout) == 0, e = errno;
	if (flushed && !ferror(stdout))
		return code;
	fprintf(stderr, "rasterpool: cannot write standard output: %s\n",
		flushed ? "write error" : strerror(e));
	return EXIT_SYSTEM;
}

static int dispatch(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "report"))
		return html_report(argc, argv);
	if (argc > 1 && !strcmp(argv[1], "status"))
		return status(argc, argv);
	struct rp_cli cli;
	char err[1024];
	if (rp_cli_parse(&cli, argc, argv, err, sizeof(err)) < 0) {
		fprintf(stderr, "rasterpool: %s\n", err);
		rp_cli_release(&cli);
		return EXIT_USAGE;
	}
	if (cli.help) {
		rp_cli_usage(STDOUT_FILENO);
		rp_cli_release(&cli);
		return EXIT_OK;
	}
	char worker[PATH_MAX];
	int code;
	if (find_worker(worker, sizeof(worker)) < 0) {
		fprintf(stderr, "rasterpool: cannot find %s (last tried %s)\n",
			WORKER_NAME, worker);
		code = EXIT_SYSTEM;
	} else if (cli.version) {
		code = print_version(worker);
	} else {
		struct rp_log log;
		rp_log_init(&log, STDOUT_FILENO,
			    cli.quiet     ? RP_LOG_WARNING
			    : cli.verbose ? RP_LOG_DEBUG
					  : RP_LOG_INFO);
		log.json = cli.log_json;
		code = run(&cli, worker, &log);
	}
	rp_cli_release(&cli);
	return code;
}

int main(int argc, char **argv)
{
	signal(SIGPIPE, SIG_IGN);
	return close_stdout(dispatch(argc, argv));
}
