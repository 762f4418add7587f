#include "anchor.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int rp_anchor_open(struct rp_anchor *a, const char *temp,
		   unsigned long long dev, unsigned long long ino, char *err,
		   size_t errlen)
{
	char dir[sizeof(a->path)];
	const char *base = strrchr(temp, '/');
	struct stat st;
	a->fd = -1;
	a->prefix[0] = '\0';
	if (!base || (size_t)(base - temp) >= sizeof(dir)) {
		snprintf(err, errlen, "bad private directory in %s", temp);
		return -1;
	}
	snprintf(dir, sizeof(dir), "%.*s", (int)(base - temp), temp);
	a->fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (a->fd < 0 || fstat(a->fd, &st) < 0 ||
	    (unsigned long long)st.st_dev != dev ||
	    (unsigned long long)st.st_ino != ino) {
		snprintf(err, errlen, "the private directory %s was removed or "
			 "replaced before the task could write in it", dir);
		rp_anchor_close(a);
		return -1;
	}
	snprintf(a->prefix, sizeof(a->prefix), "/proc/self/fd/%d/", a->fd);
	if (access(a->prefix, X_OK) < 0)
		a->prefix[0] = '\0'; /* no /proc: the checked name */
	snprintf(a->path, sizeof(a->path), "%s%s",
		 a->prefix[0] ? a->prefix : temp, a->prefix[0] ? base + 1 : "");
	return 0;
}

void rp_anchor_unmask(const struct rp_anchor *a, const char *msg, char *out,
		      size_t outlen, const char *output)
{
	const char *slash = strrchr(output, '/');
	int dirlen = slash ? (int)(slash - output + 1) : 0;
	size_t plen = strlen(a->prefix), n = 0;
	const char *p;
	out[0] = '\0';
	while (plen && (p = strstr(msg, a->prefix)) && n < outlen) {
		n += (size_t)snprintf(out + n, outlen - n, "%.*s%.*s",
				      (int)(p - msg), msg, dirlen, output);
		msg = p + plen;
	}
	if (n < outlen)
		snprintf(out + n, outlen - n, "%s", msg);
}

void rp_anchor_close(struct rp_anchor *a)
{
	if (a->fd >= 0)
		close(a->fd);
	a->fd = -1;
}
