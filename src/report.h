/*
 * report: what a run did and where its time went, gathered as tasks end and
 * workers exit, written at the end as one JSON document (--report FILE.json):
 * totals by status, wall time, summed worker CPU time, throughput, the sum
 * of each stage, parallel efficiency (summed task time / (workers x wall)),
 * the ten slowest tasks, every failure with its error, each worker's peak
 * RSS (from wait4), the configuration and the GDAL version.
 *
 *   struct rp_report r;
 *   rp_report_init(&r);
 *   rp_report_task(&r, &journal_record);      per task that ended, and per
 *                                             input skipped as done before
 *                                             (which gets no journal line)
 *   rp_report_worker(&r, id, pid, &rusage);   per worker reaped
 *   rp_report_write(&r, path, config, err, n); at the end: 0, or -1 with
 *                                             the system's message in err
 *   rp_report_release(&r);
 *
 * It is fed by the supervisor as the run goes, not read from the journal
 * (the HTML report, htmlreport.h, is). rp_report_json() returns a new
 * object the caller puts. The report owns copies of what it keeps; `config`
 * is borrowed. rp_report_task and rp_report_worker cannot fail: when memory
 * runs out, a failure or a worker is left out of its list (the totals
 * still count it).
 */
#ifndef RP_REPORT_H
#define RP_REPORT_H

#include <stddef.h>
#include <sys/resource.h>
#include <sys/types.h>

struct json_object;
struct rp_journal_record;

#define RP_REPORT_SLOWEST 10

struct rp_report_task {
	char *input;
	char *status;
	char *error;
	double total;
	int worker;
};

struct rp_report_worker {
	int id;
	long pid;
	long max_rss_kb;
	double cpu;  /* user + system seconds */
};

struct rp_report {
	double wall_start, wall_end; /* rp_wall() */
	unsigned workers;            /* pool size */
	char gdal[64];
	size_t ok, failed, crashed, timeout, skipped, interrupted;
	long long bytes_in, bytes_out, pixels_in, pixels_out;
	double sum_open, sum_warp, sum_write, sum_total, sum_commit;
	struct rp_report_task slowest[RP_REPORT_SLOWEST];
	size_t nr_slowest;
	struct rp_report_task *failures;
	size_t nr_failures, alloc_failures;
	struct rp_report_worker *w;
	size_t nr_w, alloc_w;
	struct json_object *storage; /* per storage tier, set by the caller */
};

void rp_report_init(struct rp_report *r);
void rp_report_task(struct rp_report *r, const struct rp_journal_record *t);
void rp_report_worker(struct rp_report *r, int id, pid_t pid,
		      const struct rusage *usage);
struct json_object *rp_report_json(const struct rp_report *r,
				   struct json_object *config);
int rp_report_write(const struct rp_report *r, const char *path,
		    struct json_object *config, char *err, size_t errlen);
/* --report FILE: the JSON report, or for FILE.html the HTML page of the
 * journal's latest run (htmlreport.h); the journal must be closed. */
int rp_report_write_file(const struct rp_report *r, const char *path,
			 const char *journal, struct json_object *config,
			 char *err, size_t errlen);
void rp_report_release(struct rp_report *r);

#endif
