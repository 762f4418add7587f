#include "htmlreport.h"
#include "jsonutil.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json.h>

#define PLOT_X 110     /* left margin of every chart, for labels */
#define PLOT_W 1000    /* pixels of time */
#define LANE_H 16
#define LANE_GAP 4
#define BINS 100       /* throughput chart */
#define MAX_FAILURES 1000

static const char *const statuses[] = {"ok", "timeout", "crashed", "failed"};
#define NR_STATUSES 4

static int severity(const char *status)
{
	for (int i = 0; i < NR_STATUSES; i++)
		if (!strcmp(status, statuses[i]))
			return i;
	return NR_STATUSES - 1;
}

static char *member_str(struct json_object *o, const char *k)
{
	const char *s = rp_json_str(o, k);
	return s ? strdup(s) : NULL;
}

static int add_task(struct rp_html_run *run, struct json_object *o)
{
	if (run->nr == run->alloc) {
		size_t n = run->alloc ? run->alloc * 2 : 256;
		void *p = realloc(run->t, n * sizeof(*run->t));
		if (!p)
			return -1;
		run->t = p;
		run->alloc = n;
	}
	struct json_object *st = NULL;
	json_object_object_get_ex(o, "stages", &st);
	struct rp_html_task *t = &run->t[run->nr++];
	memset(t, 0, sizeof(*t));
	t->input = member_str(o, "input");
	t->status = member_str(o, "status");
	t->error = member_str(o, "error");
	t->worker = (int)rp_json_num(o, "worker", 0);
	t->start = rp_json_num(o, "start", 0);
	t->end = rp_json_num(o, "end", 0);
	t->t_open = rp_json_num(st, "open", 0);
	t->t_warp = rp_json_num(st, "warp", 0);
	t->t_write = rp_json_num(st, "write", 0);
	t->t_total = rp_json_num(st, "total", 0);
	t->bytes_in = (long long)rp_json_num(o, "bytes_in", 0);
	return t->input && t->status ? 0 : -1;
}

static void clear_tasks(struct rp_html_run *run)
{
	for (size_t i = 0; i < run->nr; i++) {
		free(run->t[i].input);
		free(run->t[i].status);
		free(run->t[i].error);
	}
	run->nr = 0;
	run->skipped = 0;
}

/* One journal line: a run header starts the run over (the latest wins). */
static int take_line(void *cookie, struct json_object *o, size_t line)
{
	struct rp_html_run *run = cookie;
	struct json_object *type, *status;
	(void)line;
	if (!o)
		return 0; /* a cut line is skipped */
	if (json_object_object_get_ex(o, "type", &type)) {
		clear_tasks(run);
		json_object_put(run->header);
		run->header = json_object_get(o);
		return 0;
	}
	if (!json_object_object_get_ex(o, "status", &status))
		return 0;
	if (!strcmp(json_object_get_string(status), "skipped")) {
		run->skipped++;
		return 0;
	}
	return add_task(run, o);
}

int rp_html_load(struct rp_html_run *run, const char *journal, char *err,
		 size_t errlen)
{
	memset(run, 0, sizeof(*run));
	FILE *f = fopen(journal, "re");
	if (!f) {
		snprintf(err, errlen, "cannot read journal %s: %s", journal,
			 strerror(errno));
		return -1;
	}
	int rc = rp_json_lines(f, take_line, run);
	fclose(f);
	if (rc)
		snprintf(err, errlen, "%s: a task line lacks input or status",
			 journal);
	return rc;
}

void rp_html_release(struct rp_html_run *run)
{
	clear_tasks(run);
	free(run->t);
	json_object_put(run->header);
	memset(run, 0, sizeof(*run));
}

static void esc(FILE *out, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': fputs("&amp;", out); break;
		case '<': fputs("&lt;", out); break;
		case '>': fputs("&gt;", out); break;
		case '"': fputs("&quot;", out); break;
		case '\'': fputs("&#39;", out); break;
		case '\n': fputs("\\n", out); break;
		default: fputc(*s, out);
		}
	}
}

static int by_worker_then_start(const void *a, const void *b)
{
	const struct rp_html_task *x = a, *y = b;
	if (x->worker != y->worker)
		return x->worker < y->worker ? -1 : 1;
	return x->start < y->start ? -1 : x->start > y->start;
}

