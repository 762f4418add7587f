/* Private per-task directories: made safe, committed whole (output first,
 * then every sidecar), removed whole, never through a link. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

#include "tmpdir.h"

static char *at(const char *name)
{
	static char p[4][PATH_MAX];
	static int i;
	i = (i + 1) % 4;
	snprintf(p[i], sizeof(p[i]), "%s/%s", dir, name);
	return p[i];
}

static struct rp_atomic_tmp begin(const char *final)
{
	struct rp_atomic_tmp t;
	int fd = open(dir, O_RDONLY | O_DIRECTORY);
	assert_int_equal(rp_atomic_begin(fd, final, &t), 0);
	close(fd);
	return t;
}

/* The private directory's path, from the worker's path. */
static char *private_of(const struct rp_atomic_tmp *t)
{
	static char p[PATH_MAX];
	snprintf(p, sizeof(p), "%s", t->path);
	*strrchr(p, '/') = '\0';
	return p;
}

static int entries(void)
{
	char cmd[PATH_MAX];
	snprintf(cmd, sizeof(cmd), "exit $(ls -A %s | wc -l)", dir);
	return WEXITSTATUS(system(cmd));
}

static void private_directory_is_unpredictable_and_ours(void **state)
{
	(void)state;
	struct rp_atomic_tmp a = begin(at("x.tif")), b = begin(at("x.tif"));
	struct stat st;
	assert_int_equal(lstat(private_of(&a), &st), 0);
	assert_true(S_ISDIR(st.st_mode));
	assert_int_equal(st.st_mode & 0777, 0700);
	assert_int_equal(st.st_uid, geteuid());
	assert_non_null(strstr(a.path, "/" RP_ATOMIC_PREFIX));
	assert_string_equal(strrchr(a.path, '/'), "/x.tif"); /* same basename */
	assert_string_not_equal(a.path, b.path);
	rp_atomic_discard(&a);
	rp_atomic_discard(&b);
	assert_null(a.path);
	assert_int_equal(entries(), 0);
}

/* A basename of 250 bytes fits: the private directory does not prefix it. */
static void long_names_fit(void **state)
{
	(void)state;
	char name[251];
	memset(name, 'n', 246);
	strcpy(name + 246, ".tif");
	struct rp_atomic_tmp t = begin(at(name));
	file_put(t.path, "long");
	char err[512];
	assert_int_equal(rp_atomic_publish(&t, at(name), err, sizeof(err)), 0);
	assert_string_equal(file_get(at(name)), "long");
	assert_int_equal(entries(), 1);
}

/* Every file the task wrote lands beside the output under its own name. */
static void sidecars_follow_the_output(void **state)
{
	(void)state;
	struct rp_atomic_tmp t = begin(at("x.tif"));
	file_put(t.path, "new");
	char side[PATH_MAX + 64];
	snprintf(side, sizeof(side), "%s.aux.xml", t.path);
	file_put(side, "stats");
	snprintf(side, sizeof(side), "%s/x.tfw", private_of(&t));
	file_put(side, "world");
	char err[512];
	assert_int_equal(rp_atomic_publish(&t, at("x.tif"), err, sizeof(err)), 0);
	assert_string_equal(file_get(at("x.tif")), "new");
	assert_string_equal(file_get(at("x.tif.aux.xml")), "stats");
	assert_string_equal(file_get(at("x.tfw")), "world");
	assert_int_equal(entries(), 3); /* the private directory is gone */
}

