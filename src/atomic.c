#include "atomic.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
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
/* Who may judge whether a private directory's run is alive: this host
 * name (whole: two hosts may share a short name) in this pid namespace
 * (containers sharing a host name and an OUT_DIR see other pids), as
 * "<host>_<pid namespace inode, hex>". */
static void host_tag(char *out, size_t outlen)
{
	char host[256] = "";
	struct stat ns;
	gethostname(host, sizeof(host) - 1);
	if (stat("/proc/self/ns/pid", &ns) < 0)
		ns.st_ino = 0;
	snprintf(out, outlen, "%s_%llx", host[0] ? host : "localhost",
		 (unsigned long long)ns.st_ino);
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

static const char *basename_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

int rp_atomic_begin(int dirfd, const char *final, struct rp_atomic_tmp *t)
{
	const char *base = basename_of(final);
	int dirlen = (int)(base - final);
	char host[128], name[200], rnd[9];
	host_tag(host, sizeof(host));
	t->path = NULL;
	t->dir = -1;
	for (int tries = 0;; tries++) {
		random_tag(rnd, sizeof(rnd));
		snprintf(name, sizeof(name), RP_ATOMIC_PREFIX "%s-%ld-%s", host,
			 (long)getpid(), rnd);
		if (mkdirat(dirfd, name, 0700) == 0)
			break;
		if (errno != EEXIST || tries == 100)
			return -errno;
	}
	int rc = 0;
	struct stat st;
	t->dir = openat(dirfd, name, DIR_FLAGS);
	if (t->dir < 0 || fstat(t->dir, &st) < 0)
		rc = -errno;
	else if (asprintf(&t->path, "%.*s%s/%s", dirlen, final, name, base) < 0)
		rc = -ENOMEM;
	t->dev = rc ? 0 : (unsigned long long)st.st_dev;
	t->ino = rc ? 0 : (unsigned long long)st.st_ino;
	if (rc) {
		if (t->dir >= 0)
			close(t->dir);
		unlinkat(dirfd, name, AT_REMOVEDIR);
		t->path = NULL;
		t->dir = -1;
	}
	return rc;
}

/* The private directory's name: the component before the basename. */
static const char *private_name(const char *path, char *out, size_t outlen)
{
	const char *base = basename_of(path);
	size_t end = (size_t)(base - path);
	size_t start = end ? end - 1 : 0;
	while (start > 0 && path[start - 1] != '/')
		start--;
	snprintf(out, outlen, "%.*s", (int)(end ? end - 1 - start : 0),
		 path + start);
	return out;
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
	rewinddir(d); /* fd may have been read before */
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

/* Empties the private directory and removes it from its parent (its
 * "..", wherever that is now), when the name there is still it; ends t. */
static void end_private(struct rp_atomic_tmp *t)
{
	char name[NAME_MAX + 1];
	struct stat mine, there;
	int parent = openat(t->dir, "..", DIR_FLAGS);
	int ok = fstat(t->dir, &mine) == 0 && parent >= 0 &&
		 fstatat(parent, private_name(t->path, name, sizeof(name)),
			 &there, AT_SYMLINK_NOFOLLOW) == 0 &&
		 there.st_dev == mine.st_dev && there.st_ino == mine.st_ino;
	empty_dir(t->dir, 0);
	if (ok)
		unlinkat(parent, name, AT_REMOVEDIR);
	if (parent >= 0)
		close(parent);
	free(t->path);
	t->path = NULL;
	t->dir = -1;
}

/* Renames every regular file left in the private directory to the same
 * name in parent; the first failure goes into err. */
static int publish_sidecars(int priv, int parent, const char *final,
			    char *err, size_t errlen)
{
	int fd = openat(priv, ".", DIR_FLAGS), rc = 0;
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

/* names[*n] = the formatted name, if it fits and is not base. */
__attribute__((format(printf, 5, 6)))
static void add_name(char names[][NAME_MAX + 1], size_t *n, size_t max,
		     const char *base, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int len = *n < max ? vsnprintf(names[*n], NAME_MAX + 1, fmt, ap) : -1;
	va_end(ap);
	if (len >= 0 && len <= NAME_MAX && strcmp(names[*n], base))
		(*n)++;
}

/* The names GDAL reads beside an output `base` as part of it: PAM
 * metadata, external overviews and masks, HFA .aux (x.tif.aux and x.aux),
 * world files (x.tfw, x.tifw, x.wld, and the upper-case forms GDAL tries
 * too). Never base itself. */
static size_t sidecar_names(const char *base, char names[][NAME_MAX + 1],
			    size_t max)
{
	static const char *const after_base[] = {
		".aux.xml", ".ovr", ".ovr.aux.xml", ".msk", ".msk.aux.xml",
		".aux",
	};
	size_t n = 0;
	for (size_t i = 0; i < sizeof(after_base) / sizeof(*after_base); i++)
		add_name(names, &n, max, base, "%s%s", base, after_base[i]);
	const char *dot = strrchr(base, '.');
	if (!dot || dot == base || !dot[1])
		return n;
	int stem = (int)(dot - base);
	const char *ext = dot + 1;
	char last = ext[strlen(ext) - 1];
	add_name(names, &n, max, base, "%.*s.aux", stem, base);
	add_name(names, &n, max, base, "%.*s.wld", stem, base);
	add_name(names, &n, max, base, "%.*s.%sw", stem, base, ext);
	add_name(names, &n, max, base, "%.*s.%c%cw", stem, base, ext[0], last);
	add_name(names, &n, max, base, "%.*s.%c%cW", stem, base,
		 toupper((unsigned char)ext[0]), toupper((unsigned char)last));
	return n;
}

/* An output replaced an older one: the older one's sidecars that the new
 * output has none of go (GDAL would read a stale .aux.xml's CRS or
 * statistics as the new output's). Files and links only, never through
 * a link; never a directory. */
static void drop_stale_sidecars(int priv, int parent, const char *base)
{
	char names[12][NAME_MAX + 1];
	size_t n = sidecar_names(base, names, 12);
	struct stat st;
	for (size_t i = 0; i < n; i++)
		if (fstatat(priv, names[i], &st, AT_SYMLINK_NOFOLLOW) < 0 &&
		    fstatat(parent, names[i], &st, AT_SYMLINK_NOFOLLOW) == 0 &&
		    (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode)))
			unlinkat(parent, names[i], 0);
}

int rp_atomic_publish(struct rp_atomic_tmp *t, const char *final, char *err,
		      size_t errlen)
{
	const char *base = basename_of(final);
	int parent = openat(t->dir, "..", DIR_FLAGS), rc = 0;
	struct stat old;
	int replaces = parent >= 0 &&
		       fstatat(parent, base, &old, AT_SYMLINK_NOFOLLOW) == 0;
	if (parent < 0) {
		rc = -errno;
		snprintf(err, errlen, "open the directory of %s: %s", final,
			 strerror(-rc));
	} else if (renameat(t->dir, base, parent, base) < 0) {
		rc = -errno;
		snprintf(err, errlen, "rename to %s: %s", final, strerror(-rc));
	} else {
		if (replaces)
			drop_stale_sidecars(t->dir, parent, base);
		rc = publish_sidecars(t->dir, parent, final, err, errlen);
	}
	if (parent >= 0)
		close(parent);
	end_private(t);
	return rc;
}

void rp_atomic_discard(struct rp_atomic_tmp *t)
{
	struct stat st;
	if (!t->path)
		return;
	if (fstat(t->dir, &st) == 0 && st.st_uid == geteuid()) {
		end_private(t);
		return;
	}
	close(t->dir);
	free(t->path);
	t->path = NULL;
	t->dir = -1;
}

int rp_atomic_open_output(const struct rp_atomic_tmp *t)
{
	return openat(t->dir, basename_of(t->path),
		      O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
}

static int fsync_fd(int fd, int is_dir)
{
	int rc = fsync(fd) < 0 ? -errno : 0;
	/* Directories on some filesystems refuse fsync; that is no failure. */
	return rc == -EINVAL && is_dir ? 0 : rc;
}

int rp_atomic_sync_files(const struct rp_atomic_tmp *t)
{
	int fd = openat(t->dir, ".", DIR_FLAGS), rc = 0;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		rc = -errno;
		if (fd >= 0)
			close(fd);
		return rc;
	}
	struct dirent *e;
	while ((e = readdir(d))) {
		int f = openat(dirfd(d), e->d_name,
			       O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
		struct stat st;
		if (f < 0)
			continue;
		if (fstat(f, &st) == 0 && S_ISREG(st.st_mode) && !rc)
			rc = fsync_fd(f, 0);
		close(f);
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
	char host[128];
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
