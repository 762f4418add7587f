#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DIR_FLAGS (O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
#define MAX_DEPTH 16 /* of directories inside a private one */

/* This machine's short host name with '-' made '_', so that it fits in a
 * private directory's name between dashes. */
static void host_tag(char *out, size_t outlen)
{
	char host[256] = "";
	gethostname(host, sizeof(host) - 1);
	host[strcspn(host, ".")] = '\0';
	snprintf(out, outlen, "%s", host[0] ? host : "localhost");
	for (char *p = out; *p; p++)
		if (*p == '-' || *p == '/')
			*p = '_';
}

static void random_tag(char *out, size_t n)
{
	static const char set[] = "abcdefghijklmnopqrstuvwxyz"
				  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
	unsigned char r[16];
	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		struct timespec ts;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)(ts.tv_nsec >> (i % 4 * 8)) ^
			       (unsigned char)rand();
	}
	for (size_t i = 0; i + 1 < n && i < sizeof(r); i++)
		out[i] = set[r[i] % (sizeof(set) - 1)];
	out[n - 1] = '\0';
}

int rp_atomic_begin(int dirfd, const char *final, char **temp)
{
	const char *slash = strrchr(final, '/');
	int dirlen = slash ? (int)(slash - final + 1) : 0;
	char host[64], name[128], rnd[9];
	host_tag(host, sizeof(host));
	for (int tries = 0;; tries++) {
		random_tag(rnd, sizeof(rnd));
		snprintf(name, sizeof(name), RP_ATOMIC_PREFIX "%s-%ld-%s", host,
			 (long)getpid(), rnd);
		if (mkdirat(dirfd, name, 0700) == 0)
			break;
		if (errno != EEXIST || tries == 100)
			return -errno;
	}
	if (asprintf(temp, "%.*s%s/%s", dirlen, final, name,
		     final + dirlen) < 0) {
		unlinkat(dirfd, name, AT_REMOVEDIR);
		*temp = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Splits temp into its private directory's path (in dir) and name. */
static int private_dir(const char *temp, char *dir, size_t dirlen,
		       const char **name)
{
	const char *slash = strrchr(temp, '/');
	if (!slash || (size_t)(slash - temp) >= dirlen)
		return -ENAMETOOLONG;
	memcpy(dir, temp, (size_t)(slash - temp));
	dir[slash - temp] = '\0';
	const char *p = strrchr(dir, '/');
	*name = p ? p + 1 : dir;
	return 0;
}

/* Opens temp's private directory (never through a link) and its parent. */
static int open_private(const char *temp, int *priv, int *parent,
			const char **name, char *dir, size_t dirlen)
{
	int rc = private_dir(temp, dir, dirlen, name);
	if (rc)
		return rc;
	*priv = open(dir, DIR_FLAGS);
	if (*priv < 0)
		return -errno;
	*parent = openat(*priv, "..", DIR_FLAGS);
	if (*parent < 0) {
		rc = -errno;
		close(*priv);
		return rc;
	}
	return 0;
}

/* Removes everything in the directory open as fd, and closes fd; never
 * follows a link (unlinkat removes the link itself). */
static void empty_dir(int fd, int depth)
{
	DIR *d = fdopendir(fd);
	if (!d) {
		close(fd);
		return;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		const char *n = e->d_name;
		if (!strcmp(n, ".") || !strcmp(n, ".."))
			continue;
		if (unlinkat(dirfd(d), n, 0) == 0 || errno != EISDIR)
			continue;
		int sub = depth < MAX_DEPTH ? openat(dirfd(d), n, DIR_FLAGS)
					    : -1;
		if (sub >= 0)
			empty_dir(sub, depth + 1);
		unlinkat(dirfd(d), n, AT_REMOVEDIR);
	}
	closedir(d);
}

/* Empties and removes the private directory open as priv, named name in
 * parent; closes priv. */
static void remove_private(int priv, int parent, const char *name)
{
	empty_dir(priv, 0);
	unlinkat(parent, name, AT_REMOVEDIR);
}

/* Renames every regular file left in priv to the same name in parent;
 * the first failure goes into err. */
static int publish_sidecars(int priv, int parent, const char *final,
			    char *err, size_t errlen)
{
	int fd = dup(priv), rc = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		snprintf(err, errlen, "%s is in place, but its sidecars cannot "
			 "be listed: %s", final, strerror(-rc));
		return rc;
	}
	struct dirent *e;
	struct stat st;
	while ((e = readdir(d))) {
		if (fstatat(priv, e->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (renameat(priv, e->d_name, parent, e->d_name) < 0 && !rc) {
			rc = -errno;
			snprintf(err, errlen, "%s is in place, but not its "
				 "sidecar %s: %s", final, e->d_name,
				 strerror(-rc));
		}
	}
	closedir(d);
	return rc;
}

int rp_atomic_publish(const char *temp, const char *final, char *err,
		      size_t errlen)
{
	char dir[PATH_MAX];
	const char *name, *base = strrchr(final, '/');
	base = base ? base + 1 : final;
	int priv, parent;
	int rc = open_private(temp, &priv, &parent, &name, dir, sizeof(dir));
	if (rc) {
		snprintf(err, errlen, "open %s: %s", temp, strerror(-rc));
		return rc;
	}
	if (renameat(priv, base, parent, base) < 0) {
		rc = -errno;
		snprintf(err, errlen, "rename to %s: %s", final, strerror(-rc));
	} else {
		rc = publish_sidecars(priv, parent, final, err, errlen);
	}
	remove_private(priv, parent, name);
	close(parent);
	return rc;
}

void rp_atomic_discard(const char *temp)
{
	char dir[PATH_MAX];
	const char *name;
	int priv, parent;
	if (!temp || open_private(temp, &priv, &parent, &name, dir,
				  sizeof(dir)))
		return;
	struct stat st;
	if (fstat(priv, &st) == 0 && st.st_uid == geteuid())
		remove_private(priv, parent, name);
	else
		close(priv);
	close(parent);
}

static int fsync_fd(int fd, int is_dir)
{
	int rc = fsync(fd) < 0 ? -errno : 0;
	/* Directories on some filesystems refuse fsync; that is no failure. */
	return rc == -EINVAL && is_dir ? 0 : rc;
}

int rp_atomic_sync_files(const char *temp)
{
	char dir[PATH_MAX];
	const char *name;
	int rc = private_dir(temp, dir, sizeof(dir), &name);
	int priv = rc ? -1 : open(dir, DIR_FLAGS);
	DIR *d = priv >= 0 ? fdopendir(priv) : NULL;
	if (!d) {
		rc = rc ? rc : -errno;
		if (priv >= 0)
			close(priv);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		int fd = openat(dirfd(d), e->d_name,
				O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (fd < 0)
			continue;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && !rc)
			rc = fsync_fd(fd, 0);
		close(fd);
	}
	closedir(d);
	return rc;
}

static int dir_of(const char *path, char *out, size_t outlen)
{
	if (strlen(path) >= outlen)
		return -ENAMETOOLONG;
	strcpy(out, path);
	char *d = dirname(out);
	if (d != out)
		memmove(out, d, strlen(d) + 1);
	return 0;
}

int rp_atomic_sync_dir(const char *final, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int rc = dir_of(final, dir, sizeof(dir));
	int fd = rc ? -1 : open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (!rc && fd < 0)
		rc = -errno;
	if (fd >= 0) {
		rc = fsync_fd(fd, 1);
		close(fd);
	}
	if (rc)
		snprintf(err, errlen, "fsync directory of %s: %s", final,
			 strerror(-rc));
	return rc;
}

/* The pid in ".rasterpool-<host>-<pid>-<random>", when <host> is this
 * machine; 0 for a name that is not ours or another machine's (on a shared
 * filesystem, only that machine can tell whether its run is alive). */
static pid_t private_owner(const char *name, const char *host)
{
	size_t n = strlen(RP_ATOMIC_PREFIX), h = strlen(host);
	if (strncmp(name, RP_ATOMIC_PREFIX, n) || strncmp(name + n, host, h) ||
	    name[n + h] != '-')
		return 0;
	char *end;
	long pid = strtol(name + n + h + 1, &end, 10);
	return *end == '-' && pid > 0 ? (pid_t)pid : 0;
}

/* Is name, in the directory open as fd, a stale private directory of ours? */
static int stale(int fd, const char *name, const char *host)
{
	pid_t owner = private_owner(name, host);
	struct stat st;
	if (!owner || kill(owner, 0) == 0 || errno == EPERM)
		return 0;
	return fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 &&
	       S_ISDIR(st.st_mode) && st.st_uid == geteuid();
}

int rp_atomic_sweep(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int rc = errno == ENOENT ? 0 : -errno;
		if (fd >= 0)
			close(fd);
		return rc;
	}
	int removed = 0;
	struct dirent *e;
	char host[64];
	host_tag(host, sizeof(host));
	while ((e = readdir(d))) {
		if (!stale(fd, e->d_name, host))
			continue;
		int priv = openat(fd, e->d_name, DIR_FLAGS);
		if (priv < 0)
			continue;
		empty_dir(priv, 0);
		removed += unlinkat(fd, e->d_name, AT_REMOVEDIR) == 0;
	}
	closedir(d);
	return removed;
}

int rp_atomic_mkdirs(const char *dir, int *created)
{
	struct stat st;
	if (mkdir(dir, 0777) == 0) {
		if (created)
			*created = 1;
		return 0;
	}
	if (errno == EEXIST)
		return stat(dir, &st) == 0 && S_ISDIR(st.st_mode) ? 0 : -ENOTDIR;
	if (errno != ENOENT)
		return -errno;
	char parent[PATH_MAX];
	int rc = dir_of(dir, parent, sizeof(parent));
	if (!rc && strcmp(parent, dir))
		rc = rp_atomic_mkdirs(parent, NULL);
	if (rc)
		return rc;
	if (mkdir(dir, 0777) < 0 && errno != EEXIST)
		return -errno;
	if (created)
		*created = 1;
	return 0;
}

int rp_atomic_make_parents(const char *path)
{
	char dir[PATH_MAX];
	int rc = dir_of(path, dir, sizeof(dir));
	return rc ? rc : rp_atomic_mkdirs(dir, NULL);
}

int rp_atomic_open_own_parent(const char *path, int create)
{
	char dir[PATH_MAX];
	struct stat st;
	int rc = dir_of(path, dir, sizeof(dir));
	if (rc)
		return rc;
	if (create && mkdir(dir, 0777) < 0 && errno != EEXIST)
		return -errno;
	int fd = open(dir, DIR_FLAGS);
	if (fd < 0) {
		rc = -errno;
		/* O_NOFOLLOW|O_DIRECTORY on a link: ELOOP or ENOTDIR */
		if (rc == -ENOTDIR && lstat(dir, &st) == 0 && S_ISLNK(st.st_mode))
			rc = -ELOOP;
		return rc;
	}
	if (fstat(fd, &st) < 0 || st.st_uid != geteuid()) {
		close(fd);
		return -EPERM;
	}
	return fd;
}
