/*
 * sig: turns SIGCHLD, SIGINT and SIGTERM into readable bytes on a pipe (the
 * self-pipe trick), so that the pool's single poll() loop sees them as file
 * descriptor events. The handlers only write the signal number as one byte;
 * everything else happens in the loop.
 *
 *   int fd = rp_sig_open();            once, before starting children
 *   poll fd for POLLIN; then rp_sig_drain(fd, &seen);
 *   rp_sig_close();                    restores the previous dispositions
 *
 * rp_sig_open() returns the read end (non-blocking, close-on-exec) or -errno.
 * rp_sig_drain() ORs RP_SIG_* bits for the signals received since the last
 * call. The write end is the only process-wide state (a signal flag).
 */
#ifndef RP_SIG_H
#define RP_SIG_H

enum {
	RP_SIG_CHLD = 1,
	RP_SIG_INT = 2,
	RP_SIG_TERM = 4,
};

int rp_sig_open(void);
void rp_sig_drain(int fd, unsigned *seen);
void rp_sig_close(void);

#endif
