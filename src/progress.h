/*
 * progress: the live one-line bar on a terminal.
 *
 *   [########------------]  412/1000  3 failed  41%  52.1 r/s  83.0 MB/s
 *       elapsed 0:00:08  ETA 0:00:11  2/2 busy
 *
 * The owner (batch) updates the counters in struct rp_progress and calls
 * rp_progress_draw(), which redraws at most every RP_PROGRESS_INTERVAL
 * seconds unless forced. Log lines go through rp_progress_around_log(),
 * which log.h calls before (erase the bar) and after (redraw it) each line,
 * so that lines print above the bar and never tear it. Disabled, every call
 * is a no-op. Output goes to `fd` (stderr) in single writes.
 */
#ifndef RP_PROGRESS_H
#define RP_PROGRESS_H

#include <stddef.h>

#define RP_PROGRESS_INTERVAL 0.1

struct rp_progress {
	int fd;
	int enabled;
	int shown;        /* the bar is on the screen now */
	double start;     /* rp_now() */
	double last_draw;
	size_t total;     /* tasks this run will do (skipped ones excluded) */
	size_t done;      /* ended, successfully or not */
	size_t failed;
	long long bytes_in;
	unsigned busy;
	unsigned workers;
};

void rp_progress_init(struct rp_progress *p, int fd, int enabled,
		      size_t total, unsigned workers);
void rp_progress_draw(struct rp_progress *p, int force);
void rp_progress_around_log(void *progress, int after);
void rp_progress_finish(struct rp_progress *p);

/* Formats the bar into out (no control characters); for tests. */
void rp_progress_format(const struct rp_progress *p, double now, char *out,
			size_t outlen);

#endif
