#include "objstore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int rp_objstore_path(const char *path)
{
	static const char *const prefixes[] = {"/vsis3/", "/vsigs/", "/vsiaz/",
					       NULL};
	for (const char *const *p = prefixes; *p; p++)
		if (!strncmp(path, *p, strlen(*p)))
			return 1;
	return 0;
}

static int fits(int len, size_t n)
{
	return len >= 0 && (size_t)len < n ? 0 : -1;
}

int rp_objstore_state_dir(const char *out_dir, char *buf, size_t n)
{
	if (!rp_objstore_path(out_dir))
		return fits(snprintf(buf, n, "%s/.rasterpool", out_dir), n);
	const char *state = getenv("XDG_STATE_HOME"), *home = getenv("HOME");
	size_t len = strlen(out_dir);
	while (len > 1 && out_dir[len - 1] == '/')
		len--;
	if (state && *state)
		return fits(snprintf(buf, n, "%s/rasterpool/%.*s", state,
				     (int)len - 1, out_dir + 1), n);
	return fits(snprintf(buf, n, "%s/.local/state/rasterpool/%.*s",
			     home && *home ? home : ".", (int)len - 1,
			     out_dir + 1), n);
}

int rp_objstore_local(const char *out_dir, const char *output, char *buf,
		      size_t n)
{
	if (!rp_objstore_path(output))
		return fits(snprintf(buf, n, "%s", output), n);
	char state[4096];
	const char *name = strrchr(output, '/');
	if (rp_objstore_state_dir(out_dir, state, sizeof(state)) < 0)
		return -1;
	return fits(snprintf(buf, n, "%s/staging/%s", state,
			     name ? name + 1 : output), n);
}
