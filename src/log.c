#include "log.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "timeutil.h"
#include "utf8.h"
#include "writeall.h"

void rp_log_init(struct rp_log *log, int fd, enum rp_log_level level)
{
	log->fd = fd;
	log->level = level;
	log->broken = 0;
	log->json = 0;
	log->around = NULL;
	log->around_cookie = NULL;
}

const char *rp_log_level_name(enum rp_log_level level)
{
	static const char *const names[] = {"DEBUG", "INFO", "WARNING", "ERROR"};
	return names[level];
}

void rp_log_stamp(double wall, char *out, unsigned outlen)
{
	time_t secs = (time_t)wall;
	int millis = (int)((wall - (double)secs) * 1000.0);
	struct tm tm;
	localtime_r(&secs, &tm);
	char day[32];
	strftime(day, sizeof(day), "%Y-%m-%d %H:%M:%S", &tm);
	snprintf(out, outlen, "%s,%03d", day, millis);
}

static void write_line(struct rp_log *log, const char *line, size_t len)
{
	if (!log->broken && rp_write_all(log->fd, line, len) < 0)
		log->broken = 1;
}

/* One record, one line: a control character in a message (a file name
 * with a newline, say) is written as \n, \t or \xNN. out holds 4 bytes per
 * byte of in. */
static size_t escape(const char *in, char *out)
{
	size_t n = 0;
	for (; *in; in++) {
		unsigned char c = (unsigned char)*in;
		if (c >= 0x20 && c != 0x7f)
			out[n++] = (char)c;
		else if (c == '\n' || c == '\t')
			n += (size_t)sprintf(out + n, "\\%c", c == '\n' ? 'n' : 't');
		else
			n += (size_t)sprintf(out + n, "\\x%02x", c);
	}
	return n;
}

/* JSON is UTF-8: a byte that is not (a Latin-1 file name, say) becomes
 * U+FFFD. out holds 3 bytes per byte of in. */
static void to_utf8(const char *in, char *out)
{
	const unsigned char *p = (const unsigned char *)in;
	while (*p) {
		size_t n = rp_utf8_len(p);
		if (n) {
			memcpy(out, p, n);
			out += n;
			p += n;
		} else {
			memcpy(out, RP_UTF8_REPLACEMENT, 3);
			out += 3;
			p++;
		}
	}
	*out = '\0';
}

/* The whole record as one line, however long: json-c escapes. */
static char *json_line(const char *stamp, enum rp_log_level level,
		       const char *who, const char *msg, size_t *len)
{
	char *utf8 = malloc(strlen(msg) * 3 + 1), *line = NULL;
	if (!utf8)
		return NULL;
	to_utf8(msg, utf8);
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "time", json_object_new_string(stamp));
	json_object_object_add(o, "level",
			       json_object_new_string(rp_log_level_name(level)));
	json_object_object_add(o, "process", json_object_new_string(who));
	json_object_object_add(o, "message", json_object_new_string(utf8));
	free(utf8);
	const char *text = json_object_to_json_string_length(
		o, JSON_C_TO_STRING_PLAIN | JSON_C_TO_STRING_NOSLASHESCAPE, len);
	if (text && (line = malloc(*len + 1))) {
		memcpy(line, text, *len);
		line[(*len)++] = '\n';
	}
	json_object_put(o);
	return line;
}

static char *text_line(const char *stamp, enum rp_log_level level,
		       const char *who, const char *msg, size_t *len)
{
	size_t cap = strlen(stamp) + strlen(who) + 32 + strlen(msg) * 4;
	char *line = malloc(cap);
	if (!line)
		return NULL;
	int n = snprintf(line, cap, "%s [%s] %s: ", stamp,
			 rp_log_level_name(level), who);
	*len = (size_t)n + escape(msg, line + n);
	line[(*len)++] = '\n';
	return line;
}

void rp_log(struct rp_log *log, enum rp_log_level level, const char *who,
	    const char *fmt, ...)
{
	if (level < log->level || log->broken)
		return;
	char *msg, stamp[48], *line;
	size_t len = 0;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return; /* out of memory: the line is lost, the run goes on */
	rp_log_stamp(rp_wall(), stamp, sizeof(stamp));
	line = log->json ? json_line(stamp, level, who, msg, &len)
			 : text_line(stamp, level, who, msg, &len);
	free(msg);
	if (!line)
		return;
	if (log->around)
		log->around(log->around_cookie, 0);
	write_line(log, line, len);
	if (log->around)
		log->around(log->around_cookie, 1);
	free(line);
}
