/*
 * iowatch: --workers auto at run time. Watches the block devices a run
 * reads and writes, feeds their counters to the controller (iocontrol.h)
 * about once a second, and keeps the run's concurrency target and the
 * timeline of its changes for the report.
 *
 *   struct rp_iowatch w;
 *   rp_iowatch_init(&w, workers, log, t0);   workers == 0: --workers N, off
 *   rp_iowatch_add_tier(&w, "local:8:1");    each storage tier (tier.h)
 *   rp_iowatch_add_path(&w, out_dir);        the device a path is on
 *   if (rp_iowatch_tick(&w, rp_now(), &target)) ...  target changed
 *   json = rp_iowatch_timeline(&w);          [[seconds since t0, target]]
 *   rp_iowatch_release(&w);
 *
 * Each change is logged at INFO. The timeline stays owned by w; take a
 * reference (json_object_get) to keep it. Out of memory or an unreadable
 * /proc/diskstats leave the target where it is: the run goes on.
 *
 * Tests only: when the environment variable RASTERPOOL_DISKSTATS names a
 * file of recorded snapshots (format in iocontrol.h, rp_io_sample_replay),
 * the first tick steps the controller through every snapshot, at its
 * recorded time, instead of sampling /proc/diskstats; the target it ends
 * on then holds for the whole run. The pool's first tick comes before its
 * first task (pool.h), so every task runs under the replayed decisions,
 * which depend on the recording alone, not on the machine's disks or speed.
 */
#ifndef RP_IOWATCH_H
#define RP_IOWATCH_H

#include <stddef.h>
#include <stdio.h>

#include <json.h>

#include "iocontrol.h"
#include "log.h"

#define RP_IOWATCH_REPLAY_ENV "RASTERPOOL_DISKSTATS"

struct rp_iowatch {
	int on;
	struct rp_io_control io;
	unsigned (*devs)[2];
	size_t nr_devs, alloc_devs;
	double next_sample, t0;
	FILE *replay;
	struct rp_log *log;
	struct json_object *timeline;
};

void rp_iowatch_init(struct rp_iowatch *w, unsigned workers,
		     struct rp_log *log, double t0);
void rp_iowatch_add_tier(struct rp_iowatch *w, const char *tier);
void rp_iowatch_add_path(struct rp_iowatch *w, const char *path);
int rp_iowatch_tick(struct rp_iowatch *w, double now, unsigned *target);
struct json_object *rp_iowatch_timeline(const struct rp_iowatch *w);
void rp_iowatch_release(struct rp_iowatch *w);

#endif
