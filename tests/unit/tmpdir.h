/* A fresh directory under /tmp for each test (cmocka setup/teardown):
 * `dir` holds its path while the test runs; file_put() and file_get()
 * write and read a small file's text. Include after <cmocka.h>. */
#ifndef RP_TEST_TMPDIR_H
#define RP_TEST_TMPDIR_H

#include <stdio.h>
#include <stdlib.h>

static char dir[64];

static int setup(void **state)
{
	(void)state;
	snprintf(dir, sizeof(dir), "/tmp/rp-test-XXXXXX");
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	char cmd[128];
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

/* Writes text to path (created or truncated); the test fails if it cannot. */
static inline void file_put(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

/* The text of path (up to 255 bytes, in a static buffer), or NULL. */
static inline const char *file_get(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");
	if (!f)
		return NULL;
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	return buf;
}

#endif
