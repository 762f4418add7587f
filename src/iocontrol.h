/*
 * iocontrol: --workers auto. Decides how many tasks may run at once from
 * what the disks in use do: utilisation (the share of time a device had
 * I/O in flight) and throughput, sampled from /proc/diskstats about once a
 * second. The decision is a pure function of the samples fed to it, so it
 * is tested on recorded sequences.
 *
 *   struct rp_io_control c;
 *   rp_io_control_init(&c, cores);            starts at `cores`
 *   rp_io_sample_read("/proc/diskstats", devs, nr, now, &s);
 *   target = rp_io_control_step(&c, &s);      after each sample
 *
 * Policy: while utilisation stays above 80% for two samples in a row and
 * throughput has not grown by 5% since the previous sample, shed one task
 * slot (not below 1); when utilisation falls under 60%, grow back by one
 * (not above `cores`); in between, hold.
 */
#ifndef RP_IOCONTROL_H
#define RP_IOCONTROL_H

#include <stddef.h>
#include <stdio.h>

struct rp_io_sample {
	double t;                      /* seconds, monotonic */
	unsigned long long busy_ms;    /* io_ticks summed over the devices */
	unsigned long long sectors;    /* read + written, 512-byte units */
};

struct rp_io_control {
	unsigned target, max;
	struct rp_io_sample prev;
	int have_prev;
	double prev_tput;
	double util, tput;             /* of the last interval */
	unsigned high;                 /* intervals in a row above 80% */
};

void rp_io_control_init(struct rp_io_control *c, unsigned max);
unsigned rp_io_control_step(struct rp_io_control *c,
			    const struct rp_io_sample *s);

/* Sums the devices' counters from a diskstats file; 0 or -1. */
int rp_io_sample_read(const char *path, const unsigned (*devs)[2], size_t nr,
		      double now, struct rp_io_sample *s);

/* Reads the next snapshot of a recording (iowatch.h, RASTERPOOL_DISKSTATS):
 * a line "@ SECONDS", the sample's time, then /proc/diskstats lines up to
 * the next "@" line. 0, or -1 when the recording is over. */
int rp_io_sample_replay(FILE *f, const unsigned (*devs)[2], size_t nr,
			struct rp_io_sample *s);

#endif
