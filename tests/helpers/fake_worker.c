/*
 * fake_worker: speaks the worker protocol without GDAL and misbehaves on
 * demand, so that the pool and the CLI are tested against every way a worker
 * can fail (after git's t/helper/test-run-command.c). Test builds only; it
 * is never installed.
 *
 * What a task does depends on a word in its input's file name:
 *   segv, abort    die by that signal        hang      never answer
 *   stubborn       never answer, ignore SIGTERM
 *   exit3          exit(3) without a result  noresult  exit(0) without one
 *   garbage        send bytes that are no frame
 *   fail           answer {"ok":false}       slow      sleep 0.3 s first
 *   crashonce      SIGKILL itself the first time (marker in $RP_FAKE_STATE)
 *   gate           write the output, then wait for $RP_FAKE_STATE/go to
 *                  exist before answering (a test acts in between)
 *   anything else: copy the input to the task's temp path (in its private
 *                  directory) and report success.
 * CONFIG whose args contain "REFUSE" is refused; RP_FAKE_DIE_AT_START=1
 * makes it exit 7 before reading CONFIG.
 *
 * Counted starts (markers in $RP_FAKE_STATE; without it, every start):
 *   RP_FAKE_SILENT_AT_START=N   the first N workers read CONFIG and never
 *                               answer it
 *   RP_FAKE_ZYGOTE_DEATHS=N     the first N zygotes (--forkserver) SIGKILL
 *                               themselves on their first request
 *   RP_FAKE_REFUSE_NTH=N        the N-th worker refuses CONFIG (needs
 *                               $RP_FAKE_STATE)
 */
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <json.h>

#include "forkserver.h"
#include "proto.h"
#include "writeall.h"

#define FD 3

static int read_frame(struct rp_frame_reader *r, struct rp_frame *f)
{
	for (;;) {
		int rc = rp_frame_reader_next(r, f);
		if (rc)
			return rc > 0;
		if (rp_frame_reader_fill(r, FD) <= 0)
			return 0;
	}
}

static const char *str(struct json_object *o, const char *key)
{
	struct json_object *v;
	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v)
						     : "";
}

static int copy_file(const char *from, const char *to)
{
	char buf[65536];
	int in = open(from, O_RDONLY), out = open(to, O_WRONLY | O_CREAT |
						  O_TRUNC, 0644);
	ssize_t n = 0;
	while (in >= 0 && out >= 0 && (n = read(in, buf, sizeof(buf))) > 0 &&
	       rp_write_all(out, buf, (size_t)n) == 0)
		;
	int ok = in >= 0 && out >= 0 && n == 0;
	if (in >= 0)
		close(in);
	if (out >= 0)
		close(out);
	return ok ? 0 : -1;
}

static int crash_first_time(const char *input)
{
	const char *dir = getenv("RP_FAKE_STATE");
	char marker[4096];
	const char *base = strrchr(input, '/');
	snprintf(marker, sizeof(marker), "%s/%s.crashed", dir ? dir : "/tmp",
		 base ? base + 1 : input);
	if (access(marker, F_OK) == 0)
		return 0;
	close(open(marker, O_WRONLY | O_CREAT, 0644));
	return 1;
}

static void wait_for_gate(void)
{
	const char *dir = getenv("RP_FAKE_STATE");
	char go[4096];
	snprintf(go, sizeof(go), "%s/go", dir ? dir : "/tmp");
	while (access(go, F_OK) < 0)
		usleep(10000);
}

/* Whether this is one of the first `env` starts of `what`: each start
 * claims the next marker file; without $RP_FAKE_STATE, every start is. */
static int among_first(const char *env, const char *what)
{
	const char *v = getenv(env), *dir = getenv("RP_FAKE_STATE");
	int n = v ? atoi(v) : 0;
	if (n <= 0 || !dir)
		return n > 0;
	for (int i = 1; i <= n; i++) {
		char marker[4096];
		snprintf(marker, sizeof(marker), "%s/%s-%d", dir, what, i);
		int fd = open(marker, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0) {
			close(fd);
			return 1;
		}
	}
	return 0;
}

