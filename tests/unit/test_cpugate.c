/* The CPU gate: units taken and given back, a task's threads capped at the
 * gate's size, units of a worker that dies holding them given back by the
 * kernel, a waiter let through when the gate is removed. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <signal.h>
#include <sys/sem.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cpugate.h"

static int value(const struct rp_cpugate *g)
{
	return semctl(g->id, 0, GETVAL);
}

static int setup(void **state)
{
	static struct rp_cpugate g;
	if (rp_cpugate_create(&g, 2) < 0)
		return -1;
	*state = &g;
	return 0;
}

static int teardown(void **state)
{
	rp_cpugate_remove(*state);
	return 0;
}

static void units_taken_and_given_back(void **state)
{
	struct rp_cpugate *g = *state;
	assert_int_equal(value(g), 2);
	assert_int_equal(rp_cpugate_acquire(g, 1), 0);
	assert_int_equal(value(g), 1);
	assert_int_equal(rp_cpugate_release(g, 1), 0);
	assert_int_equal(rp_cpugate_acquire(g, 0), 0); /* at least one */
	assert_int_equal(value(g), 1);
	rp_cpugate_release(g, 0);
	assert_int_equal(rp_cpugate_acquire(g, 7), 0); /* at most all */
	assert_int_equal(value(g), 0);
	rp_cpugate_release(g, 7);
	assert_int_equal(value(g), 2);
}

/* A child takes both units and is killed: the kernel gives them back. */
static void dead_holder_gives_units_back(void **state)
{
	struct rp_cpugate *g = *state;
	int ready[2];
	assert_int_equal(pipe(ready), 0);
	pid_t pid = fork();
	if (pid == 0) {
		rp_cpugate_acquire(g, 2);
		if (write(ready[1], "x", 1) != 1)
			_exit(1);
		pause();
		_exit(0);
	}
	char c;
	assert_int_equal(read(ready[0], &c, 1), 1);
	assert_int_equal(value(g), 0);
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	assert_int_equal(value(g), 2);
	close(ready[0]);
	close(ready[1]);
}

/* A worker waiting for a core is let through when the gate goes away
 * (the supervisor is gone), and no gate (id -1) holds nothing. */
static void removed_gate_lets_waiters_through(void **state)
{
	(void)state;
	struct rp_cpugate g, none = {.id = -1, .units = 2};
	assert_int_equal(rp_cpugate_create(&g, 1), 0);
	assert_int_equal(rp_cpugate_acquire(&g, 1), 0);
	pid_t pid = fork();
	if (pid == 0)
		_exit(rp_cpugate_acquire(&g, 1) == 0 ? 0 : 1);
	usleep(50000); /* either way the child ends once the gate is gone */
	rp_cpugate_remove(&g);
	int status;
	waitpid(pid, &status, 0);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(rp_cpugate_acquire(&none, 5), 0);
	assert_int_equal(rp_cpugate_release(&none, 5), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(units_taken_and_given_back),
		cmocka_unit_test(dead_holder_gives_units_back),
		cmocka_unit_test(removed_gate_lets_waiters_through),
	};
	return cmocka_run_group_tests(tests, setup, teardown);
}
