#include "atomic.h"

#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const sidecars[] = {".aux.xml", ".msk", ".ovr"};
#define NR_SIDECARS (sizeof(sidecars) / sizeof(sidecars[0]))

int rp_atomic_is_temp(const char *basename)
{
	return strncmp(basename, RP_ATOMIC_PREFIX, strlen(RP_ATOMIC_PREFIX)) == 0;
}

/* This machine's short host name with '-' made '_', so that it fits in a
 * temporary name between dashes. */
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

int rp_atomic_temp_name(const char *final, unsigned long pid,
			unsigned long seq, char *out, size_t outlen)
{
	const char *slash = strrchr(final, '/');
	int dirlen = slash ? (int)(slash - final + 1) : 0;
	const char *base = final + dirlen;
	char host[64];
	host_tag(host, sizeof(host));
	int n = snprintf(out, outlen, "%.*s" RP_ATOMIC_PREFIX "%s-%lu-%lu-%s",
			 dirlen, final, host, pid, seq, base);
	return n < 0 || (size_t)n >= outlen ? -ENAMETOOLONG : 0;
}

static int fsync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	int rc = fsync(fd) < 0 ? -errno : 0;
	/* Directories on some filesystems refuse fsync; that is no failure. */
	if (rc == -EINVAL && (flags & O_DIRECTORY))
		rc = 0;
	if (close(fd) < 0 && !rc)
		rc = -errno;
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

static int with_suffix(char *out, size_t outlen, const char *a, const char *s)
{
	int n = snprintf(out, outlen, "%s%s", a, s);
	return n < 0 || (size_t)n >= outlen ? -ENAMETOOLONG : 0;
}

static void commit_sidecars(const char *temp, const char *final)
{
	char from[PATH_MAX], to[PATH_MAX];
	for (size_t i = 0; i < NR_SIDECARS; i++) {
		if (with_suffix(from, sizeof(from), temp, sidecars[i]) ||
		    with_suffix(to, sizeof(to), final, sidecars[i]))
			continue;
		if (access(from, F_OK) == 0)
			rename(from, to);
	}
}

int rp_atomic_publish(const char *temp, const char *final, char *err,
		      size_t errlen)
{
	commit_sidecars(temp, final);
	if (rename(temp, final) < 0) {
		int rc = -errno;
		snprintf(err, errlen, "rename to %s: %s", final, strerror(-rc));
		return rc;
	}
	return 0;
}

int rp_atomic_sync_dir(const char *final, char *err, size_t errlen)
{
	char dir[PATH_MAX];
	int rc = dir_of(final, dir, sizeof(dir));
	if (!rc)
		rc = fsync_path(dir, O_RDONLY | O_DIRECTORY);
	if (rc)
		snprintf(err, errlen, "fsync directory of %s: %s", final,
			 strerror(-rc));
	return rc;
}

void rp_atomic_discard(const char *temp)
{
	char side[PATH_MAX];
	unlink(temp);
	for (size_t i = 0; i < NR_SIDECARS; i++)
		if (!with_suffix(side, sizeof(side), temp, sidecars[i]))
			unlink(side);
}

/* The pid in ".rptmp-<host>-<pid>-...", when <host> is this machine;
 * 0 for a name that is not ours or another machine's (on a shared
 * filesystem, only that machine can tell whether its run is alive). */
static pid_t temp_owner(const char *name, const char *host)
{
	size_t n = strlen(RP_ATOMIC_PREFIX), h = strlen(host);
	if (!rp_atomic_is_temp(name) || strncmp(name + n, host, h) ||
	    name[n + h] != '-')
		return 0;
	char *end;
	long pid = strtol(name + n + h + 1, &end, 10);
	return *end == '-' && pid > 0 ? (pid_t)pid : 0;
}

int rp_atomic_sweep(const char *dir)
{
	DIR *d = opendir(dir);
	if (!d)
		return errno == ENOENT ? 0 : -errno;
	int removed = 0;
	struct dirent *e;
	char path[PATH_MAX], host[64];
	host_tag(host, sizeof(host));
	while ((e = readdir(d))) {
		pid_t owner = temp_owner(e->d_name, host);
		if (!owner || (kill(owner, 0) == 0 || errno == EPERM))
			continue;
		int n = snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		if (n > 0 && (size_t)n < sizeof(path) && unlink(path) == 0)
			removed++;
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
