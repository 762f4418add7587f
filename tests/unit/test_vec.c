/* vec and writeall: the growable array and the write-all loop. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "vec.h"
#include "writeall.h"

static void grows_by_doubling_and_keeps_items(void **state)
{
	(void)state;
	int *v = NULL;
	size_t nr = 0, alloc = 0;
	for (int i = 0; i < 1000; i++) {
		int *p = rp_vec_reserve(v, nr, &alloc, sizeof(*p), 8);
		assert_non_null(p);
		v = p;
		assert_true(alloc > nr);
		v[nr++] = i;
	}
	assert_int_equal(alloc, 1024); /* 8, 16, ... 1024 */
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	int *same = rp_vec_reserve(v, 10, &alloc, sizeof(*v), 8);
	assert_ptr_equal(same, v); /* room already */
	free(v);
}

static void overflow_leaves_the_array(void **state)
{
	(void)state;
	char *v = malloc(4);
	size_t alloc = 4;
	errno = 0;
	assert_null(rp_vec_reserve(v, 4, &alloc, SIZE_MAX / 4, 4));
	assert_int_equal(errno, ENOMEM);
	assert_int_equal(alloc, 4);
	free(v);
}

static void on_alarm(int signo)
{
	(void)signo;
}

/* 1 MiB through a pipe to a slow reader, while a timer interrupts the
 * writer every millisecond (no SA_RESTART): write() returns short counts
 * and EINTR, and every byte still arrives, once. */
static void writes_everything_across_short_writes(void **state)
{
	(void)state;
	struct sigaction sa = {.sa_handler = on_alarm};
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval every_ms = {{0, 1000}, {0, 1000}}, off = {{0, 0}, {0, 0}};
	size_t len = 1 << 20;
	char *buf = malloc(len);
	for (size_t i = 0; i < len; i++)
		buf[i] = (char)(i * 7);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	pid_t pid = fork();
	if (pid == 0) {
		close(fds[1]);
		size_t got = 0;
		char c;
		int ok = 1;
		while (read(fds[0], &c, 1) == 1) {
			ok &= c == (char)(got++ * 7);
			if (got % 4096 == 0)
				usleep(100);
		}
		_exit(ok && got == len ? 0 : 1);
	}
	close(fds[0]);
	setitimer(ITIMER_REAL, &every_ms, NULL);
	int rc = rp_write_all(fds[1], buf, len);
	setitimer(ITIMER_REAL, &off, NULL);
	assert_int_equal(rc, 0);
	close(fds[1]);
	int status;
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	free(buf);
}

static void broken_pipe_is_an_error(void **state)
{
	(void)state;
	signal(SIGPIPE, SIG_IGN);
	int fds[2];
	assert_int_equal(pipe(fds), 0);
	close(fds[0]);
	assert_int_equal(rp_write_all(fds[1], "x", 1), -EPIPE);
	close(fds[1]);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(grows_by_doubling_and_keeps_items),
		cmocka_unit_test(overflow_leaves_the_array),
		cmocka_unit_test(writes_everything_across_short_writes),
		cmocka_unit_test(broken_pipe_is_an_error),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
