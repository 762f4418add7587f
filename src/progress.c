#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "timeutil.h"
#include "writeall.h"

#define BAR_WIDTH 20

void rp_progress_init(struct rp_progress *p, int fd, int enabled,
		      size_t total, unsigned workers)
{
	memset(p, 0, sizeof(*p));
	p->fd = fd;
	p->enabled = enabled;
	p->total = total;
	p->workers = workers;
	p->start = rp_now();
	p->last_draw = -1;
}

static void clock_text(double secs, char *out, size_t outlen)
{
	long s = secs > 0 ? (long)(secs + 0.5) : 0;
	snprintf(out, outlen, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
}

void rp_progress_format(const struct rp_progress *p, double now, char *out,
			size_t outlen)
{
	double elapsed = now - p->start, frac = p->total
		? (double)p->done / (double)p->total : 1.0;
	char bar[BAR_WIDTH + 1], el[32], eta[32] = "-:--:--";
	int fill = (int)(frac * BAR_WIDTH);
	for (int i = 0; i < BAR_WIDTH; i++)
		bar[i] = i < fill ? '#' : '-';
	bar[BAR_WIDTH] = '\0';
	double rate = elapsed > 0 ? (double)p->done / elapsed : 0;
	clock_text(elapsed, el, sizeof(el));
	if (rate > 0)
		clock_text((double)(p->total - p->done) / rate, eta, sizeof(eta));
	snprintf(out, outlen,
		 "[%s] %zu/%zu  %zu failed  %3.0f%%  %.1f r/s  %.1f MB/s  "
		 "elapsed %s  ETA %s  %u/%u busy",
		 bar, p->done, p->total, p->failed, frac * 100, rate,
		 elapsed > 0 ? (double)p->bytes_in / 1e6 / elapsed : 0, el, eta,
		 p->busy, p->workers);
}

/* A broken terminal only loses the bar. */
static void put(int fd, const char *s, size_t n)
{
	(void)rp_write_all(fd, s, n);
}

void rp_progress_draw(struct rp_progress *p, int force)
{
	double now = rp_now();
	if (!p->enabled || (!force && now - p->last_draw < RP_PROGRESS_INTERVAL))
		return;
	char line[512];
	line[0] = '\r';
	rp_progress_format(p, now, line + 1, sizeof(line) - 8);
	strcat(line, "\033[K"); /* erase what a longer bar left */
	put(p->fd, line, strlen(line));
	p->shown = 1;
	p->last_draw = now;
}

void rp_progress_around_log(void *progress, int after)
{
	struct rp_progress *p = progress;
	if (!p || !p->enabled)
		return;
	if (after) {
		rp_progress_draw(p, 1);
	} else if (p->shown) {
		put(p->fd, "\r\033[K", 4);
		p->shown = 0;
	}
}

void rp_progress_finish(struct rp_progress *p)
{
	if (!p->enabled)
		return;
	rp_progress_draw(p, 1);
	put(p->fd, "\n", 1);
	p->shown = 0;
	p->enabled = 0;
}
