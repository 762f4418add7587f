#include "forkserver.h"
#include "timeutil.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#define REPLY_TIMEOUT_MS 10000
#define STOP_GRACE_MS 2000

/* --- the supervisor's side ------------------------------------------- */

int rp_forkserver_start(struct rp_forkserver *fs, char *const argv[],
			char *err, size_t errlen)
{
	if (prctl(PR_SET_CHILD_SUBREAPER, 1) < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot become a child subreaper: %s",
			 strerror(e));
		return -e;
	}
	char *zargv[] = {argv[0], RP_FORKSERVER_ARG, NULL};
	return rp_spawn(zargv, &fs->zygote, err, errlen);
}

static int send_fd(int sock, int fd)
{
	char byte = 'W';
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	memset(&u, 0, sizeof(u));
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf)};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(c), &fd, sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL) == 1 ? 0 : -errno;
}

/* The zygote's reply: a pid, or -errno; -EPIPE when it is gone. */
static int32_t read_reply(int sock)
{
	char buf[sizeof(int32_t)];
	size_t got = 0;
	while (got < sizeof(buf)) {
		struct pollfd p = {.fd = sock, .events = POLLIN};
		int rc = poll(&p, 1, REPLY_TIMEOUT_MS);
		if (rc == 0)
			return -ETIMEDOUT;
		if (rc < 0 && errno != EINTR)
			return -errno;
		if (rc < 0)
			continue;
		ssize_t n = read(sock, buf + got, sizeof(buf) - got);
		if (n == 0)
			return -EPIPE;
		if (n < 0 && errno != EAGAIN && errno != EINTR)
			return -errno;
		got += n > 0 ? (size_t)n : 0;
	}
	int32_t v;
	memcpy(&v, buf, sizeof(v));
	return v;
}

int rp_forkserver_spawn(struct rp_forkserver *fs, struct rp_child *child,
			char *err, size_t errlen)
{
	int sv[2];
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) < 0) {
		int e = errno;
		snprintf(err, errlen, "socketpair: %s", strerror(e));
		return -e;
	}
	int rc = send_fd(fs->zygote.fd, sv[1]);
	close(sv[1]);
	int32_t pid = rc ? rc : read_reply(fs->zygote.fd);
	if (pid <= 0) {
		close(sv[0]);
		snprintf(err, errlen, "the fork server cannot start a worker: %s",
			 strerror(pid ? -pid : EPROTO));
		return pid ? pid : -EPROTO;
	}
	fcntl(sv[0], F_SETFL, fcntl(sv[0], F_GETFL) | O_NONBLOCK);
	child->pid = pid;
	child->fd = sv[0];
	return 0;
}

void rp_forkserver_reaped(struct rp_forkserver *fs)
{
	if (fs->zygote.fd >= 0)
		close(fs->zygote.fd);
	fs->zygote.fd = -1;
	fs->zygote.pid = 0;
}

void rp_forkserver_stop(struct rp_forkserver *fs)
{
	if (fs->zygote.fd < 0)
		return;
	close(fs->zygote.fd); /* EOF: the zygote exits */
	fs->zygote.fd = -1;
	if (fs->zygote.pid <= 0)
		return;
	/* The caller may reap it first (wait4(-1) in the pool): ECHILD then.
	 * A zygote that does not exit within STOP_GRACE_MS (stopped, stuck)
	 * is killed: by the clock, not by counting sleeps, which on a loaded
	 * machine each last far longer than asked. */
	double deadline = rp_now() + STOP_GRACE_MS / 1000.0;
	pid_t w;
	while ((w = waitpid(fs->zygote.pid, NULL, WNOHANG)) == 0 &&
	       rp_now() < deadline)
		usleep(1000);
	if (w != 0) /* reaped, here or by the caller */
		return;
	kill(fs->zygote.pid, SIGKILL);
	while (waitpid(fs->zygote.pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* --- the zygote's side ------------------------------------------------ */

static int receive_fd(int sock)
{
	char byte;
	struct iovec iov = {.iov_base = &byte, .iov_len = 1};
	union {
		struct cmsghdr h;
		char buf[CMSG_SPACE(sizeof(int))];
	} u;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof(u.buf)};
	ssize_t n;
	while ((n = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC)) < 0 && errno == EINTR)
		;
	struct cmsghdr *c = n == 1 ? CMSG_FIRSTHDR(&msg) : NULL;
	if (!c || c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
		return -1;
	int fd;
	memcpy(&fd, CMSG_DATA(c), sizeof(fd));
	return fd;
}

static void reply(int32_t v)
{
	ssize_t w = write(RP_SPAWN_FD, &v, sizeof(v));
	(void)w; /* the supervisor gone: nothing to tell */
}

/* In the worker: wait until the middle process has exited and the
 * supervisor has adopted us; anyone else adopting us means it is gone. */
static void await_adoption(pid_t supervisor, pid_t middle)
{
	pid_t parent;
	while ((parent = getppid()) == middle)
		usleep(50);
	if (parent != supervisor)
		_exit(1);
}

int rp_forkserver_serve(void)
{
	/* ps and pgrep tell the zygote from its workers by its name; each
	 * worker takes the executable's name back. */
	char name[16] = "";
	prctl(PR_GET_NAME, name);
	prctl(PR_SET_NAME, RP_FORKSERVER_NAME);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	pid_t supervisor = getppid();
	if (supervisor == 1)
		_exit(1);
	for (;;) {
		int fd = receive_fd(RP_SPAWN_FD);
		if (fd < 0)
			_exit(0); /* EOF: the run is over */
		pid_t middle = fork();
		if (middle == 0) {
			pid_t self = getpid();
			pid_t worker = fork();
			if (worker == 0) {
				await_adoption(supervisor, self);
				prctl(PR_SET_NAME, name);
				if (dup2(fd, RP_SPAWN_FD) < 0)
					_exit(1);
				close(fd);
				return 0;
			}
			reply(worker > 0 ? worker : -errno);
			_exit(0);
		}
		int e = errno;
		close(fd);
		if (middle < 0)
			reply(-e);
		else
			while (waitpid(middle, NULL, 0) < 0 && errno == EINTR)
				;
	}
}
