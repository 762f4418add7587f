/*
 * spawn: starts one worker process from a fresh executable image
 * (posix_spawn, never a bare fork of an initialised process) connected to
 * the caller by a socketpair.
 *
 *   struct rp_child c;
 *   if (rp_spawn(argv, &c, err, sizeof(err)) < 0) ... err says why
 *   ... frames over c.fd ...; close(c.fd); waitpid(c.pid, ...)
 *
 * The child gets its end of the socket as descriptor 3 (RP_SPAWN_FD), stdin
 * and stdout on /dev/null (the supervisor alone writes the log), stderr
 * inherited, default dispositions for every signal the supervisor handles,
 * and an empty signal mask. Every other descriptor of ours is close-on-exec,
 * and descriptors above 3 that the supervisor itself inherited (from a shell
 * or a test harness) are closed in the child: the worker has 0-3 only.
 * The caller owns c.fd (non-blocking, close-on-exec) and must reap c.pid.
 * glibc's posix_spawn reports a failed exec (missing or non-executable
 * worker) as its return value, which rp_spawn turns into -errno and text.
 */
#ifndef RP_SPAWN_H
#define RP_SPAWN_H

#include <stddef.h>
#include <sys/types.h>

#define RP_SPAWN_FD 3

struct rp_child {
	pid_t pid;
	int fd;
};

int rp_spawn(char *const argv[], struct rp_child *child, char *err,
	     size_t errlen);



/* Runs argv to completion and collects what it writes on stdout (at most
 * outlen - 1 bytes, NUL-terminated). Returns its exit status (0-255), or
 * -errno when it could not run or died by a signal. */
int rp_spawn_read(char *const argv[], char *out, size_t outlen);
#endif
