/* A fresh directory under /tmp for each test (cmocka setup/teardown):
 * `dir` holds its path while the test runs. Include after <cmocka.h>. */
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

#endif