/* Workers in order of first start; each takes the first lane whose last
 * worker was done by then, so a replaced worker's successor shares it. */
static void assign_lanes(struct rp_html_run *run)
{
	qsort(run->t, run->nr, sizeof(*run->t), by_worker_then_start);
	double lane_end[4096];
	run->lanes = 0;
	for (size_t i = 0; i < run->nr;) {
		size_t j = i;
		double first = run->t[i].start, last = run->t[i].end;
		for (; j < run->nr && run->t[j].worker == run->t[i].worker; j++)
			last = run->t[j].end > last ? run->t[j].end : last;
		int lane = 0;
		while (lane < run->lanes && lane_end[lane] > first + 1e-6)
			lane++;
		if (lane == run->lanes && run->lanes < 4096)
			run->lanes++;
		if (lane >= 4096)
			lane = 4095;
		lane_end[lane] = last;
		for (; i < j; i++)
			run->t[i].lane = lane;
	}
}

struct span {
	double t0, t1;
};

static struct span time_span(const struct rp_html_run *run)
{
	struct span s = {0, 1};
	for (size_t i = 0; i < run->nr; i++) {
		if (i == 0 || run->t[i].start < s.t0)
			s.t0 = run->t[i].start;
		if (i == 0 || run->t[i].end > s.t1)
			s.t1 = run->t[i].end;
	}
	if (s.t1 <= s.t0)
		s.t1 = s.t0 + 1;
	return s;
}

static double px(struct span s, double t)
{
	return PLOT_X + (t - s.t0) / (s.t1 - s.t0) * PLOT_W;
}

static void bar(FILE *out, const struct rp_html_task *t, double x, double w,
		int y)
{
	fprintf(out, "<rect class=\"bar s-%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
		"height=\"%d\"><title>", t->status, x, y, w, LANE_H);
	esc(out, t->input);
	fprintf(out, " \u2014 %s, %.2f MB, open %.3f s, warp %.3f s, write "
		"%.3f s, total %.3f s", t->status, t->bytes_in / 1e6, t->t_open,
		t->t_warp, t->t_write, t->t_total);
	if (t->error) {
		fputs(": ", out);
		esc(out, t->error);
	}
	fputs("</title></rect>\n", out);
}

/* Pixel columns of one lane where bars were too thin to draw alone: runs
 * of columns with the same worst status become one rectangle. */
static void flush_columns(FILE *out, signed char *col, int y)
{
	for (int x = 0; x < PLOT_W;) {
		int s = col[x], end = x + 1;
		if (s < 0) {
			x++;
			continue;
		}
		while (end < PLOT_W && col[end] == s)
			end++;
		fprintf(out, "<rect class=\"agg s-%s\" x=\"%d\" y=\"%d\" "
			"width=\"%d\" height=\"%d\"><title>many short tasks, "
			"worst: %s</title></rect>\n", statuses[s], PLOT_X + x, y,
			end - x, LANE_H, statuses[s]);
		x = end;
	}
}

static void timeline(FILE *out, const struct rp_html_run *run, struct span s)
{
	int h = run->lanes * (LANE_H + LANE_GAP) + 24;
	fprintf(out, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" "
		"viewBox=\"0 0 %d %d\">\n", PLOT_X + PLOT_W + 10, h,
		PLOT_X + PLOT_W + 10, h);
	signed char col[PLOT_W];
	for (int lane = 0; lane < run->lanes; lane++) {
		int y = lane * (LANE_H + LANE_GAP);
		memset(col, -1, sizeof(col));
		fprintf(out, "<g class=\"lane\"><text x=\"0\" y=\"%d\">lane %d"
			"</text>\n", y + LANE_H - 3, lane + 1);
		for (size_t i = 0; i < run->nr; i++) {
			const struct rp_html_task *t = &run->t[i];
			if (t->lane != lane)
				continue;
			double x0 = px(s, t->start), x1 = px(s, t->end);
			if (x1 - x0 >= 1.0) {
				bar(out, t, x0, x1 - x0, y);
				continue;
			}
			int c = (int)(x0 - PLOT_X);
			c = c < 0 ? 0 : c >= PLOT_W ? PLOT_W - 1 : c;
			if (severity(t->status) > col[c])
				col[c] = (signed char)severity(t->status);
		}
		flush_columns(out, col, y);
		fputs("</g>\n", out);
	}
	fprintf(out, "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\" "
		"text-anchor=\"end\">%.1f s</text>\n</svg>\n", PLOT_X, h - 6,
		PLOT_X + PLOT_W, h - 6, s.t1 - s.t0);
}

