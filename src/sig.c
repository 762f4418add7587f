#include "sig.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static int pipe_fds[2] = {-1, -1};
static struct sigaction saved[3];
static const int watched[3] = {SIGCHLD, SIGINT, SIGTERM};

static void on_signal(int signo)
{
	int saved_errno = errno;
	unsigned char byte = (unsigned char)signo;
	ssize_t ignored = write(pipe_fds[1], &byte, 1);
	(void)ignored; /* a full pipe already holds a wake-up */
	errno = saved_errno;
}

int rp_sig_open(void)
{
	if (pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) < 0)
		return -errno;
	struct sigaction sa = {0};
	sa.sa_handler = on_signal;
	sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
	sigemptyset(&sa.sa_mask);
	for (int i = 0; i < 3; i++)
		sigaction(watched[i], &sa, &saved[i]);
	return pipe_fds[0];
}

void rp_sig_drain(int fd, unsigned *seen)
{
	unsigned char buf[64];
	ssize_t n;
	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == SIGCHLD)
				*seen |= RP_SIG_CHLD;
			else if (buf[i] == SIGINT)
				*seen |= RP_SIG_INT;
			else if (buf[i] == SIGTERM)
				*seen |= RP_SIG_TERM;
		}
	}
}

void rp_sig_close(void)
{
	if (pipe_fds[0] < 0)
		return;
	for (int i = 0; i < 3; i++)
		sigaction(watched[i], &saved[i], NULL);
	close(pipe_fds[0]);
	close(pipe_fds[1]);
	pipe_fds[0] = pipe_fds[1] = -1;
}
