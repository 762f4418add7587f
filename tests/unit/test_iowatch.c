/* iowatch: a recorded sequence of /proc/diskstats snapshots
 * (RASTERPOOL_DISKSTATS) is replayed through the controller on the first
 * tick, and each change lands in the log and the timeline. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "iowatch.h"
#include "tmpdir.h"

/* Snapshots of devices 8:0 (watched, saturated, flat throughput) and
 * 8:16 (not watched), one second apart. */
static void record(const char *path, int n)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 0; i < n; i++) {
		fprintf(f, "@ %d\n", i);
		fprintf(f, "   8  0 sda 1 0 %d 0 1 0 %d 0 0 %d 0\n", i * 1000,
			i * 1000, i * 1000);
		fprintf(f, "   8 16 sdb 1 0 %d 0 1 0 0 0 0 0 0\n", i * 99999);
	}
	fclose(f);
}

static void replay_reads_each_snapshot(void **state)
{
	(void)state;
	char path[128];
	snprintf(path, sizeof(path), "%s/diskstats", dir);
	record(path, 3);
	const unsigned devs[1][2] = {{8, 0}};
	FILE *f = fopen(path, "r");
	struct rp_io_sample s;
	for (int i = 0; i < 3; i++) {
		assert_int_equal(rp_io_sample_replay(f, devs, 1, &s), 0);
		assert_true(s.t == i);
		assert_int_equal(s.sectors, 2000ull * i);
		assert_int_equal(s.busy_ms, 1000ull * i);
	}
	assert_int_equal(rp_io_sample_replay(f, devs, 1, &s), -1);
	fclose(f);
}

static void saturated_recording_sheds_slots(void **state)
{
	(void)state;
	char path[128], logpath[160];
	snprintf(path, sizeof(path), "%s/diskstats", dir);
	snprintf(logpath, sizeof(logpath), "%s/log", dir);
	record(path, 8);
	setenv(RP_IOWATCH_REPLAY_ENV, path, 1);
	struct rp_log log;
	int fd = open(logpath, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	rp_log_init(&log, fd, RP_LOG_INFO);
	struct rp_iowatch w;
	rp_iowatch_init(&w, 4, &log, 100.0);
	unsetenv(RP_IOWATCH_REPLAY_ENV);
	rp_iowatch_add_tier(&w, "local:8:0");
	unsigned target = 4;
	assert_int_equal(rp_iowatch_tick(&w, 100.5, &target), 1);
	/* samples 0..7: a slot shed at samples 2, 4 and 6 */
	assert_int_equal(target, 1);
	struct json_object *tl = rp_iowatch_timeline(&w);
	assert_int_equal(json_object_array_length(tl), 3);
	for (int i = 0; i < 3; i++) {
		struct json_object *p = json_object_array_get_idx(tl, i);
		assert_true(json_object_get_double(
				    json_object_array_get_idx(p, 0)) == 0.5);
		assert_int_equal(json_object_get_int(
					 json_object_array_get_idx(p, 1)), 3 - i);
	}
	/* the recording is over: the target holds */
	assert_int_equal(rp_iowatch_tick(&w, 200, &target), 0);
	assert_int_equal(target, 1);
	rp_iowatch_release(&w);
	close(fd);
	char text[1024] = "";
	FILE *f = fopen(logpath, "r");
	size_t n = fread(text, 1, sizeof(text) - 1, f);
	fclose(f);
	text[n] = '\0';
	assert_non_null(strstr(text, "Disks 100% busy at 1.0 MB/s: at most 1 "
				     "tasks at once"));
}

static void off_without_auto(void **state)
{
	(void)state;
	struct rp_iowatch w;
	rp_iowatch_init(&w, 0, NULL, 0);
	rp_iowatch_add_path(&w, "/");
	unsigned target = 3;
	assert_int_equal(rp_iowatch_tick(&w, 10, &target), 0);
	assert_int_equal(target, 3);
	assert_int_equal(json_object_array_length(rp_iowatch_timeline(&w)), 0);
	rp_iowatch_release(&w);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(replay_reads_each_snapshot,
						setup, teardown),
		cmocka_unit_test_setup_teardown(saturated_recording_sheds_slots,
						setup, teardown),
		cmocka_unit_test(off_without_auto),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