static void line_chart(FILE *out, const char *title, const double *v,
		       double secs)
{
	double max = 0;
	for (int i = 0; i < BINS; i++)
		max = v[i] > max ? v[i] : max;
	fprintf(out, "<svg class=\"chart\" width=\"%d\" height=\"110\">"
		"<text x=\"0\" y=\"14\">%s</text><text x=\"0\" y=\"34\">max "
		"%.1f</text><polyline points=\"", PLOT_X + PLOT_W + 10, title,
		max);
	for (int i = 0; i < BINS; i++)
		fprintf(out, "%.1f,%.1f ", PLOT_X + (i + 0.5) * PLOT_W / BINS,
			100 - (max > 0 ? v[i] / max * 90 : 0));
	fprintf(out, "\"/><text x=\"%d\" y=\"108\" text-anchor=\"end\">%.1f s"
		"</text></svg>\n", PLOT_X + PLOT_W, secs);
}

static void throughput(FILE *out, const struct rp_html_run *run,
		       struct span s)
{
	double rasters[BINS] = {0}, mb[BINS] = {0};
	double bin = (s.t1 - s.t0) / BINS;
	for (size_t i = 0; i < run->nr; i++) {
		int b = (int)((run->t[i].end - s.t0) / bin);
		b = b < 0 ? 0 : b >= BINS ? BINS - 1 : b;
		rasters[b] += 1 / bin;
		mb[b] += run->t[i].bytes_in / 1e6 / bin;
	}
	line_chart(out, "rasters/s", rasters, s.t1 - s.t0);
	line_chart(out, "input MB/s", mb, s.t1 - s.t0);
}

static void stages(FILE *out, const struct rp_html_run *run)
{
	double sum[3] = {0}, total = 0;
	static const char *const names[] = {"open", "warp", "write"};
	for (size_t i = 0; i < run->nr; i++) {
		sum[0] += run->t[i].t_open;
		sum[1] += run->t[i].t_warp;
		sum[2] += run->t[i].t_write;
	}
	total = sum[0] + sum[1] + sum[2];
	fprintf(out, "<svg class=\"stages\" width=\"%d\" height=\"40\">",
		PLOT_X + PLOT_W + 10);
	double x = PLOT_X;
	for (int i = 0; i < 3; i++) {
		double w = total > 0 ? sum[i] / total * PLOT_W : 0;
		fprintf(out, "<rect class=\"st-%s\" x=\"%.1f\" y=\"0\" width=\"%.1f\" "
			"height=\"20\"><title>%s: %.2f s</title></rect>"
			"<text x=\"%d\" y=\"36\">%s %.1f%% (%.2f s)</text>",
			names[i], x, w, names[i], sum[i], PLOT_X + i * 220,
			names[i], total > 0 ? sum[i] / total * 100 : 0, sum[i]);
		x += w;
	}
	fputs("</svg>\n", out);
}

static int by_total_desc(const void *a, const void *b)
{
	const struct rp_html_task *x = *(const struct rp_html_task *const *)a;
	const struct rp_html_task *y = *(const struct rp_html_task *const *)b;
	return x->t_total < y->t_total ? 1 : x->t_total > y->t_total ? -1 : 0;
}

static void task_row(FILE *out, const struct rp_html_task *t)
{
	fprintf(out, "<tr><td>");
	esc(out, t->input);
	fprintf(out, "</td><td class=\"s-%s\">%s</td><td>%.3f</td><td>%d</td>"
		"<td>", t->status, t->status, t->t_total, t->worker);
	esc(out, t->error);
	fputs("</td></tr>\n", out);
}

