/* `rasterpool status`: counts from hostile journals, after a cut line, and
 * inputs that are gone. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "journal.h"
#include "status.h"

#include "tmpdir.h"

static void write_file(const char *path, const char *text, const char *mode)
{
	FILE *f = fopen(path, mode);
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static char journal_path[256];

static void make_journal_dir(void)
{
	char rp[128];
	snprintf(rp, sizeof(rp), "%s/.rasterpool", dir);
	assert_int_equal(mkdir(rp, 0755), 0);
	snprintf(journal_path, sizeof(journal_path), "%s/journal.jsonl", rp);
}

/* status's output and return code for dir (list_failed as asked). */
static char *status(int list_failed, int *rc)
{
	char *text = NULL, err[256] = "";
	size_t len = 0;
	FILE *out = open_memstream(&text, &len);
	*rc = rp_status(dir, list_failed, out, err, sizeof(err));
	fclose(out);
	return text;
}

/* One run through the real writer: its header says `tasks`. */
static void run(const char *id, long tasks, const char *cwd,
		const char *const *inputs, const char *const *statuses)
{
	struct rp_journal j;
	struct json_object *h = json_object_new_object();
	json_object_object_add(h, "type", json_object_new_string("run"));
	json_object_object_add(h, "tasks", json_object_new_int64(tasks));
	if (cwd)
		json_object_object_add(h, "cwd", json_object_new_string(cwd));
	rp_journal_init(&j, journal_path);
	rp_journal_set_run(&j, id, h);
	json_object_put(h);
	for (size_t i = 0; inputs[i]; i++) {
		struct rp_journal_record r = {.input = inputs[i], .output = "o",
					      .status = statuses[i]};
		char err[256];
		assert_int_equal(rp_journal_append(&j, &r, err, sizeof(err)), 0);
	}
	rp_journal_close(&j);
}

static void hostile_fields_do_not_crash(void **state)
{
	(void)state;
	make_journal_dir();
	write_file(journal_path,
		   "{\"type\":\"run\",\"tasks\":null,\"shard\":{},\"shards\":\"x\"}\n"
		   "{\"input\":null,\"status\":\"ok\"}\n"
		   "{\"input\":\"/a\",\"status\":null}\n"
		   "{\"input\":[],\"status\":[]}\n"
		   "{\"input\":\"/b\",\"status\":\"ok\"}\n"
		   "{\"type\":5}\n{\"type\":null,\"input\":\"/c\",\"status\":\"ok\"}\n"
		   "\xff\xfe\0\n{\"input\":\"/d\",\"status\":\"ok\"", "w");
	int rc;
	char *text = status(0, &rc);
	assert_string_equal(text,
		"batch: 2 done, 0 failed, 0 missing (journal.jsonl)\n"
		"total: 2 done, 0 failed, 0 missing, 1 of 1 shard started\n");
	assert_int_equal(rc, 0);
	free(text);
}

/* A crash or a full disk cut the last line; the next run's header must
 * not be glued to the fragment, or status counts with the old header. */
static void right_after_a_cut_line(void **state)
{
	(void)state;
	make_journal_dir();
	const char *const in1[] = {"/a", "/b", NULL};
	const char *const st1[] = {"ok", "ok", NULL};
	run("r1", 2, NULL, in1, st1);
	write_file(journal_path, "{\"run\":\"r1\",\"input\":\"/c\",\"sta", "a");
	const char *const in2[] = {"/c", NULL};
	const char *const st2[] = {"ok", NULL};
	run("r2", 4, NULL, in2, st2); /* /d never ended: it is missing */
	int rc;
	char *text = status(0, &rc);
	assert_string_equal(text,
		"batch: 3 done, 0 failed, 1 missing (journal.jsonl)\n"
		"total: 3 done, 0 failed, 1 missing, 1 of 1 shard started\n");
	assert_int_equal(rc, 1);
	free(text);
}

static void failures_of_vanished_inputs_are_gone(void **state)
{
	(void)state;
	make_journal_dir();
	char kept[128], vanished[128], rel[128], want[512];
	snprintf(kept, sizeof(kept), "%s/kept.tif", dir);
	snprintf(vanished, sizeof(vanished), "%s/vanished.tif", dir);
	snprintf(rel, sizeof(rel), "%s/rel.tif", dir); /* in the run's cwd */
	write_file(kept, "x", "w");
	write_file(vanished, "x", "w");
	write_file(rel, "x", "w");
	const char *const in[] = {kept, vanished, "rel.tif",
				  "/vsicurl/http://h/x.tif", "/done.tif", NULL};
	const char *const st[] = {"failed", "crashed", "failed", "timeout",
				  "ok", NULL};
	run("r1", 5, dir, in, st);
	unlink(vanished);
	int rc;
	char *text = status(0, &rc);
	assert_non_null(strstr(text,
		"total: 1 done, 3 failed, 0 missing, 1 gone, 1 of 1 shard "
		"started\n"));
	assert_int_equal(rc, 1);
	free(text);
	text = status(1, &rc);
	/* a plan for --plan -: relative inputs taken from the run's cwd */
	snprintf(want, sizeof(want),
		 "{\"input\":\"%s\",\"output\":\"o\",\"cost\":1}\n"
		 "{\"input\":\"/vsicurl/http://h/x.tif\",\"output\":\"o\","
		 "\"cost\":1}\n"
		 "{\"input\":\"%s\",\"output\":\"o\",\"cost\":1}\n",
		 kept, rel);
	assert_string_equal(text, want);
	free(text);
	/* only gone failures left: nothing to do, exit 0 */
	const char *const in2[] = {kept, "rel.tif", "/vsicurl/http://h/x.tif",
				   NULL};
	const char *const st2[] = {"failed", "ok", "ok", NULL};
	run("r2", 5, dir, in2, st2);
	unlink(kept);
	text = status(0, &rc);
	assert_non_null(strstr(text,
		"total: 3 done, 0 failed, 0 missing, 2 gone, 1 of 1 shard "
		"started\n"));
	assert_int_equal(rc, 0);
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(hostile_fields_do_not_crash,
						setup, teardown),
		cmocka_unit_test_setup_teardown(right_after_a_cut_line, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			failures_of_vanished_inputs_are_gone, setup, teardown),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
