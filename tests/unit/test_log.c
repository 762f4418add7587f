/* The log: lines of any length stay whole; with --log-format json every
 * line is one valid JSON object, whatever bytes the message holds. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <json.h>

#include "log.h"

/* What rp_log writes for fmt/arg, read back from a temporary file. */
static char *logged(int json, const char *msg, size_t *len)
{
	char path[] = "/tmp/rp-log-XXXXXX";
	int fd = mkstemp(path);
	assert_true(fd >= 0);
	unlink(path);
	struct rp_log log;
	rp_log_init(&log, fd, RP_LOG_INFO);
	log.json = json;
	rp_log(&log, RP_LOG_ERROR, "Worker-1", "Failed %s: done", msg);
	rp_log(&log, RP_LOG_INFO, "MainProcess", "second");
	off_t size = lseek(fd, 0, SEEK_END);
	char *text = calloc(1, (size_t)size + 1);
	assert_int_equal(pread(fd, text, (size_t)size, 0), size);
	close(fd);
	*len = (size_t)size;
	return text;
}

/* A message of 20,000 bytes full of characters JSON must escape, and
 * bytes that are not UTF-8. */
static char *hostile_message(void)
{
	static const char piece[] = "\"\\\x01\n<\xff\xc3\xa9\xe2\x82";
	size_t n = 20000;
	char *m = malloc(n + 1);
	for (size_t i = 0; i < n; i++)
		m[i] = piece[i % (sizeof(piece) - 1)];
	m[n] = '\0';
	return m;
}

static void json_lines_of_any_length_parse(void **state)
{
	(void)state;
	char *msg = hostile_message();
	size_t len;
	char *text = logged(1, msg, &len);
	char *nl = strchr(text, '\n');
	assert_non_null(nl);
	assert_true(nl - text > 20000);   /* not cut */
	*nl = '\0';
	struct json_tokener *tok = json_tokener_new_ex(JSON_TOKENER_DEFAULT_DEPTH);
	/* Not JSON_TOKENER_STRICT: json-c 0.18 (Debian 13) rejects every
	 * non-ASCII byte inside a string in strict mode ("café" included),
	 * 0.16 does not. Valid UTF-8 and one object filling the line is what
	 * is meant. */
	json_tokener_set_flags(tok, JSON_TOKENER_VALIDATE_UTF8);
	struct json_object *o = json_tokener_parse_ex(tok, text, (int)(nl - text));
	assert_int_equal(json_tokener_get_error(tok), json_tokener_success);
	assert_int_equal(json_tokener_get_parse_end(tok), (size_t)(nl - text));
	assert_non_null(o);
	struct json_object *m;
	assert_true(json_object_object_get_ex(o, "message", &m));
	const char *got = json_object_get_string(m);
	assert_int_equal(strncmp(got, "Failed \"\\\x01\n<\xef\xbf\xbd\xc3\xa9", 15), 0);
	assert_non_null(strstr(got, ": done"));
	json_object_put(o);
	json_tokener_reset(tok);
	o = json_tokener_parse_ex(tok, nl + 1, (int)strlen(nl + 1));
	assert_non_null(o);
	assert_string_equal(json_object_get_string(
		json_object_object_get(o, "message")), "second");
	json_object_put(o);
	json_tokener_free(tok);
	free(text);
	free(msg);
}

static void text_lines_are_whole_and_one_a_record(void **state)
{
	(void)state;
	char *msg = hostile_message();
	size_t len;
	char *text = logged(0, msg, &len);
	char *nl = strchr(text, '\n');
	assert_non_null(nl);
	assert_non_null(strstr(text, "[ERROR] Worker-1: Failed \"\\\\x01\\n<"));
	assert_true(nl - text > 20000);
	assert_memory_equal(nl - 6, ": done", 6);
	assert_non_null(strstr(nl + 1, "[INFO] MainProcess: second\n"));
	free(text);
	free(msg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(json_lines_of_any_length_parse),
		cmocka_unit_test(text_lines_are_whole_and_one_a_record),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