static void tables(FILE *out, const struct rp_html_run *run)
{
	const char *head = "<table><tr><th>input</th><th>status</th>"
			   "<th>seconds</th><th>worker</th><th>error</th></tr>\n";
	const struct rp_html_task **v = malloc((run->nr + 1) * sizeof(*v));
	size_t failures = 0;
	for (size_t i = 0; v && i < run->nr; i++)
		v[i] = &run->t[i];
	if (v)
		qsort(v, run->nr, sizeof(*v), by_total_desc);
	fprintf(out, "<h2>Slowest tasks</h2>\n%s", head);
	for (size_t i = 0; v && i < run->nr && i < 10; i++)
		task_row(out, v[i]);
	fprintf(out, "</table>\n<h2>Failures</h2>\n%s", head);
	for (size_t i = 0; i < run->nr; i++)
		if (strcmp(run->t[i].status, "ok") && failures++ < MAX_FAILURES)
			task_row(out, &run->t[i]);
	fputs("</table>\n", out);
	if (failures > MAX_FAILURES)
		fprintf(out, "<p>and %zu more failures: see the journal.</p>\n",
			failures - MAX_FAILURES);
	free(v);
}

static void totals(FILE *out, const struct rp_html_run *run, struct span s)
{
	size_t n[NR_STATUSES] = {0};
	long long bytes = 0;
	for (size_t i = 0; i < run->nr; i++) {
		n[severity(run->t[i].status)]++;
		bytes += run->t[i].bytes_in > 0 ? run->t[i].bytes_in : 0;
	}
	double wall = s.t1 - s.t0;
	fprintf(out, "<table class=\"totals\"><tr><th>tasks</th><td>%zu</td>"
		"</tr><tr><th>ok</th><td>%zu</td></tr><tr><th>failed</th><td>%zu"
		"</td></tr><tr><th>crashed</th><td>%zu</td></tr><tr><th>timed out"
		"</th><td>%zu</td></tr><tr><th>skipped (done before)</th><td>%zu"
		"</td></tr><tr><th>wall time</th><td>%.2f s</td></tr><tr><th>"
		"throughput</th><td>%.1f rasters/s, %.1f MB/s</td></tr><tr><th>"
		"lanes</th><td>%d</td></tr></table>\n", run->nr, n[0], n[3], n[2],
		n[1], run->skipped, wall, run->nr / wall, bytes / 1e6 / wall,
		run->lanes);
}

static const char style[] =
	"body{font:14px sans-serif;margin:20px;color:#222}"
	"h1{font-size:20px}h2{font-size:16px;margin-top:28px}"
	"table{border-collapse:collapse}td,th{border:1px solid #ccc;"
	"padding:2px 6px;text-align:left;vertical-align:top}"
	"svg text{font:11px sans-serif;fill:#444}"
	".s-ok{fill:#43a047;color:#2e7d32}.s-failed{fill:#e53935;color:#c62828}"
	".s-crashed{fill:#8e24aa;color:#6a1b9a}.s-timeout{fill:#fb8c00;"
	"color:#ef6c00}.agg{opacity:.7}"
	"polyline{fill:none;stroke:#1e88e5;stroke-width:1.5}"
	".st-open{fill:#90caf9}.st-warp{fill:#1e88e5}.st-write{fill:#0d47a1}"
	"pre{background:#f5f5f5;padding:8px;overflow:auto}";

int rp_html_write(struct rp_html_run *run, FILE *out)
{
	assign_lanes(run);
	struct span s = time_span(run);
	fprintf(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
		"charset=\"utf-8\"><title>rasterpool run</title><style>%s"
		"</style></head><body>\n<h1>rasterpool run</h1>\n", style);
	totals(out, run, s);
	fputs("<h2>Timeline (one lane per worker; hover a bar for the task)</h2>\n",
	      out);
	timeline(out, run, s);
	fputs("<h2>Throughput over time</h2>\n", out);
	throughput(out, run, s);
	fputs("<h2>Where the time went</h2>\n", out);
	stages(out, run);
	tables(out, run);
	fputs("<h2>Configuration</h2>\n<pre>", out);
	esc(out, run->header ? json_object_to_json_string_ext(
				       run->header, JSON_C_TO_STRING_PRETTY |
						    JSON_C_TO_STRING_NOSLASHESCAPE)
			     : "(no run header in the journal)");
	fputs("</pre>\n</body></html>\n", out);
	return ferror(out) ? -1 : 0;
}
