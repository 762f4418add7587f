/*
 * htmlreport: a run at a glance, as one self-contained HTML page (inline
 * SVG and CSS; no script, font or image from anywhere): a timeline with one
 * lane per worker and one bar per task (colour by status, hover text with
 * file, size and stage timings), throughput over time, the time split by
 * stage, the slowest tasks, every failure with its error, the totals and
 * the run's configuration.
 *
 *   struct rp_html_run run;
 *   rp_html_load(&run, journal_path, err, n);   the journal's latest run
 *   rp_html_write(&run, FILE *out);
 *   rp_html_release(&run);
 *
 * It stays readable and small at 100,000 tasks: a bar thinner than a
 * pixel is not drawn alone; each lane's pixel column then shows the worst
 * status of the tasks in it. Workers that replaced one another share a
 * lane. Functions return 0 or -1 with a message in err.
 */
#ifndef RP_HTMLREPORT_H
#define RP_HTMLREPORT_H

#include <stddef.h>
#include <stdio.h>

struct json_object;

struct rp_html_task {
	char *input;
	char *status;
	char *error;
	int worker;
	int lane;
	double start, end;
	double t_open, t_warp, t_write, t_total;
	long long bytes_in;
};

struct rp_html_run {
	struct rp_html_task *t;
	size_t nr, alloc;
	size_t skipped;
	struct json_object *header; /* the run's header line, or NULL */
	int lanes;
};

int rp_html_load(struct rp_html_run *run, const char *journal, char *err,
		 size_t errlen);
int rp_html_write(struct rp_html_run *run, FILE *out);
void rp_html_release(struct rp_html_run *run);

#endif
