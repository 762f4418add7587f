#include "htmlreport.h"
#include "journal_read.h"
#include "utf8.h"
#include "vec.h"

#include <errno.h>
#include <stdarg.h>
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

static int add_task(struct rp_html_run *run, const struct rp_journal_record *r)
{
	void *p = rp_vec_reserve(run->t, run->nr, &run->alloc,
				 sizeof(*run->t), 256);
	if (!p)
		return -1;
	run->t = p;
	struct rp_html_task *t = &run->t[run->nr];
	memset(t, 0, sizeof(*t));
	t->input = strdup(r->input);
	t->status = strdup(r->status);
	t->error = r->error ? strdup(r->error) : NULL;
	t->worker = r->worker;
	t->start = r->start;
	t->end = r->end;
	t->t_open = r->t_open;
	t->t_warp = r->t_warp;
	t->t_write = r->t_write;
	t->t_total = r->t_total;
	t->bytes_in = r->bytes_in;
	run->nr++;
	return t->input && t->status && (t->error || !r->error) ? 0 : -1;
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

/* One journal record: a run header starts the run over (the latest wins). */
static int take_line(void *cookie, const struct rp_journal_line *l)
{
	struct rp_html_run *run = cookie;
	if (l->kind == RP_JOURNAL_RUN) {
		clear_tasks(run);
		json_object_put(run->header);
		run->header = json_object_get(l->header.json);
		run->skipped = l->header.skipped > 0 ? (size_t)l->header.skipped
						     : 0;
		return 0;
	}
	if (!strcmp(l->task.status, "skipped")) {
		run->skipped++; /* older journals had a line per skip */
		return 0;
	}
	return add_task(run, &l->task);
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
	int rc = rp_journal_read(f, take_line, run);
	int e = errno;
	fclose(f);
	if (rc)
		snprintf(err, errlen, "cannot read journal %s: %s", journal,
			 strerror(e));
	return rc;
}

void rp_html_release(struct rp_html_run *run)
{
	clear_tasks(run);
	free(run->t);
	json_object_put(run->header);
	memset(run, 0, sizeof(*run));
}

/* Data as HTML text or attribute value: markup characters become
 * entities, control characters and bytes that are not UTF-8 become
 * U+FFFD, so no field can end an attribute or open a tag. */
static void text(FILE *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	while (*p) {
		size_t n = rp_utf8_len(p);
		if (*p == '&') fputs("&amp;", out);
		else if (*p == '<') fputs("&lt;", out);
		else if (*p == '>') fputs("&gt;", out);
		else if (*p == '"') fputs("&quot;", out);
		else if (*p == '\'') fputs("&#39;", out);
		else if (*p == '\n') fputs("&#10;", out);
		else if (n == 0 || (*p < 0x20 && *p != '\t') || *p == 0x7f)
			fputs(RP_UTF8_REPLACEMENT, out);
		else
			fwrite(p, 1, n, out);
		p += n ? n : 1;
	}
}

/* The page's only writer: fmt is markup (a literal of this file), every %s
 * argument is data and goes out through text(); numbers as printf does. */
static void html(FILE *out, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void html(FILE *out, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	for (const char *p; (p = strchr(fmt, '%')); ) {
		fwrite(fmt, 1, (size_t)(p - fmt), out);
		size_t n = strspn(p + 1, "0123456789.-+ #") + 1;
		size_t mods = strspn(p + n, "lz");
		char spec[32], conv = p[n + mods];
		snprintf(spec, sizeof(spec), "%.*s", (int)(n + mods + 1), p);
		if (conv == 's')
			text(out, va_arg(ap, const char *));
		else if (conv == '%')
			fputc('%', out);
		else if (conv == 'f')
			fprintf(out, spec, va_arg(ap, double));
		else if (mods == 2)
			fprintf(out, spec, va_arg(ap, long long));
		else if (mods == 1 && p[n] == 'z')
			fprintf(out, spec, va_arg(ap, size_t));
		else if (mods == 1)
			fprintf(out, spec, va_arg(ap, long));
		else
			fprintf(out, spec, va_arg(ap, int));
		fmt = p + n + mods + 1;
	}
	fputs(fmt, out);
	va_end(ap);
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
	if (run->nr) /* qsort's base may not be NULL, even for 0 elements */
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

/* From the earliest to the latest instant any task names, so that every
 * bar lies within the chart whatever the journal says. */
static struct span time_span(const struct rp_html_run *run)
{
	struct span s = {0, 1};
	for (size_t i = 0; i < run->nr; i++) {
		double a = run->t[i].start, b = run->t[i].end;
		double lo = a < b ? a : b, hi = a < b ? b : a;
		s.t0 = i == 0 || lo < s.t0 ? lo : s.t0;
		s.t1 = i == 0 || hi > s.t1 ? hi : s.t1;
	}
	if (s.t1 <= s.t0)
		s.t1 = s.t0 + 1;
	return s;
}

static double px(struct span s, double t)
{
	return PLOT_X + (t - s.t0) / (s.t1 - s.t0) * PLOT_W;
}

/* The bin of x among n, x in [0, 1]; clamped before the conversion. */
static int bin_of(double x, int n)
{
	double b = x * n;
	return b < 0 ? 0 : b >= n ? n - 1 : (int)b;
}

static void bar(FILE *out, const struct rp_html_task *t, double x, double w,
		int y)
{
	html(out, "<rect class=\"bar s-%s\" x=\"%.1f\" y=\"%d\" width=\"%.1f\" "
	     "height=\"%d\"><title>%s \u2014 %s, %.2f MB, open %.3f s, warp "
	     "%.3f s, write %.3f s, total %.3f s%s%s</title></rect>\n",
	     statuses[severity(t->status)], x, y, w, LANE_H, t->input,
	     t->status, t->bytes_in / 1e6, t->t_open, t->t_warp, t->t_write,
	     t->t_total, t->error ? ": " : "", t->error ? t->error : "");
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
		html(out, "<rect class=\"agg s-%s\" x=\"%d\" y=\"%d\" "
		     "width=\"%d\" height=\"%d\"><title>many short tasks, "
		     "worst: %s</title></rect>\n", statuses[s], PLOT_X + x, y,
		     end - x, LANE_H, statuses[s]);
		x = end;
	}
}

static void timeline(FILE *out, const struct rp_html_run *run, struct span s)
{
	int h = run->lanes * (LANE_H + LANE_GAP) + 24;
	html(out, "<svg class=\"timeline\" width=\"%d\" height=\"%d\" "
	     "viewBox=\"0 0 %d %d\">\n", PLOT_X + PLOT_W + 10, h,
	     PLOT_X + PLOT_W + 10, h);
	signed char col[PLOT_W];
	for (int lane = 0; lane < run->lanes; lane++) {
		int y = lane * (LANE_H + LANE_GAP);
		memset(col, -1, sizeof(col));
		html(out, "<g class=\"lane\"><text x=\"0\" y=\"%d\">lane %d"
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
			int c = bin_of((x0 - PLOT_X) / PLOT_W, PLOT_W);
			if (severity(t->status) > col[c])
				col[c] = (signed char)severity(t->status);
		}
		flush_columns(out, col, y);
		html(out, "</g>\n");
	}
	html(out, "<text x=\"%d\" y=\"%d\">0 s</text><text x=\"%d\" y=\"%d\" "
	     "text-anchor=\"end\">%.1f s</text>\n</svg>\n", PLOT_X, h - 6,
	     PLOT_X + PLOT_W, h - 6, s.t1 - s.t0);
}

static void line_chart(FILE *out, const char *title, const double *v,
		       double secs)
{
	double max = 0;
	for (int i = 0; i < BINS; i++)
		max = v[i] > max ? v[i] : max;
	html(out, "<svg class=\"chart\" width=\"%d\" height=\"110\">"
	     "<text x=\"0\" y=\"14\">%s</text><text x=\"0\" y=\"34\">max "
	     "%.1f</text><polyline points=\"", PLOT_X + PLOT_W + 10, title, max);
	for (int i = 0; i < BINS; i++)
		html(out, "%.1f,%.1f ", PLOT_X + (i + 0.5) * PLOT_W / BINS,
		     100 - (max > 0 ? v[i] / max * 90 : 0));
	html(out, "\"/><text x=\"%d\" y=\"108\" text-anchor=\"end\">%.1f s"
	     "</text></svg>\n", PLOT_X + PLOT_W, secs);
}

static void throughput(FILE *out, const struct rp_html_run *run,
		       struct span s)
{
	double rasters[BINS] = {0}, mb[BINS] = {0};
	double bin = (s.t1 - s.t0) / BINS;
	for (size_t i = 0; i < run->nr; i++) {
		int b = bin_of((run->t[i].end - s.t0) / (s.t1 - s.t0), BINS);
		rasters[b] += 1 / bin;
		mb[b] += (double)run->t[i].bytes_in / 1e6 / bin;
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
	html(out, "<svg class=\"stages\" width=\"%d\" height=\"40\">",
	     PLOT_X + PLOT_W + 10);
	double x = PLOT_X;
	for (int i = 0; i < 3; i++) {
		double w = total > 0 ? sum[i] / total * PLOT_W : 0;
		html(out, "<rect class=\"st-%s\" x=\"%.1f\" y=\"0\" width=\"%.1f\" "
		     "height=\"20\"><title>%s: %.2f s</title></rect>"
		     "<text x=\"%d\" y=\"36\">%s %.1f%% (%.2f s)</text>",
		     names[i], x, w, names[i], sum[i], PLOT_X + i * 220,
		     names[i], total > 0 ? sum[i] / total * 100 : 0, sum[i]);
		x += w;
	}
	html(out, "</svg>\n");
}

static int by_total_desc(const void *a, const void *b)
{
	const struct rp_html_task *x = *(const struct rp_html_task *const *)a;
	const struct rp_html_task *y = *(const struct rp_html_task *const *)b;
	return x->t_total < y->t_total ? 1 : x->t_total > y->t_total ? -1 : 0;
}

static void task_row(FILE *out, const struct rp_html_task *t)
{
	html(out, "<tr><td>%s</td><td class=\"s-%s\">%s</td><td>%.3f</td>"
	     "<td>%d</td><td>%s</td></tr>\n", t->input,
	     statuses[severity(t->status)], t->status, t->t_total, t->worker,
	     t->error ? t->error : "");
}

static void tables(FILE *out, const struct rp_html_run *run)
{
	static const char head[] = "<table><tr><th>input</th><th>status</th>"
		"<th>seconds</th><th>worker</th><th>error</th></tr>\n";
	const struct rp_html_task **v = malloc((run->nr + 1) * sizeof(*v));
	size_t failures = 0;
	for (size_t i = 0; v && i < run->nr; i++)
		v[i] = &run->t[i];
	if (v)
		qsort(v, run->nr, sizeof(*v), by_total_desc);
	html(out, "<h2>Slowest tasks</h2>\n");
	html(out, head);
	for (size_t i = 0; v && i < run->nr && i < 10; i++)
		task_row(out, v[i]);
	html(out, "</table>\n<h2>Failures</h2>\n");
	html(out, head);
	for (size_t i = 0; i < run->nr; i++)
		if (strcmp(run->t[i].status, "ok") && failures++ < MAX_FAILURES)
			task_row(out, &run->t[i]);
	html(out, "</table>\n");
	if (failures > MAX_FAILURES)
		html(out, "<p>and %zu more failures: see the journal.</p>\n",
		     failures - MAX_FAILURES);
	free(v);
}

static void totals(FILE *out, const struct rp_html_run *run, struct span s)
{
	size_t n[NR_STATUSES] = {0};
	double bytes = 0;
	for (size_t i = 0; i < run->nr; i++) {
		n[severity(run->t[i].status)]++;
		bytes += run->t[i].bytes_in > 0 ? (double)run->t[i].bytes_in : 0;
	}
	double wall = s.t1 - s.t0;
	html(out, "<table class=\"totals\"><tr><th>tasks</th><td>%zu</td>"
	     "</tr><tr><th>ok</th><td>%zu</td></tr><tr><th>failed</th><td>%zu"
	     "</td></tr><tr><th>crashed</th><td>%zu</td></tr><tr><th>timed out"
	     "</th><td>%zu</td></tr><tr><th>skipped (done before)</th><td>%zu"
	     "</td></tr><tr><th>wall time</th><td>%.2f s</td></tr><tr><th>"
	     "throughput</th><td>%.1f rasters/s, %.1f MB/s</td></tr><tr><th>"
	     "lanes</th><td>%d</td></tr></table>\n", run->nr, n[0], n[3], n[2],
	     n[1], run->skipped, wall, (double)run->nr / wall, bytes / 1e6 / wall,
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
	html(out, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta "
	     "charset=\"utf-8\"><title>rasterpool run</title><style>");
	html(out, style);
	html(out, "</style></head><body>\n<h1>rasterpool run</h1>\n");
	totals(out, run, s);
	html(out, "<h2>Timeline (one lane per worker; hover a bar for the "
	     "task)</h2>\n");
	timeline(out, run, s);
	html(out, "<h2>Throughput over time</h2>\n");
	throughput(out, run, s);
	html(out, "<h2>Where the time went</h2>\n");
	stages(out, run);
	tables(out, run);
	html(out, "<h2>Configuration</h2>\n<pre>%s</pre>\n</body></html>\n",
	     run->header ? json_object_to_json_string_ext(
			run->header, JSON_C_TO_STRING_PRETTY |
				     JSON_C_TO_STRING_NOSLASHESCAPE)
			 : "(no run header in the journal)");
	return ferror(out) ? -1 : 0;
}