/* A link planted at the final name is replaced, not written through. */
static void link_at_final_name_is_replaced(void **state)
{
	(void)state;
	file_put(at("victim"), "precious");
	assert_int_equal(symlink(at("victim"), at("x.tif")), 0);
	assert_int_equal(symlink(at("victim"), at("x.tif.aux.xml")), 0);
	struct rp_atomic_tmp t = begin(at("x.tif"));
	file_put(t.path, "new");
	char side[PATH_MAX + 64];
	snprintf(side, sizeof(side), "%s.aux.xml", t.path);
	file_put(side, "stats");
	char err[512];
	assert_int_equal(rp_atomic_publish(&t, at("x.tif"), err, sizeof(err)), 0);
	assert_string_equal(file_get(at("victim")), "precious");
	struct stat st;
	assert_int_equal(lstat(at("x.tif"), &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_string_equal(file_get(at("x.tif.aux.xml")), "stats");
}

/* When the output cannot be renamed, no new sidecar lands beside the old
 * output, and the private directory goes. */
static void failed_output_rename_changes_nothing(void **state)
{
	(void)state;
	assert_int_equal(mkdir(at("x.tif"), 0755), 0);
	file_put(at("x.tif/keep"), "old output's place");
	file_put(at("x.tif.aux.xml"), "old stats");
	struct rp_atomic_tmp t = begin(at("x.tif"));
	file_put(t.path, "new");
	char side[PATH_MAX + 64];
	snprintf(side, sizeof(side), "%s.aux.xml", t.path);
	file_put(side, "new stats");
	char err[512] = "";
	assert_true(rp_atomic_publish(&t, at("x.tif"), err, sizeof(err)) < 0);
	assert_non_null(strstr(err, "x.tif"));
	assert_string_equal(file_get(at("x.tif.aux.xml")), "old stats");
	assert_string_equal(file_get(at("x.tif/keep")), "old output's place");
	assert_int_equal(entries(), 2);
}

/* An output replacing an older one takes the older one's sidecars with it,
 * except those it brings itself; files that are no sidecar of it stay, and
 * so do sidecar-named files where there was no older output. */
static void stale_sidecars_go_with_the_old_output(void **state)
{
	(void)state;
	file_put(at("x.tif"), "old");
	file_put(at("x.tif.aux.xml"), "old stats");
	file_put(at("x.tif.ovr"), "old overviews");
	file_put(at("x.tfw"), "old world");
	file_put(at("x.tifw"), "old world too");
	file_put(at("x.aux"), "old HFA aux");
	file_put(at("x.tif.txt"), "mine");
	file_put(at("y.tif.aux.xml"), "no y.tif: stays");
	assert_int_equal(symlink(at("x.tif.txt"), at("x.tif.msk")), 0);
	struct rp_atomic_tmp t = begin(at("x.tif"));
	file_put(t.path, "new");
	char side[PATH_MAX + 64];
	snprintf(side, sizeof(side), "%s.ovr", t.path);
	file_put(side, "new overviews");
	char err[512] = "";
	assert_int_equal(rp_atomic_publish(&t, at("x.tif"), err, sizeof(err)), 0);
	assert_string_equal(file_get(at("x.tif")), "new");
	assert_string_equal(file_get(at("x.tif.ovr")), "new overviews");
	assert_null(file_get(at("x.tif.aux.xml")));
	assert_null(file_get(at("x.tfw")));
	assert_null(file_get(at("x.tifw")));
	assert_null(file_get(at("x.aux")));
	struct stat st;
	assert_int_equal(lstat(at("x.tif.msk"), &st), -1);
	assert_string_equal(file_get(at("x.tif.txt")), "mine");
	assert_int_equal(entries(), 4); /* x.tif, .ovr, .txt, y.tif.aux.xml */

	struct rp_atomic_tmp u = begin(at("y.tif"));
	file_put(u.path, "first y");
	assert_int_equal(rp_atomic_publish(&u, at("y.tif"), err, sizeof(err)), 0);
	assert_string_equal(file_get(at("y.tif.aux.xml")), "no y.tif: stays");
}

/* Discard removes everything, subdirectories too, and follows no link;
 * it finds the directory by its descriptor even after OUT_DIR moved. */
static void discard_removes_all_and_follows_no_link(void **state)
{
	(void)state;
	char out[PATH_MAX], moved[PATH_MAX], victim[PATH_MAX];
	snprintf(out, sizeof(out), "%s/out", dir);
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	assert_int_equal(mkdir(out, 0755), 0);
	assert_int_equal(mkdir(victim, 0755), 0);
	file_put(at("victim/file"), "precious");
	int fd = open(out, O_RDONLY | O_DIRECTORY);
	struct rp_atomic_tmp t;
	assert_int_equal(rp_atomic_begin(fd, at("out/x.tif"), &t), 0);
	close(fd);
	char p[PATH_MAX + 64];
	file_put(t.path, "partial");
	snprintf(p, sizeof(p), "%s.ovr.tmp", t.path);
	file_put(p, "overviews");
	snprintf(p, sizeof(p), "%s/sub", private_of(&t));
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/sub/deep", private_of(&t));
	file_put(p, "deep");
	snprintf(p, sizeof(p), "%s/link", private_of(&t));
	assert_int_equal(symlink(victim, p), 0);
	assert_int_equal(rename(out, moved), 0);
	rp_atomic_discard(&t);
	assert_string_equal(file_get(at("victim/file")), "precious");
	char cmd[PATH_MAX + 64];
	snprintf(cmd, sizeof(cmd), "test -z \"$(ls -A %s)\"", moved);
	assert_int_equal(system(cmd), 0);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(private_directory_is_unpredictable_and_ours),
		T(long_names_fit),
		T(sidecars_follow_the_output),
		T(link_at_final_name_is_replaced),
		T(failed_output_rename_changes_nothing),
		T(stale_sidecars_go_with_the_old_output),
		T(discard_removes_all_and_follows_no_link),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
