#include "outdir.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "atomic.h"

int rp_outdir_open(struct rp_outdir *o, const char *path, char *err,
		   size_t errlen)
{
	struct stat st;
	size_t n = strlen(path);
	while (n > 1 && path[n - 1] == '/')
		n--;
	snprintf(o->path, sizeof(o->path), "%.*s", (int)n, path);
	o->fd = open(o->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (o->fd < 0 || fstat(o->fd, &st) < 0) {
		snprintf(err, errlen, "cannot open output directory %s: %s",
			 o->path, strerror(errno));
		rp_outdir_close(o);
		return -1;
	}
	o->dev = st.st_dev;
	o->ino = st.st_ino;
	return 0;
}

int rp_outdir_check(const struct rp_outdir *o, char *err, size_t errlen)
{
	struct stat st;
	if (stat(o->path, &st) == 0 && st.st_dev == o->dev &&
	    st.st_ino == o->ino)
		return 0;
	snprintf(err, errlen, "output directory %s was %s during the run; "
		 "stopping (outputs and journal lines written since are lost "
		 "with it)", o->path, errno == ENOENT ? "removed" : "replaced");
	return -1;
}

/* Opens, creating it if missing, the directory name in dirfd; never
 * through a link. */
static int step(int dirfd, const char *name)
{
	if (mkdirat(dirfd, name, 0777) < 0 && errno != EEXIST)
		return -1;
	return openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
				   O_CLOEXEC);
}

/* Walks rel's directories from OUT_DIR's descriptor, one component at a
 * time. */
static int walk(const struct rp_outdir *o, const char *rel, char *err,
		size_t errlen)
{
	int fd = dup(o->fd);
	const char *p = rel, *slash;
	char name[NAME_MAX + 1];
	while (fd >= 0 && (slash = strchr(p, '/'))) {
		size_t n = (size_t)(slash - p);
		const char *at = p;
		p = slash + 1;
		if (!n || (n == 1 && *at == '.'))
			continue;
		if (n > NAME_MAX || (n == 2 && !strncmp(at, "..", 2))) {
			errno = n > NAME_MAX ? ENAMETOOLONG : EINVAL;
			close(fd);
			fd = -1;
			break;
		}
		snprintf(name, sizeof(name), "%.*s", (int)n, at);
		int next = step(fd, name);
		close(fd);
		fd = next;
		if (fd < 0) {
			snprintf(err, errlen, "cannot create %s/%.*s: %s",
				 o->path, (int)(slash - rel), rel,
				 errno == ELOOP || errno == ENOTDIR
				 ? "not a directory (links are not followed)"
				 : strerror(errno));
			return -1;
		}
	}
	if (fd < 0)
		snprintf(err, errlen, "cannot create the directory of %s/%s: %s",
			 o->path, rel, strerror(errno));
	return fd;
}

int rp_outdir_parent(const struct rp_outdir *o, const char *output, char *err,
		     size_t errlen)
{
	size_t n = strlen(o->path);
	if (!strncmp(output, o->path, n) && output[n] == '/')
		return walk(o, output + n + 1, err, errlen);
	char dir[PATH_MAX];
	const char *slash = strrchr(output, '/');
	snprintf(dir, sizeof(dir), "%.*s", slash ? (int)(slash - output) : 1,
		 slash ? output : ".");
	int rc = rp_atomic_mkdirs(dir[0] ? dir : "/", NULL);
	int fd = rc ? -1 : open(dir[0] ? dir : "/", O_RDONLY | O_DIRECTORY |
						      O_CLOEXEC);
	if (fd < 0)
		snprintf(err, errlen, "cannot create %s: %s", dir,
			 strerror(rc ? -rc : errno));
	return fd;
}

void rp_outdir_close(struct rp_outdir *o)
{
	if (o->fd >= 0)
		close(o->fd);
	o->fd = -1;
}