/* Whether this start is the N-th of $env (markers what-1, what-2...). */
static int is_nth(const char *env, const char *what)
{
	const char *v = getenv(env), *dir = getenv("RP_FAKE_STATE");
	int n = v ? atoi(v) : 0;
	for (int i = 1; dir && n > 0 && i <= n; i++) {
		char marker[4096];
		snprintf(marker, sizeof(marker), "%s/%s-%d", dir, what, i);
		int fd = open(marker, O_WRONLY | O_CREAT | O_EXCL, 0644);
		if (fd >= 0) {
			close(fd);
			return i == n;
		}
	}
	return 0;
}

static void zygote_dies_on_first_request(void)
{
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	struct pollfd p = {.fd = FD, .events = POLLIN};
	while (poll(&p, 1, -1) < 0)
		;
	raise(SIGKILL);
}

static void misbehave(const char *input, const char *temp)
{
	if (strstr(input, "slow"))
		usleep(300000);
	if (strstr(input, "segv") || strstr(input, "abort")) {
		close(open(temp, O_WRONLY | O_CREAT, 0644)); /* a partial file */
		int sig = strstr(input, "segv") ? SIGSEGV : SIGABRT;
		signal(sig, SIG_DFL); /* a sanitizer's handler would catch it */
		raise(sig);
	}
	if (strstr(input, "stubborn"))
		signal(SIGTERM, SIG_IGN);
	if (strstr(input, "hang") || strstr(input, "stubborn"))
		for (;;)
			pause();
	if (strstr(input, "exit3"))
		_exit(3);
	if (strstr(input, "noresult"))
		_exit(0);
	if (strstr(input, "garbage")) {
		static const char junk[] = "\xff\xff\xff\xff garbage frame";
		ssize_t w = write(FD, junk, sizeof(junk));
		(void)w;
		for (;;)
			pause();
	}
	if (strstr(input, "crashonce") && crash_first_time(input))
		raise(SIGKILL);
}

static void run_task(const struct rp_frame *f)
{
	struct json_object *t = rp_frame_json(f), *id;
	const char *input = str(t, "input"), *temp = str(t, "temp");
	json_object_object_get_ex(t, "id", &id);
	misbehave(input, temp);
	struct json_object *log = json_object_new_object();
	json_object_object_add(log, "level", json_object_new_int(0));
	json_object_object_add(log, "msg", json_object_new_string(input));
	rp_frame_write_json(FD, RP_FRAME_LOG, log);
	json_object_put(log);
	char err[1024] = "fake failure";
	int ok = !strstr(input, "fail") && copy_file(input, temp) == 0;
	if (strstr(input, "gate"))
		wait_for_gate();
	if (!ok)
		unlink(temp); /* the supervisor removes its directory */
	struct json_object *res = json_object_new_object();
	json_object_object_add(res, "id", json_object_get(id));
	json_object_object_add(res, "ok", json_object_new_boolean(ok));
	if (!ok)
		json_object_object_add(res, "error", json_object_new_string(err));
	rp_frame_write_json(FD, RP_FRAME_RESULT, res);
	json_object_put(res);
	json_object_put(t);
}

int main(int argc, char **argv)
{
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		puts("fake");
		return 0;
	}
	if (argc > 1 && !strcmp(argv[1], RP_FORKSERVER_ARG)) {
		if (among_first("RP_FAKE_ZYGOTE_DEATHS", "zygote"))
			zygote_dies_on_first_request();
		rp_forkserver_serve(); /* returns in a new worker */
	}
	const char *die = getenv("RP_FAKE_DIE_AT_START");
	if (die && !strcmp(die, "1"))
		return 7;
	struct rp_frame_reader r;
	struct rp_frame f;
	rp_frame_reader_init(&r);
	if (!read_frame(&r, &f) || f.type != RP_FRAME_CONFIG)
		return 1;
	if (among_first("RP_FAKE_SILENT_AT_START", "silent") &&
	    prctl(PR_SET_PDEATHSIG, SIGKILL) == 0)
		for (;;)
			pause();
	if (strstr(f.payload, "REFUSE") ||
	    is_nth("RP_FAKE_REFUSE_NTH", "start")) {
		rp_frame_write(FD, RP_FRAME_REFUSED, "fake refusal", 12);
		return 1;
	}
	rp_frame_write(FD, RP_FRAME_READY, "{}", 2);
	while (read_frame(&r, &f))
		if (f.type == RP_FRAME_TASK)
			run_task(&f);
	rp_frame_reader_release(&r);
	return 0;
}
