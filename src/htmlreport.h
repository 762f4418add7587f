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
 *   rp_html_write(&run, FILE *out);             sorts run's tasks by lane
 *   rp_html_release(&run);
 *
 * The journal is read with journal_read.h: any bytes are harmless, and
 * every field is data: the page is written by one function that escapes
 * every string it is given (text and attribute values alike; bytes that
 * are not UTF-8 become U+FFFD), so no journal can put markup in the page.
 * A status colours a bar only through a fixed list of class names.
 *
 * It stays readable and small at 100,000 tasks: a bar thinner than a
 * pixel is not drawn alone; each lane's pixel column then shows the worst
 * status of the tasks in it. Workers that replaced one another share a
 * lane. The run owns its tasks' strings and a reference to the header.
 * rp_html_load returns 0, or -1 with a message in err (unreadable journal,
 * out of memory); rp_html_write returns -1 when out has an error.
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
