#include "spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

/* setup_attr and setup_actions: 0 with the object initialised (the caller
 * destroys it), or an error number with nothing left to destroy. */

/* dup2(fd, 3) would keep close-on-exec if fd were already 3, so the child's
 * end is first moved above it. */
static int child_end_above_target(int fd)
{
	if (fd > RP_SPAWN_FD)
		return fd;
	int moved = fcntl(fd, F_DUPFD_CLOEXEC, RP_SPAWN_FD + 1);
	int saved = errno;
	close(fd);
	errno = saved;
	return moved;
}

static int setup_attr(posix_spawnattr_t *attr)
{
	sigset_t none, defaults;
	sigemptyset(&none);
	sigemptyset(&defaults);
	sigaddset(&defaults, SIGCHLD);
	sigaddset(&defaults, SIGINT);
	sigaddset(&defaults, SIGTERM);
	sigaddset(&defaults, SIGPIPE);
	int rc = posix_spawnattr_init(attr);
	if (rc)
		return rc;
	rc = posix_spawnattr_setsigmask(attr, &none);
	if (!rc)
		rc = posix_spawnattr_setsigdefault(attr, &defaults);
	if (!rc)
		rc = posix_spawnattr_setflags(attr, POSIX_SPAWN_SETSIGMASK |
						     POSIX_SPAWN_SETSIGDEF);
	if (rc)
		posix_spawnattr_destroy(attr);
	return rc;
}

static int setup_actions(posix_spawn_file_actions_t *fa, int child_fd)
{
	int rc = posix_spawn_file_actions_init(fa);
	if (rc)
		return rc;
	rc = posix_spawn_file_actions_addopen(fa, 0, "/dev/null", O_RDONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_addopen(fa, 1, "/dev/null",
						      O_WRONLY, 0);
	if (!rc)
		rc = posix_spawn_file_actions_adddup2(fa, child_fd, RP_SPAWN_FD);
	/* Descriptors our own parent let us inherit (a shell's, a test
	 * harness's) are not the worker's business: it gets 0-2 and the
	 * channel only (glibc >= 2.34). */
	if (!rc)
		rc = posix_spawn_file_actions_addclosefrom_np(fa,
							      RP_SPAWN_FD + 1);
	if (rc)
		posix_spawn_file_actions_destroy(fa);
	return rc;
}

int rp_spawn(char *const argv[], struct rp_child *child, char *err,
	     size_t errlen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		snprintf(err, errlen, "socketpair: %s", strerror(errno));
		return -errno;
	}
	sv[1] = child_end_above_target(sv[1]);
	if (sv[1] < 0) {
		int e = errno;
		close(sv[0]);
		snprintf(err, errlen, "fcntl: %s", strerror(e));
		return -e;
	}
	posix_spawnattr_t attr;
	posix_spawn_file_actions_t fa;
	pid_t pid = -1;
	int rc = setup_attr(&attr);
	if (!rc) {
		rc = setup_actions(&fa, sv[1]);
		if (!rc) {
			rc = posix_spawn(&pid, argv[0], &fa, &attr, argv,
					 environ);
			posix_spawn_file_actions_destroy(&fa);
		}
		posix_spawnattr_destroy(&attr);
	}
	close(sv[1]);
	if (rc) {
		close(sv[0]);
		snprintf(err, errlen, "cannot start %s: %s", argv[0],
			 strerror(rc));
		return -rc;
	}
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	child->pid = pid;
	child->fd = sv[0];
	return 0;
}

int rp_spawn_read(char *const argv[], char *out, size_t outlen)
{
	int fds[2];
	if (pipe2(fds, O_CLOEXEC) < 0)
		return -errno;
	posix_spawn_file_actions_t fa;
	pid_t pid;
	int rc = posix_spawn_file_actions_init(&fa);
	if (!rc) {
		rc = posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
		if (!rc)
			rc = posix_spawn(&pid, argv[0], &fa, NULL, argv,
					 environ);
		posix_spawn_file_actions_destroy(&fa);
	}
	close(fds[1]);
	size_t got = 0;
	ssize_t n;
	while (!rc && got + 1 < outlen &&
	       ((n = read(fds[0], out + got, outlen - 1 - got)) > 0 ||
		(n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	out[got] = '\0';
	close(fds[0]);
	if (rc)
		return -rc;
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -EINTR;
}
