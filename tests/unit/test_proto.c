/* Frame encoding and reassembly. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <json.h>

#include "proto.h"

static void header(char *out, uint32_t type, uint32_t len)
{
	uint32_t t = htonl(type), l = htonl(len);
	memcpy(out, &t, 4);
	memcpy(out + 4, &l, 4);
}

static void frames_survive_a_socket(void **state)
{
	(void)state;
	int sv[2];
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(rp_frame_write(sv[0], RP_FRAME_TASK, "{\"a\":1}", 7), 0);
	assert_int_equal(rp_frame_write(sv[0], RP_FRAME_LOG, "", 0), 0);
	assert_int_equal(rp_frame_write(sv[0], RP_FRAME_RESULT, "xyz", 3), 0);
	close(sv[0]);
	struct rp_frame_reader r;
	rp_frame_reader_init(&r);
	while (rp_frame_reader_fill(&r, sv[1]) > 0)
		;
	struct rp_frame f;
	assert_int_equal(rp_frame_reader_next(&r, &f), 1);
	assert_int_equal(f.type, RP_FRAME_TASK);
	assert_int_equal(f.length, 7);
	assert_string_equal(f.payload, "{\"a\":1}");
	assert_int_equal(rp_frame_reader_next(&r, &f), 1);
	assert_int_equal(f.type, RP_FRAME_LOG);
	assert_string_equal(f.payload, "");
	assert_int_equal(rp_frame_reader_next(&r, &f), 1);
	assert_int_equal(f.type, RP_FRAME_RESULT);
	assert_string_equal(f.payload, "xyz");
	assert_int_equal(rp_frame_reader_next(&r, &f), 0);
	rp_frame_reader_release(&r);
	close(sv[1]);
}

/* Fed one byte at a time, frames come out whole and only when complete,
 * and the NUL put after a payload never damages the next frame. */
static void byte_by_byte(void **state)
{
	(void)state;
	char buf[64];
	header(buf, RP_FRAME_READY, 2);
	memcpy(buf + 8, "ab", 2);
	header(buf + 10, RP_FRAME_LOG, 3);
	memcpy(buf + 18, "cde", 3);
	struct rp_frame_reader r;
	rp_frame_reader_init(&r);
	struct rp_frame f;
	int got = 0;
	for (int i = 0; i < 21; i++) {
		assert_int_equal(rp_frame_reader_feed(&r, buf + i, 1), 0);
		int rc;
		while ((rc = rp_frame_reader_next(&r, &f)) == 1) {
			got++;
			assert_int_equal(i, got == 1 ? 9 : 20);
			assert_string_equal(f.payload, got == 1 ? "ab" : "cde");
		}
		assert_int_equal(rc, 0);
	}
	assert_int_equal(got, 2);
	rp_frame_reader_release(&r);
}

static void two_frames_in_one_feed(void **state)
{
	(void)state;
	char buf[32];
	header(buf, RP_FRAME_LOG, 1);
	buf[8] = 'x';
	header(buf + 9, RP_FRAME_LOG, 1);
	buf[17] = 'y';
	struct rp_frame_reader r;
	rp_frame_reader_init(&r);
	rp_frame_reader_feed(&r, buf, 18);
	struct rp_frame f1, f2;
	assert_int_equal(rp_frame_reader_next(&r, &f1), 1);
	assert_string_equal(f1.payload, "x");
	assert_int_equal(rp_frame_reader_next(&r, &f2), 1);
	assert_string_equal(f2.payload, "y");
	rp_frame_reader_release(&r);
}

static void malformed_streams_are_refused(void **state)
{
	(void)state;
	char buf[8];
	struct rp_frame f;
	struct rp_frame_reader r;
	header(buf, 99, 1);
	rp_frame_reader_init(&r);
	rp_frame_reader_feed(&r, buf, 8);
	assert_int_equal(rp_frame_reader_next(&r, &f), -1);
	rp_frame_reader_release(&r);
	header(buf, RP_FRAME_LOG, RP_FRAME_MAX + 1);
	rp_frame_reader_init(&r);
	rp_frame_reader_feed(&r, buf, 8);
	assert_int_equal(rp_frame_reader_next(&r, &f), -1);
	rp_frame_reader_release(&r);
	assert_int_equal(rp_frame_write(-1, RP_FRAME_LOG, buf,
					RP_FRAME_MAX + 1), -EMSGSIZE);
}

static void json_payloads(void **state)
{
	(void)state;
	struct rp_frame f = {RP_FRAME_RESULT, 8, "{\"ok\":1}"};
	struct json_object *o = rp_frame_json(&f);
	assert_non_null(o);
	json_object_put(o);
	struct rp_frame arr = {RP_FRAME_RESULT, 3, "[1]"};
	assert_null(rp_frame_json(&arr));
	struct rp_frame trailing = {RP_FRAME_RESULT, 9, "{\"ok\":1}x"};
	assert_null(rp_frame_json(&trailing));
	struct rp_frame cut = {RP_FRAME_RESULT, 5, "{\"ok\""};
	assert_null(rp_frame_json(&cut));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(frames_survive_a_socket),
		cmocka_unit_test(byte_by_byte),
		cmocka_unit_test(two_frames_in_one_feed),
		cmocka_unit_test(malformed_streams_are_refused),
		cmocka_unit_test(json_payloads),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
