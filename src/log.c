#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "timeutil.h"

void rp_log_init(struct rp_log *log, int fd, enum rp_log_level level)
{
	log->fd = fd;
	log->level = level;
	log->broken = 0;
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
	int n = snprintf(line, sizeof(line), "%s [%s] %s: ", stamp,
			 rp_log_level_name(level), who);
	size_t len = (size_t)n + escape(msg, line + n, sizeof(line) - (size_t)n - 1);
	line[len++] = '\n';
	write_line(log, line, len);
}
