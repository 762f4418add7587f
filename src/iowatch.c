#include "iowatch.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "tier.h"
#include "vec.h"

#define PERIOD 1.0

void rp_iowatch_init(struct rp_iowatch *w, unsigned workers,
		     struct rp_log *log, double t0)
{
	memset(w, 0, sizeof(*w));
	w->timeline = json_object_new_array();
	w->log = log;
	w->t0 = t0;
	if (!workers)
		return;
	w->on = 1;
	rp_io_control_init(&w->io, workers);
	const char *replay = getenv(RP_IOWATCH_REPLAY_ENV);
	if (replay && *replay && !(w->replay = fopen(replay, "re")))
		rp_log(log, RP_LOG_WARNING, "MainProcess",
		       "cannot read %s=%s: sampling /proc/diskstats",
		       RP_IOWATCH_REPLAY_ENV, replay);
}

static void add_device(struct rp_iowatch *w, unsigned maj, unsigned min)
{
	for (size_t i = 0; i < w->nr_devs; i++)
		if (w->devs[i][0] == maj && w->devs[i][1] == min)
			return;
	void *d = rp_vec_reserve(w->devs, w->nr_devs, &w->alloc_devs,
				 sizeof(*w->devs), 4);
	if (!d)
		return; /* one device fewer to watch */
	w->devs = d;
	w->devs[w->nr_devs][0] = maj;
	w->devs[w->nr_devs++][1] = min;
}

void rp_iowatch_add_tier(struct rp_iowatch *w, const char *tier)
{
	unsigned maj, min;
	if (w->on && rp_tier_device(tier, &maj, &min))
		add_device(w, maj, min);
}

void rp_iowatch_add_path(struct rp_iowatch *w, const char *path)
{
	struct stat st;
	if (w->on && stat(path, &st) == 0)
		add_device(w, major(st.st_dev), minor(st.st_dev));
}

static void change(struct rp_iowatch *w, double now, unsigned t)
{
	rp_log(w->log, RP_LOG_INFO, "MainProcess",
	       "Disks %.0f%% busy at %.1f MB/s: at most %u tasks at once",
	       w->io.util * 100, w->io.tput / 1e6, t);
	struct json_object *point = json_object_new_array();
	json_object_array_add(point, json_object_new_double(now - w->t0));
	json_object_array_add(point, json_object_new_int((int)t));
	json_object_array_add(w->timeline, point);
}

/* Steps the controller through every snapshot of the recording at once. */
static int replay(struct rp_iowatch *w, double now, unsigned *target)
{
	const unsigned (*devs)[2] = (const unsigned (*)[2])w->devs;
	struct rp_io_sample s;
	unsigned was = *target;
	while (rp_io_sample_replay(w->replay, devs, w->nr_devs, &s) == 0) {
		unsigned t = rp_io_control_step(&w->io, &s);
		if (t != *target)
			change(w, now, t);
		*target = t;
	}
	fclose(w->replay);
	w->replay = NULL;
	w->on = 0;
	return *target != was;
}

int rp_iowatch_tick(struct rp_iowatch *w, double now, unsigned *target)
{
	struct rp_io_sample s;
	if (w->replay)
		return replay(w, now, target);
	if (!w->on || now < w->next_sample)
		return 0;
	w->next_sample = now + PERIOD;
	const unsigned (*devs)[2] = (const unsigned (*)[2])w->devs;
	if (rp_io_sample_read("/proc/diskstats", devs, w->nr_devs, now, &s) < 0)
		return 0;
	unsigned t = rp_io_control_step(&w->io, &s);
	if (t == *target)
		return 0;
	change(w, now, t);
	*target = t;
	return 1;
}

struct json_object *rp_iowatch_timeline(const struct rp_iowatch *w)
{
	return w->timeline;
}

void rp_iowatch_release(struct rp_iowatch *w)
{
	if (w->replay)
		fclose(w->replay);
	free(w->devs);
	json_object_put(w->timeline);
	memset(w, 0, sizeof(*w));
}
