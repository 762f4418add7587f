#include "iocontrol.h"

#include <stdio.h>
#include <string.h>

#define HIGH 0.80
#define LOW 0.60
#define GROWTH 1.05

void rp_io_control_init(struct rp_io_control *c, unsigned max)
{
	memset(c, 0, sizeof(*c));
	c->max = max ? max : 1;
	c->target = c->max;
}

unsigned rp_io_control_step(struct rp_io_control *c,
			    const struct rp_io_sample *s)
{
	if (!c->have_prev || s->t <= c->prev.t) {
		c->prev = *s;
		c->have_prev = 1;
		return c->target;
	}
	double dt = s->t - c->prev.t;
	c->util = (double)(s->busy_ms - c->prev.busy_ms) / (dt * 1000.0);
	c->tput = (double)(s->sectors - c->prev.sectors) * 512.0 / dt;
	if (c->util > 1.0)
		c->util = 1.0;
	c->prev = *s;
	if (c->util > HIGH) {
		c->high++;
		if (c->high >= 2 && c->tput < c->prev_tput * GROWTH &&
		    c->target > 1) {
			c->target--;
			c->high = 0;
		}
	} else {
		c->high = 0;
		if (c->util < LOW && c->target < c->max)
			c->target++;
	}
	c->prev_tput = c->tput;
	return c->target;
}

static int wanted(const unsigned (*devs)[2], size_t nr, unsigned maj,
		  unsigned min)
{
	for (size_t i = 0; i < nr; i++)
		if (devs[i][0] == maj && devs[i][1] == min)
			return 1;
	return 0;
}

/* Adds one /proc/diskstats line to the sample when it is a watched
 * device's: major minor name reads merged sectors ms writes merged sectors
 * ms in_flight io_ticks ... */
static void add_line(const char *line, const unsigned (*devs)[2], size_t nr,
		     struct rp_io_sample *s)
{
	unsigned maj, min;
	unsigned long long rd_sec, wr_sec, ticks, skip;
	char dev[64];
	if (sscanf(line, "%u %u %63s %llu %llu %llu %llu %llu %llu %llu "
			 "%llu %llu %llu", &maj, &min, dev, &skip, &skip,
		   &rd_sec, &skip, &skip, &skip, &wr_sec, &skip, &skip,
		   &ticks) == 13 && wanted(devs, nr, maj, min)) {
		s->sectors += rd_sec + wr_sec;
		s->busy_ms += ticks;
	}
}

int rp_io_sample_read(const char *path, const unsigned (*devs)[2], size_t nr,
		      double now, struct rp_io_sample *s)
{
	FILE *f = fopen(path, "re");
	if (!f)
		return -1;
	memset(s, 0, sizeof(*s));
	s->t = now;
	char line[512];
	while (fgets(line, sizeof(line), f))
		add_line(line, devs, nr, s);
	fclose(f);
	return 0;
}

int rp_io_sample_replay(FILE *f, const unsigned (*devs)[2], size_t nr,
			struct rp_io_sample *s)
{
	char line[512];
	memset(s, 0, sizeof(*s));
	if (!fgets(line, sizeof(line), f) || sscanf(line, "@ %lf", &s->t) != 1)
		return -1;
	int c;
	while ((c = getc(f)) != EOF && c != '@') {
		ungetc(c, f);
		if (!fgets(line, sizeof(line), f))
			break;
		add_line(line, devs, nr, s);
	}
	if (c == '@')
		ungetc(c, f);
	return 0;
}
