/* The worker's anchor in its task's private directory: only the directory
 * the supervisor made, and writes through it land there whatever happens to
 * the path afterwards. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "anchor.h"

#include "tmpdir.h"

static char priv[PATH_MAX], temp[PATH_MAX + 32], victim[PATH_MAX];
static unsigned long long dev, ino;

static int make_private(void **state)
{
	if (setup(state))
		return -1;
	struct stat st;
	snprintf(priv, sizeof(priv), "%s/.rasterpool-h-1-abc", dir);
	snprintf(temp, sizeof(temp), "%s/x.tif", priv);
	snprintf(victim, sizeof(victim), "%s/victim", dir);
	if (mkdir(priv, 0700) || mkdir(victim, 0755) || stat(priv, &st))
		return -1;
	dev = (unsigned long long)st.st_dev;
	ino = (unsigned long long)st.st_ino;
	return 0;
}

static int exists_in(const char *d, const char *name)
{
	char p[PATH_MAX + 64];
	snprintf(p, sizeof(p), "%s/%s", d, name);
	return access(p, F_OK) == 0;
}

static void writes_land_in_the_directory_made(void **state)
{
	(void)state;
	struct rp_anchor a;
	char err[512], moved[PATH_MAX + 16];
	assert_int_equal(rp_anchor_open(&a, temp, dev, ino, err, sizeof(err)), 0);
	assert_non_null(strstr(a.path, "/proc/self/fd/"));
	/* After the open, the directory is renamed and a link planted. */
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	assert_int_equal(rename(priv, moved), 0);
	assert_int_equal(symlink(victim, priv), 0);
	FILE *f = fopen(a.path, "w");
	assert_non_null(f);
	fclose(f);
	assert_true(exists_in(moved, "x.tif"));
	assert_false(exists_in(victim, "x.tif"));
	rp_anchor_close(&a);
}

static void a_link_or_another_directory_is_refused(void **state)
{
	(void)state;
	struct rp_anchor a;
	char err[512] = "", moved[PATH_MAX + 16];
	snprintf(moved, sizeof(moved), "%s/moved", dir);
	assert_int_equal(rename(priv, moved), 0);
	assert_int_equal(symlink(victim, priv), 0);
	assert_int_equal(rp_anchor_open(&a, temp, dev, ino, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "removed or replaced"));
	assert_int_equal(unlink(priv), 0);
	assert_int_equal(mkdir(priv, 0700), 0); /* same name, not the same */
	assert_int_equal(rp_anchor_open(&a, temp, dev, ino, err, sizeof(err)), -1);
	assert_int_equal(a.fd, -1);
}

static void messages_name_the_output(void **state)
{
	(void)state;
	struct rp_anchor a;
	char err[512], msg[9000], out[9000];
	assert_int_equal(rp_anchor_open(&a, temp, dev, ino, err, sizeof(err)), 0);
	snprintf(msg, sizeof(msg), "%s: cannot write; %s.ovr: too", a.path, a.path);
	rp_anchor_unmask(&a, msg, out, sizeof(out), "/data/out/x.tif");
	assert_string_equal(out, "/data/out/x.tif: cannot write; "
				 "/data/out/x.tif.ovr: too");
	rp_anchor_close(&a);
}

int main(void)
{
#define T(f) cmocka_unit_test_setup_teardown(f, make_private, teardown)
	const struct CMUnitTest tests[] = {
		T(writes_land_in_the_directory_made),
		T(a_link_or_another_directory_is_refused),
		T(messages_name_the_output),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
