#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <json.h>

#include "timeutil.h"

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
	while (len > 0 && !log->broken) {
		ssize_t n = write(log->fd, line, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			log->broken = 1;
			return;
		}
		line += n;
		len -= (size_t)n;
	}
}

/* One record, one line: a control character in a message (a file name
 * with a newline, say) is written as \n, \t or \xNN. */
static size_t escape(const char *in, char *out, size_t outlen)
{
	size_t n = 0;
	for (; *in && n + 5 < outlen; in++) {
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

static size_t json_line(const char *stamp, enum rp_log_level level,
			const char *who, const char *msg, char *out,
			size_t outlen)
{
	struct json_object *o = json_object_new_object();
	json_object_object_add(o, "time", json_object_new_string(stamp));
	json_object_object_add(o, "level",
			       json_object_new_string(rp_log_level_name(level)));
	json_object_object_add(o, "process", json_object_new_string(who));
	json_object_object_add(o, "message", json_object_new_string(msg));
	int n = snprintf(out, outlen - 1, "%s",
			 json_object_to_json_string_ext(
				 o, JSON_C_TO_STRING_PLAIN |
					    JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
	size_t len = n < 0 ? 0 : (size_t)n >= outlen - 1 ? outlen - 2 : (size_t)n;
	out[len++] = '\n';
	return len;
}

void rp_log(struct rp_log *log, enum rp_log_level level, const char *who,
	    const char *fmt, ...)
{
	if (level < log->level || log->broken)
		return;
	char msg[8192], line[8192 + 128];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	char stamp[48];
	rp_log_stamp(rp_wall(), stamp, sizeof(stamp));
	size_t len;
	if (log->json) {
		len = json_line(stamp, level, who, msg, line, sizeof(line));
	} else {
		int n = snprintf(line, sizeof(line), "%s [%s] %s: ", stamp,
				 rp_log_level_name(level), who);
		len = (size_t)n +
		      escape(msg, line + n, sizeof(line) - (size_t)n - 1);
		line[len++] = '\n';
	}
	if (log->around)
		log->around(log->around_cookie, 0);
	write_line(log, line, len);
	if (log->around)
		log->around(log->around_cookie, 1);
}
